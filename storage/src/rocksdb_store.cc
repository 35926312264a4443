// RocksStore: opening, validation and the group-commit append path.
#include "rocksdb_store.h"

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <unordered_set>

#include "append_support.h"
#include "envelope_codec.h"
#include "index_runs.h"
#include "keys.h"
#include "pg_conn.h"
#include "store_creation.h"
#include "store_format.h"
#include "tree_runs.h"

namespace arshjul::storage {

Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::Ok();
  std::string detail = s.ToString();
  // RocksDB reports a held LOCK file as "While lock file: …" (another process)
  // or "lock hold by current process"; a bare "lock" would also match paths
  // such as /srv/blocks or clock-data.
  if (s.IsIOError() && (detail.find("While lock file") != std::string::npos ||
                        detail.find("lock hold by current process") != std::string::npos)) {
    return Status::Busy(context + ": datalagret används redan av en annan process (" + detail + ")");
  }
  if (s.IsNoSpace() || detail.find("No space") != std::string::npos) {
    return Status::IOError(context + ": disken är full (" + detail + ")");
  }
  if (detail.find("Read-only") != std::string::npos || detail.find("read-only") != std::string::npos) {
    return Status::IOError(context + ": filsystemet är skrivskyddat (" + detail + ")");
  }
  if (s.IsCorruption()) return Status::Corruption(context + ": " + detail);
  if (s.IsNotFound()) return Status::NotFound(context + ": " + detail);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(context + ": " + detail);
  return Status::IOError(context + ": " + detail);
}

// One waiting Append. Lives on the appender's stack: a leader touches a
// follower's Writer only before it moves done_upto_ past the follower's ticket.
struct RocksStore::Writer {
  const AppendRequest* request = nullptr;
  std::thread::id thread = std::this_thread::get_id();
  uint32_t ticket = 0;  // its place in writers_ (which is in ticket order)
  std::optional<Result<AppendResult>> result;
  std::atomic<bool> lead{false};  // it reached the front: it leads the next group
  std::condition_variable cv;     // wakes it while it gathers (GatherFollowers)
  bool taken = false;             // while it gathered, the last arrival led its group (guarded by mu_)
};

// What the leader has decided for the group so far, applied to the store's
// state only after the batch is durable.
struct RocksStore::GroupState {
  std::optional<uint64_t> head_position;
  Hash head_hash{};
  std::unordered_map<std::string, std::optional<uint64_t>> stream_versions;
  std::unordered_map<std::string, AppendResult> commands;  // command ids written by this group
  merkle::CompactRange tree;
  bool tree_ready = false;
  std::vector<Hash> completed;  // scratch: the subtrees one leaf completes
  IndexRuns* runs = nullptr;    // the group's run entries (its batch's)
};

RocksStore::RocksStore(StoreOptions options, std::unique_ptr<rocksdb::Env> owned_env)
    : options_(std::move(options)), owned_env_(std::move(owned_env)) {}

RocksStore::~RocksStore() {
  if (db_) {
    for (auto* h : handles_) {
      if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
    }
    db_->Close();
    db_.reset();
  }
}

