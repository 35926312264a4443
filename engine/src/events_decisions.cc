// Decisions, governing documents, assignments and delegation.
#include "event_spec.h"
#include "seed_rules.h"

namespace arshjul::engine {
namespace {

namespace s = schema;
using std::string;

// Rule decision.child_rights (Tranemo): a decision concerning children needs a
// prövning av barnets bästa; a major one, or one that may harm children, a
// barnkonsekvensanalys.
Status CheckChildRights(const RuleContext& ctx, s::DecisionRecorded::Reader p) {
  if (!RuleOn(ctx, "decision.child_rights")) return Status::Ok();
  if (p.getConcernsChildren() && p.getChildBestInterestReview().size() == 0) {
    return Status::Rejected("decision.child_rights", "payload.childBestInterestReview",
                            "Ett beslut som rör barn kräver en dokumenterad prövning av barnets bästa");
  }
  bool needs_analysis = (p.getConcernsChildren() && p.getMajor()) || p.getPossiblyHarmfulToChildren();
  if (needs_analysis && p.getChildImpactAssessmentRef().size() == 0) {
    return Status::Rejected("decision.child_rights", "payload.childImpactAssessmentRef",
                            "Ett större beslut som rör barn, eller som kan påverka barn negativt, kräver en "
                            "barnkonsekvensanalys före beslutet (ange referens)");
  }
  return Status::Ok();
}

Status CheckDecision(const RuleContext& ctx, s::DecisionRecorded::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "beslutets id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getMeetingDate(), "meetingDate", "sammanträdesdatum"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getMinuteItem(), "minuteItem", "paragraf"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getRegistryNumber(), "registryNumber", "diarienummer"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTitle(), "title", "rubrik"));
  if (p.getDecides().size() > 0) {
    ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getDecides(), "decides",
                                         {"budget", "governing_document", "assignment", "delegation", "discharge",
                                          "exception", "annual_report", "interim_report", "operational_plan",
                                          "company_review", "other"}));
  }
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodFrom(), "periodFrom", "periodens början"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getPeriodTo(), "periodTo", "periodens slut"));
  ARSHJUL_RETURN_IF_ERROR(
      CheckNewOrCorrection(ctx, ctx.state.decisions.count(Str(p.getId())) > 0, p.getId(), p.getCorrects(), "beslutet"));
  ARSHJUL_RETURN_IF_ERROR(CheckDecisionRecordKeeping(ctx, p));
  for (auto step : p.getCompletesSteps())
    ARSHJUL_RETURN_IF_ERROR(CheckPlannedInstance(ctx, Str(step), Str(p.getOrgan()), "payload.completesSteps"));
  return CheckChildRights(ctx, p);
}

// Rule governing_document.decider (Trelleborg): a policy binding more than one
// committee is decided by KF; a strategy for more than one committee by KS or KF.
Status CheckDocumentDecider(const RuleContext& ctx, s::GoverningDocumentAdopted::Reader p) {
  if (!RuleOn(ctx, "governing_document.decider") || p.getAppliesTo().size() <= 1) return Status::Ok();
  string type = Str(p.getDocType()), by = Str(p.getDecidedBy());
  string kf = ctx.state.org.CouncilId(), ks = ctx.state.org.ExecutiveBoardId();
  if (type == "policy" && by != kf) {
    return Status::Rejected("governing_document.decider", "payload.decidedBy",
                            "En policy som gäller fler än en nämnd ska beslutas av kommunfullmäktige");
  }
  if (type == "strategi" && by != kf && by != ks) {
    return Status::Rejected("governing_document.decider", "payload.decidedBy",
                            "En strategi som gäller fler än en nämnd ska beslutas av kommunstyrelsen eller "
                            "kommunfullmäktige");
  }
  return Status::Ok();
}

Status CheckDocument(const RuleContext& ctx, s::GoverningDocumentAdopted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "styrdokumentets id"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTitle(), "title", "titel"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(
      p.getDocType(), "docType",
      {"vision", "värdegrund", "policy", "strategi", "program", "plan", "riktlinje", "regel", "rutin", "reglemente",
       "taxa", "bolagsordning", "ägardirektiv", "handlingsplan", "delegationsordning"}));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getDecidedBy(), "decidedBy"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getAdoptedOn(), "adoptedOn", "fastställelsedatum"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getValidUntil(), "validUntil", "giltighetstid"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getNextRevision(), "nextRevision", "nästa revidering"));
  for (auto organ : p.getAppliesTo()) ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, organ, "appliesTo"));
  ARSHJUL_RETURN_IF_ERROR(CheckNewOrCorrection(ctx, ctx.state.documents.count(Str(p.getId())) > 0, p.getId(),
                                               p.getCorrects(), "styrdokumentet"));
  ARSHJUL_RETURN_IF_ERROR(CheckOwnerDirective(ctx, p));   // seed_rules.cc
  ARSHJUL_RETURN_IF_ERROR(CheckActionPlanDated(ctx, p));
  return CheckDocumentDecider(ctx, p);
}

