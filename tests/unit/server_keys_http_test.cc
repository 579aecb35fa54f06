// The API key routes through a real server on port 0: list, create and revoke a project's keys;
// a created key opens the project at once and a revoked one at once no more; a secret key is
// whole only in the answer that creates it; the errors (400 naming the field, 404, 409 for the
// last secret key, 403 for a write key, another project's key).
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

class KeysHttpTest : public growloop::testing::ProjectServerTest {
 protected:
  void SetUp() override {
    ProjectServerTest::SetUp();
    StartServer();
  }
};

TEST_F(KeysHttpTest, ListShowsWriteKeysWholeAndSecretKeysByAHint) {
  ClientResponse r = Call("GET", "/api/v1/keys");
  ASSERT_EQ(r.status, 200) << r.body;
  const json keys = json::parse(r.body)["keys"];
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0]["kind"], "write");
  EXPECT_EQ(keys[0]["key"], write_);
  EXPECT_EQ(keys[1]["kind"], "secret");
  EXPECT_FALSE(keys[1].contains("key"));
  EXPECT_EQ(r.body.find(secret_), std::string::npos);
  const std::string hint = keys[1]["hint"];
  EXPECT_EQ(hint, secret_.substr(0, 4) + "\u2026" + secret_.substr(secret_.size() - 4));
  EXPECT_LT(keys[0]["id"].get<int64_t>(), keys[1]["id"].get<int64_t>());
}

TEST_F(KeysHttpTest, ACreatedSecretKeyReadsAtOnceAndARevokedOneAtOnceNoMore) {
  ClientResponse r = Call("POST", "/api/v1/keys", R"({"kind": "secret", "label": "BI 报表"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json created = json::parse(r.body);
  const std::string key = created["key"];
  EXPECT_EQ(key.rfind("gls_", 0), 0u);
  EXPECT_EQ(created["label"], "BI 报表");
  EXPECT_EQ(created["project"], "default");
  ASSERT_EQ(Call("GET", "/api/v1/stats", "", key).status, 200);

  // Listed afterwards by its hint only.
  r = Call("GET", "/api/v1/keys", "", key);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(key), std::string::npos);
  EXPECT_EQ(json::parse(r.body)["keys"].size(), 3u);

  const std::string id = std::to_string(created["id"].get<int64_t>());
  r = Call("DELETE", "/api/v1/keys/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body).contains("revoked"));
  EXPECT_EQ(Call("GET", "/api/v1/stats", "", key).status, 401);
  EXPECT_EQ(Call("DELETE", "/api/v1/keys/" + id).status, 404);
  r = Call("GET", "/api/v1/keys");
  EXPECT_EQ(json::parse(r.body)["keys"].size(), 2u);
}

TEST_F(KeysHttpTest, ARevokedWriteKeySendsNoMoreEvents) {
  ClientResponse r = Call("POST", "/api/v1/keys", R"({"kind": "write"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json created = json::parse(r.body);
  const std::string key = created["key"];
  const std::string event =
      json{{"api_key", key}, {"event", "signup"}, {"distinct_id", "u1"}}.dump();
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(Fetch(server_->port(), "POST", "/capture/", event, headers).status, 200);
  ASSERT_EQ(Call("DELETE", "/api/v1/keys/" + std::to_string(created["id"].get<int64_t>())).status,
            200);
  EXPECT_EQ(Fetch(server_->port(), "POST", "/capture/", event, headers).status, 401);
}

TEST_F(KeysHttpTest, TheLastSecretKeyCannotBeRevoked) {
  const json keys = json::parse(Call("GET", "/api/v1/keys").body)["keys"];
  const std::string id = std::to_string(keys[1]["id"].get<int64_t>());
  ClientResponse r = Call("DELETE", "/api/v1/keys/" + id);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(ErrorCodeOf(r), "failed_precondition");
  EXPECT_EQ(Call("GET", "/api/v1/stats").status, 200);
  // With a second secret key, the first may go, even by itself.
  ASSERT_EQ(Call("POST", "/api/v1/keys", R"({"kind": "secret"})").status, 201);
  EXPECT_EQ(Call("DELETE", "/api/v1/keys/" + id).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/stats").status, 401);
}

TEST_F(KeysHttpTest, BadRequestsNameTheField) {
  ClientResponse r = Call("POST", "/api/v1/keys", R"({"kind": "admin"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "kind");
  r = Call("POST", "/api/v1/keys", R"({"label": "x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "kind");
  r = Call("POST", "/api/v1/keys",
           json{{"kind", "write"}, {"label", std::string(129, 'x')}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "label");
  r = Call("POST", "/api/v1/keys", R"({"kind": "write", "scope": "all"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "scope");
  r = Call("POST", "/api/v1/keys", "[1]");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "body");
  r = Call("DELETE", "/api/v1/keys/-3");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorField(r), "id");
  EXPECT_EQ(Call("DELETE", "/api/v1/keys/999").status, 404);
  // Nothing was created by the refused requests.
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/keys").body)["keys"].size(), 2u);
}

TEST_F(KeysHttpTest, AWriteKeyOrAnotherProjectsKeyManagesNothing) {
  EXPECT_EQ(Call("GET", "/api/v1/keys", "", write_).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/keys", R"({"kind": "secret"})", write_).status, 403);
  ProjectInfo shop;
  ASSERT_TRUE(catalog_->CreateProject("shop", "UTC", &shop).ok());
  std::vector<ApiKeyInfo> shop_keys;
  ASSERT_TRUE(catalog_->ListApiKeys(shop.id, &shop_keys).ok());
  std::string shop_secret;
  for (const ApiKeyInfo& k : shop_keys) {
    if (k.kind == ApiKeyKind::kSecret) shop_secret = k.key;
  }
  // The shop's key cannot revoke the default project's keys, by id or by naming the project.
  const json keys = json::parse(Call("GET", "/api/v1/keys").body)["keys"];
  const std::string id = std::to_string(keys[0]["id"].get<int64_t>());
  EXPECT_EQ(Call("DELETE", "/api/v1/keys/" + id, "", shop_secret).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/keys/" + id + "?project=default", "", shop_secret).status, 403);
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/keys").body)["keys"].size(), 2u);
}

}  // namespace
}  // namespace growloop
