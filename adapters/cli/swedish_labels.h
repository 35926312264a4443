// Swedish labels for the enum values the tables show (`show`, `plan`, `log`):
// JSON, JSON lines and CSV keep the codes a program reads ("committee",
// "half_year"); a table shows what a person reads ("nämnd", "halvår"). One
// table per kind of value, in swedish_labels.cc. Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arshjul::cli {

// The kinds of value with labels: "organ_kind", "periodicity", "method",
// "follow_up_kind", "report_kind", "decides", "assessment",
// "assignment_status", "control_result", "finding", "notification_kind",
// "risk_category".
const std::vector<std::string>& LabelledKinds();

// The codes of one kind that have a label (for tests and help texts).
std::vector<std::string> LabelledCodes(std::string_view kind);

// The Swedish label of `code`, or the code itself when it has none (a value a
// later version added: shown as stored rather than hidden).
std::string SwedishLabel(std::string_view kind, std::string_view code);

}  // namespace arshjul::cli
