// The EventStore conformance suite: the contract every backend must keep, run
// against the RocksDB store on disk, its in-memory twin and PostgreSQL (a
// throwaway cluster started once for this binary, support/pg_cluster.h).
#include "arshjul/storage/event_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using testing::At;
using testing::Backend;
using testing::Event;
using testing::Positions;
using testing::Request;

class EventStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { h_.Open(GetParam()); }
  EventStore& store() { return *h_.store; }
  AppendResult MustAppend(const AppendRequest& r) {
    auto res = store().Append(r);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? res.value() : AppendResult{};
  }
  testing::StoreHarness h_;
};

TEST_P(EventStoreTest, AppendAssignsDenseVersionsAndPositions) {
  auto a = MustAppend(Request("committee/bun/decisions", {Event("T", "a"), Event("T", "b")}));
  auto b = MustAppend(Request("committee/kfn/decisions", {Event("T", "c")}));
  auto c = MustAppend(Request("committee/bun/decisions", {Event("T", "d")}));
  EXPECT_EQ(a.first_position, 0u);
  EXPECT_EQ(a.first_version, 0u);
  EXPECT_EQ(a.count, 2u);
  EXPECT_EQ(b.first_position, 2u);
  EXPECT_EQ(b.first_version, 0u);
  EXPECT_EQ(c.first_position, 3u);
  EXPECT_EQ(c.first_version, 2u);
  EXPECT_EQ(store().HeadPosition(), 3u);
  auto v = store().StreamVersion("committee/bun/decisions");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, std::optional<uint64_t>(2));
  auto none = store().StreamVersion("committee/none");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(EventStoreTest, StoredEventCarriesEveryEnvelopeField) {
  h_.clock.Set(At("2027-03-01T09:30:00Z"));
  ProposedEvent e = Event("DecisionRecorded", std::string("\x00\x01payload", 9));
  e.schema_version = 1;
  e.effective_at = At("2027-02-14T00:00:00Z");
  ASSERT_TRUE(Id128::FromHex("0102030405060708090a0b0c0d0e0f10", &e.causation_id));
  ASSERT_TRUE(Id128::FromHex("1112131415161718191a1b1c1d1e1f20", &e.correlation_id));
  MustAppend(Request("organ/ks/decisions", {e}, ExpectedVersion::NoStream(), "cmd-1"));
  auto cur = store().ReadAll(0, 10, true);
  auto more = cur->Next();
  ASSERT_TRUE(more.ok() && *more);
  const RecordedEvent& r = cur->event();
  EXPECT_EQ(r.stream, "organ/ks/decisions");
  EXPECT_EQ(r.stream_version, 0u);
  EXPECT_EQ(r.position, 0u);
  EXPECT_EQ(r.recorded_at, At("2027-03-01T09:30:00Z"));
  EXPECT_EQ(r.effective_at, At("2027-02-14T00:00:00Z"));
  EXPECT_EQ(r.actor, (Actor{"p-1", "nämndsekreterare", "bun"}));
  EXPECT_EQ(r.command_id, "cmd-1");
  EXPECT_EQ(r.causation_id, e.causation_id);
  EXPECT_EQ(r.correlation_id, e.correlation_id);
  EXPECT_EQ(r.type, "DecisionRecorded");
  EXPECT_EQ(r.schema_version, 1u);
  EXPECT_EQ(r.payload, e.payload);
  EXPECT_FALSE(r.event_id.IsZero());
  EXPECT_EQ(r.prev_hash, Hash{});
  EXPECT_NE(r.hash, Hash{});
}

TEST_P(EventStoreTest, EffectiveTimeDefaultsToRecordedTime) {
  h_.clock.Set(At("2027-05-05T10:00:00Z"));
  MustAppend(Request("s", {Event("T", "x")}));
  auto cur = store().ReadAll(0, 1);
  ASSERT_TRUE(*cur->Next());
  EXPECT_EQ(cur->event().effective_at, At("2027-05-05T10:00:00Z"));
}

