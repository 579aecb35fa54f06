#include <gtest/gtest.h>

#include "capture/capture_decoder.h"
#include "identity/identity_links.h"

namespace growloop {
namespace {

std::vector<IdentityLink> LinksOf(CaptureFormat format, const std::string& body) {
  CaptureDecoder decoder(CaptureLimits{});
  DecodedCapture d;
  Status s = decoder.Decode(format, body, 1'795'400'000'000'000, &d);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(d.errors.empty()) << d.errors[0].message;
  std::vector<IdentityLink> links;
  ExtractIdentityLinks(d.events, &links);
  return links;
}

void ExpectLinks(const std::vector<IdentityLink>& got,
                 const std::vector<std::tuple<std::string, std::string, bool>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].from, std::get<0>(want[i])) << i;
    EXPECT_EQ(got[i].to, std::get<1>(want[i])) << i;
    EXPECT_EQ(got[i].identify, std::get<2>(want[i])) << i;
  }
}

TEST(IdentityLinks, EverySdksIdentifyAndAliasCallsLinkTheirIds) {
  ExpectLinks(LinksOf(CaptureFormat::kSegment, R"({"batch":[
      {"type":"track","event":"a","anonymousId":"anon1","messageId":"1"},
      {"type":"identify","userId":"u1","anonymousId":"anon1","messageId":"2"},
      {"type":"track","event":"b","userId":"u1","anonymousId":"anon1","messageId":"3"},
      {"type":"alias","userId":"u1","previousId":"old1","messageId":"4"}]})"),
              {{"anon1", "u1", true}, {"old1", "u1", false}});
  ExpectLinks(LinksOf(CaptureFormat::kPostHog, R"({"batch":[
      {"event":"$identify","distinct_id":"u2","uuid":"1","properties":{"$anon_distinct_id":"anon2"}},
      {"event":"$create_alias","distinct_id":"u2","uuid":"2","properties":{"alias":"other2"}}]})"),
              {{"anon2", "u2", true}, {"other2", "u2", false}});
  ExpectLinks(LinksOf(CaptureFormat::kMixpanel, R"([
      {"event":"Logged In","properties":{"distinct_id":"u3","$device_id":"dev3","$user_id":"u3"}},
      {"event":"$create_alias","properties":{"distinct_id":"u3","alias":"a3"}}])"),
              {{"dev3", "u3", true}, {"a3", "u3", false}});
  ExpectLinks(LinksOf(CaptureFormat::kAmplitude, R"({"events":[
      {"event_type":"x","user_id":"u4","device_id":"dev4","insert_id":"1"},
      {"event_type":"y","device_id":"dev5","insert_id":"2"}]})"),
              {{"dev4", "u4", true}});
  ExpectLinks(LinksOf(CaptureFormat::kSensors, R"([
      {"_track_id":1,"type":"track_signup","event":"$SignUp","time":1795354354994,
       "distinct_id":"login6","original_id":"anon6","properties":{}}])"),
              {{"anon6", "login6", true}});
}

TEST(IdentityLinks, EventsOfOnePersonWithoutALinkGiveNone) {
  ExpectLinks(LinksOf(CaptureFormat::kNative, R"([
      {"event":"a","distinct_id":"u7"},{"event":"b","anonymous_id":"anon7"},
      {"event":"c","distinct_id":"u7","anonymous_id":"u7"}])"),
              {});
}

}  // namespace
}  // namespace growloop
