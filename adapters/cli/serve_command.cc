// arshjul serve: the reminder service on the data folder's log (docs/scheduler.md).
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>

#include "api.h"
#include "page.h"
#include "server.h"

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/workflows/organization_loader.h"
#include "exit_codes.h"
#include "revision_commands.h"
#include "scheduler_support.h"
#include "wheel_command.h"
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

// --checkpoint-key and --checkpoint-at: the service signs and sends checkpoints
// with the key (read once; it never enters the store). `key` stays null without one.
Status ConfigureCheckpoints(const ServeOptions& o, storage::EventStore& store,
                            std::shared_ptr<const storage::SigningKey>* key, notify::ServiceConfig* config) {
  std::string at = o.checkpoint_at;
  if (at != "kf,year-end" && at != "year-end,kf" && at != "kf" && at != "year-end" && at != "none") {
    return Status::InvalidArgument("--checkpoint-at ska vara kf,year-end, kf, year-end eller none, inte '" + at + "'",
                                   "--checkpoint-at");
  }
  config->checkpoints.at_council_meetings = at.find("kf") != std::string::npos;
  config->checkpoints.at_year_end = at.find("year-end") != std::string::npos;
  if (o.checkpoint_key.empty()) return Status::Ok();
  ARSHJUL_ASSIGN_OR_RETURN(std::string text, ReadTextFile(o.checkpoint_key, "--checkpoint-key"));
  auto parsed = storage::ParseSigningKey(text);
  if (!parsed.ok()) return parsed.status().WithContext("--checkpoint-key");
  auto signing = std::make_shared<const storage::SigningKey>(*parsed);
  *key = signing;
  if (at == "none") return Status::Ok();
  config->sign_checkpoint = [&store, signing](const std::string& command_id, Timestamp now) -> Result<std::string> {
    ARSHJUL_ASSIGN_OR_RETURN(auto cp, revision::PublishCheckpoint(store, *signing, now, command_id));
    return cp.note;
  };
  return Status::Ok();
}

// The package download: with a checkpoint key the log's current head is signed
// first (once per head), so the package covers everything recorded so far.
http::ApiConfig::PackageFunction PackageDownload(const CliContext& ctx, storage::EventStore& store,
                                                 std::shared_ptr<const storage::SigningKey> key, const Clock& clock) {
  return [&ctx, &store, key, &clock](const std::string& organ, const std::string& from,
                                     const std::string& to) -> Result<std::string> {
    if (key) {
      ARSHJUL_ASSIGN_OR_RETURN(storage::TreeHead head, store.CurrentTree());
      ARSHJUL_ASSIGN_OR_RETURN(auto recent, revision::RecentCheckpoints(store, 1));
      // Nothing but that checkpoint itself was recorded after the latest checkpoint: it covers the log.
      bool current = !recent.empty() && recent.back().position + 1 == head.size && recent.back().parsed.size + 1 == head.size;
      if (!current) {
        ARSHJUL_RETURN_IF_ERROR(
            revision::PublishCheckpoint(store, *key, clock.Now(), revision::HeadCheckpointCommandId(head)).status());
      }
    }
    return RevisionPackageZip(ctx, store, organ, from, to);
  };
}

// "ADDRESS:PORT" → the server's address and port.
Status ParseListen(const std::string& listen, http::ServerOptions* o) {
  size_t colon = listen.rfind(':');
  std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (colon == std::string::npos || colon == 0 || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return Status::InvalidArgument("--listen ska vara ADRESS:PORT, t.ex. 127.0.0.1:8080", "--listen");
  }
  o->address = listen.substr(0, colon);
  if (o->address.size() > 2 && o->address.front() == '[' && o->address.back() == ']') {
    o->address = o->address.substr(1, o->address.size() - 2);
  }
  o->port = static_cast<uint16_t>(std::stoi(port));
  return Status::Ok();
}

