// pg_bench: PostgresStore against raw PostgreSQL inserts of the same bytes,
// with the RocksDB store beside them, each pair measured in the same process,
// interleaved round by round (ABBA). Synced: the cluster runs with fsync and
// synchronous_commit on. Prints the figures and ratios against the goals of
// issue 16 (single synced append ≥ 80 % of a raw single-row commit; batched
// ≥ 70 % of a raw multi-row insert). Never run by ctest.
//
//   pg_bench [--rounds=N] [--round-seconds=S] [--batch=N]
//
// The cluster is a throwaway one (tests/support/pg_cluster.h) in /tmp; the
// RocksDB store lives in $TMPDIR or /tmp. Both are removed at the end.
#include <libpq-fe.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "arshjul/storage/clock.h"
#include "arshjul/storage/event_store.h"
#include "bench_util.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"

namespace arshjul::bench {
namespace {

using storage::AppendRequest;
using storage::EventStore;
using storage::ProposedEvent;

constexpr size_t kPayloadBytes = 300;

struct Config {
  int rounds = 6;
  double round_s = 0.5;
  int batch = 100;
};

Config ParseArgs(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--rounds=", 0) == 0) {
      c.rounds = std::stoi(a.substr(9));
    } else if (a.rfind("--round-seconds=", 0) == 0) {
      c.round_s = std::stod(a.substr(16));
    } else if (a.rfind("--batch=", 0) == 0) {
      c.batch = std::stoi(a.substr(8));
    } else {
      std::printf("usage: pg_bench [--rounds=N] [--round-seconds=S] [--batch=N]\n");
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  return c;
}

// Raw PostgreSQL: a table of (position, value) with the stored bytes of an
// arshjul event (hash ‖ canonical envelope), binary parameters, autocommit.
class RawPg {
 public:
  explicit RawPg(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(c_) != CONNECTION_OK) Die(std::string("raw connect: ") + PQerrorMessage(c_));
    Exec("CREATE TABLE raw_events (position bigint PRIMARY KEY, value bytea NOT NULL)", {});
  }
  ~RawPg() { PQfinish(c_); }
  RawPg(const RawPg&) = delete;
  RawPg& operator=(const RawPg&) = delete;

  // One INSERT of `rows` rows in its own (durable) transaction.
  void Insert(int rows, const std::vector<std::string>& pool) {
    if (sql_rows_ != rows) {
      sql_ = "INSERT INTO raw_events VALUES ";
      for (int r = 0; r < rows; ++r) {
        sql_ += (r ? ",($" : "($") + std::to_string(2 * r + 1) + ",$" + std::to_string(2 * r + 2) + ")";
      }
      sql_rows_ = rows;
    }
    std::vector<std::string> values;
    for (int r = 0; r < rows; ++r) {
      uint64_t pos = next_++;
      std::string key(8, '\0');
      for (int i = 7; i >= 0; --i, pos >>= 8) key[i] = static_cast<char>(pos & 0xff);
      values.push_back(std::move(key));
      values.push_back(pool[next_ % pool.size()]);
    }
    Exec(sql_, values);
  }

 private:
  void Exec(const std::string& sql, const std::vector<std::string>& values) {
    std::vector<const char*> ptrs;
    std::vector<int> lengths, formats;
    std::vector<Oid> types;
    for (size_t i = 0; i < values.size(); ++i) {
      ptrs.push_back(values[i].data());
      lengths.push_back(static_cast<int>(values[i].size()));
      formats.push_back(1);
      types.push_back(i % 2 == 0 ? 20 : 17);  // int8, bytea
    }
    PGresult* r = PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), types.data(), ptrs.data(),
                               lengths.data(), formats.data(), 1);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("raw insert: ") + PQresultErrorMessage(r));
    PQclear(r);
  }

  PGconn* c_;
  std::string sql_;
  int sql_rows_ = -1;
  uint64_t next_ = 0;
};

std::unique_ptr<EventStore> MustOpen(const std::string& where, const Clock* clock, IdSource* ids) {
  storage::StoreOptions o;
  o.clock = clock;
  o.ids = ids;
  auto r = storage::OpenStore(where, o);
  if (!r.ok()) Die("open " + where + ": " + r.status().ToString());
  return std::move(r).value();
}

