// The envelope codec written by hand (canonical_envelope.h) against Cap'n
// Proto itself: the encoder's bytes equal capnp::canonicalize's for envelopes
// of every shape, the decoder reads what capnp writes (canonical or not), and
// malformed bytes are refused without reading outside them.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <random>

#include "arshjul/storage/envelope.capnp.h"
#include "arshjul/storage/merkle.h"
#include "canonical_envelope.h"
#include "envelope_codec.h"

namespace arshjul::storage {
namespace {

// The encoder arshjul used before format 2: build with capnp, then canonicalize.
std::string CapnpCanonical(const RecordedEvent& e, bool canonical = true) {
  auto text = [](const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); };
  auto bytes = [](const auto& b) { return kj::arrayPtr(reinterpret_cast<const kj::byte*>(b.data()), b.size()); };
  capnp::MallocMessageBuilder msg;
  auto env = msg.initRoot<schema::Envelope>();
  env.setEventId(bytes(e.event_id.bytes));
  env.setStreamId(text(e.stream));
  env.setStreamVersion(e.stream_version);
  env.setGlobalPosition(e.position);
  env.setRecordedAtUs(e.recorded_at.time_since_epoch().count());
  env.setEffectiveAtUs(e.effective_at.time_since_epoch().count());
  auto actor = env.initActor();
  actor.setPersonId(text(e.actor.person_id));
  actor.setRole(text(e.actor.role));
  actor.setOrgan(text(e.actor.organ));
  env.setCommandId(text(e.command_id));
  if (!e.causation_id.IsZero()) env.setCausationId(bytes(e.causation_id.bytes));
  if (!e.correlation_id.IsZero()) env.setCorrelationId(bytes(e.correlation_id.bytes));
  env.setEventType(text(e.type));
  env.setSchemaVersion(e.schema_version);
  env.setPayload(bytes(e.payload));
  env.setPrevHash(bytes(e.prev_hash));
  if (!canonical) {  // the builder's own layout, one segment without its table
    auto segments = msg.getSegmentsForOutput();
    EXPECT_EQ(segments.size(), 1u);
    auto b = segments[0].asBytes();
    return std::string(reinterpret_cast<const char*>(b.begin()), b.size());
  }
  auto words = capnp::canonicalize(env.asReader());
  auto b = words.asBytes();
  return std::string(reinterpret_cast<const char*>(b.begin()), b.size());
}

Id128 IdOf(uint64_t v) {
  Id128 id;
  for (int i = 0; i < 8; ++i) id.bytes[15 - i] = static_cast<uint8_t>(v >> (8 * i));
  return id;
}

// Envelopes of many shapes: empty and NUL-holding strings, lengths around word
// boundaries, zero ids and times, absent causation or correlation.
std::vector<RecordedEvent> Shapes() {
  std::mt19937_64 rng(15);
  std::vector<RecordedEvent> out;
  for (int k = 0; k < 400; ++k) {
    RecordedEvent e;
    auto str = [&](size_t max) {
      std::string s(rng() % (max + 1), 'x');
      for (char& c : s) c = static_cast<char>(rng() % 5 == 0 ? 0 : 'a' + rng() % 26);
      return s;
    };
    e.event_id = k % 7 == 0 ? Id128{} : IdOf(rng());
    e.stream = str(20);
    e.stream_version = k % 3 == 0 ? 0 : rng();
    e.position = k % 4 == 0 ? 0 : rng();
    e.recorded_at = Timestamp(std::chrono::microseconds(k % 5 == 0 ? 0 : static_cast<int64_t>(rng())));
    e.effective_at = Timestamp(std::chrono::microseconds(k % 6 == 0 ? 0 : -static_cast<int64_t>(rng() >> 2)));
    e.actor = {str(17), str(9), str(8)};
    e.command_id = str(24);
    if (k % 2 == 0) e.causation_id = IdOf(rng());
    if (k % 3 == 1) e.correlation_id = IdOf(rng());
    e.type = str(30);
    e.schema_version = k % 8 == 0 ? 0 : static_cast<uint32_t>(rng());
    e.payload = k % 9 == 0 ? std::string() : str(k % 10 == 0 ? 5000 : 40);
    for (auto& b : e.prev_hash) b = static_cast<uint8_t>(rng());
    out.push_back(std::move(e));
  }
  return out;
}

void ExpectSameEvent(const RecordedEvent& a, const RecordedEvent& b) {
  EXPECT_EQ(a.event_id, b.event_id);
  EXPECT_EQ(a.stream, b.stream);
  EXPECT_EQ(a.stream_version, b.stream_version);
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.recorded_at, b.recorded_at);
  EXPECT_EQ(a.effective_at, b.effective_at);
  EXPECT_EQ(a.actor.person_id, b.actor.person_id);
  EXPECT_EQ(a.actor.role, b.actor.role);
  EXPECT_EQ(a.actor.organ, b.actor.organ);
  EXPECT_EQ(a.command_id, b.command_id);
  EXPECT_EQ(a.causation_id, b.causation_id);
  EXPECT_EQ(a.correlation_id, b.correlation_id);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.schema_version, b.schema_version);
  EXPECT_EQ(a.payload, b.payload);
  EXPECT_EQ(a.prev_hash, b.prev_hash);
}

