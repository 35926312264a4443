// Notification events: the scheduler's outbox (docs/scheduler.md). They build
// DomainState::notifications, the state of every reminder, escalation and
// finding and of each of its deliveries.
#include "arshjul/engine/notification.h"

#include "arshjul/engine/local_time.h"

#include "event_spec.h"

namespace arshjul::engine {

const char* NotificationKindName(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::kReminder: return "reminder";
    case NotificationKind::kEscalation: return "escalation";
    case NotificationKind::kFinding: return "finding";
    case NotificationKind::kCheckpoint: return "checkpoint";
  }
  return "reminder";
}

std::optional<NotificationKind> ParseNotificationKind(std::string_view name) {
  for (auto k : {NotificationKind::kReminder, NotificationKind::kEscalation, NotificationKind::kFinding,
                 NotificationKind::kCheckpoint}) {
    if (name == NotificationKindName(k)) return k;
  }
  return std::nullopt;
}

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kRetrying: return "retrying";
    case DeliveryState::kDelivered: return "delivered";
    case DeliveryState::kPermanentFailure: return "failed";
    case DeliveryState::kCancelled: return "cancelled";
  }
  return "pending";
}

bool IsKnownChannel(std::string_view c) { return c == kChannelEmail || c == kChannelWebhook || c == kChannelLog; }
bool IsPersonAddressed(std::string_view c) { return c == kChannelEmail; }

std::string DeliveryKey(std::string_view channel, std::string_view recipient) {
  std::string key(channel);
  if (!recipient.empty()) key += ":" + std::string(recipient);
  return key;
}

bool NotificationRow::Settled() const {
  for (const auto& [key, d] : deliveries)
    if (!IsFinal(d.state)) return false;
  return true;
}

namespace {

namespace s = schema;
using std::string;

Timestamp ToTimestamp(capnp::Text::Reader text) {
  Timestamp t{};
  ParseTimestamp(std::string_view(text.cStr(), text.size()), &t);
  return t;
}

Status RequireTime(capnp::Text::Reader value, const char* field, const char* what) {
  Timestamp t{};
  if (value.size() == 0) return Status::InvalidArgument(string(what) + " saknas", string("payload.") + field);
  if (!ParseTimestamp(std::string_view(value.cStr(), value.size()), &t)) {
    return Status::InvalidArgument(string(what) + " är inte en tidpunkt enligt RFC 3339: '" + Str(value) + "'",
                                   string("payload.") + field);
  }
  return Status::Ok();
}

// The notification a delivery event names, and the delivery within it.
Status FindDelivery(const DomainState& st, capnp::Text::Reader id, capnp::Text::Reader channel,
                    capnp::Text::Reader recipient) {
  auto it = st.notifications.find(Str(id));
  if (it == st.notifications.end()) {
    return Status::InvalidArgument("okänd avisering '" + Str(id) + "'", "payload.notificationId");
  }
  string key = DeliveryKey(Str(channel), Str(recipient));
  if (!it->second.deliveries.count(key)) {
    return Status::InvalidArgument("aviseringen '" + Str(id) + "' har ingen leverans '" + key + "'",
                                   "payload.recipient");
  }
  return Status::Ok();
}

void Reindex(DomainState& st, const NotificationRow& row) {
  if (row.Settled()) {
    st.open_notifications.erase(row.id);
  } else {
    st.open_notifications.insert(row.id);
  }
}

Status CheckScheduled(const RuleContext& ctx, s::NotificationScheduled::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getNotificationId(), "notificationId", "aviseringens id"));
  if (ctx.state.notifications.count(Str(p.getNotificationId()))) {
    return Status::InvalidArgument("aviseringen '" + Str(p.getNotificationId()) + "' är redan schemalagd",
                                   "payload.notificationId");
  }
  ARSHJUL_RETURN_IF_ERROR(Require(p.getInstanceId(), "instanceId", "stegets id"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getOrgan(), "organ", "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getKind(), "kind", {"reminder", "escalation", "finding", "checkpoint"}));
  ARSHJUL_RETURN_IF_ERROR(RequireTime(p.getFireAt(), "fireAt", "tidpunkten"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getDeadline(), "deadline", "sista dag"));
  if (p.getChannels().size() == 0) return Status::InvalidArgument("kanal saknas", "payload.channels");
  for (auto c : p.getChannels()) ARSHJUL_RETURN_IF_ERROR(RequireOneOf(c, "channels", {"email", "webhook", "log"}));
  for (auto r : p.getRecipients()) ARSHJUL_RETURN_IF_ERROR(Require(r.getPerson(), "recipients.person", "mottagare"));
  return Require(p.getSubject(), "subject", "ämnesrad");
}

void ApplyScheduled(DomainState& st, const EventMeta& meta, s::NotificationScheduled::Reader p) {
  NotificationRow row;
  row.id = Str(p.getNotificationId());
  row.instance_id = Str(p.getInstanceId());
  row.organ = Str(p.getOrgan());
  row.kind = ParseNotificationKind(Str(p.getKind())).value_or(NotificationKind::kReminder);
  row.fire_at = ToTimestamp(p.getFireAt());
  for (auto r : p.getRecipients()) row.recipients.push_back({Str(r.getPerson()), Str(r.getEmail()), Str(r.getName())});
  row.channels = Strs(p.getChannels());
  row.subject = Str(p.getSubject());
  row.body = Str(p.getBody());
  row.deadline = Str(p.getDeadline());
  row.title = Str(p.getTitle());
  row.late = p.getLate();
  row.position = meta.event.position;
  for (const auto& channel : row.channels) {
    if (!IsPersonAddressed(channel)) {
      row.deliveries[DeliveryKey(channel, "")] = DeliveryRow{channel, "", "", DeliveryState::kPending, 0, "", {}, {}};
      continue;
    }
    for (const auto& r : row.recipients) {
      row.deliveries[DeliveryKey(channel, r.person)] =
          DeliveryRow{channel, r.person, r.email, DeliveryState::kPending, 0, "", {}, {}};
    }
  }
  Reindex(st, row);
  st.notifications[row.id] = std::move(row);
}

Status CheckDelivered(const RuleContext& ctx, s::NotificationDelivered::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindDelivery(ctx.state, p.getNotificationId(), p.getChannel(), p.getRecipient()));
  ARSHJUL_RETURN_IF_ERROR(RequireTime(p.getDeliveredAt(), "deliveredAt", "leveranstiden"));
  if (p.getAttempt() < 1) return Status::InvalidArgument("försöket ska vara 1 eller mer", "payload.attempt");
  return Status::Ok();
}

