#include "arshjul/engine/scheduler.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "notification_text.h"

namespace arshjul::engine {
namespace {

using std::string;

Date AddDays(Date d, int days) { return Date{std::chrono::sys_days(d) + std::chrono::days(days)}; }

string ReminderId(const StepInstance& s, const ReminderOffset& r) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "/reminder/%dd%02d%02d", r.days_before, r.hour, r.minute);
  return s.id + buf;
}

string EscalationId(const StepInstance& s, const Escalation& e) {
  return s.id + (e.oversight_finding ? "/finding/" : "/escalation/") + std::to_string(e.days_after) + "d";
}

void AddUnique(std::vector<NotificationRecipient>& out, std::vector<NotificationRecipient> more) {
  for (auto& r : more) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.person == r.person; });
    if (!seen) out.push_back(std::move(r));
  }
}

std::vector<NotificationRecipient> Sorted(std::vector<NotificationRecipient> v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.person < b.person; });
  return v;
}

// Holders of `role` in `organ`; failing that, in the administration (where
// kommunchef and ekonomichef sit); failing that, anywhere.
std::vector<NotificationRecipient> SuperiorRecipients(const Organization& org, const string& role,
                                                      const string& organ, Date d) {
  auto found = RoleRecipients(org, role, organ, d);
  if (!found.empty()) return found;
  for (const Organ* o : org.OrgansOfKind(OrganKind::kAdministration)) AddUnique(found, RoleRecipients(org, role, o->id, d));
  if (!found.empty()) return Sorted(found);
  return RoleRecipients(org, role, "", d);
}

// Everyone holding a role in the executive board (KS) on `d`.
std::vector<NotificationRecipient> BoardRecipients(const Organization& org, Date d) {
  std::vector<NotificationRecipient> out;
  string ks = org.ExecutiveBoardId();
  std::set<string> roles;
  for (const auto& h : org.holdings)
    if (h.organ == ks && h.ActiveOn(d)) roles.insert(h.role);
  for (const auto& role : roles) AddUnique(out, RoleRecipients(org, role, ks, d));
  return Sorted(out);
}

string SuperiorOf(const Organization& org, const string& role) {
  auto it = org.roles.find(role);
  return it == org.roles.end() ? string() : it->second.superior;
}

}  // namespace

Timestamp RetryPolicy::NextAttempt(Timestamp failed_at, int attempt) const {
  auto wait = initial;
  for (int i = 1; i < attempt && wait < max_interval; ++i) wait *= 2;
  return failed_at + std::min(wait, max_interval);
}

std::vector<StepInstance> ApplyCompletionAnchors(std::vector<StepInstance> instances, const DomainState& state) {
  for (auto& s : instances) {
    if (!s.after_completion_of) continue;
    auto done = state.completed_steps.find(s.after_completion_of->instance_id);
    if (done == state.completed_steps.end()) continue;
    if (auto on = ParseDate(done->second)) s.deadline = DeadlineAfterCompletion(*s.after_completion_of, *on);
  }
  return instances;
}

// The earliest meeting of a decision matching the instance: its organ, what it
// decides (when the step names it) and its period (a step without one: the
// instance's year), on or after completion.not_before.
std::optional<std::string> DecidedOn(const DomainState& state, const StepInstance& instance) {
  const Completion& c = instance.completion;
  const std::string period_end =
      instance.period ? ToString(instance.period->to) : std::to_string(instance.year) + "-12-31";
  const std::string type = c.decides.empty() ? c.event_type : c.event_type + "/" + c.decides;
  auto it = state.decision_dates.find(CompletionFactKey(type, instance.organ, period_end));
  if (it == state.decision_dates.end()) return std::nullopt;
  auto date = c.not_before ? it->second.lower_bound(*c.not_before) : it->second.begin();
  if (date == it->second.end()) return std::nullopt;
  return ToString(*date);
}

