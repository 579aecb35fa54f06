#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "server/api_routes.h"
#include "server/http_server.h"
#include "server/openapi_document.h"
#include "test_util.h"
#include "unit/server_test_client.h"

namespace growloop {
namespace {

using growloop::testing::Fetch;
using growloop::testing::TestClient;
using nlohmann::json;

constexpr int64_t kDayUs = 86'400'000'000;
// 2024-03-01T00:00:00Z
constexpr int64_t kMarch1 = 1'709'251'200'000'000;

using testing::TempDir;

std::string Gzip(const std::string& data) {
  return testing::Gzip(data, 9);
}

ServerOptions TestOptions() {
  ServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.max_request_bytes = 4096;
  o.shutdown_grace_seconds = 5;
  return o;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CatalogOptions co;
    co.data_dir = dir_.path();
    co.store.background_compaction = false;
    ASSERT_TRUE(Catalog::Open(Env::Default(), co, &catalog_).ok());
  }
  void StartServer(ServerOptions options = TestOptions()) {
    Status s = HttpServer::Start(options, catalog_.get(), &server_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  void IngestSample() {
    ProjectInfo project;
    ASSERT_TRUE(catalog_->FindProject("default", &project).ok());
    EventBatch batch;
    size_t plan = batch.PropertyIndex("plan", ValueType::kString);
    batch.BeginRow("e1", kMarch1 + 1000, kMarch1 + 1000, "alice", "", "signup");
    batch.SetString(plan, "pro");
    batch.EndRow();
    batch.BeginRow("e2", kMarch1 + 2000, kMarch1 + 2000, "alice", "", "pageview");
    batch.EndRow();
    batch.BeginRow("e3", kMarch1 + kDayUs, kMarch1 + kDayUs, "bob", "", "pageview");
    batch.EndRow();
    AppendResult result;
    Status s = catalog_->Ingest(project.id, std::move(batch), &result);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_EQ(result.accepted, 3u);
  }

  std::string SecretKey(std::string_view project_name) {
    ProjectInfo p;
    EXPECT_TRUE(catalog_->FindProject(project_name, &p).ok());
    std::vector<ApiKeyInfo> keys;
    EXPECT_TRUE(catalog_->ListApiKeys(p.id, &keys).ok());
    for (const auto& k : keys) {
      if (k.kind == ApiKeyKind::kSecret) return k.key;
    }
    return {};
  }
  std::string WriteKey(std::string_view project_name) {
    ProjectInfo p;
    EXPECT_TRUE(catalog_->FindProject(project_name, &p).ok());
    std::vector<ApiKeyInfo> keys;
    EXPECT_TRUE(catalog_->ListApiKeys(p.id, &keys).ok());
    for (const auto& k : keys) {
      if (k.kind == ApiKeyKind::kWrite) return k.key;
    }
    return {};
  }

  TempDir dir_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<HttpServer> server_;
};

void ExpectJsonError(const growloop::testing::ClientResponse& r, int status,
                     const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  json body = json::parse(r.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << r.body;
  ASSERT_TRUE(body.contains("error")) << r.body;
  EXPECT_EQ(body["error"]["code"], code) << r.body;
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
}

TEST_F(ServerTest, HealthzAnswersOk) {
  StartServer();
  auto r = Fetch(server_->port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"status", "ok"}}));
  EXPECT_EQ(r.headers["Content-Type"], "application/json");
}

TEST_F(ServerTest, UnknownPathIs404WithJsonError) {
  StartServer();
  ExpectJsonError(Fetch(server_->port(), "GET", "/no/such/thing"), 404, "not_found");
}

TEST_F(ServerTest, WrongMethodIsInvalidArgumentNamingAllowedMethods) {
  StartServer();
  auto r = Fetch(server_->port(), "POST", "/healthz", "{}");
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_NE(r.body.find("allowed: GET"), std::string::npos) << r.body;
}

TEST_F(ServerTest, OversizeBodyIs413) {
  StartServer();
  auto r = Fetch(server_->port(), "POST", "/healthz", std::string(10'000, 'x'));
  ExpectJsonError(r, 413, "payload_too_large");
}

TEST_F(ServerTest, CompressedBodyOverLimitAfterDecompressionIs413) {
  RouteTable routes;
  routes.Add({"POST", "/echo", "Echo the decoded body.", true,
              [](const HttpRequest& req, HttpResponse* resp) {
                resp->content_type = "text/plain";
                resp->body = req.body;
                return Status::Ok();
              }});
  ServerOptions o = TestOptions();
  ASSERT_TRUE(HttpServer::Start(o, std::move(routes), &server_).ok());
  // 100 KB of one letter compresses to far less than the 4 KB limit.
  std::string big(100'000, 'a');
  std::string packed = Gzip(big);
  ASSERT_LT(packed.size(), o.max_request_bytes);
  auto r = Fetch(server_->port(), "POST", "/echo", packed, {{"Content-Encoding", "gzip"}});
  ExpectJsonError(r, 413, "payload_too_large");

  std::string small = "hello, growloop";
  r = Fetch(server_->port(), "POST", "/echo", Gzip(small), {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, small);

  r = Fetch(server_->port(), "POST", "/echo", "not gzip", {{"Content-Encoding", "gzip"}});
  ExpectJsonError(r, 400, "invalid_argument");
  r = Fetch(server_->port(), "POST", "/echo", "x", {{"Content-Encoding", "br"}});
  ExpectJsonError(r, 400, "invalid_argument");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  TestClient client(server_->port());
  for (int i = 0; i < 3; ++i) {
    auto r = client.Send("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
  }
  auto r = client.Send("GET", "/nope");
  EXPECT_EQ(r.status, 404);
  r = client.Send("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
}

TEST_F(ServerTest, MetricsHaveLatencyByRouteAndCountsByStatus) {
  StartServer();
  ASSERT_EQ(Fetch(server_->port(), "GET", "/healthz").status, 200);
  ASSERT_EQ(Fetch(server_->port(), "GET", "/missing").status, 404);
  auto r = Fetch(server_->port(), "GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["Content-Type"].rfind("text/plain", 0), 0u);
  EXPECT_NE(r.body.find("growloop_http_request_duration_seconds_bucket{route=\"GET /healthz\","),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("growloop_http_responses_total{status=\"200\"}"), std::string::npos);
  EXPECT_NE(r.body.find("growloop_http_responses_total{status=\"404\"}"), std::string::npos);
  EXPECT_NE(r.body.find("route=\"unmatched\""), std::string::npos);
}

TEST_F(ServerTest, StatsReportsStoredEvents) {
  IngestSample();
  StartServer();
  auto r = Fetch(server_->port(), "GET", "/api/v1/stats?project=default");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["project"], "default");
  EXPECT_EQ(body["events"], 3);
  EXPECT_EQ(body["per_event"]["pageview"], 2);
  EXPECT_EQ(body["per_event"]["signup"], 1);
  EXPECT_EQ(body["per_day"]["2024-03-01"]["signup"], 1);
  EXPECT_EQ(body["per_day"]["2024-03-01"]["pageview"], 1);
  EXPECT_EQ(body["per_day"]["2024-03-02"]["pageview"], 1);
  EXPECT_EQ(body["persons"], 2);
  EXPECT_EQ(body["bytes_on_disk"].get<uint64_t>(),
            body["segment_bytes"].get<uint64_t>() + body["wal_bytes"].get<uint64_t>());
  EXPECT_GT(body["bytes_on_disk"].get<uint64_t>(), 0u);
  EXPECT_TRUE(body.contains("segments"));
  EXPECT_TRUE(body.contains("memtable_rows"));

  r = Fetch(server_->port(), "GET", "/api/v1/stats?project=default&persons=false");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(json::parse(r.body)["persons"].is_null());
  ExpectJsonError(Fetch(server_->port(), "GET", "/api/v1/stats?persons=maybe"), 400,
                  "invalid_argument");
}

TEST_F(ServerTest, StatsOfUnknownProjectIs404) {
  StartServer();
  ExpectJsonError(Fetch(server_->port(), "GET", "/api/v1/stats?project=nope"), 404, "not_found");
}

TEST_F(ServerTest, SchemaListsEventsAndPropertiesWithFirstLastSeen) {
  IngestSample();
  StartServer();
  auto r = Fetch(server_->port(), "GET", "/api/v1/schema?project=default");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  ASSERT_EQ(body["events"].size(), 2u);
  json pageview = body["events"][0];
  EXPECT_EQ(pageview["name"], "pageview");
  EXPECT_EQ(pageview["volume"], 2);
  EXPECT_EQ(pageview["first_seen"], "2024-03-01T00:00:00.002000Z");
  EXPECT_EQ(pageview["last_seen"], "2024-03-02T00:00:00.000000Z");
  json signup = body["events"][1];
  EXPECT_EQ(signup["name"], "signup");
  ASSERT_EQ(signup["properties"].size(), 1u);
  EXPECT_EQ(signup["properties"][0]["name"], "plan");
  EXPECT_EQ(signup["properties"][0]["type"], "string");
  EXPECT_EQ(signup["properties"][0]["volume"], 1);
}

TEST_F(ServerTest, ProjectsListsEveryProjectForLocalKeylessReads) {
  ProjectInfo shop;
  ASSERT_TRUE(catalog_->CreateProject("shop", "Asia/Shanghai", &shop).ok());
  StartServer();
  auto r = Fetch(server_->port(), "GET", "/api/v1/projects");
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  ASSERT_EQ(body["projects"].size(), 2u);
  EXPECT_EQ(body["projects"][0]["name"], "default");
  EXPECT_EQ(body["projects"][1]["name"], "shop");
  EXPECT_EQ(body["projects"][1]["time_zone"], "Asia/Shanghai");
  EXPECT_EQ(body["projects"][1]["write_keys"][0], WriteKey("shop"));
  // Secret keys are never shown over HTTP.
  EXPECT_EQ(r.body.find(SecretKey("shop")), std::string::npos);
}

TEST_F(ServerTest, OperatorCreatesProjectsAndBadOnesNameTheField) {
  StartServer();
  const uint16_t port = server_->port();
  auto r =
      Fetch(port, "POST", "/api/v1/projects", R"({"name": "shop", "time_zone": "Asia/Shanghai"})");
  ASSERT_EQ(r.status, 201) << r.body;
  json created = json::parse(r.body);
  EXPECT_EQ(created["name"], "shop");
  EXPECT_EQ(created["time_zone"], "Asia/Shanghai");
  ASSERT_EQ(created["write_keys"].size(), 1u);
  EXPECT_EQ(created["write_keys"][0], WriteKey("shop"));
  // The new project takes events with its write key and answers reads at once.
  r = Fetch(
      port, "POST", "/api/v1/events",
      R"([{"id": "e1", "timestamp": "2026-03-01T10:00:00Z", "distinct_id": "u1", "event": "app_open"}])",
      {{"Authorization", "Bearer " + created["write_keys"][0].get<std::string>()},
       {"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = Fetch(port, "GET", "/api/v1/stats?project=shop&persons=false");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["events"], 1);

  ExpectJsonError(Fetch(port, "POST", "/api/v1/projects", R"({"name": "shop"})"), 409,
                  "already_exists");
  auto field = [&](const std::string& body) {
    auto e = Fetch(port, "POST", "/api/v1/projects", body);
    EXPECT_EQ(e.status, 400) << e.body;
    return json::parse(e.body)["error"].value("field", "");
  };
  EXPECT_EQ(field(R"({"name": "12"})"), "name");
  EXPECT_EQ(field(R"({"name": "has space"})"), "name");
  EXPECT_EQ(field(R"({"name": "ok", "time_zone": "Mars/Olympus"})"), "time_zone");
  EXPECT_EQ(field(R"({"name": "ok", "owner": "me"})"), "owner");
  EXPECT_EQ(field(R"({"name": 7})"), "name");
  EXPECT_EQ(field("[1]"), "body");
  EXPECT_EQ(catalog_->ListProjects().size(), 2u);  // default and shop: nothing else was made
}

TEST_F(ServerTest, CreatingProjectsNeedsTheOperatorsAccess) {
  ServerOptions o = TestOptions();
  o.require_auth = true;
  StartServer(o);
  const uint16_t port = server_->port();
  ExpectJsonError(Fetch(port, "POST", "/api/v1/projects", R"({"name": "shop"})"), 403,
                  "permission_denied");
  ExpectJsonError(Fetch(port, "POST", "/api/v1/projects", R"({"name": "shop"})",
                        {{"Authorization", "Bearer " + SecretKey("default")}}),
                  403, "permission_denied");
  EXPECT_EQ(catalog_->ListProjects().size(), 1u);
}

TEST_F(ServerTest, OperatorDeletesAProjectAndItsKeysOpenNothingAtOnce) {
  StartServer();
  const uint16_t port = server_->port();
  ASSERT_EQ(Fetch(port, "POST", "/api/v1/projects", R"({"name": "shop"})").status, 201);
  const std::string write = WriteKey("shop");
  const std::string secret = SecretKey("shop");
  const std::string event =
      R"([{"id": "e1", "timestamp": "2026-03-01T10:00:00Z", "distinct_id": "u1", "event": "x"}])";
  ASSERT_EQ(Fetch(port, "POST", "/api/v1/events", event,
                  {{"Authorization", "Bearer " + write}, {"Content-Type", "application/json"}})
                .status,
            200);

  auto r = Fetch(port, "DELETE", "/api/v1/projects/shop");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["deleted"]["name"], "shop");
  ExpectJsonError(Fetch(port, "GET", "/api/v1/stats?project=shop"), 404, "not_found");
  ExpectJsonError(Fetch(port, "GET", "/api/v1/stats", "", {{"Authorization", "Bearer " + secret}}),
                  401, "unauthenticated");
  ExpectJsonError(
      Fetch(port, "POST", "/api/v1/events", event,
            {{"Authorization", "Bearer " + write}, {"Content-Type", "application/json"}}),
      401, "unauthenticated");
  EXPECT_EQ(json::parse(Fetch(port, "GET", "/api/v1/projects").body)["projects"].size(), 1u);
  ExpectJsonError(Fetch(port, "DELETE", "/api/v1/projects/shop"), 404, "not_found");
  ExpectJsonError(Fetch(port, "DELETE", "/api/v1/projects/default"), 409, "failed_precondition");

  // The name is free again: a new project of that name starts empty, with a new id.
  r = Fetch(port, "POST", "/api/v1/projects", R"({"name": "shop"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["id"], 3);
  r = Fetch(port, "GET", "/api/v1/stats?project=shop&persons=false");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["events"], 0);
}

TEST_F(ServerTest, DeletingProjectsNeedsTheOperatorsAccess) {
  ProjectInfo shop;
  ASSERT_TRUE(catalog_->CreateProject("shop", "UTC", &shop).ok());
  ServerOptions o = TestOptions();
  o.require_auth = true;
  StartServer(o);
  const uint16_t port = server_->port();
  ExpectJsonError(Fetch(port, "DELETE", "/api/v1/projects/shop"), 403, "permission_denied");
  // A project's own secret key may read and change it, not delete it.
  ExpectJsonError(Fetch(port, "DELETE", "/api/v1/projects/shop", "",
                        {{"Authorization", "Bearer " + SecretKey("shop")}}),
                  403, "permission_denied");
  EXPECT_EQ(catalog_->ListProjects().size(), 2u);
}

TEST_F(ServerTest, RequireAuthNeedsTheSecretKey) {
  ProjectInfo shop;
  ASSERT_TRUE(catalog_->CreateProject("shop", "UTC", &shop).ok());
  ServerOptions o = TestOptions();
  o.require_auth = true;
  StartServer(o);
  uint16_t port = server_->port();
  ExpectJsonError(Fetch(port, "GET", "/api/v1/stats"), 401, "unauthenticated");
  ExpectJsonError(Fetch(port, "GET", "/api/v1/stats", "", {{"Authorization", "Bearer gls_wrong"}}),
                  401, "unauthenticated");
  ExpectJsonError(
      Fetch(port, "GET", "/api/v1/stats", "", {{"Authorization", "Bearer " + WriteKey("shop")}}),
      403, "permission_denied");
  std::string secret = SecretKey("shop");
  auto r = Fetch(port, "GET", "/api/v1/stats", "", {{"Authorization", "Bearer " + secret}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["project"], "shop");
  // A key reads only its own project.
  ExpectJsonError(Fetch(port, "GET", "/api/v1/stats?project=default", "",
                        {{"Authorization", "Bearer " + secret}}),
                  403, "permission_denied");
  r = Fetch(port, "GET", "/api/v1/projects", "", {{"Authorization", "Bearer " + secret}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["projects"].size(), 1u);
  // Liveness and metrics need no key.
  EXPECT_EQ(Fetch(port, "GET", "/healthz").status, 200);
}

TEST_F(ServerTest, ServedOpenApiDocumentIsTheOneInDocs) {
  StartServer();
  auto r = Fetch(server_->port(), "GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  std::ifstream in(std::string(GROWLOOP_TEST_DATA_DIR) + "/../../docs/openapi.json");
  ASSERT_TRUE(in.good()) << "docs/openapi.json not found";
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(r.body, file.str())
      << "docs/openapi.json changed: regenerate src/server/openapi_document.cc";
}

TEST(OpenApi, DocumentDescribesExactlyTheRouteTable) {
  json doc = json::parse(OpenApiDocument());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> in_doc;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      in_doc.insert(m + " " + path);
    }
  }
  std::set<std::string> in_table;
  ApiContext context;
  RouteTable routes = StandardRoutes(context);
  for (const Route& route : routes.routes()) {
    in_table.insert(route.method + " " + route.pattern);
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json& op = doc["paths"][route.pattern][method];
    EXPECT_EQ(op.value("summary", ""), route.help) << route.pattern;
    EXPECT_EQ(op.value("x-mutates-state", !route.mutates_state), route.mutates_state)
        << route.pattern;
  }
  EXPECT_EQ(in_doc, in_table);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsAndReturns) {
  StartServer();
  uint16_t port = server_->port();
  TestClient idle(port);
  ASSERT_EQ(idle.Send("GET", "/healthz").status, 200);
  server_->Stop();
  // The idle connection was closed by the server: the next request on it fails.
  EXPECT_EQ(idle.Send("GET", "/healthz").status, -1);
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  boost::system::error_code ec;
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  EXPECT_TRUE(ec) << "still accepting after Stop()";
}

// A handler sees request.cancelled turn true when its client goes away mid-request, and never
// while the client waits for the answer.
TEST_F(ServerTest, ClientThatDisconnectsCancelsItsRequest) {
  std::mutex mu;
  std::condition_variable cv;
  int finished = 0;
  std::vector<bool> saw;  // per finished request: whether it saw the cancellation
  RouteTable routes;
  routes.Add({"GET", "/wait", "Waits for cancellation, at most ?ms milliseconds.", false,
              [&](const HttpRequest& req, HttpResponse* resp) {
                const int ms = std::stoi(req.Query("ms", "20000"));
                const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
                bool cancelled = false;
                while (std::chrono::steady_clock::now() < until) {
                  if (req.cancelled != nullptr && req.cancelled->load()) {
                    cancelled = true;
                    break;
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
                *resp = JsonResponse({{"cancelled", cancelled}});
                std::lock_guard<std::mutex> lock(mu);
                saw.push_back(cancelled);
                ++finished;
                cv.notify_all();
                return Status::Ok();
              }});
  ASSERT_TRUE(HttpServer::Start(TestOptions(), std::move(routes), &server_).ok());

  // A client that waits gets its answer, not cancelled (the handler waits 500 ms, several
  // rounds of the server's check).
  auto r = Fetch(server_->port(), "GET", "/wait?ms=500");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["cancelled"], false);

  // A client that sends its request and closes the connection.
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    const std::string request = "GET /wait HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the handler start
    socket.close();
  }
  std::unique_lock<std::mutex> lock(mu);
  // The handler gives up by itself after 20 s; the cancellation comes long before.
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return finished == 2; }));
  EXPECT_EQ(saw, std::vector<bool>({false, true}));
}

// Stop() cancels the requests still running instead of waiting out their handlers.
TEST_F(ServerTest, StopCancelsRequestsInFlight) {
  std::atomic<bool> started{false}, saw_cancel{false};
  RouteTable routes;
  routes.Add({"GET", "/wait", "Waits for cancellation, at most 20 s.", false,
              [&](const HttpRequest& req, HttpResponse* resp) {
                started = true;
                const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
                while (std::chrono::steady_clock::now() < until) {
                  if (req.cancelled != nullptr && req.cancelled->load()) {
                    saw_cancel = true;
                    break;
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
                *resp = JsonResponse({{"cancelled", saw_cancel.load()}});
                return Status::Ok();
              }});
  ServerOptions o = TestOptions();
  o.shutdown_grace_seconds = 30;
  ASSERT_TRUE(HttpServer::Start(o, std::move(routes), &server_).ok());
  std::thread client([port = server_->port()] { Fetch(port, "GET", "/wait"); });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server_->Stop();
  client.join();
  EXPECT_TRUE(saw_cancel);
}

TEST(ServerStart, BusyPortIsIoErrorNamingTheAddress) {
  RouteTable a;
  std::unique_ptr<HttpServer> first, second;
  ServerOptions o = TestOptions();
  ASSERT_TRUE(HttpServer::Start(o, std::move(a), &first).ok());
  o.port = first->port();
  Status s = HttpServer::Start(o, RouteTable(), &second);
  EXPECT_EQ(s.code(), ErrorCode::kIoError);
  EXPECT_NE(s.message().find("127.0.0.1:" + std::to_string(o.port)), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace growloop
