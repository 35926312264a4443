// PackageVerifier: checks a revision package (adapters/revision/package_format.h,
// format 2) offline — the checkpoint's signature, the consistency proof from
// the previous checkpoint, that each event's bytes in events.bin decode, name
// the position, stream and version the manifest gives them and hash to its leaf
// hash, that its JSON in events.json is what its bytes say, that no stream
// skips a version, and that proof.json leads from all the leaf hashes to the
// checkpoint's root. Stops at the first bad item, naming it ("events.bin,
// position 42"). Needs only OpenSSL and Cap'n Proto (no database).
// Not thread-safe; one per check.
#pragma once

#include <optional>
#include <string>

namespace arshjul::verify {

struct Verdict {
  bool ok = false;
  std::string item;     // the first bad file (relative to the package), when !ok
  std::string problem;  // Swedish, when !ok
  std::string summary;  // Swedish, when ok
};

// `key_file`: the revisor's own copy of the log's public key; without it the
// package's public-key.txt is used (and the summary says so).
Verdict VerifyPackage(const std::string& package_dir, const std::optional<std::string>& key_file);

}  // namespace arshjul::verify
