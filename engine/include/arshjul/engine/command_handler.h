// CommandHandler: turns commands into recorded events. For each command it
// catches up with the log, asks Decide (decide.h: every rule, pure) for the
// events, appends them with the command id as idempotency key, and applies
// them by reading them back from the log — so live state and replayed state
// are built the same way.
//
// Borrows the store and clock; both must outlive it. Thread-safe: commands
// are decided one at a time.
#pragma once

#include <functional>
#include <optional>

#include <mutex>
#include <string>
#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "arshjul/engine/command.h"
#include "arshjul/engine/decide.h"
#include "arshjul/engine/domain_state.h"
#include "arshjul/storage/event_store.h"

namespace arshjul::engine {

class CommandHandler {
 public:
  CommandHandler(storage::EventStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Applies every event recorded since the last call.
  Status CatchUp();
  // Records one command. Errors: InvalidArgument (malformed; names the field),
  // Rejected (a rule; names the rule and field), IOError. A command id seen
  // before returns the original outcome with appended.duplicate set and writes nothing.
  Result<CommandOutcome> Handle(const Command& command);
  // Records a command submitted by the authenticated person `caller`: first
  // checks access.h's AuthorizeCommand (Rejected with an access.* rule), then
  // as Handle. Handle alone is for the service's own commands and setup mode.
  Result<CommandOutcome> HandleAs(std::string_view caller, const Command& command);
  // Records `commands` as one append under one command id, or nothing (init
  // --org: an organisation file's changes). Each command is decided against
  // the state the ones before it leave; all must go to one stream. Errors as
  // Handle; `*failed` (when given) is then the index of the refused command,
  // or commands.size() when the append itself failed. An id seen before
  // returns its append with duplicate set and writes nothing. With `caller`
  // (an authenticated person), each command is first authorised as HandleAs.
  Result<storage::AppendResult> HandleAtomically(const std::vector<Command>& commands, const std::string& command_id,
                                                 size_t* failed = nullptr,
                                                 const std::optional<std::string>& caller = std::nullopt);

  // The state after the last CatchUp/Handle. Not to be used concurrently with Handle.
  const DomainState& state() const { return state_; }

  // Reads the adopted wheel's files into a template (workflows/ does it: the
  // engine parses no YAML). With a reader, a step instance id a command names
  // (CompleteStep, RecordDecision's completesSteps) must be one the wheel
  // plans; without one, or while no wheel is adopted, only its shape is checked.
  using WheelReader = std::function<Result<AnnualCycleTemplate>(const AdoptedCycle&)>;
  void SetWheelReader(WheelReader reader);

 private:
  // The adopted wheel as a template, read again when another is adopted; null
  // without a reader, without an adopted wheel, or when it cannot be read.
  const AnnualCycleTemplate* Wheel();
  Result<CommandOutcome> HandleLocked(const Command& command);
  Result<CommandOutcome> Previous(const EventSpec& spec, const storage::AppendResult& first);

  storage::EventStore& store_;
  const Clock& clock_;
  std::mutex mu_;
  DomainState state_;
  WheelReader wheel_reader_;
  std::optional<AnnualCycleTemplate> wheel_;
  std::string wheel_event_;  // the AnnualCycleAdopted event wheel_ was read from
};

// Replays the log into a fresh DomainState, keeping only events recorded at
// or before `known_at` (what the record showed then) and with effective time
// at or before `as_of` (what was in force then). Either may be absent.
struct ReplayFilter {
  std::optional<Timestamp> known_at;
  std::optional<Timestamp> as_of;
};
Result<DomainState> Replay(storage::EventStore& store, const ReplayFilter& filter = {});

}  // namespace arshjul::engine
