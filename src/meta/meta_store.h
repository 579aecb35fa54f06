// MetaStore: the metadata of one Growloop data directory, kept in SQLite (`meta.db`, WAL mode):
// projects, their API keys, their schema registry (event names and properties seen, with
// first/last event time and volume), group and item updates, and marketing costs. Tables:
// docs/formats/metadata.md.
//
// Opening a new file creates a project named "default" (time zone UTC) with one write key and
// one secret key, so a fresh server can take events at once.
//
// Thread-safety: every public method may be called from any thread (one internal mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "env/env.h"
#include "event/event_batch.h"
#include "identity/property_updates.h"
#include "meta/api_key.h"
#include "meta/schema_delta.h"
#include "meta/sqlite_db.h"

namespace growloop {

struct ProjectInfo {
  int64_t id = 0;
  std::string name;
  std::string time_zone;  // IANA name, e.g. "Asia/Shanghai"
  int64_t created_us = 0;
};

struct ApiKeyInfo {
  int64_t id = 0;  // never reused, also after the key is revoked
  std::string key;
  int64_t project_id = 0;
  ApiKeyKind kind = ApiKeyKind::kWrite;
  std::string label;  // what the key is for ("iOS app"), at most kMaxApiKeyLabelBytes
  int64_t created_us = 0;
  int64_t revoked_us = 0;  // 0 while the key is active
};

inline constexpr size_t kMaxApiKeyLabelBytes = 128;

// InvalidArgument naming `label` when it is longer than kMaxApiKeyLabelBytes or holds a control
// character.
Status ValidateApiKeyLabel(std::string_view label);

struct SchemaPropertyInfo {
  std::string name;
  ValueType type = ValueType::kString;
  SchemaSeen seen;
};

struct SchemaEventInfo {
  std::string name;
  SchemaSeen seen;
  std::vector<SchemaPropertyInfo> properties;  // by name, then type name
};

// One day's spend on one acquisition channel and campaign (docs/formats/costs.md). The key is
// (project, day, channel, campaign): storing a cost whose key is stored already replaces it.
struct CostEntry {
  int32_t day = 0;           // the date, in days since 1970-01-01, in the project's time zone
  std::string channel;       // not empty
  std::string campaign;      // empty when the spend is not split by campaign
  int64_t spend_micros = 0;  // spend in millionths of the currency unit, 0..kMaxSpendMicros
  std::string currency;      // ISO 4217 code ("CNY"), or empty when not given
};

// The largest spend one cost row may hold: 10^12 currency units.
inline constexpr int64_t kMaxSpendMicros = 1'000'000'000'000'000'000;

// InvalidArgument naming the field ("date", "channel", "spend", "currency") when `cost` is not
// storable: a date outside the years 0001..9999, an empty channel or one longer than 256 bytes, a
// campaign longer than 256 bytes, a spend out of range, a currency that is not three letters A-Z.
Status ValidateCostEntry(const CostEntry& cost);

// Which costs ListCosts returns: days in [from_day, to_day] (inclusive), of `channel` when not
// empty, at most `limit` rows (the first in (day, channel, campaign) order).
struct CostQuery {
  int32_t from_day = INT32_MIN;
  int32_t to_day = INT32_MAX;
  std::string channel;
  size_t limit = SIZE_MAX;
};

// What PutCosts did: rows whose key was new, rows that replaced a stored spend.
struct CostWriteResult {
  size_t added = 0;
  size_t replaced = 0;
};

// A saved query of a dashboard: its title, its kind (a query kind of docs/query-api.md) and its
// JSON body, kept as text. The metadata store checks sizes only; the query layer checks that the
// body is a valid query before storing it.
struct DashboardItem {
  std::string title;  // 1..256 bytes
  std::string kind;   // "trends", "funnel", ...
  std::string query;  // the JSON body, at most 64 KiB
};

// A named, ordered set of saved queries (docs/dashboards.md). Names are unique in a project.
struct Dashboard {
  int64_t id = 0;
  std::string name;         // 1..128 bytes, no control characters or '/', not all digits
  std::string description;  // at most 4096 bytes
  int64_t created_us = 0;
  int64_t updated_us = 0;
  std::vector<DashboardItem> items;  // at most kMaxDashboardItems, in display order
};

inline constexpr size_t kMaxDashboardItems = 64;

// InvalidArgument naming the field ("name", "description", "items", "items[i].title", ...) when
// `dashboard` is not storable.
Status ValidateDashboard(const Dashboard& dashboard);

// A project's named setting (docs/http-api.md, "Settings"): a JSON object the clients own,
// e.g. the console's KPI definitions and thresholds, shared by everyone using the project.
struct ProjectSetting {
  std::string name;   // 1..64 characters from [a-z0-9_.-], starting with a letter or digit
  std::string value;  // a JSON object, serialized, at most kMaxSettingBytes
  int64_t updated_us = 0;
};

inline constexpr size_t kMaxSettingBytes = 64 * 1024;

// What a conditional write of a setting expects to find (HTTP If-Match / If-None-Match): any
// state, the setting set, the setting not set, or the setting at one of `revisions` (its
// updated_us, which grows with every write).
struct SettingPrecondition {
  enum class Kind { kNone, kExists, kAbsent, kRevision };
  Kind kind = Kind::kNone;
  std::vector<int64_t> revisions;
};

// InvalidArgument naming `name` when it is no setting name.
Status ValidateSettingName(std::string_view name);

// Checks that `name` is a project name: 1..64 characters from [A-Za-z0-9_.-], not all digits
// (so a project reference that is all digits always means an id).
Status ValidateProjectName(std::string_view name);

// Checks that `tz` is "UTC" or an IANA zone name known to the system's zoneinfo database
// (/usr/share/zoneinfo), e.g. "Asia/Shanghai". `env` looks the file up.
Status ValidateTimeZone(Env* env, std::string_view tz);

class MetaStore {
 public:
  static constexpr std::string_view kDefaultProjectName = "default";

