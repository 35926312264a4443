// Crash-safe creation of a store on disk. A new store is built complete (every
// column family and the format marker) in a hidden sibling folder and renamed
// into place in one step, so a crash leaves either no store or a whole one.
// A store left half-made by an older version (column families or the format
// marker missing) is finished when opened for writing and refused with a clear
// message when opened for reading. Internal to storage/. Thread-safe (no state).
#pragma once

#include <string>

#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

// Makes sure `dir` holds a complete store (creating one when `dir` is missing
// or empty). InvalidArgument when `dir` is a non-empty folder that is no store.
// A new store is made in `new_store_format` (store_format.h).
Status EnsureStoreCreated(const std::string& dir, const StoreOptions& options, int new_store_format = 4);

// For read-only opening: NotFound when there is no store, InvalidArgument with
// a clear Swedish message when the store in `dir` was never finished.
Status CheckStoreComplete(const std::string& dir);

}  // namespace arshjul::storage
