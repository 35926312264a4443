#include "command_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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
  c.payload_json = payload->dump();  // throws on invalid UTF-8: caught by ParseCommands
  return c;
}

}  // namespace

namespace {

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

// Where the JSON value starting at `start` ends (one past its last character):
// a top-level object or array, found by matching brackets outside strings.
// npos when the text ends first.
size_t EndOfDocument(const std::string& text, size_t start) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = start; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (ch == '\\') ++i;
      else if (ch == '"') in_string = false;
      continue;
    }
    if (ch == '"') in_string = true;
    else if (ch == '{' || ch == '[') ++depth;
    else if ((ch == '}' || ch == ']') && --depth == 0) return i + 1;
  }
  return std::string::npos;
}

// Why nlohmann's parser stopped, in Swedish (its own text is English).
std::string SwedishReason(const std::string& what) {
  static const std::pair<const char*, const char*> kReasons[] = {
      {"unexpected end of input", "texten tar slut mitt i ett JSON-värde (saknas } eller ]?)"},
      {"invalid literal", "okänt ord: text ska stå inom citattecken, och true, false och null skrivs med små bokstäver"},
      {"invalid string", "ogiltig sträng (ett tecken måste skrivas med \\-kod, eller citattecknet saknas)"},
      {"expected ':'", "kolon saknas efter ett fältnamn"},
      {"expected '}'", "kommatecken eller } saknas efter ett fält"},
      {"expected ']'", "kommatecken eller ] saknas efter ett värde"},
      {"expected string literal", "fältnamnet ska stå inom citattecken (eller ett kommatecken för mycket)"},
      {"expected value", "ett värde saknas"},
      {"invalid number", "ogiltigt tal"},
  };
  for (const auto& [english, swedish] : kReasons)
    if (what.find(english) != std::string::npos) return swedish;
  return "syntaxfel";
}

// "rad L, kolumn C: ogiltig JSON (varför)", counted in the whole input.
Status JsonError(const json::parse_error& e, size_t first_line, const std::string& doc) {
  size_t line = first_line, column = 1;
  for (size_t i = 0; i + 1 < e.byte && i < doc.size(); ++i) {
    if (doc[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(doc[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return Status::InvalidArgument("rad " + std::to_string(line) + ", kolumn " + std::to_string(column) +
                                     ": ogiltig JSON: " + SwedishReason(e.what()),
                                 "rad " + std::to_string(line));
}

}  // namespace

namespace {

// Checks one document before nlohmann parses it: nesting (a command, or an
// array of commands) and, for a single command, its size.
Status CheckDocument(const std::string& doc, const std::string& where) {
  if (NestingDepth(doc, kMaxJsonDepth + 1) > kMaxJsonDepth + 1) {
    return Status::InvalidArgument(where + ": JSON nästlad djupare än " + std::to_string(kMaxJsonDepth) + " nivåer",
                                   where);
  }
  if (doc.size() > kMaxCommandBytes && doc.front() != '[') {
    return Status::InvalidArgument(where + ": kommandot är " + std::to_string(doc.size()) + " byte, mer än gränsen " +
                                       std::to_string(kMaxCommandBytes),
                                   where);
  }
  return Status::Ok();
}

// The whole input as a stream of documents. May throw json::exception from
// ParseOne's dump(): ParseCommands catches it.
Result<std::vector<engine::Command>> ParseStream(const std::string& text) {
  std::vector<engine::Command> out;
  if (text.size() > kMaxCommandInputBytes) {
    return Status::InvalidArgument("indata är större än " + std::to_string(kMaxCommandInputBytes) + " byte", "commands");
  }
  size_t pos = text.find_first_not_of(" \t\r\n");
  if (pos == std::string::npos) return Status::InvalidArgument("inga kommandon i indata", "commands");
  // A stream of JSON documents — one per line, pretty-printed over many lines,
  // or arrays of commands — separated by whitespace.
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
  while (pos != std::string::npos) {
    const size_t end = EndOfDocument(text, pos);
    const std::string doc = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    const std::string where = "rad " + std::to_string(line);
    ARSHJUL_RETURN_IF_ERROR(CheckDocument(doc, where));
    json parsed;
    try {
      parsed = json::parse(doc);
    } catch (const json::parse_error& e) {
      return JsonError(e, line, doc);
    } catch (const json::exception& e) {  // out_of_range: a number beyond a double (1e400)
      return Status::InvalidArgument(where + ": ett tal ligger utanför det tillåtna intervallet: " + e.what(), where);
    }
    if (parsed.is_array()) {
      for (size_t i = 0; i < parsed.size(); ++i) {
        const std::string item = "kommando[" + std::to_string(i) + "]";
        auto c = ParseOne(parsed[i], line == 1 ? item : where + ", " + item);
        if (!c.ok()) return c.status();
        out.push_back(std::move(c).value());
      }
    } else {
      auto c = ParseOne(parsed, where);
      if (!c.ok()) return c.status();
      out.push_back(std::move(c).value());
    }
    line += static_cast<size_t>(std::count(doc.begin(), doc.end(), '\n'));
    if (end == std::string::npos) break;
    const size_t next = text.find_first_not_of(" \t\r\n", end);
    line += static_cast<size_t>(std::count(text.begin() + static_cast<long>(end),
                                           next == std::string::npos ? text.end() : text.begin() + static_cast<long>(next), '\n'));
    pos = next;
  }
  return out;
}

}  // namespace

Result<std::vector<engine::Command>> ParseCommands(const std::string& text) {
  try {
    return ParseStream(text);
  } catch (const json::exception& e) {  // ParseOne's dump(), or any other throw of nlohmann
    return Status::InvalidArgument(std::string("ogiltigt kommando: ") + e.what(), "commands");
  }
}


std::string CommandsJson(const std::vector<engine::Command>& commands) {
  json out = json::array();
  for (const engine::Command& c : commands) {
    json j = {{"command", c.name},
              {"command_id", c.command_id},
              {"actor", {{"person", c.actor.person_id}, {"role", c.actor.role}, {"organ", c.actor.organ}}},
              {"payload", json::parse(c.payload_json, nullptr, /*allow_exceptions=*/false)}};
    if (c.effective_at) j["effective_at"] = FormatTimestamp(*c.effective_at);
    if (c.expected_version) j["expectedVersion"] = *c.expected_version;
    out.push_back(std::move(j));
  }
  return out.dump();
}

}  // namespace arshjul::cli
