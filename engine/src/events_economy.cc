// Economy (frames, forecasts, outcomes, deficit exceptions), internal control,
// submitted reports and completed årshjul steps.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "arshjul/engine/swedish_format.h"
#include "event_spec.h"
#include "seed_rules.h"

namespace arshjul::engine {
namespace {

namespace s = schema;
using std::string;

Status CheckYear(int year) {
  if (year < 2000 || year > 2100) return Status::InvalidArgument("år saknas eller är orimligt", "payload.year");
  return Status::Ok();
}

string Kronor(double v) { return SwedishKronor(v); }

// Rule forecast.remedial_actions (Tranemo): a committee may not present a
// negative forecast without remedial actions that handle the deficit.
Status CheckForecast(const RuleContext& ctx, s::ForecastReported::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(CheckYear(p.getYear()));
  if (p.getMonth() < 1 || p.getMonth() > 12) {
    return Status::InvalidArgument("månad ska vara 1–12", "payload.month");
  }
  if (!std::isfinite(p.getBudget()) || !std::isfinite(p.getForecast())) {
    return Status::InvalidArgument("budget och prognos ska vara tal", "payload.forecast");
  }
  const auto actions = p.getRemedialActions();
  for (unsigned i = 0; i < actions.size(); ++i) {
    const std::string text = Str(actions[i]);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidArgument("åtgärd " + std::to_string(i + 1) + " är tom: skriv vad som ska göras",
                                     "payload.remedialActions[" + std::to_string(i) + "]");
    }
  }
  double deviation = p.getBudget() - p.getForecast();
  if (RuleOn(ctx, "forecast.remedial_actions") && deviation < 0 && actions.size() == 0) {
    return Status::Rejected("forecast.remedial_actions", "payload.remedialActions",
                            "En negativ prognos (avvikelse " + Kronor(deviation) +
                                ") får inte lämnas utan åtgärder som hanterar underskottet");
  }
  return Status::Ok();
}

string MonthEnd(int year, int month) {
  using namespace std::chrono;
  year_month_day_last last{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / std::chrono::last};
  return ToString(year_month_day{last});
}

Status CheckBudgetFrameSet(const RuleContext& ctx, s::BudgetFrameSet::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  return CheckYear(p.getYear());
}

void ApplyBudgetFrameSet(DomainState& st, const EventMeta&, s::BudgetFrameSet::Reader p) {
  st.budget_frames[OrganYearKey(Str(p.getOrgan()), p.getYear())] = p.getAmount();
}

std::string DateOfForecastReported(s::ForecastReported::Reader p) {
  return p.getMonth() >= 1 && p.getMonth() <= 12 && p.getYear() > 0 ? MonthEnd(p.getYear(), p.getMonth())
                                                                     : string();
}

void ApplyForecastReported(DomainState& st, const EventMeta& m, s::ForecastReported::Reader p) {
  ForecastRow r{Str(p.getOrgan()), p.getYear(),  p.getMonth(), p.getBudget(), p.getForecast(),
                Strs(p.getRemedialActions()), m.Source()};
  st.forecasts[OrganYearKey(r.organ, r.year)] = r;
  st.forecast_history.push_back(std::move(r));
}

Status CheckOutcomeReported(const RuleContext& ctx, s::OutcomeReported::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  return CheckYear(p.getYear());
}

void ApplyOutcomeReported(DomainState& st, const EventMeta& m, s::OutcomeReported::Reader p) {
  st.outcomes[OrganYearKey(Str(p.getOrgan()), p.getYear())] =
      OutcomeRow{Str(p.getOrgan()), p.getYear(), p.getBudget(), p.getOutcome(), m.Source()};
}

Status CheckDeficitExceptionGranted(const RuleContext& ctx, s::DeficitExceptionGranted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(CheckYear(p.getYear()));
  return Require(p.getDecisionId(), "decisionId", "beslut");
}

void ApplyDeficitExceptionGranted(DomainState& st, const EventMeta&, s::DeficitExceptionGranted::Reader p) {
  st.deficit_exceptions.insert(OrganYearKey(Str(p.getOrgan()), p.getYear()));
}

Status CheckInternalControlPlanAdopted(const RuleContext& ctx, s::InternalControlPlanAdopted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "planens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(CheckYear(p.getYear()));
  if (ctx.state.control_plans.count(Str(p.getId()))) {
    return Status::InvalidArgument("internkontrollplanen '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  std::set<string> risks;
  for (auto r : p.getRisks()) risks.insert(Str(r.getId()));
  for (auto c : p.getControls()) {
    if (c.getId().size() == 0) return Status::InvalidArgument("en kontroll saknar id", "payload.controls");
    if (c.getRiskId().size() && !risks.count(Str(c.getRiskId()))) {
      return Status::InvalidArgument("kontrollen " + Str(c.getId()) + " hänvisar till okänd risk " +
                                         Str(c.getRiskId()),
                                     "payload.controls.riskId");
    }
  }
  return CheckRisks(ctx, p.getRisks(), RiskPlace{.internal_control_plan = true, .analysis_kind = ""});
}

void ApplyInternalControlPlanAdopted(DomainState& st, const EventMeta& m, s::InternalControlPlanAdopted::Reader p) {
  CompletionFact(st, "InternalControlPlanAdopted", Str(p.getOrgan()), std::to_string(p.getYear()) + "-12-31") =
      ToString(m.EffectiveDate());
  ControlPlanRow plan{Str(p.getId()), Str(p.getOrgan()), Str(p.getDecisionId()), p.getYear(), {}, {}, m.Source()};
  for (auto r : p.getRisks()) {
    plan.risks.push_back(ToRiskRow(r));
  }
  for (auto c : p.getControls()) {
    ControlRow row;
    row.id = Str(c.getId());
    row.risk_id = Str(c.getRiskId());
    row.description = Str(c.getDescription());
    row.responsible_role = Str(c.getResponsibleRole());
    row.frequency = Str(c.getFrequency());
    plan.controls[row.id] = std::move(row);
  }
  st.control_plans[plan.id] = std::move(plan);
}

Status CheckControlPerformed(const RuleContext& ctx, s::ControlPerformed::Reader p) {
  ARSHJUL_ASSIGN_OR_RETURN(const ControlPlanRow* plan,
                           FindReferenced(ctx.state.control_plans, p.getPlanId(), "planId", "okänd internkontrollplan",
                                          p.getOrgan(), &ControlPlanRow::organ, "planen tillhör "));
  if (!plan->controls.count(Str(p.getControlId()))) {
    return Status::InvalidArgument("okänd kontroll '" + Str(p.getControlId()) + "' i planen", "payload.controlId");
  }
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getPerformedOn(), "performedOn", "datum för kontrollen"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getResult(), "result", {"ok", "deviation"}));
  if (Str(p.getResult()) == "deviation" && p.getDeviation().size() == 0) {
    return Status::InvalidArgument("en avvikelse ska beskrivas", "payload.deviation");
  }
  return Status::Ok();
}

void ApplyControlPerformed(DomainState& st, const EventMeta& m, s::ControlPerformed::Reader p) {
  ControlRow& c = st.control_plans[Str(p.getPlanId())].controls[Str(p.getControlId())];
  auto result = ParseControlResult(Str(p.getResult()));
  if (!result) FailApply("result", p.getResult());  // check allows only "ok" and "deviation"
  c.last_result = *result;
  c.last_performed_on = ToDate(p.getPerformedOn());
  c.last_deviation = Str(p.getDeviation());
  c.last_action = Str(p.getAction());
  c.last_source = m.Source();
  if (c.last_result == ControlResult::kDeviation) ++c.deviations;
}

Status CheckReportSubmitted(const RuleContext& ctx, s::ReportSubmitted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getKind(), "kind",
                                       {"interim_report", "annual_report", "operational_plan",
                                        "internal_control_plan", "budget_proposal", "budget", "monthly_report"}));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodFrom(), "periodFrom", "periodens början"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodTo(), "periodTo", "periodens slut"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getSubmittedOn(), "submittedOn", "inlämningsdatum"));
  if (p.getToOrgan().size()) ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getToOrgan(), "toOrgan"));
  return Status::Ok();
}

