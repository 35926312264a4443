// Internal to storage/: the Merkle tree's stored form, shared by every
// backend (RocksStore's merkle column family, PostgresStore's arshjul_tree
// table). The tree is kept as *run records*, one per append (or per kBuildRun
// leaves when a tree is built for a store made without one), keyed by the
// run's first position; a record holds, for each leaf p of the run in order,
// the complete subtree hashes p finishes, level 0 (its leaf hash) upward —
// 32 × (1 + trailing one bits of p) bytes (docs/storage-format.md).
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

// Appends one leaf to `range` and the subtrees it completes to `run`
// (`completed` is scratch).
void AppendLeaf(const Hash& leaf_hash, merkle::CompactRange* range, std::string* run, std::vector<Hash>* completed);
// The number of leaves a record of `bytes` starting at `first` holds; nullopt
// unless it ends on a leaf boundary.
std::optional<uint64_t> RunLeaves(uint64_t first, size_t bytes);
// The first `leaves` leaves of a record starting at `first` (a cut record).
std::string_view RunPrefix(uint64_t first, std::string_view hashes, uint64_t leaves);

// A compact range as stored beside a head (PostgreSQL's log head row): its
// hashes, largest subtree first.
std::string EncodeRange(const merkle::CompactRange& range);
Result<merkle::CompactRange> DecodeRange(uint64_t size, std::string_view bytes);

// Complete subtrees read from run records; a backend says where the record
// at or before a leaf is.
class RunSubtrees : public merkle::SubtreeSource {
 public:
  Result<Hash> Subtree(uint32_t level, uint64_t index) const final;

 protected:
  // The record with the greatest first position ≤ `leaf`; nullopt if none.
  virtual Result<std::optional<RunView>> RunAtOrBefore(uint64_t leaf) const = 0;
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
  explicit TreeChecker(NextRun next) : next_(std::move(next)) {}
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
  merkle::CompactRange range_;
  std::string run_;    // the current record's bytes
  size_t offset_ = 0;  // how much of run_ the checked leaves covered
  std::vector<Hash> completed_;
};

// Builds the tree on from `*range` (its size the first missing leaf) over
// `events` (a chain-checked cursor from that position), writing records of
// kBuildRun leaves through `write`. Corruption (nothing of it to be trusted:
// the caller discards what was written) when the chain is broken or the
// cursor ends before `log_size` leaves. `hashes_are_leaves`: the events'
// hashes are their leaves (RocksDB format 3), so none is hashed again.
Status BuildRuns(EventCursor& events, uint64_t log_size, merkle::CompactRange* range,
                 const std::function<Status(uint64_t first, const std::string& hashes)>& write,
                 bool hashes_are_leaves = false);

// "This store has no Merkle tree yet; a writable open builds it" (Swedish).
std::string TreeMissingMessage();

}  // namespace arshjul::storage::tree
