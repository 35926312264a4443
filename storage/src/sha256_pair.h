// Two SHA-256 digests over the same bytes with different prefixes, computed
// together: the chain hash SHA-256(prev ‖ canonical) and the Merkle leaf hash
// SHA-256(0x00 ‖ canonical) of one event. On x86-64 CPUs with the SHA
// extensions both messages go through one interleaved pass (two independent
// SHA-256 lanes keep the SHA unit busy where one lane waits on its own
// latency); elsewhere it is two OpenSSL digests. OpenSSL offers no
// multi-buffer SHA-256 through its public API, hence the compression function
// here; tests/storage/sha256_pair_test.cc checks it against OpenSSL for every
// length boundary. Stateless, thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "arshjul/storage/hash.h"

namespace arshjul::storage {

struct ChainAndLeaf {
  Hash chain{};  // SHA-256(prev ‖ canonical)
  Hash leaf{};   // SHA-256(0x00 ‖ canonical)
};

ChainAndLeaf ChainAndLeafHash(const Hash& prev, std::string_view canonical);

// SHA-256(prefix ‖ body) through the SHA extensions (one lane), or nullopt
// on a CPU without them (the caller then uses OpenSSL). For short messages
// such as Merkle nodes it saves OpenSSL's per-digest dispatch.
std::optional<Hash> Sha256WithPrefix(std::string_view prefix, std::string_view body);

// Whether the interleaved SHA extensions path is used on this CPU.
bool Sha256PairAccelerated();

}  // namespace arshjul::storage
