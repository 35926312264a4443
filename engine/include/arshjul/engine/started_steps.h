// Steps started by events: deadlines a recorded decision starts rather than
// the calendar (Kommunallagen) — the protokoll justerat within 14 days of the
// meeting, the justering announced on the anslagstavla within two days, the
// appeal period of three weeks after which the decision is laga kraft, then
// verkställighet. A template declares them with `started_by:
// meeting_decisions` (annual_cycle.h); this unit expands them into step
// instances like the planner's, which the scheduler reminds and escalates.
//
// Pure and deterministic: no clock, no I/O. Thread-safe.
#pragma once

#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/domain_state.h"
#include "arshjul/engine/plan.h"

namespace arshjul::engine {

// What starts a step: a meeting at which an organ recorded at least one
// decision (started_by meeting_decisions), or a dialogue an organ planned on
// a goal for a date (started_by goal_dialogues; `subject` is "<goal>/<year>").
struct StartTrigger {
  StartTrigger() = default;
  StartTrigger(std::string organ_id, Date on, std::string_view by = kStartedByMeetingDecisions,
               std::string about = {})
      : organ(std::move(organ_id)), date(on), started_by(by), subject(std::move(about)) {}
  std::string organ;
  Date date;
  std::string started_by = std::string(kStartedByMeetingDecisions);
  std::string subject;
  friend bool operator==(const StartTrigger&, const StartTrigger&) = default;
  friend auto operator<=>(const StartTrigger&, const StartTrigger&) = default;
};

// Every (organ, meeting date) of the recorded decisions, sorted, each once,
// followed by every planned goal dialogue (GoalDialoguePlanned).
std::vector<StartTrigger> MeetingsWithDecisions(const DomainState& state);

// The instances of the template's started steps for the triggers whose
// meeting lies in [first_year, last_year]:
//  - ids "<meeting year>/<step id>/<organ>/<meeting date>"; for a planned
//    goal dialogue "<year>/<step id>/<organ>/<goal>", completed by the
//    DialogueHeld on that goal in that year (Completion::subject);
//  - a `start: true` deadline counts from the meeting, a `step:` deadline
//    from that step's instance for the same meeting (its deadline, or with
//    `of: completion` its completion once recorded: after_completion_of);
//    offsets are the planner's (weeks and months per Lag (1930:173) 1 §), and
//    statutory steps move to the next working day (2 §);
//  - the responsible role is the first of the step's roles held for the organ
//    on the deadline (else the first listed); escalations without a role go
//    to its superior; depends_on names the anchor step's instance.
std::vector<StepInstance> StartedInstances(const AnnualCycleTemplate& tmpl, const Organization& org,
                                           const std::vector<StartTrigger>& triggers, int first_year, int last_year);

}  // namespace arshjul::engine
