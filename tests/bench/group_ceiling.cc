#include "group_ceiling.h"

#include <rocksdb/transaction_log.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <unordered_map>

#include "rocksdb_store.h"

namespace arshjul::bench {
namespace {

using storage::RocksStore;

// Joins captured WriteBatches into one, keeping each Put's column family;
// collects the values written to the events family.
class Joiner final : public rocksdb::WriteBatch::Handler {
 public:
  Joiner(const RocksStore& store, rocksdb::WriteBatch* out, ValuePool* events) : out_(out), events_(events) {
    for (int i = 0; i < RocksStore::kCfCount; ++i) handles_[store.cf(i)->GetID()] = store.cf(i);
    events_id_ = store.cf(RocksStore::kEvents)->GetID();
  }
  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    if (id == events_id_) events_->values.push_back(value.ToString());
    return out_->Put(handles_.at(id), key, value);
  }

 private:
  rocksdb::WriteBatch* out_;
  ValuePool* events_;
  std::unordered_map<uint32_t, rocksdb::ColumnFamilyHandle*> handles_;
  uint32_t events_id_ = 0;
};

// Copies a captured WriteBatch with the keys the appends after it would write:
// each key's last 8 bytes (big-endian: an event's position — events, index
// runs, the Merkle run — or, in the streams family, a stream's version) moved
// on, and each command id made new. Writing the captured batch itself again
// would insert the same keys again: each of those a full descent of the
// memtable's skiplist (a quarter of those writes' time under perf), where
// real appends insert behind the last key.
class Rekeyer final : public rocksdb::WriteBatch::Handler {
 public:
  Rekeyer(const RocksStore& store, rocksdb::WriteBatch* out, uint64_t positions, uint64_t versions, uint64_t serial)
      : out_(out), positions_(positions), versions_(versions), serial_(serial) {
    for (int i = 0; i < RocksStore::kCfCount; ++i) handles_[store.cf(i)->GetID()] = store.cf(i);
    streams_id_ = store.cf(RocksStore::kStreams)->GetID();
    commands_id_ = store.cf(RocksStore::kCommands)->GetID();
  }
  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    std::string k = key.ToString();
    if (id == commands_id_) {
      k += "/" + std::to_string(serial_);
    } else if (k.size() >= 8) {
      uint64_t n = 0;
      for (size_t i = k.size() - 8; i < k.size(); ++i) n = (n << 8) | static_cast<uint8_t>(k[i]);
      n += id == streams_id_ ? versions_ : positions_;
      for (size_t i = k.size(); i-- > k.size() - 8; n >>= 8) k[i] = static_cast<char>(n & 0xff);
    }
    return out_->Put(handles_.at(id), k, value);
  }

 private:
  rocksdb::WriteBatch* out_;
  uint64_t positions_, versions_, serial_;
  std::unordered_map<uint32_t, rocksdb::ColumnFamilyHandle*> handles_;
  uint32_t streams_id_ = 0, commands_id_ = 0;
};

// The WriteBatches the store wrote after sequence number `after`, in order.
std::vector<std::string> BatchesSince(rocksdb::DB* db, rocksdb::SequenceNumber after) {
  std::unique_ptr<rocksdb::TransactionLogIterator> it;
  auto s = db->GetUpdatesSince(after + 1, &it);
  if (!s.ok()) Die("GetUpdatesSince: " + s.ToString());
  std::vector<std::string> out;
  for (; it->Valid(); it->Next()) out.push_back(it->GetBatch().writeBatchPtr->Data());
  if (!it->status().ok()) Die("reading the WAL: " + it->status().ToString());
  return out;
}

void WriteSynced(rocksdb::DB* db, const std::string& rep) {
  rocksdb::WriteBatch batch(rep);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = db->Write(wo, &batch);
  if (!s.ok()) Die("synced write: " + s.ToString());
}

}  // namespace

