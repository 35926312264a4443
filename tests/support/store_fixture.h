// Helpers to open stores and build append requests in tests.
#pragma once

#include <memory>
#include <string>

#include "arshjul/storage/event_store.h"
#include "support/fake_clock.h"
#include "support/temp_dir.h"

namespace arshjul::testing {

// A store under test with its clock and ids; on disk (in a TempDir) or in memory.
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
  // Opens (or reopens) the store; `memory` selects the in-memory twin.
  void Open(bool memory, storage::StoreOptions options);
  void Open(bool memory) { Open(memory, Options()); }
};

storage::ProposedEvent Event(std::string type, std::string payload);
storage::AppendRequest Request(std::string stream, std::vector<storage::ProposedEvent> events,
                               storage::ExpectedVersion expected = storage::ExpectedVersion::Any(),
                               std::string command_id = {});
// Reads a whole cursor into a vector of positions; fails the test on error.
std::vector<uint64_t> Positions(storage::EventCursor& cursor);

}  // namespace arshjul::testing
