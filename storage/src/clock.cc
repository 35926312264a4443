#include "arshjul/storage/clock.h"

#include <sys/random.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace arshjul {

std::string Id128::ToHex() const {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Id128::FromHex(std::string_view hex, Id128* out) {
  Id128 id;
  size_t n = 0;
  for (char c : hex) {
    if (c == '-') continue;
    int v = HexValue(c);
    if (v < 0 || n >= 32) return false;
    id.bytes[n / 2] = static_cast<uint8_t>(id.bytes[n / 2] | (n % 2 == 0 ? v << 4 : v));
    ++n;
  }
  if (n != 32) return false;
  *out = id;
  return true;
}

// One getrandom call per 256 ids instead of one per id (a system call per
// event was a sixth of the append path's CPU).
Id128 RandomIdSource::NewId() {
  std::lock_guard lk(mu_);
  if (used_ == buffer_.size()) {
    size_t got = 0;
    while (got < buffer_.size() * sizeof(Id128)) {
      ssize_t r = getrandom(reinterpret_cast<uint8_t*>(buffer_.data()) + got, buffer_.size() * sizeof(Id128) - got, 0);
      if (r < 0) throw std::runtime_error("getrandom failed");  // a bug-class failure: the OS CSPRNG is gone
      got += static_cast<size_t>(r);
    }
    used_ = 0;
  }
  return buffer_[used_++];
}

std::string FormatTimestamp(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> tod{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()), static_cast<int>(tod.subseconds().count()));
  return buf;
}

namespace {

// Exactly `n` ASCII digits at text[at]; nullopt otherwise (no sign, no space).
std::optional<int> Digits(std::string_view text, size_t at, size_t n) {
  if (at + n > text.size()) return std::nullopt;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

// "YYYY-MM-DD" at the start of `s`, year 1900–9999.
std::optional<std::chrono::sys_days> DatePart(std::string_view s) {
  using namespace std::chrono;
  auto y = Digits(s, 0, 4), mo = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (!y || !mo || !d || s[4] != '-' || s[7] != '-' || *y < kMinTimestampYear || *y > kMaxTimestampYear) {
    return std::nullopt;
  }
  year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

// "HH:MM" (a time of day or an offset): hours 0–23, minutes 0–59.
std::optional<int> HoursMinutes(std::string_view s, size_t at) {
  auto h = Digits(s, at, 2), m = Digits(s, at + 3, 2);
  if (!h || !m || s[at + 2] != ':' || *h > 23 || *m > 59) return std::nullopt;
  return *h * 60 + *m;
}

}  // namespace

bool ParseTimestamp(std::string_view s, Timestamp* out) {
  using namespace std::chrono;
  if (s.size() < 10) return false;
  auto base = DatePart(s);
  if (!base) return false;
  if (s.size() == 10) {
    *out = time_point_cast<microseconds>(sys_time<microseconds>(*base));
    return true;
  }
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return false;
  auto hm = HoursMinutes(s, 11);
  auto sec = Digits(s, 17, 2);
  if (!hm || !sec || s[16] != ':' || *sec > 59) return false;
  size_t i = 19;
  int64_t micros = 0;
  if (s[i] == '.') {
    size_t digits = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (digits < 6) micros = micros * 10 + (s[i] - '0');
    }
    if (digits == 0 || digits > 9) return false;
    for (; digits < 6; ++digits) micros *= 10;
  }
  int offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    auto off = HoursMinutes(s, i + 1);
    if (!off) return false;
    offset_min = *off * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  *out = sys_time<microseconds>(*base) + minutes{*hm} + seconds{*sec} + microseconds{micros} - minutes{offset_min};
  return true;
}

}  // namespace arshjul
