// What the page's renderers share (page.cc and pages_*.cc): one Visit per
// request — the request, its query or form fields, the session — with the
// helpers that read through the API and wrap content in the layout.
// Not thread-safe: used on the io_context's one thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "api.h"
#include "html.h"
#include "page.h"
#include "sessions.h"

namespace arshjul::web {

struct Visit {
  http::Api& api;
  const http::Request& req;
  const http::RequestInfo& info;
  http::Target target;
  std::map<std::string, std::string> form;  // a POST's fields
  Session session;
  std::string param;  // the rest of the path after a route ending in '/'
  // API answers fetched before rendering, off the io thread (Page::HandleAsync's
  // PendingRead), by target: Get answers from here first.
  std::map<std::string, http::Response> fetched;

  std::string Q(const std::string& name) const;  // a query parameter, or ""
  std::string F(const std::string& name) const;  // a form field, or ""
  const engine::DomainState& State();
  engine::Date Today() const;
  std::string PersonName(const std::string& person);
  std::string OrganName(const std::string& organ);
  // The caller's role holdings today, as (role, organ).
  std::vector<std::pair<std::string, std::string>> Holdings();

  // GET an /api/v1 target as the logged-in person: the JSON, or the
  // problem's Swedish detail as an error.
  Result<nlohmann::json> Get(const std::string& api_target);

  // The as-of date (?per=) and known-at time (?kand=) chosen for every view,
  // as API parameters ("asOf=…&knownAt=…", or "") and as a banner.
  std::string TimeParams() const;
  std::string TimeNotice() const;
  // Links keep the chosen time: "per=…&kand=…" (or "").
  std::string KeepTime() const;

  http::Response Html(const std::string& title, const std::string& nav, const std::string& main_html,
                      http::beast_http::status status = http::beast_http::status::ok);
  http::Response Error(const std::string& title, const std::string& message, http::beast_http::status status);
  http::Response Redirect(const std::string& location);
};

// A complete HTML response with the page's security headers (no script, no
// frames, forms only to ourselves) and no caching.
http::Response HtmlResponse(const http::Request& req, http::beast_http::status st, std::string body);

// The hidden CSRF field every form carries.
std::string CsrfField(const Visit& v);

// The renderers (pages_*.cc).
http::Response TasksPage(Visit& v);
http::Response WheelPage(Visit& v);
http::Response WheelSvgDownload(Visit& v);
http::Response OversightPage(Visit& v);
http::Response DecisionsPage(Visit& v);
http::Response RevisionPage(Visit& v);
// Rapporter (pages_reports.cc): the form, with an error at a field (or above it) when given.
http::Response ReportsPage(Visit& v, const std::string& error_field, const std::string& error,
                           http::beast_http::status st);
// The API target of the report the form's query asks for, and the page's answer from the API's.
std::string ReportTarget(const Visit& v);
http::Response ReportAnswer(Visit& v, http::Response api);
http::Response EventPage(Visit& v);
http::Response FormsIndex(Visit& v);
http::Response FormPage(Visit& v);    // GET /registrera/<form>
// POST /registrera/<form>: the form again with its errors, or its command to post.
std::variant<http::Response, PendingCommand> FormSubmit(Visit& v);

// Helpers the renderers share (pages_common.cc).
// Completed step instances (id → date) from the follow-ups view.
Result<std::map<std::string, std::string>> CompletedSteps(Visit& v);
// The plan of `year` as the API serves it, with `extra` parameters ("organ=…").
Result<nlohmann::json> PlanOf(Visit& v, int year, const std::string& extra = "");
std::string Str(const nlohmann::json& j, const char* key);
// An RFC 3339 time as Stockholm local time: "2026-03-11T00:00:00Z" → "2026-03-11 01:00".
std::string Local(const std::string& utc);
// Whether an event (the log's JSON) concerns `id`: its stream names it, or a
// payload field holds exactly it.
bool Concerns(const nlohmann::json& event, const std::string& id);
// The log's events that concern `id` (at most `max`), in position order.
Result<std::vector<nlohmann::json>> EventsConcerning(Visit& v, const std::string& id, size_t max);
// What a decision decides (RecordDecision's `decides`), as (value, Swedish
// label), in the order the decision form offers them; and one value's label.
const std::vector<std::pair<std::string, std::string>>& DecidesOptions();
std::string DecidesSv(const std::string& decides);
// Days from `from` to `to` (negative when to is earlier).
long DaysBetween(engine::Date from, engine::Date to);
// The display name of an assignment's or plan's status.
std::string ErrorBox(const std::string& message);

}  // namespace arshjul::web
