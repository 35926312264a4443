#include "ical_feed.h"

#include <chrono>
#include <cstdio>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::cli {
namespace {

constexpr size_t kMaxOctets = 75;

// 20271101 (a DATE value).
std::string IcsDate(engine::Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// 20271018T060000Z (a UTC DATE-TIME value).
std::string IcsUtc(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return IcsDate(engine::Date{day}) + "T" + buf + "Z";
}

std::string OrganName(const engine::Organization& org, const std::string& id) {
  const engine::Organ* organ = org.FindOrgan(id);
  return organ && !organ->name.empty() ? organ->name : id;
}

std::string RoleName(const engine::Organization& org, const std::string& id) {
  auto it = org.roles.find(id);
  return it != org.roles.end() && !it->second.name.empty() ? it->second.name : id;
}

std::string Description(const engine::StepInstance& i, const engine::Organization& org) {
  std::string d = "Ansvarig: " + RoleName(org, i.responsible_role) + ", " + OrganName(org, i.organ) + "\n";
  d += "Senast: " + engine::ToString(i.deadline) + " (" + std::string(engine::WeekdayNameSv(engine::WeekdayOf(i.deadline))) +
       ")" + (i.statutory ? ", lagstadgad tidsfrist" : "") + "\n";
  if (i.preliminary) d += "Preliminärt datum: " + i.preliminary_reason + "\n";
  if (!i.legal_basis.empty()) d += "Lagrum: " + i.legal_basis + "\n";
  if (i.period) d += "Period: " + engine::ToString(i.period->from) + " – " + engine::ToString(i.period->to) + "\n";
  d += "Typ: " + std::string(engine::StepKindName(i.kind)) + "\n";
  d += "Steg: " + i.step_id + " (mall " + i.template_id + ")";
  return d;
}

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void Line(std::string_view name, std::string_view value) {
    out_ << FoldLine(std::string(name) + ":" + std::string(value));
  }
  void Text(std::string_view name, std::string_view value) { Line(name, EscapeText(value)); }

 private:
  std::ostream& out_;
};

void WriteAlarm(Writer& w, const engine::StepInstance& i, const engine::ReminderOffset& r) {
  const engine::Date day{std::chrono::sys_days{i.deadline} - std::chrono::days{r.days_before}};
  w.Line("BEGIN", "VALARM");
  w.Line("ACTION", "DISPLAY");
  w.Text("DESCRIPTION", "Påminnelse: " + i.title + " – senast " + engine::ToString(i.deadline));
  w.Line("TRIGGER;VALUE=DATE-TIME", IcsUtc(engine::LocalToUtc(day, r.hour, r.minute)));
  w.Line("END", "VALARM");
}

void WriteEvent(Writer& w, const engine::StepInstance& i, const engine::Organization& org, Timestamp stamp) {
  w.Line("BEGIN", "VEVENT");
  w.Text("UID", i.id + "@arshjul");
  w.Line("DTSTAMP", IcsUtc(stamp));
  w.Line("DTSTART;VALUE=DATE", IcsDate(i.deadline));
  w.Line("DTEND;VALUE=DATE", IcsDate(engine::Date{std::chrono::sys_days{i.deadline} + std::chrono::days{1}}));
  w.Text("SUMMARY", EventSummary(i, org));
  if (i.preliminary) w.Line("STATUS", "TENTATIVE");
  w.Text("DESCRIPTION", Description(i, org));
  w.Text("CATEGORIES", engine::StepKindName(i.kind));
  w.Line("TRANSP", "TRANSPARENT");
  for (const engine::ReminderOffset& r : i.reminders) WriteAlarm(w, i, r);
  w.Line("END", "VEVENT");
}

}  // namespace

std::string EventSummary(const engine::StepInstance& instance, const engine::Organization& org) {
  return instance.title + " – " + OrganName(org, instance.organ);
}

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

std::string FoldLine(std::string_view line) {
  std::string out;
  size_t limit = kMaxOctets;  // the first line has 75 octets; the others a space and 74
  while (line.size() > limit) {
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxOctets - 1;
  }
  out.append(line);
  out += "\r\n";
  return out;
}

void WriteICalendar(std::ostream& out, const CalendarInfo& info, const std::vector<engine::StepInstance>& instances,
                    const engine::Organization& org) {
  Writer w(out);
  w.Line("BEGIN", "VCALENDAR");
  w.Line("VERSION", "2.0");
  w.Line("PRODID", "-//arshjul//arshjul plan//SV");
  w.Line("CALSCALE", "GREGORIAN");
  w.Line("METHOD", "PUBLISH");
  w.Text("X-WR-CALNAME", info.name);
  w.Line("X-WR-TIMEZONE", "Europe/Stockholm");
  for (const engine::StepInstance& i : instances) WriteEvent(w, i, org, info.generated_at);
  w.Line("END", "VCALENDAR");
}

}  // namespace arshjul::cli
