// Organisation events: what `arshjul init --org FILE` records. They build
// DomainState::org; a later edited file records only what changed.
#include <algorithm>

#include "event_spec.h"

namespace arshjul::engine {
namespace {

namespace s = schema;
using std::string;

string NoOrgan(auto) { return {}; }

void AddMeeting(Organ& o, Date d) {
  auto it = std::lower_bound(o.meetings.begin(), o.meetings.end(), d);
  if (it == o.meetings.end() || *it != d) o.meetings.insert(it, d);
}

void RemoveMeeting(Organ& o, Date d) { o.meetings.erase(std::remove(o.meetings.begin(), o.meetings.end(), d), o.meetings.end()); }

Status CheckOrganKnown(const RuleContext& ctx, capnp::Text::Reader organ, const char* field) {
  return RequireOrgan(ctx.state, organ, field);
}

Status CheckMunicipalityNamed(const RuleContext&, s::MunicipalityNamed::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "kommunens id"));
  return Require(p.getName(), "name", "kommunens namn");
}

void ApplyMunicipalityNamed(DomainState& st, const EventMeta&, s::MunicipalityNamed::Reader p) {
  st.org.municipality_id = Str(p.getId());
  st.org.municipality_name = Str(p.getName());
}

Status CheckOrganDefined(const RuleContext&, s::OrganDefined::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "organets id"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getName(), "name", "organets namn"));
  if (!ParseOrganKind(Str(p.getKind()))) {
    return Status::InvalidArgument("okänd organtyp '" + Str(p.getKind()) + "'", "payload.kind");
  }
  return Status::Ok();
}

void ApplyOrganDefined(DomainState& st, const EventMeta&, s::OrganDefined::Reader p) {
  Organ& o = st.org.organs[Str(p.getId())];
  o.id = Str(p.getId());
  o.name = Str(p.getName());
  o.kind = ParseOrganKind(Str(p.getKind())).value_or(OrganKind::kCommittee);
  o.reports_to = Str(p.getReportsTo());
  if (p.getChefRole().size()) st.org.chef_roles[o.id] = Str(p.getChefRole());
  else st.org.chef_roles.erase(o.id);
}

Status CheckRoleDefined(const RuleContext&, s::RoleDefined::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "rollens id"));
  return Require(p.getName(), "name", "rollens namn");
}

void ApplyRoleDefined(DomainState& st, const EventMeta&, s::RoleDefined::Reader p) {
  st.org.roles[Str(p.getId())] = Role{Str(p.getId()), Str(p.getName()), Str(p.getSuperior())};
}

Status CheckPersonRegistered(const RuleContext&, s::PersonRegistered::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "personens id"));
  return Require(p.getName(), "name", "personens namn");
}

void ApplyPersonRegistered(DomainState& st, const EventMeta&, s::PersonRegistered::Reader p) {
  st.org.people[Str(p.getId())] = Person{Str(p.getId()), Str(p.getName()), Str(p.getEmail())};
}

Status CheckRoleAssigned(const RuleContext& ctx, s::RoleAssigned::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getPerson(), "person", "person"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getRole(), "role", "roll"));
  ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getFrom(), "from", "startdatum"));
  return OptionalDate(p.getTo(), "to", "slutdatum");
}

void ApplyRoleAssigned(DomainState& st, const EventMeta&, s::RoleAssigned::Reader p) {
  RoleHolding h{Str(p.getPerson()), Str(p.getRole()), Str(p.getOrgan()), ToDate(p.getFrom()), std::nullopt};
  if (p.getTo().size() > 0) h.to = ToDate(p.getTo());
  st.org.holdings.push_back(h);
}

Status CheckRoleEnded(const RuleContext& ctx, s::RoleEnded::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getTo(), "to", "slutdatum"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getFrom(), "from", "startdatum"));
  for (const auto& h : ctx.state.org.holdings) {
    if (h.person_id == Str(p.getPerson()) && h.role == Str(p.getRole()) && h.organ == Str(p.getOrgan()) &&
        h.from == ToDate(p.getFrom())) {
      return Status::Ok();
    }
  }
  return Status::InvalidArgument("personen har inte den rollen i organet från det datumet", "payload.person");
}

void ApplyRoleEnded(DomainState& st, const EventMeta&, s::RoleEnded::Reader p) {
  for (auto& h : st.org.holdings) {
    if (h.person_id == Str(p.getPerson()) && h.role == Str(p.getRole()) && h.organ == Str(p.getOrgan()) &&
        h.from == ToDate(p.getFrom())) {
      h.to = ToDate(p.getTo());
    }
  }
}

Status CheckMeetingScheduled(const RuleContext& ctx, s::MeetingScheduled::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
  return RequireDate(p.getDate(), "date", "sammanträdesdatum");
}

void ApplyMeetingScheduled(DomainState& st, const EventMeta&, s::MeetingScheduled::Reader p) {
  AddMeeting(st.org.organs[Str(p.getOrgan())], ToDate(p.getDate()));
}

