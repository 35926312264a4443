// Encoding of a RecordedEvent into its stored value, and the hash chain.
//
// Stored value = hash (32 bytes) ‖ canonical Cap'n Proto words of the Envelope
// (storage/schema/envelope.capnp), which holds every field but the hash itself;
// the words are written and read by canonical_envelope.h.
// The event's hash follows the store's chain rule (ChainRule below). Thread-safe
// (the SHA-256 method is fetched once; each thread has its own digest context).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "canonical_envelope.h"

namespace arshjul::storage {

// How a store defines its events' hashes (docs/storage-format.md, "The
// envelope and the hash chain"). Either way each envelope names its
// predecessor's hash (prevHash), so the hashes form a chain.
enum class ChainRule {
  // hash(n) = SHA-256(hash(n-1) ‖ canonical(n)): RocksDB formats 1 and 2, and
  // a PostgreSQL store whose first event was placed so.
  kPrevThenEnvelope,
  // hash(n) = SHA-256(0x00 ‖ canonical(n)), the event's RFC 6962 Merkle leaf
  // (canonical(n) holds prevHash = hash(n-1)): RocksDB format 3. One digest
  // per event serves the chain and the tree.
  kLeaf,
};

// Canonical Envelope bytes of `e` (its `hash` field is ignored).
std::string EncodeEnvelope(const RecordedEvent& e);
// The stored value of an envelope, built in one buffer: hash ‖ canonical form,
// the hash by `rule` from *f.prev_hash (which must be set). With `leaf`, also
// the event's Merkle leaf hash (merkle::LeafHash; under kLeaf the same digest),
// through OpenSSL.
std::string EncodeStoredValue(const EnvelopeFields& f, ChainRule rule, Hash* leaf = nullptr);
// SHA-256(prev ‖ canonical): the hash under kPrevThenEnvelope.
Hash ChainHash(const Hash& prev, std::string_view canonical);
// The hash of an event with these canonical bytes, following `prev`, under `rule`.
Hash EventHash(ChainRule rule, const Hash& prev, std::string_view canonical);
// The rule under which `hash` is the hash of `canonical` following `prev`;
// nullopt when it is neither (the bytes or the hash were changed).
std::optional<ChainRule> RuleOfHash(const Hash& hash, const Hash& prev, std::string_view canonical);
// hash ‖ canonical.
std::string MakeStoredValue(const Hash& hash, std::string_view canonical);

// Decodes a stored value into `out`, reusing its string capacity, straight
// from the bytes given (no aligned copy). Corruption on malformed input.
Status DecodeStoredValue(std::string_view value, RecordedEvent* out);
// The canonical part of a stored value (after the 32-byte hash).
inline std::string_view CanonicalPart(std::string_view value) { return value.substr(32); }

}  // namespace arshjul::storage
