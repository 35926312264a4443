// The årshjul template file: a kommun's annual cycle in YAML, read and
// validated into an engine::AnnualCycleTemplate for the planner. Shipped:
// workflows/templates/standard.yaml (the legal frame) and
// workflows/examples/exempelkommun/arshjul.yaml (Trelleborg's wheel on top).
//
// Format (every key optional unless marked):
//
//   id: exempelkommun                     # required
//   name: Exempelkommuns årshjul          # required
//   extends: ../../templates/standard.yaml   # a path relative to this file
//   defaults: {reminders: …, escalation: …, completion: …}   # for steps without them
//   steps:
//     - id: kf_budget                     # required; a–z, 0–9, _ and -
//       title: Kommunfullmäktige fastställer budget …   # required
//       kind: beslut                      # required: beslut, rapport, dialog, analys, plan
//       responsible:                      # required
//         organ: council                  # an organ id, council, executive_board,
//                                         # every_committee, every_company,
//                                         # every_subcommittee — or a list of them
//         role: kommunsekreterare         # a role id, or a list: the first one held
//       deadline:                         # required: exactly one anchor, then
//         meeting: {organ: council, month: 6, nth: 1}  # organ may be self; nth -1 = last
//         # or date: "11-30" | day_of_month: 15 | last_working_day: 12 (or month)
//         #  | step: other_step (with of: deadline | completion) | period_end: true
//         before: {weeks: 3}              # or after:; one of days, working_days, weeks, months
//         year: 1                         # anchors in the year after (−1 … 1)
//         adjust: earlier                 # a non-working day: earlier, later or none
//                                         # (default: later when statutory, else none)
//       period: {from: "01-01", to: "08-31", year: 0}   # or month, previous_month
//       repeat: {every: month, except: [7]}
//       years: every                      # or election (2026, 2030, …), other
//       reminders: [30, 14, 3, 0]         # days before at 08:00, or {days_before: 14, at: "07:30"}
//       escalation: {superior_after_days: 3, oversight_after_days: 14, to_role: x}  # or none
//       legal_basis: KL 11 kap. 8 §
//       depends_on: [ks_budgetforslag]
//       completion: DecisionRecorded      # the event type that completes it
//       decides: budget                   # DecisionRecorded: what the matching decision decides
//       started_by: assignments           # or meeting_decisions: an event starts it, not the
//                                         # calendar (deadline start: true, due: true or step)
//       statutory: true                   # a legal deadline: Lag 1930:173 applies
//       election_year:                    # done again by the newly elected KF
//         id: kf_budget_nyvalda           # required
//         title: …
//         term_starts: "10-15"
//         deadline: {date: "11-30"}        # required
//         legal_basis: …
//       remove: true                      # in an extending file: drop the inherited step
//
// A file that `extends` another starts from its steps, in its order; a step
// with an id already there replaces the fields it names (each field whole)
// and keeps the rest; new steps follow. `defaults` merge the same way.
//
// Free functions without shared state. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/storage/status.h"

namespace arshjul::workflows {

// Reads the template at `path` and every file it extends. NotFound when a
// file is missing, IOError when it cannot be read; every other error —
// YAML syntax, unknown or repeated fields, missing fields, impossible dates
// (02-30), a step that depends on an unknown step, a cycle in depends_on or
// between deadlines, a cycle of extends — is InvalidArgument with a Swedish
// message "file:line: steps[id].field: what is wrong" and field() set to
// "steps[id].field". The first error found is returned. Organs and roles are
// checked against an Organization when planning (engine::Plan).
Result<engine::AnnualCycleTemplate> LoadTemplate(const std::string& path);

// As LoadTemplate for text already read; `source_name` names it in messages
// and `extends` paths are resolved against `base_dir`.
Result<engine::AnnualCycleTemplate> ParseTemplate(std::string_view yaml_text, const std::string& source_name,
                                                  const std::string& base_dir);

// A template and every file it extends, as texts: what `arshjul wheel adopt`
// records in the store (AnnualCycleAdopted), so the wheel can be read back
// without the files. `files` holds the adopted file first, by the paths the
// loader read them from.
struct TemplateFiles {
  std::string template_id, name, main_path;
  std::vector<std::pair<std::string, std::string>> files;  // path → text
};

// Reads and validates the template at `path` and records the texts of it and
// every file it extends. Errors as LoadTemplate.
Result<TemplateFiles> ReadTemplateFiles(const std::string& path);

// The template from recorded texts (engine::AdoptedCycle): as LoadTemplate
// would read the same files, without touching the file system.
Result<engine::AnnualCycleTemplate> ParseTemplateFiles(const TemplateFiles& files);

// A shipped template named by name: "standard" is templates/standard.yaml,
// another name N is examples/N/arshjul.yaml under `shipped_dir` (the
// repository's workflows/ folder). A path (with a '/') or an existing file
// is returned unchanged.
std::string ResolveTemplatePath(const std::string& name_or_path, const std::string& shipped_dir);

}  // namespace arshjul::workflows
