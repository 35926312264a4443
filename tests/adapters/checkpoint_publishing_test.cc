// The service's signed checkpoints for the revisorer: at each KF meeting and
// at the year's end a checkpoint of the log is signed, recorded in the log
// and sent through the outbox to everyone holding the revisor role — to a
// real SMTP server — exactly once, across repeated rounds, restarts and a
// crash between signing and recording the notification.
#include <gtest/gtest.h>

#include "arshjul/engine/local_time.h"
#include "arshjul/storage/verifiable_log.h"
#include "channels.h"
#include "checkpoint_log.h"
#include "notification_service.h"
#include "sinks.h"
#include "support/domain_fixture.h"

namespace arshjul::notify {
namespace {

using testing::At;

storage::TypeRegistry CheckpointTypes() {
  storage::TypeRegistry t;
  revision::RegisterCheckpointType(&t);
  return t;
}

class CheckpointPublishingTest : public ::testing::Test {
 protected:
  CheckpointPublishingTest() : h_(CheckpointTypes()) {
    EXPECT_TRUE(engine::LoadStockholmTimeZone().ok());
    auto pair = storage::GenerateKeyPair("testkommun.se/arshjul");
    EXPECT_TRUE(pair.ok());
    key_ = storage::ParseSigningKey(pair->first).value();
    verifier_ = storage::ParseVerifierKey(pair->second).value();
    const char* sys = "system/system/ks";
    h_.MustRecord("DefineRole", "role-revisor", sys, R"({"id":"revisor","name":"Revisor"})");
    h_.MustRecord("RegisterPerson", "person-rut", sys, R"({"id":"rut","name":"Rut Revisor","email":"rut@test.se"})");
    h_.MustRecord("RegisterPerson", "person-ove", sys, R"({"id":"ove","name":"Ove Revisor","email":"ove@test.se"})");
    for (const char* p : {"rut", "ove"}) {
      h_.MustRecord("AssignRole", std::string("holding-revisor-") + p, sys,
                    std::string(R"({"person":")") + p + R"(","role":"revisor","organ":"kf","from":"2026-01-01"})");
    }
    h_.MustRecord("ScheduleMeeting", "meeting-kf-1", sys, R"({"organ":"kf","date":"2026-06-15"})");
    SmtpConfig config;
    config.port = static_cast<uint16_t>(sink_.port());
    client_ = std::make_unique<SmtpClient>(config);
    email_ = std::make_unique<EmailChannel>(*client_, "arshjul@test.se", "Årshjulet", h_.clock());
  }

  std::unique_ptr<NotificationService> Service(engine::CheckpointPolicy policy = {}) {
    ServiceConfig c;
    c.plan = [](const engine::Organization&, int) -> Result<std::vector<engine::StepInstance>> {
      return std::vector<engine::StepInstance>{};
    };
    c.scheduler.channels = {"email"};
    c.scheduler.not_before = At("2026-06-01T00:00:00Z");  // as serve sets it: nothing from long before
    c.log = [](const std::string& line) { ADD_FAILURE() << line; };
    c.checkpoints = policy;
    c.sign_checkpoint = [this](const std::string& command_id, Timestamp now) -> Result<std::string> {
      ARSHJUL_ASSIGN_OR_RETURN(auto cp, revision::PublishCheckpoint(h_.store(), key_, now, command_id));
      return cp.note;
    };
    return std::make_unique<NotificationService>(h_.store(), h_.handler(), h_.clock(),
                                                 std::map<std::string, engine::Notifier*>{{"email", email_.get()}}, c);
  }
  uint64_t Count(const std::string& type) {
    uint64_t n = 0;
    auto cursor = h_.store().ReadByType(type, 0);
    while (cursor->Next().value()) ++n;
    return n;
  }
  // The note in a delivered message's body: from the origin line to the end of the signature line.
  std::string NoteIn(std::string body) {
    std::erase(body, '\r');  // the message's lines end in CRLF on the wire
    size_t begin = body.find("testkommun.se/arshjul\n");
    size_t sig = body.find("\n\xE2\x80\x94 ", begin);
    if (begin == std::string::npos || sig == std::string::npos) return "";
    return body.substr(begin, body.find('\n', sig + 1) + 1 - begin);
  }

  testing::DomainHarness h_;
  storage::SigningKey key_;
  storage::VerifierKey verifier_;
  testing::SmtpSink sink_;
  std::unique_ptr<SmtpClient> client_;
  std::unique_ptr<EmailChannel> email_;
};

TEST_F(CheckpointPublishingTest, AfterAKfMeetingTheRevisorerGetASignedCheckpointOfTheLogOnce) {
  const Timestamp evening = engine::LocalToUtc(*engine::ParseDate("2026-06-15"), 22, 0);
  h_.clock().Set(At("2026-06-15T08:00:00Z"));
  auto svc = Service();
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(Count("CheckpointPublished"), 0u) << "not before the meeting day's evening";
  EXPECT_EQ(svc->NextWakeUp(), evening) << "the service wakes for the checkpoint";

  h_.clock().Set(evening);
  ASSERT_TRUE(svc->Tick().ok());
  ASSERT_TRUE(sink_.WaitForMessages(2, std::chrono::seconds(5)));
  auto messages = sink_.Messages();
  ASSERT_EQ(messages.size(), 2u);
  std::set<std::string> to = {messages[0]["rcpt_tos"][0], messages[1]["rcpt_tos"][0]};
  EXPECT_EQ(to, (std::set<std::string>{"rut@test.se", "ove@test.se"}));
  std::string subject = messages[0]["subject"];
  EXPECT_NE(subject.find("kommunfullmäktiges sammanträde 2026-06-15"), std::string::npos) << subject;

  // The mailed note is the one in the log, signed by the key, over the tree as it was.
  std::string note = NoteIn(messages[0]["body"]);
  auto cp = storage::VerifyCheckpoint(note, verifier_);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString() << "\n" << std::string(messages[0]["body"]);
  auto head = storage::TreeHeadAt(h_.store(), cp->size);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->root, cp->root);
  auto recorded = revision::RecentCheckpoints(h_.store(), 1);
  ASSERT_TRUE(recorded.ok() && recorded->size() == 1);
  EXPECT_EQ(recorded->back().note, note);
  const auto& row = h_.state().notifications.at("checkpoint/2026-06-15/kf");
  EXPECT_EQ(row.kind, engine::NotificationKind::kCheckpoint);
  EXPECT_EQ(row.deliveries.at("email:rut").state, engine::DeliveryState::kDelivered);

