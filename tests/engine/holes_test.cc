// The holes a new user found, each a refusal naming the field, with nothing
// written: an empty remedial action, a decision on a day without a meeting,
// the same § twice in one meeting, a diarienummer off the kommun's pattern, a
// CompleteStep naming no step instance, a command id reused with other
// content, and an expectedVersion the stream has moved past.
#include <gtest/gtest.h>

#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

constexpr char kSecretary[] = "anna/kommunsekreterare/ks";

class Holes : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.MustRecord("ScheduleMeeting", "m1", "system/system/ks", R"({"organ":"ks","date":"2027-03-10"})");
    h_.MustRecord("ScheduleMeeting", "m2", "system/system/ks", R"({"organ":"ks","date":"2027-04-07"})");
  }
  static std::string Decision(const std::string& id, const std::string& date, const std::string& item,
                              const std::string& number = "KS/2027:10") {
    return R"({"id":")" + id + R"(","organ":"ks","meetingDate":")" + date + R"(","minuteItem":")" + item +
           R"(","registryNumber":")" + number + R"(","title":"Riktlinje"})";
  }
  // Refused with `code`, naming `field` (and `words` in the message); nothing written.
  void ExpectRefused(const std::string& command, const std::string& id, const std::string& actor,
                     const std::string& json, StatusCode code, const std::string& field, const std::string& words) {
    const uint64_t before = h_.EventCount();
    auto r = h_.Record(command, id, actor, json);
    ASSERT_FALSE(r.ok()) << command << " went through";
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    if (!field.empty()) {
      EXPECT_EQ(r.status().field(), field) << r.status().ToString();
    }
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
    EXPECT_EQ(h_.EventCount(), before) << "something was written";
  }
  DomainHarness h_;
};

TEST_F(Holes, AnEmptyRemedialActionIsRefused) {
  ExpectRefused("ReportForecast", "f1", "dan/controller/bun",
                R"({"organ":"bun","year":2027,"month":8,"budget":100e6,"forecast":103e6,"remedialActions":["Färre vikarier",""]})",
                StatusCode::kInvalidArgument, "payload.remedialActions[1]", "åtgärd 2 är tom");
  ExpectRefused("ReportForecast", "f2", "dan/controller/bun",
                R"({"organ":"bun","year":2027,"month":8,"budget":100e6,"forecast":103e6,"remedialActions":["  "]})",
                StatusCode::kInvalidArgument, "payload.remedialActions[0]", "tom");
}

TEST_F(Holes, ADecisionOnADayWithoutAMeetingIsRefused) {
  ExpectRefused("RecordDecision", "d1", kSecretary, Decision("ks-1", "2027-03-11", "§ 1"), StatusCode::kRejected,
                "payload.meetingDate", "ks har inget sammanträde 2027-03-11");
  h_.MustRecord("RecordDecision", "d2", kSecretary, Decision("ks-1", "2027-03-10", "§ 1"));
  // A year without a recorded meeting plan is not held to one.
  h_.MustRecord("RecordDecision", "d3", kSecretary, Decision("ks-2", "2029-05-02", "§ 1", "KS/2029:1"));
}

TEST_F(Holes, TheSameMinuteItemTwiceInOneMeetingIsRefused) {
  h_.MustRecord("RecordDecision", "d1", kSecretary, Decision("ks-1", "2027-03-10", "§ 31"));
  ExpectRefused("RecordDecision", "d2", kSecretary, Decision("ks-2", "2027-03-10", "§ 31", "KS/2027:11"),
                StatusCode::kRejected, "payload.minuteItem", "§ 31 vid kss sammanträde 2027-03-10 är redan beslutet 'ks-1'");
  h_.MustRecord("RecordDecision", "d3", kSecretary, Decision("ks-2", "2027-04-07", "§ 31", "KS/2027:11"));
}

