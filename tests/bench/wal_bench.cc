// wal_bench: what one durable single write costs on this disk, by how the
// write-ahead log meets the sync. Interleaved rounds (ABBA) of synced single
// writes of the same 632-byte value:
//   * RocksDB, default options: its WAL grows, so every fdatasync also
//     journals the file's new size;
//   * RocksDB, recycle_log_file_num = 1: writing into a recycled WAL file
//     that is already longer than what is written (primed: one WAL filled
//     and flushed, so the next one reuses its file). RocksDB 7.8 (Debian's)
//     turns recycling off under kPointInTimeRecovery (SanitizeOptions, PR
//     #6351; allowed again only in 9.x by PR #12403) — measured here, it is
//     off under kTolerateCorruptedTailRecords too — so this store runs
//     kSkipAnyCorruptedRecords: an experiment, never a setting to adopt;
//   * RocksDB, manual_wal_flush = true, then FlushWAL(true) per write;
//   * SQLite, WAL journal, synchronous = FULL (its WAL is reset and
//     overwritten after each checkpoint);
//   * 4 KB written and fdatasync'ed, appending (the file grows) and in place
//     (over blocks written before): the disk's two physical limits.
// The evidence behind docs/benchmarks.md's "sync path" section. Never run by ctest.
//
//   wal_bench [--dir=PARENT] [--rounds=N] [--round-seconds=S]
#include <fcntl.h>
#include <rocksdb/db.h>
#include <unistd.h>

#include <filesystem>

#include "baselines.h"
#include "bench_util.h"

namespace arshjul::bench {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<rocksdb::DB> OpenRocks(const std::string& dir, size_t recycle, bool manual_flush) {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.recycle_log_file_num = recycle;
  o.manual_wal_flush = manual_flush;
  if (recycle > 0) o.write_buffer_size = 256u << 20;  // no flush while priming: one WAL holds it all
  // RocksDB 7.8 recycles only under kSkipAnyCorruptedRecords (see the top).
  o.wal_recovery_mode = recycle > 0 ? rocksdb::WALRecoveryMode::kSkipAnyCorruptedRecords
                                    : rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  rocksdb::DB* db = nullptr;
  auto s = rocksdb::DB::Open(o, dir, &db);
  if (!s.ok()) Die("open " + dir + ": " + s.ToString());
  return std::unique_ptr<rocksdb::DB>(db);
}

// Fills one WAL with `bytes` unsynced and flushes twice, so that the WAL in
// use afterwards is the big one's file, recycled at its length.
void PrimeRecycledWal(rocksdb::DB* db, size_t bytes, const std::string& value) {
  for (size_t i = 0, n = bytes / value.size(); i < n; ++i) db->Put(rocksdb::WriteOptions(), BigEndianKey(i), value);
  for (int k = 0; k < 2; ++k) {  // a flush, then the old WAL's purge (background) before the next switch
    db->Put(rocksdb::WriteOptions(), "prime", std::to_string(k));
    auto s = db->Flush(rocksdb::FlushOptions());
    if (!s.ok()) Die("flush: " + s.ToString());
    WaitForBackgroundIdle();
  }
}

// 4 KB blocks rewritten in place over a file written (and synced) before.
class InPlaceFile {
 public:
  InPlaceFile(const std::string& path, size_t blocks) : block_(4096, 'y'), blocks_(blocks) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) Die("cannot create " + path);
    for (size_t i = 0; i < blocks_; ++i) Write();
    if (::fsync(fd_) != 0) Die("fsync failed");
  }
  ~InPlaceFile() { ::close(fd_); }
  void WriteAndSync() {
    Write();
    if (::fdatasync(fd_) != 0) Die("fdatasync failed");
  }

 private:
  void Write() {
    off_t at = static_cast<off_t>((next_++ % blocks_) * block_.size());
    if (::pwrite(fd_, block_.data(), block_.size(), at) != static_cast<ssize_t>(block_.size())) Die("write failed");
  }
  int fd_ = -1;
  std::string block_;
  size_t blocks_;
  uint64_t next_ = 0;
};

