// RocksStore's Merkle tree over the shared run records (tree_runs.h): the
// merkle column family as their storage, loading the compact range at open,
// and building the tree once for a store made without it.
#include "rocksdb_store_tree.h"

#include <cstring>
#include <optional>

#include "keys.h"
#include "rocksdb_store.h"

namespace arshjul::storage {
namespace {

std::optional<tree::RunView> AtIterator(rocksdb::Iterator* it) {
  if (!it->Valid() || it->key().size() != 8) return std::nullopt;
  return tree::RunView{keys::GetU64(it->key().data()), std::string_view(it->value().data(), it->value().size())};
}

// Reads run records from the merkle family and, under the sparse layout, leaf
// hashes from the events family (formats 3 and 4: the stored event hash is
// the leaf). Keeps its iterators (consistent views from their creation); not
// thread-safe.
class RocksSubtrees final : public tree::RunSubtrees {
 public:
  RocksSubtrees(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* merkle, rocksdb::ColumnFamilyHandle* events,
                uint32_t min_level)
      : tree::RunSubtrees(min_level), it_(db->NewIterator(rocksdb::ReadOptions(), merkle)) {
    if (min_level > 0) events_.reset(db->NewIterator(rocksdb::ReadOptions(), events));
  }

 protected:
  Result<std::optional<tree::RunView>> RunAtOrBefore(uint64_t leaf) const override {
    it_->SeekForPrev(keys::EventKey(leaf));
    if (!it_->status().ok()) return FromRocks(it_->status(), "kunde inte läsa Merkleträdet");
    return AtIterator(it_.get());
  }

  Result<std::vector<Hash>> Leaves(uint64_t first, uint64_t count) const override {
    if (!events_) return tree::RunSubtrees::Leaves(first, count);
    std::vector<Hash> out(count);
    events_->Seek(keys::EventKey(first));
    for (uint64_t i = 0; i < count; ++i, events_->Next()) {
      if (!events_->status().ok()) return FromRocks(events_->status(), "kunde inte läsa loggen");
      bool here = events_->Valid() && events_->key().size() == 8 && keys::GetU64(events_->key().data()) == first + i;
      if (!here || events_->value().size() < 32) {
        return Status::NotFound("Merkleträdet: position " + std::to_string(first + i) + " saknas i loggen");
      }
      std::memcpy(out[i].data(), events_->value().data(), 32);
    }
    return out;
  }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
  std::unique_ptr<rocksdb::Iterator> events_;
};

}  // namespace

tree::TreeChecker::NextRun RocksTreeRuns(rocksdb::Iterator* it) {
  if (it == nullptr) return nullptr;
  auto started = std::make_shared<bool>(false);
  return [it, started]() -> Result<std::optional<tree::RunView>> {
    if (*started) {
      it->Next();
    } else {
      it->SeekToFirst();
      *started = true;
    }
    if (!it->status().ok()) return FromRocks(it->status(), "kunde inte läsa Merkleträdet");
    if (it->Valid() && it->key().size() != 8) return Status::Corruption("Merkleträdet har en ogiltig nyckel");
    return AtIterator(it);
  };
}

Status RocksStore::LoadTree() {
  if (handles_[kMerkle] == nullptr || !options_.merkle_tree) return Status::Ok();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMerkle]));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), "kunde inte läsa Merkleträdet");
  uint64_t size = 0;
  if (it->Valid()) {
    auto last = AtIterator(it.get());
    auto leaves = last ? tree::RunLeaves(last->first, last->hashes, tree_min_level_) : std::nullopt;
    // A malformed last record: the store opens (verify reports it) but serves no proofs.
    if (!leaves) return Status::Ok();
    size = last->first + *leaves;
  }
  uint64_t events = head_position_ ? *head_position_ + 1 : 0;
  // A tree longer than the log: the log was cut behind the store's back.
  // The store still opens (verify reports it), but serves no proofs and
  // extends no tree.
  if (size > events) return Status::Ok();
  RocksSubtrees source(db_.get(), handles_[kMerkle], handles_[kEvents], tree_min_level_);
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
// missing subtree hashes in runs of tree::kBuildRun leaves.
Status RocksStore::BuildTree(merkle::CompactRange range) {
  auto cursor = ReadAll(range.size(), UINT64_MAX, /*verify_chain=*/true);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  uint64_t events = head_position_ ? *head_position_ + 1 : 0;
  ARSHJUL_RETURN_IF_ERROR(tree::BuildRuns(*cursor, events, &range, [&](uint64_t first, const std::string& record) {
    return FromRocks(db_->Put(wo, handles_[kMerkle], keys::EventKey(first), record), "kunde inte skriva Merkleträdet");
  }, /*hashes_are_leaves=*/chain_rule() == ChainRule::kLeaf, tree_min_level_));
  tree_ = std::move(range);
  tree_ready_ = true;
  return Status::Ok();
}

Result<TreeHead> RocksStore::CurrentTree() {
  std::lock_guard lk(mu_);
  if (!tree_ready_) return Status::NotFound(tree::TreeMissingMessage());
  return TreeHead{tree_.size(), tree_.Root()};
}

Result<std::unique_ptr<merkle::SubtreeSource>> RocksStore::Tree() {
  {
    std::lock_guard lk(mu_);
    if (!tree_ready_) return Status::NotFound(tree::TreeMissingMessage());
  }
  return std::unique_ptr<merkle::SubtreeSource>(
      new RocksSubtrees(db_.get(), handles_[kMerkle], handles_[kEvents], tree_min_level_));
}

}  // namespace arshjul::storage
