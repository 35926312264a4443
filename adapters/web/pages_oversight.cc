// Uppsikt (kommunstyrelsens överblick: a row of traffic lights per nämnd and
// bolag) and Beslut och uppdrag (decisions with their §, diarienummer and the
// deadlines they started; assignments with their status and age). Both read
// the API's views (uppsikt, findings, assignments, forecasts, decisions,
// follow-ups) and plan; the lights only classify what those say.
#include <algorithm>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/oversight.h"
#include "arshjul/engine/swedish_format.h"
#include "page_internal.h"

namespace arshjul::web {
namespace {

using http::beast_http::status;

std::string ViewTarget(const Visit& v, const std::string& view, const std::string& organ = "") {
  std::string q = Query({{"organ", organ}});
  std::string t = v.TimeParams();
  if (!t.empty()) q += (q.empty() ? "" : "&") + t;
  return "/api/v1/views/" + view + (q.empty() ? "" : "?" + q);
}

std::string RevisionLink(const std::string& organ, const std::string& type, const std::string& text) {
  return "<a href=\"/revision?" + Escape(Query({{"organ", organ}, {"typ", type}})) + "\">" + text + "</a>";
}

// The day the views are judged on: the as-of date when one is chosen.
engine::Date JudgedOn(const Visit& v) {
  if (auto d = engine::ParseDate(v.Q("per"))) return *d;
  return v.Today();
}

struct LateSteps {
  int count = 0;
  long oldest = 0;
};
std::map<std::string, LateSteps> LateStepsByOrgan(Visit& v, engine::Date today) {
  std::map<std::string, LateSteps> out;
  auto plan = PlanOf(v, static_cast<int>(today.year()));
  auto done = CompletedSteps(v);
  if (!plan.ok() || !done.ok()) return out;
  for (const auto& i : (*plan)["instances"]) {
    auto d = engine::ParseDate(Str(i, "deadline"));
    if (!d || done->count(Str(i, "id")) || DaysBetween(*d, today) <= 0) continue;
    LateSteps& l = out[Str(i, "organ")];
    ++l.count;
    l.oldest = std::max(l.oldest, DaysBetween(*d, today));
  }
  return out;
}

std::string StepsCell(const std::string& organ, const LateSteps& l) {
  std::string link = "<a href=\"/arshjul?" + Escape(Query({{"organ", organ}})) + "\">";
  if (l.count == 0) return LightHtml(Light::kGreen, link + "inga försenade steg</a>");
  return LightHtml(l.oldest > 14 ? Light::kRed : Light::kYellow,
                   link + std::to_string(l.count) + " försenade, äldsta " + std::to_string(l.oldest) + " dagar</a>");
}

std::string ForecastCell(const std::string& organ, const nlohmann::json& row, const nlohmann::json& forecasts) {
  if (row["forecast_deviation"].is_null()) return "<span class=\"muted\">ingen prognos</span>";
  double dev = row["forecast_deviation"].get<double>();
  size_t actions = 0;
  for (const auto& f : forecasts)
    if (Str(f, "organ") == organ) actions = f["remedial_actions"].size();  // the latest comes last
  std::string text = engine::SwedishNumber(dev / 1e6, 1) + " mnkr";
  if (dev >= 0) return LightHtml(Light::kGreen, RevisionLink(organ, "ForecastReported", Escape(text)));
  if (actions > 0) {
    return LightHtml(Light::kYellow, RevisionLink(organ, "ForecastReported", Escape(text) + ", " + std::to_string(actions) +
                                                                                 " åtgärder"));
  }
  return LightHtml(Light::kRed, RevisionLink(organ, "ForecastReported", Escape(text) + ", utan åtgärder"));
}

std::string AssignmentsCell(const std::string& organ, const nlohmann::json& assignments, engine::Date today) {
  int open = 0, late = 0;
  long oldest = 0;
  for (const auto& a : assignments) {
    if (Str(a, "to") != organ && Str(a, "from") != organ) continue;
    std::string st = Str(a, "status");
    if (st == "done" || st == "cancelled") continue;
    ++open;
    if (st == "late") {
      ++late;
      if (auto due = engine::ParseDate(Str(a, "due"))) oldest = std::max(oldest, DaysBetween(*due, today));
    }
  }
  std::string link = "<a href=\"/beslut?" + Escape(Query({{"organ", organ}})) + "#uppdrag\">";
  if (open == 0) return LightHtml(Light::kGreen, link + "inga öppna uppdrag</a>");
  if (late == 0) return LightHtml(Light::kGreen, link + std::to_string(open) + " öppna, inga försenade</a>");
  return LightHtml(oldest > 30 ? Light::kRed : Light::kYellow,
                   link + std::to_string(late) + " av " + std::to_string(open) + " försenade, äldsta " +
                       std::to_string(oldest) + " dagar</a>");
}

std::string ControlsCell(const std::string& organ, const nlohmann::json& row) {
  const auto& c = row["controls"];
  int total = c.value("total", 0), performed = c.value("performed", 0), deviations = c.value("deviations", 0);
  if (total == 0) return "<span class=\"muted\">ingen plan</span>";
  std::string text = std::to_string(performed) + " av " + std::to_string(total) + " kontroller utförda";
  if (deviations == 0) return LightHtml(Light::kGreen, RevisionLink(organ, "ControlPerformed", text));
  return LightHtml(Light::kYellow, RevisionLink(organ, "ControlPerformed", text + ", " + std::to_string(deviations) + " avvikelser"));
}

std::string DeliveryCell(const std::string& organ, const nlohmann::json& findings) {
  int failed = 0;
  for (const auto& f : findings) failed += Str(f, "organ") == organ && Str(f, "kind") == "delivery_failed";
  if (failed == 0) return LightHtml(Light::kGreen, "alla levererade");
  return LightHtml(Light::kRed, RevisionLink(organ, "NotificationFailed", std::to_string(failed) + " ej levererade"));
}

// The completeness of the organ's goal tree (engine/completeness.h): its brister, or green.
std::string GoalTreeCell(const nlohmann::json& row) {
  const size_t n = row.contains("completeness") ? row["completeness"].size() : 0;
  if (n == 0) return LightHtml(Light::kGreen, "inga brister");
  return LightHtml(Light::kYellow, "<a href=\"#iakttagelser\">" + std::to_string(n) + (n == 1 ? " brist" : " brister") +
                                       " i målstyrningen</a>");
}

std::string KindSv(const std::string& kind) { return engine::FindingKindName(kind); }

std::string AssignmentStatusSv(const nlohmann::json& a, engine::Date today) {
  std::string st = Str(a, "status");
  if (st == "done") return "verkställt, återrapporterat " + Escape(Str(a, "reported_on"));
  if (st == "cancelled") return "avbrutet";
  if (st == "late") {
    auto due = engine::ParseDate(Str(a, "due"));
    return "<span class=\"late\">försenat" + (due ? " " + std::to_string(DaysBetween(*due, today)) + " dagar" : "") + "</span>";
  }
  if (st == "in_progress") return "pågår";
  return "ej återrapporterat";
}

}  // namespace

http::Response OversightPage(Visit& v) {
  engine::Date today = JudgedOn(v);
  auto rows = v.Get(ViewTarget(v, "uppsikt"));
  if (!rows.ok()) return v.Error("Uppsikt", rows.status().message(), status::bad_request);
  auto findings = v.Get(ViewTarget(v, "findings"));
  auto assignments = v.Get(ViewTarget(v, "assignments"));
  auto forecasts = v.Get(ViewTarget(v, "forecasts"));
  if (!findings.ok() || !assignments.ok() || !forecasts.ok()) {
    return v.Error("Uppsikt", "kunde inte läsa uppsiktens vyer", status::internal_server_error);
  }
  auto late = LateStepsByOrgan(v, today);
  std::vector<std::vector<std::string>> table;
  for (const auto& r : *rows) {
    std::string organ = Str(r, "organ");
    table.push_back({"<a href=\"/beslut?" + Escape(Query({{"organ", organ}})) + "\">" + Escape(Str(r, "name")) + "</a>",
                     StepsCell(organ, late[organ]), ForecastCell(organ, r, *forecasts),
                     AssignmentsCell(organ, *assignments, today), ControlsCell(organ, r), GoalTreeCell(r), DeliveryCell(organ, *findings),
                     RevisionLink(organ, "DecisionRecorded", std::to_string(r.value("decisions", 0)) + " beslut")});
  }
  std::string main = "<p>Kommunstyrelsens uppsikt per nämnd och bolag, bedömd " + engine::ToString(today) +
                     ". Varje lampa säger sitt läge i ord: <strong>Grön</strong> i ordning, <strong>Gul</strong> följ upp, "
                     "<strong>Röd</strong> åtgärda. Varje siffra leder till händelserna den bygger på.</p>";
  main += Table("Uppsikt per organ", {"Organ", "Försenade steg", "Prognos", "Uppdrag", "Intern kontroll", "Målstyrning", "Påminnelser", "Beslut"},
                table, "Inga organ att visa.");
  std::vector<std::vector<std::string>> open;
  std::vector<nlohmann::json> list;
  for (const auto& a : *assignments)
    if (Str(a, "status") != "done" && Str(a, "status") != "cancelled") list.push_back(a);
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return Str(a, "given_on") < Str(b, "given_on"); });
  for (const auto& a : list) {
    auto given = engine::ParseDate(Str(a, "given_on"));
    open.push_back({"<a href=\"/beslut#uppdrag-" + Escape(Str(a, "id")) + "\">" + Escape(Str(a, "text")) + "</a>",
                    Escape(v.OrganName(Str(a, "from")) + " → " + v.OrganName(Str(a, "to"))), DateHtml(Str(a, "given_on")),
                    given ? std::to_string(DaysBetween(*given, today)) + " dagar" : "", DateHtml(Str(a, "due")),
                    AssignmentStatusSv(a, today)});
  }
  main += "<h2>Öppna uppdrag, äldst först</h2>" +
          Table("Öppna och försenade uppdrag med ålder", {"Uppdrag", "Från → till", "Givet", "Ålder", "Senast", "Status"}, open,
                "Inga öppna uppdrag.");
  std::vector<std::vector<std::string>> found;
  for (const auto& f : *findings) {
    found.push_back({Escape(v.OrganName(Str(f, "organ"))), Escape(KindSv(Str(f, "kind"))),
                     "<a href=\"/revision?" + Escape(Query({{"avser", Str(f, "subject")}})) + "\">" + Escape(Str(f, "subject")) + "</a>",
                     Escape(Str(f, "text"))});
  }
  main += "<h2 id=\"iakttagelser\">Iakttagelser</h2>" + Table("Iakttagelser för uppsikten", {"Organ", "Slag", "Avser", "Iakttagelse"}, found,
                                          "Inga iakttagelser.");
  return v.Html("Uppsikt", "uppsikt", main);
}

