// The tree code every backend shares (tree_runs.h), over run records held in
// a map: the RFC 6962 vectors read back through RunSubtrees however the leaves
// are split into records, the record sizes, the compact range's stored form,
// and TreeChecker naming the first record that does not match the events.
#include "tree_runs.h"

#include <gtest/gtest.h>

#include <map>

#include "merkle_vectors.h"

namespace arshjul::storage::tree {
namespace {

using Records = std::map<uint64_t, std::string>;

class MapSubtrees final : public RunSubtrees {
 public:
  explicit MapSubtrees(const Records& records) : records_(records) {}

 protected:
  Result<std::optional<RunView>> RunAtOrBefore(uint64_t leaf) const override {
    auto it = records_.upper_bound(leaf);
    if (it == records_.begin()) return std::optional<RunView>();
    --it;
    return std::optional<RunView>(RunView{it->first, it->second});
  }

 private:
  const Records& records_;
};

// The records appends of `sizes` leaves write for `leaves`.
Records Write(const std::vector<Hash>& leaves, const std::vector<uint64_t>& sizes, merkle::CompactRange* range) {
  Records out;
  std::vector<Hash> completed;
  uint64_t first = 0;
  for (uint64_t n : sizes) {
    std::string run;
    for (uint64_t i = first; i < first + n; ++i) AppendLeaf(leaves[i], range, &run, &completed);
    out[first] = run;
    first += n;
  }
  return out;
}

TEST(TreeRuns, StandardVectorsReadBackHoweverTheLeavesAreSplit) {
  for (const auto& sizes : std::vector<std::vector<uint64_t>>{{8}, {1, 1, 1, 1, 1, 1, 1, 1}, {3, 1, 4}, {2, 5, 1}}) {
    merkle::CompactRange range;
    Records records = Write(merkle::StandardLeafHashes(), sizes, &range);
    merkle::ExpectStandardVectors(MapSubtrees(records));
    EXPECT_EQ(HashToHex(range.Root()), merkle::kRoots[8]);
    for (const auto& [first, run] : records) {
      auto leaves = RunLeaves(first, run.size());
      ASSERT_TRUE(leaves.has_value());
      EXPECT_EQ(RunPrefix(first, run, *leaves), run);
    }
  }
  EXPECT_FALSE(RunLeaves(3, 32 * 2).has_value());  // leaf 3 finishes three subtrees, not two
  EXPECT_EQ(RunLeaves(3, 32 * 3), 1u);
}

TEST(TreeRuns, CompactRangeRoundTripsThroughItsStoredForm) {
  merkle::CompactRange range;
  Write(merkle::StandardLeafHashes(), {7}, &range);
  auto back = DecodeRange(7, EncodeRange(range));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Root(), range.Root());
  EXPECT_EQ(DecodeRange(8, EncodeRange(range)).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeRange(7, "short").status().code(), StatusCode::kCorruption);
}

// Runs the checker over the standard leaves as events (their bytes as the
// canonical envelopes) against `records`; returns the problem, empty if none.
std::string Check(const Records& records, uint64_t count, std::optional<uint64_t>* bad) {
  auto it = records.begin();
  TreeChecker checker([&]() -> Result<std::optional<RunView>> {
    if (it == records.end()) return std::optional<RunView>();
    RunView v{it->first, it->second};
    ++it;
    return std::optional<RunView>(v);
  });
  for (uint64_t pos = 0; pos < count; ++pos) {
    if (!checker.Check(pos, merkle::Bytes(merkle::kLeaves[pos]))) {
      *bad = pos;
      return checker.problem;
    }
  }
  if (!checker.Finish(count)) *bad = count;
  return checker.problem;
}

TEST(TreeRuns, CheckerNamesTheFirstRecordThatDoesNotMatch) {
  merkle::CompactRange range;
  Records good = Write(merkle::StandardLeafHashes(), {3, 1, 4}, &range);
  std::optional<uint64_t> bad;
  EXPECT_EQ(Check(good, 8, &bad), "");

  Records altered = good;
  altered[4][32 * 1] ^= 1;  // leaf 5's hash, second in the record that starts at 4
  EXPECT_NE(Check(altered, 8, &bad).find("stämmer inte med händelsen på position 5"), std::string::npos);
  EXPECT_EQ(bad, 5u);

  Records missing = good;
  missing.erase(3);
  EXPECT_NE(Check(missing, 8, &bad).find("saknar position 3"), std::string::npos);
  EXPECT_EQ(bad, 3u);

  EXPECT_NE(Check(good, 7, &bad).find("bortom loggens slut"), std::string::npos);  // the log lost its last event
  EXPECT_EQ(bad, 7u);
  EXPECT_NE(Check(good, 4, &bad).find("bortom loggens slut"), std::string::npos);  // a whole record beyond
  EXPECT_EQ(bad, 4u);
}

}  // namespace
}  // namespace arshjul::storage::tree
