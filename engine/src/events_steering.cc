// Follow-up below the nämnd: activity progress (status, progress, completion
// with utfall and resultat), grunduppdrag, kvalitetsfaktorer and their
// kvalitetsindikatorer (measured with MeasureIndicator like any indicator).
#include "event_spec.h"

namespace arshjul::engine {
namespace {

namespace s = schema;

constexpr std::initializer_list<const char*> kActivityStatuses = {"not_started", "in_progress", "done", "stopped"};

// Rule activity.result (Tomelilla, Trelleborg): a finished activity reports
// its result, a stopped one why; progress is a per cent.
Status CheckActivityProgress(const RuleContext& ctx, s::ActivityProgressReported::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.activities, p.getActivityId(), "activityId", "okänd aktivitet",
                                         p.getOrgan(), &ActivityRow::organ, "aktiviteten tillhör ")
                              .status());
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getReportedOn(), "reportedOn", "rapportdatum"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getStatus(), "status", kActivityStatuses));
  if (p.getProgress() < 0 || p.getProgress() > 100) {
    return Status::InvalidArgument("framdriften anges i procent, 0–100", "payload.progress");
  }
  if (!RuleOn(ctx, "activity.result")) return Status::Ok();
  const std::string status = Str(p.getStatus());
  if (status == "done" && p.getResult().size() == 0) {
    return Status::Rejected("activity.result", "payload.result",
                            "En slutförd aktivitet ska redovisa sitt resultat (vad den ledde till för målgruppen)");
  }
  if (status == "stopped" && p.getComment().size() == 0) {
    return Status::Rejected("activity.result", "payload.comment", "En stoppad aktivitet ska ange varför den stoppades");
  }
  return Status::Ok();
}

void ApplyActivityProgress(DomainState& st, const EventMeta&, s::ActivityProgressReported::Reader p) {
  auto status = ParseActivityStatus(Str(p.getStatus()));
  if (!status) FailApply("status", p.getStatus());
  ActivityProgress& a = st.steering.activity_progress[Str(p.getActivityId())];
  a.status = *status;
  a.progress = *status == ActivityStatus::kDone ? 100 : p.getProgress();
  a.reported_on = ToDate(p.getReportedOn());
  if (*status == ActivityStatus::kDone && !a.completed_on) a.completed_on = a.reported_on;
  if (*status != ActivityStatus::kDone) a.completed_on.reset();
  a.output = Str(p.getOutput());
  a.result = Str(p.getResult());
  a.comment = Str(p.getComment());
}

Status RequireGoverningDocuments(const RuleContext& ctx, capnp::List<capnp::Text>::Reader ids, const char* field) {
  for (auto id : ids) {
    if (!ctx.state.documents.count(Str(id))) {
      return Status::InvalidArgument("okänt styrdokument '" + Str(id) + "'", std::string("payload.") + field);
    }
  }
  return Status::Ok();
}

Status CheckBasicMission(const RuleContext& ctx, s::BasicMissionSet::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getMission(), "mission", "grunduppdraget (uppdrag)"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getPurpose(), "purpose", "grunduppdragets syfte"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getValidFrom(), "validFrom", "giltigt från"));
  return RequireGoverningDocuments(ctx, p.getGoverningDocumentIds(), "governingDocumentIds");
}

void ApplyBasicMission(DomainState& st, const EventMeta&, s::BasicMissionSet::Reader p) {
  st.steering.basic_missions[Str(p.getOrgan())] =
      BasicMissionRow{Str(p.getOrgan()),         Str(p.getMission()),
                      Str(p.getPurpose()),       Str(p.getTargetGroup()),
                      Strs(p.getGoverningDocumentIds()), OptionalToDate(p.getValidFrom())};
}

