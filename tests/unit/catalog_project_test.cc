#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/catalog.h"
#include "test_util.h"

namespace growloop {
namespace {

using testing::TempDir;

constexpr int64_t kTs = 1'709'251'200'000'000;  // 2024-03-01T00:00:00Z

EventBatch Batch(std::initializer_list<const char*> ids, const char* event) {
  EventBatch b;
  int64_t offset = 0;
  for (const char* id : ids) {
    b.BeginRow(id, kTs + offset, kTs + offset, "user", "", event);
    b.EndRow();
    offset += 1000;
  }
  return b;
}

CatalogOptions Options(const std::string& dir) {
  CatalogOptions o;
  o.data_dir = dir;
  o.store.background_compaction = false;
  return o;
}

TEST(Catalog, FreshDirectoryHasDefaultProjectWithItsStore) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  auto projects = catalog->ListProjects();
  ASSERT_EQ(projects.size(), 1u);
  EXPECT_EQ(projects[0].name, "default");
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/meta.db"));
  EXPECT_TRUE(std::filesystem::is_directory(ProjectStoreDir(dir.path(), projects[0].id)));
  EventStore* store = nullptr;
  EXPECT_TRUE(catalog->GetStore(projects[0].id, &store).ok());
  EXPECT_NE(store, nullptr);
}

TEST(Catalog, WriteKeyFindsItsProject) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  ProjectInfo shop;
  ASSERT_TRUE(catalog->CreateProject("shop", "Europe/Berlin", &shop).ok());
  std::vector<ApiKeyInfo> keys;
  ASSERT_TRUE(catalog->ListApiKeys(shop.id, &keys).ok());
  ASSERT_EQ(keys.size(), 2u);
  for (const ApiKeyInfo& k : keys) {
    ApiKeyInfo found;
    ProjectInfo project;
    ASSERT_TRUE(catalog->Authenticate(k.key, &found, &project).ok());
    EXPECT_EQ(project.name, "shop");
    EXPECT_EQ(found.kind, k.kind);
  }
  EXPECT_EQ(catalog->Authenticate("glw_nope", nullptr, nullptr).code(),
            ErrorCode::kUnauthenticated);
}

TEST(Catalog, FindProjectByNameOrId) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  ProjectInfo shop, found;
  ASSERT_TRUE(catalog->CreateProject("shop", "UTC", &shop).ok());
  ASSERT_TRUE(catalog->FindProject("shop", &found).ok());
  EXPECT_EQ(found.id, shop.id);
  ASSERT_TRUE(catalog->FindProject(std::to_string(shop.id), &found).ok());
  EXPECT_EQ(found.name, "shop");
  Status s = catalog->FindProject("nope", &found);
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_NE(s.message().find("nope"), std::string::npos);
  EXPECT_EQ(catalog->FindProject("999", &found).code(), ErrorCode::kNotFound);
  EXPECT_EQ(catalog->CreateProject("shop", "UTC", &found).code(), ErrorCode::kAlreadyExists);
}

TEST(Catalog, IngestStoresEventsAndRecordsSchema) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  ProjectInfo p;
  ASSERT_TRUE(catalog->FindProject("default", &p).ok());
  AppendResult result;
  ASSERT_TRUE(catalog->Ingest(p.id, Batch({"a", "b"}, "pageview"), &result).ok());
  EXPECT_EQ(result.accepted, 2u);
  StoreStats stats;
  ASSERT_TRUE(catalog->Stats(p.id, true, &stats).ok());
  EXPECT_EQ(stats.events, 2u);
  std::vector<SchemaEventInfo> schema;
  ASSERT_TRUE(catalog->Schema(p.id, &schema).ok());
  ASSERT_EQ(schema.size(), 1u);
  EXPECT_EQ(schema[0].seen.volume, 2u);

  // A batch of duplicates only changes neither the store nor the registry.
  ASSERT_TRUE(catalog->Ingest(p.id, Batch({"a", "b"}, "pageview"), &result).ok());
  EXPECT_EQ(result.accepted, 0u);
  EXPECT_EQ(result.duplicates, 2u);
  ASSERT_TRUE(catalog->Schema(p.id, &schema).ok());
  EXPECT_EQ(schema[0].seen.volume, 2u);

  // A batch mixing a duplicate and a new event counts only the new one.
  ASSERT_TRUE(catalog->Ingest(p.id, Batch({"b", "c"}, "pageview"), &result).ok());
  EXPECT_EQ(result.accepted, 1u);
  ASSERT_TRUE(catalog->Schema(p.id, &schema).ok());
  EXPECT_EQ(schema[0].seen.volume, 3u);
}

