// RocksStore::Import: a log copied from another backend, byte for byte.
#include <rocksdb/write_batch.h>

#include "append_support.h"
#include "envelope_codec.h"
#include "index_runs.h"
#include "keys.h"
#include "rocksdb_store.h"
#include "tree_runs.h"

namespace arshjul::storage {

// The chain rule the copied events must follow: this store's, or — when the
// store is still empty — the one the copied log was made with, which the
// batch then records in the format marker (a copy keeps every hash; a new
// format's tree layout comes with it: `*min_level`).
Result<ChainRule> RocksStore::ImportRule(const RecordedEvent& first, rocksdb::WriteBatch* batch,
                                         uint32_t* min_level) {
  *min_level = tree_min_level_;
  if (head_position_ || first.position != 0) return chain_rule();
  std::optional<ChainRule> rule = RuleOfHash(first.hash, Hash{}, EncodeEnvelope(first));
  if (!rule) return Status::Corruption("händelsen på position " + std::to_string(first.position) + " har fel hash");
  if (*rule != chain_rule()) {
    std::string_view marker = *rule == ChainRule::kLeaf ? keys::kFormatValue : keys::kFormat2Value;
    batch->Put(handles_[kDefault], std::string(keys::kFormatKey), std::string(marker));
    *min_level = marker == keys::kFormatValue ? tree::kSparseMinLevel : 0;
  }
  return *rule;
}

Status RocksStore::Import(const std::vector<RecordedEvent>& events) {
  if (events.empty()) return Status::Ok();
  if (options_.read_only) return Status::InvalidArgument("datalagret är öppnat endast för läsning");
  std::lock_guard lk(mu_);
  if (!writers_.empty()) return Status::Busy("datalagret skriver redan; kopiering kräver ensam tillgång");
  rocksdb::WriteBatch batch;
  uint32_t min_level = 0;
  ARSHJUL_ASSIGN_OR_RETURN(ChainRule rule, ImportRule(events.front(), &batch, &min_level));
  uint64_t next = head_position_ ? *head_position_ + 1 : 0;
  Hash prev = head_hash_;
  merkle::CompactRange tree = tree_;  // the imported events join the Merkle tree, one run record per append
  std::vector<Hash> completed;
  std::unordered_map<std::string, std::optional<uint64_t>> versions;
  for (size_t begin = 0; begin < events.size();) {
    size_t end = ImportRunEnd(events, begin);
    const RecordedEvent& first = events[begin];
    std::optional<uint64_t> current;
    if (versions.count(first.stream)) {
      current = versions[first.stream];
    } else {
      auto loaded = LoadStreamVersion(first.stream);
      if (!loaded.ok()) return loaded.status();
      current = *loaded;
    }
    if (first.stream_version != (current ? *current + 1 : 0)) {
      return Status::Corruption("strömmen " + first.stream + " fortsätter inte vid position " +
                                std::to_string(first.position));
    }
    IndexRuns runs(RunFamilies(tree_ready_, min_level), &batch);
    for (size_t i = begin; i < end; ++i) {
      const RecordedEvent& e = events[i];
      ARSHJUL_ASSIGN_OR_RETURN(std::string canonical, ImportedCanonical(e, rule, &next, &prev));
      batch.Put(handles_[kEvents], keys::EventKey(e.position), MakeStoredValue(e.hash, canonical));
      runs.Add(e.position, e.type, e.effective_at.time_since_epoch().count(), e.recorded_at.time_since_epoch().count());
      if (tree_ready_) {
        tree::AppendLeaf(rule == ChainRule::kLeaf ? e.hash : merkle::LeafHash(canonical), &tree, runs.tree_run(),
                         &completed, min_level);
      }
    }
    runs.Finish();
    uint32_t count = static_cast<uint32_t>(end - begin);
    batch.Put(handles_[kStreams], keys::StreamKey(first.stream, first.stream_version),
              keys::StreamValue(first.position, count));
    if (!first.command_id.empty()) {
      keys::CommandRecord rec{first.position, count, first.stream_version,
                              first.recorded_at.time_since_epoch().count(), first.stream};
      auto earlier = FindCommand(first.command_id);  // an append split across two Import calls
      if (earlier.ok() && earlier->has_value() && (*earlier)->second == first.stream &&
          (*earlier)->first.first_position + (*earlier)->first.count == first.position) {
        rec.first_position = (*earlier)->first.first_position;
        rec.first_version = (*earlier)->first.first_version;
        rec.count += (*earlier)->first.count;
      }
      batch.Put(handles_[kCommands], first.command_id, keys::CommandValue(rec));
    }
    versions[first.stream] = events[end - 1].stream_version;
    begin = end;
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  rocksdb::Status s = db_->Write(wo, &batch);
  if (!s.ok()) {
    stream_versions_.clear();
    return FromRocks(s, "kunde inte skriva den kopierade loggen");
  }
  head_position_ = next - 1;
  head_hash_ = prev;
  chain_ = rule;
  tree_min_level_ = min_level;
  tree_ = std::move(tree);
  last_recorded_ = std::max(last_recorded_, events.back().recorded_at);
  for (auto& [stream, version] : versions) stream_versions_[stream] = version;
  head_cv_.notify_all();
  return Status::Ok();
}

}  // namespace arshjul::storage
