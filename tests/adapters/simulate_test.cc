// `arshjul simulate` over a whole year of Exempelkommun, compared with the
// plan: every reminder and escalation the planned instances call for comes out
// exactly once, at its fire time in Stockholm time, to the people holding the
// responsible role that day.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/planner.h"
#include "arshjul/workflows/organization_loader.h"
#include "arshjul/workflows/template_loader.h"
#include "scheduler_commands.h"
#include "support/fake_clock.h"

namespace arshjul::cli {
namespace {

const std::string kExample = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun/";

struct Expected {
  Timestamp fire_at;
  std::string kind;
  std::vector<std::string> people;  // empty: not compared
};

std::map<std::string, Expected> PlannedNotifications(Timestamp from, Timestamp to) {
  auto tmpl = workflows::LoadTemplate(kExample + "arshjul.yaml");
  auto org = workflows::LoadOrganization(kExample + "organization.yaml");
  EXPECT_TRUE(tmpl.ok() && org.ok());
  std::map<std::string, Expected> out;
  for (int year = 2026; year <= 2028; ++year) {
    auto plan = engine::Plan(*tmpl, *org, year);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    if (!plan.ok()) continue;
    for (const auto& s : *plan) {
      for (const auto& r : s.reminders) {
        engine::Date day{std::chrono::sys_days(s.deadline) - std::chrono::days(r.days_before)};
        Timestamp fire = engine::LocalToUtc(day, r.hour, r.minute);
        if (fire < from || fire >= to) continue;
        char suffix[48];
        std::snprintf(suffix, sizeof suffix, "/reminder/%dd%02d%02d", r.days_before, r.hour, r.minute);
        std::vector<std::string> people;
        for (const auto& h : org->Holders(s.responsible_role, s.organ, day)) people.push_back(h.person_id);
        std::sort(people.begin(), people.end());
        out[s.id + suffix] = {fire, "reminder", people};
      }
      for (const auto& e : s.escalations) {
        engine::Date day{std::chrono::sys_days(s.deadline) + std::chrono::days(e.days_after)};
        Timestamp fire = engine::LocalToUtc(day, 8, 0);
        if (fire < from || fire >= to) continue;
        std::string kind = e.oversight_finding ? "finding" : "escalation";
        out[s.id + "/" + kind + "/" + std::to_string(e.days_after) + "d"] = {fire, kind, {}};
      }
    }
  }
  return out;
}

TEST(SimulateTest, AYearOfExempelkommunSendsEveryPlannedNotificationOnceToTheRoleHolders) {
  ASSERT_TRUE(engine::LoadStockholmTimeZone().ok());
  testing::FakeClock clock;
  testing::SequentialIdSource ids;
  std::ostringstream out, err;
  CliContext ctx;
  ctx.clock = &clock;
  ctx.ids = &ids;
  ctx.out = &out;
  ctx.err = &err;
  SimulateOptions o;
  o.template_path = kExample + "arshjul.yaml";
  o.org_path = kExample + "organization.yaml";
  o.from = "2027-01-01";
  o.to = "2027-12-31";
  ASSERT_EQ(RunSimulate(ctx, o), 0) << err.str();

  std::map<std::string, nlohmann::json> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(lines.emplace(j["notificationId"], j).second) << "twice: " << j["notificationId"];
  }
  auto expected = PlannedNotifications(engine::LocalToUtc(*engine::ParseDate("2027-01-01"), 0, 0),
                                       engine::LocalToUtc(*engine::ParseDate("2028-01-01"), 0, 0));
  ASSERT_GT(expected.size(), 500u);
  EXPECT_EQ(lines.size(), expected.size());
  int compared_people = 0, summer = 0;
  for (const auto& [id, want] : expected) {
    auto it = lines.find(id);
    if (it == lines.end()) {
      ADD_FAILURE() << "missing: " << id;
      continue;
    }
    const nlohmann::json& got = it->second;
    EXPECT_EQ(got["time"], engine::FormatLocalRfc3339(want.fire_at)) << id;
    EXPECT_EQ(got["kind"], want.kind) << id;
    EXPECT_EQ(got["late"], false) << id;
    EXPECT_FALSE(got["recipients"].empty()) << id;
    if (!want.people.empty()) {
      std::vector<std::string> people;
      for (const auto& r : got["recipients"]) people.push_back(r["person"]);
      EXPECT_EQ(people, want.people) << id;
      ++compared_people;
    }
    if (std::string(got["time"]).find("+02:00") != std::string::npos) ++summer;
  }
  EXPECT_GT(compared_people, 300);
  EXPECT_GT(summer, 100) << "summer-time reminders carry +02:00";
  // Socialnämnden's förvaltningschef changes on 1 July 2027.
  bool karin = false, mikael = false;
  for (const auto& [id, j] : lines) {
    if (j["organ"] != "sn" || j["kind"] != "reminder") continue;
    for (const auto& r : j["recipients"]) {
      if (r["person"] == "karin-holm") {
        karin = true;
        EXPECT_LT(std::string(j["time"]), "2027-07-01") << id;
      }
      if (r["person"] == "mikael-strand") {
        mikael = true;
        EXPECT_GE(std::string(j["time"]), "2027-07-01") << id;
      }
    }
  }
  EXPECT_TRUE(karin && mikael);
}

}  // namespace
}  // namespace arshjul::cli
