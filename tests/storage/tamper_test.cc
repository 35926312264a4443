// Verify() against stores that lie: a store is built on disk, closed, and then
// altered through RocksDB itself (as RocksDB's `ldb` tool would) — bytes
// flipped, events removed, reordered or forked, index entries removed, added
// or altered. Each alteration must make Verify() fail at the right position
// with a Swedish description. Every attack runs on a store of format 4 (each
// event's hash is its Merkle leaf, the tree's records sparse), of format 3
// (the same hashes, records at every level) and of format 2 (hash(n-1) ‖
// envelope).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "envelope_codec.h"
#include "keys.h"
#include "open_format.h"
#include "raw_db.h"
#include "support/store_fixture.h"
#include "tree_runs.h"

namespace arshjul::storage {
namespace {

using testing::At;
using testing::Event;
using testing::Request;

constexpr uint64_t kEventCount = 50;
constexpr uint64_t kK = 17;  // the event the attacks aim at (mid-log)

RecordedEvent Decode(const std::string& value) {
  RecordedEvent e;
  Status st = DecodeStoredValue(value, &e);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return e;
}

class TamperTest : public ::testing::TestWithParam<int> {
 protected:
  // 50 events over four streams, appended 1–3 at a time, two types, a few with
  // a business time in the past and some with command ids.
  void SetUp() override { Build(); }

  // A fresh store in a fresh folder; `head_` is its verified head.
  void Build() {
    h_store_ = std::make_unique<testing::StoreHarness>();
    testing::StoreHarness& hs = *h_store_;
    hs.clock.Set(At("2027-01-15T08:00:00Z"));
    StoreOptions o = hs.Options();
    o.sync = false;  // closed cleanly before tampering; durability is not under test
    testing::OpenOfFormat(hs, o, GetParam());
    ASSERT_NE(hs.store, nullptr);
    uint64_t written = 0;
    for (int append = 0; written < kEventCount; ++append) {
      uint64_t n = std::min<uint64_t>(1 + append % 3, kEventCount - written);
      std::vector<ProposedEvent> events;
      for (uint64_t i = 0; i < n; ++i) {
        ProposedEvent e = Event((written + i) % 2 ? "DecisionRecorded" : "ReportFiled",
                                "payload-" + std::to_string(written + i));
        if ((written + i) % 5 == 0) e.effective_at = At("2026-12-01T00:00:00Z");
        events.push_back(std::move(e));
      }
      std::string command = append % 4 == 0 ? "cmd-" + std::to_string(append) : std::string();
      auto r = hs.store->Append(Request("organ/s" + std::to_string(append % 4), std::move(events),
                                        ExpectedVersion::Any(), command));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      written += n;
      hs.clock.Advance(std::chrono::minutes(7));
    }
    VerifyReport before = hs.store->Verify({});
    ASSERT_TRUE(before.ok) << before.problem;
    ASSERT_EQ(before.event_count, kEventCount);
    head_ = before;
    hs.store.reset();
  }

  testing::StoreHarness& h() { return *h_store_; }
  // The store's chain rule, as its format defines it.
  static ChainRule Rule() { return GetParam() >= 3 ? ChainRule::kLeaf : ChainRule::kPrevThenEnvelope; }
  // The merkle family's layout (tree_runs.h): format 4 sparse, else every level.
  static uint32_t MinLevel() { return GetParam() == 4 ? tree::kSparseMinLevel : 0; }

  // Alters the closed store through RocksDB, then reopens it with arshjul.
  void Tamper(const std::function<void(RawDb&)>& alter) {
    {
      RawDb raw(h().DataDir());
      ASSERT_TRUE(raw.ok());
      alter(raw);
    }
    h().Open(false);
    ASSERT_NE(h().store, nullptr);
  }

  VerifyReport Verify(VerifyOptions options = {}) { return h().store->Verify(options); }

  // Reads the whole log with chain checking; counts the events read before
  // the end or the first error, which it returns.
  Status ReadAllChecked(uint64_t* read) {
    auto cur = h().store->ReadAll(0, kEventCount, /*verify_chain=*/true);
    for (;;) {
      auto more = cur->Next();
      if (!more.ok()) return more.status();
      if (!*more) return Status::Ok();
      ++*read;
    }
  }

  // The report must be a failure at `position` with a Swedish problem that
  // contains `words`.
  static void ExpectFailsAt(const VerifyReport& r, std::optional<uint64_t> position, const std::string& words) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_position, position) << r.problem;
    EXPECT_FALSE(r.problem.empty());
    EXPECT_NE(r.problem.find(words), std::string::npos) << "problem: " << r.problem;
  }

