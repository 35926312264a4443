// Reading a step's fields: each reader checks one field's shape and values
// and reports errors on the cursor of the file and line that wrote it.

#include "template_steps.h"

#include <algorithm>
#include <chrono>

namespace arshjul::workflows {
namespace {

using engine::AnchorKind;
using engine::DateOffset;
using engine::DeadlineRule;
using engine::OffsetUnit;

const char* MonthName(int m) {
  static const char* const kNames[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                       "juli",    "augusti",  "september", "oktober", "november", "december"};
  return kNames[m - 1];
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One id, or a non-empty list of them.
Result<std::vector<std::string>> ReadIds(const Cursor& c) {
  if (!c.present()) return c.Error("fältet saknas");
  std::vector<std::string> out;
  if (!c.node().IsSequence()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(c));
    out.push_back(id);
    return out;
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(c));
  for (const Cursor& item : items) {
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(item));
    out.push_back(id);
  }
  if (out.empty()) return c.Error("listan får inte vara tom");
  return out;
}

Result<engine::Responsible> ReadResponsible(const Cursor& c) {
  if (!c.present()) return c.Error("fältet saknas");
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"organ", "role"}));
  ARSHJUL_ASSIGN_OR_RETURN(auto organs, ReadIds(c.Key("organ")));
  ARSHJUL_ASSIGN_OR_RETURN(auto roles, ReadIds(c.Key("role")));
  return engine::Responsible{organs, roles};
}

Result<DateOffset> ReadOffset(const Cursor& c, int sign) {
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"days", "working_days", "weeks", "months"}));
  static const std::pair<const char*, OffsetUnit> kUnits[] = {
      {"days", OffsetUnit::kDays}, {"working_days", OffsetUnit::kWorkingDays},
      {"weeks", OffsetUnit::kWeeks}, {"months", OffsetUnit::kMonths}};
  std::optional<DateOffset> out;
  for (const auto& [key, unit] : kUnits) {
    const Cursor v = c.Key(key);
    if (!v.present()) continue;
    if (out) return c.Error("ange en enda av days, working_days, weeks och months");
    ARSHJUL_ASSIGN_OR_RETURN(auto n, ReadInt(v, 0, 3660));
    out = DateOffset{sign * n, unit};
  }
  if (!out) return c.Error("ange en av days, working_days, weeks och months");
  return *out;
}

Result<engine::MeetingRef> ReadMeeting(const Cursor& c) {
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"organ", "month", "nth", "fallback"}));
  if (!c.node().IsMap()) return c.Error("väntade {organ: …, month: …, nth: …}");
  engine::MeetingRef ref;
  ARSHJUL_ASSIGN_OR_RETURN(auto organ, ReadId(c.Key("organ")));
  ref.organ = organ;
  if (c.Key("month").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto m, ReadInt(c.Key("month"), 1, 12));
    ref.month = m;
  }
  if (c.Key("nth").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto n, ReadInt(c.Key("nth"), -5, 5));
    if (n == 0) return c.Key("nth").Error("1 är första, -1 sista; 0 finns inte");
    ref.nth = n;
  }
  if (c.Key("fallback").present()) {
    auto md = ReadMonthDay(c.Key("fallback"));
    if (!md.ok()) return md.status();
    ref.fallback = *md;
  }
  return ref;
}

constexpr std::string_view kAnchors[] = {"date", "day_of_month", "last_working_day", "meeting", "step", "period_end",
                                         "start", "due"};

Status ReadAnchor(const Cursor& c, const std::string& key, DeadlineRule& rule) {
  const Cursor v = c.Key(key);
  if (key == "date") {
    rule.anchor = AnchorKind::kDate;
    ARSHJUL_ASSIGN_OR_RETURN(auto md, ReadMonthDay(v));
    rule.date = md;
  } else if (key == "day_of_month") {
    rule.anchor = AnchorKind::kDate;
    ARSHJUL_ASSIGN_OR_RETURN(auto d, ReadInt(v, 1, 31));
    rule.date = engine::MonthDay{0, d};
  } else if (key == "last_working_day") {
    rule.anchor = AnchorKind::kLastWorkingDay;
    if (v.node().IsScalar() && v.node().Scalar() == "month") return Status::Ok();
    auto m = ReadInt(v, 1, 12);
    if (!m.ok()) return v.Error("väntade en månad 1–12 eller month (varje upprepad månad)");
    rule.month = *m;
  } else if (key == "meeting") {
    rule.anchor = AnchorKind::kMeeting;
    ARSHJUL_ASSIGN_OR_RETURN(auto m, ReadMeeting(v));
    rule.meeting = m;
  } else if (key == "step") {
    rule.anchor = AnchorKind::kStep;
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(v));
    rule.step = id;
  } else if (key == "start" || key == "due") {
    rule.anchor = key == "start" ? AnchorKind::kStarted : AnchorKind::kDue;
    ARSHJUL_ASSIGN_OR_RETURN(auto b, ReadBool(v));
    if (!b) return v.Error(key + " kan bara vara true");
  } else {
    rule.anchor = AnchorKind::kPeriodEnd;
    ARSHJUL_ASSIGN_OR_RETURN(auto b, ReadBool(v));
    if (!b) return v.Error("period_end kan bara vara true");
  }
  return Status::Ok();
}

