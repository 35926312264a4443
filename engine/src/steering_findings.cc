// Findings and summaries of the steering below the nämnd (steering.h).
#include <set>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/steering.h"

namespace arshjul::engine {
namespace {

void ActivityFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  for (const auto& [id, a] : st.activities) {
    if (ActivityStatusOn(st, a, today) != "late") continue;
    out.push_back({"activity_late", a.organ, id,
                   "Aktiviteten '" + a.title + "' skulle vara genomförd senast " + ToString(a.due) +
                       " och är inte rapporterad som klar eller stoppad"});
  }
}

// The goal-years that have a dialogue held on them.
std::set<std::string> GoalYearsWithDialogue(const DomainState& st) {
  std::set<std::string> out;
  for (const auto& [id, d] : st.steering.dialogues)
    for (const std::string& goal : d.goal_ids) out.insert(GoalYearKey(goal, static_cast<int>(d.held_on.year())));
  return out;
}

std::string GoalOrgan(const DomainState& st, const std::string& goal) {
  if (auto it = st.outcome_goals.find(goal); it != st.outcome_goals.end()) return it->second.organ;
  if (auto it = st.strategic_goals.find(goal); it != st.strategic_goals.end()) return it->second.organ;
  return {};
}

// Grästorp: "Dialogerna i utskotten genomförs minst en gång per mål och år".
void GoalDialogueFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  if (!st.org.RuleOptedIn("dialogue.per_goal_and_year")) return;
  const std::set<std::string> held = GoalYearsWithDialogue(st);
  std::set<int> years;
  for (const auto& [id, g] : st.outcome_goals) years.insert(g.year);
  for (const auto& [id, g] : st.strategic_goals)
    for (int y = g.period_from ? static_cast<int>(g.period_from->year()) : 0;
         g.period_from && g.period_to && y <= static_cast<int>(g.period_to->year()); ++y)
      years.insert(y);
  for (int year : years) {
    if (year >= static_cast<int>(today.year())) continue;  // the year has not ended
    for (const std::string& goal : GoalsOfYear(st, year)) {
      const std::string key = GoalYearKey(goal, year);
      if (held.count(key)) continue;
      std::string organ = GoalOrgan(st, goal);
      for (const auto& [plan_key, plan] : st.steering.goal_dialogue_plans)
        if (plan_key.second == key) organ = plan.organ;
      out.push_back({"goal_dialogue_missing", organ, key,
                     "Ingen dialog hölls om målet " + goal + " under " + std::to_string(year) +
                         " (minst en gång per mål och år)"});
    }
  }
}

}  // namespace

std::vector<std::string> GoalsOfYear(const DomainState& st, int year) {
  std::vector<std::string> out;
  for (const auto& [id, g] : st.strategic_goals) {
    if (!g.period_from || !g.period_to) continue;
    if (static_cast<int>(g.period_from->year()) <= year && year <= static_cast<int>(g.period_to->year())) out.push_back(id);
  }
  for (const auto& [id, g] : st.outcome_goals)
    if (g.year == year) out.push_back(id);
  return out;
}

std::string ActivityStatusOn(const DomainState& st, const ActivityRow& a, Date today) {
  auto it = st.steering.activity_progress.find(a.id);
  const ActivityStatus status = it == st.steering.activity_progress.end() ? ActivityStatus::kNotStarted : it->second.status;
  if (status == ActivityStatus::kDone || status == ActivityStatus::kStopped) return ActivityStatusName(status);
  if (a.due < today) return "late";
  return ActivityStatusName(status);
}

void AppendSteeringFindings(const DomainState& state, Date today, std::vector<Finding>& out) {
  ActivityFindings(state, today, out);
  GoalDialogueFindings(state, today, out);
}

const Measurement* LatestValue(const IndicatorRow& ind) {
  const Measurement* latest = nullptr;
  for (const Measurement& m : ind.measurements)
    if (!m.missing && (!latest || latest->period_end <= m.period_end)) latest = &m;
  return latest;
}

bool OnTarget(const IndicatorRow& ind) {
  const Measurement* m = LatestValue(ind);
  if (!m) return false;
  return ind.higher_is_better ? m->value >= ind.target : m->value <= ind.target;
}

SteeringSummary SummarizeSteering(const DomainState& st, const std::string& organ, Date today) {
  SteeringSummary s;
  for (const auto& [id, a] : st.activities) {
    if (a.organ != organ) continue;
    ++s.activities;
    const std::string status = ActivityStatusOn(st, a, today);
    s.activities_done += status == "done";
    s.activities_late += status == "late";
  }
  s.basic_mission = st.steering.basic_missions.count(organ) > 0;
  for (const auto& [id, f] : st.steering.quality_factors) s.quality_factors += f.organ == organ;
  for (const auto& [id, q] : st.steering.quality_indicators) {
    auto ind = st.indicators.find(id);
    if (ind == st.indicators.end() || ind->second.organ != organ) continue;
    ++s.quality_indicators;
    s.quality_indicators_on_target += OnTarget(ind->second);
  }
  for (const auto& [id, d] : st.steering.dialogues) s.dialogues += d.organ == organ;
  for (const auto& [id, a] : st.steering.analyses) s.analyses += a.organ == organ;
  return s;
}

}  // namespace arshjul::engine
