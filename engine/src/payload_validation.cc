#include "payload_validation.h"

#include <kj/exception.h>

#include <set>
#include <string_view>

#include "arshjul/storage/text_limits.h"

namespace arshjul::engine {
namespace {

enum class Role { kId, kEmail, kText };

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

Role RoleOf(std::string_view name) {
  static const std::set<std::string_view> kIdNames = {
      "id",        "organ",        "person",      "role",    "superior", "reportsTo", "decidedBy",
      "owner",     "followedUpBy", "via",         "appliesTo", "rule",   "key",       "kind",
      "status",    "decides",      "docType",     "method",  "periodicity"};
  if (name == "email") return Role::kEmail;
  if (kIdNames.count(name) || EndsWith(name, "Id") || EndsWith(name, "Ids") || EndsWith(name, "Organ") ||
      EndsWith(name, "Role")) {
    return Role::kId;
  }
  return Role::kText;
}

Status CheckText(std::string_view value, Role role, const std::string& path) {
  switch (role) {
    case Role::kEmail:
      return value.empty() ? Status::Ok() : text::CheckEmail(value, path);
    case Role::kId:
      return value.empty() ? Status::Ok() : text::CheckId(value, path, "id-fältet");
    case Role::kText:
      break;
  }
  return text::CheckText(value, path, "textfältet");
}

Status CheckValue(const capnp::DynamicValue::Reader& value, Role role, const std::string& path);

Status CheckList(capnp::DynamicList::Reader list, Role role, const std::string& path) {
  for (unsigned i = 0; i < list.size(); ++i) {
    ARSHJUL_RETURN_IF_ERROR(CheckValue(list[i], role, path + "[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

Status CheckValue(const capnp::DynamicValue::Reader& value, Role role, const std::string& path) {
  switch (value.getType()) {
    case capnp::DynamicValue::TEXT: {
      capnp::Text::Reader t = value.as<capnp::Text>();
      return CheckText(std::string_view(t.cStr(), t.size()), role, path);
    }
    case capnp::DynamicValue::LIST:
      return CheckList(value.as<capnp::DynamicList>(), role, path);
    case capnp::DynamicValue::STRUCT:
      return CheckPayloadTexts(value.as<capnp::DynamicStruct>(), path);
    default:
      return Status::Ok();
  }
}

}  // namespace

Status CheckPayloadTexts(capnp::DynamicStruct::Reader payload, const std::string& path) {
  try {
    for (capnp::StructSchema::Field field : payload.getSchema().getFields()) {
      if (!payload.has(field)) continue;
      std::string_view name(field.getProto().getName().cStr(), field.getProto().getName().size());
      ARSHJUL_RETURN_IF_ERROR(CheckValue(payload.get(field), RoleOf(name), path + "." + std::string(name)));
    }
  } catch (const kj::Exception& e) {
    return Status::InvalidArgument(std::string("innehållet kunde inte läsas: ") + e.getDescription().cStr(), path);
  }
  return Status::Ok();
}

}  // namespace arshjul::engine
