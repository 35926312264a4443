// Hex form of hashes and SHA-256 (hash.h).
#include "arshjul/storage/hash.h"

#include <openssl/evp.h>

namespace arshjul::storage {

std::string HashToHex(const Hash& h) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint8_t b : h) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

bool HashFromHex(std::string_view hex, Hash* out) {
  if (hex.size() != 64) return false;
  for (size_t i = 0; i < 32; ++i) {
    int v = 0;
    for (int j = 0; j < 2; ++j) {
      char c = hex[2 * i + j];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      v = v * 16 + d;
    }
    (*out)[i] = static_cast<uint8_t>(v);
  }
  return true;
}

Hash Sha256(std::string_view data) {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  Hash h{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), h.data(), &len, md, nullptr);
  return h;
}

}  // namespace arshjul::storage
