// Opening a RocksDB store that, when it is new, is made in format 2 instead of
// format 3 (docs/storage-format.md): only for the tests and benchmarks that
// compare the two chain rules. Internal to storage/ (and its tests and
// benches). Thread-safe (no state).
#pragma once

#include <memory>
#include <string>

#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

// OpenStore for a RocksDB folder, a new store there taking `new_store_format`:
// 4 (what OpenStore makes: each event's hash is its Merkle leaf, the tree's
// records sparse), 3 (the same hashes, the tree's records at every level, as
// stores made before format 4) or 2 (hash(n) = SHA-256(hash(n-1) ‖ envelope(n)),
// as stores made before format 3).
// An existing store keeps its own format.
Result<std::unique_ptr<EventStore>> OpenStoreOfFormat(const std::string& dir, StoreOptions options,
                                                      int new_store_format);

}  // namespace arshjul::storage
