#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "meta/api_key.h"
#include "meta/meta_store.h"
#include "meta/sqlite_db.h"
#include "test_util.h"

namespace growloop {
namespace {

using testing::TempDir;

constexpr int64_t kDay = 86'400'000'000;

void AddRow(EventBatch* b, const std::string& id, int64_t ts, const std::string& event) {
  b->BeginRow(id, ts, ts, "user-1", "", event);
}

TEST(MetaStore, FreshFileHasDefaultProjectWithWriteAndSecretKeys) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  std::vector<ProjectInfo> projects;
  ASSERT_TRUE(meta->ListProjects(&projects).ok());
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].name, "default");
  EXPECT_EQ(projects[0].time_zone, "UTC");
  EXPECT_GT(projects[0].created_us, 0);

  std::vector<ApiKeyInfo> keys;
  ASSERT_TRUE(meta->ListApiKeys(projects[0].id, &keys).ok());
  ASSERT_EQ(keys.size(), 2u);
  std::set<std::string> kinds;
  for (const auto& k : keys) {
    kinds.insert(std::string(ApiKeyKindName(k.kind)));
    EXPECT_TRUE(LooksLikeApiKey(k.key)) << k.key;
    ApiKeyInfo found;
    ASSERT_TRUE(meta->LookupApiKey(k.key, &found).ok());
    EXPECT_EQ(found.project_id, projects[0].id);
    EXPECT_EQ(found.kind, k.kind);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"secret", "write"}));
}

TEST(MetaStore, ReopeningKeepsProjectsAndKeysAndAddsNoSecondDefault) {
  TempDir dir;
  std::vector<ApiKeyInfo> before;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
    ProjectInfo shop;
    ASSERT_TRUE(meta->CreateProject("shop", "Asia/Shanghai", &shop).ok());
    ASSERT_TRUE(meta->ListAllApiKeys(&before).ok());
  }
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  std::vector<ProjectInfo> projects;
  ASSERT_TRUE(meta->ListProjects(&projects).ok());
  ASSERT_EQ(projects.size(), 2u);
  EXPECT_EQ(projects[1].name, "shop");
  EXPECT_EQ(projects[1].time_zone, "Asia/Shanghai");
  std::vector<ApiKeyInfo> after;
  ASSERT_TRUE(meta->ListAllApiKeys(&after).ok());
  ASSERT_EQ(after.size(), 4u);
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].key, before[i].key);
}

TEST(MetaStore, DuplicateProjectNameIsAlreadyExists) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo p;
  Status s = meta->CreateProject("default", "UTC", &p);
  EXPECT_EQ(s.code(), ErrorCode::kAlreadyExists);
}

TEST(MetaStore, BadProjectNameOrTimeZoneNamesTheField) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo p;
  Status s = meta->CreateProject("has space", "UTC", &p);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("name:", 0), 0u) << s.message();
  s = meta->CreateProject("12345", "UTC", &p);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  s = meta->CreateProject("ok", "Mars/Olympus_Mons", &p);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("time_zone:", 0), 0u) << s.message();
  s = meta->CreateProject("ok", "../etc/passwd", &p);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
}

TEST(MetaStore, UnknownOrMalformedKeyIsUnauthenticated) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ApiKeyInfo info;
  EXPECT_EQ(meta->LookupApiKey("nonsense", &info).code(), ErrorCode::kUnauthenticated);
  std::string fresh;
  ASSERT_TRUE(GenerateApiKey(ApiKeyKind::kWrite, &fresh).ok());
  EXPECT_EQ(meta->LookupApiKey(fresh, &info).code(), ErrorCode::kUnauthenticated);
}

