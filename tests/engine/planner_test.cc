// Tests for the planner: templates and an Organization built in code, years
// chosen for their hard cases (deadlines on Saturdays and at Easter, the
// election year 2026, nyårsafton on a Friday), determinism and the errors that
// name a step and a field. Dates are compared as "YYYY-MM-DD" strings.

#include "arshjul/engine/planner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"

namespace arshjul::engine {
namespace {

Date D(const std::string& text) {
  const std::optional<Date> parsed = ParseDate(text);
  if (!parsed) ADD_FAILURE() << "bad date in test: " << text;
  return parsed.value_or(Date{});
}

std::vector<Date> Dates(std::initializer_list<const char*> texts) {
  std::vector<Date> out;
  for (const char* t : texts) out.push_back(D(t));
  return out;
}

void AddOrgan(Organization& org, const std::string& id, OrganKind kind, const std::string& reports_to,
              std::vector<Date> meetings = {}) {
  org.organs[id] = Organ{id, id, kind, reports_to, std::move(meetings)};
}

void Hold(Organization& org, const std::string& person, const std::string& role, const std::string& organ,
          const char* from = "2020-01-01", std::optional<Date> to = std::nullopt) {
  org.holdings.push_back(RoleHolding{person, role, organ, D(from), to});
}

// A small kommun: KF, KS with its administration, two committees, a
// subcommittee and a company; meetings in 2026–2028.
Organization TestOrganization() {
  Organization org;
  org.municipality_id = "testkommun";
  org.municipality_name = "Testkommun";
  AddOrgan(org, "kf", OrganKind::kCouncil, "",
           Dates({"2026-06-15", "2026-11-30", "2027-04-26", "2027-06-14", "2027-06-28", "2027-11-29", "2028-06-12"}));
  AddOrgan(org, "ks", OrganKind::kExecutiveBoard, "kf",
           Dates({"2026-06-03", "2026-10-14", "2027-03-10", "2027-06-02", "2027-10-13", "2028-06-07"}));
  AddOrgan(org, "forv", OrganKind::kAdministration, "ks");
  AddOrgan(org, "bun", OrganKind::kCommittee, "ks", Dates({"2027-10-19", "2027-12-14"}));
  AddOrgan(org, "sn", OrganKind::kCommittee, "ks", Dates({"2027-10-21"}));
  AddOrgan(org, "ksau", OrganKind::kSubcommittee, "ks", Dates({"2027-10-05", "2027-10-26"}));
  AddOrgan(org, "bolaget", OrganKind::kCompany, "ks");
  org.roles["kommunchef"] = Role{"kommunchef", "Kommunchef", ""};
  org.roles["forvaltningschef"] = Role{"forvaltningschef", "Förvaltningschef", "kommunchef"};
  org.roles["namndsekreterare"] = Role{"namndsekreterare", "Nämndsekreterare", "forvaltningschef"};
  org.roles["kommunsekreterare"] = Role{"kommunsekreterare", "Kommunsekreterare", "kommunchef"};
  org.roles["vd"] = Role{"vd", "VD", ""};
  Hold(org, "anna", "kommunchef", "forv");  // held for KS through its administration
  Hold(org, "lena", "kommunsekreterare", "kf");
  Hold(org, "lena", "kommunsekreterare", "ks");
  Hold(org, "lena", "kommunsekreterare", "ksau");
  Hold(org, "tomas", "forvaltningschef", "bun");
  Hold(org, "karin", "forvaltningschef", "sn", "2020-01-01", D("2027-06-30"));
  Hold(org, "sara", "namndsekreterare", "bun");
  Hold(org, "sara", "namndsekreterare", "sn");
  Hold(org, "camilla", "vd", "bolaget");
  return org;
}

StepTemplate Step(const std::string& id, std::vector<std::string> organs, std::vector<std::string> roles) {
  StepTemplate s;
  s.id = id;
  s.title = "Titel för " + id;
  s.responsible = Responsible{std::move(organs), std::move(roles)};
  s.deadline.anchor = AnchorKind::kDate;
  s.deadline.date = MonthDay{5, 31};
  s.reminders = {ReminderOffset{14, 8, 0}, ReminderOffset{0, 8, 0}};
  return s;
}

DeadlineRule FixedDate(int month, int day) {
  DeadlineRule r;
  r.anchor = AnchorKind::kDate;
  r.date = MonthDay{month, day};
  return r;
}

DeadlineRule MeetingRule(const std::string& organ, int month, int nth, DateOffset offset = {}) {
  DeadlineRule r;
  r.anchor = AnchorKind::kMeeting;
  r.meeting = MeetingRef{organ, month, nth, std::nullopt};
  r.offset = offset;
  return r;
}

DeadlineRule StepRule(const std::string& step, DateOffset offset, bool from_completion = false) {
  DeadlineRule r;
  r.anchor = AnchorKind::kStep;
  r.step = step;
  r.offset = offset;
  r.from_completion = from_completion;
  return r;
}

AnnualCycleTemplate Template(std::vector<StepTemplate> steps) {
  AnnualCycleTemplate t;
  t.id = "test";
  t.name = "Testhjul";
  t.steps = std::move(steps);
  return t;
}

std::vector<StepInstance> PlanOk(const AnnualCycleTemplate& t, int year, const Organization& org = TestOrganization()) {
  auto r = Plan(t, org, year);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<StepInstance>{};
}

const StepInstance* Find(const std::vector<StepInstance>& plan, const std::string& id) {
  for (const StepInstance& i : plan)
    if (i.id == id) return &i;
  ADD_FAILURE() << "no instance " << id;
  return nullptr;
}

std::string DeadlineOf(const std::vector<StepInstance>& plan, const std::string& id) {
  const StepInstance* i = Find(plan, id);
  return i ? ToString(i->deadline) : "";
}

// ---- Statutory deadlines (Lag 1930:173) -----------------------------------

TEST(Planner, StatutoryDeadlineOnASaturdayMovesToMonday) {
  ASSERT_EQ(WeekdayOf(D("2027-11-27")), std::chrono::Saturday);
  StepTemplate statutory = Step("lag", {"kf"}, {"kommunsekreterare"});
  statutory.deadline = FixedDate(11, 27);
  statutory.statutory = true;
  StepTemplate own = Step("egen", {"kf"}, {"kommunsekreterare"});
  own.deadline = FixedDate(11, 27);
  auto plan = PlanOk(Template({statutory, own}), 2027);
  EXPECT_EQ(DeadlineOf(plan, "2027/lag/kf"), "2027-11-29");
  EXPECT_EQ(DeadlineOf(plan, "2027/egen/kf"), "2027-11-27");  // a kommun's own date is not moved
}

TEST(Planner, AnnualReport2027IsDueTuesdayAfterEaster2028) {
  StepTemplate s = Step("arsredovisning", {"executive_board"}, {"kommunchef"});
  s.deadline = FixedDate(4, 15);
  s.statutory = true;
  s.period = PeriodRule{PeriodRule::Kind::kFixed, MonthDay{1, 1}, MonthDay{12, 31}, -1};
  auto plan = PlanOk(Template({s}), 2028);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].id, "2028/arsredovisning/ks/2027-12-31");
  EXPECT_EQ(ToString(plan[0].deadline), "2028-04-18");
  ASSERT_TRUE(plan[0].period.has_value());
  EXPECT_EQ(ToString(plan[0].period->from), "2027-01-01");
  EXPECT_EQ(ToString(plan[0].period->to), "2027-12-31");
  EXPECT_EQ(plan[0].responsible_role, "kommunchef");
}

