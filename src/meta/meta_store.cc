#include "meta/meta_store.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "common/time_zone.h"

namespace growloop {

namespace {

// Version of the table layout in docs/formats/metadata.md, kept in PRAGMA user_version.
// 1: projects, api_keys, schema_events, schema_properties; 2: + entity_updates; 3: + costs;
// 4: + dashboards, dashboard_items; 5: + project_settings; 6: api_keys gets an id, a label and a
// revocation time, projects a deletion time.
// Versions 2..5 only add tables and indexes: an older file is upgraded by creating what it lacks
// (the IF NOT EXISTS statements below) and recording the new version, in one transaction.
// Version 6 rebuilds api_keys and adds a column to projects (kUpgradeFrom5), in that same
// transaction.
constexpr int kSchemaVersion = 6;

constexpr std::string_view kCreateTables = R"sql(
CREATE TABLE IF NOT EXISTS projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  created_us INTEGER NOT NULL,
  deleted_us INTEGER
);
CREATE TABLE IF NOT EXISTS api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('write', 'secret')),
  label TEXT NOT NULL DEFAULT '',
  created_us INTEGER NOT NULL,
  revoked_us INTEGER
);
CREATE INDEX IF NOT EXISTS api_keys_by_project ON api_keys(project_id);
CREATE TABLE IF NOT EXISTS schema_events (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  first_seen_us INTEGER NOT NULL,
  last_seen_us INTEGER NOT NULL,
  volume INTEGER NOT NULL,
  PRIMARY KEY (project_id, event)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS schema_properties (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  property TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('string', 'number', 'bool', 'timestamp')),
  first_seen_us INTEGER NOT NULL,
  last_seen_us INTEGER NOT NULL,
  volume INTEGER NOT NULL,
  PRIMARY KEY (project_id, event, property, type)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_updates (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  update_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('group', 'item')),
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  ts_us INTEGER NOT NULL,
  updates TEXT NOT NULL,
  PRIMARY KEY (project_id, update_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_updates_by_entity
  ON entity_updates(project_id, kind, type, key, ts_us);
CREATE TABLE IF NOT EXISTS costs (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel <> ''),
  campaign TEXT NOT NULL DEFAULT '',
  spend_micros INTEGER NOT NULL CHECK (spend_micros >= 0),
  currency TEXT NOT NULL DEFAULT '',
  updated_us INTEGER NOT NULL,
  PRIMARY KEY (project_id, date, channel, campaign)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS costs_by_channel ON costs(project_id, channel, date);
CREATE TABLE IF NOT EXISTS dashboards (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (name <> ''),
  description TEXT NOT NULL DEFAULT '',
  created_us INTEGER NOT NULL,
  updated_us INTEGER NOT NULL,
  UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS dashboard_items (
  dashboard_id INTEGER NOT NULL REFERENCES dashboards(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  query TEXT NOT NULL,
  PRIMARY KEY (dashboard_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS project_settings (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_us INTEGER NOT NULL,
  PRIMARY KEY (project_id, name)
) WITHOUT ROWID;
)sql";

// Before kCreateTables, on a file of layout 1..5 (whose projects table gets its deletion time
// first, unless it has it): the old key table steps aside (its index with it), so that
// kCreateTables makes the new one; kCopyKeysFrom5 then moves the keys over, ids given in creation
// order.
constexpr std::string_view kUpgradeFrom5 = R"sql(
ALTER TABLE api_keys RENAME TO api_keys_v5;
DROP INDEX IF EXISTS api_keys_by_project;
)sql";
constexpr std::string_view kCopyKeysFrom5 = R"sql(
INSERT INTO api_keys (key, project_id, kind, created_us)
  SELECT key, project_id, kind, created_us FROM api_keys_v5 ORDER BY created_us, project_id, key;
DROP TABLE api_keys_v5;
)sql";

bool ValueTypeFromName(std::string_view name, ValueType* type) {
  for (ValueType t :
       {ValueType::kString, ValueType::kNumber, ValueType::kBool, ValueType::kTimestamp}) {
    if (ValueTypeName(t) == name) {
      *type = t;
      return true;
    }
  }
  return false;
}

// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back when it fails.
template <typename Fn>
Status InTransaction(SqliteDb* db, Fn&& body) {
  RETURN_IF_ERROR(db->Exec("BEGIN IMMEDIATE"));
  Status s = body();
  if (s.ok()) s = db->Exec("COMMIT");
  if (!s.ok()) (void)db->Exec("ROLLBACK");  // the first error is the one worth reporting
  return s;
}

}  // namespace

Status ValidateProjectName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return InvalidArgument("name: must be 1..64 characters, got " + std::to_string(name.size()));
  }
  bool all_digits = true;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '_' && c != '-' && c != '.') {
      return InvalidArgument("name: may contain only letters, digits, '_', '-' and '.', got \"" +
                             std::string(name) + "\"");
    }
    if (!std::isdigit(u)) all_digits = false;
  }
  if (all_digits) return InvalidArgument("name: must not be all digits (those are project ids)");
  return Status::Ok();
}

Status ValidateSettingName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return InvalidArgument("name: must be 1..64 characters, got " + std::to_string(name.size()));
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.'))) {
      return InvalidArgument(
          "name: may contain only lower-case letters, digits, '_', '-' and '.', and must start "
          "with a letter or a digit; got \"" +
          std::string(name) + "\"");
    }
  }
  return Status::Ok();
}

