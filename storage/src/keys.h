// Key encodings of the RocksDB column families. The layout is documented in
// docs/storage-format.md; changing it is a format change.
//
// Integers are big-endian so that byte order equals numeric order; signed
// times have their sign bit flipped for the same reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <array>
#include <optional>
#include <vector>

namespace arshjul::storage::keys {

// Column family names.
inline constexpr const char* kEvents = "events";
inline constexpr const char* kStreams = "streams";
inline constexpr const char* kCommands = "commands";
inline constexpr const char* kByType = "by_type";
inline constexpr const char* kByEffective = "by_effective";
inline constexpr const char* kByRecorded = "by_recorded";
inline constexpr const char* kMerkle = "merkle";

// Key in the default column family that marks an arshjul store, and its value.
// Format 2 writes by_type and by_effective entries per run (a count in the
// value); a format-1 store (one entry per event, empty value) reads as runs of
// one, so it opens as it is and a writable open marks it "2". Format 3 has
// format 2's layout and defines each event's hash as its Merkle leaf hash
// (envelope_codec.h, ChainRule::kLeaf); formats 1 and 2 keep
// hash(n) = SHA-256(hash(n-1) ‖ canonical(n)) and are never rewritten to 3.
// Format 4 (new stores) is format 3 with the merkle family's sparse layout
// (tree_runs.h: subtrees of level ≥ 4 only); a format-3 store stays 3.
inline constexpr std::string_view kFormatKey = "arshjul.format";
inline constexpr std::string_view kFormatValue = "4";
inline constexpr std::string_view kFormat3Value = "3";
inline constexpr std::string_view kFormat2Value = "2";
inline constexpr std::string_view kFormat1Value = "1";

void PutU64(std::string* out, uint64_t v);
void PutU32(std::string* out, uint32_t v);
uint64_t GetU64(const char* p);
uint32_t GetU32(const char* p);
inline uint64_t FlipSign(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }
inline int64_t UnflipSign(uint64_t v) { return static_cast<int64_t>(v ^ (uint64_t{1} << 63)); }

// events: BE64(position) → hash(32) ‖ canonical Envelope words.
std::string EventKey(uint64_t position);

// streams: stream ‖ 0x00 ‖ BE64(first_version) → BE64(first_position) ‖ BE32(count).
// One entry per append: an append's events have consecutive versions and positions.
std::string StreamKey(std::string_view stream, uint64_t first_version);
std::string StreamPrefix(std::string_view stream);
std::string StreamValue(uint64_t first_position, uint32_t count);

// commands: command id → BE64(first_position) ‖ BE32(count) ‖ BE64(first_version) ‖
// BE64(recorded_at µs, sign-flipped) ‖ stream.
struct CommandRecord {
  uint64_t first_position = 0;
  uint32_t count = 0;
  uint64_t first_version = 0;
  int64_t recorded_us = 0;
  std::string stream;
};
std::string CommandValue(const CommandRecord& r);
bool ParseCommandValue(std::string_view v, CommandRecord* out);

// by_type: type ‖ 0x00 ‖ BE64(first position) → BE32(count): a run of
// consecutive events of one append with that type (format 1: empty, one event).
std::string TypeKey(std::string_view type, uint64_t position);
// by_effective: BE64(flipped effective µs) ‖ BE64(first position) → BE32(count),
// a run with that effective time (format 1: empty, one event).
std::string TimeKey(int64_t micros, uint64_t position);
// BE32(count), the value of a run entry.
std::string CountValue(uint32_t count);
// The count of a by_type/by_effective/by_recorded value: empty is one event
// (format 1); nullopt when malformed.
std::optional<uint32_t> RunCount(std::string_view value);
// by_recorded: BE64(flipped recorded µs) ‖ BE64(first_position) → BE32(count); one per append.
// merkle: BE64(first position of a run of leaves, one per append) → for each
// leaf p of the run in order, the complete subtree hashes p finishes, level 0
// (its leaf hash) upward: 32 × (1 + trailing one bits of p) bytes.
void AppendHashes(std::string* out, const std::vector<std::array<uint8_t, 32>>& hashes);
// Hashes stored for leaves [first, leaf) of a run, levels ≥ min_level: the
// complete subtrees of those levels the leaves finish, C(leaf ≫ m) − C(first ≫ m)
// with C(n) = Σ_{j≥0} ⌊n / 2^j⌋ = 2n − popcount(n). For min_level 0:
// (leaf − first) + S(leaf) − S(first), S(n) = n − popcount(n).
uint64_t HashesBefore(uint64_t first, uint64_t leaf, uint32_t min_level = 0);

}  // namespace arshjul::storage::keys
