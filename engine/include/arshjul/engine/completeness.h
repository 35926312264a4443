// Completeness findings over the goal tree: whether what a nämnd prioritised
// is followed through, measured and truthfully assessed (issue 9, item 6).
// Each is a finding kommunstyrelsen sees in uppsikt, never a refusal: the
// goal, indicator or assessment is recorded as given. Each has its switch in
// the organisation file's `rules:` (on unless the kommun turns it off;
// docs/organization-format.md):
//
//   rule goal.activity_or_indicator → goal_without_follow_through:
//     an outcome goal (effektmål / prioriterat utvecklingsmål), from 1 January
//     of its year, with neither an activity nor an indicator under it;
//   rule indicator.first_measurement → indicator_never_measured:
//     an indicator with no measurement at all once the first period it is due
//     for has ended and indicator.overdue_grace_days have passed (later periods
//     are indicator_overdue's, oversight.h);
//   rule assessment.analysis → assessment_without_analysis:
//     a follow-up that assesses (met, partly_met, not_met) without an analysis;
//   rule assessment.consistent_with_indicators → assessment_contradicts_indicator:
//     a follow-up that assesses a goal "met" while one of the goal's
//     quantitative indicators misses its target, or "not_met" while every one
//     measured meets it — judged on each indicator's latest value for a period
//     ending on or before the follow-up's period end.
//
// Computed from the state and `today` only, so a state replayed as of a date
// gives that date's findings. Pure functions; thread-compatible.
#pragma once

#include <string_view>
#include <vector>

#include "arshjul/engine/oversight.h"

namespace arshjul::engine {

void AppendCompletenessFindings(const DomainState& state, Date today, std::vector<Finding>& out);

// Whether a finding kind is one of the four above (uppsikt shows them per organ).
bool IsCompletenessFinding(std::string_view kind);

// The end of the first period `indicator` is due for: the calendar period
// (month, quarter, tertial, half year, year) containing the day it was
// defined, or 1 January of its outcome goal's year when that is later.
Date FirstDuePeriodEnd(const DomainState& state, const IndicatorRow& indicator);

}  // namespace arshjul::engine
