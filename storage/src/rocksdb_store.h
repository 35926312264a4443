// RocksStore: the EventStore on RocksDB. Internal to storage/ (and its tests).
//
// Appends go through a LevelDB-style writer queue: the writer at the front
// becomes the leader, waits briefly for the last group's appenders to queue
// again (synced stores), joins the waiting appends into one WriteBatch,
// writes it with one sync, and wakes the others (group commit) with one
// notify on the word they all wait on (done_upto_). Only the leader changes
// the in-memory head and stream versions, under mu_. Thread-safe.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "arshjul/storage/event_store.h"
#include "envelope_codec.h"
#include "index_runs.h"
#include "wait_word.h"

namespace arshjul::storage {

class RocksStore final : public EventStore {
 public:
  // `env` may be null (the default environment); when set it is borrowed and
  // must outlive the store. `owned_env` is destroyed after the database. A new
  // (empty, unmarked) store is marked `new_store_format` (4, or 3 or 2: store_format.h).
  static Result<std::unique_ptr<RocksStore>> Open(const std::string& dir, StoreOptions options,
                                                  rocksdb::Env* env,
                                                  std::unique_ptr<rocksdb::Env> owned_env = nullptr,
                                                  int new_store_format = 4);
  ~RocksStore() override;

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
  // Refuses (Busy) while an append is in progress: copying into a store is done
  // by the one process that holds it (rocksdb_store_import.cc).
  Status Import(const std::vector<RecordedEvent>& events) override;

  // For cursors and subscriptions.
  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(int index) const { return handles_[index]; }
  // Waits until the head reaches `position`, the timeout passes, or `cancelled` is set.
  void WaitForPosition(uint64_t position, std::chrono::milliseconds timeout, const std::atomic<bool>& cancelled);
  void WakeWaiters();
  // How this store's event hashes are defined (its format marker: 3 kLeaf, 1–2 kPrevThenEnvelope).
  ChainRule chain_rule() const { return chain_.load(std::memory_order_acquire); }

  enum Cf { kDefault = 0, kEvents, kStreams, kCommands, kByType, kByEffective, kByRecorded, kMerkle, kCfCount };

 private:
  struct Writer;
  struct GroupState;

  RocksStore(StoreOptions options, std::unique_ptr<rocksdb::Env> owned_env);
  Status Validate(const AppendRequest& request) const;
  Status LoadHead();
  Status MarkFormat2(const std::string& dir);
  // Reads (or, for a new store, writes) the format marker and sets chain_.
  Status LoadFormat(const std::string& dir, int new_store_format, std::string* marker);
  // The chain rule and tree layout a format marker names.
  void AdoptFormat(std::string_view marker);
  // Import's chain rule; for an empty store, the copied log's (marker put in `batch`). rocksdb_store_import.cc.
  Result<ChainRule> ImportRule(const RecordedEvent& first, rocksdb::WriteBatch* batch, uint32_t* min_level);
  // Loads the tree's compact range; builds the missing part of the tree from
  // the events (checking the chain) when the store is writable. rocksdb_store_tree.cc.
  Status LoadTree();
  Status BuildTree(merkle::CompactRange range);
  // Stream version from cache or disk. Caller holds mu_ or is the leader.
  Result<std::optional<uint64_t>> LoadStreamVersion(const std::string& stream);
  Result<std::optional<std::pair<AppendResult, std::string>>> FindCommand(std::string_view command_id);
  // The append path (rocksdb_store.cc, Append): group selection, then per
  // writer idempotency, expected version and encoding, then publishing.
  std::vector<Writer*> SelectGroup() const;
  Result<std::optional<AppendResult>> CheckIdempotency(const AppendRequest& req, const GroupState& group);
  Result<std::optional<uint64_t>> CheckExpectedVersion(const AppendRequest& req, const GroupState& group);
  AppendResult EncodeEvents(const AppendRequest& req, std::optional<uint64_t> current, Timestamp now,
                            GroupState* group, rocksdb::WriteBatch* batch);
  // Adds one writer's events to the batch; sets its result (or error).
  void Prepare(Writer* w, Timestamp now, GroupState* group, rocksdb::WriteBatch* batch);
  bool LastGroupMissing() const;
  void GatherFollowers(std::unique_lock<std::mutex>& lk, Writer* leader);
  void CountGroup(size_t members, std::chrono::steady_clock::duration write_time);
  void PublishGroup(const rocksdb::Status& s, const GroupState& group, const std::vector<Writer*>& members,
                    Timestamp now);
  // The run entries' families; `tree`: with the Merkle records, of that layout.
  IndexRuns::Families RunFamilies(bool tree, uint32_t tree_min_level) const;
  bool AwaitTurn(const Writer& w);
  void AwaitDone(const Writer& w);
  bool TakeOverGathering(Writer* w);
  void ReleaseGroup(const std::vector<Writer*>& members);

  StoreOptions options_;
  std::unique_ptr<rocksdb::Env> owned_env_;  // destroyed after db_
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;

  // Changes only while the store is empty (Import adopts the copied log's rule).
  std::atomic<ChainRule> chain_{ChainRule::kLeaf};
  std::atomic<uint32_t> tree_min_level_{0};  // the merkle family's layout (tree_runs.h); as chain_
  mutable std::mutex mu_;
  std::condition_variable head_cv_;
  std::deque<Writer*> writers_;
  uint32_t next_ticket_ = 0;  // the next Writer's ticket; guarded by mu_
  // Every Writer whose ticket is before this one (mod 2^32) has its result.
  WaitWord done_upto_;
  std::optional<uint64_t> head_position_;
  Hash head_hash_{};
  Timestamp last_recorded_{};
  merkle::CompactRange tree_;  // covers [0, head]; guarded by mu_
  bool tree_ready_ = false;    // false: an old store opened read-only (no tree yet)
  std::unordered_map<std::string, std::optional<uint64_t>> stream_versions_;
  // Group commit (GatherFollowers): the last group's appenders and write time.
  static constexpr std::chrono::microseconds kMaxGather{2000};
  std::vector<std::thread::id> last_group_;
  std::chrono::steady_clock::duration last_write_{};
  bool gathering_ = false;
  std::chrono::steady_clock::time_point gather_start_{};
  GroupCommitStats group_stats_;  // guarded by mu_; Stats() copies it
};

// Opens the store over a caller-supplied RocksDB environment (fault injection in tests).
Result<std::unique_ptr<EventStore>> OpenStoreWithEnv(const std::string& dir, StoreOptions options,
                                                      rocksdb::Env* env);

// Maps a RocksDB status to ours, with a Swedish message and context.
Status FromRocks(const rocksdb::Status& s, const std::string& context);

}  // namespace arshjul::storage
