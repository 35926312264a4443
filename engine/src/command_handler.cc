#include "arshjul/engine/command_handler.h"

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/command_validation.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::engine {

Status CommandHandler::CatchUp() {
  uint64_t from = state_.last_position ? *state_.last_position + 1 : 0;
  auto cursor = store_.ReadAll(from, UINT64_MAX);
  for (;;) {
    auto more = cursor->Next();
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
    ARSHJUL_RETURN_IF_ERROR(state_.Apply(cursor->event()));
  }
}

// Rule actor.holds_role: only a person holding a role in an organ, on the
// day of recording, may record for that organ.
Status CommandHandler::CheckActor(const Command& c, const std::string& organ, Date date, bool organization_event) const {
  if (c.actor.person_id.empty()) return Status::InvalidArgument("vem som registrerar saknas", "actor.person");
  if (c.actor.role.empty()) return Status::InvalidArgument("aktörens roll saknas", "actor.role");
  if (c.actor.organ.empty()) return Status::InvalidArgument("aktörens organ saknas", "actor.organ");
  if (organization_event || !state_.org.RuleEnabled("actor.holds_role")) return Status::Ok();
  if (!state_.org.HoldsRoleIn(c.actor.person_id, organ, date)) {
    return Status::Rejected("actor.holds_role", "actor.person",
                            "Personen '" + c.actor.person_id + "' har ingen roll i " + organ + " den " + ToString(date) +
                                " och får inte registrera för det organet");
  }
  bool has_named_role = false;
  for (const auto& h : state_.org.Holders(c.actor.role, organ, date)) has_named_role |= h.person_id == c.actor.person_id;
  if (!has_named_role) {
    return Status::Rejected("actor.holds_role", "actor.role",
                            "Personen '" + c.actor.person_id + "' har inte rollen '" + c.actor.role + "' i " + organ +
                                " den " + ToString(date));
  }
  return Status::Ok();
}

Result<CommandOutcome> CommandHandler::Handle(const Command& c) {
  std::lock_guard lk(mu_);
  const EventSpec* spec = FindByCommand(c.name);
  if (!spec) return Status::InvalidArgument("okänt kommando '" + c.name + "' (se docs/commands.md)", "command");
  if (c.command_id.empty()) return Status::InvalidArgument("kommando-id saknas", "command_id");
  ARSHJUL_RETURN_IF_ERROR(ValidateCommandFields(c));

  auto previous = store_.LookupCommand(c.command_id);
  if (!previous.ok()) return previous.status();
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  if (previous->has_value()) {
    CommandOutcome out{spec->event_type, "", **previous};
    auto cursor = store_.ReadAll((*previous)->first_position, 1);
    if (auto more = cursor->Next(); more.ok() && *more) {
      out.stream = cursor->event().stream;
      out.event_type = cursor->event().type;
    }
    return out;
  }

  auto payload = spec->encode(c.payload_json);
  if (!payload.ok()) return payload.status();
  auto organ = spec->organ(*payload);
  if (!organ.ok()) return Status::InvalidArgument(organ.status().message(), "payload");
  auto own_date = spec->date(*payload);
  if (!own_date.ok()) return Status::InvalidArgument(own_date.status().message(), "payload");

  std::optional<Timestamp> effective_at = c.effective_at;
  if (!effective_at && !own_date->empty()) {
    if (auto d = ParseDate(*own_date)) effective_at = LocalToUtc(*d, 0, 0);
  }
  Date date = LocalDate(effective_at.value_or(clock_.Now()));
  bool organization_event = spec->category == "organization";
  if (!organization_event) {
    if (organ->empty()) return Status::InvalidArgument("organ saknas", "payload.organ");
    if (!state_.org.FindOrgan(*organ)) {
      return Status::InvalidArgument("okänt organ '" + *organ + "' (inte definierat i organisationen)", "payload.organ");
    }
  }
  RuleContext ctx{state_, c, date};
  ARSHJUL_RETURN_IF_ERROR(spec->check(ctx, *payload));
  std::string recording_organ = spec->council_decides ? state_.org.CouncilId() : *organ;
  // Access is checked on the day of recording: today's staff may record about the past.
  ARSHJUL_RETURN_IF_ERROR(CheckActor(c, recording_organ, LocalDate(clock_.Now()), organization_event));

  storage::AppendRequest req;
  req.stream = StreamFor(*spec, *organ);
  req.actor = c.actor;
  req.command_id = c.command_id;
  storage::ProposedEvent e;
  e.type = spec->event_type;
  e.payload = std::move(payload).value();
  e.effective_at = effective_at;
  req.events.push_back(std::move(e));
  auto appended = store_.Append(req);
  if (!appended.ok()) return appended.status();
  ARSHJUL_RETURN_IF_ERROR(CatchUp());
  return CommandOutcome{spec->event_type, req.stream, *appended};
}

Result<DomainState> Replay(storage::EventStore& store, const ReplayFilter& filter) {
  DomainState state;
  auto cursor = store.ReadAll(0, UINT64_MAX);
  for (;;) {
    auto more = cursor->Next();
    if (!more.ok()) return more.status();
    if (!*more) break;
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
