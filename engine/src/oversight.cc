#include "arshjul/engine/oversight.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/completeness.h"
#include "arshjul/engine/steering.h"
#include "arshjul/engine/swedish_format.h"

namespace arshjul::engine {
namespace {

int IntParam(const DomainState& st, const char* rule, const char* key, int fallback) {
  auto it = st.org.rules.find(rule);
  if (it == st.org.rules.end()) return fallback;
  auto p = it->second.params.find(key);
  if (p == it->second.params.end()) return fallback;
  try {
    return std::stoi(p->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string Kronor(double v) { return SwedishMnkr(v); }

void AssignmentFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  for (const auto& [id, a] : st.assignments) {
    if (AssignmentStatusOn(a, today) == "late") {
      out.push_back({"assignment_late", a.from_organ, id,
                     "Uppdraget '" + a.text + "' skulle återrapporteras senast " + ToString(a.due)});
    }
  }
}

// A deficit must be recovered within the next N years (default 2) unless KF
// has granted an exception (Tranemo).
void DeficitFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  int years = IntParam(st, "deficit.recovery_years", "years", 2);
  int this_year = static_cast<int>(today.year());
  for (const auto& [key, o] : st.outcomes) {
    if (o.Result() >= 0 || st.deficit_exceptions.count(key)) continue;
    if (o.year + years >= this_year) continue;  // the recovery window is still open
    double recovered = 0;
    for (int y = o.year + 1; y <= o.year + years; ++y) {
      auto later = st.outcomes.find(OrganYearKey(o.organ, y));
      if (later != st.outcomes.end()) recovered += later->second.Result();
    }
    if (recovered + o.Result() < 0) {
      out.push_back({"deficit_not_recovered", o.organ, key,
                     "Underskottet " + Kronor(o.Result()) + " för " + std::to_string(o.year) +
                         " har inte återställts inom " + std::to_string(years) + " år och KF har inte beslutat om undantag"});
    }
  }
}

void IndicatorFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  int grace = IntParam(st, "indicator.overdue_grace_days", "days", 30);
  for (const auto& [id, ind] : st.indicators) {
    if (ind.measurements.empty()) continue;
    Date due = NextPeriodEnd(ind.measurements.back().period_end, ind.periodicity);
    Date overdue_from{std::chrono::sys_days(due) + std::chrono::days(grace)};
    if (today > overdue_from) {
      out.push_back({"indicator_overdue", ind.organ, id,
                     "Indikatorn '" + ind.name + "' har inte mätts för perioden som slutade " + ToString(due)});
    }
  }
}

// A delegationsbeslut is anmält at the delegating organ's next meeting.
void DelegationFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  for (const auto& [id, d] : st.delegated_decisions) {
    const Organ* organ = st.org.FindOrgan(d.organ);
    if (!organ) continue;
    Date earliest{std::chrono::sys_days(d.decided_on) + std::chrono::days(7)};
    for (const Date& m : organ->meetings) {
      if (m < earliest || m > today) continue;
      if (!d.reported_on || *d.reported_on > m) {
        out.push_back({"delegated_decision_not_reported", d.organ, id,
                       "Delegationsbeslutet '" + d.text + "' (" + ToString(d.decided_on) +
                           ") anmäldes inte vid sammanträdet " + ToString(m)});
      }
      break;
    }
  }
}

void ForecastAndControlFindings(const DomainState& st, std::vector<Finding>& out) {
  for (const auto& [key, f] : st.forecasts) {
    if (f.Deviation() >= 0) continue;
    std::string actions;
    for (const auto& a : f.remedial_actions) actions += (actions.empty() ? "" : "; ") + a;
    out.push_back({"negative_forecast", f.organ, key,
                   "Negativ prognos " + Kronor(f.Deviation()) + " (månad " + std::to_string(f.month) + "/" +
                       std::to_string(f.year) + "); åtgärder: " + (actions.empty() ? "inga" : actions)});
  }
  for (const auto& [id, plan] : st.control_plans) {
    for (const auto& [cid, c] : plan.controls) {
      if (c.last_result == ControlResult::kDeviation) {
        out.push_back({"control_deviation", plan.organ, id + "/" + cid,
                       "Avvikelse i kontrollen '" + c.description + "': " + c.last_deviation});
      }
    }
  }
}

// A reminder that could not be delivered to someone, for good (a refused address).
void DeliveryFindings(const DomainState& st, std::vector<Finding>& out) {
  for (const auto& [id, key] : st.undeliverable) {
    auto n = st.notifications.find(id);
    if (n == st.notifications.end()) continue;
    auto d = n->second.deliveries.find(key);
    std::string who = d == n->second.deliveries.end() ? key
                      : d->second.address.empty()    ? d->second.recipient
                                                     : d->second.address;
    std::string error = d == n->second.deliveries.end() ? "" : d->second.last_error;
    out.push_back({"delivery_failed", n->second.organ, id + "/" + key,
                   "Aviseringen '" + n->second.title + "' kunde inte levereras till " + who +
                       (error.empty() ? "" : " (" + error + ")")});
  }
}

// A year the service could not plan (UnplannableYearFinding), for this year and later.
void UnplannableYearFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  for (auto it = st.notifications.lower_bound("wheel/"); it != st.notifications.end(); ++it) {
    const NotificationRow& n = it->second;
    if (n.id.rfind("wheel/", 0) != 0) break;
    if (n.kind != NotificationKind::kFinding || n.id.size() < 17) continue;
    const int year = std::atoi(n.id.c_str() + 6);
    if (year < static_cast<int>(today.year())) continue;
    out.push_back({"wheel_unplannable", n.organ, n.id, n.title});
  }
}

