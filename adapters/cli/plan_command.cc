#include "plan_command.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/planner.h"
#include "arshjul/workflows/organization_loader.h"
#include "arshjul/workflows/template_loader.h"
#include "exit_codes.h"
#include "ical_feed.h"
#include "table_writer.h"

namespace arshjul::cli {
namespace {

using engine::StepInstance;

constexpr int kFirstYear = 1995;
constexpr int kLastYear = 9998;

int Usage(std::ostream& err, const std::string& field, const std::string& message) {
  err << "fel: " << field << ": " << message << "\n";
  return kExitRejected;
}

// A load or planning failure: input errors exit 2, unreadable files 1.
int Failed(std::ostream& err, const std::string& field, const Status& s) {
  err << "fel: " << field << ": " << s.message() << "\n";
  return s.code() == StatusCode::kNotFound ? kExitRejected : ExitCodeFor(s);
}

std::string OrganName(const engine::Organization& org, const std::string& id) {
  const engine::Organ* o = org.FindOrgan(id);
  return o && !o->name.empty() ? o->name : id;
}

std::string PeriodText(const StepInstance& i) {
  return i.period ? engine::ToString(i.period->from) + " – " + engine::ToString(i.period->to) : "";
}

std::string HourMinute(int hour, int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

nlohmann::ordered_json InstanceJson(const StepInstance& i, const engine::Organization& org) {
  nlohmann::ordered_json reminders = nlohmann::ordered_json::array();
  for (const engine::ReminderOffset& r : i.reminders) {
    const engine::Date day{std::chrono::sys_days{i.deadline} - std::chrono::days{r.days_before}};
    reminders.push_back({{"days_before", r.days_before},
                         {"at", HourMinute(r.hour, r.minute)},
                         {"fires_at", engine::FormatLocalRfc3339(engine::LocalToUtc(day, r.hour, r.minute))}});
  }
  nlohmann::ordered_json escalations = nlohmann::ordered_json::array();
  for (const engine::Escalation& e : i.escalations)
    escalations.push_back({{"days_after", e.days_after}, {"to_role", e.to_role}, {"oversight_finding", e.oversight_finding}});
  nlohmann::ordered_json period = nullptr;
  if (i.period) period = {{"from", engine::ToString(i.period->from)}, {"to", engine::ToString(i.period->to)}};
  nlohmann::ordered_json anchor = nullptr;
  if (i.after_completion_of) anchor = i.after_completion_of->instance_id;
  return {{"id", i.id},
          {"step_id", i.step_id},
          {"title", i.title},
          {"kind", engine::StepKindName(i.kind)},
          {"organ", i.organ},
          {"organ_name", OrganName(org, i.organ)},
          {"responsible_role", i.responsible_role},
          {"deadline", engine::ToString(i.deadline)},
          {"weekday", std::string(engine::WeekdayNameSv(engine::WeekdayOf(i.deadline)))},
          {"statutory", i.statutory},
          {"period", period},
          {"legal_basis", i.legal_basis},
          {"depends_on", i.depends_on},
          {"reminders", reminders},
          {"escalations", escalations},
          {"completion_event", i.completion.event_type},
          {"completion_subject", i.completion.subject},
          {"after_completion_of", anchor},
          {"preliminary", i.preliminary},
          {"preliminary_reason", i.preliminary_reason}};
}

void WriteJson(const std::vector<StepInstance>& plan, const engine::Organization& org, const std::string& template_id,
               int year, std::ostream& out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const StepInstance& i : plan) list.push_back(InstanceJson(i, org));
  const nlohmann::ordered_json doc = {
      {"year", year}, {"municipality", org.municipality_id}, {"template", template_id}, {"instances", list}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void WriteRows(const std::vector<StepInstance>& plan, OutputFormat format, std::ostream& out) {
  std::vector<std::string> columns = {"frist", "organ", "ansvarig", "steg", "titel", "period", "lagrum"};
  if (format == OutputFormat::kCsv) columns.insert(columns.begin(), "id");
  TableWriter writer(out, format, columns);
  for (const StepInstance& i : plan) {
    const std::string deadline = engine::ToString(i.deadline) + (i.preliminary ? " preliminärt" : "");
    std::vector<std::string> cells = {deadline, i.organ, i.responsible_role, i.step_id,
                                      i.title, PeriodText(i), i.legal_basis};
    if (format == OutputFormat::kCsv) cells.insert(cells.begin(), i.id);
    writer.Row(cells, nullptr);
  }
  writer.Finish();
}

std::string CalendarName(const PlanCommandOptions& o, const engine::Organization& org) {
  std::string name = "Årshjul " + std::to_string(o.year) + " – " + org.municipality_name;
  if (!o.organ.empty()) name += " – " + OrganName(org, o.organ);
  if (!o.role.empty()) {
    auto it = org.roles.find(o.role);
    name += " – " + (it != org.roles.end() && !it->second.name.empty() ? it->second.name : o.role);
  }
  return name;
}

Status CheckOptions(const PlanCommandOptions& o, std::string* field) {
  *field = "--year";
  if (o.year < kFirstYear || o.year > kLastYear) {
    return Status::InvalidArgument("året måste ligga mellan " + std::to_string(kFirstYear) + " och " +
                                   std::to_string(kLastYear) + ", inte " + std::to_string(o.year));
  }
  *field = "--format";
  if (o.format != "table" && o.format != "json" && o.format != "csv" && o.format != "ics")
    return Status::InvalidArgument("okänt format \"" + o.format + "\" (välj table, json, csv eller ics)");
  *field = "--org";
  if (o.organization_path.empty() && !o.recorded_organization) {
    return Status::InvalidArgument("ange organisationsfilen (YAML), eller registrera organisationen med arshjul init --org FILE");
  }
  *field = "--template";
  if (o.template_path.empty() && !o.wheel) {
    return Status::InvalidArgument("ange årshjulsmallen (YAML eller standard), eller anta ett årshjul med arshjul wheel adopt FILE");
  }
  return Status::Ok();
}

}  // namespace

int RunPlanCommand(const PlanCommandOptions& o, std::ostream& out, std::ostream& err) {
  std::string field;
  if (Status s = CheckOptions(o, &field); !s.ok()) return Usage(err, field, s.message());
  Result<engine::Organization> org = o.organization_path.empty() ? Result<engine::Organization>(*o.recorded_organization)
                                                                  : workflows::LoadOrganization(o.organization_path);
  if (!org.ok()) return Failed(err, "--org", org.status());
  const std::string source = o.organization_path.empty() ? "den registrerade organisationen" : o.organization_path;
  if (!o.organ.empty() && org->FindOrgan(o.organ) == nullptr)
    return Usage(err, "--organ", "okänt organ '" + o.organ + "' (finns inte i " + source + ")");
  if (!o.role.empty() && org->roles.count(o.role) == 0)
    return Usage(err, "--role", "okänd roll '" + o.role + "' (finns inte i " + source + ")");
  auto tmpl = o.wheel ? Result<engine::AnnualCycleTemplate>(*o.wheel) : workflows::LoadTemplate(o.template_path);
  if (!tmpl.ok()) return Failed(err, "--template", tmpl.status());
  auto plan = engine::Plan(*tmpl, *org, o.year);
  if (!plan.ok()) return Failed(err, plan.status().field() == "year" ? "--year" : "--template", plan.status());
  for (StepInstance& i : engine::StartedInstances(*tmpl, *org, o.triggers, o.year, o.year)) plan->push_back(std::move(i));
  std::stable_sort(plan->begin(), plan->end(),
                   [](const StepInstance& a, const StepInstance& b) { return a.deadline < b.deadline; });

  std::vector<StepInstance> shown;
  for (StepInstance& i : *plan) {
    if ((o.organ.empty() || i.organ == o.organ) && (o.role.empty() || i.responsible_role == o.role))
      shown.push_back(std::move(i));
  }
  if (o.format == "json") WriteJson(shown, *org, tmpl->id, o.year, out);
  else if (o.format == "ics") WriteICalendar(out, CalendarInfo{CalendarName(o, *org), o.generated_at}, shown, *org);
  else WriteRows(shown, o.format == "csv" ? OutputFormat::kCsv : OutputFormat::kTable, out);
  return kExitOk;
}

}  // namespace arshjul::cli
