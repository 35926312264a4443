// Backup and restore: quiescent and online backups restore into stores that
// verify and hold a consistent prefix of the log; a second backup into the
// same folder is incremental; restore refuses a non-empty target and a
// missing backup.
#include <gtest/gtest.h>
#include <rocksdb/utilities/backup_engine.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "arshjul/storage/event_store.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Event;
using testing::Request;

uint64_t FolderBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o = h_.Options();
    o.sync = false;  // a backup flushes first; durability of each append is not under test
    h_.Open(false, o);
    ASSERT_NE(h_.store, nullptr);
  }
  void AppendMany(int n, size_t payload_bytes = 16) {
    for (int i = 0; i < n; ++i) {
      std::string payload = std::to_string(i) + std::string(payload_bytes, 'x');
      auto r = h_.store->Append(Request("organ/s" + std::to_string(i % 5), {Event(i % 2 ? "A" : "B", payload)}));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }
  // Restores `backup` into a fresh folder and opens it.
  std::unique_ptr<EventStore> Restore(const std::string& backup, const std::string& name) {
    std::string target = h_.dir.Sub(name);
    Status st = RestoreStore(backup, target);
    EXPECT_TRUE(st.ok()) << st.ToString();
    auto r = OpenStore(target, h_.Options());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }
  // The hash of the original store's event at `position`.
  Hash HashAt(uint64_t position) {
    auto cur = h_.store->ReadAll(position, 1);
    auto more = cur->Next();
    EXPECT_TRUE(more.ok() && *more);
    return more.ok() && *more ? cur->event().hash : Hash{};
  }
  testing::StoreHarness h_;
};

TEST_F(BackupTest, QuiescentBackupRestoresTheExactHead) {
  AppendMany(300);
  VerifyReport original = h_.store->Verify({});
  ASSERT_TRUE(original.ok);
  const std::string backup = h_.dir.Sub("backup");
  Status st = h_.store->Backup(backup);
  ASSERT_TRUE(st.ok()) << st.ToString();

  auto restored = Restore(backup, "restored");
  ASSERT_NE(restored, nullptr);
  VerifyReport rep = restored->Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_EQ(rep.event_count, 300u);
  EXPECT_EQ(rep.head_hash, original.head_hash);
  EXPECT_EQ(restored->HeadPosition(), 299u);
  auto v = restored->StreamVersion("organ/s3");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, std::optional<uint64_t>(59));
  // The restored store continues the same chain.
  auto next = restored->Append(Request("organ/s3", {Event("A", "efter")}, ExpectedVersion::Exact(59)));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->first_position, 300u);
  VerifyOptions opts;
  opts.expected_head = {299, original.head_hash};
  EXPECT_TRUE(restored->Verify(opts).ok);
}

// A backup taken while another thread appends holds a whole prefix of the log:
// it verifies (chain and indexes) and its head is an event of the original.
TEST_F(BackupTest, OnlineBackupHoldsAConsistentPrefix) {
  AppendMany(200);
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::thread writer([&] {
    for (int i = 0; !stop.load() || appended.load() < 50; ++i) {
      ProposedEvent a = Event("A", "live-" + std::to_string(i));
      ProposedEvent b = Event("B", "live-" + std::to_string(i) + "b");
      auto r = h_.store->Append(Request("live/s" + std::to_string(i % 3), {a, b}));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ++appended;
    }
  });
  while (appended.load() == 0) std::this_thread::yield();  // the backup must overlap appends
  const uint64_t before = *h_.store->HeadPosition();
  const std::string backup = h_.dir.Sub("backup");
  Status st = h_.store->Backup(backup);
  const uint64_t after = *h_.store->HeadPosition();
  stop = true;
  writer.join();
  ASSERT_TRUE(st.ok()) << st.ToString();
  RecordProperty("appended_during_backup", static_cast<int>(after - before));

  auto restored = Restore(backup, "restored");
  ASSERT_NE(restored, nullptr);
  VerifyReport rep = restored->Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  ASSERT_TRUE(rep.head_position.has_value());
  RecordProperty("restored_head", static_cast<int>(*rep.head_position));
  EXPECT_GE(*rep.head_position, before);
  EXPECT_LE(*rep.head_position, after);
  EXPECT_EQ(rep.head_hash, HashAt(*rep.head_position));
  // Two-event appends are never split by a backup.
  if (*rep.head_position > 199) {
    EXPECT_EQ((*rep.head_position - 199) % 2, 0u) << *rep.head_position;
  }
  // And the original still contains what was backed up.
  VerifyOptions opts;
  opts.expected_head = {*rep.head_position, rep.head_hash};
  VerifyReport original = h_.store->Verify(opts);
  EXPECT_TRUE(original.ok) << original.problem;
}

TEST_F(BackupTest, SecondBackupIntoTheSameFolderIsIncrementalAndRestorable) {
  AppendMany(2000, 200);
  const std::string backup = h_.dir.Sub("backup");
  ASSERT_TRUE(h_.store->Backup(backup).ok());
  const uint64_t first_bytes = FolderBytes(backup);
  AppendMany(10);
  VerifyReport original = h_.store->Verify({});
  ASSERT_TRUE(h_.store->Backup(backup).ok());
  const uint64_t added_bytes = FolderBytes(backup) - first_bytes;

  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::Status s =
      rocksdb::BackupEngineReadOnly::Open(rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup), &raw);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  ASSERT_EQ(infos.size(), 2u);
  // The second backup names all the data but copied only a small part of it.
  EXPECT_GT(infos[1].size, first_bytes / 2);
  EXPECT_LT(added_bytes, infos[1].size / 4) << "added " << added_bytes << " of " << infos[1].size;

  auto restored = Restore(backup, "restored");
  ASSERT_NE(restored, nullptr);
  VerifyReport rep = restored->Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_EQ(rep.event_count, 2010u);
  EXPECT_EQ(rep.head_hash, original.head_hash);
}

TEST_F(BackupTest, RestoreRefusesANonEmptyTargetAndAMissingBackup) {
  AppendMany(3);
  const std::string backup = h_.dir.Sub("backup");
  ASSERT_TRUE(h_.store->Backup(backup).ok());

  // Restoring over the live store's own folder, or any folder with files in it.
  Status over_live = RestoreStore(backup, h_.DataDir());
  EXPECT_EQ(over_live.code(), StatusCode::kInvalidArgument) << over_live.ToString();
  EXPECT_FALSE(over_live.message().empty());
  EXPECT_TRUE(h_.store->Verify({}).ok);

  Status missing = RestoreStore(h_.dir.Sub("no-such-backup"), h_.dir.Sub("target"));
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << missing.ToString();
  EXPECT_FALSE(std::filesystem::exists(h_.dir.Sub("target")));

  std::filesystem::create_directories(h_.dir.Sub("empty-backup"));
  Status empty = RestoreStore(h_.dir.Sub("empty-backup"), h_.dir.Sub("target"));
  EXPECT_EQ(empty.code(), StatusCode::kNotFound) << empty.ToString();

  // An empty existing target is fine.
  std::filesystem::create_directories(h_.dir.Sub("empty-target"));
  Status ok = RestoreStore(backup, h_.dir.Sub("empty-target"));
  EXPECT_TRUE(ok.ok()) << ok.ToString();
}

}  // namespace
}  // namespace arshjul::storage
