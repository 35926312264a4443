// Dialogues as first-class records: the verksamhetsdialog (Tomelilla: 2–5
// leaders, stödfunktioner taking part, a fixed agenda, a theme, the
// nulägeskoll before it), the vertical dialogue between two levels (Tranemo),
// and the dialogue on goals that Grästorp's utskott hold at least once per
// goal and year — planned per goal (GoalDialoguePlanned), completed by the
// dialogue held on that goal.
#include <charconv>

#include "event_spec.h"

namespace arshjul::engine {
namespace {

namespace s = schema;

int IntParam(const Organization& org, const char* key, int fallback) {
  const std::string text = org.RuleParam("dialogue.operational_form", key);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

bool IsGoal(const DomainState& st, const std::string& id) {
  return st.outcome_goals.count(id) || st.strategic_goals.count(id);
}

// Rule dialogue.operational_form (Tomelilla): a verksamhetsdialog has between
// `min` and `max` participants (2–5), an agenda and a theme; the nulägeskoll
// it builds on, when named, is one.
Status CheckOperationalDialogue(const RuleContext& ctx, s::DialogueHeld::Reader p) {
  if (p.getBasedOn().size()) {
    auto it = ctx.state.steering.analyses.find(Str(p.getBasedOn()));
    if (it == ctx.state.steering.analyses.end() || it->second.kind != "nulageskoll")
      return Status::InvalidArgument("'" + Str(p.getBasedOn()) + "' är ingen registrerad nulägeskoll", "payload.basedOn");
  }
  if (!RuleOn(ctx, "dialogue.operational_form")) return Status::Ok();
  const int min = IntParam(ctx.state.org, "min_participants", 2);
  const int max = IntParam(ctx.state.org, "max_participants", 5);
  const int n = static_cast<int>(p.getParticipants().size());
  if (n < min || n > max) {
    return Status::Rejected("dialogue.operational_form", "payload.participants",
                            "En verksamhetsdialog hålls med " + std::to_string(min) + "–" + std::to_string(max) +
                                " deltagare, inte " + std::to_string(n));
  }
  if (p.getAgenda().size() == 0) {
    return Status::Rejected("dialogue.operational_form", "payload.agenda", "En verksamhetsdialog har en fast agenda");
  }
  if (p.getTheme().size() == 0) {
    return Status::Rejected("dialogue.operational_form", "payload.theme", "En verksamhetsdialog har ett tema");
  }
  return Status::Ok();
}

// A vertical dialogue is held with the level directly above or below.
Status CheckVerticalDialogue(const RuleContext& ctx, s::DialogueHeld::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getCounterpartOrgan(), "counterpartOrgan"));
  const Organ* self = ctx.state.org.FindOrgan(Str(p.getOrgan()));
  const Organ* other = ctx.state.org.FindOrgan(Str(p.getCounterpartOrgan()));
  if (self->reports_to == other->id || other->reports_to == self->id) return Status::Ok();
  return Status::InvalidArgument("en vertikal dialog förs med nivån närmast över eller under " + self->id + ", inte " +
                                     other->id,
                                 "payload.counterpartOrgan");
}

Status CheckDialogue(const RuleContext& ctx, s::DialogueHeld::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getId(), "id", "dialogens id"));
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(RequireOneOf(p.getKind(), "kind", {"operational", "vertical", "goal"}));
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getHeldOn(), "heldOn", "datum för dialogen"));
  if (ctx.state.steering.dialogues.count(Str(p.getId()))) {
    return Status::InvalidArgument("dialogen '" + Str(p.getId()) + "' finns redan", "payload.id");
  }
  for (auto part : p.getParticipants()) {
    if (part.getRole().size() == 0) return Status::InvalidArgument("deltagarens roll saknas", "payload.participants");
    if (!ctx.state.org.roles.empty() && !ctx.state.org.roles.count(Str(part.getRole())))
      return Status::InvalidArgument("okänd roll '" + Str(part.getRole()) + "'", "payload.participants");
  }
  for (auto id : p.getGoalIds()) {
    if (!IsGoal(ctx.state, Str(id))) return Status::InvalidArgument("okänt mål '" + Str(id) + "'", "payload.goalIds");
  }
  const std::string kind = Str(p.getKind());
  if (kind == "operational") return CheckOperationalDialogue(ctx, p);
  if (kind == "vertical") return CheckVerticalDialogue(ctx, p);
  if (p.getGoalIds().size() == 0) {
    return Status::InvalidArgument("en dialog om mål anger vilka mål den gällde", "payload.goalIds");
  }
  return Status::Ok();
}

