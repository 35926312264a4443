// Tamper detection as a conformance test: every backend that keeps its data
// outside the process is altered behind the store's back — through RocksDB
// itself, or through SQL — and Verify() must fail at the altered event, or
// (a log cut and re-extended with its tree rewritten) the consistency proof
// from a tree head taken before must fail. (tamper_test.cc goes further into
// the RocksDB store's own layout.)
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>
#include <string>

#include "arshjul/storage/event_store.h"
#include "arshjul/storage/verifiable_log.h"
#include "raw_db.h"
#include "tree_fixture.h"
#include "tree_runs.h"
#include "support/pg_cluster.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using testing::At;
using testing::Backend;
using testing::Event;
using testing::Request;

constexpr uint64_t kEventCount = 50;
constexpr uint64_t kK = 17;

std::string TypeOf(uint64_t pos) { return pos % 2 ? "DecisionRecorded" : "ReportFiled"; }

// A position that completes a subtree of level 5, so that every tree layout
// stores a hash for it (RocksDB's sparse format 4 keeps levels ≥ 4 only).
constexpr uint64_t kTreePos = 31;

// Where the first stored hash of `pos` lies in the tree's run record that
// starts at `first`: every level (PostgreSQL), or levels ≥ `min_level` after
// the record's 4-byte leaf count (a new RocksDB store, format 4).
size_t LeafOffset(uint64_t first, uint64_t pos, uint32_t min_level = 0) {
  return (min_level > 0 ? 4 : 0) + 32 * keys::HashesBefore(first, pos, min_level);
}

// The same four alterations, in each backend's own terms.
class Tamperer {
 public:
  virtual ~Tamperer() = default;
  virtual void FlipEnvelopeByte(uint64_t pos, size_t from_end) = 0;
  virtual void RemoveEvent(uint64_t pos) = 0;
  virtual void SwapEvents(uint64_t a, uint64_t b) = 0;
  // The type index names the event under the other type.
  virtual void ForgeTypeIndex(uint64_t pos) = 0;
  // A bit of the first stored subtree hash `pos` completes, in the run record starting at `first`.
  virtual void FlipTreeHashByte(uint64_t pos, uint64_t first) = 0;
  // Every event from `k` (an append's first) on removed, with every index
  // entry, tree record and head naming one; `tree` is the tree of [0, k).
  virtual void CutFrom(uint64_t k, const merkle::CompactRange& tree) = 0;
};

class RocksTamperer final : public Tamperer {
 public:
  explicit RocksTamperer(testing::StoreHarness& h) : h_(h) {}
  void FlipEnvelopeByte(uint64_t pos, size_t from_end) override {
    Alter([&](RawDb& raw) {
      std::string v = raw.Get(RawDb::kEvents, keys::EventKey(pos));
      v[v.size() - 1 - from_end] = static_cast<char>(v[v.size() - 1 - from_end] ^ 0x20);
      raw.Put(RawDb::kEvents, keys::EventKey(pos), v);
    });
  }
  void RemoveEvent(uint64_t pos) override {
    Alter([&](RawDb& raw) { raw.Delete(RawDb::kEvents, keys::EventKey(pos)); });
  }
  void SwapEvents(uint64_t a, uint64_t b) override {
    Alter([&](RawDb& raw) {
      std::string va = raw.Get(RawDb::kEvents, keys::EventKey(a));
      std::string vb = raw.Get(RawDb::kEvents, keys::EventKey(b));
      raw.Put(RawDb::kEvents, keys::EventKey(a), vb);
      raw.Put(RawDb::kEvents, keys::EventKey(b), va);
    });
  }
  void ForgeTypeIndex(uint64_t pos) override {
    Alter([&](RawDb& raw) {
      raw.Delete(RawDb::kByType, keys::TypeKey(TypeOf(pos), pos));
      raw.Put(RawDb::kByType, keys::TypeKey(TypeOf(pos + 1), pos), "");
    });
  }
  void FlipTreeHashByte(uint64_t pos, uint64_t first) override {
    Alter([&](RawDb& raw) {
      std::string v = raw.Get(RawDb::kMerkle, keys::EventKey(first));
      v[LeafOffset(first, pos, tree::kSparseMinLevel)] ^= 0x01;
      raw.Put(RawDb::kMerkle, keys::EventKey(first), v);
    });
  }
  // The RocksDB store reads its head and tree from the last records at open.
  void CutFrom(uint64_t k, const merkle::CompactRange&) override {
    Alter([&](RawDb& raw) {
      auto key_tail = [](const std::string& key, const std::string&) { return keys::GetU64(key.data() + key.size() - 8); };
      auto value_head = [](const std::string&, const std::string& value) { return keys::GetU64(value.data()); };
      std::vector<std::pair<RawDb::Cf, std::function<uint64_t(const std::string&, const std::string&)>>> families = {
          {RawDb::kEvents, key_tail},      {RawDb::kMerkle, key_tail},        {RawDb::kByType, key_tail},
          {RawDb::kByEffective, key_tail}, {RawDb::kByRecorded, key_tail},    {RawDb::kStreams, value_head},
          {RawDb::kCommands, value_head}};
      for (const auto& [cf, position_of] : families) {
        for (const std::string& key : raw.Keys(cf)) {
          if (position_of(key, raw.Get(cf, key)) >= k) raw.Delete(cf, key);
        }
      }
    });
  }

