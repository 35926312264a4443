#include "scheduler_support.h"

#include <cstdlib>
#include <fstream>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/planner.h"
#include "arshjul/workflows/template_loader.h"
#include "wheel_command.h"

namespace arshjul::cli {

Result<std::shared_ptr<const engine::AnnualCycleTemplate>> SchedulerWheel(const CliContext& ctx,
                                                                          const std::string& template_arg) {
  auto tmpl = ResolveWheel(ctx, template_arg);
  if (!tmpl.ok()) return tmpl.status();
  return std::shared_ptr<const engine::AnnualCycleTemplate>(
      std::make_shared<engine::AnnualCycleTemplate>(std::move(tmpl).value()));
}

Status WheelHolder::AdoptFrom(const engine::AdoptedCycle& c) {
  auto read = workflows::ParseTemplateFiles(workflows::TemplateFiles{c.template_id, c.name, c.main_path, c.files});
  if (!read.ok()) return read.status();
  wheel = std::make_shared<engine::AnnualCycleTemplate>(std::move(read).value());
  return Status::Ok();
}

notify::PlanFunction TemplatePlanner(std::shared_ptr<WheelHolder> holder) {
  return notify::PlanFunction(
      [holder](const engine::Organization& org, int year) { return engine::Plan(*holder->wheel, org, year); });
}

notify::StartedFunction TemplateStarted(std::shared_ptr<WheelHolder> holder) {
  return notify::StartedFunction([holder](const engine::Organization& org,
                                          const std::vector<engine::StartTrigger>& triggers, int first, int last) {
    return engine::StartedInstances(*holder->wheel, org, triggers, first, last);
  });
}

void WireWheel(std::shared_ptr<const engine::AnnualCycleTemplate> wheel, bool follow_adoptions,
               notify::ServiceConfig& config) {
  auto holder = std::make_shared<WheelHolder>(WheelHolder{std::move(wheel)});
  config.plan = TemplatePlanner(holder);
  config.started = TemplateStarted(holder);
  if (follow_adoptions) config.adopt = [holder](const engine::AdoptedCycle& c) { return holder->AdoptFrom(c); };
}

namespace {

// --smtp-security, --smtp-user and the password (ARSHJUL_SMTP_PASSWORD or
// --smtp-password-file: never on the command line, where ps shows it), --ca-file.
Status SmtpSecurityAndLogin(const ChannelOptions& o, notify::SmtpConfig* config) {
  if (o.smtp_security == "none") config->security = notify::SmtpSecurity::kNone;
  else if (o.smtp_security == "starttls") config->security = notify::SmtpSecurity::kStartTls;
  else if (o.smtp_security == "tls") config->security = notify::SmtpSecurity::kTls;
  else return Status::InvalidArgument("--smtp-security ska vara none, starttls eller tls", "--smtp-security");
  config->tls.ca_file = o.ca_file;
  config->username = o.smtp_user;
  if (!o.smtp_password_file.empty()) {
    std::ifstream in(o.smtp_password_file);
    if (!in || !std::getline(in, config->password)) {
      return Status::InvalidArgument("lösenordsfilen kunde inte läsas: " + o.smtp_password_file, "--smtp-password-file");
    }
  } else if (const char* env = std::getenv("ARSHJUL_SMTP_PASSWORD")) {
    config->password = env;
  }
  if (!config->username.empty() && config->password.empty()) {
    return Status::InvalidArgument("--smtp-user kräver ett lösenord (ARSHJUL_SMTP_PASSWORD eller --smtp-password-file)",
                                   "--smtp-user");
  }
  if (std::string bad = notify::CheckSmtpConfig(*config); !bad.empty()) {
    return Status::InvalidArgument(bad, "--smtp-security");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Channels>> MakeChannels(const ChannelOptions& o, const Clock& clock, std::ostream& out,
                                               bool log_with_body) {
  auto c = std::make_unique<Channels>();
  if (!o.smtp_host.empty()) {
    if (o.smtp_port < 1 || o.smtp_port > 65535) return Status::InvalidArgument("ogiltig SMTP-port", "--smtp-port");
    notify::SmtpConfig config;
    config.host = o.smtp_host;
    config.port = static_cast<uint16_t>(o.smtp_port);
    config.timeout = std::chrono::milliseconds(o.timeout_ms);
    ARSHJUL_RETURN_IF_ERROR(SmtpSecurityAndLogin(o, &config));
    c->smtp = std::make_unique<notify::SmtpClient>(config);
    c->email = std::make_unique<notify::EmailChannel>(*c->smtp, o.sender, o.sender_name, clock);
    c->by_name[engine::kChannelEmail] = c->email.get();
    c->names.push_back(engine::kChannelEmail);
  }
  if (!o.webhook_url.empty()) {
    if (!net::IsHttpUrl(o.webhook_url)) {
      return Status::InvalidArgument("webhook-adressen ska vara https://värd[:port]/sökväg (eller http://)", "--webhook");
    }
    c->webhook_client = std::make_unique<notify::WebhookClient>(o.webhook_url, std::chrono::milliseconds(o.timeout_ms),
                                                                net::TlsOptions{o.ca_file, true});
    c->webhook = std::make_unique<notify::WebhookChannel>(*c->webhook_client);
    c->by_name[engine::kChannelWebhook] = c->webhook.get();
    c->names.push_back(engine::kChannelWebhook);
  }
  if (o.log || c->names.empty()) {
    c->log = std::make_unique<notify::LogChannel>(out, clock, log_with_body);
    c->by_name[engine::kChannelLog] = c->log.get();
    c->names.push_back(engine::kChannelLog);
  }
  return c;
}

storage::TypeRegistry Types(const CliContext& ctx) {
  return ctx.types.empty() ? engine::StoreTypeRegistry() : ctx.types;
}

Result<Timestamp> LocalMidnight(const std::string& date, const char* field) {
  auto d = engine::ParseDate(date);
  if (!d) return Status::InvalidArgument("'" + date + "' är inte ett datum (ÅÅÅÅ-MM-DD)", field);
  return engine::LocalToUtc(*d, 0, 0);
}

}  // namespace arshjul::cli
