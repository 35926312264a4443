#include "smtp_client.h"

// Boost 1.74 uses std::exchange without including <utility> (fails with GCC 12 in C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "mime.h"
#include "smtp_reply.h"

namespace arshjul::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using boost::system::error_code;

struct Reply {
  int code = 0;
  std::string text;  // every line, joined by " / "
};

// One SMTP session over a TCP stream whose every operation has a deadline.
class Session {
 public:
  explicit Session(const SmtpConfig& c)
      : config_(c), stream_(io_), deadline_(std::chrono::steady_clock::now() + c.total_timeout) {}

  error_code Connect() {
    tcp::resolver resolver(io_);
    error_code ec;
    auto endpoints = resolver.resolve(config_.host, std::to_string(config_.port), ec);
    if (ec) return ec;
    return Run([&](auto done) { stream_.async_connect(endpoints, [done](error_code e, auto) { done(e); }); });
  }

  error_code Write(const std::string& data) {
    return Run([&](auto done) { asio::async_write(stream_, asio::buffer(data), [done](error_code e, size_t) { done(e); }); });
  }

  // Reads a whole (possibly multi-line) reply: at most kMaxSmtpReplyLines
  // lines of kMaxSmtpReplyLine bytes, within the session's deadline.
  error_code Read(Reply* reply) {
    SmtpReplyReader reader;
    for (;;) {
      size_t n = 0;
      error_code ec = Run([&](auto done) {
        asio::async_read_until(stream_, asio::dynamic_buffer(buffer_, kMaxSmtpReplyLine), "\r\n",
                               [done, &n](error_code e, size_t len) {
                                 n = len;
                                 done(e);
                               });
      });
      if (ec == asio::error::not_found) return asio::error::message_size;  // a line past the cap
      if (ec) return ec;
      std::string_view line(buffer_.data(), n - 2);
      SmtpReplyReader::Step step = reader.Feed(line);
      buffer_.erase(0, n);
      if (step == SmtpReplyReader::Step::kMalformed) return asio::error::invalid_argument;
      if (step == SmtpReplyReader::Step::kTooLarge) return asio::error::message_size;
      if (step == SmtpReplyReader::Step::kDone) {
        reply->code = reader.code();
        reply->text = reader.text();
        return {};
      }
    }
  }

  error_code Command(const std::string& line, Reply* reply) {
    if (error_code ec = Write(line + "\r\n")) return ec;
    return Read(reply);
  }

  void Close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  template <typename Start>
  error_code Run(Start start) {
    error_code result = asio::error::would_block;
    // Each step has its own timeout, and the whole conversation one deadline:
    // a server that answers slowly line by line cannot hold the session.
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline_) return asio::error::timed_out;
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(config_.timeout, deadline_ - now));
    start([&result](error_code e) { result = e; });
    io_.restart();
    io_.run();
    return result;
  }

  const SmtpConfig& config_;
  asio::io_context io_;
  beast::tcp_stream stream_;
  std::string buffer_;
  std::chrono::steady_clock::time_point deadline_;
};

SmtpResult Unreachable(std::string what, int code = 0) {
  return SmtpResult{SmtpResult::Kind::kTransient, code, std::move(what), true};
}

SmtpResult FromReply(const Reply& r, bool unreachable) {
  if (r.code >= 500) return SmtpResult{SmtpResult::Kind::kPermanent, r.code, r.text, false};
  return SmtpResult{SmtpResult::Kind::kTransient, r.code, r.text, unreachable};
}

std::string Where(const SmtpConfig& c) { return c.host + ":" + std::to_string(c.port); }

}  // namespace

SmtpResult SmtpClient::Send(const std::string& from, const std::string& to, const std::string& message) {
  Session s(config_);
  Reply r;
  if (error_code ec = s.Connect()) return Unreachable("kunde inte ansluta till " + Where(config_) + ": " + ec.message());
  if (error_code ec = s.Read(&r)) return Unreachable("ingen hälsning från " + Where(config_) + ": " + ec.message());
  if (r.code != 220) return Unreachable("servern tar inte emot: " + r.text, r.code);
  if (error_code ec = s.Command("EHLO " + config_.helo_name, &r)) return Unreachable("EHLO: " + ec.message());
  if (r.code != 250) {
    if (error_code ec = s.Command("HELO " + config_.helo_name, &r)) return Unreachable("HELO: " + ec.message());
    if (r.code != 250) return Unreachable("HELO avvisades: " + r.text, r.code);
  }
  // A refused sender is the configuration's fault, not the recipient's: the server counts as unusable.
  if (error_code ec = s.Command("MAIL FROM:<" + from + ">", &r)) return Unreachable("MAIL FROM: " + ec.message());
  if (r.code != 250) return Unreachable("avsändaren avvisades: " + r.text, r.code);
  if (error_code ec = s.Command("RCPT TO:<" + to + ">", &r)) return Unreachable("RCPT TO: " + ec.message());
  if (r.code != 250 && r.code != 251) {
    SmtpResult out = FromReply(r, false);
    (void)s.Command("QUIT", &r);
    s.Close();
    return out;
  }
  if (error_code ec = s.Command("DATA", &r)) return Unreachable("DATA: " + ec.message());
  if (r.code != 354) return FromReply(r, false);

  std::string data = DotStuff(message);
  if (data.size() < 2 || data.compare(data.size() - 2, 2, "\r\n") != 0) data += "\r\n";
  size_t half = data.size() / 2;
  if (error_code ec = s.Write(data.substr(0, half))) return Unreachable("meddelandet: " + ec.message());
  if (on_data_partly_sent) on_data_partly_sent();
  if (error_code ec = s.Write(data.substr(half) + ".\r\n")) return Unreachable("meddelandet: " + ec.message());
  if (error_code ec = s.Read(&r)) {
    // The server may or may not have accepted it: sending again is the safe side (same Message-ID).
    return SmtpResult{SmtpResult::Kind::kTransient, 0, "inget svar efter meddelandet: " + ec.message(), false};
  }
  if (r.code != 250) return FromReply(r, false);
  SmtpResult accepted{SmtpResult::Kind::kAccepted, r.code, r.text, false};
  (void)s.Command("QUIT", &r);
  s.Close();
  return accepted;
}

}  // namespace arshjul::notify
