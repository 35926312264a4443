// Checkpoint occasions and their notification (checkpoint_schedule.h).
#include "arshjul/engine/checkpoint_schedule.h"

#include "arshjul/engine/access.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/scheduler.h"

namespace arshjul::engine {

std::vector<CheckpointOccasion> CheckpointOccasions(const Organization& org, int year, const CheckpointPolicy& policy) {
  std::vector<CheckpointOccasion> out;
  std::string council = org.CouncilId();
  if (policy.at_council_meetings && !council.empty()) {
    for (Date d : org.MeetingsIn(council, year)) {
      out.push_back({ToString(d) + "/" + council, LocalToUtc(d, 22, 0),
                     "efter kommunfullmäktiges sammanträde " + ToString(d)});
    }
  }
  if (policy.at_year_end) {
    Date last = std::chrono::year{year} / std::chrono::December / 31;
    out.push_back({std::to_string(year) + "/year-end", LocalToUtc(last, 23, 59), "vid årets slut " + std::to_string(year)});
  }
  return out;
}

std::string CheckpointNotificationId(const CheckpointOccasion& occasion) { return "checkpoint/" + occasion.id; }

NotificationRow CheckpointNotification(const Organization& org, const CheckpointOccasion& occasion,
                                       const std::string& note, const std::vector<std::string>& channels) {
  NotificationRow n;
  n.id = CheckpointNotificationId(occasion);
  n.instance_id = n.id;
  n.organ = org.CouncilId().empty() ? "kf" : org.CouncilId();
  n.kind = NotificationKind::kCheckpoint;
  n.fire_at = occasion.at;
  n.recipients = RoleRecipients(org, kAuditorRole, "", LocalDate(occasion.at));
  n.channels = channels;
  n.title = "Signerad checkpoint av händelseloggen";
  n.deadline = ToString(LocalDate(occasion.at));
  n.subject = "Signerad checkpoint av händelseloggen " + occasion.what;
  n.body = "Hej,\n\n"
           "här är en signerad checkpoint av kommunens händelselogg (arshjul), gjord " + occasion.what +
           ". Spara den, utanför kommunens system: med den kan ni senare visa att loggen ni granskar är en\n"
           "fortsättning av den som fanns i dag (arshjul verify --checkpoint FIL --key NYCKEL, eller\n"
           "arshjul-verify på ett revisionspaket).\n\n" +
           note + "\nMeddelandet skickades automatiskt.\n";
  return n;
}

}  // namespace arshjul::engine
