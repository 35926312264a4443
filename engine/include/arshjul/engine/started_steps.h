// Steps started by events: deadlines a recorded decision starts rather than
// the calendar (Kommunallagen) — the protokoll justerat within 14 days of the
// meeting, the justering announced on the anslagstavla within two days, the
// appeal period of three weeks after which the decision is laga kraft; and
// for every assignment given, its verkställighet and report-back by its due
// date. A template declares them with `started_by: meeting_decisions` or
// `started_by: assignments` (annual_cycle.h); this unit expands them into
// step instances like the planner's, which the scheduler reminds and escalates.
//
// Pure and deterministic: no clock, no I/O. Thread-safe.
#pragma once

#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/domain_state.h"
#include "arshjul/engine/plan.h"

namespace arshjul::engine {

// What starts steps: a meeting at which an organ recorded at least one
// decision (assignment empty), or an assignment given.
struct StartTrigger {
  std::string organ;  // the meeting's organ; the organ that gave the assignment
  Date date;          // the meeting; the day the assignment was given (its decision's meeting)
  std::string assignment;  // the assignment's id; empty for a meeting
  std::string to_organ, to_role;  // an assignment: given to
  Date due{};                     // an assignment: its due date
  friend bool operator==(const StartTrigger&, const StartTrigger&) = default;
  friend auto operator<=>(const StartTrigger&, const StartTrigger&) = default;
};

// The trigger of a meeting at which `organ` recorded decisions.
StartTrigger MeetingTrigger(std::string organ, Date date);

// Every (organ, meeting date) of the recorded decisions, sorted, each once.
std::vector<StartTrigger> MeetingsWithDecisions(const DomainState& state);
// MeetingsWithDecisions, then every assignment given (by id): everything
// that starts a step.
std::vector<StartTrigger> StartTriggers(const DomainState& state);

// The instances of the template's started steps for the triggers whose
// meeting (an assignment: due date) lies in [first_year, last_year]:
//  - ids "<meeting year>/<step id>/<organ>/<meeting date>", for an
//    assignment "<due year>/<step id>/<organ>/<assignment id>" where organ is
//    the one that gave it (`self`) or the one it was given to (`assignee`);
//  - a `start: true` deadline counts from the meeting (the day the assignment
//    was given), `due: true` from the assignment's due date, a `step:` deadline
//    from that step's instance for the same meeting (its deadline, or with
//    `of: completion` its completion once recorded: after_completion_of);
//    offsets are the planner's (weeks and months per Lag (1930:173) 1 §), and
//    statutory steps move to the next working day (2 §);
//  - the responsible role is the first of the step's roles held for the organ
//    on the deadline (else the first listed; `assignee`: the assignment's
//    role); escalations without a role go to its superior; depends_on names
//    the anchor step's instance; an assignment's steps are completed by its
//    report (Completion::assignment).
std::vector<StepInstance> StartedInstances(const AnnualCycleTemplate& tmpl, const Organization& org,
                                           const std::vector<StartTrigger>& triggers, int first_year, int last_year);

}  // namespace arshjul::engine
