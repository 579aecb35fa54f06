// The paths query (docs/query-api.md, "paths") run through QueryEngine::Run on hand-made events.
// Every expected node and edge is worked out by hand in the comment above it.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "query/query_engine.h"
#include "test_util.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using json = nlohmann::json;
using testing::TempDir;

constexpr int64_t kBaseUs = 1'767'607'200'000'000;  // 2026-01-05T10:00:00Z
constexpr int64_t kMinuteUs = 60'000'000;

// One event: who, when (minutes after kBaseUs), what; `price` when not NaN.
struct Ev {
  std::string distinct_id;
  std::string anonymous_id;
  int64_t minute;
  std::string event;
  double price = std::nan("");
};

json Node(int step, const char* event, int count) {
  return {{"step", step}, {"event", event}, {"count", count}};
}
json Edge(int from_step, const char* from, int to_step, const char* to, int count) {
  return {
      {"from_step", from_step}, {"from", from}, {"to_step", to_step}, {"to", to}, {"count", count}};
}

class PathsTest : public testing::QueryTestBase {
 protected:
  void Ingest(const std::vector<Ev>& events) {
    EventBatch b;
    for (const Ev& e : events) {
      const int64_t ts = kBaseUs + e.minute * kMinuteUs;
      b.BeginRow("ev-" + std::to_string(next_id_++), ts, ts, e.distinct_id, e.anonymous_id,
                 e.event);
      if (!std::isnan(e.price)) b.SetNumber(b.PropertyIndex("price", ValueType::kNumber), e.price);
      b.EndRow();
    }
    AppendResult result;
    ASSERT_TRUE(catalog_->Ingest(project_, std::move(b), &result).ok());
    ASSERT_EQ(result.accepted, events.size());
  }

  void Flush() {
    EventStore* store = nullptr;
    ASSERT_TRUE(catalog_->GetStore(project_, &store).ok());
    ASSERT_TRUE(store->Flush().ok());
  }

  // Runs a paths query over January 2026 (fields of `body` added to the range).
  json Query(json body) {
    body["from"] = "2026-01-01";
    body["to"] = "2026-01-31";
    json answer;
    std::string field;
    const Status s = engine_->Run(project_, "paths", body, &answer, &field);
    EXPECT_TRUE(s.ok()) << s.message();
    return answer;
  }

  Status BadQuery(const json& body, std::string* field) {
    json answer;
    return engine_->Run(project_, "paths", body, &answer, field);
  }

  // Five persons, one day:
  //   A: view_item 0, add_to_cart 1, purchase 2, view_item 3
  //   B: view_item 0, view_item 2, add_to_cart 5
  //   C: app_open 0, view_item 1, push_received 2, add_to_cart 3, checkout 4
  //   D: view_item 0, add_to_cart 100 (100 minutes later: past the default 30-minute window)
  //   E: app_open 0 (never views an item: no path)
  void IngestShop() {
    Ingest({{"A", "", 0, "view_item"},
            {"A", "", 1, "add_to_cart"},
            {"A", "", 2, "purchase"},
            {"A", "", 3, "view_item"},
            {"B", "", 0, "view_item"},
            {"B", "", 2, "view_item"},
            {"B", "", 5, "add_to_cart"},
            {"C", "", 0, "app_open"},
            {"C", "", 1, "view_item"},
            {"C", "", 2, "push_received"},
            {"C", "", 3, "add_to_cart"},
            {"C", "", 4, "checkout"},
            {"D", "", 0, "view_item"},
            {"D", "", 100, "add_to_cart"},
            {"E", "", 0, "app_open"}});
  }

  int next_id_ = 0;
};