 private:
  void Alter(const std::function<void(RawDb&)>& alter) {
    h_.store.reset();
    {
      RawDb raw(h_.DataDir());
      ASSERT_TRUE(raw.ok());
      alter(raw);
    }
    h_.Open(Backend::kRocksDisk);
  }
  testing::StoreHarness& h_;
};

class PostgresTamperer final : public Tamperer {
 public:
  explicit PostgresTamperer(testing::StoreHarness& h)
      : schema_(h.pg_conninfo.substr(h.pg_conninfo.find("search_path%3D") + 14)) {}
  void FlipEnvelopeByte(uint64_t pos, size_t from_end) override {
    std::string at = "length(envelope) - 1 - " + std::to_string(from_end);
    Sql("UPDATE arshjul_events SET envelope = set_byte(envelope, " + at + ", get_byte(envelope, " + at +
        ") # 32) WHERE position = " + std::to_string(pos));
  }
  void RemoveEvent(uint64_t pos) override { Sql("DELETE FROM arshjul_events WHERE position = " + std::to_string(pos)); }
  void SwapEvents(uint64_t a, uint64_t b) override {
    Sql("UPDATE arshjul_events e SET hash = o.hash, envelope = o.envelope FROM arshjul_events o WHERE (e.position, "
        "o.position) IN ((" + std::to_string(a) + "," + std::to_string(b) + "),(" + std::to_string(b) + "," +
        std::to_string(a) + "))");
  }
  void ForgeTypeIndex(uint64_t pos) override {
    Sql("UPDATE arshjul_events SET event_type = '" + TypeOf(pos + 1) + "' WHERE position = " + std::to_string(pos));
  }
  void FlipTreeHashByte(uint64_t pos, uint64_t first) override {
    std::string at = std::to_string(LeafOffset(first, pos));
    Sql("UPDATE arshjul_tree SET hashes = set_byte(hashes, " + at + ", get_byte(hashes, " + at +
        ") # 1) WHERE first_position = " + std::to_string(first));
  }
  // The head row says where the log ends and holds the tree's compact range.
  void CutFrom(uint64_t k, const merkle::CompactRange& tree) override {
    std::string at = std::to_string(k), last = std::to_string(k - 1);
    Sql("DELETE FROM arshjul_events WHERE position >= " + at + "; DELETE FROM arshjul_commands WHERE first_position >= " +
        at + "; DELETE FROM arshjul_tree WHERE first_position >= " + at + "; UPDATE arshjul_log_head SET position = " +
        last + ", hash = e.hash, recorded_us = e.recorded_us, tree_size = " + at + ", tree = decode('" +
        Hex(tree::EncodeRange(tree)) + "', 'hex') FROM arshjul_events e WHERE e.position = " + last);
  }

 private:
  void Sql(const std::string& sql) {
    EXPECT_EQ(testing::SharedPgCluster().Sql("SET search_path = " + schema_ + "; " + sql), "") << sql;
  }
  std::string schema_;
};

class TamperConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    h_.clock.Set(At("2027-01-15T08:00:00Z"));
    StoreOptions o = h_.Options();
    o.sync = false;
    h_.Open(GetParam(), o);
    ASSERT_NE(h_.store, nullptr);
    uint64_t written = 0;
    for (int append = 0; written < kEventCount; ++append) {
      uint64_t n = std::min<uint64_t>(1 + append % 3, kEventCount - written);
      std::vector<ProposedEvent> events;
      for (uint64_t i = 0; i < n; ++i) events.push_back(Event(TypeOf(written + i), "payload-" + std::to_string(written + i)));
      std::string command = append % 4 == 0 ? "cmd-" + std::to_string(append) : std::string();
      auto r = h_.store->Append(Request("organ/s" + std::to_string(append % 4), std::move(events),
                                        ExpectedVersion::Any(), command));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      firsts_.push_back(written);
      written += n;
      h_.clock.Advance(std::chrono::minutes(7));
    }
    head_ = h_.store->Verify({});
    ASSERT_TRUE(head_.ok) << head_.problem;
    if (GetParam() == Backend::kPostgres) {
      tamperer_ = std::make_unique<PostgresTamperer>(h_);
    } else {
      tamperer_ = std::make_unique<RocksTamperer>(h_);
    }
  }

  void ExpectFailsAt(uint64_t position) {
    VerifyReport r = h_.store->Verify({});
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_position, position) << r.problem;
    EXPECT_FALSE(r.problem.empty());
  }

  // The first position of the append that wrote `pos` (its tree record's key).
  uint64_t AppendFirst(uint64_t pos) const { return *std::prev(std::upper_bound(firsts_.begin(), firsts_.end(), pos)); }

  testing::StoreHarness h_;
  std::vector<uint64_t> firsts_;  // each append's first position
  VerifyReport head_;
  std::unique_ptr<Tamperer> tamperer_;
};

