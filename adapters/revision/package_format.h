// The revision package: what `arshjul revision-package` writes and
// `arshjul-verify` checks, shared by both so they cannot drift apart.
//
// A directory:
//   LÄSMIG.txt                  Swedish README for the revisor
//   manifest.json               organ, period, checkpoint size, the events (position, stream, version, type)
//   checkpoint.txt              the signed checkpoint (C2SP) the proofs lead to
//   public-key.txt              the log's public key (a revisor should use their own copy: --key)
//   previous-checkpoint.txt     the checkpoint published before it (absent for the first)
//   consistency-proof.json      previous → current (absent for the first)
//   schema/envelope.capnp, schema/domain.capnp   the persisted formats, for decoding
//   events/<position>.bin       canonical envelope bytes (the Merkle leaf)
//   events/<position>.json      the same event as JSON
//   proofs/<position>.json      inclusion proof of the event in the checkpoint's tree
//   read-models/<view>.json     `arshjul show VIEW --organ O --as-of TO --format json`
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

std::string EventFile(uint64_t position, const char* ext);  // events/000000000042.bin
std::string ProofFile(uint64_t position);                   // proofs/000000000042.json

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
