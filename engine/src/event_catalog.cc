#include "arshjul/engine/event_catalog.h"

#include <absl/container/flat_hash_map.h>

#include "event_spec.h"

namespace arshjul::engine {

const std::vector<EventSpec>& EventCatalog() {
  static const std::vector<EventSpec> specs = [] {
    std::vector<EventSpec> out;
    RegisterOrganizationEvents(out);
    RegisterDecisionEvents(out);
    RegisterGoalEvents(out);
    RegisterEconomyEvents(out);
    RegisterNotificationEvents(out);
    RegisterAccessEvents(out);
    RegisterAnnualCycleEvents(out);
    RegisterSteeringEvents(out);
    RegisterAnalysisEvents(out);
    RegisterDialogueEvents(out);
    RegisterKoladaEvents(out);
    return out;
  }();
  return specs;
}

const EventSpec* FindByCommand(std::string_view command) {
  for (const auto& s : EventCatalog())
    if (s.command == command) return &s;
  return nullptr;
}

const EventSpec* FindByEventType(std::string_view event_type) {
  // Replay looks up every event's type: an open-addressing hash map, built once
  // (std::unordered_map's hashing and bucket chains were 4 % of a replay's apply).
  static const absl::flat_hash_map<std::string_view, const EventSpec*> by_type = [] {
    absl::flat_hash_map<std::string_view, const EventSpec*> m;
    for (const auto& s : EventCatalog()) m.emplace(s.event_type, &s);
    return m;
  }();
  auto it = by_type.find(event_type);
  return it == by_type.end() ? nullptr : it->second;
}

storage::TypeRegistry StoreTypeRegistry() {
  storage::TypeRegistry reg;
  for (const auto& s : EventCatalog()) {
    const EventSpec* spec = &s;
    reg[s.event_type] = storage::EventTypeInfo{1, [spec](std::string_view payload, uint32_t) -> Status {
                                                 auto j = spec->to_json(payload);
                                                 return j.ok() ? Status::Ok() : j.status();
                                               }};
  }
  return reg;
}

std::string StreamFor(const EventSpec& spec, const std::string& organ) {
  if (spec.category == "organization") return "municipality/organization";
  if (spec.category == "security") return "security/authentication";
  return "organ/" + organ + "/" + spec.category;
}

}  // namespace arshjul::engine
