#include "domain_commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "access_commands.h"
#include "api_client.h"
#include "arshjul/engine/access.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "credentials.h"
#include "wheel_command.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/organization_changes.h"
#include "arshjul/workflows/organization_loader.h"
#include "checkpoint_log.h"
#include "command_json.h"
#include "exit_codes.h"

namespace arshjul::cli {
namespace {

// The command input: a regular file or standard input, at most
// kMaxCommandInputBytes (one byte more is read to notice a larger one).
Result<std::string> ReadInput(const std::string& path) {
  std::string text;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      return Status::InvalidArgument("kan inte läsa filen " + path + " (ingen vanlig fil)", "FILE");
    }
    file.open(path, std::ios::binary);
    if (!file) return Status::InvalidArgument("kan inte läsa filen " + path, "FILE");
    in = &file;
  }
  text.resize(kMaxCommandInputBytes + 1);
  in->read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in->gcount()));
  if (text.size() > kMaxCommandInputBytes) {
    return Status::InvalidArgument("indata är större än " + std::to_string(kMaxCommandInputBytes) + " byte", "FILE");
  }
  return text;
}

struct Session {
  std::unique_ptr<storage::EventStore> store;
  std::unique_ptr<engine::CommandHandler> handler;
};

Result<Session> OpenSession(const CliContext& ctx) {
  auto opened = ctx.OpenStore();
  if (!opened.ok()) return ExplainBusy(opened.status());
  Session s;
  s.store = std::move(opened).value();
  s.handler = std::make_unique<engine::CommandHandler>(*s.store, *ctx.clock);
  s.handler->SetWheelReader(AdoptedWheelReader());
  ARSHJUL_RETURN_IF_ERROR(s.handler->CatchUp());
  return s;
}

void PrintOutcome(const CliContext& ctx, const engine::Command& c, const engine::CommandOutcome& o) {
  *ctx.out << (o.appended.duplicate ? "fanns redan: " : "registrerat: ") << c.command_id << " → " << o.event_type
           << " i " << o.stream << " (position " << o.appended.first_position << ")\n";
}

// Runs commands in order; stops at the first refusal. Every command before it
// is recorded (and a re-run skips them by command id).
int RunCommands(const CliContext& ctx, engine::CommandHandler& handler, const std::vector<engine::Command>& commands,
                bool quiet, const std::optional<std::string>& caller) {
  size_t recorded = 0, existed = 0;
  for (size_t i = 0; i < commands.size(); ++i) {
    auto outcome = caller ? handler.HandleAs(*caller, commands[i]) : handler.Handle(commands[i]);
    if (!outcome.ok()) {
      *ctx.err << "kommando " << i + 1 << " av " << commands.size() << " (" << commands[i].command_id << ", "
               << commands[i].name << ") avvisades; inget av det registrerades\n";
      *ctx.out << recorded << " registrerade, " << existed << " fanns redan, " << commands.size() - i
               << " ej registrerade\n";
      return ctx.Fail(outcome.status());
    }
    outcome->appended.duplicate ? ++existed : ++recorded;
    if (!quiet) PrintOutcome(ctx, commands[i], *outcome);
  }
  *ctx.out << recorded << " registrerade, " << existed << " fanns redan\n";
  return kExitOk;
}

int RunRecord(const CliContext& ctx, const std::string& path, bool quiet) {
  auto text = ReadInput(path);
  if (!text.ok()) return ctx.Fail(text.status());
  auto commands = ParseCommands(*text);
  if (!commands.ok()) return ctx.Fail(commands.status());
  if (!ctx.server.empty()) {
    auto reply = CallApi(ctx.server, ctx.token, "POST", "/api/v1/commands", *text);
    if (!reply.ok()) return ctx.Fail(reply.status());
    if (quiet && reply->status < 300) return kExitOk;
    return PrintReply(*reply, *ctx.out, *ctx.err);
  }
  auto session = OpenSession(ctx);
  if (!session.ok()) return ctx.Fail(session.status());
  auto caller = CliCaller(ctx, session->handler->state());
  if (!caller.ok()) return ctx.Fail(caller.status());
  return RunCommands(ctx, *session->handler, *commands, quiet, *caller);
}

