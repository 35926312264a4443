// Oversight findings that depend on dates: when an indicator's next
// measurement falls due (NextPeriodEnd) and the overdue finding that follows.
#include <gtest/gtest.h>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/oversight.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

Date D(const char* text) { return *ParseDate(text); }

TEST(NextPeriodEnd, AMonthEndIsFollowedByAMonthEnd) {
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-06-30"), Periodicity::kHalfYear)), "2026-12-31");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-12-31"), Periodicity::kHalfYear)), "2027-06-30");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-03-31"), Periodicity::kQuarterly)), "2026-06-30");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-06-30"), Periodicity::kQuarterly)), "2026-09-30");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-04-30"), Periodicity::kTertial)), "2026-08-31");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2027-01-31"), Periodicity::kMonthly)), "2027-02-28");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2027-02-28"), Periodicity::kMonthly)), "2027-03-31");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2027-12-31"), Periodicity::kYearly)), "2028-12-31");
}

TEST(NextPeriodEnd, AnotherDayKeepsItsNumber) {
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-06-15"), Periodicity::kHalfYear)), "2026-12-15");
  EXPECT_EQ(ToString(NextPeriodEnd(D("2026-08-30"), Periodicity::kHalfYear)), "2027-02-28");
}

TEST(IndicatorOverdue, AHalfYearIndicatorFallsDueOnTheThirtyFirstOfDecember) {
  testing::DomainHarness h;
  h.MustRecord("SetStrategicGoal", "sg", "anna/kommunsekreterare/kf",
               R"({"id":"im-1","organ":"kf","title":"Trygghet","periodFrom":"2026-01-01"})");
  h.MustRecord("SetOutcomeGoal", "g", "bo/namndsekreterare/bun",
               R"({"id":"em-1","organ":"bun","year":2026,"title":"Trygga elever","strategicGoalIds":["im-1"],
                   "targetGroup":"elever","effect":"trygghet"})");
  h.MustRecord("DefineIndicator", "i", "bo/namndsekreterare/bun",
               R"({"id":"i-1","goalId":"em-1","organ":"bun","name":"Upplevd trygghet","method":"quantitative",
                   "periodicity":"half_year","target":90})");
  h.MustRecord("MeasureIndicator", "m", "bo/namndsekreterare/bun",
               R"({"indicatorId":"i-1","organ":"bun","periodEnd":"2026-06-30","value":86})");
  auto overdue = [&](const char* today) {
    for (const Finding& f : Findings(h.state(), D(today)))
      if (f.kind == "indicator_overdue" && f.subject == "i-1") return f.text;
    return std::string();
  };
  // 30 days of grace counted from 31 December, not from 30 December.
  EXPECT_EQ(overdue("2027-01-30"), "");
  EXPECT_NE(overdue("2027-01-31").find("perioden som slutade 2026-12-31"), std::string::npos) << overdue("2027-01-31");
}

}  // namespace
}  // namespace arshjul::engine
