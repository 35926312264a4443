#include "webhook_client.h"

// Boost 1.74 uses std::exchange without including <utility> (fails with GCC 12 in C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace arshjul::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;

}  // namespace

std::optional<Url> ParseHttpUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  std::string rest = url.substr(scheme.size());
  Url out;
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.target = rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    int p = std::stoi(port);
    if (p < 1 || p > 65535) return std::nullopt;
    out.port = static_cast<uint16_t>(p);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return std::nullopt;
  out.host = authority;
  return out;
}

WebhookResult WebhookClient::Post(const std::string& json_body, const std::string& idempotency_key) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  tcp::resolver resolver(io);
  error_code ec;
  auto endpoints = resolver.resolve(url_.host, std::to_string(url_.port), ec);
  if (ec) return {WebhookResult::Kind::kTransient, 0, "okänd värd " + url_.host + ": " + ec.message(), true};

  http::request<http::string_body> req{http::verb::post, url_.target, 11};
  req.set(http::field::host, url_.host + ":" + std::to_string(url_.port));
  req.set(http::field::user_agent, "arshjul");
  req.set(http::field::content_type, "application/json; charset=utf-8");
  req.set("Idempotency-Key", idempotency_key);
  req.set(http::field::connection, "close");
  req.body() = json_body;
  req.prepare_payload();

  beast::flat_buffer buffer(kMaxWebhookHeaderBytes + kMaxWebhookBodyBytes);
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxWebhookHeaderBytes);
  parser.body_limit(kMaxWebhookBodyBytes);
  std::string failed_at;
  error_code result;
  // One deadline for the whole exchange (connect, request, response): a
  // receiver that trickles its answer cannot hold the delivery longer.
  stream.expires_after(timeout_);
  stream.async_connect(endpoints, [&](error_code e, const tcp::endpoint&) {
    if (e) {
      failed_at = "anslutning";
      result = e;
      return;
    }
    http::async_write(stream, req, [&](error_code we, size_t) {
      if (we) {
        failed_at = "sändning";
        result = we;
        return;
      }
      http::async_read_header(stream, buffer, parser, [&](error_code he, size_t) {
        // Beast 1.74 does not apply body_limit to an announced length when
        // the header arrives alone: refuse it here before reading on.
        auto announced = parser.content_length();
        if (!he && announced && *announced > kMaxWebhookBodyBytes) he = http::error::body_limit;
        if (he) {
          failed_at = "svar";
          result = he;
          return;
        }
        http::async_read(stream, buffer, parser, [&](error_code re, size_t) {
          if (re) failed_at = "svar";
          result = re;
        });
      });
    });
  });
  io.run();
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

  if (result) {
    return {WebhookResult::Kind::kTransient, 0,
            "webhook " + url_.host + ":" + std::to_string(url_.port) + " (" + failed_at + "): " + result.message(),
            true};
  }
  const auto& res = parser.get();
  int status = static_cast<int>(res.result_int());
  std::string text = "HTTP " + std::to_string(status) + " " + std::string(res.reason());
  if (!res.body().empty()) text += ": " + res.body().substr(0, 200);
  if (status >= 200 && status < 300) return {WebhookResult::Kind::kAccepted, status, text, false};
  if (status == 408 || status == 429 || status >= 500) return {WebhookResult::Kind::kTransient, status, text, false};
  return {WebhookResult::Kind::kPermanent, status, text, false};
}

}  // namespace arshjul::notify
