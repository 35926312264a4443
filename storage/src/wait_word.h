// WaitWord: a 32-bit word that threads sleep on until it changes, all woken
// at once by WakeAll (a Linux futex, private to the process). Unlike
// std::atomic::wait, a waiter goes to sleep at once: libstdc++'s wait first
// yields the CPU four times, which on a small machine switches to other
// threads for nothing when the wait is as long as a sync. Thread-safe; the
// word must outlive every waiter and waker (a store owns it).
#pragma once

#include <atomic>
#include <cstdint>

namespace arshjul::storage {

class WaitWord {
 public:
  uint32_t Load() const { return word_.load(std::memory_order_acquire); }
  // Sequentially consistent, as are the waiter count's operations: a waker
  // that stored a new value and saw no waiter cannot miss one that is about
  // to sleep, because that one then sees the new value.
  void Store(uint32_t value) { word_.store(value, std::memory_order_seq_cst); }
  // Sleeps while the word still holds `seen`; may return spuriously.
  void WaitWhile(uint32_t seen);
  // Wakes every thread sleeping in WaitWhile (no system call when none is).
  void WakeAll();

 private:
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) && std::atomic<uint32_t>::is_always_lock_free);
  std::atomic<uint32_t> word_{0};
  std::atomic<int> waiters_{0};
};

}  // namespace arshjul::storage