TEST_P(EventStoreTest, WrongExpectedVersionConflictsNamesActualAndWritesNothing) {
  MustAppend(Request("s", {Event("T", "a"), Event("T", "b")}));
  auto r = store().Append(Request("s", {Event("T", "c")}, ExpectedVersion::Exact(0)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_NE(r.status().message().find("version 1"), std::string::npos) << r.status().message();
  auto r2 = store().Append(Request("s", {Event("T", "c")}, ExpectedVersion::NoStream()));
  EXPECT_EQ(r2.status().code(), StatusCode::kConflict);
  auto r3 = store().Append(Request("new", {Event("T", "c")}, ExpectedVersion::Exact(0)));
  EXPECT_EQ(r3.status().code(), StatusCode::kConflict);
  EXPECT_EQ(store().HeadPosition(), 1u);
  auto ok = store().Append(Request("s", {Event("T", "c")}, ExpectedVersion::Exact(1)));
  EXPECT_TRUE(ok.ok());
}

TEST_P(EventStoreTest, SameCommandIdReturnsOriginalAndWritesNothing) {
  auto first = MustAppend(Request("s", {Event("T", "a"), Event("T", "b")}, ExpectedVersion::Any(), "cmd-42"));
  MustAppend(Request("other", {Event("T", "z")}));
  auto again = MustAppend(Request("s", {Event("T", "a"), Event("T", "b")}, ExpectedVersion::Exact(7), "cmd-42"));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.first_position, first.first_position);
  EXPECT_EQ(again.first_version, first.first_version);
  EXPECT_EQ(again.count, 2u);
  EXPECT_EQ(store().HeadPosition(), 2u);
  auto elsewhere = store().Append(Request("t", {Event("T", "a")}, ExpectedVersion::Any(), "cmd-42"));
  EXPECT_EQ(elsewhere.status().code(), StatusCode::kConflict);
}

TEST_P(EventStoreTest, BadInputIsRefusedAndNothingIsWritten) {
  StoreOptions o = h_.Options();
  o.max_payload_bytes = 16;
  o.types["Known"] = EventTypeInfo{2, [](std::string_view payload, uint32_t) {
                                     return payload.starts_with("ok") ? Status::Ok()
                                                                      : Status::InvalidArgument("not ok");
                                   }};
  h_.Open(GetParam(), o);
  struct Case {
    AppendRequest req;
    std::string field;
  };
  ProposedEvent v3 = Event("Known", "ok");
  v3.schema_version = 3;
  std::vector<Case> cases = {
      {Request("", {Event("Known", "ok")}), "stream"},
      {Request("a//b", {Event("Known", "ok")}), "stream"},
      {Request("/a", {Event("Known", "ok")}), "stream"},
      {Request("a b", {Event("Known", "ok")}), "stream"},
      {Request(std::string(300, 'a'), {Event("Known", "ok")}), "stream"},
      {Request("s", {}), "events"},
      {Request("s", {Event("Known", "ok"), Event("Unknown", "ok")}), "events[1].type"},
      {Request("s", {Event("Known", "ok" + std::string(20, 'x'))}), "events[0].payload"},
      {Request("s", {Event("Known", "garbage")}), "events[0].payload"},
      {Request("s", {v3}), "events[0].schema_version"},
  };
  for (const auto& c : cases) {
    auto r = store().Append(c.req);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.status().field(), c.field);
  }
  EXPECT_FALSE(store().HeadPosition().has_value());
  EXPECT_TRUE(store().Append(Request("s", {Event("Known", "ok")})).ok());
}

