#include "annual_cycle_commands.h"

#include <memory>

#include "calendar_command.h"
#include "domain_commands.h"
#include "plan_command.h"

namespace arshjul::cli {

void AddAnnualCycleCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  struct CalendarOptions {
    int year = 0;
    std::string format = "table";
  };
  auto cal = std::make_shared<CalendarOptions>();
  auto* calendar = app.add_subcommand("calendar", "Visa årets helgdagar och andra arbetsfria dagar");
  calendar->add_option("--year", cal->year, "År")->required();
  calendar->add_option("--format", cal->format, "table eller json")->capture_default_str();
  calendar->callback([&ctx, cal, exit_code] {
    *exit_code = RunCalendarCommand(cal->year, cal->format, *ctx.out, *ctx.err);
  });

  auto o = std::make_shared<PlanCommandOptions>();
  auto* plan = app.add_subcommand("plan", "Årshjulet som daterade steg för ett år (tabell, JSON, CSV eller iCalendar)");
  plan->add_option("--org", o->organization_path,
                   "Organisationsfil (YAML); utan: den organisation som init registrerat i --data");
  plan->add_option("--template", o->template_path,
                   "Årshjulsmall (YAML); standard: exempelkommunens hjul, sökväg relativt arbetskatalogen")
      ->capture_default_str();
  plan->add_option("--year", o->year, "År")->required();
  plan->add_option("--organ", o->organ, "Endast detta organ");
  plan->add_option("--role", o->role, "Endast steg som denna roll ansvarar för");
  plan->add_option("--format", o->format, "table, json, csv eller ics")->capture_default_str();
  plan->callback([&ctx, o, exit_code] {
    o->generated_at = ctx.clock->Now();
    if (o->organization_path.empty()) {
      auto recorded = RecordedOrganization(ctx);
      if (!recorded.ok()) {
        *exit_code = ctx.Fail(recorded.status());
        return;
      }
      o->recorded_organization = std::move(recorded).value();
    }
    auto triggers = RecordedTriggers(ctx);
    if (!triggers.ok()) {
      *exit_code = ctx.Fail(triggers.status());
      return;
    }
    o->triggers = std::move(triggers).value();
    *exit_code = RunPlanCommand(*o, *ctx.out, *ctx.err);
  });
}

}  // namespace arshjul::cli
