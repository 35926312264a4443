// DomainState::Apply: one recorded event into the read models, through the
// catalog's apply for its type; and the keys the read models are indexed by.
#include "arshjul/engine/domain_state.h"

#include "arshjul/engine/event_catalog.h"

namespace arshjul::engine {

namespace {

// Each enum's names as stored in payloads and shown by `show`, in one table.
template <typename E>
using Names = std::initializer_list<std::pair<E, const char*>>;

template <typename E>
const char* NameIn(Names<E> names, E value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "";
}

template <typename E>
std::optional<E> ParseIn(Names<E> names, std::string_view text) {
  for (const auto& [e, name] : names)
    if (text == name) return e;
  return std::nullopt;
}

const Names<AssignmentStatus> kAssignmentStatuses = {{AssignmentStatus::kOpen, "open"},
                                                     {AssignmentStatus::kInProgress, "in_progress"},
                                                     {AssignmentStatus::kDone, "done"},
                                                     {AssignmentStatus::kCancelled, "cancelled"}};
const Names<AssessmentValue> kAssessmentValues = {
    {AssessmentValue::kMet, "met"}, {AssessmentValue::kPartlyMet, "partly_met"}, {AssessmentValue::kNotMet, "not_met"}};
const Names<ControlResult> kControlResults = {{ControlResult::kOk, "ok"}, {ControlResult::kDeviation, "deviation"}};
const Names<IndicatorMethod> kIndicatorMethods = {{IndicatorMethod::kQuantitative, "quantitative"},
                                                  {IndicatorMethod::kQualitative, "qualitative"}};
const Names<Periodicity> kPeriodicities = {{Periodicity::kMonthly, "monthly"},
                                           {Periodicity::kQuarterly, "quarterly"},
                                           {Periodicity::kTertial, "tertial"},
                                           {Periodicity::kHalfYear, "half_year"},
                                           {Periodicity::kYearly, "yearly"}};

}  // namespace

const char* AssignmentStatusName(AssignmentStatus status) { return NameIn(kAssignmentStatuses, status); }
std::optional<AssignmentStatus> ParseAssignmentStatus(std::string_view name) {
  return ParseIn(kAssignmentStatuses, name);
}
const char* AssessmentValueName(AssessmentValue value) { return NameIn(kAssessmentValues, value); }
std::optional<AssessmentValue> ParseAssessmentValue(std::string_view name) { return ParseIn(kAssessmentValues, name); }
const char* ControlResultName(ControlResult result) { return NameIn(kControlResults, result); }
std::optional<ControlResult> ParseControlResult(std::string_view name) { return ParseIn(kControlResults, name); }
const char* IndicatorMethodName(IndicatorMethod method) { return NameIn(kIndicatorMethods, method); }
std::optional<IndicatorMethod> ParseIndicatorMethod(std::string_view name) { return ParseIn(kIndicatorMethods, name); }
const char* PeriodicityName(Periodicity periodicity) { return NameIn(kPeriodicities, periodicity); }
std::optional<Periodicity> ParsePeriodicity(std::string_view name) { return ParseIn(kPeriodicities, name); }

int PeriodMonths(Periodicity periodicity) {
  switch (periodicity) {
    case Periodicity::kMonthly: return 1;
    case Periodicity::kQuarterly: return 3;
    case Periodicity::kTertial: return 4;
    case Periodicity::kHalfYear: return 6;
    case Periodicity::kYearly: return 12;
  }
  return 12;
}

Date NextPeriodEnd(Date period_end, Periodicity periodicity) {
  using namespace std::chrono;
  const year_month next = year_month{period_end.year(), period_end.month()} + months{PeriodMonths(periodicity)};
  const Date last_of_month{next / last};
  // A period ending on its month's last day is followed by one that does too (30 June → 31 December).
  if (period_end == Date{year_month{period_end.year(), period_end.month()} / last}) return last_of_month;
  return period_end.day() > last_of_month.day() ? last_of_month : Date{next / period_end.day()};
}

std::string OrganYearKey(std::string_view organ, int year) { return std::string(organ) + "/" + std::to_string(year); }

namespace {
void AppendFactKey(std::string& k, std::string_view event_type, std::string_view organ, std::string_view period_end) {
  k += event_type;
  k += '|';
  k += organ;
  k += '|';
  k += period_end;
}

// The key in a buffer reused across calls: looking up a key recorded before
// (the same step and period, event after event) allocates nothing.
const std::string& FactKeyInBuffer(std::string_view event_type, std::string_view organ, std::string_view period_end) {
  thread_local std::string key;
  key.clear();
  AppendFactKey(key, event_type, organ, period_end);
  return key;
}
}  // namespace

std::string CompletionFactKey(std::string_view event_type, std::string_view organ, std::string_view period_end) {
  std::string k;
  k.reserve(event_type.size() + organ.size() + period_end.size() + 2);  // one allocation
  AppendFactKey(k, event_type, organ, period_end);
  return k;
}

std::string& CompletionFact(DomainState& st, std::string_view event_type, std::string_view organ,
                            std::string_view period_end) {
  return st.completion_facts[FactKeyInBuffer(event_type, organ, period_end)];
}

std::set<Date>& DecisionDates(DomainState& st, std::string_view event_type, std::string_view organ,
                              std::string_view period_end) {
  return st.decision_dates[FactKeyInBuffer(event_type, organ, period_end)];
}

Status DomainState::Apply(const storage::RecordedEvent& event) {
  last_position = event.position;
  const EventSpec* spec = FindByEventType(event.type);
  if (!spec) {
    ++events_ignored;
    return Status::Ok();
  }
  EventMeta meta{event, spec->event_type};
  Status st = spec->apply(*this, meta, event.payload);
  if (!st.ok()) return st.WithContext("position " + std::to_string(event.position) + " (" + event.type + ")");
  ++events_applied;
  return Status::Ok();
}

}  // namespace arshjul::engine
