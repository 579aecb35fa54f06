// The decoded-event cache of the query engine: a query decodes only the days it reads (wau and
// compare reach back further), the cache keeps at most its byte budget, and answers do not
// depend on what was cached or evicted.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "catalog/catalog.h"
#include "common/time_zone.h"
#include "query/query_data.h"
#include "query/query_engine.h"
#include "test_util.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using nlohmann::json;

class QueryCacheTest : public testing::QueryTestBase {
 protected:
  void SetUp() override {
    QueryTestBase::SetUp();
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

// A segment that fails to decode fails the query that reads it, and leaves the cache usable.
TEST_F(QueryCacheTest, ASegmentThatFailsToDecodeLeavesTheCacheWhole) {
  QueryEngine engine(catalog_.get(), QueryEngineOptions{});
  const json want = Ask(&engine, kTwoDays);  // caches Jan 3 and 4
  // Overwrite the middle of every other segment file (the readers read them again).
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.path())) {
    if (e.is_regular_file() && e.path().string().find("/segments/") != std::string::npos) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 10u);
  for (size_t i : {0, 6, 8}) {
    std::fstream f(files[i], std::ios::in | std::ios::out | std::ios::binary);
    const auto size = std::filesystem::file_size(files[i]);
    f.seekp(static_cast<std::streamoff>(size / 3));
    const std::string junk(static_cast<size_t>(size / 3), '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  json answer;
  std::string field;
  Status s = engine.Run(project_, "trends", kAll, &answer, &field, nullptr, false);
  EXPECT_FALSE(s.ok());
  // The days decoded before are still there and still answer.
  EXPECT_EQ(Ask(&engine, kTwoDays), want);
}

// Events still in memory: sorted once into chunks and kept while the memory tables hold the
// same batches; a later append sorts only itself, and the answers are those of a fresh engine.
TEST(QueryMemoryChunks, AppendsSortOnlyThemselvesAndAnswersStayTheSame) {
  testing::TempDir dir;
  CatalogOptions o;
  o.data_dir = dir.path();
  o.store.background_compaction = false;
  std::unique_ptr<Catalog> catalog;
  ASSERT_TRUE(Catalog::Open(Env::Default(), o, &catalog).ok());
  ProjectInfo p;
  ASSERT_TRUE(catalog->FindProject("default", &p).ok());
  int32_t day0 = 0;
  ASSERT_TRUE(ParseCivilDate("2026-01-01", &day0).ok());
  int n = 0;
  auto ingest = [&](const std::vector<std::tuple<std::string, int, std::string>>& rows) {
    EventBatch batch;
    for (const auto& [who, hour, event] : rows) {
      const int64_t ts = day0 * kMicrosPerDay + hour * kMicrosPerHour;
      batch.BeginRow("m" + std::to_string(n++), ts, ts, who, "", event);
      batch.EndRow();
    }
    AppendResult result;
    ASSERT_TRUE(catalog->Ingest(p.id, std::move(batch), &result).ok());
  };
  std::vector<std::tuple<std::string, int, std::string>> first;
  for (int i = 0; i < 30; ++i) {
    for (const char* e : {"app_open", "view_item", "add_to_cart"}) {
      first.emplace_back("u" + std::to_string(i), 8 + i % 10, e);
    }
  }
  ingest(first);
  const json funnel = {{"from", "2026-01-01"},
                       {"to", "2026-01-01"},
                       {"window_seconds", 86400},
                       {"steps", {{{"event", "app_open"}}, {{"event", "purchase"}}}}};
  auto ask = [&](QueryEngine* engine, QueryData::CacheStats* stats) {
    json answer;
    std::string field;
    EXPECT_TRUE(engine->Run(p.id, "funnel", funnel, &answer, &field, nullptr, false).ok());
    if (stats) *stats = engine->cache_stats(p.id);
    answer.erase("stats");
    return answer;
  };
  QueryEngine engine(catalog.get(), QueryEngineOptions{});
  QueryData::CacheStats stats;
  EXPECT_EQ(ask(&engine, &stats)["steps"][1]["persons"], 0);
  EXPECT_EQ(stats.memory_groups, 1u);
  EXPECT_EQ(stats.memory_sorted, 90u);
  ask(&engine, &stats);
  EXPECT_EQ(stats.memory_sorted, 90u);  // nothing new: nothing sorted

  // Two buyers among the first persons, in a batch of their own.
  ingest({{"u3", 20, "purchase"}, {"u7", 21, "purchase"}});
  const json answer = ask(&engine, &stats);
  EXPECT_EQ(stats.memory_groups, 2u);
  EXPECT_EQ(stats.memory_sorted, 92u);
  EXPECT_EQ(answer["steps"][1]["persons"], 2);
  QueryEngine fresh(catalog.get(), QueryEngineOptions{});
  EXPECT_EQ(ask(&fresh, nullptr), answer);

  // Once flushed, the events come from a segment; the answer is the same.
  EventStore* store = nullptr;
  ASSERT_TRUE(catalog->GetStore(p.id, &store).ok());
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_EQ(ask(&engine, &stats), answer);
  EXPECT_EQ(stats.memory_groups, 0u);
}

// Person slots: numbered in distinct-id order when the table is built (the order of the runs of
// every segment, so that day scans walk per-person state forwards); new persons take the next
// slots; every qid maps to a slot that maps back to it.
TEST_F(QueryCacheTest, PersonSlotsFollowDistinctIdOrderAndNewPersonsAppend) {
  EventStore* store = nullptr;
  ASSERT_TRUE(catalog_->GetStore(project_, &store).ok());
  QueryData data(store, nullptr, size_t{1} << 30);
  DataView view;
  ASSERT_TRUE(data.Acquire(2, DayWindow{}, &view).ok());
  auto check = [&](size_t sorted) {
    const std::vector<uint32_t>& slots = *view.slot_qids;
    ASSERT_EQ(slots.size(), view.persons->size());  // no merges: one person per id
    for (uint32_t q = 0; q < view.persons->size(); ++q) EXPECT_EQ(slots[(*view.persons)[q]], q);
    for (size_t s = 1; s < sorted; ++s) {
      EXPECT_LT(data.DistinctId(slots[s - 1]), data.DistinctId(slots[s])) << s;
    }
  };
  ASSERT_EQ(view.person_slots(), 21u);
  check(21);
  EXPECT_EQ(data.DistinctId((*view.slot_qids)[0]), "d0a");
  EXPECT_EQ(data.DistinctId((*view.slot_qids)[20]), "regular");

  // Two new persons ("a" sorts first) take slots 21 and 22, in the order they were seen.
  EventBatch batch;
  int32_t day0 = 0;
  ASSERT_TRUE(ParseCivilDate("2026-01-01", &day0).ok());
  const int64_t ts = day0 * kMicrosPerDay + 20 * kMicrosPerHour;
  batch.BeginRow("n1", ts, ts, "zz", "", "app_open");
  batch.EndRow();
  batch.BeginRow("n2", ts, ts, "a", "", "app_open");
  batch.EndRow();
  AppendResult result;
  ASSERT_TRUE(catalog_->Ingest(project_, std::move(batch), &result).ok());
  ASSERT_TRUE(data.Acquire(2, DayWindow{}, &view).ok());
  ASSERT_EQ(view.person_slots(), 23u);
  check(21);
  std::vector<std::string> added = {data.DistinctId((*view.slot_qids)[21]),
                                    data.DistinctId((*view.slot_qids)[22])};
  std::sort(added.begin(), added.end());
  EXPECT_EQ(added, (std::vector<std::string>{"a", "zz"}));
}

}  // namespace
}  // namespace growloop
