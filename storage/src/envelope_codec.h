// Encoding of a RecordedEvent into its stored value, and the hash chain.
//
// Stored value = hash (32 bytes) ‖ canonical Cap'n Proto words of the Envelope
// (storage/schema/envelope.capnp), which holds every field but the hash itself;
// the words are written and read by canonical_envelope.h.
// hash = SHA-256(prev_hash ‖ canonical words). Thread-safe (the SHA-256
// method is fetched once; each thread has its own digest context).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "canonical_envelope.h"

namespace arshjul::storage {

// Canonical Envelope bytes of `e` (its `hash` field is ignored).
std::string EncodeEnvelope(const RecordedEvent& e);
// The stored value of an envelope, built in one buffer: hash ‖ canonical form,
// the hash chained from *f.prev_hash (which must be set). With `leaf`, also
// the event's Merkle leaf hash (merkle::LeafHash), both through OpenSSL.
std::string EncodeStoredValue(const EnvelopeFields& f, Hash* leaf = nullptr);
// SHA-256(prev ‖ canonical).
Hash ChainHash(const Hash& prev, std::string_view canonical);
// hash ‖ canonical.
std::string MakeStoredValue(const Hash& hash, std::string_view canonical);

// Decodes a stored value into `out`, reusing its string capacity, straight
// from the bytes given (no aligned copy). Corruption on malformed input.
Status DecodeStoredValue(std::string_view value, RecordedEvent* out);
// The canonical part of a stored value (after the 32-byte hash).
inline std::string_view CanonicalPart(std::string_view value) { return value.substr(32); }

}  // namespace arshjul::storage
