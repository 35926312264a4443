// PackageVerifier: checks a revision package (adapters/revision/package_format.h)
// offline — the checkpoint's signature, every inclusion proof, the consistency
// proof from the previous checkpoint, that each event decodes, names the
// position, stream and version the manifest gives it, that its JSON is what
// its canonical bytes say, and that no stream skips a version. Stops at the
// first bad item. Needs only OpenSSL and Cap'n Proto (no database).
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
