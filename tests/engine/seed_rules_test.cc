// The rest of the seeds' rules (issue 9, item 7): each refusal names its rule
// and field in Swedish and writes nothing; each rule is switched per kommun
// (the two opt-in ones are off until ConfigureRule turns them on); and events
// recorded before the new fields existed (an older, shorter payload layout)
// still replay.
#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

constexpr const char* kKf = "anna/kommunsekreterare/kf";
constexpr const char* kKs = "anna/kommunsekreterare/ks";
constexpr const char* kBun = "bo/namndsekreterare/bun";
constexpr const char* kKc = "kc/kommunchef/forv";

class SeedRulesTest : public ::testing::Test {
 protected:
  // A refusal by `rule` ("" for malformed input) on `field`, its message
  // containing `words`, with nothing written.
  void ExpectRefused(const std::string& command, const std::string& actor, const std::string& json,
                     const std::string& rule, const std::string& field, const std::string& words) {
    const uint64_t before = h_.EventCount();
    auto r = h_.Record(command, "cmd-" + std::to_string(++n_), actor, json);
    ASSERT_FALSE(r.ok()) << command << " went through: " << json;
    EXPECT_EQ(r.status().code(), rule.empty() ? StatusCode::kInvalidArgument : StatusCode::kRejected)
        << r.status().ToString();
    EXPECT_EQ(r.status().rule(), rule);
    EXPECT_EQ(r.status().field(), field);
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
    EXPECT_EQ(h_.EventCount(), before) << "something was written";
  }
  void Record(const std::string& command, const std::string& actor, const std::string& json) {
    h_.MustRecord(command, "cmd-" + std::to_string(++n_), actor, json);
  }
  void Switch(const std::string& rule, bool on) {
    Record("ConfigureRule", "system/system/ks",
           R"({"rule":")" + rule + R"(","enabled":)" + (on ? "true" : "false") + "}");
  }
  DomainHarness h_;
  int n_ = 0;
};

TEST_F(SeedRulesTest, OwnerDirectiveIsDecidedByTheCouncilOnly) {
  const std::string doc =
      R"({"id":"ad-1","title":"Ägardirektiv för Bostadsbolaget","docType":"ägardirektiv","adoptedOn":"2026-04-27",)";
  ExpectRefused("AdoptGoverningDocument", kKs, doc + R"("decidedBy":"ks"})",
                "governing_document.owner_directive_by_council", "payload.decidedBy", "kommunfullmäktige");
  Record("RecordDecision", kKs,
         R"({"id":"ks-40","organ":"ks","meetingDate":"2026-04-08","minuteItem":"§ 40","registryNumber":"KS/2026:40","title":"Förslag till ägardirektiv"})");
  ExpectRefused("AdoptGoverningDocument", kKf, doc + R"("decidedBy":"kf","decisionId":"ks-40"})",
                "governing_document.owner_directive_by_council", "payload.decisionId", "fattades av 'ks'");
  Record("RecordDecision", kKf,
         R"({"id":"kf-51","organ":"kf","meetingDate":"2026-04-27","minuteItem":"§ 51","registryNumber":"KS/2026:40","title":"Ägardirektiv"})");
  Record("AdoptGoverningDocument", kKf, doc + R"("decidedBy":"kf","decisionId":"kf-51"})");
  EXPECT_EQ(h_.state().documents.at("ad-1").decided_by, "kf");
  // Other documents are not touched by the rule.
  Record("AdoptGoverningDocument", kKs,
         R"({"id":"rl-1","title":"Riktlinje","docType":"riktlinje","decidedBy":"ks","adoptedOn":"2026-04-08"})");
}

TEST_F(SeedRulesTest, OwnerDirectiveRuleSwitchedOffAndARevisionByAnotherOrganRefusedOnceOn) {
  Switch("governing_document.owner_directive_by_council", false);
  Record("AdoptGoverningDocument", kKs,
         R"({"id":"ad-ks","title":"Ägardirektiv","docType":"ägardirektiv","decidedBy":"ks","adoptedOn":"2026-04-08"})");
  Switch("governing_document.owner_directive_by_council", true);
  ExpectRefused("ReviseGoverningDocument", kKs, R"({"documentId":"ad-ks","organ":"ks","revisedOn":"2026-09-09"})",
                "governing_document.owner_directive_by_council", "payload.organ", "revideras av kommunfullmäktige");
}

TEST_F(SeedRulesTest, ActionPlanIsAlwaysTidsatt) {
  const std::string plan =
      R"({"id":"hp-1","title":"Handlingsplan mot skolfrånvaro","docType":"handlingsplan","decidedBy":"bun","adoptedOn":"2026-03-12")";
  ExpectRefused("AdoptGoverningDocument", kBun, plan + "}", "governing_document.action_plan_dated",
                "payload.validUntil", "tidssatt");
  ExpectRefused("AdoptGoverningDocument", kBun, plan + R"(,"validUntil":"2025-12-31"})",
                "governing_document.action_plan_dated", "payload.validUntil", "före");
  Record("AdoptGoverningDocument", kBun, plan + R"(,"validUntil":"2027-06-30"})");
  EXPECT_EQ(ToString(*h_.state().documents.at("hp-1").valid_until), "2027-06-30");
  Switch("governing_document.action_plan_dated", false);
  Record("AdoptGoverningDocument", kBun,
         R"({"id":"hp-2","title":"Handlingsplan","docType":"handlingsplan","decidedBy":"bun","adoptedOn":"2026-03-12"})");
}

