#include "append_validation.h"

#include "arshjul/storage/text_limits.h"

namespace arshjul::storage {
namespace {

Status OptionalId(const std::string& s, const char* field, const char* what) {
  return s.empty() ? Status::Ok() : text::CheckId(s, field, what);
}

bool InTimestampRange(Timestamp t) {
  using namespace std::chrono;
  auto low = sys_days{year{kMinTimestampYear} / January / 1};
  auto high = sys_days{year{kMaxTimestampYear + 1} / January / 1};
  return t >= low && t < high;
}

}  // namespace

Status ValidateAppendTexts(const AppendRequest& req) {
  ARSHJUL_RETURN_IF_ERROR(OptionalId(req.command_id, "command_id", "kommando-id"));
  ARSHJUL_RETURN_IF_ERROR(OptionalId(req.actor.person_id, "actor.person", "aktörens person"));
  ARSHJUL_RETURN_IF_ERROR(OptionalId(req.actor.role, "actor.role", "aktörens roll"));
  ARSHJUL_RETURN_IF_ERROR(OptionalId(req.actor.organ, "actor.organ", "aktörens organ"));
  // Field names are built for an error only, and a type is checked once
  // where the events before it have the same (the common case of a batch).
  auto field = [](size_t i, const char* member) { return "events[" + std::to_string(i) + "]." + member; };
  for (size_t i = 0; i < req.events.size(); ++i) {
    const ProposedEvent& e = req.events[i];
    if (i == 0 || e.type != req.events[i - 1].type) {
      if (!text::CheckId(e.type, {}, "händelsetypen").ok()) return text::CheckId(e.type, field(i, "type"), "händelsetypen");
    }
    if (e.effective_at && !InTimestampRange(*e.effective_at)) {
      return Status::InvalidArgument("gällande tid ligger utanför åren 1900–9999", field(i, "effective_at"));
    }
  }
  return Status::Ok();
}

}  // namespace arshjul::storage
