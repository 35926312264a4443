#include "html.h"

#include "http_types.h"

namespace arshjul::web {
namespace {

// The page's one stylesheet, inline: readable on a phone (one column under
// 40 em), visible focus, colours with at least 4.5:1 contrast for text.
constexpr const char* kCss = R"CSS(
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1a1a1a;background:#f7f8fa}
a{color:#0b4f95}
a:hover{color:#06305c}
:focus-visible{outline:3px solid #c25e00;outline-offset:2px}
svg a:focus-visible{outline:3px solid #c25e00}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:9}
.skip:focus{left:.5rem}
header{background:#16324f;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header a{color:#fff}
.brand{font-weight:700;font-size:1.1rem}
.brand a{text-decoration:none}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav a{display:inline-block;padding:.35rem .25rem}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header form{margin-left:auto;display:flex;gap:.5rem;align-items:center}
header :focus-visible{outline-color:#ffbf47}
button,.button{font:inherit;padding:.45rem 1rem;border:2px solid #0b4f95;background:#0b4f95;color:#fff;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:#0b4f95}
header button{background:#fff;color:#16324f;border-color:#fff;padding:.2rem .7rem}
main{max-width:78rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
footer{max-width:78rem;margin:2rem auto 1rem;padding:0 1rem;color:#4a4a4a;font-size:.9rem}
.notice{background:#fff4d6;border-left:5px solid #8a5a00;padding:.5rem 1rem;margin:0 0 1rem}
.ok{background:#e3f3e6;border-left:5px solid #1b6e2e;padding:.5rem 1rem;margin:0 0 1rem}
.table-wrap{overflow-x:auto;margin:0 0 1rem;background:#fff;border:1px solid #c9d1da}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:700;padding:.5rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-top:1px solid #d5dbe2}
th{background:#eef1f5}
.late{color:#8c1d14;font-weight:700}
.nowrap{white-space:nowrap}
.muted{color:#4a4a4a}
.light{display:inline-block;padding:.1rem .5rem;border-radius:1rem;border:1px solid;white-space:nowrap;font-weight:600}
.light::before{content:"";display:inline-block;width:.7rem;height:.7rem;border-radius:50%;margin-right:.35rem;vertical-align:-.05rem}
.light.gron{background:#e0f2e4;color:#0d4a1d;border-color:#1b6e2e}.light.gron::before{background:#1b6e2e}
.light.gul{background:#fff3c4;color:#4d3900;border-color:#8a6a00}.light.gul::before{background:#d9a400;border-radius:0}
.light.rod{background:#fadbd8;color:#74140d;border-color:#b3261e}.light.rod::before{background:#b3261e;transform:rotate(45deg);border-radius:0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;background:#fff;border:1px solid #c9d1da;padding:.75rem;margin:0 0 1rem}
.filters label{display:flex;flex-direction:column;font-size:.9rem}
input,select,textarea{font:inherit;padding:.35rem .45rem;border:2px solid #5a6675;border-radius:3px;background:#fff;color:#1a1a1a;max-width:100%}
textarea{width:100%;min-height:5rem}
.field{margin:0 0 1rem}
.field label{display:block;font-weight:600}
.hint{display:block;color:#4a4a4a;font-size:.9rem}
.error-message{display:block;color:#8c1d14;font-weight:700}
.field.has-error{border-left:5px solid #b3261e;padding-left:.75rem}
.field.has-error input,.field.has-error select,.field.has-error textarea{border-color:#b3261e}
.error-summary{border:4px solid #b3261e;padding:.75rem 1rem;margin:0 0 1rem;background:#fff}
.error-summary h2{margin-top:0}
form.card{background:#fff;border:1px solid #c9d1da;padding:1rem;max-width:44rem}
.wheel-layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,2fr);gap:1rem;align-items:start}
.wheel-box{background:#fff;border:1px solid #c9d1da;padding:.5rem}
.wheel-box svg.wheel{width:100%;height:auto;display:block}
.details{background:#fff;border:1px solid #c9d1da;padding:.75rem 1rem}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
.legend svg{vertical-align:middle}
code{word-break:break-all}
pre{white-space:pre-wrap;word-break:break-all;background:#f1f3f6;padding:.5rem;font-size:.85rem;margin:.25rem 0}
details summary{cursor:pointer;color:#0b4f95}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}
.cards a{display:block;background:#fff;border:1px solid #c9d1da;padding:1rem;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
@media (max-width:40em){.wheel-layout{grid-template-columns:1fr}header form{margin-left:0}dl.facts{grid-template-columns:1fr}th,td{padding:.3rem}}
@media print{header,footer,.filters,.no-print,.skip{display:none}body{background:#fff}main{max-width:none;padding:0}.wheel-layout{display:block}.wheel-box{border:0}.wheel-box svg{max-height:95vh}}
)CSS";

const char* kMenu[][2] = {{"uppgifter", "Mina uppgifter"}, {"arshjul", "Årshjulet"},   {"uppsikt", "Uppsikt"},
                          {"beslut", "Beslut och uppdrag"}, {"revision", "Revision"}, {"rapporter", "Rapporter"},
                          {"registrera", "Registrera"}};

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string UrlEncode(std::string_view text) { return http::PercentEncode(text); }

std::string Query(const std::map<std::string, std::string>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    out += (out.empty() ? "" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
  }
  return out;
}

std::string RenderDocument(const Frame& f, const std::string& main_html) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">"
                    "<title>" + Escape(f.title) + " – arshjul" + (f.municipality.empty() ? "" : ", " + Escape(f.municipality)) +
                    "</title><style>" + kCss + "</style></head><body>"
                    "<a class=\"skip\" href=\"#innehall\">Hoppa till innehållet</a><header>"
                    "<div class=\"brand\"><a href=\"/\">arshjul</a>" +
                    (f.municipality.empty() ? "" : " · " + Escape(f.municipality)) + "</div>";
  if (!f.person_name.empty()) {
    out += "<nav aria-label=\"Huvudmeny\"><ul>";
    for (const auto& item : kMenu) {
      out += std::string("<li><a href=\"/") + item[0] + "\"" + (f.nav == item[0] ? " aria-current=\"page\"" : "") + ">" +
             item[1] + "</a></li>";
    }
    out += "</ul></nav><form method=\"post\" action=\"/logga-ut\"><input type=\"hidden\" name=\"csrf\" value=\"" +
           Escape(f.csrf) + "\"><span>" + Escape(f.person_name) + "</span><button type=\"submit\">Logga ut</button></form>";
  }
  out += "</header><main id=\"innehall\" tabindex=\"-1\"><h1>" + Escape(f.title) + "</h1>" + f.notice + main_html +
         "</main><footer><p>arshjul – kommunens årshjul, beslut och uppföljning. Alla tider i svensk tid "
         "(Europe/Stockholm).</p></footer></body></html>\n";
  return out;
}

std::string DateHtml(const std::string& date) { return "<span class=\"nowrap\">" + Escape(date) + "</span>"; }

std::string Table(const std::string& caption, const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows, const std::string& empty_text) {
  if (rows.empty()) return "<p class=\"muted\">" + Escape(empty_text) + "</p>";
  std::string out = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"" + Escape(caption) +
                    "\"><table><caption>" + Escape(caption) + "</caption><thead><tr>";
  for (const auto& h : head) out += "<th scope=\"col\">" + h + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& cell : row) out += "<td>" + cell + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table></div>";
}

std::string LightHtml(Light light, const std::string& text_html) {
  static const char* kClass[] = {"gron", "gul", "rod"};
  static const char* kWord[] = {"Grön", "Gul", "Röd"};
  int k = static_cast<int>(light);
  return std::string("<span class=\"light ") + kClass[k] + "\">" + kWord[k] + "</span> " + text_html;
}

Field MakeField(std::string name, std::string label, std::string type, std::string hint, bool required) {
  Field f;
  f.name = std::move(name);
  f.label = std::move(label);
  f.type = std::move(type);
  f.hint = std::move(hint);
  f.required = required;
  return f;
}

Field Select(std::string name, std::string label, std::vector<std::pair<std::string, std::string>> options, bool required) {
  Field f = MakeField(std::move(name), std::move(label), "select", "", required);
  f.options = std::move(options);
  return f;
}

std::string FieldHtml(const Field& f) {
  std::string id = "f-" + f.name;
  std::string described = f.hint.empty() ? "" : id + "-hint";
  if (!f.error.empty()) described += (described.empty() ? "" : " ") + id + "-fel";
  std::string out = "<div class=\"field" + std::string(f.error.empty() ? "" : " has-error") + "\"><label for=\"" + id +
                    "\">" + Escape(f.label) + (f.required ? "" : " (frivilligt)") + "</label>";
  if (!f.hint.empty()) out += "<span class=\"hint\" id=\"" + id + "-hint\">" + Escape(f.hint) + "</span>";
  if (!f.error.empty()) out += "<span class=\"error-message\" id=\"" + id + "-fel\">Fel: " + Escape(f.error) + "</span>";
  std::string attrs = " id=\"" + id + "\" name=\"" + Escape(f.name) + "\"" + (f.required ? " required" : "") +
                      (described.empty() ? "" : " aria-describedby=\"" + described + "\"") +
                      (f.error.empty() ? "" : " aria-invalid=\"true\"");
  if (f.type == "textarea") {
    out += "<textarea" + attrs + ">" + Escape(f.value) + "</textarea>";
  } else if (f.type == "select") {
    out += "<select" + attrs + ">";
    for (const auto& [value, label] : f.options) {
      out += "<option value=\"" + Escape(value) + "\"" + (value == f.value ? " selected" : "") + ">" + Escape(label) +
             "</option>";
    }
    out += "</select>";
  } else {
    // Dates and numbers are typed as text (YYYY-MM-DD, decimal comma): the
    // server validates them and keeps exactly what was typed.
    out += "<input type=\"text\"" + attrs + " value=\"" + Escape(f.value) + "\" autocomplete=\"" + f.autocomplete +
           "\"" + (f.type == "date" ? " inputmode=\"numeric\" placeholder=\"ÅÅÅÅ-MM-DD\"" : "") +
           (f.type == "number" ? " inputmode=\"decimal\"" : "") + ">";
  }
  return out + "</div>";
}

std::string ErrorSummary(const std::vector<Field>& fields, const std::string& general_error, const std::string& after) {
  std::string items;
  if (!general_error.empty()) items += "<li>" + Escape(general_error) + "</li>";
  for (const Field& f : fields) {
    if (!f.error.empty()) items += "<li><a href=\"#f-" + Escape(f.name) + "\">" + Escape(f.label + ": " + f.error) + "</a></li>";
  }
  if (items.empty()) return "";
  return "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"fel\"><h2>Något behöver rättas</h2><ul>" +
         items + "</ul>" + (after.empty() ? "" : "<p>" + Escape(after) + "</p>") + "</div>";
}

}  // namespace arshjul::web
