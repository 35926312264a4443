// The Merkle tree's run records, shared by every backend (tree_runs.h).
#include "tree_runs.h"

#include <bit>
#include <cstring>

#include "envelope_codec.h"
#include "keys.h"

namespace arshjul::storage::tree {
namespace {

uint64_t RunHashes(uint64_t first, uint64_t leaves) { return keys::HashesBefore(first, first + leaves); }

}  // namespace

void AppendLeaf(const Hash& leaf_hash, merkle::CompactRange* range, std::string* run, std::vector<Hash>* completed) {
  range->Append(leaf_hash, completed);
  keys::AppendHashes(run, *completed);
}

std::optional<uint64_t> RunLeaves(uint64_t first, size_t bytes) {
  if (bytes % 32 != 0) return std::nullopt;
  uint64_t hashes = bytes / 32, n = 0;
  while (RunHashes(first, n) < hashes) ++n;
  if (RunHashes(first, n) != hashes) return std::nullopt;
  return n;
}

std::string_view RunPrefix(uint64_t first, std::string_view hashes, uint64_t leaves) {
  return hashes.substr(0, 32 * RunHashes(first, leaves));
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
  uint64_t leaf = merkle::CompletingLeaf(level, index);
  auto run = RunAtOrBefore(leaf);
  if (!run.ok()) return run.status();
  auto missing = [&] { return Status::NotFound("Merkleträdet har ingen post för position " + std::to_string(leaf)); };
  if (!run->has_value()) return missing();
  const RunView& r = **run;
  uint64_t at = 32 * (keys::HashesBefore(r.first, leaf) + level);
  if (r.hashes.size() < at + 32 || level > static_cast<uint32_t>(std::countr_one(leaf))) return missing();
  Hash h;
  std::memcpy(h.data(), r.hashes.data() + at, 32);
  return h;
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
  run_.assign((*next)->hashes);
  offset_ = 0;
  return true;
}

bool TreeChecker::Check(uint64_t position, std::string_view canonical, const Hash* leaf) {
  if (!next_) return true;
  range_.Append(leaf != nullptr ? *leaf : merkle::LeafHash(canonical), &completed_);
  if (offset_ == run_.size() && !LoadRun(position)) return false;  // the next record must start here
  std::string expected;
  keys::AppendHashes(&expected, completed_);
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
  if (offset_ != run_.size()) {
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
                 const std::function<Status(uint64_t first, const std::string& hashes)>& write,
                 bool hashes_are_leaves) {
  std::vector<Hash> completed;
  std::string run;
  uint64_t run_first = range->size(), run_leaves = 0;
  while (true) {
    auto more = events.Next();
    if (!more.ok()) return more.status().WithContext("Merkleträdet kunde inte byggas");
    if (*more) {
      const RecordedEvent& e = events.event();
      AppendLeaf(hashes_are_leaves ? e.hash : EventLeafHash(e), range, &run, &completed);
      ++run_leaves;
    }
    if (run_leaves > 0 && (!*more || run_leaves == kBuildRun)) {
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
