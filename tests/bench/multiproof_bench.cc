// The revision package's one proof (storage/merkle_multiproof.h) against its
// baseline, one RFC 9162 inclusion proof per event, measured in the same run:
// for K events of an in-memory tree of N leaves laid out three ways (one
// contiguous run, evenly spread, random), the hashes each form holds and the
// time to make and verify it.
//
// Usage: multiproof_bench [--leaves=N] [--events=K]   (defaults 1,000,000 and 2,500)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>

#include "arshjul/storage/merkle_multiproof.h"
#include "bench_util.h"

using namespace arshjul;
using namespace arshjul::storage::merkle;
using arshjul::storage::Hash;

namespace {

using bench::SteadyClock;

double Ms(SteadyClock::time_point t0) { return 1000 * bench::SecondsBetween(t0, SteadyClock::now()); }

struct Figures {
  size_t hashes = 0;
  double ms = 0;
};

Figures OneProof(const MemorySubtrees& tree, const std::vector<uint64_t>& idx, const std::vector<Hash>& leaves) {
  auto t0 = SteadyClock::now();
  auto proof = MultiInclusionProof(tree, idx, tree.size());
  if (!proof.ok()) bench::Die(proof.status().ToString());
  if (!VerifyMultiInclusion(idx, leaves, tree.size(), *proof, tree.Root()).ok()) bench::Die("multi-leaf proof failed");
  return {proof->size(), Ms(t0)};
}

Figures PerEvent(const MemorySubtrees& tree, const std::vector<uint64_t>& idx, const std::vector<Hash>& leaves) {
  Figures f;
  auto t0 = SteadyClock::now();
  for (size_t i = 0; i < idx.size(); ++i) {
    auto proof = InclusionProof(tree, idx[i], tree.size());
    if (!proof.ok()) bench::Die(proof.status().ToString());
    if (!VerifyInclusion(idx[i], tree.size(), leaves[i], *proof, tree.Root()).ok()) bench::Die("inclusion proof failed");
    f.hashes += proof->size();
  }
  f.ms = Ms(t0);
  return f;
}

uint64_t Flag(int argc, char** argv, const std::string& name, uint64_t fallback) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.starts_with(name + "=")) return std::strtoull(a.c_str() + name.size() + 1, nullptr, 10);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n = Flag(argc, argv, "--leaves", 1'000'000), k = std::min(Flag(argc, argv, "--events", 2'500), n);
  std::vector<Hash> all;
  MemorySubtrees tree;
  for (uint64_t i = 0; i < n; ++i) {
    all.push_back(LeafHash("event " + std::to_string(i)));
    tree.Append(all.back());
  }
  std::mt19937_64 rng(13);
  std::set<uint64_t> random;
  while (random.size() < k) random.insert(rng() % n);
  std::vector<std::pair<const char*, std::vector<uint64_t>>> layouts = {
      {"one run", {}}, {"evenly spread", {}}, {"random", std::vector<uint64_t>(random.begin(), random.end())}};
  for (uint64_t i = 0; i < k; ++i) layouts[0].second.push_back(n / 3 + i);
  for (uint64_t i = 0; i < k; ++i) layouts[1].second.push_back(i * (n / k));
  std::printf("load average (1, 5, 15 min): %s\n", bench::LoadAverage().c_str());
  std::printf("%llu events of a tree of %llu leaves\n", static_cast<unsigned long long>(k),
              static_cast<unsigned long long>(n));
  std::printf("%-14s %16s %12s %18s %12s %10s\n", "layout", "one proof: hashes", "ms", "per event: hashes", "ms",
              "hash ratio");
  for (const auto& [name, idx] : layouts) {
    std::vector<Hash> leaves;
    for (uint64_t i : idx) leaves.push_back(all[i]);
    Figures one = OneProof(tree, idx, leaves), per = PerEvent(tree, idx, leaves);
    std::printf("%-14s %16zu %12.2f %18zu %12.2f %10.4f\n", name, one.hashes, one.ms, per.hashes, per.ms,
                static_cast<double>(one.hashes) / static_cast<double>(per.hashes));
  }
  return 0;
}
