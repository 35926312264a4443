# The seeds' steering models below the nämnd (issue 9): activity follow-up,
# grunduppdrag, kvalitetsfaktorer with kvalitetsindikatorer, analyses as
# documents (omvärldsanalys, nulägesanalys, nulägeskarta, nulägeskoll),
# verksamhetsplaner, and dialogues. Each struct is the payload of the event
# type of the same name (commands: docs/commands.md). Persisted format.
#
# Rule: add fields with higher ordinals only; never renumber, retype, reuse or
# remove a field. Dates are "YYYY-MM-DD" text.
@0xb7c1f3a2d4e59061;

$import "/capnp/c++.capnp".namespace("arshjul::engine::schema");

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
