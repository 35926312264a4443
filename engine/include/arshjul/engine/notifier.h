// Notifier: delivers one delivery of a recorded notification over one channel
// (e-mail, webhook, log). The engine defines the interface; adapters
// implement it (adapters/notify) and the service loop calls it after the
// notification is recorded in the outbox.
//
// Deliver blocks until the receiver answered or a timeout passed. An
// implementation need not be thread-safe; the service calls it from one thread.
#pragma once

#include <string>

#include "arshjul/engine/notification.h"

namespace arshjul::engine {

struct DeliveryOutcome {
  enum class Kind {
    kDelivered,  // the receiver accepted it (SMTP 250 after DATA, HTTP 2xx)
    kTransient,  // try again later (connection failed, timeout, SMTP 4xx, HTTP 5xx/408/429)
    kPermanent,  // refused for good (SMTP 5xx for the recipient, HTTP 4xx, no address)
  };
  Kind kind = Kind::kDelivered;
  std::string error;          // the receiver's reply or what failed, for the log
  bool channel_down = false;  // the channel itself is unreachable: its other deliveries would fail alike now

  static DeliveryOutcome Delivered() { return {}; }
  static DeliveryOutcome Transient(std::string error, bool channel_down = false) {
    return {Kind::kTransient, std::move(error), channel_down};
  }
  static DeliveryOutcome Permanent(std::string error) { return {Kind::kPermanent, std::move(error), false}; }
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  Notifier() = default;
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  virtual DeliveryOutcome Deliver(const NotificationRow& notification, const DeliveryRow& delivery) = 0;
};

}  // namespace arshjul::engine