TEST(MetaStore, SettingsArePerProjectReplacedWholeAndKeptAcrossReopen) {
  TempDir dir;
  int64_t other_id = 0, default_id = 0;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
    ProjectInfo other, def;
    ASSERT_TRUE(meta->CreateProject("shop", "UTC", &other).ok());
    ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
    other_id = other.id;
    default_id = def.id;
    ProjectSetting a{"console.kpi", R"({"x":1})", 0};
    ASSERT_TRUE(meta->PutSetting(default_id, &a).ok());
    EXPECT_GT(a.updated_us, 0);
    ProjectSetting b{"console.kpi", R"({"x":2})", 0};
    ASSERT_TRUE(meta->PutSetting(other_id, &b).ok());
    ProjectSetting c{"console.kpi", R"({"y":3})", 0};
    ASSERT_TRUE(meta->PutSetting(default_id, &c).ok());  // replaces a
    ProjectSetting d{"0-first", "{}", 0};
    ASSERT_TRUE(meta->PutSetting(default_id, &d).ok());
  }
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectSetting got;
  ASSERT_TRUE(meta->GetSetting(default_id, "console.kpi", &got).ok());
  EXPECT_EQ(got.value, R"({"y":3})");
  ASSERT_TRUE(meta->GetSetting(other_id, "console.kpi", &got).ok());
  EXPECT_EQ(got.value, R"({"x":2})");
  std::vector<ProjectSetting> all;
  ASSERT_TRUE(meta->ListSettings(default_id, &all).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "0-first");
  EXPECT_EQ(all[1].name, "console.kpi");
  ASSERT_TRUE(meta->DeleteSetting(default_id, "console.kpi").ok());
  EXPECT_EQ(meta->GetSetting(default_id, "console.kpi", &got).code(), ErrorCode::kNotFound);
  EXPECT_EQ(meta->DeleteSetting(default_id, "console.kpi").code(), ErrorCode::kNotFound);
  ASSERT_TRUE(meta->GetSetting(other_id, "console.kpi", &got).ok());
}

TEST(MetaStore, AVersion4FileGetsTheSettingsTableOnOpen) {
  TempDir dir;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  }
  {
    // What a version-4 build left: no settings table.
    std::unique_ptr<SqliteDb> db;
    ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
    ASSERT_TRUE(db->Exec("DROP TABLE project_settings; PRAGMA user_version = 4").ok());
  }
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo def;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  ProjectSetting s{"console.kpi", "{}", 0};
  EXPECT_TRUE(meta->PutSetting(def.id, &s).ok());
}

