// Decide without a store: the rules run on a DomainState alone (PureDomain
// applies each decided event straight to the state), and the decision names
// its stream, expected version and events.
#include "arshjul/engine/decide.h"

#include <gtest/gtest.h>

#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::MakeCommand;
using testing::PureDomain;

Date Day(const char* text) { return *ParseDate(text); }

const char* kForecast = R"({"organ":"bun","year":2026,"month":3,"budget":1,"forecast":1})";

TEST(DecideTest, ARuleRefusesWithItsIdAndFieldAndTheStateIsUntouched) {
  PureDomain d;
  DomainState before = d.state();
  auto r = Decide(d.state(), MakeCommand("ReportForecast", "f-1", "cia/controller/bun",
                                         R"({"organ":"bun","year":2026,"month":8,"budget":100,"forecast":103})"),
                  Day("2026-01-10"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kRejected);
  EXPECT_EQ(r.status().rule(), "forecast.remedial_actions");
  EXPECT_EQ(r.status().field(), "payload.remedialActions");
  EXPECT_TRUE(d.state() == before);
}

TEST(DecideTest, ADecisionNamesStreamEventAndEffectiveTimeFromThePayloadsOwnDate) {
  PureDomain d;
  auto r = Decide(d.state(),
                  MakeCommand("RecordDecision", "d-1", "bo/namndsekreterare/bun",
                              R"({"id":"d1","organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 14","registryNumber":"BUN/2026:31","title":"Riktlinje"})"),
                  Day("2026-01-10"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stream, "organ/bun/decisions");
  EXPECT_EQ(r->expected.kind, storage::ExpectedVersion::Kind::kAny);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].type, "DecisionRecorded");
  ASSERT_TRUE(r->events[0].effective_at.has_value());
  EXPECT_EQ(LocalDate(*r->events[0].effective_at), Day("2026-03-12"));
  EXPECT_EQ(r->spec, FindByCommand("RecordDecision"));
  // The payload is the command's JSON, encoded: it reads back as the same fields.
  auto json = r->spec->to_json(r->events[0].payload);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("BUN/2026:31"), std::string::npos) << *json;
}

