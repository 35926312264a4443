// The scheduler's pure logic over a small kommun recorded through commands:
// fire times across DST, recipients by date, completion cancelling, missed
// notifications sent once and marked late, never twice, the escalation chain,
// retries and undeliverable addresses. Time only moves when a test sets the
// fake clock; nothing sleeps.
#include "arshjul/engine/scheduler.h"

#include <gtest/gtest.h>

#include <map>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/outbox.h"
#include "arshjul/engine/oversight.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::At;
using testing::DomainHarness;

Date D(const char* text) { return *ParseDate(text); }

// A controller's step for "bun" (held by cia until 2026-06-30, dan from 2026-07-01).
StepInstance Step(const std::string& id, const char* deadline, std::vector<ReminderOffset> reminders,
                  std::vector<Escalation> escalations = {}) {
  StepInstance s;
  s.id = id;
  s.step_id = "step";
  s.template_id = "test";
  s.title = "Delårsrapport";
  s.organ = "bun";
  s.responsible_role = "controller";
  s.year = 2026;
  s.deadline = D(deadline);
  s.reminders = std::move(reminders);
  s.escalations = std::move(escalations);
  return s;
}

std::vector<std::string> People(const NotificationRow& n) {
  std::vector<std::string> out;
  for (const auto& r : n.recipients) out.push_back(r.person);
  return out;
}

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() : outbox_(h_.store(), h_.handler()) {
    EXPECT_TRUE(LoadStockholmTimeZone().ok());
    // The controller's superior is the kommunchef, who sits in the administration.
    h_.MustRecord("DefineRole", "role-controller-superior", "system/system/ks",
                  R"({"id":"controller","name":"Controller","superior":"kommunchef"})");
  }
  const DomainState& state() { return h_.state(); }

  // Decides at `now` and records everything decided; returns what was scheduled.
  std::vector<NotificationRow> Tick(Scheduler& s, Timestamp now) {
    h_.clock().Set(now);
    SchedulerDecision d = s.Decide(state().org, state(), now);
    for (const auto& c : d.cancel) EXPECT_TRUE(outbox_.Cancel(c, now).ok());
    for (const auto& n : d.schedule) EXPECT_TRUE(outbox_.Schedule(n).ok()) << n.id;
    return d.schedule;
  }
  // Marks every due delivery delivered at `now`.
  int DeliverAll(Timestamp now) {
    int n = 0;
    for (const auto& d : DueDeliveries(state(), now)) {
      EXPECT_TRUE(outbox_.Delivered(d.notification_id, d.key, now, 1).ok());
      ++n;
    }
    return n;
  }
  void Complete(const std::string& instance, const char* on, const char* actor = "dan/controller/bun") {
    h_.MustRecord("CompleteStep", "done-" + instance, actor,
                  R"({"instanceId":")" + instance + R"(","organ":"bun","completedOn":")" + on + R"("})");
  }

  DomainHarness h_;
  Outbox outbox_;
};

TEST_F(SchedulerTest, RemindersFireAtLocalTimeOnBothSidesOfDaylightSavingTime) {
  // Summer time starts 2026-03-29 and ends 2026-10-25.
  Scheduler s({Step("2026/a/bun", "2026-03-30", {{2, 8, 0}, {1, 8, 0}, {0, 8, 0}}),
               Step("2026/b/bun", "2026-10-26", {{2, 8, 0}, {1, 8, 0}, {0, 8, 0}})},
              {});
  std::map<std::string, std::string> fire;
  for (const auto& e : s.agenda()) fire[e.notification_id] = FormatTimestamp(e.fire_at);
  EXPECT_EQ(fire["2026/a/bun/reminder/2d0800"], "2026-03-28T07:00:00.000000Z");  // winter: +01:00
  EXPECT_EQ(fire["2026/a/bun/reminder/1d0800"], "2026-03-29T06:00:00.000000Z");  // the switch day: +02:00
  EXPECT_EQ(fire["2026/a/bun/reminder/0d0800"], "2026-03-30T06:00:00.000000Z");
  EXPECT_EQ(fire["2026/b/bun/reminder/2d0800"], "2026-10-24T06:00:00.000000Z");  // summer: +02:00
  EXPECT_EQ(fire["2026/b/bun/reminder/1d0800"], "2026-10-25T07:00:00.000000Z");  // back to +01:00
  EXPECT_EQ(fire["2026/b/bun/reminder/0d0800"], "2026-10-26T07:00:00.000000Z");
  for (const auto& e : s.agenda()) {
    LocalDateTime local = UtcToLocal(e.fire_at);
    EXPECT_EQ(local.hour, 8) << e.notification_id;
    EXPECT_EQ(local.minute, 0) << e.notification_id;
  }
}

