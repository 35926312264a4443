// PostgresStore: opening, the schema and the append transaction.
#include "postgres_store.h"

#include <cstring>

#include "append_support.h"
#include "envelope_codec.h"
#include "tree_runs.h"

namespace arshjul::storage {
namespace {

// The schema. Every statement is idempotent; an advisory lock keeps two
// processes opening a fresh database from racing.
constexpr const char* kSchemaSql = R"sql(
BEGIN;
SELECT pg_advisory_xact_lock(7142016);
CREATE TABLE IF NOT EXISTS arshjul_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS arshjul_log_head (
  id int PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL,
  hash bytea NOT NULL,
  recorded_us bigint NOT NULL);
CREATE TABLE IF NOT EXISTS arshjul_events (
  position bigint PRIMARY KEY,
  stream text NOT NULL,
  stream_version bigint NOT NULL,
  event_type text NOT NULL,
  effective_us bigint NOT NULL,
  recorded_us bigint NOT NULL,
  command_id text NOT NULL,
  hash bytea NOT NULL,
  envelope bytea NOT NULL,
  UNIQUE (stream, stream_version));
CREATE INDEX IF NOT EXISTS arshjul_events_by_type ON arshjul_events (event_type, position);
CREATE INDEX IF NOT EXISTS arshjul_events_by_effective ON arshjul_events (effective_us, position);
CREATE INDEX IF NOT EXISTS arshjul_events_by_recorded ON arshjul_events (recorded_us, position);
CREATE TABLE IF NOT EXISTS arshjul_commands (
  command_id text PRIMARY KEY,
  stream text NOT NULL,
  first_position bigint NOT NULL,
  count int NOT NULL,
  first_version bigint NOT NULL,
  recorded_us bigint NOT NULL);
INSERT INTO arshjul_log_head VALUES (1, -1, decode(repeat('00', 32), 'hex'), 0) ON CONFLICT DO NOTHING;
INSERT INTO arshjul_meta VALUES ('format', '1') ON CONFLICT DO NOTHING;
COMMIT;
)sql";

constexpr const char* kFindCommand =
    "SELECT first_position, count, first_version, recorded_us, stream FROM arshjul_commands WHERE command_id = $1";
constexpr const char* kStreamVersion = "SELECT max(stream_version) FROM arshjul_events WHERE stream = $1";
constexpr const char* kInsertCommand = "INSERT INTO arshjul_commands VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kNotify = "SELECT pg_notify('arshjul_log', $1)";
constexpr size_t kRowsPerInsert = 4096;  // 9 parameters a row; PostgreSQL allows 65535

Timestamp FromMicros(int64_t us) { return Timestamp(std::chrono::microseconds(us)); }
int64_t Micros(Timestamp t) { return t.time_since_epoch().count(); }

AppendResult CommandResult(const pg::Rows& rows) {
  AppendResult r;
  r.first_position = static_cast<uint64_t>(rows.Int8(0, 0));
  r.count = static_cast<uint32_t>(rows.Int4(0, 1));
  r.first_version = static_cast<uint64_t>(rows.Int8(0, 2));
  r.recorded_at = FromMicros(rows.Int8(0, 3));
  r.duplicate = true;
  return r;
}

pg::Statement Stmt(std::string sql, pg::Params params = {}) { return pg::Statement{std::move(sql), std::move(params)}; }

}  // namespace

namespace pgsql {

Status DecodeRow(const pg::Rows& rows, int row, RecordedEvent* out) {
  std::string value = MakeStoredValue(Hash{}, rows.Bytes(row, 2));
  std::string_view hash = rows.Bytes(row, 1);
  if (hash.size() != 32) return Status::Corruption("lagrad hash har fel längd");
  std::memcpy(value.data(), hash.data(), 32);
  uint64_t position = static_cast<uint64_t>(rows.Int8(row, 0));
  Status st = DecodeStoredValue(value, out);
  if (!st.ok()) return st.WithContext("position " + std::to_string(position));
  if (out->position != position) {
    return Status::Corruption("händelsen på position " + std::to_string(position) + " säger sig ha position " +
                              std::to_string(out->position));
  }
  return Status::Ok();
}

std::string InsertEventsSql(size_t rows) {
  std::string sql =
      "INSERT INTO arshjul_events (position, stream, stream_version, event_type, effective_us, recorded_us, "
      "command_id, hash, envelope) VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ",(";
    for (int c = 1; c <= 9; ++c) {
      sql += "$" + std::to_string(r * 9 + c);
      sql += c == 9 ? ")" : ",";
    }
  }
  return sql;
}

void AddEventParams(const EventRow& e, pg::Params* p) {
  p->Int8(static_cast<int64_t>(e.position))
      .Text(e.stream)
      .Int8(static_cast<int64_t>(e.stream_version))
      .Text(e.type)
      .Int8(Micros(e.effective_at))
      .Int8(Micros(e.recorded_at))
      .Text(e.command_id)
      .Bytea(std::string_view(reinterpret_cast<const char*>(e.hash->data()), e.hash->size()))
      .Bytea(e.canonical);
}

void AddEventParams(const RecordedEvent& e, std::string_view canonical, pg::Params* p) {
  AddEventParams(EventRow{e.position, e.stream, e.stream_version, e.type, e.effective_at, e.recorded_at, e.command_id,
                          &e.hash, canonical},
                 p);
}

}  // namespace pgsql

