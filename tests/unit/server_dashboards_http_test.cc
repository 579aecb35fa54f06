// The dashboard routes through a real server on port 0: create, read by id or name, replace,
// delete, run all queries at once, and the errors (400 naming the field, 404, 409, and the
// write key refused).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "ingest/timestamp_parse.h"
#include "unit/server_project_fixture.h"
#include "unit/server_test_client.h"

namespace growloop {
namespace {

using growloop::testing::ClientResponse;
using growloop::testing::Fetch;
using nlohmann::json;

class DashboardsHttpTest : public growloop::testing::ProjectServerTest {
 protected:
  void SetUp() override {
    ProjectServerTest::SetUp();
    EventBatch batch;
    for (const auto& [id, ts, who, event] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {"e1", "2026-01-01T10:00:00Z", "u1", "app_open"},
             {"e2", "2026-01-01T10:05:00Z", "u1", "purchase"},
             {"e3", "2026-01-02T10:00:00Z", "u2", "app_open"}}) {
      int64_t us = 0;
      ASSERT_TRUE(ParseIso8601(ts, &us));
      batch.BeginRow(id, us, us, who, "", event);
      batch.EndRow();
    }
    AppendResult result;
    ASSERT_TRUE(catalog_->Ingest(project_.id, std::move(batch), &result).ok());
    StartServer();
  }
  ClientResponse Call(const std::string& method, const std::string& target, const json& body,
                      const std::string& key) {
    std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + key}};
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    return Fetch(server_->port(), method, target, body.is_null() ? "" : body.dump(), headers);
  }
  ClientResponse Call(const std::string& method, const std::string& target,
                      const json& body = nullptr) {
    return Call(method, target, body, secret_);
  }

  static json Board(const std::string& name) {
    return {{"name", name},
            {"items",
             {{{"title", "Buyers"},
               {"kind", "trends"},
               {"query",
                {{"from", "2026-01-01"},
                 {"to", "2026-01-02"},
                 {"series", {{{"event", "purchase"}, {"math", "unique_persons"}}}}}}},
              {{"title", "Opens"},
               {"kind", "trends"},
               {"query",
                {{"from", "2026-01-01"},
                 {"to", "2026-01-02"},
                 {"series", {{{"event", "app_open"}}}}}}}}}};
  }
};

TEST_F(DashboardsHttpTest, CreateReadRunReplaceDelete) {
  auto r = Call("POST", "/api/v1/dashboards", Board("Daily 日报"));
  ASSERT_EQ(r.status, 201) << r.body;
  const json created = json::parse(r.body);
  const std::string id = std::to_string(created["id"].get<int64_t>());
  EXPECT_EQ(created["project"], "default");
  EXPECT_EQ(created["items"], Board("x")["items"]);

  r = Call("GET", "/api/v1/dashboards");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["dashboards"][0]["queries"], 2);
  r = Call("GET", "/api/v1/dashboards/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["name"], "Daily 日报");
  // A name is percent-encoded in the path.
  r = Call("GET", "/api/v1/dashboards/Daily%20%E6%97%A5%E6%8A%A5");
  ASSERT_EQ(r.status, 200) << r.body;

  r = Call("GET", "/api/v1/dashboards/" + id + "/results");
  ASSERT_EQ(r.status, 200) << r.body;
  json results = json::parse(r.body);
  ASSERT_EQ(results["results"].size(), 2u);
  EXPECT_EQ(results["results"][0]["title"], "Buyers");
  EXPECT_EQ(results["results"][0]["answer"]["series"][0]["values"], json({1, 0}));
  EXPECT_EQ(results["results"][1]["answer"]["series"][0]["values"], json({1, 1}));
  EXPECT_EQ(results["stats"]["cached"], 0);
  r = Call("GET", "/api/v1/dashboards/" + id + "/results");
  EXPECT_EQ(json::parse(r.body)["stats"]["cached"], 2);
  r = Call("GET", "/api/v1/dashboards/" + id + "/results?refresh=true");
  EXPECT_EQ(json::parse(r.body)["stats"]["cached"], 0);
  r = Call("GET", "/api/v1/dashboards/" + id + "/results?from=2026-01-02");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["results"][1]["answer"]["series"][0]["values"], json({1}));

  json replacement = Board("Weekly");
  replacement["items"].erase(1);
  r = Call("PUT", "/api/v1/dashboards/" + id, replacement);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["id"], created["id"]);
  r = Call("GET", "/api/v1/dashboards/Weekly/results");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["results"].size(), 1u);

  r = Call("DELETE", "/api/v1/dashboards/Weekly");
  ASSERT_EQ(r.status, 200) << r.body;
  r = Call("GET", "/api/v1/dashboards/" + id);
  EXPECT_EQ(r.status, 404) << r.body;
  r = Call("GET", "/api/v1/dashboards/" + id + "/results");
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(DashboardsHttpTest, ErrorsNameTheFieldAndChangesNeedTheSecretKey) {
  json bad = Board("Bad");
  bad["items"][1]["query"]["series"][0]["math"] = "mode";
  auto r = Call("POST", "/api/v1/dashboards", bad);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "items[1].query.series[0].math");

  r = Call("POST", "/api/v1/dashboards", Board("Daily"));
  ASSERT_EQ(r.status, 201) << r.body;
  r = Call("POST", "/api/v1/dashboards", Board("Daily"));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "name");

  r = Call("POST", "/api/v1/dashboards", Board("Other"), write_);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("changing dashboards needs the project's secret key"), std::string::npos)
      << r.body;
  r = Call("DELETE", "/api/v1/dashboards/Daily", nullptr, write_);
  EXPECT_EQ(r.status, 403) << r.body;
  r = Call("GET", "/api/v1/dashboards/Daily/results", nullptr, write_);
  EXPECT_EQ(r.status, 403) << r.body;

  r = Call("GET", "/api/v1/dashboards/Daily/results?to=soon");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "to");
  r = Call("GET", "/api/v1/dashboards/Daily/results?refresh=maybe");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "refresh");
  r = Call("PUT", "/api/v1/dashboards/Nope", Board("Nope"));
  EXPECT_EQ(r.status, 404) << r.body;
  r = Call("POST", "/api/v1/dashboards", json("not an object"));
  EXPECT_EQ(r.status, 400) << r.body;
  // The failed calls stored nothing.
  r = Call("GET", "/api/v1/dashboards");
  EXPECT_EQ(json::parse(r.body)["dashboards"].size(), 1u);
}

}  // namespace
}  // namespace growloop
