// Checks every Text field of a decoded payload (nested structs and lists
// included) by its role, told by its name: identifiers ("id", "…Id", "…Ids",
// organ/role/person references) as text::CheckId, "email" as an RFC 5321
// address, everything else as free text. Internal to engine/. Thread-safe.
#pragma once

#include <capnp/dynamic.h>

#include <string>

#include "arshjul/storage/status.h"

namespace arshjul::engine {

// InvalidArgument naming the field as "payload.<name>[.<name>|[i]]…".
Status CheckPayloadTexts(capnp::DynamicStruct::Reader payload, const std::string& path = "payload");

}  // namespace arshjul::engine
