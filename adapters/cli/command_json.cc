#include "command_json.h"

#include <nlohmann/json.hpp>

namespace arshjul::cli {
namespace {

using nlohmann::json;

Status Field(const json& obj, const char* key, std::string* out, bool required, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return required ? Status::InvalidArgument(where + ": fältet '" + key + "' saknas", where + "." + key) : Status::Ok();
  }
  if (!it->is_string()) return Status::InvalidArgument(where + ": fältet '" + key + "' ska vara text", where + "." + key);
  *out = it->get<std::string>();
  if (required && out->empty()) return Status::InvalidArgument(where + ": fältet '" + key + "' är tomt", where + "." + key);
  return Status::Ok();
}

Result<engine::Command> ParseOne(const json& j, const std::string& where) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": ett kommando ska vara ett JSON-objekt", where);
  static const char* kKnown[] = {"command", "command_id", "actor", "effective_at", "expectedVersion", "payload"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return Status::InvalidArgument(where + ": okänt fält '" + key + "'", where + "." + key);
    }
  }
  engine::Command c;
  ARSHJUL_RETURN_IF_ERROR(Field(j, "command", &c.name, true, where));
  ARSHJUL_RETURN_IF_ERROR(Field(j, "command_id", &c.command_id, true, where));
  auto actor = j.find("actor");
  if (actor == j.end() || !actor->is_object()) {
    return Status::InvalidArgument(where + ": 'actor' saknas (person, role, organ)", where + ".actor");
  }
  ARSHJUL_RETURN_IF_ERROR(Field(*actor, "person", &c.actor.person_id, true, where + ".actor"));
  ARSHJUL_RETURN_IF_ERROR(Field(*actor, "role", &c.actor.role, true, where + ".actor"));
  ARSHJUL_RETURN_IF_ERROR(Field(*actor, "organ", &c.actor.organ, true, where + ".actor"));
  std::string effective;
  ARSHJUL_RETURN_IF_ERROR(Field(j, "effective_at", &effective, false, where));
  if (!effective.empty()) {
    Timestamp t;
    if (!ParseTimestamp(effective, &t)) {
      return Status::InvalidArgument(where + ": 'effective_at' ska vara ett datum eller en tidpunkt enligt RFC 3339",
                                     where + ".effective_at");
    }
    c.effective_at = t;
  }
  if (auto v = j.find("expectedVersion"); v != j.end()) {
    if (!v->is_number_unsigned()) {
      return Status::InvalidArgument(where + ": 'expectedVersion' ska vara strömmens version, ett heltal ≥ 0",
                                     where + ".expectedVersion");
    }
    c.expected_version = v->get<uint64_t>();
  }
  auto payload = j.find("payload");
  if (payload == j.end() || !payload->is_object()) {
    return Status::InvalidArgument(where + ": 'payload' ska vara ett JSON-objekt", where + ".payload");
  }
  c.payload_json = payload->dump();
  return c;
}

}  // namespace

Result<std::vector<engine::Command>> ParseCommands(const std::string& text) {
  std::vector<engine::Command> out;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Status::InvalidArgument("inga kommandon i indata", "commands");
  try {
    if (text[first] == '[') {
      json all = json::parse(text);
      for (size_t i = 0; i < all.size(); ++i) {
        auto c = ParseOne(all[i], "kommando[" + std::to_string(i) + "]");
        if (!c.ok()) return c.status();
        out.push_back(std::move(c).value());
      }
      return out;
    }
    size_t line_no = 0, start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      ++line_no;
      if (line.find_first_not_of(" \t\r") != std::string::npos) {
        json parsed;
        try {
          parsed = json::parse(line);
        } catch (const json::parse_error& e) {
          return Status::InvalidArgument("rad " + std::to_string(line_no) + ": ogiltig JSON: " + e.what(),
                                         "rad " + std::to_string(line_no));
        }
        auto c = ParseOne(parsed, "rad " + std::to_string(line_no));
        if (!c.ok()) return c.status();
        out.push_back(std::move(c).value());
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument(std::string("ogiltig JSON: ") + e.what(), "commands");
  }
  return out;
}

}  // namespace arshjul::cli
