// AuthFailureLimiter (http/filters.h): failures within the window refuse a
// peer, and so do as many password checks still running (sent at once, they
// would otherwise all pass before the first failure is counted).
#include <gtest/gtest.h>

#include "filters.h"

namespace arshjul::http {
namespace {

const Timestamp kNow{std::chrono::seconds(1'800'000'000)};

TEST(AuthFailureLimiter, FailuresWithinTheWindowRefuseThePeerUntilItHasPassed) {
  AuthFailureLimiter limiter(3, std::chrono::seconds(60));
  for (int i = 0; i < 2; ++i) limiter.Failed("192.0.2.7", kNow);
  EXPECT_FALSE(limiter.Limited("192.0.2.7", kNow));
  limiter.Failed("192.0.2.7", kNow);
  EXPECT_TRUE(limiter.Limited("192.0.2.7", kNow));
  EXPECT_FALSE(limiter.Limited("192.0.2.8", kNow)) << "another peer is not refused";
  EXPECT_TRUE(limiter.Limited("192.0.2.7", kNow + std::chrono::seconds(59)));
  EXPECT_FALSE(limiter.Limited("192.0.2.7", kNow + std::chrono::seconds(60)));
}

TEST(AuthFailureLimiter, ChecksStillRunningCountTowardTheLimit) {
  AuthFailureLimiter limiter(3, std::chrono::seconds(60));
  limiter.Started("192.0.2.7");
  limiter.Started("192.0.2.7");
  EXPECT_FALSE(limiter.Limited("192.0.2.7", kNow));
  limiter.Started("192.0.2.7");
  EXPECT_TRUE(limiter.Limited("192.0.2.7", kNow)) << "a fourth attempt while three are checked";
  EXPECT_FALSE(limiter.Limited("192.0.2.8", kNow));
  limiter.Ended("192.0.2.7");
  EXPECT_FALSE(limiter.Limited("192.0.2.7", kNow)) << "one check ended (it succeeded: no failure counted)";
}

TEST(AuthFailureLimiter, EndedChecksThatFailedStillCountAsFailures) {
  AuthFailureLimiter limiter(2, std::chrono::seconds(60));
  limiter.Started("192.0.2.7");
  limiter.Started("192.0.2.7");
  limiter.Ended("192.0.2.7");
  limiter.Failed("192.0.2.7", kNow);
  limiter.Ended("192.0.2.7");
  limiter.Failed("192.0.2.7", kNow);
  EXPECT_TRUE(limiter.Limited("192.0.2.7", kNow));
  limiter.Ended("192.0.2.7");  // one Ended too many changes nothing
  EXPECT_TRUE(limiter.Limited("192.0.2.7", kNow));
  EXPECT_FALSE(limiter.Limited("192.0.2.7", kNow + std::chrono::seconds(61)));
}

}  // namespace
}  // namespace arshjul::http
