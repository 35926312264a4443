// Årshjulet: the plan of a year (GET /api/v1/plan) drawn as a wheel (wheel.h),
// a ring per organ or per process (the step's kind), filtered by organ and
// role; a chosen item's details beside it; the same SVG as a download that
// prints on one page; and the wheel as a table for those who cannot see it.
#include <algorithm>
#include <set>

#include "arshjul/engine/calendar.h"
#include "page_internal.h"
#include "wheel.h"
#include "wheel_plan.h"

namespace arshjul::web {
namespace {

const std::vector<std::pair<std::string, std::string>>& Processes() {
  static const std::vector<std::pair<std::string, std::string>> kinds = {
      {"analys", "Analys"}, {"plan", "Planering"}, {"dialog", "Dialog"}, {"rapport", "Rapportering"}, {"beslut", "Beslut"}};
  return kinds;
}

int OrganRank(const engine::Organ& o) {
  switch (o.kind) {
    case engine::OrganKind::kCouncil: return 0;
    case engine::OrganKind::kExecutiveBoard: return 1;
    case engine::OrganKind::kSubcommittee: return 2;
    case engine::OrganKind::kCommittee: return 3;
    case engine::OrganKind::kCompany: return 4;
    default: return 5;
  }
}

std::string ShortName(const engine::Organ& o) {
  if (o.id.size() <= 4) {
    std::string up = o.id;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }
  size_t last = o.name.rfind(' ');
  if (last == std::string::npos) return o.name;
  size_t before = o.name.rfind(' ', last - 1);
  return before == std::string::npos ? o.name : o.name.substr(before + 1);
}

struct Built {
  WheelSpec spec;
  nlohmann::json plan;
  std::map<std::string, std::string> done;
};

std::string WheelQuery(const Visit& v, const std::string& selected) {
  return Query({{"ar", v.Q("ar")}, {"ringar", v.Q("ringar")}, {"organ", v.Q("organ")}, {"roll", v.Q("roll")},
                {"steg", selected}, {"per", v.Q("per")}, {"kand", v.Q("kand")}});
}

Result<Built> Build(Visit& v) {
  Built b;
  engine::Date today = v.Today();
  if (auto per = engine::ParseDate(v.Q("per"))) today = *per;
  int year = static_cast<int>(today.year());
  if (!v.Q("ar").empty()) {
    if (v.Q("ar").size() != 4 || v.Q("ar").find_first_not_of("0123456789") != std::string::npos) {
      return Status::InvalidArgument("År ska vara fyra siffror, t.ex. 2027", "ar");
    }
    year = std::stoi(v.Q("ar"));
  }
  ARSHJUL_ASSIGN_OR_RETURN(b.plan, PlanOf(v, year, Query({{"organ", v.Q("organ")}, {"role", v.Q("roll")}})));
  ARSHJUL_ASSIGN_OR_RETURN(b.done, CompletedSteps(v));
  WheelChoice c;
  c.year = year;
  c.by_process = v.Q("ringar") == "process";
  c.today = today;
  c.selected = v.Q("steg");
  c.done = b.done;
  c.href = [&v](const std::string& id) { return "/arshjul?" + WheelQuery(v, id) + "#detaljer"; };
  b.spec = WheelFromPlan(b.plan, v.State().org, c);
  return b;
}

}  // namespace

WheelSpec WheelFromPlan(const nlohmann::json& plan, const engine::Organization& org, const WheelChoice& c) {
  WheelSpec s;
  s.year = c.year;
  s.today = c.today;
  s.title = "Årshjulet " + std::to_string(c.year) + " för " + org.municipality_name +
            (c.by_process ? ", en ring per process" : ", en ring per organ");
  std::set<std::string> used;
  for (const auto& i : plan["instances"]) used.insert(c.by_process ? Str(i, "kind") : Str(i, "organ"));
  if (c.by_process) {
    for (const auto& [key, label] : Processes())
      if (used.count(key)) s.rings.push_back({key, label});
  } else {
    std::vector<const engine::Organ*> organs;
    for (const auto& [id, o] : org.organs)
      if (used.count(id)) organs.push_back(&o);
    std::stable_sort(organs.begin(), organs.end(), [](auto* x, auto* y) { return OrganRank(*x) < OrganRank(*y); });
    for (const auto* o : organs) s.rings.push_back({o->id, ShortName(*o)});
  }
  std::string today_s = engine::ToString(c.today);
  for (const auto& i : plan["instances"]) {
    WheelItem w;
    w.id = Str(i, "id");
    w.ring = c.by_process ? Str(i, "kind") : Str(i, "organ");
    auto deadline = engine::ParseDate(Str(i, "deadline"));
    if (!deadline) continue;
    w.deadline = *deadline;
    if (i["period"].is_object()) w.from = engine::ParseDate(Str(i["period"], "from"));
    w.preliminary = i.value("preliminary", false);
    w.done = c.done.count(w.id) > 0;
    w.late = !w.done && Str(i, "deadline") < today_s;
    w.selected = w.id == c.selected;
    w.title = Str(i, "title") + " – " + Str(i, "organ_name") + ", senast " + Str(i, "deadline") +
              (w.preliminary ? " (preliminärt datum)" : "") + (w.done ? " (klart)" : w.late ? " (försenat)" : "");
    if (c.href) w.href = c.href(w.id);
    s.items.push_back(std::move(w));
  }
  return s;
}

namespace {

std::string Select(const std::string& name, const std::string& label, const std::string& current,
                   const std::vector<std::pair<std::string, std::string>>& options) {
  std::string out = "<label for=\"w-" + name + "\">" + label + "<select id=\"w-" + name + "\" name=\"" + name + "\">";
  for (const auto& [value, text] : options) {
    out += "<option value=\"" + Escape(value) + "\"" + (value == current ? " selected" : "") + ">" + Escape(text) + "</option>";
  }
  return out + "</select></label>";
}

std::string Filters(Visit& v, int year) {
  std::vector<std::pair<std::string, std::string>> years, organs{{"", "alla organ"}}, roles{{"", "alla roller"}};
  for (int y = year - 2; y <= year + 2; ++y) years.emplace_back(std::to_string(y), std::to_string(y));
  for (const auto& [id, o] : v.State().org.organs) organs.emplace_back(id, o.name);
  for (const auto& [id, r] : v.State().org.roles) roles.emplace_back(id, r.name.empty() ? id : r.name);
  return "<form class=\"filters\" method=\"get\" action=\"/arshjul\">" +
         Select("ar", "År", std::to_string(year), years) +
         Select("ringar", "Ringar", v.Q("ringar") == "process" ? "process" : "organ",
                {{"organ", "en per organ"}, {"process", "en per process"}}) +
         Select("organ", "Organ", v.Q("organ"), organs) + Select("roll", "Roll", v.Q("roll"), roles) +
         (v.Q("per").empty() ? "" : "<input type=\"hidden\" name=\"per\" value=\"" + Escape(v.Q("per")) + "\">") +
         "<button type=\"submit\" class=\"secondary\">Visa</button></form>";
}

std::string Legend() {
  auto icon = [](const std::string& shape) {
    return "<svg width=\"18\" height=\"18\" viewBox=\"0 0 18 18\" aria-hidden=\"true\" focusable=\"false\">" + shape + "</svg> ";
  };
  return "<ul class=\"legend\" aria-label=\"Teckenförklaring\">"
         "<li>" + icon("<circle cx=\"9\" cy=\"9\" r=\"6\" fill=\"#1d5fa6\"/>") + "frist (öppen)</li>"
         "<li>" + icon("<circle cx=\"9\" cy=\"9\" r=\"6\" fill=\"#1b6e2e\"/><circle cx=\"9\" cy=\"9\" r=\"2.3\" fill=\"#fff\"/>") + "klart</li>"
         "<li>" + icon("<path d=\"M9 1 L17 9 L9 17 L1 9 Z\" fill=\"#b3261e\"/>") + "försenat</li>"
         "<li>" + icon("<circle cx=\"9\" cy=\"9\" r=\"6\" fill=\"#fff\" stroke=\"#1d5fa6\" stroke-width=\"2\" stroke-dasharray=\"2.5 2\"/>") + "preliminärt datum</li>"
         "<li>" + icon("<rect x=\"1\" y=\"5\" width=\"16\" height=\"8\" fill=\"#1d5fa6\" fill-opacity=\".35\" stroke=\"#1d5fa6\"/>") + "period</li>"
         "<li>" + icon("<line x1=\"2\" y1=\"16\" x2=\"16\" y2=\"2\" stroke=\"#111\" stroke-width=\"3\"/>") + "visaren: idag</li></ul>";
}

std::string Details(Visit& v, const Built& b) {
  const nlohmann::json* found = nullptr;
  for (const auto& i : b.plan["instances"])
    if (Str(i, "id") == v.Q("steg")) found = &i;
  if (!found) return "<div class=\"details\" id=\"detaljer\"><h2>Detaljer</h2><p>Välj ett steg i hjulet eller i tabellen.</p></div>";
  const auto& i = *found;
  std::string id = Str(i, "id"), role = Str(i, "responsible_role"), organ = Str(i, "organ");
  std::string people;
  auto deadline = engine::ParseDate(Str(i, "deadline"));
  for (const auto& h : v.State().org.holdings) {
    if (h.role == role && h.organ == organ && deadline && h.ActiveOn(*deadline)) {
      people += (people.empty() ? "" : ", ") + Escape(v.PersonName(h.person_id));
    }
  }
  auto r = v.State().org.roles.find(role);
  std::string planned, sent;
  for (const auto& rem : i["reminders"]) planned += (planned.empty() ? "" : ", ") + Escape(Str(rem, "fires_at").substr(0, 10));
  int sent_count = 0;
  for (const auto& [nid, n] : v.State().notifications) {
    if (n.instance_id != id) continue;
    for (const auto& [key, d] : n.deliveries) sent_count += d.state == engine::DeliveryState::kDelivered;
  }
  auto done = b.done.find(id);
  std::string out = "<div class=\"details\" id=\"detaljer\" tabindex=\"-1\"><h2>" + Escape(Str(i, "title")) + "</h2><dl class=\"facts\">";
  auto fact = [&](const std::string& k, const std::string& val) { out += "<dt>" + k + "</dt><dd>" + val + "</dd>"; };
  fact("Organ", Escape(Str(i, "organ_name")));
  fact("Senast", Escape(Str(i, "deadline") + " (" + Str(i, "weekday") + ")") +
                     (i.value("preliminary", false) ? " – preliminärt: " + Escape(Str(i, "preliminary_reason")) : ""));
  if (i["period"].is_object()) fact("Period", Escape(Str(i["period"], "from") + " – " + Str(i["period"], "to")));
  fact("Lagrum", Escape(Str(i, "legal_basis").empty() ? "kommunens egen rutin" : Str(i, "legal_basis")));
  fact("Ansvarig roll", Escape(r == v.State().org.roles.end() || r->second.name.empty() ? role : r->second.name));
  fact("Ansvariga personer", people.empty() ? "ingen har rollen" : people);
  fact("Påminnelser", (planned.empty() ? "inga planerade" : "planerade " + planned) + "; skickade: " + std::to_string(sent_count));
  fact("Klart", done == b.done.end() ? "nej" : "ja, " + Escape(done->second));
  out += "</dl><h3>Händelserna bakom steget</h3>";
  auto events = EventsConcerning(v, id, 20);
  if (events.ok() && !events->empty()) {
    out += "<ul>";
    for (const auto& e : *events) {
      std::string pos = std::to_string(e.value("position", 0));
      out += "<li><a href=\"/revision/handelse/" + pos + "\">" + pos + " " + Escape(Str(e, "type")) + "</a> " +
             Escape(Str(e, "recorded_at").substr(0, 10)) + "</li>";
    }
    out += "</ul>";
  } else {
    out += "<p>Inga händelser ännu: steget är planerat ur årshjulet.</p>";
  }
  out += "<p><a href=\"/revision?" + Query({{"avser", id}}) + "\">Alla i revisionsloggen</a></p>";
  if (done == b.done.end()) {
    out += "<p><a class=\"button\" href=\"/registrera/steg?" + Query({{"instanceId", id}}) + "\">Markera som klart</a></p>";
  }
  return out + "</div>";
}

std::string ListTable(const Visit& v, const Built& b) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& w : b.spec.items) {
    std::string state = w.done ? "klart" : w.late ? "<span class=\"late\">försenat</span>" : "öppet";
    if (w.preliminary) state += ", preliminärt datum";
    rows.push_back({DateHtml(engine::ToString(w.deadline)), "<a href=\"/arshjul?" + Escape(WheelQuery(v, w.id)) + "#detaljer\">" +
                                                              Escape(w.title.substr(0, w.title.find(" – "))) + "</a>",
                    Escape(w.ring), state});
  }
  std::sort(rows.begin(), rows.end());
  return "<details><summary>Årshjulet som tabell (" + std::to_string(rows.size()) + " steg)</summary>" +
         Table("Årshjulets steg i datumordning", {"Senast", "Steg", "Ring", "Läge"}, rows, "Inga steg.") + "</details>";
}

}  // namespace

