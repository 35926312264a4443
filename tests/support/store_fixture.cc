#include "support/store_fixture.h"

#include <gtest/gtest.h>

namespace arshjul::testing {

void StoreHarness::Open(bool memory, storage::StoreOptions options) {
  store.reset();
  auto r = memory ? storage::OpenMemoryStore(std::move(options)) : storage::OpenStore(DataDir(), std::move(options));
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
