#include "arshjul/storage/text_limits.h"

#include <optional>
#include <string>

namespace arshjul::text {
namespace {

// Length of the UTF-8 sequence at s[i], or 0 when it is malformed.
size_t SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = byte(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
  if (c == 0xED && c1 > 0x9F) return 0;   // surrogates
  if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;   // above U+10FFFF
  return n;
}

// The first control character (C0, DEL or C1 as U+0080–U+009F) not in `allowed`.
std::optional<unsigned> FirstControl(std::string_view s, std::string_view allowed) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 || c == 0x7F) && allowed.find(static_cast<char>(c)) == std::string_view::npos) return c;
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if (c1 >= 0x80 && c1 <= 0x9F) return c1;
    }
  }
  return std::nullopt;
}

std::string Hex(unsigned c) {
  static const char* kDigits = "0123456789ABCDEF";
  return std::string("U+00") + kDigits[(c >> 4) & 15] + kDigits[c & 15];
}

Status Bad(std::string_view field, std::string_view what, const std::string& problem) {
  return Status::InvalidArgument(std::string(what) + " (" + std::string(field) + ") " + problem, std::string(field));
}

bool IsAtext(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsDotAtom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!IsAtext(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool IsDomain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t start = 0, labels = 0;
  while (start <= d.size()) {
    size_t end = d.find('.', start);
    std::string_view label = d.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
    ++labels;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return labels >= 2;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Status CheckId(std::string_view s, std::string_view field, std::string_view what, size_t max_bytes) {
  if (s.empty()) return Bad(field, what, "saknas");
  if (s.size() > max_bytes) {
    return Bad(field, what, "är " + std::to_string(s.size()) + " byte, längre än gränsen " + std::to_string(max_bytes));
  }
  if (!IsValidUtf8(s)) return Bad(field, what, "är inte giltig UTF-8");
  if (auto c = FirstControl(s, {})) return Bad(field, what, "innehåller ett styrtecken (" + Hex(*c) + ")");
  if (s.front() == ' ' || s.back() == ' ') return Bad(field, what, "börjar eller slutar med mellanslag");
  return Status::Ok();
}

Status CheckText(std::string_view s, std::string_view field, std::string_view what, size_t max_bytes) {
  if (s.size() > max_bytes) {
    return Bad(field, what, "är " + std::to_string(s.size()) + " byte, längre än gränsen " + std::to_string(max_bytes));
  }
  if (!IsValidUtf8(s)) return Bad(field, what, "är inte giltig UTF-8");
  if (auto c = FirstControl(s, "\t\n\r")) return Bad(field, what, "innehåller ett styrtecken (" + Hex(*c) + ")");
  return Status::Ok();
}

bool IsValidEmail(std::string_view s) {
  if (s.size() > kMaxEmailBytes) return false;
  size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  return IsDotAtom(s.substr(0, at)) && IsDomain(s.substr(at + 1));
}

Status CheckEmail(std::string_view s, std::string_view field) {
  if (IsValidEmail(s)) return Status::Ok();
  std::string shown;
  for (char c : s.substr(0, 80)) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
  return Status::InvalidArgument("e-postadressen (" + std::string(field) + ") '" + shown +
                                     "' är ogiltig: den ska vara namn@domän enligt RFC 5321 (inga mellanslag, "
                                     "radbrytningar eller citattecken)",
                                 std::string(field));
}

}  // namespace arshjul::text
