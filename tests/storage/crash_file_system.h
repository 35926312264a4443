// CrashFileSystem: a RocksDB FileSystem over the real one that remembers, per
// file it wrote, how many bytes were synced. While recording, before each
// write or sync operation it takes a crash image of the store's folder: a copy
// in which every file written through it is cut back to its synced length, as
// a power failure at that instant would leave it (files never synced are
// empty). Each image also notes how many appends the test had seen
// acknowledged by then. Debian's librocksdb-dev does not ship RocksDB's own
// FaultInjectionTestFS, so this is a small one of our own.
//
// Thread-safe (one mutex).
#pragma once

#include <rocksdb/file_system.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace arshjul::storage {

class CrashFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  CrashFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "ArshjulCrashFileSystem"; }

  // Takes up to `max_images` images of `db_dir`, one before each write or
  // sync operation, into `images_dir`/0, /1, ….
  void Record(std::string db_dir, std::string images_dir, size_t max_images);
  void StopRecording();
  // The test's count of acknowledged appends, noted in each later image.
  void SetAcknowledged(uint64_t n);
  struct Image {
    std::string dir;
    uint64_t acknowledged = 0;  // appends acknowledged before the instant
    uint64_t dropped_bytes = 0;  // written but not synced at the instant
  };
  std::vector<Image> images() const;

  // Called by the file wrappers before a write or sync.
  void BeforeOperation();
  void Wrote(const std::string& name, uint64_t bytes);
  void Synced(const std::string& name);

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r, rocksdb::IODebugContext* d) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                       std::unique_ptr<rocksdb::FSWritableFile>* r,
                                       rocksdb::IODebugContext* d) override;
  rocksdb::IOStatus RenameFile(const std::string& s, const std::string& t, const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* d) override;
  rocksdb::IOStatus DeleteFile(const std::string& f, const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* d) override;

 private:
  struct Sizes {
    uint64_t written = 0;
    uint64_t synced = 0;
  };
  void TakeImage();  // holds mu_

  mutable std::mutex mu_;
  std::map<std::string, Sizes> files_;
  std::string db_dir_, images_dir_;
  size_t max_images_ = 0;
  bool recording_ = false;
  uint64_t acknowledged_ = 0;
  std::vector<Image> images_;
};

}  // namespace arshjul::storage
