#include "canonical_envelope.h"

#include <bit>
#include <cstring>

namespace arshjul::storage {
namespace {

static_assert(std::endian::native == std::endian::little, "Cap'n Proto words are little-endian");

// The Envelope's layout as compiled by capnp (envelope.capnp.h: 5 data words,
// 9 pointers; Actor: 0 data words, 3 pointers).
constexpr size_t kDataWords = 5;
enum Pointer : size_t { kEventId, kStreamId, kActor, kCommandId, kCausation, kCorrelation, kEventType, kPayload,
                        kPrevHash, kPointers };
constexpr size_t kActorPointers = 3;

size_t BlobWords(size_t bytes) { return (bytes + 7) / 8; }

uint64_t StructPointer(int64_t offset, uint64_t data_words, uint64_t pointers) {
  return uint64_t{static_cast<uint32_t>(offset) << 2} | (data_words << 32) | (pointers << 48);
}

uint64_t ByteListPointer(int64_t offset, uint64_t count) {
  return (uint64_t{static_cast<uint32_t>(offset) << 2} | 1) | ((2 | (count << 3)) << 32);
}

// Writes words at `base`: objects are appended at `end` in preorder.
struct Writer {
  char* base;
  size_t end;  // in words

  void Word(size_t at, uint64_t w) { std::memcpy(base + at * 8, &w, 8); }
  // A byte list (Text adds its NUL) for the pointer at word `at`.
  void Blob(size_t at, std::string_view bytes, bool text) {
    size_t count = bytes.size() + (text ? 1 : 0);
    Word(at, ByteListPointer(static_cast<int64_t>(end) - static_cast<int64_t>(at + 1), count));
    size_t words = BlobWords(count);
    std::memset(base + (end + words - (words > 0 ? 1 : 0)) * 8, 0, words > 0 ? 8 : 0);  // padding and NUL
    std::memcpy(base + end * 8, bytes.data(), bytes.size());
    end += words;
  }
  void Id(size_t at, const Id128& id) { Blob(at, {reinterpret_cast<const char*>(id.bytes.data()), 16}, false); }
};

struct Layout {
  uint64_t data[kDataWords];
  size_t data_words;
  bool present[kPointers];
  size_t pointers;
};

Layout LayoutOf(const EnvelopeFields& f) {
  Layout l{{f.stream_version, f.position, static_cast<uint64_t>(f.recorded_us), static_cast<uint64_t>(f.effective_us),
            f.schema_version},
           kDataWords,
           {f.event_id != nullptr, true, true, true, f.causation_id != nullptr, f.correlation_id != nullptr, true, true,
            f.prev_hash != nullptr},
           kPointers};
  while (l.data_words > 0 && l.data[l.data_words - 1] == 0) --l.data_words;
  while (l.pointers > 0 && !l.present[l.pointers - 1]) --l.pointers;
  return l;
}

size_t TextWords(std::string_view s) { return BlobWords(s.size() + 1); }

}  // namespace

EnvelopeFields FieldsOf(const RecordedEvent& e) {
  EnvelopeFields f;
  f.event_id = &e.event_id;
  f.stream = e.stream;
  f.stream_version = e.stream_version;
  f.position = e.position;
  f.recorded_us = e.recorded_at.time_since_epoch().count();
  f.effective_us = e.effective_at.time_since_epoch().count();
  f.person_id = e.actor.person_id;
  f.role = e.actor.role;
  f.organ = e.actor.organ;
  f.command_id = e.command_id;
  if (!e.causation_id.IsZero()) f.causation_id = &e.causation_id;
  if (!e.correlation_id.IsZero()) f.correlation_id = &e.correlation_id;
  f.type = e.type;
  f.schema_version = e.schema_version;
  f.payload = e.payload;
  f.prev_hash = &e.prev_hash;
  return f;
}

size_t CanonicalSize(const EnvelopeFields& f) {
  Layout l = LayoutOf(f);
  size_t words = 1 + l.data_words + l.pointers;
  words += 2 * (l.present[kEventId] + l.present[kCausation] + l.present[kCorrelation]);
  words += TextWords(f.stream) + kActorPointers + TextWords(f.person_id) + TextWords(f.role) + TextWords(f.organ);
  words += TextWords(f.command_id) + TextWords(f.type) + BlobWords(f.payload.size());
  if (l.present[kPrevHash]) words += 4;
  return words * 8;
}

void WriteCanonical(const EnvelopeFields& f, char* out) {
  Layout l = LayoutOf(f);
  Writer w{out, 1 + l.data_words + l.pointers};
  w.Word(0, StructPointer(0, l.data_words, l.pointers));
  for (size_t i = 0; i < l.data_words; ++i) w.Word(1 + i, l.data[i]);
  const size_t ptr = 1 + l.data_words;
  for (size_t i = 0; i < l.pointers; ++i) {
    size_t at = ptr + i;
    if (!l.present[i]) {
      w.Word(at, 0);
      continue;
    }
    switch (i) {
      case kEventId: w.Id(at, *f.event_id); break;
      case kStreamId: w.Blob(at, f.stream, true); break;
      case kActor: {
        w.Word(at, StructPointer(static_cast<int64_t>(w.end) - static_cast<int64_t>(at + 1), 0, kActorPointers));
        size_t actor = w.end;
        w.end += kActorPointers;
        w.Blob(actor, f.person_id, true);
        w.Blob(actor + 1, f.role, true);
        w.Blob(actor + 2, f.organ, true);
        break;
      }
      case kCommandId: w.Blob(at, f.command_id, true); break;
      case kCausation: w.Id(at, *f.causation_id); break;
      case kCorrelation: w.Id(at, *f.correlation_id); break;
      case kEventType: w.Blob(at, f.type, true); break;
      case kPayload: w.Blob(at, f.payload, false); break;
      case kPrevHash: w.Blob(at, {reinterpret_cast<const char*>(f.prev_hash->data()), 32}, false); break;
      default: break;
    }
  }
}

namespace {

// Reads a single-segment message without copying it: every pointer is
// bounds-checked against the words given.
class Reader {
 public:
  explicit Reader(std::string_view words) : p_(words.data()), n_(words.size() / 8) {}

