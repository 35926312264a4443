// DiffOrganization: only what changed becomes a command — nothing for an
// unchanged organisation, a moved meeting as MoveMeeting (within a month), a
// person leaving a role as EndRole, a new holding as AssignRole — with ids
// "<prefix>/<n>" and the given actor; what a file cannot express is a warning.
#include "arshjul/engine/organization_changes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {
namespace {

Date D(const char* s) { return *ParseDate(s); }

Organization Base() {
  Organization o;
  o.municipality_id = "test";
  o.municipality_name = "Testkommun";
  o.organs["kf"] = Organ{"kf", "Kommunfullmäktige", OrganKind::kCouncil, "", {D("2027-02-15"), D("2027-06-14")}};
  o.roles["controller"] = Role{"controller", "Controller", ""};
  o.people["cia"] = Person{"cia", "Cia", "cia@test.se"};
  o.holdings.push_back(RoleHolding{"cia", "controller", "kf", D("2026-01-01"), std::nullopt});
  return o;
}

const storage::Actor kActor{"system", "system", "ks"};

std::vector<std::string> Names(const OrganizationDiff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.commands) out.push_back(c.name);
  return out;
}

TEST(OrganizationChangesTest, AnUnchangedOrganisationGivesNoCommands) {
  auto d = DiffOrganization(Base(), Base(), kActor, "org/7");
  EXPECT_TRUE(d.commands.empty()) << d.commands[0].name;
  EXPECT_TRUE(d.warnings.empty());
}

TEST(OrganizationChangesTest, FromNothingEverythingIsDefinedInDependencyOrder) {
  auto d = DiffOrganization(Organization{}, Base(), kActor, "org/0");
  EXPECT_EQ(Names(d), (std::vector<std::string>{"NameMunicipality", "DefineOrgan", "DefineRole", "RegisterPerson",
                                                "AssignRole", "ScheduleMeeting", "ScheduleMeeting"}));
  for (size_t i = 0; i < d.commands.size(); ++i) {
    EXPECT_EQ(d.commands[i].command_id, "org/0/" + std::to_string(i));
    EXPECT_EQ(d.commands[i].actor.person_id, "system");
  }
}

TEST(OrganizationChangesTest, AMeetingMovedWithinAMonthIsMovedAndAFarOneCancelledAndScheduled) {
  Organization want = Base();
  want.organs["kf"].meetings = {D("2027-02-22"), D("2027-09-20")};
  auto d = DiffOrganization(Base(), want, kActor, "org/9");
  ASSERT_EQ(Names(d), (std::vector<std::string>{"MoveMeeting", "CancelMeeting", "ScheduleMeeting"}));
  EXPECT_EQ(nlohmann::json::parse(d.commands[0].payload_json),
            nlohmann::json::parse(R"({"organ":"kf","from":"2027-02-15","to":"2027-02-22"})"));
  EXPECT_EQ(nlohmann::json::parse(d.commands[1].payload_json)["date"], "2027-06-14");
  EXPECT_EQ(nlohmann::json::parse(d.commands[2].payload_json)["date"], "2027-09-20");
}

TEST(OrganizationChangesTest, APersonLeavingARoleIsEndRoleAndANewHoldingAssignRole) {
  Organization want = Base();
  want.holdings[0].to = D("2027-06-30");
  want.holdings.push_back(RoleHolding{"cia", "controller", "kf", D("2027-09-01"), std::nullopt});
  auto d = DiffOrganization(Base(), want, kActor, "org/3");
  ASSERT_EQ(Names(d), (std::vector<std::string>{"EndRole", "AssignRole"}));
  EXPECT_EQ(nlohmann::json::parse(d.commands[0].payload_json),
            nlohmann::json::parse(
                R"({"person":"cia","role":"controller","organ":"kf","from":"2026-01-01","to":"2027-06-30"})"));
  EXPECT_EQ(nlohmann::json::parse(d.commands[1].payload_json)["from"], "2027-09-01");
}

TEST(OrganizationChangesTest, WhatAFileCannotExpressIsAWarningNotACommand) {
  Organization cur = Base();
  cur.holdings[0].to = D("2027-06-30");
  auto d = DiffOrganization(cur, Base(), kActor, "org/4");  // the end date removed again
  EXPECT_TRUE(d.commands.empty());
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("cia/controller/kf"), std::string::npos) << d.warnings[0];
}

}  // namespace
}  // namespace arshjul::engine