TEST_P(EventStoreTest, ReadsStreamForwardAndBackwardAcrossAppends) {
  MustAppend(Request("s", {Event("T", "0"), Event("T", "1")}));
  MustAppend(Request("x", {Event("T", "x")}));
  MustAppend(Request("s", {Event("T", "2")}));
  MustAppend(Request("s", {Event("T", "3"), Event("T", "4"), Event("T", "5")}));
  MustAppend(Request("s2", {Event("T", "y")}));
  auto fwd = store().ReadStream("s", 1, Direction::kForward, 100);
  EXPECT_EQ(Positions(*fwd), (std::vector<uint64_t>{1, 3, 4, 5, 6}));
  auto fwd_lim = store().ReadStream("s", 0, Direction::kForward, 3);
  EXPECT_EQ(Positions(*fwd_lim), (std::vector<uint64_t>{0, 1, 3}));
  auto back = store().ReadStream("s", 4, Direction::kBackward, 100);
  EXPECT_EQ(Positions(*back), (std::vector<uint64_t>{5, 4, 3, 1, 0}));
  auto back_end = store().ReadStream("s", UINT64_MAX, Direction::kBackward, 2);
  EXPECT_EQ(Positions(*back_end), (std::vector<uint64_t>{6, 5}));
  auto past_end = store().ReadStream("s", 6, Direction::kForward, 100);
  EXPECT_TRUE(Positions(*past_end).empty());
  auto missing = store().ReadStream("nope", 0, Direction::kForward, 100);
  EXPECT_TRUE(Positions(*missing).empty());
  auto prefix_only = store().ReadStream("s2", 0, Direction::kBackward, 100);
  EXPECT_EQ(Positions(*prefix_only), (std::vector<uint64_t>{7}));
}

