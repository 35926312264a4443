// Date helpers of the planner: civil dates from template month-days, the
// period a step covers, an organ's nth meeting in a month, Swedish month
// names for messages. Internal to engine/; pure and thread-safe.
#pragma once

#include <optional>
#include <string>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/organization.h"

namespace arshjul::engine {

// year-month-day; a day past the month's end gives its last day.
Date ClampedDate(int year, int month, int day);

// The first and last day of a month.
Date FirstOfMonth(int year, int month);
Date LastOfMonth(int year, int month);

// "januari" … "december".
const char* MonthNameSv(int month);

// The period a step covers in `year` (and repeated `month`, 0 when none).
// A fixed period whose `to` comes before its `from` starts the year before.
std::optional<Period> PeriodFor(const std::optional<PeriodRule>& rule, int year, int month);

// The nth meeting (1-based; negative counts from the last) of `organ` in the
// given month, or nullopt when it has no such meeting.
std::optional<Date> NthMeeting(const Organ& organ, int year, int month, int nth);

}  // namespace arshjul::engine
