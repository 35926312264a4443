// RocksStore's read side: bounded cursors over the log and its indexes.
#include <rocksdb/iterator.h>

#include <algorithm>
#include <cstring>

#include "envelope_codec.h"
#include "keys.h"
#include "rocksdb_store.h"

namespace arshjul::storage {
namespace {

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// Base: holds the current event; returns errors sticky.
class CursorBase : public EventCursor {
 public:
  const RecordedEvent& event() const override { return event_; }

 protected:
  RecordedEvent event_;
  Status error_;
};

// The global log in position order, optionally checking the hash chain.
class LogCursor final : public CursorBase {
 public:
  LogCursor(RocksStore* store, uint64_t from, uint64_t max_count, bool verify)
      : store_(store), next_(from), remaining_(max_count), verify_(verify) {}

  Result<bool> Next() override {
    if (!error_.ok()) return error_;
    if (remaining_ == 0) return false;
    if (!it_) {
      it_.reset(store_->db()->NewIterator(rocksdb::ReadOptions(), store_->cf(RocksStore::kEvents)));
      if (verify_ && next_ > 0) {
        it_->Seek(keys::EventKey(next_ - 1));
        if (it_->Valid() && keys::GetU64(it_->key().data()) == next_ - 1 && it_->value().size() >= 32) {
          std::memcpy(prev_.data(), it_->value().data(), 32);
        } else {
          return error_ = Status::Corruption("händelsen på position " + std::to_string(next_ - 1) + " saknas");
        }
      }
      it_->Seek(keys::EventKey(next_));
    } else {
      it_->Next();
    }
    if (!it_->Valid()) {
      if (!it_->status().ok()) return error_ = FromRocks(it_->status(), "läsning av loggen");
      return false;
    }
    uint64_t pos = it_->key().size() == 8 ? keys::GetU64(it_->key().data()) : UINT64_MAX;
    if (pos != next_) {
      return error_ = Status::Corruption("position " + std::to_string(next_) + " saknas i loggen");
    }
    std::string_view value = View(it_->value());
    Status st = DecodeStoredValue(value, &event_);
    if (!st.ok()) return error_ = st.WithContext("position " + std::to_string(pos));
    if (event_.position != pos) {
      return error_ = Status::Corruption("händelsen på position " + std::to_string(pos) + " säger sig ha position " +
                                         std::to_string(event_.position));
    }
    if (verify_) {
      if (event_.prev_hash != prev_) {
        return error_ = Status::Corruption("hashkedjan bryts vid position " + std::to_string(pos));
      }
      if (EventHash(store_->chain_rule(), prev_, CanonicalPart(value)) != event_.hash) {
        return error_ = Status::Corruption("händelsen på position " + std::to_string(pos) + " har ändrats");
      }
      prev_ = event_.hash;
    }
    ++next_;
    --remaining_;
    return true;
  }

 private:
  RocksStore* store_;
  uint64_t next_;
  uint64_t remaining_;
  bool verify_;
  Hash prev_{};
  std::unique_ptr<rocksdb::Iterator> it_;
};

// Fetches single events by position, for index-driven cursors.
class PointReader {
 public:
  explicit PointReader(RocksStore* store) : store_(store) {}
  Status Read(uint64_t position, RecordedEvent* out) {
    rocksdb::PinnableSlice value;
    rocksdb::Status s = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(RocksStore::kEvents),
                                          keys::EventKey(position), &value);
    if (s.IsNotFound()) {
      return Status::Corruption("indexet pekar på position " + std::to_string(position) + " som saknas");
    }
    if (!s.ok()) return FromRocks(s, "läsning av position " + std::to_string(position));
    return DecodeStoredValue(View(value), out);
  }

 private:
  RocksStore* store_;
};

// Events of one stream, forward or backward from a version. The streams index
// has one entry per append: [first_version, first_version + count).
class StreamCursor final : public CursorBase {
 public:
  StreamCursor(RocksStore* store, std::string stream, uint64_t from, Direction dir, uint64_t max_count)
      : store_(store), reader_(store), prefix_(keys::StreamPrefix(stream)), next_version_(from), dir_(dir),
        remaining_(max_count) {}

  Result<bool> Next() override {
    if (!error_.ok()) return error_;
    if (remaining_ == 0 || exhausted_) return false;
    if (!it_) {
      it_.reset(store_->db()->NewIterator(rocksdb::ReadOptions(), store_->cf(RocksStore::kStreams)));
      it_->SeekForPrev(prefix_ + VersionBytes(next_version_));
      if (dir_ == Direction::kForward && (!it_->Valid() || !InRange())) it_->Seek(prefix_ + VersionBytes(next_version_));
      if (!LoadRange()) return Finish();
      if (dir_ == Direction::kForward) next_version_ = std::max(next_version_, first_version_);
      if (dir_ == Direction::kBackward) next_version_ = std::min(next_version_, first_version_ + count_ - 1);
    }
    while (next_version_ < first_version_ || next_version_ >= first_version_ + count_) {
      if (dir_ == Direction::kForward) {
        it_->Next();
      } else {
        it_->Prev();
      }
      if (!LoadRange()) return Finish();
      next_version_ = dir_ == Direction::kForward ? first_version_ : first_version_ + count_ - 1;
    }
    uint64_t pos = first_position_ + (next_version_ - first_version_);
    Status st = reader_.Read(pos, &event_);
    if (!st.ok()) return error_ = st;
    if (event_.stream_version != next_version_ || prefix_ != keys::StreamPrefix(event_.stream)) {
      return error_ = Status::Corruption("strömindexet stämmer inte med händelsen på position " + std::to_string(pos));
    }
    --remaining_;
    if (dir_ == Direction::kForward) {
      ++next_version_;
    } else if (next_version_ == 0) {
      exhausted_ = true;
    } else {
      --next_version_;
    }
    return true;
  }

