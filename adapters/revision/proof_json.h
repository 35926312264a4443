// The JSON form of Merkle proofs, as `arshjul proof` prints them and
// GET /api/v1/proof/… answers (hashes in lowercase hex, RFC 9162 order: from
// the leaf upward). Stateless; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "arshjul/storage/verifiable_log.h"

namespace arshjul::revision {

// {position, size, leaf_hash, root, proof: [hex…]}
nlohmann::json InclusionProofJson(const storage::InclusionProofResult& p);
// {from, to, root1, root2, proof: [hex…]}
nlohmann::json ConsistencyProofJson(const storage::ConsistencyProofResult& p);

}  // namespace arshjul::revision
