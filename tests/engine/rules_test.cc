// Every rule of the domain: the refusal (its rule id, field and Swedish
// message, and that nothing was written) and the valid case that goes through.
#include <gtest/gtest.h>

#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

class RulesTest : public ::testing::Test {
 protected:
  // Expects a refusal by `rule` on `field` whose message contains `words`, with nothing written.
  void ExpectRejected(const std::string& command, const std::string& actor, const std::string& json,
                      const std::string& rule, const std::string& field, const std::string& words) {
    uint64_t before = h_.EventCount();
    auto r = h_.Record(command, "cmd-" + std::to_string(++n_), actor, json);
    ASSERT_FALSE(r.ok()) << command << " went through";
    EXPECT_EQ(r.status().code(), StatusCode::kRejected) << r.status().ToString();
    EXPECT_EQ(r.status().rule(), rule);
    EXPECT_EQ(r.status().field(), field);
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
    EXPECT_EQ(h_.EventCount(), before) << "something was written";
  }
  void ExpectRecorded(const std::string& command, const std::string& actor, const std::string& json) {
    uint64_t before = h_.EventCount();
    auto r = h_.Record(command, "cmd-" + std::to_string(++n_), actor, json);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(h_.EventCount(), before + 1);
  }
  void SetStrategicGoal() {
    h_.MustRecord("SetStrategicGoal", "sg-1", "anna/kommunsekreterare/kf",
                  R"({"id":"im-1","organ":"kf","title":"Alla barn ska lyckas i skolan","periodFrom":"2026-01-01"})");
  }
  DomainHarness h_;
  int n_ = 0;
};

TEST_F(RulesTest, NegativeForecastNeedsRemedialActions) {
  const char* actor = "cia/controller/bun";
  ExpectRejected("ReportForecast", actor, R"({"organ":"bun","year":2026,"month":8,"budget":100e6,"forecast":103e6})",
                 "forecast.remedial_actions", "payload.remedialActions", "negativ prognos");
  ExpectRecorded("ReportForecast", actor,
                 R"({"organ":"bun","year":2026,"month":8,"budget":100e6,"forecast":103e6,
                     "remedialActions":["Vakanser tillsätts inte under hösten"]})");
  ExpectRecorded("ReportForecast", actor, R"({"organ":"bun","year":2026,"month":9,"budget":100e6,"forecast":99e6})");
  EXPECT_EQ(h_.state().forecasts.at("bun/2026").month, 9);
}

TEST_F(RulesTest, OutcomeGoalLinksToStrategicGoalAndNamesTargetGroupAndEffect) {
  SetStrategicGoal();
  const char* actor = "bo/namndsekreterare/bun";
  ExpectRejected("SetOutcomeGoal", actor,
                 R"({"id":"em-1","organ":"bun","year":2027,"title":"Fler elever når målen","targetGroup":"elever i åk 9","effect":"högre måluppfyllelse"})",
                 "goal.links", "payload.strategicGoalIds", "inriktningsmål");
  ExpectRejected("SetOutcomeGoal", actor,
                 R"({"id":"em-1","organ":"bun","year":2027,"title":"Fler elever når målen","strategicGoalIds":["im-1"],"effect":"högre måluppfyllelse"})",
                 "goal.links", "payload.targetGroup", "målgrupp");
  ExpectRejected("SetOutcomeGoal", actor,
                 R"({"id":"em-1","organ":"bun","year":2027,"title":"Fler elever når målen","strategicGoalIds":["im-1"],"targetGroup":"elever i åk 9"})",
                 "goal.links", "payload.effect", "effekt");
  ExpectRecorded("SetOutcomeGoal", actor,
                 R"({"id":"em-1","organ":"bun","year":2027,"title":"Fler elever når målen","strategicGoalIds":["im-1"],"targetGroup":"elever i åk 9","effect":"högre måluppfyllelse"})");
}

