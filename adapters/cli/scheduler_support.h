// What serve and simulate share: the planner over a template file, the
// channels built from the options, and the store's options.
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "channels.h"
#include "notification_service.h"
#include "scheduler_commands.h"

namespace arshjul::cli {

// The wheel serve and simulate run: --template (a file or a shipped name) when
// given, else the one adopted in --data (wheel_command.h). Shared: the plan
// functions below hold it.
Result<std::shared_ptr<const engine::AnnualCycleTemplate>> SchedulerWheel(const CliContext& ctx,
                                                                          const std::string& template_arg);
// The wheel the plan functions below read: the one a service started with,
// replaced by AdoptFrom when another is adopted while it runs. Shared by the
// functions; not thread-safe (the service loop is one thread).
struct WheelHolder {
  std::shared_ptr<const engine::AnnualCycleTemplate> wheel;
  Status AdoptFrom(const engine::AdoptedCycle& adopted);
};
// Plans one year of the holder's wheel.
notify::PlanFunction TemplatePlanner(std::shared_ptr<WheelHolder> holder);
// The holder's wheel's deadlines started by recorded decisions and assignments.
notify::StartedFunction TemplateStarted(std::shared_ptr<WheelHolder> holder);
// config.plan and config.started over `wheel`; without --template also
// config.adopt, so a wheel adopted while the service runs is planned from then on.
void WireWheel(std::shared_ptr<const engine::AnnualCycleTemplate> wheel, bool follow_adoptions,
               notify::ServiceConfig& config);

// The channels the options configure. Owns the clients and channels.
struct Channels {
  std::unique_ptr<notify::SmtpClient> smtp;
  std::unique_ptr<notify::EmailChannel> email;
  std::unique_ptr<notify::WebhookClient> webhook_client;
  std::unique_ptr<notify::WebhookChannel> webhook;
  std::unique_ptr<notify::LogChannel> log;
  std::map<std::string, engine::Notifier*> by_name;
  std::vector<std::string> names;  // the channels of new notifications
};

// E-mail when smtp_host is set, the webhook when webhook_url is, the log
// channel (on `out`) when asked for or when nothing else is configured.
// InvalidArgument for a webhook URL that is not http://host[:port]/path.
Result<std::unique_ptr<Channels>> MakeChannels(const ChannelOptions& o, const Clock& clock, std::ostream& out,
                                               bool log_with_body);

// The engine's event types, for a store opened by serve or simulate.
storage::TypeRegistry Types(const CliContext& ctx);

// "YYYY-MM-DD" → local midnight starting that day.
Result<Timestamp> LocalMidnight(const std::string& date, const char* field);

}  // namespace arshjul::cli
