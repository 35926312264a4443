// The Merkle tree kept by the RocksDB store: written with every append in the
// same batch, equal to a tree built from the events' canonical bytes, serving
// proofs that verify; and an existing store made without the tree is migrated
// by building it once, checked against the chain.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <thread>

#include "arshjul/storage/verifiable_log.h"
#include "envelope_codec.h"
#include "keys.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Event;
using testing::Request;

// Appends `n` events in appends of 1–4, from two threads at once (group commit).
void Fill(EventStore& store, int n) {
  auto worker = [&](int id) {
    for (int i = 0; i < n / 2;) {
      int k = std::min(1 + i % 4, n / 2 - i);
      std::vector<ProposedEvent> events;
      for (int j = 0; j < k; ++j) events.push_back(Event("ReportFiled", "t" + std::to_string(id) + "-" + std::to_string(i + j)));
      auto r = store.Append(Request("organ/t" + std::to_string(id), std::move(events)));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      i += k;
    }
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
}

// The tree built from the log's canonical bytes, independently of the store.
merkle::MemorySubtrees TreeFromLog(EventStore& store) {
  merkle::MemorySubtrees tree;
  auto cur = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  while (true) {
    auto more = cur->Next();
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    tree.Append(EventLeafHash(cur->event()));
  }
  return tree;
}

TEST(MerkleStore, TreeMatchesTheLogAndServesProofsThatVerify) {
  testing::StoreHarness h;
  StoreOptions o = h.Options();
  o.sync = false;
  h.Open(false, o);
  auto empty = h.store->CurrentTree();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size, 0u);
  EXPECT_EQ(empty->root, merkle::EmptyRoot());
  Fill(*h.store, 200);
  merkle::MemorySubtrees expected = TreeFromLog(*h.store);
  auto head = h.store->CurrentTree();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 200u);
  EXPECT_EQ(head->root, expected.Root());

  for (uint64_t size : {1u, 2u, 7u, 64u, 65u, 199u, 200u}) {
    auto at = TreeHeadAt(*h.store, size);
    ASSERT_TRUE(at.ok());
    EXPECT_EQ(at->root, *merkle::RootAt(expected, size));
    for (uint64_t pos : {uint64_t{0}, size / 2, size - 1}) {
      auto p = ProveInclusion(*h.store, pos, size);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      EXPECT_TRUE(merkle::VerifyInclusion(pos, size, p->leaf_hash, p->proof, at->root).ok());
    }
    auto c = ProveConsistency(*h.store, size, std::nullopt);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(merkle::VerifyConsistency(size, 200, c->proof, at->root, head->root).ok());
  }
  EXPECT_EQ(ProveInclusion(*h.store, 200, std::nullopt).status().field(), "--position");
  EXPECT_EQ(ProveInclusion(*h.store, 0, 201).status().field(), "--size");
  EXPECT_EQ(ProveConsistency(*h.store, 5, 4).status().field(), "--from");

  // Reopened, the tree continues where it was.
  h.Open(false, o);
  Fill(*h.store, 10);
  EXPECT_EQ(h.store->CurrentTree()->root, TreeFromLog(*h.store).Root());
  VerifyReport r = h.store->Verify({});
  EXPECT_TRUE(r.ok) << r.problem;
}

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