TEST_F(SeedRulesTest, PriorityReasonsWhereTheKommunOptsIn) {
  Record("SetStrategicGoal", kKf, R"({"id":"im-1","organ":"kf","title":"Alla barn lyckas","periodFrom":"2026-01-01"})");
  const std::string goal =
      R"({"id":"em-1","organ":"bun","year":2027,"title":"Fler läser","strategicGoalIds":["im-1"],"targetGroup":"åk 1–3","effect":"fler läser")";
  // An empty reason is malformed whatever the rules.
  ExpectRefused("SetOutcomeGoal", kBun, goal + R"(,"priorityReasons":["Låga resultat",""]})", "",
                "payload.priorityReasons[1]", "tomt");
  Record("SetOutcomeGoal", kBun, goal + "}");  // off by default
  Switch("goal.priority_reasons", true);
  ExpectRefused("SetOutcomeGoal", kBun,
                R"({"id":"em-2","organ":"bun","year":2027,"title":"Tryggare skolväg","strategicGoalIds":["im-1"],"targetGroup":"elever","effect":"trygghet"})",
                "goal.priority_reasons", "payload.priorityReasons", "skälen till att prioritera");
  Record("SetOutcomeGoal", kBun,
         R"({"id":"em-2","organ":"bun","year":2027,"title":"Tryggare skolväg","strategicGoalIds":["im-1"],"targetGroup":"elever","effect":"trygghet","priorityReasons":["Fler olyckor 2026","Föräldrarnas enkät"],"changeTheory":["Skolvärdar","Fler vuxna","Färre incidenter","Tryggare elever"]})");
  const OutcomeGoalRow& g = h_.state().outcome_goals.at("em-2");
  EXPECT_EQ(g.priority_reasons, (std::vector<std::string>{"Fler olyckor 2026", "Föräldrarnas enkät"}));
  EXPECT_EQ(g.change_theory.size(), 4u);
  EXPECT_TRUE(h_.state().outcome_goals.at("em-1").priority_reasons.empty());
}

TEST_F(SeedRulesTest, RiskCategoryKnownAlwaysAndInItsPlaceWhereTheKommunOptsIn) {
  const std::string plan = R"({"id":"ikp-1","organ":"bun","year":2026,"risks":[{"id":"r1","description":"Fel utbetalning")";
  ExpectRefused("AdoptInternalControlPlan", kBun, plan + R"(,"category":"taktisk"}]})", "", "payload.risks[0].category",
                "okänd riskkategori");
  Switch("risk.category", true);
  ExpectRefused("AdoptInternalControlPlan", kBun, plan + "}]}", "risk.category", "payload.risks[0].category",
                "saknar kategori");
  ExpectRefused("AdoptInternalControlPlan", kBun, plan + R"(,"category":"strategic"}]})", "risk.category",
                "payload.risks[0].category", "redovisas i nulägesanalysen");
  Record("AdoptInternalControlPlan", kBun, plan + R"(,"category":"operational"}]})");
  EXPECT_EQ(h_.state().control_plans.at("ikp-1").risks.at(0).category, "operational");

  const std::string analysis = R"({"organ":"forv","year":2027,"title":"Analys","content":"Kö till förskolan",)";
  ExpectRefused("RecordAnalysis", kKc,
                analysis + R"("id":"omv-1","kind":"omvarldsanalys","risks":[{"id":"s1","description":"Kompetensbrist","category":"strategic"}]})",
                "risk.category", "payload.risks", "nulägesanalysens riskanalys");
  ExpectRefused("RecordAnalysis", kKc,
                analysis + R"("id":"nul-1","kind":"nulagesanalys","risks":[{"id":"s1","description":"Fel i kassan","category":"operational"}]})",
                "risk.category", "payload.risks[0].category", "hör till internkontrollplanen");
  ExpectRefused("RecordAnalysis", kKc,
                analysis + R"("id":"nul-1","kind":"nulagesanalys","risks":[{"id":"","description":"Kompetensbrist","category":"strategic"}]})",
                "", "payload.risks[0].id", "id saknas");
  Record("RecordAnalysis", kKc,
         analysis + R"("id":"nul-1","kind":"nulagesanalys","risks":[{"id":"s1","description":"Kompetensbrist","likelihood":4,"consequence":4,"category":"strategic"}]})");
  const RiskRow& risk = h_.state().steering.analyses.at("nul-1").risks.at(0);
  EXPECT_EQ(risk.category, "strategic");
  EXPECT_EQ(risk.Value(), 16);
  Switch("risk.category", false);
  Record("AdoptInternalControlPlan", kBun, R"({"id":"ikp-2","organ":"bun","year":2027,"risks":[{"id":"r1","description":"x"}]})");
}

