// Tests for the Swedish working-day calendar. Dates are compared as
// "YYYY-MM-DD" strings so that failures print readably.

#include "arshjul/engine/calendar.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arshjul::engine {
namespace {

using std::chrono::year_month_day;

year_month_day D(const std::string& text) {
  const std::optional<year_month_day> parsed = ParseDate(text);
  if (!parsed) ADD_FAILURE() << "bad date in test table: " << text;
  return parsed.value_or(year_month_day{});
}

std::vector<std::string> NamesOn(const std::string& date) {
  std::vector<std::string> names;
  for (const NamedDay& day : NamedDaysOn(D(date))) names.push_back(day.name_sv);
  return names;
}

// ---- Civil dates ----------------------------------------------------------

TEST(CivilDate, ParseDateAcceptsExistingDatesOnly) {
  struct Case {
    const char* text;
    bool ok;
  };
  const Case cases[] = {
      {"2027-03-28", true},  {"2028-02-29", true},  {"2000-02-29", true},
      {"2027-02-29", false}, {"1900-02-29", false}, {"2027-04-31", false},
      {"2027-13-01", false}, {"2027-00-10", false}, {"2027-01-00", false},
      {"2027-1-01", false},  {"2027-01-1", false},  {"27-01-01", false},
      {"+027-01-01", false}, {"2027-+1-01", false}, {"2027/01/01", false},
      {"2027-01-01x", false}, {" 2027-01-01", false}, {"", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ParseDate(c.text).has_value(), c.ok);
  }
}

TEST(CivilDate, ToStringRoundTripsThroughParseDate) {
  for (const char* text : {"2027-03-28", "1900-01-01", "9999-12-31", "2028-02-29"}) {
    SCOPED_TRACE(text);
    ASSERT_TRUE(ParseDate(text).has_value());
    EXPECT_EQ(ToString(*ParseDate(text)), text);
  }
  // Years before 1900 are refused, as for timestamps (docs/input-limits.md).
  EXPECT_FALSE(ParseDate("0001-01-01").has_value());
  EXPECT_FALSE(ParseDate("1899-12-31").has_value());
}

TEST(CivilDate, WeekdayAndSwedishName) {
  struct Case {
    const char* date;
    const char* name;
  };
  const Case cases[] = {
      {"2027-03-29", "måndag"}, {"2027-03-30", "tisdag"},  {"2027-03-31", "onsdag"},
      {"2027-04-01", "torsdag"}, {"2027-04-02", "fredag"}, {"2027-04-03", "lördag"},
      {"2027-04-04", "söndag"}, {"2000-01-01", "lördag"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.date);
    EXPECT_EQ(WeekdayNameSv(WeekdayOf(D(c.date))), c.name);
  }
}

// ---- Easter and the holiday list ------------------------------------------

TEST(Holidays, EasterSundayMatchesPublishedDates) {
  struct Case {
    int year;
    const char* easter;
  };
  const Case cases[] = {
      {1900, "1900-04-15"}, {1913, "1913-03-23"}, {1943, "1943-04-25"}, {1954, "1954-04-18"},
      {1961, "1961-04-02"}, {1981, "1981-04-19"}, {2000, "2000-04-23"}, {2008, "2008-03-23"},
      {2011, "2011-04-24"}, {2016, "2016-03-27"}, {2019, "2019-04-21"}, {2024, "2024-03-31"},
      {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"}, {2028, "2028-04-16"},
      {2038, "2038-04-25"}, {2049, "2049-04-18"}, {2076, "2076-04-19"}, {2095, "2095-04-24"},
      {2100, "2100-03-28"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.year);
    EXPECT_EQ(ToString(EasterSunday(c.year)), c.easter);
  }
}

TEST(Holidays, FullListFor2027) {
  struct Expected {
    const char* date;
    const char* name;
    bool public_holiday;
  };
  const Expected expected[] = {
      {"2027-01-01", "nyårsdagen", true},
      {"2027-01-06", "trettondedag jul", true},
      {"2027-03-26", "långfredagen", true},
      {"2027-03-27", "påskafton", false},
      {"2027-03-28", "påskdagen", true},
      {"2027-03-29", "annandag påsk", true},
      {"2027-05-01", "första maj", true},
      {"2027-05-06", "Kristi himmelsfärdsdag", true},
      {"2027-05-16", "pingstdagen", true},
      {"2027-06-06", "nationaldagen", true},
      {"2027-06-25", "midsommarafton", false},
      {"2027-06-26", "midsommardagen", true},
      {"2027-11-06", "alla helgons dag", true},
      {"2027-12-24", "julafton", false},
      {"2027-12-25", "juldagen", true},
      {"2027-12-26", "annandag jul", true},
      {"2027-12-31", "nyårsafton", false},
  };
  const std::vector<NamedDay> days = NonWorkingDays(2027);
  ASSERT_EQ(days.size(), std::size(expected));
  for (size_t i = 0; i < days.size(); ++i) {
    SCOPED_TRACE(expected[i].name);
    EXPECT_EQ(ToString(days[i].date), expected[i].date);
    EXPECT_EQ(days[i].name_sv, expected[i].name);
    EXPECT_EQ(days[i].public_holiday, expected[i].public_holiday);
  }
}

// Early and late Easters move the spring holidays past fixed ones.
TEST(Holidays, EasterDependentDaysInEarlyAndLateYears) {
  struct Case {
    const char* good_friday;
    const char* easter_monday;
    const char* ascension;
    const char* pentecost;
  };
  const Case cases[] = {
      {"2024-03-29", "2024-04-01", "2024-05-09", "2024-05-19"},  // Easter 31 March
      {"2016-03-25", "2016-03-28", "2016-05-05", "2016-05-15"},  // Easter 27 March
      {"2008-03-21", "2008-03-24", "2008-05-01", "2008-05-11"},  // Easter 23 March
      {"2011-04-22", "2011-04-25", "2011-06-02", "2011-06-12"},  // Easter 24 April
      {"2038-04-23", "2038-04-26", "2038-06-03", "2038-06-13"},  // Easter 25 April
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.good_friday);
    EXPECT_EQ(NamesOn(c.good_friday), std::vector<std::string>{"långfredagen"});
    EXPECT_EQ(NamesOn(c.easter_monday), std::vector<std::string>{"annandag påsk"});
    EXPECT_EQ(NamesOn(c.pentecost), std::vector<std::string>{"pingstdagen"});
    const std::vector<std::string> ascension = NamesOn(c.ascension);
    EXPECT_EQ(ascension.back(), "Kristi himmelsfärdsdag");
  }
}

TEST(Holidays, AscensionOnFirstOfMayIsListedTwice) {
  EXPECT_EQ(NamesOn("2008-05-01"),
            (std::vector<std::string>{"första maj", "Kristi himmelsfärdsdag"}));
  const std::vector<NamedDay> days = NonWorkingDays(2008);
  EXPECT_EQ(days.size(), 17u);
}

TEST(Holidays, LateEasterListIsSortedPastNationalDay) {
  const std::vector<NamedDay> days = NonWorkingDays(2038);
  std::vector<std::string> june;
  for (const NamedDay& day : days) {
    if (day.date.month() == std::chrono::June) june.push_back(day.name_sv);
  }
  EXPECT_EQ(june, (std::vector<std::string>{"Kristi himmelsfärdsdag", "nationaldagen",
                                            "pingstdagen", "midsommarafton", "midsommardagen"}));
}

TEST(Holidays, MidsummerAndAllSaintsAtBothEndsOfTheirWeeks) {
  struct Case {
    int year;
    const char* midsummer_eve;
    const char* all_saints;
  };
  const Case cases[] = {
      {2026, "2026-06-19", "2026-10-31"},  // earliest possible dates
      {2027, "2027-06-25", "2027-11-06"},  // latest possible dates
      {2008, "2008-06-20", "2008-11-01"},
      {2028, "2028-06-23", "2028-11-04"},
      {2030, "2030-06-21", "2030-11-02"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.year);
    EXPECT_EQ(NamesOn(c.midsummer_eve), std::vector<std::string>{"midsommarafton"});
    const std::string midsummer_day = ToString(year_month_day{
        std::chrono::sys_days{D(c.midsummer_eve)} + std::chrono::days{1}});
    EXPECT_EQ(NamesOn(midsummer_day), std::vector<std::string>{"midsommardagen"});
    EXPECT_EQ(NamesOn(c.all_saints), std::vector<std::string>{"alla helgons dag"});
  }
}

// Invariants of the law's definitions, over two centuries.
TEST(Holidays, ListInvariantsFrom1900To2100) {
  for (int y = 1900; y <= 2100; ++y) {
    SCOPED_TRACE(y);
    const std::vector<NamedDay> days = NonWorkingDays(y);
    ASSERT_EQ(days.size(), 17u);
    for (size_t i = 0; i < days.size(); ++i) {
      EXPECT_EQ(static_cast<int>(days[i].date.year()), y);
      if (i > 0) {
        EXPECT_TRUE(days[i - 1].date <= days[i].date) << ToString(days[i].date);
      }
      const std::string& name = days[i].name_sv;
      const std::string_view wd = WeekdayNameSv(WeekdayOf(days[i].date));
      if (name == "påskdagen" || name == "pingstdagen") {
        EXPECT_EQ(wd, "söndag") << name;
      }
      if (name == "påskafton" || name == "midsommardagen" || name == "alla helgons dag") {
        EXPECT_EQ(wd, "lördag") << name;
      }
      if (name == "långfredagen" || name == "midsommarafton") {
        EXPECT_EQ(wd, "fredag") << name;
      }
    }
    const year_month_day easter = EasterSunday(y);
    EXPECT_TRUE(easter >= std::chrono::year{y} / std::chrono::March / 22) << ToString(easter);
    EXPECT_TRUE(easter <= std::chrono::year{y} / std::chrono::April / 25) << ToString(easter);
  }
}

// ---- Working days ----------------------------------------------------------

TEST(WorkingDays, IsWorkingDayAndIsPublicHoliday) {
  struct Case {
    const char* date;
    bool working;
    bool public_holiday;
  };
  const Case cases[] = {
      {"2027-03-25", true, false},   // skärtorsdagen is a working day
      {"2027-03-26", false, true},   // långfredagen
      {"2027-03-27", false, false},  // påskafton, a Saturday
      {"2027-03-28", false, true},   // påskdagen
      {"2027-03-29", false, true},   // annandag påsk
      {"2027-03-30", true, false},
      {"2027-04-30", true, false},   // valborgsmässoafton is a working day
      {"2027-05-06", false, true},   // Kristi himmelsfärdsdag
      {"2027-05-07", true, false},   // klämdag: still a working day
      {"2026-06-19", false, false},  // midsommarafton
      {"2027-06-25", false, false},  // midsommarafton
      {"2026-06-22", true, false},
      {"2027-06-07", true, false},   // nationaldagen was the Sunday before
      {"2028-06-06", false, true},   // nationaldagen on a Tuesday
      {"2027-12-24", false, false},  // julafton on a Friday
      {"2027-12-27", true, false},
      {"2027-12-31", false, false},  // nyårsafton on a Friday
      {"2028-01-06", false, true},   // trettondedag jul on a Thursday
      {"2027-01-05", true, false},   // trettondagsafton is a working day
      {"2027-10-09", false, false},  // an ordinary Saturday
      {"2027-10-10", false, true},   // every Sunday is a public holiday
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.date);
    EXPECT_EQ(IsWorkingDay(D(c.date)), c.working);
    EXPECT_EQ(IsPublicHoliday(D(c.date)), c.public_holiday);
  }
}

