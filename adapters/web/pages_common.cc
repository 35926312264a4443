// Helpers the page renderers share: reading the plan and the completed steps
// through the API, dates, the JSON fields.
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "page_internal.h"

namespace arshjul::web {

std::string Str(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const auto& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

long DaysBetween(engine::Date from, engine::Date to) {
  return static_cast<long>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

std::string Local(const std::string& utc) {
  Timestamp t;
  if (!ParseTimestamp(utc, &t)) return utc;
  std::string s = engine::FormatLocalRfc3339(t);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

bool Concerns(const nlohmann::json& e, const std::string& id) {
  return Str(e, "stream").find(id) != std::string::npos || e["payload"].dump().find("\"" + id + "\"") != std::string::npos;
}

Result<std::vector<nlohmann::json>> EventsConcerning(Visit& v, const std::string& id, size_t max) {
  std::vector<nlohmann::json> out;
  std::string after;
  for (int page = 0; page < 100 && out.size() < max; ++page) {
    ARSHJUL_ASSIGN_OR_RETURN(auto log, v.Get("/api/v1/log?limit=1000" + (after.empty() ? "" : "&after=" + after)));
    for (const auto& e : log["events"])
      if (out.size() < max && Concerns(e, id)) out.push_back(e);
    if (!log.contains("next") || log["events"].empty()) break;
    after = std::to_string(log["events"].back().value("position", 0));
  }
  return out;
}

Result<std::map<std::string, std::string>> CompletedSteps(Visit& v) {
  std::string params = v.TimeParams();
  ARSHJUL_ASSIGN_OR_RETURN(auto rows, v.Get("/api/v1/views/follow-ups" + (params.empty() ? "" : "?" + params)));
  std::map<std::string, std::string> out;
  for (const auto& r : rows)
    if (Str(r, "level") == "step") out[Str(r, "instance")] = Str(r, "completed_on");
  return out;
}

Result<nlohmann::json> PlanOf(Visit& v, int year, const std::string& extra) {
  return v.Get("/api/v1/plan?year=" + std::to_string(year) + (extra.empty() ? "" : "&" + extra));
}

const std::vector<std::pair<std::string, std::string>>& DecidesOptions() {
  static const std::vector<std::pair<std::string, std::string>> kOptions = {
      {"other", "övrigt"},
      {"assignment", "uppdrag"},
      {"governing_document", "styrdokument"},
      {"budget", "budget"},
      {"operational_plan", "verksamhetsplan"},
      {"interim_report", "delårsrapport"},
      {"annual_report", "årsredovisning"},
      {"discharge", "ansvarsfrihet"},
      {"company_review", "prövning av bolagen"},
      {"delegation", "delegation"},
      {"exception", "undantag"}};
  return kOptions;
}

std::string DecidesSv(const std::string& decides) {
  for (const auto& [value, label] : DecidesOptions())
    if (value == decides) return label;
  return decides;
}

}  // namespace arshjul::web
