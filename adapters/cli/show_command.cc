// `arshjul show VIEW`: the read models, rebuilt by replay as of any date.
//   --known-at T  what the record showed at recorded time T (what KS knew then)
//   --as-of D     what was in force at effective date D (even if recorded later)
#include <cstdio>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/swedish_format.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/oversight.h"
#include "show_command.h"
#include "show_seed_rules.h"
#include "show_steering.h"
#include "show_completeness.h"
#include "show_meeting_plan.h"
#include "swedish_labels.h"
#include "exit_codes.h"
#include "table_writer.h"

namespace arshjul::cli {
namespace {

using engine::DomainState;
using nlohmann::json;

struct ShowOptions {
  std::string view;
  std::string organ;
  std::string as_of, known_at, today;
  std::string format = "table";
};

// A date means the end of that day in Stockholm; a time is taken as it is.
bool ParsePointInTime(const std::string& text, Timestamp* out) {
  if (auto d = engine::ParseDate(text)) {
    auto next = std::chrono::sys_days(*d) + std::chrono::days(1);
    *out = engine::LocalToUtc(engine::Date{next}, 0, 0) - std::chrono::microseconds(1);
    return true;
  }
  return ParseTimestamp(text, out);
}

// Millions of kronor, Swedish style (decimal comma, true minus): "−6,3".
std::string Money(double v) { return engine::SwedishNumber(v / 1e6, 1); }

std::string AssessmentSv(const std::string& v) { return v.empty() ? "ej bedömt" : SwedishLabel("assessment", v); }

// A date as YYYY-MM-DD, or "" when there is none.
std::string OrEmpty(const std::optional<engine::Date>& d) { return d ? engine::ToString(*d) : std::string(); }

// The latest assessment's name ("met", …), or "" when the goal has none.
std::string LatestName(const std::optional<engine::Assessment>& a) {
  return a ? engine::AssessmentValueName(a->value) : "";
}

bool Keep(const ShowOptions& o, const std::string& organ) { return o.organ.empty() || o.organ == organ; }

void ShowGoals(const DomainState& st, const ShowOptions& o, engine::Date today, TableWriter& t) {
  for (const auto& [id, text] : st.visions) {
    t.Row({"vision", id, "", text, "", ""}, {{"level", "vision"}, {"id", id}, {"title", text}});
  }
  for (const auto& [id, sg] : st.strategic_goals) {
    t.Row({"inriktningsmål", id, sg.organ, sg.title, AssessmentSv(LatestName(sg.latest)), ""},
          {{"level", "strategic"}, {"id", id}, {"organ", sg.organ}, {"title", sg.title},
           {"assessment", LatestName(sg.latest)}, {"event_id", sg.source.event_id.ToHex()}});
    for (const auto& [aid, a] : st.activities) {  // set straight for KF's goal (Grästorp)
      if (a.goal_id == id && Keep(o, a.organ)) ActivityGoalRow(st, a, "", today, t);
    }
    for (const auto& [gid, g] : st.outcome_goals) {
      if (std::find(g.strategic_goal_ids.begin(), g.strategic_goal_ids.end(), id) == g.strategic_goal_ids.end() ||
          !Keep(o, g.organ)) {
        continue;
      }
      std::string indicators;
      json ind_json = json::array();
      for (const auto& [iid, ind] : st.indicators) {
        if (ind.goal_id != gid) continue;
        std::string last = ind.measurements.empty() ? "–" : std::to_string(ind.measurements.back().value);
        indicators += (indicators.empty() ? "" : "; ") + ind.name + " " + last + "/" + std::to_string(ind.target);
        ind_json.push_back({{"id", iid}, {"name", ind.name}, {"target", ind.target},
                            {"latest", ind.measurements.empty() ? json(nullptr) : json(ind.measurements.back().value)}});
      }
      json row = {{"level", "outcome"}, {"id", gid}, {"organ", g.organ}, {"title", g.title}, {"year", g.year},
                  {"strategic_goals", g.strategic_goal_ids}, {"target_group", g.target_group}, {"effect", g.effect},
                  {"assessment", LatestName(g.latest)}, {"indicators", ind_json}, {"event_id", g.source.event_id.ToHex()}};
      row.update(GoalReasonsJson(g));  // show_seed_rules.cc
      t.Row({"  effektmål", gid, g.organ, g.title, AssessmentSv(LatestName(g.latest)), indicators}, row);
      GoalReasonRows(g, t);
      for (const auto& [aid, a] : st.activities) {
        if (a.goal_id == gid) ActivityGoalRow(st, a, g.effect, today, t);  // show_steering.cc
      }
    }
  }
}

void ShowDecisions(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, d] : st.decisions) {
    if (!Keep(o, d.organ)) continue;
    t.Row({d.organ, engine::ToString(d.meeting_date), d.minute_item, d.registry_number, d.title,
           d.source.revisions ? "rättat " + std::to_string(d.source.revisions) + " gång(er)" : ""},
          {{"id", id}, {"organ", d.organ}, {"meeting_date", engine::ToString(d.meeting_date)}, {"minute_item", d.minute_item},
           {"registry_number", d.registry_number}, {"title", d.title}, {"decides", d.decides},
           {"revisions", d.source.revisions}, {"event_id", d.source.event_id.ToHex()}, {"position", d.source.position}});
  }
}

