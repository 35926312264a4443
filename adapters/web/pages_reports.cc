// Rapporter: the report drafts of docs/reports.md — delårsrapport,
// årsredovisning, uppsikt, verkställighet — chosen in a form and fetched
// through GET /api/v1/reports/{kind} as the logged-in person, drawn on the
// API's long-reads thread (Page::HandleAsync's PendingRead). The draft comes
// back as the API gives it: a page (HTML), a PDF or a spreadsheet; a bad
// choice comes back as the form with the API's Swedish message at its field.
#include "page_internal.h"

namespace arshjul::web {
namespace {

using http::beast_http::status;

const std::vector<std::pair<std::string, std::string>> kKinds = {
    {"delarsrapport", "Delårsrapport"},
    {"arsredovisning", "Årsredovisning"},
    {"uppsikt", "Uppsiktsrapport (kommunstyrelsen)"},
    {"verkstallighet", "Verkställighet av beslut"}};

Field MakeField(const std::string& name, const std::string& label, const std::string& type = "text") {
  Field f;
  f.name = name;
  f.label = label;
  f.type = type;
  return f;
}

// The API's parameter → the form's field.
std::string FormField(const std::string& api_field) {
  if (api_field == "kind") return "rapport";
  if (api_field == "asOf") return "per";
  return api_field;
}

}  // namespace

http::Response ReportsPage(Visit& v, const std::string& error_field, const std::string& error, status st) {
  std::vector<Field> fields;
  Field kind = MakeField("rapport", "Rapport", "select");
  kind.options = kKinds;
  kind.value = v.Q("rapport");
  fields.push_back(kind);
  Field organ = MakeField("organ", "Organ", "select");
  organ.options.push_back({"", "Hela kommunen, sammanställd"});
  for (const auto& [id, o] : v.State().org.organs) organ.options.push_back({id, o.name});
  organ.value = v.Q("organ");
  organ.required = false;
  fields.push_back(organ);
  Field period = MakeField("period", "Period");
  period.value = v.Q("period").empty() ? std::to_string(static_cast<int>(v.Today().year())) : v.Q("period");
  period.hint = "ÅÅÅÅ (året), ÅÅÅÅ-MM (januari till och med månaden: en delårsrapport) eller ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD";
  fields.push_back(period);
  Field as_of = MakeField("per", "Läget per", "date");
  as_of.value = v.Q("per");
  as_of.hint = "Det som gällde detta datum; tomt: periodens slut";
  as_of.required = false;
  fields.push_back(as_of);
  Field format = MakeField("format", "Format", "select");
  format.options = {{"html", "Webbsida"}, {"pdf", "PDF"}, {"xlsx", "Excel (xlsx)"}};
  format.value = v.Q("format").empty() ? "html" : v.Q("format");
  fields.push_back(format);
  std::string general;
  bool at_field = false;
  for (Field& f : fields) {
    if (f.name == error_field) {
      f.error = error;
      at_field = true;
    }
  }
  if (!error.empty() && !at_field) general = error;
  std::string main =
      "<p>Rapportutkast ur loggen, där varje siffra och bedömning hänvisar till händelsen den kommer från "
      "med ett bevis som revisorerna kan kontrollera.</p>" +
      ErrorSummary(fields, general, "") + "<form class=\"card\" method=\"get\" action=\"/rapporter\" novalidate>";
  for (const Field& f : fields) main += FieldHtml(f);
  main += "<button type=\"submit\">Hämta rapportutkast</button></form>";
  return v.Html("Rapporter", "rapporter", main, st);
}

std::string ReportTarget(const Visit& v) {
  return "/api/v1/reports/" + UrlEncode(v.Q("rapport")) + "?" +
         Query({{"organ", v.Q("organ")}, {"period", v.Q("period")}, {"asOf", v.Q("per")},
                {"format", v.Q("format").empty() ? "html" : v.Q("format")}});
}

http::Response ReportAnswer(Visit& v, http::Response api) {
  if (api.result() != status::ok) {
    nlohmann::json problem = nlohmann::json::parse(api.body(), nullptr, /*allow_exceptions=*/false);
    std::string detail = problem.is_object() ? problem.value("detail", std::string()) : std::string();
    std::string field = problem.is_object() ? FormField(problem.value("field", std::string())) : std::string();
    if (detail.empty()) detail = "Rapporten kunde inte hämtas.";
    status st = api.result() == status::forbidden ? status::forbidden : status::bad_request;
    return ReportsPage(v, field, detail, st);
  }
  std::string type(api[http::beast_http::field::content_type]);
  if (type.starts_with("text/html")) return HtmlResponse(v.req, status::ok, std::move(api.body()));
  http::Response res{status::ok, v.req.version()};
  res.set(http::beast_http::field::content_type, type);
  if (auto d = api.find(http::beast_http::field::content_disposition); d != api.end()) {
    res.set(http::beast_http::field::content_disposition, d->value());
  }
  res.set(http::beast_http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(v.req.keep_alive());
  res.body() = std::move(api.body());
  res.prepare_payload();
  return res;
}

}  // namespace arshjul::web
