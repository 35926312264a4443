// RocksStore's integrity and maintenance side: Verify, Stats, Backup, Restore.
#include <rocksdb/utilities/backup_engine.h>

#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "envelope_codec.h"
#include "keys.h"
#include "rocksdb_store.h"
#include "rocksdb_store_tree.h"

namespace arshjul::storage {
namespace {

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// A stored id for a message: control bytes shown as \xNN, at most 120 bytes.
std::string Printable(std::string_view s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s.substr(0, 120)) {
    if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// What the index check needs to know of each event, kept compact.
struct EventFacts {
  uint32_t stream = 0;
  uint32_t type = 0;
  uint64_t version = 0;
  int64_t effective_us = 0;
  int64_t recorded_us = 0;
  uint32_t command = 0;  // interned command id + 1; 0: none
};

class Interner {
 public:
  uint32_t Id(const std::string& s) {
    auto [it, inserted] = ids_.emplace(s, static_cast<uint32_t>(ids_.size()));
    return it->second;
  }
  std::optional<uint32_t> Find(std::string_view s) const {
    auto it = ids_.find(std::string(s));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
};

struct VerifyWalk {
  std::vector<EventFacts> facts;
  Interner streams, types, commands;
  std::vector<std::string> command_names;  // by interned id
};

uint32_t CommandNumber(VerifyWalk& walk, const std::string& command_id) {
  if (command_id.empty()) return 0;
  uint32_t id = walk.commands.Id(command_id);
  if (id == walk.command_names.size()) walk.command_names.push_back(command_id);
  return id + 1;
}

VerifyReport Fail(VerifyReport r, std::optional<uint64_t> position, std::string problem) {
  r.ok = false;
  r.first_bad_position = position;
  r.problem = std::move(problem);
  return r;
}

// Checks one index column family: every entry must name events whose facts
// match, and every event must be named exactly once.
class IndexChecker {
 public:
  IndexChecker(const VerifyWalk& walk, const char* name) : walk_(walk), name_(name), seen_(walk.facts.size()) {}

  // Marks [first, first+count) as named; `match(pos, i)` checks the facts.
  template <typename Match>
  bool Cover(uint64_t first, uint64_t count, Match match) {
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t pos = first + i;
      if (pos >= seen_.size()) return Bad(pos, "pekar bortom loggens slut");
      if (seen_[pos]) return Bad(pos, "nämner händelsen två gånger");
      if (!match(walk_.facts[pos], i)) return Bad(pos, "stämmer inte med händelsen");
      seen_[pos] = true;
    }
    return true;
  }
  bool Complete() {
    return CompleteWhere([](const EventFacts&) { return true; });
  }
  // Every event for which `must(facts)` holds has been named.
  template <typename Must>
  bool CompleteWhere(Must must) {
    for (uint64_t pos = 0; pos < seen_.size(); ++pos) {
      if (!seen_[pos] && must(walk_.facts[pos])) return Bad(pos, "saknar händelsen");
    }
    return true;
  }
  bool Bad(uint64_t pos, const std::string& what) {
    bad_position = pos;
    problem = std::string("indexet ") + name_ + " " + what + " på position " + std::to_string(pos);
    return false;
  }

  std::optional<uint64_t> bad_position;
  std::string problem;

 private:
  const VerifyWalk& walk_;
  const char* name_;
  std::vector<bool> seen_;
};

// The command-id index both ways: each entry's key is byte for byte the
// command id its events carry, and each event with a command id is named by
// the entry for that id (and only by it).
bool CheckCommandIndex(rocksdb::Iterator* it, const VerifyWalk& walk, std::optional<uint64_t>* bad,
                       std::string* problem) {
  IndexChecker check(walk, "commands");
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = View(it->key());
    keys::CommandRecord rec;
    auto command = walk.commands.Find(key);
    bool entry_ok = keys::ParseCommandValue(View(it->value()), &rec) && command &&
                    check.Cover(rec.first_position, rec.count,
                                [&](const EventFacts& f, uint64_t) { return f.command == *command + 1; });
    if (!entry_ok) {
      *bad = check.bad_position;
      *problem = "kommandoindexet stämmer inte med loggen för kommando-id '" + Printable(key) + "'" +
                 (check.bad_position ? " (position " + std::to_string(*check.bad_position) + ")" : std::string());
      return false;
    }
  }
  if (!it->status().ok()) {
    *problem = "kommandoindexet kunde inte läsas: " + it->status().ToString();
    return false;
  }
  if (!check.CompleteWhere([](const EventFacts& f) { return f.command != 0; })) {
    *bad = check.bad_position;
    const EventFacts& f = walk.facts[*check.bad_position];
    *problem = "kommandoindexet saknar kommando-id '" + Printable(walk.command_names[f.command - 1]) +
               "' som händelsen på position " + std::to_string(*check.bad_position) + " bär";
    return false;
  }
  return true;
}

// `iters`: one iterator per column family (by RocksStore::Cf), from one consistent state.
bool CheckIndexes(const std::vector<std::unique_ptr<rocksdb::Iterator>>& iters, const VerifyWalk& walk,
                  std::optional<uint64_t>* bad, std::string* problem) {
  auto iterate = [&](int cf, auto&& fn) {
    rocksdb::Iterator* it = iters[cf].get();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (!fn(View(it->key()), View(it->value()))) return false;
    }
    return it->status().ok();
  };
  auto run = [&](int cf, const char* name, auto&& on_entry) {
    IndexChecker check(walk, name);
    bool ok = iterate(cf, [&](std::string_view k, std::string_view v) { return on_entry(check, k, v); }) &&
              check.Complete();
    if (!ok) {
      *bad = check.bad_position;
      *problem = check.problem.empty() ? std::string("indexet ") + name + " har en felaktig post" : check.problem;
    }
    return ok;
  };

