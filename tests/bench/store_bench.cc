// store_bench: arshjul's event store against raw RocksDB, SQLite and fdatasync,
// each pair measured in the same process, interleaved round by round, on values
// of the same bytes. Prints the figures and a summary of ratios against goals.
// Never run by ctest: the full run takes about two minutes and writes about 2 GB.
//
//   store_bench [--quick] [--dir=PARENT] [--replay-events=N] [--keep] [--format=2|3] [--group-only]
//
// --group-only runs only the concurrent synced appenders and, in the same
// rounds, the disk's ceiling for that many appends in one sync (group_ceiling.h).
// --format=2 makes arshjul's stores format 2 (the chain and the Merkle leaf:
// two digests per event, as before format 3), --format=3 format 3 (one digest,
// the tree's records at every level, as before format 4), to compare with new
// stores (format 4).
// ARSHJUL_BENCH_QUICK=1 is the same as --quick (smaller counts, a smoke run).
// Stores live in PARENT/arshjul-bench-PID (PARENT: $TMPDIR or /tmp), removed at the end.
#include <rocksdb/db.h>
#include <rocksdb/version.h>
#include <rocksdb/write_batch.h>
#include <sqlite3.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "arshjul/storage/clock.h"
#include "arshjul/storage/event_store.h"
#include "arshjul/storage/merkle.h"
#include "baselines.h"
#include "bench_util.h"
#include "group_ceiling.h"
#include "store_format.h"

