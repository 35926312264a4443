// `arshjul kalender`: prints a year's Swedish non-working days (public
// holidays and the days treated as non-working besides weekends) for users
// checking deadlines. A thin view over engine/calendar.h; no state,
// thread-safe.
#pragma once

#include <ostream>
#include <string>

namespace arshjul::cli {

// Writes `year`'s non-working days to `out` as an aligned table
// (format "table") or as a JSON object (format "json"):
//   {"year": 2027, "non_working_days": [{"date": "2027-01-01",
//    "weekday": "fredag", "name": "nyårsdagen", "public_holiday": true}, ...]}
// Returns 0 on success; on an unknown format or a year outside 1753–9999
// (Sweden's Gregorian years, four digits) writes a Swedish message to `err`
// and returns 2, the usage-error exit code.
int RunCalendarCommand(int year, const std::string& format, std::ostream& out, std::ostream& err);

}  // namespace arshjul::cli