Result<std::unique_ptr<RocksStore>> RocksStore::Open(const std::string& dir, StoreOptions options,
                                                     rocksdb::Env* env, std::unique_ptr<rocksdb::Env> owned_env,
                                                     int new_store_format) {
  if (options.clock == nullptr || options.ids == nullptr) {
    return Status::InvalidArgument("datalagret behöver en klocka och en id-källa");
  }
  if (dir.empty()) return Status::InvalidArgument("sökväg till datalagret saknas", "--data");
  bool read_only = options.read_only;
  std::unique_ptr<RocksStore> store(new RocksStore(std::move(options), std::move(owned_env)));

  rocksdb::DBOptions db_opts;
  db_opts.create_if_missing = !read_only;
  db_opts.create_missing_column_families = !read_only;
  db_opts.IncreaseParallelism(2);
  db_opts.enable_pipelined_write = false;
  if (env != nullptr) db_opts.env = env;
  if (store->owned_env_) db_opts.env = store->owned_env_.get();

  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.OptimizeLevelStyleCompaction();
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, cf_opts}, {keys::kEvents, cf_opts},   {keys::kStreams, cf_opts},
      {keys::kCommands, cf_opts},                   {keys::kByType, cf_opts},   {keys::kByEffective, cf_opts},
      {keys::kByRecorded, cf_opts}, {keys::kMerkle, cf_opts}};
  // A store made before the Merkle tree has no merkle family; read-only opens cannot create it.
  bool without_tree = false;
  if (read_only) {
    std::vector<std::string> names;
    rocksdb::DB::ListColumnFamilies(db_opts, dir, &names);
    without_tree = !names.empty() && std::find(names.begin(), names.end(), keys::kMerkle) == names.end();
    if (without_tree) cfs.pop_back();
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(db_opts, dir, cfs, &store->handles_, &raw)
                : rocksdb::DB::Open(db_opts, dir, cfs, &store->handles_, &raw);
  if (!s.ok()) return FromRocks(s, "kunde inte öppna datalagret i " + dir);
  store->db_.reset(raw);
  if (without_tree) store->handles_.push_back(nullptr);

  std::string marker;
  ARSHJUL_RETURN_IF_ERROR(store->LoadFormat(dir, new_store_format, &marker));
  ARSHJUL_RETURN_IF_ERROR(store->LoadHead());
  ARSHJUL_RETURN_IF_ERROR(store->LoadTree());
  if (marker == keys::kFormat1Value && !read_only) ARSHJUL_RETURN_IF_ERROR(store->MarkFormat2(dir));
  return store;
}

Status RocksStore::LoadHead() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kEvents]));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), "kunde inte läsa loggens slut");
  if (!it->Valid()) return Status::Ok();
  if (it->key().size() != 8 || it->value().size() < 32) {
    return Status::Corruption("sista händelsen i loggen har fel format");
  }
  head_position_ = keys::GetU64(it->key().data());
  std::memcpy(head_hash_.data(), it->value().data(), 32);
  RecordedEvent last;
  Status st = DecodeStoredValue(std::string_view(it->value().data(), it->value().size()), &last);
  if (!st.ok()) return st.WithContext("sista händelsen i loggen (position " + std::to_string(*head_position_) + ")");
  last_recorded_ = last.recorded_at;
  return Status::Ok();
}

Status RocksStore::Validate(const AppendRequest& req) const { return ValidateAppendRequest(req, options_); }

Result<std::optional<uint64_t>> RocksStore::LoadStreamVersion(const std::string& stream) {
  auto found = stream_versions_.find(stream);
  if (found != stream_versions_.end()) return found->second;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kStreams]));
  std::string last_key = keys::StreamKey(stream, UINT64_MAX);
  it->SeekForPrev(last_key);
  if (!it->status().ok()) return FromRocks(it->status(), "kunde inte läsa strömmen " + stream);
  std::optional<uint64_t> version;
  std::string prefix = keys::StreamPrefix(stream);
  if (it->Valid() && it->key().starts_with(prefix) && it->key().size() == prefix.size() + 8 &&
      it->value().size() == 12) {
    uint64_t first_version = keys::GetU64(it->key().data() + prefix.size());
    uint32_t count = keys::GetU32(it->value().data() + 8);
    version = first_version + count - 1;
  }
  stream_versions_.emplace(stream, version);
  return version;
}

// The stored append of a command id, with the stream it went to; nullopt when unknown.
Result<std::optional<std::pair<AppendResult, std::string>>> RocksStore::FindCommand(std::string_view command_id) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kCommands],
                               rocksdb::Slice(command_id.data(), command_id.size()), &value);
  if (s.IsNotFound()) return std::optional<std::pair<AppendResult, std::string>>();
  if (!s.ok()) return FromRocks(s, "kunde inte läsa kommandoindexet");
  keys::CommandRecord rec;
  if (!keys::ParseCommandValue(value, &rec)) {
    return Status::Corruption("kommandoindexet är skadat för " + std::string(command_id));
  }
  AppendResult r;
  r.first_position = rec.first_position;
  r.first_version = rec.first_version;
  r.count = rec.count;
  r.duplicate = true;
  r.recorded_at = Timestamp(std::chrono::microseconds(rec.recorded_us));
  return std::optional<std::pair<AppendResult, std::string>>(std::pair{r, rec.stream});
}

