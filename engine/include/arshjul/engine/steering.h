// Queries over SteeringState for uppsikt: the findings the steering below the
// nämnd raises (late activities, goals without their yearly dialogue) and a
// per-organ summary of activities, grunduppdrag and kvalitetsfaktorer.
// Computed, never recorded. Pure functions of (state, today); thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/oversight.h"

namespace arshjul::engine {

// activity_late: an activity past its date that is neither klar nor stoppad.
// goal_dialogue_missing (opt-in rule dialogue.per_goal_and_year, Grästorp):
// a goal of a year that has ended with no dialogue held on it that year.
void AppendSteeringFindings(const DomainState& state, Date today, std::vector<Finding>& out);

// An activity's status on `today`: its reported status, or "late" when past
// its date and neither done nor stopped (show goals, uppsikt).
std::string ActivityStatusOn(const DomainState& state, const ActivityRow& activity, Date today);

struct SteeringSummary {
  int activities = 0, activities_done = 0, activities_late = 0;
  bool basic_mission = false;
  int quality_factors = 0, quality_indicators = 0, quality_indicators_on_target = 0;
  int dialogues = 0, analyses = 0;
};
SteeringSummary SummarizeSteering(const DomainState& state, const std::string& organ, Date today);

// An indicator's latest measurement with a value (a missing one is never read as 0), or null.
const Measurement* LatestValue(const IndicatorRow& indicator);
// Whether that measurement meets the indicator's target.
bool OnTarget(const IndicatorRow& indicator);

// The goals of `year`: outcome goals set for it and strategic goals in force in it.
std::vector<std::string> GoalsOfYear(const DomainState& state, int year);

}  // namespace arshjul::engine