TEST_P(TamperConformanceTest, FlippedPayloadByteFailsAtThatEventAndStopsAChainedRead) {
  tamperer_->FlipEnvelopeByte(kK, 2);
  ExpectFailsAt(kK);
  auto cur = h_.store->ReadAll(0, kEventCount, /*verify_chain=*/true);
  uint64_t read = 0;
  Result<bool> more = true;
  while ((more = cur->Next()).ok() && *more) ++read;
  EXPECT_EQ(more.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(read, kK);
}

TEST_P(TamperConformanceTest, RemovedEventIsNamed) {
  tamperer_->RemoveEvent(kK);
  ExpectFailsAt(kK);
}

TEST_P(TamperConformanceTest, ReorderedEventsFailAtTheFirst) {
  tamperer_->SwapEvents(kK, kK + 1);
  ExpectFailsAt(kK);
}

TEST_P(TamperConformanceTest, ForgedTypeIndexFailsAtThatEvent) {
  tamperer_->ForgeTypeIndex(kK);
  ExpectFailsAt(kK);
}

TEST_P(TamperConformanceTest, TruncatedTailFailsAndAnEarlierHeadCatchesIt) {
  tamperer_->RemoveEvent(kEventCount - 1);
  EXPECT_FALSE(h_.store->Verify({}).ok);
  VerifyOptions o;
  o.expected_head = {*head_.head_position, head_.head_hash};
  VerifyReport r = h_.store->Verify(o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_position, kEventCount - 1) << r.problem;
}

TEST_P(TamperConformanceTest, AlteredTreeHashFailsAtThatEvent) {
  tamperer_->FlipTreeHashByte(kTreePos, AppendFirst(kTreePos));
  VerifyReport r = h_.store->Verify({});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_position, kTreePos) << r.problem;
  EXPECT_NE(r.problem.find("Merkleträdet"), std::string::npos) << r.problem;
}

// The attack a checkpoint exists for: the log cut behind the store's back,
// then re-extended through the store, which rewrites the tree to match. Every
// check of the log alone passes; the consistency proof from the tree head
// published before the cut does not.
TEST_P(TamperConformanceTest, CutAndReExtendedLogFailsTheConsistencyProofFromAnEarlierHead) {
  auto published = h_.store->CurrentTree();
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  uint64_t k = AppendFirst(kK);
  auto source = h_.store->Tree();
  ASSERT_TRUE(source.ok());
  auto range = merkle::RangeAt(**source, k);
  ASSERT_TRUE(range.ok());
  Hash root_before_cut = range->Root();
  source->reset();
  tamperer_->CutFrom(k, *range);
  for (uint64_t i = k; i < kEventCount + 3; ++i) {
    auto r = h_.store->Append(Request("organ/s1", {Event(TypeOf(i), "forged-" + std::to_string(i))}));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  VerifyReport plain = h_.store->Verify({});
  EXPECT_TRUE(plain.ok) << plain.problem;
  EXPECT_TRUE(plain.tree_checked);
  auto now = h_.store->CurrentTree();
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  ASSERT_EQ(now->size, kEventCount + 3);
  auto proof = ProveConsistency(*h_.store, published->size, std::nullopt);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_FALSE(merkle::VerifyConsistency(published->size, now->size, proof->proof, published->root, now->root).ok());
  // Before the cut the same proof holds.
  auto kept = ProveConsistency(*h_.store, k, std::nullopt);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(merkle::VerifyConsistency(k, now->size, kept->proof, root_before_cut, now->root).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, TamperConformanceTest, ::testing::Values(Backend::kRocksDisk, Backend::kPostgres),
                         [](const auto& p) { return testing::BackendName(p.param); });

}  // namespace
}  // namespace arshjul::storage