TEST_F(RulesTest, ActivityNeedsResponsibleRoleAndDate) {
  SetStrategicGoal();
  const char* actor = "bo/namndsekreterare/bun";
  h_.MustRecord("SetOutcomeGoal", "em", actor,
                R"({"id":"em-1","organ":"bun","year":2027,"title":"Mål","strategicGoalIds":["im-1"],"targetGroup":"elever","effect":"effekt"})");
  ExpectRejected("PlanActivity", actor, R"({"id":"a-1","goalId":"em-1","organ":"bun","title":"Läsfrämjande insatser","dueDate":"2027-06-30"})",
                 "activity.owner_and_date", "payload.responsibleRole", "ansvarig");
  ExpectRejected("PlanActivity", actor, R"({"id":"a-1","goalId":"em-1","organ":"bun","title":"Läsfrämjande insatser","responsibleRole":"forvaltningschef"})",
                 "activity.owner_and_date", "payload.dueDate", "datum");
  ExpectRecorded("PlanActivity", actor,
                 R"({"id":"a-1","goalId":"em-1","organ":"bun","title":"Läsfrämjande insatser","responsibleRole":"forvaltningschef","dueDate":"2027-06-30"})");
}

TEST_F(RulesTest, DecisionConcerningChildrenNeedsBestInterestReviewAndImpactAssessment) {
  const char* actor = "bo/namndsekreterare/bun";
  std::string base = R"("organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 14","registryNumber":"BUN/2026:31","title":"Ny skolskjutsriktlinje")";
  ExpectRejected("RecordDecision", actor, "{\"id\":\"d1\"," + base + ",\"concernsChildren\":true}",
                 "decision.child_rights", "payload.childBestInterestReview", "barnets bästa");
  ExpectRejected("RecordDecision", actor,
                 "{\"id\":\"d1\"," + base + ",\"concernsChildren\":true,\"major\":true,\"childBestInterestReview\":\"Prövat\"}",
                 "decision.child_rights", "payload.childImpactAssessmentRef", "barnkonsekvensanalys");
  ExpectRejected("RecordDecision", actor,
                 "{\"id\":\"d1\"," + base + ",\"possiblyHarmfulToChildren\":true}",
                 "decision.child_rights", "payload.childImpactAssessmentRef", "barnkonsekvensanalys");
  ExpectRecorded("RecordDecision", actor,
                 "{\"id\":\"d1\"," + base +
                     ",\"concernsChildren\":true,\"major\":true,\"childBestInterestReview\":\"Prövat\",\"childImpactAssessmentRef\":\"BKA 2026:3\"}");
  // A second decision at the meeting has its own § (decision.unique_minute_item).
  std::string next = base;
  next.replace(next.find("§ 14"), 4, "§ 15");
  ExpectRecorded("RecordDecision", actor, "{\"id\":\"d2\"," + next + "}");
}

TEST_F(RulesTest, GoverningDocumentDeciderDependsOnScope) {
  std::string policy = R"({"id":"pol-1","title":"Policy för ledning och styrning","docType":"policy","adoptedOn":"2026-03-01","appliesTo":["bun","sn"],)";
  ExpectRejected("AdoptGoverningDocument", "anna/kommunsekreterare/ks", policy + R"("decidedBy":"ks"})",
                 "governing_document.decider", "payload.decidedBy", "kommunfullmäktige");
  std::string strategy = R"({"id":"str-1","title":"Digitaliseringsstrategi","docType":"strategi","adoptedOn":"2026-03-01","appliesTo":["bun","sn"],)";
  ExpectRejected("AdoptGoverningDocument", "bo/namndsekreterare/bun", strategy + R"("decidedBy":"bun"})",
                 "governing_document.decider", "payload.decidedBy", "kommunstyrelsen");
  ExpectRecorded("AdoptGoverningDocument", "anna/kommunsekreterare/kf", policy + R"("decidedBy":"kf"})");
  ExpectRecorded("AdoptGoverningDocument", "anna/kommunsekreterare/ks", strategy + R"("decidedBy":"ks"})");
  ExpectRecorded("AdoptGoverningDocument", "bo/namndsekreterare/bun",
                 R"({"id":"rl-1","title":"Riktlinje för skolskjuts","docType":"policy","adoptedOn":"2026-03-01","appliesTo":["bun"],"decidedBy":"bun"})");
}

