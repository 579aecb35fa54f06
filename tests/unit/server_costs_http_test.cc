// POST and GET /api/v1/costs and POST /api/v1/query/ltv through a real server on port 0.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "unit/server_project_fixture.h"
#include "unit/server_test_client.h"

namespace growloop {
namespace {

using growloop::testing::Fetch;
using nlohmann::json;

class CostsHttpTest : public growloop::testing::ProjectServerTest {
 protected:
  void Start(bool require_auth) {
    ServerOptions o = Options();
    o.require_auth = require_auth;
    StartServer(o);
  }
  std::string Key(ApiKeyKind kind) const { return kind == ApiKeyKind::kSecret ? secret_ : write_; }
  growloop::testing::ClientResponse Post(const std::string& target, const json& body,
                                         const std::string& key = "") {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!key.empty()) headers["Authorization"] = "Bearer " + key;
    return Fetch(server_->port(), "POST", target, body.dump(), headers);
  }
  growloop::testing::ClientResponse Get(const std::string& target, const std::string& key = "") {
    std::map<std::string, std::string> headers;
    if (!key.empty()) headers["Authorization"] = "Bearer " + key;
    return Fetch(server_->port(), "GET", target, "", headers);
  }
};

const json kCosts = {{"costs",
                      {{{"date", "2026-01-01"},
                        {"channel", "douyin"},
                        {"campaign", "dy_kol_beauty"},
                        {"spend", 1234.5},
                        {"currency", "CNY"}},
                       {{"date", "2026-01-02"}, {"channel", "wechat"}, {"spend", 60}}}}};

TEST_F(CostsHttpTest, SecretKeyStoresAndReplacesCostsAndListsThem) {
  Start(/*require_auth=*/true);
  const std::string secret = Key(ApiKeyKind::kSecret);
  auto r = Post("/api/v1/costs", kCosts, secret);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body),
            json({{"project", "default"}, {"rows", 2}, {"added", 2}, {"replaced", 0}}));
  // The same key with a new spend replaces it.
  r = Post("/api/v1/costs",
           {{"costs",
             {{{"date", "2026-01-01"},
               {"channel", "douyin"},
               {"campaign", "dy_kol_beauty"},
               {"spend", "1000.25"}}}}},
           secret);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["replaced"], 1);

  r = Get("/api/v1/costs", secret);
  ASSERT_EQ(r.status, 200) << r.body;
  json list = json::parse(r.body);
  ASSERT_EQ(list["costs"].size(), 2u);
  EXPECT_EQ(list["costs"][0], json({{"date", "2026-01-01"},
                                    {"channel", "douyin"},
                                    {"campaign", "dy_kol_beauty"},
                                    {"spend", 1000.25},
                                    {"currency", ""}}));
  EXPECT_DOUBLE_EQ(list["total_spend"].get<double>(), 1060.25);
  r = Get("/api/v1/costs?from=2026-01-02&to=2026-01-31", secret);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(json::parse(r.body)["costs"].size(), 1u);
  EXPECT_EQ(json::parse(r.body)["costs"][0]["channel"], "wechat");
  r = Get("/api/v1/costs?channel=douyin", secret);
  EXPECT_EQ(json::parse(r.body)["costs"].size(), 1u);
  EXPECT_EQ(Get("/api/v1/costs?from=yesterday", secret).status, 400);
}

TEST_F(CostsHttpTest, AWriteKeyOrNoKeyMayNotStoreCosts) {
  Start(/*require_auth=*/true);
  auto r = Post("/api/v1/costs", kCosts, Key(ApiKeyKind::kWrite));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "permission_denied");
  EXPECT_EQ(Post("/api/v1/costs", kCosts).status, 401);
  EXPECT_EQ(Get("/api/v1/costs", Key(ApiKeyKind::kWrite)).status, 403);
  r = Get("/api/v1/costs", Key(ApiKeyKind::kSecret));
  EXPECT_TRUE(json::parse(r.body)["costs"].empty()) << r.body;
}

TEST_F(CostsHttpTest, OneBadRowStoresNothingAndNamesTheField) {
  Start(/*require_auth=*/false);
  json body = kCosts;
  body["costs"].push_back({{"date", "2026-01-03"}, {"channel", "douyin"}, {"spend", -1}});
  auto r = Post("/api/v1/costs", body);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["message"],
            "costs[2].spend: must not be negative, got -1");
  r = Get("/api/v1/costs");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body)["costs"].empty());
  EXPECT_EQ(Fetch(server_->port(), "POST", "/api/v1/costs", "{not json").status, 400);
}

TEST_F(CostsHttpTest, LtvQueryReadsTheStoredCosts) {
  ProjectInfo p;
  ASSERT_TRUE(catalog_->FindProject("default", &p).ok());
  EventBatch batch;
  const size_t channel = batch.PropertyIndex("channel", ValueType::kString);
  const size_t amount = batch.PropertyIndex("amount", ValueType::kNumber);
  // 2026-01-01T10:00:00Z: one person acquired on wechat, buying for 90 an hour later.
  constexpr int64_t kTen = 1'767'261'600'000'000;
  batch.BeginRow("e1", kTen, kTen, "p1", "", "app_open");
  batch.SetString(channel, "wechat");
  batch.EndRow();
  batch.BeginRow("e2", kTen + 3'600'000'000, kTen, "p1", "", "purchase");
  batch.SetString(channel, "wechat");
  batch.SetNumber(amount, 90);
  batch.EndRow();
  AppendResult result;
  ASSERT_TRUE(catalog_->Ingest(p.id, std::move(batch), &result).ok());
  Start(/*require_auth=*/false);
  ASSERT_EQ(Post("/api/v1/costs",
                 {{"costs", {{{"date", "2026-01-01"}, {"channel", "wechat"}, {"spend", 60}}}}})
                .status,
            200);
  auto r = Post("/api/v1/query/ltv?project=default",
                {{"from", "2026-01-01"}, {"to", "2026-01-31"}, {"period", "month"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json a = json::parse(r.body);
  EXPECT_EQ(a["kind"], "ltv");
  EXPECT_EQ(a["project"], "default");
  ASSERT_EQ(a["channels"].size(), 1u);
  // One person, revenue 90, spend 60: CAC 60, LTV7 90, LTV7 / CAC 1.5, ROI (90 - 60) / 60 = 0.5.
  const json& wechat = a["channels"][0];
  EXPECT_EQ(wechat["channel"], "wechat");
  EXPECT_DOUBLE_EQ(wechat["cac"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(wechat["ltv7_cac"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(wechat["roi"].get<double>(), 0.5);
  r = Post("/api/v1/query/ltv", {{"from", "2026-01-01"}, {"attribution", "linear"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "attribution");
}

}  // namespace
}  // namespace growloop