TEST_F(SchedulerTest, AReminderIsDueAtItsFireTimeAndNotASecondBefore) {
  Scheduler s({Step("2026/a/bun", "2026-04-30", {{28, 8, 0}})}, {});
  Timestamp fire = At("2026-04-02T06:00:00Z");
  EXPECT_TRUE(Tick(s, fire - std::chrono::seconds(1)).empty());
  EXPECT_EQ(s.NextWakeUp(state(), fire - std::chrono::hours(30)), fire);
  auto due = Tick(s, fire);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_FALSE(due[0].late);
  EXPECT_EQ(due[0].kind, NotificationKind::kReminder);
  EXPECT_NE(due[0].subject.find("Påminnelse: Delårsrapport"), std::string::npos) << due[0].subject;
  EXPECT_NE(due[0].body.find("28 dagar kvar"), std::string::npos) << due[0].body;
}

TEST_F(SchedulerTest, RecipientsAreTheRoleHoldersOnTheDayItFires) {
  Scheduler s({Step("2026/a/bun", "2026-07-03", {{4, 8, 0}, {2, 8, 0}})}, {});
  auto first = Tick(s, At("2026-06-29T06:00:00Z"));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(People(first[0]), std::vector<std::string>{"cia"});
  EXPECT_EQ(first[0].recipients[0].email, "cia@test.se");
  auto second = Tick(s, At("2026-07-01T06:00:00Z"));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(People(second[0]), std::vector<std::string>{"dan"});
  // What was recorded for cia stays recorded for cia.
  EXPECT_EQ(People(state().notifications.at("2026/a/bun/reminder/4d0800")), std::vector<std::string>{"cia"});
}

TEST_F(SchedulerTest, ALateReminderGoesToWhoeverHoldsTheRoleWhenItIsCaughtUp) {
  Scheduler s({Step("2026/a/bun", "2026-07-10", {{12, 8, 0}})}, {});  // due 2026-06-28, cia's time
  auto due = Tick(s, At("2026-07-02T09:00:00Z"));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_TRUE(due[0].late);
  EXPECT_EQ(People(due[0]), std::vector<std::string>{"dan"});
  EXPECT_NE(due[0].subject.find("Försenad påminnelse"), std::string::npos);
}

TEST_F(SchedulerTest, MissedNotificationsAreRecordedOnceMarkedLateAndNeverAgain) {
  Scheduler s({Step("2026/a/bun", "2026-09-30", {{28, 8, 0}, {7, 8, 0}, {1, 8, 0}})}, {});
  // The service was down from before the first reminder until after the second.
  auto caught_up = Tick(s, At("2026-09-25T12:00:00Z"));
  ASSERT_EQ(caught_up.size(), 2u);
  EXPECT_EQ(caught_up[0].id, "2026/a/bun/reminder/28d0800");
  EXPECT_EQ(caught_up[1].id, "2026/a/bun/reminder/7d0800");
  EXPECT_TRUE(caught_up[0].late && caught_up[1].late);
  EXPECT_TRUE(Tick(s, At("2026-09-25T12:00:00Z")).empty());
  EXPECT_TRUE(Tick(s, At("2026-09-26T12:00:00Z")).empty());
  EXPECT_EQ(s.NextWakeUp(state(), At("2026-09-26T12:00:00Z")), At("2026-09-26T12:00:00Z")) << "undelivered";
  EXPECT_EQ(DeliverAll(At("2026-09-26T12:00:00Z")), 2);
  EXPECT_EQ(s.NextWakeUp(state(), At("2026-09-26T12:00:00Z")), At("2026-09-29T06:00:00Z"));
  auto last = Tick(s, At("2026-09-29T06:00:00Z"));
  ASSERT_EQ(last.size(), 1u);
  EXPECT_FALSE(last[0].late);
}

