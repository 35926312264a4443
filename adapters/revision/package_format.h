// The revision package: what `arshjul revision-package` writes and
// `arshjul-verify` checks, shared by both so they cannot drift apart.
//
// A directory (format 2, `"format": 2` in the manifest; docs/revision.md):
//   LÄSMIG.txt                  Swedish README for the revisor
//   manifest.json               format, organ, period, checkpoint size, and per event: position,
//                               stream, version, type, leaf hash, and its offset and length in
//                               events.bin (the index)
//   checkpoint.txt              the signed checkpoint (C2SP) the proof leads to
//   public-key.txt              the log's public key (a revisor should use their own copy: --key)
//   previous-checkpoint.txt     the checkpoint published before it (absent for the first)
//   consistency-proof.json      previous → current (absent for the first)
//   schema/envelope.capnp, schema/domain.capnp   the persisted formats, for decoding
//   events.bin                  the events' canonical envelope bytes (the Merkle leaves), back to
//                               back in position order
//   events.json                 the same events as one JSON array, in the same order
//   proof.json                  one multi-leaf inclusion proof of all the events in the
//                               checkpoint's tree (storage/merkle_multiproof.h):
//                               {size, positions, proof: [hex…]}
//   read-models/<view>.json     `arshjul show VIEW --organ O --as-of TO --format json`
//
// Format 1 (until 2026-12-01) had events/<position>.bin, events/<position>.json and
// proofs/<position>.json per event and no "format" field; arshjul-verify names it and
// stops (docs/revision.md).
//
// Event JSON is derived from the canonical bytes by EventJson(), with payloads
// decoded by the schema in the package (Cap'n Proto's JSON codec).
// Thread-compatible.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <memory>

#include "arshjul/storage/event_store.h"

namespace arshjul::revision {

inline constexpr const char* kManifest = "manifest.json";
inline constexpr const char* kCheckpoint = "checkpoint.txt";
inline constexpr const char* kPublicKey = "public-key.txt";
inline constexpr const char* kPreviousCheckpoint = "previous-checkpoint.txt";
inline constexpr const char* kConsistencyProof = "consistency-proof.json";
inline constexpr const char* kReadme = "LÄSMIG.txt";
inline constexpr const char* kEnvelopeSchema = "schema/envelope.capnp";
inline constexpr const char* kDomainSchema = "schema/domain.capnp";
inline constexpr const char* kEventsBin = "events.bin";
inline constexpr const char* kEventsJson = "events.json";
inline constexpr const char* kProof = "proof.json";
inline constexpr int kFormat = 2;

// How a verdict names one event inside a shared file: "events.bin, position 42".
std::string EventItem(const char* file, uint64_t position);

// Payload structs by event type name, parsed from a schema file on disk.
class PayloadSchemas {
 public:
  ~PayloadSchemas();
  // Parses `dir`/`file` (a .capnp file importing nothing). InvalidArgument on a bad schema.
  static Result<std::unique_ptr<PayloadSchemas>> Load(const std::string& dir, const std::string& file);
  // The payload as Cap'n Proto JSON; NotFound for a type the schema lacks,
  // Corruption when the bytes do not decode.
  Result<nlohmann::json> PayloadJson(std::string_view type, std::string_view payload) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The envelope fields of an event as JSON (position … correlation_id, prev_hash):
// the part the package's event JSON and `arshjul log --format json` share.
nlohmann::json EnvelopeJson(const storage::RecordedEvent& e);

// The event's JSON: every envelope field, its leaf hash, and the payload
// decoded by `schemas`.
Result<nlohmann::json> EventJson(const storage::RecordedEvent& e, std::string_view canonical,
                                 const PayloadSchemas& schemas);

// A schema text as written into the package: C++ annotations (and their
// import) removed, so that it parses without Cap'n Proto's include folder.
std::string PortableSchema(std::string_view schema_text);

std::string ProofJsonText(const nlohmann::json& j);

// The .zip form: Info-ZIP's `zip` and `unzip` programs (Debian's zip and unzip
// packages) run as child processes. ZipFolder writes `zip_path` (which must
// not exist) from the folder's contents; UnzipInto extracts into an empty folder.
Status ZipFolder(const std::string& folder, const std::string& zip_path);
Status UnzipInto(const std::string& zip_path, const std::string& folder);

}  // namespace arshjul::revision
