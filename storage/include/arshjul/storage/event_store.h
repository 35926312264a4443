// EventStore: arshjul's generic, append-only, hash-chained event log.
//
// The store keeps streams of events (e.g. "committee/bun/decisions"); every
// event also has a dense global position across all streams. Payloads are
// opaque bytes (a Cap'n Proto message of the caller's schema); the store knows
// nothing of kommuner. Every event is chained to the previous one by SHA-256,
// so that Verify() detects any altered, removed or reordered event.
//
// Persisted format: docs/storage-format.md. Thread-safety: an EventStore is
// thread-safe; concurrent Append() calls share one disk sync (group commit).
// Cursors are not thread-safe and must not outlive the store.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arshjul/storage/clock.h"
#include "arshjul/storage/hash.h"
#include "arshjul/storage/merkle.h"
#include "arshjul/storage/status.h"

namespace arshjul::storage {


// Who caused an event: a person acting in a role for an organ.
struct Actor {
  std::string person_id;
  std::string role;
  std::string organ;
  friend bool operator==(const Actor&, const Actor&) = default;
};

// An event as the caller proposes it, before the store has placed it.
struct ProposedEvent {
  std::string type;             // registered event type name, e.g. "DecisionRecorded"
  uint32_t schema_version = 1;  // version of the payload schema it was written with
  std::string payload;          // encoded payload bytes
  // Business time: the day a decision was taken or the period a report covers.
  // Defaults to the recorded-at time when absent.
  std::optional<Timestamp> effective_at;
  Id128 event_id;               // zero: the store draws one from its IdSource
  Id128 causation_id;           // the event that caused this one (zero: none)
  Id128 correlation_id;         // groups events of one conversation (zero: none)
};

// The expected state of the stream, for optimistic concurrency.
struct ExpectedVersion {
  enum class Kind { kAny, kNoStream, kExact };
  Kind kind = Kind::kAny;
  uint64_t version = 0;  // kExact: the version of the stream's last event

