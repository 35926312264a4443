#include "access_commands.h"

#include <iostream>

#include "api_client.h"
#include "arshjul/engine/access.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "credentials.h"
#include "exit_codes.h"
#include "table_writer.h"

namespace arshjul::cli {
namespace {

engine::Date Today(const CliContext& ctx) { return engine::LocalDate(ctx.clock->Now()); }

// Records an organisation command as the administrator --token names (or, in
// setup mode, as the system). Returns the exit code.
int RunAdministration(const CliContext& ctx, engine::Command c) {
  auto store = ctx.OpenStore();
  if (!store.ok()) return ctx.Fail(ExplainBusy(store.status()));
  engine::CommandHandler handler(**store, *ctx.clock);
  if (Status st = handler.CatchUp(); !st.ok()) return ctx.Fail(st);
  auto caller = CliCaller(ctx, handler.state());
  if (!caller.ok()) return ctx.Fail(caller.status());
  Result<engine::CommandOutcome> outcome = Status::IOError("");
  if (*caller) {
    auto actor = engine::AdministratorActor(handler.state().org, **caller, Today(ctx));
    c.actor = actor.value_or(storage::Actor{**caller, engine::kAdministratorRole, ""});
    outcome = handler.HandleAs(**caller, c);
  } else {
    c.actor = {"system", "system", "system"};
    outcome = handler.Handle(c);
  }
  if (!outcome.ok()) return ctx.Fail(outcome.status());
  return kExitOk;
}

struct TokenOptions {
  std::string person, expires, scope = engine::kScopeApi, id;
};

int RunTokenCreate(const CliContext& ctx, const TokenOptions& o) {
  if (!engine::ParseDate(o.expires)) {
    return ctx.Fail(Status::InvalidArgument("--expires ska vara ett datum (ÅÅÅÅ-MM-DD)", "--expires"));
  }
  if (!ctx.server.empty()) {
    nlohmann::json body = {{"person", o.person}, {"expires", o.expires}, {"scope", o.scope}};
    auto reply = CallApi(ctx.server, ctx.token, "POST", "/api/v1/admin/tokens", body.dump());
    if (!reply.ok()) return ctx.Fail(reply.status());
    if (reply->status != 201) return PrintReply(*reply, *ctx.out, *ctx.err);
    *ctx.out << nlohmann::json::parse(reply->body, nullptr, false).value("token", "") << "\n";
    return kExitOk;
  }
  auto token = MakeToken();
  if (!token.ok()) return ctx.Fail(token.status());
  engine::Command c;
  c.name = "IssueToken";
  c.command_id = "token/" + token->id;
  c.payload_json = nlohmann::json{{"tokenId", token->id}, {"person", o.person}, {"hash", token->hash},
                                  {"scope", o.scope}, {"expires", o.expires}}
                       .dump();
  int code = RunAdministration(ctx, c);
  if (code != kExitOk) return code;
  *ctx.err << "token " << token->id << " för " << o.person << " (" << o.scope << ", giltig till och med " << o.expires
           << ") – visas bara nu, spara den:\n";
  *ctx.out << token->text << "\n";
  return kExitOk;
}

int RunTokenRevoke(const CliContext& ctx, const TokenOptions& o) {
  if (!ctx.server.empty()) {
    auto reply = CallApi(ctx.server, ctx.token, "DELETE", "/api/v1/admin/tokens/" + o.id, "");
    if (!reply.ok()) return ctx.Fail(reply.status());
    if (reply->status != 200) return PrintReply(*reply, *ctx.out, *ctx.err);
    *ctx.out << "token " << o.id << " är återkallad\n";
    return kExitOk;
  }
  engine::Command c;
  c.name = "RevokeToken";
  c.command_id = "token-revoked/" + o.id;
  c.payload_json = nlohmann::json{{"tokenId", o.id}, {"reason", "återkallad med arshjul token revoke"}}.dump();
  int code = RunAdministration(ctx, c);
  if (code == kExitOk) *ctx.out << "token " << o.id << " är återkallad\n";
  return code;
}

int RunTokenList(const CliContext& ctx, const std::string& format) {
  OutputFormat f;
  if (!ParseOutputFormat(format, &f)) return ctx.Fail(Status::InvalidArgument("okänt format", "--format"));
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  auto state = engine::Replay(**store);
  if (!state.ok()) return ctx.Fail(state.status());
  TableWriter t(*ctx.out, f, {"id", "person", "omfattning", "giltig till", "status", "utfärdad av"});
  for (const auto& [id, tok] : state->tokens) {
    std::string status = tok.revoked ? "återkallad" : Today(ctx) > tok.expires ? "utgången" : "giltig";
    t.Row({id, tok.person, tok.scope, engine::ToString(tok.expires), status, tok.source.recorded_by},
          {{"token_id", id}, {"person", tok.person}, {"scope", tok.scope}, {"expires", engine::ToString(tok.expires)},
           {"status", status}, {"issued_by", tok.source.recorded_by}});
  }
  t.Finish();
  return kExitOk;
}

int RunPasswordSet(const CliContext& ctx, const std::string& person) {
  std::string password;
  std::getline(std::cin, password);
  auto hash = HashPassword(password);
  if (!hash.ok()) return ctx.Fail(hash.status());
  engine::Command c;
  c.name = "SetPassword";
  c.command_id = "password/" + person + "/" + ctx.ids->NewId().ToHex();
  c.payload_json = nlohmann::json{{"person", person}, {"hash", *hash}}.dump();
  int code = RunAdministration(ctx, c);
  if (code == kExitOk) *ctx.out << "lösenordet för " << person << " är satt (lagrat som Argon2id)\n";
  return code;
}

}  // namespace

Result<std::optional<std::string>> CliCaller(const CliContext& ctx, const engine::DomainState& state) {
  if (ctx.token.empty()) {
    if (!engine::AccessProtected(state)) return std::optional<std::string>();
    return Status::InvalidArgument("datalagret kräver inloggning: ange --token eller ARSHJUL_TOKEN", "--token");
  }
  const engine::TokenRow* row = engine::FindActiveToken(state, Sha256Hex(ctx.token), engine::kScopeApi, Today(ctx));
  if (!row) return Status::Rejected("access.authenticated", "--token", "okänd, återkallad eller utgången token");
  return std::optional<std::string>(row->person);
}

Status ExplainBusy(const Status& s) {
  if (s.code() != StatusCode::kBusy) return s;
  return Status::Busy(s.message() +
                      ". Tjänsten (arshjul serve) håller datalagret: läsande kommandon fungerar som vanligt; skicka "
                      "skrivande via tjänsten med --server http://127.0.0.1:8080 --token … (säkerhetskopia: POST "
                      "/api/v1/admin/backup)");
}

void AddAccessCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto* token = app.add_subcommand("token", "API-token: skapa, lista, återkalla (docs/api.md)");
  token->require_subcommand(1);
  auto o = std::make_shared<TokenOptions>();
  auto* create = token->add_subcommand("create", "Skapa en token (visas en gång; lagras bara som hash)");
  create->add_option("--person", o->person, "Personen tokenen gäller")->required();
  create->add_option("--expires", o->expires, "Giltig till och med (ÅÅÅÅ-MM-DD)")->required();
  create->add_option("--scope", o->scope, "api, eller feed:<organ eller roll> för ett kalenderflödes läsnyckel")
      ->capture_default_str();
  create->callback([&ctx, o, exit_code] { *exit_code = RunTokenCreate(ctx, *o); });
  auto* revoke = token->add_subcommand("revoke", "Återkalla en token");
  revoke->add_option("ID", o->id, "Tokenens id (från token list)")->required();
  revoke->callback([&ctx, o, exit_code] { *exit_code = RunTokenRevoke(ctx, *o); });
  auto format = std::make_shared<std::string>("table");
  auto* list = token->add_subcommand("list", "Lista token utan hemligheter");
  list->add_option("--format", *format, "table, json, jsonl eller csv");
  list->callback([&ctx, format, exit_code] { *exit_code = RunTokenList(ctx, *format); });

  auto* password = app.add_subcommand("password", "Lösenord för webbsidan (Argon2id)");
  password->require_subcommand(1);
  auto person = std::make_shared<std::string>();
  auto* set = password->add_subcommand("set", "Sätt en persons lösenord (läses från standard in)");
  set->add_option("--person", *person, "Personen")->required();
  set->callback([&ctx, person, exit_code] { *exit_code = RunPasswordSet(ctx, *person); });
}

}  // namespace arshjul::cli
