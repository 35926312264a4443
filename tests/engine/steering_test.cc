// The seeds' steering below the nämnd (issue 9): units with a chef role,
// activity follow-up, grunduppdrag and kvalitetsfaktorer, analyses and their
// handover, verksamhetsplaner, dialogues, Grästorp's dialogue per goal and
// year and activities straight on KF's goals. Each rule's refusal names its
// field; each finding fires and stops firing once the thing is done.
#include <gtest/gtest.h>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/oversight.h"
#include "arshjul/engine/steering.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

Date D(const char* text) { return ParseDate(text).value(); }

class SteeringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* sys = "system/system/ks";
    h_.MustRecord("DefineRole", "role-vc", sys, R"({"id":"verksamhetschef","name":"Verksamhetschef"})");
    h_.MustRecord("DefineRole", "role-ec", sys, R"({"id":"enhetschef","name":"Enhetschef"})");
    h_.MustRecord("DefineOrgan", "organ-vo", sys,
                  R"({"id":"vo-skola","name":"Verksamhetsområde skola","kind":"operational_area","reportsTo":"forv","chefRole":"verksamhetschef"})");
    h_.MustRecord("DefineOrgan", "organ-enhet", sys,
                  R"({"id":"enhet-ekbacken","name":"Ekbackens skola","kind":"unit","reportsTo":"vo-skola","chefRole":"enhetschef"})");
    h_.MustRecord("RegisterPerson", "p-vc", sys, R"({"id":"vera","name":"Vera","email":"vera@test.se"})");
    h_.MustRecord("RegisterPerson", "p-ec", sys, R"({"id":"erik","name":"Erik","email":"erik@test.se"})");
    h_.MustRecord("AssignRole", "h-vc", sys, R"({"person":"vera","role":"verksamhetschef","organ":"vo-skola","from":"2026-01-01"})");
    h_.MustRecord("AssignRole", "h-ec", sys, R"({"person":"erik","role":"enhetschef","organ":"enhet-ekbacken","from":"2026-01-01"})");
    h_.MustRecord("SetStrategicGoal", "sg-1", "anna/kommunsekreterare/kf",
                  R"({"id":"im-1","organ":"kf","title":"Alla barn ska lyckas","periodFrom":"2026-01-01","periodTo":"2026-12-31"})");
  }
  // A refusal by `rule` ("" for malformed input) on `field`, with nothing written.
  void ExpectRefused(const std::string& command, const std::string& actor, const std::string& json,
                     const std::string& rule, const std::string& field) {
    const uint64_t before = h_.EventCount();
    auto r = h_.Record(command, "cmd-" + std::to_string(++n_), actor, json);
    ASSERT_FALSE(r.ok()) << command << " went through";
    EXPECT_EQ(r.status().code(), rule.empty() ? StatusCode::kInvalidArgument : StatusCode::kRejected)
        << r.status().ToString();
    if (!rule.empty()) {
      EXPECT_EQ(r.status().rule(), rule);
    }
    EXPECT_EQ(r.status().field(), field) << r.status().ToString();
    EXPECT_EQ(h_.EventCount(), before) << "something was written";
  }
  void Record(const std::string& command, const std::string& actor, const std::string& json) {
    h_.MustRecord(command, "cmd-" + std::to_string(++n_), actor, json);
  }
  bool HasFinding(const std::string& kind, const std::string& subject, const char* today) {
    for (const auto& f : Findings(h_.state(), D(today)))
      if (f.kind == kind && f.subject == subject) return true;
    return false;
  }
  // An outcome goal and an activity of the unit, recorded by its chef.
  void UnitGoalAndActivity() {
    Record("SetOutcomeGoal", "erik/enhetschef/enhet-ekbacken",
           R"({"id":"ek-1","organ":"enhet-ekbacken","year":2026,"title":"Alla elever läser","strategicGoalIds":["im-1"],
               "targetGroup":"elever i åk 1–3","effect":"bättre läsförmåga"})");
    Record("PlanActivity", "erik/enhetschef/enhet-ekbacken",
           R"({"id":"ek-akt-1","goalId":"ek-1","organ":"enhet-ekbacken","title":"Läsfrämjande","responsibleRole":"enhetschef","dueDate":"2026-06-30"})");
  }
  DomainHarness h_;
  int n_ = 0;
};

