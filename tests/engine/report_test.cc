// The report model (engine/report.h): each figure cites the event holding it,
// in the payload field named; computed figures name their formula; the period
// chooses which forecast and measurement are reported; a missing Kolada value
// is "saknas", never 0; kommunstyrelsen's version compiles every nämnd.
#include <gtest/gtest.h>

#include "arshjul/engine/report.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::PureDomain;

Date Day(const char* text) { return *ParseDate(text); }

const Table& FindTable(const Report& r, const std::string& title) {
  for (const auto& s : r.sections)
    for (const auto& t : s.tables)
      if (t.title.rfind(title, 0) == 0) return t;
  ADD_FAILURE() << "no table " << title;
  static Table none;
  return none;
}

const Cell& At(const Table& t, size_t row, const std::string& column) {
  for (size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].id == column) return t.rows.at(row).at(i);
  ADD_FAILURE() << "no column " << column;
  static Cell none;
  return none;
}

class ReportModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    d.MustRecord("ReportForecast", "f-3", "cia/controller/bun",
                 R"({"organ":"bun","year":2026,"month":3,"budget":100000000,"forecast":98000000})");
    d.MustRecord("ReportForecast", "f-9", "cia/controller/bun",
                 R"({"organ":"bun","year":2026,"month":9,"budget":100000000,"forecast":106300000,
                     "remedialActions":["Vakanser tillsätts inte"]})");
    d.MustRecord("AdoptInternalControlPlan", "ikp", "bo/namndsekreterare/bun",
                 R"({"id":"ikp","organ":"bun","year":2026,"risks":[{"id":"r1","description":"Fel utbetalning",
                     "likelihood":3,"consequence":4,"category":"operational"}],
                     "controls":[{"id":"k1","riskId":"r1","description":"Stickprov"}]})");
    d.MustRecord("DefineIndicator", "ind", "bo/namndsekreterare/bun",
                 R"({"id":"i1","organ":"bun","name":"Behörighet","method":"quantitative","periodicity":"yearly",
                     "target":90,"koladaKpi":"N15419"})");
    d.MustRecord("MeasureIndicator", "m1", "bo/namndsekreterare/bun",
                 R"({"indicatorId":"i1","organ":"bun","periodEnd":"2025-12-31","gender":"T","missing":true})");
  }
  Report Draw(ReportKind kind, const char* organ, const char* from, const char* to) {
    auto r = DrawReport(d.state(), ReportRequest{kind, organ, Day(from), Day(to), Day(to)});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : Report{};
  }
  PureDomain d;
};

TEST_F(ReportModelTest, TheForecastOfThePeriodIsCitedFieldByField) {
  Report r = Draw(ReportKind::kInterim, "bun", "2026-01-01", "2026-04-30");
  const Table& t = FindTable(r, "Prognos");
  ASSERT_EQ(t.rows.size(), 1u);
  const ForecastRow& march = d.state().forecast_history.front();
  const Cell& budget = At(t, 0, "budget");
  ASSERT_TRUE(budget.citation);
  EXPECT_EQ(budget.citation->position, march.source.position);
  EXPECT_EQ(budget.citation->event_type, "ForecastReported");
  EXPECT_EQ(budget.citation->hash, march.source.hash);
  EXPECT_EQ(budget.field, "budget");
  EXPECT_EQ(budget.raw, 100000000.0);
  EXPECT_EQ(budget.text, "100,0");
  const Cell& deviation = At(t, 0, "deviation");
  EXPECT_FALSE(deviation.citation);
  EXPECT_EQ(deviation.formula, "budget - forecast");
  EXPECT_EQ(deviation.number, 2000000.0);

  Report later = Draw(ReportKind::kInterim, "bun", "2026-01-01", "2026-09-30");
  const Cell& dev9 = At(FindTable(later, "Prognos"), 0, "deviation");
  EXPECT_EQ(dev9.text, "−6,3");  // the September forecast, the Swedish way
  EXPECT_TRUE(dev9.emphasis);
}

TEST_F(ReportModelTest, RisksCarryLikelihoodConsequenceAndTheirProduct) {
  Report r = Draw(ReportKind::kAnnual, "bun", "2026-01-01", "2026-12-31");
  const Table& t = FindTable(r, "Risker");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(At(t, 0, "likelihood").field, "risks[id=r1]/likelihood");
  EXPECT_EQ(At(t, 0, "likelihood").raw, 3.0);
  EXPECT_EQ(At(t, 0, "consequence").raw, 4.0);
  EXPECT_EQ(At(t, 0, "value").formula, "likelihood * consequence");
  EXPECT_EQ(At(t, 0, "value").number, 12.0);
  EXPECT_EQ(At(t, 0, "category").text, "operativ");  // Tranemo's split (rule risk.category)
  EXPECT_EQ(At(t, 0, "category").field, "risks[id=r1]/category");
  EXPECT_EQ(At(t, 0, "category").raw, "operational");
  EXPECT_EQ(At(FindTable(r, "Kontroller"), 0, "result").text, "ej utförd");
}

TEST_F(ReportModelTest, AMissingValueIsSaknasNeverZero) {
  Report r = Draw(ReportKind::kAnnual, "bun", "2025-01-01", "2025-12-31");
  const Table& t = FindTable(r, "Indikatorer");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(At(t, 0, "value").text, "saknas");
  EXPECT_FALSE(At(t, 0, "value").number);
  EXPECT_EQ(At(t, 0, "gender").text, "T");
  EXPECT_EQ(At(t, 0, "gap").text, "–");
}

TEST_F(ReportModelTest, KommunstyrelsensVersionCompilesEveryNamnd) {
  Report r = Draw(ReportKind::kAnnual, "ks", "2026-01-01", "2026-12-31");
  ASSERT_FALSE(r.sections.empty());
  EXPECT_EQ(r.sections.front().title, "Sammanställning");
  bool bun = false, sn = false;
  for (const auto& s : r.sections) {
    bun |= s.title.find("bun") != std::string::npos || s.title.find("Barn") != std::string::npos;
    sn |= s.title.find("sn") != std::string::npos || s.title.find("Social") != std::string::npos;
  }
  EXPECT_TRUE(bun && sn);
  EXPECT_FALSE(Citations(r).empty());
}

TEST_F(ReportModelTest, AnUnknownOrganIsRefusedNamingTheFlag) {
  auto r = DrawReport(d.state(), ReportRequest{ReportKind::kInterim, "xyz", Day("2026-01-01"), Day("2026-08-31"),
                                               Day("2026-08-31")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "--organ");
}

}  // namespace
}  // namespace arshjul::engine