GroupCeiling::GroupCeiling(std::unique_ptr<storage::EventStore> store,
                           const std::vector<storage::AppendRequest>& requests, const std::string& work_dir)
    : store_(std::move(store)), n_(static_cast<int>(requests.size())) {
  auto* rocks = dynamic_cast<RocksStore*>(store_.get());
  if (rocks == nullptr || requests.empty()) Die("GroupCeiling needs a RocksDB store and requests");
  db_ = rocks->db();
  for (const auto& req : requests) {
    if (req.events.size() != 1) Die("GroupCeiling: each request must hold one event");
  }
  next_position_ = static_cast<uint64_t>(n_);  // after the captured appends' events
  next_version_ = 1;                           // after each stream's first version
  const rocksdb::SequenceNumber before = db_->GetLatestSequenceNumber();
  for (const auto& req : requests) {
    if (!store_->Append(req).ok()) Die("GroupCeiling: append failed");
  }
  std::vector<std::string> reps = BatchesSince(db_, before);
  if (reps.size() != requests.size()) Die("GroupCeiling: expected one WriteBatch per append");
  rocksdb::WriteBatch all;
  Joiner joiner(*rocks, &all, &values_);
  for (const auto& rep : reps) {
    auto s = rocksdb::WriteBatch(rep).Iterate(&joiner);
    if (!s.ok()) Die("GroupCeiling: " + s.ToString());
  }
  one_batch_ = reps.front();
  all_batch_ = all.Data();
  namespace fs = std::filesystem;
  raw_ = RawDb::Open((fs::path(work_dir) / "ceiling-raw").string());
  file_one_ = std::make_unique<FsyncFile>((fs::path(work_dir) / "ceiling-1.dat").string(), one_batch_.size());
  file_all_ = std::make_unique<FsyncFile>((fs::path(work_dir) / "ceiling-n.dat").string(), all_batch_.size());
  shaped_.name = "arshjul's batches, one thread";
  plain_.name = "raw RocksDB values, one thread";
  file_.name = "file append + fdatasync";
}

GroupCeiling::~GroupCeiling() = default;

void Accumulate(storage::GroupCommitStats* sum, const storage::GroupCommitStats& s) {
  sum->groups += s.groups;
  sum->appends += s.appends;
  for (size_t i = 0; i < s.by_size.size(); ++i) sum->by_size[i] += s.by_size[i];
  sum->write_time += s.write_time;
  sum->gather_time += s.gather_time;
  sum->taken_over += s.taken_over;
}

storage::GroupCommitStats GroupStats(storage::EventStore& store) {
  auto s = store.Stats();
  if (!s.ok()) Die("Stats: " + s.status().ToString());
  return s->group_commit;
}

// The groups the concurrent appenders formed (the difference of two stats):
// how many appends shared a sync, and what a group's write and gathering cost.
void PrintGroups(const storage::GroupCommitStats& a, const storage::GroupCommitStats& b, const Tally& timed) {
  uint64_t groups = b.groups - a.groups;
  if (groups == 0) return;
  auto us = [&](std::chrono::nanoseconds t) { return t.count() / 1e3 / static_cast<double>(groups); };
  const double cycle = timed.seconds * 1e6 / static_cast<double>(groups);
  const double write = us(b.write_time - a.write_time);
  std::printf("  groups: %llu, %.2f appends each; per group: write+sync %.0f µs, leader's gathering %.0f µs\n",
              static_cast<unsigned long long>(groups), static_cast<double>(b.appends - a.appends) / groups, write,
              us(b.gather_time - a.gather_time));
  // What a group costs besides its write: gathering, encoding, waking, returning
  // (CPU and scheduling; less sensitive than the rates to others' syncs).
  std::printf("  per group: cycle %.0f µs, of it outside the write %.0f µs; process CPU %.0f µs\n", cycle,
              cycle - write, timed.cpu_seconds * 1e6 / static_cast<double>(groups));
  std::printf("  led by their last appender to queue (no wake-up of the gathering leader): %.0f %%\n",
              100.0 * static_cast<double>(b.taken_over - a.taken_over) / static_cast<double>(groups));
  std::printf("  group sizes:");
  for (size_t i = 0; i < b.by_size.size(); ++i) {
    std::printf(" %s%zu: %.0f %%", i + 1 == b.by_size.size() ? ">" : "", i + 1 == b.by_size.size() ? i : i + 1,
                100.0 * static_cast<double>(b.by_size[i] - a.by_size[i]) / groups);
  }
  std::printf("\n");
}

