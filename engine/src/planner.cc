// The planner, in the order it works: steps in deadline-dependency order,
// each step's organs and months, then per instance its period, deadline,
// responsible role and escalations; depends_on and sorting come last, once
// every instance exists.

#include "arshjul/engine/planner.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>
#include <string>
#include <tuple>

#include "annual_cycle_internal.h"
#include "arshjul/engine/calendar.h"
#include "planner_dates.h"

namespace arshjul::engine {
namespace {

constexpr int kMinYear = 1995;
constexpr int kMaxYear = 9998;

// What one instance is planned for: an organ, and a month for repeated steps.
struct Slot {
  std::string organ;
  int month = 0;
};

struct AnchoredDate {
  Date date;
  std::optional<CompletionAnchor> completion;
  std::string preliminary_reason;  // non-empty: a fallback date (StepInstance::preliminary)
};

std::string Ordinal(int nth) {
  static const char* const kFirst[] = {"första", "andra", "tredje", "fjärde", "femte"};
  static const char* const kLast[] = {"sista", "näst sista"};
  if (nth >= 1 && nth <= 5) return kFirst[nth - 1];
  if (nth <= -1 && nth >= -2) return kLast[-nth - 1];
  return std::to_string(nth) + ":e";
}

// Step indices in an order where each step comes after the steps its deadline
// counts from; among the ready ones, template order.
std::vector<size_t> DeadlineOrder(const AnnualCycleTemplate& tmpl) {
  const size_t n = tmpl.steps.size();
  std::vector<std::vector<size_t>> dependents(n);
  std::vector<int> waiting(n, 0);
  auto edge = [&](size_t i, const DeadlineRule& rule) {
    if (rule.anchor != AnchorKind::kStep) return;
    const StepTemplate* from = tmpl.FindStep(rule.step);
    if (from == nullptr) return;
    dependents[static_cast<size_t>(from - tmpl.steps.data())].push_back(i);
    ++waiting[i];
  };
  for (size_t i = 0; i < n; ++i) {
    edge(i, tmpl.steps[i].deadline);
    if (tmpl.steps[i].election_year) edge(i, tmpl.steps[i].election_year->deadline);
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < n; ++i)
    if (waiting[i] == 0) ready.push(i);
  std::vector<size_t> order;
  while (!ready.empty()) {
    const size_t i = ready.top();
    ready.pop();
    order.push_back(i);
    for (size_t d : dependents[i])
      if (--waiting[d] == 0) ready.push(d);
  }
  return order;
}

class Planner {
 public:
  Planner(const AnnualCycleTemplate& tmpl, const Organization& org, int year)
      : tmpl_(tmpl), org_(org), year_(year), year_text_(std::to_string(year)) {
    for (const auto& [id, organ] : org.organs) {
      if (organ.kind == OrganKind::kAdministration && !organ.reports_to.empty())
        administrations_[organ.reports_to].push_back(id);
    }
    for (const RoleHolding& h : org.holdings) holdings_by_organ_[h.organ].push_back(&h);
  }

  Result<std::vector<StepInstance>> Run() {
    out_.reserve(ExpectedInstances());
    for (size_t index : DeadlineOrder(tmpl_)) ARSHJUL_RETURN_IF_ERROR(PlanStep(index));
    LinkDependencies();
    return Sorted();
  }

 private:
  // About how many instances the template makes (selectors by organ kind,
  // repeated months), so out_ is allocated once.
  size_t ExpectedInstances() const {
    size_t n = 0;
    for (const StepTemplate& s : tmpl_.steps) {
      size_t organs = 0;
      for (const std::string& sel : s.responsible.organs) {
        if (sel == kSelectEveryCommittee) organs += org_.OrgansOfKind(OrganKind::kCommittee).size();
        else if (sel == kSelectEveryCompany) organs += org_.OrgansOfKind(OrganKind::kCompany).size();
        else if (sel == kSelectEverySubcommittee) organs += org_.OrgansOfKind(OrganKind::kSubcommittee).size();
        else ++organs;
      }
      n += organs * std::max<size_t>(1, s.repeat_months.size()) * (s.election_year ? 2 : 1);
    }
    return n;
  }

