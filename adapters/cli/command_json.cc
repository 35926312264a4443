#include "command_json.h"

#include <nlohmann/json.hpp>

namespace arshjul::cli {
namespace {

using nlohmann::json;

// The deepest nesting of arrays and objects in `text`, counted outside
// strings, stopping early once it passes `limit` (nlohmann's parser and
// dump() recurse: 100,000 levels overflowed the stack).
size_t NestingDepth(std::string_view text, size_t limit) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Parses one JSON text within the limits; every library exception becomes a
// Swedish InvalidArgument naming `where`.
Result<json> ParseLimited(std::string_view text, const std::string& where) {
  if (text.size() > kMaxCommandBytes) {
    return Status::InvalidArgument(where + ": kommandot är " + std::to_string(text.size()) + " byte, mer än gränsen " +
                                       std::to_string(kMaxCommandBytes),
                                   where);
  }
  if (NestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    return Status::InvalidArgument(where + ": JSON nästlad djupare än " + std::to_string(kMaxJsonDepth) + " nivåer",
                                   where);
  }
  try {
    return json::parse(text);
  } catch (const json::out_of_range& e) {
    return Status::InvalidArgument(where + ": ett tal ligger utanför det tillåtna intervallet: " + e.what(), where);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(where + ": ogiltig JSON: " + e.what(), where);
  }
}

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
  static const char* kKnown[] = {"command", "command_id", "actor", "effective_at", "payload"};
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
  auto payload = j.find("payload");
  if (payload == j.end() || !payload->is_object()) {
    return Status::InvalidArgument(where + ": 'payload' ska vara ett JSON-objekt", where + ".payload");
  }
  c.payload_json = payload->dump();  // throws on invalid UTF-8: caught by ParseCommands
  return c;
}

}  // namespace

Result<std::vector<engine::Command>> ParseCommands(const std::string& text) {
  std::vector<engine::Command> out;
  if (text.size() > kMaxCommandInputBytes) {
    return Status::InvalidArgument("indata är större än " + std::to_string(kMaxCommandInputBytes) + " byte", "commands");
  }
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Status::InvalidArgument("inga kommandon i indata", "commands");
  try {
    if (text[first] == '[') {
      if (NestingDepth(text, kMaxJsonDepth + 1) > kMaxJsonDepth + 1) {
        return Status::InvalidArgument("JSON nästlad djupare än " + std::to_string(kMaxJsonDepth) + " nivåer", "commands");
      }
      json all;
      try {
        all = json::parse(text);
      } catch (const json::exception& e) {
        return Status::InvalidArgument(std::string("ogiltig JSON: ") + e.what(), "commands");
      }
      if (!all.is_array()) return Status::InvalidArgument("indata ska vara en JSON-lista av kommandon", "commands");
      for (size_t i = 0; i < all.size(); ++i) {
        ARSHJUL_ASSIGN_OR_RETURN(auto c, ParseOne(all[i], "kommando[" + std::to_string(i) + "]"));
        out.push_back(std::move(c));
      }
      return out;
    }
    size_t line_no = 0, start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      std::string_view line(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
      ++line_no;
      if (line.find_first_not_of(" \t\r") != std::string::npos) {
        std::string where = "rad " + std::to_string(line_no);
        ARSHJUL_ASSIGN_OR_RETURN(json parsed, ParseLimited(line, where));
        ARSHJUL_ASSIGN_OR_RETURN(auto c, ParseOne(parsed, where));
        out.push_back(std::move(c));
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("ogiltigt kommando: ") + e.what(), "commands");
  }
  return out;
}

}  // namespace arshjul::cli