// Enough batches for one step of `seconds` (at most kMaxSyncsPerSecond syncs a
// second; should a step write more, it writes its batches again from the first).
void GroupCeiling::Prepare(const std::string& captured, int events, double seconds, std::vector<std::string>* out) {
  constexpr double kMaxSyncsPerSecond = 20'000;
  const size_t count = static_cast<size_t>(seconds * kMaxSyncsPerSecond) + 1;
  auto* rocks = dynamic_cast<RocksStore*>(store_.get());
  out->clear();
  for (size_t i = 0; i < count; ++i) {
    rocksdb::WriteBatch batch;
    Rekeyer rekeyer(*rocks, &batch, next_position_, next_version_, next_version_);
    auto s = rocksdb::WriteBatch(captured).Iterate(&rekeyer);
    if (!s.ok()) Die("GroupCeiling: " + s.ToString());
    out->push_back(batch.Data());
    next_position_ += static_cast<uint64_t>(events);
    ++next_version_;
  }
  next_batch_ = 0;
}

void GroupCeiling::WriteNext(const std::vector<std::string>& batches) {
  if (next_batch_ == batches.size()) {
    next_batch_ = 0;
    ++reused_;
  }
  WriteSynced(db_, batches[next_batch_++]);
}

std::vector<std::function<void()>> GroupCeiling::Steps(double seconds) {
  auto timed = [seconds](Tally* t, int items, std::function<void()> op) {
    return [=] { t->Add(RunFor(seconds, true, [&] { op(); return items; })); };
  };
  // arshjul's batches: prepared before the timed loop, each written once.
  auto shaped = [this, seconds](Tally* t, int items, const std::string* captured) {
    return [=, this] {
      Prepare(*captured, items, seconds, &fresh_);
      t->Add(RunFor(seconds, true, [&] { WriteNext(fresh_); return items; }));
    };
  };
  return {
      shaped(&shaped_.one, 1, &one_batch_),
      shaped(&shaped_.all, n_, &all_batch_),
      timed(&plain_.one, 1, [this] { raw_->WriteBatchOf(1, values_, true); }),
      timed(&plain_.all, n_, [this] { raw_->WriteBatchOf(n_, values_, true); }),
      timed(&file_.one, 1, [this] { file_one_->AppendAndSync(); }),
      timed(&file_.all, n_, [this] { file_all_->AppendAndSync(); }),
  };
}

void GroupCeiling::Print(std::vector<Row>* rows) const {
  const std::string n = std::to_string(n_);
  std::printf("  the disk's ceiling for %s appends in one sync, one thread (no hand-off): one append's WriteBatch "
              "%zu bytes, %s appends' %zu bytes; a stored event %zu bytes\n",
              n.c_str(), one_batch_.size(), n.c_str(), all_batch_.size(), values_.values.front().size());
  std::printf("  (arshjul's batches: the captured ones with the keys of the appends that would follow, each written "
              "once%s)\n",
              reused_ > 0 ? "; NOT so in this run: a step wrote more than it had prepared, so some keys twice" : "");
  for (const Pair* p : {&shaped_, &plain_, &file_}) {
    PrintTally(p->name + ": 1 per sync", p->one, "appends");
    PrintTally(p->name + ": " + n + " per sync", p->all, "appends");
    rows->push_back(Compare("ceiling: " + n + " per sync, " + p->name, p->all, "1 per sync, the same", p->one,
                            std::nullopt));
  }
}

}  // namespace arshjul::bench
