#include "arshjul/engine/plan.h"

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {

namespace {
struct KindName {
  StepKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {StepKind::kDecision, "beslut"}, {StepKind::kReport, "rapport"}, {StepKind::kDialogue, "dialog"},
    {StepKind::kAnalysis, "analys"}, {StepKind::kPlan, "plan"},
};
}  // namespace

const char* StepKindName(StepKind kind) {
  for (const auto& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "rapport";
}

std::optional<StepKind> ParseStepKind(std::string_view swedish_name) {
  for (const auto& k : kKindNames)
    if (swedish_name == k.name) return k.kind;
  return std::nullopt;
}

Date ApplyOffset(Date date, DateOffset offset) {
  switch (offset.unit) {
    case OffsetUnit::kDays: return Date{std::chrono::sys_days{date} + std::chrono::days{offset.amount}};
    case OffsetUnit::kWorkingDays: return AddWorkingDays(date, offset.amount);
    case OffsetUnit::kWeeks: return AddWeeks(date, offset.amount);
    case OffsetUnit::kMonths: return AddMonths(date, offset.amount);
  }
  return date;
}

Date Adjust(Date date, DayAdjustment adjustment) {
  switch (adjustment) {
    case DayAdjustment::kNone: return date;
    case DayAdjustment::kEarlier: return PreviousWorkingDay(date);
    case DayAdjustment::kLater: return StatutoryDeadline(date);
  }
  return date;
}

Date DeadlineAfterCompletion(const CompletionAnchor& anchor, Date completed_on) {
  return Adjust(ApplyOffset(completed_on, anchor.offset), anchor.adjust);
}

}  // namespace arshjul::engine
