// The wheel's geometry (months weighted by days, angles clockwise from the
// top) and its SVG, including a golden file of the example kommun's wheel for
// 2027 (tests/adapters/golden/wheel_2027_exempelkommun.svg): the plan comes
// from the planner over the shipped organisation and årshjul, so any change
// to the drawing shows as a diff. ARSHJUL_UPDATE_GOLDEN=1 rewrites the file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "plan_command.h"
#include "wheel.h"
#include "wheel_plan.h"

namespace arshjul::web {
namespace {

using namespace std::chrono;

engine::Date D(int y, unsigned m, unsigned d) { return engine::Date{year{y}, month{m}, day{d}}; }

TEST(WheelGeometry, AnglesRunClockwiseFromJanuaryAtTheTop) {
  EXPECT_DOUBLE_EQ(AngleOf(D(2027, 1, 1), 2027), 0.0);
  EXPECT_NEAR(AngleOf(D(2027, 7, 1), 2027), 181.0 / 365.0 * 360.0, 1e-9);
  EXPECT_NEAR(AngleOf(D(2028, 7, 1), 2028), 182.0 / 366.0 * 360.0, 1e-9);  // a leap year has 366 days
  EXPECT_DOUBLE_EQ(AngleOf(D(2026, 12, 31), 2027), 0.0);                    // clamped to the year
  EXPECT_DOUBLE_EQ(AngleOf(D(2028, 2, 1), 2027), 360.0);
  Point top = PointAt(100, 50, 0), right = PointAt(100, 50, 90);
  EXPECT_NEAR(top.x, 100, 1e-9);
  EXPECT_NEAR(top.y, 50, 1e-9);
  EXPECT_NEAR(right.x, 150, 1e-9);
  EXPECT_NEAR(right.y, 100, 1e-9);
}

TEST(WheelGeometry, MonthsAreSectorsWeightedByTheirDays) {
  auto months = MonthSectors(2027);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_DOUBLE_EQ(months.front().start, 0.0);
  EXPECT_DOUBLE_EQ(months.back().end, 360.0);
  for (size_t k = 1; k < months.size(); ++k) EXPECT_DOUBLE_EQ(months[k].start, months[k - 1].end);
  EXPECT_NEAR(months[1].end - months[1].start, 28.0 / 365.0 * 360.0, 1e-9);   // February
  EXPECT_NEAR(months[0].end - months[0].start, 31.0 / 365.0 * 360.0, 1e-9);   // January
  EXPECT_NEAR(MonthSectors(2028)[1].end - MonthSectors(2028)[1].start, 29.0 / 366.0 * 360.0, 1e-9);
}

TEST(WheelGeometry, AnArcOverHalfTheCircleUsesTheLargeArcFlag) {
  EXPECT_NE(AnnularSectorPath(100, 10, 20, 0, 90).find(" 0 0 1 "), std::string::npos);
  EXPECT_NE(AnnularSectorPath(100, 10, 20, 0, 270).find(" 0 1 1 "), std::string::npos);
}

TEST(WheelSvg, StatesAreDrawnAsShapesAndSaidInWords) {
  WheelSpec s;
  s.year = 2027;
  s.title = "Test <&>";
  s.rings = {{"bun", "BUN"}};
  WheelItem late{"a", "Sent steg (försenat)", "bun", std::nullopt, D(2027, 3, 1), false, false, true, false, "/x?a=1&b=2"};
  WheelItem prel{"b", "Preliminärt", "bun", D(2027, 2, 1), D(2027, 4, 1), true, false, false, false, ""};
  WheelItem other{"c", "Annan ring", "ks", std::nullopt, D(2027, 5, 1), false, false, false, false, ""};
  s.items = {late, prel, other};
  s.today = D(2027, 6, 15);
  std::string svg = RenderWheelSvg(s);
  EXPECT_NE(svg.find("<title>Test &lt;&amp;&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"pin late\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"pin preliminary\""), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_NE(svg.find("href=\"/x?a=1&amp;b=2\" aria-label=\"Sent steg (försenat)\""), std::string::npos);
  EXPECT_EQ(svg.find("Annan ring"), std::string::npos);  // no ring for ks: not drawn
  EXPECT_NE(svg.find("class=\"hand\""), std::string::npos);
  s.today = D(2026, 6, 15);
  EXPECT_EQ(RenderWheelSvg(s).find("class=\"hand\""), std::string::npos);  // today outside the year: no hand
}

TEST(WheelSvg, OverlappingPeriodsOfARingLieInLanesSideBySide) {
  WheelSpec s;
  s.year = 2027;
  s.rings = {{"bun", "BUN"}};
  WheelItem a{"a", "Hela året", "bun", D(2027, 1, 1), D(2027, 12, 31), false, false, false, false, ""};
  WheelItem b{"b", "Våren", "bun", D(2027, 2, 1), D(2027, 5, 31), false, false, false, false, ""};
  WheelItem c{"c", "Hösten", "bun", D(2027, 8, 1), D(2027, 10, 31), false, false, false, false, ""};
  s.items = {a, b, c};
  std::string svg = RenderWheelSvg(s);
  // Three arcs; the spring and autumn share the lane beside the whole year's.
  auto radius_of = [&](const std::string& svg_text, size_t nth) {
    size_t at = 0;
    for (size_t k = 0; k <= nth; ++k) at = svg_text.find("class=\"period\" d=\"M", at + 1);
    size_t arc = svg_text.find(" A", at);
    return std::stod(svg_text.substr(arc + 2, svg_text.find(' ', arc + 2) - arc - 2));
  };
  double r_year = radius_of(svg, 0), r_spring = radius_of(svg, 1), r_autumn = radius_of(svg, 2);
  EXPECT_NE(r_year, r_spring);
  EXPECT_DOUBLE_EQ(r_spring, r_autumn);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(WheelSvg, ExampleKommun2027MatchesTheGoldenFile) {
  std::string example = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun/";
  cli::PlanCommandOptions o;
  o.organization_path = example + "organization.yaml";
  o.template_path = example + "arshjul.yaml";
  o.year = 2027;
  o.format = "json";
  std::ostringstream out, err;
  ASSERT_EQ(cli::RunPlanCommand(o, out, err), 0) << err.str();
  nlohmann::json plan = nlohmann::json::parse(out.str());
  engine::Organization org;
  org.municipality_name = "Exempelkommun";
  for (const char* id : {"kf", "ks", "bun", "sn"}) org.organs[id] = engine::Organ{id, id, engine::OrganKind::kCommittee, "", {}};
  org.organs["kf"].kind = engine::OrganKind::kCouncil;
  org.organs["ks"].kind = engine::OrganKind::kExecutiveBoard;
  WheelChoice c;
  c.year = 2027;
  c.today = D(2027, 5, 15);
  ASSERT_FALSE(plan["instances"].empty());
  c.selected = plan["instances"][0]["id"];
  c.done[plan["instances"][1]["id"]] = "2027-01-20";
  c.href = [](const std::string& id) { return "/arshjul?steg=" + id; };
  std::string svg = RenderWheelSvg(WheelFromPlan(plan, org, c));
  EXPECT_NE(svg.find("class=\"pin done\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"pin late\""), std::string::npos);
  std::string golden_path = std::string(ARSHJUL_SOURCE_DIR) + "/tests/adapters/golden/wheel_2027_exempelkommun.svg";
  if (std::getenv("ARSHJUL_UPDATE_GOLDEN")) std::ofstream(golden_path, std::ios::binary) << svg;
  std::string golden = ReadFile(golden_path);
  ASSERT_FALSE(golden.empty()) << "run once with ARSHJUL_UPDATE_GOLDEN=1 to write " << golden_path;
  EXPECT_EQ(svg, golden) << "the wheel changed; look at it, then ARSHJUL_UPDATE_GOLDEN=1 to accept";
  EXPECT_EQ(RenderWheelSvg(WheelFromPlan(plan, org, c)), svg);  // stable
}

}  // namespace
}  // namespace arshjul::web