Status ReadDeadlineModifiers(const Cursor& c, DeadlineRule& rule) {
  const Cursor of = c.Key("of");
  if (of.present()) {
    if (rule.anchor != AnchorKind::kStep) return of.Error("of hör ihop med step");
    ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(of));
    if (text != "deadline" && text != "completion") return of.Error("väntade deadline eller completion");
    rule.from_completion = text == "completion";
  }
  const Cursor before = c.Key("before"), after = c.Key("after");
  if (before.present() && after.present()) return after.Error("ange before eller after, inte båda");
  if (before.present() || after.present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto off, before.present() ? ReadOffset(before, -1) : ReadOffset(after, 1));
    rule.offset = off;
  }
  if (c.Key("year").present()) {
    // A step's deadline and a period end already carry their year.
    if (rule.anchor == engine::AnchorKind::kStep || rule.anchor == engine::AnchorKind::kPeriodEnd ||
        rule.anchor == engine::AnchorKind::kStarted || rule.anchor == engine::AnchorKind::kDue) {
      return c.Key("year").Error("year gäller inte för step och period_end (de har redan sitt år)");
    }
    ARSHJUL_ASSIGN_OR_RETURN(auto y, ReadInt(c.Key("year"), -1, 1));
    rule.year_offset = y;
  }
  const Cursor adjust = c.Key("adjust");
  if (adjust.present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(adjust));
    if (text == "earlier") rule.adjust = engine::DayAdjustment::kEarlier;
    else if (text == "later") rule.adjust = engine::DayAdjustment::kLater;
    else if (text == "none") rule.adjust = engine::DayAdjustment::kNone;
    else return adjust.Error("väntade earlier, later eller none, fick '" + text + "'");
  }
  return Status::Ok();
}

}  // namespace

Result<DeadlineRule> ReadDeadline(const Cursor& c) {
  if (!c.present()) return c.Error("fältet saknas");
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"date", "day_of_month", "last_working_day", "meeting", "step", "period_end",
                                        "start", "due", "of", "before", "after", "year", "adjust"}));
  if (!c.node().IsMap()) return c.Error("väntade en regel, t.ex. {date: \"11-30\"}");
  std::vector<std::string> anchors;
  for (std::string_view a : kAnchors)
    if (c.Key(a).present()) anchors.emplace_back(a);
  if (anchors.size() != 1)
    return c.Error("ange exakt en av date, day_of_month, last_working_day, meeting, step, period_end, start och due");
  DeadlineRule rule;
  ARSHJUL_RETURN_IF_ERROR(ReadAnchor(c, anchors.front(), rule));
  ARSHJUL_RETURN_IF_ERROR(ReadDeadlineModifiers(c, rule));
  return rule;
}

// ---- Shared with template_loader.cc and template_fields.cc ----------------

const Field* FindField(const FieldList& fields, std::string_view key) {
  for (const Field& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

Cursor FieldOr(const FieldList& fields, const Field& where, std::string_view key) {
  const Field* f = FindField(fields, key);
  return f ? f->value : where.value.Key(key);
}

void SetField(FieldList& fields, Field field) {
  for (Field& f : fields) {
    if (f.key == field.key) {
      f = std::move(field);
      return;
    }
  }
  fields.push_back(std::move(field));
}

Result<engine::MonthDay> ReadMonthDay(const Cursor& c) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadText(c));
  const std::string& t = text;
  if (t.size() != 5 || t[2] != '-' || !IsDigits(t.substr(0, 2)) || !IsDigits(t.substr(3)))
    return c.Error("ogiltigt datum '" + t + "' (väntade MM-DD, t.ex. \"04-15\")");
  const int m = std::stoi(t.substr(0, 2)), d = std::stoi(t.substr(3));
  if (m < 1 || m > 12) return c.Error("ogiltigt datum '" + t + "': månaden måste vara 01–12");
  if (m == 2 && d == 29) return c.Error("datumet 02-29 finns inte alla år (29 februari)");
  const std::chrono::year_month_day ymd{std::chrono::year{2027}, std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (d < 1 || !ymd.ok())
    return c.Error("datumet " + t + " finns inte (" + std::to_string(d) + " " + MonthName(m) + ")");
  return engine::MonthDay{m, d};
}

Result<engine::StepTemplate> ReadStep(const std::string& id, const Field& where, const FieldList& fields,
                                      const FieldList& defaults) {
  engine::StepTemplate s;
  s.id = id;
  s.source = where.Where();
  for (const Field& f : fields) s.field_sources[f.key] = f.Where();
  auto get = [&](std::string_view key) { return FieldOr(fields, where, key); };

  ARSHJUL_ASSIGN_OR_RETURN(auto title, ReadText(get("title")));
  s.title = title;
  ARSHJUL_ASSIGN_OR_RETURN(auto kind_text, ReadText(get("kind")));
  auto kind = engine::ParseStepKind(kind_text);
  if (!kind) return get("kind").Error("okänd typ '" + kind_text + "' (tillåtna: beslut, rapport, dialog, analys, plan)");
  s.kind = *kind;
  ARSHJUL_ASSIGN_OR_RETURN(auto responsible, ReadResponsible(get("responsible")));
  s.responsible = responsible;
  ARSHJUL_ASSIGN_OR_RETURN(auto deadline, ReadDeadline(get("deadline")));
  s.deadline = deadline;
  ARSHJUL_RETURN_IF_ERROR(ReadOptionalFields(fields, where, defaults, s));
  return s;
}

}  // namespace arshjul::workflows
