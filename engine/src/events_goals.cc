// The goal tree (vision → strategic goals → outcome goals → activities),
// indicators and their measurements, and follow-ups with their assessment.
#include "event_spec.h"
#include "seed_rules.h"

namespace arshjul::engine {
namespace {

namespace s = schema;
using std::string;

// Rule goal.links (Trelleborg): an outcome goal links to at least one of KF's
// strategic goals and names its target group and the effect sought.
Status CheckOutcomeGoal(const RuleContext& ctx, s::OutcomeGoalSet::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "målets id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTitle(), "title", "målformulering"));
  if (p.getYear() < 2000 || p.getYear() > 2100) {
    return Status::InvalidArgument("år saknas eller är orimligt", "payload.year");
  }
  ARSHJUL_RETURN_IF_ERROR(CheckNewOrCorrection(ctx, ctx.state.outcome_goals.count(Str(p.getId())) > 0, p.getId(),
                                               p.getCorrects(), "effektmålet"));
  for (auto id : p.getStrategicGoalIds()) {
    if (!ctx.state.strategic_goals.count(Str(id))) {
      return Status::InvalidArgument("okänt inriktningsmål '" + Str(id) + "'", "payload.strategicGoalIds");
    }
  }
  ARSHJUL_RETURN_IF_ERROR(CheckPriorityReasons(ctx, p));  // seed_rules.cc
  if (!RuleOn(ctx, "goal.links")) return Status::Ok();
  if (p.getStrategicGoalIds().size() == 0) {
    return Status::Rejected("goal.links", "payload.strategicGoalIds",
                            "Ett effektmål ska kopplas till minst ett av kommunfullmäktiges inriktningsmål");
  }
  if (p.getTargetGroup().size() == 0) {
    return Status::Rejected("goal.links", "payload.targetGroup", "Ett effektmål ska ange sin målgrupp");
  }
  if (p.getEffect().size() == 0) {
    return Status::Rejected("goal.links", "payload.effect", "Ett effektmål ska ange vilken effekt som eftersträvas");
  }
  return Status::Ok();
}

// Rule activity.owner_and_date: activities are konkreta, ansvarsfördelade och tidssatta.
Status CheckActivity(const RuleContext& ctx, s::ActivityPlanned::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "aktivitetens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTitle(), "title", "aktivitetens beskrivning"));
  ARSHJUL_RETURN_IF_ERROR(CheckActivityGoal(ctx, p));  // events_steering_goals.cc
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getDueDate(), "dueDate", "slutdatum"));
  ARSHJUL_RETURN_IF_ERROR(CheckNewOrCorrection(ctx, ctx.state.activities.count(Str(p.getId())) > 0, p.getId(),
                                               p.getCorrects(), "aktiviteten"));
  if (!RuleOn(ctx, "activity.owner_and_date")) return Status::Ok();
  if (p.getResponsibleRole().size() == 0) {
    return Status::Rejected("activity.owner_and_date", "payload.responsibleRole",
                            "En aktivitet ska ha en ansvarig roll (ansvarsfördelad)");
  }
  if (!ctx.state.org.roles.empty() && !ctx.state.org.roles.count(Str(p.getResponsibleRole()))) {
    return Status::InvalidArgument("okänd roll '" + Str(p.getResponsibleRole()) + "'", "payload.responsibleRole");
  }
  if (p.getDueDate().size() == 0) {
    return Status::Rejected("activity.owner_and_date", "payload.dueDate",
                            "En aktivitet ska ha ett datum när den ska vara genomförd (tidssatt)");
  }
  return Status::Ok();
}

// The follow-up's assessment, read once (check allows only the known values).
std::optional<AssessmentValue> AssessmentValueOf(s::FollowUpRecorded::Reader p) {
  if (p.getAssessment().size() == 0) return std::nullopt;
  auto v = ParseAssessmentValue(Str(p.getAssessment()));
  if (!v) FailApply("assessment", p.getAssessment());
  return v;
}

Status CheckVisionSet(const RuleContext& ctx, s::VisionSet::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "visionens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  return Require(p.getText(), "text", "visionens text");
}

Status CheckStrategicGoalSet(const RuleContext& ctx, s::StrategicGoalSet::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "inriktningsmålets id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  if (Str(p.getOrgan()) != ctx.state.org.CouncilId()) {
    return Status::InvalidArgument("inriktningsmål beslutas av kommunfullmäktige", "payload.organ");
  }
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTitle(), "title", "målformulering"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodFrom(), "periodFrom", "periodens början"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodTo(), "periodTo", "periodens slut"));
  return CheckNewOrCorrection(ctx, ctx.state.strategic_goals.count(Str(p.getId())) > 0, p.getId(),
                              p.getCorrects(), "inriktningsmålet");
}

// A goal set again (a correction) keeps its latest follow-up's assessment.
template <typename Goal>
void KeepLatest(Goal& goal, const Goal& old) {
  goal.latest = old.latest;
}

