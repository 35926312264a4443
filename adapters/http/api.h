// Api: the routes of /api/v1 (docs/api.md) — the router, the filter chain
// (rate limit → authentication → authorisation, filters.h) and the handlers,
// which only translate: HTTP in → engine command or view → HTTP out. No rule
// lives here: the engine's CommandHandler and access.h decide.
//
// Borrows the store, the command handler and the clock (all must outlive it).
// Not thread-safe: every call comes from the io_context's one thread. With
// Workers (workers.h) set, commands are decided and appended on the command
// thread and page passwords checked on the password pool; the Api reads state
// through its own follower of the log (reader_), never the command handler's.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "arshjul/engine/command_handler.h"
#include "filters.h"
#include "http_types.h"
#include "metrics.h"
#include "workers.h"

namespace arshjul::http {

struct ApiConfig {
  std::string template_path;  // the årshjul for /plan and /feeds
  std::string backup_root;    // POST /admin/backup writes into a folder below it
  int max_auth_failures = 5;  // per peer within auth_window, then 429
  std::chrono::seconds auth_window{60};
  uint32_t max_log_page = 1000;
  // The revision package of an organ's period as zip bytes (serve wires the
  // CLI's package writer here); unset: GET /revision-package answers 404.
  using PackageFunction =
      std::function<Result<std::string>(const std::string& organ, const std::string& from, const std::string& to)>;
  PackageFunction revision_package;
};

// One routed request, as its handler sees it.
struct Call {
  const Request& req;
  const RequestInfo& info;
  const Target& target;
  std::optional<Caller> caller;
  std::string param;      // the {name} segment of the route, if it has one
  uint64_t appended = 0;  // events the handler recorded (counted on the io thread)
};

class Api {
 public:
  Api(storage::EventStore& store, engine::CommandHandler& handler, const Clock& clock, ApiConfig config);

  using Done = std::function<void(Response)>;
  using StreamDone = std::function<void(std::variant<uint64_t, Response>)>;
  // Routes one complete request and calls `done` with the response, on the io
  // thread: at once, or after the command thread or password pool has done its
  // part. Never throws; bad input is a 4xx problem.
  void HandleAsync(Request req, RequestInfo info, Done done);
  // GET /api/v1/log/stream: the position to start from (after Last-Event-ID),
  // or the response refusing it.
  void OpenStreamAsync(Request req, RequestInfo info, StreamDone done);
  // The same, answered before returning: only without Workers (tests).
  Response Handle(const Request& req, const RequestInfo& info);
  std::variant<uint64_t, Response> OpenStream(const Request& req, const RequestInfo& info);
  // Slow work off the io thread from now on (borrowed; must outlive the Api's use).
  void SetWorkers(Workers* workers) { workers_ = workers; }
  bool IsStreamRequest(const Request& req) const;

  // The page (adapters/web/) answers every path outside /api/; serve sets it.
  // It answers through PageDone, at once or later on the io thread.
  using PageDone = std::function<void(Response)>;
  using PageHandler = std::function<void(const Request&, const RequestInfo&, PageDone)>;
  void SetPageHandler(PageHandler page) { page_ = std::move(page); }
  // Routes an /api/v1 request as `person`, whom the page's session already
  // authenticated: the same authorisation and handlers as Handle (the page
  // renders from what the API serves), without metrics or an access-log line.
  // Reads only (GET), answered before returning.
  Response HandleAs(const Request& req, const RequestInfo& info, const std::string& person);
  // The same for any route, answered through `done` on the io thread: a
  // command (POST /api/v1/commands) on the command thread and a long read
  // (GET /verify) on the long-reads thread, as Dispatch runs them.
  void HandleAsAsync(Request req, const RequestInfo& info, const std::string& person, PageDone done);
  // Checks a page password through Basic authentication's filters (rate
  // limit, failures recorded as security events): the caller, or the refusal.
  // `done` runs on the io thread; the Argon2id check itself on the password
  // pool (with Workers) or before returning (without: tests).
  using PasswordChecked = std::function<void(std::variant<Caller, Response>)>;
  void CheckPasswordAsync(const std::string& person, const std::string& password, const RequestInfo& info,
                          PasswordChecked done);
  // The live state (caught up) and the service's today, for the page's session.
  const engine::DomainState& state() { return State(); }
  engine::Date today() const { return Today(); }

