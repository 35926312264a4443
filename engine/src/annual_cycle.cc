#include "arshjul/engine/annual_cycle.h"

#include <chrono>
#include <functional>
#include <set>

#include "annual_cycle_internal.h"

namespace arshjul::engine {

namespace {

bool MonthDayExists(MonthDay md) {
  if (md.month < 1 || md.month > 12 || md.day < 1) return false;
  // 2027 is not a leap year: a month-day valid in it is valid every year.
  return std::chrono::year_month_day{std::chrono::year{2027}, std::chrono::month(static_cast<unsigned>(md.month)),
                                     std::chrono::day(static_cast<unsigned>(md.day))}
      .ok();
}

// The steps a step points at through `edges`, as indices into tmpl.steps.
using EdgeFn = std::function<std::vector<std::string>(const StepTemplate&)>;

// "a → b → a" for the first cycle found walking the steps in template order,
// or "" when there is none; `at` is set to the step where it was found.
std::string FindCycle(const AnnualCycleTemplate& tmpl, const EdgeFn& edges, size_t* at) {
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> mark(tmpl.steps.size(), Mark::kNew);
  std::vector<size_t> path;
  std::string cycle;
  std::function<bool(size_t)> visit = [&](size_t i) {
    mark[i] = Mark::kOnPath;
    path.push_back(i);
    for (const std::string& next_id : edges(tmpl.steps[i])) {
      const StepTemplate* next = tmpl.FindStep(next_id);
      if (next == nullptr) continue;
      const size_t j = static_cast<size_t>(next - tmpl.steps.data());
      if (mark[j] == Mark::kOnPath) {
        size_t k = 0;
        while (path[k] != j) ++k;
        for (; k < path.size(); ++k) cycle += tmpl.steps[path[k]].id + " → ";
        cycle += tmpl.steps[j].id;
        return true;
      }
      if (mark[j] == Mark::kNew && visit(j)) return true;
    }
    path.pop_back();
    mark[i] = Mark::kDone;
    return false;
  };
  for (size_t i = 0; i < tmpl.steps.size(); ++i) {
    if (mark[i] == Mark::kNew && visit(i)) {
      *at = i;
      return cycle;
    }
  }
  return "";
}

std::vector<std::string> DeadlineRefs(const StepTemplate& s) {
  std::vector<std::string> out;
  if (s.deadline.anchor == AnchorKind::kStep) out.push_back(s.deadline.step);
  if (s.election_year && s.election_year->deadline.anchor == AnchorKind::kStep)
    out.push_back(s.election_year->deadline.step);
  return out;
}

Status CheckRule(const AnnualCycleTemplate& tmpl, const StepTemplate& s, const DeadlineRule& rule,
                 const std::string& field) {
  const bool repeated = !s.repeat_months.empty();
  switch (rule.anchor) {
    case AnchorKind::kDate:
      if (rule.date.month == 0 && !repeated)
        return StepError(s, field + ".day_of_month", "dag i månaden kräver ett steg som upprepas (repeat)");
      if (rule.date.month != 0 && !MonthDayExists(rule.date))
        return StepError(s, field + ".date", "datumet finns inte");
      break;
    case AnchorKind::kLastWorkingDay:
      if ((rule.month == 0 && !repeated) || rule.month < 0 || rule.month > 12)
        return StepError(s, field + ".last_working_day", "månaden måste vara 1–12 (month bara i steg som upprepas)");
      break;
    case AnchorKind::kMeeting:
      if (rule.meeting.organ.empty()) return StepError(s, field + ".meeting.organ", "organ saknas");
      if ((rule.meeting.month == 0 && !repeated) || rule.meeting.month < 0 || rule.meeting.month > 12)
        return StepError(s, field + ".meeting.month", "månaden måste vara 1–12");
      if (rule.meeting.nth == 0) return StepError(s, field + ".meeting.nth", "nth får inte vara 0");
      break;
    case AnchorKind::kStep:
      if (tmpl.FindStep(rule.step) == nullptr)
        return StepError(s, field + ".step", "okänt steg '" + rule.step + "'");
      if (rule.step == s.id) return StepError(s, field + ".step", "ett steg kan inte räknas från sig självt");
      break;
    case AnchorKind::kPeriodEnd:
      if (!s.period) return StepError(s, field + ".period_end", "periodens slut kräver att steget har en period");
      break;
    case AnchorKind::kStarted:
      if (s.started_by.empty())
        return StepError(s, field + ".start", "start gäller bara steg som startas av en händelse (started_by)");
      break;
    case AnchorKind::kDue:
      if (s.started_by != kStartedByAssignments)
        return StepError(s, field + ".due", "due gäller bara steg som startas av uppdrag (started_by: assignments)");
      break;
  }
  if (rule.anchor == AnchorKind::kStep) {
    const StepTemplate* other = tmpl.FindStep(rule.step);
    if (other->started_by != s.started_by)
      return StepError(s, field + ".step",
                       s.started_by.empty() ? "steget '" + rule.step + "' startas av en händelse och har inget datum i kalendern"
                                            : "ett steg som startas av en händelse räknas från starten eller ett annat sådant steg");
  }
  return Status::Ok();
}

// A step started by an event: a known trigger, no calendar fields.
Status CheckStarted(const AnnualCycleTemplate& tmpl, const StepTemplate& s) {
  if (s.started_by.empty()) {
    for (const std::string& dep : s.depends_on) {
      const StepTemplate* other = tmpl.FindStep(dep);
      if (other && !other->started_by.empty())
        return StepError(s, "depends_on", "steget '" + dep + "' startas av en händelse och har inget datum i kalendern");
    }
    return Status::Ok();
  }
  if (s.started_by != kStartedByMeetingDecisions && s.started_by != kStartedByAssignments)
    return StepError(s, "started_by", "okänd start '" + s.started_by + "' (tillåten: meeting_decisions, assignments)");
  if (s.period || !s.repeat_months.empty() || s.election_year || s.years != YearFilter::kEveryYear)
    return StepError(s, "started_by", "ett steg som startas av en händelse har ingen period, repeat, years eller election_year");
  if (s.deadline.anchor != AnchorKind::kStarted && s.deadline.anchor != AnchorKind::kStep &&
      s.deadline.anchor != AnchorKind::kDue)
    return StepError(s, "deadline", "ett steg som startas av en händelse räknas från starten (start: true), uppdragets slutdatum (due: true) eller ett annat sådant steg");
  return Status::Ok();
}

Status CheckPeriod(const StepTemplate& s) {
  if (!s.period) return Status::Ok();
  if (s.period->kind != PeriodRule::Kind::kFixed) {
    if (s.repeat_months.empty()) return StepError(s, "period", "månadsperiod kräver ett steg som upprepas (repeat)");
    return Status::Ok();
  }
  if (!MonthDayExists(s.period->from)) return StepError(s, "period.from", "datumet finns inte");
  if (!MonthDayExists(s.period->to)) return StepError(s, "period.to", "datumet finns inte");
  return Status::Ok();
}

Status CheckStep(const AnnualCycleTemplate& tmpl, const StepTemplate& s) {
  if (s.title.empty()) return StepError(s, "title", "titel saknas");
  if (s.responsible.organs.empty()) return StepError(s, "responsible.organ", "organ saknas");
  if (s.responsible.roles.empty()) return StepError(s, "responsible.role", "roll saknas");
  for (int m : s.repeat_months)
    if (m < 1 || m > 12) return StepError(s, "repeat", "månaden måste vara 1–12");
  ARSHJUL_RETURN_IF_ERROR(CheckPeriod(s));
  ARSHJUL_RETURN_IF_ERROR(CheckRule(tmpl, s, s.deadline, "deadline"));
  ARSHJUL_RETURN_IF_ERROR(CheckStarted(tmpl, s));
  if (!s.decides.empty() && s.completion_event != "DecisionRecorded")
    return StepError(s, "decides", "decides gäller bara steg som avslutas av ett beslut (completion: DecisionRecorded)");
  if (s.election_year) {
    if (s.election_year->step_id.empty() || tmpl.FindStep(s.election_year->step_id) != nullptr)
      return StepError(s, "election_year.id", "valårets steg behöver ett eget, oanvänt id");
    if (!MonthDayExists(s.election_year->term_starts))
      return StepError(s, "election_year.term_starts", "datumet finns inte");
    ARSHJUL_RETURN_IF_ERROR(CheckRule(tmpl, s, s.election_year->deadline, "election_year.deadline"));
  }
  for (const std::string& dep : s.depends_on) {
    if (tmpl.FindStep(dep) == nullptr) return StepError(s, "depends_on", "okänt steg '" + dep + "'");
  }
  return Status::Ok();
}

}  // namespace

Status StepError(const StepTemplate& step, std::string_view field, std::string_view message) {
  std::string path = "steps[" + step.id + "]";
  if (!field.empty()) path += "." + std::string(field);
  const std::string where = SourceOf(step, field);
  std::string text = where.empty() ? "" : where + ": ";
  text += path + ": " + std::string(message);
  return Status::InvalidArgument(std::move(text), path);
}

bool IsElectionYear(int year) { return year >= 1994 && year % 4 == 2; }

const StepTemplate* AnnualCycleTemplate::FindStep(std::string_view step_id) const {
  for (const StepTemplate& s : steps)
    if (s.id == step_id) return &s;
  return nullptr;
}

std::string SourceOf(const StepTemplate& step, std::string_view field) {
  std::string key(field);
  while (!key.empty()) {
    auto it = step.field_sources.find(key);
    if (it != step.field_sources.end()) return it->second;
    const size_t dot = key.rfind('.');
    key = dot == std::string::npos ? "" : key.substr(0, dot);
  }
  return step.source;
}

Status ValidateTemplate(const AnnualCycleTemplate& tmpl) {
  std::set<std::string> seen;
  for (const StepTemplate& s : tmpl.steps) {
    if (s.id.empty()) return Status::InvalidArgument(s.source + ": ett steg saknar id", "steps");
    if (!seen.insert(s.id).second) return StepError(s, "id", "steget finns två gånger");
  }
  for (const StepTemplate& s : tmpl.steps) ARSHJUL_RETURN_IF_ERROR(CheckStep(tmpl, s));
  size_t at = 0;
  std::string cycle = FindCycle(tmpl, [](const StepTemplate& s) { return s.depends_on; }, &at);
  if (!cycle.empty()) return StepError(tmpl.steps[at], "depends_on", "beroendena bildar en cykel: " + cycle);
  cycle = FindCycle(tmpl, DeadlineRefs, &at);
  if (!cycle.empty())
    return StepError(tmpl.steps[at], "deadline.step", "tidsfristerna räknas från varandra i en cykel: " + cycle);
  return Status::Ok();
}

}  // namespace arshjul::engine
