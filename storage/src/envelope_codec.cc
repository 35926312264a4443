#include "envelope_codec.h"

#include <openssl/evp.h>

#include <cstring>

#include "arshjul/storage/merkle.h"

namespace arshjul::storage {
namespace {

const EVP_MD* Sha256() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

std::string EncodeEnvelope(const RecordedEvent& e) {
  EnvelopeFields f = FieldsOf(e);
  std::string out(CanonicalSize(f), '\0');
  WriteCanonical(f, out.data());
  return out;
}

std::string EncodeStoredValue(const EnvelopeFields& f, ChainRule rule, Hash* leaf) {
  std::string value(32 + CanonicalSize(f), '\0');
  WriteCanonical(f, value.data() + 32);
  std::string_view canonical = std::string_view(value).substr(32);
  Hash h = EventHash(rule, *f.prev_hash, canonical);
  if (leaf != nullptr) *leaf = rule == ChainRule::kLeaf ? h : merkle::LeafHash(canonical);
  std::memcpy(value.data(), h.data(), 32);
  return value;
}

Hash ChainHash(const Hash& prev, std::string_view canonical) {
  thread_local EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Hash out{};
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx, Sha256(), nullptr);
  EVP_DigestUpdate(ctx, prev.data(), prev.size());
  EVP_DigestUpdate(ctx, canonical.data(), canonical.size());
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  return out;
}

Hash EventHash(ChainRule rule, const Hash& prev, std::string_view canonical) {
  return rule == ChainRule::kLeaf ? merkle::LeafHash(canonical) : ChainHash(prev, canonical);
}

std::optional<ChainRule> RuleOfHash(const Hash& hash, const Hash& prev, std::string_view canonical) {
  for (ChainRule rule : {ChainRule::kLeaf, ChainRule::kPrevThenEnvelope}) {
    if (EventHash(rule, prev, canonical) == hash) return rule;
  }
  return std::nullopt;
}

std::string MakeStoredValue(const Hash& hash, std::string_view canonical) {
  std::string v;
  v.reserve(hash.size() + canonical.size());
  v.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  v.append(canonical);
  return v;
}

Status DecodeStoredValue(std::string_view value, RecordedEvent* out) {
  if (value.size() < 32 + 8 || (value.size() - 32) % 8 != 0) {
    return Status::Corruption("lagrat värde har fel längd (" + std::to_string(value.size()) + " byte)");
  }
  std::memcpy(out->hash.data(), value.data(), 32);
  return ReadEnvelope(value.substr(32), out);
}

}  // namespace arshjul::storage

namespace arshjul::storage {

std::string CanonicalEnvelope(const RecordedEvent& e) { return EncodeEnvelope(e); }

Hash EventLeafHash(const RecordedEvent& e) { return merkle::LeafHash(EncodeEnvelope(e)); }

Result<RecordedEvent> DecodeCanonicalEnvelope(std::string_view canonical) {
  std::string value(32, '\0');
  value.append(canonical);
  RecordedEvent e;
  ARSHJUL_RETURN_IF_ERROR(DecodeStoredValue(value, &e));
  return e;
}

}  // namespace arshjul::storage
