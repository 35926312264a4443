// The baselines arshjul's figures are compared with: RocksDB used directly
// (default options, one column family), an fdatasync loop, and SQLite.
// Every baseline writes the same bytes as arshjul: values copied from an
// arshjul store (hash ‖ canonical envelope), under 8-byte big-endian keys.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace arshjul::bench {

// Stored values to write, used in turn.
struct ValuePool {
  std::vector<std::string> values;
  const std::string& Get(uint64_t i) const { return values[i % values.size()]; }
};

std::string BigEndianKey(uint64_t n);

// RocksDB with its default options (as in docs/BUILD-NOTES' table), keys 0, 1, 2, ...
class RawDb {
 public:
  static std::unique_ptr<RawDb> Open(const std::string& dir);
  ~RawDb();

  // One WriteBatch of `count` values under the next keys. Thread-safe.
  void WriteBatchOf(int count, const ValuePool& pool, bool sync);
  // Forward iteration over up to `max` values from the first key; touches every
  // value's size and first byte. Returns the number read.
  uint64_t Scan(uint64_t max);
  rocksdb::DB* db() { return db_.get(); }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::atomic<uint64_t> next_key_{0};
};

// An events table in SQLite, WAL journal, synchronous=FULL: one row per transaction.
class SqliteLog {
 public:
  explicit SqliteLog(const std::string& path);
  ~SqliteLog();
  SqliteLog(const SqliteLog&) = delete;
  SqliteLog& operator=(const SqliteLog&) = delete;
  // Inserts one event (autocommit: its own durable transaction).
  void Insert(const std::string& stream, const std::string& type, const std::string& value);

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  int64_t next_position_ = 0;
  int64_t next_version_ = 0;
};

// A file that grows by `bytes` (4 KB) per call, each followed by fdatasync.
class FsyncFile {
 public:
  explicit FsyncFile(const std::string& path, size_t bytes = 4096);
  ~FsyncFile();
  FsyncFile(const FsyncFile&) = delete;
  FsyncFile& operator=(const FsyncFile&) = delete;
  void AppendAndSync();

 private:
  int fd_ = -1;
  std::string block_;
};

}  // namespace arshjul::bench