TEST_F(RulesTest, AssignmentFromBoardToAdministrationGoesThroughMunicipalManager) {
  std::string a = R"("fromOrgan":"ks","toOrgan":"forv","toRole":"forvaltningschef","text":"Ta fram en lokalförsörjningsplan","dueDate":"2026-10-31")";
  ExpectRejected("GiveAssignment", "anna/kommunsekreterare/ks", "{\"id\":\"u1\"," + a + "}",
                 "assignment.via_municipal_manager", "payload.via", "kommunchef");
  ExpectRejected("GiveAssignment", "anna/kommunsekreterare/ksau",
                 R"({"id":"u1","fromOrgan":"ksau","toOrgan":"forv","toRole":"forvaltningschef","text":"Utred","dueDate":"2026-10-31","via":"forvaltningschef"})",
                 "assignment.via_municipal_manager", "payload.via", "kommunchef");
  ExpectRecorded("GiveAssignment", "anna/kommunsekreterare/ks", "{\"id\":\"u1\",\"via\":\"kommunchef\"," + a + "}");
  // A committee's assignment to its own förvaltning is not KS's route.
  ExpectRecorded("GiveAssignment", "bo/namndsekreterare/bun",
                 R"({"id":"u2","fromOrgan":"bun","toOrgan":"forv","toRole":"forvaltningschef","text":"Utred","dueDate":"2026-10-31"})");
}

TEST_F(RulesTest, OnlyAPersonHoldingARoleInTheOrganOnThatDateMayRecord) {
  std::string forecast = R"({"organ":"bun","year":2026,"month":3,"budget":1,"forecast":1})";
  // Eva is nämndsekreterare in SN, not in BUN.
  ExpectRejected("ReportForecast", "eva/namndsekreterare/bun", forecast, "actor.holds_role", "actor.person", "ingen roll i bun");
  // Bo holds a role in BUN, but not the one he claims.
  ExpectRejected("ReportForecast", "bo/controller/bun", forecast, "actor.holds_role", "actor.role", "controller");
  // Cia is controller in BUN until 2026-06-30, Dan from 2026-07-01: access is checked on the day of recording.
  ExpectRecorded("ReportForecast", "cia/controller/bun", forecast);
  ExpectRejected("ReportForecast", "dan/controller/bun", forecast, "actor.holds_role", "actor.person", "2026-01-10");
  h_.clock().Set(testing::At("2026-09-01T08:00:00Z"));
  ExpectRejected("ReportForecast", "cia/controller/bun",
                 R"({"organ":"bun","year":2026,"month":8,"budget":1,"forecast":1})", "actor.holds_role", "actor.person",
                 "2026-09-01");
  // Today's controller may record about a period before she took office.
  ExpectRecorded("ReportForecast", "dan/controller/bun", R"({"organ":"bun","year":2026,"month":3,"budget":1,"forecast":2,"remedialActions":["x"]})");
}

TEST_F(RulesTest, RulesCanBeSwitchedOffPerKommun) {
  h_.MustRecord("ConfigureRule", "rule-off", "system/system/ks", R"({"rule":"forecast.remedial_actions","enabled":false})");
  ExpectRecorded("ReportForecast", "cia/controller/bun",
                 R"({"organ":"bun","year":2026,"month":8,"budget":100,"forecast":103})");
}

