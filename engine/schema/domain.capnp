# The governance domain's event payloads. Each struct is the payload of the
# event type of the same name (and of the command that records it: see
# docs/commands.md). Persisted format.
#
# Rule: add fields with higher ordinals only; never renumber, retype, reuse or
# remove a field. A field added later reads as its default in older events.
# Dates are "YYYY-MM-DD" text; amounts are in kronor (Float64).
@0xd994742684074ab3;

$import "/capnp/c++.capnp".namespace("arshjul::engine::schema");

# ---- Organisation (recorded by `arshjul init --org FILE`) --------------------

struct MunicipalityNamed { id @0 :Text; name @1 :Text; }

struct OrganDefined {
  id @0 :Text;
  name @1 :Text;
  kind @2 :Text;        # council, executive_board, committee, subcommittee, company, administration,
                        # operational_area, operation, department, unit (units below the förvaltning)
  reportsTo @3 :Text;
  chefRole @4 :Text;    # the role that leads it (a unit's enhetschef …); empty: none
}

struct RoleDefined { id @0 :Text; name @1 :Text; superior @2 :Text; }

struct PersonRegistered { id @0 :Text; name @1 :Text; email @2 :Text; }

struct RoleAssigned {
  person @0 :Text;
  role @1 :Text;
  organ @2 :Text;
  from @3 :Text;
  to @4 :Text;          # empty: until further notice
}

struct RoleEnded { person @0 :Text; role @1 :Text; organ @2 :Text; from @3 :Text; to @4 :Text; }

struct MeetingScheduled { organ @0 :Text; date @1 :Text; }
struct MeetingMoved { organ @0 :Text; from @1 :Text; to @2 :Text; }
struct MeetingCancelled { organ @0 :Text; date @1 :Text; }

struct RuleParam { key @0 :Text; value @1 :Text; }
struct RuleConfigured { rule @0 :Text; enabled @1 :Bool; params @2 :List(RuleParam); }

# ---- Decisions ----------------------------------------------------------------

# Every entity-recording payload may correct an earlier one: `corrects` names the
# earlier event id (hex) whose entity this event replaces, with a reason.
struct Correction { eventId @0 :Text; reason @1 :Text; }

struct DecisionRecorded {
  id @0 :Text;                 # e.g. "ks-2026-93"
  organ @1 :Text;
  meetingDate @2 :Text;
  minuteItem @3 :Text;         # paragraf, e.g. "§ 93"
  registryNumber @4 :Text;     # diarienummer, e.g. "KS/2020:312"
  title @5 :Text;
  text @6 :Text;
  decides @7 :Text;            # budget, governing_document, assignment, delegation, discharge, exception,
                               # annual_report, interim_report, operational_plan, company_review, other
  concernsChildren @8 :Bool;
  childBestInterestReview @9 :Text;    # prövning av barnets bästa (required when concernsChildren)
  major @10 :Bool;
  possiblyHarmfulToChildren @11 :Bool;
  childImpactAssessmentRef @12 :Text;  # barnkonsekvensanalys reference (required when major or possibly harmful)
  corrects @13 :Correction;
  completesSteps @14 :List(Text);  # årshjul step instances this decision completes (completion: DecisionRecorded)
  periodFrom @15 :Text;        # the period the decision concerns (a budget: its year), optional
  periodTo @16 :Text;          # its last day: a step of the same organ, decides and period is completed by it
}

# ---- Governing documents ------------------------------------------------------

struct GoverningDocumentAdopted {
  id @0 :Text;
  title @1 :Text;
  docType @2 :Text;            # vision, värdegrund, policy, strategi, program, plan, riktlinje, regel, rutin, reglemente, taxa, bolagsordning, ägardirektiv, handlingsplan, delegationsordning
  decidedBy @3 :Text;          # organ
  decisionId @4 :Text;
  owner @5 :Text;              # dokumentansvarig (role)
  followedUpBy @6 :Text;       # organ
  adoptedOn @7 :Text;
  validUntil @8 :Text;         # empty: tills vidare
  nextRevision @9 :Text;
  appliesTo @10 :List(Text);   # the committees it binds
  corrects @11 :Correction;
}

