// Every SDK's captured messages decode into the events the SDK meant: names, ids, times,
// properties; credentials are found and never stored; non-event messages are counted apart.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "capture/capture_decoder.h"

namespace growloop {
namespace {

using nlohmann::json;

// The captured requests of one SDK (tests/data/compat/<sdk>/requests.jsonl).
std::vector<json> Captured(const std::string& sdk) {
  std::ifstream in(std::string(GROWLOOP_TEST_DATA_DIR) + "/compat/" + sdk + "/requests.jsonl");
  std::vector<json> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  EXPECT_FALSE(out.empty()) << sdk;
  return out;
}

const json* FirstWithPath(const std::vector<json>& requests, const std::string& path) {
  for (const json& r : requests) {
    if (r["path"] == path) return &r;
  }
  return nullptr;
}

constexpr int64_t kReceived = 1'795'400'000'000'000;  // 2026-11-22T23:33:20Z

DecodedCapture Decode(CaptureFormat format, const std::string& body) {
  CaptureDecoder decoder(CaptureLimits{});
  DecodedCapture out;
  Status s = decoder.Decode(format, body, kReceived, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string StringProperty(const EventBatch& b, size_t row, std::string_view name) {
  for (const PropertyColumn& c : b.properties()) {
    if (c.name == name && c.type == ValueType::kString && c.valid[row]) {
      return std::string(c.strings.Get(row));
    }
  }
  return "<unset>";
}

bool HasProperty(const EventBatch& b, std::string_view name) {
  for (const PropertyColumn& c : b.properties()) {
    if (c.name == name) return true;
  }
  return false;
}

TEST(CaptureDecoder, SegmentBatchKeepsEveryCallWithItsIdsAndKey) {
  const std::vector<json> requests = Captured("segment");
  const json* r = FirstWithPath(requests, "/v1/batch");
  ASSERT_NE(r, nullptr);
  const json& body = (*r)["json"];
  DecodedCapture d = Decode(CaptureFormat::kSegment, body.dump());
  ASSERT_EQ(d.messages, body["batch"].size());
  EXPECT_TRUE(d.errors.empty()) << d.errors[0].message;
  ASSERT_EQ(d.events.rows(), d.messages);
  EXPECT_EQ(d.credential, body.value("writeKey", ""));
  for (size_t i = 0; i < d.events.rows(); ++i) {
    const json& m = body["batch"][i];
    EXPECT_EQ(d.events.id(i), m["messageId"].get<std::string>());
    std::string want_distinct = m.contains("userId") ? m["userId"] : m["anonymousId"];
    EXPECT_EQ(d.events.distinct_id(i), want_distinct);
    if (m["type"] == "track") {
      EXPECT_EQ(d.events.event(i), m["event"].get<std::string>());
    } else {
      EXPECT_EQ(d.events.event(i), "$" + m["type"].get<std::string>());
    }
  }
}

TEST(CaptureDecoder, PostHogBatchMapsUuidDistinctIdAndAnonymousId) {
  const std::vector<json> requests = Captured("posthog");
  const json* r = FirstWithPath(requests, "/batch/");
  ASSERT_NE(r, nullptr);
  const json& body = (*r)["json"];
  DecodedCapture d = Decode(CaptureFormat::kPostHog, body.dump());
  EXPECT_EQ(d.credential, "phc_test_project_token");
  ASSERT_TRUE(d.errors.empty()) << d.errors[0].message;
  ASSERT_EQ(d.events.rows(), body["batch"].size());
  bool saw_identify = false;
  for (size_t i = 0; i < d.events.rows(); ++i) {
    const json& m = body["batch"][i];
    EXPECT_EQ(d.events.id(i), m["uuid"].get<std::string>());
    EXPECT_EQ(d.events.event(i), m["event"].get<std::string>());
    EXPECT_EQ(d.events.distinct_id(i), m["distinct_id"].get<std::string>());
    if (m["event"] == "$identify") {
      saw_identify = true;
      EXPECT_EQ(d.events.anonymous_id(i), m["properties"]["$anon_distinct_id"].get<std::string>());
      EXPECT_EQ(StringProperty(d.events, i, "$set.email"), m["properties"]["$set"]["email"]);
    }
  }
  EXPECT_TRUE(saw_identify);
  EXPECT_FALSE(HasProperty(d.events, "api_key"));
}

TEST(CaptureDecoder, AmplitudeEventsUseEventTypeDeviceIdAndEventProperties) {
  const std::vector<json> requests = Captured("amplitude");
  const json* r = FirstWithPath(requests, "/2/httpapi");
  ASSERT_NE(r, nullptr);
  const json& body = (*r)["json"];
  DecodedCapture d = Decode(CaptureFormat::kAmplitude, body.dump());
  EXPECT_EQ(d.credential, body["api_key"].get<std::string>());
  ASSERT_TRUE(d.errors.empty()) << d.errors[0].message;
  ASSERT_EQ(d.events.rows(), body["events"].size());
  for (size_t i = 0; i < d.events.rows(); ++i) {
    const json& m = body["events"][i];
    EXPECT_EQ(d.events.event(i), m["event_type"].get<std::string>());
    EXPECT_EQ(d.events.id(i), m["insert_id"].get<std::string>());
    EXPECT_EQ(d.events.ts(i), m["time"].get<int64_t>() * 1000);
    std::string want = m.contains("user_id") ? m["user_id"] : m["device_id"];
    EXPECT_EQ(d.events.distinct_id(i), want);
    if (m.contains("device_id")) {
      EXPECT_EQ(d.events.anonymous_id(i), m["device_id"].get<std::string>());
    }
  }
  EXPECT_EQ(StringProperty(d.events, 0, "run_id"), body["events"][0]["event_properties"]["run_id"]);
}

TEST(CaptureDecoder, MixpanelReadsCoreFieldsInsideProperties) {
  std::vector<json> events;
  std::string token;
  for (const json& r : Captured("mixpanel")) {
    if ((r["path"] != "/track" && r["path"] != "/import") || !r.contains("sdk_decoded")) continue;
    const json& data = r["sdk_decoded"]["mixpanel_data"];
    DecodedCapture d = Decode(CaptureFormat::kMixpanel, data.dump());
    ASSERT_TRUE(d.errors.empty()) << d.errors[0].message << " in " << data.dump();
    std::vector<json> sent = data.is_array() ? data.get<std::vector<json>>() : std::vector<json>{data};
    ASSERT_EQ(d.events.rows(), sent.size());
    for (size_t i = 0; i < sent.size(); ++i) {
      const json& p = sent[i]["properties"];
      EXPECT_EQ(d.events.event(i), sent[i]["event"].get<std::string>());
      if (p.contains("$insert_id")) {
        EXPECT_EQ(d.events.id(i), p["$insert_id"].get<std::string>());
      }
      if (p.contains("$user_id")) {
        EXPECT_EQ(d.events.distinct_id(i), p["$user_id"].get<std::string>());
      } else if (p.contains("distinct_id")) {
        EXPECT_EQ(d.events.distinct_id(i), p["distinct_id"].get<std::string>());
      }
      if (p.contains("time")) {
        int64_t t = p["time"].get<int64_t>();
        EXPECT_EQ(d.events.ts(i), t < 100'000'000'000 ? t * 1'000'000 : t * 1000);
      }
    }
    EXPECT_FALSE(HasProperty(d.events, "token"));
    token = d.credential;
    events.insert(events.end(), sent.begin(), sent.end());
  }
  EXPECT_GE(events.size(), 3u);
  EXPECT_EQ(token, "test-mixpanel-token");
}

TEST(CaptureDecoder, SensorsStoresTrackCallsAndProfileUpdatesAsEvents) {
  size_t tracks = 0, profiles = 0;
  for (const json& r : Captured("sensors")) {
    if (!r.contains("sdk_decoded")) continue;
    const json& list = r["sdk_decoded"]["sensors_data_list"];
    DecodedCapture d = Decode(CaptureFormat::kSensors, list.dump());
    ASSERT_TRUE(d.errors.empty()) << d.errors[0].message;
    size_t row = 0, items = 0;
    for (const json& m : list) {
      std::string type = m["type"];
      if (type.rfind("item_", 0) == 0) {
        ++items;  // catalogue items, not events
        continue;
      }
      bool track = type == "track" || type == "track_signup";
      ++(track ? tracks : profiles);
      ASSERT_LT(row, d.events.rows());
      EXPECT_EQ(d.events.event(row), track ? m["event"].get<std::string>() : "$" + type);
      EXPECT_EQ(d.events.distinct_id(row), m["distinct_id"].get<std::string>());
      EXPECT_EQ(d.events.id(row), "sa:" + std::to_string(m["_track_id"].get<int64_t>()) + ":" +
                                      m["distinct_id"].get<std::string>() + ":" +
                                      std::to_string(m["time"].get<int64_t>()));
      if (type == "track_signup") {
        EXPECT_EQ(d.events.anonymous_id(row), m["original_id"].get<std::string>());
      }
      ++row;
    }
    EXPECT_EQ(row, d.events.rows());
    EXPECT_EQ(d.not_events, items);
  }
  EXPECT_GT(tracks, 0u);
  EXPECT_GT(profiles, 0u);
}

TEST(CaptureDecoder, BadMessagesAreRejectedOneByOneAndTheRestKept) {
  std::string body = R"({"events":[
      {"event":"ok","distinct_id":"u1","id":"a","timestamp":"2026-11-22T10:00:00Z"},
      {"distinct_id":"u1","id":"b"},
      {"event":"late","distinct_id":"u1","id":"c","timestamp":"1999-01-01T00:00:00Z"},
      17,
      {"event":"no time","distinct_id":"u2","id":"d"}]})";
  DecodedCapture d = Decode(CaptureFormat::kNative, body);
  EXPECT_EQ(d.messages, 5u);
  ASSERT_EQ(d.events.rows(), 2u);
  EXPECT_EQ(d.events.event(0), "ok");
  EXPECT_EQ(d.events.event(1), "no time");
  EXPECT_EQ(d.events.ts(1), kReceived);  // no timestamp: the time received
  ASSERT_EQ(d.errors.size(), 3u);
  EXPECT_EQ(d.errors[0].index, 1u);
  EXPECT_EQ(d.errors[0].reason, RejectReason::kMissingEvent);
  EXPECT_EQ(d.errors[1].index, 2u);
  EXPECT_EQ(d.errors[1].reason, RejectReason::kTimestampOutOfRange);
  EXPECT_EQ(d.errors[2].index, 3u);
  EXPECT_EQ(d.errors[2].reason, RejectReason::kMalformedJson);
}

TEST(CaptureDecoder, AMisspelledNullIsRejectedNotThrown) {
  // JSON types are told by their first byte: "nul" looks like null and must be refused cleanly.
  for (const char* body : {R"([{"event":"e","distinct_id":"u","x":nul}])",
                           R"([{"event":nulx,"distinct_id":"u"}])",
                           R"([{"event":"e","distinct_id":nu}])"}) {
    DecodedCapture d = Decode(CaptureFormat::kNative, body);
    ASSERT_EQ(d.errors.size(), 1u) << body;
    EXPECT_EQ(d.errors[0].reason, RejectReason::kMalformedJson) << body;
    EXPECT_EQ(d.events.rows(), 0u);
  }
}

TEST(CaptureDecoder, ABodyOfTheWrongShapeFailsAsAWhole) {
  CaptureDecoder decoder(CaptureLimits{});
  DecodedCapture d;
  EXPECT_EQ(decoder.Decode(CaptureFormat::kSegment, "{\"batch\":", kReceived, &d).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoder.Decode(CaptureFormat::kAmplitude, "{\"events\":{}}", kReceived, &d).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoder.Decode(CaptureFormat::kPostHog, "\"text\"", kReceived, &d).code(),
            ErrorCode::kInvalidArgument);
  CaptureLimits small;
  small.max_events_per_request = 2;
  CaptureDecoder strict(small);
  EXPECT_EQ(strict.Decode(CaptureFormat::kNative, "[{},{},{}]", kReceived, &d).code(),
            ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace growloop
