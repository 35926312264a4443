// Helpers to open stores and build append requests in tests.
#pragma once

#include <memory>
#include <string>

#include "arshjul/storage/event_store.h"
#include "support/fake_clock.h"
#include "support/temp_dir.h"

namespace arshjul::testing {

// The EventStore backends every conformance test runs against.
enum class Backend { kRocksDisk, kRocksMemory, kPostgres };
std::string BackendName(Backend b);

// A store under test with its clock and ids: RocksDB on disk (in a TempDir),
// its in-memory twin, or PostgreSQL (a fresh schema in the binary's shared
// throwaway cluster, support/pg_cluster.h).
struct StoreHarness {
  FakeClock clock;
  SequentialIdSource ids;
  TempDir dir;
  std::unique_ptr<storage::EventStore> store;

  storage::StoreOptions Options() {
    storage::StoreOptions o;
    o.clock = &clock;
    o.ids = &ids;
    return o;
  }
  std::string DataDir() const { return dir.Sub("data"); }
  // Opens (or reopens: the same folder or schema) the store.
  void Open(Backend backend, storage::StoreOptions options);
  void Open(Backend backend) { Open(backend, Options()); }
  // `memory` selects the in-memory twin, otherwise RocksDB on disk.
  void Open(bool memory, storage::StoreOptions options) {
    Open(memory ? Backend::kRocksMemory : Backend::kRocksDisk, std::move(options));
  }
  void Open(bool memory) { Open(memory, Options()); }
  // The PostgreSQL connection string once a kPostgres store was opened.
  std::string pg_conninfo;
};

storage::ProposedEvent Event(std::string type, std::string payload);
storage::AppendRequest Request(std::string stream, std::vector<storage::ProposedEvent> events,
                               storage::ExpectedVersion expected = storage::ExpectedVersion::Any(),
                               std::string command_id = {});
// Reads a whole cursor into a vector of positions; fails the test on error.
std::vector<uint64_t> Positions(storage::EventCursor& cursor);

}  // namespace arshjul::testing