Status ValidateCostEntry(const CostEntry& cost) {
  constexpr size_t kMaxName = 256;
  if (cost.day < CivilToDay({1, 1, 1}) || cost.day > CivilToDay({9999, 12, 31})) {
    return InvalidArgument("date: must be in the years 0001..9999");
  }
  if (cost.channel.empty()) return InvalidArgument("channel: is required (must not be empty)");
  if (cost.channel.size() > kMaxName) {
    return InvalidArgument("channel: is longer than 256 bytes");
  }
  if (cost.campaign.size() > kMaxName) {
    return InvalidArgument("campaign: is longer than 256 bytes");
  }
  if (cost.spend_micros < 0) return InvalidArgument("spend: must not be negative");
  if (cost.spend_micros > kMaxSpendMicros) {
    return InvalidArgument("spend: must be at most 1000000000000");
  }
  if (!cost.currency.empty()) {
    bool ok = cost.currency.size() == 3;
    for (char c : cost.currency) ok = ok && c >= 'A' && c <= 'Z';
    if (!ok) {
      return InvalidArgument("currency: must be a three-letter ISO 4217 code such as CNY, got \"" +
                             cost.currency + "\"");
    }
  }
  return Status::Ok();
}

Status ValidateDashboard(const Dashboard& dashboard) {
  auto has_control = [](std::string_view text) {
    for (char c : text) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    }
    return false;
  };
  const std::string& name = dashboard.name;
  if (name.empty() || name.size() > 128) {
    return InvalidArgument("name: must be 1..128 bytes, got " + std::to_string(name.size()));
  }
  if (has_control(name)) return InvalidArgument("name: must not contain control characters");
  if (name.find('/') != std::string::npos) {
    return InvalidArgument("name: must not contain '/' (a name is a path segment of the API)");
  }
  if (name.find_first_not_of("0123456789") == std::string::npos) {
    return InvalidArgument("name: must not be all digits (those are dashboard ids)");
  }
  if (dashboard.description.size() > 4096) {
    return InvalidArgument("description: is longer than 4096 bytes");
  }
  if (dashboard.items.size() > kMaxDashboardItems) {
    return InvalidArgument("items: a dashboard holds at most " +
                           std::to_string(kMaxDashboardItems) + " queries, got " +
                           std::to_string(dashboard.items.size()));
  }
  for (size_t i = 0; i < dashboard.items.size(); ++i) {
    const DashboardItem& item = dashboard.items[i];
    const std::string at = "items[" + std::to_string(i) + "].";
    if (item.title.empty() || item.title.size() > 256) {
      return InvalidArgument(at + "title: must be 1..256 bytes, got " +
                             std::to_string(item.title.size()));
    }
    if (has_control(item.title)) {
      return InvalidArgument(at + "title: must not contain control characters");
    }
    if (item.kind.empty()) return InvalidArgument(at + "kind: is required");
    if (item.query.size() > (64u << 10)) {
      return InvalidArgument(at + "query: is longer than 64 KiB");
    }
  }
  return Status::Ok();
}

Status ValidateTimeZone(Env* env, std::string_view tz) {
  if (tz == "UTC") return Status::Ok();
  auto bad = [&] {
    return InvalidArgument("time_zone: not a known IANA time zone name: \"" + std::string(tz) +
                           "\"");
  };
  if (tz.empty() || tz.size() > 64 || tz.front() == '/' ||
      tz.find("..") != std::string_view::npos) {
    return bad();
  }
  for (char c : tz) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '/' && c != '_' && c != '-' && c != '+') return bad();
  }
  if (!env->FileExists(JoinPath("/usr/share/zoneinfo", tz))) return bad();
  return Status::Ok();
}

Status MetaStore::Open(Env* env, const std::string& dir, std::unique_ptr<MetaStore>* out) {
  RETURN_IF_ERROR(env->CreateDirs(dir));
  std::unique_ptr<SqliteDb> db;
  RETURN_IF_ERROR(SqliteDb::Open(JoinPath(dir, "meta.db"), &db));
  std::unique_ptr<MetaStore> store(new MetaStore(env, std::move(db)));
  RETURN_IF_ERROR(store->Init());
  *out = std::move(store);
  return Status::Ok();
}

Status MetaStore::Init() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t found = 0;
  {
    // Finalized before the upgrade: an open statement would lock the tables it renames.
    SqliteStatement version;
    RETURN_IF_ERROR(db_->Prepare("PRAGMA user_version", &version));
    bool has_row = false;
    RETURN_IF_ERROR(version.Step(&has_row));
    if (has_row) found = version.ColumnInt(0);
  }
  if (found > kSchemaVersion) {
    return Status(ErrorCode::kFailedPrecondition, "meta.db: table layout version " +
                                                      std::to_string(found) +
                                                      " is newer than this build understands (" +
                                                      std::to_string(kSchemaVersion) + ")");
  }
  const bool migrate_keys = found >= 1 && found < 6;
  // Checked on every open, not only on an upgrade: cheap, and it also mends a layout-6 file
  // whose projects table lacks the column.
  bool has_deleted_us = found == 0;
  if (found != 0) {
    SqliteStatement columns;
    RETURN_IF_ERROR(db_->Prepare(
        "SELECT count(*) FROM pragma_table_info('projects') WHERE name = 'deleted_us'", &columns));
    bool has_row = false;
    RETURN_IF_ERROR(columns.Step(&has_row));
    has_deleted_us = has_row && columns.ColumnInt(0) > 0;
  }
  return InTransaction(db_.get(), [&]() -> Status {
    if (!has_deleted_us) {
      RETURN_IF_ERROR(db_->Exec("ALTER TABLE projects ADD COLUMN deleted_us INTEGER"));
    }
    if (migrate_keys) RETURN_IF_ERROR(db_->Exec(kUpgradeFrom5));
    RETURN_IF_ERROR(db_->Exec(kCreateTables));
    if (migrate_keys) RETURN_IF_ERROR(db_->Exec(kCopyKeysFrom5));
    RETURN_IF_ERROR(db_->Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)));
    std::vector<ProjectInfo> existing;
    RETURN_IF_ERROR(QueryProjects("name = ?2", 0, kDefaultProjectName, &existing));
    if (!existing.empty()) return Status::Ok();
    ProjectInfo info;
    return CreateProjectLocked(kDefaultProjectName, "UTC", &info);
  });
}

