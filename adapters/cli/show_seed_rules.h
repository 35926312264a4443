// What `show` adds for the rest of the seeds' rules (issue 9, item 7): an
// outcome goal's reasons for prioritising it and its förändringsteori in
// `show goals`, and risks with their category (strategisk / operativ) in
// `show internal-control` and `show analyses`. Each JSON helper gives the
// fields a row's JSON carries; each *Rows helper writes the table-only detail
// rows under it (TableWriter::TableRow). Stateless.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "arshjul/engine/domain_state.h"
#include "table_writer.h"

namespace arshjul::cli {

// {"priority_reasons": [...], "change_theory": [...]} of an outcome goal.
nlohmann::json GoalReasonsJson(const engine::OutcomeGoalRow& g);
// "    motivering" and "    förändringsteori" rows in the goals table's six
// columns, each only when the goal has it.
void GoalReasonRows(const engine::OutcomeGoalRow& g, TableWriter& t);

// A risk as JSON: id, description, likelihood, consequence, value, category.
nlohmann::json RiskJson(const engine::RiskRow& r);
// "strategisk", "operativ", or "ej angiven".
std::string RiskCategorySv(const std::string& category);
// The risks of a nulägesanalys as JSON, and as "    risk" rows in the
// analyses table's seven columns.
nlohmann::json RisksJson(const std::vector<engine::RiskRow>& risks);
void AnalysisRiskRows(const engine::AnalysisRow& a, TableWriter& t);

}  // namespace arshjul::cli
