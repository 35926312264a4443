// What completes the årshjul's steps, through the command handler with the
// example kommun's organisation and wheel adopted in an in-memory store:
//  - a DecisionRecorded completes the step of its organ that decides the same
//    thing for the same period (KF's budget, the approval of the årsredovisning),
//    with no CompleteStep; an election-year redo only by a decision of the
//    newly elected KF;
//  - an assignment starts verkställighet and report-back due by its due date,
//    completed by its report;
//  - CompleteStep (and completesSteps) naming an instance the wheel does not
//    plan is refused on its field.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/organization_changes.h"
#include "arshjul/engine/planner.h"
#include "arshjul/engine/scheduler.h"
#include "arshjul/engine/started_steps.h"
#include "arshjul/workflows/organization_loader.h"
#include "arshjul/workflows/template_loader.h"
#include "support/store_fixture.h"

namespace arshjul::workflows {
namespace {

const std::string kExample = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun";

engine::Command Cmd(const std::string& name, const std::string& id, const storage::Actor& actor,
                    const nlohmann::json& payload) {
  engine::Command c;
  c.name = name;
  c.command_id = id;
  c.actor = actor;
  c.payload_json = payload.dump();
  return c;
}

const storage::Actor kKfSecretary{"lena-bjork", "kommunsekreterare", "kf"};
const storage::Actor kKsSecretary{"lena-bjork", "kommunsekreterare", "ks"};

class StepCompletion : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions o = store_.Options();
    o.types = engine::StoreTypeRegistry();
    store_.Open(/*memory=*/true, o);
    store_.clock.Set(testing::At("2026-02-01T09:00:00Z"));
    handler_ = std::make_unique<engine::CommandHandler>(*store_.store, store_.clock);
    handler_->SetWheelReader([](const engine::AdoptedCycle& c) {
      return ParseTemplateFiles(TemplateFiles{c.template_id, c.name, c.main_path, c.files});
    });
    auto org = LoadOrganization(kExample + "/organization.yaml");
    ASSERT_TRUE(org.ok()) << org.status().ToString();
    org_ = *org;
    auto diff = engine::DiffOrganization(engine::Organization{}, org_, {"system", "system", "ks"}, "org");
    ASSERT_TRUE(handler_->HandleAtomically(diff.commands, "org").ok());
    auto files = ReadTemplateFiles(kExample + "/arshjul.yaml");
    ASSERT_TRUE(files.ok()) << files.status().ToString();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [path, text] : files->files) list.push_back({{"path", path}, {"text", text}});
    Must(Cmd("AdoptAnnualCycle", "wheel", {"system", "system", "ks"},
             {{"templateId", files->template_id}, {"name", files->name}, {"mainPath", files->main_path}, {"files", list}}));
    auto tmpl = LoadTemplate(kExample + "/arshjul.yaml");
    ASSERT_TRUE(tmpl.ok());
    tmpl_ = *tmpl;
  }

  void Must(const engine::Command& c) {
    auto r = handler_->Handle(c);
    ASSERT_TRUE(r.ok()) << c.command_id << ": " << r.status().ToString();
  }

  const engine::StepInstance& Instance(const std::vector<engine::StepInstance>& all, const std::string& id) {
    for (const auto& i : all)
      if (i.id == id) return i;
    ADD_FAILURE() << "no instance " << id;
    static const engine::StepInstance none{};
    return none;
  }

  std::vector<engine::StepInstance> Planned(int year) {
    auto plan = engine::Plan(tmpl_, handler_->state().org, year);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : std::vector<engine::StepInstance>{};
  }

  std::optional<std::string> CompletedOn(const std::vector<engine::StepInstance>& all, const std::string& id) {
    return engine::StepCompletedOn(handler_->state(), Instance(all, id));
  }

  nlohmann::json Decision(const std::string& id, const std::string& organ, const std::string& date,
                          const std::string& item) {
    return {{"id", id}, {"organ", organ}, {"meetingDate", date}, {"minuteItem", item},
            {"registryNumber", "KS/2026:" + item.substr(3)}, {"title", "Beslut " + id}};
  }

  testing::StoreHarness store_;
  std::unique_ptr<engine::CommandHandler> handler_;
  engine::Organization org_;
  engine::AnnualCycleTemplate tmpl_;
};