  uint64_t Word(size_t i) const {
    uint64_t w;
    std::memcpy(&w, p_ + i * 8, 8);
    return w;
  }
  // The struct the pointer at word `at` names: its first data word and pointer.
  bool Struct(size_t at, size_t* data, size_t* data_words, size_t* ptrs, size_t* pointers) const {
    uint64_t v = Word(at);
    if (v == 0) {
      *data_words = *pointers = 0;
      return true;
    }
    if ((v & 3) != 0) return false;
    int64_t target = static_cast<int64_t>(at) + 1 + (static_cast<int32_t>(static_cast<uint32_t>(v)) >> 2);
    *data_words = (v >> 32) & 0xFFFF;
    *pointers = v >> 48;
    if (target < 0 || static_cast<uint64_t>(target) + *data_words + *pointers > n_) return false;
    *data = static_cast<size_t>(target);
    *ptrs = *data + *data_words;
    return true;
  }
  // The bytes of the byte list the pointer at word `at` names (empty when null).
  bool Bytes(size_t at, std::string_view* out) const {
    uint64_t v = Word(at);
    if (v == 0) {
      *out = {};
      return true;
    }
    if ((v & 3) != 1 || ((v >> 32) & 7) != 2) return false;
    int64_t target = static_cast<int64_t>(at) + 1 + (static_cast<int32_t>(static_cast<uint32_t>(v)) >> 2);
    uint64_t count = v >> 35;
    if (target < 0 || static_cast<uint64_t>(target) + BlobWords(count) > n_) return false;
    *out = std::string_view(p_ + target * 8, count);
    return true;
  }
  // Text: a byte list ending in NUL, returned without it.
  bool Text(size_t at, std::string* out) const {
    std::string_view b;
    if (!Bytes(at, &b)) return false;
    if (b.empty()) {
      if (Word(at) != 0) return false;
      out->clear();
      return true;
    }
    if (b.back() != '\0') return false;
    out->assign(b.data(), b.size() - 1);
    return true;
  }
  size_t size() const { return n_; }

