// Cursor: a yaml-cpp node together with the way it was reached — the source
// name, the field path ("organs[3].kind") and the line — so that every error
// about it names file, line and field. Plus the strict readers the workflow
// files share: maps with a closed set of keys, lists, texts, ids, dates,
// booleans and integers.
//
// Internal to workflows/. Readers return Status/Result and do not throw; the
// caller still catches YAML::Exception at its boundary because yaml-cpp may
// throw from anywhere. A Cursor borrows the source name, which must outlive it.
// Thread-compatible.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/organization.h"
#include "arshjul/storage/status.h"

namespace arshjul::workflows {

class Cursor {
 public:
  Cursor(YAML::Node node, std::string path, const std::string& source, int line);
  // The document's root, named by `source` in messages.
  static Cursor Root(const YAML::Node& root, const std::string& source);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  int line() const { return line_; }  // 1-based

  // Present: the key exists and its value is not null (`key:` or `key: ~`).
  bool present() const { return node_.IsDefined() && !node_.IsNull(); }

  // InvalidArgument "source:line: path: message", with field() = path.
  Status Error(std::string_view message) const;

  // The value under `key` of this map (which must be a map), on the key's line;
  // absent keys give a cursor that is not present(), on this map's line.
  Cursor Key(std::string_view key) const;

  // Another node of the same source: `path` and `line` as given.
  Cursor At(YAML::Node node, std::string path, int line) const {
    return Cursor(std::move(node), std::move(path), *source_, line);
  }

 private:
  YAML::Node node_;
  std::string path_;
  const std::string* source_;
  int line_;
};

// A map whose keys are all in `allowed` and appear once each. A null value
// (`rules:` with nothing after it) counts as an empty map.
Status ExpectMap(const Cursor& c, std::initializer_list<std::string_view> allowed);

// The entries of a map as (key text, value cursor) pairs in file order; every
// key must be a non-empty scalar and appear once. Null counts as empty.
Result<std::vector<std::pair<std::string, Cursor>>> MapEntries(const Cursor& c);

// The items of a list, with paths "path[i]". Null counts as an empty list.
Result<std::vector<Cursor>> ListItems(const Cursor& c);

// A required, non-empty scalar.
Result<std::string> ReadText(const Cursor& c);

// A short, stream-safe id: 1–32 characters of a–z, 0–9, '_' and '-',
// starting with a letter or digit.
bool IsValidId(std::string_view id);
Result<std::string> ReadId(const Cursor& c);

// A real date written YYYY-MM-DD.
Result<engine::Date> ReadDate(const Cursor& c);

// `true` or `false`, nothing else (no yes/no/on/off).
Result<bool> ReadBool(const Cursor& c);

// A decimal integer in [min, max].
Result<int> ReadInt(const Cursor& c, int min, int max);

// "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);

// yaml-cpp's parse error (English) in Swedish; "syntaxfel" when unknown.
std::string SwedishYamlError(const std::string& yaml_cpp_message);

}  // namespace arshjul::workflows
