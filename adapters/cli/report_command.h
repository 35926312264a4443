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

// One report as asked for by `arshjul report` or GET /api/v1/reports/{kind}.
struct ReportQuery {
  std::string kind, organ, period, as_of, format = "html";
};
// The report drawn from `store` (replayed as of the date: a read of the whole
// log) and rendered in its format. InvalidArgument naming RAPPORT, --organ,
// --period, --as-of or --format. `citations`, if given, receives their count.
Result<std::string> DrawReportBytes(storage::EventStore& store, const ReportQuery& query, size_t* citations = nullptr);
// The media type of a report format ("application/pdf", ...).
std::string ReportMediaType(const std::string& format);

// "2026" (the year), "2026-01-01..2026-08-31", or "2026-08" (January to the
// end of that month: a delårsrapport's period). InvalidArgument naming --period.
Status ParseReportPeriod(const std::string& text, engine::Date* from, engine::Date* to);

}  // namespace arshjul::cli
