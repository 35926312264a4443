// Inclusion and consistency proofs: the prover over stored complete subtrees
// and the verifier (RFC 9162 §2.1.3 and §2.1.4) (merkle.h).
#include <algorithm>
#include <bit>

#include "arshjul/storage/merkle.h"

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

}  // namespace arshjul::storage::merkle
