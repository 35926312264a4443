// Decide: what the engine does with a command, as one pure function. Given
// the state before the command, the command and the day of recording, it
// returns the events to append (with their stream and the version the stream
// is expected to have) or the Status that refuses the command. Every rule of
// the domain runs here (the event's own checks from the catalog and the
// actor's access); the payload is decoded once. No store, no clock: rules are
// tested by calling Decide on a DomainState.
//
// CommandHandler::Handle is catch up → Decide → Append → apply.
// Stateless functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command.h"
#include "arshjul/engine/domain_state.h"
#include "arshjul/storage/event_store.h"

namespace arshjul::engine {

struct EventSpec;

struct Decision {
  const EventSpec* spec = nullptr;  // the catalog entry of the recorded event
  std::string stream;
  // Any: commands are decided one at a time against the caught-up state;
  // Exact when the command carries expectedVersion.
  storage::ExpectedVersion expected;
  std::vector<storage::ProposedEvent> events;
};

// The checks that need no state, made before the command id is looked up:
// the command is in the catalog and carries an id. Returns its spec.
Result<const EventSpec*> CheckCommand(const Command& command);

struct AnnualCycleTemplate;

// Errors: InvalidArgument (malformed; names the field), Rejected (a rule;
// names the rule and the field). `wheel`: the adopted årshjul read into a
// template, against which step instance ids are checked (null: only their shape).
Result<Decision> Decide(const DomainState& state, const Command& command, Date today,
                        const AnnualCycleTemplate* wheel = nullptr);

}  // namespace arshjul::engine
