#include "copy_command.h"

#include "exit_codes.h"

namespace arshjul::cli {
namespace {

constexpr uint64_t kBatch = 2000;

Result<std::unique_ptr<storage::EventStore>> Open(const CliContext& ctx, const std::string& location, bool read_only) {
  storage::StoreOptions o;
  o.clock = ctx.clock;
  o.ids = ctx.ids;
  o.read_only = read_only;
  return storage::OpenStore(location, std::move(o));
}

// Copies the source's events after the target's head (so an interrupted copy
// resumes), each batch read with the chain checked and imported as one
// transaction.
Status CopyEvents(storage::EventStore& from, storage::EventStore& to, uint64_t* copied) {
  auto head = to.HeadPosition();
  uint64_t next = head ? *head + 1 : 0;
  for (;;) {
    auto cursor = from.ReadAll(next, kBatch, /*verify_chain=*/true);
    std::vector<storage::RecordedEvent> batch;
    for (;;) {
      auto more = cursor->Next();
      if (!more.ok()) return more.status().WithContext("källan");
      if (!*more) break;
      batch.push_back(cursor->event());
    }
    if (batch.empty()) return Status::Ok();
    ARSHJUL_RETURN_IF_ERROR(to.Import(batch).WithContext("målet"));
    next += batch.size();
    *copied += batch.size();
  }
}

int RunCopy(const CliContext& ctx, const std::string& from_location, const std::string& to_location) {
  auto from = Open(ctx, from_location, /*read_only=*/true);
  if (!from.ok()) return ctx.Fail(from.status().WithContext("--from"));
  auto to = Open(ctx, to_location, /*read_only=*/false);
  if (!to.ok()) return ctx.Fail(to.status().WithContext("--to"));
  uint64_t copied = 0;
  Status st = CopyEvents(**from, **to, &copied);
  if (!st.ok()) return ctx.Fail(st);
  storage::VerifyReport source = (*from)->Verify({});
  storage::VerifyReport target = (*to)->Verify({});
  if (!source.ok || !target.ok) {
    *ctx.out << "kopiering MISSLYCKADES: " << (source.ok ? "målet: " + target.problem : "källan: " + source.problem)
             << "\n";
    return kExitIntegrity;
  }
  if (source.head_position != target.head_position || source.head_hash != target.head_hash) {
    *ctx.out << "kopiering MISSLYCKADES: målets huvud skiljer sig från källans\n";
    return kExitIntegrity;
  }
  *ctx.out << "kopierade " << copied << " händelser; båda lagren verifierade: " << target.event_count << " händelser";
  if (target.head_position) {
    *ctx.out << ", huvud " << *target.head_position << ":" << storage::HashToHex(target.head_hash);
  }
  *ctx.out << "\n";
  return kExitOk;
}

}  // namespace

void AddCopyCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* copy = app.add_subcommand("copy", "Kopiera loggen oförändrad till ett annat lager (t.ex. till PostgreSQL)");
  copy->add_option("--from", *from, "Källans mapp eller postgresql://…")->required();
  copy->add_option("--to", *to, "Målets mapp eller postgresql://… (tomt, eller en tidigare avbruten kopia)")->required();
  copy->callback([&ctx, from, to, exit_code] { *exit_code = RunCopy(ctx, *from, *to); });
}

}  // namespace arshjul::cli
