// WebhookClient: POSTs a JSON body to an http:// or https:// URL (Teams, the
// kommun's integration platform) through net::HttpClient (libcurl: on https
// the receiver's certificate is checked against the system's CAs or a given
// CA file) and reports how the receiver answered. Every request carries an
// Idempotency-Key header (the delivery's stable id), so a receiver can drop a
// repeat.
//
// Thread-safe (net::HttpClient is); the channel uses it one Post at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "http_client.h"

namespace arshjul::notify {

struct WebhookResult {
  enum class Kind { kAccepted, kTransient, kPermanent };
  Kind kind = Kind::kAccepted;
  int status = 0;     // the HTTP status; 0 when there was no response
  std::string error;  // what failed, or the status line and start of the body
  bool unreachable = false;  // no response at all (connection, certificate or timeout)
};

inline constexpr size_t kMaxWebhookHeaderBytes = 16 * 1024;
inline constexpr size_t kMaxWebhookBodyBytes = 64 * 1024;

class WebhookClient {
 public:
  // `timeout` bounds the whole exchange (connect, TLS, request and response).
  // A response whose header exceeds kMaxWebhookHeaderBytes or whose body
  // exceeds kMaxWebhookBodyBytes is a transient failure. `url` must satisfy
  // net::IsHttpUrl (checked by the caller).
  WebhookClient(std::string url, std::chrono::milliseconds timeout, net::TlsOptions tls = {});

  // 2xx: accepted; 408, 429 and 5xx: transient; other statuses: permanent.
  WebhookResult Post(const std::string& json_body, const std::string& idempotency_key);

 private:
  std::string url_;
  net::HttpClient client_;
};

}  // namespace arshjul::notify
