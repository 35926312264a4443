// Helpers shared by annual_cycle.cc and the planner: internal to engine/.
#pragma once

#include <string_view>

#include "arshjul/engine/annual_cycle.h"

namespace arshjul::engine {

// InvalidArgument "file:line: steps[id].field: message" (without "file:line: "
// when the step was built in code), with field() = "steps[id].field".
Status StepError(const StepTemplate& step, std::string_view field, std::string_view message);

}  // namespace arshjul::engine
