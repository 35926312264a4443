#include "support/pg_cluster.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace arshjul::testing {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";

bool IsRoot() { return geteuid() == 0; }

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

// A folder the cluster's owner can use: mkdtemp, then handed to postgres when root.
std::string MakeRoot(std::string* error) {
  // As root, /tmp: a TMPDIR under /root would not be reachable by the postgres user.
  const char* base = IsRoot() ? nullptr : std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/arshjul-pg-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    *error = "mkdtemp failed for " + tmpl;
    return {};
  }
  if (IsRoot()) {
    passwd* pw = getpwnam("postgres");
    if (pw == nullptr || chown(tmpl.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      *error = "cannot hand " + tmpl + " to the postgres user";
      return {};
    }
  }
  chmod(tmpl.c_str(), 0700);
  return tmpl;
}

std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    size_t close_paren = line.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(line.substr(close_paren + 2));
    char state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

}  // namespace

int RunAsOwner(const std::string& command) {
  std::string full = IsRoot() ? "runuser -u postgres -- sh -c '" + command + "'" : command;
  return std::system(full.c_str());
}

bool PgCluster::Boot(const Options& o, std::string* error) {
  std::string conf = root_ + "/data/postgresql.conf";
  std::ofstream out(conf, std::ios::app);
  out << "\nlisten_addresses = '" << (o.tcp ? "127.0.0.1" : "") << "'\n"
      << "port = " << port_ << "\n"
      << "unix_socket_directories = '" << root_ << "'\n"
      << "max_connections = 60\nshared_buffers = 32MB\nmax_wal_size = 256MB\n"
      << (o.durable ? "" : "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n") << o.extra_conf << "\n";
  out.close();
  if (IsRoot()) RunAsOwner("chown postgres " + conf);
  std::string start = std::string(kBin) + "pg_ctl -D " + root_ + "/data -l " + root_ + "/log -w -t 60 start >/dev/null";
  if (RunAsOwner(start) != 0) {
    std::ifstream log(root_ + "/log");
    std::stringstream text;
    text << log.rdbuf();
    *error = "pg_ctl start failed: " + text.str();
    return false;
  }
  running_ = true;
  return true;
}

std::unique_ptr<PgCluster> PgCluster::Start(const Options& o, std::string* error) {
  std::unique_ptr<PgCluster> c(new PgCluster());
  c->root_ = MakeRoot(error);
  if (c->root_.empty()) return nullptr;
  if (o.tcp) c->port_ = FreeLoopbackPort();
  std::string init = std::string(kBin) + "initdb -D " + c->root_ + "/data -U postgres -A trust --no-sync -E UTF8 " +
                     "--locale=C >" + c->root_ + "/initdb.log 2>&1";
  if (RunAsOwner(init) != 0) {
    *error = "initdb failed (see " + c->root_ + "/initdb.log)";
    return nullptr;
  }
  if (!c->Boot(o, error)) return nullptr;
  return c;
}

std::unique_ptr<PgCluster> PgCluster::StartStandby(const PgCluster& primary, const Options& o, std::string* error) {
  std::unique_ptr<PgCluster> c(new PgCluster());
  c->root_ = MakeRoot(error);
  if (c->root_.empty()) return nullptr;
  c->port_ = FreeLoopbackPort();
  std::string backup = std::string(kBin) + "pg_basebackup -h 127.0.0.1 -p " + std::to_string(primary.port_) +
                       " -U postgres -D " + c->root_ + "/data -R -X stream -c fast >" + c->root_ +
                       "/basebackup.log 2>&1";
  if (RunAsOwner(backup) != 0) {
    *error = "pg_basebackup failed (see " + c->root_ + "/basebackup.log)";
    return nullptr;
  }
  Options standby = o;
  standby.tcp = true;
  // Promoted, it runs alone until a new standby joins (pg_auto_failover's
  // wait_primary): the primary's synchronous_standby_names, copied by the
  // base backup, would make every commit wait for a standby that is gone.
  standby.extra_conf += "\ncluster_name = 'standby1'\nhot_standby = on\nsynchronous_standby_names = ''\n";
  if (!c->Boot(standby, error)) return nullptr;
  return c;
}

PgCluster::~PgCluster() {
  if (running_) {
    RunAsOwner(std::string(kBin) + "pg_ctl -D " + root_ + "/data -m immediate -w stop >/dev/null 2>&1");
  }
  std::error_code ec;
  if (!root_.empty()) std::filesystem::remove_all(root_, ec);
}

std::string PgCluster::ConnInfo(const std::string& schema) const {
  std::string uri = "postgresql:///postgres?host=" + root_ + "&port=" + std::to_string(port_) + "&user=postgres";
  if (!schema.empty()) uri += "&options=-csearch_path%3D" + schema;
  return uri;
}

std::string PgCluster::Sql(const std::string& sql) const {
  PGconn* c = PQconnectdb(ConnInfo().c_str());
  std::string err;
  if (PQstatus(c) != CONNECTION_OK) {
    err = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  return err;
}

std::optional<std::string> PgCluster::Value(const std::string& sql) const {
  PGconn* c = PQconnectdb(ConnInfo().c_str());
  std::optional<std::string> out;
  if (PQstatus(c) == CONNECTION_OK) {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PQfinish(c);
  return out;
}

std::string PgCluster::NewSchema() {
  std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++schemas_);
  std::string err = Sql("CREATE SCHEMA " + name);
  EXPECT_EQ(err, "") << "create schema " << name;
  return ConnInfo(name);
}

pid_t PgCluster::PostmasterPid() const {
  std::ifstream pidfile(root_ + "/data/postmaster.pid");
  long pid = 0;
  pidfile >> pid;
  return static_cast<pid_t>(pid);
}

void PgCluster::KillHard() {
  pid_t pm = PostmasterPid();
  if (pm <= 0) return;
  kill(pm, SIGSTOP);  // frozen, it starts no new backend while its children are listed
  std::vector<pid_t> children = ChildrenOf(pm);
  kill(pm, SIGKILL);
  for (pid_t c : children) kill(c, SIGKILL);
  running_ = false;
}

std::string PgCluster::Promote() {
  std::string cmd = std::string(kBin) + "pg_ctl -D " + root_ + "/data -w -t 60 promote >/dev/null";
  return RunAsOwner(cmd) == 0 ? "" : "pg_ctl promote failed";
}

namespace {

std::unique_ptr<PgCluster>& Shared() {
  static std::unique_ptr<PgCluster> cluster;
  return cluster;
}

class SharedClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { Shared().reset(); }
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedClusterEnvironment);

}  // namespace

PgCluster& SharedPgCluster() {
  if (!Shared()) {
    std::string error;
    PgCluster::Options o;
    o.durable = false;  // the conformance suite tests behaviour, not fsync; the failover test is durable
    Shared() = PgCluster::Start(o, &error);
    if (!Shared()) {
      ADD_FAILURE() << "could not start a PostgreSQL cluster: " << error;
      std::abort();
    }
  }
  return *Shared();
}

}  // namespace arshjul::testing