namespace arshjul::bench {
namespace {

namespace fs = std::filesystem;
using storage::AppendRequest;
using storage::EventStore;
using storage::ProposedEvent;

constexpr size_t kPayloadBytes = 300;
constexpr uint32_t kBuildBatch = 1000;

struct Config {
  bool quick = false;
  bool keep = false;
  std::string parent;
  uint64_t replay_events = 1'000'000;
  int cpu_rounds = 6;          // unsynced, CPU-bound pairs
  double cpu_round_s = 0.5;
  int sync_rounds = 8;         // synced pairs: short, interleaved rounds
  double sync_round_s = 0.3;
  int replay_rounds = 3;
  int appenders = 8;
  int format = 4;  // of arshjul's new stores (storage/src/store_format.h)
  bool group_only = false;  // only the concurrent callers' phase and its ceiling
  bool unsynced_only = false;  // only the replay stores' build and the unsynced phase
};
int g_format = 4;

Config ParseArgs(int argc, char** argv) {
  Config c;
  const char* env_quick = std::getenv("ARSHJUL_BENCH_QUICK");
  c.quick = env_quick != nullptr && std::string(env_quick) == "1";
  const char* tmp = std::getenv("TMPDIR");
  c.parent = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  bool replay_set = false, cpu_set = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") {
      c.quick = true;
    } else if (a == "--keep") {
      c.keep = true;
    } else if (a == "--group-only") {
      c.group_only = true;
    } else if (a == "--unsynced-only") {
      c.unsynced_only = true;
    } else if (a.rfind("--cpu-rounds=", 0) == 0) {
      c.cpu_rounds = std::stoi(a.substr(13));
      cpu_set = true;
    } else if (a.rfind("--cpu-round-s=", 0) == 0) {
      c.cpu_round_s = std::stod(a.substr(14));
      cpu_set = true;
    } else if (a.rfind("--dir=", 0) == 0) {
      c.parent = a.substr(6);
    } else if (a == "--dir" && i + 1 < argc) {
      c.parent = argv[++i];
    } else if (a == "--format=2" || a == "--format=3" || a == "--format=4") {
      c.format = a.back() - '0';
    } else if (a.rfind("--replay-events=", 0) == 0) {
      c.replay_events = std::stoull(a.substr(16));
      replay_set = true;
    } else {
      std::printf("usage: store_bench [--quick] [--dir=PARENT] [--replay-events=N] [--keep] [--format=2|3] [--group-only]\n"
                  "                   [--unsynced-only] [--cpu-rounds=N] [--cpu-round-s=SECONDS]\n");
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  if (c.quick) {
    if (!replay_set) c.replay_events = 50'000;
    if (!cpu_set) {
      c.cpu_rounds = 2;
      c.cpu_round_s = 0.2;
    }
    c.sync_rounds = 2;
    c.sync_round_s = 0.2;
    c.replay_rounds = 2;
  }
  if (c.replay_events == 0) Die("--replay-events must be at least 1");
  if (c.cpu_rounds < 1 || !(c.cpu_round_s > 0)) Die("--cpu-rounds and --cpu-round-s must be positive");
  return c;
}

// Text-like, deterministic payloads of kPayloadBytes bytes.
std::vector<std::string> MakePayloads(int count) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz    ,.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  std::vector<std::string> out;
  for (int p = 0; p < count; ++p) {
    std::string s(kPayloadBytes, ' ');
    for (char& ch : s) {
      state += 0x9e3779b97f4a7c15ULL;  // splitmix64
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      ch = kAlphabet[z % (sizeof kAlphabet - 1)];
    }
    out.push_back(std::move(s));
  }
  return out;
}

const std::vector<std::string>& Payloads() {
  static const std::vector<std::string> payloads = MakePayloads(64);
  return payloads;
}

const char* kEventType = "DecisionRecorded";

AppendRequest MakeRequest(const std::string& stream, uint32_t count, uint64_t salt) {
  AppendRequest r;
  r.stream = stream;
  r.actor = {"person-000042", "ordforande", "kommunstyrelsen"};
  for (uint32_t i = 0; i < count; ++i) {
    ProposedEvent e;
    e.type = kEventType;
    e.payload = Payloads()[(salt + i) % Payloads().size()];
    r.events.push_back(std::move(e));
  }
  return r;
}

// The floor of any hash-chained, Merkle-tree log on RocksDB: raw RocksDB's
// batch of the same values, each first given the digests arshjul's format
// requires and nothing else — its leaf SHA-256 over 0x00 ‖ the value, with
// the previous digest written into the value (so they chain, one after the
// other, as the envelope's prevHash does), and the tree's node digests (a
// compact range: one merge per leaf on average). The digests are arshjul's
// own functions (merkle.h), through the same OpenSSL calls.
class RawWithDigests {
 public:
  explicit RawWithDigests(RawDb* raw) : raw_(raw) {}
  void WriteBatchOf(int count, const ValuePool& pool) {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < count; ++i) {
      value_ = pool.Get(next_);
      std::memcpy(value_.data(), prev_.data(), std::min(value_.size(), prev_.size()));
      prev_ = storage::merkle::LeafHash(value_);
      tree_.Append(prev_, &completed_);
      batch.Put(BigEndianKey(next_++), value_);
    }
    rocksdb::Status s = raw_->db()->Write(rocksdb::WriteOptions(), &batch);
    if (!s.ok()) Die("raw RocksDB write: " + s.ToString());
  }

 private:
  RawDb* raw_;
  uint64_t next_ = 0;
  std::string value_;
  storage::Hash prev_{};
  storage::merkle::CompactRange tree_;
  std::vector<storage::Hash> completed_;
};

SystemClock g_clock;
RandomIdSource g_ids;

std::unique_ptr<EventStore> OpenArshjul(const std::string& dir, bool sync, IdSource* ids = &g_ids) {
  storage::StoreOptions o;
  o.clock = &g_clock;
  o.ids = ids;
  o.sync = sync;
  auto r = storage::OpenStoreOfFormat(dir, std::move(o), g_format);
  if (!r.ok()) Die("OpenStore " + dir + ": " + r.status().ToString());
  return std::move(r).value();
}

uint64_t Append(EventStore& store, const AppendRequest& req) {
  auto r = store.Append(req);
  if (!r.ok()) Die("Append: " + r.status().ToString());
  return r->count;
}

