// CommandHandler::HandleAtomically: several commands as one append (init --org).
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/access.h"
#include "arshjul/engine/decide.h"
#include "event_spec.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/storage/text_limits.h"

namespace arshjul::engine {
namespace {

// The event as the store will record it, for deciding the commands after it
// against the state it leaves. Its id is provisional (the position's bytes).
storage::RecordedEvent Provisional(const storage::ProposedEvent& e, const Command& c, const std::string& stream,
                                   uint64_t position, Timestamp now) {
  storage::RecordedEvent r;
  for (size_t i = 0; i < 8; ++i) r.event_id.bytes[15 - i] = static_cast<uint8_t>(position >> (8 * i));
  r.event_id.bytes[0] = 0xff;
  r.stream = stream;
  r.position = position;
  r.recorded_at = now;
  r.effective_at = e.effective_at.value_or(now);
  r.actor = c.actor;
  r.command_id = c.command_id;
  r.type = e.type;
  r.schema_version = e.schema_version;
  r.payload = e.payload;
  return r;
}

}  // namespace

Result<storage::AppendResult> CommandHandler::HandleAtomically(const std::vector<Command>& commands,
                                                               const std::string& command_id, size_t* failed,
                                                               const std::optional<std::string>& caller) {
  std::lock_guard lk(mu_);
  if (failed) *failed = commands.size();
  if (commands.empty()) return Status::InvalidArgument("inga kommandon att registrera", "commands");
  ARSHJUL_RETURN_IF_ERROR(text::CheckId(command_id, "command_id", "kommando-id"));
  ARSHJUL_ASSIGN_OR_RETURN(auto previous, store_.LookupCommand(command_id));
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  if (previous.has_value()) return *previous;

  const Timestamp now = clock_.Now();
  DomainState scratch = state_;
  storage::AppendRequest req;
  req.command_id = command_id;
  req.actor = commands.front().actor;
  uint64_t position = state_.last_position ? *state_.last_position + 1 : 0;
  for (size_t i = 0; i < commands.size(); ++i) {
    if (failed) *failed = i;
    if (caller) {
      ARSHJUL_ASSIGN_OR_RETURN(const EventSpec* spec, CheckCommand(commands[i]));
      ARSHJUL_RETURN_IF_ERROR(AuthorizeCommand(scratch, *caller, commands[i], spec->category, LocalDate(now)));
    }
    ARSHJUL_ASSIGN_OR_RETURN(Decision d, Decide(scratch, commands[i], LocalDate(now), Wheel()));
    if (req.stream.empty()) req.stream = d.stream;
    if (d.stream != req.stream) {
      return Status::InvalidArgument("kommandona kan inte registreras i en enda tilläggning: de gäller både " +
                                         req.stream + " och " + d.stream,
                                     "commands");
    }
    for (auto& e : d.events) {
      ARSHJUL_RETURN_IF_ERROR(scratch.Apply(Provisional(e, commands[i], req.stream, position++, now)));
      req.events.push_back(std::move(e));
    }
  }
  if (failed) *failed = commands.size();
  ARSHJUL_ASSIGN_OR_RETURN(storage::AppendResult appended, store_.Append(req));
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  return appended;
}

}  // namespace arshjul::engine
