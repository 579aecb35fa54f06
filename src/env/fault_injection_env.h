// FaultInjectionEnv wraps another Env to simulate what a crash, a power cut or a full disk does
// to files, so storage tests can check that nothing acknowledged is ever lost:
//  - FailAfter(n): after n more mutating operations every mutating operation fails, as if the
//    process had died at that point (later calls of the dying process change nothing);
//  - SetSpaceBudget(b): appends fail with NoSpace once b more bytes have been written;
//  - DropUnsyncedData(): what a power cut leaves: every file cut back to the size it had at its
//    last Sync, files created and renames done since their directory's last SyncDir undone.
// Deletions are treated as durable at once (stores must tolerate a deleted file reappearing or
// not). Since the wrapper itself tracks what is durable, Sync and SyncDir are not passed on to
// the base Env unless asked (real fsyncs only make simulated crashes slow). Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "env/env.h"

namespace growloop {

class FaultInjectionEnv final : public Env {
 public:
  explicit FaultInjectionEnv(Env* base, bool forward_syncs = false)
      : base_(base), forward_syncs_(forward_syncs) {}
  bool forward_syncs() const { return forward_syncs_; }

  void FailAfter(int64_t mutating_ops);  // negative: never fail
  void SetSpaceBudget(int64_t bytes);    // negative: unlimited
  bool dead() const;
  Status DropUnsyncedData();

  Status NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override;
  Status NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override;
  Status NewSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) override {
    return base_->NewSequentialFile(path, out);
  }
  Status NewRandomAccessFile(const std::string& path,
                             std::unique_ptr<RandomAccessFile>* out) override {
    return base_->NewRandomAccessFile(path, out);
  }
  bool FileExists(const std::string& path) override { return base_->FileExists(path); }
  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    return base_->GetChildren(dir, names);
  }
  Status GetFileSize(const std::string& path, uint64_t* size) override {
    return base_->GetFileSize(path, size);
  }
  Status DeleteFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status TruncateFile(const std::string& path, uint64_t size) override;
  Status CreateDirs(const std::string& dir) override;
  Status DeleteDir(const std::string& dir) override;
  Status SyncDir(const std::string& dir) override;
  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    return base_->LockFile(path, lock);
  }
  int64_t NowMicros() override { return base_->NowMicros(); }
  int64_t MonotonicMicros() override { return base_->MonotonicMicros(); }
  std::thread StartThread(const char* name, std::function<void()> fn) override {
    return base_->StartThread(name, std::move(fn));
  }

  // Used by the file wrappers.
  Status BeforeMutation(size_t append_bytes);
  void RecordSync(const std::string& path, uint64_t size);

 private:
  struct FileState {
    uint64_t synced = 0;
  };
  struct PendingOp {
    bool rename = false;
    std::string path;  // created file, or rename target
    std::string from;  // rename source
    bool had_target = false;
    std::string old_target;  // content of the replaced target
  };

  Env* const base_;
  const bool forward_syncs_;
  mutable std::mutex mu_;
  int64_t ops_left_ = -1;
  int64_t space_left_ = -1;
  bool dead_ = false;
  std::map<std::string, FileState> files_;
  std::map<std::string, std::vector<PendingOp>> pending_;  // by directory
};

}  // namespace growloop
