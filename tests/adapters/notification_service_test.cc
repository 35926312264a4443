// The service round over the outbox: recorded before delivered, what a crash
// left undelivered delivered on start, retries with backoff, an unreachable
// channel, cancellation, and a refused address becoming a finding — on an
// in-memory log with a fake clock, and once against a real SMTP server.
#include "notification_service.h"

#include <gtest/gtest.h>

#include <fstream>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/oversight.h"
#include "channels.h"
#include "sinks.h"
#include "support/domain_fixture.h"

namespace arshjul::notify {
namespace {

using engine::DeliveryOutcome;
using testing::At;

// Records what it is asked to deliver and whether the notification was already in the log.
class FakeNotifier final : public engine::Notifier {
 public:
  explicit FakeNotifier(storage::EventStore& store) : store_(store) {}
  DeliveryOutcome Deliver(const engine::NotificationRow& n, const engine::DeliveryRow& d) override {
    calls.push_back(n.id + " " + engine::DeliveryKey(d.channel, d.recipient));
    auto recorded = store_.LookupCommand(engine::ScheduledCommandId(n.id));
    if (!recorded.ok() || !recorded->has_value()) delivered_before_recorded = true;
    if (!outcomes.empty()) {
      DeliveryOutcome o = outcomes.front();
      outcomes.erase(outcomes.begin());
      return o;
    }
    return DeliveryOutcome::Delivered();
  }
  std::vector<std::string> calls;
  std::vector<DeliveryOutcome> outcomes;  // scripted, then delivered
  bool delivered_before_recorded = false;

 private:
  storage::EventStore& store_;
};

engine::StepInstance Step(const std::string& id, const char* deadline, int days_before) {
  engine::StepInstance s;
  s.id = id;
  s.title = "Delårsrapport";
  s.organ = "bun";
  s.responsible_role = "controller";
  s.year = 2026;
  s.deadline = *engine::ParseDate(deadline);
  s.reminders = {{days_before, 8, 0}};
  return s;
}

class NotificationServiceTest : public ::testing::Test {
 protected:
  NotificationServiceTest() : email_(h_.store()) { EXPECT_TRUE(engine::LoadStockholmTimeZone().ok()); }

  std::unique_ptr<NotificationService> Service(std::vector<engine::StepInstance> steps,
                                               engine::Notifier* email = nullptr) {
    ServiceConfig c;
    c.plan = [steps](const engine::Organization&, int year) -> Result<std::vector<engine::StepInstance>> {
      return year == 2026 ? steps : std::vector<engine::StepInstance>{};
    };
    c.log = [this](const std::string& line) { log_.push_back(line); };
    return std::make_unique<NotificationService>(h_.store(), h_.handler(), h_.clock(),
                                                 std::map<std::string, engine::Notifier*>{{"email", email ? email : &email_}},
                                                 c);
  }
  uint64_t Count(const std::string& type) {
    uint64_t n = 0;
    auto cursor = h_.store().ReadByType(type, 0);
    while (cursor->Next().value()) ++n;
    return n;
  }

  testing::DomainHarness h_;
  FakeNotifier email_;
  std::vector<std::string> log_;
};

TEST_F(NotificationServiceTest, RecordsTheOutboxBeforeDeliveringAndDeliversOnce) {
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28)});
  h_.clock().Set(At("2026-04-01T00:00:00Z"));
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_TRUE(email_.calls.empty());
  EXPECT_EQ(svc->NextWakeUp(), At("2026-05-01T06:00:00Z"));
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  ASSERT_TRUE(svc->Tick().ok());
  ASSERT_EQ(email_.calls, std::vector<std::string>{"2026/a/bun/reminder/28d0800 email:cia"});
  EXPECT_FALSE(email_.delivered_before_recorded);
  EXPECT_EQ(Count("NotificationScheduled"), 1u);
  EXPECT_EQ(Count("NotificationDelivered"), 1u);
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(email_.calls.size(), 1u);
}

TEST_F(NotificationServiceTest, WhatACrashLeftRecordedButUndeliveredIsDeliveredOnStart) {
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  {
    // The crashed service got as far as the outbox.
    engine::Scheduler s({Step("2026/a/bun", "2026-05-29", 28)}, {});
    engine::Outbox outbox(h_.store(), h_.handler());
    auto d = s.Decide(h_.state().org, h_.state(), h_.clock().Now());
    ASSERT_EQ(d.schedule.size(), 1u);
    ASSERT_TRUE(outbox.Schedule(d.schedule[0]).ok());
  }
  h_.clock().Set(At("2026-05-01T06:05:00Z"));
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28)});
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(email_.calls, std::vector<std::string>{"2026/a/bun/reminder/28d0800 email:cia"});
  EXPECT_EQ(Count("NotificationScheduled"), 1u);
  EXPECT_EQ(Count("NotificationDelivered"), 1u);
  auto again = Service({Step("2026/a/bun", "2026-05-29", 28)});
  ASSERT_TRUE(again->Tick().ok());
  EXPECT_EQ(email_.calls.size(), 1u);
}

