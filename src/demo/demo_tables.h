// The fixed vocabulary of the demo data set: event names, channels and campaigns, platforms,
// cities, categories and the daily activity curve, with the weights the simulator draws from.
//
// Internal to src/demo/. The values are part of the demo data's documented shape
// (docs/demo-data.md); changing one changes every generated file.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "demo/demo_random.h"

namespace growloop::demo {

enum EventName : uint8_t {
  kAdClick,
  kAppOpen,
  kSignup,
  kViewItem,
  kSearch,
  kAddToCart,
  kCheckout,
  kPurchase,
  kShare,
  kPushReceived,
  kPushOpened,
  kSupportTicket,
  kExperimentExposure,
  kAppUninstall,
  kEventNameCount,
};

inline constexpr std::array<std::string_view, kEventNameCount> kEventNames = {
    "ad_click", "app_open",       "signup",         "view_item",          "search",
    "add_to_cart", "checkout",    "purchase",       "share",              "push_received",
    "push_opened", "support_ticket", "experiment_exposure", "app_uninstall"};

// Channels: 0 is organic, 1..kAdChannelCount are the ad networks, then the message media.
enum Channel : uint8_t {
  kOrganic = 0,
  kFirstAdChannel = 1,
  kAdChannelCount = 6,
  kPushChannel = 7,
  kSmsChannel = 8,
  kEmailChannel = 9,
  kChannelCount = 10,
};

inline constexpr std::array<std::string_view, kChannelCount> kChannelNames = {
    "organic", "douyin", "xiaohongshu", "wechat", "baidu_sem", "bilibili", "kuaishou",
    "push",    "sms",    "email"};

// Campaign 0 is "no campaign"; every channel owns a contiguous range of the rest.
inline constexpr std::array<std::string_view, 24> kCampaignNames = {
    "",
    // douyin
    "dy_spring_haul", "dy_livestream_flash", "dy_creator_review",
    // xiaohongshu
    "xhs_haul_notes", "xhs_keyword_boost",
    // wechat
    "wx_moments_feed", "wx_article_banner", "wx_group_referral",
    // baidu_sem
    "bd_brand_terms", "bd_category_terms",
    // bilibili
    "bili_unboxing_collab", "bili_feed_card",
    // kuaishou
    "ks_live_deals", "ks_feed_card",
    // push
    "push_price_drop", "push_cart_nudge", "push_weekly_picks",
    // sms
    "sms_coupon_10", "sms_we_miss_you",
    // email
    "email_newsletter", "email_member_day",
    // padding so the table size is a round number; never chosen
    "", ""};

struct CampaignRange {
  uint8_t first;
  uint8_t count;
};

inline constexpr std::array<CampaignRange, kChannelCount> kChannelCampaigns = {{
    {0, 0},   // organic
    {1, 3},   // douyin
    {4, 2},   // xiaohongshu
    {6, 3},   // wechat
    {9, 2},   // baidu_sem
    {11, 2},  // bilibili
    {13, 2},  // kuaishou
    {15, 3},  // push
    {18, 2},  // sms
    {20, 2},  // email
}};

// How an ad audience behaves once acquired, and how much one ad touch raises the chance that a
// reached person signs up. Values differ per network so channel analyses have something to find.
struct AdChannelModel {
  double audience_share;
  double touch_lift;      // per-touch increase of signup probability (noisy-OR)
  double activity;        // multiplier on the session rate
  double purchase;        // multiplier on the add-to-cart propensity
  double hazard;          // multiplier on the daily churn hazard
};

// Indexed by channel - kFirstAdChannel.
inline constexpr std::array<AdChannelModel, kAdChannelCount> kAdChannels = {{
    {0.28, 0.16, 0.90, 0.85, 1.30},  // douyin: cheap reach, fickle audience
    {0.18, 0.24, 1.10, 1.25, 0.85},  // xiaohongshu: intent-rich notes
    {0.20, 0.15, 1.00, 1.00, 1.00},  // wechat
    {0.12, 0.28, 0.95, 1.35, 0.80},  // baidu_sem: searchers who already want something
    {0.11, 0.13, 1.20, 0.90, 0.95},  // bilibili: engaged but browse more than buy
    {0.11, 0.12, 0.85, 0.75, 1.45},  // kuaishou
}};

struct WeightedName {
  std::string_view name;
  double weight;
};

inline constexpr std::array<WeightedName, 4> kPlatforms = {{
    {"android", 0.46}, {"ios", 0.32}, {"miniprogram", 0.15}, {"web", 0.07}}};

inline constexpr std::array<WeightedName, 30> kCities = {{
    {"Shanghai", 9.0},  {"Beijing", 8.5},   {"Shenzhen", 7.0},  {"Guangzhou", 6.5},
    {"Chengdu", 5.5},   {"Hangzhou", 5.0},  {"Chongqing", 4.5}, {"Wuhan", 4.0},
    {"Nanjing", 3.8},   {"Xian", 3.2},      {"Suzhou", 3.0},    {"Tianjin", 3.0},
    {"Changsha", 2.8},  {"Zhengzhou", 2.6}, {"Qingdao", 2.4},   {"Dongguan", 2.2},
    {"Ningbo", 2.0},    {"Shenyang", 2.0},  {"Kunming", 1.9},   {"Hefei", 1.9},
    {"Foshan", 1.6},    {"Xiamen", 1.5},    {"Fuzhou", 1.5},    {"Jinan", 1.4},
    {"Harbin", 1.2},    {"Dalian", 1.2},    {"Nanning", 1.0},   {"Guiyang", 1.0},
    {"Taiyuan", 0.9},   {"Lanzhou", 0.8}}};

struct CategoryModel {
  std::string_view name;
  double weight;          // share of catalogue items and of casual browsing
  double median_price;    // CNY
};

inline constexpr std::array<CategoryModel, 16> kCategories = {{
    {"apparel", 14, 119},   {"beauty", 12, 89},       {"snacks", 10, 35},
    {"home", 9, 79},        {"electronics", 8, 459},  {"mother_baby", 6, 129},
    {"sports", 6, 169},     {"phone_accessories", 5, 49}, {"books", 5, 42},
    {"toys", 4, 85},        {"pets", 4, 65},          {"health", 4, 115},
    {"jewelry", 3, 520},    {"furniture", 3, 760},    {"outdoor", 3, 239},
    {"car_supplies", 4, 149}}};

// Relative activity per UTC hour, shaped like a day in China (the data set treats UTC as local
// time so a calendar day is simply the UTC date): quiet nights, a lunch bump, an evening peak.
inline constexpr std::array<double, 24> kHourWeights = {
    2.2, 1.2, 0.7, 0.4, 0.35, 0.5, 1.2, 2.6, 3.8, 4.0, 4.3, 4.8,
    5.8, 5.2, 4.4, 4.3, 4.4, 4.9, 5.4, 6.4, 7.8, 8.6, 7.4, 4.5};

inline constexpr std::string_view kExperimentName = "checkout_v2";
inline constexpr std::array<std::string_view, 3> kVariantNames = {"", "control", "treatment"};

// Draws an index with probability proportional to its weight, by binary search over the
// cumulative weights (O(log n), no allocation per draw).
class WeightedPicker {
 public:
  WeightedPicker() = default;
  explicit WeightedPicker(const std::vector<double>& weights);
  template <size_t N>
  static WeightedPicker FromNames(const std::array<WeightedName, N>& table) {
    std::vector<double> w;
    for (const auto& e : table) w.push_back(e.weight);
    return WeightedPicker(w);
  }

  uint32_t Pick(DemoRng& rng) const;
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;  // normalised so the last value is 1
};

}  // namespace growloop::demo
