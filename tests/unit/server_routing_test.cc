#include <gtest/gtest.h>

#include "server/body_decoder.h"
#include "server/http_types.h"
#include "server/route_table.h"

namespace growloop {
namespace {

TEST(RoutePattern, BracedSegmentCapturesOneSegment) {
  std::map<std::string, std::string> params;
  EXPECT_TRUE(MatchPattern("/api/v1/projects/{project}/keys", "/api/v1/projects/shop/keys",
                           &params));
  EXPECT_EQ(params["project"], "shop");
  EXPECT_FALSE(MatchPattern("/api/v1/projects/{project}", "/api/v1/projects/", nullptr));
  EXPECT_FALSE(MatchPattern("/api/v1/projects/{project}", "/api/v1/projects/a/b", nullptr));
  EXPECT_FALSE(MatchPattern("/healthz", "/healthz/", nullptr));
  EXPECT_TRUE(MatchPattern("/healthz", "/healthz", nullptr));
}

TEST(RouteTable, MatchDistinguishesUnknownPathFromWrongMethod) {
  RouteTable t;
  auto ok = [](const HttpRequest&, HttpResponse*) { return Status::Ok(); };
  t.Add({"GET", "/a", "a", false, ok});
  t.Add({"POST", "/a", "a", true, ok});
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  ASSERT_TRUE(t.Match("POST", "/a", &route, &params).ok());
  EXPECT_TRUE(route->mutates_state);
  Status s = t.Match("DELETE", "/a", &route, &params);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("allowed: GET, POST"), std::string::npos) << s.message();
  EXPECT_EQ(t.Match("GET", "/b", &route, &params).code(), ErrorCode::kNotFound);
}

TEST(ParseTarget, DecodesPathAndQuery) {
  std::string path;
  std::multimap<std::string, std::string> query;
  ASSERT_TRUE(ParseTarget("/api/v1/stats?project=my%20shop&x=a+b&flag", &path, &query).ok());
  EXPECT_EQ(path, "/api/v1/stats");
  EXPECT_EQ(query.find("project")->second, "my shop");
  EXPECT_EQ(query.find("x")->second, "a b");
  EXPECT_EQ(query.count("flag"), 1u);
  EXPECT_EQ(ParseTarget("/a?x=%zz", &path, &query).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseTarget("/a?x=%4", &path, &query).code(), ErrorCode::kInvalidArgument);
}

TEST(ErrorResponse, CarriesCodeMessageAndMappedStatus) {
  HttpResponse r = ErrorResponse(InvalidArgument("project: must not be empty"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"error":{"code":"invalid_argument","message":"project: must not be empty"}})");
  EXPECT_EQ(ErrorResponse({ErrorCode::kPayloadTooLarge, "x"}).status, 413);
}

TEST(FormatTimestampUtc, RendersMicrosecondsInUtc) {
  EXPECT_EQ(FormatTimestampUtc(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestampUtc(1'709'251'200'000'001), "2024-03-01T00:00:00.000001Z");
  EXPECT_EQ(FormatTimestampUtc(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(DecodeBody, IdentityIsLimitedToo) {
  std::string out;
  EXPECT_TRUE(DecodeBody("", "abc", 3, &out).ok());
  EXPECT_EQ(out, "abc");
  EXPECT_EQ(DecodeBody("identity", "abcd", 3, &out).code(), ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace growloop
