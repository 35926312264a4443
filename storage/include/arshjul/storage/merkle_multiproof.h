// One proof that several leaves are in an RFC 6962 tree (a multi-leaf
// inclusion proof, as in the revision package: one proof for all of a
// period's events instead of one per event). The proof is the hashes of the
// subtrees of RFC 6962's split (RFC 9162 §2.1.1: the left part the largest
// power of two below n) that hold none of the leaves, in left-to-right order;
// a subtree shared by many leaves' audit paths appears once. For k leaves of
// a tree of N, at most k·⌈log₂ N⌉ hashes, and far fewer when the leaves lie
// close together.
//
// The leaves' own hashes come from the caller (the store's tree: level-0
// subtrees, or LeafHash of the bytes the verifier holds); the prover reads
// only the untouched subtrees from the SubtreeSource.
//
// Backend-neutral like merkle.h; the verifier needs no store (arshjul-verify).
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "arshjul/storage/merkle.h"

namespace arshjul::storage::merkle {

// The proof for leaves `indices` (strictly increasing, each < size, at least
// one) of the tree of `size` leaves. InvalidArgument otherwise.
Result<std::vector<Hash>> MultiInclusionProof(const SubtreeSource& source, std::span<const uint64_t> indices,
                                              uint64_t size);

// The root the proof leads to from the leaves' hashes (in the order of
// `indices`), or Corruption with a Swedish reason (too few or too many hashes,
// indices out of order or outside the tree).
Result<Hash> RootFromMultiInclusionProof(std::span<const uint64_t> indices, std::span<const Hash> leaf_hashes,
                                         uint64_t size, std::span<const Hash> proof);
// Ok when the proof leads from the leaves to `root`, else Corruption with a Swedish reason.
Status VerifyMultiInclusion(std::span<const uint64_t> indices, std::span<const Hash> leaf_hashes, uint64_t size,
                            std::span<const Hash> proof, const Hash& root);

}  // namespace arshjul::storage::merkle
