// ClientAddress (http/filters.h): X-Forwarded-For is believed only from a
// configured trusted proxy, and then read from the right.
#include <gtest/gtest.h>

#include "filters.h"

namespace arshjul::http {
namespace {

const std::vector<std::string> kProxy = {"10.0.0.5"};

TEST(ClientAddress, TheHeaderIsIgnoredWithoutTrustedProxies) {
  EXPECT_EQ(ClientAddress("192.0.2.7", "203.0.113.9", {}), "192.0.2.7");
}

TEST(ClientAddress, TheHeaderIsIgnoredFromAPeerThatIsNotTrusted) {
  EXPECT_EQ(ClientAddress("192.0.2.7", "203.0.113.9", kProxy), "192.0.2.7");
}

TEST(ClientAddress, TheTrustedProxyNamesTheClient) {
  EXPECT_EQ(ClientAddress("10.0.0.5", "203.0.113.9", kProxy), "203.0.113.9");
  EXPECT_EQ(ClientAddress("10.0.0.5", " 2001:db8::1 ", kProxy), "2001:db8::1");
}

TEST(ClientAddress, WhatTheClientWroteAtTheLeftCannotChooseTheAddress) {
  // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended what it saw.
  EXPECT_EQ(ClientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9", kProxy), "203.0.113.9");
}

TEST(ClientAddress, ChainedTrustedProxiesAreSkipped) {
  std::vector<std::string> two = {"10.0.0.5", "10.0.0.6"};
  EXPECT_EQ(ClientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.6", two), "203.0.113.9");
}

TEST(ClientAddress, AnEntryThatIsNotAnAddressStopsTheWalk) {
  EXPECT_EQ(ClientAddress("10.0.0.5", "unknown", kProxy), "10.0.0.5");
  EXPECT_EQ(ClientAddress("10.0.0.5", "203.0.113.9, <script>", kProxy), "10.0.0.5");
  EXPECT_EQ(ClientAddress("10.0.0.5", "", kProxy), "10.0.0.5");
}

TEST(ClientAddress, TrustedProxiesMustBeAddresses) {
  EXPECT_EQ(CheckTrustedProxies({"10.0.0.5", "::1"}), "");
  EXPECT_NE(CheckTrustedProxies({"proxy.kommun.se"}).find("proxy.kommun.se"), std::string::npos);
}

}  // namespace
}  // namespace arshjul::http
