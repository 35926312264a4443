// Html: the page's building blocks — escaping, the layout every page shares
// (skip link, header with the main menu and log-out, main, footer, inline
// CSS so that each page is complete in one request), tables, traffic lights
// and form fields with their Swedish error at the field.
// Free functions over values; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace arshjul::web {

// Text for HTML content and attribute values (& < > " ').
std::string Escape(std::string_view text);
// A query-string value, percent-encoded (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view text);
// "a=1&b=2" from the non-empty values of `params`, each encoded.
std::string Query(const std::map<std::string, std::string>& params);

// What the layout needs besides the page's own content.
struct Frame {
  std::string title;         // the page's <h1> and the start of <title>
  std::string nav;           // the menu entry that is current ("uppgifter", "arshjul", …)
  std::string person_name;   // "" when nobody is logged in (no menu)
  std::string csrf;          // the session's CSRF token, for the log-out form
  std::string municipality;  // the kommun's name
  std::string notice;        // a banner (as-of / known-at), already HTML
};
// A complete HTML document around `main_html`.
std::string RenderDocument(const Frame& frame, const std::string& main_html);

// A date (YYYY-MM-DD) that does not break across lines.
std::string DateHtml(const std::string& date);

// A table in a focusable, scrollable region (narrow screens): `caption`
// names it; `head` and each row's cells are HTML already.
std::string Table(const std::string& caption, const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows, const std::string& empty_text);

// A traffic light: the colour is backed by its word ("Grön", "Gul", "Röd") and `text`.
enum class Light { kGreen, kYellow, kRed };
std::string LightHtml(Light light, const std::string& text_html);

// One form field: label, optional hint, the Swedish error at the field (and
// aria-invalid/aria-describedby), the value as typed.
struct Field {
  std::string name, label, type = "text";  // type: text, date, number, textarea, select
  std::string value, hint, error;
  std::vector<std::pair<std::string, std::string>> options;  // select: value, label
  bool required = true;
  std::string autocomplete = "off";
};
std::string FieldHtml(const Field& field);
// A field, and a select field with its (value, label) options.
Field MakeField(std::string name, std::string label, std::string type = "text", std::string hint = "", bool required = true);
Field Select(std::string name, std::string label, std::vector<std::pair<std::string, std::string>> options, bool required = true);
// The error summary at the top of a form: each error links to its field;
// `after` ends it (a command's form: nothing was recorded).
std::string ErrorSummary(const std::vector<Field>& fields, const std::string& general_error,
                         const std::string& after = "Inget har registrerats.");

}  // namespace arshjul::web
