// The Swedish names of the finding kinds (oversight.h).
#include "arshjul/engine/oversight.h"

namespace arshjul::engine {

const std::vector<std::pair<std::string, std::string>>& FindingKindNames() {
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"assignment_late", "försenat uppdrag"},
      {"deficit_not_recovered", "underskott ej återställt"},
      {"indicator_overdue", "indikator ej mätt"},
      {"delegated_decision_not_reported", "delegationsbeslut ej anmält"},
      {"negative_forecast", "negativ prognos"},
      {"control_deviation", "avvikelse i intern kontroll"},
      {"delivery_failed", "avisering ej levererad"},
      {"meeting_plan_missing", "sammanträdesplan saknas"},
      {"wheel_unplannable", "årshjulet kan inte planeras"},
      {"activity_late", "försenad aktivitet"},
      {"goal_dialogue_missing", "måldialog saknas"},
      {"goal_without_follow_through", "mål utan aktivitet eller indikator"},
      {"indicator_never_measured", "indikator aldrig mätt"},
      {"assessment_without_analysis", "bedömning utan analys"},
      {"assessment_contradicts_indicator", "bedömning motsäger indikatorn"},
      {"owner_directive_decider", "ägardirektiv ej beslutat av fullmäktige"},
      {"action_plan_without_dates", "handlingsplan utan tidpunkter"},
      {"priority_without_reasons", "prioritering utan motivering"},
      {"risk_without_category", "risk utan kategori"},
  };
  return kNames;
}

std::string FindingKindName(std::string_view kind) {
  for (const auto& [code, name] : FindingKindNames())
    if (code == kind) return name;
  return std::string(kind);
}

}  // namespace arshjul::engine