  bool ok = run(RocksStore::kStreams, "streams", [&](IndexChecker& c, std::string_view k, std::string_view v) {
    size_t zero = k.find('\0');
    if (zero == std::string_view::npos || k.size() != zero + 9 || v.size() != 12) return false;
    auto stream = walk.streams.Find(k.substr(0, zero));
    uint64_t first_version = keys::GetU64(k.data() + zero + 1);
    return stream && c.Cover(keys::GetU64(v.data()), keys::GetU32(v.data() + 8), [&](const EventFacts& f, uint64_t i) {
      return f.stream == *stream && f.version == first_version + i;
    });
  });
  // Format 2: a run per entry (a count in the value); format 1: one event, empty value.
  ok = ok && run(RocksStore::kByType, "by_type", [&](IndexChecker& c, std::string_view k, std::string_view v) {
    size_t zero = k.find('\0');
    auto count = keys::RunCount(v);
    if (zero == std::string_view::npos || k.size() != zero + 9 || !count) return false;
    auto type = walk.types.Find(k.substr(0, zero));
    return type && c.Cover(keys::GetU64(k.data() + zero + 1), *count,
                           [&](const EventFacts& f, uint64_t) { return f.type == *type; });
  });
  ok = ok && run(RocksStore::kByEffective, "by_effective", [&](IndexChecker& c, std::string_view k, std::string_view v) {
    auto count = keys::RunCount(v);
    if (k.size() != 16 || !count) return false;
    int64_t us = keys::UnflipSign(keys::GetU64(k.data()));
    return c.Cover(keys::GetU64(k.data() + 8), *count,
                   [&](const EventFacts& f, uint64_t) { return f.effective_us == us; });
  });
  ok = ok && run(RocksStore::kByRecorded, "by_recorded", [&](IndexChecker& c, std::string_view k, std::string_view v) {
    if (k.size() != 16 || v.size() != 4) return false;
    int64_t us = keys::UnflipSign(keys::GetU64(k.data()));
    return c.Cover(keys::GetU64(k.data() + 8), keys::GetU32(v.data()),
                   [&](const EventFacts& f, uint64_t) { return f.recorded_us == us; });
  });
  // Command ids name the events of one append; not every append has one.
  ok = ok && CheckCommandIndex(iters[RocksStore::kCommands].get(), walk, bad, problem);
  if (!ok && problem->empty()) *problem = "ett index kunde inte läsas";
  return ok;
}

}  // namespace