http::Response DecisionsPage(Visit& v) {
  engine::Date today = JudgedOn(v);
  std::string organ = v.Q("organ");
  auto decisions = v.Get(ViewTarget(v, "decisions", organ));
  if (!decisions.ok()) return v.Error("Beslut och uppdrag", decisions.status().message(), status::bad_request);
  auto assignments = v.Get(ViewTarget(v, "assignments", organ));
  auto done = CompletedSteps(v);
  if (!assignments.ok() || !done.ok()) return v.Error("Beslut och uppdrag", "kunde inte läsa vyerna", status::internal_server_error);
  std::map<int, nlohmann::json> plans;  // the deadlines decisions started, by the meeting's year
  auto started = [&](const std::string& step, const std::string& org, const std::string& meeting) -> std::string {
    int year = std::stoi(meeting.substr(0, 4));
    if (!plans.count(year)) {
      auto p = PlanOf(v, year);
      plans[year] = p.ok() ? *p : nlohmann::json::object();
    }
    std::string id = std::to_string(year) + "/" + step + "/" + org + "/" + meeting;
    const nlohmann::json& plan = plans[year];
    if (!plan.contains("instances")) return "–";
    for (const auto& i : plan["instances"]) {
      if (Str(i, "id") != id || Str(i, "organ") != org) continue;
      std::string out = DateHtml(Str(i, "deadline"));
      if (auto d = done->find(id); d != done->end()) return out + "<br>klart " + Escape(d->second);
      if (Str(i, "deadline") < engine::ToString(today)) return out + "<br><span class=\"late\">ej markerat klart</span>";
      return out + "<br><span class=\"muted\">senast</span>";
    }
    return "–";
  };
  // Other steps a meeting's decisions started (verkställighet, återrapportering, … as the wheel declares them).
  auto others = [&](const std::string& org, const std::string& meeting) {
    std::string out;
    std::string suffix = "/" + org + "/" + meeting;
    const nlohmann::json& plan = plans[std::stoi(meeting.substr(0, 4))];
    if (!plan.contains("instances")) return out;
    for (const auto& i : plan["instances"]) {
      std::string id = Str(i, "id");
      if (!id.ends_with(suffix) || id.find("/justering/") != std::string::npos || id.find("/anslag/") != std::string::npos ||
          id.find("/laga_kraft/") != std::string::npos) {
        continue;
      }
      std::string state = done->count(id) ? "klart " + Escape(done->at(id))
                          : Str(i, "deadline") < engine::ToString(today) ? "<span class=\"late\">försenat</span>"
                                                                          : "senast " + Escape(Str(i, "deadline"));
      out += Escape(Str(i, "title")) + ": " + state + "<br>";
    }
    return out;
  };
  std::map<std::string, std::string> started_by_decision;
  for (const auto& a : *assignments) {
    if (Str(a, "decision").empty()) continue;
    started_by_decision[Str(a, "decision")] += "<a href=\"#uppdrag-" + Escape(Str(a, "id")) + "\">Uppdrag " + Escape(Str(a, "id")) + "</a>: " +
                                               AssignmentStatusSv(a, today) + "<br>";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : *decisions) {
    std::string org = Str(d, "organ"), meeting = Str(d, "meeting_date");
    rows.push_back({"<span id=\"beslut-" + Escape(Str(d, "id")) + "\">" + Escape(v.OrganName(org)) + "</span>", DateHtml(meeting),
                    Escape(Str(d, "minute_item")), Escape(Str(d, "registry_number")),
                    Escape(Str(d, "title")) + (Str(d, "decides").empty() ? "" : "<br><span class=\"muted\">Avser: " +
                                                                                    Escape(DecidesSv(Str(d, "decides"))) + "</span>"),
                    started("justering", org, meeting), started("anslag", org, meeting), started("laga_kraft", org, meeting)});
    std::string begun = others(org, meeting) + started_by_decision[Str(d, "id")];
    rows.back().push_back(begun.empty() ? "<span class=\"muted\">inget uppdrag</span>" : begun);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a[1] > b[1]; });
  std::vector<std::pair<std::string, std::string>> organs{{"", "alla organ"}};
  std::string form = "<form class=\"filters\" method=\"get\" action=\"/beslut\"><label for=\"b-organ\">Organ<select id=\"b-organ\" name=\"organ\">";
  for (const auto& [id, o] : v.State().org.organs) organs.emplace_back(id, o.name);
  for (const auto& [id, name] : organs) {
    form += "<option value=\"" + Escape(id) + "\"" + (id == organ ? " selected" : "") + ">" + Escape(name) + "</option>";
  }
  form += "</select></label><button type=\"submit\" class=\"secondary\">Visa</button>"
          "<a class=\"button\" href=\"/registrera/beslut\">Registrera beslut</a></form>";
  std::string main = form + Table("Beslut, senaste sammanträdet först",
                                  {"Organ", "Sammanträde", "§", "Diarienummer", "Rubrik", "Justering", "Anslag", "Laga kraft",
                                   "Det beslutet startade"},
                                  rows, "Inga beslut.");
  std::vector<std::vector<std::string>> arows;
  for (const auto& a : *assignments) {
    arows.push_back({"<span id=\"uppdrag-" + Escape(Str(a, "id")) + "\">" + Escape(Str(a, "text")) + "</span>",
                     Escape(v.OrganName(Str(a, "from")) + " → " + v.OrganName(Str(a, "to"))),
                     Str(a, "decision").empty() ? "" : "<a href=\"#beslut-" + Escape(Str(a, "decision")) + "\">" + Escape(Str(a, "decision")) + "</a>",
                     DateHtml(Str(a, "given_on")), DateHtml(Str(a, "due")), AssignmentStatusSv(a, today),
                     "<a href=\"/revision?" + Escape(Query({{"avser", Str(a, "id")}})) + "\">Historik</a>"});
  }
  main += "<h2 id=\"uppdrag\">Uppdrag</h2>" +
          Table("Uppdrag och deras status", {"Uppdrag", "Från → till", "Beslut", "Givet", "Senast", "Status", "Historik"}, arows,
                "Inga uppdrag.");
  return v.Html("Beslut och uppdrag", "beslut", main);
}

}  // namespace arshjul::web
