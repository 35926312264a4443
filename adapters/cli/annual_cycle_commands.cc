#include "annual_cycle_commands.h"

#include <memory>

#include "calendar_command.h"
#include "domain_commands.h"
#include "plan_command.h"
#include "wheel_command.h"

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
                   "Årshjulsmall (YAML-fil eller namn: standard, exempelkommun); utan: hjulet som antagits i --data");
  auto as_of = std::make_shared<std::string>();
  plan->add_option("--as-of", *as_of, "Hjulet och organisationen som gällde vid detta datum (ur --data)");
  plan->add_option("--year", o->year, "År")->required();
  plan->add_option("--organ", o->organ, "Endast detta organ");
  plan->add_option("--role", o->role, "Endast steg som denna roll ansvarar för");
  plan->add_option("--format", o->format, "table, json, csv eller ics")->capture_default_str();
  plan->callback([&ctx, o, as_of, exit_code] {
    o->generated_at = ctx.clock->Now();
    std::optional<Timestamp> when;
    if (!as_of->empty()) {
      Timestamp t;
      if (!ParseWhen(*as_of, /*end_of_day=*/true, &t)) {
        *exit_code = ctx.Fail(Status::InvalidArgument("--as-of ska vara ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt", "--as-of"));
        return;
      }
      when = t;
    }
    if (o->template_path.empty()) {
      auto wheel = ResolveWheel(ctx, "", when);
      if (!wheel.ok()) {
        *exit_code = ctx.Fail(wheel.status());
        return;
      }
      o->wheel = std::move(wheel).value();
    } else {
      o->template_path = TemplatePath(o->template_path);
    }
    if (o->organization_path.empty()) {
      auto recorded = RecordedOrganization(ctx, when);
      if (!recorded.ok()) {
        *exit_code = ctx.Fail(recorded.status());
        return;
      }
      o->recorded_organization = std::move(recorded).value();
      if (when) {
        // A meeting is in force from its own date, so the organisation as of
        // a day holds only the meetings held by then: the plan reads the
        // organs' meeting calendars as recorded.
        auto latest = RecordedOrganization(ctx);
        if (!latest.ok()) {
          *exit_code = ctx.Fail(latest.status());
          return;
        }
        for (auto& [id, organ] : o->recorded_organization->organs)
          if (const engine::Organ* now = latest->FindOrgan(id)) organ.meetings = now->meetings;
      }
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