TEST_F(SteeringTest, UnitsBelowTheAdministrationHaveAChefAndAParentAndPlanGoals) {
  const Organization& org = h_.state().org;
  EXPECT_TRUE(IsUnitKind(org.FindOrgan("enhet-ekbacken")->kind));
  EXPECT_EQ(org.FindOrgan("enhet-ekbacken")->reports_to, "vo-skola");
  EXPECT_EQ(org.ChefRoleOf("enhet-ekbacken"), "enhetschef");
  EXPECT_EQ(org.ChefRoleOf("vo-skola"), "verksamhetschef");
  UnitGoalAndActivity();
  EXPECT_EQ(h_.state().outcome_goals.at("ek-1").organ, "enhet-ekbacken");
  // Indicators and follow-ups at the unit's level, too.
  Record("DefineIndicator", "erik/enhetschef/enhet-ekbacken",
         R"({"id":"ek-ind","goalId":"ek-1","organ":"enhet-ekbacken","name":"Läser i åk 1","method":"quantitative","periodicity":"yearly","target":90})");
  // Someone without a role in the unit may not record for it.
  ExpectRefused("PlanActivity", "vera/verksamhetschef/vo-skola",
                R"({"id":"ek-akt-2","goalId":"ek-1","organ":"enhet-ekbacken","title":"X","responsibleRole":"enhetschef","dueDate":"2026-06-30"})",
                "actor.holds_role", "actor.person");
}

TEST_F(SteeringTest, ActivityFollowUpStatusProgressAndResult) {
  UnitGoalAndActivity();
  const char* chef = "erik/enhetschef/enhet-ekbacken";
  ExpectRefused("ReportActivityProgress", chef,
                R"({"activityId":"ek-akt-1","organ":"enhet-ekbacken","reportedOn":"2026-03-01","status":"begun"})", "",
                "payload.status");
  ExpectRefused("ReportActivityProgress", chef,
                R"({"activityId":"ek-akt-1","organ":"enhet-ekbacken","reportedOn":"2026-03-01","status":"in_progress","progress":140})",
                "", "payload.progress");
  ExpectRefused("ReportActivityProgress", chef,
                R"({"activityId":"ek-akt-1","organ":"enhet-ekbacken","reportedOn":"2026-06-20","status":"done","output":"12 lästräffar"})",
                "activity.result", "payload.result");
  ExpectRefused("ReportActivityProgress", chef,
                R"({"activityId":"ek-akt-1","organ":"enhet-ekbacken","reportedOn":"2026-06-20","status":"stopped"})",
                "activity.result", "payload.comment");
  Record("ReportActivityProgress", chef,
         R"({"activityId":"ek-akt-1","organ":"enhet-ekbacken","reportedOn":"2026-03-01","status":"in_progress","progress":40,"output":"5 lästräffar"})");
  const ActivityRow& a = h_.state().activities.at("ek-akt-1");
  EXPECT_EQ(ActivityStatusOn(h_.state(), a, D("2026-05-01")), "in_progress");
  // Late once past its date and not done: a finding, until it is reported done.
  EXPECT_FALSE(HasFinding("activity_late", "ek-akt-1", "2026-06-30"));
  EXPECT_TRUE(HasFinding("activity_late", "ek-akt-1", "2026-07-01"));
  EXPECT_EQ(SummarizeSteering(h_.state(), "enhet-ekbacken", D("2026-07-01")).activities_late, 1);
  Record("ReportActivityProgress", chef,
         R"({"activityId":"ek-akt-1","organ":"enhet-ekbacken","reportedOn":"2026-07-02","status":"done","output":"12 lästräffar","result":"Fler elever läser hemma"})");
  EXPECT_FALSE(HasFinding("activity_late", "ek-akt-1", "2026-07-03"));
  const ActivityProgress& p = h_.state().steering.activity_progress.at("ek-akt-1");
  EXPECT_EQ(p.status, ActivityStatus::kDone);
  EXPECT_EQ(p.progress, 100);
  EXPECT_EQ(p.completed_on, D("2026-07-02"));
  EXPECT_EQ(p.result, "Fler elever läser hemma");
}

