// Read models rebuilt from nothing by replay equal the live ones, and the two
// senses of "as of": what the record showed at recorded time T (--known-at),
// and what was in force at effective date D (--as-of).
#include <gtest/gtest.h>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/oversight.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::At;
using testing::DomainHarness;

constexpr const char* kKf = "anna/kommunsekreterare/kf";
constexpr const char* kKs = "anna/kommunsekreterare/ks";
constexpr const char* kBun = "bo/namndsekreterare/bun";
constexpr const char* kBunController = "dan/controller/bun";

// A year with every kind of domain event, recorded over time.
void RecordYear(DomainHarness& h) {
  h.clock().Set(At("2026-02-01T10:00:00Z"));
  h.MustRecord("SetVision", "y1", kKf, R"({"id":"v","organ":"kf","text":"En trygg kommun","horizonYear":2035})");
  h.MustRecord("SetStrategicGoal", "y2", kKf, R"({"id":"im-1","organ":"kf","title":"Alla barn lyckas","periodFrom":"2026-01-01"})");
  h.MustRecord("RecordDecision", "y3", kKs,
               R"({"id":"ks-1","organ":"ks","meetingDate":"2026-01-21","minuteItem":"§ 4","registryNumber":"KS/2026:4","title":"Uppdrag","decides":"assignment"})");
  h.MustRecord("GiveAssignment", "y4", kKs,
               R"({"id":"u1","fromOrgan":"ks","toOrgan":"forv","toRole":"forvaltningschef","via":"kommunchef","text":"Utred lokaler","dueDate":"2026-05-31"})");
  h.MustRecord("GrantDelegation", "y5", kKs, R"({"id":"del-1","fromOrgan":"ks","toRole":"kommunchef","matter":"Avtal","validFrom":"2026-01-22"})");
  h.MustRecord("RecordDelegatedDecision", "y6", kKs, R"({"id":"dd-1","delegationId":"del-1","organ":"ks","decidedOn":"2026-01-25","text":"Avtal om städ"})");
  h.clock().Set(At("2026-03-01T10:00:00Z"));
  h.MustRecord("SetOutcomeGoal", "y7", kBun,
               R"({"id":"em-1","organ":"bun","year":2026,"title":"Läsförmåga","strategicGoalIds":["im-1"],"targetGroup":"åk 1–3","effect":"fler läser"})");
  h.MustRecord("PlanActivity", "y8", kBun, R"({"id":"a-1","goalId":"em-1","organ":"bun","title":"Läsfrämjande","responsibleRole":"forvaltningschef","dueDate":"2026-12-31"})");
  h.MustRecord("DefineIndicator", "y9", kBun, R"({"id":"i-1","goalId":"em-1","organ":"bun","name":"Läsande elever","method":"quantitative","periodicity":"quarterly","target":90})");
  h.MustRecord("MeasureIndicator", "y10", "cia/controller/bun", R"({"indicatorId":"i-1","organ":"bun","periodEnd":"2026-03-31","value":81})");
  h.MustRecord("AdoptGoverningDocument", "y11", kBun,
               R"({"id":"rl-1","title":"Riktlinje","docType":"riktlinje","decidedBy":"bun","adoptedOn":"2026-02-20","appliesTo":["bun"]})");
  h.MustRecord("ReviseGoverningDocument", "y12", kBun, R"({"documentId":"rl-1","organ":"bun","revisedOn":"2026-02-27","summary":"Ny paragraf"})");
  h.MustRecord("AdoptInternalControlPlan", "y13", kBun,
               R"({"id":"ikp","organ":"bun","year":2026,"risks":[{"id":"r1","description":"Fel utbetalning"}],"controls":[{"id":"k1","riskId":"r1","description":"Stickprov"}]})");
  h.clock().Set(At("2026-09-10T10:00:00Z"));
  h.MustRecord("ReportForecast", "y14", kBunController,
               R"({"organ":"bun","year":2026,"month":8,"budget":100,"forecast":110,"remedialActions":["Vakanser"]})");
  h.MustRecord("RecordControl", "y15", kBun, R"({"planId":"ikp","organ":"bun","controlId":"k1","performedOn":"2026-08-31","result":"deviation","deviation":"2 fel"})");
  h.MustRecord("RecordFollowUp", "y16", kBun,
               R"({"id":"dr2","organ":"bun","kind":"interim_report","periodFrom":"2026-01-01","periodTo":"2026-08-31","goalId":"em-1","assessment":"partly_met","analysis":"På väg"})");
  h.MustRecord("SubmitReport", "y17", kBun, R"({"organ":"bun","kind":"interim_report","periodTo":"2026-08-31","submittedOn":"2026-09-10","toOrgan":"ks"})");
  h.MustRecord("ReportAssignment", "y18", kKs, R"({"assignmentId":"u1","organ":"ks","reportedOn":"2026-09-09","status":"done"})");
  h.MustRecord("ReportDelegatedDecision", "y19", kKs, R"({"decisionId":"dd-1","organ":"ks","reportedOn":"2026-02-11"})");
  h.MustRecord("SetBudgetFrame", "y20", kKf, R"({"organ":"bun","year":2027,"amount":105})");
  h.MustRecord("ReportOutcome", "y21", kBunController, R"({"organ":"bun","year":2025,"budget":100,"outcome":104})");
  h.MustRecord("GrantDeficitException", "y22", kKf, R"({"organ":"bun","year":2025,"decisionId":"kf-9"})");
  h.MustRecord("CompleteStep", "y23", kBun, R"({"instanceId":"2026/delarsrapport-2/bun","organ":"bun","completedOn":"2026-09-10"})");
  // Recorded in October, in force since January: a late registration.
  h.clock().Set(At("2026-10-15T10:00:00Z"));
  h.MustRecord("SetStrategicGoal", "y24", kKf, R"({"id":"im-2","organ":"kf","title":"Trygghet","periodFrom":"2026-01-01"})");
}

