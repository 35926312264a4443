// The Merkle tree's cost and speed:
//  1. append throughput with the tree against the same store without it
//     (batched, unsynced, rounds interleaved in one run; goal ≥ 90 %), for
//     new stores (format 4: one digest per event, the leaf is the event hash,
//     the tree's records sparse) and, in the same rounds, a store of format 3
//     (the same hashes, records at every level) — the figure before format 4.
//     Without the tree, formats 3 and 4 append alike: one store serves both.
//     After each arm the bench waits until RocksDB's background threads are
//     idle (bench_util's RunRound, as store_bench does), so that one store's
//     flushes and compactions do not land in another store's round;
//  2. inclusion and consistency proofs for random positions of a
//     1,000,000-event store: median and p99 (goal: median ≤ 1 ms).
//
// Usage: merkle_bench [--events=N] [--seconds=S] [--rounds=N] [--dir=PARENT]
//        (ARSHJUL_BENCH_QUICK=1: 100,000 events, shorter rounds)
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>

#include "arshjul/storage/verifiable_log.h"
#include "bench_util.h"
#include "store_format.h"

using namespace arshjul;
using namespace arshjul::bench;

namespace {

struct Harness {
  SystemClock clock;
  RandomIdSource ids;
};

std::unique_ptr<storage::EventStore> Open(Harness& h, const std::string& dir, bool tree, int format = 3) {
  storage::StoreOptions o;
  o.clock = &h.clock;
  o.ids = &h.ids;
  o.sync = false;
  o.merkle_tree = tree;
  auto s = storage::OpenStoreOfFormat(dir, std::move(o), format);
  if (!s.ok()) Die(s.status().ToString());
  return std::move(s).value();
}

// One append of `n` events of ~300 bytes.
uint64_t AppendBatch(storage::EventStore& store, int n, uint64_t* seq) {
  storage::AppendRequest r;
  r.stream = "bench/s" + std::to_string(*seq % 16);
  for (int i = 0; i < n; ++i) {
    storage::ProposedEvent e;
    e.type = "BenchEvent";
    e.payload = std::string(300, static_cast<char>('a' + (*seq + i) % 26));
    r.events.push_back(std::move(e));
  }
  *seq += n;
  auto res = store.Append(r);
  if (!res.ok()) Die(res.status().ToString());
  return static_cast<uint64_t>(n);
}

template <typename Op>
std::vector<double> TimeEach(int n, Op&& op) {
  std::vector<double> us;
  for (int i = 0; i < n; ++i) {
    auto t0 = SteadyClock::now();
    op(i);
    us.push_back(std::chrono::duration<double, std::micro>(SteadyClock::now() - t0).count());
  }
  return us;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = std::getenv("ARSHJUL_BENCH_QUICK") != nullptr;
  uint64_t events = quick ? 100000 : 1000000;
  double seconds = quick ? 0.5 : 1.0;
  int rounds = quick ? 6 : 15;
  std::string parent = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--events=", 0) == 0) events = std::stoull(a.substr(9));
    if (a.rfind("--seconds=", 0) == 0) seconds = std::stod(a.substr(10));
    if (a.rfind("--dir=", 0) == 0) parent = a.substr(6);
    if (a.rfind("--rounds=", 0) == 0) rounds = std::stoi(a.substr(9));
  }
  std::string root = parent + "/arshjul-merkle-bench-" + std::to_string(::getpid());
  std::filesystem::remove_all(root);
  Harness h;