// Rule assignment.via_municipal_manager (Tranemo): an assignment from KS or a
// subcommittee to the administration goes through the kommunchef.
Status CheckAssignmentRoute(const RuleContext& ctx, s::AssignmentGiven::Reader p) {
  if (!RuleOn(ctx, "assignment.via_municipal_manager")) return Status::Ok();
  const Organ* from = ctx.state.org.FindOrgan(Str(p.getFromOrgan()));
  const Organ* to = ctx.state.org.FindOrgan(Str(p.getToOrgan()));
  if (!from || !to || to->kind != OrganKind::kAdministration) return Status::Ok();
  if (from->kind != OrganKind::kExecutiveBoard && from->kind != OrganKind::kSubcommittee) return Status::Ok();
  string via = "kommunchef";
  auto rule = ctx.state.org.rules.find("assignment.via_municipal_manager");
  if (rule != ctx.state.org.rules.end() && rule->second.params.count("role")) via = rule->second.params.at("role");
  if (Str(p.getVia()) != via) {
    return Status::Rejected("assignment.via_municipal_manager", "payload.via",
                            "Uppdrag från kommunstyrelsen eller ett utskott till förvaltningen ska gå via " + via +
                                " (ange via: \"" + via + "\")");
  }
  return Status::Ok();
}

Status CheckAssignment(const RuleContext& ctx, s::AssignmentGiven::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "uppdragets id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getFromOrgan(), "fromOrgan"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getToOrgan(), "toOrgan"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getToRole(), "toRole", "mottagande roll"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getText(), "text", "uppdragets innehåll"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getDueDate(), "dueDate", "slutdatum för återrapportering"));
  ARSHJUL_RETURN_IF_ERROR(CheckNewOrCorrection(ctx, ctx.state.assignments.count(Str(p.getId())) > 0, p.getId(),
                                               p.getCorrects(), "uppdraget"));
  return CheckAssignmentRoute(ctx, p);
}

void ApplyDecisionRecorded(DomainState& st, const EventMeta& m, s::DecisionRecorded::Reader p) {
  DecisionRow r{Str(p.getId()), Str(p.getOrgan()), ToDate(p.getMeetingDate()), Str(p.getMinuteItem()),
                Str(p.getRegistryNumber()), Str(p.getTitle()), Str(p.getText()), Str(p.getDecides()),
                p.getConcernsChildren(), Str(p.getChildBestInterestReview()),
                Str(p.getChildImpactAssessmentRef()), {}};
  // The årshjul steps it completes (completion: DecisionRecorded), on the meeting's date:
  // those it names, and those it matches by organ, what it decides and its period.
  for (auto step : p.getCompletesSteps()) st.completed_steps[Str(step)] = Str(p.getMeetingDate());
  const std::string period_end = p.getPeriodTo().size() ? Str(p.getPeriodTo()) : std::to_string(static_cast<int>(r.meeting_date.year())) + "-12-31";
  DecisionDates(st, "DecisionRecorded", r.organ, period_end).insert(r.meeting_date);
  if (!r.decides.empty())
    DecisionDates(st, "DecisionRecorded/" + r.decides, r.organ, period_end).insert(r.meeting_date);
  Upsert(st, st.decisions, r.id, std::move(r), m);
}

void ApplyGoverningDocumentAdopted(DomainState& st, const EventMeta& m, s::GoverningDocumentAdopted::Reader p) {
  DocumentRow r{Str(p.getId()), Str(p.getTitle()), Str(p.getDocType()), Str(p.getDecidedBy()),
                Str(p.getDecisionId()), Str(p.getOwner()), Str(p.getFollowedUpBy()), ToDate(p.getAdoptedOn()),
                OptionalToDate(p.getValidUntil()), OptionalToDate(p.getNextRevision()), Strs(p.getAppliesTo()), {}, {}};
  Upsert(st, st.documents, r.id, std::move(r), m,
         [](DocumentRow& row, const DocumentRow& old) { row.revisions = old.revisions; });
}

Status CheckGoverningDocumentRevised(const RuleContext& ctx, s::GoverningDocumentRevised::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.documents, p.getDocumentId(), "documentId", "okänt styrdokument",
                                         p.getOrgan(), &DocumentRow::decided_by,
                                         "organet ska vara det som beslutade dokumentet: ")
                              .status());
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getRevisedOn(), "revisedOn", "revideringsdatum"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getNextRevision(), "nextRevision", "nästa revidering"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getValidUntil(), "validUntil", "giltighetstid"));
  return CheckOwnerDirectiveRevision(ctx, p);
}

