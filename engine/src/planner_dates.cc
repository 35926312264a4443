#include "planner_dates.h"

#include <algorithm>
#include <vector>

namespace arshjul::engine {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date FirstOfMonth(int y, int m) { return year{y} / month(static_cast<unsigned>(m)) / day{1}; }

Date LastOfMonth(int y, int m) {
  const std::chrono::year_month_day_last last{year{y}, std::chrono::month_day_last{month(static_cast<unsigned>(m))}};
  return Date{last};
}

Date ClampedDate(int y, int m, int d) {
  const Date last = LastOfMonth(y, m);
  if (static_cast<unsigned>(d) >= static_cast<unsigned>(last.day())) return last;
  return year{y} / month(static_cast<unsigned>(m)) / day(static_cast<unsigned>(d));
}

const char* MonthNameSv(int m) {
  static const char* const kNames[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                       "juli",    "augusti",  "september", "oktober", "november", "december"};
  return m >= 1 && m <= 12 ? kNames[m - 1] : "?";
}

std::optional<Period> PeriodFor(const std::optional<PeriodRule>& rule, int y, int m) {
  if (!rule) return std::nullopt;
  switch (rule->kind) {
    case PeriodRule::Kind::kMonth: return Period{FirstOfMonth(y, m), LastOfMonth(y, m)};
    case PeriodRule::Kind::kPreviousMonth: {
      const int py = m == 1 ? y - 1 : y;
      const int pm = m == 1 ? 12 : m - 1;
      return Period{FirstOfMonth(py, pm), LastOfMonth(py, pm)};
    }
    case PeriodRule::Kind::kFixed: break;
  }
  const int to_year = y + rule->year_offset;
  const Date to = ClampedDate(to_year, rule->to.month, rule->to.day);
  Date from = ClampedDate(to_year, rule->from.month, rule->from.day);
  if (to < from) from = ClampedDate(to_year - 1, rule->from.month, rule->from.day);
  return Period{from, to};
}

std::optional<Date> NthMeeting(const Organ& organ, int y, int m, int nth) {
  std::vector<Date> in_month;
  for (const Date& d : organ.meetings) {
    if (static_cast<int>(d.year()) == y && static_cast<unsigned>(d.month()) == static_cast<unsigned>(m))
      in_month.push_back(d);
  }
  std::sort(in_month.begin(), in_month.end());
  const int count = static_cast<int>(in_month.size());
  const int index = nth > 0 ? nth - 1 : count + nth;
  if (nth == 0 || index < 0 || index >= count) return std::nullopt;
  return in_month[static_cast<size_t>(index)];
}

}  // namespace arshjul::engine
