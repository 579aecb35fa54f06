// Person and group properties: every SDK's update syntax, decoded the way capture stores it,
// folds into the properties the SDK meant; the fold's operations behave as documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "capture/capture_decoder.h"
#include "identity/property_updates.h"

namespace growloop {
namespace {

using nlohmann::json;

constexpr int64_t kReceived = 1'795'400'000'000'000;  // 2026-11-22T23:33:20Z

DecodedCapture Decode(CaptureFormat format, const json& body, std::string_view event = {}) {
  CaptureDecoder decoder(CaptureLimits{});
  DecodedCapture out;
  Status s = decoder.Decode(format, body.dump(), kReceived, &out, event);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(out.errors.empty()) << out.errors.front().message;
  return out;
}

// The person properties of every row of `batch` folded in (time, id) order, as the person API
// does.
json FoldPersons(const EventBatch& batch) {
  std::vector<size_t> order(batch.rows());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return batch.ts(a) != batch.ts(b) ? batch.ts(a) < batch.ts(b) : batch.id(a) < batch.id(b);
  });
  PropertyFolder folder;
  for (size_t i : order) {
    std::vector<PropertyUpdate> updates;
    ExtractPersonUpdates(batch, i, &updates);
    folder.Apply(updates);
  }
  return folder.properties();
}

TEST(PropertyFolderTest, OperationsFollowTheirDocumentedMeaning) {
  PropertyFolder f;
  f.Apply({PropertyOp::kSet, "plan", "free"});
  f.Apply({PropertyOp::kSetOnce, "plan", "ignored"});
  f.Apply({PropertyOp::kSetOnce, "first", "a"});
  f.Apply({PropertyOp::kSet, "plan", "pro"});
  f.Apply({PropertyOp::kAdd, "logins", 2});
  f.Apply({PropertyOp::kAdd, "logins", "3"});  // text that is a number counts
  f.Apply({PropertyOp::kAdd, "logins", "x"});  // anything else adds nothing
  f.Apply({PropertyOp::kAdd, "score", 0.5});
  f.Apply({PropertyOp::kAppend, "tags", "a"});
  f.Apply({PropertyOp::kAppend, "tags", "[\"b\",\"c\"]"});  // a stored JSON array
  f.Apply({PropertyOp::kUnion, "tags", json::array({"a", "d"})});
  f.Apply({PropertyOp::kPrepend, "tags", "z"});
  f.Apply({PropertyOp::kRemove, "tags", "b"});
  f.Apply({PropertyOp::kAppend, "city", "x"});  // a scalar becomes a one-element list
  f.Apply({PropertyOp::kSet, "temp", 1});
  f.Apply({PropertyOp::kUnset, "temp", nullptr});
  f.Apply({PropertyOp::kRemove, "absent", "x"});  // removing from nothing creates nothing
  EXPECT_EQ(f.properties(), json::parse(R"({"plan":"pro","first":"a","logins":5,"score":0.5,
      "tags":["z","a","c","d"],"city":["x"]})"));
  f.Apply({PropertyOp::kClearAll, "", nullptr});
  f.Apply({PropertyOp::kSetOnce, "plan", "again"});
  EXPECT_EQ(f.properties(), json::parse(R"({"plan":"again"})"));
}

TEST(PropertyUpdatesTest, JsonRoundTrip) {
  std::vector<PropertyUpdate> in = {{PropertyOp::kClearAll, "", nullptr},
                                    {PropertyOp::kSet, "a.b", json::array({1, "x"})},
                                    {PropertyOp::kUnset, "c", nullptr},
                                    {PropertyOp::kAdd, "n", 1.5}};
  std::vector<PropertyUpdate> out;
  ASSERT_TRUE(UpdatesFromJson(UpdatesToJson(in), &out));
  EXPECT_EQ(out, in);
  EXPECT_FALSE(UpdatesFromJson("[{\"op\":\"explode\"}]", &out));
  EXPECT_FALSE(UpdatesFromJson("{}", &out));
}