  bool YearMatches(const StepTemplate& s) const {
    switch (s.years) {
      case YearFilter::kEveryYear: return true;
      case YearFilter::kElectionYears: return IsElectionYear(year_);
      case YearFilter::kOtherYears: return !IsElectionYear(year_);
    }
    return true;
  }

  Status PlanStep(size_t index) {
    const StepTemplate& s = tmpl_.steps[index];
    if (!YearMatches(s) || !s.started_by.empty()) return Status::Ok();  // started steps: started_steps.h
    ARSHJUL_ASSIGN_OR_RETURN(auto organs, Organs(s));
    std::vector<int> months = s.repeat_months;
    if (months.empty()) months.push_back(0);
    for (const std::string& organ : organs) {
      for (int month : months) ARSHJUL_RETURN_IF_ERROR(PlanSlot(s, index, Slot{organ, month}));
    }
    return Status::Ok();
  }

  Status PlanSlot(const StepTemplate& s, size_t index, const Slot& slot) {
    const std::optional<Period> period = PeriodFor(s.period, year_, slot.month);
    ARSHJUL_ASSIGN_OR_RETURN(auto due, Deadline(s, s.deadline, "deadline", slot, period));
    ARSHJUL_ASSIGN_OR_RETURN(auto role, Role(s, slot.organ, due.date));

    for (const Escalation& e : s.escalations) {
      if (!e.to_role.empty() && org_.roles.count(e.to_role) == 0)
        return StepError(s, "escalation.to_role", "okänd roll '" + e.to_role + "' (finns inte i organisationen)");
    }

    StepInstance inst;
    inst.step_id = s.id;
    inst.id = InstanceId(s.id, slot.organ, period);
    // A repeated step without a period would give every month's instance the same id.
    if (!period && slot.month != 0) AppendDate(inst.id, due.date);
    inst.template_id = tmpl_.id;
    inst.title = s.title;
    inst.kind = s.kind;
    inst.organ = slot.organ;
    inst.responsible_role = role;
    inst.year = year_;
    inst.deadline = due.date;
    inst.period = period;
    inst.legal_basis = s.legal_basis;
    inst.statutory = s.statutory;
    inst.reminders = s.reminders;
    inst.escalations = Escalations(s, role);
    inst.completion.event_type = s.completion_event;
    inst.completion.decides = s.decides;
    inst.after_completion_of = due.completion;
    inst.preliminary = !due.preliminary_reason.empty();
    inst.preliminary_reason = due.preliminary_reason;
    const Date main_deadline = inst.deadline;
    const std::string main_id = inst.id;
    Add(std::move(inst), index, slot);
    by_step_[s.id].push_back(out_.size() - 1);

    if (!s.election_year || !IsElectionYear(year_)) return Status::Ok();
    const ElectionYearRedo& redo = *s.election_year;
    if (!(main_deadline < ClampedDate(year_, redo.term_starts.month, redo.term_starts.day))) return Status::Ok();
    return PlanRedo(s, index, slot, period, main_id);
  }

  Status PlanRedo(const StepTemplate& s, size_t index, const Slot& slot, const std::optional<Period>& period,
                  const std::string& main_id) {
    const ElectionYearRedo& redo = *s.election_year;
    ARSHJUL_ASSIGN_OR_RETURN(auto due, Deadline(s, redo.deadline, "election_year.deadline", slot, period));
    ARSHJUL_ASSIGN_OR_RETURN(auto role, Role(s, slot.organ, due.date));
    StepInstance inst = out_.back();
    inst.step_id = redo.step_id;
    inst.id = InstanceId(redo.step_id, slot.organ, period);
    inst.title = redo.title.empty() ? s.title : redo.title;
    if (!redo.legal_basis.empty()) inst.legal_basis = redo.legal_basis;
    inst.responsible_role = role;
    inst.deadline = due.date;
    inst.escalations = Escalations(s, role);
    inst.after_completion_of = due.completion;
    inst.preliminary = !due.preliminary_reason.empty();
    inst.preliminary_reason = due.preliminary_reason;
    inst.depends_on = {main_id};
    // Completed by the newly elected KF's decision, not by the one before its term.
    inst.completion.not_before = ClampedDate(year_, redo.term_starts.month, redo.term_starts.day);
    Add(std::move(inst), index, slot);
    return Status::Ok();
  }