PostgresStore::PostgresStore(std::string conninfo, StoreOptions options)
    : conninfo_(std::move(conninfo)), options_(std::move(options)) {}

PostgresStore::~PostgresStore() {
  stopping_ = true;
  if (listener_thread_.joinable()) listener_thread_.join();
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& conninfo, StoreOptions options) {
  if (options.clock == nullptr || options.ids == nullptr) {
    return Status::InvalidArgument("datalagret behöver en klocka och en id-källa");
  }
  bool read_only = options.read_only;
  std::unique_ptr<PostgresStore> store(new PostgresStore(conninfo, std::move(options)));
  auto reader = pg::Conn::Connect(conninfo);
  if (!reader.ok()) return reader.status();
  store->reader_ = std::move(reader).value();
  const std::string kFormat = "SELECT value FROM arshjul_meta WHERE key = 'format'";
  auto format = store->Read(kFormat, {});
  if (!read_only) {
    auto writer = pg::Conn::Connect(conninfo);
    if (!writer.ok()) return writer.status();
    store->writer_ = std::move(writer).value();
    // Tables are created only when missing, so that a role without CREATE can use an existing store.
    if (!format.ok() && format.status().code() == StatusCode::kNotFound) {
      ARSHJUL_RETURN_IF_ERROR(store->CreateSchema());
      format = store->Read(kFormat, {});
    }
  }
  if (!format.ok()) {
    if (format.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("det finns inget arshjul-lager i databasen (" + format.status().message() + ")");
    }
    return format.status();
  }
  std::string_view marker = format->size() == 1 ? format->Bytes(0, 0) : std::string_view();
  if (marker != "1" && marker != "2") return Status::InvalidArgument("databasens arshjul-lager har ett okänt format");
  // Format 1 was made before the Merkle tree: a writable open builds it (format 2).
  if (!read_only) ARSHJUL_RETURN_IF_ERROR(store->EnsureTree(marker == "1"));
  store->has_tree_ = marker == "2" || !read_only;
  return store;
}

Status PostgresStore::CreateSchema() {
  // Quiet the NOTICEs of CREATE … IF NOT EXISTS.
  ARSHJUL_RETURN_IF_ERROR(writer_->Run("SET client_min_messages = warning"));
  Status st = writer_->Run(kSchemaSql);
  if (!st.ok()) {
    (void)writer_->Run("ROLLBACK");
    return st.WithContext("kunde inte skapa tabellerna");
  }
  return Status::Ok();
}

Status PostgresStore::EnsureWriter() {
  if (options_.read_only) return Status::InvalidArgument("datalagret är öppnat endast för läsning");
  if (writer_ && !writer_->Broken()) return Status::Ok();
  if (!writer_) {
    auto c = pg::Conn::Connect(conninfo_);
    if (!c.ok()) return c.status();
    writer_ = std::move(c).value();
    return Status::Ok();
  }
  return writer_->Reconnect();
}

Status PostgresStore::Rollback() {
  if (writer_->Broken()) return Status::Ok();  // the server rolls back a lost session
  return writer_->Run("ROLLBACK");
}

Result<AppendResult> PostgresStore::Append(const AppendRequest& request) {
  ARSHJUL_RETURN_IF_ERROR(ValidateAppendRequest(request, options_));
  std::lock_guard lk(write_mu_);
  ARSHJUL_RETURN_IF_ERROR(EnsureWriter());
  bool before_commit = false;
  auto r = AppendLocked(request, &before_commit);
  if (!r.ok() && before_commit && writer_->Broken()) {
    // The session was lost before anything was sent for commit (an idle
    // connection to a primary that has since failed over): nothing was
    // written, so reconnecting and trying once more is safe.
    ARSHJUL_RETURN_IF_ERROR(EnsureWriter());
    r = AppendLocked(request, &before_commit);
  }
  if (r.ok() && !r->duplicate) NoteHead(r->last_position());
  return r;
}