Status MetaStore::CreateProject(std::string_view name, std::string_view time_zone,
                                ProjectInfo* out) {
  RETURN_IF_ERROR(ValidateProjectName(name));
  RETURN_IF_ERROR(ValidateTimeZone(env_, time_zone));
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> existing;
  RETURN_IF_ERROR(QueryProjects("name = ?2", 0, name, &existing));
  if (!existing.empty()) {
    return AlreadyExists("project \"" + std::string(name) + "\" exists already");
  }
  return InTransaction(db_.get(),
                       [&]() -> Status { return CreateProjectLocked(name, time_zone, out); });
}

Status MetaStore::CreateProjectLocked(std::string_view name, std::string_view time_zone,
                                      ProjectInfo* out) {
  SqliteStatement insert;
  RETURN_IF_ERROR(db_->Prepare(
      "INSERT INTO projects (name, time_zone, created_us) VALUES (?1, ?2, ?3) RETURNING id",
      &insert));
  int64_t now = env_->NowMicros();
  insert.BindText(1, name);
  insert.BindText(2, time_zone);
  insert.BindInt(3, now);
  bool has_row = false;
  RETURN_IF_ERROR(insert.Step(&has_row));
  if (!has_row) return Internal("projects insert returned no id");
  ProjectInfo info{insert.ColumnInt(0), std::string(name), std::string(time_zone), now};
  RETURN_IF_ERROR(insert.Run());
  ApiKeyInfo key;
  RETURN_IF_ERROR(CreateApiKeyLocked(info.id, ApiKeyKind::kWrite, "", &key));
  RETURN_IF_ERROR(CreateApiKeyLocked(info.id, ApiKeyKind::kSecret, "", &key));
  *out = std::move(info);
  return Status::Ok();
}

Status MetaStore::QueryProjects(std::string_view where, int64_t id, std::string_view name,
                                std::vector<ProjectInfo>* out) {
  SqliteStatement q;
  std::string sql = "SELECT id, name, time_zone, created_us FROM projects WHERE deleted_us IS NULL";
  if (!where.empty()) sql += " AND " + std::string(where);
  sql += " ORDER BY id";
  RETURN_IF_ERROR(db_->Prepare(sql, &q));
  if (sql.find("?1") != std::string::npos) q.BindInt(1, id);
  if (sql.find("?2") != std::string::npos) q.BindText(2, name);
  out->clear();
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    out->push_back({q.ColumnInt(0), q.ColumnText(1), q.ColumnText(2), q.ColumnInt(3)});
  }
  return Status::Ok();
}

Status MetaStore::ListProjects(std::vector<ProjectInfo>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  return QueryProjects("", 0, "", out);
}

Status MetaStore::GetProject(int64_t id, ProjectInfo* out) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> found;
  RETURN_IF_ERROR(QueryProjects("id = ?1", id, "", &found));
  if (found.empty()) return NotFound("project " + std::to_string(id) + " does not exist");
  *out = std::move(found.front());
  return Status::Ok();
}

Status MetaStore::GetProjectByName(std::string_view name, ProjectInfo* out) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> found;
  RETURN_IF_ERROR(QueryProjects("name = ?2", 0, name, &found));
  if (found.empty()) return NotFound("project \"" + std::string(name) + "\" does not exist");
  *out = std::move(found.front());
  return Status::Ok();
}

Status MetaStore::DeleteProject(int64_t id, ProjectInfo* deleted) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> found;
  RETURN_IF_ERROR(QueryProjects("id = ?1", id, "", &found));
  if (found.empty()) return NotFound("project " + std::to_string(id) + " does not exist");
  if (found.front().name == kDefaultProjectName) {
    return Status(ErrorCode::kFailedPrecondition,
                  "project \"default\" cannot be deleted: a fresh server sends events to it");
  }
  const int64_t now = env_->NowMicros();
  RETURN_IF_ERROR(InTransaction(db_.get(), [&]() -> Status {
    // The name is freed for a new project: '~' is in no project name.
    SqliteStatement mark;
    RETURN_IF_ERROR(
        db_->Prepare("UPDATE projects SET deleted_us = ?1, name = '~deleted-' || id || '~' || name "
                     "WHERE id = ?2",
                     &mark));
    mark.BindInt(1, now);
    mark.BindInt(2, id);
    RETURN_IF_ERROR(mark.Run());
    SqliteStatement revoke;
    RETURN_IF_ERROR(db_->Prepare(
        "UPDATE api_keys SET revoked_us = ?1 WHERE project_id = ?2 AND revoked_us IS NULL",
        &revoke));
    revoke.BindInt(1, now);
    revoke.BindInt(2, id);
    return revoke.Run();
  }));
  if (deleted != nullptr) *deleted = std::move(found.front());
  return Status::Ok();
}

Status MetaStore::ListDeletedProjects(std::vector<int64_t>* ids) {
  std::lock_guard<std::mutex> lock(mu_);
  ids->clear();
  SqliteStatement q;
  RETURN_IF_ERROR(
      db_->Prepare("SELECT id FROM projects WHERE deleted_us IS NOT NULL ORDER BY id", &q));
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    ids->push_back(q.ColumnInt(0));
  }
  return Status::Ok();
}

Status MetaStore::PurgeDeletedProject(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  return InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement check;
    RETURN_IF_ERROR(
        db_->Prepare("SELECT 1 FROM projects WHERE id = ?1 AND deleted_us IS NOT NULL", &check));
    check.BindInt(1, id);
    bool deleted = false;
    RETURN_IF_ERROR(check.Step(&deleted));
    if (!deleted) return NotFound("project " + std::to_string(id) + " is not deleted");
    for (const char* table : {"schema_events", "schema_properties", "entity_updates", "costs",
                              "dashboards", "project_settings"}) {
      SqliteStatement del;
      RETURN_IF_ERROR(
          db_->Prepare(std::string("DELETE FROM ") + table + " WHERE project_id = ?1", &del));
      del.BindInt(1, id);
      RETURN_IF_ERROR(del.Run());
    }
    return Status::Ok();
  });
}

