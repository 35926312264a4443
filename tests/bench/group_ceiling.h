// GroupCeiling: what this disk allows for N appends sharing one sync, with no
// thread hand-off at all. One thread writes, each write synced, in pairs:
//   * arshjul's own WriteBatches (captured from its WAL after N single
//     appends): one append's batch, against the N appends' batches joined
//     into one WriteBatch (what a full group's leader writes), into the
//     same 8-column-family store — each written with the keys the appends
//     after it would have (positions, stream versions and command ids moved
//     on), prepared before the timed loop;
//   * raw RocksDB (one column family): one stored value, against N;
//   * a file: one append's batch bytes appended + fdatasync, against N times
//     those bytes.
// N × t(1) / t(N) is the most a group commit of N can gain over one appender
// on this disk; `store_bench` prints it beside its N-appender ratio.
// Not thread-safe: the benchmark's one thread drives it. Also here: the
// group-commit stats store_bench prints for its concurrent appenders.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "baselines.h"
#include "bench_util.h"

namespace arshjul::bench {

class GroupCeiling {
 public:
  // Appends each request once, alone, to `store` (a synced RocksDB store,
  // now owned here) and keeps the WriteBatches those appends wrote.
  GroupCeiling(std::unique_ptr<storage::EventStore> store, const std::vector<storage::AppendRequest>& requests,
               const std::string& work_dir);
  ~GroupCeiling();

  // One round's steps for RunRound: each pair, one and all N, `seconds` each.
  std::vector<std::function<void()>> Steps(double seconds);
  // The tallies, and one row per pair: N writes in one sync over one write.
  void Print(std::vector<Row>* rows) const;
  // The stored event values of the captured appends (the raw pair writes them).
  const ValuePool& values() const { return values_; }

 private:
  struct Pair {
    std::string name;
    Tally one, all;
  };
  // Fills `out` with copies of `captured` (`events` events) rekeyed for the appends that follow.
  void Prepare(const std::string& captured, int events, double seconds, std::vector<std::string>* out);
  // Writes the next of `batches`, synced.
  void WriteNext(const std::vector<std::string>& batches);

  std::unique_ptr<storage::EventStore> store_;
  rocksdb::DB* db_ = nullptr;  // the store's own database
  std::string one_batch_, all_batch_;  // WriteBatch representations
  std::vector<std::string> fresh_;     // the step's rekeyed batches
  size_t next_batch_ = 0;
  uint64_t next_position_ = 0, next_version_ = 0;  // the keys' offsets so far
  int reused_ = 0;                                 // steps that ran out of prepared batches
  ValuePool values_;
  std::unique_ptr<RawDb> raw_;
  std::unique_ptr<FsyncFile> file_one_, file_all_;
  int n_ = 0;
  Pair shaped_, plain_, file_;
};

// The store's group-commit counters (its Stats()).
storage::GroupCommitStats GroupStats(storage::EventStore& store);
// Adds `s` to `sum`.
void Accumulate(storage::GroupCommitStats* sum, const storage::GroupCommitStats& s);
// The groups concurrent appenders formed (the difference of two stats): how
// many appends shared a sync, and what a group's write and gathering cost;
// `timed`: the appenders' rounds over which the stats were taken.
void PrintGroups(const storage::GroupCommitStats& a, const storage::GroupCommitStats& b, const Tally& timed);

}  // namespace arshjul::bench
