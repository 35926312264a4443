#include "seed_rules.h"

namespace arshjul::engine {
namespace {

namespace s = schema;

constexpr const char* kOwnerDirective = "governing_document.owner_directive_by_council";
constexpr const char* kActionPlan = "governing_document.action_plan_dated";
constexpr const char* kPriorityReasons = "goal.priority_reasons";
constexpr const char* kRiskCategory = "risk.category";

std::string RiskField(size_t i, const char* leaf = nullptr) {
  return "payload.risks[" + std::to_string(i) + "]" + (leaf ? std::string(".") + leaf : std::string());
}

// Rule risk.category where it is on: the category the place asks for.
Status CheckRiskPlace(const std::string& id, const std::string& category, size_t i, const RiskPlace& place) {
  if (category.empty()) {
    return Status::Rejected(kRiskCategory, RiskField(i, "category"),
                            "Risken '" + id + "' saknar kategori: strategic (strategisk, hör till nulägesanalysen) "
                            "eller operational (operativ, hör till internkontrollplanen)");
  }
  if (place.internal_control_plan && category != "operational") {
    return Status::Rejected(kRiskCategory, RiskField(i, "category"),
                            "Risken '" + id + "' är strategisk och redovisas i nulägesanalysen, inte i "
                            "internkontrollplanen (som tar upp de operativa riskerna)");
  }
  if (!place.internal_control_plan && category != "strategic") {
    return Status::Rejected(kRiskCategory, RiskField(i, "category"),
                            "Risken '" + id + "' är operativ och hör till internkontrollplanen, inte till "
                            "nulägesanalysens riskanalys (som tar upp de strategiska riskerna)");
  }
  return Status::Ok();
}

}  // namespace

Status CheckOwnerDirective(const RuleContext& ctx, s::GoverningDocumentAdopted::Reader p) {
  if (Str(p.getDocType()) != "ägardirektiv" || !RuleOn(ctx, kOwnerDirective)) return Status::Ok();
  const std::string kf = ctx.state.org.CouncilId(), by = Str(p.getDecidedBy());
  if (by != kf) {
    return Status::Rejected(kOwnerDirective, "payload.decidedBy",
                            "Ägardirektiv till bolagen fastställs av kommunfullmäktige (" + kf + "), inte av '" + by +
                                "'");
  }
  auto decision = ctx.state.decisions.find(Str(p.getDecisionId()));
  if (decision != ctx.state.decisions.end() && decision->second.organ != kf) {
    return Status::Rejected(kOwnerDirective, "payload.decisionId",
                            "Ägardirektiv fastställs av kommunfullmäktige; beslutet '" + decision->first +
                                "' fattades av '" + decision->second.organ + "'");
  }
  return Status::Ok();
}

Status CheckOwnerDirectiveRevision(const RuleContext& ctx, s::GoverningDocumentRevised::Reader p) {
  auto doc = ctx.state.documents.find(Str(p.getDocumentId()));
  if (doc == ctx.state.documents.end() || doc->second.doc_type != "ägardirektiv" || !RuleOn(ctx, kOwnerDirective))
    return Status::Ok();
  const std::string kf = ctx.state.org.CouncilId(), by = Str(p.getOrgan());
  if (by != kf) {
    return Status::Rejected(kOwnerDirective, "payload.organ",
                            "Ägardirektiv revideras av kommunfullmäktige (" + kf + "), inte av '" + by + "'");
  }
  return Status::Ok();
}

Status CheckActionPlanDated(const RuleContext& ctx, s::GoverningDocumentAdopted::Reader p) {
  if (Str(p.getDocType()) != "handlingsplan" || !RuleOn(ctx, kActionPlan)) return Status::Ok();
  if (p.getValidUntil().size() == 0) {
    return Status::Rejected(kActionPlan, "payload.validUntil",
                            "En handlingsplan är alltid tidssatt: ange det datum den gäller till (validUntil)");
  }
  const Date from = ToDate(p.getAdoptedOn()), until = ToDate(p.getValidUntil());  // both checked as dates before
  if (until < from) {
    return Status::Rejected(kActionPlan, "payload.validUntil",
                            "Handlingsplanens slutdatum " + ToString(until) + " ligger före dess fastställelsedatum " +
                                ToString(from));
  }
  return Status::Ok();
}

Status CheckPriorityReasons(const RuleContext& ctx, s::OutcomeGoalSet::Reader p) {
  auto reasons = p.getPriorityReasons();
  for (unsigned i = 0; i < reasons.size(); ++i) {
    if (reasons[i].size() == 0)
      return Status::InvalidArgument("ett skäl är tomt", "payload.priorityReasons[" + std::to_string(i) + "]");
  }
  if (reasons.size() == 0 && ctx.state.org.RuleOptedIn(kPriorityReasons)) {
    return Status::Rejected(kPriorityReasons, "payload.priorityReasons",
                            "Effektmålet '" + Str(p.getId()) + "' redovisas med de viktigaste skälen till att "
                            "prioritera det (mål- och budgetdialogen)");
  }
  return Status::Ok();
}

Status CheckRisks(const RuleContext& ctx, capnp::List<s::Risk>::Reader risks, const RiskPlace& place) {
  const bool on = ctx.state.org.RuleOptedIn(kRiskCategory);
  if (on && !place.internal_control_plan && risks.size() > 0 && place.analysis_kind != "nulagesanalys") {
    return Status::Rejected(kRiskCategory, "payload.risks",
                            "Strategiska risker redovisas i nulägesanalysens riskanalys, inte i en analys av slaget '" +
                                place.analysis_kind + "'");
  }
  for (unsigned i = 0; i < risks.size(); ++i) {
    const std::string id = Str(risks[i].getId()), category = Str(risks[i].getCategory());
    if (!place.internal_control_plan && (id.empty() || risks[i].getDescription().size() == 0)) {
      return Status::InvalidArgument(id.empty() ? "riskens id saknas" : "riskens beskrivning saknas",
                                     RiskField(i, id.empty() ? "id" : "description"));
    }
    if (!category.empty() && !ParseRiskCategory(category)) {
      return Status::InvalidArgument("okänd riskkategori '" + category + "' (tillåtna: strategic, operational)",
                                     RiskField(i, "category"));
    }
    if (on) ARSHJUL_RETURN_IF_ERROR(CheckRiskPlace(id, category, i, place));
  }
  return Status::Ok();
}

RiskRow ToRiskRow(s::Risk::Reader r) {
  RiskRow row;
  row.id = Str(r.getId());
  row.description = Str(r.getDescription());
  row.likelihood = r.getLikelihood();
  row.consequence = r.getConsequence();
  row.category = Str(r.getCategory());
  return row;
}

}  // namespace arshjul::engine
