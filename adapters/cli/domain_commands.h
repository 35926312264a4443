// The domain's subcommands: init (record the organisation from a YAML file),
// record (commands as JSON) and show (read models, as of any date).
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

void AddDomainCommands(CLI::App& app, CliContext& ctx, int* exit_code);
void AddShowCommand(CLI::App& app, CliContext& ctx, int* exit_code);

// Shows a domain event's payload as JSON with a one-line Swedish summary, for `log`.
EventView DescribeEvent(const storage::RecordedEvent& event);

}  // namespace arshjul::cli
