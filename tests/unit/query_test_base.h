// What the query tests start from: a catalog in a fresh directory (background compaction off,
// so segments change only when a test flushes), its default project, and a query engine over it.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "catalog/catalog.h"
#include "query/query_engine.h"
#include "test_util.h"

namespace growloop::testing {

class QueryTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    CatalogOptions o;
    o.data_dir = dir_.path();
    o.store.background_compaction = false;
    ASSERT_TRUE(Catalog::Open(Env::Default(), o, &catalog_).ok());
    ProjectInfo p;
    ASSERT_TRUE(catalog_->FindProject("default", &p).ok());
    project_ = p.id;
    engine_ = std::make_unique<QueryEngine>(catalog_.get(), QueryEngineOptions{});
  }

  TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
  int64_t project_ = 0;
  std::unique_ptr<QueryEngine> engine_;
};

}  // namespace growloop::testing
