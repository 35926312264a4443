// `arshjul report delarsrapport|arsredovisning|uppsikt|verkstallighet`: a
// report draft drawn from the log as of a date, every figure citing its event
// (engine/report.h), written as HTML, PDF, xlsx or JSON (adapters/report/;
// docs/reports.md).
#pragma once

#include <CLI/CLI.hpp>

#include "arshjul/engine/organization.h"
#include "context.h"

namespace arshjul::cli {

void AddReportCommand(CLI::App& app, CliContext& ctx, int* exit_code);

// "2026" (the year), "2026-01-01..2026-08-31", or "2026-08" (January to the
// end of that month: a delårsrapport's period). InvalidArgument naming --period.
Status ParseReportPeriod(const std::string& text, engine::Date* from, engine::Date* to);

}  // namespace arshjul::cli
