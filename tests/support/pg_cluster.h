// PgCluster: a throwaway PostgreSQL 15 cluster for tests and benchmarks —
// initdb and pg_ctl in a fresh mktemp folder (run as the postgres user through
// `runuser -u postgres` when the tests run as root, since initdb refuses
// root), its Unix socket in that folder, optionally a loopback TCP port chosen
// free at run time. Stopped and removed on destruction. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

namespace arshjul::testing {

class PgCluster {
 public:
  struct Options {
    bool durable = true;           // false: fsync off (for suites that do not test durability)
    bool tcp = false;              // also listen on 127.0.0.1 at a free port
    std::string extra_conf;        // lines appended to postgresql.conf
  };
  // Starts a new cluster; nullptr and `error` set on failure.
  static std::unique_ptr<PgCluster> Start(const Options& options, std::string* error);
  // Starts a streaming-replication standby of `primary` (which needs tcp) from a pg_basebackup.
  static std::unique_ptr<PgCluster> StartStandby(const PgCluster& primary, const Options& options, std::string* error);
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // A libpq URI for the postgres database over the Unix socket; with
  // `schema`, its tables are created in and read from that schema.
  std::string ConnInfo(const std::string& schema = "") const;
  // host=127.0.0.1 port=N (needs tcp).
  int port() const { return port_; }
  // Runs SQL as the superuser; returns an empty string or the error.
  std::string Sql(const std::string& sql) const;
  // The first cell of a query's result as text; nullopt on error or no rows.
  std::optional<std::string> Value(const std::string& sql) const;
  // A fresh schema for one test, named uniquely; returns ConnInfo(schema).
  std::string NewSchema();

  pid_t PostmasterPid() const;
  // SIGKILLs the postmaster and every process it started (a lost machine).
  void KillHard();
  // pg_ctl promote, waiting until the standby accepts writes; empty or the error.
  std::string Promote();

 private:
  PgCluster() = default;
  bool Boot(const Options& options, std::string* error);
  std::string root_;  // the mktemp folder: data/, the socket, log
  int port_ = 5432;
  bool running_ = false;
  int schemas_ = 0;
};

// The cluster shared by one test binary: started on first use, stopped when
// the binary's tests end (a GoogleTest environment). Fails the test if it
// cannot start.
PgCluster& SharedPgCluster();

// Runs a shell command as the cluster's owner (postgres when root); exit status.
int RunAsOwner(const std::string& command);

}  // namespace arshjul::testing
