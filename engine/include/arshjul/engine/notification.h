// Notifications: the outbox read model — every reminder, escalation and
// finding the scheduler recorded, and the state of each of its deliveries —
// built by applying the notification events (engine/schema/domain.capnp:
// NotificationScheduled, NotificationDelivered, NotificationFailed,
// NotificationCancelled; docs/scheduler.md).
//
// A notification has one delivery per recipient on a person-addressed channel
// (e-mail) and one per notification on the others (webhook, log). Value
// types; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "arshjul/storage/clock.h"

namespace arshjul::engine {

// kCheckpoint: a signed head of the log sent to the revisorer (checkpoint_schedule.h).
enum class NotificationKind { kReminder, kEscalation, kFinding, kCheckpoint };
const char* NotificationKindName(NotificationKind kind);  // "reminder", "escalation", "finding", "checkpoint"
std::optional<NotificationKind> ParseNotificationKind(std::string_view name);

// The channels the engine knows. A channel is person-addressed when each
// recipient gets a delivery of their own.
inline constexpr const char* kChannelEmail = "email";
inline constexpr const char* kChannelWebhook = "webhook";
inline constexpr const char* kChannelLog = "log";
bool IsKnownChannel(std::string_view channel);
bool IsPersonAddressed(std::string_view channel);

// The key of one delivery within a notification: "email:<person>", "webhook", "log".
std::string DeliveryKey(std::string_view channel, std::string_view recipient);

struct NotificationRecipient {
  std::string person;  // person id
  std::string email;
  std::string name;
  friend bool operator==(const NotificationRecipient&, const NotificationRecipient&) = default;
};

enum class DeliveryState {
  kPending,           // not attempted yet
  kRetrying,          // failed; attempted again at next_attempt_at
  kDelivered,
  kPermanentFailure,  // refused for good (SMTP 5xx, webhook 4xx)
  kCancelled,         // the notification was cancelled before this delivery succeeded
};
const char* DeliveryStateName(DeliveryState state);
// Delivered, permanently failed and cancelled deliveries are never attempted again.
inline bool IsFinal(DeliveryState s) { return s != DeliveryState::kPending && s != DeliveryState::kRetrying; }

struct DeliveryRow {
  std::string channel;
  std::string recipient;  // person id; empty for a channel that is not person-addressed
  std::string address;    // the e-mail address for e-mail; empty otherwise
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;       // attempts made so far
  std::string last_error;
  std::optional<Timestamp> next_attempt_at;  // kRetrying: when to try again
  std::optional<Timestamp> delivered_at;
  friend bool operator==(const DeliveryRow&, const DeliveryRow&) = default;
};

struct NotificationRow {
  std::string id;
  std::string instance_id;
  std::string organ;
  NotificationKind kind = NotificationKind::kReminder;
  Timestamp fire_at{};
  std::vector<NotificationRecipient> recipients;
  std::vector<std::string> channels;
  std::string subject, body, deadline, title;
  bool late = false;
  bool cancelled = false;
  std::string cancel_reason;
  std::map<std::string, DeliveryRow> deliveries;  // by DeliveryKey
  uint64_t position = 0;                          // of the NotificationScheduled event
  // True when no delivery is pending or retrying.
  bool Settled() const;
  friend bool operator==(const NotificationRow&, const NotificationRow&) = default;
};

}  // namespace arshjul::engine