void ApplyDelivered(DomainState& st, const EventMeta&, s::NotificationDelivered::Reader p) {
  NotificationRow& row = st.notifications[Str(p.getNotificationId())];
  DeliveryRow& d = row.deliveries[DeliveryKey(Str(p.getChannel()), Str(p.getRecipient()))];
  d.state = DeliveryState::kDelivered;
  d.attempts = p.getAttempt();
  d.next_attempt_at.reset();
  d.delivered_at = ToTimestamp(p.getDeliveredAt());
  Reindex(st, row);
}

Status CheckFailed(const RuleContext& ctx, s::NotificationFailed::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindDelivery(ctx.state, p.getNotificationId(), p.getChannel(), p.getRecipient()));
  if (p.getAttempt() < 1) return Status::InvalidArgument("försöket ska vara 1 eller mer", "payload.attempt");
  ARSHJUL_RETURN_IF_ERROR(Require(p.getError(), "error", "felet"));
  if (!p.getPermanent()) ARSHJUL_RETURN_IF_ERROR(RequireTime(p.getNextAttemptAt(), "nextAttemptAt", "nästa försök"));
  return Status::Ok();
}

void ApplyFailed(DomainState& st, const EventMeta&, s::NotificationFailed::Reader p) {
  NotificationRow& row = st.notifications[Str(p.getNotificationId())];
  string key = DeliveryKey(Str(p.getChannel()), Str(p.getRecipient()));
  DeliveryRow& d = row.deliveries[key];
  d.attempts = p.getAttempt();
  d.last_error = Str(p.getError());
  if (IsFinal(d.state)) return;  // delivered or cancelled meanwhile: the failure is history only
  if (p.getPermanent()) {
    d.state = DeliveryState::kPermanentFailure;
    d.next_attempt_at.reset();
    st.undeliverable.insert({row.id, key});
  } else {
    d.state = DeliveryState::kRetrying;
    d.next_attempt_at = ToTimestamp(p.getNextAttemptAt());
  }
  Reindex(st, row);
}

void ApplyCancelled(DomainState& st, const EventMeta&, s::NotificationCancelled::Reader p) {
  NotificationRow& row = st.notifications[Str(p.getNotificationId())];
  row.cancelled = true;
  row.cancel_reason = Str(p.getReason());
  for (auto& [key, d] : row.deliveries) {
    if (!IsFinal(d.state)) {
      d.state = DeliveryState::kCancelled;
      d.next_attempt_at.reset();
    }
  }
  Reindex(st, row);
}

std::string DateOfNotificationScheduled(s::NotificationScheduled::Reader p) {
  Timestamp t{};
  return ParseTimestamp(std::string_view(p.getFireAt().cStr(), p.getFireAt().size()), &t) ? ToString(LocalDate(t))
                                                                                        : string();
}

Status CheckNotificationCancelled(const RuleContext& ctx, s::NotificationCancelled::Reader p) {
  if (!ctx.state.notifications.count(Str(p.getNotificationId()))) {
    return Status::InvalidArgument("okänd avisering '" + Str(p.getNotificationId()) + "'",
                                   "payload.notificationId");
  }
  return Require(p.getReason(), "reason", "skäl");
}
}  // namespace

// Over 60 lines: a table, one entry per event type (its checks and applies
// are the named functions above), read top to bottom like a schema.
void RegisterNotificationEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::NotificationScheduled>({
      .command = "ScheduleNotification",
      .event_type = "NotificationScheduled",
      .category = "notifications",
      .organ = [](s::NotificationScheduled::Reader p) { return Str(p.getOrgan()); },
      .date = DateOfNotificationScheduled,
      .check = CheckScheduled,
      .apply = ApplyScheduled,
  }));

  out.push_back(Erase<s::NotificationDelivered>({
      .command = "RecordNotificationDelivered",
      .event_type = "NotificationDelivered",
      .category = "notifications",
      .organ = [](s::NotificationDelivered::Reader p) { return Str(p.getOrgan()); },
      .check = CheckDelivered,
      .apply = ApplyDelivered,
  }));

  out.push_back(Erase<s::NotificationFailed>({
      .command = "RecordNotificationFailed",
      .event_type = "NotificationFailed",
      .category = "notifications",
      .organ = [](s::NotificationFailed::Reader p) { return Str(p.getOrgan()); },
      .check = CheckFailed,
      .apply = ApplyFailed,
  }));

  out.push_back(Erase<s::NotificationCancelled>({
      .command = "CancelNotification",
      .event_type = "NotificationCancelled",
      .category = "notifications",
      .organ = [](s::NotificationCancelled::Reader p) { return Str(p.getOrgan()); },
      .check = CheckNotificationCancelled,
      .apply = ApplyCancelled,
  }));
}

}  // namespace arshjul::engine
