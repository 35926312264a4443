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

const char* AssessmentValueName(AssessmentValue value) {
  switch (value) {
    case AssessmentValue::kMet: return "met";
    case AssessmentValue::kPartlyMet: return "partly_met";
    case AssessmentValue::kNotMet: return "not_met";
  }
  return "met";
}

std::optional<AssessmentValue> ParseAssessmentValue(std::string_view name) {
  for (auto v : {AssessmentValue::kMet, AssessmentValue::kPartlyMet, AssessmentValue::kNotMet}) {
    if (name == AssessmentValueName(v)) return v;
  }
  return std::nullopt;
}

const char* ControlResultName(ControlResult result) {
  switch (result) {
    case ControlResult::kNotPerformed: return "";
    case ControlResult::kOk: return "ok";
    case ControlResult::kDeviation: return "deviation";
  }
  return "";
}

std::optional<ControlResult> ParseControlResult(std::string_view name) {
  if (name == "ok") return ControlResult::kOk;
  if (name == "deviation") return ControlResult::kDeviation;
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
