// RawDb: a RocksDB store's database opened behind its back, with every column
// family, for tests that alter a closed store as RocksDB's `ldb` tool would.
// Closes (and syncs) on destruction. Not thread-safe.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "keys.h"

namespace arshjul::storage {

class RawDb {
 public:
  explicit RawDb(const std::string& dir) {
    rocksdb::DBOptions opts;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), keys::kEvents, keys::kStreams,
                             keys::kCommands, keys::kByType, keys::kByEffective, keys::kByRecorded, keys::kMerkle}) {
      cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(opts, dir, cfs, &handles_, &raw);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db_.reset(raw);
  }
  ~RawDb() {
    if (!db_) return;
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    EXPECT_TRUE(db_->Close().ok());
  }
  bool ok() const { return db_ != nullptr; }

  // Column family index as in keys.h order: 0 default, 1 events, 2 streams,
  // 3 commands, 4 by_type, 5 by_effective, 6 by_recorded.
  enum Cf { kDefault = 0, kEvents, kStreams, kCommands, kByType, kByEffective, kByRecorded, kMerkle };

  std::string Get(Cf cf, const std::string& key) {
    std::string v;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[cf], key, &v);
    EXPECT_TRUE(s.ok()) << "get: " << s.ToString();
    return v;
  }
  void Put(Cf cf, const std::string& key, const std::string& value) {
    rocksdb::Status s = db_->Put(SyncWrite(), handles_[cf], key, value);
    EXPECT_TRUE(s.ok()) << "put: " << s.ToString();
  }
  void Delete(Cf cf, const std::string& key) {
    rocksdb::Status s = db_->Delete(SyncWrite(), handles_[cf], key);
    EXPECT_TRUE(s.ok()) << "delete: " << s.ToString();
  }
  // All keys of a column family, in order.
  std::vector<std::string> Keys(Cf cf) {
    std::vector<std::string> out;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) out.push_back(it->key().ToString());
    EXPECT_TRUE(it->status().ok());
    return out;
  }

 private:
  static rocksdb::WriteOptions SyncWrite() {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return wo;
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace arshjul::storage
