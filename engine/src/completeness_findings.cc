// Completeness findings over the goal tree (completeness.h).
#include "arshjul/engine/completeness.h"

#include <set>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "report_cells.h"

namespace arshjul::engine {
namespace {

using report::AssessmentWord;
using report::PlainFigure;

std::string GoalTitle(const DomainState& st, const std::string& goal) {
  if (auto it = st.outcome_goals.find(goal); it != st.outcome_goals.end()) return it->second.title;
  if (auto it = st.strategic_goals.find(goal); it != st.strategic_goals.end()) return it->second.title;
  return goal;
}

// "målet 'Fler elever läser' (bun-em-1)"
std::string GoalWords(const DomainState& st, const std::string& goal) {
  return "målet '" + GoalTitle(st, goal) + "' (" + goal + ")";
}

void GoalFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  std::set<std::string> followed;  // goals with an activity or an indicator
  for (const auto& [id, a] : st.activities) followed.insert(a.goal_id);
  for (const auto& [id, i] : st.indicators) followed.insert(i.goal_id);
  for (const auto& [id, g] : st.outcome_goals) {
    if (followed.count(id) || static_cast<int>(today.year()) < g.year) continue;
    out.push_back({"goal_without_follow_through", g.organ, id,
                   "Det prioriterade målet '" + g.title + "' (" + id + ", " + std::to_string(g.year) +
                       ") har varken någon aktivitet eller någon indikator"});
  }
}

void NeverMeasuredFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  int grace = 30;
  try {
    grace = std::stoi(st.org.RuleParam("indicator.overdue_grace_days", "days", "30"));
  } catch (const std::exception&) {
  }
  for (const auto& [id, ind] : st.indicators) {
    if (!ind.measurements.empty()) continue;
    const Date due = FirstDuePeriodEnd(st, ind);
    if (today <= Date{std::chrono::sys_days(due) + std::chrono::days(grace)}) continue;
    out.push_back({"indicator_never_measured", ind.organ, id,
                   "Indikatorn '" + ind.name + "' (" + id + ") har aldrig mätts; den första perioden slutade " +
                       ToString(due)});
  }
}

void AnalysisFindings(const DomainState& st, std::vector<Finding>& out) {
  for (const auto& [id, f] : st.follow_ups) {
    if (!f.assessment || f.analysis.find_first_not_of(" \t\r\n") != std::string::npos) continue;
    std::string what = f.goal_id.empty() ? "" : " av " + GoalWords(st, f.goal_id);
    out.push_back({"assessment_without_analysis", f.organ, id,
                   "Bedömningen '" + AssessmentWord(*f.assessment) + "'" + what + " i uppföljningen " + id +
                       " (t.o.m. " + ToString(f.period_to) + ") saknar analys"});
  }
}

bool Meets(const IndicatorRow& ind, double value) {
  return ind.higher_is_better ? value >= ind.target : value <= ind.target;
}

// The latest value (the total, not a gender's) for a period ending on or before `until`.
const Measurement* ValueUntil(const IndicatorRow& ind, Date until) {
  const Measurement* latest = nullptr;
  for (const Measurement& m : ind.measurements) {
    if (m.missing || m.period_end > until || !(m.gender.empty() || m.gender == "T")) continue;
    if (!latest || latest->period_end <= m.period_end) latest = &m;
  }
  return latest;
}

// "indikatorn 'Andel …' visar 78,4 mot målvärdet 85 (2025-12-31)"
std::string Reading(const IndicatorRow& ind, const Measurement& m) {
  return "indikatorn '" + ind.name + "' visar " + PlainFigure(m.value) + " mot målvärdet " + PlainFigure(ind.target) +
         " (" + ToString(m.period_end) + ")";
}

// The readings that contradict the follow-up's assessment, or none.
std::vector<std::string> Contradictions(const DomainState& st, const FollowUpRow& f) {
  std::vector<std::string> missed, met;
  for (const auto& [id, ind] : st.indicators) {
    if (ind.goal_id != f.goal_id || ind.method != IndicatorMethod::kQuantitative) continue;
    const Measurement* m = ValueUntil(ind, f.period_to);
    if (!m) continue;
    (Meets(ind, m->value) ? met : missed).push_back(Reading(ind, *m));
  }
  if (*f.assessment == AssessmentValue::kMet) return missed;
  if (*f.assessment == AssessmentValue::kNotMet && missed.empty()) return met;
  return {};
}

void ContradictionFindings(const DomainState& st, std::vector<Finding>& out) {
  for (const auto& [id, f] : st.follow_ups) {
    if (!f.assessment || f.goal_id.empty()) continue;
    const std::vector<std::string> readings = Contradictions(st, f);
    if (readings.empty()) continue;
    std::string text = "Uppföljningen " + id + " (t.o.m. " + ToString(f.period_to) + ") bedömer " +
                       GoalWords(st, f.goal_id) + " som " + AssessmentWord(*f.assessment) +
                       (*f.assessment == AssessmentValue::kMet ? ", men " : ", fast ");
    for (size_t i = 0; i < readings.size(); ++i) text += (i ? "; " : "") + readings[i];
    out.push_back({"assessment_contradicts_indicator", f.organ, id, text});
  }
}

}  // namespace

Date FirstDuePeriodEnd(const DomainState& st, const IndicatorRow& ind) {
  using namespace std::chrono;
  Date from = LocalDate(ind.source.effective_at);
  if (auto g = st.outcome_goals.find(ind.goal_id); g != st.outcome_goals.end() &&
                                                   static_cast<int>(from.year()) < g->second.year) {
    from = year{g->second.year} / January / 1;
  }
  const unsigned span = static_cast<unsigned>(PeriodMonths(ind.periodicity));
  const unsigned end_month = ((static_cast<unsigned>(from.month()) - 1) / span + 1) * span;
  return Date{from.year() / month{end_month} / last};
}

bool IsCompletenessFinding(std::string_view kind) {
  return kind == "goal_without_follow_through" || kind == "indicator_never_measured" ||
         kind == "assessment_without_analysis" || kind == "assessment_contradicts_indicator";
}

void AppendCompletenessFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  if (st.org.RuleEnabled("goal.activity_or_indicator")) GoalFindings(st, today, out);
  if (st.org.RuleEnabled("indicator.first_measurement")) NeverMeasuredFindings(st, today, out);
  if (st.org.RuleEnabled("assessment.analysis")) AnalysisFindings(st, out);
  if (st.org.RuleEnabled("assessment.consistent_with_indicators")) ContradictionFindings(st, out);
}

}  // namespace arshjul::engine
