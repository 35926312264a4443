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

// The API's parameter → the form's field.
std::string FormField(const std::string& api_field) {
  if (api_field == "kind") return "rapport";
  if (api_field == "asOf") return "per";
  return api_field;
}

}  // namespace

http::Response ReportsPage(Visit& v, const std::string& error_field, const std::string& error, status st) {
  std::vector<Field> fields;
  std::vector<std::pair<std::string, std::string>> organs{{"", "Hela kommunen, sammanställd"}};
  for (const auto& [id, o] : v.State().org.organs) organs.emplace_back(id, o.name);
  fields.push_back(Select("rapport", "Rapport", kKinds));
  fields.push_back(Select("organ", "Organ", organs, /*required=*/false));
  fields.push_back(MakeField("period", "Period", "text",
                             "ÅÅÅÅ (året), ÅÅÅÅ-MM (januari till och med månaden: en delårsrapport) eller ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD"));
  fields.push_back(MakeField("per", "Läget per", "date", "Det som gällde detta datum; tomt: periodens slut", false));
  fields.push_back(Select("format", "Format", {{"html", "Webbsida"}, {"pdf", "PDF"}, {"xlsx", "Excel (xlsx)"}}));
  // The values as asked (the period this year, the format a page, until chosen).
  for (Field& f : fields) f.value = v.Q(f.name);
  if (fields[2].value.empty()) fields[2].value = std::to_string(static_cast<int>(v.Today().year()));
  if (fields[4].value.empty()) fields[4].value = "html";
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
