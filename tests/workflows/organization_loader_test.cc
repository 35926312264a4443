// Tests for reading and writing the organisation file: every kind of bad input
// is refused with the file, line and field named; good input comes out as the
// engine's Organization, with defaults filled in; writing and reading again
// gives the same Organization. The example kommun has its own tests in
// exempelkommun_test.cc.

#include "arshjul/workflows/organization_loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/temp_dir.h"

namespace arshjul::workflows {
namespace {

using engine::Date;
using engine::OrganKind;

Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}; }

// A small valid file. The bad-input cases below edit it and name lines of it.
constexpr std::string_view kBase = R"(municipality:
  id: testkommun
  name: Testkommun
organs:
  - id: kf
    name: Kommunfullmäktige
    kind: council
    meetings:
      2026: [2026-06-15, 2026-02-23]
  - id: ks
    name: Kommunstyrelsen
    kind: executive_board
    reports_to: kf
  - id: bun
    name: Barn- och utbildningsnämnden
    kind: committee
    reports_to: ks
roles:
  - id: kommunchef
    name: Kommunchef
  - id: forvaltningschef
    name: Förvaltningschef
    superior: kommunchef
people:
  - id: anna
    name: Anna Andersson
    email: anna.andersson@testkommun.se
    roles:
      - {role: forvaltningschef, organ: bun, from: 2026-01-01, to: 2026-12-31}
rules:
  goal.links: {enabled: false}
  assignment.via_municipal_manager:
    params: {role: kommunchef}
)";

using Edit = std::pair<std::string_view, std::string_view>;