TEST(Catalog, ProjectsKeepTheirEventsApart) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  ProjectInfo def, shop;
  ASSERT_TRUE(catalog->FindProject("default", &def).ok());
  ASSERT_TRUE(catalog->CreateProject("shop", "UTC", &shop).ok());
  AppendResult result;
  ASSERT_TRUE(catalog->Ingest(shop.id, Batch({"x", "y", "z"}, "buy"), &result).ok());
  StoreStats stats;
  ASSERT_TRUE(catalog->Stats(def.id, false, &stats).ok());
  EXPECT_EQ(stats.events, 0u);
  ASSERT_TRUE(catalog->Stats(shop.id, false, &stats).ok());
  EXPECT_EQ(stats.events, 3u);
  EXPECT_EQ(catalog->Ingest(12345, Batch({"q"}, "buy"), &result).code(), ErrorCode::kNotFound);
}

TEST(Catalog, ReopenKeepsProjectsEventsAndKeys) {
  TempDir dir;
  std::string write_key;
  {
    std::unique_ptr<Catalog> catalog;
    ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
    ProjectInfo shop;
    ASSERT_TRUE(catalog->CreateProject("shop", "UTC", &shop).ok());
    AppendResult result;
    ASSERT_TRUE(catalog->Ingest(shop.id, Batch({"x", "y"}, "buy"), &result).ok());
    std::vector<ApiKeyInfo> keys;
    ASSERT_TRUE(catalog->ListApiKeys(shop.id, &keys).ok());
    write_key = keys[0].key;
    ASSERT_TRUE(catalog->Close().ok());
  }
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  ProjectInfo shop;
  ASSERT_TRUE(catalog->Authenticate(write_key, nullptr, &shop).ok());
  EXPECT_EQ(shop.name, "shop");
  StoreStats stats;
  ASSERT_TRUE(catalog->Stats(shop.id, false, &stats).ok());
  EXPECT_EQ(stats.events, 2u);
}

TEST(Catalog, ClosedCatalogIsUnavailable) {
  TempDir dir;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  ASSERT_TRUE(catalog->Close().ok());
  StoreStats stats;
  EXPECT_EQ(catalog->Stats(1, false, &stats).code(), ErrorCode::kUnavailable);
}

TEST(Catalog, ADeletedProjectsFilesAndMetadataGoAtTheNextOpen) {
  TempDir dir;
  int64_t shop_id = 0;
  std::string shop_dir;
  {
    std::unique_ptr<Catalog> catalog;
    ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
    ProjectInfo shop;
    ASSERT_TRUE(catalog->CreateProject("shop", "UTC", &shop).ok());
    shop_id = shop.id;
    AppendResult result;
    ASSERT_TRUE(catalog->Ingest(shop.id, Batch({"a", "b"}, "view"), &result).ok());
    ProjectSetting setting{"console.kpi", "{}", 0};
    ASSERT_TRUE(catalog->PutSetting(shop.id, &setting).ok());
    shop_dir = dir.Sub("projects/" + std::to_string(shop.id));
    ASSERT_TRUE(std::filesystem::exists(shop_dir));

    ProjectInfo deleted;
    ASSERT_TRUE(catalog->DeleteProject(shop.id, &deleted).ok());
    EXPECT_EQ(deleted.name, "shop");
    ProjectInfo found;
    EXPECT_EQ(catalog->FindProject("shop", &found).code(), ErrorCode::kNotFound);
    EXPECT_EQ(catalog->Ingest(shop.id, Batch({"c"}, "view"), &result).code(), ErrorCode::kNotFound);
    EXPECT_EQ(catalog->ListProjects().size(), 1u);
    // Until the next open the files stay, unreachable.
    EXPECT_TRUE(std::filesystem::exists(shop_dir));
    ProjectInfo def;
    ASSERT_TRUE(catalog->FindProject("default", &def).ok());
    EXPECT_EQ(catalog->DeleteProject(def.id, nullptr).code(), ErrorCode::kFailedPrecondition);
  }
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), Options(dir.path()), &catalog).ok());
  EXPECT_FALSE(std::filesystem::exists(shop_dir));
  EXPECT_EQ(catalog->ListProjects().size(), 1u);
  // A new project of the name gets a new id and nothing of the old one.
  ProjectInfo again;
  ASSERT_TRUE(catalog->CreateProject("shop", "UTC", &again).ok());
  EXPECT_GT(again.id, shop_id);
  std::vector<ProjectSetting> settings;
  ASSERT_TRUE(catalog->ListSettings(again.id, &settings).ok());
  EXPECT_TRUE(settings.empty());
  StoreStats stats;
  ASSERT_TRUE(catalog->Stats(again.id, false, &stats).ok());
  EXPECT_EQ(stats.events, 0u);
}

}  // namespace
}  // namespace growloop