void ApplyStrategicGoalSet(DomainState& st, const EventMeta& m, s::StrategicGoalSet::Reader p) {
  StrategicGoalRow r{Str(p.getId()),        Str(p.getOrgan()),      Str(p.getVisionId()), Str(p.getDirection()),
                     Str(p.getTitle()),     OptionalToDate(p.getPeriodFrom()), OptionalToDate(p.getPeriodTo()),
                     std::nullopt,          {}};
  Upsert(st, st.strategic_goals, r.id, std::move(r), m, KeepLatest<StrategicGoalRow>);
}

void ApplyOutcomeGoalSet(DomainState& st, const EventMeta& m, s::OutcomeGoalSet::Reader p) {
  OutcomeGoalRow r;
  r.id = Str(p.getId());
  r.organ = Str(p.getOrgan());
  r.title = Str(p.getTitle());
  r.target_group = Str(p.getTargetGroup());
  r.effect = Str(p.getEffect());
  r.year = p.getYear();
  r.strategic_goal_ids = Strs(p.getStrategicGoalIds());
  r.change_theory = Strs(p.getChangeTheory());
  r.priority_reasons = Strs(p.getPriorityReasons());
  Upsert(st, st.outcome_goals, r.id, std::move(r), m, KeepLatest<OutcomeGoalRow>);
}

void ApplyActivityPlanned(DomainState& st, const EventMeta& m, s::ActivityPlanned::Reader p) {
  ActivityRow r{Str(p.getId()),    Str(p.getGoalId()),          Str(p.getOrgan()),
                Str(p.getTitle()), Str(p.getResponsibleRole()), ToDate(p.getDueDate()), {}};
  auto& levels = st.steering.activity_levels[r.id];
  levels.clear();
  for (auto lv : p.getLevels()) levels.emplace_back(Str(lv.getLevel()), Str(lv.getValue()));
  if (levels.empty()) st.steering.activity_levels.erase(r.id);
  Upsert(st, st.activities, r.id, std::move(r), m);
}

Status CheckIndicatorDefined(const RuleContext& ctx, s::IndicatorDefined::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "indikatorns id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getName(), "name", "indikatorns namn"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getMethod(), "method", {"quantitative", "qualitative"}));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getPeriodicity(), "periodicity",
                                       {"monthly", "quarterly", "tertial", "half_year", "yearly"}));
  if (p.getGoalId().size() && !ctx.state.outcome_goals.count(Str(p.getGoalId())) &&
      !ctx.state.strategic_goals.count(Str(p.getGoalId()))) {
    return Status::InvalidArgument("okänt mål '" + Str(p.getGoalId()) + "'", "payload.goalId");
  }
  if (ctx.state.indicators.count(Str(p.getId()))) {
    return Status::InvalidArgument("indikatorn '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  return Status::Ok();
}

void ApplyIndicatorDefined(DomainState& st, const EventMeta& m, s::IndicatorDefined::Reader p) {
  auto method = ParseIndicatorMethod(Str(p.getMethod()));
  auto periodicity = ParsePeriodicity(Str(p.getPeriodicity()));
  if (!method) FailApply("method", p.getMethod());  // check allows only the known values
  if (!periodicity) FailApply("periodicity", p.getPeriodicity());
  IndicatorRow r{Str(p.getId()),   Str(p.getGoalId()),    Str(p.getOrgan()), Str(p.getName()),
                 *method,          *periodicity,          Str(p.getUnit()),  Str(p.getKoladaKpi()),
                 p.getTarget(),    p.getHigherIsBetter(), {},                 m.Source()};
  st.indicators[r.id] = std::move(r);
}

Status CheckIndicatorMeasured(const RuleContext& ctx, s::IndicatorMeasured::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.indicators, p.getIndicatorId(), "indicatorId", "okänd indikator",
                                         p.getOrgan(), &IndicatorRow::organ, "indikatorn tillhör ")
                              .status());
  return RequireDate(p.getPeriodEnd(), "periodEnd", "periodens slut");
}

void ApplyIndicatorMeasured(DomainState& st, const EventMeta& meta, s::IndicatorMeasured::Reader p) {
  // Check made sure the indicator was defined; it is absent only in a replay as of a day before its
  // definition was in force, when the measurement of it is not in force either (no nameless row).
  auto indicator = st.indicators.find(Str(p.getIndicatorId()));
  if (indicator == st.indicators.end()) return;
  auto& ms = indicator->second.measurements;
  Measurement m{ToDate(p.getPeriodEnd()), p.getValue(), Str(p.getComment()), Str(p.getGender()), p.getMissing(),
                meta.Source()};
  auto key = [](const Measurement& a) { return std::tie(a.period_end, a.gender); };
  auto it = std::lower_bound(ms.begin(), ms.end(), m, [&](const Measurement& a, const Measurement& b) {
    return key(a) < key(b);
  });
  if (it != ms.end() && key(*it) == key(m)) *it = m;  // a re-measurement replaces
  else ms.insert(it, m);
}

