// FakeClock and SequentialIdSource: deterministic time and ids for tests.
// Both are thread-safe; time moves only when a test advances it.
#pragma once

#include <atomic>
#include <chrono>

#include "arshjul/storage/clock.h"

namespace arshjul::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = Timestamp(std::chrono::microseconds(1'700'000'000'000'000)))
      : now_us_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::microseconds(now_us_.load())); }
  void Set(Timestamp t) { now_us_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::microseconds d) { now_us_ += d.count(); }

 private:
  std::atomic<int64_t> now_us_;
};

// Ids 1, 2, 3, … (big-endian in the last 8 bytes).
class SequentialIdSource final : public IdSource {
 public:
  Id128 NewId() override;

 private:
  std::atomic<uint64_t> next_{1};
};

// "2027-03-28T08:00:00Z" → Timestamp; aborts the test on a bad literal.
Timestamp At(const char* rfc3339);

}  // namespace arshjul::testing
