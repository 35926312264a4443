// Tests for the årshjul template file: bad templates are refused naming file,
// line, step and field; `extends` merges per field; and the shipped templates
// (standard.yaml and the example kommun's wheel) load and plan against the
// example organisation for 2026–2028 with the dates DOMAIN.md requires.

#include "arshjul/workflows/template_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/planner.h"
#include "arshjul/workflows/organization_loader.h"
#include "support/temp_dir.h"

namespace arshjul::workflows {
namespace {

using engine::AnnualCycleTemplate;
using engine::StepInstance;

const char kStandard[] = ARSHJUL_SOURCE_DIR "/workflows/templates/standard.yaml";
const char kExample[] = ARSHJUL_SOURCE_DIR "/workflows/examples/exempelkommun/arshjul.yaml";
const char kExampleOrg[] = ARSHJUL_SOURCE_DIR "/workflows/examples/exempelkommun/organization.yaml";

// A valid one-step template; the cases below append to it.
constexpr char kHeader[] = R"(id: test
name: Testmall
steps:
  - id: a
    title: Steg A
    kind: rapport
    responsible: {organ: kf, role: kommunsekreterare}
    deadline: {date: "05-31"}
)";

class TemplateFiles : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << text;
    return path;
  }
  Status LoadError(const std::string& text) {
    auto r = LoadTemplate(Write("mall.yaml", text));
    EXPECT_FALSE(r.ok()) << "expected an error for:\n" << text;
    return r.ok() ? Status::Ok() : r.status();
  }
  std::string Path(const std::string& name) const { return dir_.Sub(name); }

  arshjul::testing::TempDir dir_;
};

