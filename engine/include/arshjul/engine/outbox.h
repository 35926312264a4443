// Outbox: records the scheduler's notification events (NotificationScheduled,
// NotificationDelivered, NotificationFailed, NotificationCancelled) into the
// log, each exactly once: the command id is derived from the notification id
// (and the delivery key, and the attempt for a failure), so a repeated record
// after a crash writes nothing. After each append the CommandHandler catches
// up, so its DomainState (and the outbox read model in it) includes the event.
//
// The events are the system's own, recorded with the actor
// arshjul/scheduler/<organ>; they pass the catalog's payload checks but not
// the actor.holds_role rule, which is for people (docs/scheduler.md).
//
// Borrows the store and handler; both must outlive it. Not thread-safe, and
// not to be used while another thread calls the handler.
#pragma once

#include <optional>
#include <string>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/scheduler.h"

namespace arshjul::engine {

// Command ids of the outbox's events.
std::string ScheduledCommandId(std::string_view notification_id);
std::string DeliveredCommandId(std::string_view notification_id, std::string_view key);
std::string FailedCommandId(std::string_view notification_id, std::string_view key, int attempt);
std::string CancelledCommandId(std::string_view notification_id);

class Outbox {
 public:
  Outbox(storage::EventStore& store, CommandHandler& handler) : store_(store), handler_(handler) {}

  const DomainState& state() const { return handler_.state(); }
  Status CatchUp() { return handler_.CatchUp(); }

  // Records a NotificationScheduled for `draft` (its deliveries are ignored),
  // with effective time its fire time. Ok when it was recorded before.
  Status Schedule(const NotificationRow& draft);
  // Records delivery `key` of notification `id` as delivered at `at` on attempt `attempt`.
  Status Delivered(const std::string& id, const std::string& key, Timestamp at, int attempt);
  // Records a failed attempt; `next_attempt_at` unset means refused for good.
  Status Failed(const std::string& id, const std::string& key, int attempt, const std::string& error,
                std::optional<Timestamp> next_attempt_at, Timestamp at);
  Status Cancel(const Cancellation& cancellation, Timestamp at);

 private:
  Status Record(const char* event_type, const std::string& organ, const std::string& command_id,
                std::string payload, Timestamp effective_at);

  storage::EventStore& store_;
  CommandHandler& handler_;
};

}  // namespace arshjul::engine
