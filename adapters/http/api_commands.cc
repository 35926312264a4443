// POST /api/v1/commands and the administrator's token routes (issue, revoke, list).
#include "api.h"
#include "arshjul/engine/calendar.h"
#include "command_json.h"
#include "credentials.h"
#include "query_params.h"

namespace arshjul::http {
namespace {

using beast_http::status;

bool IsJson(const Request& req) {
  auto h = req.find(beast_http::field::content_type);
  if (h == req.end()) return false;
  std::string_view v(h->value().data(), h->value().size());
  return v.starts_with("application/json");
}

Response NotJson(const Request& req) {
  return ProblemResponse(req, MakeProblem(status::unsupported_media_type, "innehållet ska vara application/json",
                                          "Content-Type"));
}

nlohmann::json OutcomeJson(const engine::Command& c, const engine::CommandOutcome& o) {
  return {{"command_id", c.command_id}, {"event_type", o.event_type}, {"stream", o.stream},
          {"position", o.appended.first_position}, {"version", o.appended.first_version},
          {"duplicate", o.appended.duplicate}};
}

}  // namespace

Response Api::PostCommands(Call& call) {
  if (!IsJson(call.req)) return NotJson(call.req);
  // One command may span lines (the CLI's files hold one per line or an array).
  const std::string& text = call.req.body();
  size_t first = text.find_first_not_of(" \t\r\n");
  bool one_object = first != std::string::npos && text[first] == '{' && text.find('\n', first) != std::string::npos &&
                    nlohmann::json::accept(text);
  auto commands = cli::ParseCommands(one_object ? "[" + text + "]" : text);
  if (!commands.ok()) return ProblemResponse(call.req, ProblemFor(commands.status()));
  if (call.target.query.count("atomic")) return PostAtomically(call, Param(call, "atomic"), *commands);
  nlohmann::json results = nlohmann::json::array();
  bool any_new = false;
  for (size_t i = 0; i < commands->size(); ++i) {
    engine::Command& c = (*commands)[i];
    Id128::FromHex(call.info.request_id, &c.correlation_id);
    auto outcome = handler_.HandleAs(call.caller->person, c);
    if (!outcome.ok()) {
      Problem p = ProblemFor(outcome.status());
      p.extra = {{"index", i}, {"command_id", c.command_id}, {"recorded", results}};
      return ProblemResponse(call.req, p);
    }
    if (!outcome->appended.duplicate) {
      any_new = true;
      call.appended += outcome->appended.count;
    }
    results.push_back(OutcomeJson(c, *outcome));
  }
  return JsonResponse(call.req, any_new ? status::created : status::ok, {{"results", results}});
}

// ?atomic=ID: the batch as one append under the idempotency key ID, all or
// nothing (CommandHandler::HandleAtomically): a refusal names the command's
// index and records none of them; the same ID again records nothing.
Response Api::PostAtomically(Call& call, const std::string& id, std::vector<engine::Command>& commands) {
  for (auto& c : commands) Id128::FromHex(call.info.request_id, &c.correlation_id);
  size_t failed = 0;
  auto appended = handler_.HandleAtomically(commands, id, &failed, call.caller->person);
  if (!appended.ok()) {
    Problem p = ProblemFor(appended.status());
    if (p.field == "command_id" && failed == commands.size()) p.field = "atomic";  // the batch's own id
    if (failed < commands.size()) p.extra = {{"index", failed}, {"command_id", commands[failed].command_id}};
    p.extra["recorded"] = nlohmann::json::array();
    return ProblemResponse(call.req, p);
  }
  if (!appended->duplicate) call.appended += appended->count;
  return JsonResponse(call.req, appended->duplicate ? status::ok : status::created,
                      {{"atomic", id}, {"commands", commands.size()}, {"position", appended->first_position},
                       {"count", appended->count}, {"duplicate", appended->duplicate}});
}

Response Api::PostToken(Call& call) {
  if (!IsJson(call.req)) return NotJson(call.req);
  nlohmann::json body = nlohmann::json::parse(call.req.body(), nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) {
    return ProblemResponse(call.req, MakeProblem(status::bad_request, "innehållet ska vara ett JSON-objekt", "body"));
  }
  for (const char* key : {"person", "expires"}) {
    if (!body.contains(key) || !body[key].is_string()) {
      return ProblemResponse(call.req, MakeProblem(status::bad_request, std::string(key) + " saknas", key));
    }
  }
  std::string scope = body.value("scope", std::string(engine::kScopeApi));
  const engine::DomainState& state = State();
  auto actor = engine::AdministratorActor(state.org, call.caller->person, Today());
  if (!actor) return ProblemResponse(call.req, MakeProblem(status::forbidden, "bara en systemförvaltare", "", "access.administrator"));
  auto token = cli::MakeToken();
  if (!token.ok()) return ProblemResponse(call.req, ProblemFor(token.status()));
  engine::Command c;
  c.name = "IssueToken";
  c.command_id = "token/" + token->id;
  c.actor = *actor;
  Id128::FromHex(call.info.request_id, &c.correlation_id);
  c.payload_json = nlohmann::json{{"tokenId", token->id}, {"person", body["person"]}, {"hash", token->hash},
                                  {"scope", scope}, {"expires", body["expires"]}}
                       .dump();
  auto outcome = handler_.HandleAs(call.caller->person, c);
  if (!outcome.ok()) return ProblemResponse(call.req, ProblemFor(outcome.status()));
  call.appended = 1;
  return JsonResponse(call.req, status::created,
                      {{"token_id", token->id}, {"token", token->text}, {"person", body["person"]},
                       {"scope", scope}, {"expires", body["expires"]}, {"position", outcome->appended.first_position}});
}

Response Api::RevokeToken(Call& call) {
  auto actor = engine::AdministratorActor(State().org, call.caller->person, Today());
  if (!actor) return ProblemResponse(call.req, MakeProblem(status::forbidden, "bara en systemförvaltare", "", "access.administrator"));
  engine::Command c;
  c.name = "RevokeToken";
  c.command_id = "token-revoked/" + call.param;  // revoking twice records it once
  c.actor = *actor;
  Id128::FromHex(call.info.request_id, &c.correlation_id);
  c.payload_json = nlohmann::json{{"tokenId", call.param}, {"reason", "återkallad via API:et"}}.dump();
  auto outcome = handler_.HandleAs(call.caller->person, c);
  if (!outcome.ok()) return ProblemResponse(call.req, ProblemFor(outcome.status()));
  if (!outcome->appended.duplicate) call.appended = 1;
  return JsonResponse(call.req, status::ok,
                      {{"token_id", call.param}, {"revoked", true}, {"position", outcome->appended.first_position},
                       {"duplicate", outcome->appended.duplicate}});
}

Response Api::ListTokens(Call& call) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, t] : State().tokens) {
    out.push_back({{"token_id", id}, {"person", t.person}, {"scope", t.scope}, {"expires", engine::ToString(t.expires)},
                   {"revoked", t.revoked}, {"issued_at", FormatTimestamp(t.source.recorded_at)},
                   {"issued_by", t.source.recorded_by}});
  }
  return JsonResponse(call.req, status::ok, {{"tokens", out}});
}

}  // namespace arshjul::http
