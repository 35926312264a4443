// `arshjul show VIEW`: the read models rebuilt by replay, as of any date
// (--as-of, business time) or as recorded at any time (--known-at). One table
// in show_command.cc lists every view with its help text, columns and renderer.
#pragma once

#include <CLI/CLI.hpp>

#include "arshjul/engine/domain_state.h"
#include "context.h"
#include "table_writer.h"

namespace arshjul::cli {

void AddShowCommand(CLI::App& app, CliContext& ctx, int* exit_code);

// The show views for other front ends (the HTTP API): whether `view` is one,
// and its rows for `organ` ("" = all) on `today`, written to `out` in `format`.
bool IsShowView(const std::string& view);
void RenderShowView(const engine::DomainState& state, const std::string& view, const std::string& organ,
                    engine::Date today, OutputFormat format, std::ostream& out);
// --as-of/--known-at syntax: a date is the end of that day in Stockholm, or an RFC 3339 time.
bool ParseShowPointInTime(const std::string& text, Timestamp* out);

}  // namespace arshjul::cli