// ---- Events recorded before the fields existed -------------------------------
// Built with the payload layouts as they were: fewer pointers per struct, so
// the new fields are absent from the bytes, not just empty.

std::string Bytes(capnp::MallocMessageBuilder& m) {
  auto words = capnp::messageToFlatArray(m);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// The root: one data word whose first Int32 (the year) is 2026, and `pointers`
// pointers, the first ones set to `texts` (nullptr: left for the caller).
capnp::AnyStruct::Builder OldRoot(capnp::MallocMessageBuilder& m, uint16_t pointers,
                                  std::initializer_list<const char*> texts) {
  auto s = m.getRoot<capnp::AnyPointer>().initAsAnyStruct(1, pointers);
  s.getDataSection()[0] = static_cast<capnp::byte>(2026 & 0xff);
  s.getDataSection()[1] = static_cast<capnp::byte>(2026 >> 8);
  unsigned i = 0;
  for (const char* text : texts) {
    if (text) s.getPointerSection()[i].setAs<capnp::Text>(text);
    ++i;
  }
  return s;
}

void SetList(capnp::AnyPointer::Builder p, std::initializer_list<const char*> items) {
  auto list = p.initAs<capnp::List<capnp::Text>>(items.size());
  unsigned i = 0;
  for (const char* item : items) list.set(i++, item);
}

// OutcomeGoalSet before priorityReasons: year; id, organ, title,
// strategicGoalIds, targetGroup, effect, changeTheory, corrects.
std::string OldOutcomeGoal() {
  capnp::MallocMessageBuilder m;
  auto p = OldRoot(m, 8, {"em-old", "bun", "Ett äldre mål", nullptr, "elever", "fler läser"}).getPointerSection();
  SetList(p[3], {"im-1"});
  SetList(p[6], {"Läsfrämjande", "Fler läser"});
  return Bytes(m);
}

// InternalControlPlanAdopted (year; id, organ, risks, controls, decisionId)
// whose Risk had no category: one data word (likelihood, consequence) and two
// pointers (id, description).
std::string OldControlPlan() {
  capnp::MallocMessageBuilder m;
  auto p = OldRoot(m, 5, {"ikp-old", "bun"}).getPointerSection();
  auto risk = p[2].initAsListOfAnyStruct(1, 2, 1)[0];
  risk.getDataSection()[0] = 3;  // likelihood
  risk.getDataSection()[4] = 2;  // consequence
  risk.getPointerSection()[0].setAs<capnp::Text>("r1");
  risk.getPointerSection()[1].setAs<capnp::Text>("Fel utbetalning");
  return Bytes(m);
}

// AnalysisRecorded before risks: year; id, organ, kind, title, content,
// basedOn, links, recordedOn.
std::string OldAnalysis() {
  capnp::MallocMessageBuilder m;
  OldRoot(m, 8, {"nul-old", "forv", "nulagesanalys", "Nulägesanalys", "Kö till förskolan"});
  return Bytes(m);
}

TEST_F(SeedRulesTest, EventsRecordedBeforeTheFieldsExistedStillReplay) {
  Record("SetStrategicGoal", kKf, R"({"id":"im-1","organ":"kf","title":"Alla barn lyckas","periodFrom":"2026-01-01"})");
  // Every rule on: the old events are replayed, never re-checked.
  Switch("goal.priority_reasons", true);
  Switch("risk.category", true);
  struct Old {
    const char* stream;
    const char* type;
    std::string payload;
  } old[] = {{"organ/bun/goals", "OutcomeGoalSet", OldOutcomeGoal()},
             {"organ/bun/internal-control", "InternalControlPlanAdopted", OldControlPlan()},
             {"organ/forv/analyses", "AnalysisRecorded", OldAnalysis()}};
  for (const Old& o : old) {
    storage::AppendRequest request{o.stream, storage::ExpectedVersion::Any(), {"bo", "namndsekreterare", "bun"}, "",
                                   {storage::ProposedEvent{o.type, 1, o.payload, std::nullopt, {}, {}, {}}}};
    ASSERT_TRUE(h_.store().Append(request).ok()) << o.type;
  }
  auto replayed = Replay(h_.store());
  ASSERT_TRUE(replayed.ok()) << replayed.status().ToString();
  const OutcomeGoalRow& goal = replayed->outcome_goals.at("em-old");
  EXPECT_EQ(goal.year, 2026);
  EXPECT_EQ(goal.strategic_goal_ids, std::vector<std::string>{"im-1"});
  EXPECT_EQ(goal.change_theory.size(), 2u);
  EXPECT_TRUE(goal.priority_reasons.empty());
  const RiskRow& risk = replayed->control_plans.at("ikp-old").risks.at(0);
  EXPECT_EQ(risk.id, "r1");
  EXPECT_EQ(risk.Value(), 6);
  EXPECT_EQ(risk.category, "");
  EXPECT_TRUE(replayed->steering.analyses.at("nul-old").risks.empty());
}

}  // namespace
}  // namespace arshjul::engine
