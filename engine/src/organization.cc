#include "arshjul/engine/organization.h"

#include <algorithm>

namespace arshjul::engine {

namespace {
struct KindName {
  OrganKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {OrganKind::kCouncil, "council"},         {OrganKind::kExecutiveBoard, "executive_board"},
    {OrganKind::kCommittee, "committee"},     {OrganKind::kSubcommittee, "subcommittee"},
    {OrganKind::kCompany, "company"},         {OrganKind::kAdministration, "administration"},
    {OrganKind::kOperationalArea, "operational_area"}, {OrganKind::kOperation, "operation"},
    {OrganKind::kDepartment, "department"},   {OrganKind::kUnit, "unit"},
};
}  // namespace

const char* OrganKindName(OrganKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "committee";
}

std::optional<OrganKind> ParseOrganKind(std::string_view name) {
  for (const auto& k : kKindNames)
    if (name == k.name) return k.kind;
  return std::nullopt;
}

bool IsUnitKind(OrganKind kind) {
  return kind == OrganKind::kOperationalArea || kind == OrganKind::kOperation || kind == OrganKind::kDepartment ||
         kind == OrganKind::kUnit;
}

std::optional<OrganKind> EveryKindSelector(std::string_view selector) {
  constexpr std::string_view kEvery = "every_";
  if (selector.substr(0, kEvery.size()) != kEvery) return std::nullopt;
  auto kind = ParseOrganKind(selector.substr(kEvery.size()));
  if (kind == OrganKind::kCouncil || kind == OrganKind::kExecutiveBoard) return std::nullopt;
  return kind;
}

bool Organization::RuleOptedIn(std::string_view rule) const {
  auto it = rules.find(std::string(rule));
  return it != rules.end() && it->second.enabled;
}

std::string Organization::RuleParam(std::string_view rule, std::string_view key, std::string fallback) const {
  auto it = rules.find(std::string(rule));
  if (it == rules.end()) return fallback;
  auto p = it->second.params.find(std::string(key));
  return p == it->second.params.end() ? fallback : p->second;
}

std::string Organization::ChefRoleOf(std::string_view organ) const {
  auto it = chef_roles.find(std::string(organ));
  return it == chef_roles.end() ? std::string() : it->second;
}

const Organ* Organization::FindOrgan(std::string_view id) const {
  auto it = organs.find(std::string(id));
  return it == organs.end() ? nullptr : &it->second;
}

std::string Organization::CouncilId() const {
  for (const auto& [id, o] : organs)
    if (o.kind == OrganKind::kCouncil) return id;
  return {};
}

std::string Organization::ExecutiveBoardId() const {
  for (const auto& [id, o] : organs)
    if (o.kind == OrganKind::kExecutiveBoard) return id;
  return {};
}

std::vector<const Organ*> Organization::OrgansOfKind(OrganKind kind) const {
  std::vector<const Organ*> out;
  for (const auto& [id, o] : organs)
    if (o.kind == kind) out.push_back(&o);
  return out;
}

std::vector<RoleHolding> Organization::Holders(std::string_view role, std::string_view organ, Date date) const {
  std::vector<RoleHolding> out;
  for (const auto& h : holdings) {
    if (h.role == role && (organ.empty() || h.organ == organ) && h.ActiveOn(date)) out.push_back(h);
  }
  return out;
}

bool Organization::HoldsRoleIn(std::string_view person, std::string_view organ, Date date) const {
  return std::any_of(holdings.begin(), holdings.end(), [&](const RoleHolding& h) {
    return h.person_id == person && h.organ == organ && h.ActiveOn(date);
  });
}

std::vector<Date> Organization::MeetingsIn(std::string_view organ, int year) const {
  std::vector<Date> out;
  if (const Organ* o = FindOrgan(organ)) {
    for (const Date& d : o->meetings)
      if (static_cast<int>(d.year()) == year) out.push_back(d);
  }
  return out;
}

bool Organization::RuleEnabled(std::string_view rule) const {
  auto it = rules.find(std::string(rule));
  return it == rules.end() || it->second.enabled;
}

}  // namespace arshjul::engine
