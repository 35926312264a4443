// The names of SteeringState's enums and its keys (steering_state.h).
#include "arshjul/engine/steering_state.h"

namespace arshjul::engine {
namespace {

struct StatusName {
  ActivityStatus status;
  const char* name;
  const char* swedish;
};
constexpr StatusName kStatuses[] = {
    {ActivityStatus::kNotStarted, "not_started", "ej påbörjad"},
    {ActivityStatus::kInProgress, "in_progress", "pågår"},
    {ActivityStatus::kDone, "done", "klar"},
    {ActivityStatus::kStopped, "stopped", "stoppad"},
};

}  // namespace

const char* ActivityStatusName(ActivityStatus status) {
  for (const auto& s : kStatuses)
    if (s.status == status) return s.name;
  return "not_started";
}

const char* ActivityStatusSv(ActivityStatus status) {
  for (const auto& s : kStatuses)
    if (s.status == status) return s.swedish;
  return "ej påbörjad";
}

std::optional<ActivityStatus> ParseActivityStatus(std::string_view name) {
  for (const auto& s : kStatuses)
    if (name == s.name) return s.status;
  return std::nullopt;
}

std::string GoalYearKey(std::string_view goal_id, int year) { return std::string(goal_id) + "/" + std::to_string(year); }

}  // namespace arshjul::engine
