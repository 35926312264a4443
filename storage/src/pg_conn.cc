#include "pg_conn.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace arshjul::storage::pg {
namespace {

constexpr Oid kInt8 = 20, kInt4 = 23, kText = 25, kBytea = 17;

uint64_t LoadBe64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Params& Params::Add(Oid type, std::string bytes) {
  lengths_.push_back(static_cast<int>(bytes.size()));
  values_.push_back(std::move(bytes));
  types_.push_back(type);
  formats_.push_back(1);
  return *this;
}

Params& Params::Int8(int64_t v) {
  std::string b(8, '\0');
  auto u = static_cast<uint64_t>(v);
  for (int i = 7; i >= 0; --i, u >>= 8) b[i] = static_cast<char>(u & 0xff);
  return Add(kInt8, std::move(b));
}

Params& Params::Int4(int32_t v) {
  uint32_t be = htonl(static_cast<uint32_t>(v));
  return Add(kInt4, std::string(reinterpret_cast<const char*>(&be), 4));
}

Params& Params::Text(std::string_view v) { return Add(kText, std::string(v)); }
Params& Params::Bytea(std::string_view v) { return Add(kBytea, std::string(v)); }

const char* const* Params::values() const {
  pointers_.clear();
  for (const auto& v : values_) pointers_.push_back(v.data());
  return pointers_.data();
}

int64_t Rows::Int8(int row, int col) const {
  if (PQgetlength(r_.get(), row, col) != 8) return 0;
  return static_cast<int64_t>(LoadBe64(PQgetvalue(r_.get(), row, col)));
}

int32_t Rows::Int4(int row, int col) const {
  if (PQgetlength(r_.get(), row, col) != 4) return 0;
  uint32_t be;
  std::memcpy(&be, PQgetvalue(r_.get(), row, col), 4);
  return static_cast<int32_t>(ntohl(be));
}

Result<std::unique_ptr<Conn>> Conn::Connect(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) return Status::IOError("kunde inte ansluta till PostgreSQL (slut på minne)");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(c));
    PQfinish(c);
    return Status::IOError("kunde inte ansluta till PostgreSQL: " + msg);
  }
  std::unique_ptr<Conn> conn(new Conn(c, conninfo));
  // Appends are ordered by the log head's row lock; READ COMMITTED suffices and
  // is stated here so that a server default of SERIALIZABLE does not make
  // waiting writers fail instead of queueing.
  ARSHJUL_RETURN_IF_ERROR(conn->Run("SET default_transaction_isolation = 'read committed'"));
  return conn;
}

Conn::~Conn() { PQfinish(c_); }

Status Conn::Reconnect() {
  PQfinish(c_);
  c_ = PQconnectdb(conninfo_.c_str());
  if (c_ != nullptr && PQstatus(c_) == CONNECTION_OK) {
    return Run("SET default_transaction_isolation = 'read committed'");
  }
  return Status::IOError("kunde inte återansluta till PostgreSQL: " + Trim(c_ ? PQerrorMessage(c_) : "slut på minne"));
}

Status Conn::ErrorOf(const PGresult* r, std::string_view what) const {
  std::string msg = r ? Trim(PQresultErrorMessage(r)) : "";
  if (msg.empty()) msg = Trim(PQerrorMessage(c_));
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string prefix(what);
  if (Broken() || sqlstate.starts_with("08")) {
    return Status::IOError(prefix + ": förbindelsen med PostgreSQL bröts (" + msg + ")");
  }
  if (sqlstate == "53100") return Status::IOError(prefix + ": databasserverns disk är full (" + msg + ")");
  if (sqlstate == "25006") return Status::IOError(prefix + ": servern tar bara emot läsningar (" + msg + ")");
  if (sqlstate.starts_with("XX")) return Status::Corruption(prefix + ": " + msg);
  if (sqlstate == "3F000" || sqlstate == "42P01") return Status::NotFound(prefix + ": " + msg);
  return Status::IOError(prefix + ": " + msg + (sqlstate.empty() ? "" : " [" + sqlstate + "]"));
}

Result<Rows> Conn::Exec(const std::string& sql, const Params& params) {
  PGresult* r = PQexecParams(c_, sql.c_str(), params.size(), params.types(), params.values(), params.lengths(),
                             params.formats(), /*resultFormat=*/1);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    Status err = ErrorOf(r, "PostgreSQL");
    PQclear(r);
    return err;
  }
  return Rows(r);
}

Status Conn::Run(const std::string& sql) {
  PGresult* r = PQexec(c_, sql.c_str());
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  Status out = (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) ? Status::Ok() : ErrorOf(r, "PostgreSQL");
  PQclear(r);
  return out;
}

Result<std::vector<Rows>> Conn::Pipeline(const std::vector<Statement>& statements) {
  if (PQenterPipelineMode(c_) != 1) return ErrorOf(nullptr, "PostgreSQL (pipeline)");
  Status sent;
  for (const Statement& s : statements) {
    if (PQsendQueryParams(c_, s.sql.c_str(), s.params.size(), s.params.types(), s.params.values(),
                          s.params.lengths(), s.params.formats(), 1) != 1) {
      sent = ErrorOf(nullptr, "PostgreSQL (sändning)");
      break;
    }
  }
  if (sent.ok() && PQpipelineSync(c_) != 1) sent = ErrorOf(nullptr, "PostgreSQL (sändning)");
  if (!sent.ok()) {
    PQexitPipelineMode(c_);
    return sent;
  }
  std::vector<Rows> out;
  Status first_error;
  // Results: one (or none, if not executed) per statement, each followed by a
  // null; then the sync marker.
  int idle = 0;
  for (;;) {
    PGresult* r = PQgetResult(c_);
    if (r == nullptr) {
      // A null separates the results of two statements; two in a row without
      // the sync marker means the connection gave up.
      if (Broken() || ++idle > 2) {
        first_error = first_error.ok() ? ErrorOf(nullptr, "PostgreSQL") : first_error;
        break;
      }
      continue;
    }
    idle = 0;
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      out.emplace_back(r);
      continue;
    }
    if (first_error.ok() && st != PGRES_PIPELINE_ABORTED) first_error = ErrorOf(r, "PostgreSQL");
    if (first_error.ok()) first_error = Status::IOError("PostgreSQL: satsen avbröts");
    PQclear(r);
    if (Broken()) break;
  }
  PQexitPipelineMode(c_);
  if (!first_error.ok()) return first_error;
  return out;
}

Result<bool> Conn::IsWritable() {
  auto r = Exec("SELECT pg_is_in_recovery()");
  if (!r.ok()) return r.status();
  return r->size() == 1 && r->Bytes(0, 0) == std::string_view("\0", 1);
}

Result<std::optional<int64_t>> Conn::DrainNotifications() {
  if (PQconsumeInput(c_) != 1) return ErrorOf(nullptr, "PostgreSQL (LISTEN)");
  std::optional<int64_t> best;
  while (PGnotify* note = PQnotifies(c_)) {
    char* end = nullptr;
    long long v = std::strtoll(note->extra, &end, 10);
    int64_t value = (end != note->extra && *end == '\0') ? v : -1;
    best = best ? std::max(*best, value) : value;
    PQfreemem(note);
  }
  return best;
}

bool IsPostgresLocation(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

}  // namespace arshjul::storage::pg