  static ExpectedVersion Any() { return {}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedVersion Exact(uint64_t v) { return {Kind::kExact, v}; }
};

struct AppendRequest {
  std::string stream;
  ExpectedVersion expected;
  Actor actor;
  // Idempotency key: a second append with the same command id writes nothing
  // and returns the first one's result. Empty: no idempotency.
  std::string command_id;
  std::vector<ProposedEvent> events;  // at least one
};

struct AppendResult {
  uint64_t first_position = 0;  // global position of the first event
  uint64_t first_version = 0;   // stream version of the first event
  uint32_t count = 0;
  bool duplicate = false;       // true: the command id was already stored
  Timestamp recorded_at{};
  uint64_t last_position() const { return first_position + count - 1; }
  uint64_t last_version() const { return first_version + count - 1; }
};

// An event as stored. Value type.
struct RecordedEvent {
  Id128 event_id;
  std::string stream;
  uint64_t stream_version = 0;
  uint64_t position = 0;
  Timestamp recorded_at{};
  Timestamp effective_at{};
  Actor actor;
  std::string command_id;
  Id128 causation_id;
  Id128 correlation_id;
  std::string type;
  uint32_t schema_version = 0;
  std::string payload;
  Hash prev_hash{};
  Hash hash{};
};

// A forward-only, bounded reader. Holds at most one event in memory.
class EventCursor {
 public:
  virtual ~EventCursor() = default;
  // Advances to the next event. Returns true if there is one (then event()
  // is valid until the next call), false at the end, or an error.
  virtual Result<bool> Next() = 0;
  virtual const RecordedEvent& event() const = 0;
};

// What the store knows of one event type: the newest payload schema version it
// may be written with, and an optional check that the payload decodes.
struct EventTypeInfo {
  uint32_t max_schema_version = 1;
  std::function<Status(std::string_view payload, uint32_t schema_version)> validate;
};
// Registered types. An empty registry accepts every type name.
using TypeRegistry = std::map<std::string, EventTypeInfo, std::less<>>;

struct StoreOptions {
  const Clock* clock = nullptr;      // required; borrowed, must outlive the store
  IdSource* ids = nullptr;           // required; borrowed, must outlive the store
  TypeRegistry types;
  size_t max_payload_bytes = 1 << 20;
  bool sync = true;                  // false: acknowledged appends may be lost on power failure
  size_t max_group_bytes = 4 << 20;  // group commit: most bytes joined under one sync
  bool read_only = false;            // open for reading only (no lock is taken)
  // false: keep no Merkle tree (only to measure its cost; proofs and
  // checkpoints are then unavailable, and a later open with true builds it).
  // RocksDB only: a PostgreSQL store always keeps its tree.
  bool merkle_tree = true;
};

enum class Direction { kForward, kBackward };

struct TimeRange {
  Timestamp from{};  // inclusive
  Timestamp to{};    // exclusive
};

// How appends shared writes (and syncs) since the store was opened: the
// leader of a group writes every member's events in one batch. RocksStore
// counts them; other backends leave them zero.
struct GroupCommitStats {
  uint64_t groups = 0;                     // batches written
  uint64_t appends = 0;                    // Append calls those batches carried
  std::array<uint64_t, 9> by_size{};       // groups of 1, 2, …, 8 appends; [8]: more than 8
  std::chrono::nanoseconds write_time{};   // in the batch writes (each with its sync when synced)
  std::chrono::nanoseconds gather_time{};  // leaders waiting for the last group's appenders
  uint64_t taken_over = 0;                 // groups led by their last appender to queue, in the gathering leader's stead
};

struct StoreStats {
  uint64_t event_count = 0;
  uint64_t stream_count = 0;
  std::optional<uint64_t> head_position;
  Hash head_hash{};
  uint64_t disk_bytes = 0;
  std::map<std::string, uint64_t> events_by_type;
  GroupCommitStats group_commit;
};

struct VerifyOptions {
  // An earlier head "POSITION:HASH": the log must still contain exactly that prefix.
  std::optional<std::pair<uint64_t, Hash>> expected_head;
  bool check_indexes = true;
  std::function<void(uint64_t checked)> progress;
};

struct VerifyReport {
  bool ok = false;
  uint64_t event_count = 0;
  std::optional<uint64_t> head_position;
  Hash head_hash{};
  std::optional<uint64_t> first_bad_position;  // set when !ok and an event is at fault
  bool tree_checked = false;                   // false: a store made before the Merkle tree, opened read-only
  std::string problem;                         // Swedish description when !ok
};

class Subscription;

// "This store keeps no Merkle tree" (Swedish), for backends without one.
std::string NoTreeMessage();

// The head of the Merkle tree over the log (merkle.h): leaf n is the event at
// position n, its bytes the event's canonical envelope.
struct TreeHead {
  uint64_t size = 0;  // number of events covered
  Hash root{};        // merkle::EmptyRoot() when size is 0
};

class EventStore {
 public:
  virtual ~EventStore() = default;
  EventStore() = default;
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends all events to one stream, or none. Durable before it returns
  // (unless StoreOptions::sync is false). Errors: InvalidArgument (bad stream
  // id, unknown type, payload too large or not decodable), Conflict (expected
  // version; the message names the actual version), IOError. After an IOError
  // the outcome is unknown (the disk may have kept the batch although the sync
  // failed): retry with the same command id, which writes it at most once.
  virtual Result<AppendResult> Append(const AppendRequest& request) = 0;

  // The append a command id recorded, if any (what a repeated Append would return).
  virtual Result<std::optional<AppendResult>> LookupCommand(std::string_view command_id) = 0;
  // The version of the stream's last event; nullopt if the stream does not exist.
  virtual Result<std::optional<uint64_t>> StreamVersion(std::string_view stream) = 0;
  // Position of the last event in the log; nullopt when empty.
  virtual std::optional<uint64_t> HeadPosition() const = 0;

  virtual std::unique_ptr<EventCursor> ReadStream(std::string_view stream, uint64_t from_version,
                                                  Direction direction, uint64_t max_count) = 0;
  // The global log from a position. With verify_chain, each event's hash is
  // recomputed and checked against the previous one; a mismatch is Corruption.
  virtual std::unique_ptr<EventCursor> ReadAll(uint64_t from_position, uint64_t max_count,
                                               bool verify_chain = false) = 0;
  virtual std::unique_ptr<EventCursor> ReadByType(std::string_view type, uint64_t from_position) = 0;
  // Events ordered by effective time (ties by position).
  virtual std::unique_ptr<EventCursor> ReadByEffectiveTime(TimeRange range) = 0;
  // Events ordered by recorded time (ties by position).
  virtual std::unique_ptr<EventCursor> ReadByRecordedTime(TimeRange range) = 0;

