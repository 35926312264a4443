#include "swedish_labels.h"

#include <map>

#include "arshjul/engine/oversight.h"

namespace arshjul::cli {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;

// The engine's names of the finding kinds (oversight.h), so the CLI, the reports and the page agree.
Table FindingTable() {
  Table t;
  for (const auto& [code, name] : engine::FindingKindNames()) t.emplace(code, name);
  return t;
}

const std::map<std::string, Table, std::less<>>& Tables() {
  static const std::map<std::string, Table, std::less<>> kTables = {
      {"organ_kind",
       {{"council", "fullmäktige"}, {"executive_board", "kommunstyrelse"}, {"committee", "nämnd"},
        {"subcommittee", "utskott"}, {"company", "bolag"}, {"administration", "förvaltning"},
        {"operational_area", "verksamhetsområde"}, {"operation", "verksamhet"}, {"department", "avdelning"},
        {"unit", "enhet"}}},
      {"periodicity",
       {{"monthly", "månad"}, {"quarterly", "kvartal"}, {"tertial", "tertial"}, {"half_year", "halvår"},
        {"yearly", "år"}}},
      {"method", {{"quantitative", "kvantitativ"}, {"qualitative", "kvalitativ"}}},
      {"follow_up_kind",
       {{"monthly", "månadsuppföljning"}, {"interim_report", "delårsrapport"}, {"annual_report", "årsredovisning"},
        {"dialogue", "dialog"}, {"internal_control", "intern kontroll"}}},
      {"report_kind",
       {{"interim_report", "delårsrapport"}, {"annual_report", "årsredovisning"},
        {"operational_plan", "verksamhetsplan"}, {"internal_control_plan", "internkontrollplan"},
        {"budget_proposal", "budgetförslag"}, {"budget", "budget"}, {"monthly_report", "månadsrapport"}}},
      {"decides",
       {{"budget", "budget"}, {"governing_document", "styrdokument"}, {"assignment", "uppdrag"},
        {"delegation", "delegation"}, {"discharge", "ansvarsfrihet"}, {"exception", "undantag"},
        {"annual_report", "årsredovisning"}, {"interim_report", "delårsrapport"},
        {"operational_plan", "verksamhetsplan"}, {"company_review", "prövning av bolag"}, {"other", "övrigt"}}},
      {"assessment", {{"met", "uppfyllt"}, {"partly_met", "delvis uppfyllt"}, {"not_met", "ej uppfyllt"}}},
      {"assignment_status",
       {{"open", "pågår ej rapporterat"}, {"in_progress", "pågår"}, {"done", "klart"}, {"cancelled", "avbrutet"},
        {"late", "FÖRSENAT"}}},
      {"control_result", {{"ok", "utan anmärkning"}, {"deviation", "avvikelse"}}},
      {"finding", FindingTable()},
      {"notification_kind", {{"reminder", "påminnelse"}, {"escalation", "eskalering"}, {"finding", "uppsiktsnotering"}}},
      {"risk_category", {{"strategic", "strategisk"}, {"operational", "operativ"}}},
  };
  return kTables;
}

}  // namespace

const std::vector<std::string>& LabelledKinds() {
  static const std::vector<std::string> kKinds = [] {
    std::vector<std::string> out;
    for (const auto& [kind, table] : Tables()) out.push_back(kind);
    return out;
  }();
  return kKinds;
}

std::vector<std::string> LabelledCodes(std::string_view kind) {
  std::vector<std::string> out;
  auto t = Tables().find(kind);
  if (t == Tables().end()) return out;
  for (const auto& [code, label] : t->second) out.push_back(code);
  return out;
}

std::string SwedishLabel(std::string_view kind, std::string_view code) {
  auto t = Tables().find(kind);
  if (t == Tables().end()) return std::string(code);
  auto it = t->second.find(code);
  return it == t->second.end() ? std::string(code) : it->second;
}

}  // namespace arshjul::cli