  // Opens (creating when missing) `<dir>/meta.db`. `env` must outlive the store; it provides
  // the clock and creates `dir`. SQLite does its own file I/O.
  static Status Open(Env* env, const std::string& dir, std::unique_ptr<MetaStore>* out);

  // Creates a project with one write key and one secret key. AlreadyExists when the name is
  // taken; InvalidArgument naming `name` or `time_zone` when either is malformed.
  Status CreateProject(std::string_view name, std::string_view time_zone, ProjectInfo* out);

  // The projects not deleted, by id.
  Status ListProjects(std::vector<ProjectInfo>* out);
  // Deletes a project: from then on no call finds it (by id or name), its keys open nothing
  // and its name is free for a new project. Its row stays (marked, renamed) so that its id is
  // never given again; its other rows go with PurgeDeletedProject. NotFound for an unknown
  // project; FailedPrecondition for "default". Sets *deleted (when not null) to what it was.
  Status DeleteProject(int64_t id, ProjectInfo* deleted);
  // The ids of deleted projects.
  Status ListDeletedProjects(std::vector<int64_t>* ids);
  // Removes the schema registry, group updates, costs, dashboards and settings of a deleted
  // project (a no-op when done before). NotFound unless the project is deleted.
  Status PurgeDeletedProject(int64_t id);
  // NotFound when missing.
  Status GetProject(int64_t id, ProjectInfo* out);
  Status GetProjectByName(std::string_view name, ProjectInfo* out);

  // Adds a new key of `kind` to a project and returns it. InvalidArgument naming `label`
  // (ValidateApiKeyLabel); NotFound for an unknown project.
  Status CreateApiKey(int64_t project_id, ApiKeyKind kind, std::string_view label, ApiKeyInfo* out);
  // The active keys of a project, oldest first.
  Status ListApiKeys(int64_t project_id, std::vector<ApiKeyInfo>* out);
  // Every active key of every project (the catalog caches them for the capture path).
  Status ListAllApiKeys(std::vector<ApiKeyInfo>* out);
  // Unauthenticated when the key is unknown or revoked.
  Status LookupApiKey(std::string_view key, ApiKeyInfo* out);
  // Revokes the active key `key_id` of the project: it opens nothing from then on, and is kept
  // (with its revocation time) so that its id is never given again. NotFound when the project
  // has no such active key; FailedPrecondition when it is the project's last secret key (the
  // project could then not be read with a key any more). Sets *revoked when not null.
  Status RevokeApiKey(int64_t project_id, int64_t key_id, ApiKeyInfo* revoked);

  // Adds the events of `batch` to the project's schema registry: one transaction of upserts,
  // whatever the batch size. First/last seen are event timestamps (µs UTC).
  Status RecordSchema(int64_t project_id, const EventBatch& batch);
  Status RecordSchema(int64_t project_id, const SchemaDelta& delta);
  // The registry of a project, events by name.
  Status GetSchema(int64_t project_id, std::vector<SchemaEventInfo>* out);

