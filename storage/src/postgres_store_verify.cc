// PostgresStore's integrity and maintenance side: Verify, Stats, Import.
#include <cstring>
#include <unordered_map>

#include "envelope_codec.h"
#include "postgres_store.h"
#include "tree_runs.h"

namespace arshjul::storage {
namespace {

constexpr int64_t kVerifyPage = 2000;
constexpr int64_t kTreePage = 500;

VerifyReport Fail(VerifyReport r, std::optional<uint64_t> position, std::string problem) {
  r.ok = false;
  r.first_bad_position = position;
  r.problem = std::move(problem);
  return r;
}

std::string_view HashBytes(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

// The walk's state: the chain so far and what the index check needs.
struct Walk {
  uint64_t expected = 0;
  Hash prev{};
  ChainRule rule = ChainRule::kPrevThenEnvelope;  // the first event's, which settles the store's
  bool head_checked = false;
  std::unordered_map<std::string, uint64_t> next_version;  // per stream
  std::vector<uint64_t> command_hash;                      // per position; 0: no command id
};

// Checks one row (position, hash, envelope, stream, stream_version, event_type,
// effective_us, recorded_us, command_id); returns the problem, empty if none.
std::string CheckRow(const pg::Rows& rows, int i, const VerifyOptions& options, Walk* w, RecordedEvent* e) {
  uint64_t pos = static_cast<uint64_t>(rows.Int8(i, 0));
  std::string at = "position " + std::to_string(w->expected);
  if (pos != w->expected) {
    return at + " saknas eller loggen är omordnad (nästa rad: " + std::to_string(pos) + ")";
  }
  Status st = pgsql::DecodeRow(rows, i, e);
  if (!st.ok()) return "händelsen på " + at + " kan inte avkodas eller bär fel position (" + st.message() + ")";
  if (pos == 0) w->rule = RuleOfHash(e->hash, e->prev_hash, rows.Bytes(i, 2)).value_or(w->rule);
  if (EventHash(w->rule, e->prev_hash, rows.Bytes(i, 2)) != e->hash) {
    return "händelsen på " + at + " har ändrats (hashen stämmer inte)";
  }
  if (e->prev_hash != w->prev) {
    return "hashkedjan bryts vid " + at + " (en tidigare händelse har ändrats eller tagits bort)";
  }
  if (options.expected_head && options.expected_head->first == pos) {
    if (e->hash != options.expected_head->second) {
      return "loggen innehåller inte längre det angivna huvudet: " + at + " har hashen " + HashToHex(e->hash);
    }
    w->head_checked = true;
  }
  if (options.check_indexes) {
    bool columns_match = rows.Bytes(i, 3) == e->stream && rows.Int8(i, 4) == static_cast<int64_t>(e->stream_version) &&
                         rows.Bytes(i, 5) == e->type && rows.Int8(i, 6) == e->effective_at.time_since_epoch().count() &&
                         rows.Int8(i, 7) == e->recorded_at.time_since_epoch().count() && rows.Bytes(i, 8) == e->command_id;
    if (!columns_match) return "indexkolumnerna stämmer inte med händelsen på " + at;
    uint64_t& next = w->next_version[e->stream];
    if (e->stream_version != next) {
      return "strömmen " + e->stream + " har version " + std::to_string(e->stream_version) + " där " +
             std::to_string(next) + " väntades, på " + at;
    }
    ++next;
    w->command_hash.push_back(e->command_id.empty() ? 0 : std::hash<std::string_view>()(e->command_id));
  }
  w->prev = e->hash;
  ++w->expected;
  return {};
}

// The tree's run records in position order, a page at a time, read in the
// walk's snapshot; null when the store has no tree yet (format 1).
tree::TreeChecker::NextRun TreeRuns(pg::Conn* conn, bool has_tree) {
  if (!has_tree) return nullptr;
  struct Pages {
    pg::Rows rows;
    int row = -1;
    int64_t after = -1;
  };
  auto pages = std::make_shared<Pages>();
  return [conn, pages]() -> Result<std::optional<tree::RunView>> {
    if (pages->row + 1 >= pages->rows.size()) {
      if (pages->row >= 0 && pages->rows.size() < kTreePage) return std::optional<tree::RunView>();
      ARSHJUL_ASSIGN_OR_RETURN(pages->rows, conn->Exec("SELECT first_position, hashes FROM arshjul_tree WHERE "
                                                       "first_position > $1 ORDER BY first_position LIMIT $2",
                                                       pg::Params().Int8(pages->after).Int8(kTreePage)));
      pages->row = -1;
      if (pages->rows.size() == 0) return std::optional<tree::RunView>();
    }
    ++pages->row;
    pages->after = pages->rows.Int8(pages->row, 0);
    return std::optional<tree::RunView>(tree::RunView{static_cast<uint64_t>(pages->after), pages->rows.Bytes(pages->row, 1)});
  };
}

// The head row names the last event and its hash, and (with the tree) holds
// the compact range of the events' tree; the problem, empty if none.
std::string CheckHeadRow(const pg::Rows& head, const Walk& w, const tree::TreeChecker& tree) {
  if (head.Int8(0, 0) != static_cast<int64_t>(w.expected) - 1 || head.Bytes(0, 1) != HashBytes(w.prev)) {
    return "loggens huvud (arshjul_log_head) pekar på position " + std::to_string(head.Int8(0, 0)) +
           " men loggen slutar på " + std::to_string(static_cast<int64_t>(w.expected) - 1) +
           " (händelser saknas eller huvudet har ändrats)";
  }
  if (tree.active() && (head.IsNull(0, 2) || head.Int8(0, 2) != static_cast<int64_t>(w.expected) ||
                        head.Bytes(0, 3) != tree::EncodeRange(tree.range()))) {
    return "Merkleträdets huvud (arshjul_log_head.tree) stämmer inte med loggens " + std::to_string(w.expected) +
           " händelser";
  }
  return {};
}

}  // namespace

VerifyReport PostgresStore::Verify(const VerifyOptions& options) {
  VerifyReport report;
  // One snapshot for the whole walk (its own connection, so that other readers
  // are not held back): appends committed meanwhile are not half seen.
  auto conn = OpenSnapshot();
  if (!conn.ok()) return Fail(report, std::nullopt, "loggen kunde inte läsas: " + conn.status().message());
  auto Read = [&](const std::string& sql, const pg::Params& params) { return (*conn)->Exec(sql, params); };
  auto format = Read("SELECT value FROM arshjul_meta WHERE key = 'format'", {});
  if (!format.ok() || format->size() != 1) return Fail(report, std::nullopt, "datalagrets format kunde inte läsas");
  bool has_tree = format->Bytes(0, 0) == "2";
  tree::TreeChecker tree(TreeRuns(conn->get(), has_tree));
  Walk w;
  RecordedEvent e;
  for (;;) {
    auto rows = Read(
        "SELECT position, hash, envelope, stream, stream_version, event_type, effective_us, recorded_us, command_id "
        "FROM arshjul_events WHERE position >= $1 ORDER BY position LIMIT $2",
        pg::Params().Int8(static_cast<int64_t>(w.expected)).Int8(kVerifyPage));
    if (!rows.ok()) return Fail(report, w.expected, "loggen kunde inte läsas: " + rows.status().message());
    for (int i = 0; i < rows->size(); ++i) {
      std::string problem = CheckRow(*rows, i, options, &w, &e);
      if (!problem.empty()) return Fail(report, w.expected, problem);
      if (!tree.Check(w.expected - 1, rows->Bytes(i, 2))) return Fail(report, w.expected - 1, tree.problem);
      if (options.progress && w.expected % 100000 == 0) options.progress(w.expected);
    }
    if (rows->size() < kVerifyPage) break;
  }
  report.event_count = w.expected;
  if (w.expected > 0) report.head_position = w.expected - 1;
  report.head_hash = w.prev;
  if (options.expected_head && !w.head_checked) {
    return Fail(report, w.expected,
                "loggen är kortare än det angivna huvudet (position " + std::to_string(options.expected_head->first) +
                    ")");
  }
  if (!tree.Finish(w.expected)) return Fail(report, w.expected, tree.problem);
  report.tree_checked = tree.active();
  auto head = Read(has_tree ? "SELECT position, hash, tree_size, tree FROM arshjul_log_head WHERE id = 1"
                            : "SELECT position, hash FROM arshjul_log_head WHERE id = 1",
                   {});
  if (!head.ok() || head->size() != 1) return Fail(report, std::nullopt, "loggens huvud (arshjul_log_head) saknas");
  std::string head_problem = CheckHeadRow(*head, w, tree);
  if (!head_problem.empty()) {
    uint64_t at = head->Int8(0, 0) < 0 ? 0 : static_cast<uint64_t>(head->Int8(0, 0));
    return Fail(report, std::min(at, w.expected), head_problem);
  }
  if (options.check_indexes) {
    auto cmds = Read("SELECT command_id, first_position, count FROM arshjul_commands", {});
    if (!cmds.ok()) return Fail(report, std::nullopt, "kommandoindexet kunde inte läsas: " + cmds.status().message());
    for (int i = 0; i < cmds->size(); ++i) {
      uint64_t h = std::hash<std::string_view>()(cmds->Bytes(i, 0));
      uint64_t first = static_cast<uint64_t>(cmds->Int8(i, 1));
      for (uint64_t pos = first; pos < first + static_cast<uint64_t>(cmds->Int4(i, 2)); ++pos) {
        if (pos >= w.command_hash.size() || w.command_hash[pos] != h) {
          return Fail(report, pos, "kommandoindexet stämmer inte med händelsen på position " + std::to_string(pos));
        }
      }
    }
  }
  report.ok = true;
  return report;
}

Result<std::unique_ptr<pg::Conn>> PostgresStore::OpenSnapshot() const {
  ARSHJUL_ASSIGN_OR_RETURN(auto conn, pg::Conn::Connect(conninfo_));
  ARSHJUL_RETURN_IF_ERROR(conn->Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  return conn;
}

Result<StoreStats> PostgresStore::Stats() {
  StoreStats stats;
  ARSHJUL_ASSIGN_OR_RETURN(auto conn, OpenSnapshot());  // the figures agree with each other
  ARSHJUL_ASSIGN_OR_RETURN(
      auto head, conn->Exec("SELECT position, hash, (SELECT count(DISTINCT stream) FROM arshjul_events), "
                            "pg_total_relation_size('arshjul_events') + pg_total_relation_size('arshjul_commands') + "
                            "pg_total_relation_size('arshjul_log_head') + "
                            "coalesce(pg_total_relation_size(to_regclass('arshjul_tree')), 0) FROM arshjul_log_head WHERE id = 1"));
  if (head.size() != 1) return Status::Corruption("loggens huvud (arshjul_log_head) saknas");
  if (head.Int8(0, 0) >= 0) {
    stats.head_position = static_cast<uint64_t>(head.Int8(0, 0));
    if (head.Bytes(0, 1).size() == 32) std::memcpy(stats.head_hash.data(), head.Bytes(0, 1).data(), 32);
  }
  stats.event_count = stats.head_position ? *stats.head_position + 1 : 0;
  stats.stream_count = static_cast<uint64_t>(head.Int8(0, 2));
  stats.disk_bytes = static_cast<uint64_t>(head.Int8(0, 3));
  ARSHJUL_ASSIGN_OR_RETURN(auto types, conn->Exec("SELECT event_type, count(*) FROM arshjul_events GROUP BY event_type"));
  for (int i = 0; i < types.size(); ++i) {
    stats.events_by_type[std::string(types.Bytes(i, 0))] = static_cast<uint64_t>(types.Int8(i, 1));
  }
  return stats;
}

}  // namespace arshjul::storage
