// Hash: a SHA-256 digest as a value, and its hex form. Used by the hash chain,
// the Merkle tree and checkpoints. Value type; the functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace arshjul::storage {

using Hash = std::array<uint8_t, 32>;
std::string HashToHex(const Hash& h);
// False (and *out unspecified) unless `hex` is exactly 64 hex digits.
bool HashFromHex(std::string_view hex, Hash* out);
// SHA-256 of `data` (OpenSSL; the method is fetched once).
Hash Sha256(std::string_view data);

}  // namespace arshjul::storage
