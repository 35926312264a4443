// When the service signs a checkpoint of the log and sends it to the
// revisorer: at each meeting of kommunfullmäktige (22:00 local time on the
// meeting day, after the meeting) and at the end of each year (31 December
// 23:59), by default; either can be turned off. Each occasion has a stable id,
// so the checkpoint event and its notification are recorded once, however
// often the service restarts (docs/revision.md, "Checkpoints to the
// revisorer"). Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/notification.h"
#include "arshjul/engine/organization.h"

namespace arshjul::engine {

struct CheckpointPolicy {
  bool at_council_meetings = true;
  bool at_year_end = true;
};

struct CheckpointOccasion {
  std::string id;  // "2026-06-15/kf" (a council meeting) or "2026/year-end"
  Timestamp at{};
  std::string what;  // Swedish: "efter kommunfullmäktiges sammanträde 2026-06-15", "vid årets slut 2026"
};

// The occasions of `year`, in time order.
std::vector<CheckpointOccasion> CheckpointOccasions(const Organization& org, int year, const CheckpointPolicy& policy);

// The notification id of an occasion's checkpoint: "checkpoint/<occasion id>".
std::string CheckpointNotificationId(const CheckpointOccasion& occasion);

// The notification carrying the signed checkpoint `note` to everyone holding
// the revisor role on the occasion's day, on `channels`; its organ is the
// council's (the revisorer are appointed by KF).
NotificationRow CheckpointNotification(const Organization& org, const CheckpointOccasion& occasion,
                                       const std::string& note, const std::vector<std::string>& channels);

}  // namespace arshjul::engine
