// Civil-date helpers, working-day arithmetic and statutory periods. The
// holiday rules themselves are in holidays.cc.

#include "arshjul/engine/calendar.h"

#include "arshjul/storage/clock.h"

#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace arshjul::engine {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day Shift(year_month_day date, int n_days) {
  return year_month_day{sys_days{date} + days{n_days}};
}

// Nullopt unless every character is an ASCII digit.
std::optional<unsigned> ParseDigits(std::string_view text) {
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

}  // namespace

std::chrono::weekday WeekdayOf(year_month_day date) {
  assert(date.ok());
  return std::chrono::weekday{sys_days{date}};
}

std::string_view WeekdayNameSv(std::chrono::weekday wd) {
  static constexpr std::string_view kNames[] = {"söndag",  "måndag", "tisdag", "onsdag",
                                                "torsdag", "fredag", "lördag"};
  return kNames[wd.c_encoding() % 7];
}

std::string ToString(year_month_day date) {
  assert(date.ok() && static_cast<int>(date.year()) >= 0 && static_cast<int>(date.year()) <= 9999);
  // Digits by hand: replay formats dates for its completion facts, and snprintf was 2 % of its apply.
  std::string out = "0000-00-00";
  auto put = [&out](size_t end, unsigned value, int width) {
    for (int i = 0; i < width; ++i, value /= 10) out[end - i] = static_cast<char>('0' + value % 10);
  };
  put(3, static_cast<unsigned>(static_cast<int>(date.year())), 4);
  put(6, static_cast<unsigned>(date.month()), 2);
  put(9, static_cast<unsigned>(date.day()), 2);
  return out;
}

std::optional<year_month_day> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = ParseDigits(text.substr(0, 4));
  const auto m = ParseDigits(text.substr(5, 2));
  const auto d = ParseDigits(text.substr(8, 2));
  if (!y || !m || !d || static_cast<int>(*y) < kMinTimestampYear) return std::nullopt;  // years 1900–9999, as timestamps
  const year_month_day date{std::chrono::year{static_cast<int>(*y)}, std::chrono::month{*m},
                            std::chrono::day{*d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

year_month_day NextWorkingDay(year_month_day date) {
  while (!IsWorkingDay(date)) date = Shift(date, 1);
  return date;
}

year_month_day PreviousWorkingDay(year_month_day date) {
  while (!IsWorkingDay(date)) date = Shift(date, -1);
  return date;
}

year_month_day LastWorkingDayOfMonth(std::chrono::year_month month) {
  assert(month.ok());
  return PreviousWorkingDay(month / std::chrono::last);
}

year_month_day AddWorkingDays(year_month_day date, int n) {
  const int step = n < 0 ? -1 : 1;
  for (int remaining = n < 0 ? -n : n; remaining > 0; --remaining) {
    date = Shift(date, step);
    while (!IsWorkingDay(date)) date = Shift(date, step);
  }
  return date;
}

year_month_day AddWeeks(year_month_day date, int n) { return Shift(date, 7 * n); }

year_month_day AddMonths(year_month_day date, int n) {
  assert(date.ok());
  const std::chrono::year_month target =
      std::chrono::year_month{date.year(), date.month()} + std::chrono::months{n};
  const year_month_day last = target / std::chrono::last;
  return date.day() <= last.day() ? target / date.day() : last;
}

year_month_day AddYears(year_month_day date, int n) { return AddMonths(date, 12 * n); }

year_month_day StatutoryDeadline(year_month_day due) { return NextWorkingDay(due); }

}  // namespace arshjul::engine