std::optional<std::string> StepCompletedOn(const DomainState& state, const StepInstance& instance) {
  if (auto done = state.completed_steps.find(instance.id); done != state.completed_steps.end()) return done->second;
  const Completion& c = instance.completion;
  if (c.event_type == "DecisionRecorded") return DecidedOn(state, instance);
  if (!c.assignment.empty()) {
    auto fact = state.completion_facts.find(CompletionFactKey(c.event_type, "", c.assignment));
    if (fact != state.completion_facts.end()) return fact->second;
    return std::nullopt;
  }
  // The step's own completion event, recorded for its organ and subject or period.
  if (!instance.completion.subject.empty()) {
    auto fact = state.completion_facts.find(
        CompletionFactKey(instance.completion.event_type, instance.organ, instance.completion.subject));
    if (fact != state.completion_facts.end()) return fact->second;
  }
  // A step without a period (an analysis, a plan): the event for its organ and year.
  if (!instance.period && !instance.completion.event_type.empty()) {
    auto fact = state.completion_facts.find(
        CompletionFactKey(instance.completion.event_type, instance.organ, std::to_string(instance.year)));
    if (fact != state.completion_facts.end()) return fact->second;
  }
  if (instance.period && !instance.completion.event_type.empty()) {
    auto fact = state.completion_facts.find(
        CompletionFactKey(instance.completion.event_type, instance.organ, ToString(instance.period->to)));
    if (fact != state.completion_facts.end()) return fact->second;
  }
  return std::nullopt;
}

bool StepCompletedIn(const DomainState& state, const StepInstance& instance) {
  return StepCompletedOn(state, instance).has_value();
}

std::optional<std::string> Scheduler::CompletedOn(const DomainState& state, const std::string& instance_id) const {
  auto it = index_by_id_.find(instance_id);
  if (it != index_by_id_.end()) return StepCompletedOn(state, instances_[it->second]);
  auto done = state.completed_steps.find(instance_id);
  if (done == state.completed_steps.end()) return std::nullopt;
  return done->second;
}

std::vector<NotificationRecipient> RoleRecipients(const Organization& org, std::string_view role,
                                                  std::string_view organ, Date date) {
  std::vector<NotificationRecipient> out;
  if (role.empty()) return out;
  std::vector<RoleHolding> holders = org.Holders(role, organ, date);
  if (holders.empty() && !organ.empty()) {
    // Held "for an organ" also when held for an administration reporting to it (as the planner reads it).
    for (const Organ* a : org.OrgansOfKind(OrganKind::kAdministration)) {
      if (a->reports_to != organ) continue;
      auto more = org.Holders(role, a->id, date);
      holders.insert(holders.end(), more.begin(), more.end());
    }
  }
  for (const auto& h : holders) {
    auto p = org.people.find(h.person_id);
    NotificationRecipient r{h.person_id, p != org.people.end() ? p->second.email : "",
                            p != org.people.end() ? p->second.name : ""};
    AddUnique(out, {r});
  }
  return Sorted(out);
}

std::string UnplannableYearFindingId(int year) { return "wheel/" + std::to_string(year) + "/unplannable"; }

NotificationRow UnplannableYearFinding(const Organization& org, int year, const std::string& error, Timestamp now,
                                       const std::vector<std::string>& channels) {
  NotificationRow n;
  n.id = UnplannableYearFindingId(year);
  n.instance_id = "wheel/" + std::to_string(year);
  n.organ = org.ExecutiveBoardId();
  n.kind = NotificationKind::kFinding;
  n.fire_at = now;
  n.recipients = BoardRecipients(org, LocalDate(now));
  n.channels = channels;
  n.title = "Årshjulet för " + std::to_string(year) + " kan inte planeras";
  n.subject = "Uppsikt: " + n.title;
  n.body = "Hej!\n\nÅrshjulet kan inte planeras för " + std::to_string(year) +
           ", så inga påminnelser skickas för det året förrän felet är rättat:\n\n" + error +
           "\n\nRätta organisationsfilen (sammanträden, roller) eller årshjulet och registrera det på nytt.\n\n"
           "Detta meddelande skickas automatiskt från årshjulet (arshjul).\n";
  return n;
}

std::string UndeliverableFindingId(std::string_view notification_id, std::string_view key) {
  return std::string(notification_id) + "/undeliverable/" + std::string(key);
}

