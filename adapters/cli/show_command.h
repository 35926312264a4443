// `arshjul show VIEW`: the read models rebuilt by replay, as of any date
// (--as-of, business time) or as recorded at any time (--known-at). One table
// in show_command.cc lists every view with its help text, columns and renderer.
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

void AddShowCommand(CLI::App& app, CliContext& ctx, int* exit_code);

}  // namespace arshjul::cli