Status ValidateApiKeyLabel(std::string_view label) {
  if (label.size() > kMaxApiKeyLabelBytes) {
    return InvalidArgument("label: at most " + std::to_string(kMaxApiKeyLabelBytes) +
                           " bytes, got " + std::to_string(label.size()));
  }
  for (char c : label) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgument("label: must not contain control characters");
    }
  }
  return Status::Ok();
}

Status MetaStore::CreateApiKey(int64_t project_id, ApiKeyKind kind, std::string_view label,
                               ApiKeyInfo* out) {
  RETURN_IF_ERROR(ValidateApiKeyLabel(label));
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> found;
  RETURN_IF_ERROR(QueryProjects("id = ?1", project_id, "", &found));
  if (found.empty()) return NotFound("project " + std::to_string(project_id) + " does not exist");
  return InTransaction(
      db_.get(), [&]() -> Status { return CreateApiKeyLocked(project_id, kind, label, out); });
}

Status MetaStore::CreateApiKeyLocked(int64_t project_id, ApiKeyKind kind, std::string_view label,
                                     ApiKeyInfo* out) {
  ApiKeyInfo info;
  info.project_id = project_id;
  info.kind = kind;
  info.label = std::string(label);
  info.created_us = env_->NowMicros();
  RETURN_IF_ERROR(GenerateApiKey(kind, &info.key));
  SqliteStatement insert;
  RETURN_IF_ERROR(
      db_->Prepare("INSERT INTO api_keys (key, project_id, kind, label, created_us) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                   &insert));
  insert.BindText(1, info.key);
  insert.BindInt(2, project_id);
  insert.BindText(3, ApiKeyKindName(kind));
  insert.BindText(4, info.label);
  insert.BindInt(5, info.created_us);
  bool has_row = false;
  RETURN_IF_ERROR(insert.Step(&has_row));
  if (!has_row) return Internal("api_keys insert returned no id");
  info.id = insert.ColumnInt(0);
  RETURN_IF_ERROR(insert.Run());
  *out = std::move(info);
  return Status::Ok();
}

Status MetaStore::QueryKeys(std::string_view where, int64_t id, std::string_view key,
                            std::vector<ApiKeyInfo>* out) {
  SqliteStatement q;
  std::string sql =
      "SELECT id, key, project_id, kind, label, created_us FROM api_keys "
      "WHERE revoked_us IS NULL";
  if (!where.empty()) sql += " AND " + std::string(where);
  sql += " ORDER BY id";
  RETURN_IF_ERROR(db_->Prepare(sql, &q));
  if (sql.find("?1") != std::string::npos) q.BindInt(1, id);
  if (sql.find("?2") != std::string::npos) q.BindText(2, key);
  out->clear();
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    ApiKeyInfo info;
    info.id = q.ColumnInt(0);
    info.key = q.ColumnText(1);
    info.project_id = q.ColumnInt(2);
    info.kind = q.ColumnText(3) == "write" ? ApiKeyKind::kWrite : ApiKeyKind::kSecret;
    info.label = q.ColumnText(4);
    info.created_us = q.ColumnInt(5);
    out->push_back(std::move(info));
  }
  return Status::Ok();
}

Status MetaStore::ListApiKeys(int64_t project_id, std::vector<ApiKeyInfo>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  return QueryKeys("project_id = ?1", project_id, "", out);
}

Status MetaStore::ListAllApiKeys(std::vector<ApiKeyInfo>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  return QueryKeys("", 0, "", out);
}

Status MetaStore::LookupApiKey(std::string_view key, ApiKeyInfo* out) {
  if (!LooksLikeApiKey(key)) return Unauthenticated("unknown API key");
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ApiKeyInfo> found;
  RETURN_IF_ERROR(QueryKeys("key = ?2", 0, key, &found));
  if (found.empty()) return Unauthenticated("unknown API key");
  *out = std::move(found.front());
  return Status::Ok();
}

Status MetaStore::RevokeApiKey(int64_t project_id, int64_t key_id, ApiKeyInfo* revoked) {
  std::lock_guard<std::mutex> lock(mu_);
  return InTransaction(db_.get(), [&]() -> Status {
    std::vector<ApiKeyInfo> keys;
    RETURN_IF_ERROR(QueryKeys("project_id = ?1", project_id, "", &keys));
    auto it = std::find_if(keys.begin(), keys.end(),
                           [key_id](const ApiKeyInfo& k) { return k.id == key_id; });
    if (it == keys.end()) {
      return NotFound("key " + std::to_string(key_id) + " is no active key of this project");
    }
    if (it->kind == ApiKeyKind::kSecret &&
        std::count_if(keys.begin(), keys.end(),
                      [](const ApiKeyInfo& k) { return k.kind == ApiKeyKind::kSecret; }) == 1) {
      return Status(ErrorCode::kFailedPrecondition,
                    "key " + std::to_string(key_id) +
                        " is the project's last secret key: create another one first");
    }
    SqliteStatement update;
    RETURN_IF_ERROR(db_->Prepare(
        "UPDATE api_keys SET revoked_us = ?1 WHERE id = ?2 AND project_id = ?3", &update));
    const int64_t now = env_->NowMicros();
    update.BindInt(1, now);
    update.BindInt(2, key_id);
    update.BindInt(3, project_id);
    RETURN_IF_ERROR(update.Run());
    if (revoked != nullptr) {
      *revoked = std::move(*it);
      revoked->revoked_us = now;
    }
    return Status::Ok();
  });
}

Status MetaStore::RecordSchema(int64_t project_id, const EventBatch& batch) {
  if (batch.empty()) return Status::Ok();
  return RecordSchema(project_id, SchemaDelta::FromBatch(batch));
}

Status MetaStore::RecordSchema(int64_t project_id, const SchemaDelta& delta) {
  if (delta.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(mu_);
  return InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement ev;
    RETURN_IF_ERROR(db_->Prepare(
        "INSERT INTO schema_events (project_id, event, first_seen_us, last_seen_us, volume) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (project_id, event) DO UPDATE SET "
        "first_seen_us = min(first_seen_us, excluded.first_seen_us), "
        "last_seen_us = max(last_seen_us, excluded.last_seen_us), "
        "volume = volume + excluded.volume",
        &ev));
    SqliteStatement prop;
    RETURN_IF_ERROR(
        db_->Prepare("INSERT INTO schema_properties "
                     "(project_id, event, property, type, first_seen_us, last_seen_us, volume) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                     "ON CONFLICT (project_id, event, property, type) DO UPDATE SET "
                     "first_seen_us = min(first_seen_us, excluded.first_seen_us), "
                     "last_seen_us = max(last_seen_us, excluded.last_seen_us), "
                     "volume = volume + excluded.volume",
                     &prop));
    for (const auto& [name, event] : delta.events) {
      ev.Reset();
      ev.BindInt(1, project_id);
      ev.BindText(2, name);
      ev.BindInt(3, event.seen.first_seen_us);
      ev.BindInt(4, event.seen.last_seen_us);
      ev.BindInt(5, static_cast<int64_t>(event.seen.volume));
      RETURN_IF_ERROR(ev.Run());
      for (const auto& [key, seen] : event.properties) {
        prop.Reset();
        prop.BindInt(1, project_id);
        prop.BindText(2, name);
        prop.BindText(3, key.name);
        prop.BindText(4, ValueTypeName(key.type));
        prop.BindInt(5, seen.first_seen_us);
        prop.BindInt(6, seen.last_seen_us);
        prop.BindInt(7, static_cast<int64_t>(seen.volume));
        RETURN_IF_ERROR(prop.Run());
      }
    }
    return Status::Ok();
  });
}

