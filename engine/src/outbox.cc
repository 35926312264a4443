#include "arshjul/engine/outbox.h"

#include "arshjul/engine/local_time.h"
#include "event_spec.h"

namespace arshjul::engine {
namespace {

namespace s = schema;

std::string Bytes(capnp::MessageBuilder& msg) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(msg);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

std::string RecipientOf(const std::string& key) {
  auto colon = key.find(':');
  return colon == std::string::npos ? std::string() : key.substr(colon + 1);
}

std::string ChannelOf(const std::string& key) { return key.substr(0, key.find(':')); }

}  // namespace

std::string ScheduledCommandId(std::string_view id) { return "notification/" + std::string(id); }
std::string DeliveredCommandId(std::string_view id, std::string_view key) {
  return "notification/" + std::string(id) + "/delivered/" + std::string(key);
}
std::string FailedCommandId(std::string_view id, std::string_view key, int attempt) {
  return "notification/" + std::string(id) + "/failed/" + std::string(key) + "/" + std::to_string(attempt);
}
std::string CancelledCommandId(std::string_view id) { return "notification/" + std::string(id) + "/cancelled"; }

Status Outbox::Record(const char* event_type, const std::string& organ, const std::string& command_id,
                      std::string payload, Timestamp effective_at) {
  const EventSpec* spec = FindByEventType(event_type);
  if (!spec) return Status::NotFound(std::string("händelsetypen ") + event_type + " är inte registrerad");
  ARSHJUL_ASSIGN_OR_RETURN(auto previous, store_.LookupCommand(command_id));
  if (previous.has_value()) return handler_.CatchUp();
  ARSHJUL_RETURN_IF_ERROR(handler_.CatchUp());

  Command command;
  command.name = spec->command;
  command.command_id = command_id;
  command.actor = storage::Actor{"arshjul", "scheduler", organ};
  command.effective_at = effective_at;
  RuleContext ctx{handler_.state(), command, LocalDate(effective_at)};
  ARSHJUL_RETURN_IF_ERROR(spec->check(ctx, payload));

  storage::AppendRequest req;
  req.stream = StreamFor(*spec, organ);
  req.actor = command.actor;
  req.command_id = command_id;
  storage::ProposedEvent e;
  e.type = spec->event_type;
  e.payload = std::move(payload);
  e.effective_at = effective_at;
  req.events.push_back(std::move(e));
  ARSHJUL_RETURN_IF_ERROR(store_.Append(req).status());
  return handler_.CatchUp();
}

Status Outbox::Schedule(const NotificationRow& n) {
  capnp::MallocMessageBuilder msg;
  auto p = msg.initRoot<s::NotificationScheduled>();
  p.setNotificationId(n.id);
  p.setInstanceId(n.instance_id);
  p.setOrgan(n.organ);
  p.setKind(NotificationKindName(n.kind));
  p.setFireAt(FormatLocalRfc3339(n.fire_at));
  auto recipients = p.initRecipients(static_cast<unsigned>(n.recipients.size()));
  for (size_t i = 0; i < n.recipients.size(); ++i) {
    recipients[i].setPerson(n.recipients[i].person);
    recipients[i].setEmail(n.recipients[i].email);
    recipients[i].setName(n.recipients[i].name);
  }
  auto channels = p.initChannels(static_cast<unsigned>(n.channels.size()));
  for (size_t i = 0; i < n.channels.size(); ++i) channels.set(static_cast<unsigned>(i), n.channels[i]);
  p.setSubject(n.subject);
  p.setBody(n.body);
  p.setLate(n.late);
  p.setDeadline(n.deadline);
  p.setTitle(n.title);
  return Record("NotificationScheduled", n.organ, ScheduledCommandId(n.id), Bytes(msg), n.fire_at);
}

Status Outbox::Delivered(const std::string& id, const std::string& key, Timestamp at, int attempt) {
  auto it = state().notifications.find(id);
  if (it == state().notifications.end()) return Status::NotFound("okänd avisering '" + id + "'");
  capnp::MallocMessageBuilder msg;
  auto p = msg.initRoot<s::NotificationDelivered>();
  p.setNotificationId(id);
  p.setOrgan(it->second.organ);
  p.setChannel(ChannelOf(key));
  p.setRecipient(RecipientOf(key));
  p.setDeliveredAt(FormatTimestamp(at));
  p.setAttempt(attempt);
  return Record("NotificationDelivered", it->second.organ, DeliveredCommandId(id, key), Bytes(msg), at);
}

Status Outbox::Failed(const std::string& id, const std::string& key, int attempt, const std::string& error,
                      std::optional<Timestamp> next_attempt_at, Timestamp at) {
  auto it = state().notifications.find(id);
  if (it == state().notifications.end()) return Status::NotFound("okänd avisering '" + id + "'");
  capnp::MallocMessageBuilder msg;
  auto p = msg.initRoot<s::NotificationFailed>();
  p.setNotificationId(id);
  p.setOrgan(it->second.organ);
  p.setChannel(ChannelOf(key));
  p.setRecipient(RecipientOf(key));
  p.setAttempt(attempt);
  p.setError(error.empty() ? "okänt fel" : error);
  if (next_attempt_at) p.setNextAttemptAt(FormatTimestamp(*next_attempt_at));
  p.setPermanent(!next_attempt_at);
  return Record("NotificationFailed", it->second.organ, FailedCommandId(id, key, attempt), Bytes(msg), at);
}

Status Outbox::Cancel(const Cancellation& c, Timestamp at) {
  capnp::MallocMessageBuilder msg;
  auto p = msg.initRoot<s::NotificationCancelled>();
  p.setNotificationId(c.notification_id);
  p.setOrgan(c.organ);
  p.setReason(c.reason);
  return Record("NotificationCancelled", c.organ, CancelledCommandId(c.notification_id), Bytes(msg), at);
}

}  // namespace arshjul::engine
