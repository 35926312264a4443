// Query parameters (query_params.h).
#include "query_params.h"

namespace arshjul::http {

std::string Param(const Call& call, const std::string& name) {
  auto it = call.target.query.find(name);
  return it == call.target.query.end() ? std::string() : it->second;
}

// A non-negative integer parameter within [lo, hi]; nullopt when absent.
Result<std::optional<uint64_t>> Number(const Call& call, const std::string& name, uint64_t lo, uint64_t hi) {
  std::string v = Param(call, name);
  if (v.empty()) return std::optional<uint64_t>();
  if (v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument(name + " ska vara ett heltal", name);
  }
  uint64_t n = std::stoull(v);
  if (n < lo || n > hi) {
    return Status::InvalidArgument(name + " ska vara mellan " + std::to_string(lo) + " och " + std::to_string(hi), name);
  }
  return std::optional<uint64_t>(n);
}

}  // namespace arshjul::http
