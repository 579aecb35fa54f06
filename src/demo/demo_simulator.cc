#include "demo/demo_simulator.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace growloop::demo {

namespace {

constexpr int64_t kMinuteMs = 60000;
constexpr int64_t kHourMs = 3600000;
constexpr double kSignupBaseline = 0.04;  // an ad-reached person signs up anyway
constexpr size_t kMaxCart = 8;

// Quality multipliers (activity, purchase, hazard) of persons not acquired by an ad.
constexpr double kOrganicActivity = 1.15, kOrganicPurchase = 1.10, kOrganicHazard = 0.80;
constexpr double kExistingActivity = 0.9, kExistingPurchase = 1.10, kExistingHazard = 0.50;

// Days until a daily stop probability `hazard` fires: geometric, capped far past any window.
int32_t GeometricDays(DemoRng& rng, double hazard) {
  double days = std::log(1.0 - rng.Uniform()) / std::log(1.0 - hazard);
  return static_cast<int32_t>(std::min(days, 100000.0));
}

float Clamp(double v, double lo, double hi) { return static_cast<float>(std::clamp(v, lo, hi)); }

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

DemoSimulator::DemoSimulator(const DemoOptions& o)
    : seed_(o.seed),
      days_(o.days),
      lift_(o.experiment_lift),
      catalog_(o.seed, o.items) {
  int y = 0, m = 0, d = 0;
  std::sscanf(o.start.c_str(), "%d-%d-%d", &y, &m, &d);
  int64_t day0 = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  t0_ms_ = day0 * kDayMs;
  end_ms_ = DayStartMs(days_);
  int exp_day = o.experiment_start_day < 0 ? days_ / 4 : o.experiment_start_day;
  experiment_start_ms_ = DayStartMs(exp_day);
  weekday0_ = ((day0 % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday

  hours_ = WeightedPicker(std::vector<double>(kHourWeights.begin(), kHourWeights.end()));
  platforms_ = WeightedPicker::FromNames(kPlatforms);
  cities_ = WeightedPicker::FromNames(kCities);
  std::vector<double> shares;
  for (const auto& c : kAdChannels) shares.push_back(c.audience_share);
  ad_audience_ = WeightedPicker(shares);
  // Arrivals grow about 1% a day and are busier on weekends.
  std::vector<double> arrivals;
  for (int i = 0; i < days_; ++i) arrivals.push_back((1.0 + 0.01 * i) * WeekendFactor(i));
  arrival_day_ = WeightedPicker(arrivals);

  persons_.resize(o.users);
  for (uint32_t i = 0; i < persons_.size(); ++i) InitPerson(i, persons_[i]);
}

double DemoSimulator::WeekendFactor(int d) const {
  return (weekday0_ + d) % 7 >= 5 ? 1.12 : 1.0;
}

uint8_t DemoSimulator::PickCampaign(DemoRng& rng, uint8_t channel) const {
  const CampaignRange& r = kChannelCampaigns[channel];
  if (r.count == 0) return 0;
  return static_cast<uint8_t>(r.first + rng.Below(r.count));
}

int64_t DemoSimulator::DiurnalTime(Person& p, int d) {
  return DayStartMs(d) + hours_.Pick(p.rng) * kHourMs + static_cast<int64_t>(p.rng.Below(kHourMs));
}

void DemoSimulator::InitPerson(uint32_t idx, Person& p) {
  p.rng = DemoRng(HashKey(seed_, idx, 1));
  DemoRng& r = p.rng;
  p.platform = static_cast<uint8_t>(platforms_.Pick(r));
  p.city = static_cast<uint8_t>(cities_.Pick(r));
  p.fav1 = catalog_.PickCategory(r);
  p.fav2 = catalog_.PickCategory(r);
  if (p.fav2 == p.fav1) p.fav2 = static_cast<uint8_t>((p.fav1 + 1 + r.Below(15)) % 16);
  p.variant = r.Chance(0.5) ? 2 : 1;
  p.uninstalls = r.Chance(0.4);

  double activity, purchase, hazard_mult;
  double x = r.Uniform();
  if (x < 0.40) {
    p.kind = kExisting;
    activity = kExistingActivity;
    purchase = kExistingPurchase;
    hazard_mult = kExistingHazard;
    p.arrival_day = -static_cast<int32_t>(r.Between(30, 400));
    p.signed_up = true;
    p.installs = true;
    // Acquired long ago: the channel is remembered, the campaign is over.
    p.channel = r.Chance(0.4) ? static_cast<uint8_t>(kOrganic)
                              : static_cast<uint8_t>(kFirstAdChannel + ad_audience_.Pick(r));
    p.campaign = 0;
  } else {
    p.arrival_day = static_cast<int32_t>(arrival_day_.Pick(r));
    p.arrival_ms = DiurnalTime(p, p.arrival_day);
    if (x < 0.55) {
      p.kind = kOrganicArrival;
      activity = kOrganicActivity;
      purchase = kOrganicPurchase;
      hazard_mult = kOrganicHazard;
      p.signs_up_on_install = r.Chance(0.55);
      p.p_signup_later = 0.08f;
    } else {
      p.kind = kAdReached;
      p.audience = static_cast<uint8_t>(ad_audience_.Pick(r));
      const AdChannelModel& m = kAdChannels[p.audience];
      activity = m.activity;
      purchase = m.purchase;
      hazard_mult = m.hazard;
      Click clicks[8];
      int n = AdClicks(idx, p, clicks);
      // Each touch independently may tip the person into signing up (noisy-OR).
      double stay = 1.0 - kSignupBaseline;
      for (int i = 0; i < n; ++i) stay *= 1.0 - kAdChannels[clicks[i].channel - 1].touch_lift;
      p.channel = clicks[n - 1].channel;
      p.campaign = clicks[n - 1].campaign;
      int64_t first_ms = std::max(clicks[0].ts_ms, t0_ms_);
      p.first_click_day = static_cast<int32_t>((first_ms - t0_ms_) / kDayMs);
      if (r.Chance(1.0 - stay)) {
        p.signs_up_on_install = true;
        p.p_signup_later = 0.1f;
      } else {
        p.installs = r.Chance(0.35);  // the rest only clicked
        p.p_signup_later = 0.04f;
        hazard_mult *= 1.6;
      }
    }
  }
  p.rate = static_cast<float>(activity * r.LogNormal(-0.6, 0.6));
  p.floor = static_cast<float>(0.2 + 0.3 * r.Uniform());
  p.tau = static_cast<float>(3.0 + 15.0 * r.Uniform());
  double hazard = std::clamp(0.03 * hazard_mult * r.LogNormal(0.0, 0.7), 0.002, 0.4);
  p.churn_day = std::max(0, p.arrival_day + 1) + GeometricDays(r, hazard);
  p.p_cart = Clamp(0.09 * purchase * r.LogNormal(0.0, 0.45), 0.0, 0.6);
  p.p_checkout = Clamp(0.55 * r.LogNormal(0.0, 0.3), 0.0, 0.9);
  p.p_buy = Clamp(0.62 * r.LogNormal(0.0, 0.25), 0.0, 0.9);
  p.p_ticket = Clamp(0.006 * std::pow(hazard / 0.03, 1.3), 0.0, 0.2);
  p.p_message = static_cast<float>(p.platform == 3 ? 0.08 + 0.1 * r.Uniform()
                                                   : 0.06 + 0.12 * r.Uniform());
}

int DemoSimulator::AdClicks(uint32_t idx, const Person& p, Click out[8]) const {
  // A stream of its own, so the list can be rebuilt on each day it spans.
  DemoRng r(HashKey(seed_, idx, 2));
  int n = 1;
  while (n < 6 && r.Chance(0.45)) ++n;
  int64_t t = p.arrival_ms - kMinuteMs - r.Between(0, 29 * kMinuteMs);
  for (int i = n - 1; i >= 0; --i) {
    uint8_t ch = static_cast<uint8_t>(
        kFirstAdChannel + (r.Chance(0.6) ? p.audience : ad_audience_.Pick(r)));
    out[i] = Click{t, ch, PickCampaign(r, ch)};
    t -= static_cast<int64_t>(r.Exponential(0.8 * kDayMs)) + kMinuteMs;
  }
  return n;
}

int64_t DemoSimulator::Emit(uint32_t idx, Person& p, int64_t ts, EventName name, Via via,
                            uint32_t item, uint8_t category, int64_t amount_fen,
                            uint8_t variant) {
  if (p.last_ms != 0 && ts < p.last_ms + 1000) ts = p.last_ms + 1000 + p.rng.Between(0, 999);
  p.last_ms = ts;
  // (person, sequence) is unique and Mix64 is a bijection, so id_bits is unique.
  uint64_t id_bits = Mix64((static_cast<uint64_t>(idx) << 32 | p.seq++) ^ Mix64(seed_));
  if (ts < t0_ms_ || ts >= end_ms_) return ts;  // outside the window: simulated, not written
  pending_.push_back(PendingEvent{ts, id_bits, amount_fen, idx, item, name, via.channel,
                                  via.campaign, category, variant,
                                  static_cast<uint8_t>(p.signed_up)});
  return ts;
}

uint8_t DemoSimulator::BrowseCategory(Person& p) {
  double x = p.rng.Uniform();
  if (x < 0.55) return p.fav1;
  if (x < 0.8) return p.fav2;
  return catalog_.PickCategory(p.rng);
}

int64_t DemoSimulator::Signup(uint32_t idx, Person& p, int64_t t, Via via) {
  p.signed_up = true;  // before Emit: the signup row already carries the user id
  return Emit(idx, p, t, kSignup, via);
}

int64_t DemoSimulator::Session(uint32_t idx, Person& p, int d, int64_t t, Via via, bool install) {
  DemoRng& r = p.rng;
  t = Emit(idx, p, t, kAppOpen, via);
  if (!p.signed_up && (install ? p.signs_up_on_install : r.Chance(p.p_signup_later))) {
    for (int64_t k = r.Below(3); k > 0; --k) {
      uint8_t c = BrowseCategory(p);
      t = Emit(idx, p, t + r.Between(3000, 30000), kViewItem, via, catalog_.PickItem(c, r), c);
    }
    t = Signup(idx, p, t + r.Between(20000, 240000), via);
  }
  // Frustrated persons complain more, most of all in the week before they leave.
  double ticket = p.p_ticket * (p.churn_day - d <= 7 ? 8.0 : 1.0);
  if (r.Chance(ticket)) t = Emit(idx, p, t + r.Between(5000, 60000), kSupportTicket, via);

  uint8_t c = BrowseCategory(p);
  if (r.Chance(0.35)) {
    t = Emit(idx, p, t + r.Between(2000, 12000), kSearch, via, kNoItem, c);
  }
  std::array<uint32_t, kMaxCart> cart;
  size_t cart_size = 0;
  while (true) {
    uint32_t item = catalog_.PickItem(c, r);
    t = Emit(idx, p, t + r.Between(1500, 15000), kViewItem, via, item, c);
    if (r.Chance(0.03)) t = Emit(idx, p, t + r.Between(2000, 12000), kShare, via, item, c);
    if (cart_size < kMaxCart && r.Chance(p.p_cart)) {
      t = Emit(idx, p, t + r.Between(3000, 20000), kAddToCart, via, item, c);
      cart[cart_size++] = item;
    }
    t += static_cast<int64_t>(r.Exponential(20000));
    if (!r.Chance(0.72)) break;
    if (r.Chance(0.25)) c = BrowseCategory(p);
  }
  if (cart_size == 0 || !r.Chance(p.p_checkout)) return t;
  // Checkout needs an account; half of the anonymous shoppers create one, the rest give up.
  if (!p.signed_up) {
    if (!r.Chance(0.5)) return t;
    t = Signup(idx, p, t + r.Between(15000, 120000), via);
  }
  t += r.Between(10000, 90000);
  uint8_t variant = 0;
  double p_buy = p.p_buy;
  if (t >= experiment_start_ms_) {
    variant = p.variant;
    if (!p.exposed) {
      p.exposed = true;
      t = Emit(idx, p, t, kExperimentExposure, via, kNoItem, kNoCategory, 0, variant);
    }
    if (variant == 2) p_buy = std::min(0.98, p_buy * (1.0 + lift_));
  }
  uint32_t first = cart[0];
  uint8_t first_cat = catalog_.category(first);
  t = Emit(idx, p, t + 1000, kCheckout, via, first, first_cat, 0, variant);
  if (!r.Chance(p_buy)) return t;
  int64_t total = 0;
  for (size_t i = 0; i < cart_size; ++i) {
    total += catalog_.price_fen(cart[i]) * (r.Chance(0.1) ? 2 : 1);
  }
  return Emit(idx, p, t + r.Between(20000, 180000), kPurchase, via, first, first_cat, total,
              variant);
}

void DemoSimulator::SimulatePersonDay(uint32_t idx, Person& p, int d) {
  DemoRng& r = p.rng;
  if (p.kind == kAdReached && d >= p.first_click_day && d <= p.arrival_day) {
    Click clicks[8];
    int n = AdClicks(idx, p, clicks);
    for (int i = 0; i < n; ++i) {
      int64_t day = (clicks[i].ts_ms - t0_ms_) / kDayMs;
      if (clicks[i].ts_ms >= t0_ms_ && day == d) {
        Emit(idx, p, clicks[i].ts_ms, kAdClick, Via{clicks[i].channel, clicks[i].campaign});
      }
    }
  }
  if (!p.installs || p.gone || d < p.arrival_day) return;
  const Via own{p.channel, p.campaign};

  auto message = [&](int64_t* ts) -> Via {
    uint8_t ch = kEmailChannel;
    if (p.platform != 3) {  // web users have no app to push to
      double x = r.Uniform();
      ch = x < 0.75 ? kPushChannel : (x < 0.87 ? kSmsChannel : kEmailChannel);
    }
    // Campaign sends go out around three slots; delivery spreads them over the hour after.
    static constexpr int kSendHours[] = {10, 12, 20};
    *ts = DayStartMs(d) + kSendHours[r.Below(3)] * kHourMs + r.Between(0, 60 * kMinuteMs);
    return Via{ch, PickCampaign(r, ch)};
  };

  if (d >= p.churn_day) {
    if (d == p.churn_day && p.uninstalls) {
      int64_t t = std::max(DiurnalTime(p, d), p.last_ms + kMinuteMs);
      if (r.Chance(0.3)) t = Emit(idx, p, t, kSupportTicket, own) + r.Between(kMinuteMs, kHourMs);
      Emit(idx, p, t, kAppUninstall, own);
      p.gone = true;
      return;
    }
    // Dormant: still reachable, never opens anything.
    if (p.signed_up && r.Chance(p.p_message)) {
      int64_t ts;
      Via via = message(&ts);
      Emit(idx, p, ts, kPushReceived, via);
    }
    return;
  }

  struct Episode {
    int64_t ts;
    Via via;
    uint8_t kind;  // 0 session, 1 install session, 2 opened message
  };
  std::array<Episode, 16> episodes;
  size_t n = 0;
  double age = d - p.arrival_day;
  double rate = p.rate * (p.floor + (1.0 - p.floor) * std::exp(-age / p.tau)) * WeekendFactor(d);
  int to_churn = p.churn_day - d;
  if (to_churn <= 6) rate *= to_churn / 7.0;  // activity fades before the person leaves
  int64_t earliest = 0;
  if (d == p.arrival_day) {
    episodes[n++] = Episode{p.arrival_ms, own, 1};
    earliest = p.arrival_ms;
  }
  if (p.signed_up && r.Chance(p.p_message)) {
    int64_t ts;
    Via via = message(&ts);
    ts = Emit(idx, p, ts, kPushReceived, via);
    if (r.Chance(0.06 + 0.15 * std::min(1.0, rate))) {
      episodes[n++] = Episode{ts + r.Between(5000, 20 * kMinuteMs), via, 2};
    }
  }
  for (int k = std::min(r.Poisson(rate), 12); k > 0; --k) {
    int64_t ts = DiurnalTime(p, d);
    if (ts > earliest) episodes[n++] = Episode{ts, own, 0};
  }
  std::sort(episodes.begin(), episodes.begin() + n,
            [](const Episode& a, const Episode& b) { return a.ts < b.ts; });
  for (size_t i = 0; i < n; ++i) {
    int64_t t = episodes[i].ts;
    if (episodes[i].kind == 2) {
      t = Emit(idx, p, t, kPushOpened, episodes[i].via) + r.Between(2000, 10000);
    }
    Session(idx, p, d, t, episodes[i].via, episodes[i].kind == 1);
  }
}

void DemoSimulator::SimulateDay(int d, std::vector<PendingEvent>* ready) {
  for (uint32_t i = 0; i < persons_.size(); ++i) SimulatePersonDay(i, persons_[i], d);
  // Everything simulated from now on happens on day d + 1 or later, so what falls before it is
  // final. The split's order does not matter: the sort keys are unique.
  int64_t next_day = DayStartMs(d + 1);
  auto later = std::partition(pending_.begin(), pending_.end(),
                              [&](const PendingEvent& e) { return e.ts_ms < next_day; });
  ready->assign(pending_.begin(), later);
  pending_.erase(pending_.begin(), later);
  std::sort(ready->begin(), ready->end(), [](const PendingEvent& a, const PendingEvent& b) {
    return a.ts_ms != b.ts_ms ? a.ts_ms < b.ts_ms : a.id_bits < b.id_bits;
  });
}

void DemoSimulator::AnonymousId(uint32_t person, char out[16]) const {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t v = Mix64(person ^ HashKey(seed_, 0xa11d));
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 15];
}

void DemoSimulator::UserId(uint32_t person, char out[10]) const {
  // x -> (a*x + b) mod 9e8 is a bijection because a is coprime to 9e8 = 2^8 * 3^2 * 5^8.
  constexpr uint64_t kRange = 900000000, kA = 82451653;
  uint64_t v = (person * kA + seed_ % kRange) % kRange + 100000000;
  out[0] = 'u';
  for (int i = 9; i >= 1; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
}

}  // namespace growloop::demo
