// The forms for the everyday commands: a decision, a follow-up with its
// bedömning, a forecast with its åtgärder, a measurement, a step's
// completion. Each form becomes the command POST /api/v1/commands takes, as
// the logged-in person in the role they choose. The page checks only the
// form's own syntax (dates, numbers, required fields); every rule is the
// engine's, whose Swedish refusal is shown at the field it names. On any
// error nothing is written and the form comes back as typed.
#include <algorithm>

#include "arshjul/engine/calendar.h"
#include "page_internal.h"

namespace arshjul::web {
namespace {

using http::beast_http::status;
using nlohmann::json;

struct Form {
  std::vector<Field> fields;
  std::string general_error;
  Field* Find(const std::string& name) {
    for (auto& f : fields)
      if (f.name == name) return &f;
    return nullptr;
  }
  std::string Value(const std::string& name) {
    Field* f = Find(name);
    return f ? f->value : "";
  }
  bool HasErrors() const {
    return !general_error.empty() || std::any_of(fields.begin(), fields.end(), [](const Field& f) { return !f.error.empty(); });
  }
};

struct FormSpec {
  const char* slug;
  const char* title;
  const char* command;
  std::vector<Field> (*fields)(Visit&);
  // The payload from the fields; marks the fields whose syntax is wrong.
  json (*payload)(Visit&, Form&, const std::string& organ);
  std::string (*done)(const json& payload);  // where to go after recording
};

// ---- syntax checks (the page's own; rules are the engine's) ----
std::string Required(Form& f, const std::string& name) {
  Field* field = f.Find(name);
  if (field && field->required && field->value.empty()) field->error = "Fyll i " + field->label + ".";
  return field ? field->value : "";
}
std::string DateField(Form& f, const std::string& name) {
  std::string v = Required(f, name);
  Field* field = f.Find(name);
  if (!v.empty() && !engine::ParseDate(v)) field->error = "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-01.";
  return v;
}
std::optional<double> NumberField(Form& f, const std::string& name, bool integer = false) {
  std::string v = Required(f, name);
  if (v.empty()) return std::nullopt;
  std::string plain;
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == ' ') continue;
    if (v.compare(i, 3, "\u2212") == 0) {  // the true minus sign
      plain += '-';
      i += 2;
    } else if (v.compare(i, 3, "\u2009") == 0 || v.compare(i, 2, "\u00a0") == 0) {
      i += v.compare(i, 3, "\u2009") == 0 ? 2 : 1;
    } else {
      plain += c == ',' ? '.' : static_cast<char>(c);
    }
  }
  char* end = nullptr;
  double d = std::strtod(plain.c_str(), &end);
  if (plain.empty() || end != plain.c_str() + plain.size() || (integer && d != static_cast<double>(static_cast<long long>(d)))) {
    f.Find(name)->error = integer ? "Skriv ett heltal, t.ex. 2026." : "Skriv ett tal, t.ex. 412000000 eller 78,4.";
    return std::nullopt;
  }
  return d;
}
std::string Slug(std::string s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ---- the five forms ----
std::vector<Field> DecisionFields(Visit&) {
  return {MakeField("meetingDate", "Sammanträdesdatum", "date", "ÅÅÅÅ-MM-DD"), MakeField("minuteItem", "Paragraf", "text", "t.ex. § 93"),
          MakeField("registryNumber", "Diarienummer", "text", "t.ex. BUN/2026:112"), MakeField("title", "Rubrik"),
          Select("decides", "Beslutet avser", DecidesOptions()),
          MakeField("text", "Beslutstext", "textarea", "", false)};
}
json DecisionPayload(Visit&, Form& f, const std::string& organ) {
  std::string date = DateField(f, "meetingDate");
  std::string item = Required(f, "minuteItem");
  Required(f, "registryNumber");
  Required(f, "title");
  json p = {{"organ", organ}, {"meetingDate", date}, {"minuteItem", item}, {"registryNumber", f.Value("registryNumber")},
            {"title", f.Value("title")}, {"decides", f.Value("decides")}, {"text", f.Value("text")}};
  p["id"] = organ + "-" + date.substr(0, 4) + "-" + Slug(item);
  return p;
}
std::string DecisionDone(const json& p) {
  return "/beslut?" + Query({{"registrerat", "beslut " + p["minuteItem"].get<std::string>()}}) + "#beslut-" + UrlEncode(p["id"].get<std::string>());
}

std::vector<Field> FollowUpFields(Visit& v) {
  std::vector<std::pair<std::string, std::string>> goals;
  if (auto g = v.Get("/api/v1/views/goals"); g.ok())
    for (const auto& row : *g)
      if (Str(row, "level") == "outcome") goals.emplace_back(Str(row, "id"), Str(row, "id") + ": " + Str(row, "title"));
  return {Select("kind", "Slag av uppföljning",
                 {{"interim_report", "delårsrapport"}, {"annual_report", "årsredovisning"}, {"monthly", "månadsuppföljning"},
                  {"dialogue", "dialog"}, {"internal_control", "intern kontroll"}}),
          MakeField("periodFrom", "Periodens början", "date", "ÅÅÅÅ-MM-DD", false), MakeField("periodTo", "Periodens slut", "date", "ÅÅÅÅ-MM-DD"),
          Select("goalId", "Mål", goals),
          Select("assessment", "Bedömning av måluppfyllelse", {{"met", "uppfyllt"}, {"partly_met", "delvis uppfyllt"}, {"not_met", "ej uppfyllt"}}),
          MakeField("analysis", "Analys", "textarea")};
}
json FollowUpPayload(Visit&, Form& f, const std::string& organ) {
  std::string from = f.Value("periodFrom").empty() ? "" : DateField(f, "periodFrom");
  std::string to = DateField(f, "periodTo");
  Required(f, "analysis");
  Required(f, "goalId");
  json p = {{"organ", organ}, {"kind", f.Value("kind")}, {"periodTo", to}, {"goalId", f.Value("goalId")},
            {"assessment", f.Value("assessment")}, {"analysis", f.Value("analysis")}};
  if (!from.empty()) p["periodFrom"] = from;
  p["id"] = organ + "-" + f.Value("kind") + "-" + to + "-" + Slug(f.Value("goalId"));
  return p;
}
std::string FollowUpDone(const json& p) { return "/uppsikt?" + Query({{"registrerat", "uppföljning " + p["id"].get<std::string>()}}); }

std::vector<Field> ForecastFields(Visit& v) {
  Field year = MakeField("year", "År", "number");
  year.value = std::to_string(static_cast<int>(v.Today().year()));
  return {year, MakeField("month", "Månad (1–12)", "number"), MakeField("budget", "Budget (kronor)", "number", "t.ex. 412000000"),
          MakeField("forecast", "Prognos (kronor)", "number", "t.ex. 405700000"),
          MakeField("remedialActions", "Åtgärder", "textarea", "En åtgärd per rad. Krävs när prognosen är negativ.", false)};
}
json ForecastPayload(Visit&, Form& f, const std::string& organ) {
  auto year = NumberField(f, "year", true);
  auto month = NumberField(f, "month", true);
  auto budget = NumberField(f, "budget");
  auto forecast = NumberField(f, "forecast");
  json actions = json::array();
  std::string text = f.Value("remedialActions"), line;
  for (size_t at = 0; at <= text.size(); ++at) {
    if (at == text.size() || text[at] == '\n') {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty()) actions.push_back(line);
      line.clear();
    } else {
      line += text[at];
    }
  }
  return {{"organ", organ}, {"year", year ? static_cast<long long>(*year) : 0}, {"month", month ? static_cast<long long>(*month) : 0},
          {"budget", budget.value_or(0)}, {"forecast", forecast.value_or(0)}, {"remedialActions", actions}};
}
std::string ForecastDone(const json& p) {
  return "/uppsikt?" + Query({{"registrerat", "prognos " + std::to_string(p["month"].get<long long>()) + "/" + std::to_string(p["year"].get<long long>())}});
}

