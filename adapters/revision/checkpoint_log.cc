// Checkpoints recorded in the log (checkpoint_log.h).
#include "checkpoint_log.h"

#include <nlohmann/json.hpp>

namespace arshjul::revision {
namespace {

Result<PublishedCheckpoint> ReadAt(storage::EventStore& store, uint64_t position) {
  auto cur = store.ReadAll(position, 1, /*verify_chain=*/false);
  auto more = cur->Next();
  if (!more.ok()) return more.status();
  if (!*more) return Status::NotFound("checkpoint-händelsen på position " + std::to_string(position) + " saknas");
  return CheckpointFromEvent(cur->event());
}

}  // namespace

Result<PublishedCheckpoint> CheckpointFromEvent(const storage::RecordedEvent& e) {
  auto j = nlohmann::json::parse(e.payload, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("note") || !j["note"].is_string()) {
    return Status::Corruption("checkpoint-händelsen på position " + std::to_string(e.position) + " har fel format");
  }
  PublishedCheckpoint p{j["note"].get<std::string>(), j.value("public_key", ""), {}, e.position};
  size_t blank = p.note.find("\n\n");
  if (blank == std::string::npos) {
    return Status::Corruption("checkpoint-händelsen på position " + std::to_string(e.position) + " saknar signatur");
  }
  auto parsed = storage::ParseCheckpointBody(p.note.substr(0, blank + 1));
  if (!parsed.ok()) return parsed.status().WithContext("checkpoint-händelsen på position " + std::to_string(e.position));
  p.parsed = *parsed;
  return p;
}

void RegisterCheckpointType(storage::TypeRegistry* types) {
  (*types)[kCheckpointEventType] = storage::EventTypeInfo{1, [](std::string_view payload, uint32_t) -> Status {
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("note") || !j["note"].is_string()) {
      return Status::InvalidArgument("en checkpoint-händelse ska vara JSON med fältet note");
    }
    return Status::Ok();
  }};
}

Result<PublishedCheckpoint> PublishCheckpoint(storage::EventStore& store, const storage::SigningKey& key, Timestamp now,
                                              const std::string& command_id) {
  auto earlier = store.LookupCommand(command_id);
  if (!earlier.ok()) return earlier.status();
  if (earlier->has_value()) return ReadAt(store, (*earlier)->first_position);
  auto head = store.CurrentTree();
  if (!head.ok()) return head.status();
  std::string time = FormatTimestamp(now);
  storage::Checkpoint cp{key.name, head->size, head->root, time.substr(0, 19) + "Z"};
  auto note = storage::SignCheckpoint(cp, key);
  if (!note.ok()) return note.status();
  storage::AppendRequest req;
  req.stream = kCheckpointStream;
  req.actor = {"arshjul", "system", ""};
  req.command_id = command_id;
  storage::ProposedEvent e;
  e.type = kCheckpointEventType;
  e.effective_at = now;
  e.payload = nlohmann::json{{"note", *note}, {"public_key", storage::VerifierKeyText(key)}}.dump();
  req.events.push_back(std::move(e));
  auto r = store.Append(req);
  if (!r.ok()) return r.status();
  if (r->duplicate) return ReadAt(store, r->first_position);  // recorded by a concurrent round
  return PublishedCheckpoint{*note, storage::VerifierKeyText(key), cp, r->first_position};
}

std::string HeadCheckpointCommandId(const storage::TreeHead& head) {
  return "checkpoint-" + std::to_string(head.size) + "-" + storage::HashToHex(head.root).substr(0, 16);
}

Result<std::vector<PublishedCheckpoint>> RecentCheckpoints(storage::EventStore& store, size_t n) {
  std::vector<PublishedCheckpoint> all;
  auto cur = store.ReadByType(kCheckpointEventType, 0);
  while (true) {
    auto more = cur->Next();
    if (!more.ok()) return more.status();
    if (!*more) break;
    auto p = CheckpointFromEvent(cur->event());
    if (!p.ok()) return p.status();
    all.push_back(std::move(p).value());
    if (all.size() > n) all.erase(all.begin());
  }
  return all;
}

}  // namespace arshjul::revision
