// PostgresStore's Merkle tree over the shared run records (tree_runs.h): the
// arshjul_tree table as their storage, the compact range in the log head row,
// and building the tree once for a store made without it (format 1 → 2).
#include <cstring>

#include "postgres_store.h"
#include "tree_runs.h"

namespace arshjul::storage {
namespace {

// Adds the tree to a format-1 schema. Idempotent; the advisory lock is the
// schema creation's.
constexpr const char* kTreeSchemaSql = R"sql(
BEGIN;
SELECT pg_advisory_xact_lock(7142016);
ALTER TABLE arshjul_log_head ADD COLUMN IF NOT EXISTS tree_size bigint;
ALTER TABLE arshjul_log_head ADD COLUMN IF NOT EXISTS tree bytea;
CREATE TABLE IF NOT EXISTS arshjul_tree (first_position bigint PRIMARY KEY, hashes bytea NOT NULL);
COMMIT;
)sql";

constexpr const char* kHeadTree = "SELECT position, tree_size, tree FROM arshjul_log_head WHERE id = 1";
constexpr const char* kRunAtOrBefore =
    "SELECT first_position, hashes FROM arshjul_tree WHERE first_position <= $1 ORDER BY first_position DESC LIMIT 1";

std::string_view HashBytes(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

// Reads run records through the store's reader connection, one query per
// record; the last record read answers every leaf it holds. Not thread-safe.
class PgSubtrees final : public tree::RunSubtrees {
 public:
  explicit PgSubtrees(const PostgresStore* store) : store_(store) {}

 protected:
  Result<std::optional<tree::RunView>> RunAtOrBefore(uint64_t leaf) const override {
    if (!last_ || leaf < last_->first || leaf >= last_->first + last_leaves_) {
      auto rows = store_->Read(kRunAtOrBefore, pg::Params().Int8(static_cast<int64_t>(leaf)));
      if (!rows.ok()) return rows.status().WithContext("kunde inte läsa Merkleträdet");
      if (rows->size() == 0) return std::optional<tree::RunView>();
      rows_ = std::move(rows).value();
      last_ = tree::RunView{static_cast<uint64_t>(rows_.Int8(0, 0)), rows_.Bytes(0, 1)};
      last_leaves_ = tree::RunLeaves(last_->first, last_->hashes).value_or(0);
    }
    return last_;
  }

 private:
  const PostgresStore* store_;
  mutable pg::Rows rows_;
  mutable std::optional<tree::RunView> last_;
  mutable uint64_t last_leaves_ = 0;
};

}  // namespace

namespace pgsql {

const char* const kLockHead =
    "UPDATE arshjul_log_head SET id = id WHERE id = 1 RETURNING position, hash, recorded_us, tree_size, tree";

Result<merkle::CompactRange> HeadTree(const pg::Rows& head, uint64_t events) {
  if (head.IsNull(0, 3) || head.IsNull(0, 4) || static_cast<uint64_t>(head.Int8(0, 3)) != events) {
    return Status::Corruption("Merkleträdet täcker inte loggens " + std::to_string(events) +
                              " händelser (ändrat utanför arshjul eller skrivet av en äldre version); kör arshjul "
                              "verify");
  }
  return tree::DecodeRange(events, head.Bytes(0, 4));
}

pg::Statement InsertRun(uint64_t first, std::string hashes) {
  return pg::Statement{"INSERT INTO arshjul_tree VALUES ($1, $2)",
                       pg::Params().Int8(static_cast<int64_t>(first)).Bytea(hashes)};
}

pg::Statement SetHead(uint64_t position, const Hash& hash, Timestamp recorded_at, const merkle::CompactRange& tree) {
  return pg::Statement{
      "UPDATE arshjul_log_head SET position = $1, hash = $2, recorded_us = $3, tree_size = $4, tree = $5 WHERE id = 1",
      pg::Params()
          .Int8(static_cast<int64_t>(position))
          .Bytea(HashBytes(hash))
          .Int8(recorded_at.time_since_epoch().count())
          .Int8(static_cast<int64_t>(tree.size()))
          .Bytea(tree::EncodeRange(tree))};
}

}  // namespace pgsql

Status PostgresStore::EnsureTree(bool format1) {
  if (!format1) {  // format 2: only a tree left behind (by a process from before the tree) needs building
    ARSHJUL_ASSIGN_OR_RETURN(auto head, Read("SELECT position, tree_size FROM arshjul_log_head WHERE id = 1", {}));
    if (head.size() != 1 || (!head.IsNull(0, 1) && head.Int8(0, 1) >= head.Int8(0, 0) + 1)) return Status::Ok();
  }
  Status st = format1 ? writer_->Run(kTreeSchemaSql) : Status::Ok();
  if (!st.ok()) {
    (void)writer_->Run("ROLLBACK");
    return st.WithContext("kunde inte lägga till Merkleträdets tabell");
  }
  ARSHJUL_RETURN_IF_ERROR(writer_->Run("BEGIN ISOLATION LEVEL READ COMMITTED"));
  st = BuildTreeLocked();
  if (!st.ok()) (void)Rollback();
  return st;
}

// Inside the transaction: takes the head row's lock (appenders of every
// process wait), and builds the tree from where it ends (format 1: from the
// start) over the chain-checked events, then marks the store format 2, in
// one commit. Nothing is written when the chain is broken. A tree that
// another process completed meanwhile, or one beyond the log's end (a log
// cut behind arshjul's back: verify reports it, no proofs are served), is
// left as it is.
Status PostgresStore::BuildTreeLocked() {
  auto got = writer_->Pipeline({pg::Statement{pgsql::kLockHead, {}},
                                pg::Statement{"SELECT value FROM arshjul_meta WHERE key = 'format'", {}}});
  if (!got.ok()) return got.status().WithContext("kunde inte läsa loggens huvud");
  const pg::Rows& head = (*got)[0];
  if (head.size() != 1) return Status::Corruption("loggens huvud (arshjul_log_head) saknas");
  uint64_t events = static_cast<uint64_t>(head.Int8(0, 0) + 1);
  bool format2 = (*got)[1].size() == 1 && (*got)[1].Bytes(0, 0) == "2";
  uint64_t have = format2 && !head.IsNull(0, 3) ? static_cast<uint64_t>(head.Int8(0, 3)) : 0;
  if (format2 && have >= events) return Commit({});
  merkle::CompactRange range;
  if (have > 0) {
    ARSHJUL_ASSIGN_OR_RETURN(range, tree::DecodeRange(have, head.Bytes(0, 4)));
  }
  std::vector<pg::Statement> statements;
  statements.push_back(pg::Statement{"DELETE FROM arshjul_tree WHERE first_position >= $1",
                                     pg::Params().Int8(static_cast<int64_t>(have))});
  auto cursor = ReadAll(have, UINT64_MAX, /*verify_chain=*/true);
  ARSHJUL_RETURN_IF_ERROR(tree::BuildRuns(*cursor, events, &range, [&](uint64_t first, const std::string& hashes) {
    statements.push_back(pgsql::InsertRun(first, hashes));
    return Status::Ok();
  }));
  statements.push_back(pg::Statement{"UPDATE arshjul_log_head SET tree_size = $1, tree = $2 WHERE id = 1",
                                     pg::Params().Int8(static_cast<int64_t>(range.size())).Bytea(
                                         tree::EncodeRange(range))});
  statements.push_back(pg::Statement{"UPDATE arshjul_meta SET value = '2' WHERE key = 'format'", {}});
  return Commit(std::move(statements));
}

Result<TreeHead> PostgresStore::CurrentTree() {
  if (!has_tree_) return Status::NotFound(tree::TreeMissingMessage());
  ARSHJUL_ASSIGN_OR_RETURN(auto head, Read(kHeadTree, {}));
  if (head.size() != 1) return Status::Corruption("loggens huvud (arshjul_log_head) saknas");
  uint64_t events = static_cast<uint64_t>(head.Int8(0, 0) + 1);
  // A tree that does not cover the log (cut or written around arshjul): no proofs; verify says why.
  if (head.IsNull(0, 1) || head.IsNull(0, 2) || static_cast<uint64_t>(head.Int8(0, 1)) != events) {
    return Status::NotFound("Merkleträdet täcker inte loggen; kör arshjul verify");
  }
  ARSHJUL_ASSIGN_OR_RETURN(auto range, tree::DecodeRange(events, head.Bytes(0, 2)));
  return TreeHead{range.size(), range.Root()};
}

Result<std::unique_ptr<merkle::SubtreeSource>> PostgresStore::Tree() {
  if (!has_tree_) return Status::NotFound(tree::TreeMissingMessage());
  return std::unique_ptr<merkle::SubtreeSource>(new PgSubtrees(this));
}

}  // namespace arshjul::storage