Result<std::optional<AppendResult>> RocksStore::LookupCommand(std::string_view command_id) {
  ARSHJUL_ASSIGN_OR_RETURN(auto found, FindCommand(command_id));
  if (!found.has_value()) return std::optional<AppendResult>();
  return std::optional<AppendResult>(found->first);
}

Result<std::optional<uint64_t>> RocksStore::StreamVersion(std::string_view stream) {
  ARSHJUL_RETURN_IF_ERROR(ValidateStreamId(stream));
  std::lock_guard lk(mu_);
  return LoadStreamVersion(std::string(stream));
}

std::optional<uint64_t> RocksStore::HeadPosition() const {
  std::lock_guard lk(mu_);
  return head_position_;
}

// Step 2, idempotency: the earlier result of a command id already stored (or
// written earlier in this group); nullopt when the command is new. Conflict
// when the id was used in another stream.
Result<std::optional<AppendResult>> RocksStore::CheckIdempotency(const AppendRequest& req, const GroupState& group) {
  if (req.command_id.empty()) return std::optional<AppendResult>();
  auto pending = group.commands.find(req.command_id);
  if (pending != group.commands.end()) {
    AppendResult r = pending->second;
    r.duplicate = true;
    return std::optional<AppendResult>(r);
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto stored, FindCommand(req.command_id));
  if (!stored.has_value()) return std::optional<AppendResult>();
  const auto& [result, stream] = *stored;
  if (stream != req.stream) {
    return Status::Conflict("kommando-id '" + req.command_id + "' är redan använt i strömmen " + stream);
  }
  return std::optional<AppendResult>(result);
}

// Step 3, optimistic concurrency: the stream's current version (as this group
// leaves it) if it matches what the request expects; Conflict otherwise.
Result<std::optional<uint64_t>> RocksStore::CheckExpectedVersion(const AppendRequest& req, const GroupState& group) {
  std::optional<uint64_t> current;
  auto in_group = group.stream_versions.find(req.stream);
  if (in_group != group.stream_versions.end()) {
    current = in_group->second;
  } else {
    ARSHJUL_ASSIGN_OR_RETURN(current, LoadStreamVersion(req.stream));
  }
  ARSHJUL_RETURN_IF_ERROR(storage::CheckExpectedVersion(req.stream, req.expected, current));
  return current;
}

// Step 4, encoding: the request's events, chained onto the group's head, and
// their index entries into the batch (the run entries into the group's
// IndexRuns, shared by its appends); the group's head, stream versions and
// command ids move on.
AppendResult RocksStore::EncodeEvents(const AppendRequest& req, std::optional<uint64_t> current, Timestamp now,
                                      GroupState* group, rocksdb::WriteBatch* batch) {
  AppendResult r;
  r.first_position = group->head_position ? *group->head_position + 1 : 0;
  r.first_version = current ? *current + 1 : 0;
  r.count = static_cast<uint32_t>(req.events.size());
  r.recorded_at = now;
  std::vector<PlacedEvent> placed = PlaceEvents(req, r, group->head_hash, options_.ids, chain_rule(), group->tree_ready);
  for (size_t i = 0; i < placed.size(); ++i) {
    const PlacedEvent& p = placed[i];
    group->runs->Add(p.position, req.events[i].type, p.effective_at.time_since_epoch().count(),
                     now.time_since_epoch().count());
    if (group->tree_ready) tree::AppendLeaf(p.leaf, &group->tree, group->runs->tree_run(), &group->completed,
                                              tree_min_level_);
    batch->Put(handles_[kEvents], keys::EventKey(p.position), p.value);
  }
  group->head_hash = placed.back().hash;
  batch->Put(handles_[kStreams], keys::StreamKey(req.stream, r.first_version),
             keys::StreamValue(r.first_position, r.count));
  if (!req.command_id.empty()) {
    keys::CommandRecord rec{r.first_position, r.count, r.first_version, now.time_since_epoch().count(), req.stream};
    batch->Put(handles_[kCommands], req.command_id, keys::CommandValue(rec));
    group->commands[req.command_id] = r;
  }
  group->head_position = r.last_position();
  group->stream_versions[req.stream] = r.last_version();
  return r;
}

