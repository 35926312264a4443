// main: the one place that constructs concrete parts (system clock, random ids,
// the RocksDB store) and wires them into the subcommands.
#include <CLI/CLI.hpp>

#include <iostream>

#include "arshjul/engine/local_time.h"
#include "calendar_command.h"
#include "context.h"
#include "arshjul/engine/event_catalog.h"
#include "domain_commands.h"
#include "exit_codes.h"
#include "plan_command.h"
#include "scheduler_commands.h"
#include "store_commands.h"

int main(int argc, char** argv) {
  using namespace arshjul;
  if (Status tz = engine::LoadStockholmTimeZone(); !tz.ok()) {
    std::cerr << "fel: " << tz.message() << "\n";
    return cli::kExitOther;
  }
  SystemClock clock;
  RandomIdSource ids;
  cli::CliContext ctx;
  ctx.clock = &clock;
  ctx.ids = &ids;
  ctx.types = engine::StoreTypeRegistry();
  ctx.describe = cli::DescribeEvent;

  CLI::App app{"arshjul — årshjul, beslut, uppdrag och uppföljning för kommuner", "arshjul"};
  app.require_subcommand(1);
  app.add_option("--data", ctx.data_dir, "Mapp för datalagret (RocksDB)")->capture_default_str();
  int exit_code = cli::kExitOk;
  cli::AddStoreCommands(app, ctx, &exit_code);
  cli::AddDomainCommands(app, ctx, &exit_code);
  cli::AddShowCommand(app, ctx, &exit_code);
  cli::AddSchedulerCommands(app, ctx, &exit_code);

  int calendar_year = 0;
  std::string calendar_format = "table";
  auto* calendar = app.add_subcommand("calendar", "Visa årets helgdagar och andra arbetsfria dagar");
  calendar->add_option("--year", calendar_year, "År")->required();
  calendar->add_option("--format", calendar_format, "table eller json")->capture_default_str();
  calendar->callback([&] { exit_code = cli::RunCalendarCommand(calendar_year, calendar_format, std::cout, std::cerr); });

  cli::PlanCommandOptions plan_options;
  auto* plan = app.add_subcommand("plan", "Årshjulet som daterade steg för ett år (tabell, JSON, CSV eller iCalendar)");
  plan->add_option("--org", plan_options.organization_path,
                   "Organisationsfil (YAML); utan: den organisation som init registrerat i --data");
  plan->add_option("--template", plan_options.template_path, "Årshjulsmall (YAML)")->capture_default_str();
  plan->add_option("--year", plan_options.year, "År")->required();
  plan->add_option("--organ", plan_options.organ, "Endast detta organ");
  plan->add_option("--role", plan_options.role, "Endast steg som denna roll ansvarar för");
  plan->add_option("--format", plan_options.format, "table, json, csv eller ics")->capture_default_str();
  plan->callback([&] {
    plan_options.generated_at = clock.Now();
    if (plan_options.organization_path.empty()) {
      auto recorded = cli::RecordedOrganization(ctx);
      if (!recorded.ok()) {
        exit_code = ctx.Fail(recorded.status());
        return;
      }
      plan_options.recorded_organization = std::move(recorded).value();
    }
    exit_code = cli::RunPlanCommand(plan_options, std::cout, std::cerr);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "fel: " << e.what() << "\n(se arshjul --help)\n";
    return cli::kExitRejected;
  }
  return exit_code;
}
