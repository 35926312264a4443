#include "store_commands.h"

#include <filesystem>

#include "access_commands.h"
#include "api_client.h"
#include "arshjul/engine/local_time.h"
#include "copy_command.h"
#include "exit_codes.h"
#include "package_format.h"
#include "revision_commands.h"
#include "table_writer.h"

namespace arshjul::cli {
namespace {

using storage::RecordedEvent;

int Failed(const CliContext& ctx, const Status& s) { return ctx.Fail(s); }

struct LogOptions {
  std::string format = "table";
  uint64_t from = 0;
  uint64_t limit = UINT64_MAX;
  std::string stream, type, organ, actor;
  std::string since, until;                  // recorded time
  std::string effective_from, effective_to;  // effective time
  std::string known_at;                      // recorded at or before
  std::string as_of;                         // effective at or before
};

bool ParseTimeOption(const CliContext& ctx, const std::string& text, const char* name, std::optional<Timestamp>* out) {
  if (text.empty()) return true;
  Timestamp t;
  if (!ParseTimestamp(text, &t)) {
    *ctx.err << "fel: " << name << " ska vara ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt enligt RFC 3339, inte '"
             << text << "'\n";
    return false;
  }
  *out = t;
  return true;
}

}  // namespace

nlohmann::json EventJson(const RecordedEvent& e, const EventView& view) {
  nlohmann::json j = revision::EnvelopeJson(e);
  j["payload"] = view.payload;
  j["summary"] = view.summary;
  j["hash"] = storage::HashToHex(e.hash);
  return j;
}

namespace {

int RunLog(const CliContext& ctx, const LogOptions& o) {
  OutputFormat format;
  if (!ParseOutputFormat(o.format, &format)) {
    *ctx.err << "fel: okänt format '" << o.format << "' för --format (välj table, jsonl eller csv)\n";
    return kExitRejected;
  }
  std::optional<Timestamp> since, until, eff_from, eff_to, known_at, as_of;
  if (!ParseTimeOption(ctx, o.since, "--since", &since) || !ParseTimeOption(ctx, o.until, "--until", &until) ||
      !ParseTimeOption(ctx, o.effective_from, "--effective-from", &eff_from) ||
      !ParseTimeOption(ctx, o.effective_to, "--effective-to", &eff_to) ||
      !ParseTimeOption(ctx, o.known_at, "--known-at", &known_at) || !ParseTimeOption(ctx, o.as_of, "--as-of", &as_of)) {
    return kExitRejected;
  }
  if (!o.stream.empty()) {
    Status st = storage::ValidateStreamId(o.stream);
    if (!st.ok()) return Failed(ctx, st.WithContext("--stream"));
  }
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return Failed(ctx, store.status());
  std::unique_ptr<storage::EventCursor> cursor;
  const Timestamp kMin = Timestamp::min(), kMax = Timestamp::max();
  if (!o.stream.empty()) {
    cursor = (*store)->ReadStream(o.stream, 0, storage::Direction::kForward, UINT64_MAX);
  } else if (!o.type.empty()) {
    cursor = (*store)->ReadByType(o.type, o.from);
  } else if (since || until || known_at) {
    Timestamp to = until.value_or(kMax);
    if (known_at && *known_at + std::chrono::microseconds(1) < to) to = *known_at + std::chrono::microseconds(1);
    cursor = (*store)->ReadByRecordedTime({since.value_or(kMin), to});
  } else if (eff_from || eff_to) {
    cursor = (*store)->ReadByEffectiveTime({eff_from.value_or(kMin), eff_to.value_or(kMax)});
  } else {
    cursor = (*store)->ReadAll(o.from, UINT64_MAX);
  }
  TableWriter table(*ctx.out, format,
                    {"position", "registrerad", "gäller", "ström", "version", "typ", "aktör", "sammanfattning"});
  uint64_t shown = 0;
  for (;;) {
    auto more = cursor->Next();
    if (!more.ok()) {
      table.Finish();
      return Failed(ctx, more.status());
    }
    if (!*more || shown >= o.limit) break;
    const RecordedEvent& e = cursor->event();
    if (e.position < o.from) continue;
    if (!o.type.empty() && e.type != o.type) continue;
    if (!o.organ.empty() && e.actor.organ != o.organ) continue;
    if (!o.actor.empty() && e.actor.person_id != o.actor) continue;
    if ((since && e.recorded_at < *since) || (until && e.recorded_at >= *until)) continue;
    if ((eff_from && e.effective_at < *eff_from) || (eff_to && e.effective_at >= *eff_to)) continue;
    if ((known_at && e.recorded_at > *known_at) || (as_of && e.effective_at > *as_of)) continue;
    EventView view = ctx.describe ? ctx.describe(e) : EventView{};
    // Table and CSV show Swedish local time with its offset; jsonl keeps UTC (EventJson).
    table.Row({std::to_string(e.position), engine::FormatLocalRfc3339(e.recorded_at),
               engine::FormatLocalRfc3339(e.effective_at), e.stream,
               std::to_string(e.stream_version), e.type, e.actor.person_id + " (" + e.actor.role + ", " + e.actor.organ + ")",
               view.summary},
              EventJson(e, view));
    ++shown;
  }
  table.Finish();
  return kExitOk;
}

int RunVerify(const CliContext& ctx, const std::string& head) {
  storage::VerifyOptions opts;
  if (!head.empty()) {
    size_t colon = head.find(':');
    storage::Hash h;
    uint64_t pos = 0;
    bool ok = colon != std::string::npos && colon > 0;
    if (ok) {
      try {
        size_t used = 0;
        pos = std::stoull(head.substr(0, colon), &used);
        ok = used == colon;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || !storage::HashFromHex(head.substr(colon + 1), &h)) {
      *ctx.err << "fel: --head ska ha formen POSITION:HASH (64 hexadecimala tecken), inte '" << head << "'\n";
      return kExitRejected;
    }
    opts.expected_head = {pos, h};
  }
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return Failed(ctx, store.status());
  storage::VerifyReport rep = (*store)->Verify(opts);
  if (!rep.ok) {
    *ctx.out << "verifiering MISSLYCKADES: " << rep.problem << "\n";
    if (rep.first_bad_position) *ctx.out << "första felaktiga position: " << *rep.first_bad_position << "\n";
    return kExitIntegrity;
  }
  if (rep.tree_checked) {
    *ctx.out << "verifiering OK: " << rep.event_count << " händelser, hashkedjan, Merkleträdet och alla index stämmer\n";
  } else {
    *ctx.out << "verifiering OK: " << rep.event_count << " händelser, hashkedjan och alla index stämmer "
             << "(Merkleträdet kontrollerades inte: datalagret har inget, eller det byggs först när ett "
             << "äldre datalager öppnas för skrivning)\n";
  }
  if (rep.head_position) {
    *ctx.out << "huvud: " << *rep.head_position << ":" << storage::HashToHex(rep.head_hash) << "\n";
  }
  if (opts.expected_head) *ctx.out << "angivet huvud " << opts.expected_head->first << " finns kvar oförändrat\n";
  return kExitOk;
}

int RunBackup(const CliContext& ctx, const std::string& dir) {
  if (!ctx.server.empty()) {
    // Through the service: into its --backup-dir, under DIR's last name.
    std::string name = std::filesystem::path(dir).filename().string();
    auto reply = CallApi(ctx.server, ctx.token, "POST", "/api/v1/admin/backup", nlohmann::json{{"name", name}}.dump());
    if (!reply.ok()) return Failed(ctx, reply.status());
    return PrintReply(*reply, *ctx.out, *ctx.err);
  }
  auto store = ctx.OpenStore();
  if (!store.ok()) return Failed(ctx, ExplainBusy(store.status()));
  Status st = (*store)->Backup(dir);
  if (!st.ok()) return Failed(ctx, st);
  auto head = (*store)->HeadPosition();
  *ctx.out << "säkerhetskopia skapad i " << dir << " (" << (head ? *head + 1 : 0) << " händelser)\n";
  return kExitOk;
}

int RunRestore(const CliContext& ctx, const std::string& from) {
  Status st = storage::RestoreStore(from, ctx.data_dir);
  if (!st.ok()) return Failed(ctx, st);
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return Failed(ctx, store.status());
  storage::VerifyReport rep = (*store)->Verify({});
  if (!rep.ok) {
    *ctx.out << "återställt, men verifieringen MISSLYCKADES: " << rep.problem << "\n";
    return kExitIntegrity;
  }
  *ctx.out << "återställt till " << ctx.data_dir << ": " << rep.event_count << " händelser";
  if (rep.head_position) *ctx.out << ", huvud " << *rep.head_position << ":" << storage::HashToHex(rep.head_hash);
  *ctx.out << "\n";
  return kExitOk;
}

int RunStats(const CliContext& ctx, const std::string& format) {
  OutputFormat fmt;
  if (!ParseOutputFormat(format, &fmt)) {
    *ctx.err << "fel: okänt format '" << format << "' för --format (välj table eller json)\n";
    return kExitRejected;
  }
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return Failed(ctx, store.status());
  auto stats = (*store)->Stats();
  if (!stats.ok()) return Failed(ctx, stats.status());
  if (fmt == OutputFormat::kJson || fmt == OutputFormat::kJsonLines) {
    nlohmann::json j = {{"events", stats->event_count},
                        {"streams", stats->stream_count},
                        {"disk_bytes", stats->disk_bytes},
                        {"events_by_type", stats->events_by_type}};
    if (stats->head_position) j["head"] = std::to_string(*stats->head_position) + ":" + storage::HashToHex(stats->head_hash);
    *ctx.out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  *ctx.out << "händelser: " << stats->event_count << "\nströmmar: " << stats->stream_count
           << "\nstorlek på disk: " << stats->disk_bytes << " byte\n";
  if (stats->head_position) {
    *ctx.out << "huvud: " << *stats->head_position << ":" << storage::HashToHex(stats->head_hash) << "\n";
  }
  TableWriter table(*ctx.out, OutputFormat::kTable, {"händelsetyp", "antal"});
  for (const auto& [type, n] : stats->events_by_type) table.Row({type, std::to_string(n)}, {});
  table.Finish();
  return kExitOk;
}

}  // namespace

void AddStoreCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto log_opts = std::make_shared<LogOptions>();
  auto* log = app.add_subcommand("log", "Visa händelseloggen");
  log->add_option("--format", log_opts->format, "table, jsonl eller csv")->capture_default_str();
  log->add_option("--from", log_opts->from, "Första globala position");
  log->add_option("--limit", log_opts->limit, "Högst så här många händelser");
  log->add_option("--stream", log_opts->stream, "Endast denna ström");
  log->add_option("--type", log_opts->type, "Endast denna händelsetyp");
  log->add_option("--organ", log_opts->organ, "Endast händelser registrerade för detta organ");
  log->add_option("--actor", log_opts->actor, "Endast händelser registrerade av denna person");
  log->add_option("--since", log_opts->since, "Registrerade från och med (RFC 3339 eller ÅÅÅÅ-MM-DD)");
  log->add_option("--until", log_opts->until, "Registrerade före");
  log->add_option("--effective-from", log_opts->effective_from, "Gäller från och med");
  log->add_option("--effective-to", log_opts->effective_to, "Gäller före");
  log->add_option("--known-at", log_opts->known_at, "Som registret såg ut vid denna tidpunkt");
  log->add_option("--as-of", log_opts->as_of, "Endast det som gällde senast vid detta datum");
  log->callback([&ctx, log_opts, exit_code] { *exit_code = RunLog(ctx, *log_opts); });

  auto head = std::make_shared<std::string>();
  auto checkpoint = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  auto* verify = app.add_subcommand("verify", "Kontrollera hashkedjan, Merkleträdet och indexen");
  verify->add_option("--head", *head, "Ett tidigare huvud POSITION:HASH som loggen ska innehålla");
  verify->add_option("--checkpoint", *checkpoint, "En tidigare checkpoint som loggen ska fortsätta (kräver --key)");
  verify->add_option("--key", *key, "Loggens publika nyckel, för --checkpoint");
  verify->callback([&ctx, head, checkpoint, key, exit_code] {
    if (checkpoint->empty() != key->empty()) {
      *ctx.err << "fel: --checkpoint och --key anges tillsammans\n";
      *exit_code = kExitRejected;
      return;
    }
    *exit_code = RunVerify(ctx, *head);
    if (*exit_code != kExitOk || checkpoint->empty()) return;
    auto store = ctx.OpenStore(/*read_only=*/true);
    *exit_code = store.ok() ? VerifyAgainstCheckpoint(ctx, **store, *checkpoint, *key) : ctx.Fail(store.status());
  });

  auto backup_dir = std::make_shared<std::string>();
  auto* backup = app.add_subcommand("backup", "Skapa en konsistent säkerhetskopia medan lagret används");
  backup->add_option("DIR", *backup_dir, "Mapp för säkerhetskopian")->required();
  backup->callback([&ctx, backup_dir, exit_code] { *exit_code = RunBackup(ctx, *backup_dir); });

  auto restore_dir = std::make_shared<std::string>();
  auto* restore = app.add_subcommand("restore", "Återställ senaste säkerhetskopian till --data (som måste vara tom)");
  restore->add_option("DIR", *restore_dir, "Mapp med säkerhetskopian")->required();
  restore->callback([&ctx, restore_dir, exit_code] { *exit_code = RunRestore(ctx, *restore_dir); });

  auto stats_format = std::make_shared<std::string>("table");
  auto* stats = app.add_subcommand("stats", "Visa statistik om lagret");
  stats->add_option("--format", *stats_format, "table eller json");
  stats->callback([&ctx, stats_format, exit_code] { *exit_code = RunStats(ctx, *stats_format); });

  AddCopyCommand(app, ctx, exit_code);
}

}  // namespace arshjul::cli
