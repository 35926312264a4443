// Replays the example kommun's sample year, scaled to N events (default
// 1,000,000), into every read model, and prints events per second against the
// bare store replay of the same log (decoding envelopes only) measured in the
// same run. Goal: the read models cost no more than 3 × the bare replay.
//
// Usage: domain_bench [--events=N] [--rounds=R] [--dir=PARENT]   (ARSHJUL_BENCH_QUICK=1: 100,000)
// Both replays run once per round, back to back; the goal is judged on the
// median of the rounds' ratios (default 5 rounds).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "bench_util.h"
#include "sample_year.h"

using namespace arshjul;
using nlohmann::json;

namespace {

[[noreturn]] void Die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  uint64_t target = std::getenv("ARSHJUL_BENCH_QUICK") ? 100000 : 1000000;
  std::string parent = std::filesystem::current_path().string();
  int rounds = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--events=", 0) == 0) target = std::stoull(a.substr(9));
    if (a.rfind("--dir=", 0) == 0) parent = a.substr(6);
    if (a.rfind("--rounds=", 0) == 0) rounds = std::max(1, std::stoi(a.substr(9)));
  }
  if (Status tz = engine::LoadStockholmTimeZone(); !tz.ok()) Die("tz", tz);
  std::string src = ARSHJUL_SOURCE_DIR;
  std::string example = src + "/workflows/examples/exempelkommun";
  std::string dir = parent + "/arshjul-domain-bench";
  std::filesystem::remove_all(dir);

  SystemClock clock;
  RandomIdSource ids;
  storage::StoreOptions opts;
  opts.clock = &clock;
  opts.ids = &ids;
  opts.types = engine::StoreTypeRegistry();
  opts.sync = false;
  auto store = storage::OpenStore(dir, opts);
  if (!store.ok()) Die("open", store.status());
  engine::CommandHandler handler(**store, clock);

  // The organisation through the command handler, then copies of the sample year.
  if (Status st = bench::RecordOrganization(handler, example); !st.ok()) Die("organisation", st);
  std::vector<json> sample = bench::LoadSampleYear(example);

  // Scale: copies of the sample year with suffixed ids, appended straight to the store.
  auto build_start = std::chrono::steady_clock::now();
  uint64_t copy = 0;
  while ((*store)->HeadPosition().value_or(0) + 1 < target) {
    if (Status st = bench::AppendSampleCopy(**store, sample, copy++); !st.ok()) Die("append", st);
  }
  uint64_t n = *(*store)->HeadPosition() + 1;
  std::printf("built %llu events (%llu copies of the %zu-command sample year) in %.1f s\n",
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(copy), sample.size(),
              Seconds(std::chrono::steady_clock::now() - build_start));

  // Bare replay vs replay into every read model, in pairs: each round runs both
  // back to back (bench::RunRound: bare first in even rounds, the read models
  // first in odd ones, RocksDB's background work waited for between them), and
  // the goal is judged on the median of the rounds' ratios (as store_bench's):
  // a change in the machine's speed between rounds cancels out within a pair.
  double bare = 1e9, models = 1e9, bare_cpu = 1e9, models_cpu = 1e9;  // best wall and thread-CPU seconds
  std::vector<double> ratios, cpu_ratios;
  size_t sink = 0;
  for (int round = 0; round < rounds; ++round) {
    double bw = 0, bc = 0, mw = 0, mc = 0;  // this round's wall and thread-CPU seconds
    auto replay_bare = [&] {
      double c0 = bench::ThreadCpuSeconds();
      auto t0 = std::chrono::steady_clock::now();
      auto cursor = (*store)->ReadAll(0, UINT64_MAX);
      for (;;) {
        auto more = cursor->Next();
        if (!more.ok()) Die("read", more.status());
        if (!*more) break;
        benchmark::DoNotOptimize(cursor->event().payload.data());
        ++sink;
      }
      bw = Seconds(std::chrono::steady_clock::now() - t0);
      bc = bench::ThreadCpuSeconds() - c0;
    };
    auto replay_models = [&] {
      double c1 = bench::ThreadCpuSeconds();
      auto t1 = std::chrono::steady_clock::now();
      auto state = engine::Replay(**store);
      if (!state.ok()) Die("replay", state.status());
      mw = Seconds(std::chrono::steady_clock::now() - t1);
      mc = bench::ThreadCpuSeconds() - c1;
      sink += state->decisions.size() + state->outcome_goals.size();
      if (round == 0) {
        std::printf("read models: %zu decisions, %zu outcome goals, %zu assignments, %zu indicators, %zu follow-ups\n",
                    state->decisions.size(), state->outcome_goals.size(), state->assignments.size(),
                    state->indicators.size(), state->follow_ups.size());
      }
    };
    bench::RunRound(round, {replay_bare, replay_models});
    bare = std::min(bare, bw);
    bare_cpu = std::min(bare_cpu, bc);
    models = std::min(models, mw);
    models_cpu = std::min(models_cpu, mc);
    ratios.push_back(mw / bw);
    cpu_ratios.push_back(mc / bc);
    std::printf("round %d: bare %.2f s, read models %.2f s: %.2f × (CPU seconds %.2f ×)\n", round + 1, bw, mw, mw / bw,
                mc / bc);
  }
  benchmark::DoNotOptimize(sink);
  double median = bench::Percentile(ratios, 50);
  double cpu_median = bench::Percentile(cpu_ratios, 50);
  auto [lo, hi] = std::minmax_element(ratios.begin(), ratios.end());
  std::string title = "replay of " + std::to_string(n) + " events (best round)";
  std::printf("\n%-40s %14s %12s\n", title.c_str(), "events/s", "seconds");
  std::printf("%-40s %14.0f %12.2f\n", "bare store replay (decode envelopes)", n / bare, bare);
  std::printf("%-40s %14.0f %12.2f\n", "into every read model", n / models, models);
  std::printf("cost ratio read models / bare, median of %d rounds: %.2f × (rounds %.2f–%.2f; best rounds %.2f ×) "
              "(goal ≤ 3.00 ×): %s\n",
              rounds, median, *lo, *hi, models / bare, median <= 3.0 ? "met" : "NOT MET");
  // The same ratio of CPU seconds (the replaying thread's): steadier than wall time on a loaded machine.
  std::printf("(diagnostic) the same in CPU seconds of the replaying thread, median: %.2f × (best rounds %.2f / %.2f s); "
              "load average %s\n",
              cpu_median, models_cpu, bare_cpu, bench::LoadAverage().c_str());
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
