// The web console's files through a real server on port 0 (pages, client-side routes, cache
// headers, gzip, ETag revalidation, API paths never answered with the page), and the live tail
// of accepted events (GET /api/v1/events/tail and Catalog::Recent).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "server/body_decoder.h"
#include "server/console_files.h"
#include "server/http_server.h"
#include "test_util.h"
#include "unit/server_test_client.h"

namespace growloop {
namespace {

using growloop::testing::ClientResponse;
using growloop::testing::Fetch;
using nlohmann::json;

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class ConsoleHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CatalogOptions co;
    co.data_dir = data_.path();
    co.store.background_compaction = false;
    ASSERT_TRUE(Catalog::Open(Env::Default(), co, &catalog_).ok());
    ASSERT_TRUE(catalog_->FindProject("default", &project_).ok());
    const std::filesystem::path web = web_.path();
    WriteFile(web / "index.html", index_);
    for (int i = 0; i < 200; ++i) script_ += "console.log('line " + std::to_string(i) + "');\n";
    WriteFile(web / "assets" / "app-1a2b.js", script_);
    WriteFile(web / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  void StartServer(bool with_console) {
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.shutdown_grace_seconds = 5;
    if (with_console) {
      ASSERT_TRUE(ConsoleFiles::Load(web_.path(), &o.console).ok());
    }
    ASSERT_TRUE(HttpServer::Start(o, catalog_.get(), &server_).ok());
  }
  ClientResponse Get(const std::string& target,
                     const std::map<std::string, std::string>& headers = {}) {
    return Fetch(server_->port(), "GET", target, "", headers);
  }

  testing::TempDir data_, web_;
  std::unique_ptr<Catalog> catalog_;
  ProjectInfo project_;
  std::unique_ptr<HttpServer> server_;
  const std::string index_ = "<!doctype html><title>console</title><div id=root></div>";
  std::string script_;
};

TEST_F(ConsoleHttpTest, ServesThePageItsFilesAndClientRoutes) {
  StartServer(true);
  ClientResponse r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, index_);
  EXPECT_EQ(r.headers["Content-Type"], "text/html; charset=utf-8");
  EXPECT_EQ(r.headers["Cache-Control"], "no-cache");
  EXPECT_NE(r.headers["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  // A client-side route gets the page; a missing file does not.
  EXPECT_EQ(Get("/insights").body, index_);
  EXPECT_EQ(Get("/missing.js").status, 404);
  // API paths never get the page.
  ClientResponse api = Get("/api/v1/nope");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(json::parse(api.body)["error"]["code"], "not_found");

  ClientResponse svg = Get("/favicon.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.headers["Content-Type"], "image/svg+xml");
  EXPECT_EQ(svg.headers["Cache-Control"], "no-cache");

  // Hashed assets: cached for good; gzip for clients that take it.
  ClientResponse plain = Get("/assets/app-1a2b.js");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, script_);
  EXPECT_EQ(plain.headers.count("Content-Encoding"), 0u);
  EXPECT_EQ(plain.headers["Cache-Control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.headers["Content-Type"], "text/javascript; charset=utf-8");
  ClientResponse gz = Get("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(gz.headers["Content-Encoding"], "gzip");
  EXPECT_LT(gz.body.size(), script_.size() / 4);
  std::string unzipped;
  ASSERT_TRUE(DecodeBody("gzip", gz.body, 1 << 20, &unzipped).ok());
  EXPECT_EQ(unzipped, script_);

  // Revalidation: the same ETag gets 304 and no body.
  const std::string etag = plain.headers["ETag"];
  ASSERT_FALSE(etag.empty());
  ClientResponse again = Get("/assets/app-1a2b.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Get("/assets/app-1a2b.js", {{"If-None-Match", "\"other\""}}).status, 200);
  // The gzip form has an ETag of its own.
  const std::string gz_etag = gz.headers["ETag"];
  EXPECT_NE(gz_etag, etag);
  EXPECT_EQ(
      Get("/assets/app-1a2b.js", {{"If-None-Match", gz_etag}, {"Accept-Encoding", "gzip"}}).status,
      304);
  EXPECT_EQ(Get("/assets/app-1a2b.js", {{"If-None-Match", gz_etag}}).status, 200);
}

TEST_F(ConsoleHttpTest, WithoutAConsoleThePageIsANotFoundThatSaysHowToBuildIt) {
  StartServer(false);
  ClientResponse r = Get("/");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(
      json::parse(r.body)["error"]["message"].get<std::string>().find("console is not installed"),
      std::string::npos);
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST(ConsoleFiles, ADirectoryWithoutIndexHtmlIsNotFound) {
  testing::TempDir dir;
  std::shared_ptr<const ConsoleFiles> console;
  Status s = ConsoleFiles::Load(dir.path(), &console);
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_NE(s.message().find("index.html"), std::string::npos);
  EXPECT_EQ(console, nullptr);
}

EventBatch Events(int first, int count) {
  EventBatch b;
  for (int i = first; i < first + count; ++i) {
    const int64_t ts = 1'767'225'600'000'000 + int64_t{i} * 1'000'000;  // 2026-01-01
    b.BeginRow("e" + std::to_string(i), ts, ts, "u" + std::to_string(i % 7), "",
               i % 2 ? "purchase" : "app_open");
    b.SetNumber(b.PropertyIndex("n", ValueType::kNumber), i);
    b.EndRow();
  }
  return b;
}

TEST_F(ConsoleHttpTest, TailListsAcceptedEventsAfterASequenceNumber) {
  AppendResult r;
  ASSERT_TRUE(catalog_->Ingest(project_.id, Events(1, 3), &r).ok());
  ASSERT_TRUE(catalog_->Ingest(project_.id, Events(4, 2), &r).ok());
  // A retried batch: duplicates are not accepted, so not listed.
  ASSERT_TRUE(catalog_->Ingest(project_.id, Events(4, 2), &r).ok());
  EXPECT_EQ(r.accepted, 0u);
  StartServer(true);

  json all = json::parse(Get("/api/v1/events/tail").body);
  EXPECT_EQ(all["last_seq"], 5);
  const std::string stream = all["stream"];
  EXPECT_EQ(stream.size(), 16u);
  ASSERT_EQ(all["events"].size(), 5u);
  EXPECT_EQ(all["events"][0]["seq"], 1);
  EXPECT_EQ(all["events"][0]["id"], "e1");
  EXPECT_EQ(all["events"][0]["event"], "purchase");
  EXPECT_EQ(all["events"][0]["distinct_id"], "u1");
  EXPECT_EQ(all["events"][0]["timestamp"], "2026-01-01T00:00:01.000000Z");
  EXPECT_EQ(all["events"][0]["properties"]["n"], 1);
  EXPECT_EQ(all["events"][4]["seq"], 5);

  json after = json::parse(Get("/api/v1/events/tail?after=3").body);
  EXPECT_EQ(after["stream"], stream);
  ASSERT_EQ(after["events"].size(), 2u);
  EXPECT_EQ(after["events"][0]["id"], "e4");
  json latest = json::parse(Get("/api/v1/events/tail?limit=2").body);
  ASSERT_EQ(latest["events"].size(), 2u);
  EXPECT_EQ(latest["events"][0]["seq"], 4);
  EXPECT_TRUE(json::parse(Get("/api/v1/events/tail?after=5").body)["events"].empty());

  ClientResponse bad = Get("/api/v1/events/tail?limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("limit"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/events/tail?after=x").status, 400);
  EXPECT_EQ(Get("/api/v1/events/tail?project=nope").status, 404);
}

TEST_F(ConsoleHttpTest, TailKeepsTheLatestThousandEvents) {
  AppendResult r;
  for (int b = 0; b < 15; ++b)
    ASSERT_TRUE(catalog_->Ingest(project_.id, Events(1 + b * 100, 100), &r).ok());
  RecentEvents recent;
  ASSERT_TRUE(catalog_->Recent(project_.id, 0, Catalog::kRecentEvents, &recent).ok());
  EXPECT_EQ(recent.last_seq, 1500u);
  ASSERT_EQ(recent.events.size(), 1000u);
  EXPECT_EQ(recent.events.front().seq, 501u);
  EXPECT_EQ(recent.events.front().event.id, "e501");
  EXPECT_EQ(recent.events.back().seq, 1500u);
  // Asked from before what is kept: what is kept.
  ASSERT_TRUE(catalog_->Recent(project_.id, 10, 1000, &recent).ok());
  EXPECT_EQ(recent.events.front().seq, 501u);
  EXPECT_EQ(catalog_->Recent(12345, 0, 10, &recent).code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace growloop
