#include "service_loop.h"

// Boost 1.74 uses std::exchange without including <utility> (fails with GCC 12 in C++20).
#include <utility>

#include <boost/asio.hpp>
#include <csignal>

#include "arshjul/engine/local_time.h"

namespace arshjul::notify {

namespace asio = boost::asio;

Timestamp ScaledClock::Now() const {
  auto real = base_.Now() - base_start_;
  return start_ + std::chrono::microseconds(static_cast<int64_t>(static_cast<double>(real.count()) * speed_));
}

namespace {

class Loop {
 public:
  Loop(NotificationService& service, const Clock& clock, const LoopOptions& options, std::ostream& log,
       asio::io_context& io, std::function<void()> on_stop)
      : service_(service),
        clock_(clock),
        options_(options),
        log_(log),
        io_(io),
        on_stop_(std::move(on_stop)),
        timer_(io_),
        signals_(io_, SIGINT, SIGTERM) {}

  int Run() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      log_ << "arshjul serve: avslutas (signal " << signal << ")" << std::endl;
      if (!on_stop_) return io_.stop();
      stopping_ = true;
      timer_.cancel();
      on_stop_();
    });
    asio::post(io_, [this] { Wake(); });
    io_.run();
    return 0;
  }

 private:
  void Wake() {
    if (stopping_) return;
    Status st = service_.Tick();
    std::chrono::milliseconds wait = options_.max_sleep;
    if (!st.ok()) {
      log_ << "arshjul serve: fel: " << st.ToString() << std::endl;
      wait = options_.error_backoff;
    } else if (auto next = service_.NextWakeUp()) {
      auto clock_wait = std::chrono::duration<double, std::micro>((*next - clock_.Now()).count());
      auto real_wait = std::chrono::duration_cast<std::chrono::milliseconds>(clock_wait / options_.speed);
      wait = std::clamp(real_wait + std::chrono::milliseconds(1), std::chrono::milliseconds(0), options_.max_sleep);
    }
    if (!ready_) {
      ready_ = true;
      log_ << "arshjul serve: igång, klockan " << engine::FormatLocalRfc3339(clock_.Now()) << std::endl;
    }
    timer_.expires_after(wait);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) Wake();
    });
  }

  NotificationService& service_;
  const Clock& clock_;
  const LoopOptions& options_;
  std::ostream& log_;
  asio::io_context& io_;
  std::function<void()> on_stop_;
  bool stopping_ = false;
  asio::steady_timer timer_;
  asio::signal_set signals_;
  bool ready_ = false;
};

}  // namespace

int RunServiceLoop(NotificationService& service, const Clock& clock, const LoopOptions& options, std::ostream& log) {
  asio::io_context io;
  Loop loop(service, clock, options, log, io, nullptr);
  return loop.Run();
}

int RunServiceLoop(NotificationService& service, const Clock& clock, const LoopOptions& options, std::ostream& log,
                   asio::io_context& io, std::function<void()> on_stop) {
  Loop loop(service, clock, options, log, io, std::move(on_stop));
  return loop.Run();
}

}  // namespace arshjul::notify