TEST(Planner, InterimReportPer31August2027IsDueMonday1November) {
  StepTemplate s = Step("delarsrapport", {"executive_board"}, {"kommunchef"});
  s.period = PeriodRule{PeriodRule::Kind::kFixed, MonthDay{1, 1}, MonthDay{8, 31}, 0};
  s.deadline.anchor = AnchorKind::kPeriodEnd;
  s.deadline.offset = DateOffset{2, OffsetUnit::kMonths};
  s.statutory = true;
  auto plan = PlanOk(Template({s}), 2027);
  EXPECT_EQ(DeadlineOf(plan, "2027/delarsrapport/ks/2027-08-31"), "2027-11-01");
}

TEST(Planner, LastWorkingDayOfDecemberIsNeverNyarsafton) {
  StepTemplate s = Step("ikp", {"every_committee"}, {"forvaltningschef", "namndsekreterare"});
  s.deadline.anchor = AnchorKind::kLastWorkingDay;
  s.deadline.month = 12;
  s.statutory = true;  // already a working day: not moved forward into January
  EXPECT_EQ(DeadlineOf(PlanOk(Template({s}), 2027), "2027/ikp/bun"), "2027-12-30");
  EXPECT_EQ(DeadlineOf(PlanOk(Template({s}), 2028), "2028/ikp/bun"), "2028-12-29");  // 30th a Saturday
}