// kBase with each `from` (which must occur exactly once) replaced by `to`.
std::string Edited(const std::vector<Edit>& edits) {
  std::string text(kBase);
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "not in the base file: " << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "more than once in the base file: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

struct BadCase {
  const char* name;
  std::vector<Edit> edits;
  int line;
  const char* field;
  const char* fragment;  // a part of the message after "file:line: field: "
};

const std::vector<BadCase>& BadCases() {
  static const std::vector<BadCase> kCases = {
      {"UnknownTopLevelKey",
       {{"rules:\n", "regler:\n"}},
       30,
       "regler",
       "okänt fält 'regler' (tillåtna: municipality, valid_from, organs, roles, people, rules)"},
      {"MissingMunicipality",
       {{"municipality:\n  id: testkommun\n  name: Testkommun\n", ""}},
       1,
       "municipality",
       "fältet saknas"},
      {"DuplicateKey",
       {{"  name: Testkommun\n", "  name: Testkommun\n  name: Annan\n"}},
       4,
       "municipality.name",
       "förekommer två gånger"},
      {"TextIsAList",
       {{"name: Testkommun", "name: [Testkommun]"}},
       3,
       "municipality.name",
       "väntade en text, fick en lista"},
      {"MunicipalityIdNotStreamSafe",
       {{"id: testkommun", "id: Test kommun"}},
       2,
       "municipality.id",
       "ogiltigt id 'Test kommun'"},
      {"UnknownOrganKind",
       {{"kind: committee", "kind: nämd"}},
       16,
       "organs[2].kind",
       "okänd organtyp 'nämd' (tillåtna: council, executive_board, committee, subcommittee, company, administration, "
       "operational_area, operation, department, unit)"},
      {"UnknownOrganKey",
       {{"    reports_to: ks\nroles:", "    reports_to: ks\n    colour: red\nroles:"}},
       18,
       "organs[2].colour",
       "okänt fält 'colour' (tillåtna: id, name, kind, reports_to, meetings, from, chef)"},
      {"MissingOrganKind", {{"    kind: committee\n", ""}}, 14, "organs[2].kind", "fältet saknas"},
      {"OrganIdNotStreamSafe", {{"- id: bun", "- id: Bun"}}, 14, "organs[2].id", "ogiltigt id 'Bun'"},
      {"OrganIdTooLong",
       {{"- id: bun", "- id: barn-och-utbildningsnamnden-i-testkommun"}},
       14,
       "organs[2].id",
       "högst 32 tecken"},
      {"DuplicateOrganId", {{"- id: bun", "- id: ks"}}, 14, "organs[2].id", "id 'ks' används redan av organs[1]"},
      {"NoCouncil", {{"kind: council", "kind: committee"}}, 4, "organs", "kommunfullmäktige saknas"},
      {"SecondExecutiveBoard",
       {{"kind: committee", "kind: executive_board"}},
       16,
       "organs[2].kind",
       "ett andra organ av typen executive_board ('bun')"},
      {"ReportsToUnknownOrgan",
       {{"reports_to: ks", "reports_to: ksx"}},
       17,
       "organs[2].reports_to",
       "okänt organ 'ksx'"},
      {"MissingReportsTo", {{"    reports_to: ks\n", ""}}, 14, "organs[2].reports_to", "fältet saknas"},
      {"CouncilReportsTo",
       {{"    kind: council\n", "    kind: council\n    reports_to: ks\n"}},
       8,
       "organs[0].reports_to",
       "rapporterar inte"},
      {"ReportingCycle",
       {{"reports_to: kf", "reports_to: bun"}},
       13,
       "organs[1].reports_to",
       "i cirkel: ks → bun → ks"},
      {"SubcommitteeUnderCouncil",
       {{"kind: committee\n    reports_to: ks", "kind: subcommittee\n    reports_to: kf"}},
       17,
       "organs[2].reports_to",
       "ett utskott hör till"},
      {"MeetingDateNotReal",
       {{"2026-02-23]", "2026-02-30]"}},
       9,
       "organs[0].meetings.2026[1]",
       "ogiltigt datum '2026-02-30'"},
      {"MeetingInOtherYear", {{"2026-02-23]", "2027-02-23]"}}, 9, "organs[0].meetings.2026[1]", "ligger inte år 2026"},
      {"MeetingTwice", {{"2026-02-23]", "2026-06-15]"}}, 9, "organs[0].meetings.2026[1]", "står två gånger"},
      {"MeetingYearNotAYear", {{"2026: [", "26: ["}}, 9, "organs[0].meetings.26", "ogiltigt år '26'"},
      {"UnknownSuperior",
       {{"superior: kommunchef", "superior: kommunchefen"}},
       23,
       "roles[1].superior",
       "okänd roll 'kommunchefen'"},
      {"SuperiorCycle",
       {{"    name: Kommunchef\n", "    name: Kommunchef\n    superior: forvaltningschef\n"}},
       21,
       "roles[0].superior",
       "i cirkel: kommunchef → forvaltningschef → kommunchef"},
      {"DuplicateRoleId",
       {{"- id: forvaltningschef", "- id: kommunchef"}},
       21,
       "roles[1].id",
       "används redan av roles[0]"},
      {"EmptyPersonName", {{"name: Anna Andersson", "name: \"\""}}, 26, "people[0].name", "får inte vara tomt"},
      {"EmailWithoutAt",
       {{"anna.andersson@testkommun.se", "anna.andersson.testkommun.se"}},
       27,
       "people[0].email",
       "ogiltig e-postadress 'anna.andersson.testkommun.se'"},
      {"EmailWithoutDomainDot",
       {{"anna.andersson@testkommun.se", "anna andersson@testkommun"}},
       27,
       "people[0].email",
       "ogiltig e-postadress"},
      {"DuplicatePersonId",
       {{"to: 2026-12-31}\n",
         "to: 2026-12-31}\n  - id: anna\n    name: Anna Berg\n    email: anna.berg@testkommun.se\n"}},
       30,
       "people[1].id",
       "används redan av people[0]"},
      {"HoldingUnknownRole",
       {{"role: forvaltningschef,", "role: chef,"}},
       29,
       "people[0].roles[0].role",
       "okänd roll 'chef'"},
      {"HoldingUnknownOrgan", {{"organ: bun", "organ: bunn"}}, 29, "people[0].roles[0].organ", "okänt organ 'bunn'"},
      {"HoldingUnknownKey",
       {{"organ: bun,", "organ: bun, organ_id: bun,"}},
       29,
       "people[0].roles[0].organ_id",
       "okänt fält 'organ_id'"},
      {"HoldingMissingFrom", {{"from: 2026-01-01, ", ""}}, 29, "people[0].roles[0].from", "fältet saknas"},
      {"HoldingDateNotIso",
       {{"from: 2026-01-01", "from: 2026-1-1"}},
       29,
       "people[0].roles[0].from",
       "ogiltigt datum '2026-1-1'"},
      {"HoldingEndsBeforeItStarts",
       {{"to: 2026-12-31", "to: 2025-12-31"}},
       29,
       "people[0].roles[0].to",
       "'to' (2025-12-31) ligger före 'from' (2026-01-01)"},
      {"HoldingsOverlap",
       {{"to: 2026-12-31}\n", "to: 2026-12-31}\n      - {role: forvaltningschef, organ: bun, from: 2026-06-01}\n"}},
       30,
       "people[0].roles[1]",
       "överlappar people[0].roles[0]"},
      {"UnknownRule", {{"goal.links:", "goal.link:"}}, 31, "rules.goal.link", "okänd regel 'goal.link'"},
      {"RuleEnabledNotBoolean",
       {{"{enabled: false}", "{enabled: nej}"}},
       31,
       "rules.goal.links.enabled",
       "väntade true eller false, fick 'nej'"},
      {"UnknownRuleKey",
       {{"{enabled: false}", "{enable: false}"}},
       31,
       "rules.goal.links.enable",
       "okänt fält 'enable' (tillåtna: enabled, params)"},
      {"ParamOnRuleWithoutParams",
       {{"{enabled: false}", "{params: {x: 1}}"}},
       31,
       "rules.goal.links.params.x",
       "har inga parametrar"},
      {"UnknownRuleParam",
       {{"{role: kommunchef}", "{roll: kommunchef}"}},
       33,
       "rules.assignment.via_municipal_manager.params.roll",
       "okänd parameter 'roll' (tillåtna: role)"},
      {"RoleParamUndefined",
       {{"{role: kommunchef}", "{role: kommundirektor}"}},
       33,
       "rules.assignment.via_municipal_manager.params.role",
       "okänd roll 'kommundirektor'"},
      {"DefaultRoleParamUndefined",
       {{"  assignment.via_municipal_manager:\n    params: {role: kommunchef}\n", ""},
        {"id: kommunchef", "id: kommundirektor"},
        {"superior: kommunchef", "superior: kommundirektor"}},
       30,
       "rules",
       "använder rollen 'kommunchef'"},
      {"IntegerParamOutOfRange",
       {{"{role: kommunchef}\n", "{role: kommunchef}\n  deficit.recovery_years: {params: {years: 5}}\n"}},
       34,
       "rules.deficit.recovery_years.params.years",
       "väntade ett heltal 1–3, fick '5'"},
      {"IntegerParamNotANumber",
       {{"{role: kommunchef}\n", "{role: kommunchef}\n  indicator.overdue_grace_days:\n    params: {days: två}\n"}},
       35,
       "rules.indicator.overdue_grace_days.params.days",
       "fick 'två'"},
  };
  return kCases;
}

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, IsRefusedNamingFileLineAndField) {
  const BadCase& c = GetParam();
  const auto result = ParseOrganization(Edited(c.edits), "organization.yaml");
  ASSERT_FALSE(result.ok());
  const Status& s = result.status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), c.field);
  const std::string prefix = "organization.yaml:" + std::to_string(c.line) + ": " + c.field + ": ";
  EXPECT_EQ(s.message().substr(0, prefix.size()), prefix) << s.message();
  EXPECT_NE(s.message().find(c.fragment), std::string::npos) << s.message();
}