// In setup mode (no token issued yet), once the organisation names an
// administrator: issues the first administrator's token and prints it once.
int IssueFirstAdministratorToken(const CliContext& ctx, engine::CommandHandler& handler) {
  const engine::DomainState& state = handler.state();
  if (engine::AccessProtected(state)) return kExitOk;
  auto holders = state.org.Holders(engine::kAdministratorRole, "", engine::LocalDate(ctx.clock->Now()));
  if (holders.empty()) return kExitOk;
  auto token = MakeToken();
  if (!token.ok()) return ctx.Fail(token.status());
  engine::Command c;
  c.name = "IssueToken";
  c.command_id = "token/" + token->id;
  c.actor = {"system", "system", holders.front().organ};
  auto expires = engine::LocalDate(ctx.clock->Now() + std::chrono::days(366));
  c.payload_json = nlohmann::json{{"tokenId", token->id}, {"person", holders.front().person_id}, {"hash", token->hash},
                                  {"scope", engine::kScopeApi}, {"expires", engine::ToString(expires)}}
                       .dump();
  auto outcome = handler.Handle(c);
  if (!outcome.ok()) return ctx.Fail(outcome.status());
  *ctx.out << "första systemförvaltarens token (" << holders.front().person_id << ", giltig till och med "
           << engine::ToString(expires) << ") – visas bara nu, spara den:\n"
           << "ARSHJUL_TOKEN=" << token->text << "\n"
           << "från och med nu kräver skrivande kommandon --token eller ARSHJUL_TOKEN\n";
  return kExitOk;
}

int RunInit(const CliContext& ctx, const std::string& org_path) {
  engine::OrganizationDates dates;
  auto desired = workflows::LoadOrganization(org_path, &dates);
  if (!desired.ok()) return ctx.Fail(desired.status());
  auto session = OpenSession(ctx);
  if (!session.ok()) return ctx.Fail(session.status());
  const auto& current = session->handler->state().org;
  auto caller = CliCaller(ctx, session->handler->state());
  storage::Actor actor{"system", "system", desired->ExecutiveBoardId()};
  if (caller.ok() && *caller) {
    auto admin = engine::AdministratorActor(current, **caller, engine::LocalDate(ctx.clock->Now()));
    actor = admin.value_or(storage::Actor{**caller, engine::kAdministratorRole, ""});
  }
  auto head = session->store->HeadPosition();
  std::string prefix = "init/" + (head ? std::to_string(*head + 1) : std::string("0"));
  engine::OrganizationDiff diff = engine::DiffOrganization(current, *desired, actor, prefix, dates);
  for (const auto& w : diff.warnings) *ctx.err << "varning: " << w << "\n";
  if (diff.commands.empty()) {
    *ctx.out << "organisationen är oförändrad; inget registrerades\n";
  } else {
    if (!caller.ok()) return ctx.Fail(caller.status());
    *ctx.out << "organisationen i " << org_path << ": " << diff.commands.size() << " ändringar\n";
    // All or nothing: one append under the init's command id, as the authenticated administrator.
    size_t failed = 0;
    auto appended = session->handler->HandleAtomically(diff.commands, prefix, &failed, *caller);
    if (!appended.ok()) {
      if (failed < diff.commands.size()) {
        *ctx.err << "ändring " << failed + 1 << " av " << diff.commands.size() << " (" << diff.commands[failed].name
                 << ") avvisades; ingen av ändringarna registrerades\n";
      }
      return ctx.Fail(appended.status());
    }
    *ctx.out << (appended->duplicate ? 0 : appended->count) << " registrerade i en enda tilläggning (kommando-id "
             << prefix << ")\n";
  }
  return IssueFirstAdministratorToken(ctx, *session->handler);
}

}  // namespace

