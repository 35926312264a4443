#include "sample_year.h"

#include <fstream>

#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/organization_changes.h"
#include "arshjul/workflows/organization_loader.h"

namespace arshjul::bench {
namespace {
using nlohmann::json;

// Gives every id a copy suffix so that the scaled log has N distinct entities.
void Suffix(json& v, const std::string& suffix) {
  static const char* kIdFields[] = {"id", "goalId", "assignmentId", "delegationId", "decisionId", "indicatorId",
                                    "planId", "documentId", "instanceId", "visionId"};
  if (!v.is_object()) return;
  for (const char* f : kIdFields)
    if (v.contains(f) && v[f].is_string() && !v[f].get<std::string>().empty()) v[f] = v[f].get<std::string>() + suffix;
  if (v.contains("strategicGoalIds"))
    for (auto& id : v["strategicGoalIds"]) id = id.get<std::string>() + suffix;
}
}  // namespace

Status RecordOrganization(engine::CommandHandler& handler, const std::string& example_dir) {
  ARSHJUL_ASSIGN_OR_RETURN(auto org, workflows::LoadOrganization(example_dir + "/organization.yaml"));
  for (const auto& c : engine::DiffOrganization({}, org, {"system", "system", "ks"}, "init/0").commands) {
    ARSHJUL_RETURN_IF_ERROR(handler.Handle(c).status());
  }
  return Status::Ok();
}

std::vector<json> LoadSampleYear(const std::string& example_dir) {
  std::vector<json> sample;
  std::ifstream in(example_dir + "/sample-year-2026.jsonl");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) sample.push_back(json::parse(line));
  return sample;
}

Status AppendSampleCopy(storage::EventStore& store, const std::vector<json>& sample, uint64_t copy) {
  std::string suffix = "-" + std::to_string(copy);
  for (const json& c : sample) {
    const engine::EventSpec* spec = engine::FindByCommand(c["command"].get<std::string>());
    json payload = c["payload"];
    Suffix(payload, suffix);
    ARSHJUL_ASSIGN_OR_RETURN(std::string bytes, spec->encode(payload.dump()));
    ARSHJUL_ASSIGN_OR_RETURN(std::string organ, spec->organ(bytes));
    storage::AppendRequest req;
    req.stream = engine::StreamFor(*spec, spec->council_decides && organ.empty() ? "kf" : organ);
    req.actor = {c["actor"]["person"], c["actor"]["role"], c["actor"]["organ"]};
    storage::ProposedEvent e;
    e.type = spec->event_type;
    e.payload = std::move(bytes);
    req.events.push_back(std::move(e));
    ARSHJUL_RETURN_IF_ERROR(store.Append(req).status());
  }
  return Status::Ok();
}

}  // namespace arshjul::bench
