// Helpers for the tests of a store's Merkle tree: filling a store from two
// threads at once, and the tree built independently from the log's bytes.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "arshjul/storage/merkle.h"
#include "support/store_fixture.h"

namespace arshjul::storage {

// Appends `n` events in appends of 1–4 through `a` and `b` at once (group
// commit; on PostgreSQL two sessions when they are two stores).
inline void FillFromTwo(EventStore& a, EventStore& b, int n) {
  auto worker = [n](EventStore* store, int id) {
    for (int i = 0; i < n / 2;) {
      int k = std::min(1 + i % 4, n / 2 - i);
      std::vector<ProposedEvent> events;
      for (int j = 0; j < k; ++j) {
        events.push_back(testing::Event("ReportFiled", "t" + std::to_string(id) + "-" + std::to_string(i + j)));
      }
      auto r = store->Append(testing::Request("organ/t" + std::to_string(id), std::move(events)));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      i += k;
    }
  };
  std::thread ta(worker, &a, 0), tb(worker, &b, 1);
  ta.join();
  tb.join();
}
inline void Fill(EventStore& store, int n) { FillFromTwo(store, store, n); }

// Bytes as lower-case hex (for SQL's decode(…, 'hex')).
inline std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// The tree built from the log's canonical bytes, independently of the store.
inline merkle::MemorySubtrees TreeFromLog(EventStore& store) {
  merkle::MemorySubtrees tree;
  auto cur = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  while (true) {
    auto more = cur->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    tree.Append(EventLeafHash(cur->event()));
  }
  return tree;
}

}  // namespace arshjul::storage
