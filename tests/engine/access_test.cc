// The access rules (engine/access.h) through CommandHandler::HandleAs: the
// actor is the caller, revisorer record nothing, organisation and token
// commands need the systemförvaltare, the organ claimed is the recording
// organ; and token lookup (active, revoked, expired, scope).
#include "arshjul/engine/access.h"

#include <gtest/gtest.h>

#include "arshjul/engine/local_time.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* sys = "system/system/ks";
    for (const char* role : {"systemforvaltare", "revisor"}) {
      h_.MustRecord("DefineRole", std::string("role-") + role, sys,
                    std::string(R"({"id":")") + role + R"(","name":")" + role + R"("})");
    }
    for (auto [person, role, organ] : {std::tuple{"adm", "systemforvaltare", "forv"}, {"rev", "revisor", "kf"}}) {
      h_.MustRecord("RegisterPerson", std::string("person-") + person, sys,
                    std::string(R"({"id":")") + person + R"(","name":")" + person + R"("})");
      h_.MustRecord("AssignRole", std::string("holding-") + person, sys,
                    std::string(R"({"person":")") + person + R"(","role":")" + role + R"(","organ":")" + organ +
                        R"(","from":"2026-01-01"})");
    }
    h_.MustRecord("RegisterPerson", "person-ny", sys, R"({"id":"ny","name":"Ny Utan Roll"})");
  }

  static Command Make(const std::string& name, const std::string& id, storage::Actor actor, std::string payload) {
    Command c;
    c.name = name;
    c.command_id = id;
    c.actor = std::move(actor);
    c.payload_json = std::move(payload);
    return c;
  }
  Command Decision(const std::string& id, storage::Actor actor, const std::string& organ = "bun") {
    return Make("RecordDecision", id, std::move(actor),
                R"({"id":")" + id + R"(","organ":")" + organ +
                    R"(","meetingDate":"2026-03-12","minuteItem":"§ 1","registryNumber":"X/1","title":"T"})");
  }
  void ExpectRefused(const std::string& caller, const Command& c, const std::string& rule, const std::string& field) {
    uint64_t before = h_.EventCount();
    auto r = h_.handler().HandleAs(caller, c);
    ASSERT_FALSE(r.ok()) << c.command_id;
    EXPECT_EQ(r.status().code(), StatusCode::kRejected) << r.status().ToString();
    EXPECT_EQ(r.status().rule(), rule) << r.status().ToString();
    EXPECT_EQ(r.status().field(), field) << r.status().ToString();
    EXPECT_TRUE(IsAccessRule(r.status().rule()));
    EXPECT_EQ(h_.EventCount(), before);
  }

  DomainHarness h_;
};

TEST_F(AccessTest, TheCallerRecordsOnlyAsThemselves) {
  EXPECT_TRUE(h_.handler().HandleAs("bo", Decision("d1", {"bo", "namndsekreterare", "bun"})).ok());
  ExpectRefused("bo", Decision("d2", {"eva", "namndsekreterare", "sn"}, "sn"), "access.actor_is_caller", "actor.person");
}

TEST_F(AccessTest, ARoleOfAnotherOrganOrAClaimedOrganIsRefused) {
  ExpectRefused("bo", Decision("d3", {"bo", "namndsekreterare", "sn"}, "bun"), "actor.organ_of_role", "actor.organ");
  ExpectRefused("eva", Decision("d3", {"eva", "namndsekreterare", "sn"}, "bun"), "actor.holds_role", "actor.person");
  ExpectRefused("eva", Decision("d4", {"eva", "namndsekreterare", "bun"}, "bun"), "actor.holds_role", "actor.person");
  ExpectRefused("ny", Decision("d5", {"ny", "namndsekreterare", "bun"}), "actor.holds_role", "actor.person");
}

TEST_F(AccessTest, RevisorerRecordNothing) {
  ExpectRefused("rev", Decision("d6", {"rev", "revisor", "kf"}, "kf"), "access.auditor_read_only", "actor.role");
}

TEST_F(AccessTest, OrganisationCommandsNeedTheAdministrator) {
  // The attack of the issue: a sekreterare makes herself KS's ordförande.
  Command attack = Make("AssignRole", "attack", {"bo", "namndsekreterare", "bun"},
                        R"({"person":"bo","role":"ordforande","organ":"ks","from":"2026-01-01"})");
  ExpectRefused("bo", attack, "access.administrator", "actor.role");
  Command claimed = attack;
  claimed.actor = {"bo", "systemforvaltare", "forv"};
  ExpectRefused("bo", claimed, "access.administrator", "actor.role");
  Command by_admin = attack;
  by_admin.actor = {"adm", "systemforvaltare", "forv"};
  EXPECT_TRUE(h_.handler().HandleAs("adm", by_admin).ok());
  // The administrator does not record a committee's decisions.
  ExpectRefused("adm", Decision("d7", {"adm", "systemforvaltare", "bun"}), "actor.holds_role", "actor.person");
}

