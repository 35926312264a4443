// The store's subcommands: log, verify, backup, restore, stats, copy.
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

// Registers the subcommands on `app`; each runs against `ctx` when chosen.
// `*exit_code` receives the chosen subcommand's exit code.
// One event as `log --format jsonl` (and the HTTP API) shows it.
nlohmann::json EventJson(const storage::RecordedEvent& event, const EventView& view);

void AddStoreCommands(CLI::App& app, CliContext& ctx, int* exit_code);

}  // namespace arshjul::cli