struct GoverningDocumentRevised {
  documentId @0 :Text;
  revisedOn @1 :Text;
  decisionId @2 :Text;
  summary @3 :Text;
  nextRevision @4 :Text;
  validUntil @5 :Text;
  organ @6 :Text;              # the deciding organ (the document's decidedBy)
}

# ---- Assignments and delegation -------------------------------------------------

struct AssignmentGiven {
  id @0 :Text;
  fromOrgan @1 :Text;
  decisionId @2 :Text;
  toOrgan @3 :Text;            # the receiving organ (the administration, a committee)
  toRole @4 :Text;
  via @5 :Text;                # the role it goes through (kommunchef)
  text @6 :Text;
  dueDate @7 :Text;
  reportBack @8 :Text;         # how it is reported back
  corrects @9 :Correction;
}

struct AssignmentReported {
  assignmentId @0 :Text;
  organ @1 :Text;              # the giving organ the report goes to
  reportedOn @2 :Text;
  status @3 :Text;             # done, in_progress, cancelled
  text @4 :Text;
}

struct DelegationGranted {
  id @0 :Text;
  fromOrgan @1 :Text;
  toRole @2 :Text;
  matter @3 :Text;
  decisionId @4 :Text;
  validFrom @5 :Text;
  validUntil @6 :Text;
  corrects @7 :Correction;
}

struct DelegatedDecisionMade {
  id @0 :Text;
  delegationId @1 :Text;
  organ @2 :Text;              # the delegating organ
  decidedOn @3 :Text;
  decidedBy @4 :Text;          # person id
  text @5 :Text;
}

struct DelegatedDecisionReported {
  decisionId @0 :Text;         # the DelegatedDecisionMade id
  organ @1 :Text;
  reportedOn @2 :Text;         # meeting date it was anmält
}

# ---- Goals, activities and indicators ---------------------------------------------

struct VisionSet { id @0 :Text; text @1 :Text; horizonYear @2 :Int32; organ @3 :Text; }

struct StrategicGoalSet {
  id @0 :Text;
  organ @1 :Text;              # KF
  visionId @2 :Text;
  direction @3 :Text;          # strategisk inriktning
  title @4 :Text;
  periodFrom @5 :Text;
  periodTo @6 :Text;
  corrects @7 :Correction;
}

struct OutcomeGoalSet {
  id @0 :Text;
  organ @1 :Text;
  year @2 :Int32;
  title @3 :Text;
  strategicGoalIds @4 :List(Text);
  targetGroup @5 :Text;
  effect @6 :Text;
  changeTheory @7 :List(Text); # aktivitet → utfall → resultat → effekt
  corrects @8 :Correction;
  # The main reasons for prioritising the goal, presented in the mål- och
  # budgetdialog (Trelleborg: "De viktigaste skälen till att prioritera
  # effektmålet ska också redovisas"; rule goal.priority_reasons).
  priorityReasons @9 :List(Text);
}

struct ActivityPlanned {
  id @0 :Text;
  goalId @1 :Text;
  organ @2 :Text;
  title @3 :Text;
  responsibleRole @4 :Text;
  dueDate @5 :Text;
  corrects @6 :Correction;
  # Where the kommun's rules let activities be set straight for KF's goals
  # (Grästorp: rule activity.direct_to_council_goal), the activity's place in
  # the kommun's own levels, e.g. perspektiv, fokusområde, verksamhetsmått.
  levels @7 :List(ActivityLevel);
}

struct ActivityLevel { level @0 :Text; value @1 :Text; }

struct IndicatorDefined {
  id @0 :Text;
  goalId @1 :Text;
  organ @2 :Text;
  name @3 :Text;
  method @4 :Text;             # quantitative, qualitative
  periodicity @5 :Text;        # monthly, quarterly, tertial, half_year, yearly
  target @6 :Float64;
  unit @7 :Text;
  koladaKpi @8 :Text;
  higherIsBetter @9 :Bool = true;
}

