#include "revision_commands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "arshjul/storage/checkpoint.h"
#include "arshjul/storage/verifiable_log.h"
#include "exit_codes.h"
#include "proof_json.h"

namespace arshjul::cli {
namespace {

// Writes `text` to a new file with `mode`; refuses to overwrite.
Status WriteNewFile(const std::string& path, const std::string& text, mode_t mode, const char* field) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return Status::InvalidArgument("kunde inte skapa " + path + " (" + std::strerror(errno) + "; en befintlig nyckel skrivs aldrig över)", field);
  }
  bool ok = ::fchmod(fd, mode) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IOError("kunde inte skriva " + path);
  return Status::Ok();
}

int RunKeygen(const CliContext& ctx, const std::string& name, const std::string& out) {
  auto pair = storage::GenerateKeyPair(name);
  if (!pair.ok()) return ctx.Fail(pair.status());
  Status st = WriteNewFile(out + ".key", pair->first, 0600, "--out");
  if (st.ok()) st = WriteNewFile(out + ".pub", pair->second, 0644, "--out");
  if (!st.ok()) return ctx.Fail(st);
  *ctx.out << "nyckelpar skapat: " << out << ".key (privat, endast ägaren kan läsa den) och " << out
           << ".pub (publik: ge den till revisorerna)\n";
  return kExitOk;
}

int RunCheckpoint(const CliContext& ctx, const std::string& key_file, const std::string& out_file) {
  auto key_text = ReadTextFile(key_file, "--key");
  if (!key_text.ok()) return ctx.Fail(key_text.status());
  auto key = storage::ParseSigningKey(*key_text);
  if (!key.ok()) return ctx.Fail(key.status());
  auto store = ctx.OpenStore();
  if (!store.ok()) return ctx.Fail(store.status());
  auto head = (*store)->CurrentTree();
  if (!head.ok()) return ctx.Fail(head.status());
  auto cp = revision::PublishCheckpoint(**store, *key, ctx.clock->Now(), revision::HeadCheckpointCommandId(*head));
  if (!cp.ok()) return ctx.Fail(cp.status());
  if (!out_file.empty()) {
    std::ofstream f(out_file, std::ios::binary | std::ios::trunc);
    f << cp->note;
    if (!f) return ctx.Fail(Status::IOError("kunde inte skriva " + out_file));
  }
  *ctx.out << cp->note;
  return kExitOk;
}

int RunInclusion(const CliContext& ctx, uint64_t position, std::optional<uint64_t> size) {
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  auto p = storage::ProveInclusion(**store, position, size);
  if (!p.ok()) return ctx.Fail(p.status());
  *ctx.out << revision::InclusionProofJson(*p).dump(2) << "\n";
  return kExitOk;
}

int RunConsistency(const CliContext& ctx, uint64_t from, std::optional<uint64_t> to) {
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  auto p = storage::ProveConsistency(**store, from, to);
  if (!p.ok()) return ctx.Fail(p.status());
  *ctx.out << revision::ConsistencyProofJson(*p).dump(2) << "\n";
  return kExitOk;
}

}  // namespace

Result<std::string> ReadTextFile(const std::string& path, const std::string& field) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::InvalidArgument("kunde inte läsa filen " + path, field);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

int VerifyAgainstCheckpoint(const CliContext& ctx, storage::EventStore& store, const std::string& checkpoint_file,
                            const std::string& key_file) {
  auto note = ReadTextFile(checkpoint_file, "--checkpoint");
  auto key_text = ReadTextFile(key_file, "--key");
  if (!note.ok()) return ctx.Fail(note.status());
  if (!key_text.ok()) return ctx.Fail(key_text.status());
  auto key = storage::ParseVerifierKey(*key_text);
  if (!key.ok()) return ctx.Fail(key.status().WithContext("--key"));
  auto cp = storage::VerifyCheckpoint(*note, *key);
  auto fail = [&](const std::string& why) {
    *ctx.out << "verifiering MISSLYCKADES: " << checkpoint_file << ": " << why << "\n";
    return kExitIntegrity;
  };
  if (!cp.ok()) return fail(cp.status().message());
  auto head = store.CurrentTree();
  if (!head.ok()) return ctx.Fail(head.status());
  if (cp->size > head->size) {
    return fail("checkpointen täcker " + std::to_string(cp->size) + " händelser men loggen har bara " +
                std::to_string(head->size) + " (loggen har kapats)");
  }
  auto proof = storage::ProveConsistency(store, cp->size, head->size);
  if (!proof.ok()) return ctx.Fail(proof.status());
  Status st = storage::merkle::VerifyConsistency(cp->size, head->size, proof->proof, cp->root, head->root);
  if (!st.ok()) {
    return fail("dagens logg är inte en fortsättning av checkpointens logg (storlek " + std::to_string(cp->size) +
                "): " + st.message());
  }
  *ctx.out << "checkpoint " << cp->origin << " storlek " << cp->size << " (" << cp->time
           << "): signaturen stämmer och dagens logg (" << head->size << " händelser) är en fortsättning av den\n";
  return kExitOk;
}

void AddRevisionCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto name = std::make_shared<std::string>("arshjul");
  auto key_out = std::make_shared<std::string>();
  auto* keygen = app.add_subcommand("keygen", "Skapa ett Ed25519-nyckelpar för checkpoints (FIL.key 0600, FIL.pub)");
  keygen->add_option("--name", *name, "Loggens namn i checkpointen, t.ex. exempelkommun.se/arshjul")->capture_default_str();
  keygen->add_option("--out", *key_out, "Filnamn utan ändelse")->required();
  keygen->callback([&ctx, name, key_out, exit_code] { *exit_code = RunKeygen(ctx, *name, *key_out); });

  auto key = std::make_shared<std::string>();
  auto cp_out = std::make_shared<std::string>();
  auto* checkpoint = app.add_subcommand("checkpoint", "Signera trädets huvud (C2SP-checkpoint) och registrera det i loggen");
  checkpoint->add_option("--key", *key, "Den privata nyckeln (från keygen)")->required();
  checkpoint->add_option("--out", *cp_out, "Skriv också checkpointen till denna fil");
  checkpoint->callback([&ctx, key, cp_out, exit_code] { *exit_code = RunCheckpoint(ctx, *key, *cp_out); });

  auto* proof = app.add_subcommand("proof", "Bevis ur Merkleträdet som JSON (RFC 9162)");
  proof->require_subcommand(1);
  auto position = std::make_shared<uint64_t>(0);
  auto size = std::make_shared<std::optional<uint64_t>>();
  auto* inclusion = proof->add_subcommand("inclusion", "Bevis att händelsen på en position ingår i trädet");
  inclusion->add_option("--position", *position, "Händelsens globala position")->required();
  inclusion->add_option("--size", *size, "Trädets storlek (standard: hela loggen)");
  inclusion->callback([&ctx, position, size, exit_code] { *exit_code = RunInclusion(ctx, *position, *size); });
  auto from = std::make_shared<uint64_t>(0);
  auto to = std::make_shared<std::optional<uint64_t>>();
  auto* consistency = proof->add_subcommand("consistency", "Bevis att loggen av storlek --to fortsätter den av storlek --from");
  consistency->add_option("--from", *from, "Den tidigare storleken")->required();
  consistency->add_option("--to", *to, "Den senare storleken (standard: hela loggen)");
  consistency->callback([&ctx, from, to, exit_code] { *exit_code = RunConsistency(ctx, *from, *to); });

  auto organ = std::make_shared<std::string>();
  auto period_from = std::make_shared<std::string>();
  auto period_to = std::make_shared<std::string>();
  auto out_dir = std::make_shared<std::string>();
  auto* package = app.add_subcommand("revision-package", "Skapa ett revisionspaket som arshjul-verify kontrollerar utan databasen");
  package->add_option("--organ", *organ, "Organet (t.ex. bun)")->required();
  package->add_option("--from", *period_from, "Periodens första dag ÅÅÅÅ-MM-DD")->required();
  package->add_option("--to", *period_to, "Periodens sista dag ÅÅÅÅ-MM-DD")->required();
  package->add_option("--out", *out_dir, "Mapp för paketet, eller FIL.zip (skapas; får inte finnas)")->required();
  package->callback([&ctx, organ, period_from, period_to, out_dir, exit_code] {
    *exit_code = RunRevisionPackage(ctx, *organ, *period_from, *period_to, *out_dir);
  });
}

}  // namespace arshjul::cli
