#include "arshjul/engine/started_steps.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {
namespace {

std::string RoleFor(const StepTemplate& s, const Organization& org, const std::string& organ, Date on) {
  for (const std::string& role : s.responsible.roles)
    if (!org.Holders(role, organ, on).empty()) return role;
  return s.responsible.roles.empty() ? std::string() : s.responsible.roles.front();
}

std::vector<Escalation> EscalationsFor(const StepTemplate& s, const Organization& org, const std::string& role) {
  std::vector<Escalation> out = s.escalations;
  auto it = org.roles.find(role);
  const std::string superior = it == org.roles.end() ? "" : it->second.superior;
  for (Escalation& e : out)
    if (!e.oversight_finding && e.to_role.empty()) e.to_role = superior;
  return out;
}

// The instance of one started step for one meeting; `done` holds the
// instances already made for the meeting, by step id.
StepInstance Instance(const AnnualCycleTemplate& tmpl, const StepTemplate& s, const Organization& org,
                      const StartTrigger& t, const std::map<std::string, StepInstance>& done) {
  StepInstance inst;
  const std::string date = ToString(t.date);
  const bool goal = t.started_by == kStartedByGoalDialogues;
  const std::string goal_id = t.subject.substr(0, t.subject.find('/'));
  inst.id = std::to_string(static_cast<int>(t.date.year())) + "/" + s.id + "/" + t.organ + "/" + (goal ? goal_id : date);
  inst.step_id = s.id;
  inst.template_id = tmpl.id;
  inst.title = s.title + (goal ? " (mål " + goal_id + ")" : " (sammanträdet " + date + ")");
  if (goal) inst.completion.subject = t.subject;
  inst.kind = s.kind;
  inst.organ = t.organ;
  inst.year = static_cast<int>(t.date.year());
  inst.legal_basis = s.legal_basis;
  inst.statutory = s.statutory;
  inst.reminders = s.reminders;
  inst.completion.event_type = s.completion_event;
  const DeadlineRule& rule = s.deadline;
  const DayAdjustment adjust = rule.adjust.value_or(s.statutory ? DayAdjustment::kLater : DayAdjustment::kNone);
  Date anchor = t.date;
  if (rule.anchor == AnchorKind::kStep) {
    const StepInstance& from = done.at(rule.step);
    anchor = from.deadline;
    inst.depends_on = {from.id};
    if (rule.from_completion) inst.after_completion_of = CompletionAnchor{from.id, rule.offset, adjust};
  }
  inst.deadline = Adjust(ApplyOffset(anchor, rule.offset), adjust);
  inst.responsible_role = RoleFor(s, org, t.organ, inst.deadline);
  inst.escalations = EscalationsFor(s, org, inst.responsible_role);
  return inst;
}

// Started steps in an order where each comes after the step it counts from.
std::vector<const StepTemplate*> StartedOrder(const AnnualCycleTemplate& tmpl, std::string_view started_by) {
  std::vector<const StepTemplate*> order;
  std::set<std::string> placed;
  bool progress = true;
  while (progress) {
    progress = false;
    for (const StepTemplate& s : tmpl.steps) {
      if (s.started_by != started_by || placed.count(s.id)) continue;
      if (s.deadline.anchor == AnchorKind::kStep && !placed.count(s.deadline.step)) continue;
      order.push_back(&s);
      placed.insert(s.id);
      progress = true;
    }
  }
  return order;
}

}  // namespace

std::vector<StartTrigger> MeetingsWithDecisions(const DomainState& state) {
  std::set<StartTrigger> out;
  for (const auto& [id, d] : state.decisions) out.insert(StartTrigger{d.organ, d.meeting_date});
  std::vector<StartTrigger> all(out.begin(), out.end());
  for (const auto& [key, plan] : state.steering.goal_dialogue_plans)
    all.push_back(StartTrigger{plan.organ, plan.planned_on, kStartedByGoalDialogues, key.second});
  return all;
}

std::vector<StepInstance> StartedInstances(const AnnualCycleTemplate& tmpl, const Organization& org,
                                           const std::vector<StartTrigger>& triggers, int first_year, int last_year) {
  const std::map<std::string, std::vector<const StepTemplate*>> orders = {
      {std::string(kStartedByMeetingDecisions), StartedOrder(tmpl, kStartedByMeetingDecisions)},
      {std::string(kStartedByGoalDialogues), StartedOrder(tmpl, kStartedByGoalDialogues)}};
  std::vector<StepInstance> out;
  for (const StartTrigger& t : triggers) {
    const int y = static_cast<int>(t.date.year());
    auto order = orders.find(t.started_by);
    if (order == orders.end() || y < first_year || y > last_year || org.FindOrgan(t.organ) == nullptr) continue;
    std::map<std::string, StepInstance> done;
    for (const StepTemplate* s : order->second) {
      StepInstance inst = Instance(tmpl, *s, org, t, done);
      out.push_back(inst);
      done.emplace(s->id, std::move(inst));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const StepInstance& a, const StepInstance& b) { return a.deadline < b.deadline; });
  return out;
}

}  // namespace arshjul::engine