TEST(DecideTest, AccessIsJudgedOnTheDayOfRecordingGivenToDecide) {
  PureDomain d;
  Command cia = MakeCommand("ReportForecast", "f-1", "cia/controller/bun", kForecast);
  Command dan = MakeCommand("ReportForecast", "f-1", "dan/controller/bun", kForecast);
  // Cia is controller in BUN until 2026-06-30, Dan from 2026-07-01.
  EXPECT_TRUE(Decide(d.state(), cia, Day("2026-06-30")).ok());
  auto late = Decide(d.state(), cia, Day("2026-07-01"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().rule(), "actor.holds_role");
  EXPECT_EQ(late.status().field(), "actor.person");
  EXPECT_NE(late.status().message().find("2026-07-01"), std::string::npos) << late.status().message();
  EXPECT_FALSE(Decide(d.state(), dan, Day("2026-06-30")).ok());
  EXPECT_TRUE(Decide(d.state(), dan, Day("2026-07-01")).ok());
}

TEST(DecideTest, APayloadWithoutItsOwnDateProposesNoEffectiveTime) {
  PureDomain d;
  // An assignment has no own date: the store will use the recording time.
  auto r = Decide(d.state(),
                  MakeCommand("GiveAssignment", "u-1", "anna/kommunsekreterare/ks",
                              R"({"id":"u1","fromOrgan":"ks","toOrgan":"forv","toRole":"forvaltningschef","via":"kommunchef","text":"Utred lokaler","dueDate":"2026-05-31"})"),
                  Day("2026-02-01"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->events[0].effective_at.has_value());
  EXPECT_EQ(r->stream, "organ/ks/assignments");
}

TEST(DecideTest, TheCouncilDecidesAboutAnotherOrgansStream) {
  PureDomain d;
  Command kf = MakeCommand("SetBudgetFrame", "b-1", "anna/kommunsekreterare/kf",
                           R"({"organ":"bun","year":2027,"amount":105})");
  auto r = Decide(d.state(), kf, Day("2026-01-10"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stream.rfind("organ/bun/", 0), 0u) << r->stream;
  // Bo holds a role in BUN, not in KF: he may not set BUN's frame.
  auto bo = Decide(d.state(), MakeCommand("SetBudgetFrame", "b-1", "bo/namndsekreterare/bun",
                                          R"({"organ":"bun","year":2027,"amount":105})"),
                   Day("2026-01-10"));
  ASSERT_FALSE(bo.ok());
  EXPECT_EQ(bo.status().rule(), "actor.holds_role");
}

TEST(DecideTest, MalformedCommandsNameTheField) {
  PureDomain d;
  auto unknown = Decide(d.state(), MakeCommand("Frobnicate", "x", "bo/namndsekreterare/bun", "{}"), Day("2026-01-10"));
  EXPECT_EQ(unknown.status().field(), "command");
  auto no_id = Decide(d.state(), MakeCommand("ReportForecast", "", "cia/controller/bun", kForecast), Day("2026-01-10"));
  EXPECT_EQ(no_id.status().field(), "command_id");
  auto bad_json = Decide(d.state(), MakeCommand("ReportForecast", "f", "cia/controller/bun", R"({"organ":)"),
                         Day("2026-01-10"));
  EXPECT_EQ(bad_json.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_json.status().field(), "payload");
  auto unknown_organ = Decide(d.state(), MakeCommand("ReportForecast", "f", "cia/controller/bun",
                                                     R"({"organ":"xyz","year":2026,"month":3,"budget":1,"forecast":1})"),
                              Day("2026-01-10"));
  EXPECT_EQ(unknown_organ.status().field(), "payload.organ");
}

TEST(DecideTest, RulesThatReadEarlierStateSeeWhatPureDomainApplied) {
  PureDomain d;
  const char* actor = "bo/namndsekreterare/bun";
  d.MustRecord("SetStrategicGoal", "sg", "anna/kommunsekreterare/kf",
               R"({"id":"im-1","organ":"kf","title":"Alla barn ska lyckas","periodFrom":"2026-01-01"})");
  std::string goal =
      R"({"id":"em-1","organ":"bun","year":2027,"title":"Fler når målen","strategicGoalIds":["im-1"],"targetGroup":"elever","effect":"högre måluppfyllelse"})";
  d.MustRecord("SetOutcomeGoal", "em", actor, goal);
  EXPECT_EQ(d.state().outcome_goals.count("em-1"), 1u);
  // The same id again is not new: a change is recorded as a correction.
  auto again = d.Record("SetOutcomeGoal", "em-2", actor, goal);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().field(), "payload.id");
}

}  // namespace
}  // namespace arshjul::engine

namespace arshjul::engine {
namespace {

// No sentinel dates: a recorded payload whose date does not parse (check would
// have refused it) is Corruption when applied, naming the value — not 1970-01-01.
TEST(ApplyTest, ABadDateInARecordedEventIsCorruptionNotASentinel) {
  const EventSpec* spec = FindByCommand("GiveAssignment");
  ASSERT_NE(spec, nullptr);
  auto payload = spec->encode(
      R"({"id":"u1","fromOrgan":"ks","toOrgan":"forv","toRole":"forvaltningschef","text":"x","dueDate":"2026-13-40"})");
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  storage::RecordedEvent e;
  e.type = spec->event_type;
  e.payload = *payload;
  DomainState state;
  Status st = state.Apply(e);
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
  EXPECT_NE(st.message().find("2026-13-40"), std::string::npos) << st.message();
  EXPECT_TRUE(state.assignments.empty());
}

}  // namespace
}  // namespace arshjul::engine