TEST(CanonicalEnvelope, WritesTheBytesCapnpCanonicalizeWrites) {
  for (const RecordedEvent& e : Shapes()) {
    std::string expected = CapnpCanonical(e);
    ASSERT_EQ(CanonicalSize(FieldsOf(e)), expected.size());
    ASSERT_EQ(EncodeEnvelope(e), expected) << "stream '" << e.stream << "', payload " << e.payload.size() << " bytes";
  }
}

TEST(CanonicalEnvelope, StoredValueIsTheEventHashThenTheCanonicalBytes) {
  for (const RecordedEvent& e : Shapes()) {
    std::string canonical = CapnpCanonical(e);
    Hash leaf{};
    std::string value = EncodeStoredValue(FieldsOf(e), ChainRule::kPrevThenEnvelope, &leaf);
    ASSERT_EQ(value, MakeStoredValue(ChainHash(e.prev_hash, canonical), canonical));
    ASSERT_EQ(leaf, merkle::LeafHash(canonical));
    // Format 3: the hash is the leaf, SHA-256(0x00 ‖ canonical), one digest for both.
    value = EncodeStoredValue(FieldsOf(e), ChainRule::kLeaf, &leaf);
    ASSERT_EQ(value, MakeStoredValue(merkle::LeafHash(canonical), canonical));
    ASSERT_EQ(leaf, merkle::LeafHash(canonical));
    ASSERT_EQ(RuleOfHash(leaf, e.prev_hash, canonical), ChainRule::kLeaf);
    ASSERT_EQ(RuleOfHash(ChainHash(e.prev_hash, canonical), e.prev_hash, canonical), ChainRule::kPrevThenEnvelope);
    ASSERT_EQ(RuleOfHash(e.prev_hash, e.prev_hash, canonical), std::nullopt);
  }
}

TEST(CanonicalEnvelope, ReadsWhatCapnpWritesCanonicalOrNot) {
  for (const RecordedEvent& e : Shapes()) {
    for (bool canonical : {true, false}) {
      RecordedEvent back;
      back.payload = "left over from an earlier event";
      back.causation_id = IdOf(99);
      ASSERT_TRUE(ReadEnvelope(CapnpCanonical(e, canonical), &back).ok());
      ExpectSameEvent(back, e);
    }
  }
}

TEST(CanonicalEnvelope, RefusesMalformedBytesWithoutReadingPastThem) {
  RecordedEvent e = Shapes()[3];
  e.stream = "organ/bun/decisions";
  std::string good = EncodeEnvelope(e);
  RecordedEvent out;
  // Every truncation at a word boundary: a pointer then names words beyond the end.
  for (size_t n = 0; n < good.size(); n += 8) {
    EXPECT_FALSE(ReadEnvelope(std::string_view(good).substr(0, n), &out).ok()) << n << " bytes";
  }
  EXPECT_FALSE(ReadEnvelope(good.substr(0, good.size() - 3), &out).ok());  // not whole words
  std::string list_root = good;
  list_root[0] = static_cast<char>(list_root[0] | 1);  // the root names a list, not a struct
  EXPECT_FALSE(ReadEnvelope(list_root, &out).ok());
  // Every single-bit flip either decodes or is refused, and never reads
  // outside the bytes (ASan and valgrind runs see that): flips in pointers
  // are refused, flips in the payload decode.
  int refused = 0, decoded = 0;
  for (size_t byte = 0; byte < good.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = good;
      bad[byte] = static_cast<char>(bad[byte] ^ (1 << bit));
      (ReadEnvelope(bad, &out).ok() ? decoded : refused)++;
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(decoded, 0);
  std::string no_nul = good;  // the stream id's text loses its NUL terminator
  size_t at = no_nul.find(e.stream + std::string(1, '\0'));
  ASSERT_NE(at, std::string::npos);
  no_nul[at + e.stream.size()] = 'x';
  EXPECT_FALSE(ReadEnvelope(no_nul, &out).ok());
}

}  // namespace
}  // namespace arshjul::storage
