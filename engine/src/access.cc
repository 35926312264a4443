#include "arshjul/engine/access.h"

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {
namespace {

bool HoldsRole(const Organization& org, std::string_view person, std::string_view role, std::string_view organ,
               Date today) {
  for (const auto& h : org.Holders(role, organ, today))
    if (h.person_id == person) return true;
  return false;
}

}  // namespace

std::string FeedScope(std::string_view organ_or_role) { return "feed:" + std::string(organ_or_role); }

bool AccessProtected(const DomainState& state) { return !state.tokens.empty(); }

const TokenRow* FindActiveToken(const DomainState& state, std::string_view hash, std::string_view scope, Date today) {
  auto id = state.token_ids_by_hash.find(std::string(hash));
  if (id == state.token_ids_by_hash.end()) return nullptr;
  auto it = state.tokens.find(id->second);
  if (it == state.tokens.end()) return nullptr;
  const TokenRow& t = it->second;
  if (t.revoked || t.scope != scope || today > t.expires) return nullptr;
  return &t;
}

bool IsAdministrator(const Organization& org, std::string_view person, Date today) {
  return HoldsRole(org, person, kAdministratorRole, "", today);
}

bool IsAuditor(const Organization& org, std::string_view person, Date today) {
  return HoldsRole(org, person, kAuditorRole, "", today);
}

bool HoldsAnyRole(const Organization& org, std::string_view person, Date today) {
  for (const auto& h : org.holdings)
    if (h.person_id == person && h.ActiveOn(today)) return true;
  return false;
}

std::optional<storage::Actor> AdministratorActor(const Organization& org, std::string_view person, Date today) {
  for (const auto& h : org.Holders(kAdministratorRole, "", today))
    if (h.person_id == person) return storage::Actor{h.person_id, h.role, h.organ};
  return std::nullopt;
}

ReadScope ReadScopeOf(const Organization& org, std::string_view person, Date today) {
  if (HoldsAnyRole(org, person, today)) return ReadScope::kEverything;
  if (org.people.count(std::string(person))) return ReadScope::kOwnReminders;
  return ReadScope::kNothing;
}

Status AuthorizeCommand(const DomainState& state, std::string_view caller, const Command& c, std::string_view category,
                        Date today) {
  if (category == "notifications" || category == "security") {
    return Status::Rejected("access.system_only", "command",
                            "Kommandot '" + c.name + "' registreras bara av tjänsten själv");
  }
  if (c.actor.person_id != caller) {
    return Status::Rejected("access.actor_is_caller", "actor.person",
                            "Aktören ska vara den inloggade personen '" + std::string(caller) + "', inte '" +
                                c.actor.person_id + "'");
  }
  if (c.actor.role == kAuditorRole) {
    return Status::Rejected("access.auditor_read_only", "actor.role",
                            "Revisorer läser allt men registrerar inget");
  }
  if (category == "organization") {
    if (c.actor.role != kAdministratorRole || !HoldsRole(state.org, caller, kAdministratorRole, c.actor.organ, today)) {
      return Status::Rejected("access.administrator", "actor.role",
                              "Organisation, behörigheter och regelinställningar ändras bara av en systemförvaltare "
                              "(rollen '" + std::string(kAdministratorRole) + "' den " + ToString(today) + ")");
    }
  }
  return Status::Ok();
}

bool IsAccessRule(std::string_view rule) {
  return rule.starts_with("access.") || rule == "actor.holds_role" || rule == "actor.organ_of_role";
}

}  // namespace arshjul::engine