TEST(MetaStore, ConditionalSettingWritesCheckTheRevisionInTheirTransaction) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo def;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  using Kind = SettingPrecondition::Kind;
  ProjectSetting s{"console.kpi", R"({"v":1})", 0};
  EXPECT_EQ(meta->PutSetting(def.id, &s, {Kind::kExists, {}}).code(),
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(meta->PutSetting(def.id, &s, {Kind::kAbsent, {}}).ok());
  const int64_t first = s.updated_us;
  EXPECT_EQ(meta->PutSetting(def.id, &s, {Kind::kAbsent, {}}).code(),
            ErrorCode::kFailedPrecondition);
  // Revisions grow with every write, however close together.
  std::vector<int64_t> revisions = {first};
  for (int i = 0; i < 50; ++i) {
    ProjectSetting next{"console.kpi", R"({"v":2})", 0};
    ASSERT_TRUE(meta->PutSetting(def.id, &next, {Kind::kRevision, {revisions.back()}}).ok());
    EXPECT_GT(next.updated_us, revisions.back());
    revisions.push_back(next.updated_us);
  }
  ProjectSetting stale{"console.kpi", R"({"v":3})", 0};
  Status st = meta->PutSetting(def.id, &stale, {Kind::kRevision, {first}});
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(st.message().find(std::to_string(revisions.back())), std::string::npos) << st.message();
  ProjectSetting got;
  ASSERT_TRUE(meta->GetSetting(def.id, "console.kpi", &got).ok());
  EXPECT_EQ(got.value, R"({"v":2})");
  EXPECT_EQ(got.updated_us, revisions.back());
  EXPECT_EQ(meta->DeleteSetting(def.id, "console.kpi", {Kind::kRevision, {first}}).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(
      meta->DeleteSetting(def.id, "console.kpi", {Kind::kRevision, {first, revisions.back()}})
          .ok());
  EXPECT_EQ(meta->GetSetting(def.id, "console.kpi", &got).code(), ErrorCode::kNotFound);
}

TEST(MetaStore, KeysGetIdsAndLabelsAndRevokedKeysOpenNothing) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo def, shop;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  ASSERT_TRUE(meta->CreateProject("shop", "UTC", &shop).ok());
  std::vector<ApiKeyInfo> keys;
  ASSERT_TRUE(meta->ListApiKeys(def.id, &keys).ok());
  ASSERT_EQ(keys.size(), 2u);
  const ApiKeyInfo first_secret = keys[1];
  EXPECT_EQ(first_secret.kind, ApiKeyKind::kSecret);

  ApiKeyInfo bi;
  ASSERT_TRUE(meta->CreateApiKey(def.id, ApiKeyKind::kSecret, "BI 报表", &bi).ok());
  EXPECT_GT(bi.id, first_secret.id);
  EXPECT_EQ(bi.label, "BI 报表");
  ASSERT_TRUE(meta->ListApiKeys(def.id, &keys).ok());
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[2].id, bi.id);
  EXPECT_EQ(keys[2].label, "BI 报表");

  // A key of another project is not found through this one.
  std::vector<ApiKeyInfo> shop_keys;
  ASSERT_TRUE(meta->ListApiKeys(shop.id, &shop_keys).ok());
  EXPECT_EQ(meta->RevokeApiKey(def.id, shop_keys[0].id, nullptr).code(), ErrorCode::kNotFound);

  ApiKeyInfo revoked;
  ASSERT_TRUE(meta->RevokeApiKey(def.id, first_secret.id, &revoked).ok());
  EXPECT_EQ(revoked.key, first_secret.key);
  EXPECT_GT(revoked.revoked_us, 0);
  ApiKeyInfo found;
  EXPECT_EQ(meta->LookupApiKey(first_secret.key, &found).code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(meta->RevokeApiKey(def.id, first_secret.id, nullptr).code(), ErrorCode::kNotFound);
  // The last secret key stays: without it the project could not be read with a key.
  EXPECT_EQ(meta->RevokeApiKey(def.id, bi.id, nullptr).code(), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(meta->LookupApiKey(bi.key, &found).ok());

  // A revoked key keeps its id: the next key gets a new one, also after a reopen.
  meta.reset();
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ApiKeyInfo next;
  ASSERT_TRUE(meta->CreateApiKey(def.id, ApiKeyKind::kWrite, "", &next).ok());
  std::vector<ApiKeyInfo> all;
  ASSERT_TRUE(meta->ListAllApiKeys(&all).ok());
  for (const ApiKeyInfo& k : all) {
    EXPECT_NE(k.key, first_secret.key);
    EXPECT_LT(k.id, next.id + 1);
  }
  EXPECT_GT(next.id, bi.id);
  ASSERT_TRUE(meta->ListApiKeys(def.id, &keys).ok());
  EXPECT_EQ(keys.size(), 3u);  // the first write key, the BI key, the new write key
}

TEST(MetaStore, ADeletedProjectFreesItsNameKeepsItsIdAndIsPurgedOnRequest) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo shop;
  ASSERT_TRUE(meta->CreateProject("shop", "UTC", &shop).ok());
  ProjectSetting setting{"console.kpi", "{}", 0};
  ASSERT_TRUE(meta->PutSetting(shop.id, &setting).ok());
  EXPECT_EQ(meta->PurgeDeletedProject(shop.id).code(), ErrorCode::kNotFound);  // not deleted
  ProjectInfo deleted;
  ASSERT_TRUE(meta->DeleteProject(shop.id, &deleted).ok());
  EXPECT_EQ(deleted.name, "shop");
  ProjectInfo found;
  EXPECT_EQ(meta->GetProject(shop.id, &found).code(), ErrorCode::kNotFound);
  EXPECT_EQ(meta->GetProjectByName("shop", &found).code(), ErrorCode::kNotFound);
  EXPECT_EQ(meta->DeleteProject(shop.id, nullptr).code(), ErrorCode::kNotFound);
  std::vector<int64_t> ids;
  ASSERT_TRUE(meta->ListDeletedProjects(&ids).ok());
  EXPECT_EQ(ids, std::vector<int64_t>{shop.id});
  ProjectSetting got;
  ASSERT_TRUE(meta->GetSetting(shop.id, "console.kpi", &got).ok());  // until purged
  ASSERT_TRUE(meta->PurgeDeletedProject(shop.id).ok());
  ASSERT_TRUE(meta->PurgeDeletedProject(shop.id).ok());  // again: a no-op
  EXPECT_EQ(meta->GetSetting(shop.id, "console.kpi", &got).code(), ErrorCode::kNotFound);
  ProjectInfo again;
  ASSERT_TRUE(meta->CreateProject("shop", "UTC", &again).ok());
  EXPECT_GT(again.id, shop.id);
  ProjectInfo def;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  EXPECT_EQ(meta->DeleteProject(def.id, nullptr).code(), ErrorCode::kFailedPrecondition);
}

TEST(MetaStore, ALayout6FileWithoutTheDeletionColumnGetsIt) {
  TempDir dir;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
    ProjectInfo shop;
    ASSERT_TRUE(meta->CreateProject("shop", "UTC", &shop).ok());
  }
  {
    std::unique_ptr<SqliteDb> db;
    ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
    ASSERT_TRUE(db->Exec("ALTER TABLE projects DROP COLUMN deleted_us").ok());
  }
  std::unique_ptr<MetaStore> meta;
  Status s = MetaStore::Open(Env::Default(), dir.path(), &meta);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ProjectInfo shop;
  ASSERT_TRUE(meta->GetProjectByName("shop", &shop).ok());
  ASSERT_TRUE(meta->DeleteProject(shop.id, nullptr).ok());
  std::vector<ProjectInfo> projects;
  ASSERT_TRUE(meta->ListProjects(&projects).ok());
  EXPECT_EQ(projects.size(), 1u);
}