void ShowAssignments(const DomainState& st, const ShowOptions& o, engine::Date today, TableWriter& t) {
  for (const auto& [id, a] : st.assignments) {
    if (!Keep(o, a.from_organ) && !Keep(o, a.to_organ)) continue;
    std::string status = engine::AssignmentStatusOn(a, today);
    t.Row({id, a.from_organ + " → " + a.to_organ + " (" + a.to_role + ")", a.text, engine::ToString(a.due),
           SwedishLabel("assignment_status", status)},
          {{"id", id}, {"from", a.from_organ}, {"to", a.to_organ}, {"to_role", a.to_role}, {"via", a.via},
           {"text", a.text}, {"due", engine::ToString(a.due)}, {"status", status}, {"decision", a.decision_id},
           {"given_on", engine::ToString(engine::LocalDate(a.source.effective_at))},
           {"reported_on", OrEmpty(a.reported_on)}, {"report_back", a.report_back}, {"position", a.source.position},
           {"event_id", a.source.event_id.ToHex()}});
  }
}

void ShowForecasts(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [key, f] : st.forecasts) {
    if (!Keep(o, f.organ)) continue;
    std::string actions;
    for (const auto& a : f.remedial_actions) actions += (actions.empty() ? "" : "; ") + a;
    t.Row({f.organ, std::to_string(f.year), std::to_string(f.month), Money(f.budget), Money(f.forecast),
           Money(f.Deviation()), actions},
          {{"organ", f.organ}, {"year", f.year}, {"month", f.month}, {"budget", f.budget}, {"forecast", f.forecast},
           {"deviation", f.Deviation()}, {"remedial_actions", f.remedial_actions}});
  }
}

// The plan's risk a control addresses, or none.
const engine::RiskRow* RiskOf(const engine::ControlPlanRow& plan, const std::string& risk_id) {
  for (const engine::RiskRow& r : plan.risks)
    if (!risk_id.empty() && r.id == risk_id) return &r;
  return nullptr;
}

json RiskOrNull(const engine::RiskRow* r) { return r ? RiskJson(*r) : json(nullptr); }

