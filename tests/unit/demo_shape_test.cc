// The demo data set must look like an e-commerce app's events, not just parse: these checks pin
// down the shape that dashboards, funnels and models built on it rely on.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "demo/demo_data.h"

namespace growloop {
namespace {

struct Ev {
  std::string anonymous_id, user_id, event, channel, campaign, variant;
  int64_t ts_ms;
  int hour;
};

// 2000 persons over 30 days, generated once for all shape checks.
const std::vector<Ev>& Events() {
  static const std::vector<Ev>* events = [] {
    auto* out = new std::vector<Ev>;
    DemoOptions o;
    o.users = 2000;
    o.days = 30;
    o.seed = 7;
    Status s = GenerateDemoEvents(
        o,
        [&](const DemoEvent& e) {
          out->push_back(Ev{std::string(e.anonymous_id), std::string(e.user_id),
                            std::string(e.event), std::string(e.channel), std::string(e.campaign),
                            std::string(e.variant), e.ts_ms,
                            static_cast<int>(e.ts_ms / 3600000 % 24)});
          return Status::Ok();
        },
        nullptr);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }();
  return *events;
}

std::map<std::string, std::set<std::string>> PersonsByEvent() {
  std::map<std::string, std::set<std::string>> persons;
  for (const Ev& e : Events()) persons[e.event].insert(e.anonymous_id);
  return persons;
}

TEST(DemoShape, EveryEventNameOccurs) {
  std::map<std::string, int> count;
  for (const Ev& e : Events()) ++count[e.event];
  for (std::string_view name : DemoEventNames()) {
    EXPECT_GT(count[std::string(name)], 0) << name;
  }
  EXPECT_EQ(count.size(), DemoEventNames().size());
}

TEST(DemoShape, ShoppingFunnelNarrowsInPersons) {
  auto p = PersonsByEvent();
  size_t open = p["app_open"].size(), view = p["view_item"].size(), cart = p["add_to_cart"].size(),
         checkout = p["checkout"].size(), purchase = p["purchase"].size();
  EXPECT_GE(open, view);
  EXPECT_GT(view, cart);
  EXPECT_GT(cart, checkout);
  EXPECT_GT(checkout, purchase);
  // A plausible month of a shop: most openers browse, a minority buys.
  EXPECT_GT(purchase, open / 20);
  EXPECT_LT(purchase, open * 6 / 10);
  EXPECT_GT(view, open * 9 / 10);
}

TEST(DemoShape, FunnelStepsFollowEachOtherWithinAPerson) {
  std::map<std::string, std::map<std::string, int>> seen;  // person -> event -> count so far
  for (const Ev& e : Events()) {
    auto& s = seen[e.anonymous_id];
    if (e.event == "checkout") {
      EXPECT_GT(s["add_to_cart"], 0) << e.anonymous_id;
    }
    if (e.event == "purchase") {
      EXPECT_GT(s["checkout"], s["purchase"]) << e.anonymous_id;
    }
    if (e.event == "push_opened") {
      EXPECT_GT(s["push_received"], 0) << e.anonymous_id;
    }
    if (e.event == "view_item") {
      EXPECT_GT(s["app_open"], 0) << e.anonymous_id;
    }
    EXPECT_EQ(s["app_uninstall"], 0) << "event after uninstall: " << e.anonymous_id;
    ++s[e.event];
  }
}

TEST(DemoShape, PurchasesNeedAnAccount) {
  for (const Ev& e : Events()) {
    if (e.event == "purchase" || e.event == "checkout" || e.event == "push_received") {
      EXPECT_FALSE(e.user_id.empty()) << e.event << " of " << e.anonymous_id;
    }
  }
}

TEST(DemoShape, EveningIsBusierThanNight) {
  std::vector<int> by_hour(24);
  for (const Ev& e : Events()) ++by_hour[e.hour];
  int night = by_hour[2] + by_hour[3] + by_hour[4] + by_hour[5];
  int evening = by_hour[19] + by_hour[20] + by_hour[21] + by_hour[22];
  EXPECT_GT(evening, 4 * night);
}

TEST(DemoShape, ChannelsMatchTheirEvents) {
  const std::set<std::string> ads = {"douyin",   "xiaohongshu", "wechat",
                                     "baidu_sem", "bilibili",   "kuaishou"};
  const std::set<std::string> media = {"push", "sms", "email"};
  std::set<std::string> clicked;
  for (const Ev& e : Events()) {
    if (e.event == "ad_click") {
      EXPECT_TRUE(ads.count(e.channel)) << e.channel;
      EXPECT_FALSE(e.campaign.empty());
      clicked.insert(e.channel);
    }
    if (e.event == "push_received" || e.event == "push_opened") {
      EXPECT_TRUE(media.count(e.channel)) << e.channel;
    }
    if (e.channel == "organic") {
      EXPECT_TRUE(e.campaign.empty());
    }
  }
  EXPECT_EQ(clicked, ads);
}

TEST(DemoShape, AdReachedPersonsClickBeforeTheyOpenTheApp) {
  std::map<std::string, std::string> first_event;
  for (const Ev& e : Events()) first_event.emplace(e.anonymous_id, e.event);
  int clicked_first = 0;
  for (const auto& [person, event] : first_event) clicked_first += event == "ad_click";
  // About half of the persons arrive through ads during the window.
  EXPECT_GT(clicked_first, 500);
  EXPECT_LT(clicked_first, 1500);
}

TEST(DemoShape, ExperimentArmsAreBalancedAndExposureComesFirst) {
  std::map<std::string, std::string> arm;  // person -> variant at exposure
  int control = 0, treatment = 0;
  for (const Ev& e : Events()) {
    if (e.event == "experiment_exposure") {
      EXPECT_EQ(arm.count(e.anonymous_id), 0u) << "exposed twice";
      arm[e.anonymous_id] = e.variant;
      (e.variant == "control" ? control : treatment)++;
    } else if (!e.variant.empty()) {
      EXPECT_TRUE(e.event == "checkout" || e.event == "purchase") << e.event;
      ASSERT_EQ(arm.count(e.anonymous_id), 1u) << "tagged before exposure";
      EXPECT_EQ(arm[e.anonymous_id], e.variant);
    }
  }
  ASSERT_GT(control + treatment, 100);
  double share = static_cast<double>(control) / (control + treatment);
  EXPECT_GT(share, 0.4);
  EXPECT_LT(share, 0.6);
}

TEST(DemoShape, SomePersonsChurnAndUninstall) {
  auto p = PersonsByEvent();
  size_t persons = 0;
  std::set<std::string> all;
  for (const Ev& e : Events()) all.insert(e.anonymous_id);
  persons = all.size();
  EXPECT_GT(p["app_uninstall"].size(), persons / 50);
  EXPECT_LT(p["app_uninstall"].size(), persons / 3);
  EXPECT_GT(p["support_ticket"].size(), persons / 100);
}

}  // namespace
}  // namespace growloop
