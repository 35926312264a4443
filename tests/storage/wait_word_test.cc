// WaitWord: a sleeper wakes when the word changes and WakeAll is called; a
// wait on a value the word no longer holds returns at once.
#include "wait_word.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace arshjul::storage {
namespace {

TEST(WaitWord, WaitOnAValueNoLongerHeldReturnsAtOnce) {
  WaitWord word;
  word.Store(7);
  word.WaitWhile(6);  // would sleep for ever if it compared wrongly
  EXPECT_EQ(word.Load(), 7u);
  word.WakeAll();  // no sleeper: nothing to do
}

TEST(WaitWord, EverySleeperWakesOnceTheWordChanges) {
  WaitWord word;
  std::atomic<int> woken{0};
  std::vector<std::thread> sleepers;
  for (int i = 0; i < 4; ++i) {
    sleepers.emplace_back([&] {
      while (word.Load() == 0) word.WaitWhile(0);
      ++woken;
    });
  }
  word.Store(1);
  word.WakeAll();
  for (auto& t : sleepers) t.join();
  EXPECT_EQ(woken.load(), 4);
}

}  // namespace
}  // namespace arshjul::storage
