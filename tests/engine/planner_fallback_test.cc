// Tests for years whose meeting plans are not decided yet: a meeting rule's
// fallback gives a preliminary date (and every step counted from it is
// preliminary too); without a fallback the year is an error naming the
// missing plan; a meeting missing from a year that has meetings stays an
// error; the oversight finding names the organ and year.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/oversight.h"
#include "arshjul/engine/planner.h"

namespace arshjul::engine {
namespace {

Date D(const std::string& text) { return ParseDate(text).value_or(Date{}); }

Organization SmallOrganization() {
  Organization org;
  org.municipality_id = "testkommun";
  org.organs["kf"] = Organ{"kf", "Fullmäktige", OrganKind::kCouncil, "", {D("2027-04-26"), D("2027-06-14")}};
  org.organs["ks"] = Organ{"ks", "Styrelsen", OrganKind::kExecutiveBoard, "kf", {D("2027-03-10"), D("2027-06-02")}};
  org.roles["kommunchef"] = Role{"kommunchef", "Kommunchef", ""};
  org.holdings.push_back(RoleHolding{"anna", "kommunchef", "ks", D("2020-01-01"), std::nullopt});
  org.holdings.push_back(RoleHolding{"anna", "kommunchef", "kf", D("2020-01-01"), std::nullopt});
  return org;
}

StepTemplate MeetingStep(const std::string& id, std::optional<MonthDay> fallback) {
  StepTemplate s;
  s.id = id;
  s.title = "Årsredovisningen till styrelsen";
  s.responsible = Responsible{{"ks"}, {"kommunchef"}};
  s.deadline.anchor = AnchorKind::kMeeting;
  s.deadline.meeting = MeetingRef{"ks", 3, 1, fallback};
  s.deadline.offset = DateOffset{-3, OffsetUnit::kWeeks};
  return s;
}

StepTemplate CountedFrom(const std::string& id, const std::string& from) {
  StepTemplate s;
  s.id = id;
  s.title = "Följer av " + from;
  s.responsible = Responsible{{"kf"}, {"kommunchef"}};
  s.deadline.anchor = AnchorKind::kStep;
  s.deadline.step = from;
  s.deadline.offset = DateOffset{2, OffsetUnit::kWeeks};
  return s;
}

AnnualCycleTemplate Wheel(std::vector<StepTemplate> steps) {
  AnnualCycleTemplate t;
  t.id = "test";
  t.name = "Testhjul";
  t.steps = std::move(steps);
  return t;
}

TEST(PlannerFallback, KnownMeetingsGiveFirmDates) {
  auto plan = Plan(Wheel({MeetingStep("a", MonthDay{3, 15}), CountedFrom("b", "a")}), SmallOrganization(), 2027);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ(ToString((*plan)[0].deadline), "2027-02-17");  // 10 March − 3 weeks
  EXPECT_FALSE((*plan)[0].preliminary);
  EXPECT_FALSE((*plan)[1].preliminary);
}

TEST(PlannerFallback, UnknownYearUsesTheFallbackAndMarksItPreliminary) {
  auto plan = Plan(Wheel({MeetingStep("a", MonthDay{3, 15}), CountedFrom("b", "a")}), SmallOrganization(), 2029);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->size(), 2u);
  const StepInstance& a = (*plan)[0];
  EXPECT_EQ(ToString(a.deadline), "2029-02-22");  // 15 March − 3 weeks
  EXPECT_TRUE(a.preliminary);
  EXPECT_EQ(a.preliminary_reason, "sammanträdesplan saknas för ks 2029");
  const StepInstance& b = (*plan)[1];
  EXPECT_EQ(ToString(b.deadline), "2029-03-08");  // counted from the preliminary date
  EXPECT_TRUE(b.preliminary);
  EXPECT_EQ(b.preliminary_reason, a.preliminary_reason);
}

TEST(PlannerFallback, UnknownYearWithoutFallbackIsAnErrorNamingThePlan) {
  auto plan = Plan(Wheel({MeetingStep("a", std::nullopt)}), SmallOrganization(), 2029);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().field(), "steps[a].deadline.meeting");
  EXPECT_NE(plan.status().message().find("sammanträdesplan saknas för ks 2029"), std::string::npos)
      << plan.status().message();
  EXPECT_NE(plan.status().message().find("meeting.fallback"), std::string::npos);
}

TEST(PlannerFallback, AMissingMeetingInAPlannedYearIsStillAnError) {
  StepTemplate s = MeetingStep("a", MonthDay{7, 15});
  s.deadline.meeting.month = 7;  // ks meets in 2027, but not in July
  auto plan = Plan(Wheel({s}), SmallOrganization(), 2027);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("ks har inget första sammanträde i juli 2027"), std::string::npos)
      << plan.status().message();
}

TEST(PlannerFallback, MissingMeetingPlanIsAnOversightFinding) {
  DomainState state;
  state.org = SmallOrganization();
  std::vector<Finding> in2027;
  for (const Finding& f : Findings(state, D("2027-05-01")))
    if (f.kind == "meeting_plan_missing") in2027.push_back(f);
  ASSERT_EQ(in2027.size(), 2u);  // 2028 for kf and ks
  EXPECT_EQ(in2027[0].organ, "kf");
  EXPECT_EQ(in2027[0].subject, "kf/2028");
  EXPECT_EQ(in2027[1].subject, "ks/2028");
  EXPECT_NE(in2027[1].text.find("Sammanträdesplan saknas för ks 2028"), std::string::npos) << in2027[1].text;
  int in2029 = 0;
  for (const Finding& f : Findings(state, D("2029-01-10"))) in2029 += f.kind == "meeting_plan_missing";
  EXPECT_EQ(in2029, 4);  // 2029 and 2030, kf and ks
}

}  // namespace
}  // namespace arshjul::engine
