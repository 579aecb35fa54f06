// The decoded-event cache of the query engine: a query decodes only the days it reads (wau and
// compare reach back further), the cache keeps at most its byte budget, and answers do not
// depend on what was cached or evicted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "common/time_zone.h"
#include "query/query_engine.h"
#include "test_util.h"

namespace growloop {
namespace {

using nlohmann::json;

class QueryCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CatalogOptions o;
    o.data_dir = dir_.path();
    o.store.background_compaction = false;
    ASSERT_TRUE(Catalog::Open(Env::Default(), o, &catalog_).ok());
    ProjectInfo p;
    ASSERT_TRUE(catalog_->FindProject("default", &p).ok());
    project_ = p.id;
    // Ten days from 2026-01-01: each day two persons of its own and "regular", who comes every
    // day, each with three events.
    int32_t day0 = 0;
    ASSERT_TRUE(ParseCivilDate("2026-01-01", &day0).ok());
    EventBatch batch;
    int n = 0;
    for (int d = 0; d < 10; ++d) {
      for (const std::string& who :
           {"d" + std::to_string(d) + "a", "d" + std::to_string(d) + "b", std::string("regular")}) {
        for (int k = 0; k < 3; ++k) {
          const int64_t ts = (day0 + d) * kMicrosPerDay + (10 + k) * kMicrosPerHour;
          batch.BeginRow("e" + std::to_string(n++), ts, ts, who, "", "app_open");
          batch.EndRow();
        }
      }
    }
    AppendResult result;
    ASSERT_TRUE(catalog_->Ingest(project_, std::move(batch), &result).ok());
    EventStore* store = nullptr;
    ASSERT_TRUE(catalog_->GetStore(project_, &store).ok());
    ASSERT_TRUE(store->Flush().ok());  // one segment per day
  }

  json Ask(QueryEngine* engine, const json& body) {
    json answer;
    std::string field;
    Status s = engine->Run(project_, "trends", body, &answer, &field, nullptr,
                           /*use_cache=*/false);
    EXPECT_TRUE(s.ok()) << s.ToString() << " " << field;
    answer.erase("stats");
    return answer;
  }

  testing::TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
  int64_t project_ = 0;
};

const json kTwoDays = {{"from", "2026-01-03"},
                       {"to", "2026-01-04"},
                       {"series", {{{"event", "app_open"}, {"math", "unique_persons"}}}}};
const json kWau = {{"from", "2026-01-09"},
                   {"to", "2026-01-10"},
                   {"series", {{{"event", "$all"}, {"math", "wau"}}}}};
const json kAll = {{"from", "2026-01-01"},
                   {"to", "2026-01-10"},
                   {"series", {{{"event", "app_open"}}}},
                   {"interval", "all"}};

TEST_F(QueryCacheTest, AQueryDecodesOnlyTheDaysItReads) {
  QueryEngine engine(catalog_.get(), QueryEngineOptions{});
  EXPECT_EQ(Ask(&engine, kTwoDays)["series"][0]["values"], json({3, 3}));
  EXPECT_EQ(engine.cache_stats(project_).segments, 2u);
  // wau on Jan 9 counts Jan 3..9: 7 days of two persons, and the regular.
  EXPECT_EQ(Ask(&engine, kWau)["series"][0]["values"], json({15, 15}));
  EXPECT_EQ(engine.cache_stats(project_).segments, 10u);
  EXPECT_EQ(Ask(&engine, kAll)["series"][0]["values"], json({90}));
  // Comparing with the previous period reads it too: Jan 1..2 against Jan 3..4.
  json compare = kTwoDays;
  compare["compare"] = true;
  const json answer = Ask(&engine, compare);
  ASSERT_EQ(answer["series"].size(), 2u);
  EXPECT_EQ(answer["series"][1]["values"], json({3, 3}));
  EXPECT_EQ(answer["previous_buckets"], json({"2026-01-01", "2026-01-02"}));
  EXPECT_EQ(engine.cache_stats(project_).evicted, 0u);
}

TEST_F(QueryCacheTest, TheCacheKeepsItsBudgetAndAnswersStayTheSame) {
  QueryEngine unbounded(catalog_.get(), QueryEngineOptions{});
  const json want_two = Ask(&unbounded, kTwoDays), want_wau = Ask(&unbounded, kWau),
             want_all = Ask(&unbounded, kAll);
  const size_t all_bytes = unbounded.cache_stats(project_).bytes;
  ASSERT_GT(all_bytes, 0u);

  for (size_t budget : {size_t{0}, all_bytes / 3}) {
    SCOPED_TRACE("budget " + std::to_string(budget));
    QueryEngineOptions o;
    o.cache_bytes = budget;
    QueryEngine engine(catalog_.get(), o);
    for (int round = 0; round < 2; ++round) {
      EXPECT_EQ(Ask(&engine, kAll), want_all);
      EXPECT_LE(engine.cache_stats(project_).bytes, budget);
      EXPECT_EQ(Ask(&engine, kWau), want_wau);
      EXPECT_EQ(Ask(&engine, kTwoDays), want_two);
      EXPECT_LE(engine.cache_stats(project_).bytes, budget);
    }
    EXPECT_GT(engine.cache_stats(project_).evicted, 0u);
    if (budget > 0) {
      // What stays is what was used last: the two days of the last query.
      EXPECT_GE(engine.cache_stats(project_).segments, 2u);
    }
  }
}

}  // namespace
}  // namespace growloop