Status MetaStore::GetSchema(int64_t project_id, std::vector<SchemaEventInfo>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  out->clear();
  SqliteStatement ev;
  RETURN_IF_ERROR(
      db_->Prepare("SELECT event, first_seen_us, last_seen_us, volume FROM schema_events "
                   "WHERE project_id = ?1 ORDER BY event",
                   &ev));
  ev.BindInt(1, project_id);
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(ev.Step(&has_row));
    if (!has_row) break;
    SchemaEventInfo info;
    info.name = ev.ColumnText(0);
    info.seen = {ev.ColumnInt(1), ev.ColumnInt(2), static_cast<uint64_t>(ev.ColumnInt(3))};
    out->push_back(std::move(info));
  }
  SqliteStatement prop;
  RETURN_IF_ERROR(
      db_->Prepare("SELECT event, property, type, first_seen_us, last_seen_us, volume "
                   "FROM schema_properties WHERE project_id = ?1 ORDER BY event, property, type",
                   &prop));
  prop.BindInt(1, project_id);
  size_t e = 0;
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(prop.Step(&has_row));
    if (!has_row) break;
    std::string event = prop.ColumnText(0);
    // Both queries are ordered by event name, so one forward walk pairs them up.
    while (e < out->size() && (*out)[e].name < event) ++e;
    if (e == out->size() || (*out)[e].name != event) continue;
    SchemaPropertyInfo p;
    p.name = prop.ColumnText(1);
    if (!ValueTypeFromName(prop.ColumnText(2), &p.type)) {
      return Corruption("meta.db schema_properties: unknown type \"" + prop.ColumnText(2) + "\"");
    }
    p.seen = {prop.ColumnInt(3), prop.ColumnInt(4), static_cast<uint64_t>(prop.ColumnInt(5))};
    (*out)[e].properties.push_back(std::move(p));
  }
  return Status::Ok();
}

Status MetaStore::RecordEntityUpdates(int64_t project_id, const std::vector<EntityUpdate>& updates,
                                      size_t* added) {
  if (added != nullptr) *added = 0;
  if (updates.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(mu_);
  return InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement insert;
    RETURN_IF_ERROR(db_->Prepare(
        "INSERT INTO entity_updates (project_id, update_id, kind, type, key, ts_us, updates) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (project_id, update_id) DO NOTHING",
        &insert));
    SqliteStatement changes;
    RETURN_IF_ERROR(db_->Prepare("SELECT changes()", &changes));
    for (const EntityUpdate& u : updates) {
      insert.Reset();
      insert.BindInt(1, project_id);
      insert.BindText(2, u.id);
      insert.BindText(3, EntityKindName(u.kind));
      insert.BindText(4, u.entity.type);
      insert.BindText(5, u.entity.key);
      insert.BindInt(6, u.ts_us);
      insert.BindText(7, UpdatesToJson(u.updates));
      RETURN_IF_ERROR(insert.Run());
      if (added != nullptr) {
        changes.Reset();
        bool has_row = false;
        RETURN_IF_ERROR(changes.Step(&has_row));
        if (has_row) *added += static_cast<size_t>(changes.ColumnInt(0));
      }
    }
    return Status::Ok();
  });
}

Status MetaStore::GetEntityUpdates(int64_t project_id, EntityUpdate::Kind kind,
                                   std::string_view type, std::string_view key,
                                   std::vector<EntityUpdate>* out) {
  out->clear();
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement q;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT update_id, ts_us, updates FROM entity_updates WHERE project_id = ?1 AND kind = ?2 "
      "AND type = ?3 AND key = ?4 ORDER BY ts_us, update_id",
      &q));
  q.BindInt(1, project_id);
  q.BindText(2, EntityKindName(kind));
  q.BindText(3, type);
  q.BindText(4, key);
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    EntityUpdate u;
    u.kind = kind;
    u.entity = GroupRef{std::string(type), std::string(key)};
    u.id = q.ColumnText(0);
    u.ts_us = q.ColumnInt(1);
    if (!UpdatesFromJson(q.ColumnText(2), &u.updates)) {
      return Status(ErrorCode::kCorruption,
                    "meta.db: entity_updates row \"" + u.id + "\" does not decode");
    }
    out->push_back(std::move(u));
  }
  return Status::Ok();
}

