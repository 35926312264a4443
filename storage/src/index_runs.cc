#include "index_runs.h"

#include "keys.h"
#include "tree_runs.h"

namespace arshjul::storage {

void IndexRuns::Add(uint64_t position, std::string_view type, int64_t effective_us, int64_t recorded_us) {
  if (events_++ == 0) tree_first_ = position;
  if (type_.BrokenBy(type)) PutType();
  if (effective_.BrokenBy(effective_us)) PutTime(f_.by_effective, &effective_);
  if (recorded_.BrokenBy(recorded_us)) PutTime(f_.by_recorded, &recorded_);
  type_.Extend(type, position);
  effective_.Extend(effective_us, position);
  recorded_.Extend(recorded_us, position);
}

void IndexRuns::PutType() {
  batch_->Put(f_.by_type, keys::TypeKey(type_.key, type_.first), keys::CountValue(type_.count));
  type_.count = 0;
}

void IndexRuns::PutTime(rocksdb::ColumnFamilyHandle* cf, Run<int64_t>* run) {
  batch_->Put(cf, keys::TimeKey(run->key, run->first), keys::CountValue(run->count));
  run->count = 0;
}

void IndexRuns::Finish() {
  if (events_ == 0) return;
  PutType();
  PutTime(f_.by_effective, &effective_);
  PutTime(f_.by_recorded, &recorded_);
  if (f_.merkle != nullptr) {
    tree::SealRun(&tree_run_, events_, f_.tree_min_level);
    batch_->Put(f_.merkle, keys::EventKey(tree_first_), tree_run_);
  }
  events_ = 0;
  tree_run_.clear();
}

}  // namespace arshjul::storage