INSTANTIATE_TEST_SUITE_P(OrganizationFile, BadInput, ::testing::ValuesIn(BadCases()),
                         [](const ::testing::TestParamInfo<BadCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(ParseOrganization, YamlSyntaxErrorNamesTheLine) {
  const auto result = ParseOrganization(Edited({{"kind: council", "kind: [council"}}), "org.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message().rfind("org.yaml:", 0), 0u) << result.status().message();
  EXPECT_NE(result.status().message().find("YAML-fel"), std::string::npos) << result.status().message();
  const int line = std::stoi(result.status().message().substr(std::string("org.yaml:").size()));
  EXPECT_GE(line, 7);
  EXPECT_LE(line, 9);
}

TEST(ParseOrganization, EmptyTextIsRefused) {
  const auto result = ParseOrganization("# nothing yet\n", "org.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("filen är tom"), std::string::npos);
}

TEST(ParseOrganization, ReadsEveryField) {
  const auto result = ParseOrganization(kBase, "organization.yaml");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const engine::Organization& org = *result;
  EXPECT_EQ(org.municipality_id, "testkommun");
  EXPECT_EQ(org.municipality_name, "Testkommun");
  ASSERT_EQ(org.organs.size(), 3u);
  const engine::Organ* bun = org.FindOrgan("bun");
  ASSERT_NE(bun, nullptr);
  EXPECT_EQ(bun->name, "Barn- och utbildningsnämnden");
  EXPECT_EQ(bun->kind, OrganKind::kCommittee);
  EXPECT_EQ(bun->reports_to, "ks");
  EXPECT_EQ(org.CouncilId(), "kf");
  EXPECT_EQ(org.ExecutiveBoardId(), "ks");
  EXPECT_EQ(org.FindOrgan("kf")->reports_to, "");
  EXPECT_EQ(org.FindOrgan("kf")->meetings, (std::vector<Date>{D(2026, 2, 23), D(2026, 6, 15)}));  // sorted
  EXPECT_EQ(org.roles.at("forvaltningschef").superior, "kommunchef");
  EXPECT_EQ(org.roles.at("kommunchef").superior, "");
  EXPECT_EQ(org.people.at("anna").email, "anna.andersson@testkommun.se");
  ASSERT_EQ(org.holdings.size(), 1u);
  EXPECT_EQ(org.holdings[0], (engine::RoleHolding{"anna", "forvaltningschef", "bun", D(2026, 1, 1), D(2026, 12, 31)}));
  EXPECT_TRUE(org.HoldsRoleIn("anna", "bun", D(2026, 12, 31)));
  EXPECT_FALSE(org.HoldsRoleIn("anna", "bun", D(2027, 1, 1)));
}

TEST(ParseOrganization, FillsInEveryKnownRuleWithDefaults) {
  const auto result = ParseOrganization(kBase, "organization.yaml");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto& rules = result->rules;
  for (const char* id : {"forecast.remedial_actions", "goal.links", "activity.owner_and_date", "decision.child_rights",
                         "governing_document.decider", "assignment.via_municipal_manager", "actor.holds_role",
                         "deficit.recovery_years", "indicator.overdue_grace_days", "decision.meeting_date",
                         "decision.unique_minute_item", "decision.registry_number", "activity.result",
                         "quality.method_and_routine", "analysis.current_state_map_basis",
                         "plan.starts_from_current_state_map", "dialogue.operational_form",
                         "dialogue.per_goal_and_year", "activity.direct_to_council_goal",
                         "goal.activity_or_indicator", "indicator.first_measurement", "assessment.analysis",
                         "assessment.consistent_with_indicators",
                         "governing_document.owner_directive_by_council", "governing_document.action_plan_dated",
                         "goal.priority_reasons", "risk.category"})
    EXPECT_EQ(rules.count(id), 1u) << id;
  EXPECT_EQ(rules.size(), 27u);
  // The completeness findings are on unless the kommun turns them off.
  for (const char* id : {"goal.activity_or_indicator", "indicator.first_measurement", "assessment.analysis",
                         "assessment.consistent_with_indicators"})
    EXPECT_TRUE(result->RuleEnabled(id)) << id;
  // Opt-in rules are off unless the file turns them on.
  EXPECT_FALSE(result->RuleOptedIn("dialogue.per_goal_and_year"));
  EXPECT_FALSE(result->RuleEnabled("activity.direct_to_council_goal"));
  EXPECT_FALSE(result->RuleEnabled("goal.priority_reasons"));
  EXPECT_FALSE(result->RuleEnabled("risk.category"));
  EXPECT_TRUE(result->RuleEnabled("governing_document.owner_directive_by_council"));
  EXPECT_TRUE(result->RuleEnabled("governing_document.action_plan_dated"));
  EXPECT_EQ(rules.at("dialogue.operational_form").params.at("max_participants"), "5");
  EXPECT_EQ(rules.at("decision.registry_number").params.at("pattern"), "");
  EXPECT_FALSE(result->RuleEnabled("goal.links"));
  EXPECT_TRUE(result->RuleEnabled("forecast.remedial_actions"));
  EXPECT_TRUE(rules.at("decision.child_rights").params.empty());
  EXPECT_EQ(rules.at("assignment.via_municipal_manager").params.at("role"), "kommunchef");
  EXPECT_EQ(rules.at("deficit.recovery_years").params.at("years"), "2");
  EXPECT_EQ(rules.at("indicator.overdue_grace_days").params.at("days"), "30");
}

TEST(ParseOrganization, IntegerParamsAreCanonical) {
  const auto result = ParseOrganization(
      Edited({{"{role: kommunchef}\n", "{role: kommunchef}\n  deficit.recovery_years: {params: {years: 03}}\n"}}),
      "organization.yaml");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->rules.at("deficit.recovery_years").params.at("years"), "3");
}

TEST(ParseOrganization, SectionOrderDoesNotMatter) {
  std::string text(kBase);
  const auto roles_at = text.find("roles:\n  - id: kommunchef");
  const std::string organs_and_before = text.substr(0, roles_at);
  text = text.substr(roles_at) + organs_and_before;  // people, roles and rules before the organs
  const auto moved = ParseOrganization(text, "organization.yaml");
  const auto base = ParseOrganization(kBase, "organization.yaml");
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(*moved, *base);
}

TEST(ParseOrganization, HoldingsAreGroupedByPersonInFileOrder) {
  const auto result =
      ParseOrganization(Edited({{"people:\n",
                                 "people:\n  - id: ove\n    name: Ove Berg\n    email: ove@testkommun.se\n    roles:\n"
                                 "      - {role: kommunchef, organ: ks, from: 2026-01-01}\n"},
                                {"to: 2026-12-31}\n",
                                 "to: 2026-12-31}\n      - {role: kommunchef, organ: kf, from: 2026-01-01}\n"
                                 "      - {role: forvaltningschef, organ: ks, from: 2026-01-01}\n"}}),
                        "organization.yaml");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<std::string> order;
  for (const auto& h : result->holdings) order.push_back(h.person_id + "/" + h.role + "/" + h.organ);
  EXPECT_EQ(order, (std::vector<std::string>{"anna/forvaltningschef/bun", "anna/kommunchef/kf",
                                             "anna/forvaltningschef/ks", "ove/kommunchef/ks"}));
}

TEST(FormatOrganization, RoundTripsTheBaseFile) {
  const auto first = ParseOrganization(kBase, "organization.yaml");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string text = FormatOrganization(*first);
  const auto second = ParseOrganization(text, "written.yaml");
  ASSERT_TRUE(second.ok()) << second.status().ToString() << "\n" << text;
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(FormatOrganization(*second), text);
  EXPECT_NE(text.find("2026: [2026-02-23, 2026-06-15]"), std::string::npos) << text;
  EXPECT_LT(text.find("id: kf"), text.find("id: ks")) << "the council is written first";
}

TEST(OrganizationFormatDoc, ExampleParses) {
  std::ifstream in(ARSHJUL_SOURCE_DIR "/docs/organization-format.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto begin = doc.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```\n", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const auto result = ParseOrganization(doc.substr(begin + 8, end - begin - 8), "organization-format.md");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->organs.size(), 6u);
  EXPECT_FALSE(result->RuleEnabled("decision.child_rights"));
  EXPECT_EQ(result->rules.at("deficit.recovery_years").params.at("years"), "3");
  EXPECT_EQ(result->Holders("forvaltningschef", "bun", D(2027, 7, 1)).at(0).person_id, "mikael-strand");
}

TEST(LoadOrganization, NamesTheFileInErrors) {
  testing::TempDir dir;
  const std::string path = dir.Sub("organization.yaml");
  std::ofstream(path) << Edited({{"kind: committee", "kind: nämd"}});
  const auto result = LoadOrganization(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().rfind(path + ":16: organs[2].kind: ", 0), 0u) << result.status().message();
}

TEST(LoadOrganization, MissingFileIsNotFound) {
  testing::TempDir dir;
  const auto result = LoadOrganization(dir.Sub("nothing.yaml"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("nothing.yaml"), std::string::npos);
}

// A folder or a device is refused as input (exit 2), not read.
TEST(LoadOrganization, FolderOrDeviceIsRefusedAsInput) {
  testing::TempDir dir;
  for (const std::string& path : {dir.path().string(), std::string("/dev/zero")}) {
    const auto result = LoadOrganization(path);
    ASSERT_FALSE(result.ok()) << path;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << path;
    EXPECT_NE(result.status().message().find("ingen vanlig fil"), std::string::npos) << result.status().message();
  }
}

TEST(LoadOrganization, InvalidUtf8IsRefusedNamingTheLine) {
  const auto result = ParseOrganization("municipality:\n  id: x\n  name: \"a\xff\"\n", "org.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("org.yaml:3: texten är inte giltig UTF-8"), std::string::npos)
      << result.status().message();
}

}  // namespace
}  // namespace arshjul::workflows

namespace arshjul::workflows {
namespace {

// Units below the förvaltning: a kind, a parent in the administration or another unit, and a chef role.
std::string WithUnits(std::string_view unit_lines) {
  std::string text(kBase);
  const std::string organs_end = "roles:\n";
  const std::string units = std::string("  - id: forv\n    name: Förvaltningen\n    kind: administration\n"
                                        "    reports_to: ks\n") + std::string(unit_lines);
  text.insert(text.find(organs_end), units);
  text.insert(text.find("people:\n"), "  - id: enhetschef\n    name: Enhetschef\n");
  return text;
}

TEST(ParseOrganization, UnitsHaveAParentAndAChefRole) {
  auto org = ParseOrganization(WithUnits("  - id: ekbacken\n    name: Ekbackens skola\n    kind: unit\n"
                                         "    reports_to: forv\n    chef: enhetschef\n"),
                               "organization.yaml");
  ASSERT_TRUE(org.ok()) << org.status().ToString();
  EXPECT_EQ(org->FindOrgan("ekbacken")->kind, OrganKind::kUnit);
  EXPECT_EQ(org->ChefRoleOf("ekbacken"), "enhetschef");
  const auto again = ParseOrganization(FormatOrganization(*org), "written.yaml");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *org);

  struct Case {
    const char* unit;
    const char* field;
    const char* words;
  } cases[] = {
      {"  - id: ekbacken\n    name: E\n    kind: unit\n    reports_to: forv\n", "organs[4].chef", "chefs roll"},
      {"  - id: ekbacken\n    name: E\n    kind: unit\n    reports_to: bun\n    chef: enhetschef\n",
       "organs[4].reports_to", "en förvaltning eller en annan enhet"},
      {"  - id: ekbacken\n    name: E\n    kind: department\n    reports_to: forv\n    chef: rektor\n",
       "organs[4].chef", "okänd roll 'rektor'"},
  };
  for (const Case& c : cases) {
    auto bad = ParseOrganization(WithUnits(c.unit), "organization.yaml");
    ASSERT_FALSE(bad.ok()) << c.unit;
    EXPECT_EQ(bad.status().field(), c.field) << bad.status().ToString();
    EXPECT_NE(bad.status().message().find(c.words), std::string::npos) << bad.status().ToString();
  }
}

}  // namespace
}  // namespace arshjul::workflows
