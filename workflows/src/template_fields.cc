// A step's optional fields: period, repetition, years, reminders,
// escalation, legal basis, dependencies, completion, statutory and the
// election-year redo.

#include <algorithm>
#include <cctype>

#include "template_steps.h"

namespace arshjul::workflows {
namespace {

Result<engine::PeriodRule> ReadPeriod(const Cursor& c) {
  engine::PeriodRule p;
  if (c.node().IsScalar()) {
    const std::string& text = c.node().Scalar();
    if (text == "month") p.kind = engine::PeriodRule::Kind::kMonth;
    else if (text == "previous_month") p.kind = engine::PeriodRule::Kind::kPreviousMonth;
    else return c.Error("väntade month, previous_month eller {from: \"MM-DD\", to: \"MM-DD\"}, fick '" + text + "'");
    return p;
  }
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"from", "to", "year"}));
  ARSHJUL_ASSIGN_OR_RETURN(auto from, ReadMonthDay(c.Key("from")));
  ARSHJUL_ASSIGN_OR_RETURN(auto to, ReadMonthDay(c.Key("to")));
  p.from = from;
  p.to = to;
  if (c.Key("year").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto y, ReadInt(c.Key("year"), -1, 1));
    p.year_offset = y;
  }
  return p;
}

Result<std::vector<int>> ReadRepeat(const Cursor& c) {
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"every", "except"}));
  ARSHJUL_ASSIGN_OR_RETURN(auto every, ReadText(c.Key("every")));
  if (every != "month") return c.Key("every").Error("bara month stöds, fick '" + every + "'");
  ARSHJUL_ASSIGN_OR_RETURN(auto except, ListItems(c.Key("except")));
  std::vector<int> skip;
  for (const Cursor& item : except) {
    ARSHJUL_ASSIGN_OR_RETURN(auto m, ReadInt(item, 1, 12));
    skip.push_back(m);
  }
  std::vector<int> months;
  for (int m = 1; m <= 12; ++m)
    if (std::find(skip.begin(), skip.end(), m) == skip.end()) months.push_back(m);
  if (months.empty()) return c.Error("alla månader är undantagna");
  return months;
}

Result<engine::YearFilter> ReadYears(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
  if (text == "every") return engine::YearFilter::kEveryYear;
  if (text == "election") return engine::YearFilter::kElectionYears;
  if (text == "other") return engine::YearFilter::kOtherYears;
  return c.Error("väntade every, election (valår) eller other, fick '" + text + "'");
}

Result<engine::ReminderOffset> ReadReminder(const Cursor& c) {
  if (c.node().IsScalar()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto days, ReadInt(c, -365, 365));
    return engine::ReminderOffset{days, 8, 0};
  }
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"days_before", "at"}));
  ARSHJUL_ASSIGN_OR_RETURN(auto days, ReadInt(c.Key("days_before"), -365, 365));
  engine::ReminderOffset r{days, 8, 0};
  if (c.Key("at").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto at, ReadText(c.Key("at")));
    const std::string& t = at;
    const bool shape = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
                       std::isdigit(static_cast<unsigned char>(t[1])) &&
                       std::isdigit(static_cast<unsigned char>(t[3])) && std::isdigit(static_cast<unsigned char>(t[4]));
    r.hour = shape ? std::stoi(t.substr(0, 2)) : -1;
    r.minute = shape ? std::stoi(t.substr(3)) : -1;
    if (r.hour < 0 || r.hour > 23 || r.minute < 0 || r.minute > 59)
      return c.Key("at").Error("ogiltig tid '" + t + "' (väntade TT:MM, t.ex. \"08:00\")");
  }
  return r;
}

Result<std::vector<engine::ReminderOffset>> ReadReminders(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(c));
  std::vector<engine::ReminderOffset> out;
  for (const Cursor& item : items) {
    ARSHJUL_ASSIGN_OR_RETURN(auto r, ReadReminder(item));
    out.push_back(r);
  }
  return out;
}

Result<std::vector<engine::Escalation>> ReadEscalation(const Cursor& c) {
  if (c.node().IsScalar() && c.node().Scalar() == "none") return std::vector<engine::Escalation>{};
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"superior_after_days", "oversight_after_days", "to_role"}));
  std::vector<engine::Escalation> out;
  std::string to_role;
  if (c.Key("to_role").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto role, ReadId(c.Key("to_role")));
    to_role = role;
  }
  if (c.Key("superior_after_days").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto n, ReadInt(c.Key("superior_after_days"), 0, 365));
    out.push_back(engine::Escalation{n, to_role, false});
  } else if (!to_role.empty()) {
    return c.Key("to_role").Error("to_role kräver superior_after_days");
  }
  if (c.Key("oversight_after_days").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto n, ReadInt(c.Key("oversight_after_days"), 0, 365));
    out.push_back(engine::Escalation{n, "", true});
  }
  return out;
}