std::vector<Field> MeasurementFields(Visit& v) {
  std::vector<std::pair<std::string, std::string>> indicators;
  if (auto g = v.Get("/api/v1/views/indicators"); g.ok())
    for (const auto& row : *g) indicators.emplace_back(Str(row, "id"), Str(row, "name") + " (" + Str(row, "organ") + ")");
  return {Select("indicatorId", "Indikator", indicators), MakeField("periodEnd", "Mätperiodens slut", "date", "ÅÅÅÅ-MM-DD"),
          MakeField("value", "Värde", "number", "t.ex. 78,4"), MakeField("source", "Källa", "text", "t.ex. Kolada", false)};
}
json MeasurementPayload(Visit&, Form& f, const std::string& organ) {
  std::string end = DateField(f, "periodEnd");
  auto value = NumberField(f, "value");
  Required(f, "indicatorId");
  return {{"indicatorId", f.Value("indicatorId")}, {"organ", organ}, {"periodEnd", end}, {"value", value.value_or(0)},
          {"source", f.Value("source")}};
}
std::string MeasurementDone(const json& p) { return "/uppsikt?" + Query({{"registrerat", "mätning av " + p["indicatorId"].get<std::string>()}}); }

std::vector<Field> StepFields(Visit& v) {
  std::vector<std::pair<std::string, std::string>> steps;
  auto holds = v.Holdings();
  auto done = CompletedSteps(v);
  for (int y : {static_cast<int>(v.Today().year()) - 1, static_cast<int>(v.Today().year())}) {
    auto plan = PlanOf(v, y);
    if (!plan.ok()) continue;
    for (const auto& i : (*plan)["instances"]) {
      bool mine = std::any_of(holds.begin(), holds.end(), [&](const auto& h) { return h.second == Str(i, "organ"); });
      if (mine && !(done.ok() && done->count(Str(i, "id")))) {
        steps.emplace_back(Str(i, "id"), Str(i, "deadline") + " " + Str(i, "title") + " (" + Str(i, "organ") + ")");
      }
    }
  }
  Field on = MakeField("completedOn", "Klart den", "date", "ÅÅÅÅ-MM-DD");
  on.value = engine::ToString(v.Today());
  Field step = Select("instanceId", "Steg", steps);
  step.value = v.Q("instanceId");
  return {step, on, MakeField("note", "Anteckning", "textarea", "t.ex. var beslutet fattades", false)};
}
json StepPayload(Visit&, Form& f, const std::string& organ) {
  std::string on = DateField(f, "completedOn");
  Required(f, "instanceId");
  return {{"instanceId", f.Value("instanceId")}, {"organ", organ}, {"completedOn", on}, {"note", f.Value("note")}};
}
std::string StepDone(const json& p) {
  return "/arshjul?" + Query({{"steg", p["instanceId"].get<std::string>()}, {"ar", p["instanceId"].get<std::string>().substr(0, 4)},
                              {"registrerat", "steget är klart"}}) + "#detaljer";
}

