// CommandHandler::HandleAtomically (init --org): several commands as one
// append or none; later commands see the earlier ones; a repeat is a duplicate.
#include <gtest/gtest.h>

#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

Command Org(const std::string& name, const std::string& id, const std::string& json) {
  Command c;
  c.name = name;
  c.command_id = id;
  c.actor = {"system", "system", "ks"};
  c.payload_json = json;
  return c;
}

std::vector<Command> NewPersonWithRole(const std::string& name) {
  return {Org("RegisterPerson", "b/0", R"({"id":"ny","name":")" + name + R"(","email":"ny@test.se"})"),
          Org("AssignRole", "b/1", R"({"person":"ny","role":"namndsekreterare","organ":"bun","from":"2026-01-01"})")};
}

TEST(CommandBatch, LaterCommandsSeeEarlierOnesAndAllGoInOneAppend) {
  DomainHarness h;
  uint64_t before = h.EventCount();
  auto r = h.handler().HandleAtomically(NewPersonWithRole("Ny Person"), "init/batch");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->count, 2u);
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(h.EventCount(), before + 2);
  EXPECT_TRUE(h.state().org.people.count("ny"));
  auto again = h.handler().HandleAtomically(NewPersonWithRole("Ny Person"), "init/batch");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(h.EventCount(), before + 2);
  EXPECT_TRUE(h.store().Verify({}).ok);
}

TEST(CommandBatch, ARefusedLaterCommandWritesNothing) {
  DomainHarness h;
  uint64_t before = h.EventCount();
  auto batch = NewPersonWithRole("Ny Person");
  batch.push_back(Org("RegisterPerson", "b/2", R"({"id":"ond","name":"O\u0007nd","email":"ond@test.se"})"));
  size_t failed = 99;
  auto r = h.handler().HandleAtomically(batch, "init/bad", &failed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "payload.name") << r.status().ToString();
  EXPECT_EQ(failed, 2u);
  EXPECT_EQ(h.EventCount(), before);
  EXPECT_FALSE(h.state().org.people.count("ny"));
}

TEST(CommandBatch, CommandsForSeveralStreamsAreRefused) {
  DomainHarness h;
  uint64_t before = h.EventCount();
  std::vector<Command> batch = NewPersonWithRole("Ny Person");
  Command vision = Org("SetVision", "b/9", R"({"id":"v","organ":"kf","text":"t","horizonYear":2035})");
  vision.actor = {"anna", "kommunsekreterare", "kf"};
  batch.push_back(vision);
  auto r = h.handler().HandleAtomically(batch, "init/mixed");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "commands");
  EXPECT_EQ(h.EventCount(), before);
}

}  // namespace
}  // namespace arshjul::engine