TEST(Planner, AdjustEarlierMovesAnInternalDateBackToFriday) {
  StepTemplate s = Step("s", {"kf"}, {"kommunsekreterare"});
  s.deadline = FixedDate(11, 28);  // a Sunday in 2027
  s.deadline.adjust = DayAdjustment::kEarlier;
  EXPECT_EQ(DeadlineOf(PlanOk(Template({s}), 2027), "2027/s/kf"), "2027-11-26");
}

// ---- Meetings -------------------------------------------------------------

TEST(Planner, MeetingRelativeRules) {
  StepTemplate budget = Step("kf_budget", {"council"}, {"kommunsekreterare"});
  budget.deadline = MeetingRule("council", 6, 1);
  StepTemplate handlingar = Step("handlingar", {"council"}, {"kommunsekreterare"});
  handlingar.deadline = MeetingRule("executive_board", 6, 1, DateOffset{-3, OffsetUnit::kWeeks});
  StepTemplate last = Step("sista", {"council"}, {"kommunsekreterare"});
  last.deadline = MeetingRule("kf", 6, -1, DateOffset{5, OffsetUnit::kWorkingDays});
  StepTemplate own = Step("vp", {"every_committee"}, {"namndsekreterare"});
  own.deadline = MeetingRule("self", 10, 1, DateOffset{-5, OffsetUnit::kWorkingDays});
  auto plan = PlanOk(Template({budget, handlingar, last, own}), 2027);
  EXPECT_EQ(DeadlineOf(plan, "2027/kf_budget/kf"), "2027-06-14");    // first KF meeting in June
  EXPECT_EQ(DeadlineOf(plan, "2027/handlingar/kf"), "2027-05-12");   // 3 weeks before KS on 2 June
  EXPECT_EQ(DeadlineOf(plan, "2027/sista/kf"), "2027-07-05");        // 5 working days after 28 June
  EXPECT_EQ(DeadlineOf(plan, "2027/vp/bun"), "2027-10-12");          // bun meets 19 Oct
  EXPECT_EQ(DeadlineOf(plan, "2027/vp/sn"), "2027-10-14");           // sn meets 21 Oct
}

