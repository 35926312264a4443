// The domain's subcommands: init (record the organisation from a YAML file),
// record (commands as JSON) and show (read models, as of any date).
#pragma once

#include <CLI/CLI.hpp>

#include "arshjul/engine/organization.h"
#include "arshjul/engine/domain_state.h"
#include "context.h"
#include "table_writer.h"

namespace arshjul::cli {

void AddDomainCommands(CLI::App& app, CliContext& ctx, int* exit_code);
void AddShowCommand(CLI::App& app, CliContext& ctx, int* exit_code);

// The organisation recorded in the store by `init`; InvalidArgument naming
// --org when the store holds none.
Result<engine::Organization> RecordedOrganization(const CliContext& ctx);

// The show views for other front ends (the HTTP API): whether `view` is one,
// and its rows for `organ` ("" = all) on `today`, written to `out` in `format`.
bool IsShowView(const std::string& view);
void RenderShowView(const engine::DomainState& state, const std::string& view, const std::string& organ,
                    engine::Date today, OutputFormat format, std::ostream& out);
// --as-of/--known-at syntax: a date is the end of that day in Stockholm, or an RFC 3339 time.
bool ParseShowPointInTime(const std::string& text, Timestamp* out);

// Shows a domain event's payload as JSON with a one-line Swedish summary, for `log`.
EventView DescribeEvent(const storage::RecordedEvent& event);

}  // namespace arshjul::cli
