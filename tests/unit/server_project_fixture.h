// A fixture for tests of the project routes through a real server: a catalog in a fresh
// directory (the "default" project, its write and secret keys) and a server on port 0 over it,
// started by the test's SetUp once it has stored what it needs.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "server/http_server.h"
#include "test_util.h"
#include "unit/server_test_client.h"

namespace growloop::testing {

class ProjectServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CatalogOptions co;
    co.data_dir = dir_.path();
    co.store.background_compaction = false;
    ASSERT_TRUE(Catalog::Open(Env::Default(), co, &catalog_).ok());
    ASSERT_TRUE(catalog_->FindProject("default", &project_).ok());
    std::vector<ApiKeyInfo> keys;
    ASSERT_TRUE(catalog_->ListApiKeys(project_.id, &keys).ok());
    for (const auto& k : keys) (k.kind == ApiKeyKind::kSecret ? secret_ : write_) = k.key;
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Two threads, every read needing the secret key.
  static ServerOptions Options() {
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.require_auth = true;
    o.shutdown_grace_seconds = 5;
    return o;
  }
  void StartServer(const ServerOptions& options = Options()) {
    Status s = HttpServer::Start(options, catalog_.get(), &server_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // A request to the server with the project's secret key (or `key`); a body is sent as JSON.
  ClientResponse Call(const std::string& method, const std::string& target,
                      const std::string& body = "", const std::string& key = "",
                      std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + (key.empty() ? secret_ : key);
    if (!body.empty()) headers["Content-Type"] = "application/json";
    return Fetch(server_->port(), method, target, body, headers);
  }
  // The field an error answer names ("" when none).
  static std::string ErrorField(const ClientResponse& r) {
    return nlohmann::json::parse(r.body)["error"].value("field", "");
  }
  static std::string ErrorCodeOf(const ClientResponse& r) {
    return nlohmann::json::parse(r.body)["error"].value("code", "");
  }

  TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
  ProjectInfo project_;
  std::unique_ptr<HttpServer> server_;
  std::string secret_, write_;
};

}  // namespace growloop::testing