struct IndicatorMeasured {
  indicatorId @0 :Text;
  organ @1 :Text;
  periodEnd @2 :Text;
  value @3 :Float64;
  comment @4 :Text;
  source @5 :Text;             # where the value came from (Kolada: the request URL)
  gender @6 :Text;             # Kolada's T, K, M; empty for the kommun's own measurements
  missing @7 :Bool;            # no value at the source (Kolada: null, or a status): never 0
  status @8 :Text;             # Kolada's status for the value, when it had one
  responseSha256 @9 :Text;     # the raw response it was read from (KoladaResponseFetched)
}

# One response page from Kolada as fetched: recorded before the measurements
# read from it (docs/kolada.md). Stream: organ/<organ>/indicators.
struct KoladaResponseFetched {
  organ @0 :Text;              # the organ whose indicators name the KPIs
  url @1 :Text;
  fetchedAt @2 :Text;          # RFC 3339, UTC
  sha256 @3 :Text;             # of the raw response bytes, hex
  kpis @4 :List(Text);
  municipality @5 :Text;
  values @6 :Int32;            # how many values the page held
}

# ---- Follow-up, economy, internal control ---------------------------------------

struct FollowUpRecorded {
  id @0 :Text;
  organ @1 :Text;
  kind @2 :Text;               # monthly, interim_report, annual_report, dialogue, internal_control
  periodFrom @3 :Text;
  periodTo @4 :Text;
  goalId @5 :Text;             # the goal assessed; empty for the report as a whole
  assessment @6 :Text;         # met, partly_met, not_met
  analysis @7 :Text;
  corrects @8 :Correction;
}

struct ReportSubmitted {
  organ @0 :Text;
  kind @1 :Text;               # interim_report, annual_report, operational_plan, internal_control_plan, budget_proposal, budget
  periodFrom @2 :Text;
  periodTo @3 :Text;
  submittedOn @4 :Text;
  toOrgan @5 :Text;
  decisionId @6 :Text;
}

struct BudgetFrameSet { organ @0 :Text; year @1 :Int32; amount @2 :Float64; decisionId @3 :Text; }

struct ForecastReported {
  organ @0 :Text;
  year @1 :Int32;
  month @2 :Int32;             # the month the forecast is made in
  budget @3 :Float64;
  forecast @4 :Float64;        # expected net cost or result; deviation = budget - forecast
  remedialActions @5 :List(Text);
}

struct OutcomeReported { organ @0 :Text; year @1 :Int32; budget @2 :Float64; outcome @3 :Float64; }

struct DeficitExceptionGranted { organ @0 :Text; year @1 :Int32; decisionId @2 :Text; reason @3 :Text; }

struct Risk {
  id @0 :Text;
  description @1 :Text;
  likelihood @2 :Int32;
  consequence @3 :Int32;
  category @4 :Text;           # strategic (in the nulägesanalys), operational (in the internkontrollplan);
                               # empty: not stated (rule risk.category, Tranemo)
}
struct Control {
  id @0 :Text;
  riskId @1 :Text;
  description @2 :Text;
  responsibleRole @3 :Text;
  frequency @4 :Text;
}

struct InternalControlPlanAdopted {
  id @0 :Text;
  organ @1 :Text;
  year @2 :Int32;
  risks @3 :List(Risk);
  controls @4 :List(Control);
  decisionId @5 :Text;
}

struct ControlPerformed {
  planId @0 :Text;
  organ @1 :Text;
  controlId @2 :Text;
  performedOn @3 :Text;
  result @4 :Text;             # ok, deviation
  deviation @5 :Text;
  action @6 :Text;
}

# ---- The årshjul -----------------------------------------------------------------

struct StepCompleted { instanceId @0 :Text; organ @1 :Text; completedOn @2 :Text; note @3 :Text; }

# ---- Notifications: the scheduler's outbox (docs/scheduler.md) --------------------
# Recorded by the scheduler service, never by a person: NotificationScheduled is
# recorded before any delivery is attempted; each delivery (one per recipient and
# person-addressed channel, one per notification for the webhook and the log) is
# then recorded as delivered, failed (with the next attempt) or cancelled.
# Stream: organ/<organ>/notifications. Times are RFC 3339.

struct NotificationRecipient { person @0 :Text; email @1 :Text; name @2 :Text; }