TEST_F(PathsTest, AfterFollowsEachPersonsFirstAnchor) {
  IngestShop();
  const json a = Query({{"event", "view_item"}});
  EXPECT_EQ(a["kind"], "paths");
  EXPECT_EQ(a["direction"], "after");
  EXPECT_EQ(a["anchor"], "view_item");
  EXPECT_EQ(a["per"], "person");
  EXPECT_EQ(a["steps"], 3);
  EXPECT_EQ(a["window_seconds"], 1800);
  // One path per person with a view_item (A, B, C, D), from its first one, 3 steps deep:
  //   A: add_to_cart, purchase, view_item      (3 steps: cut by depth, no $end)
  //   B: view_item, add_to_cart, $end          (nothing after minute 5)
  //   C: push_received, add_to_cart, checkout
  //   D: $end                                  (the next event is 100 minutes later)
  EXPECT_EQ(a["paths_total"], 4);
  EXPECT_EQ(a["persons"], 4);
  EXPECT_EQ(a["nodes"],
            json::array({Node(0, "view_item", 4), Node(1, "add_to_cart", 1),
                         Node(1, "push_received", 1), Node(1, "view_item", 1), Node(1, "$end", 1),
                         Node(2, "add_to_cart", 2), Node(2, "purchase", 1), Node(3, "checkout", 1),
                         Node(3, "view_item", 1), Node(3, "$end", 1)}));
  // Edges from the anchor to each first step; then A: add_to_cart → purchase → view_item,
  // B: view_item → add_to_cart → $end, C: push_received → add_to_cart → checkout.
  EXPECT_EQ(
      a["edges"],
      json::array(
          {Edge(0, "view_item", 1, "add_to_cart", 1), Edge(0, "view_item", 1, "push_received", 1),
           Edge(0, "view_item", 1, "view_item", 1), Edge(0, "view_item", 1, "$end", 1),
           Edge(1, "add_to_cart", 2, "purchase", 1), Edge(1, "push_received", 2, "add_to_cart", 1),
           Edge(1, "view_item", 2, "add_to_cart", 1), Edge(2, "add_to_cart", 3, "checkout", 1),
           Edge(2, "add_to_cart", 3, "$end", 1), Edge(2, "purchase", 3, "view_item", 1)}));
}

TEST_F(PathsTest, StepsBoundTheDepth) {
  IngestShop();
  // One step: each person's first event after its first view_item (D's is past the window).
  EXPECT_EQ(
      Query({{"event", "view_item"}, {"steps", 1}})["nodes"],
      json::array({Node(0, "view_item", 4), Node(1, "add_to_cart", 1), Node(1, "push_received", 1),
                   Node(1, "view_item", 1), Node(1, "$end", 1)}));
  // Five steps: the paths of the 3-step query run on until the person's events stop:
  //   A: add_to_cart, purchase, view_item, $end    B: view_item, add_to_cart, $end
  //   C: push_received, add_to_cart, checkout, $end    D: $end
  EXPECT_EQ(Query({{"event", "view_item"}, {"steps", 5}})["nodes"],
            json::array({Node(0, "view_item", 4), Node(1, "add_to_cart", 1),
                         Node(1, "push_received", 1), Node(1, "view_item", 1), Node(1, "$end", 1),
                         Node(2, "add_to_cart", 2), Node(2, "purchase", 1), Node(3, "checkout", 1),
                         Node(3, "view_item", 1), Node(3, "$end", 1), Node(4, "$end", 2)}));
}

TEST_F(PathsTest, OccurrenceStartsAPathAtEveryAnchor) {
  IngestShop();
  const json a = Query({{"event", "view_item"}, {"steps", 2}, {"per", "occurrence"}});
  // Six view_items, six paths (of four persons), 2 steps deep:
  //   A@0: add_to_cart, purchase      A@3: $end
  //   B@0: view_item, add_to_cart     B@2: add_to_cart, $end
  //   C@1: push_received, add_to_cart D@0: $end
  EXPECT_EQ(a["paths_total"], 6);
  EXPECT_EQ(a["persons"], 4);
  EXPECT_EQ(a["nodes"],
            json::array({Node(0, "view_item", 6), Node(1, "add_to_cart", 2),
                         Node(1, "push_received", 1), Node(1, "view_item", 1), Node(1, "$end", 2),
                         Node(2, "add_to_cart", 2), Node(2, "purchase", 1), Node(2, "$end", 1)}));
  EXPECT_EQ(
      a["edges"],
      json::array({Edge(0, "view_item", 1, "add_to_cart", 2), Edge(0, "view_item", 1, "$end", 2),
                   Edge(0, "view_item", 1, "push_received", 1),
                   Edge(0, "view_item", 1, "view_item", 1),
                   Edge(1, "add_to_cart", 2, "purchase", 1), Edge(1, "add_to_cart", 2, "$end", 1),
                   Edge(1, "push_received", 2, "add_to_cart", 1),
                   Edge(1, "view_item", 2, "add_to_cart", 1)}));
}

