// SteeringState: the read models of the seeds' steering below the nämnd —
// activity follow-up, grunduppdrag, kvalitetsfaktorer and their indicators,
// analyses (omvärldsanalys, nulägesanalys, nulägeskarta, nulägeskoll) and
// their handover, verksamhetsplaner, dialogues and planned goal dialogues.
// A member of DomainState, built only by applying events (events_steering.cc,
// events_analyses.cc, events_dialogues.cc). Value types; not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arshjul/engine/organization.h"
#include "arshjul/engine/risk.h"

namespace arshjul::engine {

// An activity's follow-up status.
enum class ActivityStatus { kNotStarted, kInProgress, kDone, kStopped };
const char* ActivityStatusName(ActivityStatus status);  // "not_started", "in_progress", "done", "stopped"
const char* ActivityStatusSv(ActivityStatus status);    // "ej påbörjad", "pågår", "klar", "stoppad"
std::optional<ActivityStatus> ParseActivityStatus(std::string_view name);

// The latest follow-up of one activity.
struct ActivityProgress {
  ActivityStatus status = ActivityStatus::kNotStarted;
  int progress = 0;  // per cent
  Date reported_on{};
  std::optional<Date> completed_on;  // the report that set it done
  std::string output, result, comment;  // utfall, resultat, comment
  friend bool operator==(const ActivityProgress&, const ActivityProgress&) = default;
};

struct BasicMissionRow {
  std::string organ, mission, purpose, target_group;
  std::vector<std::string> governing_document_ids;
  std::optional<Date> valid_from;
  friend bool operator==(const BasicMissionRow&, const BasicMissionRow&) = default;
};

struct QualityFactorRow {
  std::string id, organ, name, description;
  friend bool operator==(const QualityFactorRow&, const QualityFactorRow&) = default;
};

// What a kvalitetsindikator adds to its IndicatorRow (DomainState::indicators).
struct QualityIndicatorRow {
  std::string id, quality_factor_id, measurement_method, routine;
  friend bool operator==(const QualityIndicatorRow&, const QualityIndicatorRow&) = default;
};

struct HandoverRow {
  std::string to_organ, decision_id;
  Date handed_over_on{};
  friend bool operator==(const HandoverRow&, const HandoverRow&) = default;
};

struct AnalysisRow {
  std::string id, organ, kind, title, content;  // kind: omvarldsanalys, nulagesanalys, nulageskarta, nulageskoll
  int year = 0;
  std::vector<std::string> based_on, links;
  std::optional<Date> recorded_on;
  std::vector<HandoverRow> handovers;
  std::vector<RiskRow> risks;  // a nulägesanalys's strategic risks, in the payload's order
  friend bool operator==(const AnalysisRow&, const AnalysisRow&) = default;
};

struct OperationalPlanRow {
  std::string id, organ, title, decision_id, starts_from;
  int year = 0;
  Date adopted_on{};
  std::vector<std::string> goal_ids;
  friend bool operator==(const OperationalPlanRow&, const OperationalPlanRow&) = default;
};

struct DialogueParticipantRow {
  std::string role, person;
  friend bool operator==(const DialogueParticipantRow&, const DialogueParticipantRow&) = default;
};

struct DialogueRow {
  std::string id, organ, kind;  // kind: operational, vertical, goal
  Date held_on{};
  std::vector<DialogueParticipantRow> participants;
  std::vector<std::string> support_functions, agenda, goal_ids;
  std::string theme, based_on, counterpart_organ, notes;
  friend bool operator==(const DialogueRow&, const DialogueRow&) = default;
};

struct GoalDialoguePlanRow {
  std::string organ, goal_id;
  int year = 0;
  Date planned_on{};
  friend bool operator==(const GoalDialoguePlanRow&, const GoalDialoguePlanRow&) = default;
};

struct SteeringState {
  std::map<std::string, ActivityProgress> activity_progress;  // by activity id
  // An activity's place in the kommun's levels (level → value), by activity id.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> activity_levels;
  std::map<std::string, BasicMissionRow> basic_missions;  // by organ
  std::map<std::string, QualityFactorRow> quality_factors;
  std::map<std::string, QualityIndicatorRow> quality_indicators;
  std::map<std::string, AnalysisRow> analyses;
  std::map<std::string, OperationalPlanRow> operational_plans;
  std::map<std::string, DialogueRow> dialogues;
  // Planned goal dialogues by (organ, "<goal>/<year>").
  std::map<std::pair<std::string, std::string>, GoalDialoguePlanRow> goal_dialogue_plans;
  friend bool operator==(const SteeringState&, const SteeringState&) = default;
};

// "<goal>/<year>": the subject a goal dialogue completes.
std::string GoalYearKey(std::string_view goal_id, int year);

}  // namespace arshjul::engine
