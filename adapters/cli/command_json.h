// Reading commands from JSON (the `record` input, later the HTTP API):
//   {"command": "RecordDecision", "command_id": "…",
//    "actor": {"person": "…", "role": "…", "organ": "…"},
//    "effective_at": "2026-06-15" (optional), "payload": {…}}
// A file holds a JSON array of these, or one per line. docs/commands.md.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/command.h"

namespace arshjul::cli {

// InvalidArgument naming the command's index and field on bad input.
Result<std::vector<engine::Command>> ParseCommands(const std::string& text);

}  // namespace arshjul::cli
