// The reminder service's subcommands (docs/scheduler.md):
//
//   arshjul serve     runs the reminder service on the data folder's log until
//                     SIGINT/SIGTERM: e-mail, webhook and/or log channels;
//   arshjul simulate  runs the same scheduler and service round over a virtual
//                     clock on an in-memory copy of the log (or on an
//                     organisation file) and prints one JSON line per
//                     notification; with --deliver it also sends them.
//
// Wiring in main: cli::AddSchedulerCommands(app, ctx, &exit_code);
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "context.h"

namespace arshjul::cli {

struct ChannelOptions {
  std::string smtp_host;   // empty: no e-mail
  int smtp_port = 25;
  std::string smtp_security = "none";  // none | starttls | tls
  std::string smtp_user;               // AUTH; the password from ARSHJUL_SMTP_PASSWORD or smtp_password_file
  std::string smtp_password_file;
  std::string sender = "arshjul@localhost";  // MAIL FROM and From:
  std::string sender_name = "Årshjulet";
  int timeout_ms = 10000;  // per SMTP or HTTP step
  std::string webhook_url;  // empty: no webhook
  std::string ca_file;      // PEM CAs for outbound TLS (SMTP, webhook); empty: the system's
  bool log = false;         // the log channel (a JSON line per notification on stdout)
};

struct ServeOptions {
  std::string template_path;  // empty: the wheel adopted in --data
  std::string org_path;       // used only while the log holds no organisation
  ChannelOptions channels;
  std::string since;          // YYYY-MM-DD: nothing due before it is sent; default below
  int catch_up_days = 7;      // on a first start (empty outbox): catch up this many days
  std::string clock_start;    // RFC 3339: run on a clock starting here …
  double clock_speed = 1;     // … this many times as fast as real time (tests, demonstrations)
  // The HTTP API (docs/api.md) on the same io_context.
  std::string listen = "127.0.0.1:8080";  // ADDRESS:PORT; port 0 picks a free one
  std::string backup_dir;                 // POST /admin/backup writes below it; default DATA-backups
  std::string ready_file;                 // written with the base URL once listening
  size_t max_connections = 256;
  int request_timeout_ms = 10000;         // to read one whole request
  std::vector<std::string> trusted_proxies;  // --trusted-proxy: reverse proxies whose X-Forwarded-For is believed
  std::string tls_cert, tls_key;          // PEM files: serve HTTPS (optional; usually the reverse proxy does TLS)
  std::string log_format = "text";        // the request log on stderr: text or json (JSON lines)
  // Signed checkpoints sent to the revisorer (docs/revision.md): the private
  // key file (from keygen; empty: none) and when ("kf,year-end", "kf",
  // "year-end" or "none").
  std::string checkpoint_key;
  std::string checkpoint_at = "kf,year-end";
};

struct SimulateOptions {
  std::string template_path;  // empty: the wheel adopted in --data
  std::string org_path;       // simulate from this file instead of the data folder's log
  std::string from, to;       // YYYY-MM-DD, both included
  bool deliver = false;       // also send over the configured e-mail and webhook channels
  bool with_body = false;     // include each notification's body in the JSON lines
  ChannelOptions channels;
};

int RunServe(const CliContext& ctx, const ServeOptions& options);
int RunSimulate(const CliContext& ctx, const SimulateOptions& options);

// Registers `serve` and `simulate` on `app`.
void AddSchedulerCommands(CLI::App& app, CliContext& ctx, int* exit_code);

}  // namespace arshjul::cli