 private:
  const char* p_;
  size_t n_;
};

void CopyId(std::string_view b, Id128* out) {
  if (b.size() == out->bytes.size()) {
    std::memcpy(out->bytes.data(), b.data(), b.size());
  } else {
    *out = Id128{};
  }
}

}  // namespace

Status ReadEnvelope(std::string_view words, RecordedEvent* out) {
  if (words.size() < 8 || words.size() % 8 != 0) {
    return Status::Corruption("händelsen kunde inte avkodas: fel längd (" + std::to_string(words.size()) + " byte)");
  }
  Reader r(words);
  size_t data = 0, data_words = 0, ptrs = 0, pointers = 0;
  if (!r.Struct(0, &data, &data_words, &ptrs, &pointers)) {
    return Status::Corruption("händelsen kunde inte avkodas: ogiltig rotpekare");
  }
  auto u64 = [&](size_t i) { return i < data_words ? r.Word(data + i) : 0; };
  auto ptr = [&](size_t i, auto&& read) { return i >= pointers || read(ptrs + i); };
  auto text = [&](size_t i, std::string* s) {
    if (i >= pointers) return s->clear(), true;
    return r.Text(ptrs + i, s);
  };
  std::string_view b;
  bool ok = true;
  auto id = [&](size_t i, Id128* out_id) {
    b = {};
    ok = ok && ptr(i, [&](size_t at) { return r.Bytes(at, &b); });
    CopyId(b, out_id);
  };
  id(kEventId, &out->event_id);
  ok = ok && text(kStreamId, &out->stream);
  out->stream_version = u64(0);
  out->position = u64(1);
  out->recorded_at = Timestamp(std::chrono::microseconds(static_cast<int64_t>(u64(2))));
  out->effective_at = Timestamp(std::chrono::microseconds(static_cast<int64_t>(u64(3))));
  out->schema_version = static_cast<uint32_t>(u64(4));
  size_t actor = 0, actor_data_words = 0, actor_ptrs = 0, actor_pointers = 0;
  ok = ok && ptr(kActor, [&](size_t at) { return r.Struct(at, &actor, &actor_data_words, &actor_ptrs, &actor_pointers); });
  auto actor_text = [&](size_t i, std::string* s) {
    if (i >= actor_pointers) return s->clear(), true;
    return r.Text(actor_ptrs + i, s);
  };
  ok = ok && actor_text(0, &out->actor.person_id) && actor_text(1, &out->actor.role) &&
       actor_text(2, &out->actor.organ);
  ok = ok && text(kCommandId, &out->command_id);
  id(kCausation, &out->causation_id);
  id(kCorrelation, &out->correlation_id);
  ok = ok && text(kEventType, &out->type);
  b = {};
  ok = ok && ptr(kPayload, [&](size_t at) { return r.Bytes(at, &b); });
  if (ok) out->payload.assign(b.data(), b.size());
  b = {};
  ok = ok && ptr(kPrevHash, [&](size_t at) { return r.Bytes(at, &b); });
  if (!ok) return Status::Corruption("händelsen kunde inte avkodas: en pekare går utanför värdet eller har fel typ");
  if (b.size() != 32) return Status::Corruption("föregående hash saknas eller har fel längd");
  std::memcpy(out->prev_hash.data(), b.data(), 32);
  return Status::Ok();
}

}  // namespace arshjul::storage