  std::unique_ptr<testing::StoreHarness> h_store_;
  VerifyReport head_;
};

TEST_P(TamperTest, UntouchedStoreVerifiesAfterReopen) {
  Tamper([](RawDb&) {});
  VerifyReport r = Verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.event_count, kEventCount);
  EXPECT_EQ(r.head_hash, head_.head_hash);
  EXPECT_TRUE(r.problem.empty());
}

// (a) One flipped byte anywhere in the canonical envelope: the root pointer,
// the middle, the payload text, the last word.
TEST_P(TamperTest, FlippedByteInCanonicalPartFailsAtThatEvent) {
  std::string original;
  Tamper([&](RawDb& raw) { original = raw.Get(RawDb::kEvents, keys::EventKey(kK)); });
  h().store.reset();
  ASSERT_GT(original.size(), 64u);
  size_t payload_at = original.find("payload-" + std::to_string(kK));
  ASSERT_NE(payload_at, std::string::npos);
  for (size_t offset : {size_t{32}, size_t{40}, original.size() / 2, payload_at + 3, original.size() - 1}) {
    SCOPED_TRACE("offset " + std::to_string(offset));
    Tamper([&](RawDb& raw) {
      std::string v = original;
      v[offset] = static_cast<char>(v[offset] ^ 0x20);
      raw.Put(RawDb::kEvents, keys::EventKey(kK), v);
    });
    VerifyReport r = Verify();
    ExpectFailsAt(r, kK, "position " + std::to_string(kK));
    // Reading the log with chain checking stops at the same event.
    uint64_t read = 0;
    Status error = ReadAllChecked(&read);
    EXPECT_EQ(error.code(), StatusCode::kCorruption) << error.ToString();
    EXPECT_EQ(read, kK);
    // Put the original back for the next offset.
    h().store.reset();
    Tamper([&](RawDb& raw) { raw.Put(RawDb::kEvents, keys::EventKey(kK), original); });
    EXPECT_TRUE(Verify().ok);
    h().store.reset();
  }
}

// (b) The stored hash prefix no longer matches the content.
TEST_P(TamperTest, FlippedByteInStoredHashFailsAtThatEvent) {
  Tamper([](RawDb& raw) {
    std::string v = raw.Get(RawDb::kEvents, keys::EventKey(kK));
    v[5] = static_cast<char>(v[5] ^ 0x01);
    raw.Put(RawDb::kEvents, keys::EventKey(kK), v);
  });
  ExpectFailsAt(Verify(), kK, "har ändrats");
}

// (b2) One event rewritten with its own hash recomputed: the event is
// self-consistent, so only the link from the next event (its prev_hash) or
// the Merkle tree's leaf can tell. ReadAll(verify_chain) must fail at k+1;
// Verify at k (the tree) or k+1 (the chain).
TEST_P(TamperTest, EventRewrittenWithItsOwnHashRecomputedFailsAtTheNextPosition) {
  Tamper([&](RawDb& raw) {
    RecordedEvent e = Decode(raw.Get(RawDb::kEvents, keys::EventKey(kK)));
    e.payload = "rewritten-" + std::to_string(kK);
    std::string canonical = EncodeEnvelope(e);
    raw.Put(RawDb::kEvents, keys::EventKey(kK), MakeStoredValue(EventHash(Rule(), e.prev_hash, canonical), canonical));
  });
  // Verify: the Merkle tree names the rewritten event itself (its leaf no
  // longer matches); without the tree, the chain link at k+1 would.
  VerifyReport r = Verify();
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.first_bad_position.has_value()) << r.problem;
  EXPECT_TRUE(*r.first_bad_position == kK || *r.first_bad_position == kK + 1) << r.problem;
  if (*r.first_bad_position == kK + 1) {
    EXPECT_NE(r.problem.find("hashkedjan bryts"), std::string::npos) << r.problem;
  }
  uint64_t read = 0;
  Status error = ReadAllChecked(&read);
  EXPECT_EQ(error.code(), StatusCode::kCorruption) << error.ToString();
  EXPECT_EQ(read, kK + 1) << "events before the broken link are delivered, the next one is not";
}

