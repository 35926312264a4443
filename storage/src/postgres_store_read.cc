// PostgresStore's read side: cursors that read pages by key (never holding a
// transaction open), and subscriptions woken by LISTEN/NOTIFY.
#include <poll.h>

#include <climits>
#include <cstring>

#include "envelope_codec.h"
#include "polling_subscription.h"
#include "postgres_store.h"

namespace arshjul::storage {
namespace {

constexpr int64_t kPage = 256;
constexpr const char* kColumns = "SELECT position, hash, envelope, ";

int64_t Clamp(uint64_t v) { return v > uint64_t{INT64_MAX} ? INT64_MAX : static_cast<int64_t>(v); }

// A cursor over pages of rows (position, hash, envelope, key) ordered by
// (key, position). Subclasses say how to ask for the page after a row.
class PagedCursor : public EventCursor {
 public:
  PagedCursor(const PostgresStore* store, uint64_t max_count) : store_(store), remaining_(max_count) {}
  const RecordedEvent& event() const override { return event_; }

  Result<bool> Next() override {
    if (!error_.ok()) return error_;
    if (remaining_ == 0 || done_) return false;
    if (row_ + 1 >= rows_.size()) {
      if (started_ && rows_.size() < limit_) return Finish();  // the last page was short: the end
      limit_ = static_cast<int>(std::min<uint64_t>(kPage, remaining_));
      std::optional<pg::Statement> q = PageQuery(limit_);
      if (!q) return Finish();
      auto page = store_->Read(q->sql, q->params);
      if (!page.ok()) return error_ = page.status();
      rows_ = std::move(page).value();
      row_ = -1;
      started_ = true;
      if (rows_.size() == 0) return Finish();
    }
    ++row_;
    Status st = pgsql::DecodeRow(rows_, row_, &event_);
    if (st.ok()) st = Check(rows_, row_);
    if (!st.ok()) return error_ = st;
    --remaining_;
    return true;
  }

 protected:
  // The query for the next page (after the last delivered row, if any).
  virtual std::optional<pg::Statement> PageQuery(int limit) = 0;
  // Checks the decoded event_ against the row and records the key to continue from.
  virtual Status Check(const pg::Rows& rows, int row) = 0;

  RecordedEvent event_;

 private:
  Result<bool> Finish() {
    done_ = true;
    return false;
  }

  const PostgresStore* store_;
  uint64_t remaining_;
  pg::Rows rows_;
  int row_ = -1;
  int limit_ = 0;
  bool started_ = false;
  bool done_ = false;
  Status error_;
};

// The global log from a position; positions must be dense.
class LogCursor final : public PagedCursor {
 public:
  LogCursor(PostgresStore* store, uint64_t from, uint64_t max_count, bool verify)
      : PagedCursor(store, max_count), store_(store), next_(from), verify_(verify) {}

  Result<bool> Next() override {
    if (verify_ && !prev_loaded_) {
      prev_loaded_ = true;
      auto rule = store_->ChainRuleOf();
      if (!rule.ok()) return rule.status();
      rule_ = *rule;
      if (next_ > 0) {
        auto r = store_->Read("SELECT hash FROM arshjul_events WHERE position = $1",
                              pg::Params().Int8(Clamp(next_ - 1)));
        if (!r.ok()) return r.status();
        if (r->size() != 1 || r->Bytes(0, 0).size() != 32) {
          return Status::Corruption("händelsen på position " + std::to_string(next_ - 1) + " saknas");
        }
        std::memcpy(prev_.data(), r->Bytes(0, 0).data(), 32);
      }
    }
    return PagedCursor::Next();
  }

