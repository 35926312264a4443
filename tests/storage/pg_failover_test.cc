// Failover with real processes: a PostgreSQL primary and a synchronous
// standby (streaming replication over loopback, synchronous_commit = on),
// writers appending through PostgresStore with a multi-host connection string
// (target_session_attrs=read-write), the primary SIGKILLed mid-burst (the
// postmaster and every backend: a lost machine), the standby promoted. Every
// append that was acknowledged must be present, none doubled, verify must
// pass, and the appends after the failover must continue the chain.
//
// Bounded for ctest (about a second of burst before and after the kill);
// ARSHJUL_FAILOVER_BURST_MS sets the burst for a longer run by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "arshjul/storage/event_store.h"
#include "support/fake_clock.h"
#include "support/pg_cluster.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using testing::Event;
using testing::PgCluster;
using testing::Request;

constexpr int kWriters = 4;

int BurstMs() {
  const char* env = std::getenv("ARSHJUL_FAILOVER_BURST_MS");
  return env ? std::atoi(env) : 1000;
}

struct Acknowledged {
  AppendResult result;
  std::string stream;
};

// What the writers share: acknowledged appends by command id, and when the
// first append after the kill was acknowledged.
struct Ledger {
  std::mutex mu;
  std::map<std::string, Acknowledged> acked;
  std::atomic<bool> killed{false};
  std::optional<Clock::time_point> killed_at, resumed_at;
  int failed_attempts = 0;
  std::string last_error;
};

// Appends until `stop`, retrying an append that failed with the same command
// id (its outcome is unknown: the retry writes it at most once).
void Writer(EventStore& store, int id, const std::atomic<bool>& stop, Ledger* ledger) {
  for (int i = 0; !stop; ++i) {
    std::string stream = "failover/w" + std::to_string(id);
    std::string command = "w" + std::to_string(id) + "-" + std::to_string(i);
    std::vector<ProposedEvent> events;
    for (int k = 0; k <= i % 2; ++k) events.push_back(Event("T", command + "/" + std::to_string(k)));
    Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
    for (;;) {
      auto r = store.Append(Request(stream, events, ExpectedVersion::Any(), command));
      if (r.ok()) {
        std::lock_guard lk(ledger->mu);
        ledger->acked[command] = {r.value(), stream};
        if (ledger->killed && !ledger->resumed_at) ledger->resumed_at = Clock::now();
        break;
      }
      {
        std::lock_guard lk(ledger->mu);
        ++ledger->failed_attempts;
        ledger->last_error = r.status().ToString();
      }
      ASSERT_LT(Clock::now(), deadline) << "no writable primary within 60 s: " << r.status().ToString();
      std::this_thread::sleep_for(milliseconds(20));  // a real server is coming back: nothing to fake
    }
  }
}

std::string MultiHost(const PgCluster& a, const PgCluster& b) {
  return "host=127.0.0.1,127.0.0.1 port=" + std::to_string(a.port()) + "," + std::to_string(b.port()) +
         " user=postgres dbname=postgres target_session_attrs=read-write connect_timeout=2";
}

// A primary and its synchronous standby on loopback; the tables created on the primary.
void StartPair(std::unique_ptr<PgCluster>* primary, std::unique_ptr<PgCluster>* standby) {
  std::string error;
  PgCluster::Options primary_opts;
  primary_opts.tcp = true;
  primary_opts.extra_conf =
      "wal_level = replica\nmax_wal_senders = 4\nwal_keep_size = 128MB\n"
      "synchronous_standby_names = '*'\nsynchronous_commit = on\n";
  *primary = PgCluster::Start(primary_opts, &error);
  ASSERT_NE(*primary, nullptr) << error;
  *standby = PgCluster::StartStandby(**primary, PgCluster::Options{}, &error);
  ASSERT_NE(*standby, nullptr) << error;
  // Wait (real processes) until the standby streams synchronously.
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
  while ((*primary)->Value("SELECT sync_state FROM pg_stat_replication") != std::optional<std::string>("sync")) {
    ASSERT_LT(Clock::now(), deadline) << "the standby never became synchronous";
    std::this_thread::sleep_for(milliseconds(50));
  }
  testing::StoreHarness create;
  auto s = OpenPostgresStore(MultiHost(**primary, **standby), create.Options());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
}

