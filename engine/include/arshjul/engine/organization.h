// Organization: a kommun's organs, roles, the people holding them and the
// organs' meeting calendars, as the engine sees them at one point in the log.
//
// Value types only. Built by replaying the organisation events
// (engine/schema/domain.capnp: OrganDefined, RoleAssigned, MeetingScheduled …)
// or, for planning and validation, directly from a configuration file read by
// workflows/. Thread-compatible.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace arshjul::engine {

using Date = std::chrono::year_month_day;

enum class OrganKind {
  kCouncil,         // kommunfullmäktige (KF)
  kExecutiveBoard,  // kommunstyrelsen (KS)
  kCommittee,       // nämnd
  kSubcommittee,    // utskott
  kCompany,         // bolag
  kAdministration,  // förvaltning
  // Units below the förvaltning (Tomelilla: "varje verksamhet, verksamhetsområde,
  // avdelning eller enhet ska upprätta en verksamhetsplan"), each with a chef role
  // (Organization::chef_roles) and a parent (reports_to): the administration or a unit.
  kOperationalArea,  // verksamhetsområde
  kOperation,        // verksamhet
  kDepartment,       // avdelning
  kUnit,             // enhet
};
// Whether `kind` is one of the units below the förvaltning.
bool IsUnitKind(OrganKind kind);
// The kind a template selector "every_<kind>" names ("every_committee",
// "every_unit", …), or none.
std::optional<OrganKind> EveryKindSelector(std::string_view selector);
const char* OrganKindName(OrganKind kind);  // "council", "executive_board", …
std::optional<OrganKind> ParseOrganKind(std::string_view name);

struct Organ {
  std::string id;                // short, stream-safe: "kf", "ks", "bun"
  std::string name;              // Swedish display name: "Barn- och utbildningsnämnden"
  OrganKind kind = OrganKind::kCommittee;
  std::string reports_to;        // organ id; empty for KF
  std::vector<Date> meetings;    // sorted meeting dates (all years known)
  friend bool operator==(const Organ&, const Organ&) = default;
};

struct Role {
  std::string id;      // "kommunchef", "forvaltningschef", "namndsekreterare", "controller", "revisor"
  std::string name;    // Swedish display name
  std::string superior;  // role id escalations go to; empty: none
  friend bool operator==(const Role&, const Role&) = default;
};

// A person holding a role for an organ over a period [from, to] (to open-ended when absent).
struct RoleHolding {
  std::string person_id;
  std::string role;
  std::string organ;
  Date from;
  std::optional<Date> to;
  friend bool operator==(const RoleHolding&, const RoleHolding&) = default;
  bool ActiveOn(Date d) const { return from <= d && (!to || d <= *to); }
};

struct Person {
  std::string id;
  std::string name;
  std::string email;
  friend bool operator==(const Person&, const Person&) = default;
};

// A rule's switch and parameters, per kommun.
struct RuleSetting {
  bool enabled = true;
  std::map<std::string, std::string> params;
  friend bool operator==(const RuleSetting&, const RuleSetting&) = default;
};

struct Organization {
  std::string municipality_id;    // "tranemo-exempel"
  std::string municipality_name;  // "Exempelkommun"
  std::map<std::string, Organ> organs;
  std::map<std::string, Role> roles;
  std::map<std::string, Person> people;
  std::vector<RoleHolding> holdings;
  std::map<std::string, RuleSetting> rules;  // by rule id, e.g. "forecast.remedial_actions"
  std::map<std::string, std::string> chef_roles;  // organ id → the role that leads it (units: enhetschef …)

  const Organ* FindOrgan(std::string_view id) const;
  // The council (KF) and executive board (KS): their ids, or empty.
  std::string CouncilId() const;
  std::string ExecutiveBoardId() const;
  // Organs of a kind, in id order.
  std::vector<const Organ*> OrgansOfKind(OrganKind kind) const;
  // Holdings of `role` for `organ` active on `date`; organ "" matches any organ.
  std::vector<RoleHolding> Holders(std::string_view role, std::string_view organ, Date date) const;
  // Whether `person` holds any role for `organ` on `date`.
  bool HoldsRoleIn(std::string_view person, std::string_view organ, Date date) const;
  // Meetings of `organ` in `year`, sorted.
  std::vector<Date> MeetingsIn(std::string_view organ, int year) const;
  // Whether a rule is on (absent rules are on by default).
  bool RuleEnabled(std::string_view rule) const;
  // Whether an opt-in rule is on: listed in the file and enabled (a kommun's
  // own practice, e.g. Grästorp's dialogue per goal and year).
  bool RuleOptedIn(std::string_view rule) const;
  // A rule's parameter, or `fallback` when the rule or the key is absent.
  std::string RuleParam(std::string_view rule, std::string_view key, std::string fallback = {}) const;
  // The role that leads `organ` (its chef), or "".
  std::string ChefRoleOf(std::string_view organ) const;
  friend bool operator==(const Organization&, const Organization&) = default;
};

}  // namespace arshjul::engine
