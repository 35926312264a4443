// The store under faults: a full disk and a read-only file system injected
// through a RocksDB FileSystem wrapper, a second process holding the store,
// and a writer process killed with SIGKILL in the middle of its appends.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "rocksdb_store.h"
#include "support/store_fixture.h"

extern char** environ;

namespace arshjul::storage {
namespace {

using testing::Event;
using testing::Request;

// ---------------------------------------------------------------------------
// Fault injection: every write to a file fails while a fault is switched on.

// kSyncFails lets data reach the operating system but fails every sync, as
// a failing disk does (EIO from fsync).
enum class Fault { kNone, kNoSpace, kReadOnly, kSyncFails };

rocksdb::IOStatus FaultError(Fault f, const std::string& what) {
  if (f == Fault::kNoSpace) return rocksdb::IOStatus::NoSpace(what, "No space left on device");
  if (f == Fault::kSyncFails) return rocksdb::IOStatus::IOError(what, "Input/output error");
  return rocksdb::IOStatus::IOError(what, "Read-only file system");
}

class FaultyWritableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultyWritableFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::string name, const std::atomic<Fault>& fault)
      : FSWritableFileOwnerWrapper(std::move(file)), name_(std::move(name)), fault_(fault) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("appending to"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Append(data, o, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           const rocksdb::DataVerificationInfo& info, rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("appending to"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Append(data, o, info, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const rocksdb::IOOptions& o,
                                     rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("appending to"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, dbg);
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const rocksdb::IOOptions& o,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("appending to"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, info, dbg);
  }
  rocksdb::IOStatus Flush(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("flushing"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Flush(o, dbg);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("syncing"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Sync(o, dbg);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("syncing"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Fsync(o, dbg);
  }
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t n, const rocksdb::IOOptions& o,
                              rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("syncing"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::RangeSync(offset, n, o, dbg);
  }
  rocksdb::IOStatus Allocate(uint64_t offset, uint64_t len, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* dbg) override {
    if (auto s = Check("allocating"); !s.ok()) return s;
    return FSWritableFileOwnerWrapper::Allocate(offset, len, o, dbg);
  }

 private:
  rocksdb::IOStatus Check(const char* verb) const {
    Fault f = fault_.load();
    bool is_sync = std::string_view(verb) == "syncing";
    if (f == Fault::kNone || (f == Fault::kSyncFails && !is_sync)) return rocksdb::IOStatus::OK();
    return FaultError(f, std::string("While ") + verb + " file: " + name_);
  }

  std::string name_;
  const std::atomic<Fault>& fault_;
};

// A file system over the real one whose writes fail while a fault is set.
// Thread-safe: the switch is atomic.
class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "ArshjulFaultyFileSystem"; }
  void Set(Fault f) { fault_ = f; }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    if (Refuses()) return FaultError(fault_.load(), "While open a file for appending: " + f);
    return Wrap(f, FileSystemWrapper::NewWritableFile(f, o, r, dbg), r);
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                       std::unique_ptr<rocksdb::FSWritableFile>* r,
                                       rocksdb::IODebugContext* dbg) override {
    if (Refuses()) return FaultError(fault_.load(), "While open a file for appending: " + f);
    return Wrap(f, FileSystemWrapper::ReopenWritableFile(f, o, r, dbg), r);
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& f, const std::string& old, const rocksdb::FileOptions& o,
                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                      rocksdb::IODebugContext* dbg) override {
    if (Refuses()) return FaultError(fault_.load(), "While reusing file: " + f);
    return Wrap(f, FileSystemWrapper::ReuseWritableFile(f, old, o, r, dbg), r);
  }

 private:
  // New files cannot be created on a full or read-only disk.
  bool Refuses() const { return fault_.load() == Fault::kNoSpace || fault_.load() == Fault::kReadOnly; }
  rocksdb::IOStatus Wrap(const std::string& name, rocksdb::IOStatus s, std::unique_ptr<rocksdb::FSWritableFile>* r) {
    if (s.ok()) *r = std::make_unique<FaultyWritableFile>(std::move(*r), name, fault_);
    return s;
  }

  std::atomic<Fault> fault_{Fault::kNone};
};

// Reads the whole log; fails the test on a read error.
std::vector<RecordedEvent> ReadLog(EventStore& store) {
  std::vector<RecordedEvent> out;
  auto cur = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  for (;;) {
    auto more = cur->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    out.push_back(cur->event());
  }
  return out;
}

struct DiskFaultCase {
  const char* name;
  Fault fault;
  const char* data_dir;  // inside the test's temporary folder
  const char* words;     // what the Swedish message must say
};

void PrintTo(const DiskFaultCase& c, std::ostream* os) { *os << c.name; }

class DiskFaultTest : public ::testing::TestWithParam<DiskFaultCase> {};

// A write that fails on the disk is an IOError that says why, leaves no trace
// of the failed append, and the store is whole after the fault is gone.
TEST_P(DiskFaultTest, FailedWriteIsAClearIOErrorAndLeavesNoPartialEvents) {
  const DiskFaultCase& c = GetParam();
  testing::StoreHarness h;
  const std::string dir = h.dir.Sub(c.data_dir);
  std::filesystem::create_directories(std::filesystem::path(dir).parent_path());
  auto fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);

  std::vector<std::string> acknowledged;
  {
    auto opened = OpenStoreWithEnv(dir, h.Options(), env.get());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EventStore& store = *opened.value();
    for (int i = 0; i < 4; ++i) {
      std::string p = "före-" + std::to_string(i);
      auto r = store.Append(Request("organ/ks", {Event("T", p)}));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      acknowledged.push_back(p);
    }
    auto two = store.Append(Request("organ/bun", {Event("T", "före-4"), Event("U", "före-5")}));
    ASSERT_TRUE(two.ok()) << two.status().ToString();
    acknowledged.insert(acknowledged.end(), {"före-4", "före-5"});

    fs->Set(c.fault);
    auto failed = store.Append(Request("organ/ks", {Event("T", "under-0"), Event("T", "under-1")}));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.status().code(), StatusCode::kIOError) << failed.status().ToString();
    EXPECT_NE(failed.status().message().find(c.words), std::string::npos) << failed.status().message();
    auto again = store.Append(Request("organ/new", {Event("T", "under-2")}, ExpectedVersion::NoStream()));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.status().code(), StatusCode::kIOError) << again.status().ToString();

    // Nothing of the failed appends is visible, neither head nor stream nor log.
    EXPECT_EQ(store.HeadPosition(), acknowledged.size() - 1);
    auto v = store.StreamVersion("organ/ks");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, std::optional<uint64_t>(3));
    EXPECT_EQ(ReadLog(store).size(), acknowledged.size());
    fs->Set(Fault::kNone);
  }

  // Reopened over the ordinary file system: exactly the acknowledged events.
  auto reopened = OpenStore(dir, h.Options());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EventStore& store = *reopened.value();
  VerifyReport rep = store.Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_EQ(rep.event_count, acknowledged.size());
  std::vector<std::string> payloads;
  for (const RecordedEvent& e : ReadLog(store)) payloads.push_back(e.payload);
  EXPECT_EQ(payloads, acknowledged);
  auto none = store.StreamVersion("organ/new");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // And the store takes appends again, chained to the acknowledged head.
  auto after = store.Append(Request("organ/ks", {Event("T", "efter")}, ExpectedVersion::Exact(3)));
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->first_position, acknowledged.size());
  EXPECT_TRUE(store.Verify({}).ok);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, DiskFaultTest,
    ::testing::Values(DiskFaultCase{"DiskFull", Fault::kNoSpace, "data", "disken är full"},
                      DiskFaultCase{"ReadOnly", Fault::kReadOnly, "data", "skrivskyddat"},
                      // A path that happens to contain "lock" must not read as a held store.
                      DiskFaultCase{"DiskFullUnderBlocks", Fault::kNoSpace, "blocks/data", "disken är full"},
                      DiskFaultCase{"ReadOnlyUnderClock", Fault::kReadOnly, "clock-data", "skrivskyddat"}),
    [](const auto& p) { return std::string(p.param.name); });

