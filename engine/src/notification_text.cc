#include "notification_text.h"

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::engine {
namespace {

using std::string;

string OrganName(const Organization& org, const string& organ) {
  const Organ* o = org.FindOrgan(organ);
  return o && !o->name.empty() ? o->name : organ;
}

string RoleName(const Organization& org, const string& role) {
  auto it = org.roles.find(role);
  return it != org.roles.end() && !it->second.name.empty() ? it->second.name : role;
}

int DaysBetween(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count());
}

string Days(int n) { return std::to_string(n) + (n == 1 ? " dag" : " dagar"); }

string Names(const std::vector<NotificationRecipient>& people) {
  string out;
  for (size_t i = 0; i < people.size(); ++i) {
    if (i) out += i + 1 == people.size() ? " och " : ", ";
    out += people[i].name.empty() ? people[i].person : people[i].name;
  }
  return out.empty() ? "ingen innehavare" : out;
}

string Footer(const StepInstance& step) {
  string out = "\n";
  if (!step.legal_basis.empty()) out += "Lagrum: " + step.legal_basis + "\n";
  if (step.preliminary) out += "Preliminärt datum (" + step.preliminary_reason + "): det kan ändras när sammanträdena är beslutade.\n";
  // The id ends with the period's last day, which for a step preparing next
  // year (a budget, a verksamhetsplan) lies in the year after the deadline.
  if (step.period) {
    out += "Avser perioden " + ToString(step.period->from) + " – " + ToString(step.period->to) + " (årshjulet " +
           std::to_string(step.year) + ").\n";
  }
  out += "Steg: " + step.id + "\n\nDetta meddelande skickas automatiskt från årshjulet (arshjul).\n";
  return out;
}

string LateLine(bool late) {
  return late ? "Meddelandet skickas i efterhand: det skulle ha skickats tidigare men tjänsten var inte igång.\n\n"
              : "";
}

}  // namespace

string SwedishDate(Date d) {
  static const char* kMonths[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                  "juli",    "augusti",  "september", "oktober", "november", "december"};
  return string(WeekdayNameSv(WeekdayOf(d))) + " " + std::to_string(static_cast<unsigned>(d.day())) + " " +
         kMonths[static_cast<unsigned>(d.month()) - 1] + " " + std::to_string(static_cast<int>(d.year()));
}

NotificationText ReminderText(const Organization& org, const StepInstance& step, Date sent_on, bool late,
                              Timestamp fire_at) {
  string organ = OrganName(org, step.organ);
  int left = DaysBetween(sent_on, step.deadline);
  NotificationText t;
  t.subject = string(late ? "Försenad påminnelse: " : "Påminnelse: ") + step.title + " – " + organ + ", senast " +
              ToString(step.deadline) + (step.preliminary ? " (preliminärt)" : "");
  t.body = "Hej!\n\n" + LateLine(late) + step.title + " för " + organ + " ska vara klart senast " +
           SwedishDate(step.deadline) + ".\n";
  if (left > 0) {
    t.body += "Det är " + Days(left) + " kvar.\n";
  } else if (left == 0) {
    t.body += "Det är i dag.\n";
  } else {
    t.body += "Tidsfristen gick ut för " + Days(-left) + " sedan.\n";
  }
  t.body += "\nAnsvarig roll: " + RoleName(org, step.responsible_role) + " (" + organ + ").\n";
  if (late) t.body += "Påminnelsen skulle ha skickats " + FormatLocalRfc3339(fire_at) + ".\n";
  t.body += Footer(step);
  return t;
}

NotificationText EscalationText(const Organization& org, const StepInstance& step, Date sent_on, bool late,
                                const std::vector<NotificationRecipient>& holders) {
  string organ = OrganName(org, step.organ);
  int overdue = DaysBetween(step.deadline, sent_on);
  NotificationText t;
  t.subject = "Eskalering: " + step.title + " – " + organ + " är " + Days(overdue) + " försenat";
  t.body = "Hej!\n\n" + LateLine(late) + step.title + " för " + organ + " skulle ha varit klart senast " +
           SwedishDate(step.deadline) + " och är ännu inte klart (" + Days(overdue) + " försenat).\n\n" +
           "Ansvarig roll: " + RoleName(org, step.responsible_role) + " – " + Names(holders) + ".\n" +
           "Du får meddelandet som närmast överordnad. Följ upp att steget blir klart.\n" + Footer(step);
  return t;
}

NotificationText FindingText(const Organization& org, const StepInstance& step, Date sent_on, bool late) {
  string organ = OrganName(org, step.organ);
  int overdue = DaysBetween(step.deadline, sent_on);
  NotificationText t;
  t.subject = "Uppsiktsnotering: " + step.title + " – " + organ + " är " + Days(overdue) + " försenat";
  t.body = "Till kommunstyrelsen\n\n" + LateLine(late) + step.title + " för " + organ + " skulle ha varit klart senast " +
           SwedishDate(step.deadline) + " och är " + Days(overdue) +
           " försenat trots påminnelser och eskalering.\n\n" +
           "Noteringen görs inom ramen för kommunstyrelsens uppsiktsplikt (KL 6 kap. 1 §).\n" + Footer(step);
  return t;
}

NotificationText UndeliverableText(const Organization& org, const NotificationRow& original,
                                   const DeliveryRow& delivery) {
  string organ = OrganName(org, original.organ);
  string who = delivery.recipient;
  for (const auto& r : original.recipients)
    if (r.person == delivery.recipient && !r.name.empty()) who = r.name;
  if (!delivery.address.empty()) who += " <" + delivery.address + ">";
  if (who.empty()) who = "kanalen " + delivery.channel;
  NotificationText t;
  t.subject = "Uppsiktsnotering: meddelande till " + organ + " kunde inte levereras";
  t.body = "Till kommunstyrelsen\n\nMeddelandet \"" + original.subject + "\" kunde inte levereras till " + who +
           " via " + delivery.channel + ".\nMottagarens svar: " + delivery.last_error +
           "\n\nKontrollera personens adress i organisationen; påminnelser till den adressen når inte fram.\n\n" +
           "Avisering: " + original.id + "\nSteg: " + original.instance_id +
           "\n\nDetta meddelande skickas automatiskt från årshjulet (arshjul).\n";
  return t;
}

}  // namespace arshjul::engine