  void Add(StepInstance inst, size_t index, const Slot& slot) {
    out_.push_back(std::move(inst));
    template_index_.push_back(index);
    month_of_.push_back(slot.month);
  }

  std::string InstanceId(const std::string& step, const std::string& organ, const std::optional<Period>& period) const {
    std::string id = year_text_;
    id.reserve(year_text_.size() + step.size() + organ.size() + 16);
    id += '/';
    id += step;
    id += '/';
    id += organ;
    if (period) AppendDate(id, period->to);
    return id;
  }

  // "/YYYY-MM-DD" without going through printf: ids are made for every instance.
  static void AppendDate(std::string& out, Date d) {
    const int y = static_cast<int>(d.year());
    const unsigned m = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
    const char text[] = {'/', static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                         static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                         static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                         static_cast<char>('0' + day / 10), static_cast<char>('0' + day % 10)};
    out.append(text, sizeof text);
  }

  // ---- Organs and roles -----------------------------------------------------

  Result<std::vector<std::string>> Organs(const StepTemplate& s) const {
    std::vector<std::string> out;
    auto add = [&out](const std::string& id) {
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    };
    auto add_kind = [&](OrganKind kind) {
      for (const Organ* o : org_.OrgansOfKind(kind)) add(o->id);
    };
    for (const std::string& sel : s.responsible.organs) {
      if (sel == kSelectEveryCommittee) add_kind(OrganKind::kCommittee);
      else if (sel == kSelectEveryCompany) add_kind(OrganKind::kCompany);
      else if (sel == kSelectEverySubcommittee) add_kind(OrganKind::kSubcommittee);
      else {
        ARSHJUL_ASSIGN_OR_RETURN(auto id, NamedOrgan(s, sel, "responsible.organ"));
        add(id);
      }
    }
    return out;
  }

  // An organ id, kSelectCouncil or kSelectExecutiveBoard, checked against the organisation.
  Result<std::string> NamedOrgan(const StepTemplate& s, const std::string& sel, const std::string& field) const {
    if (sel == kSelectCouncil || sel == kSelectExecutiveBoard) {
      const bool council = sel == kSelectCouncil;
      std::string id = council ? org_.CouncilId() : org_.ExecutiveBoardId();
      if (id.empty())
        return StepError(s, field, std::string("organisationen saknar ") + (council ? "fullmäktige" : "kommunstyrelse"));
      return id;
    }
    if (org_.FindOrgan(sel) == nullptr) return StepError(s, field, "okänt organ '" + sel + "' (finns inte i organisationen)");
    return sel;
  }

  bool HeldFor(const std::string& role, const std::string& organ, Date date) const {
    auto it = holdings_by_organ_.find(organ);
    if (it == holdings_by_organ_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const RoleHolding* h) { return h->role == role && h->ActiveOn(date); });
  }

  bool Held(const std::string& role, const std::string& organ, Date date) const {
    if (HeldFor(role, organ, date)) return true;
    auto it = administrations_.find(organ);
    if (it == administrations_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const std::string& admin) { return HeldFor(role, admin, date); });
  }

  Result<std::string> Role(const StepTemplate& s, const std::string& organ, Date date) const {
    for (const std::string& role : s.responsible.roles) {
      if (org_.roles.count(role) == 0)
        return StepError(s, "responsible.role", "okänd roll '" + role + "' (finns inte i organisationen)");
    }
    for (const std::string& role : s.responsible.roles)
      if (Held(role, organ, date)) return role;
    std::string names;
    for (const std::string& role : s.responsible.roles) names += (names.empty() ? "'" : ", '") + role + "'";
    const std::string who = s.responsible.roles.size() == 1 ? "rollen " + names + " innehas inte"
                                                            : "ingen av rollerna " + names + " innehas";
    return StepError(s, "responsible.role", who + " av någon för " + organ + " den " + ToString(date));
  }

  std::vector<Escalation> Escalations(const StepTemplate& s, const std::string& role) const {
    std::vector<Escalation> out = s.escalations;
    auto it = org_.roles.find(role);
    const std::string superior = it == org_.roles.end() ? "" : it->second.superior;
    for (Escalation& e : out)
      if (!e.oversight_finding && e.to_role.empty()) e.to_role = superior;
    return out;
  }

