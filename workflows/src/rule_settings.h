// The rules a kommun can switch off or tune in its organisation file: their
// ids, parameters and defaults (the catalogue), and the reader of the file's
// `rules:` section. Documented for users in docs/organization-format.md.
//
// Internal to workflows/. The catalogue is immutable static data; the reader
// is a pure function. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/organization.h"
#include "arshjul/storage/status.h"
#include "yaml_cursor.h"

namespace arshjul::workflows {

struct RuleParamSpec {
  enum class Type { kInt, kRoleId, kPattern, kText };  // kPattern: an ECMAScript regular expression
  std::string_view name;
  Type type;
  std::string_view default_value;
  int min = 0;  // kInt only
  int max = 0;  // kInt only
};

struct RuleSpec {
  std::string_view id;
  std::vector<RuleParamSpec> params;
};

// Every known rule, in documentation order. All are on by default but the
// opt-in ones.
const std::vector<RuleSpec>& KnownRules();
// The rules that are off unless the file turns them on (a kommun's own
// practice: Grästorp's dialogue per goal and year, activities on KF's goals;
// Trelleborg's reasons for prioritising a goal; Tranemo's risk categories).
const std::vector<std::string_view>& OptInRules();

// Reads the `rules:` map (rule id → {enabled, params}). The result holds every
// known rule, with the file's settings over the defaults; integer parameters
// are written back in canonical form ("02" → "2"). A role parameter must name
// one of `roles` — also a default one, when its rule is enabled.
Result<std::map<std::string, engine::RuleSetting>> ReadRules(const Cursor& rules,
                                                             const std::map<std::string, engine::Role>& roles);

}  // namespace arshjul::workflows
