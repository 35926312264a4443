#include "show_steering.h"

#include <cstdio>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/steering.h"
#include "show_seed_rules.h"

namespace arshjul::cli {
namespace {

using engine::DomainState;
using nlohmann::json;

bool Keep(const std::string& filter, const std::string& organ) { return filter.empty() || filter == organ; }

std::string Joined(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string StatusSv(const std::string& status) {
  if (status == "late") return "FÖRSENAD";
  if (auto s = engine::ParseActivityStatus(status)) return engine::ActivityStatusSv(*s);
  return status;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string OrEmpty(const std::optional<engine::Date>& d) { return d ? engine::ToString(*d) : std::string(); }

}  // namespace

void ActivityGoalRow(const DomainState& st, const engine::ActivityRow& a, const std::string& effect, engine::Date today,
                     TableWriter& t) {
  const std::string status = engine::ActivityStatusOn(st, a, today);
  auto p = st.steering.activity_progress.find(a.id);
  const engine::ActivityProgress none;
  const engine::ActivityProgress& progress = p == st.steering.activity_progress.end() ? none : p->second;
  json levels = json::object();
  std::string level_text;
  if (auto lv = st.steering.activity_levels.find(a.id); lv != st.steering.activity_levels.end()) {
    for (const auto& [level, value] : lv->second) {
      levels[level] = value;
      level_text += (level_text.empty() ? "" : "; ") + level + ": " + value;
    }
  }
  std::string chain = "utfall: " + (progress.output.empty() ? "–" : progress.output) +
                      " → resultat: " + (progress.result.empty() ? "–" : progress.result) +
                      " → effekt: " + (effect.empty() ? "–" : effect);
  t.Row({"    aktivitet", a.id, a.organ, a.title,
         StatusSv(status) + " " + std::to_string(progress.progress) + " %, " + a.responsible_role + " senast " +
             engine::ToString(a.due),
         level_text.empty() ? chain : level_text + " | " + chain},
        {{"level", "activity"}, {"id", a.id}, {"goal", a.goal_id}, {"organ", a.organ}, {"title", a.title},
         {"responsible_role", a.responsible_role}, {"due", engine::ToString(a.due)}, {"status", status},
         {"progress", progress.progress}, {"completed_on", OrEmpty(progress.completed_on)},
         {"output", progress.output}, {"result", progress.result}, {"effect", effect},
         {"comment", progress.comment}, {"levels", levels}, {"event_id", a.source.event_id.ToHex()}});
}

void ShowActivities(const DomainState& st, const std::string& organ, engine::Date today, TableWriter& t) {
  for (const auto& [id, a] : st.activities) {
    if (!Keep(organ, a.organ)) continue;
    std::string effect;
    if (auto g = st.outcome_goals.find(a.goal_id); g != st.outcome_goals.end()) effect = g->second.effect;
    ActivityGoalRow(st, a, effect, today, t);
  }
}

void ShowQuality(const DomainState& st, const std::string& organ, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [o, m] : st.steering.basic_missions) {
    if (!Keep(organ, o)) continue;
    t.Row({"grunduppdrag", o, "", m.mission, "syfte: " + m.purpose + "; målgrupp: " + m.target_group,
           Joined(m.governing_document_ids)},
          {{"level", "basic_mission"}, {"organ", o}, {"mission", m.mission}, {"purpose", m.purpose},
           {"target_group", m.target_group}, {"governing_documents", m.governing_document_ids},
           {"valid_from", OrEmpty(m.valid_from)}});
  }
  for (const auto& [id, f] : st.steering.quality_factors) {
    if (!Keep(organ, f.organ)) continue;
    t.Row({"kvalitetsfaktor", f.organ, id, f.name, f.description, ""},
          {{"level", "quality_factor"}, {"id", id}, {"organ", f.organ}, {"name", f.name},
           {"description", f.description}});
    for (const auto& [iid, q] : st.steering.quality_indicators) {
      auto ind = st.indicators.find(iid);
      if (q.quality_factor_id != id || ind == st.indicators.end()) continue;
      const auto& i = ind->second;
      const engine::Measurement* last = engine::LatestValue(i);
      const std::string latest = last ? Number(last->value) : "–";
      t.Row({"  kvalitetsindikator", i.organ, iid, i.name,
             "mätmetod: " + q.measurement_method + "; rutin: " + q.routine,
             latest + "/" + Number(i.target) + (engine::OnTarget(i) ? " (når målvärdet)" : "")},
            {{"level", "quality_indicator"}, {"id", iid}, {"organ", i.organ}, {"quality_factor", id},
             {"name", i.name}, {"periodicity", engine::PeriodicityName(i.periodicity)}, {"target", i.target},
             {"measurement_method", q.measurement_method}, {"routine", q.routine},
             {"latest", last ? json(last->value) : json(nullptr)},
             {"on_target", engine::OnTarget(i)}});
    }
  }
}

void ShowAnalyses(const DomainState& st, const std::string& organ, engine::Date /*today*/, TableWriter& t) {
  static const std::map<std::string, std::string> kSv = {{"omvarldsanalys", "omvärldsanalys"},
                                                         {"nulagesanalys", "nulägesanalys"},
                                                         {"nulageskarta", "nulägeskarta"},
                                                         {"nulageskoll", "nulägeskoll"}};
  for (const auto& [id, a] : st.steering.analyses) {
    if (!Keep(organ, a.organ)) continue;
    json handovers = json::array();
    std::string handed;
    for (const auto& h : a.handovers) {
      handovers.push_back({{"to", h.to_organ}, {"on", engine::ToString(h.handed_over_on)}, {"decision", h.decision_id}});
      handed += (handed.empty() ? "överlämnad till " : ", ") + h.to_organ + " " + engine::ToString(h.handed_over_on);
    }
    t.Row({kSv.at(a.kind), a.organ, std::to_string(a.year), id, a.title,
           Joined(a.based_on), handed.empty() ? "ej överlämnad" : handed},
          {{"id", id}, {"organ", a.organ}, {"kind", a.kind}, {"year", a.year}, {"title", a.title},
           {"content", a.content}, {"based_on", a.based_on}, {"links", a.links},
           {"recorded_on", OrEmpty(a.recorded_on)}, {"handovers", handovers}, {"risks", RisksJson(a.risks)}});
    AnalysisRiskRows(a, t);  // a nulägesanalys's strategic risks (show_seed_rules.cc)
  }
}

void ShowDialogues(const DomainState& st, const std::string& organ, engine::Date today, TableWriter& t) {
  static const std::map<std::string, std::string> kSv = {
      {"operational", "verksamhetsdialog"}, {"vertical", "vertikal dialog"}, {"goal", "måldialog"}};
  for (const auto& [id, d] : st.steering.dialogues) {
    if (!Keep(organ, d.organ) && !Keep(organ, d.counterpart_organ)) continue;
    json participants = json::array();
    std::string who;
    for (const auto& p : d.participants) {
      participants.push_back({{"role", p.role}, {"person", p.person}});
      who += (who.empty() ? "" : ", ") + p.role + (p.person.empty() ? "" : " (" + p.person + ")");
    }
    std::string about = d.theme;
    if (!d.goal_ids.empty()) about += (about.empty() ? "mål: " : "; mål: ") + Joined(d.goal_ids);
    if (!d.counterpart_organ.empty()) about += (about.empty() ? "med " : "; med ") + d.counterpart_organ;
    t.Row({"dialog", d.organ, kSv.at(d.kind), engine::ToString(d.held_on), about,
           who + (d.support_functions.empty() ? "" : "; stöd: " + Joined(d.support_functions))},
          {{"level", "dialogue"}, {"id", id}, {"organ", d.organ}, {"kind", d.kind},
           {"held_on", engine::ToString(d.held_on)}, {"participants", participants},
           {"support_functions", d.support_functions}, {"agenda", d.agenda}, {"theme", d.theme},
           {"based_on", d.based_on}, {"counterpart_organ", d.counterpart_organ}, {"goals", d.goal_ids},
           {"notes", d.notes}});
  }
  for (const auto& [key, plan] : st.steering.goal_dialogue_plans) {
    if (!Keep(organ, plan.organ)) continue;
    bool held = false;
    for (const auto& [id, d] : st.steering.dialogues) {
      if (d.organ != plan.organ || static_cast<int>(d.held_on.year()) != plan.year) continue;
      held |= std::find(d.goal_ids.begin(), d.goal_ids.end(), plan.goal_id) != d.goal_ids.end();
    }
    const std::string status = held ? "hållen" : plan.planned_on < today ? "EJ HÅLLEN" : "planerad";
    t.Row({"planerad måldialog", plan.organ, plan.goal_id, engine::ToString(plan.planned_on),
           std::to_string(plan.year), status},
          {{"level", "goal_dialogue_plan"}, {"organ", plan.organ}, {"goal", plan.goal_id}, {"year", plan.year},
           {"planned_on", engine::ToString(plan.planned_on)}, {"held", held}});
  }
}

void ShowPlans(const DomainState& st, const std::string& organ, engine::Date /*today*/, TableWriter& t) {
  for (const auto& [id, p] : st.steering.operational_plans) {
    if (!Keep(organ, p.organ)) continue;
    t.Row({id, p.organ, std::to_string(p.year), p.title, engine::ToString(p.adopted_on), p.starts_from,
           Joined(p.goal_ids)},
          {{"id", id}, {"organ", p.organ}, {"year", p.year}, {"title", p.title},
           {"adopted_on", engine::ToString(p.adopted_on)}, {"decision", p.decision_id},
           {"starts_from", p.starts_from}, {"goals", p.goal_ids}});
  }
}

json SteeringOversightJson(const DomainState& st, const std::string& organ, engine::Date today) {
  const engine::SteeringSummary s = engine::SummarizeSteering(st, organ, today);
  return {{"activities", {{"total", s.activities}, {"done", s.activities_done}, {"late", s.activities_late}}},
          {"basic_mission", s.basic_mission},
          {"quality", {{"factors", s.quality_factors}, {"indicators", s.quality_indicators},
                       {"on_target", s.quality_indicators_on_target}}},
          {"dialogues", s.dialogues},
          {"analyses", s.analyses}};
}

std::string SteeringOversightCell(const DomainState& st, const std::string& organ, engine::Date today) {
  const engine::SteeringSummary s = engine::SummarizeSteering(st, organ, today);
  return std::to_string(s.activities_done) + "/" + std::to_string(s.activities) + " (" +
         std::to_string(s.activities_late) + " förs.); kval. " + std::to_string(s.quality_indicators_on_target) + "/" +
         std::to_string(s.quality_indicators);
}

}  // namespace arshjul::cli