 private:
  static std::string VersionBytes(uint64_t v) {
    std::string s;
    keys::PutU64(&s, v);
    return s;
  }
  bool InRange() const {
    return it_->key().starts_with(prefix_) && it_->key().size() == prefix_.size() + 8 &&
           it_->value().size() == 12 &&
           next_version_ < keys::GetU64(it_->key().data() + prefix_.size()) + keys::GetU32(it_->value().data() + 8);
  }
  bool LoadRange() {
    if (!it_->Valid()) {
      if (!it_->status().ok()) error_ = FromRocks(it_->status(), "läsning av strömindexet");
      return false;
    }
    if (!it_->key().starts_with(prefix_) || it_->key().size() != prefix_.size() + 8 || it_->value().size() != 12) {
      return false;
    }
    first_version_ = keys::GetU64(it_->key().data() + prefix_.size());
    first_position_ = keys::GetU64(it_->value().data());
    count_ = keys::GetU32(it_->value().data() + 8);
    return count_ > 0;
  }
  Result<bool> Finish() {
    exhausted_ = true;
    if (!error_.ok()) return error_;
    return false;
  }

  RocksStore* store_;
  PointReader reader_;
  std::string prefix_;
  uint64_t next_version_;
  Direction dir_;
  uint64_t remaining_;
  bool exhausted_ = false;
  uint64_t first_version_ = 0, first_position_ = 0;
  uint32_t count_ = 0;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// Events named by an index whose keys end in BE64(first position) and whose
// values count the run from there (by_type, by_effective, by_recorded; a
// format-1 entry with an empty value is a run of one). Events before
// `from_position` are skipped; with `run_prefix` set, the entry before `lower`
// with that prefix is read first, since its run may reach past it.
class IndexCursor final : public CursorBase {
 public:
  IndexCursor(RocksStore* store, int cf, std::string lower, std::string upper, uint64_t from_position = 0,
              std::string run_prefix = {})
      : store_(store), reader_(store), cf_(cf), lower_(std::move(lower)), upper_(std::move(upper)),
        from_(from_position), run_prefix_(std::move(run_prefix)) {}

  Result<bool> Next() override {
    if (!error_.ok()) return error_;
    while (pending_ == 0) {
      if (!it_) {
        Start();
      } else {
        it_->Next();
      }
      if (!it_->Valid()) {
        if (!it_->status().ok()) return error_ = FromRocks(it_->status(), "läsning av index");
        return false;
      }
      if (it_->key().compare(upper_) >= 0) return false;
      if (it_->key().size() < 8) return error_ = Status::Corruption("indexnyckel har fel längd");
      auto count = keys::RunCount(View(it_->value()));
      if (!count) return error_ = Status::Corruption("indexet har ett felaktigt värde");
      uint64_t first = keys::GetU64(it_->key().data() + it_->key().size() - 8);
      uint64_t start = std::max(first, from_);
      if (start >= first + *count) continue;
      position_ = start;
      pending_ = first + *count - start;
    }
    Status st = reader_.Read(position_, &event_);
    if (!st.ok()) return error_ = st;
    ++position_;
    --pending_;
    return true;
  }

 private:
  void Start() {
    it_.reset(store_->db()->NewIterator(rocksdb::ReadOptions(), store_->cf(cf_)));
    if (!run_prefix_.empty()) {
      it_->SeekForPrev(lower_);
      if (it_->Valid() && it_->key().starts_with(run_prefix_)) return;
    }
    it_->Seek(lower_);
  }

  RocksStore* store_;
  PointReader reader_;
  int cf_;
  std::string lower_, upper_;
  uint64_t from_;
  std::string run_prefix_;
  uint64_t position_ = 0;
  uint64_t pending_ = 0;
  std::unique_ptr<rocksdb::Iterator> it_;
};

std::string TimeBound(Timestamp t) {
  std::string s;
  keys::PutU64(&s, keys::FlipSign(t.time_since_epoch().count()));
  return s;
}

}  // namespace

std::unique_ptr<EventCursor> RocksStore::ReadStream(std::string_view stream, uint64_t from_version,
                                                    Direction direction, uint64_t max_count) {
  return std::make_unique<StreamCursor>(this, std::string(stream), from_version, direction, max_count);
}

std::unique_ptr<EventCursor> RocksStore::ReadAll(uint64_t from_position, uint64_t max_count, bool verify_chain) {
  return std::make_unique<LogCursor>(this, from_position, max_count, verify_chain);
}

std::unique_ptr<EventCursor> RocksStore::ReadByType(std::string_view type, uint64_t from_position) {
  std::string prefix(type);
  prefix.push_back('\0');
  std::string lower = prefix;
  keys::PutU64(&lower, from_position);
  std::string upper(type);
  upper.push_back('\1');
  return std::make_unique<IndexCursor>(this, kByType, lower, upper, from_position, prefix);
}

std::unique_ptr<EventCursor> RocksStore::ReadByEffectiveTime(TimeRange range) {
  return std::make_unique<IndexCursor>(this, kByEffective, TimeBound(range.from), TimeBound(range.to));
}

std::unique_ptr<EventCursor> RocksStore::ReadByRecordedTime(TimeRange range) {
  return std::make_unique<IndexCursor>(this, kByRecorded, TimeBound(range.from), TimeBound(range.to));
}

}  // namespace arshjul::storage