// One writer of the group: steps 2–4, its result set on the writer.
void RocksStore::Prepare(Writer* w, Timestamp now, GroupState* group, rocksdb::WriteBatch* batch) {
  const AppendRequest& req = *w->request;
  auto earlier = CheckIdempotency(req, *group);
  if (!earlier.ok()) {
    w->result = earlier.status();
  } else if (earlier->has_value()) {
    w->result = **earlier;
  } else if (auto current = CheckExpectedVersion(req, *group); !current.ok()) {
    w->result = current.status();
  } else {
    w->result = EncodeEvents(req, *current, now, group, batch);
  }
}

// Step 1, group selection (caller holds mu_ and leads): the queue's front,
// joined into one group up to the byte limit (the leader always goes).
std::vector<RocksStore::Writer*> RocksStore::SelectGroup() const {
  auto end = writers_.begin();
  size_t bytes = 0;
  while (end != writers_.end()) {
    size_t b = 0;
    for (const auto& e : (*end)->request->events) b += e.payload.size() + 128;
    if (end != writers_.begin() && bytes + b > options_.max_group_bytes) break;
    bytes += b;
    ++end;
  }
  return std::vector<Writer*>(writers_.begin(), end);
}

// After the write (caller holds mu_): a durable group moves the store's head
// and stream versions on; a failed one voids every result that refers to its
// events, including a duplicate of a command first written earlier in the group.
void RocksStore::PublishGroup(const rocksdb::Status& s, const GroupState& group, const std::vector<Writer*>& members,
                              Timestamp now) {
  if (s.ok()) {
    if (group.head_position != head_position_) {
      head_position_ = group.head_position;
      head_hash_ = group.head_hash;
      tree_ = group.tree;
      last_recorded_ = now;
    }
    for (auto& [stream, version] : group.stream_versions) stream_versions_[stream] = version;
    return;
  }
  Status err = FromRocks(s, "kunde inte skriva till datalagret");
  for (Writer* m : members) {
    if (!m->result->ok()) continue;
    bool written_here = !m->result->value().duplicate || group.commands.count(m->request->command_id) > 0;
    if (written_here) m->result = err;
  }
  stream_versions_.clear();
}

// Whether an appender of the last group has not queued again (caller holds mu_).
bool RocksStore::LastGroupMissing() const {
  for (std::thread::id t : last_group_) {
    bool queued = false;
    for (const Writer* q : writers_) queued = queued || q->thread == t;
    if (!queued) return true;
  }
  return false;
}

// Group commit beyond RocksDB's own write group: the appenders of the last
// group, woken when it was durable, are usually about to append again. The
// leader (caller holds mu_) waits until each of them has queued again, for at
// most half the last write's time (kMaxGather at most), so that they share
// this sync instead of alternating between two half-full groups. No wait
// after a group of one (an appender alone, or callers taking turns).
void RocksStore::GatherFollowers(std::unique_lock<std::mutex>& lk, Writer* leader) {
  auto missing = [&] { return LastGroupMissing(); };
  if (last_group_.size() < 2 || !missing()) return;
  gather_start_ = std::chrono::steady_clock::now();
  auto deadline = gather_start_ + std::min<std::chrono::steady_clock::duration>(last_write_ / 2, kMaxGather);
  gathering_ = true;
  while (missing() && !leader->taken && leader->cv.wait_until(lk, deadline) != std::cv_status::timeout) {
  }
  if (leader->taken) return;  // the last arrival leads (TakeOverGathering) and counted the time
  gathering_ = false;
  group_stats_.gather_time += std::chrono::steady_clock::now() - gather_start_;
}

