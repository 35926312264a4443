#include "arshjul/engine/command_handler.h"

#include "arshjul/engine/access.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/decide.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::engine {

Status CommandHandler::CatchUp() {
  uint64_t from = state_.last_position ? *state_.last_position + 1 : 0;
  auto cursor = store_.ReadAll(from, UINT64_MAX);
  for (;;) {
    ARSHJUL_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) return Status::Ok();
    ARSHJUL_RETURN_IF_ERROR(state_.Apply(cursor->event()));
  }
}

// The outcome of a command seen before: what its first recording appended.
Result<CommandOutcome> CommandHandler::Previous(const EventSpec& spec, const storage::AppendResult& first) {
  CommandOutcome out{spec.event_type, "", first};
  auto cursor = store_.ReadAll(first.first_position, 1);
  if (auto more = cursor->Next(); more.ok() && *more) {
    out.stream = cursor->event().stream;
    out.event_type = cursor->event().type;
  }
  return out;
}

// A command id names one command: repeating it with the same content is
// idempotent, with other content a Conflict naming the id.
static Status SameCommand(const EventSpec& spec, const Command& c, const storage::RecordedEvent& first) {
  auto payload = spec.encode(c.payload_json);
  if (first.type == spec.event_type && payload.ok() && *payload == first.payload) return Status::Ok();
  return Status::Conflict("kommando-id '" + c.command_id + "' är redan använt för ett annat kommando (" + first.type +
                              " på position " + std::to_string(first.position) +
                              "); ett nytt kommando behöver ett nytt id");
}

void CommandHandler::SetWheelReader(WheelReader reader) {
  std::lock_guard lk(mu_);
  wheel_reader_ = std::move(reader);
  wheel_.reset();
  wheel_event_.clear();
}

const AnnualCycleTemplate* CommandHandler::Wheel() {
  if (!wheel_reader_ || !state_.annual_cycle) return nullptr;
  const std::string event = state_.annual_cycle->source.event_id.ToHex();
  if (event != wheel_event_) {
    auto read = wheel_reader_(*state_.annual_cycle);
    wheel_ = read.ok() ? std::optional<AnnualCycleTemplate>(std::move(read).value()) : std::nullopt;
    wheel_event_ = event;
  }
  return wheel_ ? &*wheel_ : nullptr;
}

Result<CommandOutcome> CommandHandler::Handle(const Command& c) {
  std::lock_guard lk(mu_);
  return HandleLocked(c);
}

Result<CommandOutcome> CommandHandler::HandleAs(std::string_view caller, const Command& c) {
  std::lock_guard lk(mu_);
  ARSHJUL_ASSIGN_OR_RETURN(const EventSpec* spec, CheckCommand(c));
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  ARSHJUL_RETURN_IF_ERROR(AuthorizeCommand(state_, caller, c, spec->category, LocalDate(clock_.Now())));
  return HandleLocked(c);
}

Result<CommandOutcome> CommandHandler::HandleLocked(const Command& c) {
  ARSHJUL_ASSIGN_OR_RETURN(const EventSpec* spec, CheckCommand(c));
  ARSHJUL_ASSIGN_OR_RETURN(auto previous, store_.LookupCommand(c.command_id));
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  if (previous.has_value()) {
    ARSHJUL_ASSIGN_OR_RETURN(CommandOutcome out, Previous(*spec, *previous));
    auto cursor = store_.ReadAll(previous->first_position, 1);
    if (auto more = cursor->Next(); more.ok() && *more) ARSHJUL_RETURN_IF_ERROR(SameCommand(*spec, c, cursor->event()));
    return out;
  }

  ARSHJUL_ASSIGN_OR_RETURN(Decision decision, Decide(state_, c, LocalDate(clock_.Now()), Wheel()));
  storage::AppendRequest req;
  req.stream = decision.stream;
  req.expected = decision.expected;
  req.actor = c.actor;
  req.command_id = c.command_id;
  req.events = std::move(decision.events);
  ARSHJUL_ASSIGN_OR_RETURN(storage::AppendResult appended, store_.Append(req));
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  return CommandOutcome{spec->event_type, req.stream, appended};
}

Result<DomainState> Replay(storage::EventStore& store, const ReplayFilter& filter) {
  DomainState state;
  // At most one id per event: sized once, the set never rehashes its nodes
  // (rehashing was a tenth of a replay, docs/benchmarks.md).
  if (auto head = store.HeadPosition()) state.event_ids.reserve(*head + 1);
  auto cursor = store.ReadAll(0, UINT64_MAX);
  for (;;) {
    ARSHJUL_ASSIGN_OR_RETURN(bool more, cursor->Next());
    if (!more) break;
    const auto& e = cursor->event();
    // Recorded time never decreases along the log, so the first event after
    // known_at ends the replay.
    if (filter.known_at && e.recorded_at > *filter.known_at) break;
    if (filter.as_of && e.effective_at > *filter.as_of) {
      state.last_position = e.position;
      continue;
    }
    ARSHJUL_RETURN_IF_ERROR(state.Apply(e));
  }
  return state;
}

}  // namespace arshjul::engine
