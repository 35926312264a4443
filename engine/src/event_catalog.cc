#include "arshjul/engine/event_catalog.h"

#include <unordered_map>

#include "arshjul/engine/local_time.h"
#include "arshjul/engine/command_validation.h"
#include "catalog_internal.h"
#include "payload_validation.h"

namespace arshjul::engine {

std::vector<std::string> Strs(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  for (auto t : list) out.push_back(Str(t));
  return out;
}

Result<std::string> JsonToPayload(const std::string& json, capnp::StructSchema schema,
                                  const std::function<void(capnp::MessageBuilder&)>& init) {
  capnp::MallocMessageBuilder msg;
  try {
    init(msg);
    capnp::JsonCodec codec;
    codec.setRejectUnknownFields(true);
    codec.setMaxNestingDepth(kMaxPayloadJsonDepth);
    if (json.size() > kMaxPayloadJsonBytes) {
      return Status::InvalidArgument("innehållet är större än " + std::to_string(kMaxPayloadJsonBytes) + " byte",
                                     "payload");
    }
    codec.decode(kj::arrayPtr(json.data(), json.size()), msg.getRoot<capnp::DynamicStruct>(schema));
    ARSHJUL_RETURN_IF_ERROR(CheckPayloadTexts(msg.getRoot<capnp::DynamicStruct>(schema).asReader()));
  } catch (const kj::Exception& e) {
    return Status::InvalidArgument(std::string("ogiltigt innehåll: ") + e.getDescription().cStr(), "payload");
  }
  kj::Array<capnp::word> words = capnp::messageToFlatArray(msg);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

static Status Missing(const char* field, const char* what) {
  return Status::InvalidArgument(std::string(what) + " saknas", std::string("payload.") + field);
}

Status Require(capnp::Text::Reader value, const char* field, const char* what) {
  if (value.size() == 0) return Missing(field, what);
  return Status::Ok();
}

Status RequireDate(capnp::Text::Reader value, const char* field, const char* what) {
  if (value.size() == 0) return Missing(field, what);
  return OptionalDate(value, field, what);
}

Status OptionalDate(capnp::Text::Reader value, const char* field, const char* what) {
  if (value.size() > 0 && !ParseDate(std::string_view(value.cStr(), value.size()))) {
    return Status::InvalidArgument(std::string(what) + " är inte ett giltigt datum (ÅÅÅÅ-MM-DD): '" + Str(value) + "'",
                                   std::string("payload.") + field);
  }
  return Status::Ok();
}

Status RequireOrgan(const DomainState& s, capnp::Text::Reader organ, const char* field) {
  if (organ.size() == 0) return Missing(field, "organ");
  if (!s.org.FindOrgan(Str(organ))) {
    return Status::InvalidArgument("okänt organ '" + Str(organ) + "' (inte definierat i organisationen)",
                                   std::string("payload.") + field);
  }
  return Status::Ok();
}

Status RequireOneOf(capnp::Text::Reader value, const char* field, std::initializer_list<const char*> allowed) {
  std::string v = Str(value);
  std::string list;
  for (const char* a : allowed) {
    if (v == a) return Status::Ok();
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return Status::InvalidArgument("ogiltigt värde '" + v + "' (tillåtna: " + list + ")", std::string("payload.") + field);
}

Status CheckNewOrCorrection(const RuleContext& ctx, bool exists, capnp::Text::Reader id,
                            schema::Correction::Reader corrects, const char* what) {
  bool is_correction = corrects.getEventId().size() > 0;
  if (is_correction) {
    if (!ctx.state.event_ids.count(Str(corrects.getEventId()))) {
      return Status::InvalidArgument("händelsen som ska rättas finns inte: " + Str(corrects.getEventId()),
                                     "payload.corrects.eventId");
    }
    if (corrects.getReason().size() == 0) return Missing("corrects.reason", "skäl för rättelsen");
    if (!exists) {
      return Status::InvalidArgument(std::string(what) + " '" + Str(id) + "' finns inte och kan inte rättas",
                                     "payload.id");
    }
    return Status::Ok();
  }
  if (exists) {
    return Status::InvalidArgument(std::string(what) + " '" + Str(id) +
                                       "' finns redan; en ändring registreras som rättelse (corrects)",
                                   "payload.id");
  }
  return Status::Ok();
}

Date ToDate(capnp::Text::Reader text) {
  auto d = ParseDate(std::string_view(text.cStr(), text.size()));
  return d ? *d : Date{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}};
}

Provenance EventMeta::Source() const {
  return Provenance{event.event_id.ToHex(), event.position, event.recorded_at, event.effective_at,
                    event.actor.person_id, 0};
}

Date EventMeta::EffectiveDate() const { return LocalDate(event.effective_at); }

const std::vector<EventSpec>& EventCatalog() {
  static const std::vector<EventSpec> specs = [] {
    std::vector<EventSpec> out;
    RegisterOrganizationEvents(out);
    RegisterDecisionEvents(out);
    RegisterGoalEvents(out);
    RegisterEconomyEvents(out);
    RegisterNotificationEvents(out);
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
  // Replay looks up every event's type: a hash map, built once.
  static const std::unordered_map<std::string_view, const EventSpec*> by_type = [] {
    std::unordered_map<std::string_view, const EventSpec*> m;
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
  return "organ/" + organ + "/" + spec.category;
}

std::string OrganYearKey(std::string_view organ, int year) { return std::string(organ) + "/" + std::to_string(year); }

std::string CompletionFactKey(std::string_view event_type, std::string_view organ, std::string_view period_end) {
  std::string k(event_type);
  k += '|';
  k += organ;
  k += '|';
  k += period_end;
  return k;
}

Status DomainState::Apply(const storage::RecordedEvent& event) {
  last_position = event.position;
  const EventSpec* spec = FindByEventType(event.type);
  if (!spec) {
    ++events_ignored;
    return Status::Ok();
  }
  EventMeta meta{event};
  Status st = spec->apply(*this, meta, event.payload);
  if (!st.ok()) return st.WithContext("position " + std::to_string(event.position) + " (" + event.type + ")");
  ++events_applied;
  return Status::Ok();
}

}  // namespace arshjul::engine