TEST_F(NotificationServiceTest, TransientFailuresAreRetriedWithBackoffUntilDelivered) {
  email_.outcomes = {DeliveryOutcome::Transient("connection refused", true),
                     DeliveryOutcome::Transient("connection refused", true),
                     DeliveryOutcome::Transient("451 try later")};
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28)});
  Timestamp t = At("2026-05-01T06:00:00Z");
  h_.clock().Set(t);
  ASSERT_TRUE(svc->Tick().ok());
  std::vector<std::chrono::minutes> waits;
  while (email_.calls.size() < 4) {
    auto next = svc->NextWakeUp();
    ASSERT_TRUE(next);
    waits.push_back(std::chrono::duration_cast<std::chrono::minutes>(*next - h_.clock().Now()));
    h_.clock().Set(*next);
    ASSERT_TRUE(svc->Tick().ok());
  }
  EXPECT_EQ(waits, (std::vector<std::chrono::minutes>{std::chrono::minutes(1), std::chrono::minutes(2),
                                                        std::chrono::minutes(4)}));
  EXPECT_EQ(Count("NotificationFailed"), 3u);
  EXPECT_EQ(Count("NotificationDelivered"), 1u);
  const auto& d = h_.state().notifications.at("2026/a/bun/reminder/28d0800").deliveries.at("email:cia");
  EXPECT_EQ(d.state, engine::DeliveryState::kDelivered);
  EXPECT_EQ(d.attempts, 4);
  EXPECT_EQ(log_.size(), 3u);
}

// A real hostile SMTP server (a "220-" continuation line every 0.2 s, for
// ever) through the real e-mail channel: the round ends at the conversation's
// deadline, the delivery is recorded as failed and planned for a retry.
TEST_F(NotificationServiceTest, AHostileSmtpServerIsARecordedFailureRetriedLater) {
  testing::TempDir dir;
  testing::ChildProcess peer({"/usr/bin/python3", std::string(ARSHJUL_TEST_SCRIPTS) + "/hostile_peer.py",
                              "slow_continuation", dir.Sub("port")});
  ASSERT_TRUE(testing::WaitForFile(dir.Sub("port"), std::chrono::seconds(20)));
  int port = 0;
  std::ifstream(dir.Sub("port")) >> port;
  SmtpConfig config;
  config.port = static_cast<uint16_t>(port);
  config.timeout = std::chrono::milliseconds(1000);
  config.total_timeout = std::chrono::milliseconds(2000);
  SmtpClient smtp(config);
  EmailChannel channel(smtp, "arshjul@test.se", "Årshjulet", h_.clock());
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28)}, &channel);
  const Timestamp now = At("2026-05-01T06:00:00Z");
  h_.clock().Set(now);
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(Count("NotificationFailed"), 1u);
  EXPECT_EQ(Count("NotificationDelivered"), 0u);
  const auto& d = h_.state().notifications.at("2026/a/bun/reminder/28d0800").deliveries.at("email:cia");
  EXPECT_NE(d.state, engine::DeliveryState::kDelivered);
  auto next = svc->NextWakeUp();
  ASSERT_TRUE(next);
  EXPECT_GT(*next, now) << "the retry waits (backoff)";
}

TEST_F(NotificationServiceTest, AnUnreachableChannelIsNotTriedAgainInTheSameRound) {
  email_.outcomes = {DeliveryOutcome::Transient("connection refused", true)};
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28), Step("2026/b/bun", "2026-05-29", 28)});
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(email_.calls.size(), 1u);
  EXPECT_EQ(Count("NotificationFailed"), 2u);
  h_.clock().Set(*svc->NextWakeUp());
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(email_.calls.size(), 3u);
  EXPECT_EQ(Count("NotificationDelivered"), 2u);
}

TEST_F(NotificationServiceTest, CompletingTheStepCancelsARetryingDelivery) {
  email_.outcomes = {DeliveryOutcome::Transient("connection refused", true)};
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28)});
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  ASSERT_TRUE(svc->Tick().ok());
  h_.MustRecord("CompleteStep", "done", "cia/controller/bun",
                R"({"instanceId":"2026/a/bun","organ":"bun","completedOn":"2026-05-01"})");
  h_.clock().Set(*svc->NextWakeUp());
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(email_.calls.size(), 1u);
  EXPECT_EQ(Count("NotificationCancelled"), 1u);
  EXPECT_TRUE(h_.state().open_notifications.empty());
}

