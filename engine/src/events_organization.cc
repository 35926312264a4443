// Organisation events: what `arshjul init --org FILE` records. They build
// DomainState::org; a later edited file records only what changed.
#include <algorithm>

#include "catalog_internal.h"

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

}  // namespace

void RegisterOrganizationEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::MunicipalityNamed>({
      "NameMunicipality", "MunicipalityNamed", "organization", NoOrgan<s::MunicipalityNamed::Reader>, nullptr,
      [](const RuleContext&, s::MunicipalityNamed::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "kommunens id"));
        return Require(p.getName(), "name", "kommunens namn");
      },
      [](DomainState& st, const EventMeta&, s::MunicipalityNamed::Reader p) {
        st.org.municipality_id = Str(p.getId());
        st.org.municipality_name = Str(p.getName());
      }}));

  out.push_back(Erase<s::OrganDefined>({
      "DefineOrgan", "OrganDefined", "organization", NoOrgan<s::OrganDefined::Reader>, nullptr,
      [](const RuleContext&, s::OrganDefined::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "organets id"));
        ARSHJUL_RETURN_IF_ERROR(Require(p.getName(), "name", "organets namn"));
        if (!ParseOrganKind(Str(p.getKind()))) {
          return Status::InvalidArgument("okänd organtyp '" + Str(p.getKind()) + "'", "payload.kind");
        }
        return Status::Ok();
      },
      [](DomainState& st, const EventMeta&, s::OrganDefined::Reader p) {
        Organ& o = st.org.organs[Str(p.getId())];
        o.id = Str(p.getId());
        o.name = Str(p.getName());
        o.kind = ParseOrganKind(Str(p.getKind())).value_or(OrganKind::kCommittee);
        o.reports_to = Str(p.getReportsTo());
      }}));

  out.push_back(Erase<s::RoleDefined>({
      "DefineRole", "RoleDefined", "organization", NoOrgan<s::RoleDefined::Reader>, nullptr,
      [](const RuleContext&, s::RoleDefined::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "rollens id"));
        return Require(p.getName(), "name", "rollens namn");
      },
      [](DomainState& st, const EventMeta&, s::RoleDefined::Reader p) {
        st.org.roles[Str(p.getId())] = Role{Str(p.getId()), Str(p.getName()), Str(p.getSuperior())};
      }}));

  out.push_back(Erase<s::PersonRegistered>({
      "RegisterPerson", "PersonRegistered", "organization", NoOrgan<s::PersonRegistered::Reader>, nullptr,
      [](const RuleContext&, s::PersonRegistered::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "personens id"));
        return Require(p.getName(), "name", "personens namn");
      },
      [](DomainState& st, const EventMeta&, s::PersonRegistered::Reader p) {
        st.org.people[Str(p.getId())] = Person{Str(p.getId()), Str(p.getName()), Str(p.getEmail())};
      }}));

  out.push_back(Erase<s::RoleAssigned>({
      "AssignRole", "RoleAssigned", "organization", NoOrgan<s::RoleAssigned::Reader>,
      [](s::RoleAssigned::Reader p) { return Str(p.getFrom()); },
      [](const RuleContext& ctx, s::RoleAssigned::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(Require(p.getPerson(), "person", "person"));
        ARSHJUL_RETURN_IF_ERROR(Require(p.getRole(), "role", "roll"));
        ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
        ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getFrom(), "from", "startdatum"));
        return OptionalDate(p.getTo(), "to", "slutdatum");
      },
      [](DomainState& st, const EventMeta&, s::RoleAssigned::Reader p) {
        RoleHolding h{Str(p.getPerson()), Str(p.getRole()), Str(p.getOrgan()), ToDate(p.getFrom()), std::nullopt};
        if (p.getTo().size() > 0) h.to = ToDate(p.getTo());
        st.org.holdings.push_back(h);
      }}));

  out.push_back(Erase<s::RoleEnded>({
      "EndRole", "RoleEnded", "organization", NoOrgan<s::RoleEnded::Reader>,
      [](s::RoleEnded::Reader p) { return Str(p.getTo()); },
      [](const RuleContext& ctx, s::RoleEnded::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getTo(), "to", "slutdatum"));
        ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getFrom(), "from", "startdatum"));
        for (const auto& h : ctx.state.org.holdings) {
          if (h.person_id == Str(p.getPerson()) && h.role == Str(p.getRole()) && h.organ == Str(p.getOrgan()) &&
              h.from == ToDate(p.getFrom())) {
            return Status::Ok();
          }
        }
        return Status::InvalidArgument("personen har inte den rollen i organet från det datumet", "payload.person");
      },
      [](DomainState& st, const EventMeta&, s::RoleEnded::Reader p) {
        for (auto& h : st.org.holdings) {
          if (h.person_id == Str(p.getPerson()) && h.role == Str(p.getRole()) && h.organ == Str(p.getOrgan()) &&
              h.from == ToDate(p.getFrom())) {
            h.to = ToDate(p.getTo());
          }
        }
      }}));

  out.push_back(Erase<s::MeetingScheduled>({
      "ScheduleMeeting", "MeetingScheduled", "organization", NoOrgan<s::MeetingScheduled::Reader>,
      [](s::MeetingScheduled::Reader p) { return Str(p.getDate()); },
      [](const RuleContext& ctx, s::MeetingScheduled::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
        return RequireDate(p.getDate(), "date", "sammanträdesdatum");
      },
      [](DomainState& st, const EventMeta&, s::MeetingScheduled::Reader p) {
        AddMeeting(st.org.organs[Str(p.getOrgan())], ToDate(p.getDate()));
      }}));

  out.push_back(Erase<s::MeetingMoved>({
      "MoveMeeting", "MeetingMoved", "organization", NoOrgan<s::MeetingMoved::Reader>,
      [](s::MeetingMoved::Reader p) { return Str(p.getTo()); },
      [](const RuleContext& ctx, s::MeetingMoved::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
        ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getFrom(), "from", "tidigare datum"));
        return RequireDate(p.getTo(), "to", "nytt datum");
      },
      [](DomainState& st, const EventMeta&, s::MeetingMoved::Reader p) {
        Organ& o = st.org.organs[Str(p.getOrgan())];
        RemoveMeeting(o, ToDate(p.getFrom()));
        AddMeeting(o, ToDate(p.getTo()));
      }}));

  out.push_back(Erase<s::MeetingCancelled>({
      "CancelMeeting", "MeetingCancelled", "organization", NoOrgan<s::MeetingCancelled::Reader>,
      [](s::MeetingCancelled::Reader p) { return Str(p.getDate()); },
      [](const RuleContext& ctx, s::MeetingCancelled::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(CheckOrganKnown(ctx, p.getOrgan(), "organ"));
        return RequireDate(p.getDate(), "date", "sammanträdesdatum");
      },
      [](DomainState& st, const EventMeta&, s::MeetingCancelled::Reader p) {
        RemoveMeeting(st.org.organs[Str(p.getOrgan())], ToDate(p.getDate()));
      }}));

  out.push_back(Erase<s::RuleConfigured>({
      "ConfigureRule", "RuleConfigured", "organization", NoOrgan<s::RuleConfigured::Reader>, nullptr,
      [](const RuleContext&, s::RuleConfigured::Reader p) { return Require(p.getRule(), "rule", "regelns id"); },
      [](DomainState& st, const EventMeta&, s::RuleConfigured::Reader p) {
        RuleSetting r;
        r.enabled = p.getEnabled();
        for (auto kv : p.getParams()) r.params[Str(kv.getKey())] = Str(kv.getValue());
        st.org.rules[Str(p.getRule())] = r;
      }}));
}

}  // namespace arshjul::engine
