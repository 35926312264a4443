// Group commit and idempotency: several appends of one command id that share
// one group commit (one WriteBatch, one sync) write it exactly once; the
// others are returned as duplicates of it. A GateFileSystem holds the first
// group's WAL sync so that the others queue up behind it and form one group.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <chrono>
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

  // Holds every sync from now on; arrivals are counted from here.
  void Close() {
    std::lock_guard lk(mu_);
    open_ = false;
    arrivals_ = 0;
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
  // While closed, lets the next `n` syncs pass.
  void Allow(int n) {
    std::lock_guard lk(mu_);
    allowance_ += n;
    cv_.notify_all();
  }
  // Until `n` syncs in all have reached the gate.
  void WaitForArrivals(int n) {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [&] { return arrivals_ >= n; });
  }
  int syncs() const {
    std::lock_guard lk(mu_);
    return syncs_;
  }
  // Every sync takes at least this long from now on (a slow disk: the gathering leader's bound follows it).
  void SetSyncDelay(std::chrono::microseconds d) {
    std::lock_guard lk(mu_);
    delay_ = d;
  }
  void PassSync() {
    std::chrono::microseconds delay;
    {
      std::lock_guard lk(mu_);
      delay = delay_;
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    std::unique_lock lk(mu_);
    ++waiting_;
    ++arrivals_;
    cv_.notify_all();
    cv_.wait(lk, [&] { return open_ || allowance_ > 0; });
    if (!open_) --allowance_;
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
  int arrivals_ = 0;
  int allowance_ = 0;
  int syncs_ = 0;
  std::chrono::microseconds delay_{0};
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
  for (int round = 0; round < 8 && !shared_one_group; ++round, ++rounds) {
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
    // Give the started threads time to queue behind the held sync, longer in
    // each round; under a heavy load some may not have queued yet, and the
    // round is tried again (one yield per round failed once at load ~10).
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * (round + 1)));
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
  EXPECT_TRUE(shared_one_group) << "the duplicates never formed one group in 8 rounds";
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

// A store over a GateFileSystem (its WAL syncs can be held), in `h`'s folder.
std::unique_ptr<EventStore> OpenGated(testing::StoreHarness& h, GateFileSystem& gate, std::unique_ptr<rocksdb::Env>* env,
                                      StoreOptions options) {
  h.Open(false);
  h.store.reset();
  *env = rocksdb::NewCompositeEnv(std::shared_ptr<rocksdb::FileSystem>(&gate, [](rocksdb::FileSystem*) {}));
  auto opened = OpenStoreWithEnv(h.DataDir(), std::move(options), env->get());
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

// Appends of `n` threads to streams organ/f0 … organ/f<n-1>, started while
// the gate holds a sync; each records its result and whether, right after
// its acknowledgement, its own event could be read back.
struct Followers {
  std::vector<Result<AppendResult>> results;
  std::vector<int> read_back;
  std::atomic<int> started{0}, acknowledged{0};
  std::vector<std::thread> threads;

  Followers(EventStore& store, int n) : results(n, Status::IOError("not run")), read_back(n, 0) {
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([this, &store, i] {
        ++started;
        std::string stream = "organ/f" + std::to_string(i);
        results[i] = store.Append(Request(stream, {Event("T", "f" + std::to_string(i))}));
        ++acknowledged;
        read_back[i] = static_cast<int>(testing::Positions(*store.ReadStream(stream, 0, Direction::kForward, 10)).size());
      });
    }
    while (started.load() < n) std::this_thread::yield();
  }
  void Join() {
    for (auto& t : threads) t.join();
  }
};

// Every event at a distinct position, all of 0 … count-1, the chain intact,
// and every one found by its type and by its recorded time (the run entries).
void ExpectWholeLog(EventStore& store, size_t count) {
  auto positions = testing::Positions(*store.ReadAll(0, 1000, /*verify_chain=*/true));
  ASSERT_EQ(positions.size(), count);
  for (size_t i = 0; i < count; ++i) EXPECT_EQ(positions[i], i);
  EXPECT_EQ(testing::Positions(*store.ReadByType("T", 0)), positions);
  TimeRange all{Timestamp{}, Timestamp(std::chrono::microseconds(INT64_MAX))};
  EXPECT_EQ(testing::Positions(*store.ReadByRecordedTime(all)), positions);
  VerifyReport v = store.Verify({});
  EXPECT_TRUE(v.ok) << v.problem;
}

// The entries of one column family of a RocksDB store.
size_t Entries(EventStore& store, RocksStore::Cf cf) {
  auto& rocks = dynamic_cast<RocksStore&>(store);
  std::unique_ptr<rocksdb::Iterator> it(rocks.db()->NewIterator(rocksdb::ReadOptions(), rocks.cf(cf)));
  size_t n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  return n;
}

TEST(GroupCommit, FollowersAreAcknowledgedOnlyAfterTheirGroupsSyncReturned) {
  constexpr int kFollowers = 6;
  testing::StoreHarness h;
  GateFileSystem gate;
  std::unique_ptr<rocksdb::Env> env;
  auto store = OpenGated(h, gate, &env, h.Options());
  ASSERT_NE(store, nullptr);
  gate.Close();
  std::thread first([&] { EXPECT_TRUE(store->Append(Request("organ/first", {Event("T", "first")})).ok()); });
  gate.WaitForArrivals(1);  // the first group is in its sync
  Followers followers(*store, kFollowers);
  gate.Allow(1);  // only the first group's sync passes
  first.join();
  gate.WaitForArrivals(2);  // a group of followers is in its sync, held
  EXPECT_EQ(followers.acknowledged.load(), 0) << "a follower returned before its group's sync did";
  gate.Open();
  followers.Join();
  for (int i = 0; i < kFollowers; ++i) {
    ASSERT_TRUE(followers.results[i].ok()) << followers.results[i].status().ToString();
    EXPECT_EQ(followers.read_back[i], 1) << "follower " << i << " could not read its own append";
  }
  ExpectWholeLog(*store, kFollowers + 1);
  // A group's appends (one type, one recorded time) share one entry of each
  // run index and one Merkle record, across their streams.
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_LT(stats->group_commit.groups, static_cast<uint64_t>(kFollowers + 1));
  for (auto cf : {RocksStore::kByType, RocksStore::kByEffective, RocksStore::kByRecorded, RocksStore::kMerkle}) {
    EXPECT_EQ(Entries(*store, cf), stats->group_commit.groups) << "column family " << cf;
  }
  EXPECT_EQ(Entries(*store, RocksStore::kStreams), static_cast<size_t>(kFollowers + 1));
}

TEST(GroupCommit, AppendersLeftOutOfAGroupByItsByteLimitLeadTheNextOnes) {
  constexpr int kFollowers = 5;
  testing::StoreHarness h;
  GateFileSystem gate;
  std::unique_ptr<rocksdb::Env> env;
  StoreOptions options = h.Options();
  options.max_group_bytes = 1;  // every group is its leader alone
  auto store = OpenGated(h, gate, &env, std::move(options));
  ASSERT_NE(store, nullptr);
  gate.Close();
  std::thread first([&] { EXPECT_TRUE(store->Append(Request("organ/first", {Event("T", "first")})).ok()); });
  gate.WaitUntilSomeoneWaits();
  Followers followers(*store, kFollowers);  // they queue behind the held group
  gate.Open();
  first.join();
  followers.Join();
  for (const auto& r : followers.results) ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->group_commit.by_size[0], static_cast<uint64_t>(kFollowers + 1));
  EXPECT_EQ(stats->group_commit.groups, static_cast<uint64_t>(kFollowers + 1));
  ExpectWholeLog(*store, kFollowers + 1);
}

