// Checkpoints: signed tree heads in the C2SP formats (c2sp.org/tlog-checkpoint
// inside a c2sp.org/signed-note), with Ed25519 keys (OpenSSL).
//
//   <origin>\n<tree size>\n<base64 root hash>\nTime: <RFC 3339 UTC>\n   (the body)
//   \n
//   — <key name> <base64(4-byte key id ‖ 64-byte Ed25519 signature of the body)>\n
//
// key id = the first 4 bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public key).
// Key files use the signed-note text forms:
//   public:  <name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte public key)>
//   private: PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte seed)>
// Storage-level (no kommun); needs only OpenSSL, so arshjul-verify links it.
// Value types and free functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "arshjul/storage/hash.h"
#include "arshjul/storage/status.h"

namespace arshjul::storage {

struct Checkpoint {
  std::string origin;  // the log's name: the signing key's name
  uint64_t size = 0;
  Hash root{};
  std::string time;  // RFC 3339 UTC, e.g. 2027-12-31T23:00:00Z
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

struct SigningKey {
  std::string name;
  std::array<uint8_t, 32> seed{};
  std::array<uint8_t, 32> public_key{};
};

struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  std::array<uint8_t, 32> public_key{};
};

// A new Ed25519 key pair named `name` (no '+', space or newline). Returns the
// private and public key texts.
Result<std::pair<std::string, std::string>> GenerateKeyPair(std::string_view name);
Result<SigningKey> ParseSigningKey(std::string_view text);
Result<VerifierKey> ParseVerifierKey(std::string_view text);
std::string VerifierKeyText(const SigningKey& key);

std::string CheckpointBody(const Checkpoint& c);
// InvalidArgument naming the bad line.
Result<Checkpoint> ParseCheckpointBody(std::string_view body);

// The signed note: body, blank line, one signature line.
Result<std::string> SignCheckpoint(const Checkpoint& c, const SigningKey& key);
// Checks that `note` carries a valid signature by `key` over its body, and
// parses the body. Corruption with a Swedish reason otherwise.
Result<Checkpoint> VerifyCheckpoint(std::string_view note, const VerifierKey& key);

std::string Base64(std::string_view bytes);
bool FromBase64(std::string_view text, std::string* out);

}  // namespace arshjul::storage
