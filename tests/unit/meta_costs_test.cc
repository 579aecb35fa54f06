// Marketing costs: the meta.db table (replace on the same key, all or nothing, the upgrade from
// version 2) and the CSV and JSON inputs (docs/formats/costs.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/time_zone.h"
#include "ingest/cost_import.h"
#include "meta/meta_store.h"
#include "meta/sqlite_db.h"
#include "test_util.h"

namespace growloop {
namespace {

using nlohmann::json;
using testing::TempDir;

int32_t Day(const std::string& date) {
  int32_t day = 0;
  EXPECT_TRUE(ParseCivilDate(date, &day).ok()) << date;
  return day;
}

CostEntry Cost(const std::string& date, const std::string& channel, const std::string& campaign,
               int64_t spend_micros) {
  CostEntry c;
  c.day = Day(date);
  c.channel = channel;
  c.campaign = campaign;
  c.spend_micros = spend_micros;
  c.currency = "CNY";
  return c;
}

class MetaCostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir_.path(), &meta_).ok());
    ProjectInfo p;
    ASSERT_TRUE(meta_->GetProjectByName("default", &p).ok());
    project_ = p.id;
  }
  std::vector<CostEntry> All() {
    std::vector<CostEntry> out;
    EXPECT_TRUE(meta_->ListCosts(project_, CostQuery(), &out).ok());
    return out;
  }

  TempDir dir_;
  std::unique_ptr<MetaStore> meta_;
  int64_t project_ = 0;
};

TEST_F(MetaCostsTest, StoringTheSameKeyAgainReplacesTheSpend) {
  CostWriteResult r;
  ASSERT_TRUE(meta_
                  ->PutCosts(project_,
                             {Cost("2026-01-01", "douyin", "dy_kol_beauty", 1'234'500'000),
                              Cost("2026-01-01", "douyin", "", 10'000'000),
                              Cost("2026-01-02", "wechat", "wx_moments_ads", 5'000'000)},
                             &r)
                  .ok());
  EXPECT_EQ(r.added, 3u);
  EXPECT_EQ(r.replaced, 0u);
  // Re-importing the first key with a corrected spend replaces it; nothing is added up.
  CostEntry fixed = Cost("2026-01-01", "douyin", "dy_kol_beauty", 1'000'000'000);
  fixed.currency = "";
  ASSERT_TRUE(meta_->PutCosts(project_, {fixed}, &r).ok());
  EXPECT_EQ(r.added, 0u);
  EXPECT_EQ(r.replaced, 1u);
  const std::vector<CostEntry> all = All();
  ASSERT_EQ(all.size(), 3u);
  // Ordered by (date, channel, campaign): the empty campaign first.
  EXPECT_EQ(all[0].campaign, "");
  EXPECT_EQ(all[0].spend_micros, 10'000'000);
  EXPECT_EQ(all[1].campaign, "dy_kol_beauty");
  EXPECT_EQ(all[1].spend_micros, 1'000'000'000);
  EXPECT_EQ(all[1].currency, "");
  EXPECT_EQ(all[2].channel, "wechat");
  // The same file twice changes nothing.
  ASSERT_TRUE(meta_->PutCosts(project_, {fixed}, &r).ok());
  EXPECT_EQ(All().size(), 3u);
}

TEST_F(MetaCostsTest, ListFiltersByDatesAndChannelAndLimit) {
  ASSERT_TRUE(
      meta_
          ->PutCosts(project_,
                     {Cost("2026-01-01", "douyin", "a", 1), Cost("2026-01-02", "douyin", "a", 2),
                      Cost("2026-01-03", "douyin", "a", 3), Cost("2026-01-02", "wechat", "b", 4)})
          .ok());
  std::vector<CostEntry> out;
  CostQuery q;
  q.from_day = Day("2026-01-02");
  q.to_day = Day("2026-01-02");
  ASSERT_TRUE(meta_->ListCosts(project_, q, &out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].spend_micros, 2);
  EXPECT_EQ(out[1].spend_micros, 4);
  q = CostQuery();
  q.channel = "douyin";
  q.limit = 2;
  ASSERT_TRUE(meta_->ListCosts(project_, q, &out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].day, Day("2026-01-02"));
}

TEST_F(MetaCostsTest, ABadEntryStoresNothingOfTheBatch) {
  CostEntry bad = Cost("2026-01-02", "", "x", 1);
  Status s = meta_->PutCosts(project_, {Cost("2026-01-01", "douyin", "", 1), bad});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("costs[1]: channel"), std::string::npos) << s.message();
  s = meta_->PutCosts(project_,
                      {Cost("2026-01-01", "douyin", "", 1), Cost("2026-01-01", "douyin", "", 2)});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("costs[1]: has the same date, channel and campaign as costs[0]"),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(All().empty());
  EXPECT_EQ(meta_->PutCosts(project_ + 100, {Cost("2026-01-01", "douyin", "", 1)}).code(),
            ErrorCode::kNotFound);
}

TEST(MetaCostsUpgrade, AVersion2FileGetsTheCostsTableOnOpen) {
  TempDir dir;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  }
  {
    // What a version-2 build left: no costs table.
    std::unique_ptr<SqliteDb> db;
    ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
    ASSERT_TRUE(db->Exec("DROP TABLE costs; PRAGMA user_version = 2").ok());
  }
  std::unique_ptr<MetaStore> meta;
  Status s = MetaStore::Open(Env::Default(), dir.path(), &meta);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ProjectInfo p;
  ASSERT_TRUE(meta->GetProjectByName("default", &p).ok());
  ASSERT_TRUE(meta->PutCosts(p.id, {Cost("2026-01-01", "douyin", "", 7)}).ok());
  meta.reset();
  std::unique_ptr<SqliteDb> db;
  ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
  SqliteStatement version;
  ASSERT_TRUE(db->Prepare("PRAGMA user_version", &version).ok());
  bool row = false;
  ASSERT_TRUE(version.Step(&row).ok());
  ASSERT_TRUE(row);
  EXPECT_EQ(version.ColumnInt(0), 6);  // the current layout
}

TEST(MetaCostsUpgrade, ANewerFileIsRefused) {
  TempDir dir;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  }
  {
    std::unique_ptr<SqliteDb> db;
    ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 999").ok());
  }
  std::unique_ptr<MetaStore> meta;
  EXPECT_EQ(MetaStore::Open(Env::Default(), dir.path(), &meta).code(),
            ErrorCode::kFailedPrecondition);
}