TEST(WorkingDays, NextAndPreviousWorkingDay) {
  struct Case {
    const char* date;
    const char* next;
    const char* previous;
  };
  const Case cases[] = {
      {"2027-03-24", "2027-03-24", "2027-03-24"},  // a working day is its own answer
      {"2027-03-26", "2027-03-30", "2027-03-25"},  // Easter weekend
      {"2024-03-29", "2024-04-02", "2024-03-28"},  // Easter over a month's end
      {"2027-06-25", "2027-06-28", "2027-06-24"},  // midsommar
      {"2027-12-24", "2027-12-27", "2027-12-23"},
      {"2027-12-31", "2028-01-03", "2027-12-30"},  // over the year's end
      {"2028-12-30", "2029-01-02", "2028-12-29"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.date);
    EXPECT_EQ(ToString(NextWorkingDay(D(c.date))), c.next);
    EXPECT_EQ(ToString(PreviousWorkingDay(D(c.date))), c.previous);
  }
}

TEST(WorkingDays, LastWorkingDayOfMonth) {
  using namespace std::chrono;
  struct Case {
    year_month month;
    const char* expected;
  };
  const Case cases[] = {
      {2024y / December, "2024-12-30"},  // 31 is nyårsafton (Tuesday)
      {2027y / December, "2027-12-30"},  // 31 is nyårsafton (Friday)
      {2028y / December, "2028-12-29"},  // 30 Saturday, 31 Sunday
      {2029y / December, "2029-12-28"},  // 30 Sunday, 31 nyårsafton (Monday)
      {2033y / December, "2033-12-30"},  // 30 Friday, 31 Saturday
      {2024y / March, "2024-03-28"},     // påskdagen, påskafton, långfredagen
      {2026y / October, "2026-10-30"},   // 31 is alla helgons dag
      {2027y / April, "2027-04-30"},
      {2027y / February, "2027-02-26"},  // 27–28 are a weekend
      {2028y / February, "2028-02-29"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected);
    EXPECT_EQ(ToString(LastWorkingDayOfMonth(c.month)), c.expected);
  }
}