VerifyReport RocksStore::Verify(const VerifyOptions& options) {
  VerifyReport report;
  // Iterators over the events and every index from one consistent state
  // (NewIterators), so an append committed during the walk is seen in all or
  // none. Not an explicit snapshot: releasing one lets RocksDB rewrite its
  // bottommost files, and the next incremental backup would copy them again.
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  std::vector<int> family_cf;  // a store made before the tree, opened read-only, has no merkle family
  for (int cf = kEvents; cf < kCfCount; ++cf) {
    if (handles_[cf] == nullptr) continue;
    families.push_back(handles_[cf]);
    family_cf.push_back(cf);
  }
  std::vector<rocksdb::Iterator*> raw;
  rocksdb::Status opened = db_->NewIterators(rocksdb::ReadOptions(), families, &raw);
  if (!opened.ok()) return Fail(report, std::nullopt, "loggen kunde inte läsas: " + opened.ToString());
  std::vector<std::unique_ptr<rocksdb::Iterator>> iters(kCfCount);
  for (size_t i = 0; i < raw.size(); ++i) iters[family_cf[i]].reset(raw[i]);
  VerifyWalk walk;
  rocksdb::Iterator* it = iters[kEvents].get();
  RecordedEvent e;
  Hash prev{};
  uint64_t expected = 0;
  bool head_checked = false;
  tree::TreeChecker tree(RocksTreeRuns(iters[kMerkle].get()), tree_min_level_);
  const ChainRule rule = chain_rule();
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    uint64_t pos = it->key().size() == 8 ? keys::GetU64(it->key().data()) : UINT64_MAX;
    if (pos != expected) {
      return Fail(report, expected,
                  "position " + std::to_string(expected) + " saknas eller loggen är omordnad (nästa nyckel: " +
                      (pos == UINT64_MAX ? std::string("ogiltig") : std::to_string(pos)) + ")");
    }
    std::string_view value = View(it->value());
    Status st = DecodeStoredValue(value, &e);
    if (!st.ok()) return Fail(report, pos, "händelsen på position " + std::to_string(pos) + " kan inte avkodas");
    if (e.position != pos) {
      return Fail(report, pos, "händelsen på position " + std::to_string(pos) + " bär fel position");
    }
    if (EventHash(rule, e.prev_hash, CanonicalPart(value)) != e.hash) {
      return Fail(report, pos, "händelsen på position " + std::to_string(pos) + " har ändrats (hashen stämmer inte)");
    }
    if (e.prev_hash != prev) {
      return Fail(report, pos,
                  "hashkedjan bryts vid position " + std::to_string(pos) + " (en tidigare händelse har ändrats eller tagits bort)");
    }
    if (options.expected_head && options.expected_head->first == pos) {
      if (e.hash != options.expected_head->second) {
        return Fail(report, pos,
                    "loggen innehåller inte längre det angivna huvudet: position " + std::to_string(pos) +
                        " har hashen " + HashToHex(e.hash));
      }
      head_checked = true;
    }
    // Under kLeaf the hash just checked is the leaf: the tree check needs no second digest.
    if (!tree.Check(pos, CanonicalPart(value), rule == ChainRule::kLeaf ? &e.hash : nullptr)) {
      return Fail(report, pos, tree.problem);
    }
    prev = e.hash;
    if (options.check_indexes) {
      walk.facts.push_back(EventFacts{walk.streams.Id(e.stream), walk.types.Id(e.type), e.stream_version,
                                      e.effective_at.time_since_epoch().count(),
                                      e.recorded_at.time_since_epoch().count(),
                                      CommandNumber(walk, e.command_id)});
    }
    if (options.progress && (pos + 1) % 100000 == 0) options.progress(pos + 1);
  }
  if (!it->status().ok()) return Fail(report, expected, "loggen kunde inte läsas: " + it->status().ToString());
  report.event_count = expected;
  if (expected > 0) report.head_position = expected - 1;
  report.head_hash = prev;
  if (options.expected_head && !head_checked) {
    return Fail(report, expected,
                "loggen är kortare än det angivna huvudet (position " + std::to_string(options.expected_head->first) +
                    ")");
  }
  if (!tree.Finish(expected)) return Fail(report, expected, tree.problem);
  report.tree_checked = tree.active();
  if (options.check_indexes) {
    std::optional<uint64_t> bad;
    std::string problem;
    if (!CheckIndexes(iters, walk, &bad, &problem)) return Fail(report, bad, problem);
  }
  report.ok = true;
  return report;
}

