#include "store_creation.h"

#include <fcntl.h>
#include <rocksdb/db.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "keys.h"
#include "rocksdb_store.h"

namespace arshjul::storage {
namespace fs = std::filesystem;
namespace {

const char* const kAllFamilies[] = {keys::kEvents,  keys::kStreams,     keys::kCommands,
                                    keys::kByType,  keys::kByEffective, keys::kByRecorded};

Status SyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status::IOError("kunde inte öppna mappen " + dir.string() + " för synkning");
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Status::IOError("kunde inte synka mappen " + dir.string());
}

bool EmptyOrMissing(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::is_empty(dir, ec));
}

}  // namespace

Status EnsureStoreCreated(const std::string& dir_text, const StoreOptions& options, int new_store_format) {
  fs::path dir = fs::absolute(fs::path(dir_text)).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  std::error_code ec;
  if (fs::exists(dir / "CURRENT", ec)) return Status::Ok();  // a store (finished on open if half-made)
  if (!EmptyOrMissing(dir)) {
    return Status::InvalidArgument("mappen " + dir_text + " är inte tom men innehåller inget datalager", "--data");
  }
  fs::create_directories(dir.parent_path(), ec);
  if (ec) return Status::IOError("kunde inte skapa mappen " + dir.parent_path().string() + ": " + ec.message());
  std::string pattern = (dir.parent_path() / ("." + dir.filename().string() + ".creating-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return Status::IOError("kunde inte skapa en tillfällig mapp bredvid " + dir_text);
  fs::path staging(pattern);
  StoreOptions staging_options = options;
  staging_options.read_only = false;
  auto made = RocksStore::Open(staging.string(), staging_options, nullptr, nullptr, new_store_format);
  if (!made.ok()) {
    fs::remove_all(staging, ec);
    return made.status();
  }
  made->reset();  // closes the database: every file is synced
  Status st = SyncDir(staging);
  if (st.ok() && ::rename(staging.c_str(), dir.c_str()) != 0) {
    st = EmptyOrMissing(dir) ? Status::IOError("kunde inte flytta det nya datalagret till " + dir_text)
                             : Status::Ok();  // another process created it first
  }
  if (!st.ok() || fs::exists(staging, ec)) fs::remove_all(staging, ec);
  ARSHJUL_RETURN_IF_ERROR(st);
  return SyncDir(dir.parent_path());
}

Status CheckStoreComplete(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(fs::path(dir) / "CURRENT", ec)) return Status::NotFound("det finns inget datalager i " + dir);
  std::vector<std::string> families;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &families);
  if (!s.ok()) return FromRocks(s, "kunde inte läsa datalagret i " + dir);
  for (const char* name : kAllFamilies) {
    if (std::find(families.begin(), families.end(), name) == families.end()) {
      return Status::InvalidArgument("datalagret i " + dir +
                                         " skapades aldrig färdigt (skapandet avbröts; delen '" + name +
                                         "' saknas). Ett skrivande kommando, t.ex. arshjul init, gör det klart; "
                                         "inga händelser har gått förlorade",
                                     "--data");
    }
  }
  return Status::Ok();
}

}  // namespace arshjul::storage
