// Internal to storage/: the Merkle tree's stored form, shared by every
// backend (RocksStore's merkle column family, PostgresStore's arshjul_tree
// table). The tree is kept as *run records*, one per append (or per kBuildRun
// leaves when a tree is built for a store made without one), keyed by the
// run's first position; a record holds, for each leaf p of the run in order,
// the complete subtree hashes p finishes, level 0 (its leaf hash) upward —
// 32 × (1 + trailing one bits of p) bytes (docs/storage-format.md).
// A *sparse* layout (RocksDB format 4, min_level > 0) keeps only the subtrees
// of level ≥ min_level, the record led by its leaf count (BE32); a subtree
// below that level is recomputed from its leaves (the events' hashes, which
// are the leaves there) when read.
//
// A backend supplies only storage: the record at or before a position
// (RunSubtrees), the records in order (TreeChecker), somewhere to write
// records (BuildRuns). Appending leaves, reading subtrees, checking the tree
// against the chain and building it for an old store are the same code.
// Not thread-safe (one RunSubtrees / TreeChecker per caller); the free
// functions are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "arshjul/storage/merkle.h"

namespace arshjul::storage::tree {

// A run record as read: valid until the next read from the same source.
struct RunView {
  uint64_t first = 0;
  std::string_view hashes;
};

// Leaves per record when a tree is built for a store made without it.
inline constexpr uint64_t kBuildRun = 1024;
// The lowest level a sparse layout stores: a subtree below it is at most 8
// leaves, read with the record; the records hold 1/16 of the hashes.
inline constexpr uint32_t kSparseMinLevel = 4;

// Appends one leaf to `range` and the subtrees of level ≥ `min_level` it
// completes to `run` (`completed` is scratch).
void AppendLeaf(const Hash& leaf_hash, merkle::CompactRange* range, std::string* run, std::vector<Hash>* completed,
                uint32_t min_level = 0);
// Makes `run` (hashes from AppendLeaf for `leaves` leaves) the stored record:
// under a sparse layout, led by its leaf count.
void SealRun(std::string* run, uint64_t leaves, uint32_t min_level);
// The number of leaves a record starting at `first` holds; nullopt unless it
// is well formed (ends on a leaf boundary; a sparse one: its count agrees).
std::optional<uint64_t> RunLeaves(uint64_t first, std::string_view record, uint32_t min_level = 0);
// A record's hashes (without a sparse record's count).
std::string_view RunHashes(std::string_view record, uint32_t min_level);
// The first `leaves` leaves of a record starting at `first` (a cut record; every level).
std::string_view RunPrefix(uint64_t first, std::string_view hashes, uint64_t leaves);

// A compact range as stored beside a head (PostgreSQL's log head row): its
// hashes, largest subtree first.
std::string EncodeRange(const merkle::CompactRange& range);
Result<merkle::CompactRange> DecodeRange(uint64_t size, std::string_view bytes);

// Complete subtrees read from run records; a backend says where the record
// at or before a leaf is.
class RunSubtrees : public merkle::SubtreeSource {
 public:
  explicit RunSubtrees(uint32_t min_level = 0) : min_level_(min_level) {}
  Result<Hash> Subtree(uint32_t level, uint64_t index) const final;

 protected:
  // The record with the greatest first position ≤ `leaf`; nullopt if none.
  virtual Result<std::optional<RunView>> RunAtOrBefore(uint64_t leaf) const = 0;
  // The leaf hashes of positions [first, first + count) (sparse layouts
  // only); NotFound if the log ends before.
  virtual Result<std::vector<Hash>> Leaves(uint64_t first, uint64_t count) const;

 private:
  Result<Hash> FromLeaves(uint32_t level, uint64_t index) const;
  uint32_t min_level_;
};

// Recomputes every stored subtree hash from the events' canonical bytes, in
// position order, inside a backend's Verify walk. One per walk.
class TreeChecker {
 public:
  // The next record in position order (nullopt after the last); an error
  // ends the check.
  using NextRun = std::function<Result<std::optional<RunView>>()>;
  // Null `next`: the store keeps no tree (made before it, opened read-only):
  // every check passes and active() is false.
  explicit TreeChecker(NextRun next, uint32_t min_level = 0) : next_(std::move(next)), min_level_(min_level) {}
  // The event at `position` (called for 0, 1, 2, …), with its leaf hash when
  // the caller has it already (format 3: the checked event hash). False:
  // `problem` says why.
  bool Check(uint64_t position, std::string_view canonical, const Hash* leaf = nullptr);
  // After the last event: no record lies beyond the log's `count` events.
  bool Finish(uint64_t count);
  bool active() const { return static_cast<bool>(next_); }
  // The tree of the events checked so far.
  const merkle::CompactRange& range() const { return range_; }
  std::string problem;

 private:
  bool LoadRun(uint64_t position);
  NextRun next_;
  uint32_t min_level_;
  merkle::CompactRange range_;
  std::string run_;      // the current record's hashes
  uint64_t run_end_ = 0;  // the position after its last leaf
  size_t offset_ = 0;    // how much of run_ the checked leaves covered
  std::vector<Hash> completed_;
};

// Builds the tree on from `*range` (its size the first missing leaf) over
// `events` (a chain-checked cursor from that position), writing records of
// kBuildRun leaves through `write`. Corruption (nothing of it to be trusted:
// the caller discards what was written) when the chain is broken or the
// cursor ends before `log_size` leaves. `hashes_are_leaves`: the events'
// hashes are their leaves (RocksDB formats 3 and 4), so none is hashed again.
Status BuildRuns(EventCursor& events, uint64_t log_size, merkle::CompactRange* range,
                 const std::function<Status(uint64_t first, const std::string& record)>& write,
                 bool hashes_are_leaves = false, uint32_t min_level = 0);

// "This store has no Merkle tree yet; a writable open builds it" (Swedish).
std::string TreeMissingMessage();

}  // namespace arshjul::storage::tree
