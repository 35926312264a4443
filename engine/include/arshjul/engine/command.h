// Command: a request to record something, as it arrives from a user (CLI JSON,
// later the HTTP API). The payload is JSON whose shape is the Cap'n Proto
// struct of the event it records (docs/commands.md). Value type.
#pragma once

#include <optional>
#include <string>

#include "arshjul/storage/event_store.h"

namespace arshjul::engine {

struct Command {
  std::string name;        // imperative, e.g. "RecordDecision"
  std::string command_id;  // idempotency key, required
  storage::Actor actor;    // who records it: person, role, organ
  std::optional<Timestamp> effective_at;  // business time; defaults from the payload's date or now
  // Optimistic concurrency: the version of the command's stream's last event
  // the caller saw; a different version is a Conflict naming the actual one.
  std::optional<uint64_t> expected_version;
  std::string payload_json;
};

struct CommandOutcome {
  std::string event_type;
  std::string stream;
  storage::AppendResult appended;
};

}  // namespace arshjul::engine