TEST(Planner, MissingMeetingNamesStepAndField) {
  StepTemplate s = Step("vp", {"every_committee"}, {"namndsekreterare"});
  s.deadline = MeetingRule("self", 12, 1);  // sn has no December meeting
  s.source = "arshjul.yaml:40";
  s.field_sources["deadline"] = "arshjul.yaml:44";
  auto r = Plan(Template({s}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "steps[vp].deadline.meeting");
  EXPECT_NE(r.status().message().find("arshjul.yaml:44"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("sn har inget första sammanträde i december 2027"), std::string::npos)
      << r.status().message();
}

// ---- Steps relative to steps ------------------------------------------------

TEST(Planner, StepRelativeDeadlinesUseTheSameOrganOrTheLatest) {
  StepTemplate report = Step("rapport", {"every_committee"}, {"namndsekreterare"});
  report.deadline = MeetingRule("self", 10, 1);
  StepTemplate review = Step("granskning", {"every_committee"}, {"namndsekreterare"});
  review.deadline = StepRule("rapport", DateOffset{10, OffsetUnit::kDays}, /*from_completion=*/true);
  StepTemplate compile = Step("sammanstallning", {"executive_board"}, {"kommunchef"});
  compile.deadline = StepRule("rapport", DateOffset{1, OffsetUnit::kWeeks});
  compile.depends_on = {"rapport"};
  review.depends_on = {"rapport"};
  // Listed before the step it counts from: the planner orders by dependency.
  auto plan = PlanOk(Template({compile, review, report}), 2027);
  EXPECT_EQ(DeadlineOf(plan, "2027/granskning/bun"), "2027-10-29");
  EXPECT_EQ(DeadlineOf(plan, "2027/granskning/sn"), "2027-10-31");
  EXPECT_EQ(DeadlineOf(plan, "2027/sammanstallning/ks"), "2027-10-28");  // a week after the latest (sn, 21 Oct)

  const StepInstance* bun = Find(plan, "2027/granskning/bun");
  ASSERT_NE(bun, nullptr);
  ASSERT_TRUE(bun->after_completion_of.has_value());
  EXPECT_EQ(bun->after_completion_of->instance_id, "2027/rapport/bun");
  EXPECT_EQ(ToString(DeadlineAfterCompletion(*bun->after_completion_of, D("2027-10-01"))), "2027-10-11");
  EXPECT_EQ(bun->depends_on, std::vector<std::string>{"2027/rapport/bun"});

  const StepInstance* ks = Find(plan, "2027/sammanstallning/ks");
  ASSERT_NE(ks, nullptr);
  EXPECT_EQ(ks->depends_on, (std::vector<std::string>{"2027/rapport/bun", "2027/rapport/sn"}));
  EXPECT_FALSE(ks->after_completion_of.has_value());
}

// ---- Election years -------------------------------------------------------

StepTemplate JuneBudget() {
  StepTemplate s = Step("kf_budget", {"council"}, {"kommunsekreterare"});
  s.kind = StepKind::kDecision;
  s.deadline = MeetingRule("council", 6, 1);
  s.statutory = true;
  ElectionYearRedo redo;
  redo.step_id = "kf_budget_nyvalda";
  redo.title = "Nyvalda fullmäktige fastställer budget";
  redo.deadline = FixedDate(11, 30);
  redo.legal_basis = "KL 11 kap. 10 § andra stycket; KL 5 kap. 9 §";
  s.election_year = redo;
  return s;
}

TEST(Planner, ElectionYearJuneBudgetIsDecidedAgainInNovember) {
  auto plan2026 = PlanOk(Template({JuneBudget()}), 2026);
  ASSERT_EQ(plan2026.size(), 2u);
  EXPECT_EQ(plan2026[0].id, "2026/kf_budget/kf");
  EXPECT_EQ(ToString(plan2026[0].deadline), "2026-06-15");
  EXPECT_EQ(plan2026[1].id, "2026/kf_budget_nyvalda/kf");
  EXPECT_EQ(plan2026[1].step_id, "kf_budget_nyvalda");
  EXPECT_EQ(ToString(plan2026[1].deadline), "2026-11-30");
  EXPECT_EQ(plan2026[1].title, "Nyvalda fullmäktige fastställer budget");
  EXPECT_EQ(plan2026[1].legal_basis, "KL 11 kap. 10 § andra stycket; KL 5 kap. 9 §");
  EXPECT_EQ(plan2026[1].depends_on, std::vector<std::string>{"2026/kf_budget/kf"});

  auto plan2027 = PlanOk(Template({JuneBudget()}), 2027);
  ASSERT_EQ(plan2027.size(), 1u);
  EXPECT_EQ(ToString(plan2027[0].deadline), "2027-06-14");
}

TEST(Planner, ElectionYearNovemberBudgetIsDecidedOnce) {
  StepTemplate s = JuneBudget();
  s.deadline = FixedDate(11, 30);  // already after the new term starts on 15 October
  EXPECT_EQ(PlanOk(Template({s}), 2026).size(), 1u);
}

TEST(Planner, YearFiltersFollowTheElectionCycle) {
  EXPECT_TRUE(IsElectionYear(2026));
  EXPECT_TRUE(IsElectionYear(2030));
  EXPECT_FALSE(IsElectionYear(2027));
  EXPECT_FALSE(IsElectionYear(2028));
  StepTemplate only = Step("valar", {"kf"}, {"kommunsekreterare"});
  only.years = YearFilter::kElectionYears;
  StepTemplate other = Step("ovriga", {"kf"}, {"kommunsekreterare"});
  other.years = YearFilter::kOtherYears;
  auto plan2026 = PlanOk(Template({only, other}), 2026);
  auto plan2027 = PlanOk(Template({only, other}), 2027);
  ASSERT_EQ(plan2026.size(), 1u);
  EXPECT_EQ(plan2026[0].step_id, "valar");
  ASSERT_EQ(plan2027.size(), 1u);
  EXPECT_EQ(plan2027[0].step_id, "ovriga");
}

// ---- Repetition -----------------------------------------------------------

TEST(Planner, MonthlyReportOnLastWorkingDayExceptJuly) {
  StepTemplate s = Step("nyckeltal", {"bun"}, {"namndsekreterare"});
  for (int m = 1; m <= 12; ++m)
    if (m != 7) s.repeat_months.push_back(m);
  s.deadline.anchor = AnchorKind::kLastWorkingDay;
  s.deadline.month = 0;
  s.period = PeriodRule{PeriodRule::Kind::kPreviousMonth, {}, {}, 0};
  auto plan = PlanOk(Template({s}), 2027);
  ASSERT_EQ(plan.size(), 11u);
  EXPECT_EQ(plan[0].id, "2027/nyckeltal/bun/2026-12-31");  // January's report covers December
  EXPECT_EQ(ToString(plan[0].deadline), "2027-01-29");
  EXPECT_EQ(DeadlineOf(plan, "2027/nyckeltal/bun/2027-02-28"), "2027-03-31");
  EXPECT_EQ(DeadlineOf(plan, "2027/nyckeltal/bun/2027-03-31"), "2027-04-30");
  EXPECT_EQ(DeadlineOf(plan, "2027/nyckeltal/bun/2027-11-30"), "2027-12-30");
  for (const StepInstance& i : plan) EXPECT_NE(static_cast<unsigned>(i.deadline.month()), 7u) << i.id;
}

// ---- Organs, roles, escalations -------------------------------------------

TEST(Planner, SelectorsExpandToEveryOrganOfTheirKind) {
  StepTemplate s = Step("ikp", {"executive_board", "every_committee", "every_company", "every_subcommittee"},
                        {"forvaltningschef", "kommunchef", "vd", "kommunsekreterare", "namndsekreterare"});
  auto plan = PlanOk(Template({s}), 2027);
  std::vector<std::string> organs;
  for (const StepInstance& i : plan) organs.push_back(i.organ + ":" + i.responsible_role);
  // Sorted by organ id on the shared deadline; sn's förvaltningschef still holds the role on 31 May.
  EXPECT_EQ(organs, (std::vector<std::string>{"bolaget:vd", "bun:forvaltningschef", "ks:kommunchef",
                                              "ksau:kommunsekreterare", "sn:forvaltningschef"}));
}

TEST(Planner, FallbackRoleWhenTheFirstIsVacant) {
  StepTemplate s = Step("vp", {"sn"}, {"forvaltningschef", "namndsekreterare"});
  s.deadline = FixedDate(6, 30);  // karin holds it until 30 June 2027
  EXPECT_EQ(PlanOk(Template({s}), 2027)[0].responsible_role, "forvaltningschef");
  s.deadline = FixedDate(7, 1);
  EXPECT_EQ(PlanOk(Template({s}), 2027)[0].responsible_role, "namndsekreterare");
}

TEST(Planner, RoleNobodyHoldsOnTheDeadlineIsAnError) {
  StepTemplate s = Step("vp", {"sn"}, {"forvaltningschef"});
  s.deadline = FixedDate(9, 30);
  s.field_sources["responsible"] = "mall.yaml:12";
  auto r = Plan(Template({s}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[vp].responsible.role");
  EXPECT_EQ(r.status().message(),
            "mall.yaml:12: steps[vp].responsible.role: rollen 'forvaltningschef' innehas inte av någon för sn den "
            "2027-09-30");
}

TEST(Planner, UnknownRoleAndOrganAreErrors) {
  auto r = Plan(Template({Step("s", {"kf"}, {"borgmastare"})}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[s].responsible.role");
  EXPECT_NE(r.status().message().find("okänd roll 'borgmastare'"), std::string::npos);
  r = Plan(Template({Step("s", {"gymnasienamnden"}, {"namndsekreterare"})}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[s].responsible.organ");
  EXPECT_NE(r.status().message().find("okänt organ 'gymnasienamnden'"), std::string::npos);
}

TEST(Planner, EscalationsGoToTheRolesSuperior) {
  StepTemplate s = Step("vp", {"bun"}, {"forvaltningschef"});
  s.escalations = {Escalation{3, "", false}, Escalation{14, "", true}, Escalation{7, "ekonomichef", false}};
  Organization org = TestOrganization();
  org.roles["ekonomichef"] = Role{"ekonomichef", "Ekonomichef", "kommunchef"};
  auto plan = PlanOk(Template({s}), 2027, org);
  ASSERT_EQ(plan[0].escalations.size(), 3u);
  EXPECT_EQ(plan[0].escalations[0], (Escalation{3, "kommunchef", false}));
  EXPECT_EQ(plan[0].escalations[1], (Escalation{14, "", true}));
  EXPECT_EQ(plan[0].escalations[2], (Escalation{7, "ekonomichef", false}));
}

TEST(Planner, EscalationToAnUnknownRoleIsAnError) {
  StepTemplate s = Step("vp", {"bun"}, {"forvaltningschef"});
  s.escalations = {Escalation{7, "finnsinte", false}};
  auto r = Plan(Template({s}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().field().find("escalation.to_role"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("finnsinte"), std::string::npos) << r.status().ToString();
}

TEST(Planner, RepeatedStepWithoutPeriodHasOneIdPerMonth) {
  StepTemplate s = Step("manad", {"bun"}, {"namndsekreterare"});
  s.repeat_months = {1, 2, 3};
  s.deadline.anchor = AnchorKind::kLastWorkingDay;
  s.deadline.month = 0;
  auto plan = PlanOk(Template({s}), 2027);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].id, "2027/manad/bun/2027-01-29");
  EXPECT_EQ(plan[1].id, "2027/manad/bun/2027-02-26");
  EXPECT_EQ(plan[2].id, "2027/manad/bun/2027-03-31");
}

// ---- Determinism and template errors --------------------------------------

AnnualCycleTemplate MixedTemplate() {
  StepTemplate a = Step("a", {"every_committee"}, {"namndsekreterare"});
  StepTemplate b = Step("b", {"council"}, {"kommunsekreterare"});
  b.deadline = StepRule("a", DateOffset{-2, OffsetUnit::kWorkingDays});
  b.depends_on = {"a"};
  StepTemplate c = Step("c", {"every_committee", "ks"}, {"namndsekreterare", "kommunchef"});
  c.deadline = FixedDate(5, 31);
  return Template({JuneBudget(), a, b, c});
}

TEST(Planner, DeterministicOrderAndStableIds) {
  const auto first = PlanOk(MixedTemplate(), 2026);
  const auto second = PlanOk(MixedTemplate(), 2026);
  EXPECT_EQ(first, second);
  ASSERT_FALSE(first.empty());
  for (size_t i = 1; i < first.size(); ++i) {
    EXPECT_LE(first[i - 1].deadline, first[i].deadline);
    EXPECT_NE(first[i - 1].id, first[i].id);
  }
  // Same-day instances: template order, then organ.
  std::vector<std::string> may31;
  for (const StepInstance& i : first)
    if (ToString(i.deadline) == "2026-05-31") may31.push_back(i.id);
  EXPECT_EQ(may31, (std::vector<std::string>{"2026/a/bun", "2026/a/sn", "2026/c/bun", "2026/c/ks", "2026/c/sn"}));
}

TEST(Planner, RejectsYearsOutsideTheRange) {
  auto r = Plan(MixedTemplate(), TestOrganization(), 1994);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "year");
  EXPECT_FALSE(Plan(MixedTemplate(), TestOrganization(), 9999).ok());
}

TEST(Planner, ValidatesTheTemplate) {
  StepTemplate a = Step("a", {"kf"}, {"kommunsekreterare"});
  StepTemplate b = Step("b", {"kf"}, {"kommunsekreterare"});
  a.depends_on = {"b"};
  b.depends_on = {"a"};
  auto r = Plan(Template({a, b}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[a].depends_on");
  EXPECT_NE(r.status().message().find("a → b → a"), std::string::npos) << r.status().message();

  b.depends_on = {"saknas"};
  a.depends_on = {};
  r = Plan(Template({a, b}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[b].depends_on");

  a.deadline = StepRule("b", {});
  b.depends_on = {};
  b.deadline = StepRule("a", {});
  r = Plan(Template({a, b}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[a].deadline.step");

  StepTemplate bad_date = Step("c", {"kf"}, {"kommunsekreterare"});
  bad_date.deadline = FixedDate(2, 30);
  r = Plan(Template({bad_date}), TestOrganization(), 2027);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "steps[c].deadline.date");
}

}  // namespace
}  // namespace arshjul::engine
