// Tests' way to make a RocksDB store of format 2 or 3 in a StoreHarness's
// folder (store_format.h). Header-only; as thread-safe as the harness.
#pragma once

#include <gtest/gtest.h>

#include "store_format.h"
#include "support/store_fixture.h"

namespace arshjul::testing {

// (Re)opens h.store on h.DataDir(); a new store there is made in `format`.
inline void OpenOfFormat(StoreHarness& h, storage::StoreOptions options, int format) {
  h.store.reset();
  auto r = storage::OpenStoreOfFormat(h.DataDir(), std::move(options), format);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  h.store = std::move(r).value();
}

}  // namespace arshjul::testing