TEST(ReplayTest, RebuiltStateEqualsLiveStateAndCoversEveryEventType) {
  DomainHarness h;
  RecordYear(h);
  auto replayed = Replay(h.store());
  ASSERT_TRUE(replayed.ok()) << replayed.status().ToString();
  EXPECT_TRUE(*replayed == h.state());
  EXPECT_EQ(replayed->events_ignored, 0u);
  // Every domain event type (not organisation or notification ones) occurs in the year.
  auto stats = h.store().Stats();
  ASSERT_TRUE(stats.ok());
  for (const char* type :
       {"VisionSet", "StrategicGoalSet", "DecisionRecorded", "AssignmentGiven", "AssignmentReported", "DelegationGranted",
        "DelegatedDecisionMade", "DelegatedDecisionReported", "OutcomeGoalSet", "ActivityPlanned", "IndicatorDefined",
        "IndicatorMeasured", "GoverningDocumentAdopted", "GoverningDocumentRevised", "InternalControlPlanAdopted",
        "ControlPerformed", "ForecastReported", "FollowUpRecorded", "ReportSubmitted", "BudgetFrameSet",
        "OutcomeReported", "DeficitExceptionGranted", "StepCompleted"}) {
    EXPECT_GT(stats->events_by_type[type], 0u) << type;
  }
  // The read models hold what was recorded.
  const DomainState& s = *replayed;
  EXPECT_EQ(s.outcome_goals.at("em-1").latest->value, AssessmentValue::kPartlyMet);
  EXPECT_EQ(s.indicators.at("i-1").measurements.back().value, 81);
  EXPECT_EQ(s.assignments.at("u1").status, AssignmentStatus::kDone);
  EXPECT_EQ(s.control_plans.at("ikp").controls.at("k1").deviations, 1);
  EXPECT_EQ(s.documents.at("rl-1").revisions.size(), 1u);
  EXPECT_TRUE(s.deficit_exceptions.count("bun/2025"));
  EXPECT_EQ(s.completed_steps.count("2026/delarsrapport-2/bun"), 1u);
}