Scheduler::Scheduler(std::vector<StepInstance> instances, SchedulerOptions options)
    : instances_(std::move(instances)), options_(std::move(options)) {
  std::set<string> ids;
  auto add = [&](AgendaEntry e) {
    // Two offsets naming the same id (a template listing one twice) stay apart.
    string base = e.notification_id;
    for (int n = 2; !ids.insert(e.notification_id).second; ++n) e.notification_id = base + "-" + std::to_string(n);
    agenda_.push_back(std::move(e));
  };
  for (size_t i = 0; i < instances_.size(); ++i) {
    const StepInstance& s = instances_[i];
    index_by_id_.emplace(s.id, i);
    if (!s.deadline.ok()) continue;
    for (size_t r = 0; r < s.reminders.size(); ++r) {
      const ReminderOffset& o = s.reminders[r];
      add({LocalToUtc(AddDays(s.deadline, -o.days_before), o.hour, o.minute), ReminderId(s, o),
           NotificationKind::kReminder, i, r});
    }
    for (size_t k = 0; k < s.escalations.size(); ++k) {
      const Escalation& e = s.escalations[k];
      add({LocalToUtc(AddDays(s.deadline, e.days_after), options_.escalation_hour, options_.escalation_minute),
           EscalationId(s, e), e.oversight_finding ? NotificationKind::kFinding : NotificationKind::kEscalation, i, k});
    }
  }
  std::sort(agenda_.begin(), agenda_.end(), [](const AgendaEntry& a, const AgendaEntry& b) {
    return a.fire_at != b.fire_at ? a.fire_at < b.fire_at : a.notification_id < b.notification_id;
  });
}

bool Scheduler::Settled(const AgendaEntry& e, const DomainState& state) const {
  if (options_.not_before && e.fire_at < *options_.not_before) return true;
  if (state.notifications.count(e.notification_id)) return true;
  return StepCompletedIn(state, instances_[e.instance]);
}

NotificationRow Scheduler::Draft(const AgendaEntry& e, const Organization& org, Timestamp now) const {
  const StepInstance& s = instances_[e.instance];
  Date sent_on = LocalDate(std::max(now, e.fire_at));
  NotificationRow n;
  n.id = e.notification_id;
  n.instance_id = s.id;
  n.organ = s.organ;
  n.kind = e.kind;
  n.fire_at = e.fire_at;
  n.channels = options_.channels;
  n.deadline = ToString(s.deadline);
  n.title = s.title;
  n.late = now - e.fire_at >= options_.late_after;
  NotificationText text;
  switch (e.kind) {
    case NotificationKind::kReminder: {
      n.recipients = RoleRecipients(org, s.responsible_role, s.organ, sent_on);
      // Nobody holds the role that day: the superior is told instead.
      if (n.recipients.empty()) n.recipients = SuperiorRecipients(org, SuperiorOf(org, s.responsible_role), s.organ, sent_on);
      text = ReminderText(org, s, sent_on, n.late, e.fire_at);
      break;
    }
    case NotificationKind::kEscalation: {
      const Escalation& esc = s.escalations[e.offset];
      string to = esc.to_role.empty() ? SuperiorOf(org, s.responsible_role) : esc.to_role;
      n.recipients = SuperiorRecipients(org, to, s.organ, sent_on);
      if (n.recipients.empty()) n.recipients = BoardRecipients(org, sent_on);
      text = EscalationText(org, s, sent_on, n.late, RoleRecipients(org, s.responsible_role, s.organ, sent_on));
      break;
    }
    case NotificationKind::kFinding: {
      const Escalation& esc = s.escalations[e.offset];
      n.recipients = BoardRecipients(org, sent_on);
      if (!esc.to_role.empty()) AddUnique(n.recipients, SuperiorRecipients(org, esc.to_role, org.ExecutiveBoardId(), sent_on));
      text = FindingText(org, s, sent_on, n.late);
      break;
    }
    case NotificationKind::kCheckpoint: break;  // not from the agenda: checkpoint_schedule.h
  }
  n.subject = std::move(text.subject);
  n.body = std::move(text.body);
  return n;
}

