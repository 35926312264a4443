#include "append_support.h"

#include <cstring>

#include "append_validation.h"
#include "envelope_codec.h"

namespace arshjul::storage {

Status ValidateStreamId(std::string_view stream) {
  if (stream.empty()) return Status::InvalidArgument("ström-id saknas", "stream");
  if (stream.size() > 256) return Status::InvalidArgument("ström-id är längre än 256 tecken", "stream");
  if (stream.front() == '/' || stream.back() == '/' || stream.find("//") != std::string_view::npos) {
    return Status::InvalidArgument("ström-id har ett tomt led: '" + std::string(stream) + "'", "stream");
  }
  for (char c : stream) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
              c == '-' || c == '_' || c == '.';
    if (!ok) {
      return Status::InvalidArgument(
          "ström-id '" + std::string(stream) + "' innehåller ett otillåtet tecken (tillåtet: a–z, 0–9, . _ - /)",
          "stream");
    }
  }
  return Status::Ok();
}

Status ValidateAppendRequest(const AppendRequest& req, const StoreOptions& options) {
  ARSHJUL_RETURN_IF_ERROR(ValidateStreamId(req.stream));
  if (options.read_only) return Status::InvalidArgument("datalagret är öppnat endast för läsning");
  if (req.events.empty()) return Status::InvalidArgument("inga händelser att lägga till", "events");
  if (req.events.size() > 100000) return Status::InvalidArgument("för många händelser i ett anrop", "events");
  ARSHJUL_RETURN_IF_ERROR(ValidateAppendTexts(req));  // ids, actor, types, times: text_limits.h
  for (size_t i = 0; i < req.events.size(); ++i) {
    const ProposedEvent& e = req.events[i];
    auto field = [i] { return "events[" + std::to_string(i) + "]"; };  // for an error only
    if (e.type.empty()) return Status::InvalidArgument("händelsetyp saknas", field() + ".type");
    if (e.payload.size() > options.max_payload_bytes) {
      return Status::InvalidArgument("innehållet är " + std::to_string(e.payload.size()) + " byte, mer än gränsen " +
                                         std::to_string(options.max_payload_bytes),
                                     field() + ".payload");
    }
    if (options.types.empty()) continue;
    auto it = options.types.find(e.type);
    if (it == options.types.end()) {
      return Status::InvalidArgument("okänd händelsetyp '" + e.type + "'", field() + ".type");
    }
    if (e.schema_version == 0 || e.schema_version > it->second.max_schema_version) {
      return Status::InvalidArgument("schemaversion " + std::to_string(e.schema_version) + " stöds inte för " + e.type,
                                     field() + ".schema_version");
    }
    if (it->second.validate) {
      Status st = it->second.validate(e.payload, e.schema_version);
      if (!st.ok()) return Status::InvalidArgument("innehållet kunde inte avkodas: " + st.message(), field() + ".payload");
    }
  }
  return Status::Ok();
}

size_t BatchBytesOf(const AppendRequest& req) {
  // Per event: the hash, the envelope's fixed words (struct, pointers, ids,
  // actor, prevHash, each text's NUL and padding), the key and the record's
  // header, and the Merkle run's share; per append: the stream, command and
  // run index entries.
  const size_t texts = req.stream.size() + req.actor.person_id.size() + req.actor.role.size() +
                       req.actor.organ.size() + req.command_id.size();
  size_t bytes = 256 + 2 * texts;
  for (const ProposedEvent& e : req.events) bytes += 384 + texts + e.type.size() + e.payload.size();
  return bytes;
}

std::vector<PlacedEvent> PlaceEvents(const AppendRequest& req, const AppendResult& r, const Hash& prev,
                                     IdSource* ids, ChainRule rule, bool leaf_hashes) {
  std::vector<PlacedEvent> out(req.events.size());
  EnvelopeFields f;
  f.stream = req.stream;
  f.recorded_us = r.recorded_at.time_since_epoch().count();
  f.person_id = req.actor.person_id;
  f.role = req.actor.role;
  f.organ = req.actor.organ;
  f.command_id = req.command_id;
  f.prev_hash = &prev;
  for (size_t i = 0; i < req.events.size(); ++i) {
    const ProposedEvent& p = req.events[i];
    PlacedEvent& e = out[i];
    e.proposed = &p;
    e.event_id = p.event_id.IsZero() ? ids->NewId() : p.event_id;
    e.stream_version = r.first_version + i;
    e.position = r.first_position + i;
    e.effective_at = p.effective_at.value_or(r.recorded_at);
    f.event_id = &e.event_id;
    f.stream_version = e.stream_version;
    f.position = e.position;
    f.effective_us = e.effective_at.time_since_epoch().count();
    f.causation_id = p.causation_id.IsZero() ? nullptr : &p.causation_id;
    f.correlation_id = p.correlation_id.IsZero() ? nullptr : &p.correlation_id;
    f.type = p.type;
    f.schema_version = p.schema_version;
    f.payload = p.payload;
    e.value = EncodeStoredValue(f, rule, leaf_hashes ? &e.leaf : nullptr);
    std::memcpy(e.hash.data(), e.value.data(), 32);
    f.prev_hash = &e.hash;
  }
  return out;
}

size_t ImportRunEnd(const std::vector<RecordedEvent>& events, size_t begin) {
  size_t end = begin + 1;
  while (end < events.size() && events[end].stream == events[begin].stream &&
         events[end].command_id == events[begin].command_id && events[end].recorded_at == events[begin].recorded_at &&
         events[end].stream_version == events[end - 1].stream_version + 1) {
    ++end;
  }
  return end;
}

Result<std::string> ImportedCanonical(const RecordedEvent& e, ChainRule rule, uint64_t* next, Hash* prev) {
  std::string canonical = EncodeEnvelope(e);
  if (e.position != *next || e.prev_hash != *prev || EventHash(rule, *prev, canonical) != e.hash) {
    return Status::Corruption("händelsen på position " + std::to_string(e.position) +
                              " fortsätter inte loggen (väntad position " + std::to_string(*next) + ")");
  }
  *prev = e.hash;
  ++*next;
  return canonical;
}

std::string VersionText(const std::optional<uint64_t>& v) {
  return v ? std::to_string(*v) : std::string("ingen (strömmen finns inte)");
}

Status CheckExpectedVersion(const std::string& stream, const ExpectedVersion& ev,
                            const std::optional<uint64_t>& current) {
  bool matches = ev.kind == ExpectedVersion::Kind::kAny ||
                 (ev.kind == ExpectedVersion::Kind::kNoStream && !current) ||
                 (ev.kind == ExpectedVersion::Kind::kExact && current && *current == ev.version);
  if (matches) return Status::Ok();
  std::string expected = ev.kind == ExpectedVersion::Kind::kNoStream ? "ingen ström" : std::to_string(ev.version);
  return Status::Conflict("strömmen " + stream + " har version " + VersionText(current) + ", förväntad " + expected);
}

}  // namespace arshjul::storage
