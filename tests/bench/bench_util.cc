#include "bench_util.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace arshjul::bench {

std::string Human(double rate) {
  char buf[32];
  if (rate >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.2f M", rate / 1e6);
  } else if (rate >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.1f k", rate / 1e3);
  } else if (rate >= 1e3) {
    std::snprintf(buf, sizeof buf, "%.2f k", rate / 1e3);
  } else if (rate >= 10) {
    std::snprintf(buf, sizeof buf, "%.0f", rate);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", rate);
  }
  return buf;
}

// True when every thread but the calling one is sleeping (state S, I or T in /proc).
static bool OtherThreadsAsleep() {
  const std::string self = std::to_string(static_cast<long>(::gettid()));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    if (entry.path().filename() == self) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t paren = stat.rfind(')');
    if (paren == std::string::npos || paren + 2 >= stat.size()) continue;  // thread just exited
    char state = stat[paren + 2];
    if (state == 'R' || state == 'D') return false;
  }
  return true;
}

double WaitForBackgroundIdle(double max_seconds) {
  const auto start = SteadyClock::now();
  int quiet = 0;
  while (quiet < 5 && SecondsBetween(start, SteadyClock::now()) < max_seconds) {
    quiet = OtherThreadsAsleep() ? quiet + 1 : 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return SecondsBetween(start, SteadyClock::now());
}

double RunRound(int round, const std::vector<std::function<void()>>& steps) {
  double waited = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    steps[round % 2 == 0 ? i : steps.size() - 1 - i]();
    waited += WaitForBackgroundIdle();
  }
  return waited;
}

Row Compare(std::string metric, const Tally& arshjul, std::string baseline_name, const Tally& baseline,
            std::optional<double> goal) {
  Row r;
  r.metric = std::move(metric);
  r.arshjul = arshjul.rate();
  r.baseline_name = std::move(baseline_name);
  r.baseline = baseline.rate();
  r.goal = goal;
  r.total_ratio = r.baseline > 0 ? r.arshjul / r.baseline : 0;
  r.cpu_ratio = baseline.cpu_rate() > 0 ? arshjul.cpu_rate() / baseline.cpu_rate() : 0;
  std::vector<double> ratios;
  size_t n = std::min(arshjul.round_rates.size(), baseline.round_rates.size());
  for (size_t i = 0; i < n; ++i) {
    if (baseline.round_rates[i] > 0) ratios.push_back(arshjul.round_rates[i] / baseline.round_rates[i]);
  }
  if (ratios.empty()) {
    r.median_ratio = r.min_ratio = r.max_ratio = r.total_ratio;
  } else {
    std::sort(ratios.begin(), ratios.end());
    size_t m = ratios.size();
    r.median_ratio = m % 2 == 1 ? ratios[m / 2] : (ratios[m / 2 - 1] + ratios[m / 2]) / 2;
    r.min_ratio = ratios.front();
    r.max_ratio = ratios.back();
  }
  return r;
}

void PrintTally(const std::string& name, const Tally& t, const char* unit) {
  std::printf("  %-46s %10s %s/s", name.c_str(), Human(t.rate()).c_str(), unit);
  if (t.calls != t.items) std::printf("  (%s calls/s)", Human(t.calls_rate()).c_str());
  std::printf("  %.2f s in %zu round(s), %s/CPU-s", t.seconds, t.round_rates.size(), Human(t.cpu_rate()).c_str());
  // The caller's own CPU share of the wall time: below 1, it waited (write stalls, the disk, other processes).
  if (t.caller_cpu_seconds > 0) {
    std::printf(", caller on CPU %.0f %% (blocked %ld×, preempted %ld×)", 100 * t.caller_cpu_seconds / t.seconds,
                t.caller_blocked, t.caller_preempted);
  }
  if (!t.latencies_us.empty()) {
    std::printf("  p50 %.0f µs  p99 %.0f µs", Percentile(t.latencies_us, 50), Percentile(t.latencies_us, 99));
  }
  std::printf("\n");
  std::fflush(stdout);
}

void PrintSummary(const std::vector<Row>& rows) {
  std::printf("\n== Summary: items (events or values) per second, all measured in this run ==\n");
  std::printf("%-40s %10s  %-32s %10s %6s %6s %10s %5s %7s  %s\n", "metric", "arshjul/s", "baseline", "baseline/s",
              "ratio", "median", "range", "cpu", "goal", "result");
  const std::string rule(144, '-');
  std::printf("%s\n", rule.c_str());
  int goals = 0, met = 0;
  bool any_borderline = false;
  for (const Row& r : rows) {
    char goal[16] = "-";
    if (r.goal) std::snprintf(goal, sizeof goal, ">= %.2f", *r.goal);
    char range[32];
    std::snprintf(range, sizeof range, "%.2f-%.2f", r.min_ratio, r.max_ratio);
    std::string result = !r.goal ? "(info)" : r.met() ? "met" : "NOT MET";
    if (r.borderline()) {
      result += " (?)";
      any_borderline = true;
    }
    if (r.goal) {
      ++goals;
      if (r.met()) ++met;
    }
    std::printf("%-40s %10s  %-32s %10s %6.2f %6.2f %10s %5.2f %7s  %s\n", r.metric.c_str(),
                Human(r.arshjul).c_str(), r.baseline_name.c_str(), Human(r.baseline).c_str(), r.total_ratio,
                r.median_ratio, range, r.cpu_ratio, goal, result.c_str());
  }
  std::printf("%s\n", rule.c_str());
  for (const Row& r : rows) {
    if (!r.note.empty()) std::printf("note (%s): %s\n", r.metric.c_str(), r.note.c_str());
  }
  std::printf("ratio: arshjul/s over baseline/s (totals); median and range: of the per-round ratios;\n");
  std::printf("cpu: the ratio of items per process CPU-second (meaningful for the CPU-bound rows).\n");
  std::printf("A goal is judged on the median.%s\n",
              any_borderline ? " (?): the ratio of the totals gives the other verdict: too close to call." : "");
  std::printf("goals met: %d of %d\n", met, goals);
  std::fflush(stdout);
}

}  // namespace arshjul::bench
