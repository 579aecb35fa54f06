// The `ltv` query on hand-made events and costs. Every expected number is worked out by hand in
// the comments from the events listed, and written literally.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/time_zone.h"
#include "ingest/timestamp_parse.h"
#include "query/query_engine.h"
#include "test_util.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr double kNoAmount = std::numeric_limits<double>::quiet_NaN();

struct Ev {
  std::string distinct_id;
  std::string anonymous_id;
  std::string event;
  std::string at;  // RFC 3339
  std::string channel;
  double amount = kNoAmount;
};

class LtvTest : public testing::QueryTestBase {
 protected:
  void Ingest(const std::vector<Ev>& events) {
    EventBatch batch;
    const size_t channel = batch.PropertyIndex("channel", ValueType::kString);
    const size_t amount = batch.PropertyIndex("amount", ValueType::kNumber);
    for (const Ev& e : events) {
      int64_t ts = 0;
      ASSERT_TRUE(ParseIso8601(e.at, &ts)) << e.at;
      batch.BeginRow("ev-" + std::to_string(next_id_++), ts, ts, e.distinct_id, e.anonymous_id,
                     e.event);
      if (!e.channel.empty()) batch.SetString(channel, e.channel);
      if (!std::isnan(e.amount)) batch.SetNumber(amount, e.amount);
      batch.EndRow();
    }
    AppendResult result;
    Status s = catalog_->Ingest(project_, std::move(batch), &result);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Cost(const std::string& date, const std::string& channel, const std::string& campaign,
            double spend) {
    CostEntry c;
    ASSERT_TRUE(ParseCivilDate(date, &c.day).ok());
    c.channel = channel;
    c.campaign = campaign;
    c.spend_micros = std::llround(spend * 1e6);
    c.currency = "CNY";
    ASSERT_TRUE(catalog_->PutCosts(project_, {c}, nullptr).ok());
  }

  json Run(const json& body) {
    QueryEngine engine(catalog_.get(), QueryEngineOptions{});
    json answer;
    std::string field;
    Status s = engine.Run(project_, "ltv", body, &answer, &field);
    EXPECT_TRUE(s.ok()) << s.ToString() << " field " << field;
    return answer;
  }

  static const json& Channel(const json& answer, const std::string& name) {
    for (const json& c : answer["channels"]) {
      if (c["channel"] == name) return c;
    }
    ADD_FAILURE() << "no channel " << name << " in " << answer.dump();
    static const json kEmpty = json::object();
    return kEmpty;
  }
  static const json& Cohort(const json& channel, const std::string& cohort) {
    for (const json& c : channel["cohorts"]) {
      if (c["cohort"] == cohort) return c;
    }
    ADD_FAILURE() << "no cohort " << cohort << " in " << channel.dump();
    static const json kEmpty = json::object();
    return kEmpty;
  }

  // The shared scenario. Range 2026-01-05 (a Monday) .. 2026-02-15, UTC, so it ends at
  // 2026-02-16T00:00Z; week cohorts start on Mondays: 01-05, 01-12, 01-19, 01-26, 02-02, 02-09.
  // A 7-day window is observable when the first event is at or before 2026-02-09T00:00Z, a
  // 30-day one at or before 2026-01-17T00:00Z, a 90-day one never.
  //
  //   A: first 01-05 10:00 (douyin); signup 10:05 (douyin); purchases 100 at 11:00 (day 0) and
  //      50 on 01-20 10:00 (day 15): revenue 150, within 7 days 100, within 30 days 150.
  //   B: first 01-07 09:00 ad_click (douyin); signup 09:30 (wechat); purchases 40 on 01-08 09:00
  //      (day 1) and 60 on 02-10 (day 34): revenue 100, within 7 days 40, within 30 days 40.
  //   C: first 01-13 12:00 (wechat), no signup; purchase 30 at 13:00 (day 0).
  //   D: anonymous d-anon first 01-11 20:00 (douyin); signup 01-12 08:00 as d-user with
  //      anonymous id d-anon (merging the two); purchase 200 as d-user 01-13 08:00 (36 h: day 1).
  //      Merged, D belongs to week 01-05; unmerged, d-user would start a person in week 01-12.
  //   E: first 02-01 10:00 (douyin, week 01-26, a Sunday); purchase 70 on 02-02 10:00 (day 1);
  //      its 30-day window is not observable.
  //   F: first 02-12 10:00 (xiaohongshu, week 02-09); purchases 20 on 02-13 10:00 (day 1) and 5
  //      on 02-15 12:00 (day 3); no window is observable (7 days would end 02-19).
  //   G: one app_open 01-06 without a channel: "$none".
  //
  // Costs (CNY): douyin 100 on 01-05 (dy_kol_beauty), 50 on 01-06 (dy_live_sale), 80 on 01-13,
  // 35 on 02-01, 999 on 01-04 (before the range: ignored); wechat 60 on 01-07, 30 on 01-14;
  // xiaohongshu 90 on 02-12; kuaishou 25 on 01-10 (nobody acquired).
  void Scenario() {
    Ingest({
        {"a", "", "app_open", "2026-01-05T10:00:00Z", "douyin"},
        {"a", "", "signup", "2026-01-05T10:05:00Z", "douyin"},
        {"a", "", "purchase", "2026-01-05T11:00:00Z", "douyin", 100},
        {"a", "", "purchase", "2026-01-20T10:00:00Z", "douyin", 50},
        {"b", "", "ad_click", "2026-01-07T09:00:00Z", "douyin"},
        {"b", "", "signup", "2026-01-07T09:30:00Z", "wechat"},
        {"b", "", "purchase", "2026-01-08T09:00:00Z", "wechat", 40},
        {"b", "", "purchase", "2026-02-10T09:00:00Z", "wechat", 60},
        {"c", "", "app_open", "2026-01-13T12:00:00Z", "wechat"},
        {"c", "", "purchase", "2026-01-13T13:00:00Z", "wechat", 30},
        {"d-anon", "", "app_open", "2026-01-11T20:00:00Z", "douyin"},
        {"d-user", "d-anon", "signup", "2026-01-12T08:00:00Z", "douyin"},
        {"d-user", "", "purchase", "2026-01-13T08:00:00Z", "douyin", 200},
        {"e", "", "app_open", "2026-02-01T10:00:00Z", "douyin"},
        {"e", "", "purchase", "2026-02-02T10:00:00Z", "douyin", 70},
        {"f", "", "app_open", "2026-02-12T10:00:00Z", "xiaohongshu"},
        {"f", "", "purchase", "2026-02-13T10:00:00Z", "xiaohongshu", 20},
        {"f", "", "purchase", "2026-02-15T12:00:00Z", "xiaohongshu", 5},
        {"g", "", "app_open", "2026-01-06T12:00:00Z", ""},
    });
    Cost("2026-01-04", "douyin", "dy_kol_beauty", 999);
    Cost("2026-01-05", "douyin", "dy_kol_beauty", 100);
    Cost("2026-01-06", "douyin", "dy_live_sale", 50);
    Cost("2026-01-13", "douyin", "dy_kol_beauty", 80);
    Cost("2026-02-01", "douyin", "dy_kol_beauty", 35);
    Cost("2026-01-07", "wechat", "wx_moments_ads", 60);
    Cost("2026-01-14", "wechat", "wx_moments_ads", 30);
    Cost("2026-02-12", "xiaohongshu", "", 90);
    Cost("2026-01-10", "kuaishou", "ks_feed_ads", 25);
  }

  int next_id_ = 0;
};

const json kRange = {{"from", "2026-01-05"}, {"to", "2026-02-15"}};

json Body(json extra) {
  json body = kRange;
  for (auto& [k, v] : extra.items()) body[k] = v;
  return body;
}

TEST_F(LtvTest, FirstTouchCohortsMatchTheHandComputedValues) {
  Scenario();
  const json a = Run(Body({{"curve_days", 5}}));
  EXPECT_EQ(a["kind"], "ltv");
  EXPECT_EQ(a["period"], "week");
  EXPECT_EQ(a["attribution"], "first_touch");
  EXPECT_EQ(a["observed_until"], "2026-02-16T00:00:00.000000Z");
  EXPECT_EQ(a["currencies"], json({"CNY"}));
  // Ranked by persons, then spend, then name: douyin 4; wechat 1 (spend 90) and xiaohongshu 1
  // (spend 90) by name; $none 1 (spend 0); kuaishou 0.
  std::vector<std::string> order;
  for (const json& c : a["channels"]) order.push_back(c["channel"]);
  EXPECT_EQ(order,
            (std::vector<std::string>{"douyin", "wechat", "xiaohongshu", "$none", "kuaishou"}));

  const json& douyin = Channel(a, "douyin");
  // Week 01-05: A, B (first touch douyin) and D (merged) = 3 persons, all with a signup.
  // Revenue 150 + 100 + 200 = 450. LTV7 = (100 + 40 + 200) / 3 = 113.333333 (3 observable);
  // LTV30 = (150 + 40 + 200) / 3 = 130; LTV90: nobody observable. Spend 100 + 50 = 150 (the 999
  // of 01-04 is outside the range); CAC = 150 / 3 = 50; LTV7 / CAC = 2.266667;
  // LTV30 / CAC = 2.6; ROI = (450 - 150) / 150 = 2.
  const json& w1 = Cohort(douyin, "2026-01-05");
  EXPECT_EQ(w1["persons"], 3);
  EXPECT_EQ(w1["acquisition_event_persons"], 3);
  EXPECT_DOUBLE_EQ(w1["revenue"].get<double>(), 450);
  EXPECT_DOUBLE_EQ(w1["ltv7"].get<double>(), 113.333333);
  EXPECT_EQ(w1["ltv7_persons"], 3);
  EXPECT_DOUBLE_EQ(w1["ltv30"].get<double>(), 130);
  EXPECT_EQ(w1["ltv30_persons"], 3);
  EXPECT_TRUE(w1["ltv90"].is_null());
  EXPECT_EQ(w1["ltv90_persons"], 0);
  EXPECT_DOUBLE_EQ(w1["spend"].get<double>(), 150);
  EXPECT_DOUBLE_EQ(w1["cac"].get<double>(), 50);
  EXPECT_DOUBLE_EQ(w1["ltv7_cac"].get<double>(), 2.266667);
  EXPECT_DOUBLE_EQ(w1["ltv30_cac"].get<double>(), 2.6);
  EXPECT_TRUE(w1["ltv90_cac"].is_null());
  EXPECT_DOUBLE_EQ(w1["roi"].get<double>(), 2);
  // Week 01-12: nobody acquired on douyin (d-user is D), spend 80: CAC undefined, ROI -1.
  const json& w2 = Cohort(douyin, "2026-01-12");
  EXPECT_EQ(w2["persons"], 0);
  EXPECT_DOUBLE_EQ(w2["spend"].get<double>(), 80);
  EXPECT_TRUE(w2["cac"].is_null());
  EXPECT_TRUE(w2["ltv7"].is_null());
  EXPECT_DOUBLE_EQ(w2["roi"].get<double>(), -1);
  // Week 01-26: E, revenue 70, LTV7 70, LTV30 not observable; spend 35 (02-01 is that week's
  // Sunday); CAC 35; LTV7 / CAC = 2; ROI = (70 - 35) / 35 = 1.
  const json& w4 = Cohort(douyin, "2026-01-26");
  EXPECT_EQ(w4["persons"], 1);
  EXPECT_EQ(w4["acquisition_event_persons"], 0);
  EXPECT_DOUBLE_EQ(w4["ltv7"].get<double>(), 70);
  EXPECT_TRUE(w4["ltv30"].is_null());
  EXPECT_EQ(w4["ltv30_persons"], 0);
  EXPECT_DOUBLE_EQ(w4["cac"].get<double>(), 35);
  EXPECT_DOUBLE_EQ(w4["ltv7_cac"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(w4["roi"].get<double>(), 1);
  EXPECT_EQ(douyin["cohorts"].size(), 3u);
  // Totals: 4 persons, 3 with a signup, revenue 520; LTV7 = (340 + 70) / 4 = 102.5;
  // LTV30 = 390 / 3 = 130; spend 150 + 80 + 35 = 265; CAC = 265 / 4 = 66.25;
  // LTV7 / CAC = 102.5 / 66.25 = 1.5471698 -> 1.54717; LTV30 / CAC = 130 / 66.25 = 1.962264;
  // ROI = (520 - 265) / 265 = 0.962264.
  EXPECT_EQ(douyin["persons"], 4);
  EXPECT_EQ(douyin["acquisition_event_persons"], 3);
  EXPECT_DOUBLE_EQ(douyin["revenue"].get<double>(), 520);
  EXPECT_DOUBLE_EQ(douyin["ltv7"].get<double>(), 102.5);
  EXPECT_EQ(douyin["ltv7_persons"], 4);
  EXPECT_DOUBLE_EQ(douyin["ltv30"].get<double>(), 130);
  EXPECT_EQ(douyin["ltv30_persons"], 3);
  EXPECT_DOUBLE_EQ(douyin["spend"].get<double>(), 265);
  EXPECT_DOUBLE_EQ(douyin["cac"].get<double>(), 66.25);
  EXPECT_DOUBLE_EQ(douyin["ltv7_cac"].get<double>(), 1.54717);
  EXPECT_DOUBLE_EQ(douyin["ltv30_cac"].get<double>(), 1.962264);
  EXPECT_DOUBLE_EQ(douyin["roi"].get<double>(), 0.962264);
  // Curve: all four observable through day 4 (E until day 13). Day 0: A's 100 / 4 = 25; day 1
  // adds B's 40, D's 200 and E's 70: 410 / 4 = 102.5; nothing on days 2..4.
  EXPECT_EQ(douyin["curve"]["persons"], json({4, 4, 4, 4, 4}));
  EXPECT_EQ(douyin["curve"]["revenue_per_person"], json({25.0, 102.5, 102.5, 102.5, 102.5}));

  // wechat: C in week 01-12 (revenue 30, LTV7 = LTV30 = 30, spend 30, CAC 30, ROI 0) and only
  // spend in week 01-05 (60, ROI -1). Totals: spend 90, CAC 90, LTV7 / CAC = 0.333333,
  // ROI = (30 - 90) / 90 = -0.666667.
  const json& wechat = Channel(a, "wechat");
  const json& c2 = Cohort(wechat, "2026-01-12");
  EXPECT_EQ(c2["persons"], 1);
  EXPECT_EQ(c2["acquisition_event_persons"], 0);
  EXPECT_DOUBLE_EQ(c2["ltv30"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(c2["cac"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(c2["ltv7_cac"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(c2["roi"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(Cohort(wechat, "2026-01-05")["roi"].get<double>(), -1);
  EXPECT_DOUBLE_EQ(wechat["spend"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(wechat["cac"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(wechat["ltv7_cac"].get<double>(), 0.333333);
  EXPECT_DOUBLE_EQ(wechat["roi"].get<double>(), -0.666667);

  // xiaohongshu: F, revenue 25, no window observable; ROI = (25 - 90) / 90 = -0.722222.
  // Observable for 3 whole days (02-12 10:00 to 02-16 00:00 is 3 days 14 h): curve persons
  // 1, 1, 1, 0, 0; revenue per person 0, 20, 20, then none (the 5 of day 3 is not observable).
  const json& xhs = Channel(a, "xiaohongshu");
  EXPECT_DOUBLE_EQ(xhs["revenue"].get<double>(), 25);
  EXPECT_TRUE(xhs["ltv7"].is_null());
  EXPECT_EQ(xhs["ltv7_persons"], 0);
  EXPECT_DOUBLE_EQ(xhs["cac"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(xhs["roi"].get<double>(), -0.722222);
  EXPECT_EQ(xhs["curve"]["persons"], json({1, 1, 1, 0, 0}));
  EXPECT_EQ(xhs["curve"]["revenue_per_person"], json({0.0, 20.0, 20.0, nullptr, nullptr}));

  // $none: G, no revenue and no spend: CAC 0, LTV / CAC and ROI undefined.
  const json& none = Channel(a, "$none");
  EXPECT_EQ(none["persons"], 1);
  EXPECT_DOUBLE_EQ(none["ltv7"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(none["cac"].get<double>(), 0);
  EXPECT_TRUE(none["ltv7_cac"].is_null());
  EXPECT_TRUE(none["roi"].is_null());

  // kuaishou: spend 25 in week 01-05 (01-10 is a Saturday), nobody acquired.
  const json& ks = Channel(a, "kuaishou");
  EXPECT_EQ(ks["persons"], 0);
  ASSERT_EQ(ks["cohorts"].size(), 1u);
  EXPECT_EQ(ks["cohorts"][0]["cohort"], "2026-01-05");
  EXPECT_DOUBLE_EQ(ks["spend"].get<double>(), 25);
  EXPECT_TRUE(ks["cac"].is_null());
  EXPECT_DOUBLE_EQ(ks["roi"].get<double>(), -1);
}

TEST_F(LtvTest, LastTouchTakesTheSignupChannelAndCacCanCountSignups) {
  Scenario();
  const json a = Run(Body({{"attribution", "last_touch"}, {"cac_basis", "acquisition_event"}}));
  EXPECT_EQ(a["cac_basis"], "acquisition_event");
  // B's signup says wechat, so B moves from douyin to wechat; C, E, F and G have no signup and
  // keep their first touch.
  // douyin, week 01-05: A and D, both signed up. Revenue 150 + 200 = 350; LTV7 = (100 + 200) / 2
  // = 150; LTV30 = (150 + 200) / 2 = 175; spend 150; CAC = 150 / 2 signups = 75;
  // LTV7 / CAC = 2; LTV30 / CAC = 2.333333; ROI = (350 - 150) / 150 = 1.333333.
  const json& douyin = Channel(a, "douyin");
  const json& w1 = Cohort(douyin, "2026-01-05");
  EXPECT_EQ(w1["persons"], 2);
  EXPECT_EQ(w1["acquisition_event_persons"], 2);
  EXPECT_DOUBLE_EQ(w1["revenue"].get<double>(), 350);
  EXPECT_DOUBLE_EQ(w1["ltv7"].get<double>(), 150);
  EXPECT_DOUBLE_EQ(w1["ltv30"].get<double>(), 175);
  EXPECT_DOUBLE_EQ(w1["cac"].get<double>(), 75);
  EXPECT_DOUBLE_EQ(w1["ltv7_cac"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(w1["ltv30_cac"].get<double>(), 2.333333);
  EXPECT_DOUBLE_EQ(w1["roi"].get<double>(), 1.333333);
  // douyin totals: A, D, E; 2 signups; spend 265: CAC = 132.5; LTV7 = (100 + 200 + 70) / 3 =
  // 123.333333; LTV7 / CAC = 0.930818; LTV30 = 175 (E not observable): 175 / 132.5 = 1.320755;
  // ROI = (420 - 265) / 265 = 0.584906.
  EXPECT_EQ(douyin["persons"], 3);
  EXPECT_EQ(douyin["acquisition_event_persons"], 2);
  EXPECT_DOUBLE_EQ(douyin["cac"].get<double>(), 132.5);
  EXPECT_DOUBLE_EQ(douyin["ltv7"].get<double>(), 123.333333);
  EXPECT_DOUBLE_EQ(douyin["ltv7_cac"].get<double>(), 0.930818);
  EXPECT_DOUBLE_EQ(douyin["ltv30"].get<double>(), 175);
  EXPECT_DOUBLE_EQ(douyin["ltv30_cac"].get<double>(), 1.320755);
  EXPECT_DOUBLE_EQ(douyin["roi"].get<double>(), 0.584906);
  // wechat, week 01-05: B (revenue 100, LTV7 40), spend 60, CAC 60 / 1 signup = 60,
  // LTV7 / CAC = 0.666667, ROI = (100 - 60) / 60 = 0.666667. Totals: B and C, 1 signup;
  // spend 90, CAC 90; LTV7 = (40 + 30) / 2 = 35; LTV7 / CAC = 0.388889.
  const json& wechat = Channel(a, "wechat");
  const json& b1 = Cohort(wechat, "2026-01-05");
  EXPECT_EQ(b1["persons"], 1);
  EXPECT_DOUBLE_EQ(b1["cac"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(b1["ltv7_cac"].get<double>(), 0.666667);
  EXPECT_DOUBLE_EQ(b1["roi"].get<double>(), 0.666667);
  EXPECT_EQ(wechat["persons"], 2);
  EXPECT_EQ(wechat["acquisition_event_persons"], 1);
  EXPECT_DOUBLE_EQ(wechat["cac"].get<double>(), 90);
  EXPECT_DOUBLE_EQ(wechat["ltv7"].get<double>(), 35);
  EXPECT_DOUBLE_EQ(wechat["ltv7_cac"].get<double>(), 0.388889);
  // CAC per signup without any signup is undefined: xiaohongshu spent 90 on F, who never signed up.
  EXPECT_TRUE(Channel(a, "xiaohongshu")["cac"].is_null());
}

TEST_F(LtvTest, MonthCohortsAndALimitSumTheRestAsOther) {
  Scenario();
  // One channel shown: douyin; wechat, xiaohongshu, $none and kuaishou become "$other".
  const json a = Run(Body({{"period", "month"}, {"limit", 1}}));
  ASSERT_EQ(a["channels"].size(), 2u);
  EXPECT_EQ(a["channels"][0]["channel"], "douyin");
  const json& other = a["channels"][1];
  EXPECT_EQ(other["channel"], "$other");
  // Persons C, F, G; spend 60 + 30 + 90 + 25 = 205; revenue 30 + 25 = 55.
  EXPECT_EQ(other["persons"], 3);
  EXPECT_DOUBLE_EQ(other["spend"].get<double>(), 205);
  EXPECT_DOUBLE_EQ(other["revenue"].get<double>(), 55);
  // Months: douyin acquired A, B, D in 2026-01 (spend 150 + 80 = 230) and E in 2026-02 (35).
  const json& jan = Cohort(a["channels"][0], "2026-01");
  EXPECT_EQ(jan["persons"], 3);
  EXPECT_DOUBLE_EQ(jan["spend"].get<double>(), 230);
  EXPECT_EQ(Cohort(a["channels"][0], "2026-02")["persons"], 1);
}

TEST_F(LtvTest, FirstEventIsTheEarliestOverEveryChunkOfTheDay) {
  // H's 12:00 event goes to a segment; its 08:00 event, stored later, stays in the memory
  // table: two chunks of 2026-01-06, the later one holding the earlier event.
  Ingest({{"h", "", "app_open", "2026-01-06T12:00:00Z", "wechat"}});
  EventStore* store = nullptr;
  ASSERT_TRUE(catalog_->GetStore(project_, &store).ok());
  ASSERT_TRUE(store->Flush().ok());
  Ingest({{"h", "", "app_open", "2026-01-06T08:00:00Z", "bilibili"},
          {"h", "", "purchase", "2026-01-06T09:00:00Z", "bilibili", 12.5}});
  const json a = Run(Body({{"period", "day"}}));
  ASSERT_EQ(a["channels"].size(), 1u);
  EXPECT_EQ(a["channels"][0]["channel"], "bilibili");
  EXPECT_EQ(a["channels"][0]["cohorts"][0]["cohort"], "2026-01-06");
  EXPECT_DOUBLE_EQ(a["channels"][0]["ltv7"].get<double>(), 12.5);
}

TEST_F(LtvTest, AGlobalFilterNarrowsEveryEventRead) {
  Scenario();
  // Only events with a channel: G (no channel) disappears; everyone else is unchanged.
  const json a = Run(Body({{"filters", {{"property", "channel"}, {"op", "is_set"}}}}));
  for (const json& c : a["channels"]) EXPECT_NE(c["channel"], "$none");
  EXPECT_EQ(Channel(a, "douyin")["persons"], 4);
}

TEST_F(LtvTest, BadFieldsAreNamed) {
  QueryEngine engine(catalog_.get(), QueryEngineOptions{});
  auto error_field = [&](const json& body) {
    json answer;
    std::string field;
    Status s = engine.Run(project_, "ltv", body, &answer, &field);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << body.dump();
    return field;
  };
  EXPECT_EQ(error_field(Body({{"period", "hour"}})), "period");
  EXPECT_EQ(error_field(Body({{"attribution", "linear"}})), "attribution");
  EXPECT_EQ(error_field(Body({{"cac_basis", "signups"}})), "cac_basis");
  EXPECT_EQ(error_field(Body({{"curve_days", 0}})), "curve_days");
  EXPECT_EQ(error_field(Body({{"limit", 1001}})), "limit");
  EXPECT_EQ(error_field(Body({{"revenue_event", ""}})), "revenue_event");
  EXPECT_EQ(error_field(Body({{"horizon", 7}})), "horizon");
  EXPECT_EQ(error_field(Body({{"from", "2026-13-01"}})), "from");
}

}  // namespace
}  // namespace growloop
