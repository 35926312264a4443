// PostgresStore::Import: a log copied from another backend, byte for byte.
#include <cstring>

#include "envelope_codec.h"
#include "postgres_store.h"

namespace arshjul::storage {
namespace {

constexpr size_t kRowsPerInsert = 4096;

std::string_view HashBytes(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

// Consecutive events of one append carry the same stream, command id and
// recorded time; each run with a command id becomes one arshjul_commands row.
// A run continuing one that an earlier Import call began extends that row.
void AddCommandRows(const std::vector<RecordedEvent>& events, std::vector<pg::Statement>* out) {
  for (size_t i = 0; i < events.size();) {
    size_t j = i + 1;
    while (j < events.size() && events[j].command_id == events[i].command_id && events[j].stream == events[i].stream &&
           events[j].recorded_at == events[i].recorded_at && events[j].stream_version == events[j - 1].stream_version + 1) {
      ++j;
    }
    const RecordedEvent& e = events[i];
    if (!e.command_id.empty()) {
      out->push_back(pg::Statement{
          "INSERT INTO arshjul_commands AS c VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (command_id) DO UPDATE "
          "SET count = c.count + EXCLUDED.count WHERE c.first_position + c.count = EXCLUDED.first_position AND "
          "c.stream = EXCLUDED.stream",
          pg::Params()
              .Text(e.command_id)
              .Text(e.stream)
              .Int8(static_cast<int64_t>(e.position))
              .Int4(static_cast<int32_t>(j - i))
              .Int8(static_cast<int64_t>(e.stream_version))
              .Int8(e.recorded_at.time_since_epoch().count())});
    }
    i = j;
  }
}

}  // namespace

Status PostgresStore::Import(const std::vector<RecordedEvent>& events) {
  if (events.empty()) return Status::Ok();
  std::lock_guard lk(write_mu_);
  ARSHJUL_RETURN_IF_ERROR(EnsureWriter());
  auto got = writer_->Pipeline({pg::Statement{"BEGIN ISOLATION LEVEL READ COMMITTED", {}},
                                pg::Statement{"UPDATE arshjul_log_head SET id = id WHERE id = 1 RETURNING position, hash",
                                              {}}});
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
  if (!rule.ok()) {
    (void)Rollback();
    return rule.status();
  }
  std::vector<pg::Statement> statements;
  pg::Params p;
  size_t in_statement = 0;
  for (const RecordedEvent& e : events) {
    if (e.position != next || e.prev_hash != prev) {
      (void)Rollback();
      return Status::Corruption("händelsen på position " + std::to_string(e.position) +
                                " fortsätter inte loggen (väntad position " + std::to_string(next) + ")");
    }
    std::string canonical = EncodeEnvelope(e);
    if (EventHash(*rule, prev, canonical) != e.hash) {
      (void)Rollback();
      return Status::Corruption("händelsen på position " + std::to_string(e.position) + " har fel hash");
    }
    pgsql::AddEventParams(e, canonical, &p);
    if (++in_statement == kRowsPerInsert) {
      statements.push_back(pg::Statement{pgsql::InsertEventsSql(in_statement), std::move(p)});
      p = pg::Params();
      in_statement = 0;
    }
    prev = e.hash;
    ++next;
  }
  if (in_statement > 0) statements.push_back(pg::Statement{pgsql::InsertEventsSql(in_statement), std::move(p)});
  AddCommandRows(events, &statements);
  statements.push_back(pg::Statement{
      "UPDATE arshjul_log_head SET position = $1, hash = $2, recorded_us = $3 WHERE id = 1",
      pg::Params().Int8(static_cast<int64_t>(next - 1)).Bytea(HashBytes(prev)).Int8(
          events.back().recorded_at.time_since_epoch().count())});
  statements.push_back(pg::Statement{"SELECT pg_notify('arshjul_log', $1)", pg::Params().Text(std::to_string(next - 1))});
  ARSHJUL_RETURN_IF_ERROR(Commit(std::move(statements)));
  NoteHead(next - 1);
  return Status::Ok();
}

}  // namespace arshjul::storage