const std::vector<FormSpec>& Specs() {
  static const std::vector<FormSpec> specs = {
      {"beslut", "Registrera beslut", "RecordDecision", DecisionFields, DecisionPayload, DecisionDone},
      {"uppfoljning", "Registrera uppföljning", "RecordFollowUp", FollowUpFields, FollowUpPayload, FollowUpDone},
      {"prognos", "Registrera prognos", "ReportForecast", ForecastFields, ForecastPayload, ForecastDone},
      {"matning", "Registrera mätning", "MeasureIndicator", MeasurementFields, MeasurementPayload, MeasurementDone},
      {"steg", "Markera steg som klart", "CompleteStep", StepFields, StepPayload, StepDone}};
  return specs;
}

const FormSpec* SpecOf(const std::string& slug) {
  for (const auto& s : Specs())
    if (slug == s.slug) return &s;
  return nullptr;
}

// The role field: the person's holdings today.
Field RoleField(Visit& v) {
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& [role, organ] : v.Holdings()) {
    auto r = v.State().org.roles.find(role);
    options.emplace_back(role + "|" + organ, (r == v.State().org.roles.end() || r->second.name.empty() ? role : r->second.name) +
                                                 ", " + v.OrganName(organ));
  }
  return Select("roll", "I rollen", options);
}