 protected:
  std::optional<pg::Statement> PageQuery(int limit) override {
    return pg::Statement{
        std::string(kColumns) + "position FROM arshjul_events WHERE position >= $1 ORDER BY position LIMIT $2",
        pg::Params().Int8(Clamp(next_)).Int8(limit)};
  }
  Status Check(const pg::Rows& rows, int row) override {
    if (event_.position != next_) {
      return Status::Corruption("position " + std::to_string(next_) + " saknas i loggen");
    }
    if (verify_) {
      if (event_.prev_hash != prev_) return Status::Corruption("hashkedjan bryts vid position " + std::to_string(next_));
      if (EventHash(rule_, prev_, rows.Bytes(row, 2)) != event_.hash) {
        return Status::Corruption("händelsen på position " + std::to_string(next_) + " har ändrats");
      }
      prev_ = event_.hash;
    }
    ++next_;
    return Status::Ok();
  }

 private:
  PostgresStore* store_;
  uint64_t next_;
  bool verify_;
  bool prev_loaded_ = false;
  Hash prev_{};
  ChainRule rule_ = ChainRule::kPrevThenEnvelope;
};

// One stream by version, forward or backward.
class StreamCursor final : public PagedCursor {
 public:
  StreamCursor(PostgresStore* store, std::string stream, uint64_t from, Direction dir, uint64_t max_count)
      : PagedCursor(store, max_count), stream_(std::move(stream)), next_(Clamp(from)), dir_(dir) {}

 protected:
  std::optional<pg::Statement> PageQuery(int limit) override {
    bool fwd = dir_ == Direction::kForward;
    std::string sql = std::string(kColumns) + "stream_version FROM arshjul_events WHERE stream = $1 AND stream_version " +
                      (fwd ? ">= $2 ORDER BY stream_version" : "<= $2 ORDER BY stream_version DESC") + " LIMIT $3";
    if (!fwd && next_ < 0) return std::nullopt;  // went below version 0
    return pg::Statement{sql, pg::Params().Text(stream_).Int8(next_).Int8(limit)};
  }
  Status Check(const pg::Rows& rows, int row) override {
    int64_t version = rows.Int8(row, 3);
    if (event_.stream != stream_ || static_cast<int64_t>(event_.stream_version) != version) {
      return Status::Corruption("strömindexet stämmer inte med händelsen på position " +
                                std::to_string(event_.position));
    }
    next_ = dir_ == Direction::kForward ? version + 1 : version - 1;
    return Status::Ok();
  }

 private:
  std::string stream_;
  int64_t next_;
  Direction dir_;
};

// Events named by a column index: (key, position) from a lower bound, key below an upper bound.
class IndexCursor final : public PagedCursor {
 public:
  IndexCursor(PostgresStore* store, std::string column, std::string type, int64_t from_key, int64_t from_pos,
              int64_t to_key)
      : PagedCursor(store, UINT64_MAX), column_(std::move(column)), type_(std::move(type)), key_(from_key),
        pos_(from_pos), to_key_(to_key) {}

 protected:
  std::optional<pg::Statement> PageQuery(int limit) override {
    if (column_ == "event_type") {
      return pg::Statement{
          std::string(kColumns) +
              "position FROM arshjul_events WHERE event_type = $1 AND position >= $2 ORDER BY position LIMIT $3",
          pg::Params().Text(type_).Int8(pos_).Int8(limit)};
    }
    return pg::Statement{std::string(kColumns) + column_ + " FROM arshjul_events WHERE (" + column_ + ", position) >= ($1, $2) AND " +
                column_ + " < $3 ORDER BY " + column_ + ", position LIMIT $4",
            pg::Params().Int8(key_).Int8(pos_).Int8(to_key_).Int8(limit)};
  }
  Status Check(const pg::Rows& rows, int row) override {
    int64_t key = rows.Int8(row, 3);
    bool matches = column_ == "event_type"       ? event_.type == type_
                   : column_ == "effective_us" ? event_.effective_at.time_since_epoch().count() == key
                                               : event_.recorded_at.time_since_epoch().count() == key;
    if (!matches) {
      return Status::Corruption("indexet " + column_ + " stämmer inte med händelsen på position " +
                                std::to_string(event_.position));
    }
    key_ = key;
    pos_ = static_cast<int64_t>(event_.position) + 1;
    return Status::Ok();
  }