TEST(WorkingDays, AddWorkingDays) {
  struct Case {
    const char* date;
    int n;
    const char* expected;
  };
  const Case cases[] = {
      {"2027-03-24", 0, "2027-03-24"},
      {"2027-03-27", 0, "2027-03-27"},   // n == 0 keeps even a non-working day
      {"2027-03-25", 1, "2027-03-30"},   // over Easter
      {"2027-03-25", 2, "2027-03-31"},
      {"2027-03-30", -1, "2027-03-25"},
      {"2027-03-27", 1, "2027-03-30"},   // from a non-working day
      {"2027-03-27", -1, "2027-03-25"},
      {"2024-03-28", 1, "2024-04-02"},   // Easter in March
      {"2027-12-23", 1, "2027-12-27"},
      {"2027-12-23", 5, "2028-01-03"},
      {"2027-12-23", 8, "2028-01-07"},   // also past trettondedag jul
      {"2028-01-07", -8, "2027-12-23"},
      {"2027-06-01", 20, "2027-06-30"},  // nationaldagen is a Sunday; midsommar
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.date) + " + " + std::to_string(c.n));
    EXPECT_EQ(ToString(AddWorkingDays(D(c.date), c.n)), c.expected);
  }
}

// ---- Statutory periods (Lag 1930:173) -------------------------------------