TEST(PropertyUpdatesTest, PostHogSetSetOnceUnsetOnAnyEvent) {
  json body = {{"api_key", "k"},
               {"batch",
                {{{"event", "$identify"}, {"distinct_id", "u1"}, {"uuid", "e1"},
                  {"timestamp", "2026-11-20T10:00:00Z"},
                  {"properties",
                   {{"$anon_distinct_id", "a1"},
                    {"$set", {{"email", "u1@example.com"}, {"plan", "free"}}},
                    {"$set_once", {{"first_seen_run", "r1"}}}}}},
                 {{"event", "purchase"}, {"distinct_id", "u1"}, {"uuid", "e2"},
                  {"timestamp", "2026-11-20T11:00:00Z"},
                  {"properties",
                   {{"$set", {{"plan", "pro"}}},
                    {"$set_once", {{"first_seen_run", "r2"}}},
                    {"$unset", {"email"}},
                    {"$groups", {{"company", "acme"}}}}}},
                 {{"event", "$groupidentify"}, {"distinct_id", "$company_acme"}, {"uuid", "e3"},
                  {"timestamp", "2026-11-20T12:00:00Z"},
                  {"properties",
                   {{"$group_type", "company"},
                    {"$group_key", "acme"},
                    {"$group_set", {{"name", "Acme"}, {"seats", 10}}}}}}}}};
  DecodedCapture d = Decode(CaptureFormat::kPostHog, body);
  ASSERT_EQ(d.events.rows(), 3u);
  EXPECT_EQ(FoldPersons(d.events), json::parse(R"({"plan":"pro","first_seen_run":"r1"})"));
  std::vector<GroupRef> groups;
  ExtractGroupMemberships(d.events, 1, &groups);
  EXPECT_EQ(groups, (std::vector<GroupRef>{{"company", "acme"}}));
  EntityUpdate g;
  EXPECT_FALSE(ExtractGroupUpdate(d.events, 1, &g));
  ASSERT_TRUE(ExtractGroupUpdate(d.events, 2, &g));
  EXPECT_EQ(g.entity, (GroupRef{"company", "acme"}));
  EXPECT_EQ(g.id, "e3");
  PropertyFolder f;
  f.Apply(g.updates);
  EXPECT_EQ(f.properties(), json::parse(R"({"name":"Acme","seats":10})"));
}

TEST(PropertyUpdatesTest, SegmentIdentifyTraitsAndGroupCalls) {
  json body = {{"batch",
                {{{"type", "identify"}, {"anonymousId", "a1"}, {"messageId", "m1"},
                  {"timestamp", "2026-11-20T10:00:00Z"},
                  {"traits", {{"plan", "free"}, {"address", {{"city", "Hangzhou"}}}}},
                  {"context", {{"traits", {{"ignored", true}}}}}},
                 {{"type", "track"}, {"event", "Order"}, {"userId", "u1"}, {"messageId", "m2"},
                  {"timestamp", "2026-11-20T10:30:00Z"}, {"properties", {{"plan", "no"}}}},
                 {{"type", "identify"}, {"userId", "u1"}, {"anonymousId", "a1"},
                  {"messageId", "m3"}, {"timestamp", "2026-11-20T11:00:00Z"},
                  {"traits", {{"plan", "pro"}}}},
                 {{"type", "group"}, {"userId", "u1"}, {"groupId", "org-1"}, {"messageId", "m4"},
                  {"timestamp", "2026-11-20T12:00:00Z"},
                  {"traits", {{"name", "Acme"}, {"employees", 12}}}}}}};
  DecodedCapture d = Decode(CaptureFormat::kSegment, body);
  ASSERT_EQ(d.events.rows(), 4u);
  // Group traits are the group's, not the person's.
  EXPECT_EQ(FoldPersons(d.events), json::parse(R"({"plan":"pro","address.city":"Hangzhou"})"));
  std::vector<GroupRef> groups;
  ExtractGroupMemberships(d.events, 3, &groups);
  EXPECT_EQ(groups, (std::vector<GroupRef>{{"group", "org-1"}}));
  EXPECT_TRUE(MayCarryGroupUpdates(d.events));
  EntityUpdate g;
  ASSERT_TRUE(ExtractGroupUpdate(d.events, 3, &g));
  EXPECT_EQ(g.entity, (GroupRef{"group", "org-1"}));
  PropertyFolder f;
  f.Apply(g.updates);
  EXPECT_EQ(f.properties(), json::parse(R"({"name":"Acme","employees":12})"));
}