TEST_F(TemplateFiles, ReadsEveryField) {
  auto r = LoadTemplate(Write("mall.yaml", std::string(kHeader) + R"(    legal_basis: KL 1 kap. 1 §
    statutory: true
    depends_on: [b]
    reminders: [30, {days_before: 3, at: "07:30"}]
    escalation: {superior_after_days: 3, oversight_after_days: 14}
    completion: ReportSubmitted
    period: {from: "09-01", to: "08-31"}
  - id: b
    title: Steg B
    kind: beslut
    responsible: {organ: [council, every_committee], role: [forvaltningschef, namndsekreterare]}
    deadline: {meeting: {organ: self, month: 6, nth: -1}, before: {working_days: 5}, adjust: earlier}
    years: election
)"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->steps.size(), 2u);
  const engine::StepTemplate& a = r->steps[0];
  EXPECT_EQ(a.legal_basis, "KL 1 kap. 1 §");
  EXPECT_TRUE(a.statutory);
  EXPECT_EQ(a.depends_on, std::vector<std::string>{"b"});
  EXPECT_EQ(a.reminders, (std::vector<engine::ReminderOffset>{{30, 8, 0}, {3, 7, 30}}));
  EXPECT_EQ(a.escalations, (std::vector<engine::Escalation>{{3, "", false}, {14, "", true}}));
  EXPECT_EQ(a.completion_event, "ReportSubmitted");
  ASSERT_TRUE(a.period.has_value());
  EXPECT_EQ(a.period->from, (engine::MonthDay{9, 1}));
  EXPECT_EQ(a.source, Path("mall.yaml") + ":4");
  EXPECT_EQ(a.field_sources.at("deadline"), Path("mall.yaml") + ":8");
  const engine::StepTemplate& b = r->steps[1];
  EXPECT_EQ(b.responsible.organs, (std::vector<std::string>{"council", "every_committee"}));
  EXPECT_EQ(b.deadline.anchor, engine::AnchorKind::kMeeting);
  EXPECT_EQ(b.deadline.meeting, (engine::MeetingRef{"self", 6, -1, std::nullopt}));
  EXPECT_EQ(b.deadline.offset, (engine::DateOffset{-5, engine::OffsetUnit::kWorkingDays}));
  EXPECT_EQ(b.deadline.adjust, engine::DayAdjustment::kEarlier);
  EXPECT_EQ(b.years, engine::YearFilter::kElectionYears);
  EXPECT_EQ(b.completion_event, "StepCompleted");
}

// ---- Bad templates ----------------------------------------------------------

TEST_F(TemplateFiles, UnknownStepReference) {
  Status s = LoadError(std::string(kHeader) + "    depends_on: [saknas]\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "steps[a].depends_on");
  EXPECT_EQ(s.message(), Path("mall.yaml") + ":9: steps[a].depends_on: okänt steg 'saknas'");

  s = LoadError(std::string(kHeader) + R"(  - id: b
    title: B
    kind: rapport
    responsible: {organ: kf, role: kommunsekreterare}
    deadline: {step: c, after: {days: 3}}
)");
  EXPECT_EQ(s.field(), "steps[b].deadline.step");
  EXPECT_NE(s.message().find("mall.yaml:13: steps[b].deadline.step: okänt steg 'c'"), std::string::npos)
      << s.message();
}

TEST_F(TemplateFiles, CycleInDependsOn) {
  Status s = LoadError(std::string(kHeader) + R"(    depends_on: [b]
  - id: b
    title: B
    kind: rapport
    responsible: {organ: kf, role: kommunsekreterare}
    deadline: {date: "06-30"}
    depends_on: [c]
  - id: c
    title: C
    kind: rapport
    responsible: {organ: kf, role: kommunsekreterare}
    deadline: {date: "06-30"}
    depends_on: [a]
)");
  EXPECT_EQ(s.field(), "steps[a].depends_on");
  EXPECT_EQ(s.message(), Path("mall.yaml") + ":9: steps[a].depends_on: beroendena bildar en cykel: a → b → c → a");
}

TEST_F(TemplateFiles, ImpossibleDates) {
  std::string text = kHeader;
  text.replace(text.find("05-31"), 5, "02-30");
  Status s = LoadError(text);
  EXPECT_EQ(s.field(), "steps[a].deadline.date");
  EXPECT_EQ(s.message(), Path("mall.yaml") + ":8: steps[a].deadline.date: datumet 02-30 finns inte (30 februari)");

  text.replace(text.find("02-30"), 5, "02-29");
  EXPECT_NE(LoadError(text).message().find("finns inte alla år"), std::string::npos);
  text.replace(text.find("02-29"), 5, "13-01");
  EXPECT_NE(LoadError(text).message().find("månaden måste vara 01–12"), std::string::npos);
  text.replace(text.find("13-01"), 5, "2027-05-31");
  EXPECT_NE(LoadError(text).message().find("väntade MM-DD"), std::string::npos);

  s = LoadError(std::string(kHeader) + "    period: {from: \"01-01\", to: \"04-31\"}\n");
  EXPECT_EQ(s.field(), "steps[a].period.to");
  EXPECT_NE(s.message().find("datumet 04-31 finns inte (31 april)"), std::string::npos);
}

TEST_F(TemplateFiles, UnknownFields) {
  Status s = LoadError(std::string(kHeader) + "    deadlin: {date: \"05-31\"}\n");
  EXPECT_EQ(s.field(), "steps[a].deadlin");
  EXPECT_NE(s.message().find(":9: steps[a].deadlin: okänt fält 'deadlin'"), std::string::npos) << s.message();

  std::string text = kHeader;
  text.replace(text.find("{date: \"05-31\"}"), 15, "{date: \"05-31\", before: {hours: 3}}");
  s = LoadError(text);
  EXPECT_EQ(s.field(), "steps[a].deadline.before.hours");

  s = LoadError("id: test\nname: T\nstep: []\n");
  EXPECT_EQ(s.field(), "step");
}

TEST_F(TemplateFiles, MissingAndContradictoryFields) {
  std::string text = kHeader;
  text.erase(text.find("    title: Steg A\n"), 18);
  Status s = LoadError(text);
  EXPECT_EQ(s.message(), Path("mall.yaml") + ":4: steps[a].title: fältet saknas");

  text = kHeader;
  text.replace(text.find("{date: \"05-31\"}"), 15, "{date: \"05-31\", last_working_day: 5}");
  s = LoadError(text);
  EXPECT_EQ(s.field(), "steps[a].deadline");
  EXPECT_NE(s.message().find("ange exakt en av"), std::string::npos);

  text = kHeader;
  text.replace(text.find("{date: \"05-31\"}"), 15, "{period_end: true, after: {months: 2}}");
  EXPECT_EQ(LoadError(text).field(), "steps[a].deadline.period_end");

  text = kHeader;
  text.replace(text.find("{date: \"05-31\"}"), 15, "{step: a, year: 1}");
  s = LoadError(text);
  EXPECT_EQ(s.field(), "steps[a].deadline.year");
  EXPECT_NE(s.message().find("year gäller inte"), std::string::npos) << s.message();

  text = kHeader;
  text.replace(text.find("kind: rapport"), 13, "kind: protokoll");
  EXPECT_NE(LoadError(text).message().find("okänd typ 'protokoll'"), std::string::npos);
}

TEST_F(TemplateFiles, YamlSyntaxErrorNamesTheLine) {
  Status s = LoadError(std::string(kHeader) + "    legal_basis: [oavslutad\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("mall.yaml:"), std::string::npos);
  EXPECT_NE(s.message().find("YAML-fel"), std::string::npos);
}

TEST_F(TemplateFiles, MissingFileIsNotFound) {
  auto r = LoadTemplate(Path("finns-inte.yaml"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

// ---- extends ------------------------------------------------------------------

TEST_F(TemplateFiles, ExtendsOverridesFieldsAndAddsSteps) {
  Write("bas.yaml", std::string(kHeader) + R"(    legal_basis: KL 1 kap. 1 §
    statutory: true
  - id: b
    title: Steg B
    kind: rapport
    responsible: {organ: kf, role: kommunsekreterare}
    deadline: {date: "06-30"}
)");
  auto r = LoadTemplate(Write("kommun.yaml", R"(id: kommun
name: Kommunens hjul
extends: bas.yaml
defaults:
  reminders: [7]
steps:
  - id: a
    deadline: {last_working_day: 3}
  - id: b
    remove: true
  - id: c
    title: Steg C
    kind: dialog
    responsible: {organ: ks, role: kommunchef}
    deadline: {step: a, after: {weeks: 1}}
)"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "kommun");
  EXPECT_EQ(r->sources, (std::vector<std::string>{Path("bas.yaml"), Path("kommun.yaml")}));
  ASSERT_EQ(r->steps.size(), 2u);
  EXPECT_EQ(r->steps[0].id, "a");
  EXPECT_EQ(r->steps[0].title, "Steg A");               // inherited
  EXPECT_EQ(r->steps[0].legal_basis, "KL 1 kap. 1 §");  // inherited
  EXPECT_EQ(r->steps[0].deadline.anchor, engine::AnchorKind::kLastWorkingDay);
  EXPECT_EQ(r->steps[0].field_sources.at("deadline"), Path("kommun.yaml") + ":8");
  EXPECT_EQ(r->steps[0].field_sources.at("title"), Path("bas.yaml") + ":5");
  EXPECT_EQ(r->steps[0].reminders, (std::vector<engine::ReminderOffset>{{7, 8, 0}}));
  EXPECT_EQ(r->steps[1].id, "c");
}

TEST_F(TemplateFiles, ExtendsErrors) {
  Write("a.yaml", "id: a\nname: A\nextends: b.yaml\n");
  Write("b.yaml", "id: b\nname: B\nextends: a.yaml\n");
  auto r = LoadTemplate(Path("a.yaml"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("extends bildar en cykel"), std::string::npos) << r.status().message();

  r = LoadTemplate(Write("c.yaml", "id: c\nname: C\nextends: saknas.yaml\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("c.yaml:3: extends: mallen finns inte"), std::string::npos);

  Write("bas.yaml", kHeader);
  r = LoadTemplate(Write("d.yaml", "id: d\nname: D\nextends: bas.yaml\nsteps:\n  - id: x\n    remove: true\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[x].remove");

  // Removing a step others depend on leaves a dangling reference.
  Write("bas2.yaml", std::string(kHeader) + R"(  - id: b
    title: B
    kind: rapport
    responsible: {organ: kf, role: kommunsekreterare}
    deadline: {step: a}
)");
  r = LoadTemplate(Write("e.yaml", "id: e\nname: E\nextends: bas2.yaml\nsteps:\n  - id: a\n    remove: true\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[b].deadline.step");
  EXPECT_NE(r.status().message().find("bas2.yaml:13"), std::string::npos) << r.status().message();
}

// ---- Planning errors point back into the file -----------------------------------

TEST_F(TemplateFiles, RoleNobodyHoldsNamesFileLineAndStep) {
  auto org = LoadOrganization(kExampleOrg);
  ASSERT_TRUE(org.ok()) << org.status().ToString();
  auto t = LoadTemplate(Write("mall.yaml", R"(id: test
name: Test
steps:
  - id: vp
    title: Verksamhetsplan
    kind: plan
    responsible: {organ: every_committee, role: forvaltningschef}
    deadline: {last_working_day: 11}
)"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto plan = engine::Plan(*t, *org, 2027);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().field(), "steps[vp].responsible.role");
  EXPECT_EQ(plan.status().message(), Path("mall.yaml") +
                                         ":7: steps[vp].responsible.role: rollen 'forvaltningschef' innehas inte av "
                                         "någon för ofn den 2027-11-30");
}

// ---- The shipped templates -------------------------------------------------------

class ShippedTemplates : public ::testing::Test {
 protected:
  void SetUp() override {
    auto org = LoadOrganization(kExampleOrg);
    ASSERT_TRUE(org.ok()) << org.status().ToString();
    org_ = *org;
  }
  std::vector<StepInstance> PlanOk(const char* path, int year) {
    auto t = LoadTemplate(path);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    if (!t.ok()) return {};
    auto plan = engine::Plan(*t, org_, year);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : std::vector<StepInstance>{};
  }
  static const StepInstance* Find(const std::vector<StepInstance>& plan, const std::string& id) {
    for (const StepInstance& i : plan)
      if (i.id == id) return &i;
    ADD_FAILURE() << "no instance " << id;
    return nullptr;
  }
  static std::string Due(const std::vector<StepInstance>& plan, const std::string& id) {
    const StepInstance* i = Find(plan, id);
    return i ? engine::ToString(i->deadline) : "";
  }
  engine::Organization org_;
};

TEST_F(ShippedTemplates, StandardEncodesTheLegalDates) {
  auto plan2027 = PlanOk(kStandard, 2027);
  EXPECT_EQ(Due(plan2027, "2027/delarsrapport/ks/2027-08-31"), "2027-11-01");
  EXPECT_EQ(Due(plan2027, "2027/arsredovisning/ks/2026-12-31"), "2027-04-15");
  EXPECT_EQ(Due(plan2027, "2027/ks_budgetforslag/ks/2028-12-31"), "2027-11-01");  // 31 Oct 2027 a Sunday
  EXPECT_EQ(Due(plan2027, "2027/kf_budget/kf/2028-12-31"), "2027-11-30");
  EXPECT_EQ(Due(plan2027, "2027/ansvarsprovning/kf/2026-12-31"), "2027-06-30");
  EXPECT_EQ(Due(plan2027, "2027/internkontrollplan/sn/2028-12-31"), "2027-12-30");
  EXPECT_EQ(Due(plan2027, "2027/bolag_redovisning/energibolaget/2026-12-31"), "2027-03-18");
  for (const StepInstance& i : plan2027) EXPECT_FALSE(i.legal_basis.empty()) << i.id;

  auto plan2028 = PlanOk(kStandard, 2028);
  EXPECT_EQ(Due(plan2028, "2028/arsredovisning/ks/2027-12-31"), "2028-04-18");

  // November model: the new KF decides in November anyway, so no second decision.
  auto plan2026 = PlanOk(kStandard, 2026);
  EXPECT_EQ(std::count_if(plan2026.begin(), plan2026.end(),
                          [](const StepInstance& i) { return i.step_id == "kf_budget_nyvalda"; }),
            0);
}

TEST_F(ShippedTemplates, ExampleKommunFollowsTrelleborgsWheel) {
  auto plan = PlanOk(kExample, 2027);
  EXPECT_EQ(Due(plan, "2027/kf_budget/kf/2028-12-31"), "2027-06-14");          // KF's June meeting
  EXPECT_EQ(Due(plan, "2027/ks_budgetforslag/ks/2028-12-31"), "2027-06-02");   // KS's June meeting
  EXPECT_EQ(Due(plan, "2027/arsredovisning/ks/2026-12-31"), "2027-03-10");
  EXPECT_EQ(Due(plan, "2027/verksamhetsberattelse/bun/2026-12-31"), "2027-02-17");  // 3 weeks before KS
  EXPECT_EQ(Due(plan, "2027/delarsrapport/ks/2027-08-31"), "2027-10-13");
  // The dialogue per goal is planned per goal (started_by: goal_dialogues), not per utskott.
  EXPECT_TRUE(std::none_of(plan.begin(), plan.end(), [](const StepInstance& i) { return i.step_id == "maldialog_utskott"; }));
  // Every unit of a kind, done by the unit's chef (role: chef).
  const StepInstance* unit_plan = Find(plan, "2027/verksamhetsplan_enhet/ekbacken/2028-12-31");
  ASSERT_NE(unit_plan, nullptr);
  EXPECT_EQ(unit_plan->responsible_role, "enhetschef");
  EXPECT_EQ(Due(plan, "2027/verksamhetsplan_enhet/vo-utbildning/2028-12-31"), "2027-12-30");
  EXPECT_EQ(Due(plan, "2027/verksamhetsplan_beslut/bun/2028-12-31"), "2027-12-30");
  const StepInstance* dr2 = Find(plan, "2027/delarsrapport/ks/2027-08-31");
  ASSERT_NE(dr2, nullptr);
  EXPECT_EQ(dr2->title, "Delårsrapport 2 (per 31 augusti) till fullmäktige och revisorerna");
  EXPECT_EQ(dr2->legal_basis, "LKBR 13 kap. 1 §; KL 11 kap. 16 §");  // inherited from standard
  EXPECT_EQ(dr2->depends_on.size(), 8u);                             // every committee's report

  const auto monthly = std::count_if(plan.begin(), plan.end(),
                                     [](const StepInstance& i) { return i.step_id == "nyckeltalsrapport"; });
  EXPECT_EQ(monthly, 8 * 11);  // eight committees, every month but July
  for (const StepInstance& i : plan) {
    if (i.step_id == "nyckeltalsrapport") {
      EXPECT_NE(static_cast<unsigned>(i.deadline.month()), 7u);
      EXPECT_TRUE(engine::IsWorkingDay(i.deadline)) << i.id;
    }
  }
  // Vacancies fall back: ofn has no förvaltningschef.
  const StepInstance* ofn = Find(plan, "2027/verksamhetsplan_beslut/ofn/2028-12-31");
  ASSERT_NE(ofn, nullptr);
  EXPECT_EQ(ofn->responsible_role, "namndsekreterare");
}

TEST_F(ShippedTemplates, ExampleKommunDecidesTheBudgetAgainInTheElectionYear) {
  auto plan2026 = PlanOk(kExample, 2026);
  EXPECT_EQ(Due(plan2026, "2026/kf_budget/kf/2027-12-31"), "2026-06-15");
  EXPECT_EQ(Due(plan2026, "2026/kf_budget_nyvalda/kf/2027-12-31"), "2026-11-30");
  auto plan2027 = PlanOk(kExample, 2027);
  EXPECT_EQ(std::count_if(plan2027.begin(), plan2027.end(),
                          [](const StepInstance& i) { return i.step_id == "kf_budget_nyvalda"; }),
            0);
}

TEST_F(ShippedTemplates, ExampleKommunPlansEveryYearWithMeetingsDeterministically) {
  for (int year : {2026, 2027, 2028}) {
    SCOPED_TRACE(year);
    auto first = PlanOk(kExample, year);
    EXPECT_GT(first.size(), 150u);
    EXPECT_EQ(first, PlanOk(kExample, year));
    for (const engine::StepInstance& i : first) EXPECT_FALSE(i.preliminary) << i.id;
  }
}

// A kommun decides its meeting plan a year at a time: the years after the
// organisation file's calendars (2026–2028) are planned from the wheel's
// fallback days, the meeting-relative steps marked preliminary.
TEST_F(ShippedTemplates, ExampleKommunPlansEveryYearTo2040WithPreliminaryDates) {
  for (int year = 2029; year <= 2040; ++year) {
    SCOPED_TRACE(year);
    auto plan = PlanOk(kExample, year);
    EXPECT_GT(plan.size(), 150u);
    int preliminary = 0;
    for (const engine::StepInstance& i : plan) {
      preliminary += i.preliminary;
      if (i.preliminary) {
        EXPECT_NE(i.preliminary_reason.find("sammanträdesplan saknas för"), std::string::npos);
      }
      if (i.step_id == "omvarldsanalys") {
        EXPECT_FALSE(i.preliminary) << "a fixed date is never preliminary";
      }
      if (i.step_id == "arsredovisning") {
        EXPECT_TRUE(i.preliminary);
        EXPECT_EQ(i.preliminary_reason, "sammanträdesplan saknas för ks " + std::to_string(year));
      }
    }
    EXPECT_GT(preliminary, 0);
  }
}

}  // namespace
}  // namespace arshjul::workflows
