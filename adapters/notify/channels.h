// The delivery channels: e-mail over SMTP, a webhook POST with a JSON body,
// and a log channel writing one JSON line per notification. Each implements
// engine::Notifier for one channel name (notification.h: "email", "webhook",
// "log") and maps its transport's answer to delivered / transient / permanent.
//
// Each borrows its client, stream and clock; they must outlive it. Not thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "arshjul/engine/notifier.h"
#include "arshjul/storage/clock.h"
#include "smtp_client.h"
#include "webhook_client.h"

namespace arshjul::notify {

// The notification as JSON (the webhook body and the log line): id, instance,
// organ, kind, fireAt (RFC 3339, local offset), deadline, title, late,
// recipients [{person, email, name}], subject and body.
nlohmann::ordered_json NotificationJson(const engine::NotificationRow& n);

// One message per recipient, Message-ID MessageIdFor(notification id, person).
class EmailChannel final : public engine::Notifier {
 public:
  EmailChannel(SmtpClient& smtp, std::string sender_address, std::string sender_name, const Clock& clock)
      : smtp_(smtp), sender_(std::move(sender_address)), sender_name_(std::move(sender_name)), clock_(clock) {}
  engine::DeliveryOutcome Deliver(const engine::NotificationRow& n, const engine::DeliveryRow& d) override;

 private:
  SmtpClient& smtp_;
  std::string sender_, sender_name_;
  const Clock& clock_;
};

// One POST per notification, Idempotency-Key = the notification id.
class WebhookChannel final : public engine::Notifier {
 public:
  explicit WebhookChannel(WebhookClient& client) : client_(client) {}
  engine::DeliveryOutcome Deliver(const engine::NotificationRow& n, const engine::DeliveryRow& d) override;

 private:
  WebhookClient& client_;
};

// One JSON line per notification: NotificationJson plus "time", the moment of
// delivery in Stockholm time. Never fails.
class LogChannel final : public engine::Notifier {
 public:
  LogChannel(std::ostream& out, const Clock& clock, bool with_body = false)
      : out_(out), clock_(clock), with_body_(with_body) {}
  engine::DeliveryOutcome Deliver(const engine::NotificationRow& n, const engine::DeliveryRow& d) override;

 private:
  std::ostream& out_;
  const Clock& clock_;
  bool with_body_;
};

}  // namespace arshjul::notify
