// The "demo" subcommand: records a handful of sample events into the store and
// prints the log and verify's verdict. Idempotent by command id.
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {
void AddDemoCommand(CLI::App& app, CliContext& ctx, int* exit_code);
}
