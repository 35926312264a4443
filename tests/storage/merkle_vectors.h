// The RFC 6962 test vectors (transparency-dev/merkle testonly/constants.go and
// proof/verify_test.go, the same as Trillian's): the eight standard leaves,
// the roots for sizes 0–8, and inclusion and consistency proofs. Shared by the
// tree's own tests (merkle_test.cc) and those of every backend's stored tree.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "arshjul/storage/merkle.h"

namespace arshjul::storage::merkle {
namespace {

inline Hash H(const char* hex) {
  Hash h{};
  EXPECT_TRUE(HashFromHex(hex, &h)) << hex;
  return h;
}

inline std::string Bytes(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

const std::vector<std::string> kLeaves = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

// Roots by tree size 0..8.
const std::vector<const char*> kRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct InclusionVector {
  uint64_t index, size;
  std::vector<const char*> proof;
};
const std::vector<InclusionVector> kInclusion = {
    {0, 8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5, 8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1, 5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {0, 1, {}},
};

struct ConsistencyVector {
  uint64_t size1, size2;
  std::vector<const char*> proof;
};
const std::vector<ConsistencyVector> kConsistency = {
    {1, 1, {}},
    {1, 8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6, 8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6, 7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

inline std::vector<Hash> Proof(const std::vector<const char*>& hex) {
  std::vector<Hash> out;
  for (const char* h : hex) out.push_back(H(h));
  return out;
}

// The standard leaves' hashes, in order.
inline std::vector<Hash> StandardLeafHashes() {
  std::vector<Hash> out;
  for (const auto& leaf : kLeaves) out.push_back(LeafHash(Bytes(leaf)));
  return out;
}

// `tree` holds the eight standard leaves: every root, inclusion and
// consistency proof it gives is the published one.
inline void ExpectStandardVectors(const SubtreeSource& tree) {
  for (size_t n = 1; n <= 8; ++n) {
    auto root = RootAt(tree, n);
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(HashToHex(*root), kRoots[n]) << "size " << n;
  }
  for (const auto& v : kInclusion) {
    auto made = InclusionProof(tree, v.index, v.size);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    EXPECT_EQ(*made, Proof(v.proof)) << v.index << "/" << v.size;
  }
  for (const auto& v : kConsistency) {
    auto made = ConsistencyProof(tree, v.size1, v.size2);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    EXPECT_EQ(*made, Proof(v.proof)) << v.size1 << "→" << v.size2;
  }
}

}  // namespace
}  // namespace arshjul::storage::merkle
