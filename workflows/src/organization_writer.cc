// Writing an Organization back as an organisation file: organs by kind (the
// council first), then roles, people with their holdings, and every rule.

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "arshjul/engine/calendar.h"
#include "arshjul/workflows/organization_loader.h"

namespace arshjul::workflows {
namespace {

void WriteMeetings(YAML::Emitter& out, const std::vector<engine::Date>& meetings) {
  out << YAML::Key << "meetings" << YAML::Value << YAML::BeginMap;
  for (auto it = meetings.begin(); it != meetings.end();) {
    const std::chrono::year year = it->year();
    out << YAML::Key << static_cast<int>(year) << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (; it != meetings.end() && it->year() == year; ++it) out << engine::ToString(*it);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void WriteOrgans(YAML::Emitter& out, const engine::Organization& org) {
  std::vector<const engine::Organ*> organs;
  for (const auto& [id, organ] : org.organs) organs.push_back(&organ);
  std::stable_sort(organs.begin(), organs.end(),
                   [](const engine::Organ* a, const engine::Organ* b) { return a->kind < b->kind; });
  out << YAML::Key << "organs" << YAML::Value << YAML::BeginSeq;
  for (const engine::Organ* o : organs) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << o->id << YAML::Key << "name" << YAML::Value << o->name
        << YAML::Key << "kind" << YAML::Value << engine::OrganKindName(o->kind);
    if (!o->reports_to.empty()) out << YAML::Key << "reports_to" << YAML::Value << o->reports_to;
    if (auto chef = org.ChefRoleOf(o->id); !chef.empty()) out << YAML::Key << "chef" << YAML::Value << chef;
    if (!o->meetings.empty()) WriteMeetings(out, o->meetings);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void WriteRoles(YAML::Emitter& out, const engine::Organization& org) {
  out << YAML::Key << "roles" << YAML::Value << YAML::BeginSeq;
  for (const auto& [id, role] : org.roles) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << id << YAML::Key << "name" << YAML::Value << role.name;
    if (!role.superior.empty()) out << YAML::Key << "superior" << YAML::Value << role.superior;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void WriteHolding(YAML::Emitter& out, const engine::RoleHolding& h) {
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "role" << YAML::Value << h.role << YAML::Key << "organ"
      << YAML::Value << h.organ << YAML::Key << "from" << YAML::Value << engine::ToString(h.from);
  if (h.to) out << YAML::Key << "to" << YAML::Value << engine::ToString(*h.to);
  out << YAML::EndMap;
}

void WritePeople(YAML::Emitter& out, const engine::Organization& org) {
  out << YAML::Key << "people" << YAML::Value << YAML::BeginSeq;
  for (const auto& [id, person] : org.people) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << id << YAML::Key << "name" << YAML::Value << person.name
        << YAML::Key << "email" << YAML::Value << person.email;
    const bool has_roles = std::any_of(org.holdings.begin(), org.holdings.end(),
                                       [&, &person_id = id](const engine::RoleHolding& h) { return h.person_id == person_id; });
    if (has_roles) {
      out << YAML::Key << "roles" << YAML::Value << YAML::BeginSeq;
      for (const engine::RoleHolding& h : org.holdings)
        if (h.person_id == id) WriteHolding(out, h);
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void WriteRules(YAML::Emitter& out, const engine::Organization& org) {
  out << YAML::Key << "rules" << YAML::Value << YAML::BeginMap;
  for (const auto& [id, rule] : org.rules) {
    out << YAML::Key << id << YAML::Value << YAML::BeginMap << YAML::Key << "enabled" << YAML::Value
        << (rule.enabled ? "true" : "false");
    if (!rule.params.empty()) {
      out << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
      for (const auto& [name, value] : rule.params) out << YAML::Key << name << YAML::Value << value;
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace

std::string FormatOrganization(const engine::Organization& org) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "municipality" << YAML::Value << YAML::BeginMap << YAML::Key << "id" << YAML::Value
      << org.municipality_id << YAML::Key << "name" << YAML::Value << org.municipality_name << YAML::EndMap;
  WriteOrgans(out, org);
  WriteRoles(out, org);
  WritePeople(out, org);
  WriteRules(out, org);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace arshjul::workflows
