// handler_bench [--seconds=N] [--dir=PARENT]: the in-process baseline of the
// service benchmark (tests/bench/service_bench.py) — the example kommun's
// organisation in a RocksDB store (synced appends, as serve opens it), then
// RecordDecision commands through CommandHandler::HandleAs, one at a time,
// for N seconds. Prints "handler_commands_per_second <rate>".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/organization_changes.h"
#include "arshjul/workflows/organization_loader.h"

using namespace arshjul;

int main(int argc, char** argv) {
  double seconds = 5;
  std::string parent = std::filesystem::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.starts_with("--seconds=")) seconds = std::atof(a.c_str() + 10);
    if (a.starts_with("--dir=")) parent = a.substr(6);
  }
  if (!engine::LoadStockholmTimeZone().ok()) return 1;
  std::string dir = parent + "/arshjul-handler-bench-" + std::to_string(getpid());
  SystemClock clock;
  RandomIdSource ids;
  storage::StoreOptions o;
  o.clock = &clock;
  o.ids = &ids;
  o.types = engine::StoreTypeRegistry();
  auto store = storage::OpenStore(dir, o);
  if (!store.ok()) return 1;
  engine::CommandHandler handler(**store, clock);
  auto org = workflows::LoadOrganization(ARSHJUL_SOURCE_DIR "/workflows/examples/exempelkommun/organization.yaml");
  if (!org.ok()) return 1;
  for (const auto& c : engine::DiffOrganization({}, *org, {"system", "system", "ks"}, "init").commands) {
    if (!handler.Handle(c).ok()) return 1;
  }
  uint64_t n = 0;
  auto start = std::chrono::steady_clock::now();
  std::chrono::duration<double> elapsed{};
  while (elapsed.count() < seconds) {
    engine::Command c;
    c.name = "RecordDecision";
    c.command_id = "bench/" + std::to_string(n);
    c.actor = {"sara-lindqvist", "namndsekreterare", "bun"};
    c.payload_json = R"({"id":"bun-bench-)" + std::to_string(n) +
                     R"(","organ":"bun","meetingDate":"2026-04-21","minuteItem":"§ )" + std::to_string(n + 1) +
                     R"(","registryNumber":"BUN/2026:1",)"
                     R"("title":"Benchmark","decides":"other"})";
    auto r = handler.HandleAs("sara-lindqvist", c);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    ++n;
    elapsed = std::chrono::steady_clock::now() - start;
  }
  std::printf("handler_commands_per_second %.1f\n", static_cast<double>(n) / elapsed.count());
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