TEST_F(RulesTest, MalformedInputNamesTheFieldAndWritesNothing) {
  struct Case {
    std::string command, json, field;
  } cases[] = {
      {"NoSuchCommand", "{}", "command"},
      {"RecordDecision", "{not json", "payload"},
      {"RecordDecision", R"({"id":"d","organ":"bun","unknownField":1})", "payload.unknownField"},
      {"RecordDecision", R"({"id":"d","organ":"nope","meetingDate":"2026-03-12","minuteItem":"§ 1","registryNumber":"x","title":"t"})", "payload.organ"},
      {"RecordDecision", R"({"id":"d","organ":"bun","meetingDate":"2026-02-30","minuteItem":"§ 1","registryNumber":"x","title":"t"})", "payload.meetingDate"},
      {"RecordDecision", R"({"id":"d","organ":"bun","meetingDate":"2026-03-12","registryNumber":"x","title":"t"})", "payload.minuteItem"},
      {"ReportForecast", R"({"organ":"bun","year":2026,"month":13,"budget":1,"forecast":1})", "payload.month"},
      {"RecordFollowUp", R"({"id":"f","organ":"bun","kind":"weekly","periodTo":"2026-08-31"})", "payload.kind"},
  };
  for (const auto& c : cases) {
    uint64_t before = h_.EventCount();
    auto r = h_.Record(c.command, "bad-" + std::to_string(++n_), "bo/namndsekreterare/bun", c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(r.status().field(), c.field) << c.json << " → " << r.status().ToString();
    EXPECT_FALSE(r.status().message().empty());
    EXPECT_EQ(h_.EventCount(), before);
  }
}

TEST_F(RulesTest, SameCommandIdIsIdempotentEvenWhenRulesWouldNowRefuse) {
  const char* json = R"({"id":"d9","organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 9","registryNumber":"BUN/2026:9","title":"Beslut"})";
  auto first = h_.Record("RecordDecision", "same-id", "bo/namndsekreterare/bun", json);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  uint64_t count = h_.EventCount();
  auto again = h_.Record("RecordDecision", "same-id", "bo/namndsekreterare/bun", json);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->appended.duplicate);
  EXPECT_EQ(again->appended.first_position, first->appended.first_position);
  EXPECT_EQ(h_.EventCount(), count);
  // A new id with the same entity id is refused: changes are corrections.
  auto dup = h_.Record("RecordDecision", "other-id", "bo/namndsekreterare/bun", json);
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(dup.status().field(), "payload.id");
}

TEST_F(RulesTest, CorrectionReplacesTheRowAndKeepsTheOriginalInTheLog) {
  const char* json = R"({"id":"d9","organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 9","registryNumber":"BUN/2026:9","title":"Felstavad rubrik"})";
  h_.MustRecord("RecordDecision", "c1", "bo/namndsekreterare/bun", json);
  std::string event_id = h_.state().decisions.at("d9").source.event_id.ToHex();
  h_.MustRecord("RecordDecision", "c2", "bo/namndsekreterare/bun",
                std::string(R"({"id":"d9","organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 9","registryNumber":"BUN/2026:9","title":"Rätt rubrik","corrects":{"eventId":")") +
                    event_id + R"(","reason":"Stavfel i rubriken"}})");
  EXPECT_EQ(h_.state().decisions.at("d9").title, "Rätt rubrik");
  EXPECT_EQ(h_.state().decisions.at("d9").source.revisions, 1u);
  auto cursor = h_.store().ReadByType("DecisionRecorded", 0);
  int n = 0;
  while (*cursor->Next()) ++n;
  EXPECT_EQ(n, 2);
}

TEST_F(RulesTest, CorrectionOfAnEventThatRecordedNothingIsRefused) {
  const char* json = R"({"id":"d9","organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 9","registryNumber":"BUN/2026:9","title":"Felstavad rubrik"})";
  h_.MustRecord("RecordDecision", "c1", "bo/namndsekreterare/bun", json);
  std::string recorded = h_.state().decisions.at("d9").source.event_id.ToHex();
  std::string unknown = recorded;
  unknown[0] = unknown[0] == '0' ? '1' : '0';  // a well-formed id no event has
  for (const std::string& id : {unknown, std::string("inte-ett-id")}) {
    auto r = h_.Record("RecordDecision", "c-" + id, "bo/namndsekreterare/bun",
                       std::string(R"({"id":"d9","organ":"bun","meetingDate":"2026-03-12","minuteItem":"§ 9","registryNumber":"BUN/2026:9","title":"Rätt rubrik","corrects":{"eventId":")") +
                           id + R"(","reason":"Stavfel i rubriken"}})");
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << id;
    EXPECT_EQ(r.status().field(), "payload.corrects.eventId") << id;
  }
  EXPECT_EQ(h_.state().decisions.at("d9").title, "Felstavad rubrik");
}

}  // namespace
}  // namespace arshjul::engine
