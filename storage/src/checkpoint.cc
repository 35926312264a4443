// Ed25519 keys and C2SP signed checkpoints (checkpoint.h).
#include "arshjul/storage/checkpoint.h"

#include <openssl/evp.h>

#include <cstring>
#include <cstdio>
#include <memory>
#include <vector>

namespace arshjul::storage {
namespace {

constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // "— "

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string_view AsChars(const uint8_t* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

uint32_t KeyId(std::string_view name, const std::array<uint8_t, 32>& pub) {
  std::string input(name);
  input += '\n';
  input += '\x01';
  input.append(AsChars(pub.data(), pub.size()));
  Hash h = Sha256(input);
  return uint32_t{h[0]} << 24 | uint32_t{h[1]} << 16 | uint32_t{h[2]} << 8 | h[3];
}

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '+' || c == ' ' || c == '\n' || c == '\t' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

// Splits "a+b+c" into at most `n` parts (the last keeps any further '+').
std::vector<std::string_view> SplitPlus(std::string_view s, size_t n) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    size_t p = s.find('+');
    if (p == std::string_view::npos) break;
    parts.push_back(s.substr(0, p));
    s.remove_prefix(p + 1);
  }
  parts.push_back(s);
  return parts;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// Parses "<name>+<id>+<base64(0x01 ‖ 32 bytes)>"; `what` names the key kind in errors.
Status ParseKeyParts(std::string_view text, const char* what, std::string* name, uint32_t* id,
                     std::array<uint8_t, 32>* bytes) {
  auto parts = SplitPlus(Trim(text), 3);
  std::string raw;
  if (parts.size() != 3 || !ValidName(parts[0]) || parts[1].size() != 8 ||
      parts[1].find_first_not_of("0123456789abcdef") != std::string_view::npos || !FromBase64(parts[2], &raw) ||
      raw.size() != 33 || raw[0] != '\x01') {
    return Status::InvalidArgument(std::string(what) + " har fel format (väntat NAMN+ID+BASE64, en Ed25519-nyckel)");
  }
  *name = std::string(parts[0]);
  *id = static_cast<uint32_t>(std::stoul(std::string(parts[1]), nullptr, 16));
  std::memcpy(bytes->data(), raw.data() + 1, 32);
  return Status::Ok();
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool FromBase64(std::string_view text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  out->assign(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out->data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t pad = text.back() == '=' ? (text[text.size() - 2] == '=' ? 2 : 1) : 0;
  out->resize(static_cast<size_t>(n) - pad);
  return Base64(*out) == text;  // canonical form only
}

Result<std::pair<std::string, std::string>> GenerateKeyPair(std::string_view name) {
  if (!ValidName(name)) return Status::InvalidArgument("nyckelns namn får inte vara tomt eller innehålla +, mellanslag eller radbrytning", "--name");
  Pkey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!pkey) return Status::IOError("kunde inte skapa en Ed25519-nyckel (OpenSSL)");
  SigningKey key;
  key.name = std::string(name);
  size_t len = 32;
  if (EVP_PKEY_get_raw_private_key(pkey.get(), key.seed.data(), &len) != 1 || len != 32 ||
      EVP_PKEY_get_raw_public_key(pkey.get(), key.public_key.data(), &(len = 32)) != 1 || len != 32) {
    return Status::IOError("kunde inte läsa den nya nyckeln (OpenSSL)");
  }
  std::string seed = "\x01" + std::string(AsChars(key.seed.data(), 32));
  std::string priv = "PRIVATE+KEY+" + key.name + "+" + Hex8(KeyId(key.name, key.public_key)) + "+" + Base64(seed) + "\n";
  OPENSSL_cleanse(seed.data(), seed.size());
  return std::pair{priv, VerifierKeyText(key) + "\n"};
}

Result<SigningKey> ParseSigningKey(std::string_view text) {
  text = Trim(text);
  if (!text.starts_with("PRIVATE+KEY+")) return Status::InvalidArgument("filen är ingen privat nyckel (PRIVATE+KEY+…)", "--key");
  SigningKey key;
  uint32_t id = 0;
  ARSHJUL_RETURN_IF_ERROR(ParseKeyParts(text.substr(12), "den privata nyckeln", &key.name, &id, &key.seed));
  Pkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.seed.data(), 32));
  size_t len = 32;
  if (!pkey || EVP_PKEY_get_raw_public_key(pkey.get(), key.public_key.data(), &len) != 1) {
    return Status::InvalidArgument("den privata nyckeln är ingen giltig Ed25519-nyckel", "--key");
  }
  if (KeyId(key.name, key.public_key) != id) return Status::InvalidArgument("den privata nyckelns id stämmer inte", "--key");
  return key;
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  VerifierKey key;
  ARSHJUL_RETURN_IF_ERROR(ParseKeyParts(text, "den publika nyckeln", &key.name, &key.key_id, &key.public_key));
  if (KeyId(key.name, key.public_key) != key.key_id) {
    return Status::InvalidArgument("den publika nyckelns id stämmer inte med nyckeln");
  }
  return key;
}

std::string VerifierKeyText(const SigningKey& key) {
  std::string pub = "\x01" + std::string(AsChars(key.public_key.data(), 32));
  return key.name + "+" + Hex8(KeyId(key.name, key.public_key)) + "+" + Base64(pub);
}

std::string CheckpointBody(const Checkpoint& c) {
  return c.origin + "\n" + std::to_string(c.size) + "\n" + Base64(AsChars(c.root.data(), 32)) + "\nTime: " + c.time +
         "\n";
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  std::vector<std::string> lines;
  while (!body.empty()) {
    size_t nl = body.find('\n');
    if (nl == std::string_view::npos) return Status::InvalidArgument("checkpointen slutar inte med radbrytning");
    lines.emplace_back(body.substr(0, nl));
    body.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) return Status::InvalidArgument("checkpointen har för få rader (ursprung, storlek, rot)");
  Checkpoint c;
  c.origin = lines[0];
  if (c.origin.empty()) return Status::InvalidArgument("checkpointens rad 1 (ursprung) är tom");
  if (lines[1].empty() || lines[1].size() > 20 || lines[1].find_first_not_of("0123456789") != std::string::npos ||
      (lines[1].size() > 1 && lines[1][0] == '0')) {
    return Status::InvalidArgument("checkpointens rad 2 (trädets storlek) är inget tal: '" + lines[1] + "'");
  }
  c.size = std::stoull(lines[1]);
  std::string root;
  if (!FromBase64(lines[2], &root) || root.size() != 32) {
    return Status::InvalidArgument("checkpointens rad 3 (rothash) är ingen base64-kodad SHA-256");
  }
  std::memcpy(c.root.data(), root.data(), 32);
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].starts_with("Time: ")) c.time = lines[i].substr(6);
  }
  return c;
}

