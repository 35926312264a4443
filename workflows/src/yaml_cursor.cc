#include "yaml_cursor.h"

#include <charconv>
#include <set>

#include "arshjul/engine/calendar.h"

namespace arshjul::workflows {
namespace {

constexpr std::size_t kMaxIdLength = 32;

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "en lista";
    case YAML::NodeType::Map: return "en mappning";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "inget värde";
  }
}

// The node's 1-based line, or `fallback` for nodes yaml-cpp has no mark for.
int LineOf(const YAML::Node& node, int fallback) {
  if (!node.IsDefined()) return fallback;
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? fallback : mark.line + 1;
}

std::string ChildPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace

Cursor::Cursor(YAML::Node node, std::string path, const std::string& source, int line)
    : node_(std::move(node)), path_(std::move(path)), source_(&source), line_(line) {}

Cursor Cursor::Root(const YAML::Node& root, const std::string& source) {
  return Cursor(root, "", source, LineOf(root, 1));
}

Status Cursor::Error(std::string_view message) const {
  std::string text = *source_ + ":" + std::to_string(line_) + ": ";
  if (!path_.empty()) text += path_ + ": ";
  text += message;
  return Status::InvalidArgument(std::move(text), path_);
}

Cursor Cursor::Key(std::string_view key) const {
  if (node_.IsMap()) {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      // A null value's mark is where the next token starts, often the next
      // line: the key's line is the one the reader wrote.
      if (it->first.IsScalar() && it->first.Scalar() == key)
        return At(it->second, ChildPath(path_, key), LineOf(it->first, line_));
    }
  }
  return At(YAML::Node(YAML::NodeType::Undefined), ChildPath(path_, key), line_);
}

Result<std::vector<std::pair<std::string, Cursor>>> MapEntries(const Cursor& c) {
  std::vector<std::pair<std::string, Cursor>> out;
  if (!c.present()) return out;
  if (!c.node().IsMap()) return c.Error("väntade en mappning (nyckel: värde), fick " + Describe(c.node()));
  std::set<std::string> seen;
  for (auto it = c.node().begin(); it != c.node().end(); ++it) {
    const int line = LineOf(it->first, c.line());
    if (!it->first.IsScalar() || it->first.Scalar().empty())
      return c.At(it->first, c.path(), line).Error("en nyckel måste vara en text, fick " + Describe(it->first));
    std::string key = it->first.Scalar();
    Cursor value = c.At(it->second, ChildPath(c.path(), key), line);
    if (!seen.insert(key).second) return value.Error("fältet förekommer två gånger");
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Status ExpectMap(const Cursor& c, std::initializer_list<std::string_view> allowed) {
  ARSHJUL_ASSIGN_OR_RETURN(auto entries, MapEntries(c));
  for (const auto& [key, value] : entries) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      return value.Error("okänt fält '" + key + "' (tillåtna: " + JoinNames(names) + ")");
    }
  }
  return Status::Ok();
}

Result<std::vector<Cursor>> ListItems(const Cursor& c) {
  std::vector<Cursor> out;
  if (!c.present()) return out;
  if (!c.node().IsSequence()) return c.Error("väntade en lista, fick " + Describe(c.node()));
  for (std::size_t i = 0; i < c.node().size(); ++i) {
    const YAML::Node item = c.node()[i];
    out.push_back(c.At(item, c.path() + "[" + std::to_string(i) + "]", LineOf(item, c.line())));
  }
  return out;
}

Result<std::string> ReadText(const Cursor& c) {
  if (!c.node().IsDefined()) return c.Error("fältet saknas");
  if (c.node().IsNull()) return c.Error("fältet saknar värde");
  if (!c.node().IsScalar()) return c.Error("väntade en text, fick " + Describe(c.node()));
  if (c.node().Scalar().empty()) return c.Error("fältet får inte vara tomt");
  return c.node().Scalar();
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  if (id.front() == '_' || id.front() == '-') return false;
  for (char ch : id) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> ReadId(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
  if (!IsValidId(text))
    return c.Error("ogiltigt id '" + text +
                   "' (tillåtet: a–z, 0–9, '_' och '-', först en bokstav eller siffra, högst " +
                   std::to_string(kMaxIdLength) + " tecken)");
  return text;
}

Result<engine::Date> ReadDate(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
  auto date = engine::ParseDate(text);
  if (!date) return c.Error("ogiltigt datum '" + text + "' (väntade ÅÅÅÅ-MM-DD, ett datum som finns)");
  return *date;
}

Result<bool> ReadBool(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
  if (text == "true") return true;
  if (text == "false") return false;
  return c.Error("väntade true eller false, fick '" + text + "'");
}

Result<int> ReadInt(const Cursor& c, int min, int max) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max)
    return c.Error("väntade ett heltal " + std::to_string(min) + "–" + std::to_string(max) + ", fick '" + text + "'");
  return value;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string SwedishYamlError(const std::string& msg) {
  static const std::pair<const char*, const char*> kMessages[] = {
      {"end of sequence flow not found", "listan saknar avslutande ]"},
      {"end of map flow not found", "mappningen saknar avslutande }"},
      {"end of sequence not found", "listan tar inte slut där den ska (fel indrag?)"},
      {"end of map not found", "mappningen tar inte slut där den ska (fel indrag?)"},
      {"illegal map value", "otillåtet värde (ett kolon för mycket, eller mellanslag saknas efter kolon?)"},
      {"illegal flow end", "en ] eller } för mycket"},
      {"unknown token", "okänt tecken"},
      {"invalid escape character", "ogiltig \\-kod i en sträng"},
      {"unknown escape character", "okänd \\-kod i en sträng"},
      {"end of single quoted string", "strängen saknar avslutande '"},
      {"end of double quoted string", "strängen saknar avslutande \""},
      {"block sequence entries are not allowed", "ett listelement (-) får inte stå här"},
      {"tab", "tabbtecken får inte användas för indrag"},
      {"duplicate key", "nyckeln står två gånger"},
      {"anchor", "okänd referens (&/*)"},
  };
  for (const auto& [english, swedish] : kMessages)
    if (msg.find(english) != std::string::npos) return swedish;
  return "syntaxfel";
}

}  // namespace arshjul::workflows
