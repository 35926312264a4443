// `arshjul plan`: the årshjul of one year as dated work — reads the
// organisation file and an årshjul template (workflows/), runs the planner
// (engine/planner.h) and prints the step instances as a table, JSON, CSV or
// an iCalendar feed (ical_feed.h). Reads files, writes nothing; no state,
// thread-safe.
#pragma once

#include <ostream>
#include <string>

#include <optional>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/organization.h"
#include "arshjul/engine/started_steps.h"
#include "arshjul/storage/clock.h"

namespace arshjul::cli {

struct PlanCommandOptions {
  std::string organization_path;                  // --org; empty: recorded_organization
  std::optional<engine::Organization> recorded_organization;  // the one `init` recorded in --data
  std::vector<engine::StartTrigger> triggers;     // meetings with decisions recorded in --data (started steps)
  std::string template_path;                      // --template: a file; empty: `wheel`
  std::optional<engine::AnnualCycleTemplate> wheel;  // the wheel adopted in --data (wheel_command.h)
  int year = 0;                                   // --year (required)
  std::string organ;                              // --organ: only this organ's instances
  std::string role;                               // --role: only instances this role is responsible for
  std::string format = "table";                   // --format: table, json, csv or ics
  Timestamp generated_at{};                       // DTSTAMP of the feed; main passes clock.Now()
};

// Writes the plan to `out` and returns 0. On bad input writes "fel: --field:
// message" (Swedish) to `err` and returns 2: a year outside 1995–9998, an
// unknown format, organ or role, an organisation or template file that is
// missing or invalid (its message names file, line and field), or a template
// that does not fit the organisation (a meeting or role nobody holds). An
// unreadable file returns 1.
//
// Formats: "table" (aligned, one row per instance); "csv" (RFC 4180, CRLF);
// "json": {"year", "municipality", "template", "instances": [{"id",
// "step_id", "title", "kind", "organ", "organ_name", "responsible_role",
// "deadline", "weekday", "statutory", "period": {"from", "to"} | null,
// "legal_basis", "depends_on", "reminders": [{"days_before", "at",
// "fires_at"}], "escalations": [{"days_after", "to_role",
// "oversight_finding"}], "completion_event", "after_completion_of"}]};
// "ics": one VCALENDAR for the kommun, or for the organ / role filtered on.
int RunPlanCommand(const PlanCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace arshjul::cli
