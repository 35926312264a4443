#include "credentials.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>

namespace arshjul::cli {
namespace {

std::string Hex(const unsigned char* data, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

}  // namespace

Status InitCredentials() {
  if (sodium_init() < 0) return Status::IOError("libsodium kunde inte initieras");
  return Status::Ok();
}

Result<NewToken> MakeToken() {
  unsigned char id[8], secret[32];
  if (RAND_bytes(id, sizeof id) != 1 || RAND_bytes(secret, sizeof secret) != 1) {
    return Status::IOError("slumptal för en ny token kunde inte hämtas");
  }
  NewToken t;
  t.id = Hex(id, sizeof id);
  t.text = "arshjul_" + t.id + "_" + Hex(secret, sizeof secret);
  t.hash = Sha256Hex(t.text);
  return t;
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(text.data(), text.size(), digest, &n, EVP_sha256(), nullptr);
  return Hex(digest, n);
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < 12) return Status::InvalidArgument("lösenordet ska ha minst 12 tecken", "password");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::IOError("lösenordet kunde inte hashas (minnet räckte inte)");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& argon2_hash, std::string_view password) {
  return crypto_pwhash_str_verify(argon2_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace arshjul::cli
