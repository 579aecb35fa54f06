// The console's data import through a real server on port 0: a CSV or JSON Lines file sent whole
// as the body of POST /api/v1/import is imported as `growloop import` would, with its summary; the
// upload route takes bodies up to limits.max_upload_bytes while every other route keeps
// limits.max_request_bytes; the errors name the field; the write key is refused.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "unit/server_project_fixture.h"
#include "unit/server_test_client.h"

namespace growloop {
namespace {

using growloop::testing::ClientResponse;
using growloop::testing::Fetch;
using nlohmann::json;

class ImportHttpTest : public growloop::testing::ProjectServerTest {
 protected:
  void SetUp() override {
    ProjectServerTest::SetUp();
    ServerOptions o = Options();
    o.require_auth = false;  // keyless from loopback, as the console on the server's machine
    o.max_request_bytes = 4096;
    o.max_upload_bytes = 1 << 20;
    StartServer(o);
  }
  ClientResponse Post(const std::string& target, const std::string& body,
                      std::map<std::string, std::string> headers = {}) {
    headers["Content-Type"] = "application/octet-stream";
    return Fetch(server_->port(), "POST", target, body, headers);
  }
  // The files left in the directory uploads are written to while they arrive.
  size_t UploadFilesLeft() {
    std::error_code ec;
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_.Sub("uploads"), ec)) {
      (void)e;
      ++n;
    }
    return n;
  }
  uint64_t StoredEvents() {
    StoreStats stats;
    EXPECT_TRUE(catalog_->Stats(project_.id, false, &stats).ok());
    return stats.events;
  }

  // `rows` events of a CSV file, one bad row (no timestamp) after the first.
  static std::string Csv(int rows) {
    std::string csv = "event_id,ts,user_id,anonymous_id,event,amount\n";
    for (int i = 0; i < rows; ++i) {
      csv += "e" + std::to_string(i) + ",2026-03-01T10:" + std::to_string(10 + i % 50) + ":00Z,u" +
             std::to_string(i % 7) + ",,purchase," + std::to_string(i) + ".5\n";
      if (i == 0) csv += "bad,,u1,,purchase,1\n";
    }
    return csv;
  }
};

TEST_F(ImportHttpTest, AFileLargerThanARequestIsImportedWithItsSummary) {
  const std::string csv = Csv(3000);  // about 150 KB: past max_request_bytes, within the upload's
  ASSERT_GT(csv.size(), 4096u);
  ClientResponse r = Post("/api/v1/import?name=march.csv", csv);
  ASSERT_EQ(r.status, 200) << r.body;
  json summary = json::parse(r.body);
  EXPECT_EQ(summary["project"], "default");
  EXPECT_EQ(summary["rows_read"], 3001);
  EXPECT_EQ(summary["accepted"], 3000);
  EXPECT_EQ(summary["rejected"], 1);
  ASSERT_EQ(summary["first_rejections"].size(), 1u);
  EXPECT_EQ(summary["first_rejections"][0]["file"], "march.csv");
  EXPECT_EQ(summary["first_rejections"][0]["line"], 3);
  EXPECT_EQ(summary["first_rejections"][0]["reason"], "bad_timestamp");
  EXPECT_EQ(StoredEvents(), 3000u);

  // The same file again: every event is a duplicate, nothing is stored twice.
  r = Post("/api/v1/import", csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["duplicates"], 3000);
  EXPECT_EQ(StoredEvents(), 3000u);

  // JSON Lines, named by `format`.
  r = Post(
      "/api/v1/import?format=jsonl",
      R"({"id": "j1", "timestamp": "2026-03-02T08:00:00Z", "distinct_id": "u9", "event": "signup"})"
      "\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["accepted"], 1);
  EXPECT_EQ(StoredEvents(), 3001u);
}

TEST_F(ImportHttpTest, LimitsAndErrorsNameWhatIsWrong) {
  // Other routes keep limits.max_request_bytes.
  ClientResponse r = Post("/api/v1/events", std::string(8000, ' '));
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(r.body.find("max_request_bytes"), std::string::npos) << r.body;
  // The upload route stops at limits.max_upload_bytes, and says so.
  r = Post("/api/v1/import", Csv(30000));
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(r.body.find("max_upload_bytes"), std::string::npos) << r.body;

  r = Post("/api/v1/import?format=xlsx", Csv(2));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "format");
  r = Post("/api/v1/import", "");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "body");
  r = Post("/api/v1/import?format=csv", "a,a\n1,2\n");  // a header with a duplicate column
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["field"], "body");
  EXPECT_EQ(StoredEvents(), 0u);

  // SDKs' write key may send events, not import files.
  r = Post("/api/v1/import", Csv(2), {{"Authorization", "Bearer " + write_}});
  EXPECT_EQ(r.status, 403) << r.body;
  r = Post("/api/v1/import", Csv(2), {{"Authorization", "Bearer " + secret_}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StoredEvents(), 2u);
}

