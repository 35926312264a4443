// The tree code every backend shares (tree_runs.h), over run records held in
// a map: the RFC 6962 vectors read back through RunSubtrees however the leaves
// are split into records, the record sizes, the compact range's stored form,
// and TreeChecker naming the first record that does not match the events.
#include "tree_runs.h"

#include <gtest/gtest.h>

#include <map>

#include "keys.h"
#include "merkle_vectors.h"

namespace arshjul::storage::tree {
namespace {

using Records = std::map<uint64_t, std::string>;

// Run records in a map; under a sparse layout the leaves come from `leaves`.
class MapSubtrees final : public RunSubtrees {
 public:
  explicit MapSubtrees(const Records& records, uint32_t min_level = 0, const std::vector<Hash>* leaves = nullptr)
      : RunSubtrees(min_level), records_(records), leaves_(leaves) {}

 protected:
  Result<std::optional<RunView>> RunAtOrBefore(uint64_t leaf) const override {
    auto it = records_.upper_bound(leaf);
    if (it == records_.begin()) return std::optional<RunView>();
    --it;
    return std::optional<RunView>(RunView{it->first, it->second});
  }
  Result<std::vector<Hash>> Leaves(uint64_t first, uint64_t count) const override {
    if (leaves_ == nullptr || first + count > leaves_->size()) return Status::NotFound("no leaves");
    return std::vector<Hash>(leaves_->begin() + static_cast<ptrdiff_t>(first),
                             leaves_->begin() + static_cast<ptrdiff_t>(first + count));
  }

