// The fuzzed function: request parsing and command decoding as the service
// does them — Beast's request parser with the service's header and body
// limits, the target split into path and query, then the body read as
// commands (the `record` JSON) and each command's payload encoded by its
// event spec and decoded back. Must never crash, leak or throw.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arshjul::fuzz {

int FuzzRequest(const uint8_t* data, size_t size);

}  // namespace arshjul::fuzz
