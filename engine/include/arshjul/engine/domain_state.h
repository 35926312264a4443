// DomainState: everything the engine knows after replaying a prefix of the
// log — the organisation and every read model (goal tree, decisions per organ,
// assignments, delegations, forecasts, internal control, follow-ups).
//
// Built only by applying recorded events in log order (DomainState::Apply), so
// a state rebuilt from nothing by replay equals the live one (operator==).
// Value type; not thread-safe.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/hash/hash.h>

#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/notification.h"
#include "arshjul/engine/organization.h"
#include "arshjul/engine/risk.h"
#include "arshjul/engine/steering_state.h"
#include "arshjul/storage/event_store.h"

namespace arshjul::engine {

// Where a row came from: the event that last recorded it. Kept in the form
// replay has it (no string built per row, docs/benchmarks.md): the id as 16
// bytes, written as hex only where a view prints it (event_id.ToHex()).
struct Provenance {
  Id128 event_id;
  uint64_t position = 0;
  Timestamp recorded_at{};
  Timestamp effective_at{};
  std::string recorded_by;  // person id
  uint32_t revisions = 0;   // how many later events corrected it
  // "ForecastReported": the event catalog's own name for the type (the catalog
  // is built once and never changes, so the view stays valid).
  std::string_view event_type;
  storage::Hash hash{};  // the event's chain hash
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct DecisionRow {
  std::string id, organ;
  Date meeting_date{};
  std::string minute_item, registry_number, title, text, decides;
  bool concerns_children = false;
  std::string child_best_interest_review, child_impact_assessment_ref;
  Provenance source;
  friend bool operator==(const DecisionRow&, const DecisionRow&) = default;
};

struct DocumentRow {
  std::string id, title, doc_type, decided_by, decision_id, owner, followed_up_by;
  Date adopted_on{};
  std::optional<Date> valid_until, next_revision;  // none: until further notice / not planned
  std::vector<std::string> applies_to;
  std::vector<std::string> revisions;  // "YYYY-MM-DD: summary"
  Provenance source;
  friend bool operator==(const DocumentRow&, const DocumentRow&) = default;
};

// An assignment's reported state; "late" is not stored but judged on a day
// (AssignmentStatusOn in oversight.h).
enum class AssignmentStatus { kOpen, kInProgress, kDone, kCancelled };
const char* AssignmentStatusName(AssignmentStatus status);  // "open", "in_progress", "done", "cancelled"
std::optional<AssignmentStatus> ParseAssignmentStatus(std::string_view name);

struct AssignmentRow {
  std::string id, from_organ, decision_id, to_organ, to_role, via, text, report_back;
  Date due{};
  AssignmentStatus status = AssignmentStatus::kOpen;
  std::optional<Date> reported_on;
  std::string report_text;
  Provenance source;
  Provenance report_source;  // the latest AssignmentReported (position 0: none)
  friend bool operator==(const AssignmentRow&, const AssignmentRow&) = default;
};

struct DelegationRow {
  std::string id, from_organ, to_role, matter, decision_id;
  Date valid_from{};
  std::optional<Date> valid_until;
  Provenance source;
  friend bool operator==(const DelegationRow&, const DelegationRow&) = default;
};

struct DelegatedDecisionRow {
  std::string id, delegation_id, organ, decided_by, text;
  Date decided_on{};
  std::optional<Date> reported_on;
  friend bool operator==(const DelegatedDecisionRow&, const DelegatedDecisionRow&) = default;
};

// How a follow-up judged a goal.
enum class AssessmentValue { kMet, kPartlyMet, kNotMet };
const char* AssessmentValueName(AssessmentValue value);  // "met", "partly_met", "not_met"
std::optional<AssessmentValue> ParseAssessmentValue(std::string_view name);

struct Assessment {
  AssessmentValue value = AssessmentValue::kMet;
  Date period_to{};
  std::string analysis;
  std::string follow_up_id;
  friend bool operator==(const Assessment&, const Assessment&) = default;
};

struct StrategicGoalRow {
  std::string id, organ, vision_id, direction, title;
  std::optional<Date> period_from, period_to;
  std::optional<Assessment> latest;
  Provenance source;
  friend bool operator==(const StrategicGoalRow&, const StrategicGoalRow&) = default;
};

struct OutcomeGoalRow {
  std::string id, organ, title, target_group, effect;
  int year = 0;
  std::vector<std::string> strategic_goal_ids, change_theory;
  std::vector<std::string> priority_reasons;  // skälen till att prioritera effektmålet (Trelleborg)
  std::optional<Assessment> latest;
  Provenance source;
  friend bool operator==(const OutcomeGoalRow&, const OutcomeGoalRow&) = default;
};

struct ActivityRow {
  std::string id, goal_id, organ, title, responsible_role;
  Date due{};
  Provenance source;
  friend bool operator==(const ActivityRow&, const ActivityRow&) = default;
};

struct Measurement {
  Date period_end{};
  double value = 0;  // meaningless when missing
  std::string comment;
  std::string gender;    // Kolada's T (total), K, M; empty for the kommun's own measurements
  bool missing = false;  // the source had no value (Kolada: null or a status); never read as 0
  Provenance source;
  friend bool operator==(const Measurement&, const Measurement&) = default;
};

enum class IndicatorMethod { kQuantitative, kQualitative };
const char* IndicatorMethodName(IndicatorMethod method);  // "quantitative", "qualitative"
std::optional<IndicatorMethod> ParseIndicatorMethod(std::string_view name);
// How often an indicator is measured.
enum class Periodicity { kMonthly, kQuarterly, kTertial, kHalfYear, kYearly };
const char* PeriodicityName(Periodicity periodicity);  // "monthly", …, "half_year", "yearly"
std::optional<Periodicity> ParsePeriodicity(std::string_view name);
int PeriodMonths(Periodicity periodicity);  // 1, 3, 4, 6, 12
// The end of the period after the one ending `period_end`: a month end is
// followed by a month end (30 June, half-yearly → 31 December), another day
// by the same day number, or the month's last day when it has no such day.
Date NextPeriodEnd(Date period_end, Periodicity periodicity);

struct IndicatorRow {
  std::string id, goal_id, organ, name;
  IndicatorMethod method = IndicatorMethod::kQuantitative;
  Periodicity periodicity = Periodicity::kYearly;
  std::string unit, kolada_kpi;
  double target = 0;
  bool higher_is_better = true;
  std::vector<Measurement> measurements;  // in (period, gender) order
  Provenance source;
  friend bool operator==(const IndicatorRow&, const IndicatorRow&) = default;
};

struct FollowUpRow {
  std::string id, organ, kind;
  std::optional<Date> period_from;
  Date period_to{};
  std::string goal_id;
  std::optional<AssessmentValue> assessment;
  std::string analysis;
  Provenance source;
  friend bool operator==(const FollowUpRow&, const FollowUpRow&) = default;
};

struct ReportRow {
  std::string organ, kind;
  std::optional<Date> period_from, period_to;
  Date submitted_on{};
  std::string to_organ, decision_id;
  friend bool operator==(const ReportRow&, const ReportRow&) = default;
};

struct ForecastRow {
  std::string organ;
  int year = 0, month = 0;
  double budget = 0, forecast = 0;
  std::vector<std::string> remedial_actions;
  Provenance source;
  double Deviation() const { return budget - forecast; }  // negative: a deficit is forecast
  friend bool operator==(const ForecastRow&, const ForecastRow&) = default;
};

struct OutcomeRow {
  std::string organ;
  int year = 0;
  double budget = 0, outcome = 0;
  Provenance source;
  double Result() const { return budget - outcome; }  // negative: a deficit
  friend bool operator==(const OutcomeRow&, const OutcomeRow&) = default;
};

// The outcome of an internal control's latest performance.
enum class ControlResult { kNotPerformed, kOk, kDeviation };
const char* ControlResultName(ControlResult result);  // "", "ok", "deviation"
std::optional<ControlResult> ParseControlResult(std::string_view name);  // "ok" or "deviation"

struct ControlRow {
  std::string id, risk_id, description, responsible_role, frequency;
  ControlResult last_result = ControlResult::kNotPerformed;
  std::optional<Date> last_performed_on;
  std::string last_deviation, last_action;
  int deviations = 0;
  Provenance last_source;  // the latest ControlPerformed (position 0: none)
  friend bool operator==(const ControlRow&, const ControlRow&) = default;
};

struct ControlPlanRow {
  std::string id, organ, decision_id;
  int year = 0;
  std::vector<RiskRow> risks;  // in the plan's order (payload risks[i])
  std::map<std::string, ControlRow> controls;
  Provenance source;
  friend bool operator==(const ControlPlanRow&, const ControlPlanRow&) = default;
};

// An API token or feed key as issued (never its text: only its SHA-256).
struct TokenRow {
  std::string id, person, hash, scope;  // scope: "api" or "feed:<organ or role>"
  Date expires{};
  bool revoked = false;
  Provenance source;
  friend bool operator==(const TokenRow&, const TokenRow&) = default;
};

// The årshjul the kommun adopted (AnnualCycleAdopted): its template files as
// texts, read into a template by workflows/ (the engine does not parse YAML).
struct AdoptedCycle {
  std::string template_id, name, main_path;
  std::vector<std::pair<std::string, std::string>> files;  // path → text, the adopted file first
  Provenance source;
  friend bool operator==(const AdoptedCycle&, const AdoptedCycle&) = default;
};

// Hashes an event id for DomainState::event_ids: its two 64-bit halves through
// Abseil's mixing (test ids are often sequential, so no half is used as is).
struct Id128Hash {
  size_t operator()(const Id128& id) const {
    uint64_t half[2];
    std::memcpy(half, id.bytes.data(), sizeof half);
    return absl::Hash<std::pair<uint64_t, uint64_t>>{}({half[0], half[1]});
  }
};

struct DomainState {
  Organization org;
  std::optional<AdoptedCycle> annual_cycle;  // the latest adopted
  std::map<std::string, DecisionRow> decisions;
  std::map<std::string, DocumentRow> documents;
  std::map<std::string, AssignmentRow> assignments;
  std::map<std::string, DelegationRow> delegations;
  std::map<std::string, DelegatedDecisionRow> delegated_decisions;
  std::map<std::string, std::string> visions;  // id → text
  std::map<std::string, StrategicGoalRow> strategic_goals;
  std::map<std::string, OutcomeGoalRow> outcome_goals;
  std::map<std::string, ActivityRow> activities;
  std::map<std::string, IndicatorRow> indicators;
  std::map<std::string, FollowUpRow> follow_ups;
  std::vector<ReportRow> reports;
  std::map<std::string, double> budget_frames;  // "organ/year" → amount
  std::map<std::string, ForecastRow> forecasts;  // latest per "organ/year"
  std::vector<ForecastRow> forecast_history;
  std::map<std::string, OutcomeRow> outcomes;  // "organ/year"
  std::set<std::string> deficit_exceptions;     // "organ/year"
  std::map<std::string, ControlPlanRow> control_plans;
  SteeringState steering;  // below the nämnd: activity follow-up, grunduppdrag, analyses, dialogues (steering_state.h)
  std::set<std::string> kolada_responses;  // "organ/sha256" of every KoladaResponseFetched
  std::map<std::string, std::string> completed_steps;  // instance id → completed on
  // Events that can complete an årshjul step, by CompletionFactKey(event type,
  // organ, period end) → the date: a report submitted for a period, a
  // follow-up of a period, an internal control plan for a year.
  // Looked up by exact key only, so hashed: an ordered map compared keys that
  // share a long prefix ("FollowUpRecorded|…") at every level (docs/benchmarks.md).
  absl::flat_hash_map<std::string, std::string> completion_facts;
  // The meeting dates of recorded decisions, by CompletionFactKey("DecisionRecorded",
  // organ, period end) and CompletionFactKey("DecisionRecorded/<decides>", …):
  // what completes a step whose completion is DecisionRecorded (scheduler.h).
  absl::flat_hash_map<std::string, std::set<Date>> decision_dates;
  // The ids of every entity-recording event, for corrections: 16-byte keys in
  // an open-addressing set (hex strings in nodes were a quarter of a replay,
  // docs/benchmarks.md).
  absl::flat_hash_set<Id128, Id128Hash> event_ids;
  uint64_t events_applied = 0;
  uint64_t events_ignored = 0;  // types the engine does not know (e.g. demo events)
  std::optional<uint64_t> last_position;
  // The notification outbox (notification.h; docs/scheduler.md): every notification by id, the ids
  // with a delivery still pending or retrying, and the (id, delivery key) pairs refused for good.
  std::map<std::string, NotificationRow> notifications;
  std::set<std::string> open_notifications;
  std::set<std::pair<std::string, std::string>> undeliverable;
  // Access (access.h): tokens by id and their ids by hash, Argon2id password
  // hashes by person, and how many authentication failures were recorded.
  std::map<std::string, TokenRow> tokens;
  std::map<std::string, std::string> token_ids_by_hash;
  std::map<std::string, std::string> password_hashes;
  uint64_t authentication_failures = 0;

  // Applies one recorded event. Corruption when a known type's payload does not decode.
  Status Apply(const storage::RecordedEvent& event);
  friend bool operator==(const DomainState&, const DomainState&) = default;
};

std::string OrganYearKey(std::string_view organ, int year);
std::string CompletionFactKey(std::string_view event_type, std::string_view organ, std::string_view period_end);

}  // namespace arshjul::engine