// Runs the reminder loop and the HTTP API on one io_context until SIGTERM.
int RunWithApi(const CliContext& ctx, const ServeOptions& o, storage::EventStore& store,
               notify::NotificationService& service, const Clock& clock,
               const notify::LoopOptions& loop, std::ostream& log, std::shared_ptr<const storage::SigningKey> key) {
  http::ServerOptions so;
  if (Status st = ParseListen(o.listen, &so); !st.ok()) return ctx.Fail(st);
  so.max_connections = o.max_connections;
  so.tls_cert = o.tls_cert;
  if (std::string bad = http::CheckTrustedProxies(o.trusted_proxies); !bad.empty()) {
    return ctx.Fail(Status::InvalidArgument(bad, "--trusted-proxy"));
  }
  so.trusted_proxies = o.trusted_proxies;
  so.tls_key = o.tls_key;
  so.request_timeout = std::chrono::milliseconds(o.request_timeout_ms);
  http::ApiConfig config;
  config.template_path = o.template_path;
  config.backup_root = o.backup_dir.empty() ? ctx.data_dir + "-backups" : o.backup_dir;
  config.revision_package = PackageDownload(ctx, store, key, clock);
  // The API's commands are decided on the command thread (http/workers.h) by a
  // handler of their own; the reminder service's stays on the io thread.
  engine::CommandHandler api_handler(store, clock);
  http::Api api(store, api_handler, clock, config);
  web::Page page(api, web::PageOptions{.secure_cookies = !o.tls_cert.empty()});
  api.SetPageHandler([&page](const http::Request& req, const http::RequestInfo& info, http::Api::PageDone done) {
    page.HandleAsync(req, info, std::move(done));
  });
  // The request log through spdlog: a line per request, or a JSON object per
  // line (--log-format json) whose request_id is also the correlation id of
  // the events the request recorded.
  auto logger = std::make_shared<spdlog::logger>("arshjul", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  bool json_lines = o.log_format == "json";
  logger->set_pattern(json_lines ? "%v" : "%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  api.SetRequestLog([logger, json_lines, &clock](const nlohmann::json& r) {
    if (json_lines) {
      nlohmann::json line = r;
      line["time"] = FormatTimestamp(clock.Now());
      line["level"] = "info";
      logger->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      logger->info("{} {} {} {:.2f} ms id={} från={} person={}", r["method"].get<std::string>(),
                   r["path"].get<std::string>(), r["status"].get<unsigned>(), r["duration_ms"].get<double>(),
                   r["request_id"].get<std::string>(), r["remote"].get<std::string>(), r["person"].get<std::string>());
    }
  });
  boost::asio::io_context io;
  http::Workers workers(io);
  api.SetWorkers(&workers);
  http::Server server(io, api, *ctx.ids, so, [&log](const std::string& line) { log << "arshjul serve: " << line << std::endl; });
  if (Status st = server.Start(); !st.ok()) return ctx.Fail(st);
  std::string url = std::string(o.tls_cert.empty() ? "http" : "https") + "://" + (so.address.find(':') != std::string::npos ? "[" + so.address + "]" : so.address) + ":" +
                    std::to_string(server.port());
  log << "arshjul serve: API på " << url << "/api/v1 (se docs/api.md), webbsidan på " << url << "/" << std::endl;
  if (!o.ready_file.empty()) {
    std::string tmp = o.ready_file + ".tmp";
    { std::ofstream(tmp) << url << "\n"; }
    std::rename(tmp.c_str(), o.ready_file.c_str());
  }
  // SIGHUP: read the renewed certificate (systemctl reload); the service goes on.
  boost::asio::signal_set hangup(io, SIGHUP);
  std::function<void()> on_hangup = [&] {
    hangup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      Status st = server.ReloadTls();
      log << "arshjul serve: " << (st.ok() ? "certifikatet är omläst" : "certifikatet behålls: " + st.message())
          << std::endl;
      on_hangup();
    });
  };
  if (!o.tls_cert.empty()) on_hangup();
  return notify::RunServiceLoop(service, clock, loop, log, io, [&server, &hangup] {
    server.Stop();
    boost::system::error_code ignored;
    hangup.cancel(ignored);
  });
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
  handler.SetWheelReader(AdoptedWheelReader());
  if (Status st = handler.CatchUp(); !st.ok()) return ctx.Fail(st);

  auto channels = MakeChannels(o.channels, *clock, *ctx.out, false);
  if (!channels.ok()) return ctx.Fail(channels.status());
  notify::ServiceConfig config;
  config.scheduler.channels = (*channels)->names;
  auto not_before = NotBefore(o, handler.state(), clock->Now());
  if (!not_before.ok()) return ctx.Fail(not_before.status());
  config.scheduler.not_before = *not_before;
  WireWheel(*wheel, /*follow_adoptions=*/o.template_path.empty(), config);
  config.organization = org;
  std::ostream& log = *ctx.err;
  config.log = [&log](const std::string& line) { log << "arshjul serve: " << line << std::endl; };
  std::shared_ptr<const storage::SigningKey> key;
  if (Status st = ConfigureCheckpoints(o, **store, &key, &config); !st.ok()) return ctx.Fail(st);
  notify::NotificationService service(**store, handler, *clock, (*channels)->by_name, config);
  if (Status st = ArmFault(service, **channels, log); !st.ok()) return ctx.Fail(st);

  std::string names;
  for (const auto& n : (*channels)->names) names += (names.empty() ? "" : ", ") + n;
  log << "arshjul serve: data " << ctx.data_dir << ", kanaler " << names << ", skickar det som förföll från "
      << engine::FormatLocalRfc3339(*not_before) << std::endl;
  notify::LoopOptions loop;
  loop.speed = scaled ? o.clock_speed : 1;
  return RunWithApi(ctx, o, **store, service, *clock, loop, log, key);
}

}  // namespace arshjul::cli
