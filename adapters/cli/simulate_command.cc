// arshjul simulate: the reminder service over a virtual clock (docs/scheduler.md).
#include <chrono>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/workflows/organization_loader.h"
#include "exit_codes.h"
#include "scheduler_support.h"
#include "service_loop.h"

namespace arshjul::cli {
namespace {

bool IsNotificationEvent(const std::string& type) { return type.rfind("Notification", 0) == 0; }

// Copies the data folder's log into `memory`, without notification events:
// the simulation starts with an empty outbox. Consecutive events of one
// command go in one append, so command ids stay idempotency keys.
Status CopyLog(const CliContext& ctx, storage::EventStore& memory) {
  storage::StoreOptions so;
  so.clock = ctx.clock;
  so.ids = ctx.ids;
  so.types = Types(ctx);
  so.read_only = true;
  auto source = storage::OpenStore(ctx.data_dir, so);
  if (!source.ok()) return source.status().WithContext("loggen i " + ctx.data_dir + " (eller ange --org)");
  auto cursor = (*source)->ReadAll(0, UINT64_MAX);
  storage::AppendRequest batch;
  auto flush = [&]() -> Status {
    if (batch.events.empty()) return Status::Ok();
    auto r = memory.Append(batch);
    batch.events.clear();
    return r.ok() ? Status::Ok() : r.status();
  };
  for (;;) {
    ARSHJUL_ASSIGN_OR_RETURN(auto more, cursor->Next());
    if (!more) break;
    const storage::RecordedEvent& e = cursor->event();
    if (IsNotificationEvent(e.type)) continue;
    bool same = !batch.events.empty() && !e.command_id.empty() && e.command_id == batch.command_id &&
                e.stream == batch.stream;
    if (!same) ARSHJUL_RETURN_IF_ERROR(flush());
    batch.stream = e.stream;
    batch.actor = e.actor;
    batch.command_id = e.command_id;
    batch.events.push_back(
        storage::ProposedEvent{e.type, e.schema_version, e.payload, e.effective_at, e.event_id, e.causation_id,
                               e.correlation_id});
  }
  return flush();
}

void Summarize(const CliContext& ctx, const engine::DomainState& state, double seconds) {
  int reminders = 0, escalations = 0, findings = 0, late = 0, undelivered = 0;
  for (const auto& [id, n] : state.notifications) {
    (n.kind == engine::NotificationKind::kReminder     ? reminders
     : n.kind == engine::NotificationKind::kEscalation ? escalations
                                                       : findings)++;
    late += n.late;
    undelivered += !n.Settled();
  }
  *ctx.err << "simulering: " << state.notifications.size() << " aviseringar (" << reminders << " påminnelser, "
           << escalations << " eskaleringar, " << findings << " uppsiktsnoteringar; " << late << " sena, "
           << undelivered << " ej levererade) på " << seconds << " s\n";
}

}  // namespace

int RunSimulate(const CliContext& ctx, const SimulateOptions& o) {
  auto start = std::chrono::steady_clock::now();
  auto wheel = SchedulerWheel(ctx, o.template_path);
  if (!wheel.ok()) return ctx.Fail(wheel.status());
  auto from = LocalMidnight(o.from, "--from");
  if (!from.ok()) return ctx.Fail(from.status());
  auto last = LocalMidnight(o.to, "--to");
  if (!last.ok()) return ctx.Fail(last.status());
  Timestamp end = engine::LocalToUtc(engine::LocalDate(*last + std::chrono::hours(36)), 0, 0);  // the day after --to
  if (*last < *from) return ctx.Fail(Status::InvalidArgument("--to ligger före --from", "--to"));

  notify::ManualClock clock(*from);
  storage::StoreOptions mo;
  mo.clock = &clock;
  mo.ids = ctx.ids;
  mo.types = Types(ctx);
  mo.sync = false;
  auto memory = storage::OpenMemoryStore(mo);
  if (!memory.ok()) return ctx.Fail(memory.status());
  std::optional<engine::Organization> org;
  if (!o.org_path.empty()) {
    auto loaded = workflows::LoadOrganization(o.org_path);
    if (!loaded.ok()) return ctx.Fail(loaded.status());
    org = std::move(loaded).value();
  } else if (Status st = CopyLog(ctx, **memory); !st.ok()) {
    return ctx.Fail(st);
  }
  engine::CommandHandler handler(**memory, clock);
  if (Status st = handler.CatchUp(); !st.ok()) return ctx.Fail(st);

  ChannelOptions channel_options = o.deliver ? o.channels : ChannelOptions{};
  channel_options.log = true;
  auto channels = MakeChannels(channel_options, clock, *ctx.out, o.with_body);
  if (!channels.ok()) return ctx.Fail(channels.status());
  notify::ServiceConfig config;
  config.scheduler.channels = (*channels)->names;
  config.scheduler.not_before = *from;
  WireWheel(*wheel, /*follow_adoptions=*/false, config);
  config.organization = org;
  std::ostream& log = *ctx.err;
  config.log = [&log](const std::string& line) { log << "simulering: " << line << "\n"; };
  notify::NotificationService service(**memory, handler, clock, (*channels)->by_name, config);

  int rounds_at_same_time = 0;
  for (;;) {
    if (Status st = service.Tick(); !st.ok()) return ctx.Fail(st);
    auto next = service.NextWakeUp();
    if (!next || *next >= end) break;
    rounds_at_same_time = *next <= clock.Now() ? rounds_at_same_time + 1 : 0;
    if (rounds_at_same_time > 100) return ctx.Fail(Status::IOError("simuleringen kommer inte vidare"));
    clock.Set(std::max(*next, clock.Now()));
  }
  Summarize(ctx, service.state(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return kExitOk;
}

}  // namespace arshjul::cli
