#include "arshjul/engine/report.h"

#include <cmath>
#include <map>

#include "arshjul/engine/swedish_format.h"
#include "report_cells.h"

namespace arshjul::engine {

namespace {
struct KindName {
  ReportKind kind;
  const char* name;
  const char* title;
};
constexpr KindName kKinds[] = {{ReportKind::kInterim, "delarsrapport", "Delårsrapport"},
                               {ReportKind::kAnnual, "arsredovisning", "Årsredovisning"},
                               {ReportKind::kOversight, "uppsikt", "Kommunstyrelsens uppsikt"},
                               {ReportKind::kEnforcement, "verkstallighet", "Verkställighet av beslut och uppdrag"}};

const KindName& Kind(ReportKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds[0];
}

bool CompilesAll(const DomainState& st, const std::string& organ) {
  if (organ.empty()) return true;
  const Organ* o = st.org.FindOrgan(organ);
  return o && (o->kind == OrganKind::kExecutiveBoard || o->kind == OrganKind::kCouncil);
}
}  // namespace

std::optional<ReportKind> ParseReportKind(std::string_view name) {
  for (const auto& k : kKinds)
    if (name == k.name) return k.kind;
  return std::nullopt;
}

const char* ReportKindName(ReportKind kind) { return Kind(kind).name; }

Citation CiteSource(const Provenance& s) {
  return Citation{s.position, std::string(s.event_type), s.recorded_at, s.hash, s.event_id.ToHex()};
}

namespace report {

Cell Text(std::string text, bool emphasis) {
  Cell c;
  c.text = std::move(text);
  c.emphasis = emphasis;
  return c;
}

Cell Cited(std::string text, nlohmann::json raw, std::string field, const Provenance& source) {
  Cell c = Text(std::move(text));
  c.raw = std::move(raw);
  c.field = std::move(field);
  c.citation = CiteSource(source);
  return c;
}

std::string PlainFigure(double value) {
  double rounded = std::round(value * 100) / 100;
  int decimals = rounded == std::round(rounded) ? 0 : (rounded * 10 == std::round(rounded * 10) ? 1 : 2);
  return SwedishNumber(value, decimals);
}

std::string MoneyText(double kronor) { return SwedishNumber(kronor / 1e6, 1); }

Cell Money(double kronor, std::string field, const Provenance& source) {
  Cell c = Cited(MoneyText(kronor), kronor, std::move(field), source);
  c.number = kronor;
  c.in_mnkr = true;
  return c;
}

Cell ComputedMoney(double kronor, std::string formula, std::vector<std::string> operands) {
  Cell c = Computed(kronor, MoneyText(kronor), std::move(formula), std::move(operands));
  c.in_mnkr = true;
  return c;
}

Cell Figure(double value, std::string field, const Provenance& source) {
  Cell c = Cited(PlainFigure(value), value, std::move(field), source);
  c.number = value;
  return c;
}

Cell Computed(double value, std::string text, std::string formula, std::vector<std::string> operands) {
  Cell c = Text(std::move(text), value < 0);
  c.number = value;
  c.formula = std::move(formula);
  c.operands = std::move(operands);
  return c;
}

Cell Count(std::vector<Citation> items) {
  Cell c = Text(std::to_string(items.size()));
  c.number = static_cast<double>(items.size());
  c.formula = "count";
  c.counted = std::move(items);
  return c;
}

Cell CitedDate(Date date, std::string field, const Provenance& source) {
  return Cited(ToString(date), ToString(date), std::move(field), source);
}

bool InPeriod(Date d, const ReportRequest& r) { return d >= r.period_from && d <= r.period_to; }

std::string AssessmentWord(AssessmentValue v) {
  switch (v) {
    case AssessmentValue::kMet: return "uppfyllt";
    case AssessmentValue::kPartlyMet: return "delvis uppfyllt";
    case AssessmentValue::kNotMet: return "ej uppfyllt";
  }
  return "";
}

std::string OrganName(const DomainState& st, const std::string& organ) {
  const Organ* o = st.org.FindOrgan(organ);
  return o ? o->name : organ;
}

std::vector<std::string> ReportedOrgans(const DomainState& st) {
  std::vector<std::string> out;
  for (const auto& [id, o] : st.org.organs) {
    if (o.kind == OrganKind::kCommittee || o.kind == OrganKind::kCompany || o.kind == OrganKind::kExecutiveBoard) {
      out.push_back(id);
    }
  }
  return out;
}

}  // namespace report

Result<Report> DrawReport(const DomainState& st, const ReportRequest& r) {
  if (!r.organ.empty() && !st.org.FindOrgan(r.organ)) {
    return Status::InvalidArgument("okänt organ '" + r.organ + "'", "--organ");
  }
  if (r.period_to < r.period_from) {
    return Status::InvalidArgument("perioden slutar före den börjar", "--period");
  }
  Report out;
  out.kind = r.kind;
  out.organ = r.organ;
  out.organ_name = r.organ.empty() ? st.org.municipality_name : report::OrganName(st, r.organ);
  out.period_from = r.period_from;
  out.period_to = r.period_to;
  out.as_of = r.as_of;
  out.head_position = st.last_position.value_or(0);
  out.title = Kind(r.kind).title;
  out.subtitle = out.organ_name + ", " + ToString(r.period_from) + " – " + ToString(r.period_to);
  switch (r.kind) {
    case ReportKind::kInterim:
    case ReportKind::kAnnual:
      out.sections = CompilesAll(st, r.organ) ? report::CompiledSections(st, r)
                                              : report::CommitteeSections(st, r, r.organ);
      break;
    case ReportKind::kOversight: out.sections = report::OversightSections(st, r); break;
    case ReportKind::kEnforcement: out.sections = report::EnforcementSections(st, r); break;
  }
  return out;
}

std::vector<Citation> Citations(const Report& report) {
  std::map<uint64_t, Citation> by_position;
  for (const auto& section : report.sections)
    for (const auto& table : section.tables)
      for (const auto& row : table.rows)
        for (const auto& cell : row) {
          if (cell.citation) by_position.emplace(cell.citation->position, *cell.citation);
          for (const auto& c : cell.counted) by_position.emplace(c.position, c);
        }
  std::vector<Citation> out;
  for (auto& [pos, c] : by_position) out.push_back(std::move(c));
  return out;
}

}  // namespace arshjul::engine
