// Europe/Stockholm wall-clock time: the one place where arshjul converts
// between UTC timestamps (what events record) and Swedish local time (what
// deadlines, meetings and reminders are stated in).
//
// The zone's rules come from the operating system's tz database
// (/usr/share/zoneinfo) through Abseil's time zones (Debian's libabsl-dev),
// which apply each TZif file's POSIX footer after its last explicit
// transition, so summer time is right for every year (also after 2037). The
// zone is looked up once per process and cached. No hand-written DST rules,
// no TZ environment variable. All functions are thread-safe.
//
// Missing tz data is an installation fault: main should call
// LoadStockholmTimeZone() at startup and report its Status. If the zone
// cannot be loaded, the conversion functions below print a message to stderr
// and abort.
#pragma once

#include <chrono>
#include <string>

#include "arshjul/storage/clock.h"
#include "arshjul/storage/status.h"

namespace arshjul::engine {

// A moment as shown on a clock in Sweden.
struct LocalDateTime {
  std::chrono::year_month_day date;
  int hour = 0;    // 0–23
  int minute = 0;  // 0–59
  int second = 0;  // 0–59; sub-second precision is truncated
  int utc_offset_minutes = 0;  // 60 in winter (CET), 120 in summer (CEST)

  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// Ok when Europe/Stockholm can be loaded; otherwise kIOError with the reason.
// Idempotent: the outcome of the first attempt is cached.
Status LoadStockholmTimeZone();

// The UTC instant at which Swedish clocks show `hour`:`minute` on `date`.
// Requires date.ok(), 0 <= hour <= 23, 0 <= minute <= 59.
//
// Times that occur twice (the autumn fold, 02:00–02:59 on the last Sunday of
// October) give the earlier instant, still on summer time. Times that never
// occur (the spring gap, 02:00–02:59 on the last Sunday of March) are read
// with the offset in force before the gap, so 02:30 becomes 01:30Z, which
// clocks show as 03:30: the wall time is moved forward by the gap's length.
// Both choices are those of RFC 5545 (iCalendar).
Timestamp LocalToUtc(std::chrono::year_month_day date, int hour, int minute);

LocalDateTime UtcToLocal(Timestamp t);

// The Swedish calendar date at instant `t` ("what is today" for the planner).
std::chrono::year_month_day LocalDate(Timestamp t);

// RFC 3339 with the local offset and whole seconds (truncated), e.g.
// "2027-03-29T08:00:00+02:00".
std::string FormatLocalRfc3339(Timestamp t);

}  // namespace arshjul::engine