TEST(MetaStore, BadKeyLabelNamesTheField) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo def;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  ApiKeyInfo k;
  Status s = meta->CreateApiKey(def.id, ApiKeyKind::kWrite, std::string(129, 'x'), &k);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("label:", 0), 0u) << s.message();
  s = meta->CreateApiKey(def.id, ApiKeyKind::kWrite, "tab\there", &k);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(meta->CreateApiKey(def.id, ApiKeyKind::kWrite, std::string(128, 'x'), &k).ok());
  EXPECT_EQ(meta->CreateApiKey(def.id + 99, ApiKeyKind::kWrite, "", &k).code(),
            ErrorCode::kNotFound);
}

TEST(MetaStore, AVersion5FileKeepsItsKeysWithIdsInCreationOrder) {
  TempDir dir;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  }
  {
    // The key table as a version-5 build left it, with three keys of two projects.
    std::unique_ptr<SqliteDb> db;
    ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
    ASSERT_TRUE(db->Exec(R"sql(
      DROP TABLE api_keys;
      ALTER TABLE projects DROP COLUMN deleted_us;
      INSERT INTO projects (id, name, time_zone, created_us) VALUES (7, 'shop', 'UTC', 1);
      CREATE TABLE api_keys (
        key TEXT PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('write', 'secret')),
        created_us INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX api_keys_by_project ON api_keys(project_id);
      INSERT INTO api_keys VALUES ('gls_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', 1, 'secret', 20);
      INSERT INTO api_keys VALUES ('glw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 1, 'write', 10);
      INSERT INTO api_keys VALUES ('glw_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC', 7, 'write', 30);
      PRAGMA user_version = 5;
    )sql")
                    .ok());
  }
  std::unique_ptr<MetaStore> meta;
  Status s = MetaStore::Open(Env::Default(), dir.path(), &meta);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::vector<ApiKeyInfo> all;
  ASSERT_TRUE(meta->ListAllApiKeys(&all).ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].key, "glw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(all[0].id, 1);
  EXPECT_EQ(all[1].key, "gls_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
  EXPECT_EQ(all[1].id, 2);
  EXPECT_EQ(all[2].project_id, 7);
  EXPECT_EQ(all[2].id, 3);
  EXPECT_EQ(all[2].label, "");
  ApiKeyInfo found;
  ASSERT_TRUE(meta->LookupApiKey("gls_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", &found).ok());
  EXPECT_EQ(found.kind, ApiKeyKind::kSecret);
  ApiKeyInfo fresh;
  ASSERT_TRUE(meta->CreateApiKey(7, ApiKeyKind::kSecret, "new", &fresh).ok());
  EXPECT_EQ(fresh.id, 4);
  // The projects table got its deletion time.
  ASSERT_TRUE(meta->DeleteProject(7, nullptr).ok());
  std::vector<ProjectInfo> projects;
  ASSERT_TRUE(meta->ListProjects(&projects).ok());
  EXPECT_EQ(projects.size(), 1u);
  EXPECT_EQ(meta->LookupApiKey("glw_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", &found).code(),
            ErrorCode::kUnauthenticated);
}

TEST(MetaStore, BadSettingNameOrValueNamesTheField) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo def;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  for (const std::string& name : std::vector<std::string>{"", "Upper", "-lead", ".lead", "sp ace",
                                                          "slash/x", std::string(65, 'a')}) {
    ProjectSetting s{name, "{}", 0};
    const Status st = meta->PutSetting(def.id, &s);
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument) << name;
    EXPECT_EQ(st.message().rfind("name: ", 0), 0u) << st.message();
  }
  for (const std::string& value :
       std::vector<std::string>{"[]", "3", "\"text\"", "null", "{unquoted: 1}",
                                "{\"t\":\"" + std::string(kMaxSettingBytes, 'x') + "\"}"}) {
    ProjectSetting s{"ok", value, 0};
    const Status st = meta->PutSetting(def.id, &s);
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument) << value.substr(0, 20);
    EXPECT_EQ(st.message().rfind("value: ", 0), 0u) << st.message();
  }
  std::vector<ProjectSetting> all;
  ASSERT_TRUE(meta->ListSettings(def.id, &all).ok());
  EXPECT_TRUE(all.empty());
}

