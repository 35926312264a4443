// The clocks and the timer loop around NotificationService.
//
// ScaledClock and ManualClock are the two clocks besides the system clock:
// `serve --clock-start/--clock-speed` runs the service on a ScaledClock (for
// tests and demonstrations: a year in minutes), `simulate` on a ManualClock
// that jumps from one wake-up to the next. Both are thread-safe.
//
// RunServiceLoop is the only place with an Asio timer: it wakes the service
// at NextWakeUp, converting clock time into real time by the clock's speed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <ostream>
#include <utility>  // Boost 1.74 uses std::exchange without including it

#include <boost/asio/io_context.hpp>

#include "arshjul/storage/clock.h"
#include "notification_service.h"

namespace arshjul::notify {

// Starts at `start` when constructed and runs `speed` times as fast as `base`.
class ScaledClock final : public Clock {
 public:
  ScaledClock(const Clock& base, Timestamp start, double speed)
      : base_(base), base_start_(base.Now()), start_(start), speed_(speed) {}
  Timestamp Now() const override;
  double speed() const { return speed_; }

 private:
  const Clock& base_;
  Timestamp base_start_, start_;
  double speed_;
};

// Moves only when set.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : us_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::microseconds(us_.load())); }
  void Set(Timestamp t) { us_ = t.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> us_;
};

struct LoopOptions {
  double speed = 1;  // clock seconds per real second
  std::chrono::milliseconds max_sleep{60'000};      // real time between ticks at most (clock jumps, new year)
  std::chrono::milliseconds error_backoff{5'000};   // real time before retrying a Tick that failed
};

// Ticks `service` until SIGINT or SIGTERM. Lines about what happens go to
// `log`. Returns 0 after a signal.
int RunServiceLoop(NotificationService& service, const Clock& clock, const LoopOptions& options, std::ostream& log);
// The same on an io_context shared with other work (the HTTP server): on
// SIGINT or SIGTERM the timer stops and `on_stop` is called, and the loop
// returns when the io_context has no work left (a graceful shutdown).
int RunServiceLoop(NotificationService& service, const Clock& clock, const LoopOptions& options, std::ostream& log,
                   boost::asio::io_context& io, std::function<void()> on_stop);

}  // namespace arshjul::notify
