#include "envelope_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>
#include <openssl/evp.h>

#include <cstring>

#include "arshjul/storage/envelope.capnp.h"

namespace arshjul::storage {
namespace {

kj::ArrayPtr<const kj::byte> Bytes(const std::string& s) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(s.data()), s.size());
}
// The whole string, NUL bytes included (kj's std::string conversion stops at the first NUL).
capnp::Text::Reader Text(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }
kj::ArrayPtr<const kj::byte> Bytes(const Id128& id) { return kj::arrayPtr(id.bytes.data(), id.bytes.size()); }

void CopyId(capnp::Data::Reader r, Id128* out) {
  if (r.size() == out->bytes.size()) {
    std::memcpy(out->bytes.data(), r.begin(), r.size());
  } else {
    *out = Id128{};
  }
}

const EVP_MD* Sha256() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

std::string EncodeEnvelope(const RecordedEvent& e) {
  capnp::MallocMessageBuilder msg(256 + e.payload.size() / 8);
  auto env = msg.initRoot<schema::Envelope>();
  env.setEventId(Bytes(e.event_id));
  env.setStreamId(Text(e.stream));
  env.setStreamVersion(e.stream_version);
  env.setGlobalPosition(e.position);
  env.setRecordedAtUs(e.recorded_at.time_since_epoch().count());
  env.setEffectiveAtUs(e.effective_at.time_since_epoch().count());
  auto actor = env.initActor();
  actor.setPersonId(Text(e.actor.person_id));
  actor.setRole(Text(e.actor.role));
  actor.setOrgan(Text(e.actor.organ));
  env.setCommandId(Text(e.command_id));
  if (!e.causation_id.IsZero()) env.setCausationId(Bytes(e.causation_id));
  if (!e.correlation_id.IsZero()) env.setCorrelationId(Bytes(e.correlation_id));
  env.setEventType(Text(e.type));
  env.setSchemaVersion(e.schema_version);
  env.setPayload(Bytes(e.payload));
  env.setPrevHash(kj::arrayPtr(e.prev_hash.data(), e.prev_hash.size()));
  kj::Array<capnp::word> words = capnp::canonicalize(env.asReader());
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
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

std::string MakeStoredValue(const Hash& hash, std::string_view canonical) {
  std::string v;
  v.reserve(hash.size() + canonical.size());
  v.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  v.append(canonical);
  return v;
}

Status DecodeStoredValue(std::string_view value, RecordedEvent* out, std::vector<uint64_t>* scratch) {
  if (value.size() < 32 + 8 || (value.size() - 32) % 8 != 0) {
    return Status::Corruption("lagrat värde har fel längd (" + std::to_string(value.size()) + " byte)");
  }
  std::memcpy(out->hash.data(), value.data(), 32);
  size_t words = (value.size() - 32) / 8;
  scratch->resize(words);
  std::memcpy(scratch->data(), value.data() + 32, words * 8);
  try {
    kj::ArrayPtr<const capnp::word> segment(reinterpret_cast<const capnp::word*>(scratch->data()), words);
    kj::ArrayPtr<const capnp::word> segments[1] = {segment};
    capnp::ReaderOptions opts;
    opts.traversalLimitInWords = words * 2 + 1024;
    capnp::SegmentArrayMessageReader reader(kj::arrayPtr(segments, 1), opts);
    auto env = reader.getRoot<schema::Envelope>();
    CopyId(env.getEventId(), &out->event_id);
    auto stream = env.getStreamId();
    out->stream.assign(stream.begin(), stream.size());
    out->stream_version = env.getStreamVersion();
    out->position = env.getGlobalPosition();
    out->recorded_at = Timestamp(std::chrono::microseconds(env.getRecordedAtUs()));
    out->effective_at = Timestamp(std::chrono::microseconds(env.getEffectiveAtUs()));
    auto actor = env.getActor();
    out->actor.person_id.assign(actor.getPersonId().begin(), actor.getPersonId().size());
    out->actor.role.assign(actor.getRole().begin(), actor.getRole().size());
    out->actor.organ.assign(actor.getOrgan().begin(), actor.getOrgan().size());
    out->command_id.assign(env.getCommandId().begin(), env.getCommandId().size());
    CopyId(env.getCausationId(), &out->causation_id);
    CopyId(env.getCorrelationId(), &out->correlation_id);
    out->type.assign(env.getEventType().begin(), env.getEventType().size());
    out->schema_version = env.getSchemaVersion();
    auto payload = env.getPayload();
    out->payload.assign(reinterpret_cast<const char*>(payload.begin()), payload.size());
    auto prev = env.getPrevHash();
    if (prev.size() != 32) return Status::Corruption("föregående hash saknas eller har fel längd");
    std::memcpy(out->prev_hash.data(), prev.begin(), 32);
  } catch (const kj::Exception& e) {
    return Status::Corruption(std::string("händelsen kunde inte avkodas: ") + e.getDescription().cStr());
  }
  return Status::Ok();
}

}  // namespace arshjul::storage

namespace arshjul::storage {

std::string CanonicalEnvelope(const RecordedEvent& e) { return EncodeEnvelope(e); }

Hash EventLeafHash(const RecordedEvent& e) { return merkle::LeafHash(EncodeEnvelope(e)); }

Result<RecordedEvent> DecodeCanonicalEnvelope(std::string_view canonical) {
  std::string value(32, '\0');
  value.append(canonical);
  RecordedEvent e;
  std::vector<uint64_t> scratch;
  ARSHJUL_RETURN_IF_ERROR(DecodeStoredValue(value, &e, &scratch));
  return e;
}

}  // namespace arshjul::storage
