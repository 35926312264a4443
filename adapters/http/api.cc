#include "api.h"

#include <boost/beast/core/detail/base64.hpp>

#include "arshjul/engine/local_time.h"
#include "domain_commands.h"
#include "store_commands.h"

namespace arshjul::http {
namespace {

using beast_http::status;
using beast_http::verb;

// A path segment a route takes as its parameter: no traversal, no separators.
bool SafeParam(const std::string& p) {
  if (p.empty() || p.size() > 128 || p.find("..") != std::string::npos) return false;
  for (char c : p)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

bool SafePath(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  return path.find("/../") == std::string::npos && path.find("/./") == std::string::npos &&
         path.find("//") == std::string::npos && !path.ends_with("/..") && !path.ends_with("/.") &&
         path.find('\0') == std::string::npos;
}

}  // namespace

Api::Api(storage::EventStore& store, engine::CommandHandler& handler, const Clock& clock, ApiConfig config)
    : store_(store),
      handler_(handler),
      clock_(clock),
      config_(std::move(config)),
      limiter_(config_.max_auth_failures, config_.auth_window) {}

const std::vector<Api::Route>& Api::Routes() {
  static const std::vector<Route> routes = {
      {verb::post, "/api/v1/commands", "", Access::kPerson, "commands", &Api::PostCommands},
      {verb::get, "/api/v1/views/", "", Access::kReader, "views", &Api::GetView},
      {verb::get, "/api/v1/reminders", "", Access::kOwnReminders, "reminders", &Api::GetReminders},
      {verb::get, "/api/v1/log", "", Access::kReader, "log", &Api::GetLog},
      {verb::get, "/api/v1/plan", "", Access::kReader, "plan", &Api::GetPlan},
      {verb::get, "/api/v1/calendar", "", Access::kReader, "calendar", &Api::GetCalendar},
      {verb::get, "/api/v1/feeds/", ".ics", Access::kFeedKey, "feeds", &Api::GetFeed},
      {verb::get, "/api/v1/verify", "", Access::kReader, "verify", &Api::GetVerify},
      {verb::post, "/api/v1/admin/backup", "", Access::kAdministrator, "backup", &Api::PostBackup},
      {verb::post, "/api/v1/admin/tokens", "", Access::kAdministrator, "tokens", &Api::PostToken},
      {verb::get, "/api/v1/admin/tokens", "", Access::kAdministrator, "tokens", &Api::ListTokens},
      {verb::get, "/api/v1/healthz", "", Access::kPublic, "healthz", &Api::GetHealth},
      {verb::get, "/api/v1/metrics", "", Access::kReader, "metrics", &Api::GetMetrics},
  };
  return routes;
}

engine::Date Api::Today() const { return engine::LocalDate(clock_.Now()); }

const engine::DomainState& Api::State() {
  // Events the reminder service or a read-only peer appended are applied first.
  (void)handler_.CatchUp();
  return handler_.state();
}

void Api::RecordAuthenticationFailure(const RequestInfo& info, const std::string& reason, const std::string& token_id,
                                      const std::string& path) {
  metrics_.AuthenticationFailed();
  engine::Command c;
  c.name = "RecordAuthenticationFailure";
  c.command_id = "security/" + info.request_id;
  c.actor = {"arshjul", "tjansten", "arshjul"};
  nlohmann::json payload = {{"reason", reason}, {"tokenId", token_id}, {"remote", info.remote}, {"path", path}};
  c.payload_json = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Id128::FromHex(info.request_id, &c.correlation_id);
  (void)handler_.Handle(c);  // a failure to record is not the caller's concern
}

std::variant<std::optional<Caller>, Response> Api::Filter(const Request& req, const RequestInfo& info, Access access,
                                                          const std::string* as_person) {
  if (access == Access::kPublic || access == Access::kFeedKey) return std::optional<Caller>();
  std::optional<Caller> caller;
  if (as_person) {
    caller = CallerFor(*as_person, State(), Today());
  } else {
    Timestamp now = clock_.Now();
    if (limiter_.Limited(info.remote, now)) {
      Problem p = MakeProblem(status::too_many_requests, "för många misslyckade inloggningar; försök igen om en stund",
                              "Authorization", "access.rate_limit");
      Response res = ProblemResponse(req, p);
      res.set(beast_http::field::retry_after, std::to_string(config_.auth_window.count()));
      return res;
    }
    Authentication auth = Authenticate(req, State(), Today());
    if (auth.presented && !auth.caller) {
      limiter_.Failed(info.remote, now);
      RecordAuthenticationFailure(info, auth.failure, auth.token_id, std::string(req.target()).substr(0, 200));
      return ProblemResponse(req,
                             MakeProblem(status::unauthorized, auth.failure, "Authorization", "access.authenticated"));
    }
    caller = auth.caller;
  }
  if (auto refused = Authorize(access, caller)) return ProblemResponse(req, *refused);
  return caller;
}

Response Api::Dispatch(const Request& req, const RequestInfo& info, const Target& target, const std::string* as_person,
                       const char** route_name) {
  if (!target.ok || !SafePath(target.path)) {
    return ProblemResponse(req, MakeProblem(status::bad_request, "ogiltig sökväg", "path", "http.path"));
  }
  bool path_known = false;
  for (const Route& r : Routes()) {
    bool prefix = r.path.back() == '/';
    std::string param;
    if (prefix) {
      if (!target.path.starts_with(r.path)) continue;
      param = target.path.substr(r.path.size());
      if (!r.suffix.empty()) {
        if (!param.ends_with(r.suffix)) continue;
        param.resize(param.size() - r.suffix.size());
      }
      if (!SafeParam(param)) {
        return ProblemResponse(req, MakeProblem(status::not_found, "finns inte: " + target.path, "path"));
      }
    } else if (target.path != r.path) {
      continue;
    }
    path_known = true;
    if (r.method != req.method()) continue;
    *route_name = r.name;
    auto filtered = Filter(req, info, r.access, as_person);
    if (auto* refused = std::get_if<Response>(&filtered)) return std::move(*refused);
    Call call{req, info, target, std::get<std::optional<Caller>>(filtered), param};
    if (call.caller) last_person_ = call.caller->person;
    return (this->*r.handler)(call);
  }
  if (path_known) {
    return ProblemResponse(req, MakeProblem(status::method_not_allowed, "metoden stöds inte för " + target.path));
  }
  return ProblemResponse(req, MakeProblem(status::not_found, "finns inte: " + target.path, "path"));
}

Response Api::Handle(const Request& req, const RequestInfo& info) {
  auto started = std::chrono::steady_clock::now();
  last_person_.clear();
  Target target = ParseTarget(std::string_view(req.target().data(), req.target().size()));
  const char* route_name = "unknown";
  Response res = [&]() -> Response {
    if (page_ && target.ok && SafePath(target.path) && !target.path.starts_with("/api/")) {
      route_name = "page";
      return page_(req, info);
    }
    return Dispatch(req, info, target, nullptr, &route_name);
  }();
  res.set("X-Request-Id", info.request_id);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  metrics_.Request(route_name, static_cast<int>(res.result_int()), took);
  if (request_log_) {
    request_log_({{"msg", "request"}, {"method", std::string(req.method_string())}, {"path", target.path.substr(0, 200)},
                  {"route", route_name}, {"status", res.result_int()},
                  {"duration_ms", static_cast<double>(took.count()) / 1000.0}, {"request_id", info.request_id},
                  {"remote", info.remote}, {"person", last_person_}});
  }
  return res;
}

Response Api::HandleAs(const Request& req, const RequestInfo& info, const std::string& person) {
  Target target = ParseTarget(std::string_view(req.target().data(), req.target().size()));
  const char* route_name = "unknown";
  return Dispatch(req, info, target, &person, &route_name);
}

std::variant<Caller, Response> Api::CheckPassword(const std::string& person, const std::string& password,
                                                  const RequestInfo& info) {
  Request req{beast_http::verb::post, "/logga-in", 11};
  std::string plain = person + ":" + password;
  std::string encoded(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
  encoded.resize(boost::beast::detail::base64::encode(encoded.data(), plain.data(), plain.size()));
  req.set(beast_http::field::authorization, "Basic " + encoded);
  auto filtered = Filter(req, info, Access::kOwnReminders);
  if (auto* refused = std::get_if<Response>(&filtered)) return std::move(*refused);
  last_person_ = person;
  return *std::get<std::optional<Caller>>(filtered);
}

bool Api::IsStreamRequest(const Request& req) const {
  std::string_view t(req.target().data(), req.target().size());
  return req.method() == verb::get && (t == "/api/v1/log/stream" || t.starts_with("/api/v1/log/stream?"));
}

std::variant<uint64_t, Response> Api::OpenStream(const Request& req, const RequestInfo& info) {
  auto filtered = Filter(req, info, Access::kReader);
  if (auto* refused = std::get_if<Response>(&filtered)) return std::move(*refused);
  Target target = ParseTarget(std::string_view(req.target().data(), req.target().size()));
  std::string from;
  if (auto h = req.find("Last-Event-ID"); h != req.end()) {
    from = std::string(h->value());
    if (from.empty()) return uint64_t{0};
    if (from.find_first_not_of("0123456789") != std::string::npos || from.size() > 19) {
      return ProblemResponse(req, MakeProblem(status::bad_request, "Last-Event-ID ska vara en position", "Last-Event-ID"));
    }
    return std::stoull(from) + 1;
  }
  if (auto a = target.query.find("after"); a != target.query.end() && !a->second.empty()) {
    if (a->second.find_first_not_of("0123456789") != std::string::npos || a->second.size() > 19) {
      return ProblemResponse(req, MakeProblem(status::bad_request, "after ska vara en position", "after"));
    }
    return std::stoull(a->second) + 1;
  }
  return uint64_t{0};
}

nlohmann::json Api::EventJson(const storage::RecordedEvent& event) const {
  return cli::EventJson(event, cli::DescribeEvent(event));
}

}  // namespace arshjul::http
