// The Merkle tree as every EventStore backend keeps it (RocksDB on disk, in
// memory, PostgreSQL): written with every append in the same batch or
// transaction, equal to a tree built from the events' canonical bytes,
// serving proofs that verify, continuing after a reopen, and checked by
// Verify.
#include <gtest/gtest.h>

#include "arshjul/storage/verifiable_log.h"
#include "support/store_fixture.h"
#include "tree_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Backend;

class TreeConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    options_ = h_.Options();
    options_.sync = false;
    h_.Open(GetParam(), options_);
    ASSERT_NE(h_.store, nullptr);
  }
  // A second writer: on PostgreSQL another session (as another process
  // would be); the RocksDB store is one process's, so the same store.
  std::unique_ptr<EventStore> SecondWriter() {
    if (GetParam() != Backend::kPostgres) return nullptr;
    auto s = OpenPostgresStore(h_.pg_conninfo, options_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  testing::StoreHarness h_;
  StoreOptions options_;
};

TEST_P(TreeConformanceTest, TreeMatchesTheLogAndServesProofsThatVerify) {
  EventStore& store = *h_.store;
  auto empty = store.CurrentTree();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->size, 0u);
  EXPECT_EQ(empty->root, merkle::EmptyRoot());
  auto second = SecondWriter();
  FillFromTwo(store, second ? *second : store, 200);
  merkle::MemorySubtrees expected = TreeFromLog(store);
  auto head = store.CurrentTree();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 200u);
  EXPECT_EQ(head->root, expected.Root());

  for (uint64_t size : {1u, 2u, 7u, 64u, 65u, 199u, 200u}) {
    auto at = TreeHeadAt(store, size);
    ASSERT_TRUE(at.ok()) << at.status().ToString();
    EXPECT_EQ(at->root, *merkle::RootAt(expected, size));
    for (uint64_t pos : {uint64_t{0}, size / 2, size - 1}) {
      auto p = ProveInclusion(store, pos, size);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      EXPECT_EQ(p->proof, *merkle::InclusionProof(expected, pos, size));
      EXPECT_TRUE(merkle::VerifyInclusion(pos, size, p->leaf_hash, p->proof, at->root).ok());
    }
    auto c = ProveConsistency(store, size, std::nullopt);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_TRUE(merkle::VerifyConsistency(size, 200, c->proof, at->root, head->root).ok());
  }
  EXPECT_EQ(ProveInclusion(store, 200, std::nullopt).status().field(), "--position");
  EXPECT_EQ(ProveInclusion(store, 0, 201).status().field(), "--size");
  EXPECT_EQ(ProveConsistency(store, 5, 4).status().field(), "--from");
  VerifyReport r = store.Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_TRUE(r.tree_checked);
}

TEST_P(TreeConformanceTest, ReopenedStoreContinuesTheTree) {
  Fill(*h_.store, 30);
  Hash root = h_.store->CurrentTree()->root;
  if (GetParam() != Backend::kRocksMemory) {  // nothing survives the in-memory twin
    h_.Open(GetParam(), options_);
    auto reopened = h_.store->CurrentTree();
    ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
    EXPECT_EQ(reopened->size, 30u);
    EXPECT_EQ(reopened->root, root);
  }
  Fill(*h_.store, 10);
  EXPECT_EQ(h_.store->CurrentTree()->root, TreeFromLog(*h_.store).Root());
  VerifyReport r = h_.store->Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_TRUE(r.tree_checked);
}

INSTANTIATE_TEST_SUITE_P(Backends, TreeConformanceTest,
                         ::testing::Values(Backend::kRocksDisk, Backend::kRocksMemory, Backend::kPostgres),
                         [](const auto& p) { return testing::BackendName(p.param); });

}  // namespace
}  // namespace arshjul::storage