TEST_P(EventStoreTest, ReadsGlobalLogByTypeAndByTimes) {
  h_.clock.Set(At("2027-01-10T00:00:00Z"));
  ProposedEvent old = Event("A", "1");
  old.effective_at = At("2026-06-01T00:00:00Z");
  MustAppend(Request("s", {old, Event("B", "2")}));
  h_.clock.Set(At("2027-02-10T00:00:00Z"));
  ProposedEvent mid = Event("A", "3");
  mid.effective_at = At("2026-12-01T00:00:00Z");
  MustAppend(Request("t", {mid}));
  h_.clock.Set(At("2027-03-10T00:00:00Z"));
  MustAppend(Request("s", {Event("B", "4"), Event("A", "5")}));

  EXPECT_EQ(Positions(*store().ReadAll(2, 100)), (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_EQ(Positions(*store().ReadAll(0, 2)), (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(Positions(*store().ReadByType("A", 0)), (std::vector<uint64_t>{0, 2, 4}));
  EXPECT_EQ(Positions(*store().ReadByType("A", 1)), (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(Positions(*store().ReadByType("B", 0)), (std::vector<uint64_t>{1, 3}));
  EXPECT_TRUE(Positions(*store().ReadByType("", 0)).empty());
  // Effective time: 0 (2026-06), 2 (2026-12), 1 (2027-01-10), 3 and 4 (2027-03-10).
  EXPECT_EQ(Positions(*store().ReadByEffectiveTime({At("2026-01-01T00:00:00Z"), At("2028-01-01T00:00:00Z")})),
            (std::vector<uint64_t>{0, 2, 1, 3, 4}));
  EXPECT_EQ(Positions(*store().ReadByEffectiveTime({At("2026-11-01T00:00:00Z"), At("2027-02-01T00:00:00Z")})),
            (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(Positions(*store().ReadByRecordedTime({At("2027-02-01T00:00:00Z"), At("2027-12-01T00:00:00Z")})),
            (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_EQ(Positions(*store().ReadByRecordedTime({At("2027-01-01T00:00:00Z"), At("2027-02-10T00:00:00Z")})),
            (std::vector<uint64_t>{0, 1}));
}

TEST_P(EventStoreTest, RecordedTimeNeverGoesBackwards) {
  h_.clock.Set(At("2027-03-10T00:00:00Z"));
  MustAppend(Request("s", {Event("T", "a")}));
  h_.clock.Set(At("2027-03-09T00:00:00Z"));  // the wall clock stepped back
  auto r = MustAppend(Request("s", {Event("T", "b")}));
  EXPECT_EQ(r.recorded_at, At("2027-03-10T00:00:00Z"));
}

TEST_P(EventStoreTest, HashChainLinksEveryEventAndVerifyPasses) {
  for (int i = 0; i < 20; ++i) MustAppend(Request("s" + std::to_string(i % 3), {Event("T", std::to_string(i))}));
  auto cur = store().ReadAll(0, 100, true);
  Hash prev{};
  int n = 0;
  for (;;) {
    auto more = cur->Next();
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    EXPECT_EQ(cur->event().prev_hash, prev);
    prev = cur->event().hash;
    ++n;
  }
  EXPECT_EQ(n, 20);
  VerifyReport rep = store().Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_EQ(rep.event_count, 20u);
  EXPECT_EQ(rep.head_position, 19u);
  EXPECT_EQ(rep.head_hash, prev);
  auto stats = store().Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->event_count, 20u);
  EXPECT_EQ(stats->stream_count, 3u);
  EXPECT_EQ(stats->events_by_type.at("T"), 20u);
}

TEST_P(EventStoreTest, VerifyChecksAnEarlierHead) {
  for (int i = 0; i < 5; ++i) MustAppend(Request("s", {Event("T", std::to_string(i))}));
  VerifyReport at5 = store().Verify({});
  ASSERT_TRUE(at5.ok);
  for (int i = 0; i < 5; ++i) MustAppend(Request("s", {Event("T", std::to_string(i))}));
  VerifyOptions opts;
  opts.expected_head = {*at5.head_position, at5.head_hash};
  EXPECT_TRUE(store().Verify(opts).ok);
  Hash wrong = at5.head_hash;
  wrong[0] ^= 1;
  opts.expected_head = {*at5.head_position, wrong};
  VerifyReport bad = store().Verify(opts);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_position, 4u);
  opts.expected_head = {50, at5.head_hash};
  EXPECT_FALSE(store().Verify(opts).ok);
}

TEST_P(EventStoreTest, ConcurrentAppendersShareGroupsAndKeepStreamsDense) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> running{kThreads};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store().Append(Request("s" + std::to_string(t % 2), {Event("T", std::to_string(i))}));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
      --running;
    });
  }
  // Verify while they append: it sees a consistent prefix, never a half-written one.
  int verified = 0;
  while (running > 0 || verified == 0) {
    VerifyReport during = store().Verify({});
    EXPECT_TRUE(during.ok) << during.problem;
    ++verified;
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store().HeadPosition(), uint64_t{kThreads * kPerThread - 1});
  EXPECT_EQ(Positions(*store().ReadStream("s0", 0, Direction::kForward, 10000)).size(), size_t{kThreads * kPerThread / 2});
  auto v = store().StreamVersion("s1");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(**v, uint64_t{kThreads * kPerThread / 2 - 1});
  VerifyReport rep = store().Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
}

TEST_P(EventStoreTest, ConcurrentExactVersionAppendsLetExactlyOneWin) {
  MustAppend(Request("s", {Event("T", "0")}));
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      auto r = store().Append(Request("s", {Event("T", "x")}, ExpectedVersion::Exact(0)));
      if (r.ok()) ++wins;
      else if (r.status().code() == StatusCode::kConflict) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), 5);
}

TEST_P(EventStoreTest, SubscriptionCatchesUpThenGoesLiveWithoutGapOrDuplicate) {
  for (int i = 0; i < 100; ++i) MustAppend(Request("s", {Event("T", std::to_string(i))}));
  auto sub = store().Subscribe(10);
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      auto r = store().Append(Request("live", {Event("T", std::to_string(i))}));
      ASSERT_TRUE(r.ok());
    }
  });
  std::vector<uint64_t> got;
  while (got.size() < 290) {
    auto e = sub->Next(std::chrono::milliseconds(5000));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_NE(*e, nullptr) << "timed out after " << got.size();
    got.push_back((*e)->position);
  }
  writer.join();
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], 10 + i);
  auto none = sub->Next(std::chrono::milliseconds(10));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);
  EXPECT_EQ(sub->next_position(), 300u);
}

TEST_P(EventStoreTest, CancelWakesAWaitingSubscription) {
  auto sub = store().Subscribe(0);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    sub->Cancel();
  });
  auto e = sub->Next(std::chrono::minutes(5));
  canceller.join();
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, nullptr);
}

