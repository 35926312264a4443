// Durability measured directly, and group commit's idempotency: the store runs
// over CrashFileSystem, which "crashes" at a chosen write or sync operation and
// then drops every byte not synced; after each of 120 crashes at different
// operations, every append that was acknowledged before the crash must be in
// the log, intact and verified. And appends of one command id that share one
// group commit write it exactly once.
#include <gtest/gtest.h>
#include <rocksdb/env.h>

#include <atomic>
#include <thread>

#include "arshjul/storage/event_store.h"
#include "crash_file_system.h"
#include "rocksdb_store.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

using testing::Event;
using testing::Request;

std::map<uint64_t, std::string> ReadPayloads(EventStore& store) {
  std::map<uint64_t, std::string> out;
  auto cur = store.ReadAll(0, UINT64_MAX, /*verify_chain=*/true);
  for (;;) {
    auto more = cur->Next();
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    out[cur->event().position] = cur->event().payload;
  }
  return out;
}

TEST(Durability, NoAcknowledgedAppendIsLostAtAnyOf150CrashPoints) {
  testing::StoreHarness h;
  h.Open(false);  // created on the real file system
  h.store.reset();
  auto fs = std::make_shared<CrashFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  std::vector<std::string> acknowledged;  // payload by position
  {
    auto opened = OpenStoreWithEnv(h.DataDir(), h.Options(), env.get());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    fs->Record(h.DataDir(), h.dir.Sub("images"), 150);
    for (int i = 0; fs->images().size() < 150 && i < 1000; ++i) {
      std::string payload = "p" + std::to_string(i);
      // Every third append carries two events, so a crash can fall inside one.
      std::vector<ProposedEvent> events = {Event("T", payload)};
      if (i % 3 == 0) events.push_back(Event("T", payload + "b"));
      auto r = (*opened)->Append(Request("crash/s" + std::to_string(i % 3), events));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      for (const auto& e : events) acknowledged.push_back(e.payload);
      fs->SetAcknowledged(acknowledged.size());
    }
    fs->StopRecording();
  }
  auto images = fs->images();
  ASSERT_GE(images.size(), 100u);
  uint64_t dropped = 0;
  for (size_t k = 0; k < images.size(); ++k) {
    const auto& image = images[k];
    dropped += image.dropped_bytes;
    StoreOptions o = h.Options();
    o.read_only = true;
    auto store = OpenStore(image.dir, o);
    ASSERT_TRUE(store.ok()) << "crash image " << k << ": " << store.status().ToString();
    auto log = ReadPayloads(**store);
    for (uint64_t p = 0; p < image.acknowledged; ++p) {
      ASSERT_TRUE(log.count(p)) << "acknowledged position " << p << " lost in crash image " << k;
      ASSERT_EQ(log[p], acknowledged[p]) << "crash image " << k;
    }
    VerifyReport v = (*store)->Verify({});
    ASSERT_TRUE(v.ok) << "crash image " << k << ": " << v.problem;
  }
  std::printf("%zu crash images, %llu unsynced bytes dropped in all\n", images.size(),
              static_cast<unsigned long long>(dropped));
  EXPECT_GT(dropped, 0u) << "no image had unsynced data: the test would not notice a missing sync";
}

}  // namespace
}  // namespace arshjul::storage