  // Catch-up then live delivery from a position, with no gap and no duplicate.
  virtual std::unique_ptr<Subscription> Subscribe(uint64_t from_position) = 0;

  // The tree over the whole log as it is now. Both backends keep it; a
  // backend without one returns NotFound.
  virtual Result<TreeHead> CurrentTree() { return Status::NotFound(NoTreeMessage()); }
  // The stored complete subtrees (merkle.h), for the prover. Valid while the
  // store lives; the tree of any size up to CurrentTree().size can be read
  // from it (stored subtrees never change). The source is not thread-safe
  // (one per caller). NotFound when the store was made
  // without the tree and opened read-only (a writable open builds it).
  virtual Result<std::unique_ptr<merkle::SubtreeSource>> Tree() { return Status::NotFound(NoTreeMessage()); }

  // Also checks the Merkle tree against the chain (every stored subtree hash
  // is recomputed from the events' canonical bytes).
  virtual VerifyReport Verify(const VerifyOptions& options) = 0;
  virtual Result<StoreStats> Stats() = 0;
  // A consistent online backup into `backup_dir` (created if missing; a
  // further backup into the same folder is incremental).
  virtual Status Backup(const std::string& backup_dir) = 0;

  // Appends events exactly as another store recorded them (copying a log from
  // one backend to another): they must continue this log — the first one's
  // position is the head's successor and its prev_hash the head hash — and
  // each hash is recomputed and must match. Nothing is written on error
  // (Corruption when the events do not chain, InvalidArgument when this
  // backend cannot import).
  virtual Status Import(const std::vector<RecordedEvent>& events);
};

// Catch-up-then-live reader over the global log. Not thread-safe; must not
// outlive its store.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // The next event if one is committed, waiting up to `timeout` for one to be
  // appended. Returns nullptr on timeout (or after Cancel()).
  virtual Result<const RecordedEvent*> Next(std::chrono::milliseconds timeout) = 0;
  // The position the next delivered event will have.
  virtual uint64_t next_position() const = 0;
  // Wakes a waiting Next() and makes every later call return nullptr at once.
  // Thread-safe.
  virtual void Cancel() = 0;
};

// Opens (creating if missing) a RocksDB-backed store in `dir`. Busy when
// another process holds the store. A `dir` that begins with postgresql:// (or
// postgres://) opens OpenPostgresStore instead.
Result<std::unique_ptr<EventStore>> OpenStore(const std::string& dir, StoreOptions options);
// Opens (creating its tables if missing) a store in a PostgreSQL database.
// `conninfo` is a libpq connection string (URI or key=value); a multi-host
// string with target_session_attrs=read-write follows a failover. Many
// processes may share one database. Format: docs/storage-format.md.
Result<std::unique_ptr<EventStore>> OpenPostgresStore(const std::string& conninfo, StoreOptions options);
// An in-memory store with the same code and format (RocksDB over a memory
// environment): for tests and simulation. Nothing survives its destruction.
Result<std::unique_ptr<EventStore>> OpenMemoryStore(StoreOptions options);
// Restores the newest backup in `backup_dir` into `dir`, which must be empty or missing.
Status RestoreStore(const std::string& backup_dir, const std::string& dir);

// The canonical envelope bytes of an event (the chain's and the tree's input)
// and its leaf hash, SHA-256(0x00 ‖ bytes). Every backend stores these bytes.
std::string CanonicalEnvelope(const RecordedEvent& e);
Hash EventLeafHash(const RecordedEvent& e);
// Decodes canonical envelope bytes (hash is left zero). Corruption if malformed.
Result<RecordedEvent> DecodeCanonicalEnvelope(std::string_view canonical);

// Stream ids: 1–256 bytes of [a-z0-9._-] segments separated by '/', no empty
// segment. Returns InvalidArgument naming the problem.
Status ValidateStreamId(std::string_view stream);

}  // namespace arshjul::storage
