// Scheduler: the pure logic of durable reminders. Given the step instances of
// the årshjul, the organisation, the recorded state (its outbox and completed
// steps) and "now", it says what is due: which reminders, escalations and
// findings to record (the outbox), which recorded ones to cancel, which
// deliveries to attempt, and when to wake up next. It does no I/O and never
// reads a clock; the service adapter (adapters/notify) records what it
// decides, delivers, and sets a timer for NextWakeUp. Rules in docs/scheduler.md:
//
//  - a reminder fires at LocalToUtc(deadline − days_before, hour, minute), so
//    08:00 means 08:00 in Stockholm in March and in October alike;
//  - an escalation fires `days_after` the deadline at escalation_hour: to
//    `to_role`, else the responsible role's superior; an oversight escalation
//    becomes an uppsikt finding addressed to everyone holding a role in KS;
//  - recipients are the role's holders on the day the notification is
//    recorded (its fire date, or the day a late one is caught up), so a new
//    holder gets what is pending and what was recorded stays recorded;
//  - a completed step (DomainState::completed_steps) gets no new notifications
//    and its undelivered ones are cancelled;
//  - a notification due in the past and never recorded is recorded once,
//    marked late when it is more than `late_after` behind; one recorded is
//    never recorded again (its id is stable);
//  - a delivery refused for good becomes an uppsikt finding for KS.
//
// Not thread-safe. Decide() keeps a memo of how much of the agenda is settled;
// successive calls must pass states of the same log, each at or after the
// previous one (an earlier state resets the memo).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "arshjul/engine/domain_state.h"
#include "arshjul/engine/plan.h"

namespace arshjul::engine {

// Exponential backoff for failed deliveries: initial × 2^(attempt − 1), at most max_interval.
struct RetryPolicy {
  std::chrono::seconds initial{60};
  std::chrono::seconds max_interval{3600};
  // When to try again after the `attempt`th attempt (1-based) failed at `failed_at`.
  Timestamp NextAttempt(Timestamp failed_at, int attempt) const;
};

struct SchedulerOptions {
  std::vector<std::string> channels{kChannelEmail};  // the channels of new notifications
  // Notifications due before this instant are never recorded (a first start
  // that should not catch up on the past; `simulate --from`). Unset: all are.
  std::optional<Timestamp> not_before;
  std::chrono::minutes late_after{15};  // recorded this long after its fire time or more: late
  int escalation_hour = 8;              // local time escalations and findings fire at
  int escalation_minute = 0;
};

// One notification the templates call for: a step's reminder or escalation.
struct AgendaEntry {
  Timestamp fire_at{};
  std::string notification_id;
  NotificationKind kind = NotificationKind::kReminder;
  size_t instance = 0;   // index into Scheduler::instances()
  size_t offset = 0;     // index into the instance's reminders or escalations
  friend bool operator==(const AgendaEntry&, const AgendaEntry&) = default;
};

struct Cancellation {
  std::string notification_id;
  std::string organ;
  std::string reason;  // Swedish
  friend bool operator==(const Cancellation&, const Cancellation&) = default;
};

struct SchedulerDecision {
  std::vector<NotificationRow> schedule;  // to record as NotificationScheduled, in fire-time order
  std::vector<Cancellation> cancel;
  bool empty() const { return schedule.empty() && cancel.empty(); }
};

struct DueDelivery {
  std::string notification_id;
  std::string key;  // DeliveryKey
  friend bool operator==(const DueDelivery&, const DueDelivery&) = default;
};

class Scheduler {
 public:
  Scheduler(std::vector<StepInstance> instances, SchedulerOptions options);

  // What is due at `now`. Deterministic in (instances, options, org, state, now).
  SchedulerDecision Decide(const Organization& org, const DomainState& state, Timestamp now);

  // The earliest instant after which Decide or DueDeliveries may have
  // something to do: `now` when something is due already, nullopt when
  // nothing is left (every notification recorded and settled).
  std::optional<Timestamp> NextWakeUp(const DomainState& state, Timestamp now) const;

  const std::vector<StepInstance>& instances() const { return instances_; }
  // Every reminder and escalation of the instances, by fire time (ties by id).
  const std::vector<AgendaEntry>& agenda() const { return agenda_; }
  const SchedulerOptions& options() const { return options_; }

 private:
  bool Settled(const AgendaEntry& e, const DomainState& state) const;
  // When the instance was completed (its CompleteStep, or its completion event
  // for its organ and period); nullopt while it is open.
  std::optional<std::string> CompletedOn(const DomainState& state, const std::string& instance_id) const;
  NotificationRow Draft(const AgendaEntry& e, const Organization& org, Timestamp now) const;

  std::vector<StepInstance> instances_;
  std::unordered_map<std::string, size_t> index_by_id_;
  SchedulerOptions options_;
  std::vector<AgendaEntry> agenda_;
  size_t settled_ = 0;  // agenda_[0, settled_) needs nothing more
  std::optional<uint64_t> memo_position_;
};

// Deliveries to attempt at `now`, in the order their notifications were recorded:
// pending ones, and retrying ones whose next attempt has come.
std::vector<DueDelivery> DueDeliveries(const DomainState& state, Timestamp now);

// The earliest next attempt of a retrying delivery, or `now` when one is pending.
std::optional<Timestamp> NextDeliveryAttempt(const DomainState& state, Timestamp now);

// The instances with every deadline that counts from another instance's
// completion (StepInstance::after_completion_of) moved to
// DeadlineAfterCompletion once `state` has that completion.
std::vector<StepInstance> ApplyCompletionAnchors(std::vector<StepInstance> instances, const DomainState& state);

// Whether the step instance is completed in `state`, and when: a StepCompleted
// (or a decision's completesSteps) naming it; for completion DecisionRecorded,
// the earliest decision of the instance's organ that decides what the step
// names (`decides`) for its period — a decision's periodTo, or without one the
// year of its meeting, equals the instance's period end (a step without a
// period: 31 December of its year) — on or after completion.not_before; for a
// step an assignment started, the assignment reported done or cancelled; for
// another step with a period, its completion event type recorded for its
// organ and period end (e.g. ReportSubmitted by BUN for the period ending
// 2027-08-31).
bool StepCompletedIn(const DomainState& state, const StepInstance& instance);
std::optional<std::string> StepCompletedOn(const DomainState& state, const StepInstance& instance);

// People holding `role` for `organ` on `date` — for the organ itself, or when
// nobody does, for an administration reporting to it — deduplicated and by
// person id, with their e-mail and name from the organisation. Organ "": any organ.
std::vector<NotificationRecipient> RoleRecipients(const Organization& org, std::string_view role,
                                                  std::string_view organ, Date date);

// The uppsikt finding for KS recorded when the årshjul cannot be planned for
// `year` (`error` says why): id "wheel/<year>/unplannable", addressed to
// everyone holding a role in KS on `now`'s day, fired at `now`.
NotificationRow UnplannableYearFinding(const Organization& org, int year, const std::string& error, Timestamp now,
                                       const std::vector<std::string>& channels);
std::string UnplannableYearFindingId(int year);

// The id of the uppsikt finding recorded when delivery `key` of notification `id` was refused for good.
std::string UndeliverableFindingId(std::string_view notification_id, std::string_view key);

}  // namespace arshjul::engine