  // ---- Deadlines ------------------------------------------------------------

  Result<AnchoredDate> Deadline(const StepTemplate& s, const DeadlineRule& rule, const std::string& field,
                                const Slot& slot, const std::optional<Period>& period) const {
    ARSHJUL_ASSIGN_OR_RETURN(auto anchor, Anchor(s, rule, field, slot, period));
    const DayAdjustment adjust = rule.adjust.value_or(s.statutory ? DayAdjustment::kLater : DayAdjustment::kNone);
    AnchoredDate out = anchor;
    out.date = Adjust(ApplyOffset(out.date, rule.offset), adjust);
    if (out.completion) out.completion->adjust = adjust;
    return out;
  }

  Result<AnchoredDate> Anchor(const StepTemplate& s, const DeadlineRule& rule, const std::string& field,
                              const Slot& slot, const std::optional<Period>& period) const {
    const int y = year_ + rule.year_offset;
    switch (rule.anchor) {
      case AnchorKind::kDate:
        return AnchoredDate{ClampedDate(y, rule.date.month ? rule.date.month : slot.month, rule.date.day), {}, {}};
      case AnchorKind::kLastWorkingDay: return AnchoredDate{LastWorkingDay(y, rule.month ? rule.month : slot.month), {}, {}};
      case AnchorKind::kMeeting: return MeetingAnchor(s, rule.meeting, field + ".meeting", slot, y);
      case AnchorKind::kStep: return StepAnchor(s, rule, field + ".step", slot);
      case AnchorKind::kPeriodEnd: return AnchoredDate{period->to, {}, {}};
      case AnchorKind::kStarted:
      case AnchorKind::kDue: break;  // never planned here (ValidateTemplate)
    }
    return StepError(s, field, "okänd regel");
  }

  // LastWorkingDayOfMonth, remembered: monthly steps ask for the same months for every organ.
  Date LastWorkingDay(int y, int m) const {
    auto [it, added] = last_working_day_.try_emplace(y * 12 + m);
    if (added) it->second = LastWorkingDayOfMonth(std::chrono::year{y} / std::chrono::month(static_cast<unsigned>(m)));
    return it->second;
  }

  Result<AnchoredDate> MeetingAnchor(const StepTemplate& s, const MeetingRef& ref, const std::string& field,
                                     const Slot& slot, int y) const {
    std::string organ = slot.organ;
    if (ref.organ != kSelectSelf) {
      ARSHJUL_ASSIGN_OR_RETURN(auto id, NamedOrgan(s, ref.organ, field + ".organ"));
      organ = id;
    }
    const int m = ref.month ? ref.month : slot.month;
    const Organ& o = *org_.FindOrgan(organ);
    std::optional<Date> date = NthMeeting(o, y, m, ref.nth);
    if (!date && !HasMeetingIn(o, y)) return FallbackAnchor(s, ref, field, organ, y, m);
    if (!date) {
      return StepError(s, field,
                       organ + " har inget " + Ordinal(ref.nth) + " sammanträde i " + MonthNameSv(m) + " " +
                           std::to_string(y) + " (sammanträden planeras i organisationsfilen)");
    }
    return AnchoredDate{*date, {}, {}};
  }

  static bool HasMeetingIn(const Organ& o, int y) {
    return std::any_of(o.meetings.begin(), o.meetings.end(),
                       [y](const Date& d) { return static_cast<int>(d.year()) == y; });
  }

  // The organ has no sammanträdesplan for the year: the rule's fallback date,
  // preliminary, or an error naming the missing plan.
  Result<AnchoredDate> FallbackAnchor(const StepTemplate& s, const MeetingRef& ref, const std::string& field,
                                      const std::string& organ, int y, int m) const {
    const std::string missing = "sammanträdesplan saknas för " + organ + " " + std::to_string(y);
    if (!ref.fallback) {
      return StepError(s, field,
                       missing + " och regeln anger ingen reservdag (meeting.fallback) för " + Ordinal(ref.nth) +
                           " sammanträdet i " + MonthNameSv(m));
    }
    return AnchoredDate{ClampedDate(y, ref.fallback->month ? ref.fallback->month : m, ref.fallback->day), {}, missing};
  }

