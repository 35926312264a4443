// Every enum value a table shows has a Swedish label: every value the engine
// defines (organ kinds, periodicities, methods, assessments, assignment
// statuses, control results) and every value the commands accept (follow-up
// and report kinds, what a decision decides) and every finding kind.
#include "swedish_labels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "arshjul/engine/domain_state.h"
#include "arshjul/engine/organization.h"

namespace arshjul::cli {
namespace {

void ExpectLabelled(const std::string& kind, const std::vector<std::string>& codes) {
  for (const std::string& code : codes) {
    const std::string label = SwedishLabel(kind, code);
    EXPECT_FALSE(label.empty()) << kind << "/" << code;
    EXPECT_EQ(label.find('_'), std::string::npos) << kind << "/" << code << " → " << label;
    const bool same_word_in_both = code == "budget" || code == "delegation" || code == "tertial";
    if (!same_word_in_both) {
      EXPECT_NE(label, code) << kind << "/" << code << " has no Swedish label";
    }
  }
}

TEST(SwedishLabels, EveryValueTheEngineDefinesHasOne) {
  using engine::OrganKind;
  std::vector<std::string> kinds;
  for (OrganKind k : {OrganKind::kCouncil, OrganKind::kExecutiveBoard, OrganKind::kCommittee, OrganKind::kSubcommittee,
                      OrganKind::kCompany, OrganKind::kAdministration})
    kinds.push_back(engine::OrganKindName(k));
  ExpectLabelled("organ_kind", kinds);
  std::vector<std::string> periods;
  for (auto p : {engine::Periodicity::kMonthly, engine::Periodicity::kQuarterly, engine::Periodicity::kTertial,
                 engine::Periodicity::kHalfYear, engine::Periodicity::kYearly})
    periods.push_back(engine::PeriodicityName(p));
  ExpectLabelled("periodicity", periods);
  ExpectLabelled("method", {engine::IndicatorMethodName(engine::IndicatorMethod::kQuantitative),
                            engine::IndicatorMethodName(engine::IndicatorMethod::kQualitative)});
  ExpectLabelled("assessment", {engine::AssessmentValueName(engine::AssessmentValue::kMet),
                                engine::AssessmentValueName(engine::AssessmentValue::kPartlyMet),
                                engine::AssessmentValueName(engine::AssessmentValue::kNotMet)});
  ExpectLabelled("assignment_status", {"open", "in_progress", "done", "cancelled", "late"});
  ExpectLabelled("control_result", {engine::ControlResultName(engine::ControlResult::kOk),
                                    engine::ControlResultName(engine::ControlResult::kDeviation)});
}

TEST(SwedishLabels, EveryValueTheCommandsAcceptAndEveryFindingHasOne) {
  ExpectLabelled("follow_up_kind", {"monthly", "interim_report", "annual_report", "dialogue", "internal_control"});
  ExpectLabelled("report_kind", {"interim_report", "annual_report", "operational_plan", "internal_control_plan",
                                 "budget_proposal", "budget", "monthly_report"});
  ExpectLabelled("decides", {"budget", "governing_document", "assignment", "delegation", "discharge", "exception",
                             "annual_report", "interim_report", "operational_plan", "company_review", "other"});
  ExpectLabelled("finding", {"assignment_late", "deficit_not_recovered", "indicator_overdue",
                             "delegated_decision_not_reported", "negative_forecast", "control_deviation",
                             "delivery_failed", "meeting_plan_missing", "wheel_unplannable", "activity_late",
                             "goal_dialogue_missing", "goal_without_follow_through", "indicator_never_measured",
                             "assessment_without_analysis", "assessment_contradicts_indicator"});
  ExpectLabelled("notification_kind", {"reminder", "escalation", "finding"});
  for (const std::string& kind : LabelledKinds()) ExpectLabelled(kind, LabelledCodes(kind));
  EXPECT_EQ(SwedishLabel("organ_kind", "something_new"), "something_new") << "an unknown value is shown as stored";
}

}  // namespace
}  // namespace arshjul::cli
