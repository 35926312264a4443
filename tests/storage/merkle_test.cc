// The RFC 6962 tree against the published test vectors (transparency-dev/merkle
// testonly/constants.go and proof/verify_test.go, the same as Trillian's): roots
// for sizes 0–8 over the eight standard leaves, their inclusion and consistency
// proofs, the mutated proofs that must be rejected, and the prover checked
// against the verifier on every pair of sizes up to 70.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "arshjul/storage/merkle.h"
#include "merkle_vectors.h"

namespace arshjul::storage::merkle {
namespace {

MemorySubtrees StandardTree(size_t n) {
  MemorySubtrees t;
  for (size_t i = 0; i < n; ++i) t.Append(LeafHash(Bytes(kLeaves[i])));
  return t;
}

TEST(MerkleVectors, RootsForSizesZeroToEight) {
  for (size_t n = 0; n <= 8; ++n) {
    MemorySubtrees t = StandardTree(n);
    EXPECT_EQ(HashToHex(t.Root()), kRoots[n]) << "size " << n;
    if (n > 0) {
      auto at = RootAt(StandardTree(8), n);
      ASSERT_TRUE(at.ok());
      EXPECT_EQ(HashToHex(*at), kRoots[n]) << "size " << n << " read from the size-8 tree";
    }
  }
}

TEST(MerkleVectors, InclusionProofsVerifyAndAreWhatTheProverMakes) {
  MemorySubtrees tree = StandardTree(8);
  for (const auto& v : kInclusion) {
    std::vector<Hash> proof = Proof(v.proof);
    Hash leaf = LeafHash(Bytes(kLeaves[v.index]));
    EXPECT_TRUE(VerifyInclusion(v.index, v.size, leaf, proof, H(kRoots[v.size])).ok()) << v.index << "/" << v.size;
    auto made = InclusionProof(tree, v.index, v.size);
    ASSERT_TRUE(made.ok());
    EXPECT_EQ(*made, proof) << v.index << "/" << v.size;
  }
}

TEST(MerkleVectors, ConsistencyProofsVerifyAndAreWhatTheProverMakes) {
  MemorySubtrees tree = StandardTree(8);
  for (const auto& v : kConsistency) {
    std::vector<Hash> proof = Proof(v.proof);
    EXPECT_TRUE(VerifyConsistency(v.size1, v.size2, proof, H(kRoots[v.size1]), H(kRoots[v.size2])).ok())
        << v.size1 << "→" << v.size2;
    auto made = ConsistencyProof(tree, v.size1, v.size2);
    ASSERT_TRUE(made.ok());
    EXPECT_EQ(*made, proof) << v.size1 << "→" << v.size2;
  }
}

TEST(MerkleVectors, MutatedInclusionProofsAreRejected) {
  const Hash some = H("abacaba000000000000000000000000000000000000000000060061e00123456");
  for (const auto& v : kInclusion) {
    if (v.proof.empty()) continue;
    std::vector<Hash> proof = Proof(v.proof);
    Hash leaf = LeafHash(Bytes(kLeaves[v.index]));
    Hash root = H(kRoots[v.size]);
    auto rejected = [&](uint64_t index, uint64_t size, const std::vector<Hash>& p, const Hash& l, const Hash& r,
                        const char* what) {
      EXPECT_FALSE(VerifyInclusion(index, size, l, p, r).ok()) << what << " " << v.index << "/" << v.size;
    };
    rejected(v.index - 1, v.size, proof, leaf, root, "leaf index - 1");
    rejected(v.index + 1, v.size, proof, leaf, root, "leaf index + 1");
    rejected(v.index ^ 2, v.size, proof, leaf, root, "leaf index ^ 2");
    rejected(v.size, v.size, proof, leaf, root, "index = size");
    rejected(v.size + 3, v.size, proof, leaf, root, "index > size");
    rejected(v.index, v.size * 2, proof, leaf, root, "tree size * 2");
    rejected(v.index, v.size / 2, proof, leaf, root, "tree size / 2");
    rejected(v.index, v.size, proof, LeafHash("WrongLeaf"), root, "wrong leaf");
    rejected(v.index, v.size, proof, leaf, EmptyRoot(), "empty root");
    rejected(v.index, v.size, proof, leaf, some, "random root");
    auto with = [&](std::vector<Hash> p, bool front, const Hash& h) {
      p.insert(front ? p.begin() : p.end(), h);
      return p;
    };
    rejected(v.index, v.size, with(proof, false, root), leaf, root, "trailing root");
    rejected(v.index, v.size, with(proof, false, some), leaf, root, "trailing hash");
    rejected(v.index, v.size, with(proof, true, root), leaf, root, "leading root");
    rejected(v.index, v.size, with(proof, true, some), leaf, root, "leading hash");
    rejected(v.index, v.size, std::vector<Hash>(proof.begin(), proof.end() - 1), leaf, root, "one hash short");
    for (size_t i = 0; i < proof.size(); ++i) {
      std::vector<Hash> flipped = proof;
      flipped[i][0] ^= 8;
      rejected(v.index, v.size, flipped, leaf, root, "bit flipped");
    }
    if (proof.size() > 1) {
      std::vector<Hash> inserted = proof;
      inserted.insert(inserted.begin() + 1, some);
      rejected(v.index, v.size, inserted, leaf, root, "inserted hash");
    }
  }
}

TEST(MerkleVectors, MutatedConsistencyProofsAreRejected) {
  const Hash some = H("abacaba000000000000000000000000000000000000000000060061e00123456");
  for (const auto& v : kConsistency) {
    if (v.proof.empty()) continue;
    std::vector<Hash> proof = Proof(v.proof);
    Hash r1 = H(kRoots[v.size1]), r2 = H(kRoots[v.size2]);
    auto rejected = [&](uint64_t s1, uint64_t s2, const std::vector<Hash>& p, const Hash& a, const Hash& b,
                        const char* what) {
      EXPECT_FALSE(VerifyConsistency(s1, s2, p, a, b).ok()) << what << " " << v.size1 << "→" << v.size2;
    };
    rejected(v.size1 - 1, v.size2, proof, r1, r2, "size1 - 1");
    rejected(v.size1 + 1, v.size2, proof, r1, r2, "size1 + 1");
    rejected(v.size1 ^ 2, v.size2, proof, r1, r2, "size1 ^ 2");
    rejected(v.size1, v.size2 * 2, proof, r1, r2, "size2 * 2");
    rejected(v.size1, v.size2 / 2, proof, r1, r2, "size2 / 2");
    rejected(v.size1, v.size2, proof, some, r2, "wrong root1");
    rejected(v.size1, v.size2, proof, r1, some, "wrong root2");
    rejected(v.size1, v.size2, proof, r2, r1, "swapped roots");
    rejected(v.size1, v.size2, {}, r1, r2, "empty proof");
    for (const Hash& extra : {r1, r2, some}) {
      std::vector<Hash> trailing = proof, leading = proof;
      trailing.push_back(extra);
      leading.insert(leading.begin(), extra);
      rejected(v.size1, v.size2, trailing, r1, r2, "trailing hash");
      rejected(v.size1, v.size2, leading, r1, r2, "leading hash");
    }
    std::vector<Hash> again = proof;
    again.insert(again.begin(), proof[0]);
    rejected(v.size1, v.size2, again, r1, r2, "leading proof[0]");
    rejected(v.size1, v.size2, std::vector<Hash>(proof.begin(), proof.end() - 1), r1, r2, "truncated");
    for (size_t i = 0; i < proof.size(); ++i) {
      std::vector<Hash> flipped = proof;
      flipped[i][0] ^= 16;
      rejected(v.size1, v.size2, flipped, r1, r2, "bit flipped");
    }
  }
}

TEST(MerkleVectors, TrivialConsistencyCases) {
  Hash a = LeafHash("a"), b = LeafHash("b");
  EXPECT_TRUE(VerifyConsistency(0, 0, {}, a, a).ok());
  EXPECT_TRUE(VerifyConsistency(0, 1, {}, a, b).ok());
  EXPECT_FALSE(VerifyConsistency(1, 1, {}, a, b).ok());
  EXPECT_FALSE(VerifyConsistency(1, 0, {}, a, b).ok());
  EXPECT_FALSE(VerifyConsistency(2, 1, {}, a, b).ok());
  EXPECT_FALSE(VerifyConsistency(1, 2, {}, a, b).ok());
  std::vector<Hash> one = {EmptyRoot()};
  EXPECT_FALSE(VerifyConsistency(0, 1, one, a, a).ok());
  EXPECT_FALSE(VerifyConsistency(1, 1, one, a, a).ok());
}

// The prover's proofs verify for every index and pair of sizes of a larger
// tree, and the compact range matches the tree read back from stored subtrees.
TEST(Merkle, ProverAndVerifierAgreeUpToSeventyLeaves) {
  MemorySubtrees tree;
  std::vector<Hash> roots = {EmptyRoot()};
  for (int i = 0; i < 70; ++i) {
    tree.Append(LeafHash("leaf " + std::to_string(i)));
    roots.push_back(tree.Root());
  }
  for (uint64_t size = 1; size <= 70; ++size) {
    auto root = RootAt(tree, size);
    ASSERT_TRUE(root.ok());
    ASSERT_EQ(*root, roots[size]);
    for (uint64_t i = 0; i < size; ++i) {
      auto p = InclusionProof(tree, i, size);
      ASSERT_TRUE(p.ok());
      ASSERT_TRUE(VerifyInclusion(i, size, LeafHash("leaf " + std::to_string(i)), *p, roots[size]).ok()) << i;
      EXPECT_FALSE(VerifyInclusion(i, size, LeafHash("other"), *p, roots[size]).ok());
    }
    for (uint64_t s1 = 0; s1 <= size; ++s1) {
      auto p = ConsistencyProof(tree, s1, size);
      ASSERT_TRUE(p.ok());
      ASSERT_TRUE(VerifyConsistency(s1, size, *p, roots[s1], roots[size]).ok()) << s1 << "→" << size;
      if (s1 > 0 && s1 < size) {
        EXPECT_FALSE(VerifyConsistency(s1, size, *p, roots[s1 - 1], roots[size]).ok());
      }
    }
  }
  EXPECT_FALSE(InclusionProof(tree, 70, 70).ok());
  EXPECT_FALSE(ConsistencyProof(tree, 71, 70).ok());
  EXPECT_EQ(InclusionProof(tree, 0, 71).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace arshjul::storage::merkle
