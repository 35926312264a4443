// Query parameters of a routed call, read the same way by every route: a
// text parameter, and a bounded non-negative integer refused with a Swedish
// message naming the parameter. Stateless.
#pragma once

#include <optional>
#include <string>

#include "api.h"

namespace arshjul::http {

// The parameter's value; empty when absent.
std::string Param(const Call& call, const std::string& name);
// A non-negative integer parameter within [lo, hi]; nullopt when absent.
Result<std::optional<uint64_t>> Number(const Call& call, const std::string& name, uint64_t lo, uint64_t hi);

}  // namespace arshjul::http
