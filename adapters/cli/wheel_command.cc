#include "wheel_command.h"

#include <nlohmann/json.hpp>

#include "access_commands.h"
#include "arshjul/engine/access.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/workflows/template_loader.h"
#include "exit_codes.h"

namespace arshjul::cli {
namespace {

struct AdoptOptions {
  std::string template_arg;
  std::string from;  // YYYY-MM-DD or RFC 3339; empty: now
};

bool ParseWhenImpl(const std::string& text, bool end_of_day, Timestamp* out) {
  if (auto d = engine::ParseDate(text)) {
    if (!end_of_day) {
      *out = engine::LocalToUtc(*d, 0, 0);
      return true;
    }
    *out = engine::LocalToUtc(engine::Date{std::chrono::sys_days(*d) + std::chrono::days(1)}, 0, 0) -
           std::chrono::microseconds(1);
    return true;
  }
  return ParseTimestamp(text, out);
}

engine::Command AdoptCommand(const workflows::TemplateFiles& files, uint64_t next_position) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [path, text] : files.files) list.push_back({{"path", path}, {"text", text}});
  engine::Command c;
  c.name = "AdoptAnnualCycle";
  c.command_id = "wheel/" + std::to_string(next_position);
  c.actor = storage::Actor{"system", "system", "ks"};
  c.payload_json = nlohmann::json{{"templateId", files.template_id}, {"name", files.name},
                                  {"mainPath", files.main_path}, {"files", list}}
                       .dump();
  return c;
}

int RunAdopt(const CliContext& ctx, const AdoptOptions& o) {
  auto files = workflows::ReadTemplateFiles(TemplatePath(o.template_arg));
  if (!files.ok()) return ctx.Fail(Status::InvalidArgument("FILE: " + files.status().message(), "FILE"));
  std::optional<Timestamp> from;
  if (!o.from.empty()) {
    Timestamp t;
    if (!ParseWhenImpl(o.from, false, &t)) {
      return ctx.Fail(Status::InvalidArgument("--from: väntade ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt", "--from"));
    }
    from = t;
  }
  auto store = ctx.OpenStore();
  if (!store.ok()) return ctx.Fail(ExplainBusy(store.status()));
  engine::CommandHandler handler(**store, *ctx.clock);
  if (Status s = handler.CatchUp(); !s.ok()) return ctx.Fail(s);
  const auto& current = handler.state().annual_cycle;
  // The same files again: nothing to record (a second run of scripts/run).
  if (current && current->files == files->files && current->main_path == files->main_path) {
    *ctx.out << "årshjulet " << files->template_id << " är redan antaget; inget registrerades\n";
    return kExitOk;
  }
  const auto head = (*store)->HeadPosition();
  engine::Command c = AdoptCommand(*files, head ? *head + 1 : 0);
  c.effective_at = from;
  // Once tokens exist, adopting the wheel is an administrator's write (docs/api.md).
  auto caller = CliCaller(ctx, handler.state());
  if (!caller.ok()) return ctx.Fail(caller.status());
  Result<engine::CommandOutcome> outcome = Status::IOError("");
  if (*caller) {
    auto admin = engine::AdministratorActor(handler.state().org, **caller, engine::LocalDate(ctx.clock->Now()));
    c.actor = admin.value_or(storage::Actor{**caller, engine::kAdministratorRole, ""});
    outcome = handler.HandleAs(**caller, c);
  } else {
    outcome = handler.Handle(c);
  }
  if (!outcome.ok()) return ctx.Fail(outcome.status());
  *ctx.out << "antaget: årshjulet " << files->template_id << " (" << files->name << ", " << files->files.size()
           << (files->files.size() == 1 ? " fil) → " : " filer) → ") << outcome->event_type << " i " << outcome->stream << " (position "
           << outcome->appended.first_position << ")\n";
  return kExitOk;
}

