// `arshjul revision-package`: the offline package for one organ's period
// (adapters/revision/package_format.h describes the layout).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "arshjul/cli/embedded_schemas.h"
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/storage/checkpoint.h"
#include "arshjul/storage/merkle_multiproof.h"
#include "arshjul/storage/verifiable_log.h"
#include "domain_commands.h"
#include "show_command.h"
#include "exit_codes.h"
#include "package_format.h"
#include "revision_commands.h"

namespace arshjul::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using revision::PublishedCheckpoint;

Status WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) return Status::IOError("kunde inte skriva " + path.string());
  return Status::Ok();
}

struct Period {
  std::string organ;
  engine::Date from, to;
};

bool InPeriod(const storage::RecordedEvent& e, const Period& p) {
  if (!e.stream.starts_with("organ/" + p.organ + "/")) return false;
  engine::Date d = engine::LocalDate(e.effective_at);
  return d >= p.from && d <= p.to;
}

// `arshjul show VIEW --organ O --as-of TO --format json` into a string.
std::string ShowView(const CliContext& ctx, const std::string& view, const std::string& organ, const std::string& to) {
  std::ostringstream out, err;
  CliContext sub_ctx = ctx;
  sub_ctx.out = &out;
  sub_ctx.err = &err;
  CLI::App sub;
  int code = kExitOk;
  AddShowCommand(sub, sub_ctx, &code);
  try {
    sub.parse("show " + view + " --organ " + organ + " --as-of " + to + " --format json", false);
  } catch (const CLI::ParseError&) {
    return "";
  }
  return code == kExitOk ? out.str() : "";
}

// The leaf hash of the event at `position`, read from the store's tree (level-0
// subtree), after checking that it is the hash of the bytes the package holds.
Result<storage::Hash> LeafFromTree(const storage::merkle::SubtreeSource& tree, uint64_t position,
                                   std::string_view canonical) {
  auto leaf = tree.Subtree(0, position);
  if (!leaf.ok()) return leaf.status();
  if (*leaf != storage::merkle::LeafHash(canonical)) {
    return Status::Corruption("trädets löv vid position " + std::to_string(position) +
                              " stämmer inte med händelsens byte: kör arshjul verify");
  }
  return *leaf;
}

// events.bin (the canonical bytes back to back), events.json (one array) and
// the manifest's entries, which index events.bin; the leaf hashes into *leaves.
Status WriteEvents(const storage::merkle::SubtreeSource& tree, const std::vector<storage::RecordedEvent>& selected,
                   const revision::PayloadSchemas& schemas, const fs::path& dir, json* entries,
                   std::vector<storage::Hash>* leaves) {
  std::string bin;
  json all = json::array();
  for (const auto& e : selected) {
    std::string canonical = storage::CanonicalEnvelope(e);
    auto leaf = LeafFromTree(tree, e.position, canonical);
    if (!leaf.ok()) return leaf.status();
    auto j = revision::EventJson(e, canonical, schemas);
    if (!j.ok()) return j.status().WithContext("position " + std::to_string(e.position));
    entries->push_back({{"position", e.position}, {"stream", e.stream}, {"version", e.stream_version},
                        {"type", e.type}, {"leaf_hash", storage::HashToHex(*leaf)}, {"offset", bin.size()},
                        {"length", canonical.size()}});
    bin += canonical;
    all.push_back(std::move(j).value());
    leaves->push_back(*leaf);
  }
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kEventsBin, bin));
  return WriteFile(dir / revision::kEventsJson, all.dump(2) + "\n");
}

// One proof that all the events are in the checkpoint's tree, checked against
// its root before it is written (a store that no longer matches its
// checkpoint makes no package).
Status WriteProof(const storage::merkle::SubtreeSource& tree, const std::vector<uint64_t>& positions,
                  const std::vector<storage::Hash>& leaves, const storage::Checkpoint& cp, const fs::path& dir) {
  json j = {{"size", cp.size}, {"positions", positions}, {"proof", json::array()}};
  if (!positions.empty()) {
    auto proof = storage::merkle::MultiInclusionProof(tree, positions, cp.size);
    if (!proof.ok()) return proof.status();
    if (!storage::merkle::VerifyMultiInclusion(positions, leaves, cp.size, *proof, cp.root).ok()) {
      return Status::Corruption("loggen stämmer inte med den senaste checkpointen (storlek " + std::to_string(cp.size) +
                                ")");
    }
    for (const auto& h : *proof) j["proof"].push_back(storage::HashToHex(h));
  }
  return WriteFile(dir / revision::kProof, revision::ProofJsonText(j));
}