  // Again, and after a restart: nothing signed or sent twice.
  ASSERT_TRUE(svc->Tick().ok());
  h_.clock().Set(evening + std::chrono::hours(1));
  ASSERT_TRUE(Service()->Tick().ok());
  EXPECT_EQ(Count("CheckpointPublished"), 1u);
  EXPECT_EQ(Count("NotificationScheduled"), 1u);
  EXPECT_EQ(sink_.Messages().size(), 2u);
}

TEST_F(CheckpointPublishingTest, ACrashBetweenSigningAndTheNotificationSendsTheCheckpointSignedBefore) {
  const Timestamp evening = engine::LocalToUtc(*engine::ParseDate("2026-06-15"), 22, 0);
  h_.clock().Set(evening);
  // The round before the crash signed and recorded the checkpoint, then died.
  auto signed_before = revision::PublishCheckpoint(h_.store(), key_, evening, "checkpoint/2026-06-15/kf");
  ASSERT_TRUE(signed_before.ok());
  h_.MustRecord("ScheduleMeeting", "meeting-kf-2", "system/system/ks", R"({"organ":"kf","date":"2026-09-14"})");
  ASSERT_TRUE(Service()->Tick().ok());
  ASSERT_TRUE(sink_.WaitForMessages(2, std::chrono::seconds(5)));
  EXPECT_EQ(Count("CheckpointPublished"), 1u);
  EXPECT_EQ(NoteIn(sink_.Messages()[0]["body"]), signed_before->note);
}

TEST_F(CheckpointPublishingTest, AtTheYearsEndAndOnlyAsConfigured) {
  engine::CheckpointPolicy year_end_only;
  year_end_only.at_council_meetings = false;
  h_.clock().Set(At("2026-06-16T08:00:00Z"));
  auto svc = Service(year_end_only);
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(Count("CheckpointPublished"), 0u) << "no checkpoint at KF meetings when turned off";
  const Timestamp year_end = engine::LocalToUtc(*engine::ParseDate("2026-12-31"), 23, 59);
  EXPECT_EQ(svc->NextWakeUp(), year_end);
  // The service was down over new year: the year-end checkpoint is made when it comes back.
  h_.clock().Set(At("2027-01-03T09:00:00Z"));
  ASSERT_TRUE(svc->Tick().ok());
  ASSERT_TRUE(sink_.WaitForMessages(2, std::chrono::seconds(5)));
  EXPECT_EQ(Count("CheckpointPublished"), 1u);
  EXPECT_TRUE(h_.state().notifications.count("checkpoint/2026/year-end"));
  std::string subject = sink_.Messages()[0]["subject"];
  EXPECT_NE(subject.find("vid årets slut 2026"), std::string::npos) << subject;
}

}  // namespace
}  // namespace arshjul::notify