TEST_F(Holes, ARegistryNumberOffTheKommunsPatternIsRefused) {
  h_.MustRecord("ConfigureRule", "r1", "system/system/ks",
                R"({"rule":"decision.registry_number","enabled":true,"params":[{"key":"pattern","value":"^KS/[0-9]{4}:[0-9]+$"}]})");
  ExpectRefused("RecordDecision", "d1", kSecretary, Decision("ks-1", "2027-03-10", "§ 1", "2027-10"),
                StatusCode::kRejected, "payload.registryNumber", "diarienumret '2027-10' följer inte kommunens mönster");
  h_.MustRecord("RecordDecision", "d2", kSecretary, Decision("ks-1", "2027-03-10", "§ 1", "KS/2027:10"));
}

TEST_F(Holes, CompleteStepForNoStepInstanceIsRefused) {
  const std::string actor = "bo/namndsekreterare/bun";
  ExpectRefused("CompleteStep", "c1", actor, R"({"instanceId":"delarsrapport","organ":"bun","completedOn":"2027-04-21"})",
                StatusCode::kInvalidArgument, "payload.instanceId", "finns inte i årshjulet");
  ExpectRefused("CompleteStep", "c2", actor,
                R"({"instanceId":"2027/delarsrapport_1/sn/2027-03-31","organ":"bun","completedOn":"2027-04-21"})",
                StatusCode::kInvalidArgument, "payload.instanceId", "gäller organet 'sn', inte 'bun'");
  h_.MustRecord("CompleteStep", "c3", actor,
                R"({"instanceId":"2027/namnd_delarsrapport_1/bun/2027-03-31","organ":"bun","completedOn":"2027-04-21"})");
}

TEST_F(Holes, ACommandIdReusedWithOtherContentIsAConflictNamingTheId) {
  h_.MustRecord("RecordDecision", "same-id", kSecretary, Decision("ks-1", "2027-03-10", "§ 1"));
  auto again = h_.Record("RecordDecision", "same-id", kSecretary, Decision("ks-1", "2027-03-10", "§ 1"));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->appended.duplicate);
  ExpectRefused("RecordDecision", "same-id", kSecretary, Decision("ks-9", "2027-04-07", "§ 9"), StatusCode::kConflict,
                "", "kommando-id 'same-id' är redan använt för ett annat kommando");
}

TEST_F(Holes, ExpectedVersionMismatchIsAConflictNamingTheActualVersion) {
  h_.MustRecord("RecordDecision", "d1", kSecretary, Decision("ks-1", "2027-03-10", "§ 1"));
  const uint64_t version = h_.state().decisions.size() - 1;  // the stream's only event: version 0
  Command c;
  c.name = "RecordDecision";
  c.command_id = "d2";
  c.actor = storage::Actor{"anna", "kommunsekreterare", "ks"};
  c.payload_json = Decision("ks-2", "2027-03-10", "§ 2");
  c.expected_version = version + 5;
  const uint64_t before = h_.EventCount();
  auto r = h_.handler().Handle(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_NE(r.status().message().find("version " + std::to_string(version)), std::string::npos)
      << r.status().message();
  EXPECT_EQ(h_.EventCount(), before);
  c.expected_version = version;
  auto ok = h_.handler().Handle(c);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->appended.first_version, version + 1);
}

// A step whose completion is DecisionRecorded (KF's budget) is completed by
// the decision that names it; a decision naming another organ's step is refused.
TEST_F(Holes, ADecisionCompletesTheStepsItNames) {
  const std::string kf = "anna/kommunsekreterare/kf";
  ExpectRefused("RecordDecision", "b1", kf,
                R"({"id":"kf-1","organ":"kf","meetingDate":"2027-06-14","minuteItem":"§ 50","registryNumber":"KS/2027:5",
                    "title":"Budget 2028","decides":"budget","completesSteps":["2027/kf_budget/ks/2028-12-31"]})",
                StatusCode::kInvalidArgument, "payload.completesSteps", "gäller organet 'ks', inte 'kf'");
  h_.MustRecord("RecordDecision", "b2", kf,
                R"({"id":"kf-1","organ":"kf","meetingDate":"2027-06-14","minuteItem":"§ 50","registryNumber":"KS/2027:5",
                    "title":"Budget 2028","decides":"budget","completesSteps":["2027/kf_budget/kf/2028-12-31"]})");
  EXPECT_EQ(h_.state().completed_steps.at("2027/kf_budget/kf/2028-12-31"), "2027-06-14");
}

}  // namespace
}  // namespace arshjul::engine
