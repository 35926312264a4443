#include "wait_word.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

namespace arshjul::storage {

// The kernel compares the word with `seen` and sleeps atomically, so a
// WakeAll after the word changed is never lost; EAGAIN (changed already) and
// EINTR return to the caller, which checks again.
void WaitWord::WaitWhile(uint32_t seen) {
  waiters_.fetch_add(1, std::memory_order_seq_cst);
  if (word_.load(std::memory_order_seq_cst) == seen) {
    ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, seen, nullptr, nullptr, 0);
  }
  waiters_.fetch_sub(1, std::memory_order_release);
}

void WaitWord::WakeAll() {
  if (waiters_.load(std::memory_order_seq_cst) == 0) return;
  ::syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

}  // namespace arshjul::storage
