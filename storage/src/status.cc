#include "arshjul/storage/status.h"

namespace arshjul {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "ogiltig indata";
    case StatusCode::kRejected: return "avvisat";
    case StatusCode::kConflict: return "konflikt";
    case StatusCode::kNotFound: return "saknas";
    case StatusCode::kCorruption: return "integritetsfel";
    case StatusCode::kIOError: return "in/ut-fel";
    case StatusCode::kBusy: return "upptaget";
  }
  return "okänt fel";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s = std::string(StatusCodeName(code_)) + ": " + message_;
  if (!field_.empty()) s += " (fält: " + field_ + ")";
  if (!rule_.empty()) s += " [regel: " + rule_ + "]";
  return s;
}

}  // namespace arshjul