TEST_F(SteeringTest, BasicMissionAndQualityFactorsMeasuredLikeIndicators) {
  const char* chef = "erik/enhetschef/enhet-ekbacken";
  ExpectRefused("SetBasicMission", chef, R"({"organ":"enhet-ekbacken","purpose":"Lärande"})", "", "payload.mission");
  ExpectRefused("SetBasicMission", chef,
                R"({"organ":"enhet-ekbacken","mission":"Undervisning F–6","purpose":"Lärande","governingDocumentIds":["nope"]})",
                "", "payload.governingDocumentIds");
  Record("SetBasicMission", chef,
         R"({"organ":"enhet-ekbacken","mission":"Undervisning F–6","purpose":"Lärande","targetGroup":"Elever F–6"})");
  Record("DefineQualityFactor", chef, R"({"id":"kf-trygghet","organ":"enhet-ekbacken","name":"Trygghet"})");
  ExpectRefused("DefineQualityIndicator", chef,
                R"({"id":"kf-tr-1","organ":"enhet-ekbacken","qualityFactorId":"kf-trygghet","name":"Trygga elever i procent","method":"quantitative","periodicity":"yearly","target":90,"higherIsBetter":true,"routine":"Rektor, maj"})",
                "quality.method_and_routine", "payload.measurementMethod");
  ExpectRefused("DefineQualityIndicator", chef,
                R"({"id":"kf-tr-1","organ":"enhet-ekbacken","qualityFactorId":"kf-trygghet","name":"Trygga elever i procent","method":"quantitative","periodicity":"yearly","target":90,"higherIsBetter":true,"measurementMethod":"Elevenkät fråga 4"})",
                "quality.method_and_routine", "payload.routine");
  Record("DefineQualityIndicator", chef,
         R"({"id":"kf-tr-1","organ":"enhet-ekbacken","qualityFactorId":"kf-trygghet","name":"Trygga elever i procent","method":"quantitative","periodicity":"yearly","target":90,"higherIsBetter":true,"measurementMethod":"Elevenkät fråga 4","routine":"Rektor, maj"})");
  SteeringSummary s = SummarizeSteering(h_.state(), "enhet-ekbacken", D("2026-06-01"));
  EXPECT_TRUE(s.basic_mission);
  EXPECT_EQ(s.quality_indicators, 1);
  EXPECT_EQ(s.quality_indicators_on_target, 0);
  Record("MeasureIndicator", chef, R"({"indicatorId":"kf-tr-1","organ":"enhet-ekbacken","periodEnd":"2026-05-31","value":92})");
  EXPECT_EQ(SummarizeSteering(h_.state(), "enhet-ekbacken", D("2026-06-01")).quality_indicators_on_target, 1);
}