TEST_F(SchedulerTest, NotBeforeSkipsWhatWasDueBeforeIt) {
  SchedulerOptions o;
  o.not_before = At("2026-09-20T00:00:00Z");
  Scheduler s({Step("2026/a/bun", "2026-09-30", {{28, 8, 0}, {7, 8, 0}})}, o);
  auto due = Tick(s, At("2026-09-25T12:00:00Z"));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, "2026/a/bun/reminder/7d0800");
}

TEST_F(SchedulerTest, ACompletedStepCancelsWhatIsUndeliveredAndGetsNothingNew) {
  Scheduler s({Step("2026/a/bun", "2026-09-30", {{7, 8, 0}, {1, 8, 0}}, {{3, "", false}})}, {});
  ASSERT_EQ(Tick(s, At("2026-09-23T06:00:00Z")).size(), 1u);
  EXPECT_EQ(DueDeliveries(state(), At("2026-09-23T06:00:00Z")).size(), 1u);  // recorded, not yet delivered
  Complete("2026/a/bun", "2026-09-24");
  EXPECT_TRUE(DueDeliveries(state(), At("2026-09-24T10:00:00Z")).empty());
  auto d = s.Decide(state().org, state(), At("2026-09-24T10:00:00Z"));
  ASSERT_EQ(d.cancel.size(), 1u);
  EXPECT_EQ(d.cancel[0].notification_id, "2026/a/bun/reminder/7d0800");
  EXPECT_NE(d.cancel[0].reason.find("klart"), std::string::npos);
  Tick(s, At("2026-09-24T10:00:00Z"));
  const auto& row = state().notifications.at("2026/a/bun/reminder/7d0800");
  EXPECT_TRUE(row.cancelled);
  EXPECT_EQ(row.deliveries.at("email:dan").state, DeliveryState::kCancelled);
  EXPECT_TRUE(state().open_notifications.empty());
  // Neither the later reminder nor the escalation is ever recorded.
  EXPECT_TRUE(Tick(s, At("2026-12-31T12:00:00Z")).empty());
  EXPECT_EQ(s.NextWakeUp(state(), At("2026-12-31T12:00:00Z")), std::nullopt);
}

TEST_F(SchedulerTest, TheStepsOwnCompletionEventForItsPeriodCompletesIt) {
  StepInstance report = Step("2026/dr2/bun/2026-08-31", "2026-09-30", {{7, 8, 0}, {1, 8, 0}}, {{3, "", false}});
  report.period = Period{D("2026-01-01"), D("2026-08-31")};
  report.completion.event_type = "ReportSubmitted";
  Scheduler s({report}, {});
  ASSERT_EQ(Tick(s, At("2026-09-23T06:00:00Z")).size(), 1u);
  // A report for another period, or by another committee, completes nothing.
  h_.MustRecord("SubmitReport", "dr1", "bo/namndsekreterare/bun",
                R"({"organ":"bun","kind":"interim_report","periodFrom":"2026-01-01","periodTo":"2026-03-31","submittedOn":"2026-09-24"})");
  h_.MustRecord("SubmitReport", "sn-dr2", "eva/namndsekreterare/sn",
                R"({"organ":"sn","kind":"interim_report","periodFrom":"2026-01-01","periodTo":"2026-08-31","submittedOn":"2026-09-24"})");
  EXPECT_FALSE(StepCompletedIn(state(), report));
  EXPECT_TRUE(s.Decide(state().org, state(), At("2026-09-24T10:00:00Z")).cancel.empty());
  // BUN's report for the period ending 31 August does.
  h_.MustRecord("SubmitReport", "dr2", "bo/namndsekreterare/bun",
                R"({"organ":"bun","kind":"interim_report","periodFrom":"2026-01-01","periodTo":"2026-08-31","submittedOn":"2026-09-25"})");
  EXPECT_EQ(StepCompletedOn(state(), report), std::optional<std::string>("2026-09-25"));
  auto d = s.Decide(state().org, state(), At("2026-09-25T10:00:00Z"));
  ASSERT_EQ(d.cancel.size(), 1u);
  EXPECT_NE(d.cancel[0].reason.find("2026-09-25"), std::string::npos);
  Tick(s, At("2026-09-25T10:00:00Z"));
  EXPECT_TRUE(Tick(s, At("2026-12-31T12:00:00Z")).empty());
}

