// Report drafts (docs/reports.md): the delårsrapport, the årsredovisning
// (per nämnd, or kommunstyrelsen's compiled version over all nämnder and
// bolag), the uppsikt report and the verkställighet list, as a document
// model drawn from the read models as of a date. Every figure and every
// bedömning carries a citation: the event that holds it (position, type,
// recorded time, hash), and the payload field it sits in, so a revisor can
// check it; a computed figure names its formula and the cited cells it is
// computed from. Rendering (HTML, PDF, xlsx, JSON) and inclusion proofs are
// the adapters' (adapters/report/).
//
// Pure functions of (state, request); value types; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include <nlohmann/json.hpp>

#include "arshjul/engine/domain_state.h"

namespace arshjul::engine {

enum class ReportKind { kInterim, kAnnual, kOversight, kEnforcement };
// "delarsrapport", "arsredovisning", "uppsikt", "verkstallighet".
std::optional<ReportKind> ParseReportKind(std::string_view name);
const char* ReportKindName(ReportKind kind);

struct ReportRequest {
  ReportKind kind = ReportKind::kInterim;
  std::string organ;  // a nämnd or bolag; kommunstyrelsen (or empty) compiles over all
  Date period_from{}, period_to{};
  Date as_of{};
};

// Where a cell's value was recorded.
struct Citation {
  uint64_t position = 0;
  std::string event_type;
  Timestamp recorded_at{};
  storage::Hash hash{};
  std::string event_id;
  friend bool operator==(const Citation&, const Citation&) = default;
};
Citation CiteSource(const Provenance& source);

// One cell. A cited cell's `raw` is the value exactly as the payload's `field`
// holds it (a JSON path such as "risks/0/likelihood"); `text` is how a reader
// sees it (Swedish numbers, words for codes). A computed cell has a formula
// over other columns of its row: "a - b", "a * b", "days_to_as_of(a)", or
// "count" (then `counted` cites each counted item).
struct Cell {
  std::string text;
  std::optional<double> number;  // set for figures
  nlohmann::json raw;            // null for plain text
  std::string field;             // payload path, when cited
  std::optional<Citation> citation;
  std::string formula;                // computed: e.g. "budget - forecast"
  std::vector<std::string> operands;  // column ids the formula reads, in order
  std::vector<Citation> counted;      // formula "count": one citation per item counted
  bool emphasis = false;              // a deficit, a deviation, a late item
  bool in_mnkr = false;               // number is kronor, shown in millions
};

struct Column {
  std::string id;     // "budget"
  std::string title;  // "Budget (mnkr)"
  bool numeric = false;
};

struct Table {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // one cell per column
  std::string empty_text;               // shown when there are no rows
};

struct Section {
  std::string title;
  std::vector<std::string> paragraphs;
  std::vector<Table> tables;
};

struct Report {
  ReportKind kind = ReportKind::kInterim;
  std::string title, subtitle;
  std::string organ, organ_name;
  Date period_from{}, period_to{}, as_of{};
  uint64_t head_position = 0;  // the last event the state holds
  std::vector<Section> sections;
};

// Draws the report from `state` (replayed as of request.as_of). Errors:
// InvalidArgument naming --organ or --period.
Result<Report> DrawReport(const DomainState& state, const ReportRequest& request);

// Every citation in the report, each position once, in position order.
std::vector<Citation> Citations(const Report& report);

}  // namespace arshjul::engine
