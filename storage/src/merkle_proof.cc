// Inclusion and consistency proofs: the prover over stored complete subtrees
// and the verifier (RFC 9162 §2.1.3 and §2.1.4) (merkle.h), and multi-leaf
// inclusion proofs (merkle_multiproof.h).
#include <algorithm>
#include <bit>

#include "arshjul/storage/merkle.h"
#include "arshjul/storage/merkle_multiproof.h"

namespace arshjul::storage::merkle {
namespace {

// The root of leaves [begin, begin+n), n ≥ 1, where begin is a multiple of the
// largest power of two in n (every range the RFC recursion visits is).
Result<Hash> RangeHash(const SubtreeSource& source, uint64_t begin, uint64_t n) {
  std::vector<Hash> pieces;
  for (int level = 63; level >= 0; --level) {
    if (!(n >> level & 1)) continue;
    auto h = source.Subtree(static_cast<uint32_t>(level), begin >> level);
    if (!h.ok()) return h.status();
    pieces.push_back(*h);
    begin += uint64_t{1} << level;
  }
  Hash root = pieces.back();
  for (size_t i = pieces.size() - 1; i-- > 0;) root = NodeHash(pieces[i], root);
  return root;
}

Status Bad(std::string why) { return Status::Corruption(std::move(why)); }

// Multi-leaf inclusion proofs (merkle_multiproof.h): the prover and the
// verifier walk the same RFC 6962 split, so the proof is just the hashes of
// the untouched subtrees in the order both visit them.
// The leaves of `indices` in [lo, hi) that lie below `bound` end at the returned index.
size_t Split(std::span<const uint64_t> indices, size_t lo, size_t hi, uint64_t bound) {
  return static_cast<size_t>(std::lower_bound(indices.begin() + static_cast<std::ptrdiff_t>(lo),
                                              indices.begin() + static_cast<std::ptrdiff_t>(hi), bound) -
                             indices.begin());
}

Status Prove(const SubtreeSource& source, std::span<const uint64_t> indices, uint64_t off, uint64_t n, size_t lo,
             size_t hi, std::vector<Hash>* out) {
  if (lo == hi) {
    auto h = RangeHash(source, off, n);
    if (!h.ok()) return h.status();
    out->push_back(*h);
    return Status::Ok();
  }
  if (n == 1) return Status::Ok();  // the leaf itself: the verifier has it
  uint64_t k = std::bit_floor(n - 1);
  size_t mid = Split(indices, lo, hi, off + k);
  ARSHJUL_RETURN_IF_ERROR(Prove(source, indices, off, k, lo, mid, out));
  return Prove(source, indices, off + k, n - k, mid, hi, out);
}

struct Walk {
  std::span<const uint64_t> indices;
  std::span<const Hash> leaves;
  std::span<const Hash> proof;
  size_t used = 0;

  Result<Hash> Root(uint64_t off, uint64_t n, size_t lo, size_t hi) {
    if (lo == hi) {
      if (used == proof.size()) return Status::Corruption("beviset har för få hashar");
      return proof[used++];
    }
    if (n == 1) return leaves[lo];
    uint64_t k = std::bit_floor(n - 1);
    size_t mid = Split(indices, lo, hi, off + k);
    auto left = Root(off, k, lo, mid);
    if (!left.ok()) return left.status();
    auto right = Root(off + k, n - k, mid, hi);
    if (!right.ok()) return right.status();
    return NodeHash(*left, *right);
  }
};

// Empty when the indices are strictly increasing and inside the tree.
std::string IndexProblem(std::span<const uint64_t> indices, uint64_t size) {
  if (indices.empty()) return "inga löv att bevisa";
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] >= size) {
      return "position " + std::to_string(indices[i]) + " ligger utanför trädets storlek " + std::to_string(size);
    }
    if (i > 0 && indices[i] <= indices[i - 1]) return "positionerna är inte i stigande ordning utan dubbletter";
  }
  return "";
}

}  // namespace

