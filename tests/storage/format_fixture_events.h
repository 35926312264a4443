// The appends that made tests/storage/fixtures/format1-store.tar.gz (a store
// written by format 1), replayed by format_migration_test.cc into a new store
// to compare. Deterministic: FakeClock from its default start advanced 1 s
// before each append, SequentialIdSource ids. Runs of equal type and of equal
// effective time, a type changing inside an append, command ids, several
// streams: everything format 2 compresses.
#pragma once

#include <string>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "support/fake_clock.h"
#include "support/store_fixture.h"

namespace arshjul::testing {

inline storage::ProposedEvent FixtureEvent(const char* type, const char* payload, const char* effective) {
  storage::ProposedEvent e = Event(type, payload);
  if (effective != nullptr) e.effective_at = At(effective);
  return e;
}

// Each append, in order; all succeed on an empty store.
inline std::vector<storage::AppendRequest> FormatFixtureAppends() {
  using storage::ExpectedVersion;
  std::vector<storage::AppendRequest> out;
  out.push_back(Request("organ/bun/decisions",
                        {FixtureEvent("DecisionRecorded", "d1", "2026-03-01T09:00:00Z"),
                         FixtureEvent("DecisionRecorded", "d2", "2026-03-01T09:00:00Z"),
                         FixtureEvent("ReportFiled", "r1", "2026-03-01T09:00:00Z"),
                         FixtureEvent("ReportFiled", "r2", "2026-04-01T09:00:00Z")},
                        ExpectedVersion::NoStream(), "cmd-1"));
  out.push_back(Request("organ/ks/decisions",
                        {FixtureEvent("DecisionRecorded", "k1", nullptr), FixtureEvent("DecisionRecorded", "k2", nullptr),
                         FixtureEvent("DecisionRecorded", "k3", nullptr)}));
  out.push_back(Request("organ/bun/decisions", {FixtureEvent("ReportFiled", "r3", "2025-12-31T23:00:00Z")},
                        ExpectedVersion::Exact(3), "cmd-3"));
  out.push_back(Request("organ/ks/decisions",
                        {FixtureEvent("ReportFiled", "k4", "2026-03-01T09:00:00Z"),
                         FixtureEvent("DecisionRecorded", "k5", "2026-03-01T09:00:00Z"),
                         FixtureEvent("ReportFiled", "k6", "2026-03-01T09:00:00Z")},
                        ExpectedVersion::Exact(2)));
  return out;
}

}  // namespace arshjul::testing
