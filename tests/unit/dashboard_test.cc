// Dashboards: the meta.db tables (create, replace, delete, names, the upgrade from version 3),
// the checks of a dashboard body (every saved query checked as a query, errors naming the
// field), running all queries in one call with the answer cache and its invalidation, and the
// relative dates dashboards save ("-30d").
#include "query/dashboard.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/time_zone.h"
#include "ingest/timestamp_parse.h"
#include "meta/meta_store.h"
#include "meta/sqlite_db.h"
#include "query/query_engine.h"
#include "query/query_request.h"
#include "test_util.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using nlohmann::json;
using testing::TempDir;

Dashboard Board(const std::string& name, size_t items) {
  Dashboard d;
  d.name = name;
  d.description = "what " + name + " shows";
  for (size_t i = 0; i < items; ++i) {
    d.items.push_back({"query " + std::to_string(i), "trends",
                       R"({"series":[{"event":"e)" + std::to_string(i) + R"("}]})"});
  }
  return d;
}

class MetaDashboardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir_.path(), &meta_).ok());
    ProjectInfo p;
    ASSERT_TRUE(meta_->GetProjectByName("default", &p).ok());
    project_ = p.id;
  }

  TempDir dir_;
  std::unique_ptr<MetaStore> meta_;
  int64_t project_ = 0;
};

