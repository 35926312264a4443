#include "arshjul/engine/started_steps.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {
namespace {

// A step's role ids with `assignee` read as the assignment's role.
std::vector<std::string> Roles(const StepTemplate& s, const StartTrigger& t) {
  std::vector<std::string> out = s.responsible.roles;
  for (std::string& role : out)
    if (role == kSelectAssignee) role = t.to_role;
  return out;
}

std::string RoleFor(const std::vector<std::string>& roles, const Organization& org, const std::string& organ, Date on) {
  for (const std::string& role : roles)
    if (!org.Holders(role, organ, on).empty()) return role;
  return roles.empty() ? std::string() : roles.front();
}

bool Starts(const StepTemplate& s, const StartTrigger& t) { return s.started_by == t.started_by; }

// The organ a started step's instance is for: the trigger's, or for an
// assignment's step naming `assignee`, the organ it was given to.
const std::string& OrganOf(const StepTemplate& s, const StartTrigger& t) {
  const bool assignee = !t.assignment.empty() && !s.responsible.organs.empty() && s.responsible.organs.front() == kSelectAssignee;
  return assignee ? t.to_organ : t.organ;
}

int YearOf(const StartTrigger& t) { return static_cast<int>((t.assignment.empty() ? t.date : t.due).year()); }

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
  const std::string& organ = OrganOf(s, t);
  const bool goal = t.started_by == kStartedByGoalDialogues;
  const std::string goal_id = t.subject.substr(0, t.subject.find('/'));
  inst.year = YearOf(t);
  inst.id = std::to_string(inst.year) + "/" + s.id + "/" + organ + "/" +
            (goal ? goal_id : t.assignment.empty() ? date : t.assignment);
  inst.step_id = s.id;
  inst.template_id = tmpl.id;
  inst.title = s.title + (goal                   ? " (mål " + goal_id + ")"
                          : t.assignment.empty() ? " (sammanträdet " + date + ")"
                                                 : " (uppdrag " + t.assignment + ")");
  if (goal) inst.completion.subject = t.subject;
  inst.kind = s.kind;
  inst.organ = organ;
  inst.legal_basis = s.legal_basis;
  inst.statutory = s.statutory;
  inst.reminders = s.reminders;
  inst.completion.event_type = s.completion_event;
  inst.completion.decides = s.decides;
  inst.completion.assignment = t.assignment;
  const DeadlineRule& rule = s.deadline;
  const DayAdjustment adjust = rule.adjust.value_or(s.statutory ? DayAdjustment::kLater : DayAdjustment::kNone);
  Date anchor = rule.anchor == AnchorKind::kDue ? t.due : t.date;
  if (rule.anchor == AnchorKind::kStep) {
    const StepInstance& from = done.at(rule.step);
    anchor = from.deadline;
    inst.depends_on = {from.id};
    if (rule.from_completion) inst.after_completion_of = CompletionAnchor{from.id, rule.offset, adjust};
  }
  inst.deadline = Adjust(ApplyOffset(anchor, rule.offset), adjust);
  inst.responsible_role = RoleFor(Roles(s, t), org, organ, inst.deadline);
  inst.escalations = EscalationsFor(s, org, inst.responsible_role);
  return inst;
}

// Started steps in an order where each comes after the step it counts from.
std::vector<const StepTemplate*> StartedOrder(const AnnualCycleTemplate& tmpl) {
  std::vector<const StepTemplate*> order;
  std::set<std::string> placed;
  bool progress = true;
  while (progress) {
    progress = false;
    for (const StepTemplate& s : tmpl.steps) {
      if (s.started_by.empty() || placed.count(s.id)) continue;
      if (s.deadline.anchor == AnchorKind::kStep && !placed.count(s.deadline.step)) continue;
      order.push_back(&s);
      placed.insert(s.id);
      progress = true;
    }
  }
  return order;
}

}  // namespace

StartTrigger MeetingTrigger(std::string organ, Date date) {
  StartTrigger t;
  t.organ = std::move(organ);
  t.date = date;
  return t;
}

std::vector<StartTrigger> MeetingsWithDecisions(const DomainState& state) {
  std::set<StartTrigger> out;
  for (const auto& [id, d] : state.decisions) out.insert(MeetingTrigger(d.organ, d.meeting_date));
  std::vector<StartTrigger> all(out.begin(), out.end());
  for (const auto& [key, plan] : state.steering.goal_dialogue_plans) {
    StartTrigger t = MeetingTrigger(plan.organ, plan.planned_on);
    t.started_by = kStartedByGoalDialogues;
    t.subject = key.second;
    all.push_back(std::move(t));
  }
  return all;
}

std::vector<StartTrigger> StartTriggers(const DomainState& state) {
  std::vector<StartTrigger> out = MeetingsWithDecisions(state);
  for (const auto& [id, a] : state.assignments) {
    StartTrigger t = MeetingTrigger(a.from_organ, a.due);
    t.started_by = kStartedByAssignments;
    t.assignment = id;
    t.to_organ = a.to_organ;
    t.to_role = a.to_role;
    t.due = a.due;
    auto decision = state.decisions.find(a.decision_id);
    if (decision != state.decisions.end()) t.date = decision->second.meeting_date;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<StepInstance> StartedInstances(const AnnualCycleTemplate& tmpl, const Organization& org,
                                           const std::vector<StartTrigger>& triggers, int first_year, int last_year) {
  const std::vector<const StepTemplate*> order = StartedOrder(tmpl);
  std::vector<StepInstance> out;
  if (order.empty()) return out;
  for (const StartTrigger& t : triggers) {
    const int y = YearOf(t);
    if (y < first_year || y > last_year || org.FindOrgan(t.organ) == nullptr) continue;
    std::map<std::string, StepInstance> done;
    for (const StepTemplate* s : order) {
      if (!Starts(*s, t) || org.FindOrgan(OrganOf(*s, t)) == nullptr) continue;
      // A step counting from another needs that step's instance for the same trigger.
      if (s->deadline.anchor == AnchorKind::kStep && !done.count(s->deadline.step)) continue;
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
