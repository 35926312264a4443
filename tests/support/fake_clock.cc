#include "support/fake_clock.h"

#include <cstdlib>
#include <cstdio>

namespace arshjul::testing {

Id128 SequentialIdSource::NewId() {
  uint64_t n = next_.fetch_add(1);
  Id128 id;
  for (int i = 0; i < 8; ++i) id.bytes[15 - i] = static_cast<uint8_t>(n >> (8 * i));
  return id;
}

Timestamp At(const char* rfc3339) {
  Timestamp t;
  if (!ParseTimestamp(rfc3339, &t)) {
    std::fprintf(stderr, "bad timestamp literal in test: %s\n", rfc3339);
    std::abort();
  }
  return t;
}

}  // namespace arshjul::testing
