// What `show uppsikt` shows of the completeness findings (engine/completeness.h)
// of one organ: in the table's last column their number and what they concern
// (the goal, indicator or follow-up ids; `show findings` has the texts), and in
// JSON each one's kind, Swedish label, subject and text (so also the HTTP view
// and the page). Stateless.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "arshjul/engine/oversight.h"

namespace arshjul::cli {

// `findings`: one organ's (OversightSummary::findings); other kinds are skipped.
nlohmann::json CompletenessJson(const std::vector<engine::Finding>& findings);
// "4: bun-dr2-2026, bun-em-2, bun-ind-2", or "–" when the goal tree is complete.
std::string CompletenessCell(const std::vector<engine::Finding>& findings);

}  // namespace arshjul::cli
