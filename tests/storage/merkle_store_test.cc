// The RocksDB store's migration: a store made without the Merkle tree is
// migrated by building it once, checked against the chain. (The tree as every
// backend keeps it: tree_conformance_test.cc; PostgreSQL's migration:
// pg_tree_test.cc.)
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "arshjul/storage/verifiable_log.h"
#include "envelope_codec.h"
#include "keys.h"
#include "support/store_fixture.h"
#include "tree_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Event;
using testing::Request;

// Turns a store into one made before the tree existed: the merkle column family dropped.
void DropTree(const std::string& dir, const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& also = {}) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), keys::kEvents, keys::kStreams, keys::kCommands,
                           keys::kByType, keys::kByEffective, keys::kByRecorded, keys::kMerkle}) {
    cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, cfs, &handles, &db).ok());
  ASSERT_TRUE(db->DropColumnFamily(handles[7]).ok());
  if (also) also(db, handles[1]);
  for (auto* hd : handles) db->DestroyColumnFamilyHandle(hd);
  ASSERT_TRUE(db->Close().ok());
  delete db;
}

TEST(MerkleStore, StoreMadeWithoutTheTreeIsMigratedOnWritableOpen) {
  testing::StoreHarness h;
  StoreOptions o = h.Options();
  o.sync = false;
  h.Open(false, o);
  Fill(*h.store, 300);
  Hash root = h.store->CurrentTree()->root;
  h.store.reset();
  DropTree(h.DataDir());

  // Read-only: the old store still opens and verifies; it has no tree to prove from.
  StoreOptions ro = h.Options();
  ro.read_only = true;
  h.Open(false, ro);
  ASSERT_NE(h.store, nullptr);
  EXPECT_EQ(h.store->CurrentTree().status().code(), StatusCode::kNotFound);
  EXPECT_NE(h.store->CurrentTree().status().message().find("Merkleträdet"), std::string::npos);
  VerifyReport old = h.store->Verify({});
  EXPECT_TRUE(old.ok);
  EXPECT_FALSE(old.tree_checked);
  h.store.reset();

  // Writable: the tree is built once from the chain.
  h.Open(false, o);
  ASSERT_NE(h.store, nullptr);
  auto head = h.store->CurrentTree();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, 300u);
  EXPECT_EQ(head->root, root);
  VerifyReport r = h.store->Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_TRUE(r.tree_checked);
  Fill(*h.store, 4);
  EXPECT_EQ(h.store->CurrentTree()->root, TreeFromLog(*h.store).Root());
}

TEST(MerkleStore, MigrationRefusesABrokenChain) {
  testing::StoreHarness h;
  StoreOptions o = h.Options();
  o.sync = false;
  h.Open(false, o);
  Fill(*h.store, 40);
  h.store.reset();
  DropTree(h.DataDir(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events) {
    std::string v;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), events, keys::EventKey(20), &v).ok());
    v[v.size() - 1] ^= 0x01;
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), events, keys::EventKey(20), v).ok());
  });
  auto reopened = OpenStore(h.DataDir(), o);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kCorruption);
  EXPECT_NE(reopened.status().message().find("Merkleträdet kunde inte byggas"), std::string::npos)
      << reopened.status().message();
}

}  // namespace
}  // namespace arshjul::storage
