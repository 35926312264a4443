// Completeness findings over the goal tree (completeness.h; issue 9, item 6):
// each fires, stops firing once the thing is done (an activity or indicator
// added, a measurement recorded, an analysis added, an assessment corrected),
// is switched off per kommun by its rule, and is judged on the state as of a
// date, so a replay as of an earlier day gives that day's answer.
#include <gtest/gtest.h>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/completeness.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/oversight.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::At;
using testing::DomainHarness;

constexpr const char* kBun = "bo/namndsekreterare/bun";

Date D(const char* text) { return ParseDate(text).value(); }

class CompletenessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.clock().Set(At("2026-02-17T10:00:00Z"));
    Record("SetStrategicGoal", "anna/kommunsekreterare/kf",
           R"({"id":"im-1","organ":"kf","title":"Alla barn lyckas","periodFrom":"2026-01-01","periodTo":"2027-12-31"})");
    Record("SetOutcomeGoal", kBun,
           R"({"id":"em-1","organ":"bun","year":2026,"title":"Fler elever läser i åk 3","strategicGoalIds":["im-1"],
               "targetGroup":"elever i åk 1–3","effect":"bättre läsförmåga"})");
  }
  void Record(const std::string& command, const std::string& actor, const std::string& json) {
    h_.MustRecord(command, "cmd-" + std::to_string(++n_), actor, json);
  }
  // A measurement by the controller holding the role when it is recorded (cia until June, then dan).
  void Measure(const std::string& indicator, const std::string& period_end, double value) {
    const char* controller = h_.clock().Now() < At("2026-07-01T00:00:00Z") ? "cia/controller/bun" : "dan/controller/bun";
    Record("MeasureIndicator", controller,
           R"({"indicatorId":")" + indicator + R"(","organ":"bun","periodEnd":")" + period_end +
               R"(","value":)" + std::to_string(value) + "}");
  }
  void SwitchOff(const std::string& rule) {
    Record("ConfigureRule", "system/system/ks", R"({"rule":")" + rule + R"(","enabled":false})");
  }
  const Finding* Find(const std::vector<Finding>& findings, const std::string& kind, const std::string& subject) {
    for (const auto& f : findings)
      if (f.kind == kind && f.subject == subject) return &f;
    return nullptr;
  }
  std::optional<Finding> FindingOn(const char* today, const std::string& kind, const std::string& subject) {
    findings_ = Findings(h_.state(), D(today));
    const Finding* f = Find(findings_, kind, subject);
    return f ? std::optional<Finding>(*f) : std::nullopt;
  }
  void DefineReadingIndicator(const char* periodicity = "yearly") {
    Record("DefineIndicator", kBun,
           std::string(R"({"id":"ind-1","goalId":"em-1","organ":"bun","name":"Andel som klarar delproven i procent","method":"quantitative","periodicity":")") +
               periodicity + R"(","target":85})");
  }
  // A follow-up of em-1 for the period ending 31 August with `assessment` and `analysis`.
  void FollowUp(const std::string& assessment, const std::string& analysis, const std::string& corrects = "") {
    std::string json = R"({"id":"dr2","organ":"bun","kind":"interim_report","periodFrom":"2026-01-01","periodTo":"2026-08-31","goalId":"em-1","assessment":")" +
                       assessment + R"(","analysis":")" + analysis + "\"";
    if (!corrects.empty()) json += R"(,"corrects":{"eventId":")" + corrects + R"(","reason":"Bedömningen rättad"})";
    Record("RecordFollowUp", kBun, json + "}");
  }
  DomainHarness h_;
  std::vector<Finding> findings_;
  int n_ = 0;
};

TEST_F(CompletenessTest, GoalWithoutActivityOrIndicatorUntilOneIsAdded) {
  auto f = FindingOn("2026-02-18", "goal_without_follow_through", "em-1");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->organ, "bun");
  EXPECT_EQ(f->text, "Det prioriterade målet 'Fler elever läser i åk 3' (em-1, 2026) har varken någon aktivitet "
                     "eller någon indikator");
  // A goal for next year is not judged before its year begins.
  Record("SetOutcomeGoal", kBun,
         R"({"id":"em-2027","organ":"bun","year":2027,"title":"Tryggare skolgårdar","strategicGoalIds":["im-1"],
             "targetGroup":"elever","effect":"trygghet"})");
  EXPECT_FALSE(FindingOn("2026-12-31", "goal_without_follow_through", "em-2027"));
  EXPECT_TRUE(FindingOn("2027-01-01", "goal_without_follow_through", "em-2027"));
  // An activity completes em-1; an indicator alone completes em-2027.
  Record("PlanActivity", kBun,
         R"({"id":"akt-1","goalId":"em-1","organ":"bun","title":"Läsfrämjande insatser","responsibleRole":"forvaltningschef","dueDate":"2026-12-31"})");
  EXPECT_FALSE(FindingOn("2026-02-18", "goal_without_follow_through", "em-1"));
  Record("DefineIndicator", kBun,
         R"({"id":"ind-2027","goalId":"em-2027","organ":"bun","name":"Trygga elever i procent","method":"quantitative","periodicity":"yearly","target":90})");
  EXPECT_FALSE(FindingOn("2027-01-01", "goal_without_follow_through", "em-2027"));
}