int RunShow(const CliContext& ctx, const std::string& as_of_text) {
  std::optional<Timestamp> as_of;
  if (!as_of_text.empty()) {
    Timestamp t;
    if (!ParseWhenImpl(as_of_text, true, &t)) return ctx.Fail(Status::InvalidArgument("--as-of: ogiltigt datum", "--as-of"));
    as_of = t;
  }
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  engine::ReplayFilter filter;
  filter.as_of = as_of;
  auto state = engine::Replay(**store, filter);
  if (!state.ok()) return ctx.Fail(state.status());
  if (!state->annual_cycle) return ctx.Fail(Status::InvalidArgument("inget årshjul är antaget", "wheel"));
  const engine::AdoptedCycle& c = *state->annual_cycle;
  *ctx.out << "årshjul: " << c.template_id << " – " << c.name << "\nantaget: "
           << engine::FormatLocalRfc3339(c.source.effective_at) << " (registrerat "
           << engine::FormatLocalRfc3339(c.source.recorded_at) << ", position " << c.source.position << ")\nfiler:\n";
  for (const auto& [path, text] : c.files) *ctx.out << "  " << path << " (" << text.size() << " byte)\n";
  return kExitOk;
}

}  // namespace

bool ParseWhen(const std::string& text, bool end_of_day, Timestamp* out) { return ParseWhenImpl(text, end_of_day, out); }

engine::CommandHandler::WheelReader AdoptedWheelReader() {
  return [](const engine::AdoptedCycle& c) {
    return workflows::ParseTemplateFiles(workflows::TemplateFiles{c.template_id, c.name, c.main_path, c.files});
  };
}

std::string TemplatePath(const std::string& template_arg) {
  return workflows::ResolveTemplatePath(template_arg, ARSHJUL_SHIPPED_TEMPLATES);
}

Result<engine::AnnualCycleTemplate> ResolveWheel(const CliContext& ctx, const std::string& template_arg,
                                                 std::optional<Timestamp> as_of) {
  if (!template_arg.empty()) return workflows::LoadTemplate(TemplatePath(template_arg));
  const std::string none = "inget årshjul är antaget i " + ctx.data_dir +
                           "; kör arshjul wheel adopt FILE (eller standard) eller ange --template";
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) {
    if (store.status().code() == StatusCode::kNotFound) return Status::InvalidArgument(none, "--template");
    return store.status();
  }
  engine::ReplayFilter filter;
  filter.as_of = as_of;
  auto state = engine::Replay(**store, filter);
  if (!state.ok()) return state.status();
  if (!state->annual_cycle) return Status::InvalidArgument(none, "--template");
  const engine::AdoptedCycle& c = *state->annual_cycle;
  return workflows::ParseTemplateFiles(workflows::TemplateFiles{c.template_id, c.name, c.main_path, c.files});
}

void AddWheelCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto* wheel = app.add_subcommand("wheel", "Kommunens årshjul i datalagret: anta en mall, visa det antagna");
  wheel->require_subcommand(1);
  auto adopt_options = std::make_shared<AdoptOptions>();  // shared: owned by the callback
  auto* adopt = wheel->add_subcommand("adopt", "Anta årshjulet ur en mall (fil eller namn: standard, exempelkommun)");
  adopt->add_option("FILE", adopt_options->template_arg, "Mallen (YAML) eller en levererad malls namn")->required();
  adopt->add_option("--from", adopt_options->from, "Från vilket datum hjulet gäller (standard: nu)");
  adopt->callback([&ctx, adopt_options, exit_code] { *exit_code = RunAdopt(ctx, *adopt_options); });
  auto as_of = std::make_shared<std::string>();
  auto* show = wheel->add_subcommand("show", "Visa det antagna årshjulet");
  show->add_option("--as-of", *as_of, "Det hjul som gällde vid detta datum");
  show->callback([&ctx, as_of, exit_code] { *exit_code = RunShow(ctx, *as_of); });
}

}  // namespace arshjul::cli