// The appender `w` (caller holds mu_), just queued, completes what the
// gathering leader waits for. Waking the leader would cost a context switch
// (and the wake-up's latency) per group while `w` is already on a CPU, so `w`
// leads the group in its stead when the group, which starts at the leader,
// takes `w` too (the byte limit may stop it short); the leader, marked
// taken, then waits for its result like any follower.
bool RocksStore::TakeOverGathering(Writer* w) {
  if (SelectGroup().back() != w) return false;
  writers_.front()->taken = true;
  gathering_ = false;
  group_stats_.gather_time += std::chrono::steady_clock::now() - gather_start_;
  ++group_stats_.taken_over;
  return true;
}

IndexRuns::Families RocksStore::RunFamilies(bool tree, uint32_t tree_min_level) const {
  return {handles_[kByType], handles_[kByEffective], handles_[kByRecorded], tree ? handles_[kMerkle] : nullptr,
          tree_min_level};
}

// Caller holds mu_.
void RocksStore::CountGroup(size_t members, std::chrono::steady_clock::duration write_time) {
  ++group_stats_.groups;
  group_stats_.appends += members;
  ++group_stats_.by_size[std::min(members, group_stats_.by_size.size()) - 1];
  group_stats_.write_time += write_time;
}

// A follower's wait, without mu_: until a leader has written its append
// (true: its result is set) or it reached the queue's front (false: it leads).
// Every waiter sleeps on the one word done_upto_, so a group is woken by one
// notify_all instead of one wake-up (and one hand-off of mu_) per member;
// only writers a group's byte limit left behind wake without being done.
bool RocksStore::AwaitTurn(const Writer& w) {
  for (;;) {
    uint32_t done = done_upto_.Load();
    if (static_cast<int32_t>(done - w.ticket) > 0) return true;
    if (w.lead.load(std::memory_order_acquire)) return false;
    done_upto_.WaitWhile(done);
  }
}

// A taken leader's wait, without mu_: until the group's leader has written its append.
void RocksStore::AwaitDone(const Writer& w) {
  for (;;) {
    uint32_t done = done_upto_.Load();
    if (static_cast<int32_t>(done - w.ticket) > 0) return;
    done_upto_.WaitWhile(done);
  }
}

// After the write (caller holds mu_): the group leaves the queue, the next
// front is told to lead, and done_upto_ moves past the group (last: the
// members may return as soon as they see it). The caller then wakes them.
void RocksStore::ReleaseGroup(const std::vector<Writer*>& members) {
  const uint32_t upto = members.back()->ticket + 1;
  writers_.erase(writers_.begin(), writers_.begin() + static_cast<std::ptrdiff_t>(members.size()));
  if (!writers_.empty()) writers_.front()->lead.store(true, std::memory_order_release);
  done_upto_.Store(upto);
}

