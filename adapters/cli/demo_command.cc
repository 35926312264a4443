#include "demo_command.h"

#include "exit_codes.h"

namespace arshjul::cli {
namespace {

int RunDemo(const CliContext& ctx) {
  auto store = ctx.OpenStore();
  if (!store.ok()) return ctx.Fail(store.status());
  struct Sample {
    const char* stream;
    const char* type;
    const char* text;
    const char* effective;
  };
  const Sample samples[] = {
      {"council/kf/decisions", "DemoDecision", "KF fastställer budget 2027 med flerårsplan 2028–2029", "2026-06-15"},
      {"board/ks/assignments", "DemoAssignment", "KS ger kommunchefen i uppdrag att ta fram en ny styrmodell",
       "2026-09-01"},
      {"committee/bun/follow-ups", "DemoFollowUp", "BUN:s delårsrapport per 31 augusti: delvis uppfyllt",
       "2026-08-31"},
  };
  int n = 0;
  for (const Sample& s : samples) {
    storage::AppendRequest req;
    req.stream = s.stream;
    req.command_id = std::string("demo-") + std::to_string(n++);
    req.actor = {"demo", "nämndsekreterare", "ks"};
    storage::ProposedEvent e;
    e.type = s.type;
    e.payload = s.text;
    Timestamp t;
    if (ParseTimestamp(s.effective, &t)) e.effective_at = t;
    req.events.push_back(e);
    auto r = (*store)->Append(req);
    if (!r.ok()) return ctx.Fail(r.status());
    *ctx.out << (r->duplicate ? "fanns redan: " : "registrerat: ") << s.stream << " position " << r->first_position
             << "\n";
  }
  storage::VerifyReport rep = (*store)->Verify({});
  *ctx.out << (rep.ok ? "verifiering OK: " : "verifiering MISSLYCKADES: ") << rep.event_count << " händelser"
           << (rep.ok ? "" : " — " + rep.problem) << "\n";
  return rep.ok ? kExitOk : kExitIntegrity;
}

}  // namespace

void AddDemoCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto* demo = app.add_subcommand("demo", "Registrera några exempelhändelser och verifiera lagret");
  demo->callback([&ctx, exit_code] { *exit_code = RunDemo(ctx); });
}

}  // namespace arshjul::cli