struct NotificationScheduled {
  notificationId @0 :Text;     # stable: "<step instance id>/reminder/28d0800", "…/escalation/3d", "…/finding/10d"
  instanceId @1 :Text;         # the step instance it concerns
  organ @2 :Text;
  kind @3 :Text;               # reminder, escalation, finding
  fireAt @4 :Text;             # when it was due, RFC 3339 with the local offset
  recipients @5 :List(NotificationRecipient);  # role holders on the day it was recorded
  channels @6 :List(Text);     # email, webhook, log
  subject @7 :Text;            # Swedish
  body @8 :Text;               # Swedish, plain text
  late @9 :Bool;               # recorded well after its fire time (the service was not running then)
  deadline @10 :Text;          # the step's deadline, YYYY-MM-DD
  title @11 :Text;             # the step's title
}

struct NotificationDelivered {
  notificationId @0 :Text;
  organ @1 :Text;
  channel @2 :Text;
  recipient @3 :Text;          # person id; empty for the webhook and the log
  deliveredAt @4 :Text;        # RFC 3339
  attempt @5 :Int32;           # 1 for the first attempt
}

struct NotificationFailed {
  notificationId @0 :Text;
  organ @1 :Text;
  channel @2 :Text;
  recipient @3 :Text;
  attempt @4 :Int32;
  error @5 :Text;              # e.g. "550 5.1.1 mailbox unavailable"
  nextAttemptAt @6 :Text;      # RFC 3339; empty when permanent
  permanent @7 :Bool;          # the receiver refused for good: no further attempts
}

struct NotificationCancelled { notificationId @0 :Text; organ @1 :Text; reason @2 :Text; }

# ---- Access (docs/api.md): API tokens, page passwords, authentication failures ----
# A token is stored only as the SHA-256 of its text (hex); `scope` is "api" or
# "feed:<organ or role>" (a read key for one iCalendar feed); `expires` a date.
struct TokenIssued { tokenId @0 :Text; person @1 :Text; hash @2 :Text; scope @3 :Text; expires @4 :Text; }
struct TokenRevoked { tokenId @0 :Text; reason @1 :Text; }
# `hash` is an Argon2id string (libsodium crypto_pwhash_str), never the password.
struct PasswordSet { person @0 :Text; hash @1 :Text; }
# Recorded by the service in the stream security/authentication.
struct AuthenticationFailed { reason @0 :Text; tokenId @1 :Text; remote @2 :Text; path @3 :Text; }

# ---- The årshjul (recorded by `arshjul wheel adopt FILE`) ---------------------
# The kommun's wheel as the texts of its template files (the adopted file first,
# then every file it extends, by the path it was read from), so that plan,
# simulate and serve read the wheel in force on any date from the log.
# Stream: municipality/organization.

struct TemplateFile { path @0 :Text; text @1 :Text; }

struct AnnualCycleAdopted {
  templateId @0 :Text;
  name @1 :Text;
  mainPath @2 :Text;
  files @3 :List(TemplateFile);
}

# ---- The seeds' steering below the nämnd ----------------------------------------
# Activity follow-up, grunduppdrag, kvalitetsfaktorer with kvalitetsindikatorer,
# analyses as documents (omvärldsanalys, nulägesanalys, nulägeskarta, nulägeskoll),
# verksamhetsplaner and dialogues (engine/src/events_steering.cc, events_analyses.cc,
# events_dialogues.cc).

# Activity follow-up (Tomelilla, Tranemo, Trelleborg, Grästorp): the latest
# report replaces the earlier; the chain aktivitet → utfall → resultat → effekt
# is the activity, its output, its result and the goal's effect.
struct ActivityProgressReported {
  activityId @0 :Text;
  organ @1 :Text;
  reportedOn @2 :Text;
  status @3 :Text;      # not_started (ej påbörjad), in_progress (pågår), done (klar), stopped (stoppad)
  progress @4 :Int32;   # per cent, 0–100
  output @5 :Text;      # utfall: what was done or delivered
  result @6 :Text;      # resultat: what it changed for the target group (required when done)
  comment @7 :Text;     # e.g. why it was stopped (required when stopped)
}

