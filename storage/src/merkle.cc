// RFC 6962 hashing, the compact range and stored-subtree roots (merkle.h).
#include <openssl/evp.h>

#include <bit>
#include <cstring>

#include "arshjul/storage/merkle.h"

namespace arshjul::storage::merkle {
namespace {

const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// One digest context per thread, set to SHA-256 once: each digest then
// re-initialises it with the digest it holds (EVP_DigestInit_ex2 with no
// type), which skips the method comparison and provider set-up that naming
// the method costs each time (~35 ns of a node hash's ~165 ns, measured).
struct ThreadDigest {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ThreadDigest() { EVP_DigestInit_ex2(ctx, Sha256Md(), nullptr); }
  ~ThreadDigest() { EVP_MD_CTX_free(ctx); }
};

// SHA-256(a ‖ b).
Hash Digest(std::string_view a, std::string_view b) {
  thread_local ThreadDigest d;
  Hash h{};
  unsigned int len = 0;
  EVP_DigestInit_ex2(d.ctx, nullptr, nullptr);
  EVP_DigestUpdate(d.ctx, a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(d.ctx, b.data(), b.size());
  EVP_DigestFinal_ex(d.ctx, h.data(), &len);
  return h;
}

}  // namespace

Hash LeafHash(std::string_view leaf_bytes) { return Digest(std::string_view("\0", 1), leaf_bytes); }

// The 65 bytes in one buffer, one update: there is about one node hash per
// appended event, and each EVP update is a call through the provider.
Hash NodeHash(const Hash& left, const Hash& right) {
  std::array<char, 65> in;
  in[0] = 0x01;
  std::memcpy(in.data() + 1, left.data(), 32);
  std::memcpy(in.data() + 33, right.data(), 32);
  return Digest(std::string_view(in.data(), in.size()), {});
}

Hash EmptyRoot() { return Sha256(""); }

Result<CompactRange> CompactRange::FromHashes(uint64_t size, std::vector<Hash> hashes) {
  if (static_cast<size_t>(std::popcount(size)) != hashes.size()) {
    return Status::Corruption("kompakt intervall: " + std::to_string(hashes.size()) + " hashar passar inte storleken " +
                              std::to_string(size));
  }
  CompactRange r;
  r.size_ = size;
  r.hashes_ = std::move(hashes);
  return r;
}

void CompactRange::Append(const Hash& leaf_hash, std::vector<Hash>* completed) {
  completed->clear();
  completed->push_back(leaf_hash);
  Hash h = leaf_hash;
  // Each trailing one bit of the old size is a subtree of the same height to merge with.
  for (uint64_t s = size_; s & 1; s >>= 1) {
    h = NodeHash(hashes_.back(), h);
    hashes_.pop_back();
    completed->push_back(h);
  }
  hashes_.push_back(h);
  ++size_;
}

Hash CompactRange::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  Hash root = hashes_.back();
  for (size_t i = hashes_.size() - 1; i-- > 0;) root = NodeHash(hashes_[i], root);
  return root;
}

void MemorySubtrees::Append(const Hash& leaf_hash) {
  std::vector<Hash> completed;
  range_.Append(leaf_hash, &completed);
  if (levels_.size() < completed.size()) levels_.resize(completed.size());
  for (size_t level = 0; level < completed.size(); ++level) levels_[level].push_back(completed[level]);
}

Result<Hash> MemorySubtrees::Subtree(uint32_t level, uint64_t index) const {
  if (level >= levels_.size() || index >= levels_[level].size()) {
    return Status::NotFound("delträdet (" + std::to_string(level) + ", " + std::to_string(index) + ") finns inte");
  }
  return levels_[level][index];
}

Result<CompactRange> RangeAt(const SubtreeSource& source, uint64_t size) {
  std::vector<Hash> hashes;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    if (!(size >> level & 1)) continue;
    auto h = source.Subtree(static_cast<uint32_t>(level), begin >> level);
    if (!h.ok()) return h.status();
    hashes.push_back(*h);
    begin += uint64_t{1} << level;
  }
  return CompactRange::FromHashes(size, std::move(hashes));
}

Result<Hash> RootAt(const SubtreeSource& source, uint64_t size) {
  auto range = RangeAt(source, size);
  if (!range.ok()) return range.status();
  return range->Root();
}

}  // namespace arshjul::storage::merkle
