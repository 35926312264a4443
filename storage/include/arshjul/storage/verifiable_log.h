// Proofs over any EventStore's Merkle tree (merkle.h), with the roots they
// lead to: what `arshjul proof`, checkpoints and the revision package use.
// Backend-neutral: only the EventStore interface is used. Thread-safe as the
// store is.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

struct InclusionProofResult {
  uint64_t position = 0;
  uint64_t size = 0;
  Hash leaf_hash{};
  Hash root{};
  std::vector<Hash> proof;  // from the leaf upward
};

struct ConsistencyProofResult {
  uint64_t size1 = 0, size2 = 0;
  Hash root1{}, root2{};
  std::vector<Hash> proof;
};

// The proof that the event at `position` is in the tree of `size` events
// (default: the whole log). InvalidArgument naming --position / --size.
Result<InclusionProofResult> ProveInclusion(EventStore& store, uint64_t position, std::optional<uint64_t> size);
// The proof that the log of size1 events is a prefix of the log of size2
// events (default: the whole log).
Result<ConsistencyProofResult> ProveConsistency(EventStore& store, uint64_t size1, std::optional<uint64_t> size2);
// The tree head of the log's first `size` events.
Result<TreeHead> TreeHeadAt(EventStore& store, uint64_t size);

}  // namespace arshjul::storage