TEST_F(AccessTest, OnlyTheServiceRecordsSecurityEvents) {
  Command c = Make("RecordAuthenticationFailure", "sec-1", {"bo", "namndsekreterare", "bun"}, R"({"reason":"x"})");
  ExpectRefused("bo", c, "access.system_only", "command");
  c.actor = {"arshjul", "tjansten", "arshjul"};
  auto r = h_.handler().Handle(c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stream, "security/authentication");
  EXPECT_EQ(h_.state().authentication_failures, 1u);
}

TEST_F(AccessTest, TokensAreFoundByHashWhileActiveInTheirScope) {
  const std::string hash(64, 'a'), feed_hash(64, 'b');
  storage::Actor admin{"adm", "systemforvaltare", "forv"};
  ASSERT_TRUE(h_.handler()
                  .HandleAs("adm", Make("IssueToken", "t1", admin,
                                        R"({"tokenId":"t1","person":"bo","hash":")" + hash +
                                            R"(","scope":"api","expires":"2026-12-31"})"))
                  .ok());
  ASSERT_TRUE(h_.handler()
                  .HandleAs("adm", Make("IssueToken", "t2", admin,
                                        R"({"tokenId":"t2","person":"bo","hash":")" + feed_hash +
                                            R"(","scope":"feed:bun","expires":"2026-12-31"})"))
                  .ok());
  const DomainState& st = h_.state();
  EXPECT_TRUE(AccessProtected(st));
  Date today{std::chrono::year{2026}, std::chrono::March, std::chrono::day{1}};
  Date after{std::chrono::year{2027}, std::chrono::January, std::chrono::day{1}};
  ASSERT_NE(FindActiveToken(st, hash, kScopeApi, today), nullptr);
  EXPECT_EQ(FindActiveToken(st, hash, kScopeApi, today)->person, "bo");
  EXPECT_EQ(FindActiveToken(st, hash, kScopeApi, after), nullptr) << "expired";
  EXPECT_EQ(FindActiveToken(st, feed_hash, kScopeApi, today), nullptr) << "a feed key is not an API token";
  EXPECT_NE(FindActiveToken(st, feed_hash, FeedScope("bun"), today), nullptr);
  auto bad = h_.handler().HandleAs(
      "adm", Make("IssueToken", "t3", admin, R"({"tokenId":"t3","person":"bo","hash":"secret","scope":"api","expires":"2026-12-31"})"));
  EXPECT_EQ(bad.status().field(), "payload.hash") << "only a SHA-256 is stored, never a token";
  ExpectRefused("bo", Make("RevokeToken", "r1", {"bo", "namndsekreterare", "bun"}, R"({"tokenId":"t1"})"),
                "access.administrator", "actor.role");
  ASSERT_TRUE(h_.handler().HandleAs("adm", Make("RevokeToken", "r1", admin, R"({"tokenId":"t1"})")).ok());
  EXPECT_EQ(FindActiveToken(h_.state(), hash, kScopeApi, today), nullptr) << "revoked";
}

TEST_F(AccessTest, ReadScopes) {
  Date today{std::chrono::year{2026}, std::chrono::March, std::chrono::day{1}};
  const Organization& org = h_.state().org;
  EXPECT_EQ(ReadScopeOf(org, "rev", today), ReadScope::kEverything);
  EXPECT_EQ(ReadScopeOf(org, "bo", today), ReadScope::kEverything);
  EXPECT_EQ(ReadScopeOf(org, "ny", today), ReadScope::kOwnReminders);
  EXPECT_EQ(ReadScopeOf(org, "okand", today), ReadScope::kNothing);
  EXPECT_TRUE(IsAdministrator(org, "adm", today));
  EXPECT_FALSE(IsAdministrator(org, "bo", today));
  EXPECT_EQ(ReadScopeOf(org, "cia", Date{std::chrono::year{2026}, std::chrono::July, std::chrono::day{1}}),
            ReadScope::kOwnReminders)
      << "cia's holding ended on 30 June";
}

}  // namespace
}  // namespace arshjul::engine
