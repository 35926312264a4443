// PollingSubscription: catch-up then live delivery over the global log, for any
// store that offers ReadAll, WaitForPosition and WakeWaiters (RocksStore,
// PostgresStore). Internal to storage/.
//
// A subscription only ever reads by position and remembers the next position
// it owes, so the switch from catch-up to live cannot leave a gap or deliver
// twice: "live" is simply reading again after the head has moved.
// Thread-safety: Next() from one thread; Cancel() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

template <typename Store>
class PollingSubscription final : public Subscription {
 public:
  // `store` must outlive the subscription.
  PollingSubscription(Store* store, uint64_t from) : store_(store), next_(from) {}

  Result<const RecordedEvent*> Next(std::chrono::milliseconds timeout) override {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (cancelled_) return static_cast<const RecordedEvent*>(nullptr);
      if (!cursor_) cursor_ = store_->ReadAll(next_, UINT64_MAX, false);
      ARSHJUL_ASSIGN_OR_RETURN(auto more, cursor_->Next());
      if (more) {
        ++next_;
        return &cursor_->event();
      }
      // The cursor's snapshot is exhausted: wait for the head to pass it, then read anew.
      cursor_.reset();
      if (attempt == 0) store_->WaitForPosition(next_, timeout, cancelled_);
    }
    return static_cast<const RecordedEvent*>(nullptr);
  }

  uint64_t next_position() const override { return next_; }

  void Cancel() override {
    cancelled_ = true;
    store_->WakeWaiters();
  }

 private:
  Store* store_;
  uint64_t next_;
  std::atomic<bool> cancelled_{false};
  std::unique_ptr<EventCursor> cursor_;
};

}  // namespace arshjul::storage
