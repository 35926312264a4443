#include "arshjul/engine/risk.h"

namespace arshjul::engine {

const char* RiskCategoryName(RiskCategory category) {
  return category == RiskCategory::kStrategic ? "strategic" : "operational";
}

std::optional<RiskCategory> ParseRiskCategory(std::string_view name) {
  if (name == "strategic") return RiskCategory::kStrategic;
  if (name == "operational") return RiskCategory::kOperational;
  return std::nullopt;
}

std::string RiskCategorySv(const std::string& category) {
  if (category == "strategic") return "strategisk";
  if (category == "operational") return "operativ";
  return category;
}

std::string RiskRow::Label() const {
  return id + ": " + description + " (" + std::to_string(likelihood) + "×" + std::to_string(consequence) + ")";
}

}  // namespace arshjul::engine