TEST_F(PathsTest, ExcludedEventsAreNeverNodes) {
  IngestShop();
  const json a = Query({{"event", "view_item"}, {"exclude", {"push_received"}}});
  // As in AfterFollowsEachPersonsFirstAnchor, but C skips push_received:
  //   C: add_to_cart (minute 3, 2 minutes after its view_item), checkout, $end.
  EXPECT_EQ(
      a["nodes"],
      json::array({Node(0, "view_item", 4), Node(1, "add_to_cart", 2), Node(1, "view_item", 1),
                   Node(1, "$end", 1), Node(2, "add_to_cart", 1), Node(2, "checkout", 1),
                   Node(2, "purchase", 1), Node(3, "view_item", 1), Node(3, "$end", 2)}));
  EXPECT_EQ(a["edges"],
            json::array(
                {Edge(0, "view_item", 1, "add_to_cart", 2), Edge(0, "view_item", 1, "view_item", 1),
                 Edge(0, "view_item", 1, "$end", 1), Edge(1, "add_to_cart", 2, "checkout", 1),
                 Edge(1, "add_to_cart", 2, "purchase", 1),
                 Edge(1, "view_item", 2, "add_to_cart", 1), Edge(2, "add_to_cart", 3, "$end", 1),
                 Edge(2, "checkout", 3, "$end", 1), Edge(2, "purchase", 3, "view_item", 1)}));
}

TEST_F(PathsTest, ExcludedEventsDoNotBridgeAWindowBreak) {
  // 20 minutes between each event: within the 30-minute window, unless push_received is removed
  // and the gap from view_item to add_to_cart becomes 40 minutes.
  Ingest({{"G", "", 0, "view_item"}, {"G", "", 20, "push_received"}, {"G", "", 40, "add_to_cart"}});
  EXPECT_EQ(Query({{"event", "view_item"}, {"steps", 2}})["edges"],
            json::array({Edge(0, "view_item", 1, "push_received", 1),
                         Edge(1, "push_received", 2, "add_to_cart", 1)}));
  EXPECT_EQ(Query({{"event", "view_item"}, {"steps", 2}, {"exclude", {"push_received"}}})["edges"],
            json::array({Edge(0, "view_item", 1, "$end", 1)}));
}

TEST_F(PathsTest, AGapPastTheWindowEndsThePath) {
  IngestShop();
  // A 60-second window: B's second view_item comes 120 s after its first, D's add_to_cart 6000 s
  // after its view_item, so both end at once; A and C have an event every minute.
  //   A: add_to_cart, purchase, view_item   B: $end
  //   C: push_received, add_to_cart, checkout   D: $end
  const json a = Query({{"event", "view_item"}, {"window_seconds", 60}});
  EXPECT_EQ(a["nodes"],
            json::array({Node(0, "view_item", 4), Node(1, "add_to_cart", 1),
                         Node(1, "push_received", 1), Node(1, "$end", 2), Node(2, "add_to_cart", 1),
                         Node(2, "purchase", 1), Node(3, "checkout", 1), Node(3, "view_item", 1)}));
  EXPECT_EQ(
      a["edges"],
      json::array(
          {Edge(0, "view_item", 1, "$end", 2), Edge(0, "view_item", 1, "add_to_cart", 1),
           Edge(0, "view_item", 1, "push_received", 1), Edge(1, "add_to_cart", 2, "purchase", 1),
           Edge(1, "push_received", 2, "add_to_cart", 1), Edge(2, "add_to_cart", 3, "checkout", 1),
           Edge(2, "purchase", 3, "view_item", 1)}));
  // A gap equal to the window keeps the path: D reaches add_to_cart at exactly 6000 s, not at
  // 5999 s.
  EXPECT_EQ(Query({{"event", "view_item"}, {"steps", 1}, {"window_seconds", 6000}})["edges"],
            json::array({Edge(0, "view_item", 1, "add_to_cart", 2),
                         Edge(0, "view_item", 1, "push_received", 1),
                         Edge(0, "view_item", 1, "view_item", 1)}));
  EXPECT_EQ(
      Query({{"event", "view_item"}, {"steps", 1}, {"window_seconds", 5999}})["edges"],
      json::array({Edge(0, "view_item", 1, "add_to_cart", 1),
                   Edge(0, "view_item", 1, "push_received", 1),
                   Edge(0, "view_item", 1, "view_item", 1), Edge(0, "view_item", 1, "$end", 1)}));
}

