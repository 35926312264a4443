// `arshjul kolada import --kpi N… --municipality 1287 --years 2020-2025
// [--file saved.json …] [--base-url URL]`: Kolada's values recorded as
// measurements of the indicators that name the KPIs (adapters/kolada/,
// docs/kolada.md). Live fetching goes through net/http_client.h.
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

void AddKoladaCommand(CLI::App& app, CliContext& ctx, int* exit_code);

// "2020-2025" or "2020,2022": the years, ascending. InvalidArgument naming --years.
Result<std::vector<int>> ParseYears(const std::string& text);

}  // namespace arshjul::cli