TEST(ApiKey, KeysHavePrefixAndAreDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string w, s;
    ASSERT_TRUE(GenerateApiKey(ApiKeyKind::kWrite, &w).ok());
    ASSERT_TRUE(GenerateApiKey(ApiKeyKind::kSecret, &s).ok());
    EXPECT_EQ(w.substr(0, 4), "glw_");
    EXPECT_EQ(s.substr(0, 4), "gls_");
    EXPECT_TRUE(LooksLikeApiKey(w));
    EXPECT_TRUE(seen.insert(w).second);
    EXPECT_TRUE(seen.insert(s).second);
  }
  EXPECT_FALSE(LooksLikeApiKey("glw_short"));
  EXPECT_FALSE(LooksLikeApiKey("xxx_0123456789abcdef0123456789abcdef"));
}

TEST(SchemaRegistry, RecordsFirstLastSeenAndVolumesAcrossBatches) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo project;
  ASSERT_TRUE(meta->GetProjectByName("default", &project).ok());

  EventBatch first;
  size_t plan = first.PropertyIndex("plan", ValueType::kString);
  size_t price = first.PropertyIndex("price", ValueType::kNumber);
  AddRow(&first, "a", 10 * kDay, "signup");
  first.SetString(plan, "pro");
  first.EndRow();
  AddRow(&first, "b", 12 * kDay, "purchase");
  first.SetNumber(price, 9.5);
  first.EndRow();
  AddRow(&first, "c", 11 * kDay, "purchase");
  first.SetNumber(price, 3);
  first.EndRow();
  AddRow(&first, "d", 13 * kDay, "purchase");  // no price
  first.EndRow();
  ASSERT_TRUE(meta->RecordSchema(project.id, first).ok());

  EventBatch second;
  size_t price_str = second.PropertyIndex("price", ValueType::kString);
  AddRow(&second, "e", 5 * kDay, "purchase");
  second.SetString(price_str, "free");
  second.EndRow();
  ASSERT_TRUE(meta->RecordSchema(project.id, second).ok());

  std::vector<SchemaEventInfo> schema;
  ASSERT_TRUE(meta->GetSchema(project.id, &schema).ok());
  ASSERT_EQ(schema.size(), 2u);
  const SchemaEventInfo& purchase = schema[0];
  EXPECT_EQ(purchase.name, "purchase");
  EXPECT_EQ(purchase.seen.volume, 4u);
  EXPECT_EQ(purchase.seen.first_seen_us, 5 * kDay);
  EXPECT_EQ(purchase.seen.last_seen_us, 13 * kDay);
  // price as number and as string, ordered by type name
  ASSERT_EQ(purchase.properties.size(), 2u);
  EXPECT_EQ(purchase.properties[0].name, "price");
  EXPECT_EQ(purchase.properties[0].type, ValueType::kNumber);
  EXPECT_EQ(purchase.properties[0].seen.volume, 2u);
  EXPECT_EQ(purchase.properties[0].seen.first_seen_us, 11 * kDay);
  EXPECT_EQ(purchase.properties[0].seen.last_seen_us, 12 * kDay);
  EXPECT_EQ(purchase.properties[1].type, ValueType::kString);
  EXPECT_EQ(purchase.properties[1].seen.volume, 1u);
  EXPECT_EQ(purchase.properties[1].seen.first_seen_us, 5 * kDay);

  const SchemaEventInfo& signup = schema[1];
  EXPECT_EQ(signup.name, "signup");
  EXPECT_EQ(signup.seen.volume, 1u);
  ASSERT_EQ(signup.properties.size(), 1u);
  EXPECT_EQ(signup.properties[0].name, "plan");
  EXPECT_EQ(signup.properties[0].seen.first_seen_us, 10 * kDay);
}

TEST(SchemaRegistry, ProjectsHaveSeparateRegistries) {
  TempDir dir;
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo def, other;
  ASSERT_TRUE(meta->GetProjectByName("default", &def).ok());
  ASSERT_TRUE(meta->CreateProject("other", "UTC", &other).ok());
  EventBatch b;
  AddRow(&b, "a", kDay, "pageview");
  b.EndRow();
  ASSERT_TRUE(meta->RecordSchema(other.id, b).ok());
  std::vector<SchemaEventInfo> schema;
  ASSERT_TRUE(meta->GetSchema(def.id, &schema).ok());
  EXPECT_TRUE(schema.empty());
  ASSERT_TRUE(meta->GetSchema(other.id, &schema).ok());
  ASSERT_EQ(schema.size(), 1u);
  EXPECT_EQ(schema[0].name, "pageview");
}

}  // namespace
}  // namespace growloop
