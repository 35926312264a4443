// RocksStore's Merkle tree: reading stored complete subtrees (the merkle
// column family), loading the compact range at open, building the tree once
// for a store made without it, and the tree-against-chain check of Verify.
#include <rocksdb/write_batch.h>

#include <cstring>

#include "envelope_codec.h"
#include "keys.h"
#include "rocksdb_store.h"
#include "rocksdb_store_tree.h"

namespace arshjul::storage {
namespace {

constexpr size_t kBuildBatch = 8192;

class RocksSubtrees final : public merkle::SubtreeSource {
 public:
  RocksSubtrees(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) : db_(db), cf_(cf) {}

  Result<Hash> Subtree(uint32_t level, uint64_t index) const override {
    if (level >= 64 || index >= (uint64_t{1} << (63 - level))) {
      return Status::NotFound("delträdet finns inte");
    }
    uint64_t leaf = merkle::CompletingLeaf(level, index);
    rocksdb::PinnableSlice value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_, keys::EventKey(leaf), &value);
    if (s.IsNotFound()) {
      return Status::NotFound("Merkleträdet har ingen post för position " + std::to_string(leaf));
    }
    if (!s.ok()) return FromRocks(s, "kunde inte läsa Merkleträdet");
    if (value.size() < 32 * (size_t{level} + 1)) {
      return Status::Corruption("Merkleträdets post för position " + std::to_string(leaf) + " är för kort");
    }
    Hash h;
    std::memcpy(h.data(), value.data() + 32 * size_t{level}, 32);
    return h;
  }

 private:
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* cf_;
};

}  // namespace

TreeChecker::TreeChecker(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
  if (cf != nullptr) it_.reset(db->NewIterator(rocksdb::ReadOptions(), cf));
}

bool TreeChecker::Check(uint64_t position, std::string_view canonical) {
  if (!it_) return true;
  if (position == 0) {
    it_->SeekToFirst();
  } else {
    it_->Next();
  }
  range_.Append(merkle::LeafHash(canonical), &completed_);
  if (!it_->Valid() || it_->key().size() != 8 || keys::GetU64(it_->key().data()) != position) {
    problem = "Merkleträdet saknar position " + std::to_string(position);
    return false;
  }
  if (std::string_view(it_->value().data(), it_->value().size()) != keys::HashesValue(completed_)) {
    problem = "Merkleträdet stämmer inte med händelsen på position " + std::to_string(position);
    return false;
  }
  return true;
}

bool TreeChecker::Finish(uint64_t count) {
  if (!it_) return true;
  if (count == 0) {
    it_->SeekToFirst();
  } else {
    it_->Next();
  }
  if (it_->Valid()) {
    problem = "Merkleträdet har en post bortom loggens slut (position " + std::to_string(count) + ")";
    return false;
  }
  return true;
}

Status RocksStore::LoadTree() {
  if (handles_[kMerkle] == nullptr) return Status::Ok();  // read-only store made without the tree
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMerkle]));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), "kunde inte läsa Merkleträdet");
  uint64_t size = it->Valid() && it->key().size() == 8 ? keys::GetU64(it->key().data()) + 1 : 0;
  uint64_t events = head_position_ ? *head_position_ + 1 : 0;
  // A tree longer than the log: the log was cut behind the store's back.
  // The store still opens (verify reports it), but serves no proofs and
  // extends no tree.
  if (size > events) return Status::Ok();
  RocksSubtrees source(db_.get(), handles_[kMerkle]);
  auto range = merkle::RangeAt(source, size);
  if (!range.ok()) return range.status().WithContext("Merkleträdet");
  if (size == events) {
    tree_ = std::move(range).value();
    tree_ready_ = true;
    return Status::Ok();
  }
  if (options_.read_only) return Status::Ok();  // built by the next writable open
  return BuildTree(std::move(range).value());
}

// Reads every event from the tree's size on, checks the chain, and writes the
// missing subtree hashes in batches.
Status RocksStore::BuildTree(merkle::CompactRange range) {
  auto cursor = ReadAll(range.size(), UINT64_MAX, /*verify_chain=*/true);
  rocksdb::WriteBatch batch;
  std::vector<Hash> completed;
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  while (true) {
    auto more = cursor->Next();
    if (!more.ok()) return more.status().WithContext("Merkleträdet kunde inte byggas");
    if (*more) {
      const RecordedEvent& e = cursor->event();
      range.Append(merkle::LeafHash(EncodeEnvelope(e)), &completed);
      batch.Put(handles_[kMerkle], keys::EventKey(e.position), keys::HashesValue(completed));
    }
    if (batch.Count() > 0 && (!*more || batch.Count() >= kBuildBatch)) {
      rocksdb::Status s = db_->Write(wo, &batch);
      if (!s.ok()) return FromRocks(s, "kunde inte skriva Merkleträdet");
      batch.Clear();
    }
    if (!*more) break;
  }
  uint64_t events = head_position_ ? *head_position_ + 1 : 0;
  if (range.size() != events) return Status::Corruption("Merkleträdet täcker inte hela loggen");
  tree_ = std::move(range);
  tree_ready_ = true;
  return Status::Ok();
}

Result<TreeHead> RocksStore::CurrentTree() {
  std::lock_guard lk(mu_);
  if (!tree_ready_) return Status::NotFound(TreeMissingMessage());
  return TreeHead{tree_.size(), tree_.Root()};
}

Result<std::unique_ptr<merkle::SubtreeSource>> RocksStore::Tree() {
  {
    std::lock_guard lk(mu_);
    if (!tree_ready_) return Status::NotFound(TreeMissingMessage());
  }
  return std::unique_ptr<merkle::SubtreeSource>(new RocksSubtrees(db_.get(), handles_[kMerkle]));
}

std::string TreeMissingMessage() {
  return "datalagret saknar ännu Merkleträdet (det skapades av en äldre version); det byggs när datalagret "
         "öppnas för skrivning, t.ex. av arshjul checkpoint";
}

}  // namespace arshjul::storage
