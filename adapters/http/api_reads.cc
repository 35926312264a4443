// The read routes: views, the caller's reminders, the log, the plan, the
// working-day calendar, the iCalendar feeds and the report drafts.
#include <sstream>

#include "api.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/started_steps.h"
#include "calendar_command.h"
#include "credentials.h"
#include "domain_commands.h"
#include "show_command.h"
#include "show_meeting_plan.h"
#include "plan_command.h"
#include "query_params.h"
#include "report_command.h"

namespace arshjul::http {
namespace {

using beast_http::status;

// Runs a CLI-style writer (exit code, out, err) and turns it into a response.
Response FromRunner(const Request& req, const std::string& content_type, const std::string& field,
                    const std::function<int(std::ostream&, std::ostream&)>& run) {
  std::ostringstream out, err;
  int code = run(out, err);
  if (code == 0) return TextResponse(req, status::ok, content_type, out.str());
  std::string message = err.str();
  if (message.starts_with("fel: ")) message = message.substr(5);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return ProblemResponse(req, MakeProblem(code == 2 ? status::bad_request : status::internal_server_error, message, field));
}

}  // namespace

Response Api::GetView(Call& call) {
  if (!cli::IsShowView(call.param)) {
    return ProblemResponse(call.req, MakeProblem(status::not_found, "okänd vy '" + call.param + "'", "view"));
  }
  engine::ReplayFilter filter;
  for (auto [name, slot] : {std::pair{"asOf", &filter.as_of}, std::pair{"knownAt", &filter.known_at}}) {
    std::string v = Param(call, name);
    if (v.empty()) continue;
    Timestamp t;
    if (!cli::ParseShowPointInTime(v, &t)) {
      return ProblemResponse(call.req, MakeProblem(status::bad_request,
                                                   std::string(name) + " ska vara ÅÅÅÅ-MM-DD eller RFC 3339", name));
    }
    *slot = t;
  }
  Timestamp today_t = filter.as_of ? *filter.as_of : filter.known_at ? *filter.known_at : clock_.Now();
  if (std::string v = Param(call, "today"); !v.empty() && !cli::ParseShowPointInTime(v, &today_t)) {
    return ProblemResponse(call.req, MakeProblem(status::bad_request, "today ska vara ÅÅÅÅ-MM-DD", "today"));
  }
  engine::Date today = engine::LocalDate(today_t);
  const engine::DomainState& live = State();
  auto head = store_.HeadPosition();
  std::string etag = "\"" + (head ? std::to_string(*head) : std::string("tom")) + "." + engine::ToString(today) + "\"";
  if (auto inm = call.req.find(beast_http::field::if_none_match); inm != call.req.end() && inm->value() == etag) {
    Response res{status::not_modified, call.req.version()};
    res.set(beast_http::field::etag, etag);
    res.keep_alive(call.req.keep_alive());
    return res;
  }
  std::string key(call.req.target());
  if (auto hit = view_cache_.find(key); hit != view_cache_.end() && hit->second.etag == etag) {
    Response res = TextResponse(call.req, status::ok, "application/json; charset=utf-8", hit->second.body);
    res.set(beast_http::field::etag, etag);
    res.set(beast_http::field::cache_control, "no-cache");
    return res;
  }
  std::string organ = Param(call, "organ");
  if (!organ.empty() && !live.org.FindOrgan(organ)) {
    return ProblemResponse(call.req, MakeProblem(status::bad_request, "okänt organ '" + organ + "'", "organ"));
  }
  std::optional<engine::DomainState> replayed;
  if (filter.as_of || filter.known_at) {
    auto state = engine::Replay(store_, filter);
    if (!state.ok()) return ProblemResponse(call.req, ProblemFor(state.status()));
    replayed = std::move(state).value();
    Status plan = cli::AddMeetingPlanAsRecorded(store_, filter, call.param, *replayed);
    if (!plan.ok()) return ProblemResponse(call.req, ProblemFor(plan));
  }
  std::ostringstream out;
  cli::RenderShowView(replayed ? *replayed : live, call.param, organ, today, cli::OutputFormat::kJson, out);
  if (view_cache_.size() >= 256) view_cache_.clear();
  view_cache_[key] = CachedView{etag, out.str()};
  Response res = TextResponse(call.req, status::ok, "application/json; charset=utf-8", out.str());
  res.set(beast_http::field::etag, etag);
  res.set(beast_http::field::cache_control, "no-cache");
  return res;
}

Response Api::GetReminders(Call& call) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, n] : State().notifications) {
    bool mine = false;
    for (const auto& r : n.recipients) mine |= r.person == call.caller->person;
    if (!mine) continue;
    out.push_back({{"id", id}, {"kind", engine::NotificationKindName(n.kind)}, {"organ", n.organ},
                   {"fire_at", FormatTimestamp(n.fire_at)}, {"title", n.title}, {"subject", n.subject},
                   {"deadline", n.deadline}, {"late", n.late}, {"cancelled", n.cancelled}});
  }
  return JsonResponse(call.req, status::ok, {{"person", call.caller->person}, {"reminders", out}});
}