TEST_F(PathsTest, BeforeWalksBackFromTheAnchor) {
  //   F: home 0, search 1, view_item 2, add_to_cart 3
  //   H: search 0, view_item 1, view_item 2
  //   J: home 0, view_item 100 (past the window)
  //   K: promo 0, search 1, view_item 2
  Ingest({{"F", "", 0, "home"},
          {"F", "", 1, "search"},
          {"F", "", 2, "view_item"},
          {"F", "", 3, "add_to_cart"},
          {"H", "", 0, "search"},
          {"H", "", 1, "view_item"},
          {"H", "", 2, "view_item"},
          {"J", "", 0, "home"},
          {"J", "", 100, "view_item"},
          {"K", "", 0, "promo"},
          {"K", "", 1, "search"},
          {"K", "", 2, "view_item"}});
  // Per person, from the first view_item back 2 steps; steps count back from the anchor (-1 is
  // the event just before it) and edges go forward in time:
  //   F: home → search → view_item    H: $start → search → view_item
  //   J: $start → view_item           K: promo → search → view_item
  const json a = Query({{"event", "view_item"}, {"direction", "before"}, {"steps", 2}});
  EXPECT_EQ(a["direction"], "before");
  EXPECT_EQ(a["paths_total"], 4);
  EXPECT_EQ(a["nodes"],
            json::array({Node(-2, "home", 1), Node(-2, "promo", 1), Node(-2, "$start", 1),
                         Node(-1, "search", 3), Node(-1, "$start", 1), Node(0, "view_item", 4)}));
  EXPECT_EQ(a["edges"],
            json::array({Edge(-2, "home", -1, "search", 1), Edge(-2, "promo", -1, "search", 1),
                         Edge(-2, "$start", -1, "search", 1), Edge(-1, "search", 0, "view_item", 3),
                         Edge(-1, "$start", 0, "view_item", 1)}));
  // Every occurrence: H's second view_item (minute 2) adds search → view_item → view_item.
  const json o =
      Query({{"event", "view_item"}, {"direction", "before"}, {"steps", 2}, {"per", "occurrence"}});
  EXPECT_EQ(o["paths_total"], 5);
  EXPECT_EQ(o["nodes"],
            json::array({Node(-2, "home", 1), Node(-2, "promo", 1), Node(-2, "search", 1),
                         Node(-2, "$start", 1), Node(-1, "search", 3), Node(-1, "view_item", 1),
                         Node(-1, "$start", 1), Node(0, "view_item", 5)}));
  EXPECT_EQ(
      o["edges"],
      json::array({Edge(-2, "home", -1, "search", 1), Edge(-2, "promo", -1, "search", 1),
                   Edge(-2, "search", -1, "view_item", 1), Edge(-2, "$start", -1, "search", 1),
                   Edge(-1, "search", 0, "view_item", 3), Edge(-1, "view_item", 0, "view_item", 1),
                   Edge(-1, "$start", 0, "view_item", 1)}));
}

TEST_F(PathsTest, LimitMergesTheRestIntoOther) {
  //   P1: home, search, view_item    P2: home, search, add_to_cart
  //   P3: home, promo, view_item     P4: home, help, contact     P5: home
  Ingest({{"P1", "", 0, "home"},
          {"P1", "", 1, "search"},
          {"P1", "", 2, "view_item"},
          {"P2", "", 0, "home"},
          {"P2", "", 1, "search"},
          {"P2", "", 2, "add_to_cart"},
          {"P3", "", 0, "home"},
          {"P3", "", 1, "promo"},
          {"P3", "", 2, "view_item"},
          {"P4", "", 0, "home"},
          {"P4", "", 1, "help"},
          {"P4", "", 2, "contact"},
          {"P5", "", 0, "home"}});
  // limit 1: step 1 keeps search (2 paths) and merges promo and help into $other (2); step 2
  // keeps view_item (2) and merges add_to_cart and contact into $other (2). P5 ends at step 1.
  // The edges of the merged events are merged too: P3's promo → view_item becomes
  // $other → view_item, P4's help → contact becomes $other → $other.
  const json a = Query({{"event", "home"}, {"steps", 2}, {"limit", 1}});
  EXPECT_EQ(a["nodes"],
            json::array({Node(0, "home", 5), Node(1, "search", 2), Node(1, "$other", 2),
                         Node(1, "$end", 1), Node(2, "view_item", 2), Node(2, "$other", 2)}));
  EXPECT_EQ(a["edges"],
            json::array({Edge(0, "home", 1, "search", 2), Edge(0, "home", 1, "$other", 2),
                         Edge(0, "home", 1, "$end", 1), Edge(1, "search", 2, "view_item", 1),
                         Edge(1, "search", 2, "$other", 1), Edge(1, "$other", 2, "view_item", 1),
                         Edge(1, "$other", 2, "$other", 1)}));
}

