// Analyses as documents (Tomelilla: omvärldsanalys kommun-wide then per
// verksamhet, nulägesanalys, the nulägeskarta built on the two and handed to
// the nämnd; nulägeskoll before each verksamhetsdialog) and the
// verksamhetsplan that records which nulägeskarta it starts from.
#include "event_spec.h"
#include "seed_rules.h"

namespace arshjul::engine {
namespace {

namespace s = schema;

bool BasedOnKind(const DomainState& st, s::AnalysisRecorded::Reader p, const std::string& kind) {
  for (auto id : p.getBasedOn()) {
    auto it = st.steering.analyses.find(Str(id));
    if (it != st.steering.analyses.end() && it->second.kind == kind) return true;
  }
  return false;
}

// Rule analysis.current_state_map_basis (Tomelilla): a nulägeskarta builds on
// an omvärldsanalys and a nulägesanalys.
Status CheckAnalysis(const RuleContext& ctx, s::AnalysisRecorded::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "analysens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(
      RequireOneOf(p.getKind(), "kind", {"omvarldsanalys", "nulagesanalys", "nulageskarta", "nulageskoll"}));
  if (p.getYear() < 2000 || p.getYear() > 2100) return Status::InvalidArgument("år saknas eller är orimligt", "payload.year");
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTitle(), "title", "analysens rubrik"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getContent(), "content", "analysens innehåll"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getRecordedOn(), "recordedOn", "datum"));
  if (ctx.state.steering.analyses.count(Str(p.getId()))) {
    return Status::InvalidArgument("analysen '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  for (auto id : p.getBasedOn()) {
    if (!ctx.state.steering.analyses.count(Str(id)))
      return Status::InvalidArgument("okänd analys '" + Str(id) + "'", "payload.basedOn");
  }
  ARSHJUL_RETURN_IF_ERROR(CheckRisks(ctx, p.getRisks(), RiskPlace{.internal_control_plan = false, .analysis_kind = Str(p.getKind())}));
  if (Str(p.getKind()) != "nulageskarta" || !RuleOn(ctx, "analysis.current_state_map_basis")) return Status::Ok();
  for (const char* kind : {"omvarldsanalys", "nulagesanalys"}) {
    if (!BasedOnKind(ctx.state, p, kind)) {
      return Status::Rejected("analysis.current_state_map_basis", "payload.basedOn",
                              std::string("En nulägeskarta ska bygga på en ") +
                                  (std::string(kind) == "omvarldsanalys" ? "omvärldsanalys" : "nulägesanalys"));
    }
  }
  return Status::Ok();
}

void ApplyAnalysis(DomainState& st, const EventMeta& m, s::AnalysisRecorded::Reader p) {
  AnalysisRow r;
  r.id = Str(p.getId());
  r.organ = Str(p.getOrgan());
  r.kind = Str(p.getKind());
  r.title = Str(p.getTitle());
  r.content = Str(p.getContent());
  r.year = p.getYear();
  r.based_on = Strs(p.getBasedOn());
  r.links = Strs(p.getLinks());
  r.recorded_on = OptionalToDate(p.getRecordedOn());
  for (auto risk : p.getRisks()) r.risks.push_back(ToRiskRow(risk));
  const std::string on = r.recorded_on ? ToString(*r.recorded_on) : ToString(m.EffectiveDate());
  // Completes a step without a period (analys) for the organ and year.
  CompletionFact(st, "AnalysisRecorded", r.organ, std::to_string(r.year)) = on;
  st.steering.analyses[r.id] = std::move(r);
}

Status CheckHandover(const RuleContext& ctx, s::AnalysisHandedOver::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.steering.analyses, p.getAnalysisId(), "analysisId", "okänd analys",
                                         p.getOrgan(), &AnalysisRow::organ, "analysen tillhör ")
                              .status());
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getToOrgan(), "toOrgan"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getHandedOverOn(), "handedOverOn", "datum för överlämnandet"));
  if (p.getDecisionId().size() && !ctx.state.decisions.count(Str(p.getDecisionId()))) {
    return Status::InvalidArgument("okänt beslut '" + Str(p.getDecisionId()) + "'", "payload.decisionId");
  }
  return Status::Ok();
}

