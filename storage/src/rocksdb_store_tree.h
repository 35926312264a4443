// Internal to storage/: the Merkle tree's check inside RocksStore::Verify.
// TreeChecker recomputes every stored subtree hash from the events' canonical
// bytes, in position order. Not thread-safe; one per Verify walk.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/merkle.h"

namespace arshjul::storage {

class TreeChecker {
 public:
  // `it`: an iterator over the merkle family from the same consistent view as
  // the events' (borrowed); null when the store has no tree yet (read-only old
  // store): every check passes.
  explicit TreeChecker(rocksdb::Iterator* it) : it_(it) {}
  // The event at `position` (called for 0, 1, 2, …), with its leaf hash when
  // the caller has it already. False: `problem` says why.
  bool Check(uint64_t position, std::string_view canonical, const Hash* leaf = nullptr);
  // After the last event: no tree record lies beyond the log's `count` events.
  bool Finish(uint64_t count);
  bool active() const { return it_ != nullptr; }
  std::string problem;

 private:
  rocksdb::Iterator* it_;
  merkle::CompactRange range_;
  std::string run_;    // the current record's bytes
  size_t offset_ = 0;  // how much of run_ the checked leaves covered
  std::vector<Hash> completed_;
};

std::string TreeMissingMessage();

}  // namespace arshjul::storage