Status MetaStore::ListEntities(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                               const GroupRef& after, size_t limit,
                               std::vector<EntitySummary>* out) {
  out->clear();
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement q;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT type, key, count(*), min(ts_us), max(ts_us) FROM entity_updates "
      "WHERE project_id = ?1 AND kind = ?2 AND (?3 = '' OR type = ?3) AND (type, key) > (?4, ?5) "
      "GROUP BY type, key ORDER BY type, key LIMIT ?6",
      &q));
  q.BindInt(1, project_id);
  q.BindText(2, EntityKindName(kind));
  q.BindText(3, type);
  q.BindText(4, after.type);
  q.BindText(5, after.key);
  q.BindInt(6, static_cast<int64_t>(limit));
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    EntitySummary e;
    e.entity = GroupRef{q.ColumnText(0), q.ColumnText(1)};
    e.updates = static_cast<uint64_t>(q.ColumnInt(2));
    e.first_update_us = q.ColumnInt(3);
    e.last_update_us = q.ColumnInt(4);
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

Status MetaStore::PutCosts(int64_t project_id, const std::vector<CostEntry>& costs,
                           CostWriteResult* result) {
  CostWriteResult done;
  // Everything is checked before the transaction starts, so a bad entry stores nothing.
  std::map<std::tuple<int32_t, std::string_view, std::string_view>, size_t> keys;
  for (size_t i = 0; i < costs.size(); ++i) {
    const CostEntry& c = costs[i];
    RETURN_IF_ERROR(ValidateCostEntry(c).WithContext("costs[" + std::to_string(i) + "]"));
    auto [it, added] = keys.try_emplace({c.day, c.channel, c.campaign}, i);
    if (!added) {
      return InvalidArgument("costs[" + std::to_string(i) + "]: has the same date, channel and " +
                             "campaign as costs[" + std::to_string(it->second) + "]");
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> found;
  RETURN_IF_ERROR(QueryProjects("id = ?1", project_id, "", &found));
  if (found.empty()) return NotFound("project " + std::to_string(project_id) + " does not exist");
  const int64_t now = env_->NowMicros();
  RETURN_IF_ERROR(InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement exists;
    RETURN_IF_ERROR(
        db_->Prepare("SELECT 1 FROM costs WHERE project_id = ?1 AND date = ?2 "
                     "AND channel = ?3 AND campaign = ?4",
                     &exists));
    SqliteStatement upsert;
    RETURN_IF_ERROR(db_->Prepare(
        "INSERT INTO costs (project_id, date, channel, campaign, spend_micros, currency, "
        "updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (project_id, date, channel, campaign) DO UPDATE SET "
        "spend_micros = excluded.spend_micros, currency = excluded.currency, "
        "updated_us = excluded.updated_us",
        &upsert));
    for (const CostEntry& c : costs) {
      const std::string date = FormatCivilDate(c.day);
      exists.Reset();
      exists.BindInt(1, project_id);
      exists.BindText(2, date);
      exists.BindText(3, c.channel);
      exists.BindText(4, c.campaign);
      bool stored = false;
      RETURN_IF_ERROR(exists.Step(&stored));
      ++(stored ? done.replaced : done.added);
      upsert.Reset();
      upsert.BindInt(1, project_id);
      upsert.BindText(2, date);
      upsert.BindText(3, c.channel);
      upsert.BindText(4, c.campaign);
      upsert.BindInt(5, c.spend_micros);
      upsert.BindText(6, c.currency);
      upsert.BindInt(7, now);
      RETURN_IF_ERROR(upsert.Run());
    }
    return Status::Ok();
  }));
  if (result != nullptr) *result = done;
  return Status::Ok();
}

Status MetaStore::ListCosts(int64_t project_id, const CostQuery& query,
                            std::vector<CostEntry>* out) {
  out->clear();
  // Dates are stored as YYYY-MM-DD, whose text order is their time order for years 0001..9999.
  const std::string from = FormatCivilDate(std::max(query.from_day, CivilToDay({1, 1, 1})));
  const std::string to = FormatCivilDate(std::min(query.to_day, CivilToDay({9999, 12, 31})));
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement q;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT date, channel, campaign, spend_micros, currency FROM costs "
      "WHERE project_id = ?1 AND date >= ?2 AND date <= ?3 AND (?4 = '' OR channel = ?4) "
      "ORDER BY date, channel, campaign LIMIT ?5",
      &q));
  q.BindInt(1, project_id);
  q.BindText(2, from);
  q.BindText(3, to);
  q.BindText(4, query.channel);
  q.BindInt(5, query.limit > static_cast<size_t>(INT64_MAX) ? -1  // SQLite: no limit
                                                            : static_cast<int64_t>(query.limit));
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    CostEntry c;
    const std::string date = q.ColumnText(0);
    if (!ParseCivilDate(date, &c.day).ok()) {
      return Corruption("meta.db costs: bad date \"" + date + "\"");
    }
    c.channel = q.ColumnText(1);
    c.campaign = q.ColumnText(2);
    c.spend_micros = q.ColumnInt(3);
    c.currency = q.ColumnText(4);
    out->push_back(std::move(c));
  }
  return Status::Ok();
}