http::Response WheelPage(Visit& v) {
  auto built = Build(v);
  if (!built.ok()) return v.Error("Årshjulet", built.status().message(), http::beast_http::status::bad_request);
  std::string svg = RenderWheelSvg(built->spec);
  std::string main = Filters(v, built->spec.year) + "<div class=\"wheel-layout\"><div class=\"wheel-box\">" + svg + Legend() +
                     "<p class=\"no-print\"><a href=\"/arshjul.svg?" + Escape(WheelQuery(v, "")) +
                     "\" download>Ladda ner hjulet som SVG</a> (ryms på en A4- eller A3-sida; sidan kan också skrivas ut direkt)</p></div>" +
                     Details(v, *built) + "</div>" + ListTable(v, *built);
  return v.Html("Årshjulet " + std::to_string(built->spec.year), "arshjul", main);
}

http::Response WheelSvgDownload(Visit& v) {
  auto built = Build(v);
  if (!built.ok()) return v.Error("Årshjulet", built.status().message(), http::beast_http::status::bad_request);
  for (auto& item : built->spec.items) item.href.clear();
  std::string svg = RenderWheelSvg(built->spec);
  // A printable page: 190 mm square fits A4 and A3 in either orientation.
  svg.replace(svg.find("<svg ") + 5, 0, "width=\"190mm\" height=\"190mm\" ");
  http::Response res{http::beast_http::status::ok, v.req.version()};
  res.set(http::beast_http::field::content_type, "image/svg+xml; charset=utf-8");
  res.set(http::beast_http::field::content_disposition,
          "attachment; filename=\"arshjul-" + std::to_string(built->spec.year) + ".svg\"");
  res.set(http::beast_http::field::cache_control, "no-store");
  res.keep_alive(v.req.keep_alive());
  res.body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
  res.prepare_payload();
  return res;
}

}  // namespace arshjul::web
