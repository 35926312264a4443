// Whether a step instance id a command names (CompleteStep's instanceId,
// RecordDecision's completesSteps) is one the adopted wheel plans: the
// wheel's instances for the id's year, and the instances recorded events
// started (justering, anslag, laga kraft, verkställighet, report-back).
#include <string>
#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/planner.h"
#include "arshjul/engine/started_steps.h"
#include "event_spec.h"

namespace arshjul::engine {
namespace {

// Up to three planned ids of the same step and organ: what the user may have meant.
std::string Nearest(const std::vector<StepInstance>& instances, const std::string& id) {
  const size_t a = id.find('/');
  const size_t b = id.find('/', a + 1);
  const std::string step = id.substr(a + 1, b - a - 1);
  std::string out;
  int shown = 0;
  for (const StepInstance& inst : instances) {
    if (inst.step_id != step || shown == 3) continue;
    out += (out.empty() ? "" : ", ") + inst.id;
    ++shown;
  }
  return out;
}

}  // namespace

Status CheckPlannedInstance(const RuleContext& ctx, const std::string& id, const std::string& organ,
                            const std::string& field) {
  ARSHJUL_RETURN_IF_ERROR(CheckInstanceId(id, organ, field));
  if (ctx.wheel == nullptr) return Status::Ok();
  const int year = std::stoi(id.substr(0, 4));  // four digits (CheckInstanceId)
  auto planned = Plan(*ctx.wheel, ctx.state.org, year);
  if (!planned.ok()) {
    return Status::InvalidArgument("stegtillfället '" + id + "' kan inte prövas: årshjulet för " +
                                       std::to_string(year) + " kunde inte planeras: " + planned.status().message(),
                                   field);
  }
  std::vector<StepInstance> instances = std::move(planned).value();
  std::vector<StepInstance> started = StartedInstances(*ctx.wheel, ctx.state.org, StartTriggers(ctx.state), year, year);
  instances.insert(instances.end(), started.begin(), started.end());
  for (const StepInstance& inst : instances)
    if (inst.id == id) return Status::Ok();
  std::vector<StepInstance> same_organ;
  for (const StepInstance& inst : instances)
    if (inst.organ == organ) same_organ.push_back(inst);
  const std::string near = Nearest(same_organ, id);
  return Status::InvalidArgument("stegtillfället '" + id + "' finns inte i årshjulet " + ctx.wheel->id + " för " +
                                     std::to_string(year) + (near.empty() ? "" : " (finns: " + near + ")"),
                                 field);
}

}  // namespace arshjul::engine