// Read like LevelDB's DBImpl::Write: queue; the front writer leads a group
// (step 1), prepares each member (idempotency, expected version, encoding:
// steps 2–4) outside the lock, writes one batch, publishes, and wakes the rest.
Result<AppendResult> RocksStore::Append(const AppendRequest& request) {
  ARSHJUL_RETURN_IF_ERROR(Validate(request));
  Writer w;
  w.request = &request;
  std::unique_lock lk(mu_);
  w.ticket = next_ticket_++;
  writers_.push_back(&w);
  // The gathering leader waits for the last appender of its group to queue
  // again (a wake-up per arrival cost a context switch each on a small
  // machine); that last one leads the group itself, or else wakes the leader.
  bool took_over = false;
  if (gathering_ && !LastGroupMissing()) {
    took_over = TakeOverGathering(&w);
    if (!took_over) writers_.front()->cv.notify_one();
  }
  if (!took_over && &w != writers_.front()) {
    lk.unlock();
    if (AwaitTurn(w)) return std::move(*w.result);
    lk.lock();
  }

  if (!took_over && options_.sync) {
    GatherFollowers(lk, &w);
    if (w.taken) {
      lk.unlock();
      AwaitDone(w);
      return std::move(*w.result);
    }
  }
  std::vector<Writer*> members = SelectGroup();
  Timestamp now = std::max(options_.clock->Now(), last_recorded_);
  GroupState group;
  group.head_position = head_position_;
  group.head_hash = head_hash_;
  group.tree = tree_;
  group.tree_ready = tree_ready_;
  lk.unlock();

  // Reserved at once: grown by doubling, the batch was copied about twice over.
  size_t reserve = 0;
  for (Writer* m : members) reserve += BatchBytesOf(*m->request);
  rocksdb::WriteBatch batch(reserve);
  IndexRuns runs(RunFamilies(group.tree_ready, tree_min_level_), &batch);
  group.runs = &runs;
  for (Writer* m : members) Prepare(m, now, &group, &batch);
  runs.Finish();
  rocksdb::Status s;
  auto write_start = std::chrono::steady_clock::now();
  if (batch.Count() > 0) {
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    s = db_->Write(wo, &batch);
  }
  auto write_time = std::chrono::steady_clock::now() - write_start;

  lk.lock();
  last_write_ = write_time;
  CountGroup(members.size(), write_time);
  last_group_.clear();
  for (Writer* m : members) last_group_.push_back(m->thread);
  PublishGroup(s, group, members, now);
  Result<AppendResult> result = std::move(*w.result);
  ReleaseGroup(members);
  lk.unlock();
  done_upto_.WakeAll();
  if (s.ok()) head_cv_.notify_all();
  return result;
}

void RocksStore::WaitForPosition(uint64_t position, std::chrono::milliseconds timeout,
                                 const std::atomic<bool>& cancelled) {
  std::unique_lock lk(mu_);
  head_cv_.wait_for(lk, timeout, [&] {
    return cancelled.load() || (head_position_ && *head_position_ >= position);
  });
}

void RocksStore::WakeWaiters() {
  std::lock_guard lk(mu_);
  head_cv_.notify_all();
}

Result<std::unique_ptr<EventStore>> OpenStoreWithEnv(const std::string& dir, StoreOptions options,
                                                      rocksdb::Env* env) {
  ARSHJUL_ASSIGN_OR_RETURN(auto r, RocksStore::Open(dir, std::move(options), env));
  return std::unique_ptr<EventStore>(std::move(r));
}

Result<std::unique_ptr<EventStore>> OpenStoreOfFormat(const std::string& dir, StoreOptions options,
                                                      int new_store_format) {
  if (dir.empty()) return Status::InvalidArgument("sökväg till datalagret saknas", "--data");
  ARSHJUL_RETURN_IF_ERROR(options.read_only ? CheckStoreComplete(dir)
                                            : EnsureStoreCreated(dir, options, new_store_format));
  ARSHJUL_ASSIGN_OR_RETURN(auto r, RocksStore::Open(dir, std::move(options), nullptr, nullptr, new_store_format));
  return std::unique_ptr<EventStore>(std::move(r));
}

Result<std::unique_ptr<EventStore>> OpenStore(const std::string& dir, StoreOptions options) {
  if (pg::IsPostgresLocation(dir)) return OpenPostgresStore(dir, std::move(options));
  return OpenStoreOfFormat(dir, std::move(options), 4);
}

Result<std::unique_ptr<EventStore>> OpenMemoryStore(StoreOptions options) {
  std::unique_ptr<rocksdb::Env> env(rocksdb::NewMemEnv(rocksdb::Env::Default()));
  ARSHJUL_ASSIGN_OR_RETURN(auto r, RocksStore::Open("/arshjul-memory", std::move(options), nullptr, std::move(env)));
  return std::unique_ptr<EventStore>(std::move(r));
}

}  // namespace arshjul::storage