Result<AppendResult> PostgresStore::AppendLocked(const AppendRequest& req, bool* failed_before_commit) {
  *failed_before_commit = false;
  // Round trip 1: begin, take the head's row lock, then (seeing every append
  // committed before the lock was granted) look up the command id and the
  // stream's version.
  std::vector<pg::Statement> first;
  first.push_back(Stmt("BEGIN ISOLATION LEVEL READ COMMITTED"));
  if (!options_.sync) first.push_back(Stmt("SET LOCAL synchronous_commit = off"));
  size_t head_at = first.size();
  first.push_back(Stmt(pgsql::kLockHead));
  if (!req.command_id.empty()) first.push_back(Stmt(kFindCommand, pg::Params().Text(req.command_id)));
  first.push_back(Stmt(kStreamVersion, pg::Params().Text(req.stream)));
  auto got = writer_->Pipeline(first);
  if (!got.ok()) {
    *failed_before_commit = true;
    (void)Rollback();
    return got.status().WithContext("kunde inte läsa loggens huvud");
  }
  // BEGIN and SET return no rows but do return a result each.
  const pg::Rows& head_rows = (*got)[head_at];
  if (head_rows.size() != 1) {
    (void)Rollback();
    return Status::Corruption("loggens huvud (arshjul_log_head) saknas");
  }
  Head head;
  int64_t head_pos = head_rows.Int8(0, 0);
  if (head_pos >= 0) head.position = static_cast<uint64_t>(head_pos);
  std::string_view head_hash = head_rows.Bytes(0, 1);
  if (head_hash.size() != 32) {
    (void)Rollback();
    return Status::Corruption("loggens huvud har en hash med fel längd");
  }
  std::memcpy(head.hash.data(), head_hash.data(), 32);
  head.recorded_at = FromMicros(head_rows.Int8(0, 2));

  if (!req.command_id.empty()) {
    const pg::Rows& cmd = (*got)[head_at + 1];
    if (cmd.size() == 1) {
      ARSHJUL_RETURN_IF_ERROR(Rollback());
      std::string stream(cmd.Bytes(0, 4));
      if (stream != req.stream) {
        return Status::Conflict("kommando-id '" + req.command_id + "' är redan använt i strömmen " + stream);
      }
      return CommandResult(cmd);
    }
  }
  const pg::Rows& version_rows = got->back();
  std::optional<uint64_t> current;
  if (version_rows.size() == 1 && !version_rows.IsNull(0, 0)) current = static_cast<uint64_t>(version_rows.Int8(0, 0));
  Status expected = CheckExpectedVersion(req.stream, req.expected, current);
  if (!expected.ok()) {
    ARSHJUL_RETURN_IF_ERROR(Rollback());
    return expected;
  }

  AppendResult r;
  r.first_position = head.position ? *head.position + 1 : 0;
  r.first_version = current ? *current + 1 : 0;
  r.count = static_cast<uint32_t>(req.events.size());
  r.recorded_at = std::max(options_.clock->Now(), head.recorded_at);
  auto rule = head.position ? ChainRuleOf() : Result<ChainRule>(ChainRule::kLeaf);
  if (!rule.ok()) {
    (void)Rollback();
    return rule.status();
  }
  auto tree = pgsql::HeadTree(head_rows, r.first_position);
  if (!tree.ok()) {
    (void)Rollback();
    return tree.status();
  }
  std::vector<PlacedEvent> placed = PlaceEvents(req, r, head.hash, options_.ids, *rule, /*leaf_hashes=*/true);
  std::string run;  // this append's leaves in the Merkle tree: one record
  std::vector<Hash> completed;
  for (const PlacedEvent& e : placed) tree::AppendLeaf(e.leaf, &*tree, &run, &completed);

  // Round trip 2: the rows at explicit positions, the command, the new head, the wake-up, commit.
  std::vector<pg::Statement> second;
  for (size_t at = 0; at < placed.size(); at += kRowsPerInsert) {
    size_t n = std::min(kRowsPerInsert, placed.size() - at);
    pg::Params p;
    for (size_t i = at; i < at + n; ++i) {
      const PlacedEvent& e = placed[i];
      pgsql::AddEventParams(pgsql::EventRow{e.position, req.stream, e.stream_version, e.proposed->type, e.effective_at,
                                            r.recorded_at, req.command_id, &e.hash, e.canonical()},
                            &p);
    }
    second.push_back(Stmt(pgsql::InsertEventsSql(n), std::move(p)));
  }
  if (!req.command_id.empty()) {
    second.push_back(Stmt(kInsertCommand, pg::Params()
                                              .Text(req.command_id)
                                              .Text(req.stream)
                                              .Int8(static_cast<int64_t>(r.first_position))
                                              .Int4(static_cast<int32_t>(r.count))
                                              .Int8(static_cast<int64_t>(r.first_version))
                                              .Int8(Micros(r.recorded_at))));
  }
  second.push_back(pgsql::InsertRun(r.first_position, std::move(run)));
  second.push_back(pgsql::SetHead(r.last_position(), placed.back().hash, r.recorded_at, *tree));
  second.push_back(Stmt(kNotify, pg::Params().Text(std::to_string(r.last_position()))));
  ARSHJUL_RETURN_IF_ERROR(Commit(std::move(second)));
  return r;
}