void ApplyReportSubmitted(DomainState& st, const EventMeta&, s::ReportSubmitted::Reader p) {
  if (p.getPeriodTo().size()) {
    CompletionFact(st, "ReportSubmitted", Str(p.getOrgan()), Str(p.getPeriodTo())) =
        Str(p.getSubmittedOn());
  }
  st.reports.push_back(ReportRow{Str(p.getOrgan()), Str(p.getKind()), OptionalToDate(p.getPeriodFrom()),
                                 OptionalToDate(p.getPeriodTo()), ToDate(p.getSubmittedOn()), Str(p.getToOrgan()),
                                 Str(p.getDecisionId())});
}

}  // namespace

// A step instance id is "<year>/<step id>/<organ>[/…]" (planner.h,
// started_steps.h), and its organ is the one the completion is recorded for.
Status CheckInstanceId(const std::string& id, const std::string& organ, const std::string& field) {
  const size_t a = id.find('/');
  const size_t b = a == std::string::npos ? a : id.find('/', a + 1);
  const size_t c = b == std::string::npos ? b : id.find('/', b + 1);
  const std::string year = id.substr(0, a);
  const bool year_ok =
      year.size() == 4 && std::all_of(year.begin(), year.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!year_ok || b == std::string::npos || b == a + 1) {
    return Status::InvalidArgument(
        "stegtillfället '" + id + "' finns inte i årshjulet (väntade år/steg/organ, t.ex. 2027/kf_budget/kf)", field);
  }
  const std::string instance_organ = id.substr(b + 1, c == std::string::npos ? std::string::npos : c - b - 1);
  if (instance_organ != organ) {
    return Status::InvalidArgument(
        "stegtillfället '" + id + "' gäller organet '" + instance_organ + "', inte '" + organ + "'", field);
  }
  return Status::Ok();
}

