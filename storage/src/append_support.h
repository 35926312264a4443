// What every EventStore backend does the same way when appending: validating
// a request, and placing its events (ids, versions, positions, times) on the
// hash chain with the shared envelope encoding (envelope_codec.h). Stateless,
// thread-safe. Two backends that place the same request at the same head get
// the same bytes and the same hashes.
#pragma once

#include <string>
#include <vector>

#include "arshjul/storage/event_store.h"
#include "envelope_codec.h"

namespace arshjul::storage {

// InvalidArgument naming the field at fault (stream, events[i].type, …).
Status ValidateAppendRequest(const AppendRequest& request, const StoreOptions& options);

// One placed event: where it goes, its hash (and, when asked for, its Merkle
// leaf hash), and its stored value built in one buffer (hash ‖ canonical
// envelope, envelope_codec.h). The request it came from holds the rest
// (stream, actor, type, payload …).
struct PlacedEvent {
  const ProposedEvent* proposed = nullptr;  // borrowed from the request
  Id128 event_id;
  uint64_t position = 0;
  uint64_t stream_version = 0;
  Timestamp effective_at{};
  Hash hash{};
  Hash leaf{};
  std::string value;
  std::string_view canonical() const { return std::string_view(value).substr(32); }
};

// An upper estimate of what `request` adds to a RocksDB write batch (its
// stored values, keys and entries), to reserve the batch at once.
size_t BatchBytesOf(const AppendRequest& request);

// Places request.events at consecutive positions and versions from `result`
// (first_position, first_version, recorded_at), chained from `prev` by `rule`;
// draws missing event ids from `ids`. Returns the events in order; the last
// one's hash is the new head hash. With `leaf_hashes`, also each event's Merkle
// leaf hash (under ChainRule::kLeaf the event's hash itself: no second digest).
std::vector<PlacedEvent> PlaceEvents(const AppendRequest& request, const AppendResult& result, const Hash& prev,
                                     IdSource* ids, ChainRule rule, bool leaf_hashes);

// Where the run of events that begins at `begin` ends, in a log being
// imported: consecutive events of one append as far as a copy can tell (one
// stream, consecutive versions, one command id, one recorded time).
size_t ImportRunEnd(const std::vector<RecordedEvent>& events, size_t begin);
// The canonical envelope bytes of an imported event, which must continue the
// log at position `*next` after hash `*prev` (both then move on past it), its
// hash by `rule`; Corruption naming the position otherwise.
Result<std::string> ImportedCanonical(const RecordedEvent& e, ChainRule rule, uint64_t* next, Hash* prev);

// Swedish text for a stream version in conflict messages.
std::string VersionText(const std::optional<uint64_t>& version);
// Whether `current` satisfies `expected`; if not, the Conflict naming both.
Status CheckExpectedVersion(const std::string& stream, const ExpectedVersion& expected,
                            const std::optional<uint64_t>& current);

}  // namespace arshjul::storage
