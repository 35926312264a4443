// How the example wheel names the instances of steps whose period is the
// coming year (the budget, the verksamhetsplan): "<planned year>/<step>/<organ>/
// <period end>", so the 2026 wheel's verksamhetsplan for 2027 is
// 2026/verksamhetsplan_arbete/ofn/2027-12-31, due in November 2026 — one id
// per planned year, never the same in two years' plans — and its reminder
// says which period it is about.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/planner.h"
#include "arshjul/engine/scheduler.h"
#include "arshjul/workflows/organization_loader.h"
#include "arshjul/workflows/template_loader.h"

namespace arshjul::workflows {
namespace {

const std::string kExample = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun";

TEST(PeriodNaming, AStepForTheComingYearIsNamedByItsPlannedYearAndThePeriodItCovers) {
  ASSERT_TRUE(engine::LoadStockholmTimeZone().ok());
  auto tmpl = LoadTemplate(kExample + "/arshjul.yaml");
  auto org = LoadOrganization(kExample + "/organization.yaml");
  ASSERT_TRUE(tmpl.ok() && org.ok());
  std::map<std::string, int> seen;  // id → planned year
  for (int year : {2026, 2027, 2028}) {
    auto plan = engine::Plan(*tmpl, *org, year);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    for (const engine::StepInstance& i : *plan) {
      auto [at, added] = seen.emplace(i.id, year);
      EXPECT_TRUE(added) << i.id << " planned in " << at->second << " and " << year;
      EXPECT_EQ(i.year, year);
      EXPECT_EQ(i.id.substr(0, 4), std::to_string(year)) << i.id;
      if (!i.period) continue;
      EXPECT_EQ(i.id.substr(i.id.size() - 10), engine::ToString(i.period->to)) << i.id;
      const engine::StepTemplate* s = tmpl->FindStep(i.step_id);
      if (s == nullptr) s = tmpl->FindStep("kf_budget");  // the election-year redo
      ASSERT_NE(s, nullptr) << i.step_id;
      if (s->period->kind == engine::PeriodRule::Kind::kFixed) {
        EXPECT_EQ(static_cast<int>(i.period->to.year()), year + s->period->year_offset) << i.id;
      }
    }
  }
  auto plan = engine::Plan(*tmpl, *org, 2026);
  const engine::StepInstance* vp = nullptr;
  for (const auto& i : *plan)
    if (i.id == "2026/verksamhetsplan_arbete/ofn/2027-12-31") vp = &i;
  ASSERT_NE(vp, nullptr);
  EXPECT_EQ(engine::ToString(vp->deadline), "2026-11-30");
  EXPECT_EQ(engine::ToString(vp->period->from), "2027-01-01");
  EXPECT_TRUE(seen.count("2027/verksamhetsplan_arbete/ofn/2028-12-31"));

  // Its reminder names the period, so the id's 2027 reads as what it is.
  engine::DomainState state;
  state.org = *org;
  engine::Scheduler scheduler({*vp}, {});
  auto decision = scheduler.Decide(state.org, state, engine::LocalToUtc(*engine::ParseDate("2026-11-30"), 9, 0));
  ASSERT_FALSE(decision.schedule.empty());
  const std::string& body = decision.schedule.front().body;
  EXPECT_NE(body.find("Avser perioden 2027-01-01 – 2027-12-31 (årshjulet 2026)."), std::string::npos) << body;
}

}  // namespace
}  // namespace arshjul::workflows
