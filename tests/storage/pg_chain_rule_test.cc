// PostgreSQL stores' hash definition (docs/storage-format.md, "PostgreSQL"):
// a new store's first append places format 3's — each event's hash is its
// Merkle leaf, as in a new RocksDB store — and every later append, by any
// process, follows it; a store whose log began with format 2's chain, as
// every PostgreSQL store made before, keeps that chain for later appends.
#include <gtest/gtest.h>

#include "arshjul/storage/verifiable_log.h"
#include "envelope_codec.h"
#include "open_format.h"
#include "support/store_fixture.h"
#include "tree_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Backend;

std::vector<RecordedEvent> LogOf(EventStore& store) {
  std::vector<RecordedEvent> log;
  auto cur = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  for (auto more = cur->Next(); more.ok() && *more; more = cur->Next()) log.push_back(cur->event());
  return log;
}

// The rule every event of `log` is hashed by; nullopt if mixed, none or wrong.
std::optional<ChainRule> RuleOfEvery(const std::vector<RecordedEvent>& log) {
  std::optional<ChainRule> rule;
  for (const RecordedEvent& e : log) {
    auto r = RuleOfHash(e.hash, e.prev_hash, EncodeEnvelope(e));
    if (!r || (rule && *rule != *r)) return std::nullopt;
    rule = r;
  }
  return rule;
}

void ExpectVerifiedWithTree(EventStore& store) {
  VerifyReport r = store.Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_TRUE(r.tree_checked);
  EXPECT_EQ(store.CurrentTree()->root, TreeFromLog(store).Root());
}

TEST(PgChainRule, ANewStoreHashesEachEventAsItsMerkleLeaf) {
  testing::StoreHarness h;
  h.Open(Backend::kPostgres);
  ASSERT_NE(h.store, nullptr);
  Fill(*h.store, 40);
  auto log = LogOf(*h.store);
  ASSERT_EQ(log.size(), 40u);
  EXPECT_EQ(RuleOfEvery(log), ChainRule::kLeaf);
  auto proof = ProveInclusion(*h.store, 17, std::nullopt);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->leaf_hash, log[17].hash);  // the stored hash is the leaf
  ExpectVerifiedWithTree(*h.store);

  h.Open(Backend::kPostgres);  // another process appends on by the same rule
  ASSERT_NE(h.store, nullptr);
  Fill(*h.store, 6);
  log = LogOf(*h.store);
  ASSERT_EQ(log.size(), 46u);
  EXPECT_EQ(RuleOfEvery(log), ChainRule::kLeaf);
  ExpectVerifiedWithTree(*h.store);
}

// A log that began with format 2's chain (made here by copying one from a
// format-2 RocksDB store, which keeps every hash) keeps it: appends by a
// process opened later chain as format 2, so no published head changes.
TEST(PgChainRule, AStoreBegunWithFormat2sChainKeepsIt) {
  testing::StoreHarness from;
  testing::OpenOfFormat(from, from.Options(), 2);
  Fill(*from.store, 30);
  auto old = LogOf(*from.store);
  ASSERT_EQ(RuleOfEvery(old), ChainRule::kPrevThenEnvelope);

  testing::StoreHarness h;
  h.Open(Backend::kPostgres);
  ASSERT_NE(h.store, nullptr);
  ASSERT_TRUE(h.store->Import(old).ok());
  h.Open(Backend::kPostgres);
  ASSERT_NE(h.store, nullptr);
  Fill(*h.store, 10);
  auto log = LogOf(*h.store);
  ASSERT_EQ(log.size(), 40u);
  EXPECT_EQ(log[29].hash, old[29].hash);
  EXPECT_EQ(RuleOfEvery(log), ChainRule::kPrevThenEnvelope);
  ExpectVerifiedWithTree(*h.store);
}

}  // namespace
}  // namespace arshjul::storage
