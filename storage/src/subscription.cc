// Subscriptions on the RocksDB store: catch-up then live delivery over the
// global log (polling_subscription.h holds the logic both backends share).
#include "polling_subscription.h"
#include "rocksdb_store.h"

namespace arshjul::storage {

std::unique_ptr<Subscription> RocksStore::Subscribe(uint64_t from_position) {
  return std::make_unique<PollingSubscription<RocksStore>>(this, from_position);
}

}  // namespace arshjul::storage
