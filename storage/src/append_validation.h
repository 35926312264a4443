// What the store checks of every identifier and time it is asked to keep,
// before anything is written: the command id, the actor and each event type
// (text_limits.h: valid UTF-8, no control characters, length limits) and each
// effective time (years 1900–9999). Internal to storage/. Thread-safe.
#pragma once

#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

// InvalidArgument naming the field ("command_id", "actor.person", "events[2].type", …).
Status ValidateAppendTexts(const AppendRequest& request);

}  // namespace arshjul::storage