Result<std::vector<Hash>> InclusionProof(const SubtreeSource& source, uint64_t index, uint64_t size) {
  if (index >= size) {
    return Status::InvalidArgument("position " + std::to_string(index) + " finns inte i ett träd med " +
                                       std::to_string(size) + " löv",
                                   "position");
  }
  std::vector<Hash> top_down;
  uint64_t m = index, off = 0, n = size;
  while (n > 1) {
    uint64_t k = std::bit_floor(n - 1);
    Result<Hash> sibling = m < k ? RangeHash(source, off + k, n - k) : RangeHash(source, off, k);
    if (!sibling.ok()) return sibling.status();
    top_down.push_back(*sibling);
    if (m < k) {
      n = k;
    } else {
      m -= k;
      off += k;
      n -= k;
    }
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

Result<std::vector<Hash>> ConsistencyProof(const SubtreeSource& source, uint64_t size1, uint64_t size2) {
  if (size1 > size2) {
    return Status::InvalidArgument("den tidigare storleken " + std::to_string(size1) + " är större än " +
                                       std::to_string(size2),
                                   "from");
  }
  std::vector<Hash> top_down;
  if (size1 == 0 || size1 == size2) return top_down;
  uint64_t m = size1, off = 0, n = size2;
  bool whole = true;  // b in RFC 9162: [0, m) is the old tree itself, whose root the verifier has
  while (m != n) {
    uint64_t k = std::bit_floor(n - 1);
    Result<Hash> h = m <= k ? RangeHash(source, off + k, n - k) : RangeHash(source, off, k);
    if (!h.ok()) return h.status();
    top_down.push_back(*h);
    if (m <= k) {
      n = k;
    } else {
      m -= k;
      off += k;
      n -= k;
      whole = false;
    }
  }
  if (!whole) {
    auto h = RangeHash(source, off, n);
    if (!h.ok()) return h.status();
    top_down.push_back(*h);
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

Result<Hash> RootFromInclusionProof(uint64_t index, uint64_t size, const Hash& leaf_hash,
                                    std::span<const Hash> proof) {
  if (index >= size) {
    return Bad("position " + std::to_string(index) + " ligger utanför trädets storlek " + std::to_string(size));
  }
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Bad("inklusionsbeviset har för många hashar");
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Bad("inklusionsbeviset har för få hashar");
  return r;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash, std::span<const Hash> proof,
                       const Hash& root) {
  auto got = RootFromInclusionProof(index, size, leaf_hash, proof);
  if (!got.ok()) return got.status();
  if (*got != root) return Bad("inklusionsbeviset leder inte till trädets rot");
  return Status::Ok();
}

Status VerifyConsistency(uint64_t size1, uint64_t size2, std::span<const Hash> proof, const Hash& root1,
                         const Hash& root2) {
  if (size2 < size1) return Bad("den senare storleken är mindre än den tidigare");
  if (size1 == size2) {
    if (!proof.empty()) return Bad("konsistensbeviset ska vara tomt för samma storlek");
    if (root1 != root2) return Bad("samma storlek men olika rötter");
    return Status::Ok();
  }
  if (size1 == 0) {
    if (!proof.empty()) return Bad("konsistensbeviset ska vara tomt från ett tomt träd");
    return Status::Ok();
  }
  if (proof.empty()) return Bad("konsistensbeviset är tomt");
  std::vector<Hash> path;
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = size1 - 1, sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return Bad("konsistensbeviset har för många hashar");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Bad("konsistensbeviset har för få hashar");
  if (fr != root1) return Bad("konsistensbeviset leder inte till den tidigare roten");
  if (sr != root2) return Bad("konsistensbeviset leder inte till den senare roten");
  return Status::Ok();
}

Result<std::vector<Hash>> MultiInclusionProof(const SubtreeSource& source, std::span<const uint64_t> indices,
                                              uint64_t size) {
  if (std::string why = IndexProblem(indices, size); !why.empty()) return Status::InvalidArgument(why, "position");
  std::vector<Hash> out;
  ARSHJUL_RETURN_IF_ERROR(Prove(source, indices, 0, size, 0, indices.size(), &out));
  return out;
}

Result<Hash> RootFromMultiInclusionProof(std::span<const uint64_t> indices, std::span<const Hash> leaf_hashes,
                                         uint64_t size, std::span<const Hash> proof) {
  if (std::string why = IndexProblem(indices, size); !why.empty()) return Status::Corruption(why);
  if (leaf_hashes.size() != indices.size()) return Status::Corruption("antalet lövhashar stämmer inte med positionerna");
  Walk walk{indices, leaf_hashes, proof};
  auto root = walk.Root(0, size, 0, indices.size());
  if (!root.ok()) return root.status();
  if (walk.used != proof.size()) return Status::Corruption("beviset har för många hashar");
  return root;
}

Status VerifyMultiInclusion(std::span<const uint64_t> indices, std::span<const Hash> leaf_hashes, uint64_t size,
                            std::span<const Hash> proof, const Hash& root) {
  auto got = RootFromMultiInclusionProof(indices, leaf_hashes, size, proof);
  if (!got.ok()) return got.status();
  if (*got != root) return Bad("beviset leder inte från löven till trädets rot");
  return Status::Ok();
}

}  // namespace arshjul::storage::merkle