TEST_F(SchedulerTest, EscalationGoesToTheSuperiorThenAFindingToTheExecutiveBoard) {
  Scheduler s({Step("2026/a/bun", "2026-09-30", {{1, 8, 0}}, {{2, "", false}, {10, "", true}})}, {});
  Tick(s, At("2026-09-29T06:00:00Z"));
  EXPECT_TRUE(Tick(s, At("2026-10-01T12:00:00Z")).empty());  // after the deadline, before the first escalation
  auto esc = Tick(s, At("2026-10-02T06:00:00Z"));
  ASSERT_EQ(esc.size(), 1u);
  EXPECT_EQ(esc[0].id, "2026/a/bun/escalation/2d");
  EXPECT_EQ(esc[0].kind, NotificationKind::kEscalation);
  EXPECT_EQ(People(esc[0]), std::vector<std::string>{"kc"});  // kommunchef in the administration
  EXPECT_NE(esc[0].body.find("dan"), std::string::npos) << "names the responsible holder";
  auto finding = Tick(s, At("2026-10-10T06:00:00Z"));
  ASSERT_EQ(finding.size(), 1u);
  EXPECT_EQ(finding[0].id, "2026/a/bun/finding/10d");
  EXPECT_EQ(finding[0].kind, NotificationKind::kFinding);
  EXPECT_EQ(People(finding[0]), std::vector<std::string>{"anna"});  // everyone with a role in KS
  EXPECT_NE(finding[0].subject.find("Uppsiktsnotering"), std::string::npos);
}

TEST_F(SchedulerTest, AReminderForAnUnheldRoleGoesToTheSuperior) {
  StepInstance step = Step("2026/a/sn", "2026-09-30", {{1, 8, 0}});
  step.organ = "sn";  // nobody is controller for sn
  Scheduler s({step}, {});
  auto due = Tick(s, At("2026-09-29T06:00:00Z"));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(People(due[0]), std::vector<std::string>{"kc"});
}

