// How report sections build their cells and tables (report.h): cited cells,
// computed cells, money in mnkr, and the period tests every section shares.
// Internal to the engine; pure functions.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/report.h"

namespace arshjul::engine::report {

Cell Text(std::string text, bool emphasis = false);
// A value exactly as the payload's `field` holds it, shown as `text`.
Cell Cited(std::string text, nlohmann::json raw, std::string field, const Provenance& source);
// A figure in kronor shown in mnkr ("−6,3").
Cell Money(double kronor, std::string field, const Provenance& source);
// A computed amount in kronor, shown in mnkr.
Cell ComputedMoney(double kronor, std::string formula, std::vector<std::string> operands);
// A figure shown with as many decimals as it needs (at most two).
Cell Figure(double value, std::string field, const Provenance& source);
// A figure computed from other columns of the row.
Cell Computed(double value, std::string text, std::string formula, std::vector<std::string> operands);
// How many items, each cited.
Cell Count(std::vector<Citation> items);
// A date as "YYYY-MM-DD".
Cell CitedDate(Date date, std::string field, const Provenance& source);

// "1 234,5" with up to two decimals, trailing zeros dropped.
std::string PlainFigure(double value);
std::string MoneyText(double kronor);
bool InPeriod(Date d, const ReportRequest& r);
std::string AssessmentWord(AssessmentValue v);  // "uppfyllt", …
std::string OrganName(const DomainState& st, const std::string& organ);
const char* StatusSv(const std::string& status);  // an assignment status on a date, in Swedish

// The nämnd's own sections (report_committee.cc).
std::vector<Section> CommitteeSections(const DomainState& st, const ReportRequest& r, const std::string& organ);
// Kommunstyrelsen's compiled overview row per nämnd and bolag, then each one's sections.
std::vector<Section> CompiledSections(const DomainState& st, const ReportRequest& r);
std::vector<Section> OversightSections(const DomainState& st, const ReportRequest& r);    // report_oversight.cc
std::vector<Section> EnforcementSections(const DomainState& st, const ReportRequest& r);  // report_oversight.cc
// The nämnder and bolag (and kommunstyrelsen) the compiled reports cover, in id order.
std::vector<std::string> ReportedOrgans(const DomainState& st);

}  // namespace arshjul::engine::report
