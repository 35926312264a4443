// The helpers event specs share (event_spec.h): JSON to payload bytes, the
// Swedish validation messages, and what apply sees of a recorded event.
#include "event_spec.h"

#include "arshjul/engine/command_validation.h"
#include "arshjul/engine/local_time.h"
#include "payload_validation.h"

namespace arshjul::engine {

std::vector<std::string> Strs(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (auto t : list) out.push_back(Str(t));
  return out;
}

// Cap'n Proto's JSON decoder speaks English; the user reads Swedish.
static Status SwedishJsonError(const std::string& what) {
  const size_t name = what.find("field.getName() = ");
  if (what.find("Unknown field") != std::string::npos && name != std::string::npos) {
    const std::string field = what.substr(name + 18);
    return Status::InvalidArgument("okänt fält '" + field + "' (se docs/commands.md)", "payload." + field);
  }
  static const std::pair<const char*, const char*> kReasons[] = {
      {"Expected number", "ett fält som ska vara ett tal har ett annat slags värde"},
      {"Expected string", "ett fält som ska vara text har ett annat slags värde"},
      {"Expected boolean", "ett fält som ska vara true eller false har ett annat slags värde"},
      {"Expected object", "ett fält som ska vara ett objekt ({…}) har ett annat slags värde"},
      {"Expected list", "ett fält som ska vara en lista ([…]) har ett annat slags värde"},
      {"out of range", "ett tal ligger utanför det tillåtna intervallet"},
  };
  for (const auto& [english, swedish] : kReasons)
    if (what.find(english) != std::string::npos) return Status::InvalidArgument(swedish, "payload");
  return Status::InvalidArgument("innehållet kan inte läsas som kommandots fält", "payload");
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
    return SwedishJsonError(e.getDescription().cStr());
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

namespace {
// Whether `hex` names an entity-recording event in its canonical form (32
// lower-case hex digits, as Provenance and every view write it); other
// spellings of an id are not recognised, as before the set held Id128.
bool RecordedEntityEvent(const DomainState& state, const std::string& hex) {
  Id128 id;
  return Id128::FromHex(hex, &id) && id.ToHex() == hex && state.event_ids.contains(id);
}
}  // namespace

Status CheckNewOrCorrection(const RuleContext& ctx, bool exists, capnp::Text::Reader id,
                            schema::Correction::Reader corrects, const char* what) {
  bool is_correction = corrects.getEventId().size() > 0;
  if (is_correction) {
    if (!RecordedEntityEvent(ctx.state, Str(corrects.getEventId()))) {
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

Status RequireSameOrgan(capnp::Text::Reader organ, const std::string& expected, const char* prefix) {
  if (Str(organ) != expected) return Status::InvalidArgument(prefix + expected, "payload.organ");
  return Status::Ok();
}

void FailApply(const char* field, capnp::Text::Reader value) {
  kj::throwFatalException(KJ_EXCEPTION(FAILED, std::string("ogiltigt värde i den registrerade händelsen, fält ") + field +
                                                   ": '" + Str(value) + "'"));
}

Date ToDate(capnp::Text::Reader text) {
  auto d = ParseDate(std::string_view(text.cStr(), text.size()));
  if (!d) FailApply("datum", text);
  return *d;
}

std::optional<Date> OptionalToDate(capnp::Text::Reader text) {
  if (text.size() == 0) return std::nullopt;
  return ToDate(text);
}

Provenance EventMeta::Source() const {
  return Provenance{event.event_id, event.position, event.recorded_at, event.effective_at,
                    event.actor.person_id, 0, event_type, event.hash};
}

Date EventMeta::EffectiveDate() const { return LocalDate(event.effective_at); }

}  // namespace arshjul::engine
