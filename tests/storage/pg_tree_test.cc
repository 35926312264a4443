// PostgreSQL's own side of the Merkle tree: the run records in arshjul_tree
// give the RFC 6962 vectors through the store's prover, and a store made
// before the tree (format 1: no tree column, no arshjul_tree table) is
// migrated by building the tree once, checked against the chain, or refused
// with nothing written when the chain is broken; a tree left behind by a
// process from before the tree is completed the same way.
#include <gtest/gtest.h>

#include "arshjul/storage/verifiable_log.h"
#include "merkle_vectors.h"
#include "support/pg_cluster.h"
#include "support/store_fixture.h"
#include "tree_fixture.h"
#include "tree_runs.h"

namespace arshjul::storage {
namespace {

using testing::Backend;

class PgTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = h_.Options();
    options_.sync = false;
    h_.Open(Backend::kPostgres, options_);
    ASSERT_NE(h_.store, nullptr);
    schema_ = h_.pg_conninfo.substr(h_.pg_conninfo.find("search_path%3D") + 14);
  }
  std::string Sql(const std::string& sql) { return testing::SharedPgCluster().Sql("SET search_path = " + schema_ + "; " + sql); }
  std::string Value(const std::string& sql) {
    return testing::SharedPgCluster().Value("SET search_path = " + schema_ + "; " + sql).value_or("(none)");
  }
  // The store as the code before the tree left it: format 1's tables only.
  void MakeFormat1() {
    h_.store.reset();
    ASSERT_EQ(Sql("ALTER TABLE arshjul_log_head DROP COLUMN tree_size, DROP COLUMN tree; DROP TABLE arshjul_tree; "
                  "UPDATE arshjul_meta SET value = '1' WHERE key = 'format'"),
              "");
  }

  testing::StoreHarness h_;
  StoreOptions options_;
  std::string schema_;
};

TEST_F(PgTreeTest, RunRecordsInTheTableGiveTheRfc6962Vectors) {
  std::vector<Hash> leaves = merkle::StandardLeafHashes();
  merkle::CompactRange range;
  std::vector<Hash> completed;
  // Records as appends of 3, 1 and 4 events would write them.
  for (auto [first, count] : {std::pair<uint64_t, uint64_t>{0, 3}, {3, 1}, {4, 4}}) {
    std::string run;
    for (uint64_t i = first; i < first + count; ++i) tree::AppendLeaf(leaves[i], &range, &run, &completed);
    ASSERT_EQ(Sql("INSERT INTO arshjul_tree VALUES (" + std::to_string(first) + ", decode('" + Hex(run) + "', 'hex'))"), "");
  }
  auto source = h_.store->Tree();
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  merkle::ExpectStandardVectors(**source);
  EXPECT_EQ(HashToHex(range.Root()), merkle::kRoots[8]);
}

TEST_F(PgTreeTest, StoreMadeWithoutTheTreeIsMigratedOnWritableOpen) {
  Fill(*h_.store, 300);
  Hash root = h_.store->CurrentTree()->root;
  MakeFormat1();

  // Read-only: the old store still opens and verifies; it has no tree to prove from.
  StoreOptions ro = options_;
  ro.read_only = true;
  h_.Open(Backend::kPostgres, ro);
  ASSERT_NE(h_.store, nullptr);
  EXPECT_EQ(h_.store->CurrentTree().status().code(), StatusCode::kNotFound);
  EXPECT_NE(h_.store->CurrentTree().status().message().find("Merkleträdet"), std::string::npos);
  EXPECT_EQ(ProveInclusion(*h_.store, 0, std::nullopt).status().code(), StatusCode::kNotFound);
  VerifyReport old = h_.store->Verify({});
  EXPECT_TRUE(old.ok) << old.problem;
  EXPECT_FALSE(old.tree_checked);
  h_.store.reset();

  // Writable: the tree is built once from the chain, and the format moves to 2.
  h_.Open(Backend::kPostgres, options_);
  ASSERT_NE(h_.store, nullptr);
  EXPECT_EQ(Value("SELECT value FROM arshjul_meta WHERE key = 'format'"), "2");
  auto head = h_.store->CurrentTree();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 300u);
  EXPECT_EQ(head->root, root);
  VerifyReport r = h_.store->Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_TRUE(r.tree_checked);
  Fill(*h_.store, 4);
  EXPECT_EQ(h_.store->CurrentTree()->root, TreeFromLog(*h_.store).Root());
  // A second process opening it now finds the tree built.
  auto other = OpenPostgresStore(h_.pg_conninfo, options_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ((*other)->CurrentTree()->root, h_.store->CurrentTree()->root);
}