// When the sync fails after the data reached the operating system, the
// append's outcome is unknown to the caller: after a restart the log holds
// the acknowledged events and either all or none of the failed append — never
// a part — and retrying with the same command id writes it at most once.
TEST(DiskFault, FailedSyncLeavesAllOrNothingAndRetryIsIdempotent) {
  testing::StoreHarness h;
  auto fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  const AppendRequest failing =
      Request("organ/ks", {Event("T", "osäker-0"), Event("T", "osäker-1")}, ExpectedVersion::Exact(1), "cmd-osäker");
  {
    auto opened = OpenStoreWithEnv(h.DataDir(), h.Options(), env.get());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EventStore& store = *opened.value();
    ASSERT_TRUE(store.Append(Request("organ/ks", {Event("T", "a"), Event("T", "b")})).ok());
    fs->Set(Fault::kSyncFails);
    auto failed = store.Append(failing);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.status().code(), StatusCode::kIOError) << failed.status().ToString();
    EXPECT_EQ(store.HeadPosition(), 1u);
    EXPECT_EQ(ReadLog(store).size(), 2u);
    fs->Set(Fault::kNone);
  }
  auto reopened = OpenStore(h.DataDir(), h.Options());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EventStore& store = *reopened.value();
  VerifyReport rep = store.Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_TRUE(rep.event_count == 2 || rep.event_count == 4) << rep.event_count;
  ::testing::Test::RecordProperty("events_after_restart", static_cast<int>(rep.event_count));
  auto retry = store.Append(failing);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->duplicate, rep.event_count == 4);
  EXPECT_EQ(retry->first_position, 2u);
  std::vector<std::string> payloads;
  for (const RecordedEvent& e : ReadLog(store)) payloads.push_back(e.payload);
  EXPECT_EQ(payloads, (std::vector<std::string>{"a", "b", "osäker-0", "osäker-1"}));
  EXPECT_TRUE(store.Verify({}).ok);
}

