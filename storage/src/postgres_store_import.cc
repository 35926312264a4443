// PostgresStore::Import: a log copied from another backend, byte for byte.
#include <cstring>

#include "append_support.h"
#include "envelope_codec.h"
#include "postgres_store.h"
#include "tree_runs.h"

namespace arshjul::storage {
namespace {

constexpr size_t kRowsPerInsert = 4096;

// A run of one append with a command id becomes one arshjul_commands row; a
// run continuing one that an earlier Import call began extends that row.
pg::Statement CommandRow(const RecordedEvent& e, size_t count) {
  return pg::Statement{
      "INSERT INTO arshjul_commands AS c VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (command_id) DO UPDATE "
      "SET count = c.count + EXCLUDED.count WHERE c.first_position + c.count = EXCLUDED.first_position AND "
      "c.stream = EXCLUDED.stream",
      pg::Params()
          .Text(e.command_id)
          .Text(e.stream)
          .Int8(static_cast<int64_t>(e.position))
          .Int4(static_cast<int32_t>(count))
          .Int8(static_cast<int64_t>(e.stream_version))
          .Int8(e.recorded_at.time_since_epoch().count())};
}

// The rows of the events, in statements of kRowsPerInsert; Corruption unless
// they continue the log at `next` after `prev` by `rule`. Each append's leaves join
// `tree`, one run record per append (as the RocksDB store's Import does).
Status AddEventRows(const std::vector<RecordedEvent>& events, ChainRule rule, uint64_t next, Hash prev,
                    merkle::CompactRange* tree, std::vector<pg::Statement>* out) {
  pg::Params p;
  size_t in_statement = 0;
  std::vector<pg::Statement> runs;
  std::vector<Hash> completed;
  for (size_t begin = 0; begin < events.size();) {
    size_t end = ImportRunEnd(events, begin);
    std::string run;
    for (size_t i = begin; i < end; ++i) {
      const RecordedEvent& e = events[i];
      ARSHJUL_ASSIGN_OR_RETURN(std::string canonical, ImportedCanonical(e, rule, &next, &prev));
      tree::AppendLeaf(merkle::LeafHash(canonical), tree, &run, &completed);
      pgsql::AddEventParams(e, canonical, &p);
      if (++in_statement == kRowsPerInsert) {
        out->push_back(pg::Statement{pgsql::InsertEventsSql(in_statement), std::move(p)});
        p = pg::Params();
        in_statement = 0;
      }
    }
    runs.push_back(pgsql::InsertRun(events[begin].position, std::move(run)));
    if (!events[begin].command_id.empty()) runs.push_back(CommandRow(events[begin], end - begin));
    begin = end;
  }
  if (in_statement > 0) out->push_back(pg::Statement{pgsql::InsertEventsSql(in_statement), std::move(p)});
  for (auto& r : runs) out->push_back(std::move(r));
  return Status::Ok();
}

}  // namespace

Status PostgresStore::Import(const std::vector<RecordedEvent>& events) {
  if (events.empty()) return Status::Ok();
  std::lock_guard lk(write_mu_);
  ARSHJUL_RETURN_IF_ERROR(EnsureWriter());
  auto got = writer_->Pipeline(
      {pg::Statement{"BEGIN ISOLATION LEVEL READ COMMITTED", {}}, pg::Statement{pgsql::kLockHead, {}}});
  if (!got.ok()) {
    (void)Rollback();
    return got.status().WithContext("kunde inte läsa loggens huvud");
  }
  const pg::Rows& head = (*got)[1];
  if (head.size() != 1) {
    (void)Rollback();
    return Status::Corruption("loggens huvud (arshjul_log_head) saknas");
  }
  uint64_t next = static_cast<uint64_t>(head.Int8(0, 0) + 1);
  std::string_view prev_bytes = head.Bytes(0, 1);
  Hash prev{};
  if (prev_bytes.size() == 32) std::memcpy(prev.data(), prev_bytes.data(), 32);
  // An empty store takes the copied log's chain rule (its first event's); else its own.
  auto rule = next == 0 ? Result<ChainRule>(RuleOfHash(events.front().hash, prev, EncodeEnvelope(events.front()))
                                                .value_or(ChainRule::kPrevThenEnvelope))
                        : ChainRuleOf();
  auto tree = pgsql::HeadTree(head, next);
  std::vector<pg::Statement> statements;
  Status st = !rule.ok()   ? rule.status()
              : tree.ok() ? AddEventRows(events, *rule, next, prev, &*tree, &statements)
                          : tree.status();
  if (!st.ok()) {
    (void)Rollback();
    return st;
  }
  const RecordedEvent& last = events.back();
  statements.push_back(pgsql::SetHead(last.position, last.hash, last.recorded_at, *tree));
  statements.push_back(pg::Statement{"SELECT pg_notify('arshjul_log', $1)", pg::Params().Text(std::to_string(last.position))});
  ARSHJUL_RETURN_IF_ERROR(Commit(std::move(statements)));
  NoteHead(last.position);
  return Status::Ok();
}

}  // namespace arshjul::storage
