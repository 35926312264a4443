// One response page of Kolada's data API, read strictly (docs/kolada.md):
// v3's shape {"count", "values": [{"kpi", "municipality", "period",
// "values": [{"gender", "value", "status", "count"}]}], "next_url"} and v2's
// (the same, with "next_page"). Ids stay strings (leading zeros are kept); a
// null value or a non-empty status is a missing value, never 0; gender T, K
// or M is kept. Anything else is an InvalidArgument whose Swedish message and
// field name where the response is wrong ("values[2].period").
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/status.h"

namespace arshjul::kolada {

struct KoladaValue {
  std::string kpi, municipality;
  int period = 0;  // the year
  std::string gender;  // "T", "K" or "M"
  std::optional<double> value;  // none: missing
  std::string status;           // Kolada's status text, when it had one
  bool Missing() const { return !value.has_value(); }
};

struct KoladaPage {
  long long count = 0;
  std::vector<KoladaValue> values;  // one per (kpi, municipality, period, gender), in response order
  std::string next_url;             // next_url (v3) or next_page (v2); empty when absent or null
};

Result<KoladaPage> ParseKoladaPage(std::string_view raw);

}  // namespace arshjul::kolada