TEST_F(PgTreeTest, MigrationRefusesABrokenChainAndWritesNothing) {
  Fill(*h_.store, 40);
  MakeFormat1();
  ASSERT_EQ(Sql("UPDATE arshjul_events SET envelope = set_byte(envelope, length(envelope) - 1, "
                "get_byte(envelope, length(envelope) - 1) # 1) WHERE position = 20"),
            "");
  auto reopened = OpenPostgresStore(h_.pg_conninfo, options_);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kCorruption);
  EXPECT_NE(reopened.status().message().find("Merkleträdet kunde inte byggas"), std::string::npos)
      << reopened.status().message();
  EXPECT_EQ(Value("SELECT value FROM arshjul_meta WHERE key = 'format'"), "1");
  EXPECT_EQ(Value("SELECT count(*) FROM arshjul_tree"), "0");
  EXPECT_EQ(Value("SELECT tree_size IS NULL AND tree IS NULL FROM arshjul_log_head"), "t");
}

// An arshjul process from before the tree, still running when the store was
// migrated, appends without extending the tree (the marker keeps new ones
// out). Appends through the tree code then refuse, writing nothing, and the
// next writable open builds the part that is missing.
TEST_F(PgTreeTest, TreeLeftBehindIsRefusedByAppendsAndCompletedOnTheNextWritableOpen) {
  Fill(*h_.store, 20);
  uint64_t k = std::stoull(Value("SELECT max(first_position) FROM arshjul_tree WHERE first_position <= 10"));
  auto source = h_.store->Tree();
  ASSERT_TRUE(source.ok());
  auto range = merkle::RangeAt(**source, k);
  ASSERT_TRUE(range.ok());
  ASSERT_EQ(Sql("DELETE FROM arshjul_tree WHERE first_position >= " + std::to_string(k) +
                "; UPDATE arshjul_log_head SET tree_size = " + std::to_string(k) + ", tree = decode('" +
                Hex(tree::EncodeRange(*range)) + "', 'hex')"),
            "");
  auto refused = h_.store->Append(testing::Request("organ/x", {testing::Event("ReportFiled", "after")}));
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  EXPECT_NE(refused.status().message().find("Merkleträdet"), std::string::npos) << refused.status().message();
  EXPECT_EQ(h_.store->HeadPosition(), 19u);
  EXPECT_EQ(h_.store->CurrentTree().status().code(), StatusCode::kNotFound);
  VerifyReport broken = h_.store->Verify({});
  EXPECT_FALSE(broken.ok);
  EXPECT_NE(broken.problem.find("Merkleträdet"), std::string::npos) << broken.problem;

  h_.Open(Backend::kPostgres, options_);
  ASSERT_NE(h_.store, nullptr);
  auto head = h_.store->CurrentTree();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 20u);
  EXPECT_EQ(head->root, TreeFromLog(*h_.store).Root());
  VerifyReport r = h_.store->Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
  auto after = h_.store->Append(testing::Request("organ/x", {testing::Event("ReportFiled", "after")}));
  EXPECT_TRUE(after.ok()) << after.status().ToString();
}

}  // namespace
}  // namespace arshjul::storage
