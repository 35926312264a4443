// store_child: a second process for fault_test.cc.
//
//   store_child DIR open        tries to open the store in DIR; prints
//                               "<code name>\t<message>" and exits 0 if the
//                               store reported Busy, 1 if it opened, 2 on any
//                               other error.
//   store_child DIR append TAG  opens the store and appends single events
//                               (sync on) until killed, printing each
//                               acknowledged global position on its own line
//                               (flushed). The i-th event's payload is "TAG:i".
//                               Exits 2 on any error.
//
// Being a main, it constructs the system clock and the random id source.
#include <cstdio>
#include <cstring>
#include <string>

#include "arshjul/storage/event_store.h"

namespace {

using arshjul::StatusCode;
using namespace arshjul::storage;

constexpr int kBusy = 0, kOpened = 1, kError = 2, kUsage = 3;

int Open(const std::string& dir, const StoreOptions& options) {
  auto r = OpenStore(dir, options);
  if (r.ok()) {
    std::printf("OK\n");
    return kOpened;
  }
  std::printf("%s\t%s\n", arshjul::StatusCodeName(r.status().code()), r.status().message().c_str());
  return r.status().code() == StatusCode::kBusy ? kBusy : kError;
}

int AppendForever(const std::string& dir, const StoreOptions& options, const std::string& tag) {
  auto r = OpenStore(dir, options);
  if (!r.ok()) {
    std::fprintf(stderr, "store_child: %s\n", r.status().ToString().c_str());
    return kError;
  }
  EventStore& store = *r.value();
  for (uint64_t i = 0; i < 10'000'000; ++i) {
    AppendRequest req;
    req.stream = "crash/s" + std::to_string(i % 3);
    req.actor = {"p-child", "registrator", "ks"};
    ProposedEvent e;
    e.type = "ChildAppended";
    e.payload = tag + ":" + std::to_string(i);
    req.events.push_back(std::move(e));
    auto res = store.Append(req);
    if (!res.ok()) {
      std::fprintf(stderr, "store_child: %s\n", res.status().ToString().c_str());
      return kError;
    }
    std::printf("%llu\n", static_cast<unsigned long long>(res->first_position));
    std::fflush(stdout);
  }
  return kOpened;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: store_child DIR open | store_child DIR append TAG\n");
    return kUsage;
  }
  arshjul::SystemClock clock;
  arshjul::RandomIdSource ids;
  StoreOptions options;
  options.clock = &clock;
  options.ids = &ids;
  options.sync = true;
  std::string dir = argv[1];
  if (std::strcmp(argv[2], "open") == 0) return Open(dir, options);
  if (std::strcmp(argv[2], "append") == 0 && argc == 4) return AppendForever(dir, options, argv[3]);
  std::fprintf(stderr, "store_child: unknown mode %s\n", argv[2]);
  return kUsage;
}
