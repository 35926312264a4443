// The engine's validation boundary for every command, whichever entry point
// it comes from (record, init, later HTTP): the command's own fields (name,
// command id, actor, payload size) and every text field of its payload
// (identifiers, free text, e-mail addresses), against the limits of
// arshjul/storage/text_limits.h. Limits: docs/input-limits.md.
//
// Free functions without state. Thread-safe.
#pragma once

#include "arshjul/engine/command.h"

namespace arshjul::engine {

inline constexpr size_t kMaxPayloadJsonBytes = 1 << 20;
inline constexpr unsigned kMaxPayloadJsonDepth = 16;

// InvalidArgument naming the field ("command_id", "actor.person", …).
Status ValidateCommandFields(const Command& command);

}  // namespace arshjul::engine