std::string Readme(const Period& p, const std::string& from, const std::string& to, uint64_t count) {
  return "Revisionspaket för " + p.organ + ", " + from + " till " + to + "\n\n" +
         "Paketet innehåller organets " + std::to_string(count) +
         " händelser under perioden:\n\n"
         "  events.json             händelserna i läsbar form (JSON), i positionsordning\n"
         "  events.bin              samma händelser som kanoniska byte, efter varandra; det är dem\n"
         "                          Merkleträdet och signaturen gäller\n"
         "  manifest.json           förteckningen: varje händelses position, ström, version, typ,\n"
         "                          lövhash och var i events.bin dess byte står (offset, length)\n"
         "  proof.json              ett enda bevis för att alla händelserna ingår i trädet som den\n"
         "                          signerade checkpointen (checkpoint.txt) anger\n"
         "  consistency-proof.json  att loggen är en fortsättning av den förra publicerade\n"
         "                          checkpointen (previous-checkpoint.txt)\n"
         "  read-models/            läget vid periodens slut\n\n"
         "Kontrollera paketet utan databasen, med den publika nyckel ni själva fått från kommunen:\n\n"
         "    arshjul-verify PAKET --key kommunens-nyckel.pub\n\n"
         "Programmet kontrollerar signaturen, bevisen, att varje händelse kan avkodas, att dess JSON är\n"
         "vad de kanoniska byten säger och att ingen version saknas inom en ström. Det skriver GODKÄNT\n"
         "(kod 0) eller UNDERKÄNT med det första felet (kod 4): filen och, i events.bin och events.json,\n"
         "händelsens position.\n"
         "Jämför också checkpointen med de kopior kommunen skickat till er under året.\n";
}

Status ParsePeriod(const std::string& organ, const std::string& from, const std::string& to, Period* p) {
  auto f = engine::ParseDate(from);
  auto t = engine::ParseDate(to);
  if (!f) return Status::InvalidArgument("--from ska vara ett datum ÅÅÅÅ-MM-DD, inte '" + from + "'", "--from");
  if (!t || *t < *f) return Status::InvalidArgument("--to ska vara ett datum ÅÅÅÅ-MM-DD från och med --from", "--to");
  if (organ.empty() || organ.find_first_of("/ ") != std::string::npos) {
    return Status::InvalidArgument("ogiltigt organ '" + organ + "'", "--organ");
  }
  *p = Period{organ, *f, *t};
  return Status::Ok();
}

// The organ's events of the period; all must lie inside the checkpoint's tree.
Result<std::vector<storage::RecordedEvent>> SelectEvents(storage::EventStore& store, const Period& period,
                                                         uint64_t size) {
  std::vector<storage::RecordedEvent> selected;
  auto cur = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  while (true) {
    auto more = cur->Next();
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (!InPeriod(cur->event(), period)) continue;
    if (cur->event().position >= size) {
      return Status::InvalidArgument("den senaste checkpointen (storlek " + std::to_string(size) +
                                     ") täcker inte alla periodens händelser: kör arshjul checkpoint först");
    }
    selected.push_back(cur->event());
  }
  return selected;
}

Status WriteConsistency(storage::EventStore& store, const PublishedCheckpoint& prev, uint64_t size,
                        const fs::path& dir) {
  auto proof = storage::ProveConsistency(store, prev.parsed.size, size);
  if (!proof.ok()) return proof.status();
  json j = {{"from", prev.parsed.size}, {"to", size}, {"proof", json::array()}};
  for (const auto& h : proof->proof) j["proof"].push_back(storage::HashToHex(h));
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kPreviousCheckpoint, prev.note));
  return WriteFile(dir / revision::kConsistencyProof, revision::ProofJsonText(j));
}

Status WriteReadModels(const CliContext& ctx, const Period& period, const std::string& to, const fs::path& dir) {
  for (const char* view : {"decisions", "assignments", "goals", "forecasts", "internal-control", "follow-ups", "economy",
                           "delegations", "findings"}) {
    std::string text = ShowView(ctx, view, period.organ, to);
    if (!text.empty()) ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / "read-models" / (std::string(view) + ".json"), text));
  }
  return Status::Ok();
}

