// The årshjul's subcommands that only read: `calendar` (the year's Swedish
// non-working days) and `plan` (the årshjul as dated steps).
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

void AddAnnualCycleCommands(CLI::App& app, CliContext& ctx, int* exit_code);

}  // namespace arshjul::cli
