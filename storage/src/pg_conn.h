// pg::Conn: a small RAII wrapper over one libpq connection, with binary
// parameters and binary results, and a pipeline of statements sent in one
// round trip. Internal to storage/. libpq types never leave storage/src.
//
// A Conn is not thread-safe: its owner serialises use (PostgresStore holds a
// mutex per connection). Errors are Status values; SQLSTATE classes are mapped
// to codes (connection loss and server errors: IOError; data corruption:
// Corruption) with a Swedish message naming what was being done.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/status.h"

namespace arshjul::storage::pg {

// Binary parameters for one statement. Values are copied; the pointer arrays
// are valid while the Params lives and is not changed.
class Params {
 public:
  Params& Int8(int64_t v);
  Params& Int4(int32_t v);
  Params& Text(std::string_view v);
  Params& Bytea(std::string_view v);
  int size() const { return static_cast<int>(values_.size()); }
  const Oid* types() const { return types_.data(); }
  const char* const* values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  Params& Add(Oid type, std::string bytes);
  std::vector<std::string> values_;
  std::vector<Oid> types_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  mutable std::vector<const char*> pointers_;
};

// The rows of one binary-format result. Owns the PGresult.
class Rows {
 public:
  Rows() = default;
  explicit Rows(PGresult* r) : r_(r, &PQclear) {}
  int size() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  int64_t Int8(int row, int col) const;
  int32_t Int4(int row, int col) const;
  std::string_view Bytes(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col))};
  }

 private:
  std::shared_ptr<PGresult> r_;  // shared: Rows is a cheap copyable handle onto one immutable result
};

struct Statement {
  std::string sql;
  Params params;
};

class Conn {
 public:
  // Connects with a libpq connection string (key=value or postgresql:// URI).
  static Result<std::unique_ptr<Conn>> Connect(const std::string& conninfo);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // One statement with binary parameters; binary results.
  Result<Rows> Exec(const std::string& sql, const Params& params = {});
  // Plain SQL (may hold several statements), text protocol; for DDL and
  // transaction control.
  Status Run(const std::string& sql);
  // Sends every statement in one round trip (libpq pipeline mode) and returns
  // their results in order; the first failing statement's error otherwise
  // (statements after it were not executed).
  Result<std::vector<Rows>> Pipeline(const std::vector<Statement>& statements);

  // True when the connection is lost (the server went away).
  bool Broken() const { return PQstatus(c_) == CONNECTION_BAD; }
  // Reconnects with the same connection string (a multi-host string picks the
  // host that now accepts writes).
  Status Reconnect();
  // Whether the session may write (false on a standby).
  Result<bool> IsWritable();

  // LISTEN support: the socket to wait on, and draining notifications.
  int Socket() const { return PQsocket(c_); }
  // Reads what the server sent; returns the largest integer payload among the
  // notifications that arrived (-1 if none carried one), nullopt if none arrived.
  Result<std::optional<int64_t>> DrainNotifications();

 private:
  explicit Conn(PGconn* c, std::string conninfo) : c_(c), conninfo_(std::move(conninfo)) {}
  Status ErrorOf(const PGresult* r, std::string_view what) const;

  PGconn* c_;
  std::string conninfo_;
};

// Whether `location` names a PostgreSQL database rather than a folder.
bool IsPostgresLocation(std::string_view location);

}  // namespace arshjul::storage::pg