// Every acknowledged append is present at its acknowledged position, every
// stored command's events are stored once, and the chain verifies through the
// head published before the kill.
void CheckLedger(EventStore& store, const Ledger& ledger, const VerifyReport& published, uint64_t* present,
                 uint64_t* acked_events, VerifyReport* report) {
  std::map<std::string, uint64_t> events_by_command;
  auto cursor = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  for (;;) {
    auto more = cursor->Next();
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ++*present;
    ++events_by_command[cursor->event().command_id];
  }
  for (const auto& [command, ack] : ledger.acked) {
    *acked_events += ack.result.count;
    auto stored = store.LookupCommand(command);
    ASSERT_TRUE(stored.ok() && stored->has_value()) << "acknowledged append lost: " << command;
    EXPECT_EQ((*stored)->first_position, ack.result.first_position) << command;
    EXPECT_EQ(events_by_command[command], ack.result.count) << "doubled or lost events of " << command;
  }
  for (const auto& [command, n] : events_by_command) {
    auto stored = store.LookupCommand(command);
    ASSERT_TRUE(stored.ok() && stored->has_value()) << command;
    EXPECT_EQ(n, (*stored)->count) << "command " << command << " stored more than once";
  }
  VerifyOptions o;
  if (published.head_position) o.expected_head = {*published.head_position, published.head_hash};
  *report = store.Verify(o);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->event_count, *present);
  EXPECT_GT(report->head_position.value_or(0), published.head_position.value_or(0))
      << "the head after the failover does not continue the published one";
}

// Joins the writers on every path out, so a failed assertion still stops the clusters cleanly.
struct JoinAll {
  std::atomic<bool>& stop;
  std::vector<std::thread>& threads;
  ~JoinAll() {
    stop = true;
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }
};

TEST(PgFailoverTest, AcknowledgedAppendsSurviveSigkillOfThePrimary) {
  std::unique_ptr<PgCluster> primary, standby;
  StartPair(&primary, &standby);
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  const std::string conninfo = MultiHost(*primary, *standby);
  // One store per writer (a connection each, as separate arshjul processes
  // would have), and one that publishes the head just before the kill.
  testing::FakeClock clock;
  RandomIdSource ids;
  StoreOptions o;
  o.clock = &clock;
  o.ids = &ids;
  std::vector<std::unique_ptr<EventStore>> stores;
  for (int w = 0; w <= kWriters; ++w) {
    auto opened = OpenPostgresStore(conninfo, o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    stores.push_back(std::move(opened).value());
  }
  Ledger ledger;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  JoinAll join_all{stop, writers};
  for (int w = 0; w < kWriters; ++w) writers.emplace_back(Writer, std::ref(*stores[w]), w, std::cref(stop), &ledger);
  std::this_thread::sleep_for(milliseconds(BurstMs()));  // the burst before the kill

  // A head read on the primary was committed, so the synchronous standby has it.
  VerifyReport published = stores[kWriters]->Verify({});
  ASSERT_TRUE(published.ok) << published.problem;
  size_t acked_before;
  {
    std::lock_guard lk(ledger.mu);
    acked_before = ledger.acked.size();
    ledger.killed = true;
    ledger.killed_at = Clock::now();
  }
  primary->KillHard();
  ASSERT_EQ(standby->Promote(), "");
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
  for (;;) {  // the burst after the failover
    {
      std::lock_guard lk(ledger.mu);
      if (ledger.resumed_at && Clock::now() - *ledger.resumed_at > milliseconds(BurstMs())) break;
      ASSERT_LT(Clock::now(), deadline) << "writers never resumed: " << ledger.acked.size() << " acknowledged, "
                                        << ledger.failed_attempts << " failed attempts, last: " << ledger.last_error;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());

  // Checked on the promoted standby, through the same multi-host string.
  testing::StoreHarness check;
  auto opened = OpenPostgresStore(conninfo, check.Options());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  uint64_t present = 0, acked_events = 0;
  VerifyReport report;
  CheckLedger(*opened.value(), ledger, published, &present, &acked_events, &report);
  EXPECT_GT(ledger.acked.size(), acked_before) << "no append was acknowledged after the failover";

  double resume_ms = std::chrono::duration<double, std::milli>(*ledger.resumed_at - *ledger.killed_at).count();
  std::printf(
      "failover: %zu appends (%llu events) acknowledged, %zu of them before the SIGKILL; %llu events present, "
      "%d failed attempts retried; time to resume %.0f ms; head published before the kill %llu, after %llu:%s\n",
      ledger.acked.size(), static_cast<unsigned long long>(acked_events), acked_before,
      static_cast<unsigned long long>(present), ledger.failed_attempts, resume_ms,
      static_cast<unsigned long long>(published.head_position.value_or(0)),
      static_cast<unsigned long long>(report.head_position.value_or(0)), HashToHex(report.head_hash).c_str());
}

}  // namespace
}  // namespace arshjul::storage