// (b3) An event's prevHash rewritten to name another event: with its stored
// hash left, the event no longer hashes to it; with its hash recomputed too,
// the link to its predecessor is broken (and the next event's link to it).
TEST_P(TamperTest, RewrittenPrevHashFailsAtThatEvent) {
  for (bool rehash : {false, true}) {
    SCOPED_TRACE(rehash ? "hash recomputed" : "hash left");
    Build();
    Tamper([&](RawDb& raw) {
      std::string v = raw.Get(RawDb::kEvents, keys::EventKey(kK));
      RecordedEvent e = Decode(v);
      e.prev_hash = Decode(raw.Get(RawDb::kEvents, keys::EventKey(kK - 2))).hash;
      std::string canonical = EncodeEnvelope(e);
      Hash hash = rehash ? EventHash(Rule(), e.prev_hash, canonical) : e.hash;
      raw.Put(RawDb::kEvents, keys::EventKey(kK), MakeStoredValue(hash, canonical));
    });
    ExpectFailsAt(Verify(), kK, rehash ? "hashkedjan bryts" : "har ändrats");
    uint64_t read = 0;
    EXPECT_EQ(ReadAllChecked(&read).code(), StatusCode::kCorruption);
    EXPECT_EQ(read, kK);
    h().store.reset();
  }
}

// Each event's stored hash follows its store's rule: formats 3 and 4 store the
// Merkle leaf (so an inclusion proof starts from the hash the chain holds),
// format 2 SHA-256(prevHash ‖ envelope); neither store matches the other rule.
TEST_P(TamperTest, EachEventsHashFollowsItsFormatsRule) {
  h().Open(false);
  auto cur = h().store->ReadAll(0, kEventCount, /*verify_chain=*/true);
  uint64_t read = 0;
  for (auto more = cur->Next(); more.ok() && *more; more = cur->Next(), ++read) {
    const RecordedEvent& e = cur->event();
    std::string canonical = EncodeEnvelope(e);
    bool leaf = e.hash == merkle::LeafHash(canonical), chained = e.hash == ChainHash(e.prev_hash, canonical);
    ASSERT_EQ(leaf, GetParam() >= 3) << e.position;
    ASSERT_EQ(chained, GetParam() == 2) << e.position;
  }
  EXPECT_EQ(read, kEventCount);
}

// (c) A removed event leaves a gap in the positions.
TEST_P(TamperTest, RemovedEventIsNamed) {
  Tamper([](RawDb& raw) { raw.Delete(RawDb::kEvents, keys::EventKey(kK)); });
  ExpectFailsAt(Verify(), kK, "position " + std::to_string(kK) + " saknas");
}

// Removing the newest event keeps the chain self-consistent; the Merkle tree
// still covers it. With its tree record removed too, the indexes still name
// it, and an expected head recorded earlier catches it even without them.
TEST_P(TamperTest, TruncatedTailIsCaughtByTreeIndexesAndExpectedHead) {
  const uint64_t last = kEventCount - 1;
  Tamper([&](RawDb& raw) { raw.Delete(RawDb::kEvents, keys::EventKey(last)); });
  ExpectFailsAt(Verify(), last, "Merkleträdet har en post bortom loggens slut");
  EXPECT_EQ(h().store->CurrentTree().status().code(), StatusCode::kNotFound);  // no proofs from a cut log
  h().store.reset();
  Tamper([&](RawDb& raw) {  // the attacker also cuts the last leaf out of the tree's last run
    std::string run_key = raw.Keys(RawDb::kMerkle).back();
    uint64_t first = keys::GetU64(run_key.data());
    std::string run(tree::RunHashes(raw.Get(RawDb::kMerkle, run_key), MinLevel())
                        .substr(0, 32 * keys::HashesBefore(first, last, MinLevel())));
    tree::SealRun(&run, last - first, MinLevel());
    if (last == first) {
      raw.Delete(RawDb::kMerkle, run_key);
    } else {
      raw.Put(RawDb::kMerkle, run_key, run);
    }
  });
  ExpectFailsAt(Verify(), last, "indexet");
  VerifyOptions chain_only;
  chain_only.check_indexes = false;
  EXPECT_TRUE(Verify(chain_only).ok);
  chain_only.expected_head = {*head_.head_position, head_.head_hash};
  ExpectFailsAt(Verify(chain_only), last, "kortare");
}

// (d) Two neighbouring events swapped.
TEST_P(TamperTest, ReorderedEventsFailAtTheFirst) {
  Tamper([](RawDb& raw) {
    std::string a = raw.Get(RawDb::kEvents, keys::EventKey(kK));
    std::string b = raw.Get(RawDb::kEvents, keys::EventKey(kK + 1));
    raw.Put(RawDb::kEvents, keys::EventKey(kK), b);
    raw.Put(RawDb::kEvents, keys::EventKey(kK + 1), a);
  });
  ExpectFailsAt(Verify(), kK, "position " + std::to_string(kK));
}

