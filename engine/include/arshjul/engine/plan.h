// The årshjul as dated work: templates' steps expanded for one year and organ
// into step instances with deadlines, reminders and escalations.
//
// Value types shared by the planner (which makes StepInstances from templates
// and an Organization) and the scheduler (which turns them into reminders),
// and the few pure date functions both need (ApplyOffset, Adjust,
// DeadlineAfterCompletion). Value types are thread-compatible; the functions
// are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/organization.h"

namespace arshjul::engine {

enum class StepKind { kDecision, kReport, kDialogue, kAnalysis, kPlan };  // beslut, rapport, dialog, analys, plan
const char* StepKindName(StepKind kind);  // Swedish: "beslut", "rapport", "dialog", "analys", "plan"
std::optional<StepKind> ParseStepKind(std::string_view swedish_name);

// A signed distance in the calendar: negative amounts count backwards.
enum class OffsetUnit { kDays, kWorkingDays, kWeeks, kMonths };
struct DateOffset {
  int amount = 0;
  OffsetUnit unit = OffsetUnit::kDays;
  friend bool operator==(const DateOffset&, const DateOffset&) = default;
};

// `date` moved by `offset`: plain days; working days as AddWorkingDays; weeks
// and months as the statutory periods AddWeeks and AddMonths (31 Aug + 2
// months = 31 Oct; 31 Dec + 2 months = the end of February).
Date ApplyOffset(Date date, DateOffset offset);

// What happens to a date that falls on a non-working day: nothing (a kommun's
// own date), moved to the working day before, or to the next working day
// (kLater is Lag 1930:173 2 §, the rule for statutory deadlines).
enum class DayAdjustment { kNone, kEarlier, kLater };
Date Adjust(Date date, DayAdjustment adjustment);

// A deadline that counts from another instance's completion ("two weeks after
// KS has handed over the årsredovisning"). Until that instance is completed
// the planner counts from its deadline instead.
struct CompletionAnchor {
  std::string instance_id;
  DateOffset offset;
  DayAdjustment adjust = DayAdjustment::kNone;
  friend bool operator==(const CompletionAnchor&, const CompletionAnchor&) = default;
};

// The deadline once the anchor's instance was completed on `completed_on`.
Date DeadlineAfterCompletion(const CompletionAnchor& anchor, Date completed_on);

// The period a report covers, e.g. 2027-01-01 – 2027-08-31 for delårsrapport 2.
struct Period {
  Date from;
  Date to;
  friend bool operator==(const Period&, const Period&) = default;
};

// A reminder `days_before` the deadline (negative: after it) at a local Stockholm time.
struct ReminderOffset {
  int days_before = 0;
  int hour = 8;
  int minute = 0;
  friend bool operator==(const ReminderOffset&, const ReminderOffset&) = default;
};

// When a step is overdue by `days_after` days: escalate to `to_role` (the
// responsible role's superior when empty), or record an uppsikt finding for KS.
struct Escalation {
  int days_after = 0;
  std::string to_role;
  bool oversight_finding = false;  // true: an uppsikt finding for the executive board
  friend bool operator==(const Escalation&, const Escalation&) = default;
};

// Which recorded event completes a step instance (StepCompletedOn in
// scheduler.h): an event of `event_type` recorded for the instance's organ
// and period; a DecisionRecorded of the instance's organ that decides
// `decides` for its period (docs/template-format.md, "Completion"); the
// AssignmentReported (done or cancelled) of `assignment`.
struct Completion {
  std::string event_type;  // e.g. "ReportSubmitted"
  std::string decides;     // DecisionRecorded: budget, annual_report, …; empty: any decision of the organ
  std::string assignment;  // a step an assignment started: the assignment's id
  // A completing event dated before this does not count (an election-year
  // redo is completed by the newly elected KF's decision, not June's).
  std::optional<Date> not_before;
  friend bool operator==(const Completion&, const Completion&) = default;
};

struct StepInstance {
  std::string id;         // stable across runs: "<year>/<step id>/<organ>[/<period end>]"
  std::string step_id;    // the template step's id
  std::string template_id;
  std::string title;      // Swedish
  StepKind kind = StepKind::kReport;
  std::string organ;      // organ id
  std::string responsible_role;
  int year = 0;
  Date deadline;
  std::optional<Period> period;
  std::string legal_basis;  // e.g. "KL 11 kap. 8 §"; empty for a kommun's own dates
  bool statutory = false;   // a legal deadline (moves to the next working day per Lag 1930:173)
  std::vector<std::string> depends_on;  // step instance ids
  std::vector<ReminderOffset> reminders;
  std::vector<Escalation> escalations;
  Completion completion;
  // Set when the deadline counts from another instance's completion: the
  // scheduler may move `deadline` to DeadlineAfterCompletion once it is known.
  std::optional<CompletionAnchor> after_completion_of;
  // Dated from a meeting rule's fallback because the organ's meetings for the
  // year are not known yet (or counted from such an instance): every output
  // marks the deadline preliminary and says why.
  bool preliminary = false;
  std::string preliminary_reason;  // Swedish, e.g. "sammanträdesplan saknas för ks 2029"
  friend bool operator==(const StepInstance&, const StepInstance&) = default;
};

}  // namespace arshjul::engine