Status PostgresStore::Commit(std::vector<pg::Statement> statements) {
  statements.push_back(Stmt("COMMIT"));
  auto done = writer_->Pipeline(statements);
  if (done.ok()) return Status::Ok();
  if (writer_->Broken()) {
    return Status::IOError(
        "förbindelsen med PostgreSQL bröts under incheckningen; utfallet är okänt — försök igen med samma "
        "kommando-id (" + done.status().message() + ")");
  }
  (void)Rollback();
  return done.status().WithContext("kunde inte skriva till databasen");
}

Result<std::optional<AppendResult>> PostgresStore::LookupCommand(std::string_view command_id) {
  ARSHJUL_ASSIGN_OR_RETURN(auto rows, Read(kFindCommand, pg::Params().Text(command_id)));
  if (rows.size() == 0) return std::optional<AppendResult>();
  return std::optional<AppendResult>(CommandResult(rows));
}

Result<std::optional<uint64_t>> PostgresStore::StreamVersion(std::string_view stream) {
  ARSHJUL_RETURN_IF_ERROR(ValidateStreamId(stream));
  ARSHJUL_ASSIGN_OR_RETURN(auto rows, Read(kStreamVersion, pg::Params().Text(stream)));
  if (rows.size() != 1 || rows.IsNull(0, 0)) return std::optional<uint64_t>();
  return std::optional<uint64_t>(static_cast<uint64_t>(rows.Int8(0, 0)));
}

std::optional<uint64_t> PostgresStore::HeadPosition() const {
  auto rows = Read("SELECT position FROM arshjul_log_head WHERE id = 1", {});
  if (!rows.ok() || rows->size() != 1 || rows->Int8(0, 0) < 0) return std::nullopt;
  return static_cast<uint64_t>(rows->Int8(0, 0));
}

Result<pg::Rows> PostgresStore::Read(const std::string& sql, const pg::Params& params) const {
  std::lock_guard lk(read_mu_);
  if (reader_->Broken()) ARSHJUL_RETURN_IF_ERROR(reader_->Reconnect());
  auto rows = reader_->Exec(sql, params);
  if (rows.ok() || !reader_->Broken()) return rows;
  // Reads are idempotent: after a lost connection (a failover), try once more.
  ARSHJUL_RETURN_IF_ERROR(reader_->Reconnect());
  return reader_->Exec(sql, params);
}

Result<ChainRule> PostgresStore::ChainRuleOf() const {
  {
    std::lock_guard lk(rule_mu_);
    if (rule_) return *rule_;
  }
  ARSHJUL_ASSIGN_OR_RETURN(pg::Rows first, Read("SELECT hash, envelope FROM arshjul_events WHERE position = 0", {}));
  if (first.size() == 0) return ChainRule::kLeaf;
  std::optional<ChainRule> rule;
  if (first.Bytes(0, 0).size() == 32) {
    Hash h;
    std::memcpy(h.data(), first.Bytes(0, 0).data(), 32);
    rule = RuleOfHash(h, Hash{}, first.Bytes(0, 1));
  }
  if (!rule) return Status::Corruption("händelsen på position 0 har ändrats (hashen stämmer inte)");
  std::lock_guard lk(rule_mu_);
  rule_ = rule;
  return *rule;
}

Status PostgresStore::Backup(const std::string&) {
  return Status::InvalidArgument(
      "ett lager i PostgreSQL säkerhetskopieras med PostgreSQL:s egna verktyg (pg_dump eller pg_basebackup), se "
      "docs/deployment.md");
}

Result<std::unique_ptr<EventStore>> OpenPostgresStore(const std::string& conninfo, StoreOptions options) {
  auto r = PostgresStore::Open(conninfo, std::move(options));
  if (!r.ok()) return r.status();
  return std::unique_ptr<EventStore>(std::move(r).value());
}

}  // namespace arshjul::storage
