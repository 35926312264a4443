// Proofs over an EventStore's tree (verifiable_log.h).
#include "arshjul/storage/verifiable_log.h"

namespace arshjul::storage {
namespace {

Result<uint64_t> SizeOrCurrent(EventStore& store, std::optional<uint64_t> size, const char* field) {
  auto current = store.CurrentTree();
  if (!current.ok()) return current.status();
  if (!size) return current->size;
  if (*size > current->size) {
    return Status::InvalidArgument("loggen har bara " + std::to_string(current->size) + " händelser, inte " +
                                       std::to_string(*size),
                                   field);
  }
  return *size;
}

}  // namespace

std::string NoTreeMessage() {
  return "detta datalager har inget Merkleträd: bevis och checkpoints kan inte göras";
}

Result<TreeHead> TreeHeadAt(EventStore& store, uint64_t size) {
  auto n = SizeOrCurrent(store, size, "size");
  if (!n.ok()) return n.status();
  auto tree = store.Tree();
  if (!tree.ok()) return tree.status();
  auto root = merkle::RootAt(**tree, size);
  if (!root.ok()) return root.status();
  return TreeHead{size, *root};
}

Result<InclusionProofResult> ProveInclusion(EventStore& store, uint64_t position, std::optional<uint64_t> size) {
  auto n = SizeOrCurrent(store, size, "--size");
  if (!n.ok()) return n.status();
  if (position >= *n) {
    return Status::InvalidArgument("position " + std::to_string(position) + " finns inte i ett träd med " +
                                       std::to_string(*n) + " händelser",
                                   "--position");
  }
  auto tree = store.Tree();
  if (!tree.ok()) return tree.status();
  InclusionProofResult r;
  r.position = position;
  r.size = *n;
  auto leaf = (*tree)->Subtree(0, position);
  auto root = merkle::RootAt(**tree, *n);
  auto proof = merkle::InclusionProof(**tree, position, *n);
  if (!leaf.ok()) return leaf.status();
  if (!root.ok()) return root.status();
  if (!proof.ok()) return proof.status();
  r.leaf_hash = *leaf;
  r.root = *root;
  r.proof = std::move(proof).value();
  return r;
}

Result<ConsistencyProofResult> ProveConsistency(EventStore& store, uint64_t size1, std::optional<uint64_t> size2) {
  auto n = SizeOrCurrent(store, size2, "--to");
  if (!n.ok()) return n.status();
  if (size1 > *n) {
    return Status::InvalidArgument("--from " + std::to_string(size1) + " är större än --to " + std::to_string(*n),
                                   "--from");
  }
  auto tree = store.Tree();
  if (!tree.ok()) return tree.status();
  ConsistencyProofResult r;
  r.size1 = size1;
  r.size2 = *n;
  auto root1 = merkle::RootAt(**tree, size1);
  auto root2 = merkle::RootAt(**tree, *n);
  auto proof = merkle::ConsistencyProof(**tree, size1, *n);
  if (!root1.ok()) return root1.status();
  if (!root2.ok()) return root2.status();
  if (!proof.ok()) return proof.status();
  r.root1 = *root1;
  r.root2 = *root2;
  r.proof = std::move(proof).value();
  return r;
}

}  // namespace arshjul::storage
