// Credentials: how API tokens and page passwords are made and checked.
//
// A token's text is "arshjul_<token id>_<secret>" (the secret 32 random bytes
// as hex, from OpenSSL's RAND_bytes); the store keeps only its SHA-256 (hex),
// which suffices for a secret of that entropy. A password is kept as an
// Argon2id string from libsodium's crypto_pwhash_str (a slow, salted hash:
// passwords are guessable). Stateless functions; thread-safe once
// InitCredentials has run.
#pragma once

#include <string>
#include <string_view>

#include "arshjul/storage/status.h"

namespace arshjul::cli {

// Initialises libsodium. IOError when it cannot.
Status InitCredentials();

struct NewToken {
  std::string id;    // public, for listing and revoking: 16 hex characters
  std::string text;  // shown once to the person it is for
  std::string hash;  // what is stored: Sha256Hex(text)
};
Result<NewToken> MakeToken();

std::string Sha256Hex(std::string_view text);

// Argon2id (libsodium's interactive limits).
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& argon2_hash, std::string_view password);

}  // namespace arshjul::cli
