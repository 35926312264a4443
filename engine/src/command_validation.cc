#include "arshjul/engine/command_validation.h"

#include "arshjul/storage/text_limits.h"

namespace arshjul::engine {

Status ValidateCommandFields(const Command& c) {
  ARSHJUL_RETURN_IF_ERROR(text::CheckId(c.name, "command", "kommandots namn"));
  ARSHJUL_RETURN_IF_ERROR(text::CheckId(c.command_id, "command_id", "kommando-id"));
  ARSHJUL_RETURN_IF_ERROR(text::CheckId(c.actor.person_id, "actor.person", "aktörens person"));
  ARSHJUL_RETURN_IF_ERROR(text::CheckId(c.actor.role, "actor.role", "aktörens roll"));
  ARSHJUL_RETURN_IF_ERROR(text::CheckId(c.actor.organ, "actor.organ", "aktörens organ"));
  if (c.payload_json.size() > kMaxPayloadJsonBytes) {
    return Status::InvalidArgument("innehållet är " + std::to_string(c.payload_json.size()) +
                                       " byte, mer än gränsen " + std::to_string(kMaxPayloadJsonBytes),
                                   "payload");
  }
  return Status::Ok();
}

}  // namespace arshjul::engine
