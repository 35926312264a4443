#include "smtp_client.h"

#include <algorithm>

namespace arshjul::notify {
namespace {

// What the conversation showed, collected from curl's callbacks.
struct Conversation {
  const std::string* message = nullptr;
  size_t offset = 0;  // of the message handed to curl
  bool data_done = false;
  const std::function<void()>* on_half = nullptr;
  bool half_called = false;
  std::string last_command;  // the last command sent ("EHLO", "MAIL", "RCPT", "DATA", …) before QUIT
  std::string last_reply;    // the server's last reply line before QUIT, capped
  bool quitting = false;     // curl ends every session with QUIT, after a failure too
};

size_t ReadMessage(char* buffer, size_t size, size_t n, void* user) {
  auto* c = static_cast<Conversation*>(user);
  size_t half = c->message->size() / 2;
  if (c->offset >= half && !c->half_called && c->on_half && *c->on_half) {
    c->half_called = true;
    (*c->on_half)();
  }
  size_t limit = c->offset < half && !c->half_called ? half : c->message->size();  // pause at half for the hook
  size_t len = std::min(size * n, limit - c->offset);
  if (len == 0 && c->offset == c->message->size()) c->data_done = true;
  std::copy_n(c->message->data() + c->offset, len, buffer);
  c->offset += len;
  return len;
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* c = static_cast<Conversation*>(user);
  std::string_view text(data, size);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (c->quitting) return 0;
  if (type == CURLINFO_HEADER_OUT) {
    std::string command(text.substr(0, text.find(' ')));
    if (command == "QUIT") c->quitting = true;
    else if (command == "MAIL" || command == "RCPT" || command == "DATA" || command == "EHLO" ||
             command == "HELO" || command == "AUTH" || command == "STARTTLS")
      c->last_command = command;  // not the AUTH exchange's base64 lines
  } else if (type == CURLINFO_HEADER_IN) {
    c->last_reply = std::string(text.substr(0, 300));
  }
  return 0;
}

std::string Where(const SmtpConfig& c) { return c.host + ":" + std::to_string(c.port); }

std::string UrlFor(const SmtpConfig& c) {
  bool ipv6 = c.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + c.host + "]" : c.host;
  return std::string(c.security == SmtpSecurity::kTls ? "smtps://" : "smtp://") + host + ":" + std::to_string(c.port) +
         "/" + c.helo_name;
}

// Which step failed decides the kind: a refused recipient or message is
// permanent (5xx) for that recipient; anything before RCPT means the server
// cannot be used now.
SmtpResult Classify(CURLcode rc, long code, const Conversation& c, const SmtpConfig& config, const char* error) {
  std::string reply = c.last_reply.empty() ? net::CurlErrorText(rc, error) : c.last_reply;
  bool recipient_step = c.last_command == "RCPT" || c.last_command == "DATA" || c.data_done;
  if (recipient_step && code >= 400) {
    auto kind = code >= 500 ? SmtpResult::Kind::kPermanent : SmtpResult::Kind::kTransient;
    return {kind, static_cast<int>(code), reply, false};
  }
  if (c.data_done) {
    // The server may or may not have accepted it: sending again is the safe side (same Message-ID).
    return {SmtpResult::Kind::kTransient, 0, "inget svar efter meddelandet: " + net::CurlErrorText(rc, error), false};
  }
  std::string what = c.last_command.empty() ? "kunde inte ansluta till " + Where(config) : c.last_command + " på " + Where(config);
  return {SmtpResult::Kind::kTransient, static_cast<int>(code), what + ": " + net::CurlErrorText(rc, error) +
          (c.last_reply.empty() ? "" : " – " + c.last_reply), true};
}

}  // namespace

std::string CheckSmtpConfig(const SmtpConfig& config) {
  if (!config.username.empty() && config.security == SmtpSecurity::kNone) {
    return "inloggning (AUTH) kräver TLS: ange STARTTLS eller TLS";
  }
  return "";
}

SmtpResult SmtpClient::Send(const std::string& from, const std::string& to, const std::string& message) {
  net::CurlEasy h = net::NewCurlEasy();
  if (!h) return {SmtpResult::Kind::kTransient, 0, "libcurl kunde inte starta en överföring", true};
  net::ApplyCommonOptions(h.get(), config_.tls, {config_.timeout, config_.total_timeout}, "smtp,smtps");
  std::string data = message;
  if (data.size() < 2 || data.compare(data.size() - 2, 2, "\r\n") != 0) data += "\r\n";
  Conversation c;
  c.message = &data;
  c.on_half = &on_data_partly_sent;
  char error[CURL_ERROR_SIZE] = {};
  std::string url = UrlFor(config_), mail_from = "<" + from + ">";
  net::CurlSlist rcpt;
  rcpt.Append("<" + to + ">");
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  if (config_.security == SmtpSecurity::kStartTls) curl_easy_setopt(h.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!config_.username.empty()) {
    curl_easy_setopt(h.get(), CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(h.get(), CURLOPT_PASSWORD, config_.password.c_str());
  }
  auto reply_seconds = std::max<long>(1, static_cast<long>((config_.timeout.count() + 999) / 1000));
  curl_easy_setopt(h.get(), CURLOPT_SERVER_RESPONSE_TIMEOUT, reply_seconds);
  curl_easy_setopt(h.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h.get(), CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(h.get(), CURLOPT_READDATA, &c);
  curl_easy_setopt(h.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(h.get(), CURLOPT_VERBOSE, 1L);  // the debug callback sees each command and reply
  curl_easy_setopt(h.get(), CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(h.get(), CURLOPT_DEBUGDATA, &c);
  curl_easy_setopt(h.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(h.get());
  long code = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_OK) return {SmtpResult::Kind::kAccepted, static_cast<int>(code), c.last_reply, false};
  return Classify(rc, code, c, config_, error);
}

}  // namespace arshjul::notify
