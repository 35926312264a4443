// Oversight (uppsikt) queries over a DomainState: the findings kommunstyrelsen
// needs for its uppsiktsplikt, and a summary per committee or company. These
// are computed, never recorded: a finding is not a refusal.
//
// Pure functions of (state, today); thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arshjul/engine/domain_state.h"

namespace arshjul::engine {

struct Finding {
  std::string kind;     // assignment_late, deficit_not_recovered, indicator_overdue,
                        // delegated_decision_not_reported, negative_forecast, control_deviation,
                        // delivery_failed (a reminder refused for good by an address),
                        // meeting_plan_missing (an organ without meetings this year or next),
                        // wheel_unplannable (serve could not plan the årshjul for a year),
                        // activity_late, goal_dialogue_missing (steering.h),
                        // goal_without_follow_through, indicator_never_measured,
                        // assessment_without_analysis, assessment_contradicts_indicator (completeness.h)
  std::string organ;
  std::string subject;  // the id of what it concerns
  std::string text;     // Swedish, one line
  friend bool operator==(const Finding&, const Finding&) = default;
};

// Every finding kind with its Swedish name ("försenat uppdrag"), in a fixed
// order: the one table the CLI, the reports and the page read (finding_names.cc).
const std::vector<std::pair<std::string, std::string>>& FindingKindNames();
// The Swedish name of a finding kind, or the kind itself when it has none.
std::string FindingKindName(std::string_view kind);

// All findings on `today`, ordered by organ, kind, subject.
std::vector<Finding> Findings(const DomainState& state, Date today);

struct OversightSummary {
  std::string organ;
  std::string organ_name;
  int decisions = 0;
  int assignments_open = 0, assignments_done = 0, assignments_late = 0;
  std::optional<ForecastRow> latest_forecast;
  int goals = 0, goals_met = 0, goals_partly_met = 0, goals_not_met = 0, goals_unassessed = 0;
  int indicators = 0;
  int controls = 0, controls_performed = 0, control_deviations = 0;
  int reports = 0;
  std::vector<Finding> findings;
};

OversightSummary Summarize(const DomainState& state, const std::string& organ, Date today);

// Assignment status on a date: open, in_progress, done, cancelled, or late.
std::string AssignmentStatusOn(const AssignmentRow& a, Date today);

}  // namespace arshjul::engine
