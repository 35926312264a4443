// DrawnReport: a report model (engine/report.h) with what only the store can
// add — the log head it was drawn from, and each citation's Merkle inclusion
// proof (RFC 9162) in the tree of the events up to that head, where the store
// keeps the tree — and the renderers that turn it into JSON, HTML, PDF and
// xlsx (docs/reports.md). The same DrawnReport always renders to the same
// bytes. Value types and pure functions except RenderPdf (runs WeasyPrint) and
// FetchProofs (reads the store); thread-compatible.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "arshjul/engine/report.h"
#include "arshjul/storage/event_store.h"
#include "arshjul/storage/verifiable_log.h"

namespace arshjul::report {

struct DrawnReport {
  engine::Report model;
  storage::Hash head_hash{};                         // the hash of the event at model.head_position
  std::optional<storage::TreeHead> tree;             // the tree of events 0 … head_position
  std::map<uint64_t, storage::InclusionProofResult> proofs;  // by position; empty without a tree
  std::vector<engine::Citation> citations;           // footnote n is citations[n - 1]
  int FootnoteOf(uint64_t position) const;           // 1-based; 0 when not cited
};

// Adds the head's hash, the tree head and every citation's inclusion proof.
// The proofs are left out (not an error) when the store keeps no tree.
Result<DrawnReport> FetchProofs(storage::EventStore& store, engine::Report model);

nlohmann::json ReportJson(const DrawnReport& report);
std::string RenderJson(const DrawnReport& report);   // ReportJson, indented, with a final newline
std::string RenderHtml(const DrawnReport& report);   // one self-contained page; footnotes for citations
// The HTML printed by WeasyPrint (Debian's weasyprint) with fixed metadata
// (dates = the as-of date), so the bytes depend only on the report. IOError
// when WeasyPrint is missing or fails.
Result<std::string> RenderPdf(const DrawnReport& report);
// An xlsx workbook (libxlsxwriter): a sheet per section, a citation column
// beside each table, and a sheet of citations with their proofs.
Result<std::string> RenderXlsx(const DrawnReport& report);

// Shared by the renderers: "händelse 123 (ForecastReported), registrerad
// 2026-09-15 10:00:00+02:00, hash 3fa2…".
std::string CitationLine(const engine::Citation& c);
std::string CellText(const engine::Cell& cell);  // the text, "" for a null list
std::string ReportHeading(const DrawnReport& r);  // "Delårsrapport — Barn- och utbildningsnämnden, 2026-01-01 – …"
std::string DrawnFromLine(const DrawnReport& r);  // the as-of date and the log head, in Swedish

}  // namespace arshjul::report