TEST(PropertyUpdatesTest, MixpanelEngageOperations) {
  auto engage = [](json m) {
    return Decode(CaptureFormat::kMixpanel, m, "$engage");
  };
  // One message per request, as the SDK sends them; later messages carry later $time.
  std::vector<json> messages = {
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100000000},
       {"$set", {{"$email", "u1@example.com"}, {"plan", "pro"}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100001000},
       {"$set_once", {{"first", "x"}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100002000}, {"$add", {{"logins", 1}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100003000}, {"$add", {{"logins", 2}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100004000},
       {"$append", {{"tags", "a"}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100005000},
       {"$union", {{"tags", {"a", "b"}}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100006000},
       {"$remove", {{"tags", "a"}}}},
      {{"$token", "t"}, {"$distinct_id", "u1"}, {"$time", 1795100007000}, {"$unset", {"plan"}}},
  };
  PropertyFolder f;
  for (const json& m : messages) {
    DecodedCapture d = engage(m);
    ASSERT_EQ(d.events.rows(), 1u) << m.dump();
    EXPECT_EQ(d.events.event(0), "$engage");
    std::vector<PropertyUpdate> u;
    ExtractPersonUpdates(d.events, 0, &u);
    EXPECT_FALSE(u.empty()) << m.dump();
    f.Apply(u);
  }
  EXPECT_EQ(f.properties(),
            json::parse(R"({"$email":"u1@example.com","first":"x","logins":3,"tags":["b"]})"));
  DecodedCapture del = engage({{"$token", "t"}, {"$distinct_id", "u1"}, {"$delete", ""}});
  std::vector<PropertyUpdate> u;
  ExtractPersonUpdates(del.events, 0, &u);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].op, PropertyOp::kClearAll);
}

TEST(PropertyUpdatesTest, MixpanelGroupsAreEntityUpdatesWithADigestId) {
  CaptureDecoder decoder(CaptureLimits{});
  DecodedCapture d;
  json m = {{"$token", "t"}, {"$group_key", "company"}, {"$group_id", "acme"},
            {"$set", {{"name", "Acme"}, {"hq", {{"city", "Shanghai"}}}}}};
  ASSERT_TRUE(decoder.DecodeMixpanelGroups(json::array({m, {{"$token", "t"}}}).dump(), kReceived, &d)
                  .ok());
  EXPECT_EQ(d.credential, "t");
  ASSERT_EQ(d.entities.size(), 1u);
  ASSERT_EQ(d.errors.size(), 1u);  // the message without a group is rejected alone
  EXPECT_EQ(d.errors[0].index, 1u);
  EXPECT_EQ(d.entities[0].entity, (GroupRef{"company", "acme"}));
  EXPECT_EQ(d.entities[0].ts_us, kReceived);
  PropertyFolder f;
  f.Apply(d.entities[0].updates);
  EXPECT_EQ(f.properties(), json::parse(R"({"name":"Acme","hq.city":"Shanghai"})"));
  // The same message again (a retry) has the same id; a different one another id.
  DecodedCapture again;
  ASSERT_TRUE(decoder.DecodeMixpanelGroups(m.dump(), kReceived + 5, &again).ok());
  EXPECT_EQ(again.entities[0].id, d.entities[0].id);
  m["$set"]["name"] = "Acme Inc";
  ASSERT_TRUE(decoder.DecodeMixpanelGroups(m.dump(), kReceived, &again).ok());
  EXPECT_NE(again.entities[0].id, d.entities[0].id);
  EXPECT_FALSE(decoder.DecodeMixpanelGroups("{not json", kReceived, &again).ok());
  // A time no clock can hold is rejected with the message, not wrapped around.
  m["$time"] = 1e300;
  ASSERT_TRUE(decoder.DecodeMixpanelGroups(m.dump(), kReceived, &again).ok());
  EXPECT_TRUE(again.entities.empty());
  ASSERT_EQ(again.errors.size(), 1u);
  EXPECT_NE(again.errors[0].message.find("$time"), std::string::npos);
}

TEST(PropertyUpdatesTest, AmplitudeUserAndGroupProperties) {
  json body = {
      {"api_key", "k"},
      {"events",
       {{{"event_type", "$identify"}, {"user_id", "u1"}, {"device_id", "d1"},
         {"insert_id", "i1"}, {"time", 1795100000000},
         {"user_properties",
          {{"$set", {{"plan", "pro"}}},
           {"$setOnce", {{"first", "x"}}},
           {"$add", {{"logins", 1}}},
           {"$append", {{"tags", "beta"}}},
           {"$unset", {{"temp", "-"}}}}}},
        {{"event_type", "Play"}, {"user_id", "u1"}, {"insert_id", "i2"}, {"time", 1795100001000},
         {"user_properties", {{"level", 3}, {"$preInsert", {{"tags", "first"}}}}},
         {"groups", {{"company", "acme"}}}},
        {{"event_type", "$groupidentify"}, {"user_id", "u1"}, {"insert_id", "i3"},
         {"time", 1795100002000}, {"groups", {{"company", "acme"}}},
         {"group_properties", {{"$set", {{"name", "Acme"}}}, {"$add", {{"seats", 5}}}}}}}}};
  DecodedCapture d = Decode(CaptureFormat::kAmplitude, body);
  ASSERT_EQ(d.events.rows(), 3u);
  EXPECT_EQ(FoldPersons(d.events),
            json::parse(R"({"plan":"pro","first":"x","logins":1,"tags":["first","beta"],
                           "level":3})"));
  EntityUpdate g;
  ASSERT_TRUE(ExtractGroupUpdate(d.events, 2, &g));
  EXPECT_EQ(g.entity, (GroupRef{"company", "acme"}));
  PropertyFolder f;
  f.Apply(g.updates);
  EXPECT_EQ(f.properties(), json::parse(R"({"name":"Acme","seats":5})"));
}

TEST(PropertyUpdatesTest, SensorsProfilesAndItems) {
  auto msg = [](std::string type, int64_t time, json props) {
    json m = {{"_track_id", time % 1000000}, {"type", type}, {"time", time},
              {"distinct_id", "u1"}, {"properties", props},
              {"lib", {{"$lib", "Node"}, {"$lib_version", "1.2.6"}}}};
    return m;
  };
  json body = json::array(
      {msg("profile_set", 1795100000000, {{"plan", "pro"}, {"city", "Beijing"}}),
       msg("profile_set_once", 1795100001000, {{"plan", "no"}, {"first", "x"}}),
       msg("profile_increment", 1795100002000, {{"logins", 2}}),
       msg("profile_append", 1795100003000, {{"tags", {"beta"}}}),
       msg("profile_unset", 1795100004000, {{"city", true}}),
       msg("track", 1795100005000, {{"plan", "not a profile update"}})});
  body[5]["event"] = "Buy";
  json item = {{"_track_id", 7}, {"type", "item_set"}, {"time", 1795100006000},
               {"item_type", "product"}, {"item_id", "sku-1"},
               {"properties", {{"name", "Widget"}, {"$lib", "Node"}}}};
  json item_delete = {{"_track_id", 8}, {"type", "item_delete"}, {"time", 1795100007000},
                      {"item_type", "product"}, {"item_id", "sku-1"}, {"properties", json::object()}};
  body.push_back(item);
  body.push_back(item_delete);
  DecodedCapture d = Decode(CaptureFormat::kSensors, body);
  ASSERT_EQ(d.events.rows(), 6u);
  EXPECT_EQ(FoldPersons(d.events),
            json::parse(R"({"plan":"pro","first":"x","logins":2,"tags":["beta"]})"));
  ASSERT_EQ(d.entities.size(), 2u);
  EXPECT_EQ(d.entities[0].kind, EntityUpdate::Kind::kItem);
  EXPECT_EQ(d.entities[0].entity, (GroupRef{"product", "sku-1"}));
  EXPECT_EQ(d.entities[0].ts_us, 1795100006000000);
  PropertyFolder f;
  f.Apply(d.entities[0].updates);
  EXPECT_EQ(f.properties(), json::parse(R"({"name":"Widget"})"));
  f.Apply(d.entities[1].updates);
  EXPECT_EQ(f.properties(), json::object());
  EXPECT_NE(d.entities[0].id, d.entities[1].id);
}

TEST(PropertyUpdatesTest, PlainEventsCarryNoUpdates) {
  json body = {{"events",
                {{{"event", "view"}, {"distinct_id", "u1"}, {"id", "x1"},
                  {"timestamp", "2026-11-20T10:00:00Z"},
                  {"properties", {{"plan", "pro"}, {"traits", {{"a", 1}}}}}}}}};
  DecodedCapture d = Decode(CaptureFormat::kNative, body);
  std::vector<PropertyUpdate> u;
  ExtractPersonUpdates(d.events, 0, &u);
  EXPECT_TRUE(u.empty());
  EXPECT_FALSE(MayCarryGroupUpdates(d.events));
}

}  // namespace
}  // namespace growloop