Status CheckMeetingMoved(const RuleContext& ctx, s::MeetingMoved::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getFrom(), "from", "tidigare datum"));
  return RequireDate(p.getTo(), "to", "nytt datum");
}

void ApplyMeetingMoved(DomainState& st, const EventMeta&, s::MeetingMoved::Reader p) {
  Organ& o = st.org.organs[Str(p.getOrgan())];
  RemoveMeeting(o, ToDate(p.getFrom()));
  AddMeeting(o, ToDate(p.getTo()));
}

Status CheckMeetingCancelled(const RuleContext& ctx, s::MeetingCancelled::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
  return RequireDate(p.getDate(), "date", "sammanträdesdatum");
}

void ApplyMeetingCancelled(DomainState& st, const EventMeta&, s::MeetingCancelled::Reader p) {
  RemoveMeeting(st.org.organs[Str(p.getOrgan())], ToDate(p.getDate()));
}

void ApplyRuleConfigured(DomainState& st, const EventMeta&, s::RuleConfigured::Reader p) {
  RuleSetting r;
  r.enabled = p.getEnabled();
  for (auto kv : p.getParams()) r.params[Str(kv.getKey())] = Str(kv.getValue());
  st.org.rules[Str(p.getRule())] = r;
}
}  // namespace

// Over 60 lines: a table, one entry per event type (its checks and applies
// are the named functions above), read top to bottom like a schema.
void RegisterOrganizationEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::MunicipalityNamed>({
      .command = "NameMunicipality",
      .event_type = "MunicipalityNamed",
      .category = "organization",
      .organ = NoOrgan<s::MunicipalityNamed::Reader>,
      .check = CheckMunicipalityNamed,
      .apply = ApplyMunicipalityNamed,
  }));

  out.push_back(Erase<s::OrganDefined>({
      .command = "DefineOrgan",
      .event_type = "OrganDefined",
      .category = "organization",
      .organ = NoOrgan<s::OrganDefined::Reader>,
      .check = CheckOrganDefined,
      .apply = ApplyOrganDefined,
  }));

  out.push_back(Erase<s::RoleDefined>({
      .command = "DefineRole",
      .event_type = "RoleDefined",
      .category = "organization",
      .organ = NoOrgan<s::RoleDefined::Reader>,
      .check = CheckRoleDefined,
      .apply = ApplyRoleDefined,
  }));

  out.push_back(Erase<s::PersonRegistered>({
      .command = "RegisterPerson",
      .event_type = "PersonRegistered",
      .category = "organization",
      .organ = NoOrgan<s::PersonRegistered::Reader>,
      .check = CheckPersonRegistered,
      .apply = ApplyPersonRegistered,
  }));

  out.push_back(Erase<s::RoleAssigned>({
      .command = "AssignRole",
      .event_type = "RoleAssigned",
      .category = "organization",
      .organ = NoOrgan<s::RoleAssigned::Reader>,
      .date = [](s::RoleAssigned::Reader p) { return Str(p.getFrom()); },
      .check = CheckRoleAssigned,
      .apply = ApplyRoleAssigned,
  }));

  out.push_back(Erase<s::RoleEnded>({
      .command = "EndRole",
      .event_type = "RoleEnded",
      .category = "organization",
      .organ = NoOrgan<s::RoleEnded::Reader>,
      .date = [](s::RoleEnded::Reader p) { return Str(p.getTo()); },
      .check = CheckRoleEnded,
      .apply = ApplyRoleEnded,
  }));

  out.push_back(Erase<s::MeetingScheduled>({
      .command = "ScheduleMeeting",
      .event_type = "MeetingScheduled",
      .category = "organization",
      .organ = NoOrgan<s::MeetingScheduled::Reader>,
      .date = [](s::MeetingScheduled::Reader p) { return Str(p.getDate()); },
      .check = CheckMeetingScheduled,
      .apply = ApplyMeetingScheduled,
  }));

  out.push_back(Erase<s::MeetingMoved>({
      .command = "MoveMeeting",
      .event_type = "MeetingMoved",
      .category = "organization",
      .organ = NoOrgan<s::MeetingMoved::Reader>,
      .date = [](s::MeetingMoved::Reader p) { return Str(p.getTo()); },
      .check = CheckMeetingMoved,
      .apply = ApplyMeetingMoved,
  }));

  out.push_back(Erase<s::MeetingCancelled>({
      .command = "CancelMeeting",
      .event_type = "MeetingCancelled",
      .category = "organization",
      .organ = NoOrgan<s::MeetingCancelled::Reader>,
      .date = [](s::MeetingCancelled::Reader p) { return Str(p.getDate()); },
      .check = CheckMeetingCancelled,
      .apply = ApplyMeetingCancelled,
  }));

  out.push_back(Erase<s::RuleConfigured>({
      .command = "ConfigureRule",
      .event_type = "RuleConfigured",
      .category = "organization",
      .organ = NoOrgan<s::RuleConfigured::Reader>,
      .check = [](const RuleContext&, s::RuleConfigured::Reader p) { return Require(p.getRule(), "rule", "regelns id"); },
      .apply = ApplyRuleConfigured,
  }));
}

}  // namespace arshjul::engine