// A store whose folder cannot be written at all cannot be opened, with a reason.
TEST(DiskFault, OpeningOnAReadOnlyFileSystemIsAClearIOError) {
  testing::StoreHarness h;
  auto fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  fs->Set(Fault::kReadOnly);
  auto opened = OpenStoreWithEnv(h.DataDir(), h.Options(), env.get());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIOError) << opened.status().ToString();
  EXPECT_NE(opened.status().message().find("skrivskyddat"), std::string::npos) << opened.status().message();
}

// ---------------------------------------------------------------------------
// Other processes.

// A running store_child with its stdout on a pipe. Kills and reaps the child
// on destruction if the test has not.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe2: " << std::strerror(errno);
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<std::string> all = {STORE_CHILD_PATH};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    int err = posix_spawn(&pid_, STORE_CHILD_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
    if (err != 0) {
      ADD_FAILURE() << "posix_spawn " << STORE_CHILD_PATH << ": " << std::strerror(err);
      pid_ = -1;
    }
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      Wait();
    }
    if (out_ >= 0) close(out_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool running() const { return pid_ > 0; }

  // The next line of output without its newline; nullopt at end of output or
  // when nothing arrives within `timeout`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    for (;;) {
      size_t nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      pollfd p{out_, POLLIN, 0};
      int n = poll(&p, 1, static_cast<int>(timeout.count()));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ADD_FAILURE() << "store_child wrote nothing for " << timeout.count() << " ms";
        return std::nullopt;
      }
      char chunk[4096];
      ssize_t got = read(out_, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<size_t>(got));
    }
  }

  void Kill() { kill(pid_, SIGKILL); }
  // Reaps the child; returns its wait status.
  int Wait() {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

TEST(OtherProcess, SecondProcessGetsBusyWithAClearMessage) {
  testing::StoreHarness h;
  h.Open(false);
  ASSERT_TRUE(h.store->Append(Request("s", {Event("T", "x")})).ok());

  Child held({h.DataDir(), "open"});
  ASSERT_TRUE(held.running());
  std::optional<std::string> line = held.ReadLine();
  int status = held.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << "store_child did not exit normally: " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "expected Busy, got: " << line.value_or("(nothing)");
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->substr(0, line->find('\t')), StatusCodeName(StatusCode::kBusy));
  EXPECT_NE(line->find("används redan av en annan process"), std::string::npos) << *line;

  // The store is unharmed, and once it is closed the other process may open it.
  EXPECT_TRUE(h.store->Append(Request("s", {Event("T", "y")})).ok());
  h.store.reset();
  Child unheld({h.DataDir(), "open"});
  std::optional<std::string> ok_line = unheld.ReadLine();
  status = unheld.Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << ok_line.value_or("(nothing)");
}

TEST(OtherProcess, SecondOpenInTheSameProcessIsBusy) {
  testing::StoreHarness h;
  h.Open(false);
  auto second = OpenStore(h.DataDir(), h.Options());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kBusy) << second.status().ToString();
}

// A writer killed at a random point loses nothing it acknowledged and leaves
// nothing half-written: three rounds on one store.
TEST(OtherProcess, SigkillLosesNoAcknowledgedAppend) {
  testing::StoreHarness h;
  std::random_device seed_source;
  const unsigned seed = seed_source();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::optional<uint64_t> head;  // after the previous round
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string tag = "r" + std::to_string(round);
    const size_t kill_after = 150 + rng() % 100;
    std::vector<uint64_t> acked;
    {
      Child writer({h.DataDir(), "append", tag});
      ASSERT_TRUE(writer.running());
      while (acked.size() < kill_after) {
        std::optional<std::string> line = writer.ReadLine();
        ASSERT_TRUE(line.has_value()) << "store_child stopped after " << acked.size() << " appends";
        acked.push_back(std::stoull(*line));
      }
      writer.Kill();
      // Lines already in the pipe were acknowledged before the kill.
      while (std::optional<std::string> line = writer.ReadLine()) acked.push_back(std::stoull(*line));
      int status = writer.Wait();
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "wait status " << status;
    }
    // Acknowledged positions continue the log densely.
    for (size_t i = 0; i < acked.size(); ++i) ASSERT_EQ(acked[i], (head ? *head + 1 : 0) + i);

    h.Open(false);
    ASSERT_NE(h.store, nullptr);
    std::optional<uint64_t> now = h.store->HeadPosition();
    ASSERT_TRUE(now.has_value());
    EXPECT_GE(*now, acked.back());
    EXPECT_LE(*now, acked.back() + 1) << "one event at most may be durable but unacknowledged";
    VerifyReport rep = h.store->Verify({});
    EXPECT_TRUE(rep.ok) << rep.problem;
    auto cur = h.store->ReadAll(acked.front(), acked.size(), /*verify_chain=*/true);
    for (size_t i = 0; i < acked.size(); ++i) {
      auto more = cur->Next();
      ASSERT_TRUE(more.ok() && *more) << "acknowledged position " << acked[i] << " is missing";
      EXPECT_EQ(cur->event().position, acked[i]);
      EXPECT_EQ(cur->event().payload, tag + ":" + std::to_string(i));
    }
    cur.reset();
    head = now;
    h.store.reset();
  }
}

}  // namespace
}  // namespace arshjul::storage
