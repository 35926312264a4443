// The Swedish subject and body of reminders, escalations and findings.
// Internal to the scheduler; pure.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/notification.h"
#include "arshjul/engine/plan.h"

namespace arshjul::engine {

struct NotificationText {
  std::string subject;
  std::string body;
};

// "fredag 29 oktober 2027".
std::string SwedishDate(Date d);

// `sent_on` is the local date the notification is recorded; `fire_at` its due time.
NotificationText ReminderText(const Organization& org, const StepInstance& step, Date sent_on, bool late,
                              Timestamp fire_at);
// `holders` are the responsible role's holders on `sent_on` (named in the text).
NotificationText EscalationText(const Organization& org, const StepInstance& step, Date sent_on, bool late,
                                const std::vector<NotificationRecipient>& holders);
NotificationText FindingText(const Organization& org, const StepInstance& step, Date sent_on, bool late);
NotificationText UndeliverableText(const Organization& org, const NotificationRow& original,
                                   const DeliveryRow& delivery);

}  // namespace arshjul::engine
