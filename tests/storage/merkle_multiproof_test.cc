// Multi-leaf inclusion proofs (merkle_multiproof.h): over the RFC 6962 test
// leaves every set of leaves of every tree size 1–8 leads to the published
// root; a one-leaf proof holds exactly the RFC audit path's hashes; for every
// tree size up to 70 and many sets of leaves the prover and the verifier
// agree; a proof for a contiguous range is far shorter than one proof per
// leaf; and mutated proofs (a hash changed, missing or extra, an index out of
// range, duplicate or unsorted indices, another tree size, another leaf) are
// rejected.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "arshjul/storage/merkle_multiproof.h"
#include "merkle_vectors.h"

namespace arshjul::storage::merkle {
namespace {

std::vector<Hash> Leaves(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(LeafHash("leaf " + std::to_string(i)));
  return out;
}

MemorySubtrees TreeOf(const std::vector<Hash>& leaves) {
  MemorySubtrees t;
  for (const auto& l : leaves) t.Append(l);
  return t;
}

std::vector<Hash> Pick(const std::vector<Hash>& leaves, const std::vector<uint64_t>& indices) {
  std::vector<Hash> out;
  for (uint64_t i : indices) out.push_back(leaves[i]);
  return out;
}

TEST(MultiInclusionProofTest, EverySetOfTheRfcLeavesLeadsToThePublishedRoot) {
  std::vector<Hash> leaves;
  for (const auto& b : kLeaves) leaves.push_back(LeafHash(Bytes(b)));
  MemorySubtrees tree = TreeOf(leaves);
  for (uint64_t size = 1; size <= 8; ++size) {
    for (uint32_t mask = 1; mask < (1u << size); ++mask) {
      std::vector<uint64_t> idx;
      for (uint64_t i = 0; i < size; ++i)
        if (mask >> i & 1) idx.push_back(i);
      auto proof = MultiInclusionProof(tree, idx, size);
      ASSERT_TRUE(proof.ok()) << size << "/" << mask;
      EXPECT_TRUE(VerifyMultiInclusion(idx, Pick(leaves, idx), size, *proof, H(kRoots[size])).ok())
          << "size " << size << " leaves " << mask;
    }
  }
  std::vector<uint64_t> idx = {1, 5, 6};
  EXPECT_EQ(MultiInclusionProof(tree, idx, 8)->size(), 4u) << "[0], [2,4), [4] and [7]";
  idx = {4, 5, 6, 7};
  EXPECT_EQ(MultiInclusionProof(tree, idx, 8)->size(), 1u) << "[0,4) alone";
}

TEST(MultiInclusionProofTest, OneLeafHoldsExactlyTheRfcAuditPath) {
  auto leaves = Leaves(37);
  MemorySubtrees tree = TreeOf(leaves);
  for (uint64_t size : {1u, 2u, 5u, 8u, 21u, 37u}) {
    for (uint64_t i = 0; i < size; ++i) {
      std::vector<uint64_t> idx = {i};
      auto multi = MultiInclusionProof(tree, idx, size).value();
      auto single = InclusionProof(tree, i, size).value();
      std::sort(multi.begin(), multi.end());
      std::sort(single.begin(), single.end());
      EXPECT_EQ(multi, single) << i << "/" << size;
    }
  }
}

TEST(MultiInclusionProofTest, ProverAndVerifierAgreeForEverySizeUpTo70) {
  std::mt19937_64 rng(5);
  auto leaves = Leaves(70);
  MemorySubtrees tree;
  for (uint64_t size = 1; size <= 70; ++size) {
    tree.Append(leaves[size - 1]);
    Hash root = tree.Root();
    for (int round = 0; round < 12; ++round) {
      std::vector<uint64_t> idx;
      for (uint64_t i = 0; i < size; ++i)
        if (round == 0 || rng() % (round + 1) == 0) idx.push_back(i);
      if (idx.empty()) idx.push_back(rng() % size);
      auto proof = MultiInclusionProof(tree, idx, size);
      ASSERT_TRUE(proof.ok()) << size;
      Status st = VerifyMultiInclusion(idx, Pick(leaves, idx), size, *proof, root);
      ASSERT_TRUE(st.ok()) << "size " << size << " round " << round << ": " << st.ToString();
    }
  }
}

TEST(MultiInclusionProofTest, AContiguousRangeNeedsFewHashes) {
  auto leaves = Leaves(1000);
  MemorySubtrees tree = TreeOf(leaves);
  std::vector<uint64_t> idx;
  for (uint64_t i = 300; i < 400; ++i) idx.push_back(i);
  auto proof = MultiInclusionProof(tree, idx, 1000);
  ASSERT_TRUE(proof.ok());
  EXPECT_LE(proof->size(), 2u * 10u) << "at most two hashes per level, not 100 × 10";
  EXPECT_TRUE(VerifyMultiInclusion(idx, Pick(leaves, idx), 1000, *proof, tree.Root()).ok());
}

TEST(MultiInclusionProofTest, MutatedProofsAreRejected) {
  auto leaves = Leaves(37);
  MemorySubtrees tree = TreeOf(leaves);
  const Hash root = tree.Root();
  std::vector<uint64_t> idx = {3, 4, 17, 30};
  auto proof = MultiInclusionProof(tree, idx, 37).value();
  auto leads = [&](std::vector<uint64_t> i, std::vector<Hash> l, uint64_t size, std::vector<Hash> p) {
    return VerifyMultiInclusion(i, l, size, p, root).ok();
  };
  ASSERT_TRUE(leads(idx, Pick(leaves, idx), 37, proof));
  for (size_t i = 0; i < proof.size(); ++i) {
    auto changed = proof;
    changed[i][i % 32] ^= 1;
    EXPECT_FALSE(leads(idx, Pick(leaves, idx), 37, changed)) << "hash " << i << " changed";
    auto missing = proof;
    missing.erase(missing.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_FALSE(leads(idx, Pick(leaves, idx), 37, missing)) << "hash " << i << " missing";
    auto extra = proof;
    extra.insert(extra.begin() + static_cast<std::ptrdiff_t>(i), proof[i]);
    EXPECT_FALSE(leads(idx, Pick(leaves, idx), 37, extra)) << "an extra hash before hash " << i;
  }
  auto longer = proof;
  longer.push_back(proof[0]);
  auto r = RootFromMultiInclusionProof(idx, Pick(leaves, idx), 37, longer);
  EXPECT_FALSE(r.ok()) << "a trailing hash added";
  EXPECT_NE(r.status().message().find("för många"), std::string::npos) << r.status().ToString();
  EXPECT_FALSE(leads({3, 4, 17, 31}, Pick(leaves, idx), 37, proof)) << "a leaf's index + 1";
  EXPECT_FALSE(leads({2, 4, 17, 30}, Pick(leaves, idx), 37, proof)) << "a leaf's index − 1";
  EXPECT_FALSE(leads({4, 3, 17, 30}, Pick(leaves, {4, 3, 17, 30}), 37, proof)) << "indices out of order";
  EXPECT_FALSE(leads({3, 3, 17, 30}, Pick(leaves, {3, 3, 17, 30}), 37, proof)) << "a duplicate index";
  auto outside = RootFromMultiInclusionProof(std::vector<uint64_t>{3, 4, 17, 37}, Pick(leaves, idx), 37, proof);
  EXPECT_FALSE(outside.ok()) << "an index outside the tree";
  EXPECT_NE(outside.status().message().find("utanför"), std::string::npos) << outside.status().ToString();
  for (uint64_t size : {16u, 31u, 32u, 65u, 74u}) {
    EXPECT_FALSE(leads(idx, Pick(leaves, idx), size, proof)) << "tree size changed to " << size;
  }
  // Every size from 33 to 64 splits these leaves the same way ([0,32) and one subtree on the
  // right), so the same hashes lead to the same root: as with RFC 9162's single-leaf proofs,
  // the proof does not fix the size — the signed checkpoint binds size and root together, and
  // arshjul-verify takes both from it (a raised size breaks its signature).
  EXPECT_TRUE(leads(idx, Pick(leaves, idx), 36, proof));
  EXPECT_FALSE(leads(idx, Pick(leaves, {3, 4, 18, 30}), 37, proof)) << "another leaf";
  EXPECT_FALSE(leads(idx, Pick(leaves, {3, 4, 17}), 37, proof)) << "a leaf hash missing";
  EXPECT_FALSE(leads({}, {}, 37, proof)) << "no leaves";
  EXPECT_FALSE(MultiInclusionProof(tree, std::vector<uint64_t>{5, 5}, 37).ok()) << "a duplicate";
  EXPECT_FALSE(MultiInclusionProof(tree, std::vector<uint64_t>{5, 37}, 37).ok()) << "outside the tree";
  EXPECT_FALSE(MultiInclusionProof(tree, std::vector<uint64_t>{5}, 38).ok()) << "a tree larger than the source";
}

}  // namespace
}  // namespace arshjul::storage::merkle