TEST_F(SteeringTest, NulageskartaBuildsOnBothAnalysesAndIsHandedOverAndStartsThePlan) {
  const char* kc = "kc/kommunchef/forv";
  Record("RecordAnalysis", kc,
         R"({"id":"omv-2027","organ":"forv","kind":"omvarldsanalys","year":2027,"title":"Omvärldsanalys 2027","content":"Fler äldre"})");
  ExpectRefused("RecordAnalysis", kc,
                R"({"id":"karta-2027","organ":"forv","kind":"nulageskarta","year":2027,"title":"Nulägeskarta","content":"…","basedOn":["omv-2027"]})",
                "analysis.current_state_map_basis", "payload.basedOn");
  Record("RecordAnalysis", kc,
         R"({"id":"nul-2027","organ":"forv","kind":"nulagesanalys","year":2027,"title":"Nulägesanalys 2027","content":"Kö till förskolan"})");
  Record("RecordAnalysis", kc,
         R"({"id":"karta-2027","organ":"forv","kind":"nulageskarta","year":2027,"title":"Nulägeskarta","content":"…","basedOn":["omv-2027","nul-2027"],"links":["https://example.se/karta.pdf"]})");
  ExpectRefused("HandOverAnalysis", kc, R"({"analysisId":"karta-2027","organ":"forv","toOrgan":"bun"})", "",
                "payload.handedOverOn");
  Record("HandOverAnalysis", kc, R"({"analysisId":"karta-2027","organ":"forv","toOrgan":"bun","handedOverOn":"2027-02-10"})");
  EXPECT_EQ(h_.state().steering.analyses.at("karta-2027").handovers.at(0).to_organ, "bun");
  const char* sekr = "bo/namndsekreterare/bun";
  ExpectRefused("AdoptOperationalPlan", sekr, R"({"id":"vp-2027","organ":"bun","year":2027,"adoptedOn":"2026-12-08"})",
                "plan.starts_from_current_state_map", "payload.startsFrom");
  ExpectRefused("AdoptOperationalPlan", sekr,
                R"({"id":"vp-2027","organ":"bun","year":2027,"adoptedOn":"2026-12-08","startsFrom":"omv-2027"})", "",
                "payload.startsFrom");
  Record("AdoptOperationalPlan", sekr,
         R"({"id":"vp-2027","organ":"bun","year":2027,"adoptedOn":"2026-12-08","startsFrom":"karta-2027"})");
  EXPECT_EQ(h_.state().steering.operational_plans.at("vp-2027").starts_from, "karta-2027");
}

TEST_F(SteeringTest, DialoguesOperationalAndVertical) {
  const char* chef = "erik/enhetschef/enhet-ekbacken";
  Record("RecordAnalysis", chef,
         R"({"id":"koll-1","organ":"enhet-ekbacken","kind":"nulageskoll","year":2026,"title":"Nulägeskoll vt","content":"Sjukfrånvaro 7 %"})");
  const std::string base =
      R"("id":"vd-1","organ":"enhet-ekbacken","kind":"operational","heldOn":"2026-03-12","basedOn":"koll-1")";
  ExpectRefused("RecordDialogue", chef,
                "{" + base + R"(,"participants":[{"role":"enhetschef"}],"agenda":["Nuläge"],"theme":"Läsning"})",
                "dialogue.operational_form", "payload.participants");
  ExpectRefused("RecordDialogue", chef,
                "{" + base + R"(,"participants":[{"role":"enhetschef"},{"role":"controller"}],"theme":"Läsning"})",
                "dialogue.operational_form", "payload.agenda");
  ExpectRefused("RecordDialogue", chef,
                "{" + base + R"(,"participants":[{"role":"enhetschef"},{"role":"controller"}],"agenda":["Nuläge"]})",
                "dialogue.operational_form", "payload.theme");
  Record("RecordDialogue", chef,
         "{" + base +
             R"(,"participants":[{"role":"enhetschef","person":"erik"},{"role":"controller"}],"supportFunctions":["ekonomi","HR"],"agenda":["Nuläge","Framåt"],"theme":"Läsning"})");
  EXPECT_EQ(h_.state().steering.dialogues.at("vd-1").support_functions.size(), 2u);
  // Vertical: with the level directly above, not two levels up.
  ExpectRefused("RecordDialogue", chef,
                R"({"id":"vert-1","organ":"enhet-ekbacken","kind":"vertical","heldOn":"2026-04-01","counterpartOrgan":"forv"})",
                "", "payload.counterpartOrgan");
  Record("RecordDialogue", chef,
         R"({"id":"vert-1","organ":"enhet-ekbacken","kind":"vertical","heldOn":"2026-04-01","counterpartOrgan":"vo-skola"})");
}

TEST_F(SteeringTest, GraestorpDialoguePerGoalAndYear) {
  // Off unless the kommun turns it on.
  EXPECT_FALSE(HasFinding("goal_dialogue_missing", "im-1/2026", "2027-01-02"));
  Record("ConfigureRule", "system/system/ks", R"({"rule":"dialogue.per_goal_and_year","enabled":true})");
  EXPECT_FALSE(HasFinding("goal_dialogue_missing", "im-1/2026", "2026-12-31"));  // the year has not ended
  EXPECT_TRUE(HasFinding("goal_dialogue_missing", "im-1/2026", "2027-01-02"));
  const char* au = "anna/kommunsekreterare/ksau";
  ExpectRefused("PlanGoalDialogue", au, R"({"organ":"ksau","goalId":"im-1","year":2026,"plannedOn":"2027-03-01"})", "",
                "payload.plannedOn");
  Record("PlanGoalDialogue", au, R"({"organ":"ksau","goalId":"im-1","year":2026,"plannedOn":"2026-10-06"})");
  ExpectRefused("RecordDialogue", au, R"({"id":"md-1","organ":"ksau","kind":"goal","heldOn":"2026-10-06"})", "",
                "payload.goalIds");
  Record("RecordDialogue", au,
         R"({"id":"md-1","organ":"ksau","kind":"goal","heldOn":"2026-10-06","goalIds":["im-1"],"notes":"Läsning går framåt"})");
  EXPECT_FALSE(HasFinding("goal_dialogue_missing", "im-1/2026", "2027-01-02"));
  // The planned dialogue is a started step, completed by the dialogue on that goal.
  EXPECT_EQ(h_.state().completion_facts.at(CompletionFactKey("DialogueHeld", "ksau", "im-1/2026")), "2026-10-06");
}

TEST_F(SteeringTest, ActivitiesStraightOnCouncilGoalsOnlyWhereTheRulesAllow) {
  const char* chef = "erik/enhetschef/enhet-ekbacken";
  const std::string direct =
      R"({"id":"d-1","goalId":"im-1","organ":"enhet-ekbacken","title":"Läsambassadörer","responsibleRole":"enhetschef","dueDate":"2026-11-30")";
  ExpectRefused("PlanActivity", chef, direct + "}", "activity.direct_to_council_goal", "payload.goalId");
  Record("ConfigureRule", "system/system/ks",
         R"({"rule":"activity.direct_to_council_goal","enabled":true,"params":[{"key":"levels","value":"perspektiv, fokusområde, verksamhetsmått"}]})");
  ExpectRefused("PlanActivity", chef, direct + R"(,"levels":[{"level":"perspektiv","value":"Medborgare"}]})",
                "activity.direct_to_council_goal", "payload.levels");
  ExpectRefused("PlanActivity", chef, direct + R"(,"levels":[{"level":"område","value":"Skola"}]})", "",
                "payload.levels");
  Record("PlanActivity", chef,
         direct + R"(,"levels":[{"level":"perspektiv","value":"Medborgare"},{"level":"fokusområde","value":"Lärande"},{"level":"verksamhetsmått","value":"Läser i åk 1"}]})");
  EXPECT_EQ(h_.state().steering.activity_levels.at("d-1").size(), 3u);
}

}  // namespace
}  // namespace arshjul::engine