Status WritePackage(const CliContext& ctx, storage::EventStore& store, const Period& period, const std::string& from,
                    const std::string& to, const fs::path& dir, uint64_t* count) {
  auto cps = revision::RecentCheckpoints(store, 2);
  if (!cps.ok()) return cps.status();
  if (cps->empty()) {
    return Status::InvalidArgument("loggen har ingen checkpoint ännu: kör först arshjul checkpoint --key NYCKEL");
  }
  const PublishedCheckpoint& cp = cps->back();
  uint64_t size = cp.parsed.size;
  auto selected = SelectEvents(store, period, size);
  if (!selected.ok()) return selected.status();
  std::error_code ec;
  for (const char* sub : {"schema", "read-models"}) fs::create_directories(dir / sub, ec);
  if (ec) return Status::IOError("kunde inte skapa " + dir.string() + ": " + ec.message());
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kDomainSchema, revision::PortableSchema(kDomainSchemaText)));
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kEnvelopeSchema, revision::PortableSchema(kEnvelopeSchemaText)));
  auto schemas = revision::PayloadSchemas::Load((dir / "schema").string(), "domain.capnp");
  if (!schemas.ok()) return schemas.status();
  json manifest = {{"format", revision::kFormat}, {"organ", period.organ}, {"from", from}, {"to", to},
                   {"checkpoint_size", size}, {"events", json::array()}};
  auto tree = store.Tree();
  if (!tree.ok()) return tree.status();
  std::vector<storage::Hash> leaves;
  ARSHJUL_RETURN_IF_ERROR(WriteEvents(**tree, *selected, **schemas, dir, &manifest["events"], &leaves));
  std::vector<uint64_t> positions;
  for (const auto& e : *selected) positions.push_back(e.position);
  ARSHJUL_RETURN_IF_ERROR(WriteProof(**tree, positions, leaves, cp.parsed, dir));
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kCheckpoint, cp.note));
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kPublicKey, cp.public_key + "\n"));
  if (cps->size() == 2) ARSHJUL_RETURN_IF_ERROR(WriteConsistency(store, cps->front(), size, dir));
  ARSHJUL_RETURN_IF_ERROR(WriteReadModels(ctx, period, to, dir));
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kManifest, manifest.dump(2) + "\n"));
  ARSHJUL_RETURN_IF_ERROR(WriteFile(dir / revision::kReadme, Readme(period, from, to, selected->size())));
  *count = selected->size();
  return Status::Ok();
}

}  // namespace

Status MakeRevisionPackage(const CliContext& ctx, storage::EventStore& store, const std::string& organ,
                           const std::string& from, const std::string& to, const std::string& out, uint64_t* count) {
  Period period;
  ARSHJUL_RETURN_IF_ERROR(ParsePeriod(organ, from, to, &period));
  bool zip = out.size() > 4 && out.ends_with(".zip");
  fs::path dir(zip ? out + ".tmp" : out);
  std::error_code ec;
  if (fs::exists(out, ec) || fs::exists(dir, ec)) return Status::InvalidArgument(out + " finns redan", "--out");
  Status st = WritePackage(ctx, store, period, from, to, dir, count);
  if (st.ok() && zip) st = revision::ZipFolder(dir.string(), out);
  if (!st.ok() || zip) fs::remove_all(dir, ec);  // nothing half-written is left behind
  if (!st.ok() && zip) fs::remove(out, ec);
  return st;
}

Result<std::string> RevisionPackageZip(const CliContext& ctx, storage::EventStore& store, const std::string& organ,
                                       const std::string& from, const std::string& to) {
  std::string tmpl = (fs::temp_directory_path() / "arshjul-paket-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::IOError("kunde inte skapa en tillfällig mapp");
  std::string zip = tmpl + "/revisionspaket.zip";
  uint64_t count = 0;
  Status st = MakeRevisionPackage(ctx, store, organ, from, to, zip, &count);
  Result<std::string> bytes = st.ok() ? ReadTextFile(zip, "zip") : Result<std::string>(st);
  std::error_code ec;
  fs::remove_all(tmpl, ec);
  return bytes;
}

int RunRevisionPackage(const CliContext& ctx, const std::string& organ, const std::string& from,
                       const std::string& to, const std::string& out_dir) {
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  uint64_t count = 0;
  if (Status st = MakeRevisionPackage(ctx, **store, organ, from, to, out_dir, &count); !st.ok()) return ctx.Fail(st);
  *ctx.out << "revisionspaket i " << out_dir << ": " << count << " händelser för " << organ << " " << from << "–"
           << to << "\n";
  return kExitOk;
}

}  // namespace arshjul::cli
