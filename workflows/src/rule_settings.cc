#include "rule_settings.h"

#include <algorithm>
#include <regex>

namespace arshjul::workflows {
namespace {

using Type = RuleParamSpec::Type;

const RuleSpec* FindRule(std::string_view id) {
  for (const RuleSpec& r : KnownRules())
    if (r.id == id) return &r;
  return nullptr;
}

const RuleParamSpec* FindParam(const RuleSpec& rule, std::string_view name) {
  for (const RuleParamSpec& p : rule.params)
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string> Names(const std::vector<RuleSpec>& rules) {
  std::vector<std::string> out;
  for (const RuleSpec& r : rules) out.emplace_back(r.id);
  return out;
}

std::vector<std::string> Names(const std::vector<RuleParamSpec>& params) {
  std::vector<std::string> out;
  for (const RuleParamSpec& p : params) out.emplace_back(p.name);
  return out;
}

// The parameter's value in canonical form.
Result<std::string> ReadParam(const Cursor& c, const RuleParamSpec& spec,
                              const std::map<std::string, engine::Role>& roles) {
  if (spec.type == Type::kInt) {
    ARSHJUL_ASSIGN_OR_RETURN(auto value, ReadInt(c, spec.min, spec.max));
    return std::to_string(value);
  }
  if (spec.type == Type::kText) {
    if (c.node().IsScalar() && c.node().Scalar().empty()) return std::string();  // "": none
    return ReadText(c);
  }
  if (spec.type == Type::kPattern) {
    if (c.node().IsScalar() && c.node().Scalar().empty()) return std::string();  // "": any
    ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
    try {
      std::regex check(text, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return c.Error("ogiltigt mönster (reguljärt uttryck): " + text);
    }
    return text;
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto role, ReadId(c));
  if (!roles.count(role)) return c.Error("okänd roll '" + role + "'");
  return role;
}

Status ReadRule(const RuleSpec& spec, const Cursor& c, const std::map<std::string, engine::Role>& roles,
                engine::RuleSetting& setting) {
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"enabled", "params"}));
  if (Cursor enabled = c.Key("enabled"); enabled.node().IsDefined()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto value, ReadBool(enabled));
    setting.enabled = value;
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto params, MapEntries(c.Key("params")));
  for (const auto& [name, value] : params) {
    const RuleParamSpec* param = FindParam(spec, name);
    if (!param) {
      return value.Error(spec.params.empty()
                             ? "regeln " + std::string(spec.id) + " har inga parametrar"
                             : "okänd parameter '" + name + "' (tillåtna: " + JoinNames(Names(spec.params)) + ")");
    }
    ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadParam(value, *param, roles));
    setting.params[name] = text;
  }
  return Status::Ok();
}

// An enabled rule's role parameters must name defined roles, defaults included.
Status CheckDefaultRoles(const RuleSpec& spec, const engine::RuleSetting& setting, const Cursor& where,
                         const std::map<std::string, engine::Role>& roles) {
  if (!setting.enabled) return Status::Ok();
  for (const RuleParamSpec& p : spec.params) {
    const std::string& role = setting.params.at(std::string(p.name));
    if (p.type == Type::kRoleId && !roles.count(role))
      return where.Error("regeln " + std::string(spec.id) + " använder rollen '" + role +
                         "', som inte är definierad under roles: definiera den, ange params." + std::string(p.name) +
                         " eller stäng av regeln");
  }
  return Status::Ok();
}

}  // namespace

const std::vector<RuleSpec>& KnownRules() {
  static const std::vector<RuleSpec> kRules = {
      {"forecast.remedial_actions", {}},
      {"goal.links", {}},
      {"activity.owner_and_date", {}},
      {"decision.child_rights", {}},
      {"governing_document.decider", {}},
      {"assignment.via_municipal_manager", {{"role", Type::kRoleId, "kommunchef"}}},
      {"actor.holds_role", {}},
      // Kommunallagen 11 kap. 12 §: a deficit is recovered within three years at most.
      {"deficit.recovery_years", {{"years", Type::kInt, "2", 1, 3}}},
      {"indicator.overdue_grace_days", {{"days", Type::kInt, "30", 0, 365}}},
      {"decision.meeting_date", {}},
      {"decision.unique_minute_item", {}},
      {"decision.registry_number", {{"pattern", Type::kPattern, ""}}},
      // The seeds' steering below the nämnd (issue 9).
      {"activity.result", {}},
      {"quality.method_and_routine", {}},
      {"analysis.current_state_map_basis", {}},
      {"plan.starts_from_current_state_map", {}},
      {"dialogue.operational_form",
       {{"min_participants", Type::kInt, "2", 1, 50}, {"max_participants", Type::kInt, "5", 1, 50}}},
      // The rest of the seeds' rules (issue 9 item 7; engine/src/seed_rules.h).
      {"governing_document.owner_directive_by_council", {}},
      {"governing_document.action_plan_dated", {}},
      // Completeness findings over the goal tree (completeness.h): uppsikt, not refusals.
      {"goal.activity_or_indicator", {}},
      {"indicator.first_measurement", {}},
      {"assessment.analysis", {}},
      {"assessment.consistent_with_indicators", {}},
      // Opt-in (OptInRules): a kommun's own practice, off unless its file turns it on.
      {"dialogue.per_goal_and_year", {}},
      {"activity.direct_to_council_goal", {{"levels", Type::kText, ""}}},
      {"goal.priority_reasons", {}},
      {"risk.category", {}},
  };
  return kRules;
}

const std::vector<std::string_view>& OptInRules() {
  static const std::vector<std::string_view> kOptIn = {"dialogue.per_goal_and_year", "activity.direct_to_council_goal",
                                                       "goal.priority_reasons", "risk.category"};
  return kOptIn;
}

Result<std::map<std::string, engine::RuleSetting>> ReadRules(const Cursor& rules,
                                                             const std::map<std::string, engine::Role>& roles) {
  std::map<std::string, engine::RuleSetting> out;
  for (const RuleSpec& spec : KnownRules()) {
    engine::RuleSetting& s = out[std::string(spec.id)];
    for (const RuleParamSpec& p : spec.params) s.params[std::string(p.name)] = std::string(p.default_value);
    const auto& opt_in = OptInRules();
    s.enabled = std::find(opt_in.begin(), opt_in.end(), spec.id) == opt_in.end();
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto entries, MapEntries(rules));
  for (const auto& [id, value] : entries) {
    const RuleSpec* spec = FindRule(id);
    if (!spec) return value.Error("okänd regel '" + id + "' (kända: " + JoinNames(Names(KnownRules())) + ")");
    ARSHJUL_RETURN_IF_ERROR(ReadRule(*spec, value, roles, out[id]));
  }
  for (const RuleSpec& spec : KnownRules()) {
    const std::string id(spec.id);
    Cursor where = rules.Key(id).node().IsDefined() ? rules.Key(id) : rules;
    ARSHJUL_RETURN_IF_ERROR(CheckDefaultRoles(spec, out[id], where, roles));
  }
  return out;
}

}  // namespace arshjul::workflows
