// The store's subcommands: log, verify, backup, restore, stats, copy.
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

// Registers the subcommands on `app`; each runs against `ctx` when chosen.
// `*exit_code` receives the chosen subcommand's exit code.
void AddStoreCommands(CLI::App& app, CliContext& ctx, int* exit_code);

}  // namespace arshjul::cli