Response Api::GetLog(Call& call) {
  auto after = Number(call, "after", 0, UINT64_MAX / 2);
  if (!after.ok()) return ProblemResponse(call.req, ProblemFor(after.status()));
  auto limit = Number(call, "limit", 1, config_.max_log_page);
  if (!limit.ok()) return ProblemResponse(call.req, ProblemFor(limit.status()));
  uint64_t max = limit->value_or(100);
  std::string stream = Param(call, "stream"), type = Param(call, "type"), organ = Param(call, "organ"),
              actor = Param(call, "actor");
  uint64_t from = *after ? **after + 1 : 0;
  nlohmann::json events = nlohmann::json::array();
  auto cursor = store_.ReadAll(from, UINT64_MAX);
  std::optional<uint64_t> last;
  bool more_exist = false;
  for (;;) {
    auto more = cursor->Next();
    if (!more.ok()) return ProblemResponse(call.req, ProblemFor(more.status()));
    if (!*more) break;
    const auto& e = cursor->event();
    if ((!stream.empty() && e.stream != stream) || (!type.empty() && e.type != type) ||
        (!organ.empty() && e.actor.organ != organ) || (!actor.empty() && e.actor.person_id != actor)) {
      continue;
    }
    if (events.size() == max) {
      more_exist = true;
      break;
    }
    events.push_back(EventJson(e));
    last = e.position;
  }
  nlohmann::json body = {{"events", events}};
  if (more_exist && last) {
    std::string next = "/api/v1/log?after=" + std::to_string(*last) + "&limit=" + std::to_string(max);
    for (auto [k, v] : {std::pair{"stream", &stream}, {"type", &type}, {"organ", &organ}, {"actor", &actor}})
      if (!v->empty()) next += std::string("&") + k + "=" + *v;
    body["next"] = next;
  }
  return JsonResponse(call.req, status::ok, body);
}

Response Api::GetPlan(Call& call) {
  auto year = Number(call, "year", 1995, 9998);
  if (!year.ok()) return ProblemResponse(call.req, ProblemFor(year.status()));
  cli::PlanCommandOptions o;
  o.recorded_organization = State().org;
  o.triggers = engine::MeetingsWithDecisions(State());  // deadlines recorded decisions started, as `plan` shows
  o.template_path = config_.template_path;
  o.year = static_cast<int>(year->value_or(static_cast<int>(Today().year())));
  o.organ = Param(call, "organ");
  o.role = Param(call, "role");
  o.format = Param(call, "format").empty() ? "json" : Param(call, "format");
  if (o.format != "json" && o.format != "ics") {
    return ProblemResponse(call.req, MakeProblem(status::bad_request, "format ska vara json eller ics", "format"));
  }
  o.generated_at = clock_.Now();
  std::string type = o.format == "ics" ? "text/calendar; charset=utf-8" : "application/json; charset=utf-8";
  // The JSON plan is a function of the log (organisation, decisions) and the
  // query: reused while the head is the same, like the views.
  auto head = store_.HeadPosition();
  std::string key = "plan " + std::string(call.req.target()),
              etag = (head ? std::to_string(*head) : std::string("tom")) + "." + std::to_string(o.year);
  if (o.format == "json") {
    if (auto hit = view_cache_.find(key); hit != view_cache_.end() && hit->second.etag == etag) {
      return TextResponse(call.req, status::ok, type, hit->second.body);
    }
  }
  Response res = FromRunner(call.req, type, "", [&](std::ostream& out, std::ostream& err) { return cli::RunPlanCommand(o, out, err); });
  if (o.format == "json" && res.result() == status::ok) {
    if (view_cache_.size() >= 256) view_cache_.clear();
    view_cache_[key] = CachedView{etag, res.body()};
  }
  return res;
}