TEST(StatutoryPeriods, AddMonthsKeepsTheDateNumberOrTakesTheLastDay) {
  struct Case {
    const char* date;
    int n;
    const char* expected;
  };
  const Case cases[] = {
      {"2027-08-31", 2, "2027-10-31"},  {"2027-12-31", 2, "2028-02-29"},
      {"2026-12-31", 2, "2027-02-28"},  {"2027-01-31", 1, "2027-02-28"},
      {"2028-01-30", 1, "2028-02-29"},  {"2027-03-31", 1, "2027-04-30"},
      {"2027-03-15", -1, "2027-02-15"}, {"2027-03-31", -1, "2027-02-28"},
      {"2027-01-31", -2, "2026-11-30"}, {"2027-06-30", 0, "2027-06-30"},
      {"2027-10-31", 12, "2028-10-31"}, {"2027-02-28", 1, "2027-03-28"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.date) + " + " + std::to_string(c.n));
    EXPECT_EQ(ToString(AddMonths(D(c.date), c.n)), c.expected);
  }
}

TEST(StatutoryPeriods, AddWeeksAndAddYears) {
  EXPECT_EQ(ToString(AddWeeks(D("2027-06-14"), 3)), "2027-07-05");
  EXPECT_EQ(ToString(AddWeeks(D("2027-01-04"), -1)), "2026-12-28");
  EXPECT_EQ(ToString(AddYears(D("2028-02-29"), 1)), "2029-02-28");
  EXPECT_EQ(ToString(AddYears(D("2028-02-29"), 4)), "2032-02-29");
  EXPECT_EQ(ToString(AddYears(D("2027-04-15"), -1)), "2026-04-15");
}

TEST(StatutoryPeriods, DeadlineMovesToTheNextWorkingDay) {
  struct Case {
    const char* due;
    const char* expected;
  };
  const Case cases[] = {
      {"2028-04-15", "2028-04-18"},  // DOMAIN.md: årsredovisning on påskafton 2028
      {"2027-10-31", "2027-11-01"},  // DOMAIN.md: delårsrapport due on a Sunday
      {"2027-04-15", "2027-04-15"},  // a Thursday: unchanged
      {"2027-06-25", "2027-06-28"},  // midsommarafton
      {"2027-12-24", "2027-12-27"},  // julafton
      {"2027-12-31", "2028-01-03"},  // nyårsafton
      {"2026-10-31", "2026-11-02"},  // alla helgons dag
      {"2028-06-06", "2028-06-07"},  // nationaldagen on a Tuesday
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.due);
    EXPECT_EQ(ToString(StatutoryDeadline(D(c.due))), c.expected);
  }
}

TEST(StatutoryPeriods, InterimReportExampleFromDomain) {
  const year_month_day period_end = D("2027-08-31");
  EXPECT_EQ(ToString(StatutoryDeadline(AddMonths(period_end, 2))), "2027-11-01");
}

}  // namespace
}  // namespace arshjul::engine
