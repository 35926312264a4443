// Tests for Europe/Stockholm conversions, against the system tz database.
// UTC instants are written as RFC 3339 and compared through FormatTimestamp so
// that failures print readably.

#include "arshjul/engine/local_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {
namespace {

using std::chrono::year_month_day;

year_month_day D(const std::string& text) {
  const auto parsed = ParseDate(text);
  if (!parsed) ADD_FAILURE() << "bad date in test table: " << text;
  return parsed.value_or(year_month_day{});
}

Timestamp Utc(const std::string& rfc3339) {
  Timestamp t;
  if (!ParseTimestamp(rfc3339, &t)) ADD_FAILURE() << "bad timestamp in test table: " << rfc3339;
  return t;
}

std::string Utc(Timestamp t) { return FormatTimestamp(t); }

TEST(LocalTime, StockholmZoneLoads) {
  const Status status = LoadStockholmTimeZone();
  EXPECT_TRUE(status.ok()) << status.ToString();
}

// 2027: summer time from Sunday 28 March 02:00 to Sunday 31 October 03:00.
TEST(LocalTime, LocalToUtc) {
  struct Case {
    const char* date;
    int hour;
    int minute;
    const char* utc;
  };
  const Case cases[] = {
      {"2027-03-26", 8, 0, "2027-03-26T07:00:00.000000Z"},  // the Friday before: winter
      {"2027-03-29", 8, 0, "2027-03-29T06:00:00.000000Z"},  // Monday after the spring switch
      {"2027-11-01", 8, 0, "2027-11-01T07:00:00.000000Z"},  // Monday after the autumn switch
      {"2027-07-01", 0, 0, "2027-06-30T22:00:00.000000Z"},  // midnight falls on the day before
      {"2027-01-01", 0, 0, "2026-12-31T23:00:00.000000Z"},
      {"2027-12-31", 23, 59, "2027-12-31T22:59:00.000000Z"},
      // Spring gap: 02:00–02:59 never shows on clocks on 28 March.
      {"2027-03-28", 1, 59, "2027-03-28T00:59:00.000000Z"},
      {"2027-03-28", 2, 0, "2027-03-28T01:00:00.000000Z"},
      {"2027-03-28", 2, 30, "2027-03-28T01:30:00.000000Z"},  // read as 03:30 summer time
      {"2027-03-28", 3, 0, "2027-03-28T01:00:00.000000Z"},
      // Autumn fold: 02:00–02:59 shows twice on 31 October; the earlier wins.
      {"2027-10-31", 1, 59, "2027-10-30T23:59:00.000000Z"},
      {"2027-10-31", 2, 0, "2027-10-31T00:00:00.000000Z"},
      {"2027-10-31", 2, 30, "2027-10-31T00:30:00.000000Z"},
      {"2027-10-31", 3, 0, "2027-10-31T02:00:00.000000Z"},
      // Another year's rules: 2026 switches on 29 March and 25 October.
      {"2026-03-30", 8, 0, "2026-03-30T06:00:00.000000Z"},
      {"2026-10-26", 8, 0, "2026-10-26T07:00:00.000000Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.date) + " " + std::to_string(c.hour) + ":" +
                 std::to_string(c.minute));
    EXPECT_EQ(Utc(LocalToUtc(D(c.date), c.hour, c.minute)), c.utc);
  }
}

TEST(LocalTime, UtcToLocal) {
  struct Case {
    const char* utc;
    LocalDateTime expected;
  };
  const Case cases[] = {
      {"2027-03-28T00:59:59.999999Z", {D("2027-03-28"), 1, 59, 59, 60}},
      {"2027-03-28T01:00:00Z", {D("2027-03-28"), 3, 0, 0, 120}},
      {"2027-10-31T00:30:00Z", {D("2027-10-31"), 2, 30, 0, 120}},  // first 02:30
      {"2027-10-31T01:30:00Z", {D("2027-10-31"), 2, 30, 0, 60}},   // second 02:30
      {"2027-06-30T22:30:00Z", {D("2027-07-01"), 0, 30, 0, 120}},
      {"2027-12-31T23:00:00Z", {D("2028-01-01"), 0, 0, 0, 60}},
      {"1969-12-31T23:30:00.5Z", {D("1970-01-01"), 0, 30, 0, 60}},  // before the epoch
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.utc);
    const LocalDateTime got = UtcToLocal(Utc(c.utc));
    EXPECT_EQ(ToString(got.date), ToString(c.expected.date));
    EXPECT_EQ(got, c.expected) << got.hour << ":" << got.minute << ":" << got.second << " +"
                               << got.utc_offset_minutes;
  }
}