 private:
  std::string column_, type_;
  int64_t key_, pos_, to_key_;
};

}  // namespace

std::unique_ptr<EventCursor> PostgresStore::ReadStream(std::string_view stream, uint64_t from_version,
                                                       Direction direction, uint64_t max_count) {
  return std::make_unique<StreamCursor>(this, std::string(stream), from_version, direction, max_count);
}

std::unique_ptr<EventCursor> PostgresStore::ReadAll(uint64_t from_position, uint64_t max_count, bool verify_chain) {
  return std::make_unique<LogCursor>(this, from_position, max_count, verify_chain);
}

std::unique_ptr<EventCursor> PostgresStore::ReadByType(std::string_view type, uint64_t from_position) {
  return std::make_unique<IndexCursor>(this, "event_type", std::string(type), 0, Clamp(from_position), 0);
}

std::unique_ptr<EventCursor> PostgresStore::ReadByEffectiveTime(TimeRange range) {
  return std::make_unique<IndexCursor>(this, "effective_us", "", range.from.time_since_epoch().count(), 0,
                                       range.to.time_since_epoch().count());
}

std::unique_ptr<EventCursor> PostgresStore::ReadByRecordedTime(TimeRange range) {
  return std::make_unique<IndexCursor>(this, "recorded_us", "", range.from.time_since_epoch().count(), 0,
                                       range.to.time_since_epoch().count());
}

std::unique_ptr<Subscription> PostgresStore::Subscribe(uint64_t from_position) {
  // LISTEN before the subscription's first read, so no commit after that read goes unnoticed.
  Status st = StartListener();
  (void)st;  // without a listener, waits end at their timeout and the next read still sees every commit
  return std::make_unique<PollingSubscription<PostgresStore>>(this, from_position);
}

void PostgresStore::NoteHead(uint64_t position) {
  std::lock_guard lk(head_mu_);
  if (!known_head_ || *known_head_ < position) known_head_ = position;
  head_cv_.notify_all();
}

void PostgresStore::WaitForPosition(uint64_t position, std::chrono::milliseconds timeout,
                                    const std::atomic<bool>& cancelled) {
  std::unique_lock lk(head_mu_);
  head_cv_.wait_for(lk, timeout, [&] { return cancelled.load() || (known_head_ && *known_head_ >= position); });
}

void PostgresStore::WakeWaiters() {
  std::lock_guard lk(head_mu_);
  head_cv_.notify_all();
}

Status PostgresStore::StartListener() {
  std::lock_guard lk(listener_mu_);
  if (listener_thread_.joinable()) return Status::Ok();
  auto c = pg::Conn::Connect(conninfo_);
  if (!c.ok()) return c.status();
  listener_ = std::move(c).value();
  ARSHJUL_RETURN_IF_ERROR(listener_->Run("LISTEN arshjul_log"));
  listener_thread_ = std::thread([this] { ListenLoop(); });
  return Status::Ok();
}

void PostgresStore::ListenLoop() {
  while (!stopping_) {
    if (listener_->Broken()) {
      // After a failover: listen on the new primary; wake everyone, since
      // notifications may have been missed.
      if (listener_->Reconnect().ok() && listener_->Run("LISTEN arshjul_log").ok()) WakeWaiters();
      pollfd none{};
      poll(&none, 0, 200);
      continue;
    }
    pollfd fd{listener_->Socket(), POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    auto got = listener_->DrainNotifications();
    if (!got.ok() || !got->has_value()) continue;
    if (**got >= 0) {
      NoteHead(static_cast<uint64_t>(**got));
    } else {
      WakeWaiters();
    }
  }
}

}  // namespace arshjul::storage
