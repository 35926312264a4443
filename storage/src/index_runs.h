// IndexRuns: the run entries of consecutive events written in one batch —
// by_type and by_effective (one entry per stretch of one type, or of one
// effective time), by_recorded (one per stretch of one recorded time) and the
// Merkle run record (the events' leaves) — each keyed by its run's first
// position with the count in the value (docs/storage-format.md). A group
// commit writes one IndexRuns for all its appends, so a run may span several
// appends (and streams) of one group; Import writes one per copied append.
// Borrows the batch and the events' type strings until Finish. Not
// thread-safe (one writer: the group's leader, or Import).
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace arshjul::storage {

class IndexRuns {
 public:
  struct Families {
    rocksdb::ColumnFamilyHandle* by_type = nullptr;
    rocksdb::ColumnFamilyHandle* by_effective = nullptr;
    rocksdb::ColumnFamilyHandle* by_recorded = nullptr;
    rocksdb::ColumnFamilyHandle* merkle = nullptr;  // null: no Merkle records
    uint32_t tree_min_level = 0;                    // the tree's layout (tree_runs.h)
  };
  IndexRuns(Families families, rocksdb::WriteBatch* batch) : f_(families), batch_(batch) {}

  // The next event: at the position after the last one added.
  void Add(uint64_t position, std::string_view type, int64_t effective_us, int64_t recorded_us);
  // The Merkle record of the run so far: the caller appends each added event's
  // leaf hashes (tree::AppendLeaf) after Add.
  std::string* tree_run() { return &tree_run_; }
  // Writes the open runs; call once, after the last event.
  void Finish();

 private:
  template <typename T>
  struct Run {
    T key{};
    uint64_t first = 0;
    uint32_t count = 0;
    bool BrokenBy(const T& k) const { return count > 0 && k != key; }
    void Extend(const T& k, uint64_t position) {
      if (count == 0) {
        key = k;
        first = position;
      }
      ++count;
    }
  };
  void PutType();
  void PutTime(rocksdb::ColumnFamilyHandle* cf, Run<int64_t>* run);

  Families f_;
  rocksdb::WriteBatch* batch_;
  Run<std::string_view> type_;
  Run<int64_t> effective_, recorded_;
  uint64_t tree_first_ = 0;
  uint64_t events_ = 0;
  std::string tree_run_;
};

}  // namespace arshjul::storage
