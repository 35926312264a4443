// TableWriter: renders rows as an aligned text table, CSV (RFC 4180) or JSON
// lines. Buffers rows only in table format (to size the columns); CSV and JSON
// lines stream. Not thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace arshjul::cli {

enum class OutputFormat { kTable, kJsonLines, kCsv, kJson };

// Parses "table", "json", "jsonl"/"json-lines", "csv". Returns false on anything else.
bool ParseOutputFormat(const std::string& text, OutputFormat* out);

class TableWriter {
 public:
  TableWriter(std::ostream& out, OutputFormat format, std::vector<std::string> columns);
  // One row: `cells` for table/CSV (one per column), `json` for JSON formats.
  void Row(const std::vector<std::string>& cells, const nlohmann::json& json);
  // A row only the table and CSV show: a detail whose content the JSON formats
  // already carry in the row before it (a goal's reasons, its förändringsteori).
  void TableRow(const std::vector<std::string>& cells);
  // Writes what is buffered (the table, or the closing bracket of a JSON array).
  void Finish();

 private:
  std::ostream& out_;
  OutputFormat format_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
  bool first_json_ = true;
};

// Display width in columns of a UTF-8 string (counts code points).
size_t DisplayWidth(const std::string& s);

}  // namespace arshjul::cli
