// The streaming funnel over a day stored in several segments: a range that ends inside the day
// leaves one of the day's segments out, while the day's rows of persons with runs in several
// segments still come from all of them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "common/time_zone.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using nlohmann::json;

class QueryFunnelTest : public testing::QueryTestBase {
 protected:
  // Events of (person, event, hour of 2026-01-05) stored as one segment of their own.
  void Store(const std::vector<std::tuple<std::string, std::string, int>>& events) {
    int32_t day = 0;
    ASSERT_TRUE(ParseCivilDate("2026-01-05", &day).ok());
    EventBatch batch;
    for (const auto& [who, event, hour] : events) {
      const int64_t ts = day * kMicrosPerDay + hour * kMicrosPerHour;
      batch.BeginRow("e" + std::to_string(next_id_++), ts, ts, who, "", event);
      batch.EndRow();
    }
    AppendResult result;
    ASSERT_TRUE(catalog_->Ingest(project_, std::move(batch), &result).ok());
    EventStore* store = nullptr;
    ASSERT_TRUE(catalog_->GetStore(project_, &store).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
  int next_id_ = 0;
};

TEST_F(QueryFunnelTest, ARangeEndingInsideADayOfTwoSegmentsCountsTheRowsInTheRange) {
  Store({{"u1", "view", 1}, {"u1", "buy", 2}, {"u2", "view", 3}});
  // The second segment starts after the range's end; u1 and u2 have rows in both.
  Store({{"u1", "view", 20}, {"u2", "buy", 21}});
  for (const bool filtered : {false, true}) {
    json step = {{"event", "view"}};
    if (filtered) step["filters"] = {{"property", "$distinct_id"}, {"op", "neq"}, {"value", "x"}};
    const json body = {{"from", "2026-01-05T00:00:00Z"},
                       {"to", "2026-01-05T12:00:00Z"},
                       {"window_seconds", 86400},
                       {"steps", {step, {{"event", "buy"}}}}};
    json answer;
    std::string field;
    Status s = engine_->Run(project_, "funnel", body, &answer, &field, nullptr,
                            /*use_cache=*/false);
    ASSERT_TRUE(s.ok()) << s.ToString() << " " << field;
    ASSERT_EQ(answer["steps"].size(), 2u) << answer.dump();
    EXPECT_EQ(answer["steps"][0]["persons"], 2) << "filtered " << filtered;
    EXPECT_EQ(answer["steps"][1]["persons"], 1) << "filtered " << filtered;
    EXPECT_EQ(answer["steps"][1]["median_seconds_to_convert"], 3600) << answer.dump();
  }
}

}  // namespace
}  // namespace growloop
