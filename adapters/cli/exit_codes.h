// Exit codes of the arshjul command (documented in README.md):
//   0 ok, 2 input rejected (nothing written), 3 conflict, 4 integrity failure, 1 anything else.
#pragma once

#include "arshjul/storage/status.h"

namespace arshjul::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitOther = 1;
inline constexpr int kExitRejected = 2;
inline constexpr int kExitConflict = 3;
inline constexpr int kExitIntegrity = 4;

inline int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kRejected: return kExitRejected;
    case StatusCode::kConflict: return kExitConflict;
    case StatusCode::kCorruption: return kExitIntegrity;
    default: return kExitOther;
  }
}

}  // namespace arshjul::cli
