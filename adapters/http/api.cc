#include "api.h"

#include <memory>

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

// Where a stream starts: after Last-Event-ID, else after ?after=, else at 0.
std::variant<uint64_t, Response> StreamStart(const Request& req) {
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

}  // namespace

Api::Api(storage::EventStore& store, engine::CommandHandler& handler, const Clock& clock, ApiConfig config)
    : store_(store),
      handler_(handler),
      clock_(clock),
      config_(std::move(config)),
      limiter_(config_.max_auth_failures, config_.auth_window),
      reader_(store, clock) {}

const std::vector<Api::Route>& Api::Routes() {
  static const std::vector<Route> routes = {
      {verb::post, "/api/v1/commands", "", Access::kPerson, "commands", &Api::PostCommands},
      {verb::get, "/api/v1/views/", "", Access::kReader, "views", &Api::GetView},
      {verb::get, "/api/v1/reminders", "", Access::kOwnReminders, "reminders", &Api::GetReminders},
      {verb::get, "/api/v1/log", "", Access::kReader, "log", &Api::GetLog},
      {verb::get, "/api/v1/plan", "", Access::kReader, "plan", &Api::GetPlan},
      {verb::get, "/api/v1/calendar", "", Access::kReader, "calendar", &Api::GetCalendar},
      {verb::get, "/api/v1/feeds/", ".ics", Access::kFeedKey, "feeds", &Api::GetFeed},
      {verb::get, "/api/v1/reports/", "", Access::kReader, "reports", &Api::GetReport},
      {verb::get, "/api/v1/verify", "", Access::kReader, "verify", &Api::GetVerify},
      {verb::post, "/api/v1/admin/backup", "", Access::kAdministrator, "backup", &Api::PostBackup},
      {verb::post, "/api/v1/admin/tokens", "", Access::kAdministrator, "tokens", &Api::PostToken},
      {verb::get, "/api/v1/admin/tokens", "", Access::kAdministrator, "tokens", &Api::ListTokens},
      {verb::delete_, "/api/v1/admin/tokens/", "", Access::kAdministrator, "tokens", &Api::RevokeToken},
      {verb::get, "/api/v1/healthz", "", Access::kPublic, "healthz", &Api::GetHealth},
      {verb::get, "/api/v1/metrics", "", Access::kReader, "metrics", &Api::GetMetrics},
      {verb::get, "/api/v1/checkpoint", "", Access::kReader, "checkpoint", &Api::GetCheckpoint},
      {verb::get, "/api/v1/proof/inclusion", "", Access::kReader, "proof", &Api::GetInclusionProof},
      {verb::get, "/api/v1/proof/consistency", "", Access::kReader, "proof", &Api::GetConsistencyProof},
      {verb::get, "/api/v1/revision-package", "", Access::kAuditor, "revision_package", &Api::GetRevisionPackage},
  };
  return routes;
}

engine::Date Api::Today() const { return engine::LocalDate(clock_.Now()); }

