// Core promises pinned at their boundaries: an event effective exactly at the
// as-of instant (recorded exactly at the known-at instant) is part of the
// replay, one microsecond earlier it is not; the two-year deficit rule raises
// no finding in the last year of its window and a finding the year after.
#include <gtest/gtest.h>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/oversight.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using std::chrono::microseconds;
using testing::At;
using testing::DomainHarness;

Command Vision(const std::string& id, Timestamp effective_at) {
  Command c;
  c.name = "SetVision";
  c.command_id = "cmd-" + id;
  c.actor = {"anna", "kommunsekreterare", "kf"};
  c.effective_at = effective_at;
  c.payload_json = R"({"id":")" + id + R"(","organ":"kf","text":"En vision","horizonYear":2035})";
  return c;
}

TEST(ReplayBoundary, AsOfIncludesAnEventEffectiveExactlyThen) {
  DomainHarness h;
  const Timestamp effective = At("2026-03-01T09:00:00Z");
  ASSERT_TRUE(h.handler().Handle(Vision("v-1", effective)).ok());
  auto at = Replay(h.store(), {std::nullopt, effective});
  ASSERT_TRUE(at.ok());
  EXPECT_TRUE(at->visions.count("v-1"));
  auto before = Replay(h.store(), {std::nullopt, effective - microseconds(1)});
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->visions.count("v-1"));
}

TEST(ReplayBoundary, KnownAtIncludesAnEventRecordedExactlyThen) {
  DomainHarness h;
  const Timestamp recorded = At("2026-05-04T12:34:56.789012Z");
  h.clock().Set(recorded);
  auto out = h.handler().Handle(Vision("v-2", At("2026-01-01T00:00:00Z")));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->appended.recorded_at, recorded);
  auto at = Replay(h.store(), {recorded, std::nullopt});
  ASSERT_TRUE(at.ok());
  EXPECT_TRUE(at->visions.count("v-2"));
  auto before = Replay(h.store(), {recorded - microseconds(1), std::nullopt});
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->visions.count("v-2"));
}

bool HasDeficitFinding(const DomainState& st, const std::string& subject, Date today) {
  for (const Finding& f : Findings(st, today)) {
    if (f.kind == "deficit_not_recovered" && f.subject == subject) return true;
  }
  return false;
}

// Socialnämnden (no KF exception) ends 2023 with a deficit it never recovers:
// the window is 2024–2025, so 2025 is its last year and 2026 the year after.
TEST(DeficitRule, NoFindingInTheLastYearOfTheWindowAFindingTheYearAfter) {
  DomainHarness h;
  h.MustRecord("ReportOutcome", "deficit-sn", "eva/namndsekreterare/sn",
               R"({"organ":"sn","year":2023,"budget":100,"outcome":110})");
  using std::chrono::year, std::chrono::day;
  EXPECT_FALSE(HasDeficitFinding(h.state(), "sn/2023", Date{year{2025}, std::chrono::January, day{1}}));
  EXPECT_FALSE(HasDeficitFinding(h.state(), "sn/2023", Date{year{2025}, std::chrono::December, day{31}}));
  EXPECT_TRUE(HasDeficitFinding(h.state(), "sn/2023", Date{year{2026}, std::chrono::January, day{1}}));
  EXPECT_EQ(h.state().deficit_exceptions.count("sn/2023"), 0u);
}

}  // namespace
}  // namespace arshjul::engine
