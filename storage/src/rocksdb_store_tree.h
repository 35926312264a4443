// Internal to storage/: RocksStore's side of the shared Merkle tree code
// (tree_runs.h) that its Verify needs.
#pragma once

#include <rocksdb/db.h>

#include "tree_runs.h"

namespace arshjul::storage {

// The merkle family's records in position order through `it` (borrowed, from
// the same consistent view as the events'); null when the store has no tree
// yet (a read-only old store): the checker is then inactive.
tree::TreeChecker::NextRun RocksTreeRuns(rocksdb::Iterator* it);

}  // namespace arshjul::storage
