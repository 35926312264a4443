// AnnualCycleTemplate: an årshjul as configuration — which steps recur every
// year, who is responsible, and the rule that dates each step — before it is
// expanded for one year and one Organization by the planner (planner.h).
//
// Value types, built by workflows/template_loader.h from YAML (the format is
// described there) or directly in code, plus ValidateTemplate,
// the checks that need the whole template but no Organization. Pure;
// value types are thread-compatible, functions thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/plan.h"
#include "arshjul/storage/status.h"

namespace arshjul::engine {

// Swedish general elections are held every fourth year since 1994 (2026,
// 2030, …): year % 4 == 2. The newly elected KF's term starts 15 October.
bool IsElectionYear(int year);

// A day of the year written "MM-DD". Always a date that exists in every year
// (29 February is refused by the loader).
struct MonthDay {
  int month = 1;
  int day = 1;
  friend bool operator==(const MonthDay&, const MonthDay&) = default;
};

// Organ selectors a step may name besides an organ id.
inline constexpr std::string_view kSelectCouncil = "council";
inline constexpr std::string_view kSelectExecutiveBoard = "executive_board";
inline constexpr std::string_view kSelectEveryCommittee = "every_committee";
inline constexpr std::string_view kSelectEveryCompany = "every_company";
inline constexpr std::string_view kSelectEverySubcommittee = "every_subcommittee";
// In a meeting rule: the organ of the instance being planned.
inline constexpr std::string_view kSelectSelf = "self";
// StepTemplate::started_by: the meeting at which an organ recorded decisions.
inline constexpr std::string_view kStartedByMeetingDecisions = "meeting_decisions";
// StepTemplate::started_by: an assignment given (AssignmentGiven).
inline constexpr std::string_view kStartedByAssignments = "assignments";
// In a step an assignment starts: the organ (responsible.organ) or role
// (responsible.role) the assignment was given to; `self` is the organ that gave it.
inline constexpr std::string_view kSelectAssignee = "assignee";

// Who does a step: one instance per organ the selectors name (an organ named
// twice counts once), done by the first role in `roles` that someone holds
// for that organ on the deadline. A role is held "for an organ" when held for
// it or for an administration reporting to it.
struct Responsible {
  std::vector<std::string> organs;  // organ ids and selectors
  std::vector<std::string> roles;   // role ids, most preferred first
  friend bool operator==(const Responsible&, const Responsible&) = default;
};

// How a deadline is dated: an anchor, then an offset, then an adjustment.
enum class AnchorKind {
  kDate,            // month/day (month 0: each repeated month; day past its end: its last day)
  kLastWorkingDay,  // the last working day of `month` (0: each repeated month)
  kMeeting,         // the nth meeting of an organ in a month
  kStep,            // another step's deadline, or its completion
  kPeriodEnd,       // the last day of the period the step covers
  kStarted,         // the date of the event that started the step (StepTemplate::started_by)
  kDue,             // the due date of the assignment that started the step (started_by: assignments)
};

struct MeetingRef {
  std::string organ;  // organ id, kSelectSelf, kSelectCouncil or kSelectExecutiveBoard
  int month = 0;      // 1–12; 0: the repeated month
  int nth = 1;        // 1 = first, 2 = second …; -1 = last, -2 = second last …
  // The preliminary date used while the organ has no meeting at all in the
  // year (its sammanträdesplan is not yet decided), e.g. 15 March or the
  // statutory date. Without one such a year cannot be planned.
  std::optional<MonthDay> fallback;
  friend bool operator==(const MeetingRef&, const MeetingRef&) = default;
};

struct DeadlineRule {
  AnchorKind anchor = AnchorKind::kDate;
  MonthDay date;          // kDate (date.month 0 in repeated steps)
  int month = 0;          // kLastWorkingDay
  int year_offset = 0;    // kDate, kLastWorkingDay, kMeeting: years after the planned year
  MeetingRef meeting;     // kMeeting
  std::string step;       // kStep: the other step's id
  bool from_completion = false;  // kStep: count from its completion, not its deadline
  DateOffset offset;
  // How a non-working day is handled; unset: kLater for statutory steps
  // (Lag 1930:173), kNone for a kommun's own dates.
  std::optional<DayAdjustment> adjust;
  friend bool operator==(const DeadlineRule&, const DeadlineRule&) = default;
};

// The period a step covers (reports): fixed days of the year, or, in repeated
// steps, the repeated month or the month before it.
struct PeriodRule {
  enum class Kind { kFixed, kMonth, kPreviousMonth };
  Kind kind = Kind::kFixed;
  MonthDay from;
  MonthDay to;
  int year_offset = 0;  // kFixed: -1 for last year (the årsredovisning)
  friend bool operator==(const PeriodRule&, const PeriodRule&) = default;
};

enum class YearFilter { kEveryYear, kElectionYears, kOtherYears };

// In an election year, a step whose deadline falls before the new KF's term
// starts is done again by the newly elected KF: a second instance with its
// own step id, title, deadline and legal basis (the June-model budget, decided
// again in November).
struct ElectionYearRedo {
  MonthDay term_starts{10, 15};
  std::string step_id;
  std::string title;
  DeadlineRule deadline;
  std::string legal_basis;
  friend bool operator==(const ElectionYearRedo&, const ElectionYearRedo&) = default;
};

struct StepTemplate {
  std::string id;
  std::string title;  // Swedish
  StepKind kind = StepKind::kReport;
  Responsible responsible;
  DeadlineRule deadline;
  std::optional<PeriodRule> period;
  std::vector<int> repeat_months;  // empty: once a year; else one instance per month listed (1–12)
  YearFilter years = YearFilter::kEveryYear;
  std::vector<ReminderOffset> reminders;
  std::vector<Escalation> escalations;  // an empty to_role: the responsible role's superior
  std::string legal_basis;
  std::vector<std::string> depends_on;  // step ids
  std::string completion_event = "StepCompleted";
  // completion DecisionRecorded: what the matching decision decides (budget,
  // annual_report, discharge …, as RecordDecision's `decides`); empty: any.
  std::string decides;
  bool statutory = false;
  std::optional<ElectionYearRedo> election_year;
  // Empty: a step of the calendar, planned every year. kStartedByMeetingDecisions:
  // a deadline an event starts (started_steps.h) — one instance per organ and
  // meeting at which decisions were recorded, dated from the meeting (kStarted)
  // or from another started step; never planned by the calendar planner.
  // kStartedByAssignments: one instance per assignment given, dated from its
  // due date (kDue) or the day it was given (kStarted).
  std::string started_by;
  // Where the step and its fields were written ("file:line"), for messages.
  std::string source;
  std::map<std::string, std::string> field_sources;  // by field path, e.g. "deadline"
  friend bool operator==(const StepTemplate&, const StepTemplate&) = default;
};

struct AnnualCycleTemplate {
  std::string id;    // "standard", "exempelkommun"
  std::string name;  // Swedish display name
  std::vector<std::string> sources;  // the files it was read from, the extended one first
  std::vector<StepTemplate> steps;   // in template order, ids unique

  const StepTemplate* FindStep(std::string_view step_id) const;
  friend bool operator==(const AnnualCycleTemplate&, const AnnualCycleTemplate&) = default;
};

// Where a step's field was written: "file:line" or the step's own source.
std::string SourceOf(const StepTemplate& step, std::string_view field);

// The checks that need no Organization: ids unique and non-empty; titles,
// organs and roles given; every step named in depends_on or a deadline rule
// exists; neither depends_on nor deadline references form a cycle; a
// period-end deadline has a period; month and previous-month periods and
// month-0 rules only in repeated steps; month-days exist. InvalidArgument
// with a Swedish message "file:line: steps[id].field: what is wrong" and
// field() = "steps[id].field"; the first error in template order.
Status ValidateTemplate(const AnnualCycleTemplate& tmpl);

}  // namespace arshjul::engine
