// Mina uppgifter: the logged-in person's steps (the plan's instances for the
// roles they hold), the assignments given to their roles and their
// reminders — soonest deadline first, late ones marked, a "saknar datum"
// filter (preliminary or missing dates). Each links to its history.
#include <algorithm>

#include "arshjul/engine/calendar.h"
#include "page_internal.h"

namespace arshjul::web {
namespace {

struct Task {
  std::string date;  // YYYY-MM-DD, or "" when it has none
  bool preliminary = false;
  std::string what_html, organ, kind, history_href;
};

std::string DueText(const Task& t, engine::Date today) {
  if (t.date.empty()) return "<span class=\"late\">saknar datum</span>";
  auto d = engine::ParseDate(t.date);
  std::string out = DateHtml(t.date) + (t.preliminary ? " <span class=\"late\">(preliminärt, mötesplanen ej beslutad)</span>" : "");
  if (!d) return out;
  long days = DaysBetween(today, *d);
  if (days < 0) return out + "<br><span class=\"late\">Försenad " + std::to_string(-days) + " dagar</span>";
  if (days == 0) return out + "<br><strong>Idag</strong>";
  return out + "<br><span class=\"muted\">om " + std::to_string(days) + " dagar</span>";
}

void AddSteps(Visit& v, int year, const std::map<std::string, std::string>& done, std::vector<Task>& out) {
  auto plan = PlanOf(v, year);
  if (!plan.ok()) return;
  auto holds = v.Holdings();
  for (const auto& i : (*plan)["instances"]) {
    std::pair<std::string, std::string> key{Str(i, "responsible_role"), Str(i, "organ")};
    if (std::find(holds.begin(), holds.end(), key) == holds.end() || done.count(Str(i, "id"))) continue;
    Task t;
    t.date = Str(i, "deadline");
    t.preliminary = i.value("preliminary", false);
    t.what_html = "<a href=\"/arshjul?" + Query({{"ar", std::to_string(year)}, {"steg", Str(i, "id")}}) + "#detaljer\">" +
                  Escape(Str(i, "title")) + "</a>";
    t.organ = Str(i, "organ_name");
    t.kind = "Steg i årshjulet";
    t.history_href = "/revision?" + Query({{"avser", Str(i, "id")}});
    out.push_back(std::move(t));
  }
}

}  // namespace

http::Response TasksPage(Visit& v) {
  engine::Date today = v.Today();
  int year = static_cast<int>(today.year());
  std::vector<Task> tasks;
  auto done = CompletedSteps(v);
  if (!done.ok()) return v.Error("Mina uppgifter", done.status().message(), http::beast_http::status::forbidden);
  AddSteps(v, year, *done, tasks);
  AddSteps(v, year + 1, *done, tasks);
  auto holds = v.Holdings();
  if (auto assignments = v.Get("/api/v1/views/assignments"); assignments.ok()) {
    for (const auto& a : *assignments) {
      std::pair<std::string, std::string> key{Str(a, "to_role"), Str(a, "to")};
      std::string st = Str(a, "status");
      if (std::find(holds.begin(), holds.end(), key) == holds.end() || st == "done" || st == "cancelled") continue;
      tasks.push_back({Str(a, "due"), false,
                       "<a href=\"/beslut#uppdrag-" + Escape(Str(a, "id")) + "\">Uppdrag: " + Escape(Str(a, "text")) + "</a>",
                       v.OrganName(Str(a, "from")), "Uppdrag", "/revision?" + Query({{"avser", Str(a, "id")}})});
    }
  }
  std::string filter = v.Q("visa");
  std::vector<Task> shown;
  for (const Task& t : tasks) {
    bool late = !t.date.empty() && t.date < engine::ToString(today);
    if (filter == "saknar-datum" && !(t.date.empty() || t.preliminary)) continue;
    if (filter == "forsenade" && !late) continue;
    shown.push_back(t);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Task& a, const Task& b) {
    return std::pair(a.date.empty(), a.date) < std::pair(b.date.empty(), b.date);
  });
  std::vector<std::vector<std::string>> rows;
  for (const Task& t : shown) {
    rows.push_back({DueText(t, today), t.what_html, Escape(t.kind), Escape(t.organ),
                    "<a href=\"" + Escape(t.history_href) + "\">Historik</a>"});
  }
  std::string main = "<form class=\"filters\" method=\"get\" action=\"/uppgifter\"><label for=\"visa\">Visa"
                     "<select id=\"visa\" name=\"visa\">";
  for (auto [value, label] : {std::pair{"", "alla uppgifter"}, {"forsenade", "bara försenade"}, {"saknar-datum", "saknar datum"}}) {
    main += std::string("<option value=\"") + value + "\"" + (filter == value ? " selected" : "") + ">" + label + "</option>";
  }
  main += "</select></label><button type=\"submit\" class=\"secondary\">Visa</button></form>";
  std::string roles;
  for (const auto& [role, organ] : holds) {
    auto r = v.State().org.roles.find(role);
    roles += (roles.empty() ? "" : ", ") + Escape(r == v.State().org.roles.end() || r->second.name.empty() ? role : r->second.name) +
             " i " + Escape(v.OrganName(organ));
  }
  main += "<p>Dina roller idag: " + (roles.empty() ? std::string("inga") : roles) + ".</p>";
  main += Table("Steg och uppdrag, närmaste frist först", {"Frist", "Uppgift", "Slag", "Organ", "Historik"}, rows,
                filter == "saknar-datum" ? "Inga uppgifter saknar datum." : "Du har inga öppna uppgifter.");
  std::vector<std::vector<std::string>> reminders;
  if (auto r = v.Get("/api/v1/reminders"); r.ok()) {
    std::vector<nlohmann::json> list((*r)["reminders"].begin(), (*r)["reminders"].end());
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return Str(a, "fire_at") > Str(b, "fire_at"); });
    for (const auto& n : list) {
      if (list.size() > 25 && reminders.size() == 25) break;
      reminders.push_back({DateHtml(Local(Str(n, "fire_at"))), Escape(Str(n, "subject")), DateHtml(Str(n, "deadline")),
                           n.value("late", false) ? "<span class=\"late\">försenat</span>" : (n.value("cancelled", false) ? "återkallad" : "påminnelse")});
    }
  }
  main += "<h2>Mina påminnelser</h2>" +
          Table("Påminnelser till dig, senaste först", {"Skickas", "Ämne", "Frist", "Slag"}, reminders,
                "Inga påminnelser har schemalagts till dig ännu.");
  return v.Html("Mina uppgifter", "uppgifter", main);
}

}  // namespace arshjul::web
