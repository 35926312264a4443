// main: the one place that constructs concrete parts (system clock, random ids,
// the RocksDB store) and wires them into the subcommands.
#include <CLI/CLI.hpp>

#include <iostream>

#include "access_commands.h"
#include "annual_cycle_commands.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "context.h"
#include "credentials.h"
#include "domain_commands.h"
#include "exit_codes.h"
#include "kolada_command.h"
#include "report_command.h"
#include "revision_commands.h"
#include "scheduler_commands.h"
#include "show_command.h"
#include "parse_errors.h"
#include "store_commands.h"
#include "wheel_command.h"

int main(int argc, char** argv) {
  using namespace arshjul;
  if (Status tz = engine::LoadStockholmTimeZone(); !tz.ok()) {
    std::cerr << "fel: " << tz.message() << "\n";
    return cli::kExitOther;
  }
  if (Status st = cli::InitCredentials(); !st.ok()) {
    std::cerr << "fel: " << st.message() << "\n";
    return cli::kExitOther;
  }
  SystemClock clock;
  RandomIdSource ids;
  cli::CliContext ctx;
  ctx.clock = &clock;
  ctx.ids = &ids;
  ctx.types = engine::StoreTypeRegistry();
  cli::RegisterCheckpointType(&ctx.types);
  ctx.describe = cli::DescribeEvent;

  CLI::App app{"arshjul — årshjul, beslut, uppdrag och uppföljning för kommuner", "arshjul"};
  app.require_subcommand(1);
  cli::UseSwedishHelp(app);
  app.add_option("--data", ctx.data_dir, "Mapp för datalagret (RocksDB), eller postgresql://… för ett lager i PostgreSQL")->capture_default_str();
  app.add_option("--token", ctx.token, "API-token för skrivande kommandon (eller ARSHJUL_TOKEN)")->envname("ARSHJUL_TOKEN");
  app.add_option("--server", ctx.server, "Skicka skrivande kommandon via tjänsten, t.ex. http://127.0.0.1:8080");
  int exit_code = cli::kExitOk;
  cli::AddStoreCommands(app, ctx, &exit_code);
  cli::AddDomainCommands(app, ctx, &exit_code);
  cli::AddShowCommand(app, ctx, &exit_code);
  cli::AddSchedulerCommands(app, ctx, &exit_code);
  cli::AddAnnualCycleCommands(app, ctx, &exit_code);
  cli::AddAccessCommands(app, ctx, &exit_code);
  cli::AddWheelCommand(app, ctx, &exit_code);
  cli::AddRevisionCommands(app, ctx, &exit_code);
  cli::AddReportCommand(app, ctx, &exit_code);
  cli::AddKoladaCommand(app, ctx, &exit_code);
  cli::SwedishSubcommandGroups(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "fel: " << cli::SwedishParseError(e) << "\n(se arshjul --help)\n";
    return cli::kExitRejected;
  }
  return exit_code;
}