  // Stores group and item property updates in one transaction. An update whose id the project
  // holds already is skipped (a retried request, or events replayed from the WAL), so recording
  // the same updates twice changes nothing. Sets *added (when not null) to the new ones.
  Status RecordEntityUpdates(int64_t project_id, const std::vector<EntityUpdate>& updates,
                             size_t* added = nullptr);
  // The updates of one group or item, in (time, id) order: the order they are folded in.
  Status GetEntityUpdates(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                          std::string_view key, std::vector<EntityUpdate>* out);
  // The groups or items of a project (of `type` when not empty), by type and key, at most
  // `limit`, starting after (after_type, after_key).
  struct EntitySummary {
    GroupRef entity;
    uint64_t updates = 0;
    int64_t first_update_us = 0;
    int64_t last_update_us = 0;
  };
  Status ListEntities(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                      const GroupRef& after, size_t limit, std::vector<EntitySummary>* out);

  // Stores the costs of a project in one transaction, all or nothing: every entry is checked
  // first (ValidateCostEntry; InvalidArgument prefixed with "costs[i]: " naming the entry), and
  // two entries with the same key are InvalidArgument too. An entry whose key (day, channel,
  // campaign) is stored already replaces that row's spend and currency, so storing the same
  // costs twice changes nothing. NotFound for an unknown project.
  Status PutCosts(int64_t project_id, const std::vector<CostEntry>& costs,
                  CostWriteResult* result = nullptr);
  // The project's costs matching `query`, by (day, channel, campaign).
  Status ListCosts(int64_t project_id, const CostQuery& query, std::vector<CostEntry>* out);

  // Stores a new dashboard (ValidateDashboard first) and sets its id and times. AlreadyExists
  // when the project has a dashboard of that name.
  Status CreateDashboard(int64_t project_id, Dashboard* dashboard);
  // Replaces the name, description and items of the dashboard `dashboard->id`, keeping its
  // creation time. NotFound when the project has no such dashboard; AlreadyExists when another
  // dashboard has the new name.
  Status ReplaceDashboard(int64_t project_id, Dashboard* dashboard);
  // The dashboard `ref` names: an id when all digits, else a name. NotFound when missing.
  Status GetDashboard(int64_t project_id, std::string_view ref, Dashboard* out);
  // The project's dashboards with their items, by name.
  Status ListDashboards(int64_t project_id, std::vector<Dashboard>* out);
  // NotFound when the project has no dashboard `id`.
  Status DeleteDashboard(int64_t project_id, int64_t id);

  // Stores (creating or replacing) the setting `setting->name` and sets its time, which is also
  // its revision: later than the one before, also within one microsecond. InvalidArgument
  // naming `name` or `value` when either is malformed (the value must be a serialized JSON
  // object of at most kMaxSettingBytes); FailedPrecondition, storing nothing, when the setting
  // is not as `pre` expects.
  Status PutSetting(int64_t project_id, ProjectSetting* setting,
                    const SettingPrecondition& pre = {});
  // NotFound when the project has no such setting.
  Status GetSetting(int64_t project_id, std::string_view name, ProjectSetting* out);
  // The project's settings, by name.
  Status ListSettings(int64_t project_id, std::vector<ProjectSetting>* out);
  // NotFound when the project has no such setting; FailedPrecondition, deleting nothing, when it
  // is not as `pre` expects.
  Status DeleteSetting(int64_t project_id, std::string_view name,
                       const SettingPrecondition& pre = {});

 private:
  MetaStore(Env* env, std::unique_ptr<SqliteDb> db) : env_(env), db_(std::move(db)) {}
  Status Init();
  Status CreateProjectLocked(std::string_view name, std::string_view time_zone, ProjectInfo* out);
  Status CreateApiKeyLocked(int64_t project_id, ApiKeyKind kind, std::string_view label,
                            ApiKeyInfo* out);
  Status QueryProjects(std::string_view where, int64_t id, std::string_view name,
                       std::vector<ProjectInfo>* out);
  Status QueryDashboards(int64_t project_id, int64_t id, std::string_view name,
                         std::vector<Dashboard>* out);
  Status WriteDashboardItems(const Dashboard& dashboard);
  Status FindSettingLocked(int64_t project_id, std::string_view name, ProjectSetting* out,
                           bool* found);
  Status QueryKeys(std::string_view where, int64_t id, std::string_view key,
                   std::vector<ApiKeyInfo>* out);

  Env* const env_;
  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace growloop
