// SmtpClient: sends one message to one recipient over SMTP through libcurl
// (net/curl_handle.h): EHLO, STARTTLS (required on port 587 by Exchange Online
// and most relays) or implicit TLS (465), AUTH (curl picks PLAIN/LOGIN/… from
// what the server offers; only over TLS), MAIL FROM, RCPT TO, DATA with curl's
// dot-stuffing, QUIT. The server's certificate is checked (system CAs or a
// given CA file). Each reply has a time limit and the whole conversation a
// deadline: a hostile or stalled server is a failed (transient) delivery.
//
// The message itself (headers, RFC 2047 words, quoted-printable body, the
// stable Message-ID) comes from mime.h; curl carries it unchanged.
//
// Not thread-safe: one Send at a time. Owns nothing between sends.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "curl_handle.h"

namespace arshjul::notify {

enum class SmtpSecurity {
  kNone,      // plain SMTP: a relay on the same machine or network (no AUTH)
  kStartTls,  // STARTTLS required before anything else is sent (port 587)
  kTls,       // TLS from the first byte (smtps, port 465)
};

struct SmtpConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 25;
  std::string helo_name = "arshjul";
  SmtpSecurity security = SmtpSecurity::kNone;
  std::string username, password;  // AUTH when username is set (needs TLS)
  net::TlsOptions tls;
  std::chrono::milliseconds timeout{10000};  // to connect, and for each reply (whole seconds)
  // The whole conversation, from connect to QUIT: a server that sends a
  // continuation line just before each reply's timeout is cut off here.
  std::chrono::milliseconds total_timeout{60000};
};

// "" when the configuration can be used, else the Swedish reason (AUTH without TLS).
std::string CheckSmtpConfig(const SmtpConfig& config);

struct SmtpResult {
  enum class Kind {
    kAccepted,   // 250 after the message's final "."
    kTransient,  // connection, TLS or login failure, timeout or a 4xx reply: try again later
    kPermanent,  // a 5xx reply to RCPT TO, DATA or the message: this recipient will not get it
  };
  Kind kind = Kind::kAccepted;
  int code = 0;              // the deciding reply's code; 0 when there was none
  std::string reply;         // the deciding reply's text, or what failed
  bool server_unreachable = false;  // no session could be had (connect, TLS, greeting, EHLO, AUTH or MAIL failed)
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpConfig config) : config_(std::move(config)) {}

  // `message` is the full RFC 5322 message with CRLF line ends, not dot-stuffed.
  SmtpResult Send(const std::string& from, const std::string& to, const std::string& message);

  // Fault injection for crash tests: called once per Send after about half of
  // the message data has been handed to the connection and before the final ".".
  std::function<void()> on_data_partly_sent;

  const SmtpConfig& config() const { return config_; }

 private:
  SmtpConfig config_;
};

}  // namespace arshjul::notify