// Eight writers append 1–3 events at a time while a subscriber, started
// before them, reads live: it sees every position once, in order, and each
// writer's events in the order that writer appended them.
TEST_P(EventStoreTest, EightWritersWhileASubscriberReadsLeaveNoGapOrDuplicate) {
  constexpr int kWriters = 8, kAppends = 30;
  MustAppend(Request("before", {Event("T", "w-1")}));
  auto sub = store().Subscribe(0);
  std::atomic<uint64_t> total{1};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kAppends; ++i) {
        std::vector<ProposedEvent> events;
        for (int k = 0; k <= i % 3; ++k) events.push_back(Event("T", std::to_string(w) + "-" + std::to_string(i * 3 + k)));
        auto r = store().Append(Request("writer/" + std::to_string(w % 3), events));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        total += events.size();
      }
    });
  }
  const uint64_t expected_total = 1 + kWriters * (kAppends / 3) * (1 + 2 + 3);
  std::vector<uint64_t> positions;
  std::map<std::string, int> last_seq;  // writer → last sequence seen
  std::set<std::string> payloads;
  while (positions.size() < expected_total) {
    auto e = sub->Next(std::chrono::milliseconds(10000));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_NE(*e, nullptr) << "timed out after " << positions.size();
    positions.push_back((*e)->position);
    ASSERT_TRUE(payloads.insert((*e)->payload).second) << "delivered twice: " << (*e)->payload;
    std::string writer = (*e)->payload.substr(0, (*e)->payload.find('-'));
    int seq = std::stoi((*e)->payload.substr((*e)->payload.find('-') + 1));
    auto [it, fresh] = last_seq.emplace(writer, seq);
    if (!fresh) {
      EXPECT_GT(seq, it->second) << "writer " << writer << " out of order";
      it->second = seq;
    }
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(total.load(), expected_total);
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], i);
  auto none = sub->Next(std::chrono::milliseconds(10));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);
  VerifyReport rep = store().Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
}

// A second store over the same data (for PostgreSQL: another process's view)
// sees what the first appended, and continues its chain.
// A log recorded by one store, imported into this one in two calls that split
// an append: the same events, the same head hash, the command ids found; an
// event whose hash does not chain is refused and nothing of its call is written.
TEST_P(EventStoreTest, ImportedLogHasTheSameHeadHashAndRefusesABrokenChain) {
  testing::StoreHarness source;
  source.Open(Backend::kRocksMemory);
  for (int i = 0; i < 6; ++i) {
    auto r = source.store->Append(Request("s" + std::to_string(i % 2), {Event("T", "a"), Event("U", "b")},
                                          ExpectedVersion::Any(), "cmd-" + std::to_string(i)));
    ASSERT_TRUE(r.ok());
  }
  std::vector<RecordedEvent> events;
  auto cur = source.store->ReadAll(0, 100, true);
  while (*cur->Next()) events.push_back(cur->event());
  ASSERT_EQ(events.size(), 12u);
  std::vector<RecordedEvent> first(events.begin(), events.begin() + 5), rest(events.begin() + 5, events.end());
  ASSERT_TRUE(store().Import(first).ok());
  std::vector<RecordedEvent> forged = rest;
  forged[2].payload = "forged";
  EXPECT_EQ(store().Import(forged).code(), StatusCode::kCorruption);
  EXPECT_EQ(store().HeadPosition(), 4u);
  Status st = store().Import(rest);
  ASSERT_TRUE(st.ok()) << st.ToString();
  VerifyReport copied = store().Verify({});
  VerifyReport original = source.store->Verify({});
  EXPECT_TRUE(copied.ok) << copied.problem;
  EXPECT_EQ(copied.head_hash, original.head_hash);
  EXPECT_EQ(copied.event_count, 12u);
  EXPECT_TRUE(copied.tree_checked);  // the copy's Merkle tree is the original's
  EXPECT_EQ(store().CurrentTree()->root, source.store->CurrentTree()->root);
  auto cmd = store().LookupCommand("cmd-2");  // split across the two calls
  ASSERT_TRUE(cmd.ok() && cmd->has_value());
  EXPECT_EQ((*cmd)->first_position, 4u);
  EXPECT_EQ((*cmd)->count, 2u);
  auto again = MustAppend(Request("s1", {Event("T", "z")}, ExpectedVersion::Exact(5), "cmd-5"));
  EXPECT_TRUE(again.duplicate);
  auto next = MustAppend(Request("s1", {Event("T", "z")}, ExpectedVersion::Exact(5)));
  EXPECT_EQ(next.first_position, 12u);
  EXPECT_TRUE(store().Verify({}).ok);
}

