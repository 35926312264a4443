// Timing loops, tallies and the summary table shared by the store benchmarks.
//
// Every figure is a rate of items (events or values) per second of wall time.
// A Tally accumulates several short rounds, so that a baseline and the arshjul
// figure it is compared with can be measured interleaved in one process.
//
// Only the read-only form of benchmark::DoNotOptimize (an rvalue argument) is
// used: benchmark 1.7.1's read-write form ("+m,r") is miscompiled by GCC 12
// (a counter next to it came out as garbage).
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <sys/resource.h>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace arshjul::bench {

using SteadyClock = std::chrono::steady_clock;

// CPU time of the whole process (all threads, RocksDB's background threads too).
inline double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// CPU time of the calling thread only (an appender, not RocksDB's background threads).
inline double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
// The calling thread's context switches so far: voluntary (it blocked: a mutex, a write stall,
// the disk) and involuntary (the scheduler took its CPU for another thread, e.g. a flush).
struct ContextSwitches {
  long voluntary = 0;
  long involuntary = 0;
};
inline ContextSwitches ThreadContextSwitches() {
  rusage ru{};
  getrusage(RUSAGE_THREAD, &ru);
  return {ru.ru_nvcsw, ru.ru_nivcsw};
}

inline double SecondsBetween(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// "1.23 0.98 0.75": the machine's load average, to read the figures by.
inline std::string LoadAverage() {
  double avg[3] = {0, 0, 0};
  if (getloadavg(avg, 3) != 3) return "?";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", avg[0], avg[1], avg[2]);
  return buf;
}

// Prints `what` and ends the process: a benchmark that cannot do its work must not print figures.
[[noreturn]] inline void Die(const std::string& what) {
  std::fprintf(stderr, "store_bench: %s\n", what.c_str());
  std::exit(1);
}

struct Tally {
  uint64_t calls = 0;   // Append calls, WriteBatches, transactions, passes
  uint64_t items = 0;   // events or values
  double seconds = 0;
  double cpu_seconds = 0;            // process CPU time over the same span
  double caller_cpu_seconds = 0;     // RunFor: the calling thread's CPU time (0 for RunThreads)
  long caller_blocked = 0;           // RunFor: the calling thread's voluntary context switches
  long caller_preempted = 0;         // RunFor: its involuntary ones
  std::vector<double> latencies_us;  // per call, when recorded
  std::vector<double> round_rates;   // items per second of each round

  double rate() const { return seconds > 0 ? static_cast<double>(items) / seconds : 0; }
  double calls_rate() const { return seconds > 0 ? static_cast<double>(calls) / seconds : 0; }
  // Items per CPU-second: less sensitive than rate() to other processes on the machine.
  double cpu_rate() const { return cpu_seconds > 0 ? static_cast<double>(items) / cpu_seconds : 0; }
  void Add(const Tally& round) {
    calls += round.calls;
    items += round.items;
    seconds += round.seconds;
    cpu_seconds += round.cpu_seconds;
    caller_cpu_seconds += round.caller_cpu_seconds;
    caller_blocked += round.caller_blocked;
    caller_preempted += round.caller_preempted;
    latencies_us.insert(latencies_us.end(), round.latencies_us.begin(), round.latencies_us.end());
    round_rates.push_back(round.rate());
  }
};

// Calls `op()` (which returns how many items it did) until `seconds` have passed.
template <typename Op>
Tally RunFor(double seconds, bool record_latency, Op&& op) {
  Tally t;
  const double cpu_start = ProcessCpuSeconds();
  const double caller_start = ThreadCpuSeconds();
  const ContextSwitches switches_start = ThreadContextSwitches();
  const auto start = SteadyClock::now();
  const auto deadline = start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
  auto now = start;
  do {
    const auto before = now;
    // The result is consumed below. (No DoNotOptimize on an lvalue here: with GCC 12,
    // benchmark 1.7's read-write "+m,r" constraint miscompiles this loop.)
    const uint64_t n = op();
    now = SteadyClock::now();
    t.items += n;
    ++t.calls;
    if (record_latency) t.latencies_us.push_back(std::chrono::duration<double, std::micro>(now - before).count());
  } while (now < deadline);
  t.seconds = SecondsBetween(start, now);
  t.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  t.caller_cpu_seconds = ThreadCpuSeconds() - caller_start;
  const ContextSwitches switches_end = ThreadContextSwitches();
  t.caller_blocked = switches_end.voluntary - switches_start.voluntary;
  t.caller_preempted = switches_end.involuntary - switches_start.involuntary;
  return t;
}

// Runs `threads` threads, each calling `op(thread_index)` until `seconds` have
// passed; the rate is all items over the wall time until the last one stopped.
template <typename Op>
Tally RunThreads(int threads, double seconds, Op&& op) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<uint64_t> items(threads, 0), calls(threads, 0);
  std::vector<std::thread> pool;
  SteadyClock::time_point deadline;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      do {
        items[i] += op(i);
        ++calls[i];
      } while (SteadyClock::now() < deadline);
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  const double cpu_start = ProcessCpuSeconds();
  const auto start = SteadyClock::now();
  deadline = start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
  go.store(true, std::memory_order_release);
  for (auto& th : pool) th.join();
  Tally t;
  t.seconds = SecondsBetween(start, SteadyClock::now());
  t.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  for (int i = 0; i < threads; ++i) {
    t.items += items[i];
    t.calls += calls[i];
  }
  return t;
}

// The p-th percentile (0–100) of `v`, nearest rank; 0 when empty.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(rank, v.size() - 1)];
}

// One line of detail for a tally: rate, calls/s, rounds, latency percentiles.
void PrintTally(const std::string& name, const Tally& t, const char* unit);

// Waits until no other thread of this process is running or waiting for the CPU
// or the disk (RocksDB's flushes and compactions are done), at most `max_seconds`.
// Returns the seconds waited.
double WaitForBackgroundIdle(double max_seconds = 10);

// Runs one round's steps: in order on even rounds, in reverse on odd ones
// (ABBA), so that neither side of a pair always runs first. After each step it
// waits for background work, so that the flushes and compactions one store's
// writes caused do not land in the next step's time window.
// Returns the seconds spent waiting.
double RunRound(int round, const std::vector<std::function<void()>>& steps);

// One line of the summary: an arshjul figure against a baseline from the same run.
// A goal is judged on the median of the per-round ratios: each round's pair ran
// back to back, so a change in the machine's load between rounds cancels out.
struct Row {
  std::string metric;
  double arshjul = 0;
  std::string baseline_name;
  double baseline = 0;
  std::optional<double> goal;  // minimum ratio; none: for information only
  double total_ratio = 0;      // all items over all time, each side
  double median_ratio = 0;     // median of the per-round ratios
  double min_ratio = 0, max_ratio = 0;
  double cpu_ratio = 0;        // items per CPU-second, arshjul over baseline
  std::string note;            // printed under the table
  bool met() const { return goal && median_ratio >= *goal; }
  // The ratio of the totals points the other way than the median.
  bool borderline() const { return goal && (total_ratio >= *goal) != met(); }
};

Row Compare(std::string metric, const Tally& arshjul, std::string baseline_name, const Tally& baseline,
            std::optional<double> goal);
void PrintSummary(const std::vector<Row>& rows);
// Rates as "1.23 M", "45.6 k" or "789".
std::string Human(double rate);

}  // namespace arshjul::bench