uint64_t Replay(EventStore& store, uint64_t n, bool verify) {
  auto cursor = store.ReadAll(0, n, verify);
  uint64_t count = 0;
  for (;;) {
    auto more = cursor->Next();
    if (!more.ok()) Die("ReadAll: " + more.status().ToString());
    if (!*more) break;
    benchmark::DoNotOptimize(cursor->event().payload.data());
    ++count;
  }
  if (count != n) Die("ReadAll returned " + std::to_string(count) + " events, expected " + std::to_string(n));
  return count;
}

void PrintWaited(double seconds) {
  std::printf("  (waited %.1f s in all, outside the timed windows, for flushes and compactions between steps)\n",
              seconds);
}

void Phase(const char* title) {
  std::printf("\n-- %s\n", title);
  std::fflush(stdout);
}

// What the replay store holds, read back byte for byte.
struct StoredSample {
  ValuePool pool;  // the first stored values, for the write baselines
  size_t min_len = SIZE_MAX, max_len = 0;
  double mean_len = 0;
};

// Builds the replay store with arshjul (unsynced, batches of 1000), then copies
// its stored values byte for byte into a raw RocksDB written the same way.
StoredSample BuildReplayStores(const Config& cfg, const std::string& arshjul_dir, const std::string& raw_dir) {
  Phase("building the replay stores");
  {
    auto store = OpenArshjul(arshjul_dir, /*sync=*/false);
    std::vector<AppendRequest> requests;
    for (int s = 0; s < 16; ++s) {
      requests.push_back(MakeRequest("bench/replay/s" + std::to_string(10 + s), kBuildBatch, s));
    }
    Tally t;
    uint64_t done = 0;
    const double cpu_start = ProcessCpuSeconds();
    auto start = SteadyClock::now();
    for (uint64_t i = 0; done < cfg.replay_events; ++i) {
      uint64_t n = std::min<uint64_t>(kBuildBatch, cfg.replay_events - done);
      if (n == kBuildBatch) {
        done += Append(*store, requests[i % requests.size()]);
      } else {
        done += Append(*store, MakeRequest("bench/replay/s10", static_cast<uint32_t>(n), 0));
      }
      ++t.calls;
    }
    t.items = done;
    t.seconds = SecondsBetween(start, SteadyClock::now());
    t.cpu_seconds = ProcessCpuSeconds() - cpu_start;
    t.round_rates.push_back(t.rate());
    PrintTally("arshjul build: 1000 events/Append, unsynced", t, "events");
  }

  StoredSample sample;
  rocksdb::DBOptions db_opts;
  std::vector<std::string> names;
  auto s = rocksdb::DB::ListColumnFamilies(db_opts, arshjul_dir, &names);
  if (!s.ok()) Die("ListColumnFamilies: " + s.ToString());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  size_t events_index = names.size();
  for (size_t i = 0; i < names.size(); ++i) {
    cfs.emplace_back(names[i], rocksdb::ColumnFamilyOptions());
    if (names[i] == "events") events_index = i;
  }
  if (events_index == names.size()) Die("no 'events' column family in " + arshjul_dir);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* src = nullptr;
  s = rocksdb::DB::OpenForReadOnly(db_opts, arshjul_dir, cfs, &handles, &src);
  if (!s.ok()) Die("read-only open of the arshjul store: " + s.ToString());
  {
    auto raw = RawDb::Open(raw_dir);
    std::unique_ptr<rocksdb::Iterator> it(src->NewIterator(rocksdb::ReadOptions(), handles[events_index]));
    rocksdb::WriteBatch batch;
    uint64_t count = 0, total = 0;
    auto start = SteadyClock::now();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rocksdb::Slice v = it->value();
      if (it->key().size() != 8) Die("unexpected key length in the events column family");
      sample.min_len = std::min(sample.min_len, v.size());
      sample.max_len = std::max(sample.max_len, v.size());
      total += v.size();
      if (sample.pool.values.size() < 1000) sample.pool.values.push_back(v.ToString());
      batch.Put(it->key(), v);
      if (++count % kBuildBatch == 0) {
        s = raw->db()->Write(rocksdb::WriteOptions(), &batch);
        if (!s.ok()) Die("raw copy: " + s.ToString());
        batch.Clear();
      }
    }
    if (!it->status().ok()) Die("reading the events column family: " + it->status().ToString());
    if (batch.Count() > 0 && !(s = raw->db()->Write(rocksdb::WriteOptions(), &batch)).ok()) Die(s.ToString());
    if (count != cfg.replay_events) Die("the arshjul store holds " + std::to_string(count) + " events");
    sample.mean_len = static_cast<double>(total) / static_cast<double>(count);
    std::printf("  copied %" PRIu64 " stored values into raw RocksDB in %.1f s\n", count,
                SecondsBetween(start, SteadyClock::now()));
  }
  for (auto* h : handles) src->DestroyColumnFamilyHandle(h);
  delete src;
  std::printf("  stored event: key 8 bytes, value %zu–%zu bytes (mean %.1f) for a %zu-byte payload\n",
              sample.min_len, sample.max_len, sample.mean_len, kPayloadBytes);
  return sample;
}

