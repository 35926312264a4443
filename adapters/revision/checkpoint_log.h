// The checkpoints a log published, kept in the log itself: signing the current
// tree head and recording it as a CheckpointPublished event (stream
// log/checkpoints, payload JSON {"note": signed C2SP checkpoint, "public_key":
// the verifier key text}), and reading back the latest ones. Used by
// `arshjul checkpoint`, the service's scheduled checkpoints, the
// revision package and GET /api/v1/checkpoint. Works over the EventStore
// interface only. Stateless; thread-safe as the store is.
#pragma once

#include <string>
#include <vector>

#include "arshjul/storage/checkpoint.h"
#include "arshjul/storage/event_store.h"

namespace arshjul::revision {

inline constexpr const char* kCheckpointEventType = "CheckpointPublished";
inline constexpr const char* kCheckpointStream = "log/checkpoints";

// Registers the checkpoint event type in a store's type registry.
void RegisterCheckpointType(storage::TypeRegistry* types);

struct PublishedCheckpoint {
  std::string note;        // the signed checkpoint text
  std::string public_key;  // the verifier key it names
  storage::Checkpoint parsed;
  uint64_t position = 0;   // of its CheckpointPublished event
};

// The checkpoint a CheckpointPublished event holds; Corruption when its payload is not one.
Result<PublishedCheckpoint> CheckpointFromEvent(const storage::RecordedEvent& e);

// Signs the store's current tree head at `now` and records it under
// `command_id`. When that command id was recorded before (a repeated round),
// nothing new is signed: the checkpoint recorded then is returned.
Result<PublishedCheckpoint> PublishCheckpoint(storage::EventStore& store, const storage::SigningKey& key, Timestamp now,
                                              const std::string& command_id);

// The command id of a checkpoint of the tree head `head` ("checkpoint-SIZE-ROOTPREFIX"):
// signing the same head twice records one checkpoint.
std::string HeadCheckpointCommandId(const storage::TreeHead& head);

// The last `n` checkpoints recorded in the log, oldest first.
Result<std::vector<PublishedCheckpoint>> RecentCheckpoints(storage::EventStore& store, size_t n);

}  // namespace arshjul::revision
