// The delårsrapport's and årsredovisning's sections for one nämnd or bolag, and
// kommunstyrelsen's compiled version over all of them (report.h).
#include <algorithm>

#include "arshjul/engine/oversight.h"
#include "report_cells.h"

namespace arshjul::engine::report {
namespace {

// The latest follow-up of `goal` whose period ends inside the report's period.
const FollowUpRow* LatestFollowUp(const DomainState& st, const ReportRequest& r, const std::string& goal) {
  const FollowUpRow* best = nullptr;
  for (const auto& [id, f] : st.follow_ups) {
    if (f.goal_id != goal || !f.assessment || !InPeriod(f.period_to, r)) continue;
    if (!best || std::tie(f.period_to, f.source.position) > std::tie(best->period_to, best->source.position)) best = &f;
  }
  return best;
}

void GoalRow(const DomainState& st, const ReportRequest& r, Table& t, const std::string& id, const std::string& title,
             const Provenance& source) {
  std::vector<Cell> row{Cited(title, title, "title", source)};
  if (const FollowUpRow* f = LatestFollowUp(st, r, id)) {
    const char* name = AssessmentValueName(*f->assessment);
    Cell c = Cited(AssessmentWord(*f->assessment), name, "assessment", f->source);
    c.emphasis = *f->assessment == AssessmentValue::kNotMet;
    row.push_back(std::move(c));
    row.push_back(Cited(f->analysis, f->analysis, "analysis", f->source));
    row.push_back(CitedDate(f->period_to, "periodTo", f->source));
  } else {
    row.insert(row.end(), {Text("ej bedömd under perioden", true), Text(""), Text("")});
  }
  t.rows.push_back(std::move(row));
}

Table GoalTable(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  Table t{"Måluppfyllelse",
          {{"goal", "Mål"}, {"assessment", "Bedömning"}, {"analysis", "Analys"}, {"period_to", "Uppföljt t.o.m."}},
          {},
          "Inga mål för perioden."};
  for (const auto& [id, g] : st.strategic_goals)
    if (g.organ == organ) GoalRow(st, r, t, id, g.title, g.source);
  int from = static_cast<int>(r.period_from.year()), to = static_cast<int>(r.period_to.year());
  for (const auto& [id, g] : st.outcome_goals)
    if (g.organ == organ && g.year >= from && g.year <= to) GoalRow(st, r, t, id, g.title, g.source);
  return t;
}

void MeasurementRow(const IndicatorRow& ind, const Measurement& m, Table& t) {
  std::vector<Cell> row{Cited(ind.name, ind.name, "name", ind.source),
                        CitedDate(m.period_end, "periodEnd", m.source),
                        m.gender.empty() ? Text("") : Cited(m.gender, m.gender, "gender", m.source)};
  if (m.missing) {
    row.push_back(Cited("saknas", true, "missing", m.source));
  } else {
    row.push_back(Figure(m.value, "value", m.source));
  }
  row.push_back(Figure(ind.target, "target", ind.source));
  if (m.missing) {
    row.push_back(Text("–"));
  } else {
    double gap = ind.higher_is_better ? m.value - ind.target : ind.target - m.value;
    row.push_back(Computed(gap, PlainFigure(gap), ind.higher_is_better ? "value - target" : "target - value",
                           ind.higher_is_better ? std::vector<std::string>{"value", "target"}
                                                : std::vector<std::string>{"target", "value"}));
  }
  row.push_back(ind.kolada_kpi.empty() ? Text("") : Cited(ind.kolada_kpi, ind.kolada_kpi, "koladaKpi", ind.source));
  t.rows.push_back(std::move(row));
}

// Each indicator's measurements of the latest period inside the report's period (one per gender).
Table IndicatorTable(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  Table t{"Indikatorer mot målvärden",
          {{"indicator", "Indikator"}, {"period_end", "Period"}, {"gender", "Kön"}, {"value", "Utfall", true},
           {"target", "Målvärde", true}, {"gap", "Mot mål", true}, {"kolada", "Kolada"}},
          {},
          "Inga indikatorer."};
  for (const auto& [id, ind] : st.indicators) {
    if (ind.organ != organ) continue;
    std::optional<Date> latest;
    for (const auto& m : ind.measurements)
      if (InPeriod(m.period_end, r)) latest = m.period_end;
    for (const auto& m : ind.measurements)
      if (latest && m.period_end == *latest) MeasurementRow(ind, m, t);
  }
  return t;
}

// The latest forecast made inside the period for the period's year.
const ForecastRow* LatestForecast(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  const ForecastRow* best = nullptr;
  for (const auto& f : st.forecast_history) {
    if (f.organ != organ || f.year != static_cast<int>(r.period_to.year())) continue;
    Date made = std::chrono::year(f.year) / std::chrono::month(f.month) / std::chrono::last;
    if (made > r.period_to) continue;
    if (!best || f.source.position > best->source.position) best = &f;
  }
  return best;
}

std::vector<Section> EconomySection(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  Section s{"Ekonomi", {}, {}};
  Table fc{"Prognos mot budget (mnkr)",
           {{"month", "Prognosmånad"}, {"budget", "Budget", true}, {"forecast", "Prognos", true},
            {"deviation", "Avvikelse", true}, {"actions", "Åtgärder"}},
           {},
           "Ingen prognos under perioden."};
  if (const ForecastRow* f = LatestForecast(st, r, organ)) {
    std::string actions;
    for (const auto& a : f->remedial_actions) actions += (actions.empty() ? "" : "; ") + a;
    Cell act = Cited(actions.empty() ? "inga" : actions, f->remedial_actions, "remedialActions", f->source);
    act.emphasis = f->Deviation() < 0 && actions.empty();
    fc.rows.push_back({Figure(f->month, "month", f->source), Money(f->budget, "budget", f->source),
                       Money(f->forecast, "forecast", f->source),
                       ComputedMoney(f->Deviation(), "budget - forecast", {"budget", "forecast"}),
                       std::move(act)});
  }
  s.tables.push_back(std::move(fc));
  Table out{"Utfall (mnkr)",
            {{"year", "År"}, {"budget", "Budget", true}, {"outcome", "Utfall", true}, {"result", "Resultat", true}},
            {},
            "Inget utfall för året ännu."};
  auto o = st.outcomes.find(OrganYearKey(organ, static_cast<int>(r.period_to.year())));
  if (o != st.outcomes.end()) {
    const OutcomeRow& row = o->second;
    out.rows.push_back({Figure(row.year, "year", row.source), Money(row.budget, "budget", row.source),
                        Money(row.outcome, "outcome", row.source),
                        ComputedMoney(row.Result(), "budget - outcome", {"budget", "outcome"})});
  }
  s.tables.push_back(std::move(out));
  return {s};
}

std::string ControlResultWord(const ControlRow& c) {
  if (c.last_result == ControlResult::kOk) return "utan anmärkning";
  if (c.last_result == ControlResult::kDeviation) return "avvikelse";
  return "ej utförd";
}

void PlanTables(const ControlPlanRow& plan, Section& s) {
  Table risks{"Risker " + std::to_string(plan.year) + " (sannolikhet × konsekvens)",
              {{"risk", "Risk"}, {"description", "Beskrivning"}, {"category", "Kategori"},
               {"likelihood", "Sannolikhet", true},
               {"consequence", "Konsekvens", true}, {"value", "Riskvärde", true}},
              {},
              "Planen anger inga risker."};
  for (const RiskRow& k : plan.risks) {
    std::string at = "risks[id=" + k.id + "]/";
    risks.rows.push_back({Cited(k.id, k.id, at + "id", plan.source),
                          Cited(k.description, k.description, at + "description", plan.source),
                          k.category.empty() ? Text("–")
                                             : Cited(RiskCategorySv(k.category), k.category, at + "category",
                                                     plan.source),
                          Figure(k.likelihood, at + "likelihood", plan.source),
                          Figure(k.consequence, at + "consequence", plan.source),
                          Computed(k.Value(), std::to_string(k.Value()), "likelihood * consequence",
                                   {"likelihood", "consequence"})});
  }
  Table controls{"Kontroller och resultat",
                 {{"control", "Kontroll"}, {"risk", "Risk"}, {"description", "Beskrivning"}, {"result", "Resultat"},
                  {"performed_on", "Utförd"}, {"deviation", "Avvikelse och åtgärd"}},
                 {},
                 "Planen anger inga kontroller."};
  for (const auto& [cid, c] : plan.controls) {
    std::string at = "controls[id=" + cid + "]/";
    std::vector<Cell> row{Cited(cid, cid, at + "id", plan.source), Cited(c.risk_id, c.risk_id, at + "riskId", plan.source),
                          Cited(c.description, c.description, at + "description", plan.source)};
    if (c.last_source.position) {
      Cell res = Cited(ControlResultWord(c), ControlResultName(c.last_result), "result", c.last_source);
      res.emphasis = c.last_result == ControlResult::kDeviation;
      row.push_back(std::move(res));
      row.push_back(CitedDate(*c.last_performed_on, "performedOn", c.last_source));
      std::string dev = c.last_deviation + (c.last_action.empty() ? "" : " Åtgärd: " + c.last_action);
      row.push_back(c.last_deviation.empty() ? Text("–") : Cited(dev, c.last_deviation, "deviation", c.last_source));
    } else {
      row.insert(row.end(), {Text("ej utförd", true), Text(""), Text("")});
    }
    controls.rows.push_back(std::move(row));
  }
  s.tables.push_back(std::move(risks));
  s.tables.push_back(std::move(controls));
}

Section ControlSection(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  Section s{"Intern kontroll", {}, {}};
  for (const auto& [id, plan] : st.control_plans)
    if (plan.organ == organ && plan.year == static_cast<int>(r.period_to.year())) PlanTables(plan, s);
  if (s.tables.empty()) s.paragraphs.push_back("Ingen internkontrollplan för " + std::to_string(static_cast<int>(r.period_to.year())) + ".");
  return s;
}

Section AssignmentSection(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  Table t{"Uppdrag",
          {{"text", "Uppdrag"}, {"from", "Från"}, {"due", "Senast"}, {"status", "Status"}, {"report", "Återrapport"}},
          {},
          "Inga uppdrag."};
  for (const auto& [id, a] : st.assignments) {
    if (a.to_organ != organ && a.from_organ != organ) continue;
    std::string status = AssignmentStatusOn(a, r.as_of);
    Cell st_cell = a.report_source.position
                       ? Cited(StatusSv(status), AssignmentStatusName(a.status), "status", a.report_source)
                       : Text(StatusSv(status), status == "late");
    st_cell.emphasis = status == "late";
    t.rows.push_back({Cited(a.text, a.text, "text", a.source), Cited(a.from_organ, a.from_organ, "fromOrgan", a.source),
                      CitedDate(a.due, "dueDate", a.source), std::move(st_cell),
                      a.report_source.position ? Cited(a.report_text, a.report_text, "text", a.report_source)
                                               : Text("")});
  }
  return Section{"Uppdrag", {}, {std::move(t)}};
}

}  // namespace

std::vector<Section> CommitteeSections(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  std::vector<Section> out;
  out.push_back(Section{"Måluppfyllelse", {}, {GoalTable(st, r, organ), IndicatorTable(st, r, organ)}});
  for (auto& s : EconomySection(st, r, organ)) out.push_back(std::move(s));
  out.push_back(ControlSection(st, r, organ));
  out.push_back(AssignmentSection(st, r, organ));
  return out;
}

std::vector<Section> CompiledSections(const DomainState& st, const ReportRequest& r) {
  Table summary{"Nämnder och bolag",
                {{"organ", "Organ"}, {"met", "Mål uppfyllda", true}, {"partly", "Delvis", true},
                 {"not_met", "Ej uppfyllda", true}, {"budget", "Budget (mnkr)", true},
                 {"forecast", "Prognos (mnkr)", true}, {"deviation", "Avvikelse (mnkr)", true},
                 {"control_deviations", "Kontrollavvikelser", true}},
                {},
                "Inga nämnder eller bolag."};
  for (const std::string& organ : ReportedOrgans(st)) {
    std::vector<Citation> counts[3], deviations;
    for (const auto& [id, f] : st.follow_ups) {
      if (f.organ != organ || f.goal_id.empty() || !f.assessment || LatestFollowUp(st, r, f.goal_id) != &f) continue;
      counts[static_cast<int>(*f.assessment)].push_back(CiteSource(f.source));
    }
    for (const auto& [pid, plan] : st.control_plans)
      for (const auto& [cid, c] : plan.controls)
        if (plan.organ == organ && c.last_result == ControlResult::kDeviation) deviations.push_back(CiteSource(c.last_source));
    std::vector<Cell> row{Text(OrganName(st, organ)), Count(counts[0]), Count(counts[1]), Count(counts[2])};
    if (const ForecastRow* f = LatestForecast(st, r, organ)) {
      row.push_back(Money(f->budget, "budget", f->source));
      row.push_back(Money(f->forecast, "forecast", f->source));
      row.push_back(ComputedMoney(f->Deviation(), "budget - forecast", {"budget", "forecast"}));
    } else {
      row.insert(row.end(), {Text("–"), Text("–"), Text("–")});
    }
    row.push_back(Count(deviations));
    summary.rows.push_back(std::move(row));
  }
  std::vector<Section> out{Section{"Sammanställning",
                                   {"Kommunstyrelsens sammanställning över nämnder och bolag. Varje uppgift hänvisar "
                                    "till den händelse i loggen som den kommer från."},
                                   {std::move(summary)}}};
  for (const auto& [id, o] : st.org.organs) {
    if (o.kind != OrganKind::kCouncil) continue;
    out.push_back(Section{o.name + ": inriktningsmål", {}, {GoalTable(st, r, id)}});
  }
  for (const std::string& organ : ReportedOrgans(st)) {
    for (Section s : CommitteeSections(st, r, organ)) {
      s.title = OrganName(st, organ) + ": " + s.title;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace arshjul::engine::report