Result<std::string> SignCheckpoint(const Checkpoint& c, const SigningKey& key) {
  std::string body = CheckpointBody(c);
  Pkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.seed.data(), 32));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::string sig(4 + 64, '\0');
  uint32_t id = KeyId(key.name, key.public_key);
  for (int i = 0; i < 4; ++i) sig[i] = static_cast<char>(id >> (24 - 8 * i));
  size_t len = 64;
  if (!pkey || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data() + 4), &len,
                     reinterpret_cast<const unsigned char*>(body.data()), body.size()) != 1 ||
      len != 64) {
    return Status::IOError("kunde inte signera checkpointen (OpenSSL)");
  }
  return body + "\n" + std::string(kSigPrefix) + key.name + " " + Base64(sig) + "\n";
}

Result<Checkpoint> VerifyCheckpoint(std::string_view note, const VerifierKey& key) {
  size_t split = note.find("\n\n");
  if (split == std::string_view::npos) return Status::Corruption("checkpointen saknar signaturrader");
  std::string_view body = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  bool named = false;
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl == std::string_view::npos ? sigs.size() : nl + 1);
    if (!line.starts_with(kSigPrefix)) return Status::Corruption("checkpointens signaturrad har fel format");
    line.remove_prefix(kSigPrefix.size());
    size_t space = line.find(' ');
    std::string raw;
    if (space == std::string_view::npos || !FromBase64(line.substr(space + 1), &raw) || raw.size() != 68) continue;
    if (line.substr(0, space) != key.name) continue;
    uint32_t id = uint32_t{uint8_t(raw[0])} << 24 | uint32_t{uint8_t(raw[1])} << 16 | uint32_t{uint8_t(raw[2])} << 8 |
                  uint8_t(raw[3]);
    if (id != key.key_id) continue;
    named = true;
    Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.public_key.data(), 32));
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(raw.data() + 4), 64,
                         reinterpret_cast<const unsigned char*>(body.data()), body.size()) == 1) {
      auto c = ParseCheckpointBody(body);
      if (!c.ok()) return Status::Corruption(c.status().message());
      return c;
    }
  }
  if (!named) return Status::Corruption("checkpointen är inte signerad med nyckeln " + key.name);
  return Status::Corruption("checkpointens signatur är ogiltig (innehållet har ändrats eller fel nyckel)");
}

}  // namespace arshjul::storage