void ApplyGoverningDocumentRevised(DomainState& st, const EventMeta&, s::GoverningDocumentRevised::Reader p) {
  DocumentRow& d = st.documents[Str(p.getDocumentId())];
  d.revisions.push_back(Str(p.getRevisedOn()) + ": " + Str(p.getSummary()));
  if (p.getNextRevision().size()) d.next_revision = ToDate(p.getNextRevision());
  if (p.getValidUntil().size()) d.valid_until = ToDate(p.getValidUntil());
}

void ApplyAssignmentGiven(DomainState& st, const EventMeta& m, s::AssignmentGiven::Reader p) {
  AssignmentRow r;
  r.id = Str(p.getId());
  r.from_organ = Str(p.getFromOrgan());
  r.decision_id = Str(p.getDecisionId());
  r.to_organ = Str(p.getToOrgan());
  r.to_role = Str(p.getToRole());
  r.via = Str(p.getVia());
  r.text = Str(p.getText());
  r.report_back = Str(p.getReportBack());
  r.due = ToDate(p.getDueDate());
  // Given again (a correction), it keeps what was reported on it.
  Upsert(st, st.assignments, r.id, std::move(r), m, [](AssignmentRow& row, const AssignmentRow& old) {
    row.status = old.status;
    row.reported_on = old.reported_on;
    row.report_text = old.report_text;
  });
}

Status CheckAssignmentReported(const RuleContext& ctx, s::AssignmentReported::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.assignments, p.getAssignmentId(), "assignmentId", "okänt uppdrag",
                                         p.getOrgan(), &AssignmentRow::from_organ,
                                         "uppdraget återrapporteras till det organ som gav det: ")
                              .status());
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getReportedOn(), "reportedOn", "återrapporteringsdatum"));
  return RequireOneOf(p.getStatus(), "status", {"done", "in_progress", "cancelled"});
}

void ApplyAssignmentReported(DomainState& st, const EventMeta& m, s::AssignmentReported::Reader p) {
  AssignmentRow& a = st.assignments[Str(p.getAssignmentId())];
  auto status = ParseAssignmentStatus(Str(p.getStatus()));
  if (!status) FailApply("status", p.getStatus());  // check allows only the known values
  a.status = *status;
  a.reported_on = ToDate(p.getReportedOn());
  a.report_text = Str(p.getText());
  a.report_source = m.Source();
  // Done or cancelled ends the steps the assignment started (verkställighet, report-back).
  if (a.status == AssignmentStatus::kDone || a.status == AssignmentStatus::kCancelled)
    CompletionFact(st, "AssignmentReported", "", a.id) = Str(p.getReportedOn());
}

Status CheckDelegationGranted(const RuleContext& ctx, s::DelegationGranted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "delegationens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getFromOrgan(), "fromOrgan"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getToRole(), "toRole", "delegat (roll)"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getMatter(), "matter", "ärendetyp"));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getValidFrom(), "validFrom", "giltig från"));
  ARSHJUL_RETURN_IF_ERROR(OptionalDate(p.getValidUntil(), "validUntil", "giltig till"));
  return CheckNewOrCorrection(ctx, ctx.state.delegations.count(Str(p.getId())) > 0, p.getId(), p.getCorrects(),
                              "delegationen");
}

void ApplyDelegationGranted(DomainState& st, const EventMeta& m, s::DelegationGranted::Reader p) {
  DelegationRow r{Str(p.getId()),         Str(p.getFromOrgan()),     Str(p.getToRole()),
                  Str(p.getMatter()),     Str(p.getDecisionId()),    ToDate(p.getValidFrom()),
                  OptionalToDate(p.getValidUntil()), {}};
  Upsert(st, st.delegations, r.id, std::move(r), m);
}

