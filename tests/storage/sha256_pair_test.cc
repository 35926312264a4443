// The interleaved chain-and-leaf hashing (storage/src/sha256_pair.h) gives
// exactly OpenSSL's two digests, at every length around the SHA-256 block and
// padding boundaries, for every prefix hash.
#include <gtest/gtest.h>

#include <random>

#include "arshjul/storage/merkle.h"
#include "envelope_codec.h"
#include "sha256_pair.h"

namespace arshjul::storage {
namespace {

TEST(Sha256PairTest, EqualsOpenSslAtEveryLengthUpToFiveBlocks) {
  std::mt19937 rng(7);
  std::string body;
  for (size_t len = 0; len <= 330; ++len) {
    Hash prev;
    for (auto& b : prev) b = static_cast<uint8_t>(rng());
    ChainAndLeaf got = ChainAndLeafHash(prev, body);
    ASSERT_EQ(HashToHex(got.chain), HashToHex(ChainHash(prev, body))) << "length " << len;
    ASSERT_EQ(HashToHex(got.leaf), HashToHex(merkle::LeafHash(body))) << "length " << len;
    body.push_back(static_cast<char>(rng()));
  }
}

TEST(Sha256PairTest, EqualsOpenSslForLargeBodies) {
  std::mt19937 rng(11);
  for (size_t len : {4095u, 4096u, 65537u, 1u << 20}) {
    std::string body(len, '\0');
    for (auto& c : body) c = static_cast<char>(rng());
    Hash prev{};
    ChainAndLeaf got = ChainAndLeafHash(prev, body);
    EXPECT_EQ(got.chain, ChainHash(prev, body)) << "length " << len;
    EXPECT_EQ(got.leaf, merkle::LeafHash(body)) << "length " << len;
  }
}

TEST(Sha256PairTest, OneLaneEqualsOpenSsl) {
  if (!Sha256PairAccelerated()) GTEST_SKIP() << "no SHA extensions on this CPU: OpenSSL alone is used";
  std::mt19937 rng(13);
  std::string prefix, body;
  for (size_t len = 0; len <= 200; ++len) {
    prefix = std::string(1 + len % 40, static_cast<char>(rng()));
    auto got = Sha256WithPrefix(prefix, body);
    ASSERT_TRUE(got.has_value());
    ASSERT_EQ(*got, Sha256(prefix + body)) << "length " << len;
    body.push_back(static_cast<char>(rng()));
  }
}

TEST(Sha256PairTest, KnownAnswer) {
  // SHA-256(0x00 ‖ "") is RFC 6962's leaf hash of the empty leaf.
  EXPECT_EQ(HashToHex(ChainAndLeafHash(Hash{}, "").leaf),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

}  // namespace
}  // namespace arshjul::storage
