#include "show_completeness.h"

#include <algorithm>

#include "arshjul/engine/completeness.h"

namespace arshjul::cli {

nlohmann::json CompletenessJson(const std::vector<engine::Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : findings)
    if (engine::IsCompletenessFinding(f.kind))
      out.push_back({{"kind", f.kind}, {"label", engine::FindingKindName(f.kind)}, {"subject", f.subject}, {"text", f.text}});
  return out;
}

std::string CompletenessCell(const std::vector<engine::Finding>& findings) {
  int n = 0;
  std::vector<std::string> subjects;
  for (const auto& f : findings) {
    if (!engine::IsCompletenessFinding(f.kind)) continue;
    ++n;
    if (std::find(subjects.begin(), subjects.end(), f.subject) == subjects.end()) subjects.push_back(f.subject);
  }
  if (n == 0) return "–";
  std::string cell = std::to_string(n) + ":";
  for (size_t i = 0; i < subjects.size(); ++i) cell += (i ? ", " : " ") + subjects[i];
  return cell;
}

}  // namespace arshjul::cli
