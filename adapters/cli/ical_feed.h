// The årshjul as an iCalendar feed (RFC 5545): one VCALENDAR with an all-day
// VEVENT per step instance and a VALARM per reminder, for a kommun, an organ
// or a role, depending on which instances the caller passes. Calendar apps
// subscribe to it; `arshjul plan --format ics` writes it.
//
//  - UID "<instance id>@arshjul", stable across runs, so a re-published feed
//    updates events instead of duplicating them;
//  - DTSTART;VALUE=DATE the deadline, DTEND the day after;
//  - SUMMARY "<title> – <organ name>", DESCRIPTION with the responsible role,
//    legal basis, period and step, all Swedish;
//  - each VALARM fires at an absolute UTC instant (TRIGGER;VALUE=DATE-TIME),
//    LocalToUtc(deadline − days_before, hour, minute), so "08:00" means 08:00
//    in Stockholm on both sides of a daylight-saving change;
//  - CRLF line ends, lines folded at 75 octets without splitting a UTF-8
//    character, TEXT values escaped (\ ; , and newline).
//
// Pure functions apart from writing to the stream; thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/organization.h"
#include "arshjul/engine/plan.h"
#include "arshjul/storage/clock.h"

namespace arshjul::cli {

struct CalendarInfo {
  std::string name;         // X-WR-CALNAME, e.g. "Årshjul 2027 – Exempelkommun"
  Timestamp generated_at{};  // DTSTAMP of every VEVENT
};

// Writes one VCALENDAR. `org` supplies organ and role names.
void WriteICalendar(std::ostream& out, const CalendarInfo& info, const std::vector<engine::StepInstance>& instances,
                    const engine::Organization& org);

// "<title> – <organ name>", the SUMMARY of an instance's VEVENT.
std::string EventSummary(const engine::StepInstance& instance, const engine::Organization& org);

// TEXT escaping of RFC 5545 3.3.11: backslash, semicolon, comma, newline.
std::string EscapeText(std::string_view text);

// One content line folded at 75 octets (RFC 5545 3.1), each physical line
// ending in CRLF; continuation lines start with a space.
std::string FoldLine(std::string_view line);

}  // namespace arshjul::cli
