// Group commit and idempotency: several appends of one command id that share
// one group commit (one WriteBatch, one sync) write it exactly once; the
// others are returned as duplicates of it. A GateFileSystem holds the first
// group's WAL sync so that the others queue up behind it and form one group.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "arshjul/storage/event_store.h"
#include "rocksdb_store.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Event;
using testing::Request;

// Counts syncs; while closed, a sync waits until the gate opens.
class GateFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  GateFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "ArshjulGateFileSystem"; }

  void Close() {
    std::lock_guard lk(mu_);
    open_ = false;
  }
  void Open() {
    std::lock_guard lk(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void WaitUntilSomeoneWaits() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return waiting_ > 0; });
  }
  int syncs() const {
    std::lock_guard lk(mu_);
    return syncs_;
  }
  void PassSync() {
    std::unique_lock lk(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lk, [&] { return open_; });
    --waiting_;
    ++syncs_;
  }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r, rocksdb::IODebugContext* d) override;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = true;
  int waiting_ = 0;
  int syncs_ = 0;
};

class GatedFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  GatedFile(std::unique_ptr<rocksdb::FSWritableFile> f, GateFileSystem& gate)
      : FSWritableFileOwnerWrapper(std::move(f)), gate_(gate) {}
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    gate_.PassSync();
    return FSWritableFileOwnerWrapper::Sync(o, d);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    gate_.PassSync();
    return FSWritableFileOwnerWrapper::Fsync(o, d);
  }

 private:
  GateFileSystem& gate_;
};

rocksdb::IOStatus GateFileSystem::NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                                  std::unique_ptr<rocksdb::FSWritableFile>* r,
                                                  rocksdb::IODebugContext* d) {
  auto s = FileSystemWrapper::NewWritableFile(f, o, r, d);
  if (s.ok() && f.ends_with(".log")) *r = std::make_unique<GatedFile>(std::move(*r), *this);
  return s;
}

TEST(GroupCommit, OneCommandIdInSeveralAppendsOfOneGroupIsWrittenOnce) {
  constexpr int kDuplicates = 6;
  testing::StoreHarness h;
  auto gate = std::make_shared<GateFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(gate);
  h.Open(false);
  h.store.reset();
  auto opened = OpenStoreWithEnv(h.DataDir(), h.Options(), env.get());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EventStore& store = **opened;
  bool shared_one_group = false;
  size_t rounds = 0;
  for (int round = 0; round < 5 && !shared_one_group; ++round, ++rounds) {
    std::string id = "cmd-dup-" + std::to_string(round);
    gate->Close();
    std::thread leader([&] { ASSERT_TRUE(store.Append(Request("organ/lead", {Event("T", "lead")})).ok()); });
    gate->WaitUntilSomeoneWaits();  // the leader's group is in its sync
    int syncs_before = gate->syncs();
    std::atomic<int> started{0};
    std::vector<Result<AppendResult>> results(kDuplicates, Status::IOError("not run"));
    std::vector<std::thread> dups;
    for (int i = 0; i < kDuplicates; ++i) {
      dups.emplace_back([&, i] {
        ++started;
        results[i] = store.Append(Request("organ/dup", {Event("T", "d" + std::to_string(i))}, ExpectedVersion::Any(), id));
      });
    }
    while (started.load() < kDuplicates) std::this_thread::yield();
    std::this_thread::yield();
    gate->Open();
    leader.join();
    for (auto& t : dups) t.join();
    // Exactly one written; the others name the same append as duplicates.
    int written = 0;
    std::optional<uint64_t> position;
    for (const auto& r : results) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (!r->duplicate) ++written;
      if (position) {
        EXPECT_EQ(r->first_position, *position);
      }
      position = r->first_position;
    }
    EXPECT_EQ(written, 1) << "round " << round;
    shared_one_group = gate->syncs() - syncs_before == 2;  // the leader's sync, then one for all duplicates
  }
  EXPECT_TRUE(shared_one_group) << "the duplicates never formed one group in 5 rounds";
  // The store's stats saw every append once, and the round whose duplicates
  // shared one sync as a group of kDuplicates.
  auto stats = store.Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  const GroupCommitStats& g = stats->group_commit;
  EXPECT_EQ(g.appends, rounds * (1 + kDuplicates));
  uint64_t counted = 0, groups = 0;
  for (size_t i = 0; i < g.by_size.size(); ++i) {
    counted += g.by_size[i] * (i + 1);
    groups += g.by_size[i];
  }
  EXPECT_EQ(counted, g.appends);
  EXPECT_EQ(groups, g.groups);
  if (shared_one_group) {
    EXPECT_GE(g.by_size[kDuplicates - 1], 1u);
  }
  EXPECT_GT(g.write_time.count(), 0);
  auto dup_events = testing::Positions(*store.ReadStream("organ/dup", 0, Direction::kForward, 100));
  VerifyReport v = store.Verify({});
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(dup_events.size(), rounds) << "one event per round's command id";
}

TEST(GroupCommit, StatsCountAnAppenderAloneAsGroupsOfOne) {
  testing::StoreHarness h;
  h.Open(true);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(h.store->Append(Request("organ/alone", {Event("T", std::to_string(i)), Event("T", "x")})).ok());
  }
  auto stats = h.store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->group_commit.groups, 3u);
  EXPECT_EQ(stats->group_commit.appends, 3u);
  EXPECT_EQ(stats->group_commit.by_size[0], 3u);
  EXPECT_EQ(stats->group_commit.gather_time.count(), 0) << "no wait after a group of one";
}

}  // namespace
}  // namespace arshjul::storage