TEST_F(SchedulerTest, ARunThroughTheYearRecordsAndDeliversEveryNotificationExactlyOnce) {
  std::vector<StepInstance> steps;
  for (int m = 1; m <= 12; ++m) {
    char deadline[16];
    std::snprintf(deadline, sizeof deadline, "2026-%02d-15", m);
    steps.push_back(Step("2026/s" + std::to_string(m) + "/bun", deadline, {{28, 8, 0}, {7, 8, 0}, {0, 7, 30}},
                         {{1, "", false}, {5, "", true}}));
  }
  SchedulerOptions o;
  o.not_before = At("2026-01-01T00:00:00Z");  // the January step's 28-day reminder (2025-12-18) is not caught up
  Scheduler s(steps, o);
  Timestamp now = *o.not_before;
  std::map<std::string, int> scheduled;
  int deliveries = 0, wakes = 0;
  bool completed = false;
  while (auto next = s.NextWakeUp(state(), now)) {
    ASSERT_GE(*next, now);
    now = *next;
    if (!completed && now >= At("2026-06-10T10:00:00Z")) {
      // Step 6 is completed before its deadline: its 0-day reminder and escalations never go out.
      Complete("2026/s6/bun", "2026-06-10", "cia/controller/bun");
      completed = true;
    }
    for (const auto& n : Tick(s, now)) {
      ++scheduled[n.id];
      EXPECT_EQ(n.fire_at, now) << "fired late: " << n.id;
      EXPECT_FALSE(n.late);
    }
    deliveries += DeliverAll(now);
    ASSERT_LT(++wakes, 1000);
  }
  for (const auto& [id, count] : scheduled) EXPECT_EQ(count, 1) << id;
  EXPECT_EQ(scheduled.size(), 12u * 5 - 1 - 3);
  EXPECT_TRUE(scheduled.count("2026/s6/bun/reminder/7d0800"));
  EXPECT_FALSE(scheduled.count("2026/s6/bun/reminder/0d0730"));
  EXPECT_EQ(deliveries, static_cast<int>(scheduled.size()));
  EXPECT_TRUE(state().open_notifications.empty());
}

TEST_F(SchedulerTest, FailedDeliveriesAreRetriedWithExponentialBackoff) {
  RetryPolicy p;
  Timestamp t = At("2026-05-01T06:00:00Z");
  EXPECT_EQ(p.NextAttempt(t, 1) - t, std::chrono::minutes(1));
  EXPECT_EQ(p.NextAttempt(t, 2) - t, std::chrono::minutes(2));
  EXPECT_EQ(p.NextAttempt(t, 4) - t, std::chrono::minutes(8));
  EXPECT_EQ(p.NextAttempt(t, 7) - t, std::chrono::minutes(60));
  EXPECT_EQ(p.NextAttempt(t, 40) - t, std::chrono::minutes(60));

  Scheduler s({Step("2026/a/bun", "2026-05-29", {{28, 8, 0}})}, {});
  Tick(s, At("2026-05-01T06:00:00Z"));
  const std::string id = "2026/a/bun/reminder/28d0800";
  ASSERT_TRUE(outbox_.Failed(id, "email:cia", 1, "connection refused", p.NextAttempt(t, 1), t).ok());
  EXPECT_TRUE(DueDeliveries(state(), t + std::chrono::seconds(59)).empty());
  EXPECT_EQ(s.NextWakeUp(state(), t), t + std::chrono::minutes(1));
  auto due = DueDeliveries(state(), t + std::chrono::minutes(1));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], (DueDelivery{id, "email:cia"}));
  ASSERT_TRUE(outbox_.Delivered(id, "email:cia", t + std::chrono::minutes(1), 2).ok());
  const auto& row = state().notifications.at(id).deliveries.at("email:cia");
  EXPECT_EQ(row.state, DeliveryState::kDelivered);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(s.NextWakeUp(state(), t + std::chrono::minutes(1)), std::nullopt);
}

