// Clock and IdSource: the only ways arshjul learns the time or makes random ids.
//
// Injected everywhere (KJ's rule): only main constructs SystemClock and
// RandomIdSource; tests use FakeClock and a deterministic id source from
// tests/support. Implementations must be thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace arshjul {

// UTC time with microsecond resolution, as recorded in every event.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The operating system's wall clock. Construct only in main.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  }
};

// A 128-bit identifier (event ids, correlation ids).
struct Id128 {
  std::array<uint8_t, 16> bytes{};
  bool IsZero() const {
    for (auto b : bytes)
      if (b != 0) return false;
    return true;
  }
  std::string ToHex() const;
  // Parses 32 hex digits (dashes allowed, as in a UUID). Returns false on bad input.
  static bool FromHex(std::string_view hex, Id128* out);
  friend auto operator<=>(const Id128&, const Id128&) = default;
};

class IdSource {
 public:
  virtual ~IdSource() = default;
  virtual Id128 NewId() = 0;
};

// Random ids from the operating system's CSPRNG, drawn 256 at a time. Thread-safe.
class RandomIdSource final : public IdSource {
 public:
  Id128 NewId() override;

 private:
  std::mutex mu_;
  std::array<Id128, 256> buffer_{};
  size_t used_ = 256;
};

// RFC 3339 in UTC with microseconds, e.g. "2027-06-14T08:00:00.000000Z".
std::string FormatTimestamp(Timestamp t);
// Parses strict RFC 3339 ("...Z" or "+02:00" offset; 'T', 't' or one space
// between date and time; 1–9 fraction digits, kept to microseconds) or a plain
// date "YYYY-MM-DD" (midnight UTC). Refuses years outside 1900–9999, hours
// above 23, minutes or seconds above 59 (no leap second), offsets above 23:59,
// signs, spaces and any other deviation. docs/input-limits.md.
inline constexpr int kMinTimestampYear = 1900;
inline constexpr int kMaxTimestampYear = 9999;
bool ParseTimestamp(std::string_view text, Timestamp* out);

}  // namespace arshjul