// (e) A fork: every event from k on rewritten with another payload and a
// freshly computed chain. Left alone, the Merkle tree exposes it; with the
// tree rewritten too the log is self-consistent, so only a head recorded
// before the fork can expose it (or a checkpoint: see checkpoint tests).
TEST_P(TamperTest, ForkPassesPlainVerifyButNotAnEarlierHead) {
  Hash hash_before_k{}, hash_at_k{};
  auto fork = [&](RawDb& raw, bool rewrite_tree) {
    hash_before_k = Decode(raw.Get(RawDb::kEvents, keys::EventKey(kK - 1))).hash;
    Hash prev = hash_before_k;
    merkle::CompactRange tree;
    std::vector<Hash> completed;
    std::string whole_tree;  // one run record for all leaves
    for (uint64_t pos = 0; pos < kEventCount; ++pos) {
      RecordedEvent e = Decode(raw.Get(RawDb::kEvents, keys::EventKey(pos)));
      if (pos >= kK) {
        if (pos == kK) hash_at_k = e.hash;
        e.payload = "forged-" + std::to_string(pos);
        e.prev_hash = prev;
      }
      std::string canonical = EncodeEnvelope(e);
      tree::AppendLeaf(merkle::LeafHash(canonical), &tree, &whole_tree, &completed, MinLevel());
      if (pos < kK) continue;
      prev = EventHash(Rule(), prev, canonical);
      raw.Put(RawDb::kEvents, keys::EventKey(pos), MakeStoredValue(prev, canonical));
    }
    tree::SealRun(&whole_tree, kEventCount, MinLevel());
    if (rewrite_tree) {
      for (const std::string& k : raw.Keys(RawDb::kMerkle)) raw.Delete(RawDb::kMerkle, k);
      raw.Put(RawDb::kMerkle, keys::EventKey(0), whole_tree);
    }
  };
  Tamper([&](RawDb& raw) { fork(raw, false); });
  // Every level stored: the fork's first leaf. Sparse (format 4): the end of
  // the 16-leaf subtree it begins in, the first stored hash it changes.
  uint64_t caught = MinLevel() == 0 ? kK : merkle::CompletingLeaf(MinLevel(), kK >> MinLevel());
  ExpectFailsAt(Verify(), caught, "Merkleträdet stämmer inte med händelsen på position " + std::to_string(caught));
  h().store.reset();
  Build();
  Tamper([&](RawDb& raw) { fork(raw, true); });
  VerifyReport plain = Verify();
  EXPECT_TRUE(plain.ok) << plain.problem;
  EXPECT_EQ(plain.event_count, kEventCount);
  EXPECT_NE(plain.head_hash, head_.head_hash);

  VerifyOptions opts;
  opts.expected_head = {*head_.head_position, head_.head_hash};
  ExpectFailsAt(Verify(opts), *head_.head_position, "innehåller inte längre det angivna huvudet");
  opts.expected_head = {kK, hash_at_k};
  ExpectFailsAt(Verify(opts), kK, "innehåller inte längre det angivna huvudet");
  // The prefix before the fork is intact.
  opts.expected_head = {kK - 1, hash_before_k};
  VerifyReport prefix = Verify(opts);
  EXPECT_TRUE(prefix.ok) << prefix.problem;
}

// (f) Index entries removed, added or altered: the chain is intact, the index
// check is not.
struct IndexCase {
  const char* name;
  std::function<void(RawDb&)> alter;
  std::optional<uint64_t> bad_position;
  const char* words;
};