TEST(LocalTime, FormatLocalRfc3339) {
  struct Case {
    const char* utc;
    const char* local;
  };
  const Case cases[] = {
      {"2027-03-29T06:00:00Z", "2027-03-29T08:00:00+02:00"},
      {"2027-11-01T07:00:00Z", "2027-11-01T08:00:00+01:00"},
      {"2027-01-15T11:34:56.999999Z", "2027-01-15T12:34:56+01:00"},  // seconds truncated
      {"2027-12-31T23:30:00Z", "2028-01-01T00:30:00+01:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.utc);
    EXPECT_EQ(FormatLocalRfc3339(Utc(c.utc)), c.local);
  }
}

TEST(LocalTime, LocalDateIsTheSwedishDate) {
  EXPECT_EQ(ToString(LocalDate(Utc("2027-06-30T21:59:59Z"))), "2027-06-30");
  EXPECT_EQ(ToString(LocalDate(Utc("2027-06-30T22:00:00Z"))), "2027-07-01");
  EXPECT_EQ(ToString(LocalDate(Utc("2027-12-31T22:59:59Z"))), "2027-12-31");
  EXPECT_EQ(ToString(LocalDate(Utc("2027-12-31T23:00:00Z"))), "2028-01-01");
}

// Every wall time of a year survives LocalToUtc then UtcToLocal, except the
// spring gap's, which are moved forward an hour.
TEST(LocalTime, RoundTripThroughAWholeYear) {
  using std::chrono::days;
  using std::chrono::sys_days;
  const sys_days first{D("2027-01-01")};
  for (sys_days day = first; day < first + days{365}; day += days{1}) {
    const year_month_day date{day};
    for (int hour = 0; hour < 24; ++hour) {
      for (int minute : {0, 30, 59}) {
        const LocalDateTime local = UtcToLocal(LocalToUtc(date, hour, minute));
        const bool in_gap = date == D("2027-03-28") && hour == 2;
        ASSERT_EQ(local.date, date) << ToString(date) << " " << hour << ":" << minute;
        ASSERT_EQ(local.hour, in_gap ? 3 : hour) << ToString(date) << " " << hour;
        ASSERT_EQ(local.minute, minute) << ToString(date) << " " << hour << ":" << minute;
      }
    }
  }
}

// Summer time after the last explicit transition in the tz file (October
// 2037 in Debian's zoneinfo) comes from the file's POSIX rule: July is +02:00
// and December +01:00 in every year, and the switch stays on the last Sunday
// of March and October.
TEST(LocalTime, SummerTimeInEveryYearAlsoAfter2037) {
  for (int y : {2037, 2038, 2040, 2099}) {
    const std::string year = std::to_string(y);
    EXPECT_EQ(FormatLocalRfc3339(LocalToUtc(D(year + "-07-01"), 8, 0)), year + "-07-01T08:00:00+02:00");
    EXPECT_EQ(FormatLocalRfc3339(LocalToUtc(D(year + "-12-01"), 8, 0)), year + "-12-01T08:00:00+01:00");
    EXPECT_EQ(UtcToLocal(LocalToUtc(D(year + "-07-15"), 12, 0)).utc_offset_minutes, 120) << y;
  }
  // 2040: last Sundays are 25 March and 28 October.
  EXPECT_EQ(UtcToLocal(LocalToUtc(D("2040-03-25"), 1, 0)).utc_offset_minutes, 60);
  EXPECT_EQ(UtcToLocal(LocalToUtc(D("2040-03-25"), 4, 0)).utc_offset_minutes, 120);
  EXPECT_EQ(UtcToLocal(LocalToUtc(D("2040-10-28"), 1, 0)).utc_offset_minutes, 120);
  EXPECT_EQ(UtcToLocal(LocalToUtc(D("2040-10-28"), 4, 0)).utc_offset_minutes, 60);
  // The 2099 spring gap moves 02:30 to 03:30 as in every other year.
  const LocalDateTime gap = UtcToLocal(LocalToUtc(D("2099-03-29"), 2, 30));
  EXPECT_EQ(gap.hour, 3);
  EXPECT_EQ(gap.minute, 30);
}

}  // namespace
}  // namespace arshjul::engine
