#include "catalog/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_set>

#include "meta/schema_delta.h"
#include "metrics/metrics.h"

namespace growloop {

std::string ProjectStoreDir(std::string_view data_dir, int64_t project_id) {
  return JoinPath(JoinPath(JoinPath(data_dir, "projects"), std::to_string(project_id)), "events");
}

std::string ProjectIdentityDir(std::string_view data_dir, int64_t project_id) {
  return JoinPath(JoinPath(JoinPath(data_dir, "projects"), std::to_string(project_id)), "identity");
}

namespace {
void ExtractGroupUpdates(const EventBatch& batch, std::vector<EntityUpdate>* out);
}  // namespace

Status Catalog::Open(Env* env, const CatalogOptions& options, std::unique_ptr<Catalog>* out) {
  if (options.data_dir.empty()) return InvalidArgument("data_dir: must not be empty");
  std::unique_ptr<Catalog> catalog(new Catalog(env, options));
  std::random_device random;
  catalog->stream_id_ = fmt::format("{:08x}{:08x}", random(), random());
  RETURN_IF_ERROR(MetaStore::Open(env, options.data_dir, &catalog->meta_));
  std::vector<ProjectInfo> projects;
  RETURN_IF_ERROR(catalog->meta_->ListProjects(&projects));
  RETURN_IF_ERROR(catalog->PurgeDeletedProjects());
  std::unique_lock lock(catalog->mu_);
  for (const ProjectInfo& p : projects) RETURN_IF_ERROR(catalog->OpenProjectLocked(p));
  RETURN_IF_ERROR(catalog->LoadKeysLocked());
  lock.unlock();
  *out = std::move(catalog);
  return Status::Ok();
}

Status Catalog::PurgeDeletedProjects() {
  std::vector<int64_t> deleted;
  RETURN_IF_ERROR(meta_->ListDeletedProjects(&deleted));
  for (int64_t id : deleted) {
    const std::string dir = JoinPath(JoinPath(options_.data_dir, "projects"), std::to_string(id));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (ec) return IoError("cannot remove " + dir + " of a deleted project: " + ec.message());
    RETURN_IF_ERROR(meta_->PurgeDeletedProject(id));
  }
  return Status::Ok();
}

Catalog::~Catalog() {
  (void)Close();
}  // errors on close have nowhere to go here

Status Catalog::OpenProjectLocked(const ProjectInfo& info) {
  auto project = std::make_unique<Project>();
  project->info = info;
  std::string dir = ProjectStoreDir(options_.data_dir, info.id);
  RETURN_IF_ERROR(env_->CreateDirs(dir));
  RETURN_IF_ERROR(EventStore::Open(env_, dir, options_.store, &project->store)
                      .WithContext("project \"" + info.name + "\""));
  const std::string identity_dir = ProjectIdentityDir(options_.data_dir, info.id);
  RETURN_IF_ERROR(env_->CreateDirs(identity_dir));
  RETURN_IF_ERROR(IdentityMap::Open(env_, identity_dir, options_.identity, &project->identity)
                      .WithContext("project \"" + info.name + "\" identity"));
  // Links are synced before their events are appended, but the identity log's torn tail may
  // have been cut: derive the links of events still in the WAL again (a no-op when present).
  // The same holds for the group updates they carry (recording them again is a no-op).
  std::vector<IdentityLink> links;
  std::vector<EntityUpdate> groups;
  RETURN_IF_ERROR(project->store->ScanUnflushed([&](const EventBatch& b) {
    ExtractIdentityLinks(b, &links);
    ExtractGroupUpdates(b, &groups);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ApplyLinks(project.get(), links));
  RETURN_IF_ERROR(meta_->RecordEntityUpdates(info.id, groups).WithContext("group updates"));
  projects_[info.id] = std::move(project);
  return Status::Ok();
}

namespace {

void ExtractGroupUpdates(const EventBatch& batch, std::vector<EntityUpdate>* out) {
  if (!MayCarryGroupUpdates(batch)) return;
  EntityUpdate u;
  for (size_t i = 0; i < batch.rows(); ++i) {
    if (ExtractGroupUpdate(batch, i, &u)) out->push_back(std::move(u));
  }
}

// growloop_identity_merges_total{outcome}, looked up once per outcome rather than per merge.
Counter* MergeCounter(MergeOutcome outcome) {
  constexpr size_t kOutcomes = static_cast<size_t>(MergeOutcome::kRefusedFull) + 1;
  static const std::array<Counter*, kOutcomes> counters = [] {
    std::array<Counter*, kOutcomes> c{};
    for (size_t i = 0; i < kOutcomes; ++i) {
      if (static_cast<MergeOutcome>(i) == MergeOutcome::kAlreadySame) continue;  // not counted
      c[i] = MetricsRegistry::Global().GetCounter(
          "growloop_identity_merges_total",
          "Identity links applied, by outcome (merged, or refused and why).", "outcome",
          std::string(MergeOutcomeName(static_cast<MergeOutcome>(i))));
    }
    return c;
  }();
  return counters[static_cast<size_t>(outcome)];
}

}  // namespace

Status Catalog::ApplyLinks(Project* project, const std::vector<IdentityLink>& links) {
  constexpr size_t kMaxAppliedLinks = 4'000'000;
  bool changed = false;
  for (const IdentityLink& l : links) {
    {
      std::lock_guard<std::mutex> lock(project->applied_mu);
      if (project->applied.Contains(l.hash)) continue;
    }
    MergeOutcome o = project->identity->Merge(
        l.from, l.to, l.identify ? MergeKind::kIdentify : MergeKind::kAlias);
    // Outcomes that the same link can never change: remember them.
    if (o == MergeOutcome::kMerged || o == MergeOutcome::kAlreadySame ||
        o == MergeOutcome::kRefusedBlockedValue || o == MergeOutcome::kRefusedInvalidId) {
      std::lock_guard<std::mutex> lock(project->applied_mu);
      if (project->applied.size() >= kMaxAppliedLinks) project->applied = HashSet64();
      project->applied.Insert(l.hash);
    }
    changed |= o == MergeOutcome::kMerged || o == MergeOutcome::kAlreadySame;
    if (o != MergeOutcome::kAlreadySame) MergeCounter(o)->Add();
  }
  if (!changed) return Status::Ok();
  return project->identity->Sync().WithContext("identity log");
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

Status Catalog::CreateProject(std::string_view name, std::string_view time_zone, ProjectInfo* out) {
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

Status Catalog::DeleteProject(int64_t id, ProjectInfo* deleted) {
  std::unique_lock lock(mu_);
  Project* p = nullptr;
  RETURN_IF_ERROR(FindLocked(id, &p));
  RETURN_IF_ERROR(meta_->DeleteProject(id, deleted));
  // Requests that found the project before keep using it until they finish: it is retired, not
  // destroyed, and its files go at the next open (PurgeDeletedProjects).
  auto it = projects_.find(id);
  retired_.push_back(std::move(it->second));
  projects_.erase(it);
  return LoadKeysLocked();
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

Status Catalog::CreateApiKey(int64_t project_id, ApiKeyKind kind, std::string_view label,
                             ApiKeyInfo* out) {
  std::unique_lock lock(mu_);
  Project* p = nullptr;
  RETURN_IF_ERROR(FindLocked(project_id, &p));
  RETURN_IF_ERROR(meta_->CreateApiKey(project_id, kind, label, out));
  return LoadKeysLocked();
}

Status Catalog::RevokeApiKey(int64_t project_id, int64_t key_id, ApiKeyInfo* revoked) {
  // The exclusive lock spans the metadata write: once it is released, the cache no longer
  // holds the key.
  std::unique_lock lock(mu_);
  Project* p = nullptr;
  RETURN_IF_ERROR(FindLocked(project_id, &p));
  RETURN_IF_ERROR(meta_->RevokeApiKey(project_id, key_id, revoked));
  return LoadKeysLocked();
}

Status Catalog::Ingest(int64_t project_id, EventBatch batch, AppendResult* result,
                       Durability durability) {
  *result = AppendResult{};
  if (batch.empty()) return Status::Ok();
  Project* project = nullptr;
  {
    std::shared_lock lock(mu_);
    RETURN_IF_ERROR(FindLocked(project_id, &project));
  }
  std::vector<IdentityLink> links;
  ExtractIdentityLinks(batch, &links, [project](uint64_t h) {
    std::lock_guard<std::mutex> lock(project->applied_mu);
    return project->applied.Contains(h);
  });
  std::vector<EntityUpdate> groups;
  ExtractGroupUpdates(batch, &groups);
  // Links and group updates are made durable before the events that carry them: once an event
  // is stored (and may be flushed out of the WAL at any time), what it says about identity and
  // groups survives a crash. A failure after this point leaves a merge or a group update whose
  // events are not acknowledged; the SDK's retry sends them again and re-applying is a no-op.
  RETURN_IF_ERROR(ApplyLinks(project, links));
  RETURN_IF_ERROR(meta_->RecordEntityUpdates(project_id, groups).WithContext("group updates"));
  RETURN_IF_ERROR(project->store->Append(std::move(batch), result, durability));
  if (result->stored == nullptr) return Status::Ok();
  {
    std::lock_guard<std::mutex> lock(project->recent_mu);
    project->recent.emplace_back(project->last_seq + 1, result->stored);
    project->last_seq += result->stored->rows();
    project->recent_rows += result->stored->rows();
    while (project->recent_rows - project->recent.front().second->rows() >= kRecentEvents) {
      project->recent_rows -= project->recent.front().second->rows();
      project->recent.pop_front();
    }
  }
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

Status Catalog::GetIdentity(int64_t project_id, IdentityMap** out) const {
  std::shared_lock lock(mu_);
  Project* p = nullptr;
  RETURN_IF_ERROR(FindLocked(project_id, &p));
  *out = p->identity.get();
  return Status::Ok();
}

Status Catalog::Stats(int64_t project_id, bool count_persons, StoreStats* out) {
  Project* p = nullptr;
  {
    std::shared_lock lock(mu_);
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  *out = p->store->Stats(false);
  if (!count_persons) return Status::Ok();
  // People, not ids: ids the identity map holds count as their person; the others as themselves.
  // PostHog's server SDKs send a group's updates under the distinct id "$<type>_<key>": those
  // ids are groups, not persons.
  std::vector<MetaStore::EntitySummary> groups;
  RETURN_IF_ERROR(meta_->ListEntities(project_id, EntityUpdate::Kind::kGroup, "", GroupRef(),
                                      1'000'000, &groups));
  std::unordered_set<std::string> group_ids;
  for (const MetaStore::EntitySummary& g : groups) {
    group_ids.insert("$" + g.entity.type + "_" + g.entity.key);
  }
  std::unordered_set<uint64_t> persons;
  std::unordered_set<std::string> loose;
  std::vector<std::string_view> chunk;
  std::vector<std::string> owned;
  std::vector<uint64_t> resolved;
  auto drain = [&] {
    p->identity->ResolveBatch(chunk, &resolved);
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (resolved[i] != kNoPerson) {
        persons.insert(resolved[i]);
      } else if (group_ids.empty() || chunk[i].front() != '$' ||
                 group_ids.count(std::string(chunk[i])) == 0) {
        loose.emplace(chunk[i]);
      }
    }
    chunk.clear();
    owned.clear();
  };
  RETURN_IF_ERROR(p->store->ForEachDistinctId([&](std::string_view id) {
    owned.emplace_back(id);  // the view may not outlive the callback
    if (owned.size() == 4096) {
      for (const std::string& s : owned) chunk.push_back(s);
      drain();
    }
  }));
  for (const std::string& s : owned) chunk.push_back(s);
  drain();
  out->persons = persons.size() + loose.size();
  return Status::Ok();
}

PersonInfo::Event TimelineEvent(const EventBatch& b, size_t i) {
  PersonInfo::Event e;
  e.id.assign(b.id(i));
  e.event.assign(b.event(i));
  e.distinct_id.assign(b.distinct_id(i));
  e.ts_us = b.ts(i);
  for (const PropertyColumn& c : b.properties()) {
    if (!c.valid[i]) continue;
    switch (c.type) {
      case ValueType::kString:
        e.properties[c.name] = nlohmann::json(std::string(c.strings.Get(i))).dump();
        break;
      case ValueType::kNumber: e.properties[c.name] = nlohmann::json(c.numbers[i]).dump(); break;
      case ValueType::kBool: e.properties[c.name] = c.ints[i] ? "true" : "false"; break;
      case ValueType::kTimestamp: e.properties[c.name] = std::to_string(c.ints[i]); break;
    }
  }
  return e;
}

Status Catalog::Recent(int64_t project_id, uint64_t after, size_t limit, RecentEvents* out) const {
  *out = RecentEvents{};
  Project* project = nullptr;
  {
    std::shared_lock lock(mu_);
    RETURN_IF_ERROR(FindLocked(project_id, &project));
  }
  // The batches under the lock (every append of the project takes it), the rows outside it.
  std::vector<std::pair<uint64_t, std::shared_ptr<const EventBatch>>> batches;
  {
    std::lock_guard<std::mutex> lock(project->recent_mu);
    out->last_seq = project->last_seq;
    batches.assign(project->recent.begin(), project->recent.end());
  }
  out->stream = stream_id_;
  const uint64_t first =
      std::max(after + 1, out->last_seq >= limit ? out->last_seq - limit + 1 : uint64_t{1});
  for (const auto& [seq0, batch] : batches) {
    for (size_t i = 0; i < batch->rows(); ++i) {
      const uint64_t seq = seq0 + i;
      if (seq >= first) out->events.push_back({seq, TimelineEvent(*batch, i)});
    }
  }
  return Status::Ok();
}

Status Catalog::Person(int64_t project_id, std::string_view distinct_id, size_t limit,
                       const TimelineCursor& cursor, PersonInfo* out) {
  *out = PersonInfo();
  Project* p = nullptr;
  {
    std::shared_lock lock(mu_);
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  out->requested_id.assign(distinct_id);
  out->person = p->identity->PersonOf(distinct_id);
  if (out->person != kNoPerson) {
    RETURN_IF_ERROR(p->identity->MembersOf(out->person, &out->distinct_ids));
    p->identity->KnownIdOf(out->person, &out->known_id);
  } else {
    out->distinct_ids.emplace_back(distinct_id);
  }
  // Newest first: gather the candidates' (ts, position) and keep the newest `limit + 1`.
  std::vector<PersonInfo::Event> events;
  struct Updates {
    int64_t ts_us;
    std::string id;
    std::vector<PropertyUpdate> updates;
  };
  std::vector<Updates> updates;
  std::vector<PropertyUpdate> row_updates;
  std::vector<GroupRef> row_groups;
  std::map<std::string, std::pair<int64_t, std::string>> groups;  // type -> (time, key)
  RETURN_IF_ERROR(p->store->ScanDistinctIds(out->distinct_ids, [&](const EventBatch& b, size_t i) {
    const int64_t ts = b.ts(i);
    row_updates.clear();
    ExtractPersonUpdates(b, i, &row_updates);
    if (!row_updates.empty()) updates.push_back(Updates{ts, std::string(b.id(i)), row_updates});
    row_groups.clear();
    ExtractGroupMemberships(b, i, &row_groups);
    for (GroupRef& g : row_groups) {
      auto [it, added] = groups.try_emplace(g.type, ts, g.key);
      if (!added && ts >= it->second.first) it->second = {ts, std::move(g.key)};
    }
    if (out->events == 0 || ts < out->first_seen_us) out->first_seen_us = ts;
    if (out->events == 0 || ts > out->last_seen_us) out->last_seen_us = ts;
    ++out->events;
    out->event_counts[std::string(b.event(i))]++;
    if (cursor.ts_us != 0 && (ts > cursor.ts_us || (ts == cursor.ts_us && b.id(i) >= cursor.id))) {
      return;
    }
    events.push_back(TimelineEvent(b, i));
  }));
  if (out->events == 0) {
    return NotFound("no event has the distinct id \"" + std::string(distinct_id) + "\"");
  }
  std::sort(updates.begin(), updates.end(), [](const Updates& a, const Updates& b) {
    return a.ts_us != b.ts_us ? a.ts_us < b.ts_us : a.id < b.id;
  });
  PropertyFolder folder;
  for (const Updates& u : updates) folder.Apply(u.updates);
  out->properties = folder.properties();
  if (!updates.empty()) out->properties_updated_us = updates.back().ts_us;
  for (auto& [type, latest] : groups) out->groups[type] = std::move(latest.second);
  std::sort(events.begin(), events.end(),
            [](const PersonInfo::Event& a, const PersonInfo::Event& b) {
              return a.ts_us != b.ts_us ? a.ts_us > b.ts_us : a.id > b.id;
            });
  out->more = events.size() > limit;
  if (events.size() > limit) events.resize(limit);
  out->timeline = std::move(events);
  return Status::Ok();
}

Status Catalog::StoreEntities(int64_t project_id, const std::vector<EntityUpdate>& updates) {
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  return meta_->RecordEntityUpdates(project_id, updates);
}

Status Catalog::Entity(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                       std::string_view key, EntityInfo* out) {
  *out = EntityInfo();
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  std::vector<EntityUpdate> updates;
  RETURN_IF_ERROR(meta_->GetEntityUpdates(project_id, kind, type, key, &updates));
  if (updates.empty()) {
    return NotFound(std::string(EntityKindName(kind)) + " \"" + std::string(type) + "/" +
                    std::string(key) + "\" has no update");
  }
  out->kind = kind;
  out->entity = GroupRef{std::string(type), std::string(key)};
  PropertyFolder folder;
  for (const EntityUpdate& u : updates) folder.Apply(u.updates);
  out->properties = folder.properties();
  out->updates = updates.size();
  out->first_update_us = updates.front().ts_us;
  out->last_update_us = updates.back().ts_us;
  return Status::Ok();
}

Status Catalog::ListEntities(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                             const GroupRef& after, size_t limit,
                             std::vector<MetaStore::EntitySummary>* out) {
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  return meta_->ListEntities(project_id, kind, type, after, limit, out);
}

Status Catalog::PutCosts(int64_t project_id, const std::vector<CostEntry>& costs,
                         CostWriteResult* result) {
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  return meta_->PutCosts(project_id, costs, result);
}

Status Catalog::ListCosts(int64_t project_id, const CostQuery& query,
                          std::vector<CostEntry>* out) const {
  {
    std::shared_lock lock(mu_);
    Project* p = nullptr;
    RETURN_IF_ERROR(FindLocked(project_id, &p));
  }
  return meta_->ListCosts(project_id, query, out);
}

Status Catalog::CheckProject(int64_t project_id) const {
  std::shared_lock lock(mu_);
  Project* p = nullptr;
  return FindLocked(project_id, &p);
}

Status Catalog::CreateDashboard(int64_t project_id, Dashboard* dashboard) {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->CreateDashboard(project_id, dashboard);
}

Status Catalog::ReplaceDashboard(int64_t project_id, Dashboard* dashboard) {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->ReplaceDashboard(project_id, dashboard);
}

Status Catalog::GetDashboard(int64_t project_id, std::string_view ref, Dashboard* out) const {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->GetDashboard(project_id, ref, out);
}

Status Catalog::ListDashboards(int64_t project_id, std::vector<Dashboard>* out) const {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->ListDashboards(project_id, out);
}

Status Catalog::DeleteDashboard(int64_t project_id, int64_t id) {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->DeleteDashboard(project_id, id);
}

Status Catalog::PutSetting(int64_t project_id, ProjectSetting* setting,
                           const SettingPrecondition& pre) {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->PutSetting(project_id, setting, pre);
}

Status Catalog::GetSetting(int64_t project_id, std::string_view name, ProjectSetting* out) const {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->GetSetting(project_id, name, out);
}

Status Catalog::ListSettings(int64_t project_id, std::vector<ProjectSetting>* out) const {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->ListSettings(project_id, out);
}

Status Catalog::DeleteSetting(int64_t project_id, std::string_view name,
                              const SettingPrecondition& pre) {
  RETURN_IF_ERROR(CheckProject(project_id));
  return meta_->DeleteSetting(project_id, name, pre);
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
    Status s = p->identity->Sync();
    if (first.ok() && !s.ok()) first = s.WithContext("project \"" + p->info.name + "\" identity");
  }
  for (auto& [id, p] : projects_) {
    Status s = p->store->Close();
    if (first.ok() && !s.ok()) first = s.WithContext("project \"" + p->info.name + "\"");
  }
  for (auto& p : retired_) (void)p->store->Close();  // deleted: its files go at the next open
  return first;
}

}  // namespace growloop