// One row per control, then one per risk no control addresses; each with the
// risk's likelihood (sannolikhet), consequence (konsekvens) and their product.
void ShowControls(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, plan] : st.control_plans) {
    if (!Keep(o, plan.organ)) continue;
    auto risk_cells = [](const engine::RiskRow* r) -> std::vector<std::string> {
      if (!r) return {"", "", "", "", ""};
      return {r->id + ": " + r->description, RiskCategorySv(r->category), std::to_string(r->likelihood),
              std::to_string(r->consequence), std::to_string(r->Value())};
    };
    for (const auto& [cid, c] : plan.controls) {
      const engine::RiskRow* risk = RiskOf(plan, c.risk_id);
      std::vector<std::string> cells{plan.organ, std::to_string(plan.year)};
      for (auto& s : risk_cells(risk)) cells.push_back(std::move(s));
      cells.insert(cells.end(), {cid, c.description,
                                 c.last_result == engine::ControlResult::kNotPerformed
                                     ? "ej utförd"
                                     : (c.last_result == engine::ControlResult::kOk ? "utan anmärkning"
                                                                                    : "AVVIKELSE: " + c.last_deviation),
                                 OrEmpty(c.last_performed_on)});
      t.Row(cells, {{"plan", id}, {"organ", plan.organ}, {"year", plan.year}, {"risk", RiskOrNull(risk)},
                    {"control", cid}, {"description", c.description},
                    {"result", engine::ControlResultName(c.last_result)}, {"deviation", c.last_deviation},
                    {"performed_on", OrEmpty(c.last_performed_on)}, {"deviations", c.deviations}});
    }
    for (const engine::RiskRow& r : plan.risks) {
      bool controlled = false;
      for (const auto& [cid, c] : plan.controls) controlled = controlled || c.risk_id == r.id;
      if (controlled) continue;
      std::vector<std::string> cells{plan.organ, std::to_string(plan.year)};
      for (auto& s : risk_cells(&r)) cells.push_back(std::move(s));
      cells.insert(cells.end(), {"", "ingen kontroll", "", ""});
      t.Row(cells, {{"plan", id}, {"organ", plan.organ}, {"year", plan.year}, {"risk", RiskOrNull(&r)},
                    {"control", nullptr}, {"result", ""}});
    }
  }
}

std::string FindingKindSv(const std::string& kind) { return SwedishLabel("finding", kind); }

void ShowFindings(const DomainState& st, const ShowOptions& o, engine::Date today, TableWriter& t) {
  for (const auto& f : engine::Findings(st, today)) {
    if (!Keep(o, f.organ)) continue;
    t.Row({f.organ, FindingKindSv(f.kind), f.subject, f.text},
          {{"organ", f.organ}, {"kind", f.kind}, {"subject", f.subject}, {"text", f.text}});
  }
}

void ShowOversight(const DomainState& st, const ShowOptions& o, engine::Date today, TableWriter& t) {
  for (const auto& [id, organ] : st.org.organs) {
    if (!Keep(o, id)) continue;
    if (o.organ.empty() && organ.kind != engine::OrganKind::kCommittee && organ.kind != engine::OrganKind::kCompany &&
        organ.kind != engine::OrganKind::kExecutiveBoard && !engine::IsUnitKind(organ.kind)) {
      continue;
    }
    engine::OversightSummary s = engine::Summarize(st, id, today);
    std::string forecast = s.latest_forecast ? Money(s.latest_forecast->Deviation()) + " mnkr (" +
                                                   std::to_string(s.latest_forecast->month) + "/" +
                                                   std::to_string(s.latest_forecast->year) + ")"
                                             : "–";
    t.Row({id, std::to_string(s.decisions),
           std::to_string(s.assignments_open) + "/" + std::to_string(s.assignments_done) + "/" +
               std::to_string(s.assignments_late),
           std::to_string(s.goals_met) + "/" + std::to_string(s.goals_partly_met) + "/" +
               std::to_string(s.goals_not_met) + "/" + std::to_string(s.goals_unassessed),
           forecast, std::to_string(s.controls_performed) + "/" + std::to_string(s.controls) + " (" +
                         std::to_string(s.control_deviations) + " avv.)",
           SteeringOversightCell(st, id, today), std::to_string(s.findings.size()), CompletenessCell(s.findings)},
          {{"organ", id}, {"name", s.organ_name}, {"decisions", s.decisions},
           {"steering", SteeringOversightJson(st, id, today)},
           {"assignments", {{"open", s.assignments_open}, {"done", s.assignments_done}, {"late", s.assignments_late}}},
           {"goals", {{"met", s.goals_met}, {"partly_met", s.goals_partly_met}, {"not_met", s.goals_not_met},
                      {"unassessed", s.goals_unassessed}}},
           {"forecast_deviation", s.latest_forecast ? json(s.latest_forecast->Deviation()) : json(nullptr)},
           {"controls", {{"total", s.controls}, {"performed", s.controls_performed}, {"deviations", s.control_deviations}}},
           {"findings", s.findings.size()}, {"completeness", CompletenessJson(s.findings)}});
  }
}

