// Catalog: the projects of one data directory and their stores.
//
// Layout of a data directory:
//   <data-dir>/meta.db                        projects, keys, schema registry (MetaStore)
//   <data-dir>/projects/<project-id>/events/  the EventStore of each project
//
// The catalog is the service the HTTP handlers, the CLI and the ingest path call: it resolves
// projects by name, id or API key, stores events and keeps the schema registry up to date.
//
// Thread-safety: every public method may be called from any thread. Projects are never
// removed, so pointers it hands out stay valid until the catalog is destroyed.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "env/env.h"
#include "event/event_batch.h"
#include "identity/identity_links.h"
#include "identity/identity_map.h"
#include "identity/property_updates.h"
#include "meta/meta_store.h"
#include "storage/dedup_index.h"
#include "storage/event_store.h"

namespace growloop {

struct CatalogOptions {
  std::string data_dir;
  StoreOptions store;
  IdentityOptions identity;
};

// What GET /api/v1/persons/{id} shows: the person a distinct id belongs to, with all its ids and
// its events (counts over all of them, the most recent ones in full).
struct PersonInfo {
  std::string requested_id;
  uint64_t person = kNoPerson;            // kNoPerson: the id was never merged with another
  std::vector<std::string> distinct_ids;  // every id of the person, the requested one included
  std::string known_id;                   // the person's user id, when one is known
  uint64_t events = 0;
  int64_t first_seen_us = 0;
  int64_t last_seen_us = 0;
  std::map<std::string, uint64_t> event_counts;
  // The person's properties: the updates of all its events folded in (time, id) order.
  nlohmann::json properties = nlohmann::json::object();
  int64_t properties_updated_us = 0;          // time of the last update; 0 when none
  std::map<std::string, std::string> groups;  // type -> key, the latest an event named
  struct Event {
    std::string id, event, distinct_id;
    int64_t ts_us = 0;
    std::map<std::string, std::string> properties;  // values as JSON text
  };
  std::vector<Event> timeline;  // newest first (time, then id), at most `limit`, after the cursor
  bool more = false;            // older events exist past the timeline
};

// Row `row` of `batch` as a timeline shows it.
PersonInfo::Event TimelineEvent(const EventBatch& batch, size_t row);

// The latest events a project accepted while this process runs (GET /api/v1/events/tail): each
// with its sequence number, 1 for the first event accepted since the start.
struct RecentEvents {
  struct Entry {
    uint64_t seq = 0;
    PersonInfo::Event event;
  };
  std::vector<Entry> events;  // oldest first
  uint64_t last_seq = 0;      // of the latest event accepted, whether listed or not
  // Names this process's numbering, which starts again at 1 when the server restarts: a client
  // that sees another stream starts its tail afresh.
  std::string stream;
};

// A group or a Sensors item: its properties folded from its updates.
struct EntityInfo {
  EntityUpdate::Kind kind = EntityUpdate::Kind::kGroup;
  GroupRef entity;
  nlohmann::json properties = nlohmann::json::object();
  uint64_t updates = 0;
  int64_t first_update_us = 0;
  int64_t last_update_us = 0;
};

// Where a page of a person's timeline starts: events strictly after (ts_us, id) in the order
// newest first, ties broken by id descending. ts_us = 0: from the newest.
struct TimelineCursor {
  int64_t ts_us = 0;
  std::string id;
};

class Catalog {
 public:
  // Opens (creating when missing) the data directory: meta.db (with the "default" project on
  // first use) and the event store of every project, replaying their WALs. `env` must outlive
  // the catalog.
  static Status Open(Env* env, const CatalogOptions& options, std::unique_ptr<Catalog>* out);
  ~Catalog();

  // Creates a project, its keys and its (empty) store. AlreadyExists / InvalidArgument as
  // MetaStore::CreateProject.
  Status CreateProject(std::string_view name, std::string_view time_zone, ProjectInfo* out);

  // Deletes a project (MetaStore::DeleteProject: NotFound; FailedPrecondition for "default").
  // From then on nothing finds it and its keys open nothing; requests already under way with it
  // finish. Its files are removed when a catalog next opens the data directory.
  Status DeleteProject(int64_t id, ProjectInfo* deleted);

