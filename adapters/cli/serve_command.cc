// arshjul serve: the reminder service on the data folder's log (docs/scheduler.md).
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/workflows/organization_loader.h"
#include "exit_codes.h"
#include "scheduler_support.h"
#include "service_loop.h"

namespace arshjul::cli {
namespace {

// Crash-test fault points, read from the environment by serve only:
// ARSHJUL_FAULT=kill_before_send|kill_during_send|kill_after_send kills the
// process with SIGKILL at the ARSHJUL_FAULT_AT-th (default 1st) such point.
Status ArmFault(notify::NotificationService& service, Channels& channels, std::ostream& log) {
  const char* fault = std::getenv("ARSHJUL_FAULT");
  if (!fault || !*fault) return Status::Ok();
  const char* at_text = std::getenv("ARSHJUL_FAULT_AT");
  int at = at_text ? std::atoi(at_text) : 1;
  std::string name = fault;
  auto count = std::make_shared<int>(0);  // shared by the copies of the hook
  auto hook = [count, at, name, &log] {
    if (++*count != at) return;
    log << "arshjul serve: felinjektion " << name << " – dödas nu" << std::endl;
    std::raise(SIGKILL);
  };
  if (name == "kill_before_send") {
    service.before_send = hook;
  } else if (name == "kill_after_send") {
    service.after_accepted = hook;
  } else if (name == "kill_during_send") {
    if (!channels.smtp) return Status::InvalidArgument("kill_during_send kräver e-post (--smtp-host)", "ARSHJUL_FAULT");
    channels.smtp->on_data_partly_sent = hook;
  } else {
    return Status::InvalidArgument("okänd felinjektion '" + name + "'", "ARSHJUL_FAULT");
  }
  return Status::Ok();
}

// Nothing due before this is sent: --since; else the earliest fire time in the
// outbox (everything missed since the service first ran is caught up); on a
// first start, `catch_up_days` back.
Result<Timestamp> NotBefore(const ServeOptions& o, const engine::DomainState& state, Timestamp now) {
  if (!o.since.empty()) return LocalMidnight(o.since, "--since");
  std::optional<Timestamp> earliest;
  for (const auto& [id, n] : state.notifications)
    if (!earliest || n.fire_at < *earliest) earliest = n.fire_at;
  if (earliest) return *earliest;
  if (o.catch_up_days < 0) return Status::InvalidArgument("--catch-up-days kan inte vara negativt", "--catch-up-days");
  return now - std::chrono::days(o.catch_up_days);
}

}  // namespace

int RunServe(const CliContext& ctx, const ServeOptions& o) {
  auto wheel = SchedulerWheel(ctx, o.template_path);
  if (!wheel.ok()) return ctx.Fail(wheel.status());
  std::optional<engine::Organization> org;
  if (!o.org_path.empty()) {
    auto loaded = workflows::LoadOrganization(o.org_path);
    if (!loaded.ok()) return ctx.Fail(loaded.status());
    org = std::move(loaded).value();
  }

  const Clock* clock = ctx.clock;
  std::unique_ptr<notify::ScaledClock> scaled;
  if (!o.clock_start.empty()) {
    Timestamp start{};
    if (!ParseTimestamp(o.clock_start, &start)) {
      return ctx.Fail(Status::InvalidArgument("--clock-start ska vara en tidpunkt enligt RFC 3339", "--clock-start"));
    }
    if (!(o.clock_speed > 0)) return ctx.Fail(Status::InvalidArgument("--clock-speed ska vara större än 0", "--clock-speed"));
    scaled = std::make_unique<notify::ScaledClock>(*ctx.clock, start, o.clock_speed);
    clock = scaled.get();
  } else if (o.clock_speed != 1) {
    return ctx.Fail(Status::InvalidArgument("--clock-speed kräver --clock-start", "--clock-speed"));
  }

  storage::StoreOptions so;
  so.clock = ctx.clock;
  so.ids = ctx.ids;
  so.types = Types(ctx);
  auto store = storage::OpenStore(ctx.data_dir, so);
  if (!store.ok()) return ctx.Fail(store.status());
  engine::CommandHandler handler(**store, *clock);
  if (Status st = handler.CatchUp(); !st.ok()) return ctx.Fail(st);

  auto channels = MakeChannels(o.channels, *clock, *ctx.out, false);
  if (!channels.ok()) return ctx.Fail(channels.status());
  notify::ServiceConfig config;
  config.scheduler.channels = (*channels)->names;
  auto not_before = NotBefore(o, handler.state(), clock->Now());
  if (!not_before.ok()) return ctx.Fail(not_before.status());
  config.scheduler.not_before = *not_before;
  config.plan = TemplatePlanner(*wheel);
  config.started = TemplateStarted(*wheel);
  config.organization = org;
  std::ostream& log = *ctx.err;
  config.log = [&log](const std::string& line) { log << "arshjul serve: " << line << std::endl; };
  notify::NotificationService service(**store, handler, *clock, (*channels)->by_name, config);
  if (Status st = ArmFault(service, **channels, log); !st.ok()) return ctx.Fail(st);

  std::string names;
  for (const auto& n : (*channels)->names) names += (names.empty() ? "" : ", ") + n;
  log << "arshjul serve: data " << ctx.data_dir << ", kanaler " << names << ", skickar det som förföll från "
      << engine::FormatLocalRfc3339(*not_before) << std::endl;
  notify::LoopOptions loop;
  loop.speed = scaled ? o.clock_speed : 1;
  return notify::RunServiceLoop(service, *clock, loop, log);
}

}  // namespace arshjul::cli
