// Reading commands from JSON (the `record` input, later the HTTP API):
//   {"command": "RecordDecision", "command_id": "…",
//    "actor": {"person": "…", "role": "…", "organ": "…"},
//    "effective_at": "2026-06-15" (optional), "payload": {…}}
// A file holds a JSON array of these, or one per line. docs/commands.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "arshjul/engine/command.h"

namespace arshjul::cli {

// Limits (docs/input-limits.md): the whole input, one command's JSON, and
// nesting (objects and arrays, the command itself counted).
inline constexpr size_t kMaxCommandInputBytes = 64u << 20;
inline constexpr size_t kMaxCommandBytes = 2u << 20;
inline constexpr size_t kMaxJsonDepth = 20;

// InvalidArgument naming the command's index and field on bad input: malformed
// JSON, numbers out of range, nesting or size beyond the limits, invalid UTF-8.
// Never throws.
Result<std::vector<engine::Command>> ParseCommands(const std::string& text);

// The commands as a JSON array ParseCommands reads back to the same commands
// (effective_at as RFC 3339 in UTC; the correlation id is the request's, not written).
std::string CommandsJson(const std::vector<engine::Command>& commands);

}  // namespace arshjul::cli