Result<std::vector<std::string>> ReadStepIds(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(c));
  std::vector<std::string> out;
  for (const Cursor& item : items) {
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(item));
    out.push_back(id);
  }
  return out;
}

Result<std::string> ReadEventType(const Cursor& c) {
  // Not ARSHJUL_ASSIGN_OR_RETURN: GCC 12 then warns (wrongly) that the moved
  // string's first byte may be uninitialized.
  Result<std::string> read = ReadText(c);
  if (!read.ok()) return read.status();
  const std::string& text = *read;
  const bool ok = std::isupper(static_cast<unsigned char>(text[0])) &&
                  std::all_of(text.begin(), text.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); });
  if (!ok) return c.Error("ogiltig händelsetyp '" + text + "' (t.ex. ReportSubmitted)");
  return text;
}

// What a decision completing the step decides: one of RecordDecision's `decides` values.
Result<std::string> ReadDecides(const Cursor& c) {
  static const char* const kKnown[] = {"budget",        "governing_document", "assignment",       "delegation",
                                       "discharge",     "exception",          "annual_report",    "interim_report",
                                       "operational_plan", "company_review",  "other"};
  Result<std::string> read = ReadText(c);
  if (!read.ok()) return read.status();
  for (const char* k : kKnown)
    if (*read == k) return read;
  return c.Error("okänt beslutsslag '" + *read +
                 "' (tillåtna: budget, governing_document, assignment, delegation, discharge, exception, "
                 "annual_report, interim_report, operational_plan, company_review, other)");
}

Result<engine::ElectionYearRedo> ReadElectionYear(const Cursor& c) {
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"id", "title", "term_starts", "deadline", "legal_basis"}));
  engine::ElectionYearRedo redo;
  ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(c.Key("id")));
  redo.step_id = id;
  if (c.Key("title").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto t, ReadText(c.Key("title")));
    redo.title = t;
  }
  if (c.Key("term_starts").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto md, ReadMonthDay(c.Key("term_starts")));
    redo.term_starts = md;
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto deadline, ReadDeadline(c.Key("deadline")));
  redo.deadline = deadline;
  if (c.Key("legal_basis").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto t, ReadText(c.Key("legal_basis")));
    redo.legal_basis = t;
  }
  return redo;
}

// Assigns the value `read` returns for `c` to `out`, when `c` is present.
template <typename T, typename Reader>
Status Optional(const Cursor& c, Reader read, T& out) {
  if (!c.present()) return Status::Ok();
  ARSHJUL_ASSIGN_OR_RETURN(auto value, read(c));
  out = std::move(value);
  return Status::Ok();
}

}  // namespace

Status ReadOptionalFields(const FieldList& fields, const Field& where, const FieldList& defaults,
                          engine::StepTemplate& s) {
  auto get = [&](std::string_view key) { return FieldOr(fields, where, key); };
  auto get_or_default = [&](std::string_view key) {
    const Field* f = FindField(fields, key);
    if (f == nullptr) f = FindField(defaults, key);
    return f ? f->value : where.value.Key(key);
  };
  std::optional<engine::PeriodRule> period;
  ARSHJUL_RETURN_IF_ERROR(Optional(get("period"), ReadPeriod, period));
  s.period = period;
  ARSHJUL_RETURN_IF_ERROR(Optional(get("repeat"), ReadRepeat, s.repeat_months));
  ARSHJUL_RETURN_IF_ERROR(Optional(get("years"), ReadYears, s.years));
  ARSHJUL_RETURN_IF_ERROR(Optional(get_or_default("reminders"), ReadReminders, s.reminders));
  ARSHJUL_RETURN_IF_ERROR(Optional(get_or_default("escalation"), ReadEscalation, s.escalations));
  ARSHJUL_RETURN_IF_ERROR(Optional(get_or_default("completion"), ReadEventType, s.completion_event));
  ARSHJUL_RETURN_IF_ERROR(Optional(get("legal_basis"), ReadText, s.legal_basis));
  ARSHJUL_RETURN_IF_ERROR(Optional(get("depends_on"), ReadStepIds, s.depends_on));
  ARSHJUL_RETURN_IF_ERROR(Optional(get("statutory"), ReadBool, s.statutory));
  ARSHJUL_RETURN_IF_ERROR(Optional(get("started_by"), ReadText, s.started_by));
  ARSHJUL_RETURN_IF_ERROR(Optional(get("decides"), ReadDecides, s.decides));
  std::optional<engine::ElectionYearRedo> redo;
  ARSHJUL_RETURN_IF_ERROR(Optional(get("election_year"), ReadElectionYear, redo));
  s.election_year = redo;
  return Status::Ok();
}

}  // namespace arshjul::workflows