Status CheckFollowUpRecorded(const RuleContext& ctx, s::FollowUpRecorded::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "uppföljningens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getKind(), "kind",
                                       {"monthly", "interim_report", "annual_report", "dialogue",
                                        "internal_control"}));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodFrom(), "periodFrom", "periodens början"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getPeriodTo(), "periodTo", "periodens slut"));
  if (p.getAssessment().size()) {
    ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getAssessment(), "assessment", {"met", "partly_met", "not_met"}));
  }
  string goal = Str(p.getGoalId());
  if (!goal.empty() && !ctx.state.outcome_goals.count(goal) && !ctx.state.strategic_goals.count(goal)) {
    return Status::InvalidArgument("okänt mål '" + goal + "'", "payload.goalId");
  }
  return CheckNewOrCorrection(ctx, ctx.state.follow_ups.count(Str(p.getId())) > 0, p.getId(), p.getCorrects(),
                              "uppföljningen");
}

void ApplyFollowUpRecorded(DomainState& st, const EventMeta& m, s::FollowUpRecorded::Reader p) {
  FollowUpRow r{Str(p.getId()),         Str(p.getOrgan()),  Str(p.getKind()),    OptionalToDate(p.getPeriodFrom()),
                ToDate(p.getPeriodTo()), Str(p.getGoalId()), AssessmentValueOf(p), Str(p.getAnalysis()), {}};
  CompletionFact(st, "FollowUpRecorded", r.organ, ToString(r.period_to)) =
      ToString(m.EffectiveDate());
  if (r.assessment) {
    const Assessment a{*r.assessment, r.period_to, r.analysis, r.id};
    if (auto g = st.outcome_goals.find(r.goal_id); g != st.outcome_goals.end()) g->second.latest = a;
    if (auto g = st.strategic_goals.find(r.goal_id); g != st.strategic_goals.end()) g->second.latest = a;
  }
  Upsert(st, st.follow_ups, r.id, std::move(r), m);
}
}  // namespace

// Over 60 lines: a table, one entry per event type (its checks and applies
// are the named functions above), read top to bottom like a schema.
void RegisterGoalEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::VisionSet>({
      .command = "SetVision",
      .event_type = "VisionSet",
      .category = "goals",
      .organ = [](s::VisionSet::Reader p) { return Str(p.getOrgan()); },
      .check = CheckVisionSet,
      .apply = [](DomainState& st, const EventMeta&, s::VisionSet::Reader p) { st.visions[Str(p.getId())] = Str(p.getText()); },
  }));

  out.push_back(Erase<s::StrategicGoalSet>({
      .command = "SetStrategicGoal",
      .event_type = "StrategicGoalSet",
      .category = "goals",
      .organ = [](s::StrategicGoalSet::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::StrategicGoalSet::Reader p) { return Str(p.getPeriodFrom()); },
      .check = CheckStrategicGoalSet,
      .apply = ApplyStrategicGoalSet,
  }));

  out.push_back(Erase<s::OutcomeGoalSet>({
      .command = "SetOutcomeGoal",
      .event_type = "OutcomeGoalSet",
      .category = "goals",
      .organ = [](s::OutcomeGoalSet::Reader p) { return Str(p.getOrgan()); },
      .check = CheckOutcomeGoal,
      .apply = ApplyOutcomeGoalSet,
  }));

  out.push_back(Erase<s::ActivityPlanned>({
      .command = "PlanActivity",
      .event_type = "ActivityPlanned",
      .category = "goals",
      .organ = [](s::ActivityPlanned::Reader p) { return Str(p.getOrgan()); },
      .check = CheckActivity,
      .apply = ApplyActivityPlanned,
  }));

  out.push_back(Erase<s::IndicatorDefined>({
      .command = "DefineIndicator",
      .event_type = "IndicatorDefined",
      .category = "indicators",
      .organ = [](s::IndicatorDefined::Reader p) { return Str(p.getOrgan()); },
      .check = CheckIndicatorDefined,
      .apply = ApplyIndicatorDefined,
  }));

  out.push_back(Erase<s::IndicatorMeasured>({
      .command = "MeasureIndicator",
      .event_type = "IndicatorMeasured",
      .category = "indicators",
      .organ = [](s::IndicatorMeasured::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::IndicatorMeasured::Reader p) { return Str(p.getPeriodEnd()); },
      .check = CheckIndicatorMeasured,
      .apply = ApplyIndicatorMeasured,
  }));

  out.push_back(Erase<s::FollowUpRecorded>({
      .command = "RecordFollowUp",
      .event_type = "FollowUpRecorded",
      .category = "follow-ups",
      .organ = [](s::FollowUpRecorded::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::FollowUpRecorded::Reader p) { return Str(p.getPeriodTo()); },
      .check = CheckFollowUpRecorded,
      .apply = ApplyFollowUpRecorded,
  }));
}

}  // namespace arshjul::engine
