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
