// Tests for the example kommun (workflows/examples/exempelkommun): it loads,
// and it has what its comments and docs/organization-format.md claim — its
// organs, roles and holders on given dates, and meeting calendars that keep to
// working days outside July.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/workflows/organization_loader.h"

namespace arshjul::workflows {
namespace {

using engine::Date;
using engine::OrganKind;

Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}; }

const char kPath[] = ARSHJUL_SOURCE_DIR "/workflows/examples/exempelkommun/organization.yaml";

class Exempelkommun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto result = LoadOrganization(kPath);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    org_ = std::make_unique<engine::Organization>(std::move(*result));
  }
  static void TearDownTestSuite() { org_.reset(); }
  void SetUp() override { ASSERT_NE(org_, nullptr); }

  static std::vector<std::string> HolderIds(std::string_view role, std::string_view organ, Date date) {
    std::vector<std::string> ids;
    for (const auto& h : org_->Holders(role, organ, date)) ids.push_back(h.person_id);
    return ids;
  }

  static std::unique_ptr<engine::Organization> org_;  // loaded once for the suite
};
std::unique_ptr<engine::Organization> Exempelkommun::org_;

TEST_F(Exempelkommun, HasTheOrgansOfATranemoLikeKommun) {
  EXPECT_EQ(org_->municipality_id, "exempelkommun");
  EXPECT_EQ(org_->municipality_name, "Exempelkommun");
  EXPECT_EQ(org_->organs.size(), 17u);
  EXPECT_EQ(org_->CouncilId(), "kf");
  EXPECT_EQ(org_->ExecutiveBoardId(), "ks");
  EXPECT_EQ(org_->OrgansOfKind(OrganKind::kSubcommittee).size(), 2u);
  EXPECT_EQ(org_->OrgansOfKind(OrganKind::kCommittee).size(), 8u);
  EXPECT_EQ(org_->OrgansOfKind(OrganKind::kCompany).size(), 2u);
  EXPECT_EQ(org_->OrgansOfKind(OrganKind::kAdministration).size(), 1u);
  // Units below the förvaltning, each with its chef's role.
  EXPECT_EQ(org_->OrgansOfKind(OrganKind::kOperationalArea).size(), 1u);
  EXPECT_EQ(org_->OrgansOfKind(OrganKind::kUnit).size(), 1u);
  EXPECT_EQ(org_->FindOrgan("ekbacken")->reports_to, "vo-utbildning");
  EXPECT_EQ(org_->ChefRoleOf("ekbacken"), "enhetschef");
  EXPECT_EQ(org_->ChefRoleOf("vo-utbildning"), "verksamhetschef");
  for (const char* id : {"bun", "sn", "kfn", "sbn", "mbn", "tn", "vn", "ofn"}) {
    ASSERT_NE(org_->FindOrgan(id), nullptr) << id;
    EXPECT_EQ(org_->FindOrgan(id)->kind, OrganKind::kCommittee) << id;
  }
  EXPECT_EQ(org_->FindOrgan("ksbu")->name, "Kommunstyrelsens budgetutskott");
  EXPECT_EQ(org_->FindOrgan("ksbu")->reports_to, "ks");
  EXPECT_EQ(org_->FindOrgan("ksau")->reports_to, "ks");
  EXPECT_EQ(org_->FindOrgan("ks")->reports_to, "kf");
  EXPECT_EQ(org_->FindOrgan("forvaltningen")->kind, OrganKind::kAdministration);
}

TEST_F(Exempelkommun, RolesEscalateToTheMunicipalManager) {
  EXPECT_EQ(org_->roles.size(), 12u);
  EXPECT_EQ(org_->roles.at("forvaltningschef").superior, "kommunchef");
  EXPECT_EQ(org_->roles.at("namndsekreterare").superior, "forvaltningschef");
  EXPECT_EQ(org_->roles.at("controller").superior, "ekonomichef");
  EXPECT_EQ(org_->roles.at("kommunchef").superior, "");
  EXPECT_EQ(org_->rules.at("assignment.via_municipal_manager").params.at("role"), "kommunchef");
  EXPECT_EQ(HolderIds("kommunchef", "", D(2026, 1, 1)), std::vector<std::string>{"annika-fransson"});
}

TEST_F(Exempelkommun, SocialCommitteeChangesHeadInMid2027) {
  EXPECT_EQ(HolderIds("forvaltningschef", "sn", D(2025, 12, 31)), std::vector<std::string>{});
  EXPECT_EQ(HolderIds("forvaltningschef", "sn", D(2026, 1, 1)), std::vector<std::string>{"karin-holm"});
  EXPECT_EQ(HolderIds("forvaltningschef", "sn", D(2027, 6, 30)), std::vector<std::string>{"karin-holm"});
  EXPECT_EQ(HolderIds("forvaltningschef", "sn", D(2027, 7, 1)), std::vector<std::string>{"mikael-strand"});
  EXPECT_EQ(HolderIds("forvaltningschef", "sn", D(2028, 12, 31)), std::vector<std::string>{"mikael-strand"});
  EXPECT_FALSE(org_->HoldsRoleIn("karin-holm", "sn", D(2027, 7, 1)));
  EXPECT_TRUE(org_->HoldsRoleIn("mikael-strand", "sn", D(2027, 7, 1)));
}

