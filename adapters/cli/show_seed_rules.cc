#include "show_seed_rules.h"

namespace arshjul::cli {
namespace {

std::string Joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

}  // namespace

nlohmann::json GoalReasonsJson(const engine::OutcomeGoalRow& g) {
  return {{"priority_reasons", g.priority_reasons}, {"change_theory", g.change_theory}};
}

void GoalReasonRows(const engine::OutcomeGoalRow& g, TableWriter& t) {
  if (!g.priority_reasons.empty())
    t.TableRow({"    motivering", g.id, g.organ, "skäl att prioritera: " + Joined(g.priority_reasons, "; "), "", ""});
  if (!g.change_theory.empty())
    t.TableRow({"    förändringsteori", g.id, g.organ, Joined(g.change_theory, " → "), "", ""});
}

std::string RiskCategorySv(const std::string& category) {
  return category.empty() ? "ej angiven" : engine::RiskCategorySv(category);
}

nlohmann::json RiskJson(const engine::RiskRow& r) {
  return {{"id", r.id},
          {"description", r.description},
          {"likelihood", r.likelihood},
          {"consequence", r.consequence},
          {"value", r.Value()},
          {"category", r.category}};
}

nlohmann::json RisksJson(const std::vector<engine::RiskRow>& risks) {
  nlohmann::json out = nlohmann::json::array();
  for (const engine::RiskRow& r : risks) out.push_back(RiskJson(r));
  return out;
}

void AnalysisRiskRows(const engine::AnalysisRow& a, TableWriter& t) {
  for (const engine::RiskRow& r : a.risks) {
    t.TableRow({"    risk", a.organ, "", a.id, r.Label(), RiskCategorySv(r.category), ""});
  }
}

}  // namespace arshjul::cli
