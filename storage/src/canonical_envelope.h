// The Envelope's canonical Cap'n Proto form (storage/schema/envelope.capnp),
// written and read directly: the encoder lays the words out exactly as
// capnp::canonicalize would (one segment, no segment table, preorder, data and
// pointer sections without trailing zero words or null pointers), in a buffer
// the caller owns, so a stored value is assembled in place with no second
// walk or copy; the decoder reads any single-segment encoding of the Envelope
// without copying it into an aligned buffer. tests/storage/canonical_envelope_test.cc
// checks both against Cap'n Proto itself. Stateless, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "arshjul/storage/event_store.h"

namespace arshjul::storage {

// What one envelope holds, by reference. Ids that are zero are left out
// (causation, correlation), as the Cap'n Proto encoder did.
struct EnvelopeFields {
  const Id128* event_id = nullptr;
  std::string_view stream;
  uint64_t stream_version = 0;
  uint64_t position = 0;
  int64_t recorded_us = 0;
  int64_t effective_us = 0;
  std::string_view person_id, role, organ;
  std::string_view command_id;
  const Id128* causation_id = nullptr;
  const Id128* correlation_id = nullptr;
  std::string_view type;
  uint32_t schema_version = 0;
  std::string_view payload;
  const Hash* prev_hash = nullptr;
};

EnvelopeFields FieldsOf(const RecordedEvent& e);

// Bytes of the canonical form (a multiple of 8).
size_t CanonicalSize(const EnvelopeFields& f);
// Writes CanonicalSize(f) bytes at `out` (any alignment).
void WriteCanonical(const EnvelopeFields& f, char* out);

// Decodes an encoded Envelope (the bytes after a stored value's hash) into
// `out`, reusing its strings' capacity; the hash field is left alone.
// Corruption naming what is wrong on malformed input.
Status ReadEnvelope(std::string_view words, RecordedEvent* out);

}  // namespace arshjul::storage