void ApplyDialogue(DomainState& st, const EventMeta&, s::DialogueHeld::Reader p) {
  DialogueRow r;
  r.id = Str(p.getId());
  r.organ = Str(p.getOrgan());
  r.kind = Str(p.getKind());
  r.held_on = ToDate(p.getHeldOn());
  r.participants.reserve(p.getParticipants().size());
  for (auto part : p.getParticipants()) r.participants.push_back({Str(part.getRole()), Str(part.getPerson())});
  r.support_functions = Strs(p.getSupportFunctions());
  r.agenda = Strs(p.getAgenda());
  r.goal_ids = Strs(p.getGoalIds());
  r.theme = Str(p.getTheme());
  r.based_on = Str(p.getBasedOn());
  r.counterpart_organ = Str(p.getCounterpartOrgan());
  r.notes = Str(p.getNotes());
  // Completes the organ's planned dialogue on each goal for the year.
  const int year = static_cast<int>(r.held_on.year());
  for (const std::string& goal : r.goal_ids) {
    std::string& fact = CompletionFact(st, "DialogueHeld", r.organ, GoalYearKey(goal, year));
    if (fact.empty()) fact = ToString(r.held_on);
  }
  st.steering.dialogues[r.id] = std::move(r);
}

Status CheckGoalDialoguePlanned(const RuleContext& ctx, s::GoalDialoguePlanned::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  if (!IsGoal(ctx.state, Str(p.getGoalId())))
    return Status::InvalidArgument("okänt mål '" + Str(p.getGoalId()) + "'", "payload.goalId");
  ARSHJUL_RETURN_IF_ERROR(RequireDate(p.getPlannedOn(), "plannedOn", "planerat datum"));
  if (static_cast<int>(ToDate(p.getPlannedOn()).year()) != p.getYear()) {
    return Status::InvalidArgument("det planerade datumet ligger inte år " + std::to_string(p.getYear()),
                                   "payload.plannedOn");
  }
  return Status::Ok();
}

void ApplyGoalDialoguePlanned(DomainState& st, const EventMeta&, s::GoalDialoguePlanned::Reader p) {
  GoalDialoguePlanRow r{Str(p.getOrgan()), Str(p.getGoalId()), p.getYear(), ToDate(p.getPlannedOn())};
  st.steering.goal_dialogue_plans[{r.organ, GoalYearKey(r.goal_id, r.year)}] = r;
}

}  // namespace

void RegisterDialogueEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::DialogueHeld>({
      .command = "RecordDialogue",
      .event_type = "DialogueHeld",
      .category = "dialogues",
      .organ = [](s::DialogueHeld::Reader p) { return Str(p.getOrgan()); },
      .date = [](s::DialogueHeld::Reader p) { return Str(p.getHeldOn()); },
      .check = CheckDialogue,
      .apply = ApplyDialogue,
  }));
  out.push_back(Erase<s::GoalDialoguePlanned>({
      .command = "PlanGoalDialogue",
      .event_type = "GoalDialoguePlanned",
      .category = "dialogues",
      .organ = [](s::GoalDialoguePlanned::Reader p) { return Str(p.getOrgan()); },
      .check = CheckGoalDialoguePlanned,
      .apply = ApplyGoalDialoguePlanned,
  }));
}

}  // namespace arshjul::engine