const engine::DomainState& Api::State() {
  // Events the reminder service or a read-only peer appended are applied first.
  (void)reader_.CatchUp();
  return reader_.state();
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

std::optional<Response> Api::RateLimited(const Request& req, const RequestInfo& info, Timestamp now) {
  if (!limiter_.Limited(info.remote, now)) return std::nullopt;
  Problem problem = MakeProblem(status::too_many_requests, "för många misslyckade inloggningar; försök igen om en stund",
                                "Authorization", "access.rate_limit");
  Response res = ProblemResponse(req, problem);
  res.set(beast_http::field::retry_after, std::to_string(config_.auth_window.count()));
  return res;
}

void Api::Filter(std::shared_ptr<Pending> p, Access access, std::function<void(Filtered)> next) {
  if (access == Access::kPublic || access == Access::kFeedKey) return next(std::optional<Caller>());
  Timestamp now = clock_.Now();
  if (auto limited = RateLimited(p->req, p->info, now)) return next(std::move(*limited));
  auto claim = ReadPasswordClaim(p->req, State());
  if (!claim) return next(Authenticated(*p, Authenticate(p->req, State(), Today()), now, access));
  CheckClaim(std::move(p), std::move(*claim), now, access, std::move(next));
}

void Api::CheckClaim(std::shared_ptr<Pending> p, PasswordClaim claim, Timestamp now, Access access,
                     std::function<void(Filtered)> next) {
  auto verdict = [this, p, claim, now, access, next = std::move(next)](bool verified) {
    next(Authenticated(*p, PasswordAuthentication(claim, verified, State(), Today()), now, access));
  };
  if (!workers_) return verdict(http::CheckPassword(claim));
  // Argon2id on the password pool; the io thread serves others meanwhile.
  limiter_.Started(p->info.remote);
  workers_->Password([claim] { return http::CheckPassword(claim); },
                     [this, remote = p->info.remote, verdict = std::move(verdict)](bool verified) {
                       limiter_.Ended(remote);
                       verdict(verified);
                     });
}

Api::Filtered Api::Authenticated(Pending& p, const Authentication& auth, Timestamp now, Access access) {
  if (auth.presented && !auth.caller) {
    limiter_.Failed(p.info.remote, now);
    RecordAuthenticationFailure(p.info, auth.failure, auth.token_id, std::string(p.req.target()).substr(0, 200));
    return ProblemResponse(p.req, MakeProblem(status::unauthorized, auth.failure, "Authorization", "access.authenticated"));
  }
  if (auto refused = Authorize(access, auth.caller)) {
    return ProblemResponse(p.req, *refused);
  }
  return auth.caller;
}

std::optional<Response> Api::Resolve(Pending& p) {
  const Request& req = p.req;
  p.target = ParseTarget(std::string_view(req.target().data(), req.target().size()));
  const Target& target = p.target;
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
      if (!SafeParam(param)) return ProblemResponse(req, MakeProblem(status::not_found, "finns inte: " + target.path, "path"));
    } else if (target.path != r.path) {
      continue;
    }
    path_known = true;
    if (r.method != req.method()) continue;
    p.route = &r;
    p.route_name = r.name;
    p.param = std::move(param);
    return std::nullopt;
  }
  if (path_known) {
    return ProblemResponse(req, MakeProblem(status::method_not_allowed, "metoden stöds inte för " + target.path));
  }
  return ProblemResponse(req, MakeProblem(status::not_found, "finns inte: " + target.path, "path"));
}

void Api::HandleAsync(Request req, RequestInfo info, Done done) {
  auto p = std::make_shared<Pending>();
  p->req = std::move(req);
  p->info = std::move(info);
  p->started = std::chrono::steady_clock::now();
  p->done = std::move(done);
  if (page_) {  // the page (adapters/web/) answers every path outside /api/
    Target t = ParseTarget(std::string_view(p->req.target().data(), p->req.target().size()));
    if (t.ok && SafePath(t.path) && !t.path.starts_with("/api/")) {
      p->target = std::move(t);
      p->route_name = "page";
      last_person_.clear();
      // The page may answer later (a log-in's password check); p keeps req and info alive until then.
      return page_(p->req, p->info, [this, p](Response res) {
        p->person = last_person_;
        Finish(*p, std::move(res), 0);
      });
    }
  }
  if (auto refused = Resolve(*p)) return Finish(*p, std::move(*refused), 0);
  Filter(p, p->route->access, [this, p](Filtered filtered) {
    if (auto* refused = std::get_if<Response>(&filtered)) return Finish(*p, std::move(*refused), 0);
    Dispatch(p, std::get<std::optional<Caller>>(std::move(filtered)));
  });
}

bool Api::IsLongRead(Handler handler) {
  return handler == &Api::GetVerify || handler == &Api::PostBackup || handler == &Api::GetRevisionPackage ||
         handler == &Api::GetReport;
}

void Api::Dispatch(std::shared_ptr<Pending> p, std::optional<Caller> caller) {
  if (caller) p->person = caller->person;
  auto run = [this, p, caller] {
    Call call{p->req, p->info, p->target, caller, p->param};
    Response res = (this->*(p->route->handler))(call);
    return std::make_pair(std::move(res), call.appended);
  };
  // Commands wait for the disk's sync: on the command thread, one at a time.
  if (workers_ && p->route->handler == &Api::PostCommands) {
    return workers_->Command(std::move(run), [this, p](std::pair<Response, uint64_t> out) {
      Finish(*p, std::move(out.first), out.second);
    });
  }
  // Reads of the whole log take seconds on a large one: on the long-reads
  // thread. Their handlers touch only the (thread-safe) store, the read-only
  // config and the request, never the io thread's follower or caches.
  if (workers_ && IsLongRead(p->route->handler)) {
    return workers_->LongRead(std::move(run), [this, p](std::pair<Response, uint64_t> out) {
      Finish(*p, std::move(out.first), out.second);
    });
  }
  auto [res, appended] = run();
  Finish(*p, std::move(res), appended);
}