http::Response Render(Visit& v, const FormSpec& spec, Form& form, const std::string& command_id, status st) {
  std::string main = ErrorSummary(form.fields, form.general_error) + "<form class=\"card\" method=\"post\" action=\"/registrera/" +
                     spec.slug + "\" novalidate>" + CsrfField(v) + "<input type=\"hidden\" name=\"command_id\" value=\"" +
                     Escape(command_id) + "\">";
  for (const Field& f : form.fields) main += FieldHtml(f);
  main += "<button type=\"submit\">Registrera</button> <a href=\"/registrera\">Avbryt</a></form>";
  return v.Html(spec.title, "registrera", main, st);
}

// The engine's field ("payload.remedialActions[0]", "actor.role") as a form field's name.
std::string FormFieldOf(std::string field) {
  if (field.starts_with("payload.")) field = field.substr(8);
  if (size_t b = field.find('['); b != std::string::npos) field.resize(b);
  if (field.starts_with("actor") || field == "organ") return "roll";
  return field;
}

}  // namespace

http::Response FormsIndex(Visit& v) {
  std::string main = "<p>Välj vad du vill registrera. Allt registreras i ditt namn, i den roll du väljer, och syns direkt i "
                     "vyerna och i revisionsloggen.</p><div class=\"cards\">";
  for (const auto& s : Specs()) main += std::string("<a href=\"/registrera/") + s.slug + "\">" + s.title + "</a>";
  return v.Html("Registrera", "registrera", main + "</div>");
}

http::Response FormPage(Visit& v) {
  const FormSpec* spec = SpecOf(v.param);
  if (!spec) return v.Error("Registrera", "Det finns inget formulär " + v.param + ".", status::not_found);
  Form form;
  form.fields.push_back(RoleField(v));
  for (Field& f : spec->fields(v)) form.fields.push_back(std::move(f));
  if (form.fields[0].options.empty()) {
    return v.Error(spec->title, "Du har ingen roll i kommunen idag och kan inte registrera något.", status::forbidden);
  }
  return Render(v, *spec, form, "web/" + RandomHex().substr(0, 32), status::ok);
}

std::variant<http::Response, PendingCommand> FormSubmit(Visit& v) {
  const FormSpec* spec = SpecOf(v.param);
  if (!spec) return v.Error("Registrera", "Det finns inget formulär " + v.param + ".", status::not_found);
  Form form;
  form.fields.push_back(RoleField(v));
  for (Field& f : spec->fields(v)) form.fields.push_back(std::move(f));
  for (Field& f : form.fields) f.value = v.F(f.name);  // kept exactly as typed
  std::string command_id = v.F("command_id");
  if (command_id.size() < 8 || command_id.size() > 80) command_id = "web/" + RandomHex().substr(0, 32);
  std::string roll = form.Value("roll");
  size_t bar = roll.find('|');
  auto holds = v.Holdings();
  if (bar == std::string::npos ||
      std::find(holds.begin(), holds.end(), std::pair{roll.substr(0, bar), roll.substr(bar + 1)}) == holds.end()) {
    form.Find("roll")->error = "Välj en av dina roller.";
  }
  std::string organ = bar == std::string::npos ? "" : roll.substr(bar + 1);
  json payload = spec->payload(v, form, organ);
  if (form.HasErrors()) return Render(v, *spec, form, command_id, status::unprocessable_entity);
  json command = {{"command", spec->command}, {"command_id", command_id},
                  {"actor", {{"person", v.session.person}, {"role", roll.substr(0, bar)}, {"organ", organ}}}, {"payload", payload}};
  // Posted on the API's command thread; the answer is rendered back on the io thread.
  auto then = [v, spec, form, command_id, payload](int code, const json& body) mutable -> http::Response {
    if (code == 200 || code == 201) return v.Redirect(spec->done(payload));
    std::string detail = body.is_object() ? body.value("detail", body.value("title", std::string())) : std::string();
    Field* at = body.is_object() ? form.Find(FormFieldOf(body.value("field", std::string()))) : nullptr;
    if (at) {
      at->error = detail;
    } else {
      form.general_error = detail.empty() ? "Kunde inte registreras." : detail;
    }
    return Render(v, *spec, form, command_id, code == 403 ? status::forbidden : status::unprocessable_entity);
  };
  return PendingCommand{std::move(command), v.session.person, std::move(then)};
}

}  // namespace arshjul::web