TEST(CostsCsv, ReadsColumnsInAnyOrderWithOptionalOnes) {
  std::vector<CostEntry> out;
  Status s = ParseCostsCsv(
      "\xEF\xBB\xBF"
      "date,channel,campaign,spend\r\n"
      "2026-01-01,douyin,dy_kol_beauty,1234.5\r\n"
      "2026-01-01,xiaohongshu,,80\r\n"
      "\r\n"
      "2026-01-02,\"wechat\", wx_moments_ads ,0.0000015\r\n",
      "costs.csv", &out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].day, Day("2026-01-01"));
  EXPECT_EQ(out[0].channel, "douyin");
  EXPECT_EQ(out[0].campaign, "dy_kol_beauty");
  EXPECT_EQ(out[0].spend_micros, 1'234'500'000);
  EXPECT_EQ(out[0].currency, "");
  EXPECT_EQ(out[1].campaign, "");
  EXPECT_EQ(out[2].campaign, "wx_moments_ads");  // spaces around a field are dropped
  EXPECT_EQ(out[2].spend_micros, 2);             // 1.5 millionths, rounded half up

  ASSERT_TRUE(
      ParseCostsCsv("spend,currency,channel,date\n12,CNY,baidu_sem,2026-02-03\n", "c.csv", &out)
          .ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].channel, "baidu_sem");
  EXPECT_EQ(out[0].currency, "CNY");
  EXPECT_EQ(out[0].spend_micros, 12'000'000);
}

