#include "baselines.h"

#include <fcntl.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <sqlite3.h>
#include <unistd.h>

#include "bench_util.h"

namespace arshjul::bench {

std::string BigEndianKey(uint64_t n) {
  std::string k(8, '\0');
  for (int i = 7; i >= 0; --i) {
    k[i] = static_cast<char>(n & 0xff);
    n >>= 8;
  }
  return k;
}

static void CheckRocks(const rocksdb::Status& s, const char* what) {
  if (!s.ok()) Die(std::string(what) + ": " + s.ToString());
}

std::unique_ptr<RawDb> RawDb::Open(const std::string& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  CheckRocks(rocksdb::DB::Open(options, dir, &raw), "raw RocksDB open");
  auto db = std::make_unique<RawDb>();
  db->db_.reset(raw);
  std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions()));
  it->SeekToLast();
  if (it->Valid() && it->key().size() == 8) {
    uint64_t last = 0;
    for (int i = 0; i < 8; ++i) last = (last << 8) | static_cast<uint8_t>(it->key()[i]);
    db->next_key_ = last + 1;
  }
  return db;
}

RawDb::~RawDb() {
  if (db_) {
    db_->Close();
    db_.reset();
  }
}

void RawDb::WriteBatchOf(int count, const ValuePool& pool, bool sync) {
  uint64_t first = next_key_.fetch_add(count);
  rocksdb::WriteBatch batch;
  for (int i = 0; i < count; ++i) {
    batch.Put(BigEndianKey(first + i), pool.Get(first + i));
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  CheckRocks(db_->Write(wo, &batch), "raw RocksDB write");
}

uint64_t RawDb::Scan(uint64_t max) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  uint64_t n = 0, bytes = 0;
  for (it->SeekToFirst(); it->Valid() && n < max; it->Next()) {
    rocksdb::Slice v = it->value();
    bytes += v.size() + static_cast<uint8_t>(v[0]);
    ++n;
  }
  CheckRocks(it->status(), "raw RocksDB scan");
  benchmark::DoNotOptimize(bytes + 0);  // rvalue: the read-only form
  return n;
}

static void CheckSqlite(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    Die(std::string("SQLite ") + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
}

SqliteLog::SqliteLog(const std::string& path) {
  CheckSqlite(db_, sqlite3_open(path.c_str(), &db_), "open");
  const char* setup =
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=FULL;"
      "CREATE TABLE IF NOT EXISTS events("
      "  position INTEGER PRIMARY KEY,"
      "  stream TEXT NOT NULL,"
      "  version INTEGER NOT NULL,"
      "  type TEXT NOT NULL,"
      "  value BLOB NOT NULL,"
      "  UNIQUE(stream, version));";
  CheckSqlite(db_, sqlite3_exec(db_, setup, nullptr, nullptr, nullptr), "setup");
  CheckSqlite(db_,
              sqlite3_prepare_v2(db_, "INSERT INTO events(position, stream, version, type, value) VALUES(?,?,?,?,?)",
                                 -1, &insert_, nullptr),
              "prepare");
}

SqliteLog::~SqliteLog() {
  sqlite3_finalize(insert_);
  sqlite3_close(db_);
}

void SqliteLog::Insert(const std::string& stream, const std::string& type, const std::string& value) {
  sqlite3_bind_int64(insert_, 1, next_position_++);
  sqlite3_bind_text(insert_, 2, stream.data(), static_cast<int>(stream.size()), SQLITE_STATIC);
  sqlite3_bind_int64(insert_, 3, next_version_++);
  sqlite3_bind_text(insert_, 4, type.data(), static_cast<int>(type.size()), SQLITE_STATIC);
  sqlite3_bind_blob(insert_, 5, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  CheckSqlite(db_, sqlite3_step(insert_), "insert");
  sqlite3_reset(insert_);
}

FsyncFile::FsyncFile(const std::string& path, size_t bytes) : block_(bytes, 'x') {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) Die("cannot create " + path);
}

FsyncFile::~FsyncFile() {
  if (fd_ >= 0) ::close(fd_);
}

void FsyncFile::AppendAndSync() {
  if (::write(fd_, block_.data(), block_.size()) != static_cast<ssize_t>(block_.size())) Die("write failed");
  if (::fdatasync(fd_) != 0) Die("fdatasync failed");
}

}  // namespace arshjul::bench