// Appenders that append again as soon as their group is durable: the leader
// of the next group waits for the others of the last one (GatherFollowers),
// and the last of them to queue leads the group in its stead
// (TakeOverGathering) while the leader gets its result as a follower. Whether
// the last one arrives within the leader's bound depends on the scheduler, so
// rounds run until a group was taken over (at most kMaxRounds), and every
// round's appends are checked whole.
TEST(GroupCommit, TheLastAppenderToQueueAgainLeadsTheGroupAndTheGatheringLeaderGetsItsResult) {
  constexpr int kThreads = 4, kAppends = 20, kMaxRounds = 10;
  testing::StoreHarness h;
  GateFileSystem gate;
  gate.SetSyncDelay(std::chrono::milliseconds(4));  // the leader's bound: half a write, at most 2 ms
  std::unique_ptr<rocksdb::Env> env;
  auto store = OpenGated(h, gate, &env, h.Options());
  ASSERT_NE(store, nullptr);
  size_t total = 0;
  uint64_t taken = 0;
  for (int round = 0; round < kMaxRounds && taken == 0; ++round) {
    std::vector<std::vector<Result<AppendResult>>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kAppends; ++i) {
          results[t].push_back(store->Append(Request("organ/t" + std::to_string(t), {Event("T", std::to_string(i))})));
        }
      });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
      ASSERT_EQ(results[t].size(), static_cast<size_t>(kAppends));
      for (size_t i = 0; i < results[t].size(); ++i) {
        ASSERT_TRUE(results[t][i].ok()) << results[t][i].status().ToString();
        EXPECT_EQ(results[t][i]->first_version, round * kAppends + i) << "thread " << t << ", append " << i;
        EXPECT_FALSE(results[t][i]->duplicate);
      }
    }
    total += kThreads * kAppends;
    ExpectWholeLog(*store, total);
    auto stats = store->Stats();
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->group_commit.appends, total);
    taken = stats->group_commit.taken_over;
  }
  EXPECT_GT(taken, 0u) << "no group was led by its last appender in " << kMaxRounds << " rounds";
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
