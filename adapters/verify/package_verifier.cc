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
  std::optional<Bad> CheckEvent(const json& entry, const revision::PayloadSchemas& schemas);
  std::optional<Bad> CheckPrevious();

  fs::path dir_;
  storage::VerifierKey key_;
  storage::Checkpoint cp_;
  std::map<std::string, uint64_t> last_version_;
};

std::optional<Bad> Checker::CheckEvent(const json& entry, const revision::PayloadSchemas& schemas) {
  if (!entry.is_object() || !entry.contains("position") || !entry["position"].is_number_unsigned()) {
    return Bad{revision::kManifest, "en händelsepost saknar position"};
  }
  uint64_t pos = entry["position"].get<uint64_t>();
  std::string bin_name = revision::EventFile(pos, "bin"), json_name = revision::EventFile(pos, "json");
  auto bin = Read(bin_name);
  if (!bin) return Bad{bin_name, "händelsen saknas i paketet"};
  auto e = storage::DecodeCanonicalEnvelope(*bin);
  if (!e.ok()) return Bad{bin_name, "händelsen kan inte avkodas: " + e.status().message()};
  if (e->position != pos || e->stream != entry.value("stream", "") || e->stream_version != entry.value("version", uint64_t{0}) ||
      e->type != entry.value("type", "")) {
    return Bad{bin_name, "händelsen stämmer inte med manifestet: den bär position " + std::to_string(e->position) +
                             ", ström " + e->stream + " version " + std::to_string(e->stream_version) + ", typ " +
                             e->type + "; manifestet anger position " + std::to_string(pos) + ", ström " +
                             entry.value("stream", "") + " version " + std::to_string(entry.value("version", uint64_t{0}))};
  }
  auto last = last_version_.find(e->stream);
  if (last != last_version_.end() && e->stream_version != last->second + 1) {
    return Bad{bin_name, "strömmen " + e->stream + " hoppar från version " + std::to_string(last->second) + " till " +
                             std::to_string(e->stream_version) + " (en händelse saknas eller har flyttats)"};
  }
  last_version_[e->stream] = e->stream_version;
  json proof;
  std::string proof_name = revision::ProofFile(pos);
  if (auto bad = ReadJson(proof_name, &proof)) return bad;
  std::vector<Hash> path;
  if (proof.value("position", UINT64_MAX) != pos || proof.value("size", uint64_t{0}) != cp_.size ||
      !Hashes(proof.value("proof", json()), &path)) {
    return Bad{proof_name, "beviset gäller inte denna position och checkpointens storlek"};
  }
  Status st = storage::merkle::VerifyInclusion(pos, cp_.size, storage::merkle::LeafHash(*bin), path, cp_.root);
  if (!st.ok()) {
    return Bad{bin_name, "händelsen ingår inte i checkpointens träd enligt " + proof_name + ": " + st.message()};
  }
  json shown;
  if (auto bad = ReadJson(json_name, &shown)) return bad;
  auto expected = revision::EventJson(*e, *bin, schemas);
  if (!expected.ok()) return Bad{bin_name, "innehållet kan inte avkodas: " + expected.status().message()};
  if (shown != *expected) {
    std::string field;
    for (auto& [k, v] : expected->items()) {
      if (!shown.contains(k) || shown[k] != v) {
        field = k;
        break;
      }
    }
    if (field.empty()) field = "(extra fält)";
    return Bad{json_name, "JSON-filen stämmer inte med de kanoniska byten (fältet " + field + ")"};
  }
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
  auto schemas = revision::PayloadSchemas::Load((dir_ / "schema").string(), "domain.capnp");
  if (!schemas.ok()) return Bad{revision::kDomainSchema, schemas.status().message()};
  uint64_t previous = 0;
  bool first = true;
  for (const json& entry : manifest["events"]) {
    if (auto bad = CheckEvent(entry, **schemas)) return bad;
    uint64_t pos = entry["position"].get<uint64_t>();
    if (!first && pos <= previous) return Bad{revision::kManifest, "händelserna står inte i positionsordning"};
    previous = pos;
    first = false;
  }
  size_t files = 0;
  for (const auto& f : fs::directory_iterator(dir_ / "events")) files += f.path().extension() == ".bin";
  if (files != manifest["events"].size()) {
    return Bad{revision::kManifest, "events/ har " + std::to_string(files) + " händelser men manifestet " +
                                        std::to_string(manifest["events"].size())};
  }
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
