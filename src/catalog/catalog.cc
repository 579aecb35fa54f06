#include "catalog/catalog.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>

#include "meta/schema_delta.h"

namespace growloop {

std::string ProjectStoreDir(std::string_view data_dir, int64_t project_id) {
  return JoinPath(JoinPath(JoinPath(data_dir, "projects"), std::to_string(project_id)), "events");
}

Status Catalog::Open(Env* env, const CatalogOptions& options, std::unique_ptr<Catalog>* out) {
  if (options.data_dir.empty()) return InvalidArgument("data_dir: must not be empty");
  std::unique_ptr<Catalog> catalog(new Catalog(env, options));
  RETURN_IF_ERROR(MetaStore::Open(env, options.data_dir, &catalog->meta_));
  std::vector<ProjectInfo> projects;
  RETURN_IF_ERROR(catalog->meta_->ListProjects(&projects));
  std::unique_lock lock(catalog->mu_);
  for (const ProjectInfo& p : projects) RETURN_IF_ERROR(catalog->OpenProjectLocked(p));
  RETURN_IF_ERROR(catalog->LoadKeysLocked());
  lock.unlock();
  *out = std::move(catalog);
  return Status::Ok();
}

Catalog::~Catalog() { (void)Close(); }  // errors on close have nowhere to go here

Status Catalog::OpenProjectLocked(const ProjectInfo& info) {
  auto project = std::make_unique<Project>();
  project->info = info;
  std::string dir = ProjectStoreDir(options_.data_dir, info.id);
  RETURN_IF_ERROR(env_->CreateDirs(dir));
  RETURN_IF_ERROR(EventStore::Open(env_, dir, options_.store, &project->store)
                      .WithContext("project \"" + info.name + "\""));
  projects_[info.id] = std::move(project);
  return Status::Ok();
}

Status Catalog::LoadKeysLocked() {
  std::vector<ApiKeyInfo> keys;
  RETURN_IF_ERROR(meta_->ListAllApiKeys(&keys));
  keys_.clear();
  for (ApiKeyInfo& k : keys) {
    std::string key = k.key;
    keys_.emplace(std::move(key), std::move(k));
  }
  return Status::Ok();
}

Status Catalog::FindLocked(int64_t id, Project** out) const {
  if (closed_) return Unavailable("the catalog is closed");
  auto it = projects_.find(id);
  if (it == projects_.end()) return NotFound("project " + std::to_string(id) + " does not exist");
  *out = it->second.get();
  return Status::Ok();
}

Status Catalog::CreateProject(std::string_view name, std::string_view time_zone,
                              ProjectInfo* out) {
  // The exclusive lock spans the metadata write so that two creations of one name cannot
  // both open a store.
  std::unique_lock lock(mu_);
  if (closed_) return Unavailable("the catalog is closed");
  ProjectInfo info;
  RETURN_IF_ERROR(meta_->CreateProject(name, time_zone, &info));
  RETURN_IF_ERROR(OpenProjectLocked(info));
  RETURN_IF_ERROR(LoadKeysLocked());
  *out = std::move(info);
  return Status::Ok();
}

std::vector<ProjectInfo> Catalog::ListProjects() const {
  std::shared_lock lock(mu_);
  std::vector<ProjectInfo> out;
  out.reserve(projects_.size());
  for (const auto& [id, p] : projects_) out.push_back(p->info);
  std::sort(out.begin(), out.end(),
            [](const ProjectInfo& a, const ProjectInfo& b) { return a.id < b.id; });
  return out;
}

Status Catalog::FindProject(std::string_view ref, ProjectInfo* out) const {
  bool all_digits = !ref.empty() && std::all_of(ref.begin(), ref.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  std::shared_lock lock(mu_);
  if (all_digits) {
    int64_t id = 0;
    auto [ptr, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
    if (ec == std::errc() && ptr == ref.data() + ref.size()) {
      auto it = projects_.find(id);
      if (it != projects_.end()) {
        *out = it->second->info;
        return Status::Ok();
      }
    }
  } else {
    for (const auto& [id, p] : projects_) {
      if (p->info.name == ref) {
        *out = p->info;
        return Status::Ok();
      }
    }
  }
  return NotFound("project \"" + std::string(ref) + "\" does not exist");
}

Status Catalog::Authenticate(std::string_view key, ApiKeyInfo* key_info,
                             ProjectInfo* project) const {
  std::shared_lock lock(mu_);
  auto it = keys_.find(std::string(key));
  if (it == keys_.end()) return Unauthenticated("unknown API key");
  auto p = projects_.find(it->second.project_id);
  if (p == projects_.end()) return Unauthenticated("unknown API key");
  if (key_info != nullptr) *key_info = it->second;
  if (project != nullptr) *project = p->second->info;
  return Status::Ok();
}

Status Catalog::ListApiKeys(int64_t project_id, std::vector<ApiKeyInfo>* out) const {
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  return meta_->ListApiKeys(project_id, out);
}

Status Catalog::Ingest(int64_t project_id, EventBatch batch, AppendResult* result,
                       Durability durability) {
  *result = AppendResult{};
  if (batch.empty()) return Status::Ok();
  EventStore* store = nullptr;
  RETURN_IF_ERROR(GetStore(project_id, &store));
  RETURN_IF_ERROR(store->Append(std::move(batch), result, durability));
  if (result->stored == nullptr) return Status::Ok();
  // Only the accepted events count in the registry's volumes, not the duplicates.
  SchemaDelta delta = SchemaDelta::FromBatch(*result->stored);
  {
    std::lock_guard<std::mutex> lock(schema_mu_);
    pending_schema_[project_id].Merge(delta);
  }
  return WriteSchema(false);
}

Status Catalog::WriteSchema(bool force) {
  std::unordered_map<int64_t, SchemaDelta> pending;
  std::unique_lock<std::mutex> writer(schema_write_mu_, std::defer_lock);
  if (force) {
    writer.lock();
  } else if (!writer.try_lock()) {
    return Status::Ok();  // another thread is writing; this one's observations wait for the next
  }
  {
    std::lock_guard<std::mutex> lock(schema_mu_);
    const int64_t now = env_->MonotonicMicros();
    if (!force && now - last_schema_write_us_ < 1'000'000) return Status::Ok();
    last_schema_write_us_ = now;
    pending.swap(pending_schema_);
  }
  Status first;
  for (auto& [project_id, delta] : pending) {
    Status s = meta_->RecordSchema(project_id, delta);
    if (s.ok()) continue;
    // Not lost: merged back for the next write.
    std::lock_guard<std::mutex> lock(schema_mu_);
    pending_schema_[project_id].Merge(delta);
    if (first.ok()) first = s.WithContext("schema registry");
  }
  return first;
}

Status Catalog::Stats(int64_t project_id, bool count_persons, StoreStats* out) {
  EventStore* store = nullptr;
  RETURN_IF_ERROR(GetStore(project_id, &store));
  *out = store->Stats(count_persons);
  return Status::Ok();
}

Status Catalog::Schema(int64_t project_id, std::vector<SchemaEventInfo>* out) {
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  RETURN_IF_ERROR(WriteSchema(true));
  return meta_->GetSchema(project_id, out);
}

Status Catalog::GetStore(int64_t project_id, EventStore** out) const {
  std::shared_lock lock(mu_);
  Project* p = nullptr;
  RETURN_IF_ERROR(FindLocked(project_id, &p));
  *out = p->store.get();
  return Status::Ok();
}

Status Catalog::Close() {
  std::unique_lock lock(mu_);
  if (closed_) return Status::Ok();
  closed_ = true;
  Status first = WriteSchema(true);
  for (auto& [id, p] : projects_) {
    Status s = p->store->Close();
    if (first.ok() && !s.ok()) first = s.WithContext("project \"" + p->info.name + "\"");
  }
  return first;
}

}  // namespace growloop
