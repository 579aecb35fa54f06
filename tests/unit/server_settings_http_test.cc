// The settings routes through a real server on port 0: store, read, list, replace and delete a
// project's named JSON objects, and the errors (400 naming the field, 404, the write key
// refused).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "unit/server_project_fixture.h"
#include "unit/server_test_client.h"

namespace growloop {
namespace {

using growloop::testing::ClientResponse;
using growloop::testing::Fetch;
using nlohmann::json;

class SettingsHttpTest : public growloop::testing::ProjectServerTest {
 protected:
  void SetUp() override {
    ProjectServerTest::SetUp();
    StartServer();
  }
};

TEST_F(SettingsHttpTest, StoreReadListReplaceDelete) {
  const json kpi = {{"definitions", {{"revenue_event", "order_paid"}, {"window_days", 3}}},
                    {"thresholds", {{"dau", {{"red", 100}, {"yellow", 200}}}}}};
  ClientResponse r = Call("PUT", "/api/v1/settings/console.kpi", json{{"value", kpi}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json stored = json::parse(r.body);
  EXPECT_EQ(stored["name"], "console.kpi");
  EXPECT_EQ(stored["value"], kpi);
  EXPECT_EQ(stored["project"], "default");

  r = Call("GET", "/api/v1/settings/console.kpi");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["value"], kpi);
  EXPECT_EQ(json::parse(r.body)["updated"], stored["updated"]);

  ASSERT_EQ(Call("PUT", "/api/v1/settings/a_first", R"({"value": {}})").status, 200);
  r = Call("GET", "/api/v1/settings");
  ASSERT_EQ(r.status, 200) << r.body;
  json list = json::parse(r.body)["settings"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "a_first");
  EXPECT_EQ(list[1]["name"], "console.kpi");
  EXPECT_EQ(list[1]["value"], kpi);

  // A second PUT replaces the value whole.
  r = Call("PUT", "/api/v1/settings/console.kpi", R"({"value": {"thresholds": {}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/settings/console.kpi").body)["value"],
            json({{"thresholds", json::object()}}));

  r = Call("DELETE", "/api/v1/settings/console.kpi");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Call("GET", "/api/v1/settings/console.kpi").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/settings/console.kpi").status, 404);
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/settings").body)["settings"].size(), 1u);
}

TEST_F(SettingsHttpTest, ErrorsNameTheFieldAndChangesNeedTheSecretKey) {
  ClientResponse r = Call("PUT", "/api/v1/settings/Console", R"({"value": {}})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "name");
  r = Call("PUT", "/api/v1/settings/ok", R"({"value": [1, 2]})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "value");
  r = Call("PUT", "/api/v1/settings/ok", R"({"value": {}, "extra": 1})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "extra");
  r = Call("PUT", "/api/v1/settings/ok", R"({})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "value");
  r = Call("PUT", "/api/v1/settings/ok", "{not json");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "body");
  const std::string big = json{{"value", {{"text", std::string(kMaxSettingBytes, 'x')}}}}.dump();
  r = Call("PUT", "/api/v1/settings/ok", big);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "value");
  // Nothing of the refused ones was stored.
  EXPECT_EQ(Call("GET", "/api/v1/settings/ok").status, 404);
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/settings").body)["settings"].size(), 0u);

  // The write key (the one SDKs hold) may neither store nor delete, nor read.
  EXPECT_EQ(Call("PUT", "/api/v1/settings/ok", R"({"value": {}})", write_).status, 403);
  ASSERT_EQ(Call("PUT", "/api/v1/settings/ok", R"({"value": {}})").status, 200);
  EXPECT_EQ(Call("DELETE", "/api/v1/settings/ok", "", write_).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/settings/ok", "", write_).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/settings/ok").status, 200);
}

TEST_F(SettingsHttpTest, ConditionalWritesStoreOnlyOverTheRevisionTheyRead) {
  const std::string path = "/api/v1/settings/console.kpi";
  // If-None-Match: * creates, and refuses once the setting exists.
  ClientResponse r = Call("PUT", path, R"({"value": {"v": 1}})", "", {{"If-None-Match", "*"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string first_tag = r.headers["ETag"];
  const int64_t first = json::parse(r.body)["revision"];
  EXPECT_EQ(first_tag, "\"" + std::to_string(first) + "\"");
  r = Call("PUT", path, R"({"value": {"v": 9}})", "", {{"If-None-Match", "*"}});
  EXPECT_EQ(r.status, 412) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "failed_precondition");

  // Two clients read revision `first`; the first to save wins, the second gets a 412.
  r = Call("GET", path);
  EXPECT_EQ(r.headers["ETag"], first_tag);
  r = Call("PUT", path, R"({"value": {"v": 2}})", "", {{"If-Match", first_tag}});
  ASSERT_EQ(r.status, 200) << r.body;
  const int64_t second = json::parse(r.body)["revision"];
  EXPECT_GT(second, first);
  r = Call("PUT", path, R"({"value": {"v": 3}})", "", {{"If-Match", first_tag}});
  EXPECT_EQ(r.status, 412) << r.body;
  EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find(std::to_string(second)),
            std::string::npos)
      << r.body;
  EXPECT_EQ(json::parse(Call("GET", path).body)["value"], json({{"v", 2}}));
  // Weak, bare and listed tags are taken; "*" needs the setting to exist.
  r = Call("PUT", path, R"({"value": {"v": 4}})", "",
           {{"If-Match", "\"1\", W/\"" + std::to_string(second) + "\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  const int64_t third = json::parse(r.body)["revision"];
  EXPECT_EQ(
      Call("PUT", "/api/v1/settings/other", R"({"value": {}})", "", {{"If-Match", "*"}}).status,
      412);
  EXPECT_EQ(Call("GET", "/api/v1/settings/other").status, 404);

  // A malformed tag is a 400 naming the header; nothing is stored.
  r = Call("PUT", path, R"({"value": {"v": 5}})", "", {{"If-Match", "\"abc\""}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ErrorField(r), "If-Match");
  EXPECT_EQ(json::parse(Call("GET", path).body)["value"], json({{"v", 4}}));

  // A delete over an old revision is refused too.
  EXPECT_EQ(Call("DELETE", path, "", "", {{"If-Match", std::to_string(second)}}).status, 412);
  EXPECT_EQ(Call("DELETE", path, "", "", {{"If-Match", std::to_string(third)}}).status, 200);
  EXPECT_EQ(Call("GET", path).status, 404);
}

}  // namespace
}  // namespace growloop
