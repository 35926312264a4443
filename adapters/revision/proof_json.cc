// Proofs as JSON (proof_json.h).
#include "proof_json.h"

namespace arshjul::revision {
namespace {

nlohmann::json HexList(const std::vector<storage::Hash>& hashes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : hashes) out.push_back(storage::HashToHex(h));
  return out;
}

}  // namespace

nlohmann::json InclusionProofJson(const storage::InclusionProofResult& p) {
  return {{"position", p.position},
          {"size", p.size},
          {"leaf_hash", storage::HashToHex(p.leaf_hash)},
          {"root", storage::HashToHex(p.root)},
          {"proof", HexList(p.proof)}};
}

nlohmann::json ConsistencyProofJson(const storage::ConsistencyProofResult& p) {
  return {{"from", p.size1},
          {"to", p.size2},
          {"root1", storage::HashToHex(p.root1)},
          {"root2", storage::HashToHex(p.root2)},
          {"proof", HexList(p.proof)}};
}

}  // namespace arshjul::revision
