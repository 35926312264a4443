#include "table_writer.h"

#include <algorithm>

namespace arshjul::cli {

bool ParseOutputFormat(const std::string& text, OutputFormat* out) {
  if (text == "table") *out = OutputFormat::kTable;
  else if (text == "jsonl" || text == "json-lines") *out = OutputFormat::kJsonLines;
  else if (text == "json") *out = OutputFormat::kJson;
  else if (text == "csv") *out = OutputFormat::kCsv;
  else return false;
  return true;
}

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Invalid UTF-8 in stored text is shown replaced rather than aborting the output.
static std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

static std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

// The first `width` columns of `s`, the last one "…" when it was longer.
static std::string CutToWidth(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width || width == 0) return s;
  size_t kept = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && kept++ == width - 1) break;
  }
  return s.substr(0, i) + "…";
}

// Narrows the widest columns until a row fits kMaxTableWidth (never a column
// below its heading or kMinColumn).
static void FitWidths(std::vector<size_t>& width, const std::vector<std::string>& columns) {
  constexpr size_t kMaxTableWidth = 120, kMinColumn = 12;
  auto total = [&] {
    size_t t = width.empty() ? 0 : 2 * (width.size() - 1);
    for (size_t w : width) t += w;
    return t;
  };
  while (total() > kMaxTableWidth) {
    size_t widest = 0;
    for (size_t i = 1; i < width.size(); ++i)
      if (width[i] > width[widest]) widest = i;
    if (width[widest] <= std::max(kMinColumn, DisplayWidth(columns[widest]))) return;  // nothing left to narrow
    --width[widest];  // one at a time: the long columns end up cut evenly
  }
}

TableWriter::TableWriter(std::ostream& out, OutputFormat format, std::vector<std::string> columns)
    : out_(out), format_(format), columns_(std::move(columns)) {
  if (format_ == OutputFormat::kCsv) {
    for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << CsvCell(columns_[i]);
    out_ << "\r\n";
  }
}

void TableWriter::Row(const std::vector<std::string>& cells, const nlohmann::json& json) {
  switch (format_) {
    case OutputFormat::kTable: rows_.push_back(cells); break;
    case OutputFormat::kCsv:
      for (size_t i = 0; i < cells.size(); ++i) out_ << (i ? "," : "") << CsvCell(cells[i]);
      out_ << "\r\n";
      break;
    case OutputFormat::kJsonLines: out_ << Dump(json) << "\n"; break;
    case OutputFormat::kJson:
      out_ << (first_json_ ? "[\n" : ",\n") << Dump(json);
      first_json_ = false;
      break;
  }
}

void TableWriter::TableRow(const std::vector<std::string>& cells) {
  if (format_ == OutputFormat::kTable || format_ == OutputFormat::kCsv) Row(cells, nullptr);
}

void TableWriter::Finish() {
  if (format_ == OutputFormat::kJson) {
    out_ << (first_json_ ? "[]\n" : "\n]\n");
    return;
  }
  if (format_ != OutputFormat::kTable) return;
  std::vector<size_t> width(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) width[i] = DisplayWidth(columns_[i]);
  for (const auto& r : rows_)
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], DisplayWidth(r[i]));
  FitWidths(width, columns_);  // 120 columns: long text is cut with …
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string cell = i < width.size() ? CutToWidth(cells[i], width[i]) : cells[i];
      out_ << cell;
      if (i + 1 < cells.size() && i < width.size()) out_ << std::string(width[i] - DisplayWidth(cell) + 2, ' ');
    }
    out_ << "\n";
  };
  line(columns_);
  for (const auto& r : rows_) line(r);
  rows_.clear();
}

}  // namespace arshjul::cli