  // One event as the API shows it (the log's JSON).
  nlohmann::json EventJson(const storage::RecordedEvent& event) const;
  // Called once per answered request with its access-log record: method,
  // path (never the query: a feed key is a secret), route, status,
  // duration_ms, request_id, remote, person.
  void SetRequestLog(std::function<void(const nlohmann::json&)> log) { request_log_ = std::move(log); }
  storage::EventStore& store() { return store_; }
  Metrics& metrics() { return metrics_; }
  const Clock& clock() const { return clock_; }

 private:
  using Handler = Response (Api::*)(Call&);
  struct Route {
    beast_http::verb method;
    std::string path;    // exact, or a prefix when it ends in '/' (the rest is Call::param)
    std::string suffix;  // required ending of the param (".ics"), removed from it
    Access access;
    const char* name;  // for metrics
    Handler handler;
  };
  static const std::vector<Route>& Routes();

  // One request on its way through the Api (shared by the steps of HandleAsync).
  struct Pending {
    Request req;
    RequestInfo info;
    Target target;
    const Route* route = nullptr;
    std::string param;
    const char* route_name = "unknown";
    std::string person;
    std::chrono::steady_clock::time_point started;
    Done done;
  };
  using Filtered = std::variant<std::optional<Caller>, Response>;
  // The route for the request, or the response refusing it (bad path, 404, 405).
  std::optional<Response> Resolve(Pending& p);
  // Runs the filters, then `next` with the caller when they pass, else the refusal.
  void Filter(std::shared_ptr<Pending> p, Access access, std::function<void(Filtered)> next);
  // Checks `claim` (Argon2id on the password pool with Workers, counted by the
  // rate limit while it runs; before returning without) and calls `next` on
  // the io thread with the filters' verdict.
  void CheckClaim(std::shared_ptr<Pending> p, PasswordClaim claim, Timestamp now, Access access,
                  std::function<void(Filtered)> next);
  Filtered Authenticated(Pending& p, const Authentication& auth, Timestamp now, Access access);
  // 429 when the client had too many authentication failures lately.
  std::optional<Response> RateLimited(const Request& req, const RequestInfo& info, Timestamp now);
  void Dispatch(std::shared_ptr<Pending> p, std::optional<Caller> caller);
  // HandleAsAsync; `off_io_thread` false (HandleAs): every route answered before returning.
  void RouteAs(Request req, const RequestInfo& info, const std::string& person, PageDone done, bool off_io_thread);
  // The routes that read the whole log or much of it (workers.h's long reads).
  static bool IsLongRead(Handler handler);
  void Finish(Pending& p, Response res, uint64_t appended);
  void RecordAuthenticationFailure(const RequestInfo& info, const std::string& reason, const std::string& token_id,
                                   const std::string& path);
  engine::Date Today() const;
  const engine::DomainState& State();

  // Handlers (api_commands.cc, api_reads.cc, api_admin.cc).
  Response PostCommands(Call& call);
  Response PostAtomically(Call& call, const std::string& id, std::vector<engine::Command>& commands);
  Response PostToken(Call& call);
  Response RevokeToken(Call& call);
  Response ListTokens(Call& call);
  Response GetView(Call& call);
  Response GetReminders(Call& call);
  Response GetLog(Call& call);
  Response GetPlan(Call& call);
  Response GetCalendar(Call& call);
  Response GetFeed(Call& call);
  Response GetReport(Call& call);
  Response GetVerify(Call& call);
  Response PostBackup(Call& call);
  Response GetHealth(Call& call);
  Response GetMetrics(Call& call);
  // api_revision.cc
  Response GetCheckpoint(Call& call);
  Response GetInclusionProof(Call& call);
  Response GetConsistencyProof(Call& call);
  Response GetRevisionPackage(Call& call);

  storage::EventStore& store_;
  engine::CommandHandler& handler_;
  const Clock& clock_;
  ApiConfig config_;
  Metrics metrics_;
  AuthFailureLimiter limiter_;
  std::function<void(const nlohmann::json&)> request_log_;
  Workers* workers_ = nullptr;
  // A follower of the log for the io thread's reads (authentication, views):
  // it applies only what the store has made durable and published.
  engine::CommandHandler reader_;
  PageHandler page_;
  std::string last_person_;  // the person the page's handler acted as, for its access-log line
  // Rendered views by request target: a view is a pure function of the log
  // head, the query and the day, which the ETag names; reused while it matches.
  struct CachedView {
    std::string etag, body;
  };
  std::map<std::string, CachedView> view_cache_;
};

}  // namespace arshjul::http
