// Queries over how events and persons are laid out: a day stored in several segments (a range
// that ends inside the day leaves one of them out, while the day's rows of persons with runs in
// several segments still come from all of them), and persons of several ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "common/time_zone.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using nlohmann::json;

class QueryLayoutTest : public testing::QueryTestBase {
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

TEST_F(QueryLayoutTest, ARangeEndingInsideADayOfTwoSegmentsCountsTheRowsInTheRange) {
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

TEST_F(QueryLayoutTest, APersonWithoutAKnownIdIsListedByItsFirstIdInTheIdentityMap) {
  // Two anonymous ids joined by an alias, neither known: the person's label is the identity
  // map's first id of the person, whichever id the scan meets first.
  int32_t day = 0;
  ASSERT_TRUE(ParseCivilDate("2026-01-05", &day).ok());
  EventBatch batch;
  const int64_t ts = day * kMicrosPerDay + kMicrosPerHour;
  batch.BeginRow("a1", ts, ts, "aa-device", "", "$create_alias");
  batch.SetString(batch.PropertyIndex("alias", ValueType::kString), "zz-cookie");
  batch.EndRow();
  batch.BeginRow("v1", ts + 1, ts + 1, "zz-cookie", "", "view");
  batch.EndRow();
  batch.BeginRow("v2", ts + 2, ts + 2, "aa-device", "", "view");
  batch.EndRow();
  AppendResult result;
  ASSERT_TRUE(catalog_->Ingest(project_, std::move(batch), &result).ok());
  IdentityMap* identity = nullptr;
  ASSERT_TRUE(catalog_->GetIdentity(project_, &identity).ok());
  const uint64_t person = identity->PersonOf("zz-cookie");
  ASSERT_EQ(person, identity->PersonOf("aa-device"));
  std::vector<std::string> members;
  ASSERT_TRUE(identity->MembersOf(person, &members).ok());
  ASSERT_EQ(members.size(), 2u);
  // The alias names the id met first: it comes first in the map, last in id order.
  EXPECT_EQ(members.front(), "zz-cookie");

  const json body = {{"from", "2026-01-05"}, {"to", "2026-01-05"}, {"event", {{"event", "view"}}}};
  json answer;
  std::string field;
  Status s = engine_->Run(project_, "persons", body, &answer, &field, nullptr,
                          /*use_cache=*/false);
  ASSERT_TRUE(s.ok()) << s.ToString() << " " << field;
  ASSERT_EQ(answer["rows"].size(), 1u) << answer.dump();
  EXPECT_EQ(answer["rows"][0]["person"], members.front()) << answer.dump();
  EXPECT_EQ(answer["rows"][0]["events"], 2);
}

}  // namespace
}  // namespace growloop