  Result<AnchoredDate> StepAnchor(const StepTemplate& s, const DeadlineRule& rule, const std::string& field,
                                  const Slot& slot) const {
    const std::vector<size_t> matches = Match(rule.step, slot);
    if (matches.empty())
      return StepError(s, field, "steget '" + rule.step + "' har inget tillfälle " + std::to_string(year_));
    size_t latest = matches.front();
    for (size_t i : matches)
      if (out_[latest].deadline < out_[i].deadline) latest = i;
    AnchoredDate out{out_[latest].deadline, {}, out_[latest].preliminary_reason};
    if (rule.from_completion && matches.size() == 1)
      out.completion = CompletionAnchor{out_[latest].id, rule.offset, DayAdjustment::kNone};
    return out;
  }

  // The instances of `step` for the slot's organ (and month, when both
  // repeat); when it has none for that organ, all of them.
  std::vector<size_t> Match(const std::string& step, const Slot& slot) const {
    auto it = by_step_.find(step);
    if (it == by_step_.end()) return {};
    std::vector<size_t> same_organ;
    for (size_t i : it->second)
      if (out_[i].organ == slot.organ) same_organ.push_back(i);
    if (same_organ.empty()) return it->second;
    if (slot.month != 0) {
      std::vector<size_t> same_month;
      for (size_t i : same_organ)
        if (month_of_[i] == slot.month) same_month.push_back(i);
      if (!same_month.empty()) return same_month;
    }
    return same_organ;
  }

  // ---- After all steps ------------------------------------------------------

  void LinkDependencies() {
    for (size_t i = 0; i < out_.size(); ++i) {
      const StepTemplate& s = tmpl_.steps[template_index_[i]];
      if (out_[i].step_id != s.id) continue;  // an election-year redo depends on its first decision only
      const Slot slot{out_[i].organ, month_of_[i]};
      for (const std::string& dep : s.depends_on) {
        for (size_t j : Match(dep, slot)) out_[i].depends_on.push_back(out_[j].id);
      }
    }
  }

  // out_ sorted in place: the order is found on indices, then applied by
  // following the permutation's cycles (one move per instance, no second buffer).
  std::vector<StepInstance> Sorted() {
    std::vector<size_t> order(out_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return std::tie(out_[a].deadline, template_index_[a], out_[a].organ, out_[a].id) <
             std::tie(out_[b].deadline, template_index_[b], out_[b].organ, out_[b].id);
    });
    for (size_t start = 0; start < order.size(); ++start) {
      if (order[start] == start) continue;
      StepInstance held = std::move(out_[start]);
      size_t at = start;
      while (order[at] != start) {
        const size_t from = order[at];
        out_[at] = std::move(out_[from]);
        order[at] = at;
        at = from;
      }
      out_[at] = std::move(held);
      order[at] = at;
    }
    return std::move(out_);
  }

  const AnnualCycleTemplate& tmpl_;
  const Organization& org_;
  const int year_;
  const std::string year_text_;
  std::map<std::string, std::vector<std::string>> administrations_;  // organ → administrations reporting to it
  std::map<std::string, std::vector<const RoleHolding*>> holdings_by_organ_;
  mutable std::map<int, Date> last_working_day_;  // by year * 12 + month
  std::vector<StepInstance> out_;
  std::vector<size_t> template_index_;  // per instance in out_
  std::vector<int> month_of_;           // per instance in out_: the repeated month, 0 when none
  std::map<std::string, std::vector<size_t>> by_step_;  // template step id → its instances in out_
};

}  // namespace

Result<std::vector<StepInstance>> Plan(const AnnualCycleTemplate& tmpl, const Organization& org, int year) {
  if (year < kMinYear || year > kMaxYear) {
    return Status::InvalidArgument("året måste ligga mellan " + std::to_string(kMinYear) + " och " +
                                       std::to_string(kMaxYear) + ", inte " + std::to_string(year),
                                   "year");
  }
  ARSHJUL_RETURN_IF_ERROR(ValidateTemplate(tmpl));
  return Planner(tmpl, org, year).Run();
}

}  // namespace arshjul::engine