uint64_t AppendOf(EventStore& store, int events, uint64_t* counter) {
  AppendRequest req;
  req.stream = "bench/s" + std::to_string(*counter % 16);
  req.actor = {"p-1", "nämndsekreterare", "bun"};
  for (int i = 0; i < events; ++i) {
    ProposedEvent e;
    e.type = "DecisionRecorded";
    e.payload.assign(kPayloadBytes, static_cast<char>('a' + (*counter + i) % 26));
    req.events.push_back(std::move(e));
  }
  ++*counter;
  auto r = store.Append(req);
  if (!r.ok()) Die("append: " + r.status().ToString());
  return static_cast<uint64_t>(events);
}

// The stored bytes (hash ‖ envelope) of the PostgreSQL store's first events.
std::vector<std::string> StoredValues(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  PGresult* r = PQexecParams(c, "SELECT hash || envelope FROM arshjul_events ORDER BY position LIMIT 64", 0, nullptr,
                             nullptr, nullptr, nullptr, 1);
  std::vector<std::string> out;
  for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0), PQgetlength(r, i, 0));
  PQclear(r);
  PQfinish(c);
  if (out.empty()) Die("no stored values to copy");
  return out;
}

}  // namespace

int Main(int argc, char** argv) {
  Config cfg = ParseArgs(argc, argv);
  std::string error;
  testing::PgCluster::Options po;  // durable: fsync and synchronous_commit on
  auto cluster = testing::PgCluster::Start(po, &error);
  if (!cluster) Die("cluster: " + error);
  testing::TempDir rocks_dir;
  SystemClock clock;
  RandomIdSource ids;
  auto pg_store = MustOpen(cluster->ConnInfo(), &clock, &ids);
  auto rocks_store = MustOpen(rocks_dir.Sub("rocks"), &clock, &ids);
  uint64_t n_pg = 0, n_rocks = 0;
  AppendOf(*pg_store, 64, &n_pg);
  RawPg raw(cluster->ConnInfo());
  std::vector<std::string> pool = StoredValues(cluster->ConnInfo());

  Tally pg1, raw1, rocks1, pgb, rawb, rocksb;
  const int b = cfg.batch;
  for (int round = 0; round < cfg.rounds; ++round) {
    RunRound(round, {
        [&] { pg1.Add(RunFor(cfg.round_s, true, [&] { return AppendOf(*pg_store, 1, &n_pg); })); },
        [&] { raw1.Add(RunFor(cfg.round_s, true, [&] { raw.Insert(1, pool); return uint64_t{1}; })); },
        [&] { rocks1.Add(RunFor(cfg.round_s, true, [&] { return AppendOf(*rocks_store, 1, &n_rocks); })); },
        [&] { pgb.Add(RunFor(cfg.round_s, false, [&] { return AppendOf(*pg_store, b, &n_pg); })); },
        [&] { rawb.Add(RunFor(cfg.round_s, false, [&] { raw.Insert(b, pool); return uint64_t(b); })); },
        [&] { rocksb.Add(RunFor(cfg.round_s, false, [&] { return AppendOf(*rocks_store, b, &n_rocks); })); },
    });
  }
  PrintTally("PostgresStore, 1 event per synced append", pg1, "events/s");
  PrintTally("raw PostgreSQL, 1 row per commit", raw1, "rows/s");
  PrintTally("RocksDB store, 1 event per synced append", rocks1, "events/s");
  PrintTally("PostgresStore, " + std::to_string(b) + " events per append", pgb, "events/s");
  PrintTally("raw PostgreSQL, " + std::to_string(b) + "-row INSERT per commit", rawb, "rows/s");
  PrintTally("RocksDB store, " + std::to_string(b) + " events per append", rocksb, "events/s");
  auto verify = pg_store->Verify({});
  if (!verify.ok) Die("verify after the run: " + verify.problem);
  std::vector<Row> rows = {
      Compare("single synced append", pg1, "raw PostgreSQL single-row commit", raw1, 0.80),
      Compare("batched append (" + std::to_string(b) + ")", pgb, "raw multi-row INSERT", rawb, 0.70),
      Compare("single synced append", pg1, "RocksDB store", rocks1, std::nullopt),
      Compare("batched append (" + std::to_string(b) + ")", pgb, "RocksDB store", rocksb, std::nullopt),
  };
  PrintSummary(rows);
  std::printf("verify: %llu events in the PostgreSQL store, chain and indexes intact\n",
              static_cast<unsigned long long>(verify.event_count));
  return 0;
}

}  // namespace arshjul::bench

int main(int argc, char** argv) { return arshjul::bench::Main(argc, argv); }
