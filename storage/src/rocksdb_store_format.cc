// RocksStore's format marker (docs/storage-format.md): reading it, what each
// value means for the chain rule and the Merkle tree's layout, and moving a
// format-1 store to 2.
#include "keys.h"
#include "rocksdb_store.h"
#include "tree_runs.h"

namespace arshjul::storage {

// The marker names the chain rule — "1" and "2" hash(n-1) ‖ envelope, "3" and
// "4" the Merkle leaf — and the merkle family's layout: "4" sparse, the rest
// every level. A new (empty, unmarked) store is marked `new_store_format`.
Status RocksStore::LoadFormat(const std::string& dir, int new_store_format, std::string* marker) {
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kDefault], std::string(keys::kFormatKey), marker);
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kEvents]));
    it->SeekToFirst();
    if (it->Valid()) return Status::Corruption("datalagret i " + dir + " saknar formatmarkering");
    if (new_store_format < 2 || new_store_format > 4) {
      return Status::InvalidArgument("ett nytt datalager kan bara skapas i format 2, 3 eller 4");
    }
    *marker = std::to_string(new_store_format);
    if (!options_.read_only) {
      rocksdb::WriteOptions wo;
      wo.sync = true;
      s = db_->Put(wo, handles_[kDefault], std::string(keys::kFormatKey), *marker);
      if (!s.ok()) return FromRocks(s, "kunde inte initiera datalagret i " + dir);
    }
  } else if (!s.ok()) {
    return FromRocks(s, "kunde inte läsa datalagrets format");
  } else if (*marker != keys::kFormatValue && *marker != keys::kFormat3Value && *marker != keys::kFormat2Value &&
             *marker != keys::kFormat1Value) {
    return Status::InvalidArgument("datalagret i " + dir + " har ett okänt format: " + *marker);
  }
  AdoptFormat(*marker);
  return Status::Ok();
}

void RocksStore::AdoptFormat(std::string_view marker) {
  bool leaf = marker == keys::kFormatValue || marker == keys::kFormat3Value;
  chain_ = leaf ? ChainRule::kLeaf : ChainRule::kPrevThenEnvelope;
  tree_min_level_ = marker == keys::kFormatValue ? tree::kSparseMinLevel : 0;
}

// Format 1 reads as format 2 (its index entries are runs of one), so an
// upgrade only moves the marker, once every check of the open has passed.
Status RocksStore::MarkFormat2(const std::string& dir) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::Status s = db_->Put(wo, handles_[kDefault], std::string(keys::kFormatKey), std::string(keys::kFormat2Value));
  return FromRocks(s, "kunde inte uppgradera datalagret i " + dir + " till format " + std::string(keys::kFormat2Value));
}

}  // namespace arshjul::storage