# Grunduppdrag: an organ's or unit's uppdrag and syfte (Tranemo, Grästorp, Helsingborg).
struct BasicMissionSet {
  organ @0 :Text;
  mission @1 :Text;               # uppdrag
  purpose @2 :Text;               # syfte
  targetGroup @3 :Text;           # målgrupp
  governingDocumentIds @4 :List(Text);  # the styrdokument it rests on
  validFrom @5 :Text;
}

# Kvalitetsfaktor for the grunduppdrag (Tranemo's third pillar).
struct QualityFactorDefined {
  id @0 :Text;
  organ @1 :Text;
  name @2 :Text;
  description @3 :Text;
}

# Kvalitetsindikator of a kvalitetsfaktor: measured like an indicator (MeasureIndicator).
struct QualityIndicatorDefined {
  id @0 :Text;
  organ @1 :Text;
  qualityFactorId @2 :Text;
  name @3 :Text;
  method @4 :Text;              # quantitative, qualitative
  periodicity @5 :Text;         # monthly, quarterly, tertial, half_year, yearly
  unit @6 :Text;
  target @7 :Float64;
  higherIsBetter @8 :Bool;
  measurementMethod @9 :Text;   # mätmetod: how it is measured (e.g. "brukarenkät, fråga 4")
  routine @10 :Text;            # rutin: who measures, when, and where it is reported
  koladaKpi @11 :Text;
}

# An analysis as a document (Tomelilla, Tranemo, Trelleborg).
struct AnalysisRecorded {
  id @0 :Text;
  organ @1 :Text;
  kind @2 :Text;           # omvarldsanalys, nulagesanalys, nulageskarta, nulageskoll
  year @3 :Int32;          # the year whose mål- och budgetprocess it serves
  title @4 :Text;
  content @5 :Text;
  basedOn @6 :List(Text);  # analysis ids (a nulägeskarta: an omvärldsanalys and a nulägesanalys)
  links @7 :List(Text);    # documents or addresses it refers to
  recordedOn @8 :Text;
  risks @9 :List(Risk);    # a nulägesanalys's riskanalys: its strategic risks (Tranemo)
}

# The nulägeskarta (or another analysis) handed over to the nämnd.
struct AnalysisHandedOver {
  analysisId @0 :Text;
  organ @1 :Text;
  toOrgan @2 :Text;
  handedOverOn @3 :Text;
  decisionId @4 :Text;     # the nämnd's decision that received it, if any
}

# A verksamhetsplan, at any level, and the nulägeskarta it starts from.
struct OperationalPlanAdopted {
  id @0 :Text;
  organ @1 :Text;
  year @2 :Int32;
  title @3 :Text;
  adoptedOn @4 :Text;
  decisionId @5 :Text;
  startsFrom @6 :Text;     # the nulägeskarta's analysis id
  goalIds @7 :List(Text);
}

struct DialogueParticipant { role @0 :Text; person @1 :Text; }

# A dialogue held: a verksamhetsdialog (2–5 leaders, stödfunktioner, a fixed
# agenda, a theme, the nulägeskoll it builds on), a vertical dialogue between
# two levels, or a dialogue on goals (Grästorp: per mål och år).
struct DialogueHeld {
  id @0 :Text;
  organ @1 :Text;
  kind @2 :Text;           # operational (verksamhetsdialog), vertical, goal
  heldOn @3 :Text;
  participants @4 :List(DialogueParticipant);
  supportFunctions @5 :List(Text);  # stödfunktioner: ekonomi, HR, kvalitet …
  agenda @6 :List(Text);
  theme @7 :Text;
  basedOn @8 :Text;        # the nulägeskoll (analysis id) it builds on
  counterpartOrgan @9 :Text;  # vertical: the level above or below
  goalIds @10 :List(Text);
  notes @11 :Text;         # what came out of it (documented for delårsrapport and årsredovisning)
}

# A dialogue planned on one goal in one year (the utskott's årsplan).
struct GoalDialoguePlanned {
  organ @0 :Text;
  goalId @1 :Text;
  year @2 :Int32;
  plannedOn @3 :Text;
}
