// Storage formats (docs/storage-format.md). Format 2: by_type and by_effective
// entries per run, and a format-1 store made by the code before it
// (tests/storage/fixtures/format1-store, with the merkle family) opening, read
// and verified as it is, marked "2" by a writable open, and appended to.
// Format 3: each event's hash is its Merkle leaf; a format-2 store made by the
// code before it (tests/storage/fixtures/format2-store) keeps its own chain
// rule — opened, verified, appended to and proved — and stays "2".
// Format 4: format 3 with the merkle family's sparse layout; a format-3 store
// made by the code before it (tests/storage/fixtures/format3-store) keeps its
// every-level records — opened, verified, appended to and proved — and stays "3".
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>

#include "format_fixture_events.h"
#include "keys.h"
#include "open_format.h"
#include "arshjul/storage/verifiable_log.h"
#include "envelope_codec.h"
#include "raw_db.h"
#include "tree_runs.h"
#include "support/store_fixture.h"
#include "support/temp_dir.h"

namespace arshjul::storage {
namespace {

using testing::At;
namespace fs = std::filesystem;

// A copy of a committed fixture in a fresh folder (opening it writes).
std::string CopyFixture(const testing::TempDir& dir, const char* fixture = FORMAT1_FIXTURE_DIR) {
  std::string to = dir.Sub(fs::path(fixture).filename().string());
  fs::copy(fixture, to, fs::copy_options::recursive);
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

// Every event of `s` has an inclusion proof in the whole tree that checks.
void ExpectEveryEventProved(EventStore& s) {
  auto head = s.CurrentTree();
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  auto cur = s.ReadAll(0, UINT64_MAX);
  for (auto more = cur->Next(); more.ok() && *more; more = cur->Next()) {
    auto p = ProveInclusion(s, cur->event().position, std::nullopt);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->leaf_hash, EventLeafHash(cur->event()));
    EXPECT_TRUE(merkle::VerifyInclusion(p->position, p->size, p->leaf_hash, p->proof, head->root).ok());
  }
}

// Every merkle record of the store in `dir` is well formed in the layout of
// `min_level` (0: every level; tree_runs.h).
void ExpectTreeLayout(const std::string& dir, uint32_t min_level) {
  RawDb raw(dir);
  auto keys = raw.Keys(RawDb::kMerkle);
  EXPECT_FALSE(keys.empty());
  for (const std::string& key : keys) {
    uint64_t first = keys::GetU64(key.data());
    EXPECT_TRUE(tree::RunLeaves(first, raw.Get(RawDb::kMerkle, key), min_level).has_value()) << first;
  }
}

// The chain rule every event of `s` follows; nullopt if mixed or none.
std::optional<ChainRule> RuleOfEvery(EventStore& s) {
  std::optional<ChainRule> rule;
  auto cur = s.ReadAll(0, UINT64_MAX);
  for (auto more = cur->Next(); more.ok() && *more; more = cur->Next()) {
    const RecordedEvent& e = cur->event();
    auto r = RuleOfHash(e.hash, e.prev_hash, EncodeEnvelope(e));
    if (!r || (rule && *rule != *r)) return std::nullopt;
    rule = r;
  }
  return rule;
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
  EXPECT_EQ(Marker(h.DataDir()), "4");  // a new store: format 2's layout, format 3's hashes, a sparse tree
  // 11 events: by_type runs [0,1] [2,3] [4,6] [7] [8] [9] [10]; by_effective [0,2] [3] [4,6] [7] [8,10].
  EXPECT_EQ(Entries(h.DataDir(), RawDb::kByType), 7u);
  EXPECT_EQ(Entries(h.DataDir(), RawDb::kByEffective), 5u);
}

TEST(StorageFormat2, AFormat1StoreOpensReadsVerifiesAndIsMarkedFormat2) {
  testing::TempDir dir;
  std::string old_dir = CopyFixture(dir);
  ASSERT_EQ(Marker(old_dir), "1");
  ASSERT_EQ(Entries(old_dir, RawDb::kByType), 11u);  // format 1: one entry per event

  // The same appends into a new format-2 store: the same events, bytes and hashes.
  testing::StoreHarness fresh;
  testing::OpenOfFormat(fresh, fresh.Options(), 2);
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
  ExpectEveryEventProved(*store);
  EXPECT_EQ(RuleOfEvery(*store), ChainRule::kPrevThenEnvelope);  // never rewritten to format 3
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
    raw.Put(RawDb::kDefault, std::string(keys::kFormatKey), "5");
  }
  testing::StoreHarness h;
  StoreOptions o = h.Options();
  auto s = OpenStore(old_dir, o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("okänt format: 5"), std::string::npos) << s.status().ToString();
}

// A format-2 store made by the code before format 3 keeps its chain rule:
// it reads and verifies as it is, takes appends chained as before (so the
// leaves of checkpoints already published stay), proves every event, and
// stays marked "2"; a new store from the same appends is format 3 with other
// hashes but the same events.
TEST(StorageFormat3, AFormat2StoreKeepsItsChainAndTakesAppendsAndProofs) {
  testing::TempDir dir;
  std::string old_dir = CopyFixture(dir, FORMAT2_FIXTURE_DIR);
  ASSERT_EQ(Marker(old_dir), "2");

  testing::StoreHarness fresh2, fresh3;
  testing::OpenOfFormat(fresh2, fresh2.Options(), 2);
  fresh3.Open(false);
  AppendFixture(*fresh2.store, fresh2.clock);
  AppendFixture(*fresh3.store, fresh3.clock);
  Reads expected = ReadAllWays(*fresh2.store);
  Reads as3 = ReadAllWays(*fresh3.store);
  EXPECT_NE(as3.hashes, expected.hashes);
  as3.hashes = expected.hashes;
  EXPECT_EQ(as3, expected);  // the same events through every index
  EXPECT_EQ(RuleOfEvery(*fresh3.store), ChainRule::kLeaf);

  testing::StoreHarness h;
  auto store = OpenAt(old_dir, h);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(ReadAllWays(*store), expected);
  auto report = store->Verify({});
  EXPECT_TRUE(report.ok) << report.problem;
  h.clock.Set(fresh2.clock.Now());
  auto more = testing::Request("organ/bun/decisions", {testing::Event("ReportFiled", "r4"), testing::Event("ReportFiled", "r5")});
  for (EventStore* s : {store.get(), fresh2.store.get()}) {
    auto r = s->Append(more);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  EXPECT_EQ(ReadAllWays(*store).reports, ReadAllWays(*fresh2.store).reports);
  report = store->Verify({});
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(RuleOfEvery(*store), ChainRule::kPrevThenEnvelope);
  ExpectEveryEventProved(*store);
  store.reset();
  EXPECT_EQ(Marker(old_dir), "2");
  auto reopened = OpenAt(old_dir, h, /*read_only=*/true);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->Verify({}).ok);
}

// A copy keeps every hash: a format-2 log imported into a new store makes it
// format 2 (the marker moves in the import's batch, and the tree is written
// at every level); a log of format 3 or 4 makes it format 4 (the same hashes,
// a sparse tree).
TEST(StorageFormat3, ACopyIntoANewStoreKeepsTheCopiedLogsRule) {
  for (int format : {2, 3, 4}) {
    SCOPED_TRACE("format " + std::to_string(format));
    testing::StoreHarness from;
    testing::OpenOfFormat(from, from.Options(), format);
    AppendFixture(*from.store, from.clock);
    std::vector<RecordedEvent> events;
    auto cur = from.store->ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
    for (auto more = cur->Next(); more.ok() && *more; more = cur->Next()) events.push_back(cur->event());
    ASSERT_EQ(events.size(), 11u);

    testing::StoreHarness to;
    to.Open(false);
    ASSERT_TRUE(to.store->Import({events.begin(), events.begin() + 5}).ok());
    ASSERT_TRUE(to.store->Import({events.begin() + 5, events.end()}).ok());
    auto copied = to.store->Verify({});
    EXPECT_TRUE(copied.ok) << copied.problem;
    EXPECT_EQ(copied.head_hash, from.store->Verify({}).head_hash);
    EXPECT_EQ(to.store->CurrentTree()->root, from.store->CurrentTree()->root);
    ExpectEveryEventProved(*to.store);
    auto appended = to.store->Append(testing::Request("organ/x", {testing::Event("ReportFiled", "after copy")}));
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    EXPECT_TRUE(to.store->Verify({}).ok);
    EXPECT_EQ(RuleOfEvery(*to.store), format == 2 ? ChainRule::kPrevThenEnvelope : ChainRule::kLeaf);
    to.store.reset();
    EXPECT_EQ(Marker(to.DataDir()), format == 2 ? "2" : "4");
    ExpectTreeLayout(to.DataDir(), format == 2 ? 0 : tree::kSparseMinLevel);
  }
}

// A format-3 store made by the code before format 4 keeps its tree's layout
// (every level): it reads, verifies and proves as it is, takes appends whose
// records are written at every level too, and stays "3"; a new store from the
// same appends (format 4) has the same hashes and root and sparse records.
TEST(StorageFormat4, AFormat3StoreKeepsItsTreeLayoutAndTakesAppendsAndProofs) {
  testing::TempDir dir;
  std::string old_dir = CopyFixture(dir, FORMAT3_FIXTURE_DIR);
  ASSERT_EQ(Marker(old_dir), "3");
  testing::StoreHarness fresh;
  fresh.Open(false);
  AppendFixture(*fresh.store, fresh.clock);
  Reads expected = ReadAllWays(*fresh.store);

  testing::StoreHarness h;
  auto store = OpenAt(old_dir, h);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(ReadAllWays(*store), expected);  // format 3's hashes are format 4's
  EXPECT_EQ(store->CurrentTree()->root, fresh.store->CurrentTree()->root);
  ExpectEveryEventProved(*store);
  h.clock.Set(fresh.clock.Now());
  std::vector<ProposedEvent> many;
  for (int i = 0; i < 40; ++i) many.push_back(testing::Event("ReportFiled", "r" + std::to_string(i)));
  auto more = testing::Request("organ/bun/decisions", many);
  for (EventStore* s : {store.get(), fresh.store.get()}) {
    auto r = s->Append(more);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  EXPECT_EQ(ReadAllWays(*store).reports, ReadAllWays(*fresh.store).reports);
  auto report = store->Verify({});
  EXPECT_TRUE(report.ok) << report.problem;
  ExpectEveryEventProved(*store);
  store.reset();
  fresh.store.reset();
  EXPECT_EQ(Marker(old_dir), "3");
  ExpectTreeLayout(old_dir, 0);
  ExpectTreeLayout(fresh.DataDir(), tree::kSparseMinLevel);
  auto reopened = OpenAt(old_dir, h, /*read_only=*/true);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->Verify({}).ok);
  ExpectEveryEventProved(*reopened);
}

}  // namespace
}  // namespace arshjul::storage