void ShowOrganization(const DomainState& st, const ShowOptions& o, engine::Date today, TableWriter& t) {
  for (const auto& [id, organ] : st.org.organs) {
    if (!Keep(o, id)) continue;
    std::string people;
    for (const auto& h : st.org.holdings) {
      if (h.organ == id && h.ActiveOn(today)) people += (people.empty() ? "" : ", ") + h.person_id + " (" + h.role + ")";
    }
    t.Row({id, organ.name, SwedishLabel("organ_kind", engine::OrganKindName(organ.kind)), organ.reports_to,
           st.org.ChefRoleOf(id),
           std::to_string(organ.meetings.size()), people},
          {{"id", id}, {"name", organ.name}, {"kind", engine::OrganKindName(organ.kind)},
           {"reports_to", organ.reports_to}, {"chef_role", st.org.ChefRoleOf(id)}, {"meetings", organ.meetings.size()},
           {"people", people}});
  }
}

void ShowDocuments(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, d] : st.documents) {
    if (!Keep(o, d.decided_by) && std::find(d.applies_to.begin(), d.applies_to.end(), o.organ) == d.applies_to.end()) {
      continue;
    }
    std::string applies;
    for (const auto& a : d.applies_to) applies += (applies.empty() ? "" : ", ") + a;
    t.Row({id, d.doc_type, d.title, d.decided_by, engine::ToString(d.adopted_on),
           d.valid_until ? engine::ToString(*d.valid_until) : "tills vidare", OrEmpty(d.next_revision), applies, std::to_string(d.revisions.size())},
          {{"id", id}, {"doc_type", d.doc_type}, {"title", d.title}, {"decided_by", d.decided_by},
           {"decision_id", d.decision_id}, {"owner", d.owner}, {"followed_up_by", d.followed_up_by},
           {"adopted_on", engine::ToString(d.adopted_on)}, {"valid_until", OrEmpty(d.valid_until)},
           {"next_revision", OrEmpty(d.next_revision)},
           {"applies_to", d.applies_to}, {"revisions", d.revisions}, {"event_id", d.source.event_id.ToHex()}});
  }
}

void ShowDelegations(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, d] : st.delegations) {
    if (!Keep(o, d.from_organ)) continue;
    t.Row({"delegation", id, d.from_organ + " → " + d.to_role, d.matter, engine::ToString(d.valid_from), ""},
          {{"level", "delegation"}, {"id", id}, {"from", d.from_organ}, {"to_role", d.to_role}, {"matter", d.matter},
           {"valid_from", engine::ToString(d.valid_from)}, {"valid_until", OrEmpty(d.valid_until)},
           {"event_id", d.source.event_id.ToHex()}});
    for (const auto& [did, dd] : st.delegated_decisions) {
      if (dd.delegation_id != id) continue;
      std::string reported = dd.reported_on ? "anmält " + engine::ToString(*dd.reported_on) : "ej anmält";
      t.Row({"  delegationsbeslut", did, dd.decided_by, dd.text, engine::ToString(dd.decided_on), reported},
            {{"level", "delegated_decision"}, {"id", did}, {"delegation", id}, {"decided_by", dd.decided_by},
             {"text", dd.text}, {"decided_on", engine::ToString(dd.decided_on)},
             {"reported_on", dd.reported_on ? engine::ToString(*dd.reported_on) : ""}});
    }
  }
}

