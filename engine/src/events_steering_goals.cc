// PlanActivity's goal and levels (event_spec.h: CheckActivityGoal). Grästorp
// lets the verksamheter set activities straight for KF's prioriterade mål,
// placed in the kommun's own levels (perspektiv, fokusområde, verksamhetsmått),
// which its organisation file names in rule activity.direct_to_council_goal.
#include <sstream>

#include "event_spec.h"

namespace arshjul::engine {
namespace {

constexpr const char* kDirect = "activity.direct_to_council_goal";

// The levels the rule names, "perspektiv, fokusområde, verksamhetsmått" → list.
std::vector<std::string> ConfiguredLevels(const Organization& org) {
  std::vector<std::string> out;
  std::stringstream in(org.RuleParam(kDirect, "levels"));
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

Status CheckLevels(const RuleContext& ctx, schema::ActivityPlanned::Reader p, bool direct) {
  const std::vector<std::string> levels = ConfiguredLevels(ctx.state.org);
  for (auto lv : p.getLevels()) {
    if (std::find(levels.begin(), levels.end(), Str(lv.getLevel())) == levels.end()) {
      return Status::InvalidArgument("okänd nivå '" + Str(lv.getLevel()) + "' (kommunens nivåer: " +
                                         ctx.state.org.RuleParam(kDirect, "levels", "inga") + ")",
                                     "payload.levels");
    }
    if (lv.getValue().size() == 0)
      return Status::InvalidArgument("nivån '" + Str(lv.getLevel()) + "' saknar värde", "payload.levels");
  }
  if (!direct) return Status::Ok();
  for (const std::string& level : levels) {
    bool named = false;
    for (auto lv : p.getLevels()) named |= Str(lv.getLevel()) == level;
    if (!named) {
      return Status::Rejected(kDirect, "payload.levels",
                              "En aktivitet direkt på fullmäktiges mål anger sin plats i nivån '" + level + "'");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckActivityGoal(const RuleContext& ctx, schema::ActivityPlanned::Reader p) {
  const std::string goal = Str(p.getGoalId());
  const bool strategic = ctx.state.strategic_goals.count(goal) > 0;
  if (!ctx.state.outcome_goals.count(goal) && !strategic) {
    return Status::InvalidArgument("okänt effektmål '" + goal + "'", "payload.goalId");
  }
  if (strategic && !ctx.state.org.RuleOptedIn(kDirect)) {
    return Status::Rejected(kDirect, "payload.goalId",
                            "'" + goal + "' är ett av fullmäktiges mål; kommunens regler kopplar aktiviteter till "
                            "nämndens effektmål (regeln activity.direct_to_council_goal är inte påslagen)");
  }
  return CheckLevels(ctx, p, strategic);
}

}  // namespace arshjul::engine
