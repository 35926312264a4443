// The verifiable log's Merkle tree: RFC 6962 / RFC 9162 §2.1 hashing, the
// compact range that keeps an append-only tree's state in at most log₂ N
// hashes, and the inclusion and consistency proofs (prover and verifier).
//
// Backend-neutral: nothing here knows RocksDB. A store supplies the hashes of
// complete subtrees through `SubtreeSource`; `MemorySubtrees` is the in-memory
// one. The verifier functions need no store at all (arshjul-verify links them
// alone).
//
//   leaf hash  = SHA-256(0x00 ‖ leaf bytes)      (the event's canonical envelope)
//   node hash  = SHA-256(0x01 ‖ left ‖ right)
//   empty root = SHA-256("")
// A tree of n > 1 leaves splits at k, the largest power of two below n; odd
// trees are not padded.
//
// A *complete subtree* (level L, index i) is the root of the 2^L leaves
// [i·2^L, (i+1)·2^L). It is final once its last leaf is appended, so stored
// subtree hashes are written once and never change.
//
// Thread-safety: the free functions are thread-safe; a CompactRange or
// MemorySubtrees is thread-compatible (no concurrent mutation).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "arshjul/storage/hash.h"
#include "arshjul/storage/status.h"

namespace arshjul::storage::merkle {

Hash LeafHash(std::string_view leaf_bytes);
Hash NodeHash(const Hash& left, const Hash& right);
Hash EmptyRoot();

// The state of an append-only tree: the roots of the complete subtrees that
// make up [0, size), largest (leftmost) first.
class CompactRange {
 public:
  CompactRange() = default;
  // `hashes` must be the decomposition of `size` (one per set bit, high to low).
  static Result<CompactRange> FromHashes(uint64_t size, std::vector<Hash> hashes);

  // Appends one leaf hash. `*completed` receives the complete subtrees this
  // leaf finishes, from level 0 upward: the leaf itself, then each merge.
  void Append(const Hash& leaf_hash, std::vector<Hash>* completed);
  Hash Root() const;
  uint64_t size() const { return size_; }
  const std::vector<Hash>& hashes() const { return hashes_; }

 private:
  uint64_t size_ = 0;
  std::vector<Hash> hashes_;
};

// Where the prover reads complete subtree hashes. Implemented by each backend.
class SubtreeSource {
 public:
  virtual ~SubtreeSource() = default;
  // The hash of complete subtree (level, index). NotFound if it is not stored
  // (its last leaf is beyond the tree); Corruption if stored data is bad.
  virtual Result<Hash> Subtree(uint32_t level, uint64_t index) const = 0;
};

// The last leaf of complete subtree (level, index): the append that completes it.
inline uint64_t CompletingLeaf(uint32_t level, uint64_t index) { return ((index + 1) << level) - 1; }

// An in-memory tree: every complete subtree hash, per level. For tests and
// for callers that build a tree from leaves they hold.
class MemorySubtrees final : public SubtreeSource {
 public:
  void Append(const Hash& leaf_hash);
  Result<Hash> Subtree(uint32_t level, uint64_t index) const override;
  Hash Root() const { return range_.Root(); }
  uint64_t size() const { return range_.size(); }

 private:
  CompactRange range_;
  std::vector<std::vector<Hash>> levels_;
};

// The root of leaves [0, size) from stored subtrees (size may be below the
// source's current size: the tree as it was).
Result<Hash> RootAt(const SubtreeSource& source, uint64_t size);
// The compact range of [0, size).
Result<CompactRange> RangeAt(const SubtreeSource& source, uint64_t size);

// RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `size`
// leaves, from the leaf upward. InvalidArgument unless index < size.
Result<std::vector<Hash>> InclusionProof(const SubtreeSource& source, uint64_t index, uint64_t size);
// RFC 9162 §2.1.4.1: proof that the tree of size1 leaves is a prefix of the
// tree of size2 leaves. InvalidArgument unless size1 <= size2; empty when
// size1 is 0 or equals size2.
Result<std::vector<Hash>> ConsistencyProof(const SubtreeSource& source, uint64_t size1, uint64_t size2);

// RFC 9162 §2.1.3.2. Ok, or Corruption with a Swedish reason.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash, std::span<const Hash> proof,
                       const Hash& root);
// The root an inclusion proof leads to, or Corruption.
Result<Hash> RootFromInclusionProof(uint64_t index, uint64_t size, const Hash& leaf_hash,
                                    std::span<const Hash> proof);
// RFC 9162 §2.1.4.2 (size1 = 0 and size1 = size2 accept only an empty proof).
Status VerifyConsistency(uint64_t size1, uint64_t size2, std::span<const Hash> proof, const Hash& root1,
                         const Hash& root2);

}  // namespace arshjul::storage::merkle