void ShowIndicators(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, ind] : st.indicators) {
    if (!Keep(o, ind.organ)) continue;
    json values = json::array();
    std::string last = "–";
    for (const auto& m : ind.measurements) {
      values.push_back({{"period_end", engine::ToString(m.period_end)}, {"value", m.missing ? json(nullptr) : json(m.value)},
                        {"gender", m.gender}, {"missing", m.missing}});
    }
    if (!ind.measurements.empty()) {
      const engine::Measurement& m = ind.measurements.back();
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g (%s)", m.value, engine::ToString(m.period_end).c_str());
      last = m.missing ? "saknas (" + engine::ToString(m.period_end) + ")" : std::string(buf);
    }
    char target[32];
    std::snprintf(target, sizeof target, "%g", ind.target);
    t.Row({id, ind.organ, ind.name, SwedishLabel("periodicity", engine::PeriodicityName(ind.periodicity)), target, last,
           ind.kolada_kpi},
          {{"id", id}, {"organ", ind.organ}, {"goal", ind.goal_id}, {"name", ind.name}, {"method", engine::IndicatorMethodName(ind.method)},
           {"periodicity", engine::PeriodicityName(ind.periodicity)}, {"target", ind.target}, {"unit", ind.unit}, {"kolada_kpi", ind.kolada_kpi},
           {"measurements", values}});
  }
}

void ShowFollowUps(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, f] : st.follow_ups) {
    if (!Keep(o, f.organ)) continue;
    t.Row({"uppföljning", f.organ, SwedishLabel("follow_up_kind", f.kind), OrEmpty(f.period_from) + " – " + engine::ToString(f.period_to),
           f.goal_id + " " + AssessmentSv(f.assessment ? engine::AssessmentValueName(*f.assessment) : ""), f.analysis},
          {{"level", "follow_up"}, {"id", id}, {"organ", f.organ}, {"kind", f.kind},
           {"period_from", OrEmpty(f.period_from)}, {"period_to", engine::ToString(f.period_to)}, {"goal", f.goal_id},
           {"assessment", f.assessment ? engine::AssessmentValueName(*f.assessment) : ""}, {"analysis", f.analysis},
           {"event_id", f.source.event_id.ToHex()}});
  }
  for (const auto& r : st.reports) {
    if (!Keep(o, r.organ)) continue;
    t.Row({"inlämnad rapport", r.organ, SwedishLabel("report_kind", r.kind), OrEmpty(r.period_from) + " – " + OrEmpty(r.period_to),
           "till " + r.to_organ, engine::ToString(r.submitted_on)},
          {{"level", "report"}, {"organ", r.organ}, {"kind", r.kind}, {"period_from", OrEmpty(r.period_from)},
           {"period_to", OrEmpty(r.period_to)}, {"to", r.to_organ}, {"submitted_on", engine::ToString(r.submitted_on)}});
  }
  for (const auto& [instance, on] : st.completed_steps) {
    t.Row({"avklarat steg", "", instance, "", "", on}, {{"level", "step"}, {"instance", instance}, {"completed_on", on}});
  }
}

void ShowEconomy(const DomainState& st, const ShowOptions& o, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [key, amount] : st.budget_frames) {
    std::string organ = key.substr(0, key.find('/')), year = key.substr(key.find('/') + 1);
    if (!Keep(o, organ)) continue;
    t.Row({"ram", organ, year, Money(amount), "", ""}, {{"kind", "frame"}, {"organ", organ}, {"year", std::stoi(year)}, {"amount", amount}});
  }
  for (const auto& [key, r] : st.outcomes) {
    if (!Keep(o, r.organ)) continue;
    bool exception = st.deficit_exceptions.count(key) > 0;
    t.Row({"utfall", r.organ, std::to_string(r.year), Money(r.budget), Money(r.outcome),
           Money(r.Result()) + (exception ? " (KF:s undantag)" : "")},
          {{"kind", "outcome"}, {"organ", r.organ}, {"year", r.year}, {"budget", r.budget}, {"outcome", r.outcome},
           {"result", r.Result()}, {"deficit_exception", exception}});
  }
}