TEST_F(CompletenessTest, IndicatorNeverMeasuredOnceItsFirstPeriodAndTheGraceHavePassed) {
  DefineReadingIndicator("half_year");  // defined 17 February: first period ends 30 June
  EXPECT_EQ(FirstDuePeriodEnd(h_.state(), h_.state().indicators.at("ind-1")), D("2026-06-30"));
  EXPECT_FALSE(FindingOn("2026-07-30", "indicator_never_measured", "ind-1"));  // 30 days' grace (the default)
  auto f = FindingOn("2026-07-31", "indicator_never_measured", "ind-1");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->text, "Indikatorn 'Andel som klarar delproven i procent' (ind-1) har aldrig mätts; den första perioden "
                     "slutade 2026-06-30");
  EXPECT_FALSE(Find(findings_, "indicator_overdue", "ind-1")) << "the overdue finding is for later periods";
  // The kommun's grace applies to the first period as to the later ones.
  Record("ConfigureRule", "system/system/ks",
         R"({"rule":"indicator.overdue_grace_days","params":[{"key":"days","value":"60"}]})");
  EXPECT_FALSE(FindingOn("2026-08-29", "indicator_never_measured", "ind-1"));
  EXPECT_TRUE(FindingOn("2026-08-30", "indicator_never_measured", "ind-1"));
  // Measured: never-measured stops; the next period is indicator_overdue's.
  Measure("ind-1", "2026-06-30", 80);
  EXPECT_FALSE(FindingOn("2026-08-30", "indicator_never_measured", "ind-1"));
  EXPECT_FALSE(Find(findings_, "indicator_overdue", "ind-1"));
}

TEST_F(CompletenessTest, AnIndicatorForNextYearsGoalIsDueInThatYear) {
  Record("SetOutcomeGoal", kBun,
         R"({"id":"em-2027","organ":"bun","year":2027,"title":"Tryggare skolgårdar","strategicGoalIds":["im-1"],
             "targetGroup":"elever","effect":"trygghet"})");
  Record("DefineIndicator", kBun,
         R"({"id":"q-2027","goalId":"em-2027","organ":"bun","name":"Trygga elever i procent","method":"quantitative","periodicity":"quarterly","target":90})");
  EXPECT_EQ(FirstDuePeriodEnd(h_.state(), h_.state().indicators.at("q-2027")), D("2027-03-31"));
  Record("DefineIndicator", kBun,
         R"({"id":"m-1","goalId":"em-1","organ":"bun","name":"Frånvaro i procent","method":"quantitative","periodicity":"monthly","target":5,"higherIsBetter":false})");
  EXPECT_EQ(FirstDuePeriodEnd(h_.state(), h_.state().indicators.at("m-1")), D("2026-02-28"));
  Record("DefineIndicator", kBun,
         R"({"id":"t-1","goalId":"em-1","organ":"bun","name":"Betyg i procent","method":"quantitative","periodicity":"tertial","target":80})");
  EXPECT_EQ(FirstDuePeriodEnd(h_.state(), h_.state().indicators.at("t-1")), D("2026-04-30"));
}

TEST_F(CompletenessTest, AssessmentWithoutAnalysisUntilOneIsAdded) {
  Record("RecordFollowUp", kBun,
         R"({"id":"dr1","organ":"bun","kind":"interim_report","periodTo":"2026-03-31","goalId":"em-1","assessment":"partly_met"})");
  auto f = FindingOn("2026-04-01", "assessment_without_analysis", "dr1");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->text, "Bedömningen 'delvis uppfyllt' av målet 'Fler elever läser i åk 3' (em-1) i uppföljningen dr1 "
                     "(t.o.m. 2026-03-31) saknar analys");
  // A follow-up that assesses nothing needs no analysis for this rule; blanks are no analysis.
  Record("RecordFollowUp", kBun, R"({"id":"m3","organ":"bun","kind":"monthly","periodTo":"2026-03-31"})");
  Record("RecordFollowUp", kBun, R"({"id":"dr1b","organ":"bun","kind":"interim_report","periodTo":"2026-03-31","assessment":"met","analysis":"  "})");
  findings_ = Findings(h_.state(), D("2026-04-01"));
  EXPECT_FALSE(Find(findings_, "assessment_without_analysis", "m3"));
  ASSERT_TRUE(Find(findings_, "assessment_without_analysis", "dr1b"));
  EXPECT_EQ(Find(findings_, "assessment_without_analysis", "dr1b")->text,
            "Bedömningen 'uppfyllt' i uppföljningen dr1b (t.o.m. 2026-03-31) saknar analys");
  // The analysis added by a correction of the same follow-up.
  const std::string event_id = h_.state().follow_ups.at("dr1").source.event_id.ToHex();
  Record("RecordFollowUp", kBun,
         R"({"id":"dr1","organ":"bun","kind":"interim_report","periodTo":"2026-03-31","goalId":"em-1","assessment":"partly_met",
             "analysis":"Insatserna har startat i 9 av 12 klasser","corrects":{"eventId":")" + event_id +
             R"(","reason":"Analysen saknades"}})");
  EXPECT_FALSE(FindingOn("2026-04-01", "assessment_without_analysis", "dr1"));
}

