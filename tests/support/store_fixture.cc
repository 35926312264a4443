#include "support/store_fixture.h"

#include <gtest/gtest.h>

#include "support/pg_cluster.h"

namespace arshjul::testing {

std::string BackendName(Backend b) {
  switch (b) {
    case Backend::kRocksDisk: return "RocksDisk";
    case Backend::kRocksMemory: return "RocksMemory";
    case Backend::kPostgres: return "Postgres";
  }
  return "?";
}

void StoreHarness::Open(Backend backend, storage::StoreOptions options) {
  store.reset();
  if (backend == Backend::kPostgres && pg_conninfo.empty()) pg_conninfo = SharedPgCluster().NewSchema();
  auto r = backend == Backend::kRocksMemory ? storage::OpenMemoryStore(std::move(options))
           : backend == Backend::kPostgres  ? storage::OpenPostgresStore(pg_conninfo, std::move(options))
                                            : storage::OpenStore(DataDir(), std::move(options));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  store = std::move(r).value();
}

storage::ProposedEvent Event(std::string type, std::string payload) {
  storage::ProposedEvent e;
  e.type = std::move(type);
  e.payload = std::move(payload);
  return e;
}

storage::AppendRequest Request(std::string stream, std::vector<storage::ProposedEvent> events,
                               storage::ExpectedVersion expected, std::string command_id) {
  storage::AppendRequest r;
  r.stream = std::move(stream);
  r.events = std::move(events);
  r.expected = expected;
  r.command_id = std::move(command_id);
  r.actor = {"p-1", "nämndsekreterare", "bun"};
  return r;
}

std::vector<uint64_t> Positions(storage::EventCursor& cursor) {
  std::vector<uint64_t> out;
  for (;;) {
    auto more = cursor.Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    out.push_back(cursor.event().position);
  }
  return out;
}

}  // namespace arshjul::testing