// One `show` view: its name on the command line, what it shows (for --help),
// its table columns and the function that writes its rows.
struct View {
  const char* name;
  const char* help;
  std::vector<std::string> columns;
  void (*render)(const DomainState&, const ShowOptions&, engine::Date today, TableWriter&);
};
const std::vector<View>& Views() {
  static const std::vector<View> views = {
      {"goals", "visioner, inriktnings- och effektmål med senaste bedömning",
       {"nivå", "id", "organ", "mål", "senaste bedömning", "indikatorer (senaste/mål)"}, ShowGoals},
      {"decisions", "beslut per organ", {"organ", "sammanträde", "§", "diarienummer", "rubrik", "rättelser"},
       ShowDecisions},
      {"assignments", "uppdrag och deras status", {"id", "från → till (roll)", "uppdrag", "senast", "status"},
       ShowAssignments},
      {"forecasts", "prognoser mot budget",
       {"organ", "år", "månad", "budget mnkr", "prognos mnkr", "avvikelse mnkr", "åtgärder"}, ShowForecasts},
      {"internal-control", "internkontrollplaner och utförda kontroller",
       {"organ", "år", "risk", "kategori", "sannolikhet", "konsekvens", "riskvärde", "kontroll", "beskrivning", "resultat",
        "utförd"},
       ShowControls},
      {"findings", "iakttagelser för uppsikten", {"organ", "typ", "avser", "iakttagelse"}, ShowFindings},
      {"uppsikt", "kommunstyrelsens översikt per organ",
       {"organ", "beslut", "uppdrag öppna/klara/försenade", "mål uppf./delvis/ej/ej bedömda", "prognosavvikelse",
        "kontroller utförda", "aktiviteter klara/alla; kvalitetsindikatorer på mål", "iakttagelser",
        "brister i målstyrningen"},
       ShowOversight},
      {"organization", "organ, sammanträden och personer",
       {"id", "namn", "typ", "rapporterar till", "chef", "sammanträden", "personer idag"}, ShowOrganization},
      {"documents", "styrdokument",
       {"id", "typ", "titel", "beslutat av", "fastställt", "giltigt till", "nästa revidering", "gäller",
        "revideringar"},
       ShowDocuments},
      {"delegations", "delegationer och delegationsbeslut",
       {"nivå", "id", "från → till / beslutsfattare", "ärende", "datum", "anmälan"}, ShowDelegations},
      {"indicators", "indikatorer och senaste mätvärden",
       {"id", "organ", "indikator", "periodicitet", "målvärde", "senaste värde", "Kolada"}, ShowIndicators},
      {"follow-ups", "uppföljningar och rapporter", {"typ", "organ", "slag", "period", "mål / till", "analys / datum"},
       ShowFollowUps},
      {"economy", "ramar, utfall och underskottsundantag",
       {"slag", "organ", "år", "budget/ram mnkr", "utfall mnkr", "resultat mnkr"}, ShowEconomy},
      // The steering below the nämnd (show_steering.cc).
      {"activities", "aktiviteter med status, framdrift, utfall, resultat och effekt",
       {"nivå", "id", "organ", "aktivitet", "status", "utfall → resultat → effekt"},
       [](const DomainState& st, const ShowOptions& o, engine::Date d, TableWriter& t) { ShowActivities(st, o.organ, d, t); }},
      {"quality", "grunduppdrag, kvalitetsfaktorer och kvalitetsindikatorer",
       {"nivå", "organ", "id", "namn / uppdrag", "mätmetod och rutin / syfte", "senaste/målvärde / styrdokument"},
       [](const DomainState& st, const ShowOptions& o, engine::Date d, TableWriter& t) { ShowQuality(st, o.organ, d, t); }},
      {"analyses", "omvärldsanalyser, nulägesanalyser, nulägeskartor och nulägeskollar",
       {"slag", "organ", "år", "id", "rubrik", "bygger på", "överlämnad"},
       [](const DomainState& st, const ShowOptions& o, engine::Date d, TableWriter& t) { ShowAnalyses(st, o.organ, d, t); }},
      {"dialogues", "dialoger (verksamhetsdialog, vertikal, per mål) och planerade måldialoger",
       {"nivå", "organ", "slag / mål", "datum", "tema, mål / år", "deltagare / status"},
       [](const DomainState& st, const ShowOptions& o, engine::Date d, TableWriter& t) { ShowDialogues(st, o.organ, d, t); }},
      {"plans", "verksamhetsplaner och nulägeskartan de utgår från",
       {"id", "organ", "år", "rubrik", "beslutad", "utgår från", "mål"},
       [](const DomainState& st, const ShowOptions& o, engine::Date d, TableWriter& t) { ShowPlans(st, o.organ, d, t); }},
  };
  return views;
}