 private:
  const Records& records_;
  const std::vector<Hash>* leaves_;
};

// The records appends of `sizes` leaves write for `leaves`.
Records Write(const std::vector<Hash>& leaves, const std::vector<uint64_t>& sizes, merkle::CompactRange* range,
              uint32_t min_level = 0) {
  Records out;
  std::vector<Hash> completed;
  uint64_t first = 0;
  for (uint64_t n : sizes) {
    std::string run;
    for (uint64_t i = first; i < first + n; ++i) AppendLeaf(leaves[i], range, &run, &completed, min_level);
    SealRun(&run, n, min_level);
    out[first] = run;
    first += n;
  }
  return out;
}

Records WriteFresh(const std::vector<Hash>& leaves, const std::vector<uint64_t>& sizes, uint32_t min_level) {
  merkle::CompactRange range;
  return Write(leaves, sizes, &range, min_level);
}

const std::vector<std::vector<uint64_t>> kSplits = {{8}, {1, 1, 1, 1, 1, 1, 1, 1}, {3, 1, 4}, {2, 5, 1}};

TEST(TreeRuns, StandardVectorsReadBackHoweverTheLeavesAreSplit) {
  for (const auto& sizes : kSplits) {
    merkle::CompactRange range;
    Records records = Write(merkle::StandardLeafHashes(), sizes, &range);
    merkle::ExpectStandardVectors(MapSubtrees(records));
    EXPECT_EQ(HashToHex(range.Root()), merkle::kRoots[8]);
    for (const auto& [first, run] : records) {
      auto leaves = RunLeaves(first, run);
      ASSERT_TRUE(leaves.has_value());
      EXPECT_EQ(RunPrefix(first, run, *leaves), run);
    }
  }
  EXPECT_FALSE(RunLeaves(3, std::string(32 * 2, 'h')).has_value());  // leaf 3 finishes three subtrees, not two
  EXPECT_EQ(RunLeaves(3, std::string(32 * 3, 'h')), 1u);
}

// The sparse layout (format 4) stores only subtrees of level ≥ min_level and
// reads the lower ones from the leaves: the same vectors, every split, every
// lowest level up to the root's.
TEST(TreeRuns, SparseRecordsReadBackTheStandardVectors) {
  const std::vector<Hash> leaves = merkle::StandardLeafHashes();
  for (uint32_t min_level = 1; min_level <= 3; ++min_level) {
    for (const auto& sizes : kSplits) {
      SCOPED_TRACE("min_level " + std::to_string(min_level) + ", " + std::to_string(sizes.size()) + " records");
      merkle::CompactRange range;
      Records records = Write(leaves, sizes, &range, min_level);
      merkle::ExpectStandardVectors(MapSubtrees(records, min_level, &leaves));
      uint64_t first = 0;
      for (uint64_t n : sizes) {
        EXPECT_EQ(RunLeaves(first, records[first], min_level), n);
        EXPECT_EQ(records[first].size(), 4 + 32 * keys::HashesBefore(first, first + n, min_level));
        first += n;
      }
    }
  }
  Records records = WriteFresh(leaves, {8}, 2);
  EXPECT_EQ(records[0].size(), 4u + 32 * 3);  // levels 2 and 3: (2,0), (2,1), (3,0)
  EXPECT_FALSE(RunLeaves(0, records[0].substr(0, 4 + 32 * 2), 2).has_value());  // the count disagrees
  EXPECT_FALSE(RunLeaves(0, "abc", 2).has_value());
}

// Every complete subtree and every root of a 300-leaf tree read through
// sparse records of uneven appends equals the in-memory tree's.
TEST(TreeRuns, SparseRecordsAgreeWithTheInMemoryTree) {
  std::vector<Hash> leaves;
  merkle::MemorySubtrees memory;
  for (int i = 0; i < 300; ++i) {
    leaves.push_back(merkle::LeafHash(std::to_string(i)));
    memory.Append(leaves.back());
  }
  merkle::CompactRange range;
  Records records = Write(leaves, {1, 7, 16, 100, 3, 29, 64, 80}, &range, kSparseMinLevel);
  MapSubtrees sparse(records, kSparseMinLevel, &leaves);
  for (uint32_t level = 0; level <= 8; ++level) {
    for (uint64_t index = 0; ((index + 1) << level) <= 300; ++index) {
      auto got = sparse.Subtree(level, index);
      ASSERT_TRUE(got.ok()) << level << "," << index << ": " << got.status().ToString();
      EXPECT_EQ(*got, *memory.Subtree(level, index)) << level << "," << index;
    }
  }
  for (uint64_t size = 0; size <= 300; ++size) {
    auto root = merkle::RootAt(sparse, size);
    ASSERT_TRUE(root.ok()) << size;
    EXPECT_EQ(*root, *merkle::RootAt(memory, size)) << size;
  }
  EXPECT_EQ(sparse.Subtree(kSparseMinLevel, 300 >> kSparseMinLevel).status().code(), StatusCode::kNotFound);
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
std::string Check(const Records& records, uint64_t count, std::optional<uint64_t>* bad, uint32_t min_level = 0) {
  auto it = records.begin();
  TreeChecker checker(
      [&]() -> Result<std::optional<RunView>> {
        if (it == records.end()) return std::optional<RunView>();
        RunView v{it->first, it->second};
        ++it;
        return std::optional<RunView>(v);
      },
      min_level);
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

TEST(TreeRuns, CheckerReadsSparseRecords) {
  merkle::CompactRange range;
  Records good = Write(merkle::StandardLeafHashes(), {3, 1, 4}, &range, 1);
  std::optional<uint64_t> bad;
  EXPECT_EQ(Check(good, 8, &bad, 1), "");

  Records altered = good;
  altered[4][4 + 32 * 1] ^= 1;  // the record at 4 holds (1,2) for leaf 5, then (1,3), (2,1), (3,0) for leaf 7
  EXPECT_NE(Check(altered, 8, &bad, 1).find("stämmer inte med händelsen på position 7"), std::string::npos);
  EXPECT_EQ(bad, 7u);

  // Leaf 6 adds no hash at level ≥ 1, but the record's count still says the log lost it.
  Records cut = good;
  cut[4] = WriteFresh(merkle::StandardLeafHashes(), {3, 1, 3}, 1)[4];
  EXPECT_EQ(Check(cut, 7, &bad, 1), "");
  EXPECT_NE(Check(good, 7, &bad, 1).find("bortom loggens slut"), std::string::npos);
  EXPECT_NE(Check(good, 8, &bad, 0).find("position 0"), std::string::npos);  // read as every level: refused
}

}  // namespace
}  // namespace arshjul::storage::tree
