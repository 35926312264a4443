// The event catalog: every domain event type, the command that records it,
// its payload schema (engine/schema/domain.capnp), the stream it goes to, the
// rules checked before it is recorded, and how it changes DomainState.
//
// Immutable after construction (built once, on first use); thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "arshjul/engine/command.h"
#include "arshjul/engine/domain_state.h"
#include "arshjul/storage/event_store.h"

namespace arshjul::engine {

struct AnnualCycleTemplate;  // annual_cycle.h

// What a rule sees: the state before the command, the command, its
// effective date in Stockholm, and the adopted wheel read into a template
// (null when none is adopted or the caller has no reader: CommandHandler::SetWheelReader).
struct RuleContext {
  const DomainState& state;
  const Command& command;
  Date effective_date;
  const AnnualCycleTemplate* wheel = nullptr;
};

// What apply sees of the recorded event beyond its payload.
struct EventMeta {
  const storage::RecordedEvent& event;
  std::string_view event_type;  // the catalog's name for event.type (Provenance::event_type)
  Provenance Source() const;
  Date EffectiveDate() const;
};

class PayloadReader;  // an aligned Cap'n Proto reader over payload bytes (event_spec.h)

// What Decide reads from a payload before its rules run.
struct PayloadFacts {
  std::string organ;  // the organ the payload concerns
  std::string date;   // the payload's own date (may be empty)
};
// Given a payload's facts, checks what needs no payload field and returns the
// context the event's rules run in (decide.cc).
using RuleFrame = std::function<Result<RuleContext>(const PayloadFacts&)>;

struct EventSpec {
  std::string command;     // "RecordDecision"
  std::string event_type;  // "DecisionRecorded"
  std::string category;    // stream category: "decisions", "goals", … or "organization"
  // True when KF decides it about another organ (a budget frame, a deficit
  // exception): the event goes to that organ's stream, but the actor must hold
  // a role in the council.
  bool council_decides = false;
  // Decodes JSON into payload bytes (InvalidArgument naming the field on bad JSON).
  std::function<Result<std::string>(const std::string& json)> encode;
  // Payload bytes → JSON (for log and show).
  std::function<Result<std::string>(std::string_view payload)> to_json;
  // The organ the payload concerns (the stream's organ, and whose roles the actor must hold).
  std::function<Result<std::string>(std::string_view payload)> organ;
  // The payload's own date (meeting date, period end …) used as default effective date; may be empty.
  std::function<Result<std::string>(std::string_view payload)> date;
  // Validation and rules against the state: Ok, InvalidArgument or Rejected.
  std::function<Status(const RuleContext&, std::string_view payload)> check;
  // Decodes the payload once, passes its facts to `frame`, then runs `check`
  // in the context the frame returns (what Decide calls).
  std::function<Status(std::string_view payload, const RuleFrame& frame)> decide;
  // Applies a recorded event's payload to the state.
  std::function<Status(DomainState&, const EventMeta&, std::string_view payload)> apply;
};

// All specs, in a stable order.
const std::vector<EventSpec>& EventCatalog();
const EventSpec* FindByCommand(std::string_view command);
const EventSpec* FindByEventType(std::string_view event_type);
// The store's type registry: every catalog event type, schema version 1, with a decode check.
storage::TypeRegistry StoreTypeRegistry();
// The stream for an event of `spec` concerning `organ`.
std::string StreamFor(const EventSpec& spec, const std::string& organ);

}  // namespace arshjul::engine