// "goals, decisions, …": the views' names, in table order.
std::string ViewNames() {
  std::string names;
  for (const auto& v : Views()) names += (names.empty() ? "" : ", ") + std::string(v.name);
  return names;
}

int RunShow(const CliContext& ctx, const ShowOptions& o) {
  const View* view = nullptr;
  for (const auto& v : Views())
    if (o.view == v.name) view = &v;
  if (!view) {
    *ctx.err << "fel: okänd vy '" << o.view << "' (välj " << ViewNames() << ")\n";
    return kExitRejected;
  }
  OutputFormat format;
  if (!ParseOutputFormat(o.format, &format)) {
    *ctx.err << "fel: okänt format '" << o.format << "' för --format (välj table, json, jsonl eller csv)\n";
    return kExitRejected;
  }
  engine::ReplayFilter filter;
  Timestamp t;
  for (auto [text, name, slot] : {std::tuple{&o.as_of, "--as-of", &filter.as_of},
                                  std::tuple{&o.known_at, "--known-at", &filter.known_at}}) {
    if (text->empty()) continue;
    if (!ParsePointInTime(*text, &t)) {
      *ctx.err << "fel: " << name << " ska vara ett datum (ÅÅÅÅ-MM-DD) eller en tidpunkt enligt RFC 3339, inte '"
               << *text << "'\n";
      return kExitRejected;
    }
    *slot = t;
  }
  Timestamp today_t = filter.as_of ? *filter.as_of : filter.known_at ? *filter.known_at : ctx.clock->Now();
  if (!o.today.empty() && !ParsePointInTime(o.today, &today_t)) {
    *ctx.err << "fel: --today ska vara ett datum (ÅÅÅÅ-MM-DD), inte '" << o.today << "'\n";
    return kExitRejected;
  }
  engine::Date today = engine::LocalDate(today_t);
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  auto state = engine::Replay(**store, filter);
  if (!state.ok()) return ctx.Fail(state.status());
  if (Status st = AddMeetingPlanAsRecorded(**store, filter, o.view, *state); !st.ok()) return ctx.Fail(st);
  if (!o.organ.empty() && !state->org.FindOrgan(o.organ)) {
    *ctx.err << "fel: okänt organ '" << o.organ << "' (fält: --organ)\n";
    return kExitRejected;
  }
  TableWriter table(*ctx.out, format, view->columns);
  view->render(*state, o, today, table);
  table.Finish();
  return kExitOk;
}

}  // namespace

bool IsShowView(const std::string& view) {
  for (const auto& v : Views())
    if (view == v.name) return true;
  return false;
}

void RenderShowView(const engine::DomainState& state, const std::string& view, const std::string& organ,
                    engine::Date today, OutputFormat format, std::ostream& out) {
  ShowOptions o;
  o.view = view;
  o.organ = organ;
  for (const auto& v : Views()) {
    if (view != v.name) continue;
    TableWriter table(out, format, v.columns);
    v.render(state, o, today, table);
    table.Finish();
  }
}

bool ParseShowPointInTime(const std::string& text, Timestamp* out) { return ParsePointInTime(text, out); }

void AddShowCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto o = std::make_shared<ShowOptions>();
  auto* show = app.add_subcommand("show", "Visa mål, beslut, uppdrag, prognoser, intern kontroll, iakttagelser, uppsikt");
  std::string help;
  for (const auto& v : Views()) help += std::string("\n  ") + v.name + ": " + v.help;
  show->add_option("VIEW", o->view, "vyn, en av:" + help)->required();
  show->add_option("--organ", o->organ, "Endast detta organ");
  show->add_option("--as-of", o->as_of, "Det som gällde vid detta datum (affärstid)");
  show->add_option("--known-at", o->known_at, "Det som var registrerat vid denna tidpunkt");
  show->add_option("--today", o->today, "Dagens datum för förseningar och iakttagelser (standard: --as-of, --known-at eller idag)");
  show->add_option("--format", o->format, "table, json, jsonl eller csv")->capture_default_str();
  show->callback([&ctx, o, exit_code] { *exit_code = RunShow(ctx, *o); });
}

}  // namespace arshjul::cli