int Run(int argc, char** argv) {
  std::string parent = "/tmp";
  int rounds = 8;
  double seconds = 0.3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--dir=", 0) == 0) parent = a.substr(6);
    else if (a.rfind("--rounds=", 0) == 0) rounds = std::stoi(a.substr(9));
    else if (a.rfind("--round-seconds=", 0) == 0) seconds = std::stod(a.substr(16));
    else Die("usage: wal_bench [--dir=PARENT] [--rounds=N] [--round-seconds=S]");
  }
  const std::string work = (fs::path(parent) / ("arshjul-wal-bench-" + std::to_string(::getpid()))).string();
  fs::create_directories(work);
  auto sub = [&](const char* n) { return (fs::path(work) / n).string(); };
  std::printf("wal_bench: load average %s; %d rounds x %.2f s per figure, in %s\n", LoadAverage().c_str(), rounds,
              seconds, work.c_str());
  const std::string value(632, 'v');
  ValuePool pool{{value}};
  auto plain = OpenRocks(sub("plain"), 0, false);
  auto recycled = OpenRocks(sub("recycled"), 1, false);
  PrimeRecycledWal(recycled.get(), 64u << 20, value);
  for (const auto& f : fs::directory_iterator(sub("recycled"))) {
    if (f.path().extension() == ".log") {
      std::printf("  recycled store's WAL: %s, %ju bytes before the timed writes (0: not recycled)\n",
                  f.path().filename().c_str(), static_cast<uintmax_t>(f.file_size()));
    }
  }
  auto manual = OpenRocks(sub("manual"), 0, true);
  SqliteLog sqlite(sub("sqlite.db"));
  FsyncFile append_file(sub("append.dat"));
  InPlaceFile in_place(sub("in-place.dat"), 16384);
  rocksdb::WriteOptions synced;
  synced.sync = true;
  uint64_t k = uint64_t{1} << 40;
  Tally t_plain, t_recycled, t_manual, t_sqlite, t_append, t_in_place;
  double waited = WaitForBackgroundIdle();
  for (int r = 0; r < rounds; ++r) {
    waited += RunRound(r, {
        [&] { t_plain.Add(RunFor(seconds, true, [&] { plain->Put(synced, BigEndianKey(k++), value); return 1; })); },
        [&] { t_recycled.Add(RunFor(seconds, true, [&] { recycled->Put(synced, BigEndianKey(k++), value); return 1; })); },
        [&] {
          t_manual.Add(RunFor(seconds, true, [&] {
            manual->Put(rocksdb::WriteOptions(), BigEndianKey(k++), value);
            if (!manual->FlushWAL(true).ok()) Die("FlushWAL");
            return 1;
          }));
        },
        [&] { t_sqlite.Add(RunFor(seconds, true, [&] { sqlite.Insert("s", "T", pool.Get(0)); return 1; })); },
        [&] { t_append.Add(RunFor(seconds, true, [&] { append_file.AppendAndSync(); return 1; })); },
        [&] { t_in_place.Add(RunFor(seconds, true, [&] { in_place.WriteAndSync(); return 1; })); },
    });
  }
  std::printf("  (waited %.1f s for background work, outside the timed windows)\n", waited);
  PrintTally("RocksDB default, synced put", t_plain, "writes");
  PrintTally("RocksDB recycled WAL, synced put", t_recycled, "writes");
  PrintTally("RocksDB manual_wal_flush + FlushWAL(true)", t_manual, "writes");
  PrintTally("SQLite WAL FULL, 1 row/txn", t_sqlite, "rows");
  PrintTally("4 KB append + fdatasync", t_append, "syncs");
  PrintTally("4 KB in place + fdatasync", t_in_place, "syncs");
  std::vector<Row> rows;
  rows.push_back(Compare("RocksDB recycled WAL", t_recycled, "RocksDB default", t_plain, std::nullopt));
  rows.push_back(Compare("RocksDB manual flush", t_manual, "RocksDB default", t_plain, std::nullopt));
  rows.push_back(Compare("RocksDB default", t_plain, "SQLite WAL FULL", t_sqlite, std::nullopt));
  rows.push_back(Compare("RocksDB recycled WAL", t_recycled, "SQLite WAL FULL", t_sqlite, std::nullopt));
  rows.push_back(Compare("4 KB append + fdatasync", t_append, "4 KB in place + fdatasync", t_in_place, std::nullopt));
  rows.push_back(Compare("SQLite WAL FULL", t_sqlite, "4 KB in place + fdatasync", t_in_place, std::nullopt));
  PrintSummary(rows);
  std::printf("load average at the end: %s\n", LoadAverage().c_str());
  plain.reset();
  recycled.reset();
  manual.reset();
  fs::remove_all(work);
  return 0;
}

}  // namespace
}  // namespace arshjul::bench

int main(int argc, char** argv) { return arshjul::bench::Run(argc, argv); }