TEST_F(StepCompletion, KfsBudgetDecisionCompletesTheBudgetStepOfItsYear) {
  const auto plan = Planned(2027);
  const std::string step = "2027/kf_budget/kf/2028-12-31";
  EXPECT_FALSE(CompletedOn(plan, step));
  // Another KF decision, and a budget decision for another year, complete nothing.
  nlohmann::json other = Decision("kf-1", "kf", "2027-06-14", "§ 40");
  other["decides"] = "budget";
  other["periodTo"] = "2027-12-31";
  Must(Cmd("RecordDecision", "d1", kKfSecretary, other));
  nlohmann::json policy = Decision("kf-2", "kf", "2027-06-14", "§ 41");
  policy["decides"] = "governing_document";
  policy["periodTo"] = "2028-12-31";
  Must(Cmd("RecordDecision", "d2", kKfSecretary, policy));
  EXPECT_FALSE(CompletedOn(plan, step));
  // KF decides the budget for 2028 at its June meeting: the step is done that day.
  nlohmann::json budget = Decision("kf-3", "kf", "2027-06-14", "§ 42");
  budget["decides"] = "budget";
  budget["periodFrom"] = "2028-01-01";
  budget["periodTo"] = "2028-12-31";
  Must(Cmd("RecordDecision", "d3", kKfSecretary, budget));
  EXPECT_EQ(CompletedOn(plan, step), "2027-06-14");
  EXPECT_FALSE(CompletedOn(plan, "2027/ks_budgetforslag/ks/2028-12-31")) << "KS's proposal is KS's decision";
}

TEST_F(StepCompletion, TheElectionYearRedoNeedsTheNewlyElectedCouncilsDecision) {
  const auto plan = Planned(2026);
  nlohmann::json june = Decision("kf-j", "kf", "2026-06-15", "§ 50");
  june["decides"] = "budget";
  june["periodTo"] = "2027-12-31";
  Must(Cmd("RecordDecision", "june", kKfSecretary, june));
  EXPECT_EQ(CompletedOn(plan, "2026/kf_budget/kf/2027-12-31"), "2026-06-15");
  EXPECT_FALSE(CompletedOn(plan, "2026/kf_budget_nyvalda/kf/2027-12-31"));
  nlohmann::json november = Decision("kf-n", "kf", "2026-11-30", "§ 90");
  november["decides"] = "budget";
  november["periodTo"] = "2027-12-31";
  Must(Cmd("RecordDecision", "november", kKfSecretary, november));
  EXPECT_EQ(CompletedOn(plan, "2026/kf_budget_nyvalda/kf/2027-12-31"), "2026-11-30");
}

TEST_F(StepCompletion, ApprovingTheAnnualReportCompletesItsStep) {
  const auto plan = Planned(2027);
  nlohmann::json approval = Decision("kf-ar", "kf", "2027-04-26", "§ 20");
  approval["decides"] = "annual_report";
  approval["periodTo"] = "2026-12-31";
  Must(Cmd("RecordDecision", "ar", kKfSecretary, approval));
  EXPECT_EQ(CompletedOn(plan, "2027/kf_arsredovisning/kf/2026-12-31"), "2027-04-26");
  EXPECT_FALSE(CompletedOn(plan, "2027/ansvarsprovning/kf/2026-12-31")) << "discharge is another decision";
}

