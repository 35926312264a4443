// Storage format 2 (docs/storage-format.md): by_type and by_effective entries
// per run, and a format-1 store made by the code before it
// (tests/storage/fixtures/format1-store, with the merkle family) opening, read
// and verified as it is, marked "2" by a writable open, and appended to.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>

#include "format_fixture_events.h"
#include "keys.h"
#include "raw_db.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

namespace arshjul::storage {
namespace {

using testing::At;
namespace fs = std::filesystem;

// A copy of the format-1 fixture in a fresh folder (opening it writes).
std::string CopyFixture(const testing::TempDir& dir) {
  std::string to = dir.Sub("format1");
  fs::copy(FORMAT1_FIXTURE_DIR, to, fs::copy_options::recursive);
  return to;
}

std::unique_ptr<EventStore> OpenAt(const std::string& dir, testing::StoreHarness& h, bool read_only = false) {
  StoreOptions o = h.Options();
  o.read_only = read_only;
  auto s = OpenStore(dir, o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

std::string Marker(const std::string& dir) {
  RawDb raw(dir);
  return raw.Get(RawDb::kDefault, std::string(keys::kFormatKey));
}

size_t Entries(const std::string& dir, RawDb::Cf cf) {
  RawDb raw(dir);
  return raw.Keys(cf).size();
}

// What each index returns, for comparing two stores.
struct Reads {
  std::vector<uint64_t> decisions, reports, reports_from_5, march, recorded;
  std::vector<std::string> hashes;
  bool operator==(const Reads&) const = default;
};

Reads ReadAllWays(EventStore& s) {
  Reads r;
  r.decisions = testing::Positions(*s.ReadByType("DecisionRecorded", 0));
  r.reports = testing::Positions(*s.ReadByType("ReportFiled", 0));
  r.reports_from_5 = testing::Positions(*s.ReadByType("ReportFiled", 5));
  r.march = testing::Positions(*s.ReadByEffectiveTime({At("2026-03-01T00:00:00Z"), At("2026-03-02T00:00:00Z")}));
  r.recorded = testing::Positions(*s.ReadByRecordedTime({Timestamp{}, At("2100-01-01T00:00:00Z")}));
  auto cur = s.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  while (true) {
    auto more = cur->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    r.hashes.push_back(HashToHex(cur->event().hash));
  }
  return r;
}

void AppendFixture(EventStore& s, testing::FakeClock& clock) {
  for (const auto& req : testing::FormatFixtureAppends()) {
    clock.Advance(std::chrono::seconds(1));
    auto r = s.Append(req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
}

TEST(StorageFormat2, IndexesOneEntryPerRunAndReadsEveryEventOfIt) {
  testing::StoreHarness h;
  h.Open(false);
  AppendFixture(*h.store, h.clock);
  Reads r = ReadAllWays(*h.store);
  EXPECT_EQ(r.decisions, (std::vector<uint64_t>{0, 1, 4, 5, 6, 9}));
  EXPECT_EQ(r.reports, (std::vector<uint64_t>{2, 3, 7, 8, 10}));
  EXPECT_EQ(r.reports_from_5, (std::vector<uint64_t>{7, 8, 10}));
  EXPECT_EQ(testing::Positions(*h.store->ReadByType("DecisionRecorded", 5)), (std::vector<uint64_t>{5, 6, 9}));
  EXPECT_EQ(r.march, (std::vector<uint64_t>{0, 1, 2, 8, 9, 10}));
  auto stats = h.store->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events_by_type["DecisionRecorded"], 6u);
  EXPECT_EQ(stats->events_by_type["ReportFiled"], 5u);
  auto report = h.store->Verify({});
  EXPECT_TRUE(report.ok) << report.problem;
  h.store.reset();
  EXPECT_EQ(Marker(h.DataDir()), "2");
  // 11 events: by_type runs [0,1] [2,3] [4,6] [7] [8] [9] [10]; by_effective [0,2] [3] [4,6] [7] [8,10].
  EXPECT_EQ(Entries(h.DataDir(), RawDb::kByType), 7u);
  EXPECT_EQ(Entries(h.DataDir(), RawDb::kByEffective), 5u);
}

TEST(StorageFormat2, AFormat1StoreOpensReadsVerifiesAndIsMarkedFormat2) {
  testing::TempDir dir;
  std::string old_dir = CopyFixture(dir);
  ASSERT_EQ(Marker(old_dir), "1");
  ASSERT_EQ(Entries(old_dir, RawDb::kByType), 11u);  // format 1: one entry per event

  // The same appends into a new (format 2) store: the same events, bytes and hashes.
  testing::StoreHarness fresh;
  fresh.Open(false);
  AppendFixture(*fresh.store, fresh.clock);
  Reads expected = ReadAllWays(*fresh.store);

  testing::StoreHarness h;
  {  // read-only: read as it is, not marked
    auto ro = OpenAt(old_dir, h, /*read_only=*/true);
    ASSERT_NE(ro, nullptr);
    EXPECT_EQ(ReadAllWays(*ro), expected);
    auto report = ro->Verify({});
    EXPECT_TRUE(report.ok) << report.problem;
  }
  EXPECT_EQ(Marker(old_dir), "1");

  auto store = OpenAt(old_dir, h);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(ReadAllWays(*store), expected);
  auto tree = store->CurrentTree();
  auto fresh_tree = fresh.store->CurrentTree();
  ASSERT_TRUE(tree.ok() && fresh_tree.ok());
  EXPECT_EQ(tree->root, fresh_tree->root);

  // Appended to: format-1 entries and format-2 runs side by side.
  h.clock.Set(fresh.clock.Now());
  auto more = testing::Request("organ/bun/decisions", {testing::Event("ReportFiled", "r4"), testing::Event("ReportFiled", "r5")});
  for (EventStore* s : {store.get(), fresh.store.get()}) {
    auto r = s->Append(more);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  EXPECT_EQ(testing::Positions(*store->ReadByType("ReportFiled", 8)), (std::vector<uint64_t>{8, 10, 11, 12}));
  auto report = store->Verify({});
  EXPECT_TRUE(report.ok) << report.problem;
  store.reset();
  EXPECT_EQ(Marker(old_dir), "2");
  auto reopened = OpenAt(old_dir, h);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(ReadAllWays(*reopened).reports, ReadAllWays(*fresh.store).reports);
}

TEST(StorageFormat2, RefusesAnUnknownFormat) {
  testing::TempDir dir;
  std::string old_dir = CopyFixture(dir);
  {
    RawDb raw(old_dir);
    raw.Put(RawDb::kDefault, std::string(keys::kFormatKey), "3");
  }
  testing::StoreHarness h;
  StoreOptions o = h.Options();
  auto s = OpenStore(old_dir, o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("okänt format: 3"), std::string::npos) << s.status().ToString();
}

}  // namespace
}  // namespace arshjul::storage
