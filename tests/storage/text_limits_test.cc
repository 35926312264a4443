// text_limits.h and the strict RFC 3339 parser, table-driven.
#include "arshjul/storage/text_limits.h"

#include <gtest/gtest.h>

#include "arshjul/storage/clock.h"

namespace arshjul {
namespace {

TEST(TextLimits, Utf8) {
  EXPECT_TRUE(text::IsValidUtf8("Årshjul – § 93 😀"));
  for (std::string bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3", "a\x80"}) {
    EXPECT_FALSE(text::IsValidUtf8(bad)) << bad;
  }
}

TEST(TextLimits, IdsAndTexts) {
  EXPECT_TRUE(text::CheckId("ks-2026/§93 Årsredovisning", "f", "x").ok());
  for (std::string bad : {std::string(""), std::string("\0a", 2), std::string("a\tb"), std::string("a\x7f"),
                          std::string("a\xc2\x9b"), std::string(" a"), std::string(257, 'a')}) {
    EXPECT_EQ(text::CheckId(bad, "f", "x").field(), "f") << bad;
  }
  EXPECT_TRUE(text::CheckText("rad 1\r\nrad 2\tslut", "f", "x").ok());
  EXPECT_FALSE(text::CheckText(std::string("a\0b", 3), "f", "x").ok());
  EXPECT_FALSE(text::CheckText(std::string(text::kMaxTextBytes + 1, 'a'), "f", "x").ok());
}

TEST(TextLimits, Email) {
  for (const char* ok : {"a@b.se", "sara.lindqvist@exempelkommun.se", "x+y_z!#$%&'*/=?^`{|}~-@sub.example-1.se"}) {
    EXPECT_TRUE(text::IsValidEmail(ok)) << ok;
  }
  for (const char* bad : {"", "a", "@b.se", "a@", "a@b", "a@b..se", "a@-b.se", "a@b-.se", ".a@b.se", "a.@b.se",
                          "a..b@b.se", "a b@b.se", "a@b.se\r\nRCPT TO:<x@y.se>", "\"a\"@b.se", "a@[127.0.0.1]",
                          "a@b.se>", "<a@b.se"}) {
    EXPECT_FALSE(text::IsValidEmail(bad)) << bad;
  }
  EXPECT_FALSE(text::IsValidEmail(std::string(65, 'a') + "@b.se"));
}

TEST(StrictRfc3339, AcceptsWhatTheRfcAllowsInYears1900To9999) {
  Timestamp t;
  ASSERT_TRUE(ParseTimestamp("2027-03-01T08:00:00+01:00", &t));
  EXPECT_EQ(FormatTimestamp(t), "2027-03-01T07:00:00.000000Z");
  ASSERT_TRUE(ParseTimestamp("2027-03-01t08:00:00.123456789z", &t));
  EXPECT_EQ(FormatTimestamp(t), "2027-03-01T08:00:00.123456Z");
  EXPECT_TRUE(ParseTimestamp("1900-01-01", &t));
  EXPECT_TRUE(ParseTimestamp("9999-12-31T23:59:59-23:59", &t));
  EXPECT_TRUE(ParseTimestamp("2024-02-29 12:00:00Z", &t));
}

TEST(StrictRfc3339, RefusesMalformedTimes) {
  Timestamp t;
  for (const char* bad :
       {"2026-01-01T-1:-1:-1Z", "-999-01-01", "0000-01-01", "0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z",
        "2026-01-01T10:00:00+99:99", "2026-01-01T10:00:00+24:00", "2026-01-01T10:00:00+01:60", "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "2026-01-01T 1:00:00Z", "2026-01-01T+1:00:00Z",
        "2026-1-01", "2026-01-01T10:00:00", "2026-01-01T10:00Z", "2026-01-01T10:00:00.Z", "2026-02-30",
        "2023-02-29T00:00:00Z", "2026-01-01T10:00:00Zx", "2026-01-01T10:00:00+0100", " 2026-01-01", "2026-01-01 ",
        "2026-01-01T10:00:00.1234567890Z", "+2026-01-01", "20260101"}) {
    EXPECT_FALSE(ParseTimestamp(bad, &t)) << bad;
  }
}

}  // namespace
}  // namespace arshjul