TEST_F(PathsTest, IdentityMergeMakesOnePerson) {
  // An anonymous visitor views an item and searches just before midnight; the next day (another
  // chunk, and on disk rather than in memory) it logs in as user-1, an event carrying both ids,
  // which merges them. Unmerged, anon-1 and user-1 would each start a path (2 paths).
  Ingest({{"anon-1", "anon-1", 838, "view_item"}, {"anon-1", "anon-1", 839, "search"}});
  Flush();
  Ingest({{"user-1", "anon-1", 840, "login"},
          {"user-1", "", 841, "add_to_cart"},
          {"user-1", "", 842, "view_item"}});
  // One person, one path from its first view_item: search, login, add_to_cart.
  const json a = Query({{"event", "view_item"}});
  EXPECT_EQ(a["paths_total"], 1);
  EXPECT_EQ(a["persons"], 1);
  EXPECT_EQ(a["edges"],
            json::array({Edge(0, "view_item", 1, "search", 1), Edge(1, "search", 2, "login", 1),
                         Edge(2, "login", 3, "add_to_cart", 1)}));
}

TEST_F(PathsTest, FiltersChooseAnchorsAndEvents) {
  //   Q: view_item (price 5) 0, add_to_cart 1, view_item (price 50) 2, purchase 3
  Ingest({{"Q", "", 0, "view_item", 5},
          {"Q", "", 1, "add_to_cart"},
          {"Q", "", 2, "view_item", 50},
          {"Q", "", 3, "purchase"}});
  // event_filters pick the anchors: the first view_item over 10 is the one at minute 2.
  EXPECT_EQ(
      Query({{"event", "view_item"},
             {"steps", 1},
             {"event_filters", {{"property", "price"}, {"op", "gt"}, {"value", 10}}}})["edges"],
      json::array({Edge(0, "view_item", 1, "purchase", 1)}));
  // The global filter drops add_to_cart from every path: after the first view_item comes the
  // second one.
  EXPECT_EQ(Query({{"event", "view_item"},
                   {"steps", 1},
                   {"filters",
                    {{"property", "$event"}, {"op", "neq"}, {"value", "add_to_cart"}}}})["edges"],
            json::array({Edge(0, "view_item", 1, "view_item", 1)}));
}

TEST_F(PathsTest, AnAnchorNeverSeenGivesNoPaths) {
  IngestShop();
  const json a = Query({{"event", "never_happened"}});
  EXPECT_EQ(a["paths_total"], 0);
  EXPECT_EQ(a["nodes"], json::array());
  EXPECT_EQ(a["edges"], json::array());
}

TEST_F(PathsTest, ACancelledQueryStops) {
  IngestShop();
  const std::atomic<bool> cancelled{true};
  json answer;
  std::string field;
  const Status s = engine_->Run(
      project_, "paths", {{"event", "view_item"}, {"from", "2026-01-01"}, {"to", "2026-01-31"}},
      &answer, &field, &cancelled);
  EXPECT_EQ(s.code(), ErrorCode::kCancelled);
}

TEST_F(PathsTest, BadRequestsNameTheirField) {
  IngestShop();
  const json ev = {{"event", "view_item"}};
  auto with = [&](const char* key, json value) {
    json b = ev;
    b[key] = std::move(value);
    return b;
  };
  const std::vector<std::pair<json, std::string>> cases = {
      {json::object(), "event"},
      {with("event", ""), "event"},
      {with("event", "$all"), "event"},
      {with("event", 5), "event"},
      {with("direction", "sideways"), "direction"},
      {with("steps", 0), "steps"},
      {with("steps", 11), "steps"},
      {with("steps", "3"), "steps"},
      {with("limit", 0), "limit"},
      {with("limit", 101), "limit"},
      {with("window_seconds", 0), "window_seconds"},
      {with("per", "everyone"), "per"},
      {with("exclude", "push_received"), "exclude"},
      {with("exclude", {"push_received", 5}), "exclude[1]"},
      {with("exclude", {"view_item"}), "exclude[0]"},
      {with("event_filters", {{"property", "price"}, {"op", "bigger"}, {"value", 1}}),
       "event_filters.op"},
      {with("filters", {{"and", json::array()}}), "filters.and"},
      {with("from", "last tuesday"), "from"},
      {with("timeout_ms", 0), "timeout_ms"},
      {with("stepz", 3), "stepz"},
      {json{{"event", "view_item"}, {"from", "2026-01-10"}, {"to", "2026-01-01"}}, "to"},
  };
  for (const auto& [body, want] : cases) {
    std::string field;
    const Status s = BadQuery(body, &field);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << body.dump();
    EXPECT_EQ(field, want) << body.dump();
    EXPECT_EQ(s.message().rfind(want + ": ", 0), 0u) << s.message();
  }
}

}  // namespace
}  // namespace growloop
