// The domain's subcommands: init (record the organisation from a YAML file),
// and record (commands as JSON); `show` is in show_command.h.
#pragma once

#include <CLI/CLI.hpp>

#include "arshjul/engine/organization.h"
#include "arshjul/engine/started_steps.h"
#include "context.h"

namespace arshjul::cli {

void AddDomainCommands(CLI::App& app, CliContext& ctx, int* exit_code);

// The organisation recorded in the store by `init`; InvalidArgument naming
// --org when the store holds none.
// With `as_of`, the organisation in force then.
Result<engine::Organization> RecordedOrganization(const CliContext& ctx, std::optional<Timestamp> as_of = std::nullopt);

// The meetings with decisions recorded in the store (none when there is no store).
Result<std::vector<engine::StartTrigger>> RecordedTriggers(const CliContext& ctx);

// Shows a domain event's payload as JSON with a one-line Swedish summary, for `log`.
EventView DescribeEvent(const storage::RecordedEvent& event);

}  // namespace arshjul::cli
