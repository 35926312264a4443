// WebhookClient: POSTs a JSON body to an http:// URL with Boost.Beast and
// reports how the receiver answered. Every request carries an
// Idempotency-Key header (the delivery's stable id), so a receiver can drop a
// repeat. https is not supported: put a local proxy in front (docs/scheduler.md).
//
// Not thread-safe: one Post at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace arshjul::notify {

struct Url {
  std::string host;
  uint16_t port = 80;
  std::string target = "/";  // path and query
};
// Parses "http://host[:port][/path]". nullopt for anything else (https included).
std::optional<Url> ParseHttpUrl(const std::string& url);

struct WebhookResult {
  enum class Kind { kAccepted, kTransient, kPermanent };
  Kind kind = Kind::kAccepted;
  int status = 0;     // the HTTP status; 0 when there was no response
  std::string error;  // what failed, or the status line and start of the body
  bool unreachable = false;  // no response at all (connection failed or timed out)
};

inline constexpr size_t kMaxWebhookHeaderBytes = 16 * 1024;
inline constexpr size_t kMaxWebhookBodyBytes = 64 * 1024;

class WebhookClient {
 public:
  // `timeout` bounds the whole exchange (connect, request and response). A
  // response whose header exceeds kMaxWebhookHeaderBytes or whose body
  // (announced or sent) exceeds kMaxWebhookBodyBytes is a transient failure.
  WebhookClient(Url url, std::chrono::milliseconds timeout) : url_(std::move(url)), timeout_(timeout) {}

  // 2xx: accepted; 408, 429 and 5xx: transient; other statuses: permanent.
  WebhookResult Post(const std::string& json_body, const std::string& idempotency_key);

 private:
  Url url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace arshjul::notify
