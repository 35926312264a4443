// The copy subcommand: a log copied from one store to another, byte for byte
// (RocksDB folder → PostgreSQL, or between any two locations --data accepts).
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

// Registers `copy --from LOCATION --to LOCATION` on `app`.
void AddCopyCommand(CLI::App& app, CliContext& ctx, int* exit_code);

}  // namespace arshjul::cli