TEST_F(SchedulerTest, AnAddressRefusedForGoodDoesNotBlockOthersAndBecomesAFinding) {
  h_.MustRecord("AssignRole", "holding-eva-controller", "system/system/ks",
                R"({"person":"eva","role":"controller","organ":"bun","from":"2026-01-01"})");
  Scheduler s({Step("2026/a/bun", "2026-05-29", {{28, 8, 0}})}, {});
  Timestamp t = At("2026-05-01T06:00:00Z");
  auto due = Tick(s, t);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(People(due[0]), (std::vector<std::string>{"cia", "eva"}));
  const std::string id = due[0].id;
  ASSERT_TRUE(outbox_.Failed(id, "email:eva", 1, "550 5.1.1 mailbox unavailable", std::nullopt, t).ok());
  ASSERT_TRUE(outbox_.Delivered(id, "email:cia", t, 1).ok());
  EXPECT_EQ(state().notifications.at(id).deliveries.at("email:eva").state, DeliveryState::kPermanentFailure);
  EXPECT_EQ(state().notifications.at(id).deliveries.at("email:cia").state, DeliveryState::kDelivered);
  EXPECT_EQ(s.NextWakeUp(state(), t), t);

  auto findings = Tick(s, t);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, UndeliverableFindingId(id, "email:eva"));
  EXPECT_EQ(findings[0].kind, NotificationKind::kFinding);
  EXPECT_EQ(People(findings[0]), std::vector<std::string>{"anna"});
  EXPECT_NE(findings[0].body.find("550 5.1.1"), std::string::npos);
  EXPECT_NE(findings[0].body.find("eva@test.se"), std::string::npos);
  // The refused address is an uppsikt finding in the read models too.
  auto computed = Findings(state(), LocalDate(t));
  auto refused = std::find_if(computed.begin(), computed.end(), [](const Finding& f) { return f.kind == "delivery_failed"; });
  ASSERT_NE(refused, computed.end());
  EXPECT_EQ(refused->subject, id + "/email:eva");
  EXPECT_NE(refused->text.find("eva@test.se"), std::string::npos) << refused->text;
  // A finding that cannot be delivered does not make another finding.
  ASSERT_TRUE(outbox_.Failed(findings[0].id, "email:anna", 1, "550 no", std::nullopt, t).ok());
  EXPECT_TRUE(Tick(s, t).empty());
  EXPECT_EQ(s.NextWakeUp(state(), t), std::nullopt);
}

TEST_F(SchedulerTest, RecordingIsIdempotentAndReplayRebuildsTheOutbox) {
  Scheduler s({Step("2026/a/bun", "2026-05-29", {{28, 8, 0}})}, {});
  Timestamp t = At("2026-05-01T06:00:00Z");
  auto due = Tick(s, t);
  ASSERT_EQ(due.size(), 1u);
  uint64_t events = h_.EventCount();
  EXPECT_TRUE(outbox_.Schedule(due[0]).ok());
  EXPECT_EQ(h_.EventCount(), events);
  ASSERT_TRUE(outbox_.Delivered(due[0].id, "email:cia", t, 1).ok());
  ASSERT_TRUE(outbox_.Delivered(due[0].id, "email:cia", t, 1).ok());
  EXPECT_EQ(h_.EventCount(), events + 1);

  auto replayed = Replay(h_.store());
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->notifications, state().notifications);
  EXPECT_EQ(replayed->open_notifications, state().open_notifications);

  // The events go to the organ's notifications stream, recorded by the scheduler.
  auto cursor = h_.store().ReadStream("organ/bun/notifications", 0, storage::Direction::kForward, 10);
  ASSERT_TRUE(cursor->Next().value());
  EXPECT_EQ(cursor->event().type, "NotificationScheduled");
  EXPECT_EQ(cursor->event().command_id, "notification/2026/a/bun/reminder/28d0800");
  EXPECT_EQ(cursor->event().actor.person_id, "arshjul");
  EXPECT_EQ(cursor->event().effective_at, t);
}

TEST_F(SchedulerTest, TheCatalogRefusesMalformedNotificationEvents) {
  auto r = h_.Record("ScheduleNotification", "bad-1", "dan/controller/bun",
                     R"({"notificationId":"x","instanceId":"i","organ":"bun","kind":"memo","fireAt":"2026-05-01T08:00:00+02:00","channels":["email"],"subject":"s"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "payload.kind");
  r = h_.Record("ScheduleNotification", "bad-2", "dan/controller/bun",
                R"({"notificationId":"x","instanceId":"i","organ":"bun","kind":"reminder","fireAt":"igår","channels":["email"],"subject":"s"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "payload.fireAt");
  r = h_.Record("RecordNotificationDelivered", "bad-3", "dan/controller/bun",
                R"({"notificationId":"nope","organ":"bun","channel":"email","recipient":"dan","deliveredAt":"2026-05-01T08:00:00Z","attempt":1})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "payload.notificationId");
}

}  // namespace
}  // namespace arshjul::engine