Status CheckDelegatedDecisionMade(const RuleContext& ctx, s::DelegatedDecisionMade::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "delegationsbeslutets id"));
  ARSHJUL_RETURN_IF_ERROR(FindReferenced(ctx.state.delegations, p.getDelegationId(), "delegationId",
                                         "okänd delegation", p.getOrgan(), &DelegationRow::from_organ,
                                         "organet ska vara det delegerande organet: ")
                              .status());
  if (ctx.state.delegated_decisions.count(Str(p.getId()))) {
    return Status::InvalidArgument("delegationsbeslutet '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  return RequireDate(p.getDecidedOn(), "decidedOn", "beslutsdatum");
}

void ApplyDelegatedDecisionMade(DomainState& st, const EventMeta&, s::DelegatedDecisionMade::Reader p) {
  DelegatedDecisionRow r{Str(p.getId()),        Str(p.getDelegationId()), Str(p.getOrgan()),
                         Str(p.getDecidedBy()), Str(p.getText()),         ToDate(p.getDecidedOn()),
                         std::nullopt};
  st.delegated_decisions[r.id] = std::move(r);
}

Status CheckDelegatedDecisionReported(const RuleContext& ctx, s::DelegatedDecisionReported::Reader p) {
  if (!ctx.state.delegated_decisions.count(Str(p.getDecisionId()))) {
    return Status::InvalidArgument("okänt delegationsbeslut '" + Str(p.getDecisionId()) + "'",
                                   "payload.decisionId");
  }
  return RequireDate(p.getReportedOn(), "reportedOn", "anmälningsdatum");
}

void ApplyDelegatedDecisionReported(DomainState& st, const EventMeta&, s::DelegatedDecisionReported::Reader p) {
  st.delegated_decisions[Str(p.getDecisionId())].reported_on = ToDate(p.getReportedOn());
}
}  // namespace

// Over 60 lines: a table, one entry per event type (its checks and applies
// are the named functions above), read top to bottom like a schema.
void RegisterDecisionEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::DecisionRecorded>({
      .command = "RecordDecision",
      .event_type = "DecisionRecorded",
      .category = "decisions",
      .organ = [](s::DecisionRecorded::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::DecisionRecorded::Reader p) { return Str(p.getMeetingDate()); },
      .check = CheckDecision,
      .apply = ApplyDecisionRecorded,
  }));

  out.push_back(Erase<s::GoverningDocumentAdopted>({
      .command = "AdoptGoverningDocument",
      .event_type = "GoverningDocumentAdopted",
      .category = "documents",
      .organ = [](s::GoverningDocumentAdopted::Reader p) { return Str(p.getDecidedBy()); },
      .date = [](s::GoverningDocumentAdopted::Reader p) { return Str(p.getAdoptedOn()); },
      .check = CheckDocument,
      .apply = ApplyGoverningDocumentAdopted,
  }));

  out.push_back(Erase<s::GoverningDocumentRevised>({
      .command = "ReviseGoverningDocument",
      .event_type = "GoverningDocumentRevised",
      .category = "documents",
      .organ = [](s::GoverningDocumentRevised::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::GoverningDocumentRevised::Reader p) { return Str(p.getRevisedOn()); },
      .check = CheckGoverningDocumentRevised,
      .apply = ApplyGoverningDocumentRevised,
  }));

  out.push_back(Erase<s::AssignmentGiven>({
      .command = "GiveAssignment",
      .event_type = "AssignmentGiven",
      .category = "assignments",
      .organ = [](s::AssignmentGiven::Reader p) { return Str(p.getFromOrgan()); },
      .check = CheckAssignment,
      .apply = ApplyAssignmentGiven,
  }));

  out.push_back(Erase<s::AssignmentReported>({
      .command = "ReportAssignment",
      .event_type = "AssignmentReported",
      .category = "assignments",
      .organ = [](s::AssignmentReported::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::AssignmentReported::Reader p) { return Str(p.getReportedOn()); },
      .check = CheckAssignmentReported,
      .apply = ApplyAssignmentReported,
  }));

  out.push_back(Erase<s::DelegationGranted>({
      .command = "GrantDelegation",
      .event_type = "DelegationGranted",
      .category = "delegations",
      .organ = [](s::DelegationGranted::Reader p) { return Str(p.getFromOrgan()); },
      .date = [](s::DelegationGranted::Reader p) { return Str(p.getValidFrom()); },
      .check = CheckDelegationGranted,
      .apply = ApplyDelegationGranted,
  }));

  out.push_back(Erase<s::DelegatedDecisionMade>({
      .command = "RecordDelegatedDecision",
      .event_type = "DelegatedDecisionMade",
      .category = "delegations",
      .organ = [](s::DelegatedDecisionMade::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::DelegatedDecisionMade::Reader p) { return Str(p.getDecidedOn()); },
      .check = CheckDelegatedDecisionMade,
      .apply = ApplyDelegatedDecisionMade,
  }));

  out.push_back(Erase<s::DelegatedDecisionReported>({
      .command = "ReportDelegatedDecision",
      .event_type = "DelegatedDecisionReported",
      .category = "delegations",
      .organ = [](s::DelegatedDecisionReported::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::DelegatedDecisionReported::Reader p) { return Str(p.getReportedOn()); },
      .check = CheckDelegatedDecisionReported,
      .apply = ApplyDelegatedDecisionReported,
  }));
}

}  // namespace arshjul::engine