TEST_P(TamperTest, AlteredIndexesFailTheIndexCheck) {
  std::vector<IndexCase> cases = {
      {"by_type entry removed",
       [](RawDb& raw) { raw.Delete(RawDb::kByType, keys::TypeKey(kK % 2 ? "DecisionRecorded" : "ReportFiled", kK)); },
       kK, "indexet by_type saknar"},
      {"by_type entry under the wrong type",
       [](RawDb& raw) {
         raw.Delete(RawDb::kByType, keys::TypeKey(kK % 2 ? "DecisionRecorded" : "ReportFiled", kK));
         raw.Put(RawDb::kByType, keys::TypeKey(kK % 2 ? "ReportFiled" : "DecisionRecorded", kK), "");
       },
       kK, "indexet by_type stämmer inte"},
      {"bogus by_effective entry for an existing event",
       [](RawDb& raw) {
         raw.Put(RawDb::kByEffective, keys::TimeKey(At("2020-01-01T00:00:00Z").time_since_epoch().count(), kK), "");
       },
       kK, "indexet by_effective"},
      {"bogus by_effective entry beyond the log",
       [](RawDb& raw) {
         raw.Put(RawDb::kByEffective,
                 keys::TimeKey(At("2027-06-01T00:00:00Z").time_since_epoch().count(), kEventCount + 3), "");
       },
       kEventCount + 3, "bortom loggens slut"},
      {"streams entry with a wrong count",
       [](RawDb& raw) {
         std::vector<std::string> ks = raw.Keys(RawDb::kStreams);
         ASSERT_GT(ks.size(), 3u);
         const std::string& key = ks[2];
         std::string v = raw.Get(RawDb::kStreams, key);
         uint64_t first = keys::GetU64(v.data());
         uint32_t count = keys::GetU32(v.data() + 8);
         raw.Put(RawDb::kStreams, key, keys::StreamValue(first, count + 1));
       },
       std::nullopt, "indexet streams"},
      {"streams entry moved to another position",
       [](RawDb& raw) {
         std::vector<std::string> ks = raw.Keys(RawDb::kStreams);
         const std::string& key = ks[1];
         std::string v = raw.Get(RawDb::kStreams, key);
         raw.Put(RawDb::kStreams, key, keys::StreamValue(keys::GetU64(v.data()) + 1, keys::GetU32(v.data() + 8)));
       },
       std::nullopt, "indexet streams"},
      {"streams entry removed",
       [](RawDb& raw) { raw.Delete(RawDb::kStreams, raw.Keys(RawDb::kStreams)[0]); },
       std::nullopt, "indexet streams saknar"},
      {"commands entry pointing at another append",
       [](RawDb& raw) {
         std::string v = raw.Get(RawDb::kCommands, "cmd-4");
         keys::CommandRecord rec;
         ASSERT_TRUE(keys::ParseCommandValue(v, &rec));
         rec.first_position += 1;
         raw.Put(RawDb::kCommands, "cmd-4", keys::CommandValue(rec));
       },
       std::nullopt, "kommandoindexet stämmer inte"},
      {"by_recorded entry removed",
       [](RawDb& raw) { raw.Delete(RawDb::kByRecorded, raw.Keys(RawDb::kByRecorded)[4]); },
       std::nullopt, "indexet by_recorded saknar"},
  };
  for (const IndexCase& c : cases) {
    SCOPED_TRACE(c.name);
    Build();  // a fresh, untampered store for each case
    Tamper(c.alter);
    VerifyReport r = Verify();
    EXPECT_FALSE(r.ok);
    if (c.bad_position) {
      EXPECT_EQ(r.first_bad_position, c.bad_position) << r.problem;
    }
    EXPECT_NE(r.problem.find(c.words), std::string::npos) << "problem: " << r.problem;
    // The chain itself is untouched.
    VerifyOptions chain_only;
    chain_only.check_indexes = false;
    VerifyReport chain = Verify(chain_only);
    EXPECT_TRUE(chain.ok) << chain.problem;
    EXPECT_EQ(chain.head_hash, head_.head_hash);
    h().store.reset();
  }
}

}  // namespace
}  // namespace arshjul::storage

namespace arshjul::storage {
namespace {

// The head is read when the store opens: a last event that does not decode is
// reported then (Corruption naming its position), not dropped.
TEST_P(TamperTest, UndecodableLastEventIsReportedWhenOpening) {
  const uint64_t last = kEventCount - 1;
  {
    RawDb raw(h().DataDir());
    ASSERT_TRUE(raw.ok());
    std::string v = raw.Get(RawDb::kEvents, keys::EventKey(last));
    ASSERT_GT(v.size(), 40u);
    v.resize(40);  // the hash and one word of a Cap'n Proto message: the envelope is cut off
    raw.Put(RawDb::kEvents, keys::EventKey(last), v);
  }
  auto opened = OpenStore(h().DataDir(), h().Options());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kCorruption) << opened.status().ToString();
  EXPECT_NE(opened.status().message().find("position " + std::to_string(last)), std::string::npos)
      << opened.status().message();
}

}  // namespace
}  // namespace arshjul::storage

namespace arshjul::storage {
namespace {
INSTANTIATE_TEST_SUITE_P(Formats, TamperTest, ::testing::Values(4, 3, 2),
                         [](const ::testing::TestParamInfo<int>& i) { return "Format" + std::to_string(i.param); });
}  // namespace
}  // namespace arshjul::storage
