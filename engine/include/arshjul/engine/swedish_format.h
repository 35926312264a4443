// Numbers as Swedish readers write them: decimal comma, true minus (U+2212)
// and a thin space (U+2009) between thousands — "−6,3 mnkr",
// "412 000 000 kr". For tables and messages; JSON keeps plain numbers.
// Pure functions; thread-safe.
#pragma once

#include <string>

namespace arshjul::engine {

// `value` rounded to `decimals` (0–6) places.
std::string SwedishNumber(double value, int decimals);

// Kronor in millions with one decimal: "−6,3 mnkr".
std::string SwedishMnkr(double kronor);

// Whole kronor: "−6 300 000 kr".
std::string SwedishKronor(double kronor);

}  // namespace arshjul::engine