Result<engine::Organization> RecordedOrganization(const CliContext& ctx, std::optional<Timestamp> as_of) {
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) {
    if (store.status().code() != StatusCode::kNotFound) return store.status();
    return Status::InvalidArgument("det finns inget datalager i " + ctx.data_dir +
                                       "; ange --org FILE eller kör arshjul init --org FILE först",
                                   "--org");
  }
  engine::ReplayFilter filter;
  filter.as_of = as_of;
  ARSHJUL_ASSIGN_OR_RETURN(auto state, engine::Replay(**store, filter));
  if (state.org.organs.empty()) {
    return Status::InvalidArgument("ingen organisation är registrerad i " + ctx.data_dir +
                                       "; ange --org FILE eller kör arshjul init --org FILE först",
                                   "--org");
  }
  return std::move(state.org);
}

Result<std::vector<engine::StartTrigger>> RecordedTriggers(const CliContext& ctx) {
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) {
    if (store.status().code() == StatusCode::kNotFound) return std::vector<engine::StartTrigger>{};
    return store.status();
  }
  auto state = engine::Replay(**store);
  if (!state.ok()) return state.status();
  return engine::StartTriggers(*state);
}

// A CheckpointPublished event is storage-level (no engine spec): its payload
// is JSON text ({note, public_key}), shown as that JSON.
EventView DescribeCheckpoint(const storage::RecordedEvent& e) {
  auto cp = revision::CheckpointFromEvent(e);
  if (!cp.ok()) return {nullptr, "(kan inte avkodas)"};
  return {nlohmann::json::parse(e.payload),
          "checkpoint " + cp->parsed.origin + ", storlek " + std::to_string(cp->parsed.size)};
}

EventView DescribeEvent(const storage::RecordedEvent& e) {
  if (e.type == revision::kCheckpointEventType) return DescribeCheckpoint(e);
  const engine::EventSpec* spec = engine::FindByEventType(e.type);
  if (!spec) return {nullptr, ""};
  auto json = spec->to_json(e.payload);
  if (!json.ok()) return {nullptr, "(kan inte avkodas)"};
  nlohmann::json payload = nlohmann::json::parse(*json, nullptr, /*allow_exceptions=*/false);
  std::string summary;
  for (const char* key : {"title", "name", "text", "matter", "kind", "date", "rule"}) {
    if (payload.is_object() && payload.contains(key) && payload[key].is_string()) {
      summary = payload[key].get<std::string>();
      break;
    }
  }
  if (payload.is_object() && payload.contains("id") && payload["id"].is_string()) {
    summary = payload["id"].get<std::string>() + (summary.empty() ? "" : ": " + summary);
  }
  if (summary.size() > 80) {
    size_t cut = 77;
    while (cut > 0 && (static_cast<unsigned char>(summary[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 boundary
    summary = summary.substr(0, cut) + "…";
  }
  return {payload, summary};
}

void AddDomainCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto org = std::make_shared<std::string>();
  auto* init = app.add_subcommand("init", "Registrera kommunens organisation från en YAML-fil (bara ändringar)");
  init->add_option("--org", *org, "Organisationsfil (YAML), se docs/organization-format.md")->required();
  init->callback([&ctx, org, exit_code] { *exit_code = RunInit(ctx, *org); });

  auto file = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto* record = app.add_subcommand("record", "Registrera kommandon (JSON), se docs/commands.md");
  record->add_option("FILE", *file, "Fil med kommandon, eller - för standard in")->required();
  record->add_flag("--quiet", *quiet, "Skriv bara summeringen");
  record->callback([&ctx, file, quiet, exit_code] { *exit_code = RunRecord(ctx, *file, *quiet); });
}

}  // namespace arshjul::cli
