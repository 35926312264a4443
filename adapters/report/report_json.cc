// The report's JSON form (docs/reports.md): every cell with its text, its
// figure, and where a figure comes from — a citation (position, with the
// payload field and the value as recorded) or a formula over other cells.
#include "arshjul/engine/local_time.h"
#include "arshjul/storage/hash.h"
#include "drawn_report.h"

namespace arshjul::report {
namespace {
using nlohmann::json;

json HexList(const std::vector<storage::Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(storage::HashToHex(h));
  return out;
}

json CellJson(const DrawnReport& r, const engine::Cell& c) {
  json j = {{"text", c.text}};
  if (c.number) j["value"] = *c.number;
  if (c.citation) {
    j["citation"] = {{"position", c.citation->position}, {"footnote", r.FootnoteOf(c.citation->position)}};
    if (!c.field.empty()) {
      j["citation"]["field"] = c.field;
      j["citation"]["recorded_value"] = c.raw;
    }
  }
  if (!c.formula.empty()) {
    j["formula"] = c.formula;
    if (!c.operands.empty()) j["operands"] = c.operands;
  }
  if (c.formula == "count") {
    json items = json::array();
    for (const auto& item : c.counted) items.push_back(item.position);
    j["counted_positions"] = items;
  }
  if (c.emphasis) j["emphasis"] = true;
  if (c.in_mnkr) j["shown_in"] = "mnkr";
  return j;
}

json TableJson(const DrawnReport& r, const engine::Table& t) {
  json columns = json::array(), rows = json::array();
  for (const auto& c : t.columns) columns.push_back({{"id", c.id}, {"title", c.title}, {"numeric", c.numeric}});
  for (const auto& row : t.rows) {
    json cells = json::object();
    for (size_t i = 0; i < row.size() && i < t.columns.size(); ++i) cells[t.columns[i].id] = CellJson(r, row[i]);
    rows.push_back(cells);
  }
  return {{"title", t.title}, {"columns", columns}, {"rows", rows}, {"empty_text", t.empty_text}};
}

json CitationJson(const DrawnReport& r, size_t i) {
  const engine::Citation& c = r.citations[i];
  json j = {{"footnote", i + 1},
            {"position", c.position},
            {"event_type", c.event_type},
            {"event_id", c.event_id},
            {"recorded_at", FormatTimestamp(c.recorded_at)},
            {"hash", storage::HashToHex(c.hash)}};
  auto p = r.proofs.find(c.position);
  if (p != r.proofs.end()) {
    j["inclusion_proof"] = {{"tree_size", p->second.size},
                            {"root", storage::HashToHex(p->second.root)},
                            {"leaf_hash", storage::HashToHex(p->second.leaf_hash)},
                            {"path", HexList(p->second.proof)}};
  }
  return j;
}
}  // namespace

json ReportJson(const DrawnReport& r) {
  const engine::Report& m = r.model;
  json sections = json::array();
  for (const auto& s : m.sections) {
    json tables = json::array();
    for (const auto& t : s.tables) tables.push_back(TableJson(r, t));
    sections.push_back({{"title", s.title}, {"paragraphs", s.paragraphs}, {"tables", tables}});
  }
  json citations = json::array();
  for (size_t i = 0; i < r.citations.size(); ++i) citations.push_back(CitationJson(r, i));
  json j = {{"report", engine::ReportKindName(m.kind)},
            {"title", m.title},
            {"subtitle", m.subtitle},
            {"organ", m.organ},
            {"organ_name", m.organ_name},
            {"period", {{"from", engine::ToString(m.period_from)}, {"to", engine::ToString(m.period_to)}}},
            {"as_of", engine::ToString(m.as_of)},
            {"log_head", {{"position", m.head_position}, {"hash", storage::HashToHex(r.head_hash)}}},
            {"sections", sections},
            {"citations", citations}};
  if (r.tree) j["tree"] = {{"size", r.tree->size}, {"root", storage::HashToHex(r.tree->root)}};
  return j;
}

std::string RenderJson(const DrawnReport& r) { return ReportJson(r).dump(2) + "\n"; }

}  // namespace arshjul::report
