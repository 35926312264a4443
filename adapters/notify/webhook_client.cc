#include "webhook_client.h"

namespace arshjul::notify {

namespace {

net::HttpOptions Options(std::chrono::milliseconds timeout, net::TlsOptions tls) {
  net::HttpOptions o;
  o.tls = std::move(tls);
  o.timeouts.connect = timeout;
  o.timeouts.total = timeout;  // one deadline: a receiver that trickles cannot hold the delivery
  o.max_header_bytes = kMaxWebhookHeaderBytes;
  o.max_body_bytes = kMaxWebhookBodyBytes;
  return o;
}

}  // namespace

WebhookClient::WebhookClient(std::string url, std::chrono::milliseconds timeout, net::TlsOptions tls)
    : url_(std::move(url)), client_(Options(timeout, std::move(tls))) {}

WebhookResult WebhookClient::Post(const std::string& json_body, const std::string& idempotency_key) {
  auto r = client_.Post(url_, json_body, "application/json; charset=utf-8", {{"Idempotency-Key", idempotency_key}});
  if (!r.ok()) return {WebhookResult::Kind::kTransient, 0, "webhook " + r.status().message(), true};
  int status = r->status;
  std::string text = "HTTP " + std::to_string(status);
  if (!r->body.empty()) text += ": " + r->body.substr(0, 200);
  if (status >= 200 && status < 300) return {WebhookResult::Kind::kAccepted, status, text, false};
  if (status == 408 || status == 429 || status >= 500) return {WebhookResult::Kind::kTransient, status, text, false};
  return {WebhookResult::Kind::kPermanent, status, text, false};
}

}  // namespace arshjul::notify
