#include "channels.h"

#include "arshjul/engine/local_time.h"
#include "mime.h"

namespace arshjul::notify {

using engine::DeliveryOutcome;

nlohmann::ordered_json NotificationJson(const engine::NotificationRow& n) {
  nlohmann::ordered_json recipients = nlohmann::ordered_json::array();
  for (const auto& r : n.recipients) recipients.push_back({{"person", r.person}, {"email", r.email}, {"name", r.name}});
  return {{"notificationId", n.id},
          {"instance", n.instance_id},
          {"organ", n.organ},
          {"kind", engine::NotificationKindName(n.kind)},
          {"fireAt", engine::FormatLocalRfc3339(n.fire_at)},
          {"deadline", n.deadline},
          {"title", n.title},
          {"late", n.late},
          {"recipients", recipients},
          {"subject", n.subject},
          {"body", n.body}};
}

DeliveryOutcome EmailChannel::Deliver(const engine::NotificationRow& n, const engine::DeliveryRow& d) {
  if (d.address.empty()) return DeliveryOutcome::Permanent("e-postadress saknas för " + d.recipient);
  MailMessage m;
  m.from_address = sender_;
  m.from_name = sender_name_;
  m.to_address = d.address;
  for (const auto& r : n.recipients)
    if (r.person == d.recipient) m.to_name = r.name;
  m.subject = n.subject;
  m.body = n.body;
  m.message_id = MessageIdFor(n.id, d.recipient);
  m.date = clock_.Now();
  m.notification_id = n.id;
  SmtpResult r = smtp_.Send(sender_, d.address, FormatMessage(m));
  switch (r.kind) {
    case SmtpResult::Kind::kAccepted: return DeliveryOutcome::Delivered();
    case SmtpResult::Kind::kPermanent: return DeliveryOutcome::Permanent(r.reply);
    case SmtpResult::Kind::kTransient: break;
  }
  return DeliveryOutcome::Transient(r.reply, r.server_unreachable);
}

DeliveryOutcome WebhookChannel::Deliver(const engine::NotificationRow& n, const engine::DeliveryRow&) {
  WebhookResult r = client_.Post(NotificationJson(n).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), n.id);
  switch (r.kind) {
    case WebhookResult::Kind::kAccepted: return DeliveryOutcome::Delivered();
    case WebhookResult::Kind::kPermanent: return DeliveryOutcome::Permanent(r.error);
    case WebhookResult::Kind::kTransient: break;
  }
  return DeliveryOutcome::Transient(r.error, r.unreachable);
}

DeliveryOutcome LogChannel::Deliver(const engine::NotificationRow& n, const engine::DeliveryRow&) {
  nlohmann::ordered_json line = {{"time", engine::FormatLocalRfc3339(clock_.Now())}};
  nlohmann::ordered_json fields = NotificationJson(n);
  for (auto& [key, value] : fields.items()) {
    if (key != "body" || with_body_) line[key] = value;
  }
  out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  out_.flush();
  return DeliveryOutcome::Delivered();
}

}  // namespace arshjul::notify
