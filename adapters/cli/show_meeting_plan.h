// The meeting plan that `show findings` and `show uppsikt` judge as of a day.
// A replay as of a day holds the meetings held by then (each meeting is in
// force from its own date), so it never holds a meeting still ahead: every
// organ would look as if it had no sammanträdesplan for next year. The plan is
// known before its meetings, so these two views read it as recorded, as
// `plan --as-of` does: the meetings after that day are added from the record
// (as known at --known-at, if given). Stateless.
#pragma once

#include <string>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/domain_state.h"
#include "arshjul/storage/event_store.h"
#include "arshjul/storage/status.h"

namespace arshjul::cli {

// Adds to `state` (replayed with `filter`) the meetings after filter.as_of as
// recorded, when `view` judges the meeting plan; otherwise leaves it as it is.
Status AddMeetingPlanAsRecorded(storage::EventStore& store, const engine::ReplayFilter& filter,
                                const std::string& view, engine::DomainState& state);

}  // namespace arshjul::cli