Status MetaStore::QueryDashboards(int64_t project_id, int64_t id, std::string_view name,
                                  std::vector<Dashboard>* out) {
  out->clear();
  SqliteStatement q;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT id, name, description, created_us, updated_us FROM dashboards "
      "WHERE project_id = ?1 AND (?2 = 0 OR id = ?2) AND (?3 = '' OR name = ?3) ORDER BY name",
      &q));
  q.BindInt(1, project_id);
  q.BindInt(2, id);
  q.BindText(3, name);
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    Dashboard d;
    d.id = q.ColumnInt(0);
    d.name = q.ColumnText(1);
    d.description = q.ColumnText(2);
    d.created_us = q.ColumnInt(3);
    d.updated_us = q.ColumnInt(4);
    out->push_back(std::move(d));
  }
  SqliteStatement items;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT title, kind, query FROM dashboard_items WHERE dashboard_id = ?1 ORDER BY position",
      &items));
  for (Dashboard& d : *out) {
    items.Reset();
    items.BindInt(1, d.id);
    for (;;) {
      bool has_row = false;
      RETURN_IF_ERROR(items.Step(&has_row));
      if (!has_row) break;
      d.items.push_back({items.ColumnText(0), items.ColumnText(1), items.ColumnText(2)});
    }
  }
  return Status::Ok();
}

Status MetaStore::WriteDashboardItems(const Dashboard& dashboard) {
  SqliteStatement clear;
  RETURN_IF_ERROR(db_->Prepare("DELETE FROM dashboard_items WHERE dashboard_id = ?1", &clear));
  clear.BindInt(1, dashboard.id);
  RETURN_IF_ERROR(clear.Run());
  SqliteStatement insert;
  RETURN_IF_ERROR(
      db_->Prepare("INSERT INTO dashboard_items (dashboard_id, position, title, kind, query) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                   &insert));
  for (size_t i = 0; i < dashboard.items.size(); ++i) {
    const DashboardItem& item = dashboard.items[i];
    insert.Reset();
    insert.BindInt(1, dashboard.id);
    insert.BindInt(2, static_cast<int64_t>(i));
    insert.BindText(3, item.title);
    insert.BindText(4, item.kind);
    insert.BindText(5, item.query);
    RETURN_IF_ERROR(insert.Run());
  }
  return Status::Ok();
}

Status MetaStore::CreateDashboard(int64_t project_id, Dashboard* dashboard) {
  RETURN_IF_ERROR(ValidateDashboard(*dashboard));
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProjectInfo> found;
  RETURN_IF_ERROR(QueryProjects("id = ?1", project_id, "", &found));
  if (found.empty()) return NotFound("project " + std::to_string(project_id) + " does not exist");
  std::vector<Dashboard> same_name;
  RETURN_IF_ERROR(QueryDashboards(project_id, 0, dashboard->name, &same_name));
  if (!same_name.empty()) {
    return AlreadyExists("name: a dashboard named \"" + dashboard->name + "\" exists already (id " +
                         std::to_string(same_name.front().id) + ")");
  }
  const int64_t now = env_->NowMicros();
  return InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement insert;
    RETURN_IF_ERROR(db_->Prepare(
        "INSERT INTO dashboards (project_id, name, description, created_us, updated_us) "
        "VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
        &insert));
    insert.BindInt(1, project_id);
    insert.BindText(2, dashboard->name);
    insert.BindText(3, dashboard->description);
    insert.BindInt(4, now);
    bool has_row = false;
    RETURN_IF_ERROR(insert.Step(&has_row));
    if (!has_row) return Internal("meta.db: inserting a dashboard returned no id");
    dashboard->id = insert.ColumnInt(0);
    RETURN_IF_ERROR(insert.Run());  // finishes the statement
    dashboard->created_us = now;
    dashboard->updated_us = now;
    return WriteDashboardItems(*dashboard);
  });
}

Status MetaStore::ReplaceDashboard(int64_t project_id, Dashboard* dashboard) {
  RETURN_IF_ERROR(ValidateDashboard(*dashboard));
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Dashboard> found;
  RETURN_IF_ERROR(QueryDashboards(project_id, dashboard->id, "", &found));
  if (found.empty()) {
    return NotFound("dashboard " + std::to_string(dashboard->id) + " does not exist");
  }
  std::vector<Dashboard> same_name;
  RETURN_IF_ERROR(QueryDashboards(project_id, 0, dashboard->name, &same_name));
  if (!same_name.empty() && same_name.front().id != dashboard->id) {
    return AlreadyExists("name: a dashboard named \"" + dashboard->name + "\" exists already (id " +
                         std::to_string(same_name.front().id) + ")");
  }
  const int64_t now = env_->NowMicros();
  return InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement update;
    RETURN_IF_ERROR(db_->Prepare(
        "UPDATE dashboards SET name = ?2, description = ?3, updated_us = ?4 WHERE id = ?1",
        &update));
    update.BindInt(1, dashboard->id);
    update.BindText(2, dashboard->name);
    update.BindText(3, dashboard->description);
    update.BindInt(4, now);
    RETURN_IF_ERROR(update.Run());
    dashboard->created_us = found.front().created_us;
    dashboard->updated_us = now;
    return WriteDashboardItems(*dashboard);
  });
}

Status MetaStore::GetDashboard(int64_t project_id, std::string_view ref, Dashboard* out) {
  int64_t id = 0;
  std::string_view name = ref;
  if (!ref.empty() && ref.size() <= 18 &&
      ref.find_first_not_of("0123456789") == std::string_view::npos) {
    id = std::stoll(std::string(ref));
    name = {};
    if (id == 0) return NotFound("dashboard 0 does not exist");
  }
  if (ref.empty()) return NotFound("dashboard \"\" does not exist");
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Dashboard> found;
  RETURN_IF_ERROR(QueryDashboards(project_id, id, name, &found));
  if (found.empty()) {
    return NotFound(id != 0 ? "dashboard " + std::string(ref) + " does not exist"
                            : "no dashboard is named \"" + std::string(ref) + "\"");
  }
  *out = std::move(found.front());
  return Status::Ok();
}

Status MetaStore::ListDashboards(int64_t project_id, std::vector<Dashboard>* out) {
  std::lock_guard<std::mutex> lock(mu_);
  return QueryDashboards(project_id, 0, "", out);
}

