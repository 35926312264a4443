// The Swedish working-day calendar: public holidays (Lag 1989:253), the days
// treated as non-working besides them, working-day arithmetic, and the
// statutory periods of Lag (1930:173) om beräkning av lagstadgad tid.
//
// Pure functions of civil dates (std::chrono::year_month_day, proleptic
// Gregorian); no clock, no time zone, no I/O. Thread-safe.
//
// Today's rules are applied to every year: the calendar does not model
// historical changes (annandag pingst before 2005, nationaldagen as a working
// day before 2005, ...). Every function taking a date requires `date.ok()`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arshjul::engine {

// A named day on which nobody is expected to work.
struct NamedDay {
  std::chrono::year_month_day date;
  std::string name_sv;  // lower case, as in running Swedish text: "annandag påsk"
  // True for an allmän helgdag under Lag 1989:253. False for days treated as
  // non-working by custom and by Lag 1930:173 without being holidays:
  // påskafton, midsommarafton, julafton, nyårsafton.
  bool public_holiday;

  friend bool operator==(const NamedDay&, const NamedDay&) = default;
};

// ---- Civil dates ----------------------------------------------------------

std::chrono::weekday WeekdayOf(std::chrono::year_month_day date);

// "måndag" … "söndag".
std::string_view WeekdayNameSv(std::chrono::weekday wd);

// "YYYY-MM-DD" (ISO 8601). Requires a year in 0…9999.
std::string ToString(std::chrono::year_month_day date);

// Strict inverse of ToString: exactly "YYYY-MM-DD" naming an existing date.
// Returns nullopt for anything else (other lengths, signs, 2027-02-29, ...).
std::optional<std::chrono::year_month_day> ParseDate(std::string_view text);

// ---- Holidays -------------------------------------------------------------

// Easter Sunday by the Gregorian computus (the anonymous Gregorian algorithm).
std::chrono::year_month_day EasterSunday(int year);

// The year's named non-working days, sorted by date: every public holiday
// (including those that always fall on a Sunday or Saturday, such as
// påskdagen and midsommardagen) and the de-facto non-working days. Plain
// weekends are not listed. Two holidays may share a date (Kristi
// himmelsfärdsdag is första maj when Easter is 23 March, as in 2008); both
// are then listed, in the order of the year's holiday list.
std::vector<NamedDay> NonWorkingDays(int year);

// The named days falling on `date`: usually none, at most two.
std::vector<NamedDay> NamedDaysOn(std::chrono::year_month_day date);

// An allmän helgdag: every Sunday and every public holiday in NonWorkingDays.
bool IsPublicHoliday(std::chrono::year_month_day date);

// False on Saturdays, Sundays, public holidays, påskafton, midsommarafton,
// julafton and nyårsafton; true otherwise.
bool IsWorkingDay(std::chrono::year_month_day date);

// ---- Working-day arithmetic -----------------------------------------------

// `date` itself when it is a working day, else the first working day after it.
std::chrono::year_month_day NextWorkingDay(std::chrono::year_month_day date);

// `date` itself when it is a working day, else the last working day before it.
std::chrono::year_month_day PreviousWorkingDay(std::chrono::year_month_day date);

// The month's last working day, e.g. 30 December when 31 December
// (nyårsafton) is not one. Requires `month.ok()`.
std::chrono::year_month_day LastWorkingDayOfMonth(std::chrono::year_month month);

// The n:th working day after `date` (n > 0) or before it (n < 0), not
// counting `date` itself, which need not be a working day. n == 0 returns
// `date` unchanged.
std::chrono::year_month_day AddWorkingDays(std::chrono::year_month_day date, int n);

// ---- Statutory periods (Lag 1930:173) -------------------------------------
// For deadlines fixed by law only. A kommun's own internal dates are plain
// dates and are not moved.

// The last day of a period of n weeks counted from `date`: the same weekday
// n weeks later (earlier for negative n).
std::chrono::year_month_day AddWeeks(std::chrono::year_month_day date, int n);

// The last day of a period of n months counted from `date`: the same date
// number n months later, or that month's last day when the number does not
// exist in it (31 Aug + 2 months = 31 Oct; 31 Dec + 2 months = 28 or 29 Feb).
std::chrono::year_month_day AddMonths(std::chrono::year_month_day date, int n);

// AddMonths(date, 12 * n): 29 Feb + 1 year = 28 Feb.
std::chrono::year_month_day AddYears(std::chrono::year_month_day date, int n);

// The day a statutory act falling due on `due` may still be done: `due`
// itself, or when that is a Saturday, Sunday, public holiday, midsommarafton,
// julafton or nyårsafton, the next working day (Lag 1930:173 2 §).
std::chrono::year_month_day StatutoryDeadline(std::chrono::year_month_day due);

}  // namespace arshjul::engine
