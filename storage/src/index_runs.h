// Format 2's by_type and by_effective entries: one per run of consecutive
// events of one append that share the type (or the effective time), keyed by
// the run's first position, the count in the value (docs/storage-format.md).
// Stateless, thread-safe.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string_view>

#include "keys.h"

namespace arshjul::storage {

// Events [0, n) of one append, at positions first, first + 1, …;
// `type_of(i)` and `effective_us_of(i)` describe event i.
template <typename TypeOf, typename EffectiveOf>
void PutIndexRuns(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* by_type,
                  rocksdb::ColumnFamilyHandle* by_effective, uint64_t first, size_t n, TypeOf type_of,
                  EffectiveOf effective_us_of) {
  size_t type_start = 0, time_start = 0;
  for (size_t i = 1; i <= n; ++i) {
    if (i == n || std::string_view(type_of(i)) != std::string_view(type_of(type_start))) {
      batch->Put(by_type, keys::TypeKey(type_of(type_start), first + type_start),
                 keys::CountValue(static_cast<uint32_t>(i - type_start)));
      type_start = i;
    }
    if (i == n || effective_us_of(i) != effective_us_of(time_start)) {
      batch->Put(by_effective, keys::TimeKey(effective_us_of(time_start), first + time_start),
                 keys::CountValue(static_cast<uint32_t>(i - time_start)));
      time_start = i;
    }
  }
}

}  // namespace arshjul::storage
