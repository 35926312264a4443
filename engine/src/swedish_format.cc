#include "arshjul/engine/swedish_format.h"

#include <cmath>
#include <cstdio>

namespace arshjul::engine {

std::string SwedishNumber(double value, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
  std::string digits(buf);
  const size_t dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  std::string out;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += "\u2009";
    out += whole[i];
  }
  if (dot != std::string::npos) out += "," + digits.substr(dot + 1);
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !zero ? "\u2212" : "") + out;
}

std::string SwedishMnkr(double kronor) { return SwedishNumber(kronor / 1e6, 1) + " mnkr"; }

std::string SwedishKronor(double kronor) { return SwedishNumber(kronor, 0) + " kr"; }

}  // namespace arshjul::engine
