// The report as an xlsx workbook through libxlsxwriter (Debian's
// libxlsxwriter-dev: a well-kept C library that writes the format directly).
// Sheet "Rapport": each section's tables one after another, figures as
// numbers (amounts in mnkr) with a "Källa" column naming the events each row
// cites; sheet "Källor": every cited event with its hash and inclusion proof.
// The workbook's creation time is the as-of date, so the bytes are the same
// for the same report.
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "arshjul/engine/local_time.h"
#include "arshjul/storage/hash.h"
#include "drawn_report.h"

namespace arshjul::report {
namespace {

struct Formats {
  lxw_format* title;
  lxw_format* heading;
  lxw_format* header;
  lxw_format* money;
  lxw_format* figure;
  lxw_format* emph;
};

Formats MakeFormats(lxw_workbook* wb) {
  Formats f{};
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.heading = workbook_add_format(wb);
  format_set_bold(f.heading);
  format_set_font_size(f.heading, 12);
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xE8EDF2);
  f.money = workbook_add_format(wb);
  format_set_num_format(f.money, "#,##0.0");
  f.figure = workbook_add_format(wb);
  format_set_num_format(f.figure, "#,##0.##");
  f.emph = workbook_add_format(wb);
  format_set_font_color(f.emph, 0xA00000);
  format_set_bold(f.emph);
  return f;
}

// "händelse 12, 31" for the events a row cites, each once.
std::string RowSources(const std::vector<engine::Cell>& row) {
  std::set<uint64_t> positions;
  for (const auto& c : row) {
    if (c.citation) positions.insert(c.citation->position);
    for (const auto& item : c.counted) positions.insert(item.position);
  }
  std::string out;
  for (uint64_t p : positions) out += (out.empty() ? "händelse " : ", ") + std::to_string(p);
  return out;
}

void WriteCell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const engine::Cell& c, const Formats& f) {
  if (c.number) {
    double v = c.in_mnkr ? *c.number / 1e6 : *c.number;
    worksheet_write_number(ws, row, col, v, c.in_mnkr ? f.money : f.figure);
  } else {
    worksheet_write_string(ws, row, col, c.text.c_str(), c.emphasis ? f.emph : nullptr);
  }
}

void WriteReportSheet(lxw_workbook* wb, const DrawnReport& r, const Formats& f) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Rapport");
  worksheet_set_column(ws, 0, 0, 40, nullptr);
  worksheet_set_column(ws, 1, 9, 16, nullptr);
  lxw_row_t row = 0;
  worksheet_write_string(ws, row++, 0, ReportHeading(r).c_str(), f.title);
  worksheet_write_string(ws, row++, 0, DrawnFromLine(r).c_str(), nullptr);
  for (const auto& s : r.model.sections) {
    ++row;
    worksheet_write_string(ws, row++, 0, s.title.c_str(), f.heading);
    for (const auto& p : s.paragraphs) worksheet_write_string(ws, row++, 0, p.c_str(), nullptr);
    for (const auto& t : s.tables) {
      worksheet_write_string(ws, row++, 0, t.title.c_str(), f.header);
      if (t.rows.empty()) {
        worksheet_write_string(ws, row++, 0, t.empty_text.c_str(), nullptr);
        continue;
      }
      lxw_col_t col = 0;
      for (const auto& c : t.columns) worksheet_write_string(ws, row, col++, c.title.c_str(), f.header);
      worksheet_write_string(ws, row++, col, "Källa", f.header);
      for (const auto& cells : t.rows) {
        for (size_t i = 0; i < cells.size() && i < t.columns.size(); ++i)
          WriteCell(ws, row, static_cast<lxw_col_t>(i), cells[i], f);
        worksheet_write_string(ws, row++, static_cast<lxw_col_t>(t.columns.size()), RowSources(cells).c_str(), nullptr);
      }
    }
  }
}

void WriteSourcesSheet(lxw_workbook* wb, const DrawnReport& r, const Formats& f) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Källor");
  const char* headers[] = {"Fotnot", "Position", "Händelsetyp", "Registrerad", "Hash", "Trädstorlek", "Rot",
                           "Inklusionsbevis"};
  for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, 0, c, headers[c], f.header);
  worksheet_set_column(ws, 2, 3, 24, nullptr);
  for (size_t i = 0; i < r.citations.size(); ++i) {
    const engine::Citation& c = r.citations[i];
    auto row = static_cast<lxw_row_t>(i + 1);
    worksheet_write_number(ws, row, 0, static_cast<double>(i + 1), nullptr);
    worksheet_write_number(ws, row, 1, static_cast<double>(c.position), nullptr);
    worksheet_write_string(ws, row, 2, c.event_type.c_str(), nullptr);
    worksheet_write_string(ws, row, 3, engine::FormatLocalRfc3339(c.recorded_at).c_str(), nullptr);
    worksheet_write_string(ws, row, 4, storage::HashToHex(c.hash).c_str(), nullptr);
    auto p = r.proofs.find(c.position);
    if (p == r.proofs.end()) continue;
    std::string path;
    for (const auto& h : p->second.proof) path += (path.empty() ? "" : " ") + storage::HashToHex(h);
    worksheet_write_number(ws, row, 5, static_cast<double>(p->second.size), nullptr);
    worksheet_write_string(ws, row, 6, storage::HashToHex(p->second.root).c_str(), nullptr);
    worksheet_write_string(ws, row, 7, path.c_str(), nullptr);
  }
}

}  // namespace

Result<std::string> RenderXlsx(const DrawnReport& r) {
  std::string dir_template = (std::filesystem::temp_directory_path() / "arshjul-xlsx-XXXXXX").string();
  if (!mkdtemp(dir_template.data())) return Status::IOError("kunde inte skapa en tillfällig mapp för xlsx-filen");
  std::filesystem::path dir(dir_template);
  std::string path = (dir / "rapport.xlsx").string();
  lxw_workbook_options options{};
  options.tmpdir = dir_template.data();
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return Status::IOError("kunde inte skapa xlsx-filen");
  lxw_doc_properties props{};
  std::string title = ReportHeading(r);
  props.title = title.data();
  props.created = static_cast<time_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::sys_days(r.model.as_of).time_since_epoch()).count());
  workbook_set_properties(wb, &props);
  Formats f = MakeFormats(wb);
  WriteReportSheet(wb, r, f);
  WriteSourcesSheet(wb, r, f);
  lxw_error err = workbook_close(wb);
  std::string bytes;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    bytes = buf.str();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (err != LXW_NO_ERROR) return Status::IOError(std::string("xlsx: ") + lxw_strerror(err));
  return bytes;
}

}  // namespace arshjul::report
