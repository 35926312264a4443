// The wheel in the store: `arshjul wheel adopt FILE|NAME [--from DATE]`
// records the kommun's årshjul (the template and every file it extends) as an
// AnnualCycleAdopted event, so that plan, simulate and serve need no
// --template and `plan --as-of` shows the wheel in force then; `wheel show`
// prints what is adopted. Shipped templates are named by name ("standard",
// "exempelkommun"), found under the repository's workflows/ folder whatever
// the working directory.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/command_handler.h"
#include "context.h"

namespace arshjul::cli {

void AddWheelCommand(CLI::App& app, CliContext& ctx, int* exit_code);

// The wheel to plan with: the template `template_arg` names (a file or a
// shipped name) when given, else the one adopted in ctx's store as of `as_of`
// (all of the log when nullopt). InvalidArgument naming --template when
// neither exists.
Result<engine::AnnualCycleTemplate> ResolveWheel(const CliContext& ctx, const std::string& template_arg,
                                                 std::optional<Timestamp> as_of = std::nullopt);

// Reads an adopted wheel's recorded files (engine::CommandHandler::SetWheelReader).
engine::CommandHandler::WheelReader AdoptedWheelReader();

// A template argument as a path: shipped names resolved (workflows::ResolveTemplatePath).
std::string TemplatePath(const std::string& template_arg);

// "YYYY-MM-DD" as the start (or, with end_of_day, the end) of that day in
// Stockholm; an RFC 3339 time as it is.
bool ParseWhen(const std::string& text, bool end_of_day, Timestamp* out);

}  // namespace arshjul::cli
