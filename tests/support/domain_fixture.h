// DomainHarness: an in-memory store, a fake clock and a CommandHandler with a
// small kommun (KF, KS, an utskott, two committees, the administration, and
// people holding roles) recorded through commands — for engine tests.
#pragma once

#include <string>

#include "arshjul/engine/command_handler.h"
#include "support/store_fixture.h"

namespace arshjul::testing {

class DomainHarness {
 public:
  DomainHarness();
  engine::CommandHandler& handler() { return *handler_; }
  storage::EventStore& store() { return *store_.store; }
  FakeClock& clock() { return store_.clock; }
  const engine::DomainState& state() { return handler_->state(); }

  // Records a command; the actor is "person/role/organ".
  Result<engine::CommandOutcome> Record(const std::string& name, const std::string& id, const std::string& actor,
                                        const std::string& payload_json);
  // Like Record, but fails the test unless it succeeds.
  void MustRecord(const std::string& name, const std::string& id, const std::string& actor,
                  const std::string& payload_json);
  uint64_t EventCount() { return store().HeadPosition() ? *store().HeadPosition() + 1 : 0; }

 private:
  StoreHarness store_;
  std::unique_ptr<engine::CommandHandler> handler_;
};

}  // namespace arshjul::testing