Response Api::GetCalendar(Call& call) {
  auto year = Number(call, "year", 1753, 9999);
  if (!year.ok()) return ProblemResponse(call.req, ProblemFor(year.status()));
  int y = static_cast<int>(year->value_or(static_cast<int>(Today().year())));
  return FromRunner(call.req, "application/json; charset=utf-8", "year",
                    [&](std::ostream& out, std::ostream& err) { return cli::RunCalendarCommand(y, "json", out, err); });
}

Response Api::GetFeed(Call& call) {
  Timestamp now = clock_.Now();
  if (limiter_.Limited(call.info.remote, now)) {
    return ProblemResponse(call.req, MakeProblem(status::too_many_requests, "för många misslyckade försök", "key",
                                                 "access.rate_limit"));
  }
  const engine::DomainState& state = State();
  std::string key = Param(call, "key");
  if (key.empty() ||
      !engine::FindActiveToken(state, cli::Sha256Hex(key), engine::FeedScope(call.param), Today())) {
    if (!key.empty()) {
      limiter_.Failed(call.info.remote, now);
      RecordAuthenticationFailure(call.info, "fel läsnyckel för kalenderflödet", "", "/api/v1/feeds/" + call.param);
    }
    return ProblemResponse(call.req, MakeProblem(status::unauthorized, "ange flödets läsnyckel: ?key=…", "key",
                                                 "access.feed_key"));
  }
  auto year = Number(call, "year", 1995, 9998);
  if (!year.ok()) return ProblemResponse(call.req, ProblemFor(year.status()));
  cli::PlanCommandOptions o;
  o.recorded_organization = state.org;
  o.template_path = config_.template_path;
  o.year = static_cast<int>(year->value_or(static_cast<int>(Today().year())));
  (state.org.FindOrgan(call.param) ? o.organ : o.role) = call.param;
  o.format = "ics";
  o.generated_at = now;
  return FromRunner(call.req, "text/calendar; charset=utf-8", "",
                    [&](std::ostream& out, std::ostream& err) { return cli::RunPlanCommand(o, out, err); });
}

// GET /reports/{kind}: `arshjul report`'s draft (docs/reports.md) drawn from the
// log as of a date; a long read (workers.h): it replays the whole log.
Response Api::GetReport(Call& call) {
  cli::ReportQuery q;
  q.kind = call.param;
  q.organ = Param(call, "organ");
  q.period = Param(call, "period");
  q.as_of = Param(call, "asOf");
  q.format = Param(call, "format");
  if (q.format.empty()) q.format = "json";
  if (q.period.empty()) return ProblemResponse(call.req, MakeProblem(status::bad_request, "period saknas", "period"));
  auto bytes = cli::DrawReportBytes(store_, q);
  if (!bytes.ok()) {
    Problem p = ProblemFor(bytes.status());
    static const std::map<std::string, std::string> kFields = {
        {"RAPPORT", "kind"}, {"--organ", "organ"}, {"--period", "period"}, {"--as-of", "asOf"}, {"--format", "format"}};
    if (auto f = kFields.find(p.field); f != kFields.end()) {
      // The message names the API's parameter, not the CLI's flag.
      if (size_t at = p.detail.find(f->first); at != std::string::npos) p.detail.replace(at, f->first.size(), f->second);
      p.field = f->second;
    }
    if (p.field == "kind") p = MakeProblem(status::not_found, p.detail, "kind");
    return ProblemResponse(call.req, p);
  }
  Response res = TextResponse(call.req, status::ok, cli::ReportMediaType(q.format), std::move(bytes).value());
  if (q.format == "pdf" || q.format == "xlsx") {
    SetAttachment(res, q.kind + "-" + (q.organ.empty() ? "ks" : q.organ) + "-" + q.period + "." + q.format);
  }
  return res;
}

}  // namespace arshjul::http
