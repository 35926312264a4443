// Effective dates that are true: a store initialised long after the
// organisation file's valid_from answers `show organization --as-of` and
// `show uppsikt --as-of` for an earlier date exactly as a store initialised on
// that date does — the CLI run as main wires it, with a fake clock.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "context.h"
#include "domain_commands.h"
#include "show_command.h"
#include "support/fake_clock.h"

namespace arshjul::cli {
namespace {

const std::string kOrg = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun/organization.yaml";

class Cli {
 public:
  Cli(const std::string& dir, const char* now) : clock_(testing::At(now)) {
    ctx_.data_dir = dir;
    ctx_.clock = &clock_;
    ctx_.ids = &ids_;
    ctx_.types = engine::StoreTypeRegistry();
    ctx_.describe = DescribeEvent;
  }

  // Runs `arshjul ARGS` and returns stdout; fails the test on a non-zero exit.
  std::string Run(std::vector<std::string> args) {
    std::ostringstream out, err;
    ctx_.out = &out;
    ctx_.err = &err;
    CLI::App app{"arshjul", "arshjul"};
    app.require_subcommand(1);
    int exit_code = 0;
    AddDomainCommands(app, ctx_, &exit_code);
    AddShowCommand(app, ctx_, &exit_code);
    args.insert(args.begin(), "arshjul");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    app.parse(static_cast<int>(argv.size()), argv.data());
    EXPECT_EQ(exit_code, 0) << err.str();
    return out.str();
  }

 private:
  testing::FakeClock clock_;
  testing::SequentialIdSource ids_;
  CliContext ctx_;
};

class EffectiveDates : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(engine::LoadStockholmTimeZone().ok());
    char tmpl[] = "/tmp/arshjul-effective-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::string root_;
};

TEST_F(EffectiveDates, AStoreInitialisedLaterAnswersAsOfAnEarlierDateLikeOneInitialisedThen) {
  Cli early(root_ + "/early", "2026-01-15T09:00:00Z");
  Cli late(root_ + "/late", "2027-06-01T09:00:00Z");
  early.Run({"init", "--org", kOrg});
  late.Run({"init", "--org", kOrg});

  for (const char* as_of : {"2026-01-01", "2026-04-01", "2026-12-31"}) {
    SCOPED_TRACE(as_of);
    for (const char* format : {"json", "table"}) {
      const std::vector<std::string> org = {"show", "organization", "--as-of", as_of, "--format", format};
      const std::string then = early.Run(org);
      EXPECT_EQ(late.Run(org), then);
      const std::vector<std::string> uppsikt = {"show", "uppsikt", "--as-of", as_of, "--format", format};
      EXPECT_EQ(late.Run(uppsikt), early.Run(uppsikt));
    }
  }

  // And the answer is the organisation itself: names, kinds and reporting lines.
  const std::string april = late.Run({"show", "organization", "--as-of", "2026-04-01", "--format", "json"});
  EXPECT_NE(april.find("Barn- och utbildningsnämnden"), std::string::npos) << april.substr(0, 2000);
  EXPECT_NE(april.find("executive_board"), std::string::npos);
  EXPECT_NE(april.find("\"kf\""), std::string::npos);
  // The table speaks Swedish: the organ kinds by their Swedish names.
  const std::string table = late.Run({"show", "organization", "--format", "table"});
  EXPECT_NE(table.find("nämnd"), std::string::npos) << table.substr(0, 1500);
  EXPECT_NE(table.find("kommunstyrelse"), std::string::npos);
  EXPECT_EQ(table.find("committee"), std::string::npos) << table.substr(0, 1500);
  const std::string before = late.Run({"show", "organization", "--as-of", "2025-12-31", "--format", "json"});
  EXPECT_EQ(before.find("Barn- och utbildningsnämnden"), std::string::npos) << "nothing was true before valid_from";
}

// The number of meetings `show organization` lists for an organ (JSON).
int Meetings(const std::string& json, const std::string& organ) {
  const size_t at = json.find("\"id\":\"" + organ + "\"");
  if (at == std::string::npos) return -1;
  const size_t m = json.find("\"meetings\":", at);
  return std::stoi(json.substr(m + 11));
}

TEST_F(EffectiveDates, EveryMeetingIsInForceFromItsOwnDate) {
  Cli late(root_ + "/late", "2027-06-01T09:00:00Z");
  late.Run({"init", "--org", kOrg});
  auto as_of = [&](const char* date) {
    std::vector<std::string> args = {"show", "organization", "--format", "json"};
    if (*date) args.insert(args.end(), {"--as-of", date});
    return Meetings(late.Run(args), "bun");
  };
  const int january = as_of("2026-01-31"), april = as_of("2026-04-30"), year_end = as_of("2026-12-31"), all = as_of("");
  EXPECT_GT(april, january);  // the meetings of February–April were held by then
  EXPECT_GT(year_end, april);
  EXPECT_GT(all, year_end);  // 2027 and 2028 are planned, not yet held at the end of 2026
  EXPECT_EQ(as_of("2025-12-31"), -1);
}

// The meeting plan is known before its meetings: as of a day, `show findings`
// and `show uppsikt` judge the sammanträdesplan as recorded (2026–2028 in the
// example), not by the meetings held by then, which never include next year's.
TEST_F(EffectiveDates, AsOfADayTheMeetingPlanIsJudgedAsRecorded) {
  Cli late(root_ + "/late", "2027-06-01T09:00:00Z");
  late.Run({"init", "--org", kOrg});
  auto findings = [&](const char* as_of) {
    return late.Run({"show", "findings", "--as-of", as_of, "--format", "json"});
  };
  for (const char* as_of : {"2026-08-30", "2026-12-31", "2027-01-05"}) {
    SCOPED_TRACE(as_of);
    EXPECT_EQ(findings(as_of).find("meeting_plan_missing"), std::string::npos) << findings(as_of).substr(0, 1500);
    const std::string uppsikt = late.Run({"show", "uppsikt", "--as-of", as_of, "--format", "json"});
    EXPECT_EQ(uppsikt.find("\"findings\":1"), std::string::npos) << uppsikt.substr(0, 1500);
  }
  // A year no plan was recorded for is still missing: 2029, next year as of March 2028.
  const std::string in_2028 = findings("2028-03-01");
  EXPECT_NE(in_2028.find("\"subject\":\"kf/2029\""), std::string::npos) << in_2028.substr(0, 1500);
  EXPECT_EQ(in_2028.find("kf/2028"), std::string::npos) << in_2028.substr(0, 1500);
  // show organization as of a day still counts only the meetings held by then.
  const std::string org = late.Run({"show", "organization", "--as-of", "2026-08-30", "--format", "json"});
  EXPECT_LT(Meetings(org, "kf"), Meetings(late.Run({"show", "organization", "--format", "json"}), "kf"));
}

}  // namespace
}  // namespace arshjul::cli
