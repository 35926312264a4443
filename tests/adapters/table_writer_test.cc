// TableWriter: the aligned table (widths in code points, so å counts once),
// CSV quoting (RFC 4180, CRLF), JSON lines and the JSON array, and the
// format names --format accepts.
#include "table_writer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace arshjul::cli {
namespace {

std::string Render(OutputFormat f, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<nlohmann::json>& json = {}) {
  std::ostringstream out;
  TableWriter t(out, f, {"organ", "rubrik"});
  for (size_t i = 0; i < rows.size(); ++i) t.Row(rows[i], i < json.size() ? json[i] : nlohmann::json());
  t.Finish();
  return out.str();
}

TEST(TableWriterTest, TableAlignsColumnsByCodePointsNotBytes) {
  EXPECT_EQ(Render(OutputFormat::kTable, {{"bun", "Skolskjuts"}, {"kulturnämnd", "Å"}}),
            "organ        rubrik\n"
            "bun          Skolskjuts\n"
            "kulturnämnd  Å\n");
  EXPECT_EQ(DisplayWidth("nämnd"), 5u);
  EXPECT_EQ(DisplayWidth("åäö"), 3u);
}

TEST(TableWriterTest, CsvQuotesCommasQuotesAndLineBreaksAndEndsLinesWithCrLf) {
  EXPECT_EQ(Render(OutputFormat::kCsv, {{"bun", "a, b"}, {"sn", "säg \"hej\""}, {"ks", "rad\nny"}}),
            "organ,rubrik\r\n"
            "bun,\"a, b\"\r\n"
            "sn,\"säg \"\"hej\"\"\"\r\n"
            "ks,\"rad\nny\"\r\n");
}

TEST(TableWriterTest, JsonLinesWritesOneObjectPerRowAndJsonAnArray) {
  std::vector<nlohmann::json> json = {{{"organ", "bun"}}, {{"organ", "sn"}}};
  EXPECT_EQ(Render(OutputFormat::kJsonLines, {{"bun", "x"}, {"sn", "y"}}, json), "{\"organ\":\"bun\"}\n{\"organ\":\"sn\"}\n");
  EXPECT_EQ(Render(OutputFormat::kJson, {{"bun", "x"}, {"sn", "y"}}, json), "[\n{\"organ\":\"bun\"},\n{\"organ\":\"sn\"}\n]\n");
  EXPECT_EQ(Render(OutputFormat::kJson, {}), "[]\n");
}

TEST(TableWriterTest, ATableRowIsLeftOutOfTheJsonFormats) {
  auto render = [](OutputFormat f) {
    std::ostringstream out;
    TableWriter t(out, f, {"organ", "rubrik"});
    t.Row({"bun", "Mål"}, {{"organ", "bun"}});
    t.TableRow({"", "skäl"});
    t.Finish();
    return out.str();
  };
  EXPECT_EQ(render(OutputFormat::kTable), "organ  rubrik\nbun    Mål\n       skäl\n");
  EXPECT_EQ(render(OutputFormat::kCsv), "organ,rubrik\r\nbun,Mål\r\n,skäl\r\n");
  EXPECT_EQ(render(OutputFormat::kJsonLines), "{\"organ\":\"bun\"}\n");
  EXPECT_EQ(render(OutputFormat::kJson), "[\n{\"organ\":\"bun\"}\n]\n");
}

TEST(TableWriterTest, InvalidUtf8InJsonIsReplacedNotFatal) {
  std::string out = Render(OutputFormat::kJsonLines, {{"bun", "x"}}, {{{"t", std::string("a\xff")}}});
  EXPECT_EQ(out, "{\"t\":\"a\xEF\xBF\xBD\"}\n");
}

TEST(TableWriterTest, FormatNames) {
  OutputFormat f;
  ASSERT_TRUE(ParseOutputFormat("table", &f));
  EXPECT_EQ(f, OutputFormat::kTable);
  ASSERT_TRUE(ParseOutputFormat("jsonl", &f));
  EXPECT_EQ(f, OutputFormat::kJsonLines);
  ASSERT_TRUE(ParseOutputFormat("json-lines", &f));
  EXPECT_EQ(f, OutputFormat::kJsonLines);
  ASSERT_TRUE(ParseOutputFormat("json", &f));
  EXPECT_EQ(f, OutputFormat::kJson);
  ASSERT_TRUE(ParseOutputFormat("csv", &f));
  EXPECT_EQ(f, OutputFormat::kCsv);
  EXPECT_FALSE(ParseOutputFormat("xml", &f));
  EXPECT_FALSE(ParseOutputFormat("CSV", &f));
}

// A table fits 120 columns: the longest cells are cut with "…", short ones kept.
TEST(TableWriterTest, TableFits120ColumnsCuttingLongTextWithAnEllipsis) {
  std::ostringstream out;
  TableWriter t(out, OutputFormat::kTable, {"frist", "titel", "lagrum"});
  const std::string title(150, 'x');
  t.Row({"2027-03-10", "Årsredovisningen " + title, "KL 11 kap. 19–20 §§"}, nullptr);
  t.Finish();
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(DisplayWidth(line), 120u) << line;
  EXPECT_NE(out.str().find("Årsredovisningen xxx"), std::string::npos);
  EXPECT_NE(out.str().find("x…"), std::string::npos);
  EXPECT_NE(out.str().find("KL 11 kap. 19–20 §§"), std::string::npos) << "a short cell is not cut";
}

}  // namespace
}  // namespace arshjul::cli
