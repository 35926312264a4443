// DomainState::Apply: one recorded event into the read models, through the
// catalog's apply for its type; and the keys the read models are indexed by.
#include "arshjul/engine/domain_state.h"

#include "arshjul/engine/event_catalog.h"

namespace arshjul::engine {

const char* AssignmentStatusName(AssignmentStatus status) {
  switch (status) {
    case AssignmentStatus::kOpen: return "open";
    case AssignmentStatus::kInProgress: return "in_progress";
    case AssignmentStatus::kDone: return "done";
    case AssignmentStatus::kCancelled: return "cancelled";
  }
  return "open";
}

std::optional<AssignmentStatus> ParseAssignmentStatus(std::string_view name) {
  for (auto s : {AssignmentStatus::kOpen, AssignmentStatus::kInProgress, AssignmentStatus::kDone,
                 AssignmentStatus::kCancelled}) {
    if (name == AssignmentStatusName(s)) return s;
  }
  return std::nullopt;
}

std::string OrganYearKey(std::string_view organ, int year) { return std::string(organ) + "/" + std::to_string(year); }

std::string CompletionFactKey(std::string_view event_type, std::string_view organ, std::string_view period_end) {
  std::string k(event_type);
  k += '|';
  k += organ;
  k += '|';
  k += period_end;
  return k;
}

Status DomainState::Apply(const storage::RecordedEvent& event) {
  last_position = event.position;
  const EventSpec* spec = FindByEventType(event.type);
  if (!spec) {
    ++events_ignored;
    return Status::Ok();
  }
  EventMeta meta{event};
  Status st = spec->apply(*this, meta, event.payload);
  if (!st.ok()) return st.WithContext("position " + std::to_string(event.position) + " (" + event.type + ")");
  ++events_applied;
  return Status::Ok();
}

}  // namespace arshjul::engine