TEST_F(CompletenessTest, MetAgainstAMissedTargetContradictsUntilCorrected) {
  DefineReadingIndicator();
  Measure("ind-1", "2025-12-31", 78.4);
  FollowUp("met", "Andelen ökar");
  auto f = FindingOn("2026-09-01", "assessment_contradicts_indicator", "dr2");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->organ, "bun");
  EXPECT_EQ(f->text, "Uppföljningen dr2 (t.o.m. 2026-08-31) bedömer målet 'Fler elever läser i åk 3' (em-1) som "
                     "uppfyllt, men indikatorn 'Andel som klarar delproven i procent' visar 78,4 mot målvärdet 85 "
                     "(2025-12-31)");
  // A value for a period after the follow-up's does not decide it; a later correction does.
  Measure("ind-1", "2026-12-31", 88);
  EXPECT_TRUE(FindingOn("2027-01-02", "assessment_contradicts_indicator", "dr2"));
  FollowUp("partly_met", "78,4 % mot målvärdet 85 %: insatserna pågår", h_.state().follow_ups.at("dr2").source.event_id.ToHex());
  EXPECT_FALSE(FindingOn("2027-01-02", "assessment_contradicts_indicator", "dr2"));
}

TEST_F(CompletenessTest, NotMetAgainstEveryTargetReachedContradictsToo) {
  DefineReadingIndicator();
  Record("DefineIndicator", kBun,
         R"({"id":"ind-2","goalId":"em-1","organ":"bun","name":"Frånvaro i procent","method":"quantitative","periodicity":"yearly","target":5,"higherIsBetter":false})");
  Measure("ind-1", "2025-12-31", 86);
  Measure("ind-2", "2025-12-31", 4.5);
  FollowUp("not_met", "Vi är inte nöjda");
  auto f = FindingOn("2026-09-01", "assessment_contradicts_indicator", "dr2");
  ASSERT_TRUE(f);
  EXPECT_NE(f->text.find("som ej uppfyllt, fast indikatorn 'Andel som klarar delproven i procent' visar 86 mot målvärdet 85"),
            std::string::npos)
      << f->text;
  EXPECT_NE(f->text.find("indikatorn 'Frånvaro i procent' visar 4,5 mot målvärdet 5"), std::string::npos) << f->text;
  // Partly met never contradicts; met agrees with every target reached.
  FollowUp("partly_met", "Delvis", h_.state().follow_ups.at("dr2").source.event_id.ToHex());
  EXPECT_FALSE(FindingOn("2026-09-01", "assessment_contradicts_indicator", "dr2"));
  FollowUp("met", "Målen nådda", h_.state().follow_ups.at("dr2").source.event_id.ToHex());
  EXPECT_FALSE(FindingOn("2026-09-01", "assessment_contradicts_indicator", "dr2"));
  // One missed target makes "not met" a fair judgement.
  Measure("ind-2", "2025-12-31", 7);
  FollowUp("not_met", "Frånvaron ökade", h_.state().follow_ups.at("dr2").source.event_id.ToHex());
  EXPECT_FALSE(FindingOn("2026-09-01", "assessment_contradicts_indicator", "dr2"));
}

