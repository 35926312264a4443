// CliContext: what every subcommand of the arshjul program shares — the data
// folder, the clock and id source constructed in main, the output streams, and
// how to open the store with the engine's event types registered.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "arshjul/storage/event_store.h"

namespace arshjul::cli {

// How an event's payload is shown: as JSON and as a one-line Swedish summary.
struct EventView {
  nlohmann::json payload;  // null when the payload cannot be shown
  std::string summary;
};
using EventDescriber = std::function<EventView(const storage::RecordedEvent&)>;

struct CliContext {
  std::string data_dir = "data";
  std::string token;   // --token or ARSHJUL_TOKEN: who runs a write command
  std::string server;  // --server URL: send write commands through the running service
  const Clock* clock = nullptr;
  IdSource* ids = nullptr;
  storage::TypeRegistry types;
  EventDescriber describe;
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;

  Result<std::unique_ptr<storage::EventStore>> OpenStore(bool read_only = false) const {
    storage::StoreOptions o;
    o.clock = clock;
    o.ids = ids;
    o.types = types;
    o.read_only = read_only;
    return storage::OpenStore(data_dir, std::move(o));
  }
  // Prints the status as "fel: …" on err and returns its exit code.
  int Fail(const Status& s) const;
};

}  // namespace arshjul::cli
