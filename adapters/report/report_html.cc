// The report as one self-contained HTML page, styled for screen and for print
// (A4, page numbers): the PDF is this page printed by WeasyPrint. Citations
// are footnotes: a number beside each cited cell, and at the end the event,
// its hash and its inclusion proof.
#include <algorithm>
#include <sstream>

#include "arshjul/engine/local_time.h"
#include "arshjul/storage/hash.h"
#include "drawn_report.h"

namespace arshjul::report {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
@page { margin: 18mm 15mm 20mm 15mm;
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: #111; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm 0; } h2 { font-size: 12.5pt; margin: 7mm 0 2mm 0; border-bottom: 1px solid #999; }
h3 { font-size: 10pt; margin: 4mm 0 1.5mm 0; }
.meta { color: #333; font-size: 8pt; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th, td { border: 1px solid #bbb; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e8edf2; font-weight: bold; } td.num { text-align: right; white-space: nowrap; }
.emph { color: #a00000; font-weight: bold; } sup { font-size: 6.5pt; color: #1a4d80; }
sup a { color: inherit; text-decoration: none; } .computed { color: #333; font-style: italic; }
ol.sources { font-size: 6.5pt; padding-left: 6mm; } ol.sources li { margin-bottom: 1.2mm; word-break: break-all; }
.proof { font-family: "DejaVu Sans Mono", monospace; color: #444; }
.empty { color: #666; font-style: italic; }
)";

std::string Footnotes(const DrawnReport& r, const engine::Cell& c) {
  std::string out;
  auto mark = [&](uint64_t position) {
    int n = r.FootnoteOf(position);
    out += "<sup><a href=\"#k" + std::to_string(n) + "\">" + std::to_string(n) + "</a></sup>";
  };
  if (c.citation) mark(c.citation->position);
  // A count cites each event it counts; past six, the first three and how many more (all are in the JSON and xlsx).
  size_t shown = c.counted.size() <= 6 ? c.counted.size() : 3;
  for (size_t i = 0; i < shown; ++i) mark(c.counted[i].position);
  if (shown < c.counted.size()) out += "<sup>+" + std::to_string(c.counted.size() - shown) + "</sup>";
  return out;
}

void WriteTable(const DrawnReport& r, const engine::Table& t, std::ostringstream& o) {
  o << "<h3>" << Escape(t.title) << "</h3>\n";
  if (t.rows.empty()) {
    o << "<p class=\"empty\">" << Escape(t.empty_text) << "</p>\n";
    return;
  }
  o << "<table><thead><tr>";
  for (const auto& c : t.columns) o << "<th>" << Escape(c.title) << "</th>";
  o << "</tr></thead><tbody>\n";
  for (const auto& row : t.rows) {
    o << "<tr>";
    for (size_t i = 0; i < row.size() && i < t.columns.size(); ++i) {
      const engine::Cell& c = row[i];
      std::string cls = t.columns[i].numeric ? "num" : "";
      if (c.emphasis) cls += cls.empty() ? "emph" : " emph";
      if (!c.formula.empty() && c.formula != "count") cls += cls.empty() ? "computed" : " computed";
      o << "<td" << (cls.empty() ? "" : " class=\"" + cls + "\"") << ">" << Escape(c.text) << Footnotes(r, c);
      if (!c.formula.empty() && c.formula != "count") o << "<sup title=\"" << Escape(c.formula) << "\">=</sup>";
      o << "</td>";
    }
    o << "</tr>\n";
  }
  o << "</tbody></table>\n";
}

void WriteSources(const DrawnReport& r, std::ostringstream& o) {
  o << "<h2>Källor</h2>\n<p class=\"meta\">Varje siffra och bedömning ovan hänvisar hit: händelsens position i "
       "loggen, typ, registreringstid (svensk tid) och hash";
  if (r.tree) o << ", och inklusionsbeviset (RFC 9162) i trädet med " << r.tree->size << " händelser";
  o << ". Siffror markerade med = är beräknade ur de citerade.</p>\n<ol class=\"sources\">\n";
  for (size_t i = 0; i < r.citations.size(); ++i) {
    o << "<li id=\"k" << i + 1 << "\">" << Escape(CitationLine(r.citations[i]));
    auto p = r.proofs.find(r.citations[i].position);
    if (p != r.proofs.end()) {
      o << "<br><span class=\"proof\">bevis:";
      for (const auto& h : p->second.proof) o << " " << storage::HashToHex(h);
      if (p->second.proof.empty()) o << " (ensamt löv)";
      o << "</span>";
    }
    o << "</li>\n";
  }
  o << "</ol>\n";
}

// The most columns any table has: more than eight are printed on landscape pages.
size_t Widest(const engine::Report& m) {
  size_t widest = 0;
  for (const auto& s : m.sections)
    for (const auto& t : s.tables) widest = std::max(widest, t.columns.size());
  return widest;
}

}  // namespace

std::string RenderHtml(const DrawnReport& r) {
  const engine::Report& m = r.model;
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">\n<title>" << Escape(ReportHeading(r))
    << "</title>\n"
    << "<meta name=\"dcterms.created\" content=\"" << engine::ToString(m.as_of) << "\">\n"
    << "<meta name=\"dcterms.modified\" content=\"" << engine::ToString(m.as_of) << "\">\n"
    << "<meta name=\"generator\" content=\"arshjul\">\n<style>" << kStyle << "@page { size: A4 "
    << (Widest(m) > 8 ? "landscape" : "portrait") << "; }\n</style></head><body>\n";
  o << "<h1>" << Escape(m.title) << "</h1>\n<p><strong>" << Escape(m.subtitle) << "</strong></p>\n";
  o << "<p class=\"meta\">Utkast. " << Escape(DrawnFromLine(r)) << "</p>\n";
  for (const auto& s : m.sections) {
    o << "<h2>" << Escape(s.title) << "</h2>\n";
    for (const auto& p : s.paragraphs) o << "<p>" << Escape(p) << "</p>\n";
    for (const auto& t : s.tables) WriteTable(r, t, o);
  }
  WriteSources(r, o);
  o << "</body></html>\n";
  return o.str();
}

}  // namespace arshjul::report
