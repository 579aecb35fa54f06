#include "env/fault_injection_env.h"

namespace growloop {
namespace {

class FaultFile final : public WritableFile {
 public:
  FaultFile(FaultInjectionEnv* env, std::string path, std::unique_ptr<WritableFile> base)
      : env_(env), path_(std::move(path)), base_(std::move(base)) {}

  Status Append(std::string_view data) override {
    RETURN_IF_ERROR(env_->BeforeMutation(data.size()));
    return base_->Append(data);
  }
  Status Sync() override {
    RETURN_IF_ERROR(env_->BeforeMutation(0));
    if (env_->forward_syncs()) RETURN_IF_ERROR(base_->Sync());
    env_->RecordSync(path_, base_->Size());
    return Status::Ok();
  }
  Status Close() override { return base_->Close(); }
  uint64_t Size() const override { return base_->Size(); }

 private:
  FaultInjectionEnv* env_;
  std::string path_;
  std::unique_ptr<WritableFile> base_;
};

}  // namespace

void FaultInjectionEnv::FailAfter(int64_t ops) {
  std::lock_guard<std::mutex> lock(mu_);
  ops_left_ = ops;
  dead_ = false;
}

void FaultInjectionEnv::SetSpaceBudget(int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  space_left_ = bytes;
}

bool FaultInjectionEnv::dead() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dead_;
}

Status FaultInjectionEnv::BeforeMutation(size_t append_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (dead_) return IoError("injected: process is dead");
  if (ops_left_ == 0) {
    dead_ = true;
    return IoError("injected: process died here");
  }
  if (ops_left_ > 0) --ops_left_;
  if (space_left_ >= 0) {
    if (static_cast<int64_t>(append_bytes) > space_left_) return NoSpace("injected: disk full");
    space_left_ -= static_cast<int64_t>(append_bytes);
  }
  return Status::Ok();
}

void FaultInjectionEnv::RecordSync(const std::string& path, uint64_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  files_[path].synced = size;
}

Status FaultInjectionEnv::NewWritableFile(const std::string& path,
                                          std::unique_ptr<WritableFile>* out) {
  RETURN_IF_ERROR(BeforeMutation(0));
  bool existed = base_->FileExists(path);
  std::unique_ptr<WritableFile> f;
  RETURN_IF_ERROR(base_->NewWritableFile(path, &f));
  std::lock_guard<std::mutex> lock(mu_);
  files_[path].synced = 0;
  if (!existed) pending_[DirName(path)].push_back(PendingOp{false, path, "", false, ""});
  *out = std::make_unique<FaultFile>(this, path, std::move(f));
  return Status::Ok();
}

Status FaultInjectionEnv::NewAppendableFile(const std::string& path,
                                            std::unique_ptr<WritableFile>* out) {
  RETURN_IF_ERROR(BeforeMutation(0));
  bool existed = base_->FileExists(path);
  std::unique_ptr<WritableFile> f;
  RETURN_IF_ERROR(base_->NewAppendableFile(path, &f));
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.count(path) == 0) files_[path].synced = existed ? f->Size() : 0;
  if (!existed) pending_[DirName(path)].push_back(PendingOp{false, path, "", false, ""});
  *out = std::make_unique<FaultFile>(this, path, std::move(f));
  return Status::Ok();
}

Status FaultInjectionEnv::DeleteFile(const std::string& path) {
  RETURN_IF_ERROR(BeforeMutation(0));
  RETURN_IF_ERROR(base_->DeleteFile(path));
  std::lock_guard<std::mutex> lock(mu_);
  files_.erase(path);
  return Status::Ok();
}

Status FaultInjectionEnv::RenameFile(const std::string& from, const std::string& to) {
  RETURN_IF_ERROR(BeforeMutation(0));
  PendingOp op{true, to, from, false, ""};
  if (base_->FileExists(to)) {
    op.had_target = true;
    RETURN_IF_ERROR(ReadFileToString(base_, to, &op.old_target));
  }
  RETURN_IF_ERROR(base_->RenameFile(from, to));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(from);
  FileState st = it != files_.end() ? it->second : FileState{};
  if (it != files_.end()) files_.erase(it);
  files_[to] = st;
  pending_[DirName(to)].push_back(std::move(op));
  return Status::Ok();
}

Status FaultInjectionEnv::TruncateFile(const std::string& path, uint64_t size) {
  RETURN_IF_ERROR(BeforeMutation(0));
  RETURN_IF_ERROR(base_->TruncateFile(path, size));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it != files_.end() && it->second.synced > size) it->second.synced = size;
  return Status::Ok();
}

Status FaultInjectionEnv::CreateDirs(const std::string& dir) {
  RETURN_IF_ERROR(BeforeMutation(0));
  return base_->CreateDirs(dir);
}

Status FaultInjectionEnv::DeleteDir(const std::string& dir) {
  RETURN_IF_ERROR(BeforeMutation(0));
  return base_->DeleteDir(dir);
}

Status FaultInjectionEnv::SyncDir(const std::string& dir) {
  RETURN_IF_ERROR(BeforeMutation(0));
  if (forward_syncs_) RETURN_IF_ERROR(base_->SyncDir(dir));
  std::lock_guard<std::mutex> lock(mu_);
  pending_.erase(dir);
  return Status::Ok();
}

Status FaultInjectionEnv::DropUnsyncedData() {
  std::lock_guard<std::mutex> lock(mu_);
  // Undo directory changes that were never made durable, newest first.
  for (auto& [dir, ops] : pending_) {
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
      if (!it->rename) {
        if (base_->FileExists(it->path)) RETURN_IF_ERROR(base_->DeleteFile(it->path));
        files_.erase(it->path);
        continue;
      }
      if (base_->FileExists(it->path)) {
        RETURN_IF_ERROR(base_->RenameFile(it->path, it->from));
        auto f = files_.find(it->path);
        if (f != files_.end()) {
          files_[it->from] = f->second;
          files_.erase(it->path);
        }
      }
      if (it->had_target) {
        std::unique_ptr<WritableFile> w;
        RETURN_IF_ERROR(base_->NewWritableFile(it->path, &w));
        RETURN_IF_ERROR(w->Append(it->old_target));
        RETURN_IF_ERROR(w->Close());
        files_[it->path].synced = it->old_target.size();
      }
    }
  }
  pending_.clear();
  for (auto& [path, st] : files_) {
    uint64_t size = 0;
    if (!base_->FileExists(path) || !base_->GetFileSize(path, &size).ok()) continue;
    if (size > st.synced) RETURN_IF_ERROR(base_->TruncateFile(path, st.synced));
  }
  dead_ = false;
  ops_left_ = -1;
  space_left_ = -1;
  return Status::Ok();
}

}  // namespace growloop
