#include "keys.h"

#include <bit>

namespace arshjul::storage::keys {

void PutU64(std::string* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

void PutU32(std::string* out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

std::string EventKey(uint64_t position) {
  std::string k;
  PutU64(&k, position);
  return k;
}

std::string StreamPrefix(std::string_view stream) {
  std::string k(stream);
  k.push_back('\0');
  return k;
}

std::string StreamKey(std::string_view stream, uint64_t first_version) {
  std::string k = StreamPrefix(stream);
  PutU64(&k, first_version);
  return k;
}

std::string StreamValue(uint64_t first_position, uint32_t count) {
  std::string v;
  PutU64(&v, first_position);
  PutU32(&v, count);
  return v;
}

std::string CommandValue(const CommandRecord& r) {
  std::string v;
  PutU64(&v, r.first_position);
  PutU32(&v, r.count);
  PutU64(&v, r.first_version);
  PutU64(&v, FlipSign(r.recorded_us));
  v += r.stream;
  return v;
}

bool ParseCommandValue(std::string_view v, CommandRecord* out) {
  if (v.size() < 28) return false;
  out->first_position = GetU64(v.data());
  out->count = GetU32(v.data() + 8);
  out->first_version = GetU64(v.data() + 12);
  out->recorded_us = UnflipSign(GetU64(v.data() + 20));
  out->stream.assign(v.substr(28));
  return true;
}

std::string TypeKey(std::string_view type, uint64_t position) {
  std::string k(type);
  k.push_back('\0');
  PutU64(&k, position);
  return k;
}

std::string TimeKey(int64_t micros, uint64_t position) {
  std::string k;
  PutU64(&k, FlipSign(micros));
  PutU64(&k, position);
  return k;
}

std::string CountValue(uint32_t count) {
  std::string v;
  PutU32(&v, count);
  return v;
}

std::optional<uint32_t> RunCount(std::string_view value) {
  if (value.empty()) return 1;
  if (value.size() != 4) return std::nullopt;
  uint32_t n = GetU32(value.data());
  if (n == 0) return std::nullopt;
  return n;
}

void AppendHashes(std::string* out, const std::vector<std::array<uint8_t, 32>>& hashes) {
  for (const auto& h : hashes) out->append(reinterpret_cast<const char*>(h.data()), h.size());
}

uint64_t HashesBefore(uint64_t first, uint64_t leaf, uint32_t min_level) {
  auto c = [&](uint64_t n) {
    n >>= min_level;
    return 2 * n - static_cast<uint64_t>(std::popcount(n));
  };
  return c(leaf) - c(first);
}

}  // namespace arshjul::storage::keys