TEST_F(CompletenessTest, EachRuleSwitchesItsFindingOffForTheKommun) {
  DefineReadingIndicator();  // yearly: first period ends 31 December 2026
  Record("SetOutcomeGoal", kBun,
         R"({"id":"em-2","organ":"bun","year":2026,"title":"Tryggare skolgårdar","strategicGoalIds":["im-1"],
             "targetGroup":"elever","effect":"trygghet"})");
  Record("DefineIndicator", kBun,
         R"({"id":"ind-old","goalId":"em-1","organ":"bun","name":"Läser hemma i procent","method":"quantitative","periodicity":"yearly","target":50})");
  Measure("ind-old", "2025-12-31", 40);
  Record("RecordFollowUp", kBun,
         R"({"id":"dr2","organ":"bun","kind":"interim_report","periodTo":"2026-08-31","goalId":"em-1","assessment":"met"})");
  const char* today = "2027-02-15";
  const std::pair<const char*, const char*> rules[] = {
      {"goal.activity_or_indicator", "goal_without_follow_through"},
      {"indicator.first_measurement", "indicator_never_measured"},
      {"assessment.analysis", "assessment_without_analysis"},
      {"assessment.consistent_with_indicators", "assessment_contradicts_indicator"},
  };
  const std::map<std::string, std::string> subject = {{"goal_without_follow_through", "em-2"},
                                                      {"indicator_never_measured", "ind-1"},
                                                      {"assessment_without_analysis", "dr2"},
                                                      {"assessment_contradicts_indicator", "dr2"}};
  for (const auto& [rule, kind] : rules) EXPECT_TRUE(FindingOn(today, kind, subject.at(kind))) << kind;
  for (const auto& [rule, kind] : rules) {
    SwitchOff(rule);
    EXPECT_FALSE(FindingOn(today, kind, subject.at(kind))) << rule << " is off";
  }
  EXPECT_FALSE(FindingOn(today, "indicator_overdue", "ind-1")) << "no other finding stands in for a switched-off one";
}

TEST_F(CompletenessTest, ReplayedAsOfADateGivesThatDaysFindings) {
  // Recorded over the year: the goal in February, its indicator and activity in March, the
  // assessment "met" for the period to 31 August in September, corrected in October.
  h_.clock().Set(At("2026-03-02T10:00:00Z"));
  DefineReadingIndicator();
  Record("PlanActivity", kBun,
         R"({"id":"akt-1","goalId":"em-1","organ":"bun","title":"Läsfrämjande insatser","responsibleRole":"forvaltningschef","dueDate":"2026-12-31"})");
  Measure("ind-1", "2025-12-31", 78.4);
  h_.clock().Set(At("2026-09-10T10:00:00Z"));
  FollowUp("met", "Andelen ökar");
  h_.clock().Set(At("2026-10-05T10:00:00Z"));
  FollowUp("partly_met", "78,4 % mot 85 %", h_.state().follow_ups.at("dr2").source.event_id.ToHex());
  auto as_of_state = [&](const char* day) {
    auto st = Replay(h_.store(), {std::nullopt, LocalToUtc(D(day), 23, 59)});
    EXPECT_TRUE(st.ok());
    return st.ok() ? *st : DomainState{};
  };
  auto as_of = [&](const char* day) { return Findings(as_of_state(day), D(day)); };
  auto known_at = [&](const char* day) {
    auto st = Replay(h_.store(), {LocalToUtc(D(day), 23, 59), std::nullopt});
    EXPECT_TRUE(st.ok());
    return Findings(*st, D(day));
  };
  // 20 February: the goal had nothing under it yet.
  EXPECT_TRUE(Find(as_of("2026-02-20"), "goal_without_follow_through", "em-1"));
  EXPECT_FALSE(Find(as_of("2026-03-03"), "goal_without_follow_through", "em-1"));
  // As the record stood on 20 September, "met" contradicted the indicator; after the
  // correction it no longer does, and the follow-up is in force from its period end.
  EXPECT_TRUE(Find(known_at("2026-09-20"), "assessment_contradicts_indicator", "dr2"));
  EXPECT_FALSE(Find(known_at("2026-10-06"), "assessment_contradicts_indicator", "dr2"));
  EXPECT_FALSE(Find(as_of("2026-08-30"), "assessment_contradicts_indicator", "dr2"));
  EXPECT_FALSE(Find(Findings(h_.state(), D("2026-10-06")), "assessment_contradicts_indicator", "dr2"));
  // As of a day before the indicator was defined, its measurement of 2025 is not in force either:
  // no nameless row, no finding about it.
  DomainState before = as_of_state("2026-02-20");
  EXPECT_FALSE(before.indicators.count("ind-1"));
  for (const auto& f : Findings(before, D("2026-02-20"))) EXPECT_NE(f.subject, "ind-1") << f.text;
  // Never measured is judged on the day asked about, not today.
  Record("DefineIndicator", kBun,
         R"({"id":"ind-q","goalId":"em-1","organ":"bun","name":"Läser hemma i procent","method":"quantitative","periodicity":"quarterly","target":50})");
  EXPECT_FALSE(Find(Findings(h_.state(), D("2027-01-30")), "indicator_never_measured", "ind-q"));
  EXPECT_TRUE(Find(Findings(h_.state(), D("2027-01-31")), "indicator_never_measured", "ind-q"));
}

}  // namespace
}  // namespace arshjul::engine