namespace {

Status CheckStepCompleted(const RuleContext& ctx, s::StepCompleted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getInstanceId(), "instanceId", "stegets id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(CheckPlannedInstance(ctx, Str(p.getInstanceId()), Str(p.getOrgan()), "payload.instanceId"));
  return RequireDate(p.getCompletedOn(), "completedOn", "datum");
}

void ApplyStepCompleted(DomainState& st, const EventMeta&, s::StepCompleted::Reader p) {
  st.completed_steps[Str(p.getInstanceId())] = Str(p.getCompletedOn());
}
}  // namespace

// Over 60 lines: a table, one entry per event type (its checks and applies
// are the named functions above), read top to bottom like a schema.
void RegisterEconomyEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::BudgetFrameSet>({
      .command = "SetBudgetFrame",
      .event_type = "BudgetFrameSet",
      .category = "economy",
      .council_decides = true,
      .organ = [](s::BudgetFrameSet::Reader p) { return Str(p.getOrgan()); },
      .check = CheckBudgetFrameSet,
      .apply = ApplyBudgetFrameSet,
  }));

  out.push_back(Erase<s::ForecastReported>({
      .command = "ReportForecast",
      .event_type = "ForecastReported",
      .category = "economy",
      .organ = [](s::ForecastReported::Reader p) { return Str(p.getOrgan()); },
      .date = DateOfForecastReported,
      .check = CheckForecast,
      .apply = ApplyForecastReported,
  }));

  out.push_back(Erase<s::OutcomeReported>({
      .command = "ReportOutcome",
      .event_type = "OutcomeReported",
      .category = "economy",
      .organ = [](s::OutcomeReported::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::OutcomeReported::Reader p) { return p.getYear() > 0 ? MonthEnd(p.getYear(), 12) : string(); },
      .check = CheckOutcomeReported,
      .apply = ApplyOutcomeReported,
  }));

  out.push_back(Erase<s::DeficitExceptionGranted>({
      .command = "GrantDeficitException",
      .event_type = "DeficitExceptionGranted",
      .category = "economy",
      .council_decides = true,
      .organ = [](s::DeficitExceptionGranted::Reader p) { return Str(p.getOrgan()); },
      .check = CheckDeficitExceptionGranted,
      .apply = ApplyDeficitExceptionGranted,
  }));

  out.push_back(Erase<s::InternalControlPlanAdopted>({
      .command = "AdoptInternalControlPlan",
      .event_type = "InternalControlPlanAdopted",
      .category = "internal-control",
      .organ = [](s::InternalControlPlanAdopted::Reader p) { return Str(p.getOrgan()); },
      .check = CheckInternalControlPlanAdopted,
      .apply = ApplyInternalControlPlanAdopted,
  }));

  out.push_back(Erase<s::ControlPerformed>({
      .command = "RecordControl",
      .event_type = "ControlPerformed",
      .category = "internal-control",
      .organ = [](s::ControlPerformed::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::ControlPerformed::Reader p) { return Str(p.getPerformedOn()); },
      .check = CheckControlPerformed,
      .apply = ApplyControlPerformed,
  }));

  out.push_back(Erase<s::ReportSubmitted>({
      .command = "SubmitReport",
      .event_type = "ReportSubmitted",
      .category = "follow-ups",
      .organ = [](s::ReportSubmitted::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::ReportSubmitted::Reader p) { return Str(p.getSubmittedOn()); },
      .check = CheckReportSubmitted,
      .apply = ApplyReportSubmitted,
  }));

  out.push_back(Erase<s::StepCompleted>({
      .command = "CompleteStep",
      .event_type = "StepCompleted",
      .category = "annual-cycle",
      .organ = [](s::StepCompleted::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::StepCompleted::Reader p) { return Str(p.getCompletedOn()); },
      .check = CheckStepCompleted,
      .apply = ApplyStepCompleted,
  }));
}

}  // namespace arshjul::engine