  // Projects by id.
  std::vector<ProjectInfo> ListProjects() const;
  // `ref` is a project name or, when all digits, a project id. NotFound names `ref`.
  Status FindProject(std::string_view ref, ProjectInfo* out) const;

  // The key and its project. Unauthenticated when the key is unknown or revoked. Served from
  // memory.
  Status Authenticate(std::string_view key, ApiKeyInfo* key_info, ProjectInfo* project) const;
  // The project's active keys, oldest first.
  Status ListApiKeys(int64_t project_id, std::vector<ApiKeyInfo>* out) const;
  // A new key, usable as soon as this returns. Errors as MetaStore::CreateApiKey.
  Status CreateApiKey(int64_t project_id, ApiKeyKind kind, std::string_view label, ApiKeyInfo* out);
  // Revokes a key: no request authenticates with it once this returns (a request already
  // authenticated finishes). Errors as MetaStore::RevokeApiKey.
  Status RevokeApiKey(int64_t project_id, int64_t key_id, ApiKeyInfo* revoked);

  // Applies the identity links and records the group updates the events of `batch` carry
  // (identity/identity_links.h, identity/property_updates.h; duplicates included, so a retried
  // request re-applies what a crash lost), durably, and then stores the batch in the project's
  // event store (dedup, durability: see EventStore::Append): what an event says about identity
  // and groups is never lost once the event is stored. Then adds the accepted events to the
  // schema registry. NotFound for an unknown project. When the store fails no event is
  // recorded (links and group updates may be, and re-applying them is a no-op). The registry's
  // volumes are gathered in memory and written to meta.db at most once a second (and by Schema()
  // and Close()), so that a stream of small capture batches costs no metadata transaction each;
  // a crash may lose the last second's counts, never events. When a schema write fails after the
  // events were stored, the events stay stored (they were acknowledged by the store) and the
  // error is returned.
  Status Ingest(int64_t project_id, EventBatch batch, AppendResult* result,
                Durability durability = Durability::kWal);

  // With count_persons, `persons` counts people: distinct ids merged by identity calls count
  // once, retroactively; the ids PostHog sends group updates under ("$<type>_<key>" of a known
  // group) are not people.
  Status Stats(int64_t project_id, bool count_persons, StoreStats* out);
  // The person `distinct_id` belongs to, its ids and events; timeline newest first, `limit`
  // events past `cursor`. NotFound when no event has the id.
  Status Person(int64_t project_id, std::string_view distinct_id, size_t limit,
                const TimelineCursor& cursor, PersonInfo* out);
  // The events accepted since the start with a sequence number above `after`, the latest
  // `limit` of them; only the last kRecentEvents are kept. NotFound for an unknown project.
  static constexpr size_t kRecentEvents = 1000;
  Status Recent(int64_t project_id, uint64_t after, size_t limit, RecentEvents* out) const;
  // Stores updates of groups and items that do not come as events (Mixpanel /groups, Sensors
  // item_set/item_delete); an update whose id was stored before is skipped.
  Status StoreEntities(int64_t project_id, const std::vector<EntityUpdate>& updates);
  // A group or item by type and key. NotFound when it has no update.
  Status Entity(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                std::string_view key, EntityInfo* out);
  // Groups or items by (type, key), of `type` when not empty, at most `limit` after `after`.
  Status ListEntities(int64_t project_id, EntityUpdate::Kind kind, std::string_view type,
                      const GroupRef& after, size_t limit,
                      std::vector<MetaStore::EntitySummary>* out);
  // Stores marketing costs, all or nothing (MetaStore::PutCosts); NotFound for an unknown
  // project.
  Status PutCosts(int64_t project_id, const std::vector<CostEntry>& costs, CostWriteResult* result);
  // The project's costs matching `query`, by (day, channel, campaign).
  Status ListCosts(int64_t project_id, const CostQuery& query, std::vector<CostEntry>* out) const;
  // Dashboards (MetaStore::CreateDashboard and the rest); NotFound for an unknown project.
  Status CreateDashboard(int64_t project_id, Dashboard* dashboard);
  Status ReplaceDashboard(int64_t project_id, Dashboard* dashboard);
  Status GetDashboard(int64_t project_id, std::string_view ref, Dashboard* out) const;
  Status ListDashboards(int64_t project_id, std::vector<Dashboard>* out) const;
  Status DeleteDashboard(int64_t project_id, int64_t id);
  // Settings (MetaStore::PutSetting and the rest); NotFound for an unknown project.
  Status PutSetting(int64_t project_id, ProjectSetting* setting,
                    const SettingPrecondition& pre = {});
  Status GetSetting(int64_t project_id, std::string_view name, ProjectSetting* out) const;
  Status ListSettings(int64_t project_id, std::vector<ProjectSetting>* out) const;
  Status DeleteSetting(int64_t project_id, std::string_view name,
                       const SettingPrecondition& pre = {});
  // The project's identity map, owned by the catalog.
  Status GetIdentity(int64_t project_id, IdentityMap** out) const;
  Status Schema(int64_t project_id, std::vector<SchemaEventInfo>* out);