Status CheckQualityFactor(const RuleContext& ctx, s::QualityFactorDefined::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "kvalitetsfaktorns id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getName(), "name", "kvalitetsfaktorns namn"));
  if (ctx.state.steering.quality_factors.count(Str(p.getId()))) {
    return Status::InvalidArgument("kvalitetsfaktorn '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  return Status::Ok();
}

void ApplyQualityFactor(DomainState& st, const EventMeta&, s::QualityFactorDefined::Reader p) {
  st.steering.quality_factors[Str(p.getId())] =
      QualityFactorRow{Str(p.getId()), Str(p.getOrgan()), Str(p.getName()), Str(p.getDescription())};
}

// Rule quality.method_and_routine (Tranemo): a kvalitetsindikator states how
// it is measured (mätmetod) and the routine that measures it (rutin).
Status CheckQualityIndicator(const RuleContext& ctx, s::QualityIndicatorDefined::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "kvalitetsindikatorns id"));
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.steering.quality_factors, p.getQualityFactorId(),
                                         "qualityFactorId", "okänd kvalitetsfaktor", p.getOrgan(),
                                         &QualityFactorRow::organ, "kvalitetsfaktorn tillhör ")
                              .status());
  ARSHJUL_RETURN_IF_ERROR(Require(p.getName(), "name", "kvalitetsindikatorns namn"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getMethod(), "method", {"quantitative", "qualitative"}));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getPeriodicity(), "periodicity",
                                       {"monthly", "quarterly", "tertial", "half_year", "yearly"}));
  if (ctx.state.indicators.count(Str(p.getId()))) {
    return Status::InvalidArgument("indikatorn '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  if (!RuleOn(ctx, "quality.method_and_routine")) return Status::Ok();
  if (p.getMeasurementMethod().size() == 0) {
    return Status::Rejected("quality.method_and_routine", "payload.measurementMethod",
                            "En kvalitetsindikator ska ange sin mätmetod");
  }
  if (p.getRoutine().size() == 0) {
    return Status::Rejected("quality.method_and_routine", "payload.routine",
                            "En kvalitetsindikator ska ange rutinen för mätningen (vem, när, var den redovisas)");
  }
  return Status::Ok();
}

void ApplyQualityIndicator(DomainState& st, const EventMeta& m, s::QualityIndicatorDefined::Reader p) {
  auto method = ParseIndicatorMethod(Str(p.getMethod()));
  auto periodicity = ParsePeriodicity(Str(p.getPeriodicity()));
  if (!method) FailApply("method", p.getMethod());
  if (!periodicity) FailApply("periodicity", p.getPeriodicity());
  IndicatorRow r{Str(p.getId()), "",         Str(p.getOrgan()), Str(p.getName()), *method, *periodicity,
                 Str(p.getUnit()), Str(p.getKoladaKpi()), p.getTarget(), p.getHigherIsBetter(), {}, m.Source()};
  st.steering.quality_indicators[r.id] = QualityIndicatorRow{r.id, Str(p.getQualityFactorId()),
                                                             Str(p.getMeasurementMethod()), Str(p.getRoutine())};
  st.indicators[r.id] = std::move(r);
}

}  // namespace

void RegisterSteeringEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::ActivityProgressReported>({
      .command = "ReportActivityProgress",
      .event_type = "ActivityProgressReported",
      .category = "goals",
      .organ = [](s::ActivityProgressReported::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::ActivityProgressReported::Reader p) { return Str(p.getReportedOn()); },
      .check = CheckActivityProgress,
      .apply = ApplyActivityProgress,
  }));
  out.push_back(Erase<s::BasicMissionSet>({
      .command = "SetBasicMission",
      .event_type = "BasicMissionSet",
      .category = "goals",
      .organ = [](s::BasicMissionSet::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::BasicMissionSet::Reader p) { return Str(p.getValidFrom()); },
      .check = CheckBasicMission,
      .apply = ApplyBasicMission,
  }));
  out.push_back(Erase<s::QualityFactorDefined>({
      .command = "DefineQualityFactor",
      .event_type = "QualityFactorDefined",
      .category = "indicators",
      .organ = [](s::QualityFactorDefined::Reader p) { return Str(p.getOrgan()); },
      .check = CheckQualityFactor,
      .apply = ApplyQualityFactor,
  }));
  out.push_back(Erase<s::QualityIndicatorDefined>({
      .command = "DefineQualityIndicator",
      .event_type = "QualityIndicatorDefined",
      .category = "indicators",
      .organ = [](s::QualityIndicatorDefined::Reader p) { return Str(p.getOrgan()); },
      .check = CheckQualityIndicator,
      .apply = ApplyQualityIndicator,
  }));
}

}  // namespace arshjul::engine