// Each bad row fails the whole file, naming the file, the line and the field.
TEST(CostsCsv, BadRowsNameTheLineAndTheFieldAndNothingIsRead) {
  const std::string header = "date,channel,campaign,spend\n";
  const std::string good = "2026-01-01,douyin,a,1\n";
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {header + good + "2026-02-30,douyin,b,1\n",
       "costs.csv line 3: date: must be an existing date YYYY-MM-DD, got \"2026-02-30\""},
      {header + good + "01/02/2026,douyin,b,1\n", "costs.csv line 3: date:"},
      {header + good + "2026-01-02,douyin,b,-5\n",
       "costs.csv line 3: spend: must not be negative, got \"-5\""},
      {header + good + "2026-01-02,douyin,b,12abc\n", "costs.csv line 3: spend: must be a number"},
      {header + good + "2026-01-02,douyin,b,1e3\n", "costs.csv line 3: spend: must be a number"},
      {header + good + "2026-01-02,douyin,b,\n", "costs.csv line 3: spend: is required"},
      {header + good + "2026-01-02,,b,1\n", "costs.csv line 3: channel: is required"},
      {header + good + "2026-01-02,douyin,b\n", "costs.csv line 3: has 3 fields, the header 4"},
      {header + good + good, "costs.csv line 3: has the same date, channel and campaign as line 2"},
      {"date,channel,campaign,spend,currency\n2026-01-01,douyin,a,1,yuan\n",
       "costs.csv line 2: currency: must be a three-letter ISO 4217 code"},
      {"date,channel,cost\n", "costs.csv line 1: header: unknown column \"cost\""},
      {"date,channel,campaign\n", "costs.csv line 1: header: the column spend is missing"},
      {"", "costs.csv: is empty"},
  };
  for (const Case& c : cases) {
    std::vector<CostEntry> out = {CostEntry()};
    Status s = ParseCostsCsv(c.text, "costs.csv", &out);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(s.message().substr(0, c.message.size()), c.message) << s.message();
    EXPECT_TRUE(out.empty()) << c.text;
  }
}

TEST(CostsCsv, SpendTextIsExactToAMillionth) {
  int64_t v = -1;
  EXPECT_TRUE(ParseSpendText("1234.5", &v));
  EXPECT_EQ(v, 1'234'500'000);
  EXPECT_TRUE(ParseSpendText("0.1", &v));
  EXPECT_EQ(v, 100'000);
  EXPECT_TRUE(ParseSpendText(".25", &v));
  EXPECT_EQ(v, 250'000);
  EXPECT_TRUE(ParseSpendText("0.0000004999", &v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(ParseSpendText("0.9999995", &v));
  EXPECT_EQ(v, 1'000'000);
  EXPECT_TRUE(ParseSpendText("1000000000000", &v));
  EXPECT_EQ(v, kMaxSpendMicros);
  for (const char* bad : {"", ".", "-1", "+1", "1e3", "1,234.5", "1.2.3", "12 ",
                          "1000000000000.000001", "99999999999999999999"}) {
    EXPECT_FALSE(ParseSpendText(bad, &v)) << bad;
  }
}

TEST(CostsJson, ReadsTheBodyAndNamesTheBadField) {
  std::vector<CostEntry> out;
  Status s = ParseCostsJson(json::parse(R"({"costs": [
      {"date": "2026-01-01", "channel": "douyin", "campaign": "dy_kol_beauty", "spend": 1234.5,
       "currency": "CNY"},
      {"date": "2026-01-01", "channel": "wechat", "spend": "99.99"}]})"),
                            &out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].spend_micros, 1'234'500'000);
  EXPECT_EQ(out[0].currency, "CNY");
  EXPECT_EQ(out[1].spend_micros, 99'990'000);
  EXPECT_EQ(out[1].campaign, "");

  auto message = [](const char* body) {
    std::vector<CostEntry> rows;
    Status s = ParseCostsJson(json::parse(body), &rows);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << body;
    EXPECT_TRUE(rows.empty());
    return s.message();
  };
  const char* ok = R"({"date": "2026-01-01", "channel": "douyin", "spend": 1})";
  EXPECT_EQ(message(R"({"costs": [{"date": "2026-01-01", "channel": "douyin", "spend": -1}]})"),
            "costs[0].spend: must not be negative, got -1");
  EXPECT_EQ(message((std::string(R"({"costs": [)") + ok +
                     R"(, {"date": "2026-1-2", "channel": "douyin", "spend": 1}]})")
                        .c_str()),
            "costs[1].date: must be an existing date YYYY-MM-DD, got \"2026-1-2\"");
  EXPECT_EQ(message(R"({"costs": [{"date": "2026-01-01", "spend": 1}]})"),
            "costs[0].channel: is required (must not be empty)");
  EXPECT_EQ(message(R"({"costs": [{"date": "2026-01-01", "channel": "x", "spend": true}]})"),
            "costs[0].spend: must be a number");
  EXPECT_EQ(message(R"({"costs": [{"date": "2026-01-01", "channel": "x", "spend": 1, "cpc": 2}]})"),
            "costs[0].cpc: unknown field");
  EXPECT_EQ(message((std::string(R"({"costs": [)") + ok + "," + ok + "]}").c_str()),
            "costs[1]: has the same date, channel and campaign as costs[0]");
  EXPECT_EQ(message(R"({"cost": []})"), "cost: unknown field");
}

}  // namespace
}  // namespace growloop
