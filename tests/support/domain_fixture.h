// DomainHarness: an in-memory store, a fake clock and a CommandHandler with a
// small kommun (KF, KS, an utskott, two committees, the administration, and
// people holding roles) recorded through commands — for engine tests.
// PureDomain: the same kommun with no store at all — each command goes
// through engine::Decide and its events are applied to a DomainState directly,
// so rule tests exercise the rules alone.
#pragma once

#include <functional>
#include <string>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/decide.h"
#include "support/store_fixture.h"

namespace arshjul::testing {

class DomainHarness {
 public:
  // `extra_types`: event types the store accepts besides the engine's.
  explicit DomainHarness(const storage::TypeRegistry& extra_types = {});
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

// Records the small kommun through `record(name, command id, "person/role/organ", json)`.
using RecordFn = std::function<void(const std::string&, const std::string&, const std::string&, const std::string&)>;
void RecordSmallKommun(const RecordFn& record);

// A command from the "person/role/organ" actor shorthand.
engine::Command MakeCommand(const std::string& name, const std::string& id, const std::string& actor,
                            const std::string& payload_json);

class PureDomain {
 public:
  PureDomain();
  // Decides the command against the state; on success applies its events
  // (positions counted from 0, recorded at now()) and returns the decision.
  Result<engine::Decision> Record(const std::string& name, const std::string& id, const std::string& actor,
                                  const std::string& payload_json);
  void MustRecord(const std::string& name, const std::string& id, const std::string& actor,
                  const std::string& payload_json);
  const engine::DomainState& state() const { return state_; }
  Timestamp now() const { return now_; }

 private:
  engine::DomainState state_;
  Timestamp now_ = At("2026-01-10T09:00:00Z");
  uint64_t next_position_ = 0;
};

}  // namespace arshjul::testing
