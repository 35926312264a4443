#include "table_writer.h"

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
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      out_ << cells[i];
      if (i + 1 < cells.size()) out_ << std::string(width[i] - DisplayWidth(cells[i]) + 2, ' ');
    }
    out_ << "\n";
  };
  line(columns_);
  for (const auto& r : rows_) line(r);
  rows_.clear();
}

}  // namespace arshjul::cli