  // The project's store, owned by the catalog. NotFound for an unknown project.
  Status GetStore(int64_t project_id, EventStore** out) const;

  const std::string& data_dir() const { return options_.data_dir; }

  // Closes every store. Later calls to Ingest/Stats fail with Unavailable.
  Status Close();

 private:
  struct Project {
    ProjectInfo info;
    std::unique_ptr<EventStore> store;
    std::unique_ptr<IdentityMap> identity;
    // Hashes of links already applied with a final outcome: the events of one person repeat
    // the same link, and a probe here is far cheaper than a merge that finds nothing to do.
    std::mutex applied_mu;
    HashSet64 applied;
    // The latest accepted batches (shared with the store), by the sequence number of their
    // first event; together at least kRecentEvents events once that many arrived.
    mutable std::mutex recent_mu;
    std::deque<std::pair<uint64_t, std::shared_ptr<const EventBatch>>> recent;
    uint64_t recent_rows = 0;  // in `recent`
    uint64_t last_seq = 0;
  };
  // Merges the links into the project's identity map and makes new merges durable.
  Status ApplyLinks(Project* project, const std::vector<IdentityLink>& links);

  Catalog(Env* env, const CatalogOptions& options) : env_(env), options_(options) {}
  Status OpenProjectLocked(const ProjectInfo& info);
  // Removes the files and the remaining metadata of deleted projects (at open).
  Status PurgeDeletedProjects();
  Status LoadKeysLocked();
  Status FindLocked(int64_t id, Project** out) const;
  // NotFound unless the project exists.
  Status CheckProject(int64_t project_id) const;

  // Writes the gathered schema observations to meta.db: always when `force`, else when the last
  // write is a second old.
  Status WriteSchema(bool force);

  Env* const env_;
  const CatalogOptions options_;
  std::string stream_id_;  // RecentEvents::stream: random per open
  std::unique_ptr<MetaStore> meta_;

  std::mutex schema_mu_;  // guards pending_schema_ and last_schema_write_us_
  std::unordered_map<int64_t, SchemaDelta> pending_schema_;  // by project id
  int64_t last_schema_write_us_ = 0;
  std::mutex schema_write_mu_;  // one writer of pending observations at a time

  mutable std::shared_mutex mu_;  // guards the maps below and closed_
  std::unordered_map<int64_t, std::unique_ptr<Project>> projects_;
  // Deleted since the open: kept until Close for the requests that found them before.
  std::vector<std::unique_ptr<Project>> retired_;
  std::unordered_map<std::string, ApiKeyInfo> keys_;
  bool closed_ = false;
};

// "<data-dir>/projects/<id>/events"
std::string ProjectStoreDir(std::string_view data_dir, int64_t project_id);
// "<data-dir>/projects/<id>/identity"
std::string ProjectIdentityDir(std::string_view data_dir, int64_t project_id);

}  // namespace growloop
