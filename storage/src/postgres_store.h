// PostgresStore: the EventStore in a PostgreSQL database, over libpq.
// Internal to storage/ (and its tests).
//
// Tables (docs/storage-format.md): arshjul_events (one row per event: the
// position, the columns the indexes need, the hash and the canonical
// envelope bytes — the same bytes and hashes as the RocksDB store),
// arshjul_commands (command id → append), arshjul_log_head (one row: the head
// position and hash, and the Merkle tree's compact range), arshjul_tree (the
// tree's run records, tree_runs.h) and arshjul_meta (format marker: 1 before
// the tree, 2 with it).
//
// An append is one READ COMMITTED transaction that first takes the log head
// row's lock (UPDATE … RETURNING), so appends from every process are ordered,
// positions are explicit and dense, and commits become visible in position
// order; a rollback leaves no gap. The tree's records and compact range are
// written in the same transaction, from the range the head row held under its
// lock. LISTEN/NOTIFY only wakes subscribers:
// positions are the truth. Thread-safe: one writer connection and one reader
// connection, each behind its own mutex; a listener thread for subscriptions.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "arshjul/storage/event_store.h"
#include "envelope_codec.h"
#include "pg_conn.h"

namespace arshjul::storage {

class PostgresStore final : public EventStore {
 public:
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& conninfo, StoreOptions options);
  ~PostgresStore() override;

  Result<AppendResult> Append(const AppendRequest& request) override;
  Result<std::optional<AppendResult>> LookupCommand(std::string_view command_id) override;
  Result<std::optional<uint64_t>> StreamVersion(std::string_view stream) override;
  std::optional<uint64_t> HeadPosition() const override;

  std::unique_ptr<EventCursor> ReadStream(std::string_view stream, uint64_t from_version, Direction direction,
                                          uint64_t max_count) override;
  std::unique_ptr<EventCursor> ReadAll(uint64_t from_position, uint64_t max_count, bool verify_chain) override;
  std::unique_ptr<EventCursor> ReadByType(std::string_view type, uint64_t from_position) override;
  std::unique_ptr<EventCursor> ReadByEffectiveTime(TimeRange range) override;
  std::unique_ptr<EventCursor> ReadByRecordedTime(TimeRange range) override;
  std::unique_ptr<Subscription> Subscribe(uint64_t from_position) override;

  Result<TreeHead> CurrentTree() override;
  Result<std::unique_ptr<merkle::SubtreeSource>> Tree() override;
  VerifyReport Verify(const VerifyOptions& options) override;
  Result<StoreStats> Stats() override;
  Status Backup(const std::string& backup_dir) override;
  Status Import(const std::vector<RecordedEvent>& events) override;

  // Runs one statement on the reader connection (reconnecting once if it was
  // lost). For cursors and verify.
  Result<pg::Rows> Read(const std::string& sql, const pg::Params& params) const;
  // Waits until a committed head reaches `position`, the timeout passes, or
  // `cancelled` is set. For subscriptions.
  void WaitForPosition(uint64_t position, std::chrono::milliseconds timeout, const std::atomic<bool>& cancelled);
  void WakeWaiters();
  // How this store's event hashes are defined: by its first event's hash (a
  // store's first append, or a copy into an empty store, settles it; a first
  // append places kLeaf — format 3's definition, as a new RocksDB store — a
  // copy keeps the copied log's rule; stores whose first event was placed
  // before that keep kPrevThenEnvelope). An empty store answers kLeaf.
  // Cached once known; thread-safe.
  Result<ChainRule> ChainRuleOf() const;

 private:
  struct Head {
    std::optional<uint64_t> position;
    Hash hash{};
    Timestamp recorded_at{};
  };

  PostgresStore(std::string conninfo, StoreOptions options);
  Status CreateSchema();
  // Format 1 → 2: adds the tree's column and table, and builds the tree from
  // the chain-checked events in one transaction; in format 2, builds the
  // part a process from before the tree left out (postgres_store_tree.cc).
  Status EnsureTree(bool format1);
  Status BuildTreeLocked();
  // A connection of its own inside a REPEATABLE READ READ ONLY transaction:
  // one snapshot for a whole Verify or Stats.
  Result<std::unique_ptr<pg::Conn>> OpenSnapshot() const;
  // The writer connection, reconnected if it was lost. Caller holds write_mu_.
  Status EnsureWriter();
  // One append transaction. Caller holds write_mu_. On failure,
  // `*failed_before_commit` tells whether nothing can have been written.
  Result<AppendResult> AppendLocked(const AppendRequest& request, bool* failed_before_commit);
  Status Rollback();
  // Commits the statements after the head lock; IOError with "unknown outcome" when the connection was lost.
  Status Commit(std::vector<pg::Statement> statements);
  void NoteHead(uint64_t position);
  Status StartListener();
  void ListenLoop();

  std::string conninfo_;
  StoreOptions options_;
  bool has_tree_ = false;  // format 2: the tree's column and table exist

  std::mutex write_mu_;
  std::unique_ptr<pg::Conn> writer_;
  mutable std::mutex read_mu_;
  mutable std::unique_ptr<pg::Conn> reader_;

  // Highest head position known committed (from our appends or NOTIFY).
  std::mutex head_mu_;
  std::condition_variable head_cv_;
  std::optional<uint64_t> known_head_;

  mutable std::mutex rule_mu_;
  mutable std::optional<ChainRule> rule_;  // guarded by rule_mu_

  std::mutex listener_mu_;  // guards starting the listener
  std::unique_ptr<pg::Conn> listener_;
  std::thread listener_thread_;
  std::atomic<bool> stopping_{false};
};

// Statements shared by the store's files.
namespace pgsql {
// Rows of events as cursors read them: position, hash, envelope, key.
Status DecodeRow(const pg::Rows& rows, int row, RecordedEvent* out);
std::string InsertEventsSql(size_t rows);
// The columns of one arshjul_events row, by reference.
struct EventRow {
  uint64_t position;
  std::string_view stream;
  uint64_t stream_version;
  std::string_view type;
  Timestamp effective_at, recorded_at;
  std::string_view command_id;
  const Hash* hash;
  std::string_view canonical;
};
void AddEventParams(const EventRow& e, pg::Params* p);
void AddEventParams(const RecordedEvent& e, std::string_view canonical, pg::Params* p);

// The append transactions' tree (postgres_store_tree.cc). The head row's lock
// statement, whose columns are position, hash, recorded_us, tree_size, tree.
extern const char* const kLockHead;
// The compact range the locked head row holds; Corruption unless it covers
// exactly the log's `events` events.
Result<merkle::CompactRange> HeadTree(const pg::Rows& head, uint64_t events);
// Statements that store one run record, and move the head (and its tree) on.
pg::Statement InsertRun(uint64_t first, std::string hashes);
pg::Statement SetHead(uint64_t position, const Hash& hash, Timestamp recorded_at, const merkle::CompactRange& tree);
}  // namespace pgsql

}  // namespace arshjul::storage
