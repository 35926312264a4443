// Metrics: the service's counters, rendered in the Prometheus text exposition
// format (`# HELP`, `# TYPE`, one sample per line) for GET /metrics. Used on
// the io_context's thread only; not thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace arshjul::http {

class Metrics {
 public:
  // One finished request: its route name ("views", "commands" …), status and duration.
  void Request(const std::string& route, int status, std::chrono::microseconds duration);
  void Appended(uint64_t events) { appended_ += events; }
  void AuthenticationFailed() { ++auth_failures_; }
  void ConnectionOpened() { ++connections_; }
  void ConnectionClosed() { --connections_; }

  // The text exposition. The gauges are passed in: they are read from the store.
  struct Gauges {
    uint64_t head_position = 0;
    bool has_head = false;
    uint64_t store_bytes = 0;
    uint64_t reminders_sent = 0;
    uint64_t reminders_failed = 0;
  };
  std::string Render(const Gauges& gauges) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025, 0.05, 0.1, 0.25, 1.0};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  uint64_t appended_ = 0;
  uint64_t auth_failures_ = 0;
  int64_t connections_ = 0;
};

}  // namespace arshjul::http