TEST_F(Exempelkommun, EveryOrganIsStaffedThroughout) {
  for (Date date : {D(2026, 1, 1), D(2027, 6, 30), D(2027, 7, 1), D(2028, 12, 31)}) {
    for (const auto& [id, organ] : org_->organs) {
      const std::string at = id + " " + engine::ToString(date);
      switch (organ.kind) {
        case OrganKind::kAdministration: EXPECT_EQ(HolderIds("kommunchef", id, date).size(), 1u) << at; break;
        case OrganKind::kOperationalArea:
        case OrganKind::kUnit: EXPECT_EQ(HolderIds(org_->ChefRoleOf(id), id, date).size(), 1u) << at; break;
        case OrganKind::kCompany:
          EXPECT_EQ(HolderIds("vd", id, date).size(), 1u) << at;
          EXPECT_EQ(HolderIds("ordforande", id, date).size(), 1u) << at;
          break;
        case OrganKind::kCommittee:
          EXPECT_EQ(HolderIds("namndsekreterare", id, date).size(), 1u) << at;
          EXPECT_EQ(HolderIds("controller", id, date).size(), 1u) << at;
          [[fallthrough]];
        default: EXPECT_EQ(HolderIds("ordforande", id, date).size(), 1u) << at;
      }
    }
  }
  EXPECT_EQ(HolderIds("revisor", "kf", D(2026, 5, 1)).size(), 3u);
  EXPECT_EQ(HolderIds("kommunsekreterare", "ks", D(2026, 5, 1)), std::vector<std::string>{"lena-bjork"});
}

TEST_F(Exempelkommun, PeopleHaveMunicipalAddresses) {
  EXPECT_GE(org_->people.size(), 30u);
  std::set<std::string> emails;
  for (const auto& [id, person] : org_->people) {
    EXPECT_TRUE(person.email.ends_with("@exempelkommun.se")) << person.email;
    EXPECT_TRUE(emails.insert(person.email).second) << person.email;
  }
}

TEST_F(Exempelkommun, MeetingsFallOnWorkingDaysOutsideJuly) {
  for (const auto& [id, organ] : org_->organs) {
    for (Date d : organ.meetings) {
      EXPECT_TRUE(engine::IsWorkingDay(d)) << id << " " << engine::ToString(d);
      EXPECT_NE(d.month(), std::chrono::July) << id << " " << engine::ToString(d);
    }
  }
}

TEST_F(Exempelkommun, EveryMeetingOrganHasACalendarForThreeYears) {
  for (const auto& [id, organ] : org_->organs) {
    for (int year : {2026, 2027, 2028}) {
      const std::size_t n = org_->MeetingsIn(id, year).size();
      switch (organ.kind) {
        case OrganKind::kAdministration:
        case OrganKind::kOperationalArea:
        case OrganKind::kUnit: EXPECT_EQ(n, 0u) << id; break;
        case OrganKind::kCouncil: EXPECT_TRUE(n >= 8 && n <= 9) << id << " " << year << ": " << n; break;
        case OrganKind::kExecutiveBoard: EXPECT_TRUE(n >= 9 && n <= 11) << id << " " << year << ": " << n; break;
        default: EXPECT_TRUE(n >= 4 && n <= 11) << id << " " << year << ": " << n;
      }
    }
  }
  for (const char* id : {"bun", "sn", "kfn", "sbn", "mbn", "tn", "ofn"})
    for (int year : {2026, 2027, 2028}) EXPECT_GE(org_->MeetingsIn(id, year).size(), 9u) << id << " " << year;
}

TEST_F(Exempelkommun, CouncilMeetsInMidJuneAndLateNovember) {
  for (int year : {2026, 2027, 2028}) {
    bool mid_june = false, late_november = false;
    for (Date d : org_->MeetingsIn("kf", year)) {
      const unsigned day = static_cast<unsigned>(d.day());
      mid_june = mid_june || (d.month() == std::chrono::June && day >= 8 && day <= 20);
      late_november = late_november || (d.month() == std::chrono::November && day >= 20);
    }
    EXPECT_TRUE(mid_june) << year;
    EXPECT_TRUE(late_november) << year;
  }
}

TEST_F(Exempelkommun, RoundTripsThroughTheWriter) {
  const std::string text = FormatOrganization(*org_);
  const auto again = ParseOrganization(text, "written.yaml");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *org_);
}

TEST_F(Exempelkommun, OverridesOneRuleParameter) {
  EXPECT_EQ(org_->rules.at("indicator.overdue_grace_days").params.at("days"), "5");
  EXPECT_EQ(org_->rules.at("deficit.recovery_years").params.at("years"), "2");
  // Every rule is on, Grästorp's opt-in dialogue per goal and year and Trelleborg's reasons for
  // prioritising a goal included, but activities on KF's goals and Tranemo's risk categories.
  for (const auto& [id, rule] : org_->rules)
    EXPECT_EQ(rule.enabled, id != "activity.direct_to_council_goal" && id != "risk.category") << id;
}

}  // namespace
}  // namespace arshjul::workflows