Status MetaStore::DeleteDashboard(int64_t project_id, int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Dashboard> found;
  RETURN_IF_ERROR(QueryDashboards(project_id, id, "", &found));
  if (id == 0 || found.empty()) {
    return NotFound("dashboard " + std::to_string(id) + " does not exist");
  }
  return InTransaction(db_.get(), [&]() -> Status {
    SqliteStatement del;
    RETURN_IF_ERROR(db_->Prepare("DELETE FROM dashboards WHERE id = ?1", &del));
    del.BindInt(1, id);
    return del.Run();
  });
}

Status MetaStore::FindSettingLocked(int64_t project_id, std::string_view name, ProjectSetting* out,
                                    bool* found) {
  SqliteStatement q;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT value, updated_us FROM project_settings WHERE project_id = ?1 AND name = ?2", &q));
  q.BindInt(1, project_id);
  q.BindText(2, name);
  RETURN_IF_ERROR(q.Step(found));
  if (*found) *out = {std::string(name), q.ColumnText(0), q.ColumnInt(1)};
  return Status::Ok();
}

namespace {

// FailedPrecondition saying how the setting differs from what `pre` expects.
Status CheckSettingPrecondition(std::string_view name, const SettingPrecondition& pre, bool found,
                                int64_t revision) {
  const std::string quoted = "setting \"" + std::string(name) + "\"";
  switch (pre.kind) {
    case SettingPrecondition::Kind::kNone: return Status::Ok();
    case SettingPrecondition::Kind::kExists:
      if (found) return Status::Ok();
      return {ErrorCode::kFailedPrecondition, quoted + " is not set"};
    case SettingPrecondition::Kind::kAbsent:
      if (!found) return Status::Ok();
      return {ErrorCode::kFailedPrecondition,
              quoted + " is set already (revision " + std::to_string(revision) + ")"};
    case SettingPrecondition::Kind::kRevision:
      if (found &&
          std::find(pre.revisions.begin(), pre.revisions.end(), revision) != pre.revisions.end()) {
        return Status::Ok();
      }
      return {ErrorCode::kFailedPrecondition, found ? quoted + " changed: it is at revision " +
                                                          std::to_string(revision) +
                                                          " now; read it again"
                                                    : quoted + " is not set any more"};
  }
  return Status::Ok();
}

}  // namespace

Status MetaStore::PutSetting(int64_t project_id, ProjectSetting* setting,
                             const SettingPrecondition& pre) {
  RETURN_IF_ERROR(ValidateSettingName(setting->name));
  if (setting->value.size() > kMaxSettingBytes) {
    return InvalidArgument("value: " + std::to_string(setting->value.size()) +
                           " bytes of JSON, more than " + std::to_string(kMaxSettingBytes));
  }
  const nlohmann::json value = nlohmann::json::parse(setting->value, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return InvalidArgument("value: must be a JSON object");
  }
  std::lock_guard<std::mutex> lock(mu_);
  return InTransaction(db_.get(), [&]() -> Status {
    ProjectSetting existing;
    bool found = false;
    RETURN_IF_ERROR(FindSettingLocked(project_id, setting->name, &existing, &found));
    RETURN_IF_ERROR(
        CheckSettingPrecondition(setting->name, pre, found, found ? existing.updated_us : 0));
    // The time is the revision: it grows with every write, also within one microsecond.
    setting->updated_us = env_->NowMicros();
    if (found) setting->updated_us = std::max(setting->updated_us, existing.updated_us + 1);
    SqliteStatement put;
    RETURN_IF_ERROR(
        db_->Prepare("INSERT INTO project_settings (project_id, name, value, updated_us) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (project_id, name) DO UPDATE SET "
                     "value = excluded.value, updated_us = excluded.updated_us",
                     &put));
    put.BindInt(1, project_id);
    put.BindText(2, setting->name);
    put.BindText(3, setting->value);
    put.BindInt(4, setting->updated_us);
    return put.Run();
  });
}

Status MetaStore::ListSettings(int64_t project_id, std::vector<ProjectSetting>* out) {
  out->clear();
  std::lock_guard<std::mutex> lock(mu_);
  SqliteStatement q;
  RETURN_IF_ERROR(db_->Prepare(
      "SELECT name, value, updated_us FROM project_settings WHERE project_id = ?1 ORDER BY name",
      &q));
  q.BindInt(1, project_id);
  for (;;) {
    bool has_row = false;
    RETURN_IF_ERROR(q.Step(&has_row));
    if (!has_row) break;
    out->push_back({q.ColumnText(0), q.ColumnText(1), q.ColumnInt(2)});
  }
  return Status::Ok();
}

Status MetaStore::GetSetting(int64_t project_id, std::string_view name, ProjectSetting* out) {
  RETURN_IF_ERROR(ValidateSettingName(name));
  std::lock_guard<std::mutex> lock(mu_);
  bool found = false;
  RETURN_IF_ERROR(FindSettingLocked(project_id, name, out, &found));
  if (!found) return NotFound("setting \"" + std::string(name) + "\" is not set");
  return Status::Ok();
}

Status MetaStore::DeleteSetting(int64_t project_id, std::string_view name,
                                const SettingPrecondition& pre) {
  RETURN_IF_ERROR(ValidateSettingName(name));
  std::lock_guard<std::mutex> lock(mu_);
  return InTransaction(db_.get(), [&]() -> Status {
    ProjectSetting existing;
    bool found = false;
    RETURN_IF_ERROR(FindSettingLocked(project_id, name, &existing, &found));
    if (!found) return NotFound("setting \"" + std::string(name) + "\" is not set");
    RETURN_IF_ERROR(CheckSettingPrecondition(name, pre, found, existing.updated_us));
    SqliteStatement del;
    RETURN_IF_ERROR(
        db_->Prepare("DELETE FROM project_settings WHERE project_id = ?1 AND name = ?2", &del));
    del.BindInt(1, project_id);
    del.BindText(2, name);
    return del.Run();
  });
}

}  // namespace growloop
