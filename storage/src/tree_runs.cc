// The Merkle tree's run records, shared by every backend (tree_runs.h).
#include "tree_runs.h"

#include <bit>
#include <cstring>

#include "envelope_codec.h"
#include "keys.h"

namespace arshjul::storage::tree {
namespace {

uint64_t HashesIn(uint64_t first, uint64_t leaves, uint32_t min_level = 0) {
  return keys::HashesBefore(first, first + leaves, min_level);
}

// The subtrees of level ≥ min_level among `completed` (level 0 upward), appended to `out`.
void AppendFrom(std::string* out, const std::vector<Hash>& completed, uint32_t min_level) {
  for (size_t level = min_level; level < completed.size(); ++level) {
    out->append(reinterpret_cast<const char*>(completed[level].data()), 32);
  }
}

// The root of `leaves` (a power of two of them), folded pairwise in place.
Hash FoldComplete(std::vector<Hash> leaves) {
  for (size_t n = leaves.size(); n > 1; n /= 2) {
    for (size_t i = 0; i < n / 2; ++i) leaves[i] = merkle::NodeHash(leaves[2 * i], leaves[2 * i + 1]);
  }
  return leaves.front();
}

}  // namespace

void AppendLeaf(const Hash& leaf_hash, merkle::CompactRange* range, std::string* run, std::vector<Hash>* completed,
                uint32_t min_level) {
  range->Append(leaf_hash, completed);
  AppendFrom(run, *completed, min_level);
}

void SealRun(std::string* run, uint64_t leaves, uint32_t min_level) {
  if (min_level == 0) return;
  std::string count;
  keys::PutU32(&count, static_cast<uint32_t>(leaves));
  run->insert(0, count);
}

std::optional<uint64_t> RunLeaves(uint64_t first, std::string_view record, uint32_t min_level) {
  if (min_level > 0) {
    if (record.size() < 4) return std::nullopt;
    uint64_t n = keys::GetU32(record.data());
    if (record.size() != 4 + 32 * HashesIn(first, n, min_level)) return std::nullopt;
    return n;
  }
  if (record.size() % 32 != 0) return std::nullopt;
  uint64_t hashes = record.size() / 32, n = 0;
  while (HashesIn(first, n) < hashes) ++n;
  if (HashesIn(first, n) != hashes) return std::nullopt;
  return n;
}

std::string_view RunHashes(std::string_view record, uint32_t min_level) {
  return min_level == 0 ? record : record.substr(std::min<size_t>(4, record.size()));
}

std::string_view RunPrefix(uint64_t first, std::string_view hashes, uint64_t leaves) {
  return hashes.substr(0, 32 * HashesIn(first, leaves));
}

std::string EncodeRange(const merkle::CompactRange& range) {
  std::string out;
  keys::AppendHashes(&out, range.hashes());
  return out;
}

Result<merkle::CompactRange> DecodeRange(uint64_t size, std::string_view bytes) {
  if (bytes.size() % 32 != 0) return Status::Corruption("Merkleträdets kompakta intervall har fel längd");
  std::vector<Hash> hashes(bytes.size() / 32);
  for (size_t i = 0; i < hashes.size(); ++i) std::memcpy(hashes[i].data(), bytes.data() + 32 * i, 32);
  return merkle::CompactRange::FromHashes(size, std::move(hashes));
}

Result<Hash> RunSubtrees::Subtree(uint32_t level, uint64_t index) const {
  if (level >= 63 || index >= (uint64_t{1} << (63 - level))) return Status::NotFound("delträdet finns inte");
  if (level < min_level_) return FromLeaves(level, index);
  uint64_t leaf = merkle::CompletingLeaf(level, index);
  auto run = RunAtOrBefore(leaf);
  if (!run.ok()) return run.status();
  auto missing = [&] { return Status::NotFound("Merkleträdet har ingen post för position " + std::to_string(leaf)); };
  if (!run->has_value()) return missing();
  std::string_view hashes = RunHashes((*run)->hashes, min_level_);
  uint64_t at = 32 * (keys::HashesBefore((*run)->first, leaf, min_level_) + level - min_level_);
  if (hashes.size() < at + 32 || level > static_cast<uint32_t>(std::countr_one(leaf))) return missing();
  Hash h;
  std::memcpy(h.data(), hashes.data() + at, 32);
  return h;
}

Result<std::vector<Hash>> RunSubtrees::Leaves(uint64_t, uint64_t) const {
  return Status::NotFound("Merkleträdets löv kan inte läsas här");
}

// A subtree below the sparse layout's lowest level: from its 2^level leaves.
Result<Hash> RunSubtrees::FromLeaves(uint32_t level, uint64_t index) const {
  auto leaves = Leaves(index << level, uint64_t{1} << level);
  if (!leaves.ok()) return leaves.status();
  return FoldComplete(std::move(leaves).value());
}

bool TreeChecker::LoadRun(uint64_t position) {
  auto next = next_();
  if (!next.ok()) {
    problem = "Merkleträdet kunde inte läsas: " + next.status().message();
    return false;
  }
  if (!next->has_value() || (*next)->first != position) {
    problem = "Merkleträdet saknar position " + std::to_string(position);
    return false;
  }
  auto leaves = RunLeaves(position, (*next)->hashes, min_level_);
  if (!leaves || *leaves == 0) {
    problem = "Merkleträdets post för position " + std::to_string(position) + " är ogiltig";
    return false;
  }
  run_.assign(RunHashes((*next)->hashes, min_level_));
  run_end_ = position + *leaves;
  offset_ = 0;
  return true;
}

bool TreeChecker::Check(uint64_t position, std::string_view canonical, const Hash* leaf) {
  if (!next_) return true;
  range_.Append(leaf != nullptr ? *leaf : merkle::LeafHash(canonical), &completed_);
  if (position == run_end_ && !LoadRun(position)) return false;  // the next record must start here
  std::string expected;
  AppendFrom(&expected, completed_, min_level_);
  if (run_.compare(offset_, expected.size(), expected) != 0) {
    problem = "Merkleträdet stämmer inte med händelsen på position " + std::to_string(position);
    return false;
  }
  offset_ += std::min(expected.size(), run_.size() - offset_);
  return true;
}

bool TreeChecker::Finish(uint64_t count) {
  if (!next_) return true;
  std::string beyond = "Merkleträdet har en post bortom loggens slut (position " + std::to_string(count) + ")";
  if (count != run_end_ || offset_ != run_.size()) {
    problem = beyond;
    return false;
  }
  auto next = next_();
  if (!next.ok()) {
    problem = "Merkleträdet kunde inte läsas: " + next.status().message();
    return false;
  }
  if (next->has_value()) {
    problem = beyond;
    return false;
  }
  return true;
}

Status BuildRuns(EventCursor& events, uint64_t log_size, merkle::CompactRange* range,
                 const std::function<Status(uint64_t first, const std::string& record)>& write,
                 bool hashes_are_leaves, uint32_t min_level) {
  std::vector<Hash> completed;
  std::string run;
  uint64_t run_first = range->size(), run_leaves = 0;
  while (true) {
    auto more = events.Next();
    if (!more.ok()) return more.status().WithContext("Merkleträdet kunde inte byggas");
    if (*more) {
      const RecordedEvent& e = events.event();
      AppendLeaf(hashes_are_leaves ? e.hash : EventLeafHash(e), range, &run, &completed, min_level);
      ++run_leaves;
    }
    if (run_leaves > 0 && (!*more || run_leaves == kBuildRun)) {
      SealRun(&run, run_leaves, min_level);
      ARSHJUL_RETURN_IF_ERROR(write(run_first, run));
      run_first += run_leaves;
      run_leaves = 0;
      run.clear();
    }
    if (!*more) break;
  }
  if (range->size() != log_size) return Status::Corruption("Merkleträdet täcker inte hela loggen");
  return Status::Ok();
}

std::string TreeMissingMessage() {
  return "datalagret saknar ännu Merkleträdet (det skapades av en äldre version); det byggs när datalagret "
         "öppnas för skrivning, t.ex. av arshjul checkpoint";
}

}  // namespace arshjul::storage::tree