void ApplyHandover(DomainState& st, const EventMeta&, s::AnalysisHandedOver::Reader p) {
  st.steering.analyses[Str(p.getAnalysisId())].handovers.push_back(
      HandoverRow{Str(p.getToOrgan()), Str(p.getDecisionId()), ToDate(p.getHandedOverOn())});
}

// Rule plan.starts_from_current_state_map (Tomelilla): a verksamhetsplan
// names the nulägeskarta it starts from.
Status CheckOperationalPlan(const RuleContext& ctx, s::OperationalPlanAdopted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "verksamhetsplanens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  if (p.getYear() < 2000 || p.getYear() > 2100) return Status::InvalidArgument("år saknas eller är orimligt", "payload.year");
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getAdoptedOn(), "adoptedOn", "beslutsdatum"));
  if (ctx.state.steering.operational_plans.count(Str(p.getId()))) {
    return Status::InvalidArgument("verksamhetsplanen '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  for (auto id : p.getGoalIds()) {
    if (!ctx.state.outcome_goals.count(Str(id)) && !ctx.state.strategic_goals.count(Str(id)))
      return Status::InvalidArgument("okänt mål '" + Str(id) + "'", "payload.goalIds");
  }
  if (p.getStartsFrom().size()) {
    auto it = ctx.state.steering.analyses.find(Str(p.getStartsFrom()));
    if (it == ctx.state.steering.analyses.end() || it->second.kind != "nulageskarta")
      return Status::InvalidArgument("'" + Str(p.getStartsFrom()) + "' är ingen registrerad nulägeskarta",
                                     "payload.startsFrom");
    return Status::Ok();
  }
  if (!RuleOn(ctx, "plan.starts_from_current_state_map")) return Status::Ok();
  return Status::Rejected("plan.starts_from_current_state_map", "payload.startsFrom",
                          "En verksamhetsplan ska ange vilken nulägeskarta den utgår från");
}

void ApplyOperationalPlan(DomainState& st, const EventMeta&, s::OperationalPlanAdopted::Reader p) {
  OperationalPlanRow r{Str(p.getId()),         Str(p.getOrgan()),      Str(p.getTitle()),     Str(p.getDecisionId()),
                       Str(p.getStartsFrom()), p.getYear(),            ToDate(p.getAdoptedOn()), Strs(p.getGoalIds())};
  // Completes the step of the plan's year (its period ends 31 December).
  CompletionFact(st, "OperationalPlanAdopted", r.organ, std::to_string(r.year) + "-12-31") =
      ToString(r.adopted_on);
  st.steering.operational_plans[r.id] = std::move(r);
}

}  // namespace

void RegisterAnalysisEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::AnalysisRecorded>({
      .command = "RecordAnalysis",
      .event_type = "AnalysisRecorded",
      .category = "analyses",
      .organ = [](s::AnalysisRecorded::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::AnalysisRecorded::Reader p) { return Str(p.getRecordedOn()); },
      .check = CheckAnalysis,
      .apply = ApplyAnalysis,
  }));
  out.push_back(Erase<s::AnalysisHandedOver>({
      .command = "HandOverAnalysis",
      .event_type = "AnalysisHandedOver",
      .category = "analyses",
      .organ = [](s::AnalysisHandedOver::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::AnalysisHandedOver::Reader p) { return Str(p.getHandedOverOn()); },
      .check = CheckHandover,
      .apply = ApplyHandover,
  }));
  out.push_back(Erase<s::OperationalPlanAdopted>({
      .command = "AdoptOperationalPlan",
      .event_type = "OperationalPlanAdopted",
      .category = "plans",
      .organ = [](s::OperationalPlanAdopted::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::OperationalPlanAdopted::Reader p) { return Str(p.getAdoptedOn()); },
      .check = CheckOperationalPlan,
      .apply = ApplyOperationalPlan,
  }));
}

}  // namespace arshjul::engine