void Api::Finish(Pending& p, Response res, uint64_t appended) {
  if (appended) metrics_.Appended(appended);
  res.set("X-Request-Id", p.info.request_id);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - p.started);
  metrics_.Request(p.route_name, static_cast<int>(res.result_int()), took);
  if (request_log_) {
    request_log_({{"msg", "request"}, {"method", std::string(p.req.method_string())},
                  {"path", p.target.path.substr(0, 200)}, {"route", p.route_name}, {"status", res.result_int()},
                  {"duration_ms", static_cast<double>(took.count()) / 1000.0}, {"request_id", p.info.request_id},
                  {"remote", p.info.remote}, {"person", p.person}});
  }
  p.done(std::move(res));
}

Response Api::Handle(const Request& req, const RequestInfo& info) {
  std::optional<Response> out;
  HandleAsync(req, info, [&out](Response res) { out = std::move(res); });
  return std::move(*out);  // answered at once: no Workers
}

void Api::HandleAsAsync(Request req, const RequestInfo& info, const std::string& person, PageDone done) {
  RouteAs(std::move(req), info, person, std::move(done), /*off_io_thread=*/true);
}

void Api::RouteAs(Request req, const RequestInfo& info, const std::string& person, PageDone done, bool off_io_thread) {
  auto p = std::make_shared<Pending>();
  p->req = std::move(req);
  p->info = info;
  if (auto refused = Resolve(*p)) return done(std::move(*refused));
  std::optional<Caller> caller = CallerFor(person, State(), Today());
  if (auto refused = Authorize(p->route->access, caller)) return done(ProblemResponse(p->req, *refused));
  last_person_ = person;
  auto run = [this, p, caller] {
    Call call{p->req, p->info, p->target, caller, p->param};
    Response res = (this->*(p->route->handler))(call);
    return std::make_pair(std::move(res), call.appended);
  };
  auto finish = [this, person, done = std::move(done)](std::pair<Response, uint64_t> out) {
    if (out.second) metrics_.Appended(out.second);
    last_person_ = person;
    done(std::move(out.first));
  };
  // As Dispatch runs them: commands on the command thread, long reads on the long-reads thread.
  if (workers_ && off_io_thread && p->route->handler == &Api::PostCommands) {
    return workers_->Command(std::move(run), std::move(finish));
  }
  if (workers_ && off_io_thread && IsLongRead(p->route->handler)) return workers_->LongRead(std::move(run), std::move(finish));
  finish(run());
}

Response Api::HandleAs(const Request& req, const RequestInfo& info, const std::string& person) {
  if (req.method() != beast_http::verb::get) {
    return ProblemResponse(req, MakeProblem(beast_http::status::method_not_allowed, "HandleAs läser bara (GET)", "", "http.method"));
  }
  std::optional<Response> out;
  RouteAs(req, info, person, [&out](Response res) { out = std::move(res); }, /*off_io_thread=*/false);
  return std::move(*out);
}

void Api::CheckPasswordAsync(const std::string& person, const std::string& password, const RequestInfo& info,
                             PasswordChecked done) {
  auto p = std::make_shared<Pending>();
  p->req = Request{beast_http::verb::post, "/logga-in", 11};
  p->info = info;
  Timestamp now = clock_.Now();
  if (auto limited = RateLimited(p->req, info, now)) return done(std::move(*limited));
  PasswordClaim claim{person, password, ""};
  if (auto hash = State().password_hashes.find(person); hash != State().password_hashes.end()) claim.hash = hash->second;
  CheckClaim(p, std::move(claim), now, Access::kOwnReminders, [this, person, done = std::move(done)](Filtered filtered) {
    last_person_.clear();
    if (auto* refused = std::get_if<Response>(&filtered)) return done(std::move(*refused));
    last_person_ = person;
    done(*std::get<std::optional<Caller>>(filtered));
  });
}

std::variant<uint64_t, Response> Api::OpenStream(const Request& req, const RequestInfo& info) {
  std::optional<std::variant<uint64_t, Response>> out;
  OpenStreamAsync(req, info, [&out](std::variant<uint64_t, Response> v) { out = std::move(v); });
  return std::move(*out);
}

bool Api::IsStreamRequest(const Request& req) const {
  std::string_view t(req.target().data(), req.target().size());
  return req.method() == verb::get && (t == "/api/v1/log/stream" || t.starts_with("/api/v1/log/stream?"));
}

void Api::OpenStreamAsync(Request req, RequestInfo info, StreamDone done) {
  auto p = std::make_shared<Pending>();
  p->req = std::move(req);
  p->info = std::move(info);
  Filter(p, Access::kReader, [p, done = std::move(done)](Filtered filtered) {
    if (auto* refused = std::get_if<Response>(&filtered)) return done(std::move(*refused));
    done(StreamStart(p->req));
  });
}

nlohmann::json Api::EventJson(const storage::RecordedEvent& event) const {
  return cli::EventJson(event, cli::DescribeEvent(event));
}

}  // namespace arshjul::http
