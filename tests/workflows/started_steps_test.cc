// The deadlines a decision starts, from the shipped standard.yaml and the
// example kommun's organisation: justering 14 days after the meeting, anslag
// two days after the justering, laga kraft three weeks after the anslag —
// statutory, so a deadline on a non-working day moves to the next working day
// (Lag (1930:173) 2 §). Dates chosen over Easter, Kristi himmelsfärd,
// midsommar and the new year.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/planner.h"
#include "arshjul/engine/scheduler.h"
#include "arshjul/engine/started_steps.h"
#include "arshjul/workflows/organization_loader.h"
#include "arshjul/workflows/template_loader.h"

namespace arshjul::workflows {
namespace {

const std::string kSource = ARSHJUL_SOURCE_DIR;

engine::Date D(const std::string& text) { return engine::ParseDate(text).value_or(engine::Date{}); }

class StartedSteps : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = LoadTemplate(kSource + "/workflows/examples/exempelkommun/arshjul.yaml");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    tmpl_ = *t;
    auto o = LoadOrganization(kSource + "/workflows/examples/exempelkommun/organization.yaml");
    ASSERT_TRUE(o.ok()) << o.status().ToString();
    org_ = *o;
  }

  // step id → deadline for one meeting.
  std::map<std::string, std::string> Deadlines(const std::string& organ, const std::string& meeting) {
    std::map<std::string, std::string> out;
    const engine::Date d = D(meeting);
    for (const auto& i : engine::StartedInstances(tmpl_, org_, {engine::MeetingTrigger(organ, d)}, 2026, 2028)) {
      EXPECT_EQ(i.id, meeting.substr(0, 4) + "/" + i.step_id + "/" + organ + "/" + meeting);
      out[i.step_id] = engine::ToString(i.deadline);
    }
    return out;
  }

  engine::AnnualCycleTemplate tmpl_;
  engine::Organization org_;
};

using Dates = std::map<std::string, std::string>;

TEST_F(StartedSteps, Easter) {
  // 24 March + 2 = långfredagen 26 March 2027; påskafton, påskdagen, annandag påsk follow.
  EXPECT_EQ(Deadlines("ks", "2027-03-10"),
            (Dates{{"justering", "2027-03-24"}, {"anslag", "2027-03-30"}, {"laga_kraft", "2027-04-20"}}));
  // The justering itself due on långfredagen.
  EXPECT_EQ(Deadlines("ks", "2027-03-12"),
            (Dates{{"justering", "2027-03-30"}, {"anslag", "2027-04-01"}, {"laga_kraft", "2027-04-22"}}));
}

TEST_F(StartedSteps, KristiHimmelsfard) {
  // The appeal period ends on Kristi himmelsfärds dag, 6 May 2027.
  EXPECT_EQ(Deadlines("bun", "2027-03-30"),
            (Dates{{"justering", "2027-04-13"}, {"anslag", "2027-04-15"}, {"laga_kraft", "2027-05-07"}}));
}

TEST_F(StartedSteps, Midsommar) {
  // 14 days after 11 June 2027 is midsommarafton, then midsommardagen and a Sunday.
  EXPECT_EQ(Deadlines("sn", "2027-06-11"),
            (Dates{{"justering", "2027-06-28"}, {"anslag", "2027-06-30"}, {"laga_kraft", "2027-07-21"}}));
}

TEST_F(StartedSteps, NewYear) {
  // Nyårsafton 2027, nyårsdagen (a Saturday) and a Sunday.
  EXPECT_EQ(Deadlines("kf", "2027-12-17"),
            (Dates{{"justering", "2028-01-03"}, {"anslag", "2028-01-05"}, {"laga_kraft", "2028-01-26"}}));
  // The anslag due on trettondedag jul.
  EXPECT_EQ(Deadlines("kf", "2027-12-21"),
            (Dates{{"justering", "2028-01-04"}, {"anslag", "2028-01-07"}, {"laga_kraft", "2028-01-28"}}));
}

TEST_F(StartedSteps, RemindersRolesAndTheChainFollowTheActualCompletion) {
  auto instances = engine::StartedInstances(tmpl_, org_, {engine::MeetingTrigger("ks", D("2027-03-10"))}, 2027, 2027);
  ASSERT_EQ(instances.size(), 3u);
  for (const auto& i : instances) {
    EXPECT_FALSE(i.reminders.empty()) << i.id;
    EXPECT_EQ(i.responsible_role, "kommunsekreterare") << i.id;
    EXPECT_TRUE(i.statutory);
    EXPECT_FALSE(i.legal_basis.empty());
  }
  EXPECT_EQ(instances[1].depends_on, std::vector<std::string>{"2027/justering/ks/2027-03-10"});
  // Justerat early, on Thursday 18 March: the anslag is due two days later,
  // Saturday 20 March, so Monday 22 March; the appeal period counts from it.
  engine::DomainState state;
  state.completed_steps["2027/justering/ks/2027-03-10"] = "2027-03-18";
  auto moved = engine::ApplyCompletionAnchors(instances, state);
  EXPECT_EQ(engine::ToString(moved[1].deadline), "2027-03-22");
  state.completed_steps["2027/anslag/ks/2027-03-10"] = "2027-03-19";
  moved = engine::ApplyCompletionAnchors(instances, state);
  EXPECT_EQ(engine::ToString(moved[2].deadline), "2027-04-09");
  // Outside the years asked for: nothing; the calendar planner never plans them.
  EXPECT_TRUE(engine::StartedInstances(tmpl_, org_, {engine::MeetingTrigger("ks", D("2027-03-10"))}, 2028, 2028).empty());
  auto plan = engine::Plan(tmpl_, org_, 2027);
  ASSERT_TRUE(plan.ok());
  for (const auto& i : *plan) EXPECT_NE(i.step_id, "justering");
}

TEST_F(StartedSteps, OneMeetingPerOrganAndDateFromTheRecordedDecisions) {
  engine::DomainState state;
  state.decisions["a"].organ = "ks";
  state.decisions["a"].meeting_date = D("2027-03-10");
  state.decisions["b"].organ = "ks";
  state.decisions["b"].meeting_date = D("2027-03-10");
  state.decisions["c"].organ = "kf";
  state.decisions["c"].meeting_date = D("2027-03-22");
  const auto triggers = engine::MeetingsWithDecisions(state);
  ASSERT_EQ(triggers.size(), 2u);
  EXPECT_EQ(triggers[0].organ, "kf");
  EXPECT_EQ(triggers[1].organ, "ks");
}

}  // namespace
}  // namespace arshjul::workflows