Result<StoreStats> RocksStore::Stats() {
  StoreStats stats;
  {
    std::lock_guard lk(mu_);
    stats.head_position = head_position_;
    stats.head_hash = head_hash_;
    stats.group_commit = group_stats_;
  }
  stats.event_count = stats.head_position ? *stats.head_position + 1 : 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kByType]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view k = View(it->key());
    stats.events_by_type[std::string(k.substr(0, k.find('\0')))] += keys::RunCount(View(it->value())).value_or(0);
  }
  it.reset(db_->NewIterator(rocksdb::ReadOptions(), handles_[kStreams]));
  std::string last;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view k = View(it->key());
    std::string_view stream = k.substr(0, k.find('\0'));
    if (stream != last) {
      ++stats.stream_count;
      last.assign(stream);
    }
  }
  for (auto* h : handles_) {
    if (h == nullptr) continue;
    uint64_t v = 0;
    if (db_->GetIntProperty(h, "rocksdb.total-sst-files-size", &v)) stats.disk_bytes += v;
    if (db_->GetIntProperty(h, "rocksdb.cur-size-all-mem-tables", &v)) stats.disk_bytes += v;
  }
  return stats;
}

Status RocksStore::Backup(const std::string& backup_dir) {
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::Status s =
      rocksdb::BackupEngine::Open(db_->GetEnv(), rocksdb::BackupEngineOptions(backup_dir), &raw);
  if (!s.ok()) return FromRocks(s, "kunde inte öppna säkerhetskopian i " + backup_dir);
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  s = engine->CreateNewBackup(db_.get(), /*flush_before_backup=*/true);
  if (!s.ok()) return FromRocks(s, "kunde inte skapa säkerhetskopian");
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) return Status::IOError("säkerhetskopian syns inte efter att den skapats");
  s = engine->VerifyBackup(infos.back().backup_id, /*verify_with_checksum=*/true);
  return FromRocks(s, "säkerhetskopian kunde inte kontrolleras");
}

Status RestoreStore(const std::string& backup_dir, const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    return Status::InvalidArgument("målmappen " + dir + " är inte tom; återställning sker bara till en tom mapp",
                                   "--data");
  }
  if (!std::filesystem::exists(backup_dir, ec)) {
    return Status::NotFound("det finns ingen säkerhetskopia i " + backup_dir);
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::Status s = rocksdb::BackupEngineReadOnly::Open(rocksdb::Env::Default(),
                                                           rocksdb::BackupEngineOptions(backup_dir), &raw);
  if (!s.ok()) return FromRocks(s, "kunde inte öppna säkerhetskopian i " + backup_dir);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) return Status::NotFound("det finns ingen säkerhetskopia i " + backup_dir);
  s = engine->RestoreDBFromLatestBackup(dir, dir);
  return FromRocks(s, "återställningen misslyckades");
}

}  // namespace arshjul::storage