// A kommun decides its meeting plan a year at a time: an organ that meets
// (it has a meeting calendar) but has no meeting in this year or the next
// leaves the årshjul with preliminary dates only (planner.h).
void MeetingPlanFindings(const DomainState& st, Date today, std::vector<Finding>& out) {
  const int this_year = static_cast<int>(today.year());
  for (const auto& [id, organ] : st.org.organs) {
    if (organ.meetings.empty()) continue;
    for (int y : {this_year, this_year + 1}) {
      if (!st.org.MeetingsIn(id, y).empty()) continue;
      out.push_back({"meeting_plan_missing", id, id + "/" + std::to_string(y),
                     "Sammanträdesplan saknas för " + id + " " + std::to_string(y) +
                         ": årshjulets datum för organet är preliminära"});
    }
  }
}

}  // namespace

std::string AssignmentStatusOn(const AssignmentRow& a, Date today) {
  if (a.status == AssignmentStatus::kDone || a.status == AssignmentStatus::kCancelled) {
    return AssignmentStatusName(a.status);
  }
  if (a.due < today) return "late";
  return AssignmentStatusName(a.status);
}

std::vector<Finding> Findings(const DomainState& state, Date today) {
  std::vector<Finding> out;
  AssignmentFindings(state, today, out);
  DeficitFindings(state, today, out);
  IndicatorFindings(state, today, out);
  DelegationFindings(state, today, out);
  ForecastAndControlFindings(state, out);
  DeliveryFindings(state, out);
  MeetingPlanFindings(state, today, out);
  UnplannableYearFindings(state, today, out);
  AppendSteeringFindings(state, today, out);  // steering_findings.cc
  AppendCompletenessFindings(state, today, out);  // completeness_findings.cc
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.organ, a.kind, a.subject) < std::tie(b.organ, b.kind, b.subject);
  });
  return out;
}

OversightSummary Summarize(const DomainState& st, const std::string& organ, Date today) {
  OversightSummary s;
  s.organ = organ;
  if (const Organ* o = st.org.FindOrgan(organ)) s.organ_name = o->name;
  for (const auto& [id, d] : st.decisions) s.decisions += d.organ == organ;
  for (const auto& [id, a] : st.assignments) {
    if (a.from_organ != organ && a.to_organ != organ) continue;
    std::string status = AssignmentStatusOn(a, today);
    if (status == "done") ++s.assignments_done;
    else if (status == "late") ++s.assignments_late;
    else if (status != "cancelled") ++s.assignments_open;
  }
  for (const auto& f : st.forecast_history) {
    if (f.organ == organ && (!s.latest_forecast || std::tie(f.year, f.month) >= std::tie(s.latest_forecast->year, s.latest_forecast->month))) {
      s.latest_forecast = f;
    }
  }
  for (const auto& [id, g] : st.outcome_goals) {
    if (g.organ != organ) continue;
    ++s.goals;
    std::optional<AssessmentValue> v;
    if (g.latest) v = g.latest->value;
    s.goals_met += v == AssessmentValue::kMet;
    s.goals_partly_met += v == AssessmentValue::kPartlyMet;
    s.goals_not_met += v == AssessmentValue::kNotMet;
    s.goals_unassessed += !v;
  }
  for (const auto& [id, i] : st.indicators) s.indicators += i.organ == organ;
  for (const auto& [id, plan] : st.control_plans) {
    if (plan.organ != organ) continue;
    for (const auto& [cid, c] : plan.controls) {
      ++s.controls;
      s.controls_performed += c.last_result != ControlResult::kNotPerformed;
      s.control_deviations += c.deviations;
    }
  }
  for (const auto& r : st.reports) s.reports += r.organ == organ;
  for (auto& f : Findings(st, today))
    if (f.organ == organ) s.findings.push_back(std::move(f));
  return s;
}

}  // namespace arshjul::engine
