#include "arshjul/engine/decide.h"

#include "arshjul/engine/command_validation.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::engine {
namespace {

// Rule actor.holds_role: only a person holding a role in an organ, on the
// day of recording, may record for that organ.
Status CheckActor(const DomainState& state, const Command& c, const std::string& organ, Date today,
                  bool organization_event) {
  if (c.actor.person_id.empty()) return Status::InvalidArgument("vem som registrerar saknas", "actor.person");
  if (c.actor.role.empty()) return Status::InvalidArgument("aktörens roll saknas", "actor.role");
  if (c.actor.organ.empty()) return Status::InvalidArgument("aktörens organ saknas", "actor.organ");
  if (organization_event || !state.org.RuleEnabled("actor.holds_role")) return Status::Ok();
  if (!state.org.HoldsRoleIn(c.actor.person_id, organ, today)) {
    return Status::Rejected("actor.holds_role", "actor.person",
                            "Personen '" + c.actor.person_id + "' har ingen roll i " + organ + " den " +
                                ToString(today) + " och får inte registrera för det organet");
  }
  bool has_named_role = false;
  for (const auto& h : state.org.Holders(c.actor.role, organ, today)) has_named_role |= h.person_id == c.actor.person_id;
  if (!has_named_role) {
    return Status::Rejected("actor.holds_role", "actor.role",
                            "Personen '" + c.actor.person_id + "' har inte rollen '" + c.actor.role + "' i " + organ +
                                " den " + ToString(today));
  }
  // Rule actor.organ_of_role: the organ the actor names is the organ of the role.
  if (c.actor.organ != organ) {
    return Status::Rejected("actor.organ_of_role", "actor.organ",
                            "Aktörens organ '" + c.actor.organ + "' ska vara organet som registrerar, " + organ);
  }
  return Status::Ok();
}

// The business time of the command: given, or the payload's own date (a
// meeting date, a period end) at midnight in Stockholm, or none (recording time).
std::optional<Timestamp> EffectiveAt(const Command& c, const std::string& own_date) {
  if (c.effective_at || own_date.empty()) return c.effective_at;
  if (auto d = ParseDate(own_date)) return LocalToUtc(*d, 0, 0);
  return std::nullopt;
}

// Every event outside the organisation concerns an organ the organisation defines.
Status CheckOrgan(const DomainState& state, const std::string& organ) {
  if (organ.empty()) return Status::InvalidArgument("organ saknas", "payload.organ");
  if (!state.org.FindOrgan(organ)) {
    return Status::InvalidArgument("okänt organ '" + organ + "' (inte definierat i organisationen)", "payload.organ");
  }
  return Status::Ok();
}

}  // namespace

Result<const EventSpec*> CheckCommand(const Command& c) {
  const EventSpec* spec = FindByCommand(c.name);
  if (!spec) return Status::InvalidArgument("okänt kommando '" + c.name + "' (se docs/commands.md)", "command");
  if (c.command_id.empty()) return Status::InvalidArgument("kommando-id saknas", "command_id");
  ARSHJUL_RETURN_IF_ERROR(ValidateCommandFields(c));
  return spec;
}

Result<Decision> Decide(const DomainState& state, const Command& c, Date today, const AnnualCycleTemplate* wheel) {
  ARSHJUL_ASSIGN_OR_RETURN(const EventSpec* spec, CheckCommand(c));
  ARSHJUL_ASSIGN_OR_RETURN(std::string payload, spec->encode(c.payload_json));
  // Organisation and security events concern the kommun, not one organ.
  const bool organization_event = spec->category == "organization" || spec->category == "security";
  std::optional<Timestamp> effective_at;
  std::string organ;
  // The payload is decoded once: the frame sees its organ and own date and
  // sets up the context in which the event's rules then run.
  auto frame = [&](const PayloadFacts& facts) -> Result<RuleContext> {
    organ = facts.organ;
    effective_at = EffectiveAt(c, facts.date);
    if (!organization_event) ARSHJUL_RETURN_IF_ERROR(CheckOrgan(state, organ));
    return RuleContext{state, c, effective_at ? LocalDate(*effective_at) : today, wheel};
  };
  ARSHJUL_RETURN_IF_ERROR(spec->decide(payload, frame));
  // Access is checked on the day of recording: today's staff may record about the past.
  const std::string recording_organ = spec->council_decides ? state.org.CouncilId() : organ;
  ARSHJUL_RETURN_IF_ERROR(CheckActor(state, c, recording_organ, today, organization_event));

  Decision d;
  d.spec = spec;
  d.stream = StreamFor(*spec, organ);
  // Any unless the caller names the version it saw (optimistic concurrency).
  d.expected = c.expected_version ? storage::ExpectedVersion::Exact(*c.expected_version) : storage::ExpectedVersion::Any();
  d.events.push_back(storage::ProposedEvent{});
  d.events.back().type = spec->event_type;
  d.events.back().payload = std::move(payload);
  d.events.back().effective_at = effective_at;
  d.events.back().correlation_id = c.correlation_id;
  return d;
}

}  // namespace arshjul::engine