class DurableStoreTest : public EventStoreTest {};

TEST_P(DurableStoreTest, ReopenedStoreContinuesTheChain) {
  for (int i = 0; i < 5; ++i) MustAppend(Request("s", {Event("T", std::to_string(i))}, ExpectedVersion::Any(), "c" + std::to_string(i)));
  VerifyReport before = store().Verify({});
  h_.Open(GetParam());
  auto again = MustAppend(Request("s", {Event("T", "0")}, ExpectedVersion::Any(), "c0"));
  EXPECT_TRUE(again.duplicate);
  auto next = MustAppend(Request("s", {Event("T", "5")}, ExpectedVersion::Exact(4)));
  EXPECT_EQ(next.first_position, 5u);
  VerifyOptions o;
  o.expected_head = {*before.head_position, before.head_hash};
  VerifyReport after = store().Verify(o);
  EXPECT_TRUE(after.ok) << after.problem;
  EXPECT_EQ(after.event_count, 6u);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest,
                         ::testing::Values(Backend::kRocksDisk, Backend::kRocksMemory, Backend::kPostgres),
                         [](const auto& p) { return testing::BackendName(p.param); });
// Nothing survives the in-memory twin, so reopening is asked only of the others.
INSTANTIATE_TEST_SUITE_P(Backends, DurableStoreTest, ::testing::Values(Backend::kRocksDisk, Backend::kPostgres),
                         [](const auto& p) { return testing::BackendName(p.param); });

}  // namespace
}  // namespace arshjul::storage

namespace arshjul::storage {
namespace {

// PostgreSQL only (the RocksDB store is one process's): four stores on one
// database — four sessions, as four arshjul processes would have — append at
// once while a fifth subscribes. The head row's lock orders them across
// sessions: the subscriber sees every position once, in order, with no gap
// (the failure mode of sequence-based stores), and the Merkle tree, extended
// by each session from the compact range in the row it locked, verifies.
TEST(PostgresSessionsTest, WritersOnSeparateSessionsLeaveNoGapForASubscriber) {
  constexpr int kStores = 4, kAppends = 40;
  testing::StoreHarness reader;
  reader.Open(Backend::kPostgres);
  auto sub = reader.store->Subscribe(0);
  std::vector<std::unique_ptr<EventStore>> writers;
  for (int i = 0; i < kStores; ++i) {
    auto s = OpenPostgresStore(reader.pg_conninfo, reader.Options());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    writers.push_back(std::move(s).value());
  }
  std::vector<std::thread> threads;
  for (int w = 0; w < kStores; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kAppends; ++i) {
        auto r = writers[w]->Append(Request("shared", {Event("T", std::to_string(w) + "-" + std::to_string(i))}));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
    });
  }
  std::set<std::string> seen;
  for (uint64_t expected = 0; expected < kStores * kAppends; ++expected) {
    auto e = sub->Next(std::chrono::milliseconds(10000));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_NE(*e, nullptr) << "timed out at position " << expected;
    ASSERT_EQ((*e)->position, expected);
    ASSERT_EQ((*e)->stream_version, expected);  // one stream: versions as dense as positions
    ASSERT_TRUE(seen.insert((*e)->payload).second) << "delivered twice: " << (*e)->payload;
  }
  for (auto& t : threads) t.join();
  VerifyReport rep = reader.store->Verify({});
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_EQ(rep.event_count, uint64_t{kStores * kAppends});
  EXPECT_TRUE(rep.tree_checked);  // each session extended the tree from the head row it locked
  auto tree = reader.store->CurrentTree();
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  EXPECT_EQ(tree->size, uint64_t{kStores * kAppends});
}

}  // namespace
}  // namespace arshjul::storage
