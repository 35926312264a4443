#include "package_verifier.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "arshjul/storage/checkpoint.h"
#include "arshjul/storage/event_store.h"
#include "arshjul/storage/merkle.h"
#include "arshjul/storage/merkle_multiproof.h"
#include "package_format.h"

namespace arshjul::verify {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using storage::Hash;

struct Bad {
  std::string item, problem;
};

class Checker {
 public:
  explicit Checker(fs::path dir) : dir_(std::move(dir)) {}

  std::optional<Bad> Run(const std::optional<std::string>& key_file, std::string* summary);

 private:
  std::optional<std::string> Read(const std::string& rel) {
    std::ifstream f(dir_ / rel, std::ios::binary);
    if (!f) return std::nullopt;
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  std::optional<Bad> ReadJson(const std::string& rel, json* out) {
    auto text = Read(rel);
    if (!text) return Bad{rel, "filen saknas"};
    *out = json::parse(*text, nullptr, false);
    if (out->is_discarded()) return Bad{rel, "filen är ingen giltig JSON"};
    return std::nullopt;
  }
  static bool Hashes(const json& j, std::vector<Hash>* out) {
    if (!j.is_array()) return false;
    for (const auto& h : j) {
      Hash v;
      if (!h.is_string() || !storage::HashFromHex(h.get<std::string>(), &v)) return false;
      out->push_back(v);
    }
    return true;
  }
  std::optional<Bad> ReadEvents(const json& manifest);
  std::optional<Bad> CheckEvent(size_t i, const json& entry, const revision::PayloadSchemas& schemas);
  std::optional<Bad> CheckEventJson(size_t i, const storage::RecordedEvent& e, std::string_view bytes,
                                    const revision::PayloadSchemas& schemas);
  std::optional<Bad> CheckProof();
  std::optional<Bad> CheckPrevious();

  fs::path dir_;
  storage::VerifierKey key_;
  storage::Checkpoint cp_;
  std::map<std::string, uint64_t> last_version_;
  std::string bin_;         // events.bin
  uint64_t bin_end_ = 0;    // where the events checked so far end in it
  json events_json_;        // events.json
  std::vector<uint64_t> positions_;  // of the events checked so far, with their leaf hashes
  std::vector<Hash> leaves_;
};

// Entry `i` of the manifest: its bytes in events.bin decode to the event the
// manifest names, its stream skips no version, its bytes hash to the leaf hash
// the manifest gives, and events.json's element `i` is what the bytes say.
std::optional<Bad> Checker::CheckEvent(size_t i, const json& entry, const revision::PayloadSchemas& schemas) {
  if (!entry.is_object() || !entry.contains("position") || !entry["position"].is_number_unsigned()) {
    return Bad{revision::kManifest, "händelsepost " + std::to_string(i + 1) + " saknar position"};
  }
  uint64_t pos = entry["position"].get<uint64_t>();
  std::string bin_item = revision::EventItem(revision::kEventsBin, pos);
  uint64_t offset = entry.value("offset", UINT64_MAX), length = entry.value("length", UINT64_MAX);
  if (offset != bin_end_ || length > bin_.size() - bin_end_) {
    return Bad{bin_item, "händelsens byte saknas: manifestet anger offset " + std::to_string(offset) + " och längd " +
                             std::to_string(length) + ", men föregående händelse slutar vid " + std::to_string(bin_end_) +
                             " och filen har " + std::to_string(bin_.size()) + " byte"};
  }
  bin_end_ += length;
  std::string_view bytes = std::string_view(bin_).substr(offset, length);
  auto e = storage::DecodeCanonicalEnvelope(bytes);
  if (!e.ok()) return Bad{bin_item, "händelsen kan inte avkodas: " + e.status().message()};
  if (e->position != pos || e->stream != entry.value("stream", "") || e->stream_version != entry.value("version", uint64_t{0}) ||
      e->type != entry.value("type", "")) {
    return Bad{bin_item, "händelsen stämmer inte med manifestet: den bär position " + std::to_string(e->position) +
                             ", ström " + e->stream + " version " + std::to_string(e->stream_version) + ", typ " +
                             e->type + "; manifestet anger position " + std::to_string(pos) + ", ström " +
                             entry.value("stream", "") + " version " + std::to_string(entry.value("version", uint64_t{0}))};
  }
  auto last = last_version_.find(e->stream);
  if (last != last_version_.end() && e->stream_version != last->second + 1) {
    return Bad{bin_item, "strömmen " + e->stream + " hoppar från version " + std::to_string(last->second) + " till " +
                             std::to_string(e->stream_version) + " (en händelse saknas eller har flyttats)"};
  }
  last_version_[e->stream] = e->stream_version;
  Hash leaf = storage::merkle::LeafHash(bytes);
  if (storage::HashToHex(leaf) != entry.value("leaf_hash", "")) {
    return Bad{bin_item, "händelsens byte har inte den lövhash manifestet anger: händelsen är ändrad"};
  }
  positions_.push_back(pos);
  leaves_.push_back(leaf);
  return CheckEventJson(i, *e, bytes, schemas);
}

std::optional<Bad> Checker::CheckEventJson(size_t i, const storage::RecordedEvent& e, std::string_view bytes,
                                           const revision::PayloadSchemas& schemas) {
  std::string json_item = revision::EventItem(revision::kEventsJson, e.position);
  if (i >= events_json_.size()) return Bad{json_item, "händelsen saknas i " + std::string(revision::kEventsJson)};
  const json& shown = events_json_[i];
  auto expected = revision::EventJson(e, bytes, schemas);
  if (!expected.ok()) {
    return Bad{revision::EventItem(revision::kEventsBin, e.position),
               "innehållet kan inte avkodas: " + expected.status().message()};
  }
  if (shown != *expected) {
    std::string field;
    for (auto& [k, v] : expected->items()) {
      if (!shown.contains(k) || shown[k] != v) {
        field = k;
        break;
      }
    }
    if (field.empty()) field = "(extra fält)";
    return Bad{json_item, "JSON stämmer inte med de kanoniska byten (fältet " + field + ")"};
  }
  return std::nullopt;
}

// The one proof that every event of the manifest is in the checkpoint's tree.
std::optional<Bad> Checker::CheckProof() {
  json j;
  if (auto bad = ReadJson(revision::kProof, &j)) return bad;
  std::vector<Hash> path;
  if (j.value("size", uint64_t{0}) != cp_.size || j.value("positions", json()) != json(positions_) ||
      !Hashes(j.value("proof", json()), &path)) {
    return Bad{revision::kProof, "beviset gäller inte checkpointens storlek och manifestets händelser"};
  }
  if (positions_.empty()) return std::nullopt;
  auto root = storage::merkle::RootFromMultiInclusionProof(positions_, leaves_, cp_.size, path);
  if (!root.ok()) return Bad{revision::kProof, root.status().message()};
  if (*root != cp_.root) {
    return Bad{revision::kProof, "beviset leder inte från paketets händelser till checkpointens rot"};
  }
  return std::nullopt;
}

// The manifest's format, events.bin and events.json, read into the checker.
std::optional<Bad> Checker::ReadEvents(const json& manifest) {
  int format = manifest.value("format", 1);
  if (format == 1) {
    return Bad{revision::kManifest,
               "paketet har det äldre formatet 1 (en fil per händelse i events/ och proofs/), som denna "
               "arshjul-verify inte läser: be kommunen om ett nytt paket"};
  }
  if (format != revision::kFormat) {
    return Bad{revision::kManifest, "okänt paketformat " + std::to_string(format) + " (denna arshjul-verify läser format " +
                                        std::to_string(revision::kFormat) + ")"};
  }
  auto bin = Read(revision::kEventsBin);
  if (!bin) return Bad{revision::kEventsBin, "filen saknas"};
  bin_ = std::move(*bin);
  if (auto bad = ReadJson(revision::kEventsJson, &events_json_)) return bad;
  if (!events_json_.is_array()) return Bad{revision::kEventsJson, "filen är ingen JSON-lista av händelser"};
  return std::nullopt;
}

std::optional<Bad> Checker::CheckPrevious() {
  auto prev_note = Read(revision::kPreviousCheckpoint);
  if (!prev_note) return std::nullopt;
  auto prev = storage::VerifyCheckpoint(*prev_note, key_);
  if (!prev.ok()) return Bad{revision::kPreviousCheckpoint, prev.status().message()};
  json j;
  if (auto bad = ReadJson(revision::kConsistencyProof, &j)) return bad;
  std::vector<Hash> path;
  if (j.value("from", UINT64_MAX) != prev->size || j.value("to", uint64_t{0}) != cp_.size ||
      !Hashes(j.value("proof", json()), &path)) {
    return Bad{revision::kConsistencyProof, "beviset gäller inte checkpointernas storlekar"};
  }
  Status st = storage::merkle::VerifyConsistency(prev->size, cp_.size, path, prev->root, cp_.root);
  if (!st.ok()) {
    return Bad{revision::kConsistencyProof,
               "loggen är inte en fortsättning av den förra checkpointen (storlek " + std::to_string(prev->size) +
                   "): " + st.message()};
  }
  return std::nullopt;
}

std::optional<Bad> Checker::Run(const std::optional<std::string>& key_file, std::string* summary) {
  std::optional<std::string> key_text;
  std::string key_item = key_file ? *key_file : revision::kPublicKey;
  if (key_file) {
    std::ifstream f(*key_file);
    std::stringstream ss;
    ss << f.rdbuf();
    if (f) key_text = ss.str();
  } else {
    key_text = Read(revision::kPublicKey);
  }
  if (!key_text) return Bad{key_item, "nyckelfilen kan inte läsas"};
  auto key = storage::ParseVerifierKey(*key_text);
  if (!key.ok()) return Bad{key_item, key.status().message()};
  key_ = *key;
  auto note = Read(revision::kCheckpoint);
  if (!note) return Bad{revision::kCheckpoint, "filen saknas"};
  auto cp = storage::VerifyCheckpoint(*note, key_);
  if (!cp.ok()) return Bad{revision::kCheckpoint, cp.status().message()};
  cp_ = *cp;
  if (auto bad = CheckPrevious()) return bad;

  json manifest;
  if (auto bad = ReadJson(revision::kManifest, &manifest)) return bad;
  if (manifest.value("checkpoint_size", uint64_t{0}) != cp_.size || !manifest.contains("events") ||
      !manifest["events"].is_array()) {
    return Bad{revision::kManifest, "manifestet anger en annan checkpoint eller saknar händelselistan"};
  }
  if (auto bad = ReadEvents(manifest)) return bad;
  auto schemas = revision::PayloadSchemas::Load((dir_ / "schema").string(), "domain.capnp");
  if (!schemas.ok()) return Bad{revision::kDomainSchema, schemas.status().message()};
  uint64_t previous = 0;
  for (size_t i = 0; i < manifest["events"].size(); ++i) {
    const json& entry = manifest["events"][i];
    if (auto bad = CheckEvent(i, entry, **schemas)) return bad;
    uint64_t pos = entry["position"].get<uint64_t>();
    if (i > 0 && pos <= previous) return Bad{revision::kManifest, "händelserna står inte i positionsordning"};
    previous = pos;
  }
  if (bin_end_ != bin_.size()) {
    return Bad{revision::kEventsBin, "filen har " + std::to_string(bin_.size() - bin_end_) +
                                         " byte efter den sista händelsen som manifestet anger"};
  }
  if (events_json_.size() != manifest["events"].size()) {
    return Bad{revision::kEventsJson, "filen har " + std::to_string(events_json_.size()) + " händelser men manifestet " +
                                          std::to_string(manifest["events"].size())};
  }
  if (auto bad = CheckProof()) return bad;
  *summary = std::to_string(manifest["events"].size()) + " händelser för " + manifest.value("organ", "") + " " +
             manifest.value("from", "") + "–" + manifest.value("to", "") + " ingår i checkpointen " + cp_.origin +
             " (storlek " + std::to_string(cp_.size) + ", " + cp_.time + ", rot " + storage::HashToHex(cp_.root) + ")";
  if (Read(revision::kPreviousCheckpoint)) *summary += ", som fortsätter den förra checkpointen";
  if (!key_file) *summary += "\nOBS: nyckeln togs ur paketet; kontrollera med er egen kopia: --key FIL";
  return std::nullopt;
}

}  // namespace

Verdict VerifyPackage(const std::string& package_dir, const std::optional<std::string>& key_file) {
  Verdict v;
  std::error_code ec;
  if (package_dir.ends_with(".zip") && fs::is_regular_file(package_dir, ec)) {
    char tmpl[] = "/tmp/arshjul-verify-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      v.item = package_dir;
      v.problem = "kunde inte skapa en tillfällig mapp";
      return v;
    }
    Status st = revision::UnzipInto(package_dir, tmpl);
    if (st.ok()) {
      v = VerifyPackage(tmpl, key_file);
    } else {
      v.item = package_dir;
      v.problem = "paketet kunde inte packas upp: " + st.message();
    }
    fs::remove_all(tmpl, ec);
    return v;
  }
  if (!fs::is_directory(package_dir, ec)) {
    v.item = package_dir;
    v.problem = "paketet finns inte eller är ingen mapp eller .zip-fil";
    return v;
  }
  Checker checker{fs::path(package_dir)};
  try {
    auto bad = checker.Run(key_file, &v.summary);
    if (bad) {
      v.item = bad->item;
      v.problem = bad->problem;
      return v;
    }
  } catch (const std::exception& e) {
    v.item = package_dir;
    v.problem = std::string("paketet kunde inte läsas: ") + e.what();
    return v;
  }
  v.ok = true;
  return v;
}

}  // namespace arshjul::verify
