// NotificationService: one round of the reminder service, independent of
// what wakes it (the Asio timer of `serve`, the virtual clock of `simulate`).
// Each Tick, at the injected clock's now:
//
//   1. catch up with the log and (re)plan the årshjul when the year, the
//      organisation or a completion a deadline counts from has changed;
//   2. deliver what is recorded but not delivered — after a crash, what was
//      in flight; after an outage, what is due for a retry;
//   3. ask the pure scheduler what is due, and record it: cancellations and
//      NotificationScheduled (the outbox) BEFORE any delivery is attempted;
//   4. sign a checkpoint of the log at each occasion that has come
//      (engine/checkpoint_schedule.h) and record its notification to the
//      revisorer (kind checkpoint) — when a checkpoint key is configured;
//   5. deliver what was just recorded, recording each delivery as delivered
//      or failed (with its next attempt by exponential backoff).
//
// A channel that is unreachable fails its other deliveries of the round
// without being tried again. Every event has a stable command id, so a Tick
// repeated after a crash records nothing twice (docs/scheduler.md).
//
// Borrows store, handler, clock and channels; they must outlive it. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "arshjul/engine/checkpoint_schedule.h"
#include "arshjul/engine/notifier.h"
#include "arshjul/engine/outbox.h"
#include "arshjul/engine/scheduler.h"
#include "arshjul/engine/started_steps.h"

namespace arshjul::notify {

// The årshjul's step instances for one year (engine::Plan over the template).
using PlanFunction =
    std::function<Result<std::vector<engine::StepInstance>>(const engine::Organization& org, int year)>;

// The deadlines recorded decisions start (engine/started_steps.h), for the
// meetings in [first_year, last_year].
using StartedFunction = std::function<std::vector<engine::StepInstance>(
    const engine::Organization& org, const std::vector<engine::StartTrigger>& triggers, int first_year, int last_year)>;

struct ServiceConfig {
  engine::SchedulerOptions scheduler;
  engine::RetryPolicy retry;
  PlanFunction plan;
  StartedFunction started;  // optional
  int years_before = 1;  // plans the years [Y − years_before, Y + years_after] around now's year Y
  int years_after = 1;
  // The organisation to resolve recipients in when the log holds none.
  std::optional<engine::Organization> organization;
  // Reads the wheel adopted in the log (AnnualCycleAdopted) into `plan` and
  // `started` whenever another is adopted; unset: the wheel in them is fixed
  // (serve --template). An error is logged and the wheel before it kept.
  std::function<Status(const engine::AdoptedCycle&)> adopt;
  // Told of plan problems and of every failed delivery (Swedish, one line each).
  std::function<void(const std::string&)> log;
  // Signed checkpoints for the revisorer (serve --checkpoint-key): signs the
  // log's tree head, recorded under `command_id` (a repeat returns what was
  // recorded then), and returns the signed note. Unset: no checkpoints.
  std::function<Result<std::string>(const std::string& command_id, Timestamp now)> sign_checkpoint;
  engine::CheckpointPolicy checkpoints;
};

class NotificationService {
 public:
  NotificationService(storage::EventStore& store, engine::CommandHandler& handler, const Clock& clock,
                      std::map<std::string, engine::Notifier*> channels, ServiceConfig config);

  // One round at clock.Now(). Errors are the log's (IOError, Corruption); a
  // failed delivery is not an error but a recorded NotificationFailed.
  Status Tick();

  // When to Tick next: now when something is due, the next fire time, retry
  // or new year otherwise.
  std::optional<Timestamp> NextWakeUp();

  struct Counters {
    uint64_t scheduled = 0, delivered = 0, failed = 0, cancelled = 0, attempts = 0;
  };
  const Counters& counters() const { return counters_; }
  const engine::DomainState& state() const { return outbox_.state(); }
  const engine::Scheduler* scheduler() const { return scheduler_ ? &*scheduler_ : nullptr; }

  // Fault injection for crash tests (set only by `serve` from ARSHJUL_FAULT):
  // called just before a delivery is attempted, and just after the receiver
  // accepted it and before that is recorded.
  std::function<void()> before_send;
  std::function<void()> after_accepted;

 private:
  const engine::Organization& Org() const;
  Status Replan(Timestamp now);
  // A year that cannot be planned: logged as an error and recorded once as an
  // uppsikt finding for KS (UnplannableYearFinding), then delivered.
  Status RecordUnplannable(Timestamp now);
  void AdoptWheel();
  Status DeliverDue(Timestamp now);
  // Step 4: the checkpoint occasions of last year and this one that have come; how many were recorded.
  Result<int> PublishCheckpoints(Timestamp now);
  std::optional<Timestamp> NextCheckpoint(Timestamp now) const;
  Status DeliverOne(const engine::DueDelivery& due, std::set<std::string>& down_channels);
  void Log(const std::string& line) const;

  engine::Outbox outbox_;
  const Clock& clock_;
  std::map<std::string, engine::Notifier*> channels_;
  ServiceConfig config_;
  Counters counters_;

  std::optional<engine::Scheduler> scheduler_;
  int planned_year_ = 0;
  engine::Organization planned_org_;
  std::set<std::string> planned_anchors_;  // completed instances some deadline counts from
  std::vector<engine::StartTrigger> planned_triggers_;  // meetings with decisions when last planned
  std::vector<engine::StepInstance> planned_;  // as planned, before completion anchors
  std::map<int, std::string> unplannable_;  // year → why, from the last plan
  std::string adopted_wheel_;  // the AnnualCycleAdopted event the plan functions read
  std::string planned_wheel_;  // … when the plan was last made
};

// The local midnight starting the year after `now`'s year.
Timestamp StartOfNextYear(Timestamp now);

}  // namespace arshjul::notify