  // 1. Append with and without the tree, interleaved rounds. Each pair of
  // rounds gives one ratio; the median of those is the least disturbed by
  // other processes (the machine is shared), the totals are printed too.
  {
    struct Arm {
      const char* name;
      std::unique_ptr<storage::EventStore> store;
      uint64_t seq = 0;
      Tally total;
    };
    Arm arms[3] = {{"without tree (format 3 or 4)", Open(h, root + "/without", false, 4), 0, {}},
                   {"format 4, with tree         ", Open(h, root + "/f4-with", true, 4), 0, {}},
                   {"format 3, with tree         ", Open(h, root + "/f3-with", true, 3), 0, {}}};
    std::vector<double> wall4, cpu4, wall3, cpu3;
    double waited = WaitForBackgroundIdle();
    for (int round = 0; round < rounds; ++round) {
      Tally t[3];
      // Arms in order on even rounds, reversed on odd ones; after each, the
      // flushes and compactions its writes caused finish before the next arm
      // starts, so that no arm's round pays for another store's work.
      std::vector<std::function<void()>> steps;
      for (int i = 0; i < 3; ++i) {
        steps.push_back([&, i] {
          t[i] = RunFor(seconds, false, [&] { return AppendBatch(*arms[i].store, 100, &arms[i].seq); });
          arms[i].total.Add(t[i]);
        });
      }
      waited += RunRound(round, steps);
      wall4.push_back(t[1].rate() / t[0].rate());
      cpu4.push_back(t[1].cpu_rate() / t[0].cpu_rate());
      wall3.push_back(t[2].rate() / t[0].rate());
      cpu3.push_back(t[2].cpu_rate() / t[0].cpu_rate());
    }
    std::printf("append, 100 events of ~300 bytes per append, unsynced (%d interleaved rounds of %.1f s each)\n",
                rounds, seconds);
    for (const Arm& a : arms) {
      std::printf("  %s  %10.0f events/s  (%.0f per CPU-second; %.3f µs of the appending thread's CPU per event)\n",
                  a.name, a.total.rate(), a.total.cpu_rate(),
                  1e6 * a.total.caller_cpu_seconds / static_cast<double>(a.total.items));
    }
    auto ratio = [&](const char* what, int x, const std::vector<double>& wall, const std::vector<double>& cpu,
                     const char* goal) {
      std::printf("  %s: totals %.3f (per CPU-second %.3f); median per round %.3f (per CPU-second %.3f)%s\n", what,
                  arms[x].total.rate() / arms[0].total.rate(), arms[x].total.cpu_rate() / arms[0].total.cpu_rate(),
                  Percentile(wall, 50), Percentile(cpu, 50), goal);
    };
    ratio("format 4 (new stores), with tree / without", 1, wall4, cpu4, "  goal >= 0.90");
    ratio("format 3, with tree / without             ", 2, wall3, cpu3, "  (before format 4)");
    std::printf("  load average %s (2 CPUs); %.1f s waited for background work between arms\n",
                LoadAverage().c_str(), waited);
  }

  // 2. Proofs on a store of `events` events.
  auto store = Open(h, root + "/big", true);
  uint64_t seq = 0;
  auto t0 = SteadyClock::now();
  while (seq < events) AppendBatch(*store, static_cast<int>(std::min<uint64_t>(1000, events - seq)), &seq);
  std::printf("\nfilled %llu events in %.1f s\n", static_cast<unsigned long long>(events),
              SecondsBetween(t0, SteadyClock::now()));
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<uint64_t> pick(0, events - 1);
  auto head = store->CurrentTree();
  if (!head.ok()) Die(head.status().ToString());
  size_t hashes = 0;
  auto inclusion = TimeEach(1000, [&](int) {
    uint64_t pos = pick(rng);
    auto p = storage::ProveInclusion(*store, pos, std::nullopt);
    if (!p.ok() || !storage::merkle::VerifyInclusion(pos, p->size, p->leaf_hash, p->proof, head->root).ok()) {
      Die("inclusion proof failed");
    }
    hashes += p->proof.size();
  });
  auto consistency = TimeEach(1000, [&](int) {
    uint64_t from = pick(rng) + 1;
    auto p = storage::ProveConsistency(*store, from, std::nullopt);
    if (!p.ok() || !storage::merkle::VerifyConsistency(from, p->size2, p->proof, p->root1, head->root).ok()) {
      Die("consistency proof failed");
    }
  });
  std::printf("proofs on a %llu-event store (1000 random positions each, proof made and verified)\n",
              static_cast<unsigned long long>(events));
  std::printf("  inclusion    median %7.1f µs  p99 %7.1f µs  (%.1f hashes per proof; goal median <= 1000 µs)\n",
              Percentile(inclusion, 50), Percentile(inclusion, 99), static_cast<double>(hashes) / 1000.0);
  std::printf("  consistency  median %7.1f µs  p99 %7.1f µs  (goal median <= 1000 µs)\n", Percentile(consistency, 50),
              Percentile(consistency, 99));
  store.reset();
  std::filesystem::remove_all(root);
  return 0;
}
