// MemoryFileEnv: an Env that serves the bytes of one fuzz input as a read-only file, so the WAL
// and segment readers run on fuzzed files without touching the disk. Every other operation fails.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "env/env.h"

namespace growloop::fuzz {

class MemoryFileEnv final : public Env {
 public:
  // Serves `data` (which must outlive the env) as the file at `path`.
  MemoryFileEnv(std::string path, std::string_view data) : path_(std::move(path)), data_(data) {}

  Status NewSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) override {
    if (path != path_) return Missing(path);
    *out = std::make_unique<Sequential>(data_);
    return Status::Ok();
  }
  Status NewRandomAccessFile(const std::string& path,
                             std::unique_ptr<RandomAccessFile>* out) override {
    if (path != path_) return Missing(path);
    *out = std::make_unique<RandomAccess>(data_);
    return Status::Ok();
  }
  bool FileExists(const std::string& path) override { return path == path_; }
  Status GetFileSize(const std::string& path, uint64_t* size) override {
    if (path != path_) return Missing(path);
    *size = data_.size();
    return Status::Ok();
  }
  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    if (dir != DirName(path_)) return Missing(dir);
    names->assign(1, path_.substr(path_.rfind('/') + 1));
    return Status::Ok();
  }

  Status NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>*) override {
    return ReadOnly(path);
  }
  Status NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>*) override {
    return ReadOnly(path);
  }
  Status DeleteFile(const std::string& path) override { return ReadOnly(path); }
  Status RenameFile(const std::string& from, const std::string&) override { return ReadOnly(from); }
  Status TruncateFile(const std::string& path, uint64_t) override { return ReadOnly(path); }
  Status CreateDirs(const std::string& dir) override { return ReadOnly(dir); }
  Status DeleteDir(const std::string& dir) override { return ReadOnly(dir); }
  Status SyncDir(const std::string& dir) override { return ReadOnly(dir); }
  Status LockFile(const std::string& path, std::unique_ptr<FileLock>*) override {
    return ReadOnly(path);
  }
  int64_t NowMicros() override { return 1'795'392'000'000'000; }
  int64_t MonotonicMicros() override { return 0; }
  std::thread StartThread(const char*, std::function<void()> fn) override {
    return std::thread(std::move(fn));
  }

 private:
  class Sequential final : public SequentialFile {
   public:
    explicit Sequential(std::string_view data) : data_(data) {}
    Status Read(size_t n, char* scratch, size_t* got) override {
      *got = std::min(n, data_.size() - pos_);
      if (*got > 0) std::memcpy(scratch, data_.data() + pos_, *got);
      pos_ += *got;
      return Status::Ok();
    }

   private:
    std::string_view data_;
    size_t pos_ = 0;
  };

  class RandomAccess final : public RandomAccessFile {
   public:
    explicit RandomAccess(std::string_view data) : data_(data) {}
    Status Read(uint64_t offset, size_t n, char* scratch) const override {
      if (offset > data_.size() || n > data_.size() - offset) {
        return Corruption("read of " + std::to_string(n) + " bytes at " + std::to_string(offset) +
                          " past the end of a " + std::to_string(data_.size()) + "-byte file");
      }
      if (n > 0) std::memcpy(scratch, data_.data() + offset, n);
      return Status::Ok();
    }
    uint64_t Size() const override { return data_.size(); }

   private:
    std::string_view data_;
  };

  static Status Missing(const std::string& path) { return NotFound(path + ": no such file"); }
  static Status ReadOnly(const std::string& path) {
    return FailedPrecondition(path + ": the fuzz env is read-only");
  }

  const std::string path_;
  const std::string_view data_;
};

}  // namespace growloop::fuzz
