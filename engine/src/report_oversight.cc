// The uppsikt report (kommunstyrelsen's overview with its findings over a
// period) and the verkställighet list (every decision and assignment with its
// age, report-back and status, oldest open first) — report.h.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "arshjul/engine/local_time.h"
#include "arshjul/engine/oversight.h"
#include "report_cells.h"

namespace arshjul::engine::report {
namespace {

// Whether a row of `organ` belongs in the report: kommunstyrelsen's (or
// fullmäktige's, or no organ's) report covers every organ.
bool Concerns(const DomainState& st, const ReportRequest& r, const std::string& organ) {
  if (r.organ.empty() || r.organ == organ) return true;
  const Organ* o = st.org.FindOrgan(r.organ);
  return o && (o->kind == OrganKind::kExecutiveBoard || o->kind == OrganKind::kCouncil);
}

// The event a finding is about, when the finding names a recorded row.
std::optional<Provenance> FindingSource(const DomainState& st, const Finding& f) {
  if (auto a = st.assignments.find(f.subject); a != st.assignments.end()) return a->second.source;
  if (auto i = st.indicators.find(f.subject); i != st.indicators.end()) return i->second.source;
  if (auto o = st.outcomes.find(f.subject); o != st.outcomes.end()) return o->second.source;
  if (auto fc = st.forecasts.find(f.subject); fc != st.forecasts.end()) return fc->second.source;
  if (auto g = st.outcome_goals.find(f.subject); g != st.outcome_goals.end()) return g->second.source;
  if (auto fu = st.follow_ups.find(f.subject); fu != st.follow_ups.end()) return fu->second.source;
  auto slash = f.subject.find('/');
  if (slash != std::string::npos) {
    auto plan = st.control_plans.find(f.subject.substr(0, slash));
    if (plan != st.control_plans.end()) {
      auto c = plan->second.controls.find(f.subject.substr(slash + 1));
      if (c != plan->second.controls.end() && c->second.last_source.position) return c->second.last_source;
    }
  }
  return std::nullopt;
}

Table OverviewTable(const DomainState& st, const ReportRequest& r) {
  Table t{"Översikt per nämnd och bolag",
          {{"organ", "Organ"}, {"decisions", "Beslut i perioden", true}, {"open", "Uppdrag öppna", true},
           {"late", "Uppdrag försenade", true}, {"done", "Uppdrag klara", true},
           {"findings", "Iakttagelser", true}},
          {},
          "Inga organ."};
  std::vector<Finding> findings = Findings(st, r.as_of);
  for (const std::string& organ : ReportedOrgans(st)) {
    if (!Concerns(st, r, organ)) continue;
    std::vector<Citation> decisions, open, late, done, findings_cited;
    for (const auto& [id, d] : st.decisions)
      if (d.organ == organ && InPeriod(d.meeting_date, r)) decisions.push_back(CiteSource(d.source));
    for (const auto& [id, a] : st.assignments) {
      if (a.to_organ != organ && a.from_organ != organ) continue;
      std::string s = AssignmentStatusOn(a, r.as_of);
      if (s == "late") late.push_back(CiteSource(a.source));
      else if (s == "done") done.push_back(CiteSource(a.report_source));
      else if (s != "cancelled") open.push_back(CiteSource(a.source));
    }
    for (const auto& f : findings)
      if (f.organ == organ)
        if (auto src = FindingSource(st, f)) findings_cited.push_back(CiteSource(*src));
    t.rows.push_back(
        {Text(OrganName(st, organ)), Count(decisions), Count(open), Count(late), Count(done), Count(findings_cited)});
  }
  return t;
}

std::string FindingWord(const std::string& kind) { return FindingKindName(kind); }

Table FindingTable(const DomainState& st, const ReportRequest& r) {
  Table t{"Iakttagelser den " + ToString(r.as_of),
          {{"organ", "Organ"}, {"kind", "Typ"}, {"subject", "Avser"}, {"text", "Iakttagelse"}},
          {},
          "Inga iakttagelser."};
  for (const auto& f : Findings(st, r.as_of)) {
    if (!Concerns(st, r, f.organ)) continue;
    Cell subject = Text(f.subject);
    if (auto src = FindingSource(st, f)) {
      subject.citation = CiteSource(*src);  // a reference, not a figure: no payload field
    }
    t.rows.push_back({Text(OrganName(st, f.organ)), Text(FindingWord(f.kind), true), std::move(subject), Text(f.text)});
  }
  return t;
}

// The findings of the period: each finding seen at a month's end inside the
// period (or on the as-of date), with the first day it was seen (not before
// the effective date of the event it is about) and whether it still stands on
// the as-of date.
Table PeriodFindingTable(const DomainState& st, const ReportRequest& r) {
  Table t{"Iakttagelser under perioden",
          {{"organ", "Organ"}, {"kind", "Typ"}, {"subject", "Avser"}, {"first_seen", "Först noterad"},
           {"stands", "Kvarstår " + ToString(r.as_of)}},
          {},
          "Inga iakttagelser under perioden."};
  std::vector<Date> days;
  for (Date d = r.period_from.year() / r.period_from.month() / std::chrono::last; d < r.as_of && d <= r.period_to;
       d = (d.year() / d.month() + std::chrono::months(1)) / std::chrono::last) {
    days.push_back(d);
  }
  days.push_back(r.as_of);
  std::map<std::tuple<std::string, std::string, std::string>, Date> first_seen;
  for (Date day : days) {
    for (const auto& f : Findings(st, day)) {
      if (!Concerns(st, r, f.organ)) continue;
      // The state is the as-of one: a finding cannot predate the event it is about.
      Date seen = day;
      if (auto src = FindingSource(st, f)) seen = std::max(seen, LocalDate(src->effective_at));
      auto [it, added] = first_seen.emplace(std::tuple{f.organ, f.kind, f.subject}, seen);
      if (!added) it->second = std::min(it->second, seen);
    }
  }
  std::set<std::tuple<std::string, std::string, std::string>> standing;
  for (const auto& f : Findings(st, r.as_of)) standing.insert({f.organ, f.kind, f.subject});
  for (const auto& [key, day] : first_seen) {
    const auto& [organ, kind, subject] = key;
    bool stands = standing.count(key) > 0;
    t.rows.push_back({Text(OrganName(st, organ)), Text(FindingWord(kind)), Text(subject), Text(ToString(day)),
                      Text(stands ? "ja" : "nej, åtgärdad", stands)});
  }
  return t;
}

struct EnforcementRow {
  bool open = false;
  Date since{};
  std::string id;
  std::vector<Cell> cells;
};

std::vector<Cell> DecisionCells(const DecisionRow& d) {
  return {Cited(d.organ, d.organ, "organ", d.source),
          Cited(d.minute_item + " " + d.registry_number, d.minute_item, "minuteItem", d.source),
          CitedDate(d.meeting_date, "meetingDate", d.source)};
}

EnforcementRow AssignmentRowCells(const DomainState& st, const ReportRequest& r, const AssignmentRow& a) {
  EnforcementRow row;
  std::string status = AssignmentStatusOn(a, r.as_of);
  row.open = status == "open" || status == "in_progress" || status == "late";
  row.id = a.id;
  auto d = st.decisions.find(a.decision_id);
  if (d != st.decisions.end()) {
    row.cells = DecisionCells(d->second);
    row.since = d->second.meeting_date;
  } else {
    row.cells = {Cited(a.from_organ, a.from_organ, "fromOrgan", a.source), Text("utan beslut"), Text("")};
    row.since = LocalDate(a.source.effective_at);
  }
  int age = static_cast<int>((std::chrono::sys_days(r.as_of) - std::chrono::sys_days(row.since)).count());
  if (d != st.decisions.end()) {
    Cell age_cell = Computed(age, std::to_string(age), "days_to_as_of(date)", {"date"});
    age_cell.emphasis = false;
    row.cells.push_back(std::move(age_cell));
  } else {
    row.cells.push_back(Text("–"));
  }
  row.cells.push_back(Cited(a.text + " (till " + a.to_organ + ", " + a.to_role + ")", a.text, "text", a.source));
  row.cells.push_back(CitedDate(a.due, "dueDate", a.source));
  row.cells.push_back(Cited(a.report_back, a.report_back, "reportBack", a.source));
  row.cells.push_back(a.reported_on ? CitedDate(*a.reported_on, "reportedOn", a.report_source) : Text("ej rapporterat"));
  Cell s = a.report_source.position
               ? Cited(status == "late" ? "FÖRSENAT" : StatusSv(status), AssignmentStatusName(a.status), "status",
                       a.report_source)
               : Text(StatusSv(status));
  s.emphasis = status == "late";
  row.cells.push_back(std::move(s));
  return row;
}

}  // namespace

const char* StatusSv(const std::string& status) {
  if (status == "open") return "öppet";
  if (status == "in_progress") return "pågår";
  if (status == "done") return "verkställt";
  if (status == "cancelled") return "avbrutet";
  return "FÖRSENAT";
}

std::vector<Section> OversightSections(const DomainState& st, const ReportRequest& r) {
  return {Section{"Uppsikt",
                  {"Kommunstyrelsens uppsikt över nämnder och bolag (kommunallagen 6 kap. 1 §) för perioden " +
                   ToString(r.period_from) + " – " + ToString(r.period_to) + "."},
                  {OverviewTable(st, r)}},
          Section{"Iakttagelser",
                  {"Iakttagelserna på datumet, sedan varje iakttagelse som gjorts vid något månadsskifte under "
                   "perioden, med när den först noterades och om den kvarstår."},
                  {FindingTable(st, r), PeriodFindingTable(st, r)}}};
}

std::vector<Section> EnforcementSections(const DomainState& st, const ReportRequest& r) {
  std::vector<EnforcementRow> rows;
  std::set<std::string> with_assignment;
  for (const auto& [id, a] : st.assignments) {
    if (!Concerns(st, r, a.from_organ) && !Concerns(st, r, a.to_organ)) continue;
    rows.push_back(AssignmentRowCells(st, r, a));
    with_assignment.insert(a.decision_id);
  }
  for (const auto& [id, d] : st.decisions) {
    if (with_assignment.count(id) || !Concerns(st, r, d.organ) || !InPeriod(d.meeting_date, r)) continue;
    EnforcementRow row{false, d.meeting_date, id, DecisionCells(d)};
    int age = static_cast<int>((std::chrono::sys_days(r.as_of) - std::chrono::sys_days(d.meeting_date)).count());
    Cell age_cell = Computed(age, std::to_string(age), "days_to_as_of(date)", {"date"});
    age_cell.emphasis = false;
    row.cells.push_back(std::move(age_cell));
    row.cells.push_back(Cited(d.title, d.title, "title", d.source));
    row.cells.insert(row.cells.end(), {Text(""), Text(""), Text(""), Text("inget uppdrag att följa upp")});
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const EnforcementRow& a, const EnforcementRow& b) {
    return std::tie(b.open, a.since, a.id) < std::tie(a.open, b.since, b.id);
  });
  Table t{"Beslut och uppdrag, äldsta öppna först",
          {{"organ", "Organ"}, {"minute_item", "Paragraf"}, {"date", "Beslutsdatum"}, {"age", "Ålder (dagar)", true},
           {"what", "Beslut / uppdrag"}, {"due", "Senast"}, {"report_back", "Återrapportering"},
           {"reported_on", "Rapporterat"}, {"status", "Status"}},
          {},
          "Inga beslut eller uppdrag."};
  for (auto& row : rows) t.rows.push_back(std::move(row.cells));
  return {Section{"Verkställighet",
                  {"Varje beslut och uppdrag med ålder räknad till " + ToString(r.as_of) +
                   ", återrapportering och status. Öppna ärenden först, äldst överst."},
                  {std::move(t)}}};
}

}  // namespace arshjul::engine::report