SchedulerDecision Scheduler::Decide(const Organization& org, const DomainState& state, Timestamp now) {
  if (memo_position_ && (!state.last_position || *state.last_position < *memo_position_)) settled_ = 0;
  memo_position_ = state.last_position;

  SchedulerDecision out;
  bool prefix = true;
  for (size_t i = settled_; i < agenda_.size() && agenda_[i].fire_at <= now; ++i) {
    const AgendaEntry& e = agenda_[i];
    if (Settled(e, state)) {
      if (prefix) settled_ = i + 1;
      continue;
    }
    prefix = false;
    out.schedule.push_back(Draft(e, org, now));
  }

  // Undelivered notifications of completed steps are cancelled.
  for (const auto& id : state.open_notifications) {
    const NotificationRow& n = state.notifications.at(id);
    if (auto done = CompletedOn(state, n.instance_id)) {
      out.cancel.push_back({id, n.organ, "Steget är klart (" + *done + ")"});
    }
  }

  // A delivery refused for good is an uppsikt finding for KS (but a finding that cannot be delivered is not).
  Date today = LocalDate(now);
  for (const auto& [id, key] : state.undeliverable) {
    const NotificationRow& original = state.notifications.at(id);
    string finding_id = UndeliverableFindingId(id, key);
    if (original.kind == NotificationKind::kFinding || state.notifications.count(finding_id)) continue;
    NotificationRow n;
    n.id = finding_id;
    n.instance_id = original.instance_id;
    n.organ = original.organ;
    n.kind = NotificationKind::kFinding;
    n.fire_at = now;
    n.recipients = BoardRecipients(org, today);
    n.channels = options_.channels;
    n.deadline = original.deadline;
    n.title = original.title;
    NotificationText text = UndeliverableText(org, original, original.deliveries.at(key));
    n.subject = std::move(text.subject);
    n.body = std::move(text.body);
    out.schedule.push_back(std::move(n));
  }
  return out;
}

std::optional<Timestamp> Scheduler::NextWakeUp(const DomainState& state, Timestamp now) const {
  std::optional<Timestamp> next = NextDeliveryAttempt(state, now);
  auto consider = [&](Timestamp t) {
    if (!next || t < *next) next = t;
  };
  for (size_t i = settled_; i < agenda_.size(); ++i) {
    if (Settled(agenda_[i], state)) continue;
    consider(std::max(agenda_[i].fire_at, now));
    break;
  }
  for (const auto& id : state.open_notifications) {
    if (CompletedOn(state, state.notifications.at(id).instance_id)) consider(now);
  }
  for (const auto& [id, key] : state.undeliverable) {
    const NotificationRow& original = state.notifications.at(id);
    if (original.kind != NotificationKind::kFinding && !state.notifications.count(UndeliverableFindingId(id, key))) {
      consider(now);
    }
  }
  return next;
}

std::vector<DueDelivery> DueDeliveries(const DomainState& state, Timestamp now) {
  std::vector<std::pair<uint64_t, DueDelivery>> due;
  for (const auto& id : state.open_notifications) {
    const NotificationRow& n = state.notifications.at(id);
    if (state.completed_steps.count(n.instance_id)) continue;  // to be cancelled, not delivered
    for (const auto& [key, d] : n.deliveries) {
      bool ready = d.state == DeliveryState::kPending ||
                   (d.state == DeliveryState::kRetrying && d.next_attempt_at && *d.next_attempt_at <= now);
      if (ready) due.push_back({n.position, DueDelivery{id, key}});
    }
  }
  std::stable_sort(due.begin(), due.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<DueDelivery> out;
  out.reserve(due.size());
  for (auto& [pos, d] : due) out.push_back(std::move(d));
  return out;
}

std::optional<Timestamp> NextDeliveryAttempt(const DomainState& state, Timestamp now) {
  std::optional<Timestamp> next;
  for (const auto& id : state.open_notifications) {
    for (const auto& [key, d] : state.notifications.at(id).deliveries) {
      std::optional<Timestamp> t;
      if (d.state == DeliveryState::kPending) t = now;
      if (d.state == DeliveryState::kRetrying && d.next_attempt_at) t = std::max(*d.next_attempt_at, now);
      if (t && (!next || *t < *next)) next = t;
    }
  }
  return next;
}

}  // namespace arshjul::engine
