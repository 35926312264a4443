// The planner: expands an årshjul template for one year and one kommun's
// Organization into dated step instances (plan.h), which the scheduler turns
// into reminders and escalations and `arshjul plan` prints.
//
// Pure and deterministic: no clock, no I/O; the same inputs give the same
// instances, ids and order. Thread-safe.
#pragma once

#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/organization.h"
#include "arshjul/engine/plan.h"
#include "arshjul/storage/status.h"

namespace arshjul::engine {

// The planned year's instances of every step of `tmpl`:
//
//  - one instance per organ the step's responsible selectors name, and per
//    repeated month; steps limited to election years (or to other years) only
//    in those; an election-year redo (annual_cycle.h) as a second instance;
//  - the deadline is the rule's anchor moved by its offset and then adjusted:
//    statutory steps to the next working day (StatutoryDeadline), "last
//    working day" anchors are working days already (found backwards);
//    a step-relative rule counts from the other step's instance for the same
//    organ (and month), else from the latest of its instances;
//  - the responsible role is the first of the step's roles held for the organ
//    on the deadline; escalations without a role go to its superior;
//  - depends_on names the other step's instance for the same organ (and
//    month) when there is one, else all of its instances;
//  - ids are "<year>/<step id>/<organ>" with "/<period end>" added when the
//    step covers a period; the result is sorted by deadline, then template
//    order, then organ, then id.
//
// Errors are InvalidArgument naming the step and field ("steps[id].field")
// and where the template says it, in Swedish: a year outside 1995–9998, an
// invalid template (ValidateTemplate), an unknown organ, a meeting rule for
// a month without such a meeting, a step-relative rule whose step has no
// instance, and a role nobody holds for the organ on the deadline.
Result<std::vector<StepInstance>> Plan(const AnnualCycleTemplate& tmpl, const Organization& org, int year);

}  // namespace arshjul::engine