TEST_F(NotificationServiceTest, ARefusedAddressDoesNotBlockTheOthersAndBecomesAFinding) {
  h_.MustRecord("AssignRole", "holding-eva-controller", "system/system/ks",
                R"({"person":"eva","role":"controller","organ":"bun","from":"2026-01-01"})");
  testing::SmtpSink sink({"eva@test.se"});
  SmtpConfig config;
  config.port = static_cast<uint16_t>(sink.port());
  SmtpClient client(config);
  EmailChannel email(client, "arshjul@test.se", "Årshjulet", h_.clock());
  auto svc = Service({Step("2026/a/bun", "2026-05-29", 28)}, &email);
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(svc->NextWakeUp(), h_.clock().Now()) << "the finding is due at once";
  ASSERT_TRUE(svc->Tick().ok());
  ASSERT_TRUE(sink.WaitForMessages(2, std::chrono::seconds(5)));
  auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["rcpt_tos"][0], "cia@test.se");
  EXPECT_EQ(messages[1]["rcpt_tos"][0], "anna@test.se");
  std::string subject = messages[1]["subject"];
  EXPECT_NE(subject.find("Uppsiktsnotering"), std::string::npos) << subject;
  std::string body = messages[1]["body"];
  EXPECT_NE(body.find("eva@test.se"), std::string::npos) << body;
  EXPECT_NE(body.find("550"), std::string::npos) << body;
  const auto& row = h_.state().notifications.at("2026/a/bun/reminder/28d0800");
  EXPECT_EQ(row.deliveries.at("email:eva").state, engine::DeliveryState::kPermanentFailure);
  EXPECT_EQ(row.deliveries.at("email:cia").state, engine::DeliveryState::kDelivered);
  ASSERT_TRUE(svc->Tick().ok());
  EXPECT_EQ(sink.Messages().size(), 2u);
}

TEST_F(NotificationServiceTest, AYearThatCannotBePlannedIsReportedAndTheOthersGoOn) {
  ServiceConfig c;
  c.plan = [](const engine::Organization&, int year) -> Result<std::vector<engine::StepInstance>> {
    if (year == 2027) return Status::InvalidArgument("inga sammanträden 2027");
    return year == 2026 ? std::vector<engine::StepInstance>{Step("2026/a/bun", "2026-05-29", 28)}
                        : std::vector<engine::StepInstance>{};
  };
  c.log = [this](const std::string& line) { log_.push_back(line); };
  NotificationService svc(h_.store(), h_.handler(), h_.clock(), {{"email", &email_}}, c);
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  ASSERT_TRUE(svc.Tick().ok());
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("FEL: årshjulet för 2027 kan inte planeras"), std::string::npos) << log_[0];
  // Not only a log line: an uppsikt finding recorded for KS and delivered to everyone in KS.
  ASSERT_TRUE(h_.state().notifications.count("wheel/2027/unplannable"));
  const engine::NotificationRow& finding = h_.state().notifications.at("wheel/2027/unplannable");
  EXPECT_EQ(finding.kind, engine::NotificationKind::kFinding);
  EXPECT_EQ(finding.organ, "ks");
  EXPECT_NE(finding.body.find("inga sammanträden 2027"), std::string::npos) << finding.body;
  EXPECT_EQ(email_.calls, (std::vector<std::string>{"wheel/2027/unplannable email:anna",
                                                    "2026/a/bun/reminder/28d0800 email:cia"}));
  bool shown = false;
  for (const engine::Finding& f : engine::Findings(h_.state(), *engine::ParseDate("2026-05-01")))
    shown |= f.kind == "wheel_unplannable" && f.subject == "wheel/2027/unplannable";
  EXPECT_TRUE(shown) << "show findings lists it";
  // Recorded once: the next round records and sends nothing new.
  ASSERT_TRUE(svc.Tick().ok());
  EXPECT_EQ(email_.calls.size(), 2u);
}

TEST_F(NotificationServiceTest, AWheelAdoptedWhileRunningIsPlannedWithoutARestart) {
  auto current = std::make_shared<std::string>("first");
  ServiceConfig c;
  c.plan = [current](const engine::Organization&, int year) -> Result<std::vector<engine::StepInstance>> {
    if (year != 2026) return std::vector<engine::StepInstance>{};
    return std::vector<engine::StepInstance>{Step("2026/" + *current + "/bun", "2026-05-29", 28)};
  };
  c.adopt = [current](const engine::AdoptedCycle& adopted) {
    *current = adopted.template_id;
    return Status::Ok();
  };
  c.log = [this](const std::string& line) { log_.push_back(line); };
  NotificationService svc(h_.store(), h_.handler(), h_.clock(), {{"email", &email_}}, c);
  h_.clock().Set(At("2026-05-01T06:00:00Z"));
  ASSERT_TRUE(svc.Tick().ok());
  EXPECT_EQ(email_.calls, std::vector<std::string>{"2026/first/bun/reminder/28d0800 email:cia"});
  h_.MustRecord("AdoptAnnualCycle", "wheel-2", "system/system/ks",
                R"({"templateId":"second","name":"Det andra","mainPath":"a.yaml","files":[{"path":"a.yaml","text":"id: second"}]})");
  ASSERT_TRUE(svc.Tick().ok());
  EXPECT_EQ(email_.calls.back(), "2026/second/bun/reminder/28d0800 email:cia");
}

}  // namespace
}  // namespace arshjul::notify
