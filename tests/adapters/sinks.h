// Real receivers for the adapters' tests, each a child process on a free
// loopback port: SmtpSink (aiosmtpd, tests/adapters/smtp_sink.py) and HttpSink
// (Python's http.server, tests/adapters/http_sink.py). Each writes what it
// received into a folder, one JSON file per message or request, which the
// test reads back. Stopped (SIGTERM) on destruction.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace arshjul::testing {

// A child process started from argv; killed and reaped on destruction.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  pid_t pid() const { return pid_; }
  void Stop();  // SIGTERM, then wait

 private:
  pid_t pid_ = -1;
};

// Waits (polling a real process, not a fake clock) until `path` exists. False on timeout.
bool WaitForFile(const std::string& path, std::chrono::milliseconds timeout);

// The JSON files in `dir` named <prefix>*.json, in name order.
std::vector<nlohmann::json> ReadRecords(const std::string& dir, const std::string& prefix);

// A test certificate authority and a server certificate it signed for
// localhost and 127.0.0.1 (tests/support/make_test_ca.sh), in a temp folder.
class TestCa {
 public:
  TestCa();
  std::string ca_file() const { return dir_.Sub("ca.pem"); }
  std::string cert_file() const { return dir_.Sub("server.pem"); }
  std::string key_file() const { return dir_.Sub("server.key"); }

 private:
  TempDir dir_;
};

class SmtpSink {
 public:
  // `reject`: addresses refused with 550 at RCPT TO; `tempfail`: with 451. `port` 0: a free one.
  explicit SmtpSink(std::vector<std::string> reject = {}, std::vector<std::string> tempfail = {}, int port = 0);
  // A server that requires STARTTLS (presenting `ca`'s certificate) and then
  // AUTH as `user` with `password`.
  SmtpSink(const TestCa& ca, const std::string& user, const std::string& password);
  int port() const { return port_; }
  std::vector<nlohmann::json> Messages() const { return ReadRecords(dir_.Sub("mail"), "msg-"); }
  // Waits until at least `n` messages arrived.
  bool WaitForMessages(size_t n, std::chrono::milliseconds timeout) const;

 private:
  void Start(std::vector<std::string> extra, int port);
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

class HttpSink {
 public:
  HttpSink();
  // An https receiver presenting `ca`'s server certificate.
  explicit HttpSink(const TestCa& ca);
  int port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const;
  std::vector<nlohmann::json> Requests() const { return ReadRecords(dir_.Sub("requests"), "req-"); }

 private:
  void Start(std::vector<std::string> extra);
  TempDir dir_;
  std::string scheme_ = "http";
  int port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

// A loopback port nobody listens on (bound, then closed).
int UnusedPort();

}  // namespace arshjul::testing
