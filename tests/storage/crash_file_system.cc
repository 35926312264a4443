#include "crash_file_system.h"

#include <filesystem>

namespace arshjul::storage {
namespace {

class CrashWritableFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  CrashWritableFile(std::unique_ptr<rocksdb::FSWritableFile> f, std::string name, CrashFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(f)), name_(std::move(name)), fs_(fs) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* d) override {
    fs_.BeforeOperation();
    auto s = FSWritableFileOwnerWrapper::Append(data, o, d);
    if (s.ok()) fs_.Wrote(name_, data.size());
    return s;
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           const rocksdb::DataVerificationInfo& info, rocksdb::IODebugContext* d) override {
    fs_.BeforeOperation();
    auto s = FSWritableFileOwnerWrapper::Append(data, o, info, d);
    if (s.ok()) fs_.Wrote(name_, data.size());
    return s;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice&, uint64_t, const rocksdb::IOOptions&,
                                     rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::NotSupported("positioned append");
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    fs_.BeforeOperation();
    auto s = FSWritableFileOwnerWrapper::Sync(o, d);
    if (s.ok()) fs_.Synced(name_);
    return s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    fs_.BeforeOperation();
    auto s = FSWritableFileOwnerWrapper::Fsync(o, d);
    if (s.ok()) fs_.Synced(name_);
    return s;
  }
  rocksdb::IOStatus RangeSync(uint64_t, uint64_t, const rocksdb::IOOptions&, rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::OK();  // a hint only: data counts as synced at Sync/Fsync
  }
  rocksdb::IOStatus Close(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    // Closing does not make data durable; the underlying close runs regardless.
    return FSWritableFileOwnerWrapper::Close(o, d);
  }

 private:
  std::string name_;
  CrashFileSystem& fs_;
};

}  // namespace

void CrashFileSystem::Record(std::string db_dir, std::string images_dir, size_t max_images) {
  std::lock_guard lk(mu_);
  db_dir_ = std::move(db_dir);
  images_dir_ = std::move(images_dir);
  max_images_ = max_images;
  recording_ = true;
}

void CrashFileSystem::StopRecording() {
  std::lock_guard lk(mu_);
  recording_ = false;
}

void CrashFileSystem::SetAcknowledged(uint64_t n) {
  std::lock_guard lk(mu_);
  acknowledged_ = n;
}

std::vector<CrashFileSystem::Image> CrashFileSystem::images() const {
  std::lock_guard lk(mu_);
  return images_;
}

void CrashFileSystem::BeforeOperation() {
  std::lock_guard lk(mu_);
  if (recording_ && images_.size() < max_images_) TakeImage();
}

void CrashFileSystem::TakeImage() {
  namespace fs = std::filesystem;
  Image image{(fs::path(images_dir_) / std::to_string(images_.size())).string(), acknowledged_, 0};
  fs::create_directories(image.dir);
  for (const auto& entry : fs::directory_iterator(db_dir_)) {
    if (!entry.is_regular_file()) continue;
    fs::path to = fs::path(image.dir) / entry.path().filename();
    fs::copy_file(entry.path(), to);
    auto tracked = files_.find(entry.path().string());
    if (tracked == files_.end()) continue;  // written before recording began, and synced then
    uint64_t size = fs::file_size(to);
    if (size > tracked->second.synced) {
      image.dropped_bytes += size - tracked->second.synced;
      fs::resize_file(to, tracked->second.synced);
    }
  }
  images_.push_back(image);
}

void CrashFileSystem::Wrote(const std::string& name, uint64_t bytes) {
  std::lock_guard lk(mu_);
  files_[name].written += bytes;
}

void CrashFileSystem::Synced(const std::string& name) {
  std::lock_guard lk(mu_);
  Sizes& s = files_[name];
  s.synced = s.written;
}

rocksdb::IOStatus CrashFileSystem::NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                                   std::unique_ptr<rocksdb::FSWritableFile>* r,
                                                   rocksdb::IODebugContext* d) {
  auto s = FileSystemWrapper::NewWritableFile(f, o, r, d);
  if (s.ok()) {
    {
      std::lock_guard lk(mu_);
      files_[f] = Sizes{};
    }
    *r = std::make_unique<CrashWritableFile>(std::move(*r), f, *this);
  }
  return s;
}

rocksdb::IOStatus CrashFileSystem::ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                                      rocksdb::IODebugContext* d) {
  auto s = FileSystemWrapper::ReopenWritableFile(f, o, r, d);
  if (s.ok()) {
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(f, ec);
    {
      std::lock_guard lk(mu_);
      files_[f] = Sizes{ec ? 0 : size, ec ? 0 : size};
    }
    *r = std::make_unique<CrashWritableFile>(std::move(*r), f, *this);
  }
  return s;
}

rocksdb::IOStatus CrashFileSystem::RenameFile(const std::string& s, const std::string& t, const rocksdb::IOOptions& o,
                                              rocksdb::IODebugContext* d) {
  auto st = FileSystemWrapper::RenameFile(s, t, o, d);
  if (st.ok()) {
    std::lock_guard lk(mu_);
    auto it = files_.find(s);
    if (it != files_.end()) {
      files_[t] = it->second;
      files_.erase(s);
    }
  }
  return st;
}

rocksdb::IOStatus CrashFileSystem::DeleteFile(const std::string& f, const rocksdb::IOOptions& o,
                                              rocksdb::IODebugContext* d) {
  auto s = FileSystemWrapper::DeleteFile(f, o, d);
  if (s.ok()) {
    std::lock_guard lk(mu_);
    files_.erase(f);
  }
  return s;
}

}  // namespace arshjul::storage
