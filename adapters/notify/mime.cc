#include "mime.h"

#include <cstdio>

#include "arshjul/engine/local_time.h"

namespace arshjul::notify {
namespace {

bool IsPrintableAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

std::string Base64(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

char Hex(int v) { return "0123456789ABCDEF"[v & 15]; }

std::string MailAddress(const std::string& name, const std::string& address) {
  if (name.empty()) return "<" + address + ">";
  std::string shown = name;
  if (IsPrintableAscii(name)) {
    shown = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') shown += '\\';
      shown += c;
    }
    shown += "\"";
  } else {
    shown = EncodeHeaderText(name);
  }
  return shown + " <" + address + ">";
}

}  // namespace

std::string EncodeHeaderText(std::string_view text) {
  if (IsPrintableAscii(text)) return std::string(text);
  // "=?UTF-8?B?" + base64 + "?=" fits 75 characters with at most 45 bytes of text.
  constexpr size_t kMaxBytes = 45;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      size_t len = Utf8Length(static_cast<unsigned char>(text[end]));
      if (end + len - i > kMaxBytes) break;
      end += len;
    }
    if (end == i) end = std::min(text.size(), i + kMaxBytes);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  size_t line_len = 0;
  auto emit = [&](const std::string& piece) {
    if (line_len + piece.size() > 75) {
      out += "=\r\n";
      line_len = 0;
    }
    out += piece;
    line_len += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      // Trailing whitespace before a line break must be encoded.
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t') && line_len > 0) {
        char ws = out.back();
        out.pop_back();
        --line_len;
        emit(std::string("=") + Hex(ws >> 4) + Hex(ws));
      }
      out += "\r\n";
      line_len = 0;
      continue;
    }
    bool literal = (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
    if (literal) {
      emit(std::string(1, static_cast<char>(c)));
    } else {
      emit(std::string("=") + Hex(c >> 4) + Hex(c));
    }
  }
  return out;
}

std::string MessageIdFor(std::string_view notification_id, std::string_view recipient) {
  auto encode = [](std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
      bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                   c == '_' || c == '+' || c == '-';
      if (plain) {
        out += static_cast<char>(c);
      } else {
        out += '=';
        out += Hex(c >> 4);
        out += Hex(c);
      }
    }
    return out;
  };
  std::string id = encode(notification_id);
  if (!recipient.empty()) id += "." + encode(recipient);
  return "<" + id + "@arshjul>";
}

std::string MailDate(Timestamp t) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  engine::LocalDateTime l = engine::UtcToLocal(t);
  std::chrono::weekday wd{std::chrono::sys_days(l.date)};
  int off = l.utc_offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %u %s %d %02d:%02d:%02d %c%02d%02d", kDays[wd.c_encoding()],
                static_cast<unsigned>(l.date.day()), kMonths[static_cast<unsigned>(l.date.month()) - 1],
                static_cast<int>(l.date.year()), l.hour, l.minute, l.second, off < 0 ? '-' : '+', std::abs(off) / 60,
                std::abs(off) % 60);
  return buf;
}

std::string FormatMessage(const MailMessage& m) {
  std::string h;
  h += "From: " + MailAddress(m.from_name, m.from_address) + "\r\n";
  h += "To: " + MailAddress(m.to_name, m.to_address) + "\r\n";
  h += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  h += "Date: " + MailDate(m.date) + "\r\n";
  h += "Message-ID: " + m.message_id + "\r\n";
  h += "MIME-Version: 1.0\r\n";
  h += "Content-Type: text/plain; charset=UTF-8\r\n";
  h += "Content-Transfer-Encoding: quoted-printable\r\n";
  h += "Auto-Submitted: auto-generated\r\n";
  if (!m.notification_id.empty()) h += "X-Arshjul-Notification: " + EncodeHeaderText(m.notification_id) + "\r\n";
  std::string body = QuotedPrintable(m.body);
  if (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0) body += "\r\n";
  return h + "\r\n" + body;
}

}  // namespace arshjul::notify