TEST_F(MetaDashboardsTest, CreateGetByIdOrNameReplaceAndDelete) {
  Dashboard d = Board("Morning 早报", 3);
  ASSERT_TRUE(meta_->CreateDashboard(project_, &d).ok());
  EXPECT_GT(d.id, 0);
  EXPECT_GT(d.created_us, 0);

  Dashboard by_id, by_name;
  ASSERT_TRUE(meta_->GetDashboard(project_, std::to_string(d.id), &by_id).ok());
  ASSERT_TRUE(meta_->GetDashboard(project_, "Morning 早报", &by_name).ok());
  for (const Dashboard* got : {&by_id, &by_name}) {
    EXPECT_EQ(got->id, d.id);
    EXPECT_EQ(got->name, "Morning 早报");
    EXPECT_EQ(got->description, d.description);
    ASSERT_EQ(got->items.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {  // the order is kept
      EXPECT_EQ(got->items[i].title, d.items[i].title);
      EXPECT_EQ(got->items[i].query, d.items[i].query);
    }
  }

  Dashboard replaced = Board("Weekly", 1);
  replaced.id = d.id;
  ASSERT_TRUE(meta_->ReplaceDashboard(project_, &replaced).ok());
  EXPECT_EQ(replaced.created_us, d.created_us);
  Dashboard got;
  ASSERT_TRUE(meta_->GetDashboard(project_, "Weekly", &got).ok());
  EXPECT_EQ(got.items.size(), 1u);
  EXPECT_EQ(meta_->GetDashboard(project_, "Morning 早报", &got).code(), ErrorCode::kNotFound);

  ASSERT_TRUE(meta_->DeleteDashboard(project_, d.id).ok());
  EXPECT_EQ(meta_->GetDashboard(project_, std::to_string(d.id), &got).code(), ErrorCode::kNotFound);
  EXPECT_EQ(meta_->DeleteDashboard(project_, d.id).code(), ErrorCode::kNotFound);
  // The items went with it.
  std::unique_ptr<SqliteDb> db;
  ASSERT_TRUE(SqliteDb::Open(dir_.Sub("meta.db"), &db).ok());
  SqliteStatement count;
  ASSERT_TRUE(db->Prepare("SELECT count(*) FROM dashboard_items", &count).ok());
  bool row = false;
  ASSERT_TRUE(count.Step(&row).ok());
  EXPECT_EQ(count.ColumnInt(0), 0);
}

TEST_F(MetaDashboardsTest, NamesAreUniquePerProjectAndListedInOrder) {
  Dashboard a = Board("b-board", 1), b = Board("a-board", 2), again = Board("a-board", 0);
  ASSERT_TRUE(meta_->CreateDashboard(project_, &a).ok());
  ASSERT_TRUE(meta_->CreateDashboard(project_, &b).ok());
  Status s = meta_->CreateDashboard(project_, &again);
  EXPECT_EQ(s.code(), ErrorCode::kAlreadyExists) << s.ToString();
  // Renaming onto a taken name is refused too.
  Dashboard rename = Board("a-board", 0);
  rename.id = a.id;
  EXPECT_EQ(meta_->ReplaceDashboard(project_, &rename).code(), ErrorCode::kAlreadyExists);

  ProjectInfo other;
  ASSERT_TRUE(meta_->CreateProject("shop", "UTC", &other).ok());
  Dashboard same_name = Board("a-board", 1);
  ASSERT_TRUE(meta_->CreateDashboard(other.id, &same_name).ok());

  std::vector<Dashboard> list;
  ASSERT_TRUE(meta_->ListDashboards(project_, &list).ok());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "a-board");
  EXPECT_EQ(list[0].items.size(), 2u);
  EXPECT_EQ(list[1].name, "b-board");
  // Another project's dashboard is not reachable by id either.
  Dashboard got;
  EXPECT_EQ(meta_->GetDashboard(project_, std::to_string(same_name.id), &got).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(meta_->DeleteDashboard(project_, same_name.id).code(), ErrorCode::kNotFound);
}

TEST_F(MetaDashboardsTest, BadDashboardsAreRefusedNamingTheField) {
  struct Case {
    Dashboard d;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({Board("", 0), "name:"});
  cases.push_back({Board("12345", 0), "name:"});
  cases.push_back({Board("tab\there", 0), "name:"});
  cases.push_back({Board("Sales / EU", 0), "name:"});
  cases.push_back({Board(std::string(129, 'x'), 0), "name:"});
  cases.push_back({Board("big", kMaxDashboardItems + 1), "items:"});
  Dashboard untitled = Board("untitled", 2);
  untitled.items[1].title.clear();
  cases.push_back({untitled, "items[1].title:"});
  Dashboard huge = Board("huge", 1);
  huge.items[0].query.assign(65 << 10, ' ');
  cases.push_back({huge, "items[0].query:"});
  for (Case& c : cases) {
    Status s = meta_->CreateDashboard(project_, &c.d);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(s.message().rfind(c.field, 0), 0u) << s.ToString();
  }
  std::vector<Dashboard> list;
  ASSERT_TRUE(meta_->ListDashboards(project_, &list).ok());
  EXPECT_TRUE(list.empty());
}

TEST(MetaDashboardsUpgrade, AVersion3FileGetsTheDashboardTables) {
  TempDir dir;
  {
    std::unique_ptr<MetaStore> meta;
    ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  }
  {
    std::unique_ptr<SqliteDb> db;
    ASSERT_TRUE(SqliteDb::Open(dir.Sub("meta.db"), &db).ok());
    ASSERT_TRUE(
        db->Exec("DROP TABLE dashboard_items; DROP TABLE dashboards; PRAGMA user_version = 3")
            .ok());
  }
  std::unique_ptr<MetaStore> meta;
  ASSERT_TRUE(MetaStore::Open(Env::Default(), dir.path(), &meta).ok());
  ProjectInfo p;
  ASSERT_TRUE(meta->GetProjectByName("default", &p).ok());
  Dashboard d = Board("after upgrade", 1);
  EXPECT_TRUE(meta->CreateDashboard(p.id, &d).ok());
}

// Relative dates: counted back from the local day of "now" in the project's time zone.
TEST(RelativeDates, CountBackFromTheLocalDay) {
  std::shared_ptr<const TimeZone> tz;
  ASSERT_TRUE(TimeZone::Load("Asia/Shanghai", &tz).ok());
  int64_t now = 0;
  // 2026-03-31 01:30 in Shanghai is still 2026-03-30 in UTC.
  ASSERT_TRUE(ParseIso8601("2026-03-30T17:30:00Z", &now));
  auto range = [&](const std::string& from, const std::string& to) {
    json body = {{"series", {{{"event", "e"}}}}};
    if (!from.empty()) body["from"] = from;
    if (!to.empty()) body["to"] = to;
    TrendsRequest r;
    std::string field;
    Status s = ParseTrends(body, *tz, now, &r, &field);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return std::pair<std::string, std::string>(FormatTimestampUtc(r.common.range.from_us),
                                               FormatTimestampUtc(r.common.range.to_us));
  };
  // Local midnight of 2026-03-24 is 16:00 UTC the day before; "today" ends at local midnight.
  EXPECT_EQ(range("-7d", "today"), std::make_pair(std::string("2026-03-23T16:00:00.000000Z"),
                                                  std::string("2026-03-31T16:00:00.000000Z")));
  EXPECT_EQ(range("-2w", "yesterday"), std::make_pair(std::string("2026-03-16T16:00:00.000000Z"),
                                                      std::string("2026-03-30T16:00:00.000000Z")));
  // One month before the 31st of March is the last day of February.
  EXPECT_EQ(range("-1m", "-1d").first, "2026-02-27T16:00:00.000000Z");
  EXPECT_EQ(range("-13m", "").first, "2025-02-27T16:00:00.000000Z");
  EXPECT_EQ(range("today", "").first, "2026-03-30T16:00:00.000000Z");

  for (const char* bad : {"-7", "-d", "7d", "-7x", "-99999d", "tomorrow", "-1.5d"}) {
    TrendsRequest r;
    std::string field;
    Status s = ParseTrends({{"series", {{{"event", "e"}}}}, {"from", bad}}, *tz, now, &r, &field);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(field, "from") << bad;
  }
}

// The query layer of dashboards over a real catalog.
class DashboardRunTest : public testing::QueryTestBase {
 protected:
  void SetUp() override {
    QueryTestBase::SetUp();
    // u1 opens the app on Jan 1 and 2 and buys on Jan 2; u2 opens it on Jan 1.
    Ingest({{"a1", "2026-01-01T10:00:00Z", "u1", "app_open"},
            {"a2", "2026-01-01T11:00:00Z", "u2", "app_open"},
            {"a3", "2026-01-02T09:00:00Z", "u1", "app_open"},
            {"a4", "2026-01-02T09:05:00Z", "u1", "purchase"}});
  }

  struct Row {
    std::string id, ts, who, event;
  };
  void Ingest(const std::vector<Row>& rows) {
    EventBatch batch;
    for (const Row& r : rows) {
      int64_t ts = 0;
      ASSERT_TRUE(ParseIso8601(r.ts, &ts));
      batch.BeginRow(r.id, ts, ts, r.who, "", r.event);
      batch.EndRow();
    }
    AppendResult result;
    ASSERT_TRUE(catalog_->Ingest(project_, std::move(batch), &result).ok());
    ASSERT_EQ(result.accepted, rows.size());
  }

  json Body() const {
    return {{"name", "Daily"},
            {"description", "the morning numbers"},
            {"items",
             {{{"title", "Opens"},
               {"kind", "trends"},
               {"query",
                {{"from", "2026-01-01"},
                 {"to", "2026-01-02"},
                 {"series", {{{"event", "app_open"}, {"math", "unique_persons"}}}}}}},
              {{"title", "Open to buy"},
               {"kind", "funnel"},
               {"query",
                {{"from", "2026-01-01"},
                 {"to", "2026-01-02"},
                 {"steps", {{{"event", "app_open"}}, {{"event", "purchase"}}}},
                 {"window_seconds", 86400}}}}}}};
  }

  Status Parse(const json& body, Dashboard* d, std::string* field) {
    return ParseDashboard(*engine_, project_, body, d, field);
  }
};

TEST_F(DashboardRunTest, BadBodiesNameTheFieldAtFault) {
  struct Case {
    std::function<void(json&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](json& b) { b.erase("name"); }, "name"},
      {[](json& b) { b["name"] = 7; }, "name"},
      {[](json& b) { b["name"] = "2024"; }, "name"},
      {[](json& b) { b["colour"] = "red"; }, "colour"},
      {[](json& b) { b["items"] = "all"; }, "items"},
      {[](json& b) { b["items"][1]["kind"] = "cohort"; }, "items[1].kind"},
      {[](json& b) { b["items"][0].erase("title"); }, "items[0].title"},
      {[](json& b) { b["items"][0]["width"] = 2; }, "items[0].width"},
      {[](json& b) { b["items"][1]["query"]["steps"][1]["event"] = 5; },
       "items[1].query.steps[1].event"},
      {[](json& b) { b["items"][0]["query"]["from"] = "last week"; }, "items[0].query.from"},
      {[](json& b) { b["items"][0]["query"] = json::array(); }, "items[0].query"},
  };
  for (const Case& c : cases) {
    json body = Body();
    c.change(body);
    Dashboard d;
    std::string field;
    Status s = Parse(body, &d, &field);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << body.dump();
    EXPECT_EQ(field, c.field) << s.ToString();
    EXPECT_EQ(s.message().rfind(c.field + (c.field == "items[0].query" ? "" : ":"), 0), 0u)
        << s.ToString();
  }
  Dashboard d;
  std::string field;
  ASSERT_TRUE(Parse(Body(), &d, &field).ok());
  EXPECT_EQ(d.items.size(), 2u);
  EXPECT_EQ(json::parse(d.items[1].query), Body()["items"][1]["query"]);
}

TEST_F(DashboardRunTest, AllAnswersInOneCallCachedUntilNewEventsLand) {
  Dashboard d;
  std::string field;
  ASSERT_TRUE(Parse(Body(), &d, &field).ok());
  ASSERT_TRUE(catalog_->CreateDashboard(project_, &d).ok());

  json out;
  ASSERT_TRUE(RunDashboard(engine_.get(), project_, d, {}, &out, &field).ok());
  ASSERT_EQ(out["results"].size(), 2u);
  EXPECT_EQ(out["stats"]["cached"], 0);
  EXPECT_EQ(out["stats"]["failed"], 0);
  // Each answer is the one the query alone gives.
  for (size_t i = 0; i < 2; ++i) {
    json alone;
    ASSERT_TRUE(engine_
                    ->Run(project_, d.items[i].kind, json::parse(d.items[i].query), &alone, &field,
                          nullptr, /*use_cache=*/false)
                    .ok());
    json got = out["results"][i]["answer"];
    got.erase("stats");
    alone.erase("stats");
    EXPECT_EQ(got, alone) << i;
  }
  EXPECT_EQ(out["results"][0]["answer"]["series"][0]["values"], json({2, 1}));
  EXPECT_EQ(out["results"][1]["answer"]["steps"][1]["persons"], 1);

  // Opened again: both answers come from the cache.
  ASSERT_TRUE(RunDashboard(engine_.get(), project_, d, {}, &out, &field).ok());
  EXPECT_EQ(out["stats"]["cached"], 2);
  DashboardRunOptions refresh;
  refresh.use_cache = false;
  ASSERT_TRUE(RunDashboard(engine_.get(), project_, d, refresh, &out, &field).ok());
  EXPECT_EQ(out["stats"]["cached"], 0);

  // u2 buys on Jan 1: the next run computes new answers.
  Ingest({{"a5", "2026-01-01T12:00:00Z", "u2", "purchase"}});
  ASSERT_TRUE(RunDashboard(engine_.get(), project_, d, {}, &out, &field).ok());
  EXPECT_EQ(out["stats"]["cached"], 0);
  EXPECT_EQ(out["results"][1]["answer"]["steps"][1]["persons"], 2);
}

TEST_F(DashboardRunTest, RangeOverridesAndFailuresOfOneQuery) {
  json body = Body();
  body["items"][1]["query"]["to"] = "2026-01-01";  // a fixed end before the override below
  Dashboard d;
  std::string field;
  ASSERT_TRUE(Parse(body, &d, &field).ok());

  DashboardRunOptions options;
  options.from = "2026-01-02";
  json out;
  ASSERT_TRUE(RunDashboard(engine_.get(), project_, d, options, &out, &field).ok());
  // The trend now starts on Jan 2; the funnel's range is empty, so it alone fails.
  EXPECT_EQ(out["results"][0]["answer"]["series"][0]["values"], json({1}));
  EXPECT_EQ(out["results"][0]["answer"]["range"]["from"], "2026-01-02T00:00:00.000000Z");
  EXPECT_EQ(out["results"][1]["error"]["code"], "invalid_argument");
  EXPECT_EQ(out["results"][1]["error"]["field"], "to");
  EXPECT_EQ(out["stats"]["failed"], 1);

  // An overriding `to` before a saved `from` empties that query's range alone.
  options.from.clear();
  options.to = "2025-12-31";
  ASSERT_TRUE(RunDashboard(engine_.get(), project_, d, options, &out, &field).ok());
  EXPECT_EQ(out["stats"]["failed"], 2);
  EXPECT_EQ(out["results"][0]["error"]["field"], "to");
  options.to.clear();

  // A malformed override fails the call, naming it, even on a dashboard without queries.
  options.from = "2026-02-30";
  Status s = RunDashboard(engine_.get(), project_, d, options, &out, &field);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(field, "from");
  Dashboard empty;
  empty.name = "empty";
  options.from.clear();
  options.to = "soon";
  s = RunDashboard(engine_.get(), project_, empty, options, &out, &field);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(field, "to");
  options.to.clear();

  std::atomic<bool> cancelled{true};
  options.from.clear();
  options.cancelled = &cancelled;
  EXPECT_EQ(RunDashboard(engine_.get(), project_, d, options, &out, &field).code(),
            ErrorCode::kCancelled);
}

}  // namespace
}  // namespace growloop
