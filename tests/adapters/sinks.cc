#include "sinks.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

extern char** environ;

namespace arshjul::testing {

namespace fs = std::filesystem;

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (posix_spawn(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) pid_ = -1;
}

ChildProcess::~ChildProcess() { Stop(); }

void ChildProcess::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool WaitForFile(const std::string& path, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!fs::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::vector<nlohmann::json> ReadRecords(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> names;
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      std::string name = e.path().filename().string();
      if (name.rfind(prefix, 0) == 0 && e.path().extension() == ".json") names.push_back(e.path().string());
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<nlohmann::json> out;
  for (const auto& n : names) {
    std::ifstream in(n);
    out.push_back(nlohmann::json::parse(in));
  }
  return out;
}

static int ReadPort(const std::string& file) {
  std::ifstream in(file);
  int port = 0;
  in >> port;
  return port;
}

SmtpSink::SmtpSink(std::vector<std::string> reject, std::vector<std::string> tempfail, int port) {
  std::vector<std::string> extra;
  for (const auto& r : reject) extra.insert(extra.end(), {"--reject", r});
  for (const auto& t : tempfail) extra.insert(extra.end(), {"--tempfail", t});
  Start(extra, port);
}

SmtpSink::SmtpSink(const TestCa& ca, const std::string& user, const std::string& password) {
  Start({"--tls-cert", ca.cert_file(), "--tls-key", ca.key_file(), "--auth", user + ":" + password}, 0);
}

void SmtpSink::Start(std::vector<std::string> extra, int port) {
  std::vector<std::string> argv = {"/usr/bin/python3", std::string(ARSHJUL_TEST_SCRIPTS) + "/smtp_sink.py",
                                   "--dir", dir_.Sub("mail"), "--port-file", dir_.Sub("port"),
                                   "--port", std::to_string(port)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  child_ = std::make_unique<ChildProcess>(argv);
  EXPECT_TRUE(WaitForFile(dir_.Sub("port"), std::chrono::seconds(20))) << "the SMTP sink did not start";
  port_ = ReadPort(dir_.Sub("port"));
}

bool SmtpSink::WaitForMessages(size_t n, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Messages().size() < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

TestCa::TestCa() {
  std::string cmd = "bash '" + std::string(ARSHJUL_SOURCE_DIR) + "/tests/support/make_test_ca.sh' '" + dir_.path().string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "the test CA could not be made (openssl)";
}

HttpSink::HttpSink() { Start({}); }

HttpSink::HttpSink(const TestCa& ca) : scheme_("https") {
  Start({"--tls-cert", ca.cert_file(), "--tls-key", ca.key_file()});
}

void HttpSink::Start(std::vector<std::string> extra) {
  std::vector<std::string> argv{"/usr/bin/python3", std::string(ARSHJUL_TEST_SCRIPTS) + "/http_sink.py", "--dir",
                                dir_.Sub("requests"), "--port-file", dir_.Sub("port")};
  argv.insert(argv.end(), extra.begin(), extra.end());
  child_ = std::make_unique<ChildProcess>(argv);
  EXPECT_TRUE(WaitForFile(dir_.Sub("port"), std::chrono::seconds(20))) << "the HTTP sink did not start";
  port_ = ReadPort(dir_.Sub("port"));
}

std::string HttpSink::Url(const std::string& path) const {
  return scheme_ + "://127.0.0.1:" + std::to_string(port_) + path;
}

int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace arshjul::testing