TEST_F(ImportHttpTest, TheBodyGoesToDiskAsItArrivesAndIsRemovedOnceAnswered) {
  // Answered, refused by the route, refused by the limit, refused by the key: no file is left.
  EXPECT_EQ(Post("/api/v1/import", Csv(100)).status, 200);
  EXPECT_EQ(Post("/api/v1/import?format=csv", "a,a\n1,2\n").status, 400);
  EXPECT_EQ(Post("/api/v1/import", Csv(30000)).status, 413);
  EXPECT_EQ(Post("/api/v1/import", Csv(2), {{"Authorization", "Bearer " + write_}}).status, 403);
  EXPECT_EQ(UploadFilesLeft(), 0u);

  // gzip-compressed with Content-Encoding: kept compressed on disk, read by the importer.
  const std::string csv = Csv(500);
  ClientResponse r =
      Post("/api/v1/import?name=g.csv", testing::Gzip(csv, 6), {{"Content-Encoding", "gzip"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["rows_read"], 501);
  EXPECT_EQ(StoredEvents(), 500u);
  r = Post("/api/v1/import", csv, {{"Content-Encoding", "br"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("Content-Encoding"), std::string::npos) << r.body;
  EXPECT_EQ(UploadFilesLeft(), 0u);

  // A client that goes away in the middle of its upload leaves nothing behind either.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server_->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string head =
      "POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\n\r\n" + csv;
  ASSERT_EQ(::send(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  // The server has begun the file once the request shows in the uploads directory.
  for (int i = 0; i < 500 && UploadFilesLeft() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(UploadFilesLeft(), 1u);
  ::close(fd);
  for (int i = 0; i < 500 && UploadFilesLeft() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(UploadFilesLeft(), 0u);
  EXPECT_EQ(StoredEvents(), 500u);
}

// Sends `head` (a request header and perhaps the start of its body) on a new connection and
// returns what the server answers before the rest is sent (empty after 10 s of silence).
std::string AnswerToHeader(uint16_t port, const std::string& head) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string answer;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::send(fd, head.data(), head.size(), 0) == static_cast<ssize_t>(head.size())) {
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n > 0) answer.assign(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

TEST_F(ImportHttpTest, WhoMayNotImportIsRefusedBeforeTheBodyIsRead) {
  // 400 KB announced, 20 bytes sent: the refusal comes from the header alone, and nothing is
  // written to disk.
  const std::string start = "event_id,ts,user_id\n";
  std::string answer = AnswerToHeader(
      server_->port(), "POST /api/v1/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           write_ + "\r\nContent-Length: 400000\r\n\r\n" + start);
  EXPECT_EQ(answer.rfind("HTTP/1.1 403", 0), 0u) << answer;
  EXPECT_NE(answer.find("permission_denied"), std::string::npos) << answer;
  answer = AnswerToHeader(server_->port(),
                          "POST /api/v1/import?project=nowhere HTTP/1.1\r\nHost: x\r\n"
                          "Content-Length: 400000\r\n\r\n" +
                              start);
  EXPECT_EQ(answer.rfind("HTTP/1.1 404", 0), 0u) << answer;
  answer = AnswerToHeader(server_->port(),
                          "POST /api/v1/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          "gls_unknownunknownunknownunknownun\r\nContent-Length: 400000\r\n\r\n" +
                              start);
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer;
  EXPECT_EQ(UploadFilesLeft(), 0u);
  EXPECT_EQ(StoredEvents(), 0u);
}

}  // namespace
}  // namespace growloop
