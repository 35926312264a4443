// RiskRow: a risk as a read model holds it — judged on its plan's scales
// (sannolikhet × konsekvens) and, where stated, its category: strategic risks
// belong to the nulägesanalys's riskanalys, operational ones to the
// internkontrollplan (Tranemo; rule risk.category). Value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace arshjul::engine {

enum class RiskCategory { kStrategic, kOperational };
const char* RiskCategoryName(RiskCategory category);  // "strategic", "operational"
std::optional<RiskCategory> ParseRiskCategory(std::string_view name);
// "strategisk", "operativ"; anything else as it is.
std::string RiskCategorySv(const std::string& category);

struct RiskRow {
  std::string id, description;
  int likelihood = 0, consequence = 0;  // sannolikhet, konsekvens
  // "strategic", "operational", or empty: not stated (recorded before the
  // field existed, or where the kommun does not ask for it).
  std::string category;
  int Value() const { return likelihood * consequence; }  // riskvärde
  std::string Label() const;  // "id: description (s×k)"
  friend bool operator==(const RiskRow&, const RiskRow&) = default;
};

}  // namespace arshjul::engine
