// SmtpClient: sends one message to one recipient over plain SMTP (RFC 5321)
// with Boost.Asio: a session of EHLO (HELO if refused), MAIL FROM, RCPT TO,
// DATA with dot-stuffing, and QUIT. Every step has a timeout, the whole
// conversation a deadline, and each reply caps on line length and line count
// (smtp_reply.h): a hostile server is a failed (transient) delivery. TLS and
// authentication are not supported: point it at a local relay (docs/scheduler.md).
//
// Not thread-safe: one Send at a time. Owns nothing between sends.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace arshjul::notify {

struct SmtpConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 25;
  std::string helo_name = "arshjul";
  std::chrono::milliseconds timeout{10000};  // per connect, read or write
  // The whole conversation, from connect to QUIT: a server that sends a
  // continuation line just before each step's timeout is cut off here.
  std::chrono::milliseconds total_timeout{60000};
};

struct SmtpResult {
  enum class Kind {
    kAccepted,   // 250 after the message's final "."
    kTransient,  // connection failure, timeout or a 4xx reply: try again later
    kPermanent,  // a 5xx reply to RCPT TO or to the message: this recipient will not get it
  };
  Kind kind = Kind::kAccepted;
  int code = 0;              // the deciding reply's code; 0 when there was none
  std::string reply;         // the deciding reply's text, or what failed
  bool server_unreachable = false;  // no session could be had (connect, greeting, EHLO or MAIL failed)
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpConfig config) : config_(std::move(config)) {}

  // `message` is the full RFC 5322 message with CRLF line ends, not dot-stuffed.
  SmtpResult Send(const std::string& from, const std::string& to, const std::string& message);

  // Fault injection for crash tests: called once per Send after about half of
  // the message data has been written and before the final ".".
  std::function<void()> on_data_partly_sent;

  const SmtpConfig& config() const { return config_; }

 private:
  SmtpConfig config_;
};

}  // namespace arshjul::notify