TEST_F(StepCompletion, AnAssignmentStartsVerkstallighetAndReportBackByItsDueDate) {
  Must(Cmd("RecordDecision", "ks-d", kKsSecretary, Decision("ks-31", "ks", "2026-03-11", "§ 31")));
  Must(Cmd("GiveAssignment", "u", kKsSecretary,
           {{"id", "ks-u1"}, {"fromOrgan", "ks"}, {"decisionId", "ks-31"}, {"toOrgan", "forvaltningen"},
            {"toRole", "forvaltningschef"}, {"via", "kommunchef"}, {"text", "Ta fram en lokalförsörjningsplan"},
            {"dueDate", "2026-10-31"}}));
  const auto started = engine::StartedInstances(tmpl_, handler_->state().org, engine::StartTriggers(handler_->state()), 2026, 2026);
  const auto& execute = Instance(started, "2026/verkstallighet/forvaltningen/ks-u1");
  EXPECT_EQ(engine::ToString(execute.deadline), "2026-10-31");
  EXPECT_EQ(execute.responsible_role, "forvaltningschef");
  EXPECT_EQ(execute.legal_basis, "KL 13 kap. 14 §");
  EXPECT_FALSE(execute.reminders.empty());
  EXPECT_FALSE(execute.escalations.empty());
  const auto& report = Instance(started, "2026/aterrapportering/ks/ks-u1");
  EXPECT_EQ(engine::ToString(report.deadline), "2026-10-31");
  EXPECT_EQ(report.responsible_role, "forvaltningschef");
  // The justering of the meeting's protokoll is started too.
  Instance(started, "2026/justering/ks/2026-03-11");

  EXPECT_FALSE(engine::StepCompletedIn(handler_->state(), report));
  Must(Cmd("ReportAssignment", "r1", kKsSecretary,
           {{"assignmentId", "ks-u1"}, {"organ", "ks"}, {"reportedOn", "2026-09-01"}, {"status", "in_progress"}}));
  EXPECT_FALSE(engine::StepCompletedIn(handler_->state(), report)) << "still in progress";
  Must(Cmd("ReportAssignment", "r2", kKsSecretary,
           {{"assignmentId", "ks-u1"}, {"organ", "ks"}, {"reportedOn", "2026-10-20"}, {"status", "done"}}));
  EXPECT_EQ(engine::StepCompletedOn(handler_->state(), report), "2026-10-20");
  EXPECT_EQ(engine::StepCompletedOn(handler_->state(), execute), "2026-10-20");
}

TEST_F(StepCompletion, CompleteStepForAnInstanceTheWheelDoesNotPlanIsRefused) {
  const storage::Actor bun{"sara-lindqvist", "namndsekreterare", "bun"};
  auto refused = handler_->Handle(Cmd("CompleteStep", "c1", bun,
                                      {{"instanceId", "2026/delarsrapport-1/bun"}, {"organ", "bun"},
                                       {"completedOn", "2026-04-21"}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "payload.instanceId");
  EXPECT_NE(refused.status().message().find("finns inte i årshjulet exempelkommun för 2026"), std::string::npos)
      << refused.status().message();
  // The period end left out: the message names the planned instance.
  refused = handler_->Handle(Cmd("CompleteStep", "c2", bun,
                                 {{"instanceId", "2026/namnd_delarsrapport_1/bun"}, {"organ", "bun"},
                                  {"completedOn", "2026-04-21"}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("2026/namnd_delarsrapport_1/bun/2026-03-31"), std::string::npos)
      << refused.status().message();
  Must(Cmd("CompleteStep", "c3", bun,
           {{"instanceId", "2026/namnd_delarsrapport_1/bun/2026-03-31"}, {"organ", "bun"}, {"completedOn", "2026-04-21"}}));
  // A decision naming an unplanned instance in completesSteps: refused on that field.
  nlohmann::json d = Decision("ks-9", "ks", "2026-03-11", "§ 9");
  d["completesSteps"] = {"2026/no_such_step/ks"};
  auto decision = handler_->Handle(Cmd("RecordDecision", "d9", kKsSecretary, d));
  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.status().field(), "payload.completesSteps");
}

}  // namespace
}  // namespace arshjul::workflows