TEST(ReplayTest, KnownAtAndAsOfGiveDifferentCorrectAnswers) {
  DomainHarness h;
  RecordYear(h);
  // What KS knew on 30 September: im-2 had not been recorded yet.
  auto known = Replay(h.store(), {At("2026-09-30T22:00:00Z"), std::nullopt});
  ASSERT_TRUE(known.ok());
  EXPECT_TRUE(known->strategic_goals.count("im-1"));
  EXPECT_FALSE(known->strategic_goals.count("im-2"));
  EXPECT_EQ(known->forecasts.at("bun/2026").month, 8);
  // What was in force on 31 March: im-2 (in force since 1 January, recorded later) applies,
  // the August forecast and interim report do not yet.
  auto in_force = Replay(h.store(), {std::nullopt, At("2026-03-31T22:00:00Z")});
  ASSERT_TRUE(in_force.ok());
  EXPECT_TRUE(in_force->strategic_goals.count("im-2"));
  EXPECT_FALSE(in_force->forecasts.count("bun/2026"));
  EXPECT_FALSE(in_force->outcome_goals.at("em-1").latest.has_value());
  EXPECT_EQ(in_force->assignments.at("u1").status, AssignmentStatus::kOpen);
  // Both together: known on 30 September about 31 March.
  auto both = Replay(h.store(), {At("2026-09-30T22:00:00Z"), At("2026-03-31T22:00:00Z")});
  ASSERT_TRUE(both.ok());
  EXPECT_FALSE(both->strategic_goals.count("im-2"));
  EXPECT_TRUE(both->strategic_goals.count("im-1"));
}

TEST(ReplayTest, FindingsAreComputedNotRecorded) {
  DomainHarness h;
  RecordYear(h);
  h.MustRecord("GiveAssignment", "late", kKs,
               R"({"id":"u9","fromOrgan":"ks","toOrgan":"forv","toRole":"forvaltningschef","via":"kommunchef","text":"Sen utredning","dueDate":"2026-06-30"})");
  h.MustRecord("ReportOutcome", "deficit-sn", "eva/namndsekreterare/sn", R"({"organ":"sn","year":2023,"budget":100,"outcome":110})");
  h.MustRecord("RecordDelegatedDecision", "dd-late", kKs,
               R"({"id":"dd-2","delegationId":"del-1","organ":"ks","decidedOn":"2026-02-01","text":"Avtal om snöröjning"})");
  h.MustRecord("ScheduleMeeting", "ks-meeting", "system/system/ks", R"({"organ":"ks","date":"2026-03-11"})");
  uint64_t before = h.EventCount();
  auto findings = Findings(h.state(), Date{std::chrono::year{2026}, std::chrono::October, std::chrono::day{20}});
  EXPECT_EQ(h.EventCount(), before);
  auto has = [&](const std::string& kind, const std::string& subject) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& f) { return f.kind == kind && f.subject == subject; });
  };
  EXPECT_TRUE(has("assignment_late", "u9"));
  EXPECT_FALSE(has("assignment_late", "u1"));  // reported done
  EXPECT_TRUE(has("deficit_not_recovered", "sn/2023"));
  EXPECT_FALSE(has("deficit_not_recovered", "bun/2025"));  // KF exception, and still inside the window
  EXPECT_TRUE(has("delegated_decision_not_reported", "dd-2"));
  EXPECT_FALSE(has("delegated_decision_not_reported", "dd-1"));
  EXPECT_TRUE(has("indicator_overdue", "i-1"));  // quarterly, last measured for Q1
  EXPECT_TRUE(has("negative_forecast", "bun/2026"));
  EXPECT_TRUE(has("control_deviation", "ikp/k1"));
  OversightSummary bun = Summarize(h.state(), "bun", Date{std::chrono::year{2026}, std::chrono::October, std::chrono::day{20}});
  EXPECT_EQ(bun.goals, 1);
  EXPECT_EQ(bun.goals_partly_met, 1);
  EXPECT_EQ(bun.control_deviations, 1);
  ASSERT_TRUE(bun.latest_forecast.has_value());
  EXPECT_EQ(bun.latest_forecast->Deviation(), -10);
}

}  // namespace
}  // namespace arshjul::engine
