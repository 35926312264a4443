#include "arshjul/storage/clock.h"

#include <sys/random.h>

#include <cctype>
#include <cstdio>
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

bool ParseTimestamp(std::string_view text, Timestamp* out) {
  using namespace std::chrono;
  std::string s(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return false;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  sys_days base{ymd};
  if (s.size() == 10) {
    *out = time_point_cast<microseconds>(sys_time<microseconds>(base));
    return true;
  }
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  if (std::sscanf(s.c_str() + 11, "%2d:%2d:%2d%n", &h, &mi, &sec, &consumed) != 3 || consumed != 8) return false;
  if (h > 23 || mi > 59 || sec > 60) return false;
  size_t i = 19;
  int64_t micros = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      if (digits < 6) {
        micros = micros * 10 + (s[i] - '0');
        ++digits;
      }
      ++i;
    }
    if (digits == 0) return false;
    for (; digits < 6; ++digits) micros *= 10;
  }
  int offset_min = 0;
  if (i >= s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh = 0, om = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d%n", &oh, &om, &consumed) != 2 || consumed != 5) return false;
    offset_min = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size()) return false;
  auto t = sys_time<microseconds>(base) + hours{h} + minutes{mi} + seconds{sec} + microseconds{micros} -
           minutes{offset_min};
  *out = t;
  return true;
}

}  // namespace arshjul