// The summary, then the stores removed (unless --keep). Returns the exit code.
int Finish(const Config& cfg, const std::string& work, const std::vector<Row>& rows) {
  PrintSummary(rows);
  std::printf("load average at the end: %s (2 or more on 2 CPUs: the figures are contended)\n", LoadAverage().c_str());
  if (cfg.keep) {
    std::printf("stores kept in %s\n", work.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(work, ec);
  }
  return 0;
}

// Group commit: concurrent synced appenders share one sync; beside them, in
// the same rounds, the disk's ceiling for that many appends in one sync
// (GroupCeiling). `pool`: the raw baseline's values (null: the ceiling's).
void ConcurrentPhase(const Config& cfg, const std::string& work, const ValuePool* pool, std::vector<Row>* rows) {
  Phase("synced writes, concurrent callers (interleaved rounds)");
  auto sub = [&](const char* name) { return (fs::path(work) / name).string(); };
  {
    auto raw = RawDb::Open(sub("conc-raw"));
    auto store = OpenArshjul(sub("conc-arshjul"), /*sync=*/true);
    std::vector<AppendRequest> reqs;
    for (int k = 0; k < cfg.appenders; ++k) reqs.push_back(MakeRequest("bench/appender/t" + std::to_string(k), 1, k));
    GroupCeiling ceiling(OpenArshjul(sub("ceiling-arshjul"), /*sync=*/true), reqs, work);
    if (pool == nullptr) pool = &ceiling.values();
    const double t = cfg.sync_round_s;
    const int threads = cfg.appenders;
    Tally one, many, raw_one, raw_many;
    storage::GroupCommitStats groups_before, groups_after;  // over the concurrent rounds only
    std::vector<std::function<void()>> steps = {
        [&] { one.Add(RunFor(t, false, [&] { return Append(*store, reqs[0]); })); },
        [&] {
          storage::GroupCommitStats before = GroupStats(*store);
          many.Add(RunThreads(threads, t, [&](int k) { return Append(*store, reqs[k]); }));
          storage::GroupCommitStats after = GroupStats(*store);
          Accumulate(&groups_before, before);
          Accumulate(&groups_after, after);
        },
        [&] { raw_one.Add(RunFor(t, false, [&] { raw->WriteBatchOf(1, *pool, true); return 1; })); },
        [&] { raw_many.Add(RunThreads(threads, t, [&](int) { raw->WriteBatchOf(1, *pool, true); return 1; })); },
    };
    for (auto& step : ceiling.Steps(t)) steps.push_back(std::move(step));
    double waited = WaitForBackgroundIdle();
    for (int r = 0; r < cfg.sync_rounds; ++r) waited += RunRound(r, steps);
    const std::string n = std::to_string(threads);
    PrintWaited(waited);
    PrintTally("arshjul: 1 synced appender, 1 event/call", one, "events");
    PrintTally("arshjul: " + n + " synced appenders, own streams", many, "events");
    PrintGroups(groups_before, groups_after, many);
    PrintTally("raw RocksDB: 1 thread, synced batch of 1", raw_one, "values");
    PrintTally("raw RocksDB: " + n + " threads, synced batch of 1", raw_many, "values");
    rows->push_back(Compare(n + " synced appenders (own streams)", many, "arshjul, 1 synced appender", one, 4.0));
    if (std::max(rows->back().median_ratio, rows->back().total_ratio) > threads) {
      // n callers with one append in flight each can share at most n to a sync.
      rows->back().note = "more than " + n + "x: a sync took longer for the single appender than for the group, " +
                          "so the ratio overstates group commit; compare with RocksDB's own " + n + "-thread figure";
    }
    rows->push_back(Compare(n + " synced appenders (own streams)", many, "RocksDB, " + n + " threads synced b1",
                            raw_many, std::nullopt));
    ceiling.Print(rows);
  }
  std::error_code ec;
  for (const char* dir : {"conc-raw", "conc-arshjul", "ceiling-arshjul", "ceiling-raw"}) fs::remove_all(sub(dir), ec);
}

int Run(const Config& cfg) {
  std::error_code ec;
  fs::create_directories(cfg.parent, ec);
  const std::string work = (fs::path(cfg.parent) / ("arshjul-bench-" + std::to_string(::getpid()))).string();
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) Die("cannot create " + work + ": " + ec.message());
  g_format = cfg.format;
  auto sub = [&](const char* name) { return (fs::path(work) / name).string(); };

  struct statfs sf {};
  bool tmpfs = ::statfs(work.c_str(), &sf) == 0 && sf.f_type == 0x01021994;  // TMPFS_MAGIC
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", std::localtime(&now));
  const auto& cpu = benchmark::CPUInfo::Get();
  std::printf("store_bench %s: %s, load average %s, arshjul stores of format %d\n", cfg.quick ? "(quick)" : "(full)",
              date, LoadAverage().c_str(), cfg.format);
  std::printf("  CPUs: %d at %.0f MHz; RocksDB %d.%d.%d; SQLite %s\n", cpu.num_cpus, cpu.cycles_per_second / 1e6,
              ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH, sqlite3_libversion());
  std::printf("  stores in %s%s\n", work.c_str(), tmpfs ? "  (WARNING: tmpfs, synced figures mean nothing)" : "");
  std::printf("  replay: %" PRIu64 " events; unsynced pairs %d x %.2f s; synced pairs %d x %.2f s\n",
              cfg.replay_events, cfg.cpu_rounds, cfg.cpu_round_s, cfg.sync_rounds, cfg.sync_round_s);

  std::vector<Row> rows;
  if (cfg.group_only) {
    ConcurrentPhase(cfg, work, nullptr, &rows);
    return Finish(cfg, work, rows);
  }
  const StoredSample sample = BuildReplayStores(cfg, sub("replay-arshjul"), sub("replay-raw"));
  const ValuePool& pool = sample.pool;

  // Unsynced appends: CPU-bound, arshjul's overhead over RocksDB shows here.
  {
    Phase("unsynced writes (interleaved rounds)");
    auto raw = RawDb::Open(sub("nosync-raw"));
    auto store = OpenArshjul(sub("nosync-arshjul"), /*sync=*/false);
    // A second arshjul store, the same code: the spread between it and the
    // first is what this machine's noise does to the ratio.
    auto second = OpenArshjul(sub("nosync-second"), /*sync=*/false);
    const AppendRequest req100 = MakeRequest("bench/batch", 100, 0);
    const AppendRequest req1 = MakeRequest("bench/single", 1, 0);
    const double t = cfg.cpu_round_s;
    auto digest_raw = RawDb::Open(sub("nosync-raw-digests"));
    RawWithDigests digests(digest_raw.get());
    Tally raw100, ar100, raw1, ar1, second100, digests100;
    std::vector<std::function<void()>> steps = {
        [&] { raw100.Add(RunFor(t, false, [&] { raw->WriteBatchOf(100, pool, false); return 100; })); },
        [&] { ar100.Add(RunFor(t, false, [&] { return Append(*store, req100); })); },
        [&] { digests100.Add(RunFor(t, false, [&] { digests.WriteBatchOf(100, pool); return 100; })); },
    };
    if (!cfg.unsynced_only) {  // --unsynced-only: the goal's pair alone, for profiles and repeated runs
      steps.push_back([&] { raw1.Add(RunFor(t, false, [&] { raw->WriteBatchOf(1, pool, false); return 1; })); });
      steps.push_back([&] { ar1.Add(RunFor(t, false, [&] { return Append(*store, req1); })); });
      steps.push_back([&] { second100.Add(RunFor(t, false, [&] { return Append(*second, req100); })); });
    }
    double waited = WaitForBackgroundIdle();
    for (int r = 0; r < cfg.cpu_rounds; ++r) waited += RunRound(r, steps);
    PrintWaited(waited);
    PrintTally("raw RocksDB: WriteBatch of 100, unsynced", raw100, "values");
    PrintTally("arshjul: Append of 100 events, unsynced", ar100, "events");
    PrintTally("raw RocksDB + the format's digests, 100", digests100, "values");
    rows.push_back(Compare("append 100 events/call, unsynced", ar100, "RocksDB batch of 100, unsynced", raw100, 0.70));
    rows.push_back(Compare("(diag.) the digests' floor: raw + digests", digests100, "RocksDB batch of 100, unsynced",
                           raw100, std::nullopt));
    rows.push_back(Compare("append 100 events/call, unsynced", ar100, "raw + the format's digests", digests100,
                           std::nullopt));
    if (!cfg.unsynced_only) {
      PrintTally("raw RocksDB: WriteBatch of 1, unsynced", raw1, "values");
      PrintTally("arshjul: Append of 1 event, unsynced", ar1, "events");
      PrintTally("(diagnostic) the same 100, a second store", second100, "events");
      rows.push_back(Compare("append 1 event/call, unsynced", ar1, "RocksDB batch of 1, unsynced", raw1, std::nullopt));
      rows.push_back(Compare("(diag.) noise: a second store, same code", second100, "the first store's 100", ar100,
                             std::nullopt));
    }
  }
  fs::remove_all(sub("nosync-raw"), ec);
  fs::remove_all(sub("nosync-arshjul"), ec);
  fs::remove_all(sub("nosync-second"), ec);
  fs::remove_all(sub("nosync-raw-digests"), ec);
  if (cfg.unsynced_only) return Finish(cfg, work, rows);

  // Durable single appends: bounded by the disk's sync.
  {
    Phase("synced writes, one caller (interleaved rounds)");
    auto raw = RawDb::Open(sub("sync-raw"));
    auto store = OpenArshjul(sub("sync-arshjul"), /*sync=*/true);
    SqliteLog sqlite(sub("sync-sqlite.db"));
    FsyncFile file(sub("fsync.dat"));
    const AppendRequest req1 = MakeRequest("bench/durable", 1, 0);
    const AppendRequest req100 = MakeRequest("bench/durable-batch", 100, 0);
    const std::string sqlite_stream = "bench/durable", sqlite_type = kEventType;
    const double t = cfg.sync_round_s;
    Tally raw1, ar1, lite, fsync_loop, raw100, ar100;
    uint64_t i = 0;
    double waited = WaitForBackgroundIdle();
    for (int r = 0; r < cfg.sync_rounds; ++r) {
      waited += RunRound(r, {
          [&] { raw1.Add(RunFor(t, true, [&] { raw->WriteBatchOf(1, pool, true); return 1; })); },
          [&] { ar1.Add(RunFor(t, true, [&] { return Append(*store, req1); })); },
          [&] { lite.Add(RunFor(t, true, [&] { sqlite.Insert(sqlite_stream, sqlite_type, pool.Get(i++)); return 1; })); },
          [&] { fsync_loop.Add(RunFor(t, true, [&] { file.AppendAndSync(); return 1; })); },
          [&] { raw100.Add(RunFor(t, true, [&] { raw->WriteBatchOf(100, pool, true); return 100; })); },
          [&] { ar100.Add(RunFor(t, true, [&] { return Append(*store, req100); })); },
      });
    }
    PrintWaited(waited);
    PrintTally("raw RocksDB: WriteBatch of 1, synced", raw1, "values");
    PrintTally("arshjul: Append of 1 event, synced", ar1, "events");
    PrintTally("SQLite WAL, synchronous=FULL, 1 row/txn", lite, "rows");
    PrintTally("4 KB append + fdatasync", fsync_loop, "syncs");
    PrintTally("raw RocksDB: WriteBatch of 100, synced", raw100, "values");
    PrintTally("arshjul: Append of 100 events, synced", ar100, "events");
    rows.push_back(Compare("append 1 event/call, synced", ar1, "RocksDB batch of 1, synced", raw1, 0.80));
    rows.push_back(Compare("append 1 event/call, synced", ar1, "SQLite WAL FULL, 1 row/txn", lite, 1.00));
    rows.push_back(Compare("append 1 event/call, synced", ar1, "4 KB write + fdatasync loop", fsync_loop, std::nullopt));
    rows.push_back(Compare("append 100 events/call, synced", ar100, "RocksDB batch of 100, synced", raw100, std::nullopt));
  }
  fs::remove_all(sub("sync-raw"), ec);
  fs::remove_all(sub("sync-arshjul"), ec);

  ConcurrentPhase(cfg, work, &pool, &rows);

  // Replay: the whole log decoded and hash-checked, against a raw forward scan.
  {
    Phase("replay (interleaved rounds, after one untimed pass each)");
    auto raw = RawDb::Open(sub("replay-raw"));
    auto store = OpenArshjul(sub("replay-arshjul"), /*sync=*/false);
    const uint64_t n = cfg.replay_events;
    auto scan = [&] {
      uint64_t got = raw->Scan(n);
      if (got != n) Die("raw scan read " + std::to_string(got) + " values");
      return got;
    };
    scan();
    Replay(*store, n, true);
    Tally raw_scan, verified, unverified;
    double waited = WaitForBackgroundIdle();
    for (int r = 0; r < cfg.replay_rounds; ++r) {
      waited += RunRound(r, {
          [&] { raw_scan.Add(RunFor(0, false, scan)); },
          [&] { verified.Add(RunFor(0, false, [&] { return Replay(*store, n, true); })); },
          [&] { unverified.Add(RunFor(0, false, [&] { return Replay(*store, n, false); })); },
      });
    }
    PrintWaited(waited);
    PrintTally("raw RocksDB: forward iteration", raw_scan, "values");
    PrintTally("arshjul: ReadAll, verify_chain=true", verified, "events");
    PrintTally("arshjul: ReadAll, verify_chain=false", unverified, "events");
    std::string label = n >= 1'000'000 && n % 1'000'000 == 0 ? std::to_string(n / 1'000'000) + "M"
                                                             : std::to_string(n);
    rows.push_back(Compare("replay " + label + " events, verify_chain", verified, "RocksDB forward iteration", raw_scan,
                           0.50));
    rows.push_back(Compare("replay " + label + " events, no verify", unverified, "RocksDB forward iteration", raw_scan,
                           std::nullopt));
  }

  return Finish(cfg, work, rows);
}

}  // namespace
}  // namespace arshjul::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);  // accepts --benchmark_* flags; the rest are ours
  int rc = arshjul::bench::Run(arshjul::bench::ParseArgs(argc, argv));
  benchmark::Shutdown();
  return rc;
}
