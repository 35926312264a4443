#include "scheduler_support.h"

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

Result<std::unique_ptr<Channels>> MakeChannels(const ChannelOptions& o, const Clock& clock, std::ostream& out,
                                               bool log_with_body) {
  auto c = std::make_unique<Channels>();
  if (!o.smtp_host.empty()) {
    if (o.smtp_port < 1 || o.smtp_port > 65535) return Status::InvalidArgument("ogiltig SMTP-port", "--smtp-port");
    notify::SmtpConfig config;
    config.host = o.smtp_host;
    config.port = static_cast<uint16_t>(o.smtp_port);
    config.timeout = std::chrono::milliseconds(o.timeout_ms);
    c->smtp = std::make_unique<notify::SmtpClient>(config);
    c->email = std::make_unique<notify::EmailChannel>(*c->smtp, o.sender, o.sender_name, clock);
    c->by_name[engine::kChannelEmail] = c->email.get();
    c->names.push_back(engine::kChannelEmail);
  }
  if (!o.webhook_url.empty()) {
    auto url = notify::ParseHttpUrl(o.webhook_url);
    if (!url) return Status::InvalidArgument("webhook-adressen ska vara http://värd[:port]/sökväg", "--webhook");
    c->webhook_client = std::make_unique<notify::WebhookClient>(*url, std::chrono::milliseconds(o.timeout_ms));
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
