// The year's named non-working days as one table of rules, so that the
// listing (NonWorkingDays) and the predicates (IsWorkingDay, ...) cannot
// disagree.

#include "arshjul/engine/calendar.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <string>
#include <vector>

namespace arshjul::engine {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;
using std::chrono::year_month_day;

// Everything a rule needs to place its day in a year.
struct YearContext {
  int year;
  sys_days easter;
};

struct HolidayRule {
  const char* name_sv;
  bool public_holiday;
  year_month_day (*date)(const YearContext& ctx);
};

year_month_day Fixed(const YearContext& ctx, unsigned m, unsigned d) {
  return year{ctx.year} / month{m} / day{d};
}

year_month_day FromEaster(const YearContext& ctx, int offset_days) {
  return year_month_day{ctx.easter + days{offset_days}};
}

// The first `wd` on or after day `first_day` of the month; the law defines
// midsommar and alla helgons dag as "the Friday/Saturday between ...".
year_month_day FirstWeekdayFrom(const YearContext& ctx, unsigned m, unsigned first_day,
                                weekday wd) {
  const sys_days start{year{ctx.year} / month{m} / day{first_day}};
  return year_month_day{start + (wd - weekday{start})};
}

// Sorted by date in every year except where an Easter-dependent day overtakes
// a fixed one (Kristi himmelsfärdsdag, pingstdagen); NonWorkingDays sorts.
constexpr HolidayRule kRules[] = {
    {"nyårsdagen", true, [](const YearContext& c) { return Fixed(c, 1, 1); }},
    {"trettondedag jul", true, [](const YearContext& c) { return Fixed(c, 1, 6); }},
    {"långfredagen", true, [](const YearContext& c) { return FromEaster(c, -2); }},
    {"påskafton", false, [](const YearContext& c) { return FromEaster(c, -1); }},
    {"påskdagen", true, [](const YearContext& c) { return FromEaster(c, 0); }},
    {"annandag påsk", true, [](const YearContext& c) { return FromEaster(c, 1); }},
    {"första maj", true, [](const YearContext& c) { return Fixed(c, 5, 1); }},
    {"Kristi himmelsfärdsdag", true, [](const YearContext& c) { return FromEaster(c, 39); }},
    {"pingstdagen", true, [](const YearContext& c) { return FromEaster(c, 49); }},
    {"nationaldagen", true, [](const YearContext& c) { return Fixed(c, 6, 6); }},
    {"midsommarafton", false,
     [](const YearContext& c) { return FirstWeekdayFrom(c, 6, 19, std::chrono::Friday); }},
    {"midsommardagen", true,
     [](const YearContext& c) { return FirstWeekdayFrom(c, 6, 20, std::chrono::Saturday); }},
    {"alla helgons dag", true,
     [](const YearContext& c) { return FirstWeekdayFrom(c, 10, 31, std::chrono::Saturday); }},
    {"julafton", false, [](const YearContext& c) { return Fixed(c, 12, 24); }},
    {"juldagen", true, [](const YearContext& c) { return Fixed(c, 12, 25); }},
    {"annandag jul", true, [](const YearContext& c) { return Fixed(c, 12, 26); }},
    {"nyårsafton", false, [](const YearContext& c) { return Fixed(c, 12, 31); }},
};

YearContext ContextFor(int y) { return YearContext{y, sys_days{EasterSunday(y)}}; }

// Calls `fn(rule, date)` for every rule whose day falls on `date`.
template <typename Fn>
void ForEachRuleOn(year_month_day date, Fn fn) {
  const YearContext ctx = ContextFor(static_cast<int>(date.year()));
  for (const HolidayRule& rule : kRules) {
    if (rule.date(ctx) == date) fn(rule);
  }
}

}  // namespace

year_month_day EasterSunday(int y) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = y % 19;
  const int b = y / 100;
  const int c = y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int easter_month = (h + l - 7 * m + 114) / 31;
  const int easter_day = (h + l - 7 * m + 114) % 31 + 1;
  return year{y} / month{static_cast<unsigned>(easter_month)} /
         day{static_cast<unsigned>(easter_day)};
}

std::vector<NamedDay> NonWorkingDays(int y) {
  const YearContext ctx = ContextFor(y);
  std::vector<NamedDay> result;
  result.reserve(std::size(kRules));
  for (const HolidayRule& rule : kRules) {
    result.push_back(NamedDay{rule.date(ctx), rule.name_sv, rule.public_holiday});
  }
  std::stable_sort(result.begin(), result.end(),
                   [](const NamedDay& l, const NamedDay& r) { return l.date < r.date; });
  return result;
}

std::vector<NamedDay> NamedDaysOn(year_month_day date) {
  std::vector<NamedDay> result;
  ForEachRuleOn(date, [&](const HolidayRule& rule) {
    result.push_back(NamedDay{date, rule.name_sv, rule.public_holiday});
  });
  return result;
}

bool IsPublicHoliday(year_month_day date) {
  if (WeekdayOf(date) == std::chrono::Sunday) return true;
  bool found = false;
  ForEachRuleOn(date, [&](const HolidayRule& rule) { found = found || rule.public_holiday; });
  return found;
}

bool IsWorkingDay(year_month_day date) {
  const weekday wd = WeekdayOf(date);
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  bool named = false;
  ForEachRuleOn(date, [&](const HolidayRule&) { named = true; });
  return !named;
}

}  // namespace arshjul::engine
