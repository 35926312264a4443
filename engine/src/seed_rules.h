// The rest of the seeds' rules (issue 9, item 7), each switchable per kommun
// in the organisation file's `rules:` (docs/organization-format.md):
//   governing_document.owner_directive_by_council  ägardirektiv are decided by KF (Trelleborg)
//   governing_document.action_plan_dated           a handlingsplan is always tidssatt (Trelleborg)
//   goal.priority_reasons (opt-in)                 an effektmål states the reasons it is prioritised
//                                                  (Trelleborg's mål- och budgetdialog)
//   risk.category (opt-in)                         a risk is strategic (in the nulägesanalys) or
//                                                  operational (in the internkontrollplan) (Tranemo)
// Checks over typed payload readers, called from the event specs' checks.
// Internal to the engine; stateless, thread-safe.
#pragma once

#include <string>

#include "event_spec.h"

namespace arshjul::engine {

Status CheckOwnerDirective(const RuleContext& ctx, schema::GoverningDocumentAdopted::Reader p);
Status CheckOwnerDirectiveRevision(const RuleContext& ctx, schema::GoverningDocumentRevised::Reader p);
Status CheckActionPlanDated(const RuleContext& ctx, schema::GoverningDocumentAdopted::Reader p);
Status CheckPriorityReasons(const RuleContext& ctx, schema::OutcomeGoalSet::Reader p);

// Where a list of risks is recorded: an internkontrollplan, or an analysis of
// `analysis_kind` (omvarldsanalys, nulagesanalys …).
struct RiskPlace {
  bool internal_control_plan = false;
  std::string analysis_kind;
};
// A category that is given must be known (always); where risk.category is on,
// every risk has one and it fits the place.
Status CheckRisks(const RuleContext& ctx, capnp::List<schema::Risk>::Reader risks, const RiskPlace& place);
RiskRow ToRiskRow(schema::Risk::Reader r);

}  // namespace arshjul::engine
