// Event JSON and payload decoding for the revision package (package_format.h).
#include "package_format.h"

#include "checkpoint_log.h"

#include <capnp/compat/json.h>
#include <capnp/schema-parser.h>
#include <capnp/serialize.h>
#include <kj/filesystem.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <vector>

namespace arshjul::revision {

std::string EventItem(const char* file, uint64_t position) {
  return std::string(file) + ", position " + std::to_string(position);
}

struct PayloadSchemas::Impl {
  capnp::SchemaParser parser;
  kj::Own<kj::Filesystem> fs = kj::newDiskFilesystem();
  std::map<std::string, capnp::StructSchema, std::less<>> structs;
};

PayloadSchemas::~PayloadSchemas() = default;

Result<std::unique_ptr<PayloadSchemas>> PayloadSchemas::Load(const std::string& dir, const std::string& file) {
  auto out = std::unique_ptr<PayloadSchemas>(new PayloadSchemas);
  out->impl_ = std::make_unique<Impl>();
  try {
    auto& fs = *out->impl_->fs;
    kj::Path path = fs.getCurrentPath().evalNative(dir.c_str());
    kj::Own<const kj::ReadableDirectory> d = fs.getRoot().openSubdir(path);
    capnp::ParsedSchema parsed = out->impl_->parser.parseFromDirectory(*d, kj::Path::parse(file.c_str()), nullptr);
    for (capnp::ParsedSchema nested : parsed.getAllNested()) {
      if (nested.getProto().isStruct()) {
        auto name = nested.getUnqualifiedName();
        out->impl_->structs.emplace(std::string(name.cStr(), name.size()), nested.asStruct());
      }
    }
  } catch (const kj::Exception& e) {
    return Status::InvalidArgument("schemat " + file + " kunde inte läsas: " + e.getDescription().cStr(), file);
  }
  return out;
}

Result<nlohmann::json> PayloadSchemas::PayloadJson(std::string_view type, std::string_view payload) const {
  auto it = impl_->structs.find(type);
  if (it == impl_->structs.end()) return Status::NotFound("schemat saknar händelsetypen " + std::string(type));
  if (payload.empty()) return nlohmann::json::object();
  std::vector<capnp::word> words((payload.size() + 7) / 8);
  std::memcpy(words.data(), payload.data(), payload.size());
  try {
    capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
    capnp::JsonCodec codec;
    kj::String text = codec.encode(reader.getRoot<capnp::DynamicStruct>(it->second));
    return nlohmann::json::parse(std::string(text.cStr(), text.size()));
  } catch (const kj::Exception& e) {
    return Status::Corruption(std::string("innehållet kan inte avkodas: ") + e.getDescription().cStr());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("innehållets JSON är ogiltig: ") + e.what());
  }
}

nlohmann::json EnvelopeJson(const storage::RecordedEvent& e) {
  return {{"position", e.position},
          {"stream", e.stream},
          {"version", e.stream_version},
          {"type", e.type},
          {"schema_version", e.schema_version},
          {"event_id", e.event_id.ToHex()},
          {"recorded_at", FormatTimestamp(e.recorded_at)},
          {"effective_at", FormatTimestamp(e.effective_at)},
          {"actor", {{"person", e.actor.person_id}, {"role", e.actor.role}, {"organ", e.actor.organ}}},
          {"command_id", e.command_id},
          {"causation_id", e.causation_id.IsZero() ? "" : e.causation_id.ToHex()},
          {"correlation_id", e.correlation_id.IsZero() ? "" : e.correlation_id.ToHex()},
          {"prev_hash", storage::HashToHex(e.prev_hash)}};
}

Result<nlohmann::json> EventJson(const storage::RecordedEvent& e, std::string_view canonical,
                                 const PayloadSchemas& schemas) {
  nlohmann::json payload;
  if (e.type == kCheckpointEventType) {
    // A storage-level event: its payload is JSON text ({note, public_key}), shown as that JSON.
    payload = nlohmann::json::parse(e.payload, nullptr, false);
    if (payload.is_discarded()) payload = std::string(e.payload);
  } else {
    auto p = schemas.PayloadJson(e.type, e.payload);
    if (!p.ok()) return p.status();
    payload = std::move(p).value();
  }
  nlohmann::json j = EnvelopeJson(e);
  j["leaf_hash"] = storage::HashToHex(storage::merkle::LeafHash(canonical));
  j["payload"] = std::move(payload);
  return j;
}

std::string PortableSchema(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
    text.remove_prefix(line.size());
    if (line.find("/capnp/c++.capnp") != std::string_view::npos) continue;
    out.append(line);
  }
  return out;
}

std::string ProofJsonText(const nlohmann::json& j) { return j.dump(2) + "\n"; }

namespace {

// Runs argv[0] (looked up on PATH) in `cwd`, output discarded; Ok when it exits 0.
Status RunProgram(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("kunde inte starta " + args[0]);
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return Status::IOError(args[0] + " misslyckades (kod " + std::to_string(code) +
                           (code == 127 ? ": programmet saknas, installera paketet " + args[0] : "") + ")");
  }
  return Status::Ok();
}

std::string Absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[4096];
  return std::string(::getcwd(buf, sizeof buf) ? buf : ".") + "/" + path;
}

}  // namespace

Status ZipFolder(const std::string& folder, const std::string& zip_path) {
  return RunProgram({"zip", "-q", "-r", "-X", Absolute(zip_path), "."}, folder);
}

Status UnzipInto(const std::string& zip_path, const std::string& folder) {
  return RunProgram({"unzip", "-q", Absolute(zip_path), "-d", Absolute(folder)}, ".");
}

}  // namespace arshjul::revision
