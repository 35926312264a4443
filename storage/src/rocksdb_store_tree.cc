// RocksStore's Merkle tree: reading stored complete subtrees (the merkle
// column family), loading the compact range at open, building the tree once
// for a store made without it, and the tree-against-chain check of Verify.
#include <rocksdb/write_batch.h>

#include <bit>
#include <cstring>
#include <optional>

#include "envelope_codec.h"
#include "keys.h"
#include "rocksdb_store.h"
#include "rocksdb_store_tree.h"

namespace arshjul::storage {
namespace {

constexpr size_t kBuildRun = 1024;  // leaves per record when a tree is built for an old store

uint64_t RunHashes(uint64_t first, uint64_t leaves) { return keys::HashesBefore(first, first + leaves); }

// The number of leaves a record of `bytes` starting at `first` holds; nullopt
// unless it ends on a leaf boundary.
std::optional<uint64_t> RunLeaves(uint64_t first, size_t bytes) {
  if (bytes % 32 != 0) return std::nullopt;
  uint64_t hashes = bytes / 32, n = 0;
  while (RunHashes(first, n) < hashes) ++n;
  if (RunHashes(first, n) != hashes) return std::nullopt;
  return n;
}

// Reads complete subtrees from the run records. Keeps one iterator (a
// consistent view from its creation); not thread-safe.
class RocksSubtrees final : public merkle::SubtreeSource {
 public:
  RocksSubtrees(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) : it_(db->NewIterator(rocksdb::ReadOptions(), cf)) {}

  Result<Hash> Subtree(uint32_t level, uint64_t index) const override {
    if (level >= 63 || index >= (uint64_t{1} << (63 - level))) return Status::NotFound("delträdet finns inte");
    uint64_t leaf = merkle::CompletingLeaf(level, index);
    it_->SeekForPrev(keys::EventKey(leaf));
    if (!it_->status().ok()) return FromRocks(it_->status(), "kunde inte läsa Merkleträdet");
    if (!it_->Valid() || it_->key().size() != 8) {
      return Status::NotFound("Merkleträdet har ingen post för position " + std::to_string(leaf));
    }
    uint64_t first = keys::GetU64(it_->key().data());
    uint64_t at = 32 * (keys::HashesBefore(first, leaf) + level);
    if (it_->value().size() < at + 32 || level > static_cast<uint32_t>(std::countr_one(leaf))) {
      return Status::NotFound("Merkleträdet har ingen post för position " + std::to_string(leaf));
    }
    Hash h;
    std::memcpy(h.data(), it_->value().data() + at, 32);
    return h;
  }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

bool TreeChecker::Check(uint64_t position, std::string_view canonical, const Hash* leaf) {
  if (!it_) return true;
  range_.Append(leaf != nullptr ? *leaf : merkle::LeafHash(canonical), &completed_);
  if (offset_ == run_.size()) {  // the next record must start at this position
    if (position == 0) {
      it_->SeekToFirst();
    } else {
      it_->Next();
    }
    if (!it_->Valid() || it_->key().size() != 8 || keys::GetU64(it_->key().data()) != position) {
      problem = "Merkleträdet saknar position " + std::to_string(position);
      return false;
    }
    run_.assign(it_->value().data(), it_->value().size());
    offset_ = 0;
  }
  std::string expected;
  keys::AppendHashes(&expected, completed_);
  if (run_.compare(offset_, expected.size(), expected) != 0) {
    problem = "Merkleträdet stämmer inte med händelsen på position " + std::to_string(position);
    return false;
  }
  offset_ += std::min(expected.size(), run_.size() - offset_);
  return true;
}

bool TreeChecker::Finish(uint64_t count) {
  if (!it_) return true;
  if (count == 0) {
    it_->SeekToFirst();
  } else if (offset_ == run_.size()) {
    it_->Next();
  }
  if (offset_ != run_.size() || it_->Valid()) {
    problem = "Merkleträdet har en post bortom loggens slut (position " + std::to_string(count) + ")";
    return false;
  }
  return true;
}

Status RocksStore::LoadTree() {
  if (handles_[kMerkle] == nullptr || !options_.merkle_tree) return Status::Ok();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMerkle]));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), "kunde inte läsa Merkleträdet");
  uint64_t size = 0;
  if (it->Valid()) {
    uint64_t first = it->key().size() == 8 ? keys::GetU64(it->key().data()) : UINT64_MAX;
    auto leaves = first == UINT64_MAX ? std::nullopt : RunLeaves(first, it->value().size());
    // A malformed last record: the store opens (verify reports it) but serves no proofs.
    if (!leaves) return Status::Ok();
    size = first + *leaves;
  }
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
// missing subtree hashes in runs of kBuildRun leaves.
Status RocksStore::BuildTree(merkle::CompactRange range) {
  auto cursor = ReadAll(range.size(), UINT64_MAX, /*verify_chain=*/true);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  std::vector<Hash> completed;
  std::string run;
  uint64_t run_first = range.size(), run_leaves = 0;
  while (true) {
    auto more = cursor->Next();
    if (!more.ok()) return more.status().WithContext("Merkleträdet kunde inte byggas");
    if (*more) {
      // The cursor checked the chain: under kLeaf each event's hash is its leaf.
      const RecordedEvent& e = cursor->event();
      range.Append(chain_rule() == ChainRule::kLeaf ? e.hash : merkle::LeafHash(EncodeEnvelope(e)), &completed);
      keys::AppendHashes(&run, completed);
      ++run_leaves;
    }
    if (run_leaves > 0 && (!*more || run_leaves == kBuildRun)) {
      rocksdb::Status s = db_->Put(wo, handles_[kMerkle], keys::EventKey(run_first), run);
      if (!s.ok()) return FromRocks(s, "kunde inte skriva Merkleträdet");
      run_first += run_leaves;
      run_leaves = 0;
      run.clear();
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
