// The chain and leaf hashes of one event in one interleaved SHA-256 pass
// (sha256_pair.h). The compression function follows Intel's SHA extensions
// reference (FIPS 180-4 §6.2 with SHA256RNDS2/MSG1/MSG2), run for two lanes
// at once so the two dependency chains overlap.
#include "sha256_pair.h"

#include <algorithm>
#include <cstring>

#include "arshjul/storage/merkle.h"
#include "envelope_codec.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define ARSHJUL_SHA_NI 1
#endif

namespace arshjul::storage {
namespace {

// One message: prefix ‖ body, SHA-256-padded, read a 64-byte block at a time.
struct Message {
  std::string_view prefix, body;
  uint64_t size() const { return prefix.size() + body.size(); }
  uint64_t blocks() const { return (size() + 8) / 64 + 1; }

  // The block's bytes: in place when it lies wholly in the body, else assembled in `out`.
  const uint8_t* Block(uint64_t index, uint8_t* out) const {
    const uint64_t begin = index * 64, total = size();
    if (begin >= prefix.size() && begin + 64 <= total) {
      return reinterpret_cast<const uint8_t*>(body.data() + (begin - prefix.size()));
    }
    size_t n = 0;
    while (n < 64 && begin + n < total) {
      uint64_t at = begin + n;
      std::string_view from = at < prefix.size() ? prefix.substr(at) : body.substr(at - prefix.size());
      size_t take = std::min<size_t>(64 - n, from.size());
      std::memcpy(out + n, from.data(), take);
      n += take;
    }
    std::memset(out + n, 0, 64 - n);
    if (total >= begin && total < begin + 64) out[total - begin] = 0x80;
    if (index + 1 == blocks()) {
      uint64_t bits = total * 8;
      for (int i = 0; i < 8; ++i) out[63 - i] = static_cast<uint8_t>(bits >> (8 * i));
    }
    return out;
  }
};

#ifdef ARSHJUL_SHA_NI

alignas(16) constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

alignas(16) constexpr uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                           0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// The state in the instruction's order: ABEF and CDGH.
struct Lane {
  __m128i abef, cdgh;
};

[[gnu::target("sha,sse4.1")]] Lane InitLane() {
  __m128i tmp = _mm_shuffle_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(kInit)), 0xB1);  // CDAB
  __m128i efgh = _mm_shuffle_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(kInit + 4)), 0x1B);
  return Lane{_mm_alignr_epi8(tmp, efgh, 8), _mm_blend_epi16(efgh, tmp, 0xF0)};
}

[[gnu::target("sha,sse4.1")]] Hash Digest(const Lane& lane) {
  __m128i feba = _mm_shuffle_epi32(lane.abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(lane.cdgh, 0xB1);
  alignas(16) uint32_t words[8];
  _mm_store_si128(reinterpret_cast<__m128i*>(words), _mm_blend_epi16(feba, dchg, 0xF0));     // ABCD
  _mm_store_si128(reinterpret_cast<__m128i*>(words + 4), _mm_alignr_epi8(dchg, feba, 8));  // EFGH
  Hash h;
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 4; ++j) h[4 * i + j] = static_cast<uint8_t>(words[i] >> (24 - 8 * j));
  }
  return h;
}

// Compresses one 64-byte block into each of N lanes, the lanes' rounds interleaved.
template <int N>
[[gnu::target("sha,sse4.1"), gnu::always_inline]] inline void Compress(Lane (&lanes)[N],
                                                                       const uint8_t* const (&blocks)[N]) {
  const __m128i kByteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  Lane saved[N];
  __m128i w[N][4];
  for (int l = 0; l < N; ++l) saved[l] = lanes[l];
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) {
    for (int l = 0; l < N; ++l) {
      __m128i m;
      if (i < 4) {
        m = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks[l] + 16 * i)), kByteSwap);
      } else {  // W[t] from W[t-16], W[t-15], W[t-7], W[t-2]
        __m128i x = _mm_sha256msg1_epu32(w[l][i % 4], w[l][(i + 1) % 4]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(w[l][(i + 3) % 4], w[l][(i + 2) % 4], 4));
        m = _mm_sha256msg2_epu32(x, w[l][(i + 3) % 4]);
      }
      w[l][i % 4] = m;
      __m128i k = _mm_add_epi32(m, _mm_load_si128(reinterpret_cast<const __m128i*>(kK + 4 * i)));
      lanes[l].cdgh = _mm_sha256rnds2_epu32(lanes[l].cdgh, lanes[l].abef, k);
      lanes[l].abef = _mm_sha256rnds2_epu32(lanes[l].abef, lanes[l].cdgh, _mm_shuffle_epi32(k, 0x0E));
    }
  }
  for (int l = 0; l < N; ++l) {
    lanes[l].abef = _mm_add_epi32(lanes[l].abef, saved[l].abef);
    lanes[l].cdgh = _mm_add_epi32(lanes[l].cdgh, saved[l].cdgh);
  }
}

bool DetectShaNi() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  bool sse41 = (c & bit_SSE4_1) != 0, ssse3 = (c & bit_SSSE3) != 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return sse41 && ssse3 && (b & bit_SHA) != 0;
}

[[gnu::target("sha,sse4.1")]] ChainAndLeaf Interleaved(const Hash& prev, std::string_view canonical) {
  static constexpr char kZero = 0;
  // The chain message is 31 bytes longer, so it has as many blocks or one more.
  const Message chain{{reinterpret_cast<const char*>(prev.data()), prev.size()}, canonical};
  const Message leaf{{&kZero, 1}, canonical};
  Lane both[2] = {InitLane(), InitLane()};
  alignas(16) uint8_t a[64], b[64];
  uint64_t i = 0;
  for (; i < leaf.blocks(); ++i) {
    const uint8_t* const pair[2] = {chain.Block(i, a), leaf.Block(i, b)};
    Compress<2>(both, pair);
  }
  Lane rest[1] = {both[0]};
  for (; i < chain.blocks(); ++i) {
    const uint8_t* const one[1] = {chain.Block(i, a)};
    Compress<1>(rest, one);
  }
  return ChainAndLeaf{Digest(rest[0]), Digest(both[1])};
}

[[gnu::target("sha,sse4.1")]] Hash OneLane(const Message& m) {
  Lane lane[1] = {InitLane()};
  alignas(16) uint8_t scratch[64];
  for (uint64_t i = 0; i < m.blocks(); ++i) {
    const uint8_t* const one[1] = {m.Block(i, scratch)};
    Compress<1>(lane, one);
  }
  return Digest(lane[0]);
}

#endif  // ARSHJUL_SHA_NI

}  // namespace

bool Sha256PairAccelerated() {
#ifdef ARSHJUL_SHA_NI
  static const bool yes = DetectShaNi();
  return yes;
#else
  return false;
#endif
}

std::optional<Hash> Sha256WithPrefix(std::string_view prefix, std::string_view body) {
#ifdef ARSHJUL_SHA_NI
  if (Sha256PairAccelerated()) return OneLane(Message{prefix, body});
#endif
  return std::nullopt;
}

ChainAndLeaf ChainAndLeafHash(const Hash& prev, std::string_view canonical) {
#ifdef ARSHJUL_SHA_NI
  if (Sha256PairAccelerated()) return Interleaved(prev, canonical);
#endif
  return ChainAndLeaf{ChainHash(prev, canonical), merkle::LeafHash(canonical)};
}

}  // namespace arshjul::storage
