// DemoSimulator: the behaviour model behind GenerateDemoEvents. It simulates every person day by
// day and releases each day's events sorted by (ts, event id), so memory holds the persons'
// state plus about one day of events.
//
// Internal to src/demo/. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "demo/demo_catalog.h"
#include "demo/demo_data.h"
#include "demo/demo_random.h"
#include "demo/demo_tables.h"

namespace growloop::demo {

// One event before rendering. Strings are table indices so a day of events stays small.
struct PendingEvent {
  int64_t ts_ms;
  uint64_t id_bits;     // unique per event; with ts_ms it forms the event id
  int64_t amount_fen;   // purchase only
  uint32_t person;
  uint32_t item;        // kNoItem when absent
  uint8_t name;         // EventName
  uint8_t channel;      // Channel
  uint8_t campaign;     // index into kCampaignNames
  uint8_t category;     // kNoCategory when absent
  uint8_t variant;      // 0 none, 1 control, 2 treatment
  uint8_t has_user_id;
};

inline constexpr uint32_t kNoItem = 0xffffffffu;
inline constexpr uint8_t kNoCategory = 0xff;

class DemoSimulator {
 public:
  // `options` must have passed ValidateDemoOptions.
  explicit DemoSimulator(const DemoOptions& options);

  int days() const { return days_; }
  // Ms since the epoch of the first instant of day `d` of the window.
  int64_t DayStartMs(int d) const { return t0_ms_ + static_cast<int64_t>(d) * kDayMs; }

  // Simulates day `d` (called for d = 0, 1, ... in order) and replaces *ready with every event
  // whose ts falls on that day, sorted by (ts_ms, id_bits). Events of sessions that run past
  // midnight are held back for the next call.
  void SimulateDay(int d, std::vector<PendingEvent>* ready);

  const DemoCatalog& catalog() const { return catalog_; }
  // 16 lower-case hex digits, fixed per person.
  void AnonymousId(uint32_t person, char out[16]) const;
  // "u" + 9 digits, fixed per person, unique below 900,000,000 persons.
  void UserId(uint32_t person, char out[10]) const;
  // Indices into kPlatforms and kCities, fixed per person.
  uint8_t platform(uint32_t person) const { return persons_[person].platform; }
  uint8_t city(uint32_t person) const { return persons_[person].city; }

  static constexpr int64_t kDayMs = 86400000;

 private:
  enum Kind : uint8_t { kExisting, kOrganicArrival, kAdReached };

  struct Person {
    DemoRng rng;
    int64_t arrival_ms = 0;      // install time (unused for kExisting)
    int64_t last_ms = 0;         // time of the person's latest event
    float rate = 0;              // sessions per day when new
    float floor = 0;             // share of `rate` left once the novelty wears off
    float tau = 0;               // days for the novelty to fade by 1/e
    float p_cart = 0;
    float p_checkout = 0;
    float p_buy = 0;
    float p_ticket = 0;
    float p_message = 0;
    float p_signup_later = 0;    // per session, for installed persons without an account
    int32_t first_click_day = 0;  // first day with an ad click inside the window
    int32_t arrival_day = 0;     // negative for kExisting (age in days at the window start)
    int32_t churn_day = 0;       // first day without activity
    uint32_t seq = 0;            // events emitted so far (part of the event id)
    uint8_t kind = kExisting;
    uint8_t audience = 0;        // ad channel whose audience the person belongs to
    uint8_t platform = 0;
    uint8_t city = 0;
    uint8_t fav1 = 0;
    uint8_t fav2 = 0;
    uint8_t channel = kOrganic;  // acquisition channel (last ad touch) and its campaign
    uint8_t campaign = 0;
    uint8_t variant = 1;         // checkout_v2 arm: 1 control, 2 treatment
    bool installs = true;
    bool signs_up_on_install = false;
    bool signed_up = false;
    bool exposed = false;
    bool uninstalls = false;     // uninstalls on its churn day
    bool gone = false;           // uninstalled
  };

  struct Click {
    int64_t ts_ms;
    uint8_t channel;
    uint8_t campaign;
  };

  // What the session was started by: the person (acquisition channel) or a message.
  struct Via {
    uint8_t channel;
    uint8_t campaign;
  };

  void InitPerson(uint32_t idx, Person& p);
  // The person's ad touches, oldest first; the same list on every call. Returns the count.
  int AdClicks(uint32_t idx, const Person& p, Click out[8]) const;
  void SimulatePersonDay(uint32_t idx, Person& p, int d);
  // Appends an event at `ts` or, to keep each person's events strictly ordered, one second after
  // the person's previous event. Returns the time used.
  int64_t Emit(uint32_t idx, Person& p, int64_t ts, EventName name, Via via,
               uint32_t item = kNoItem, uint8_t category = kNoCategory, int64_t amount_fen = 0,
               uint8_t variant = 0);
  int64_t Session(uint32_t idx, Person& p, int d, int64_t t, Via via, bool install);
  int64_t Signup(uint32_t idx, Person& p, int64_t t, Via via);
  uint8_t BrowseCategory(Person& p);
  int64_t DiurnalTime(Person& p, int d);
  uint8_t PickCampaign(DemoRng& rng, uint8_t channel) const;
  double WeekendFactor(int d) const;

  uint64_t seed_;
  int days_;
  int64_t t0_ms_;
  int64_t end_ms_;
  int64_t experiment_start_ms_;
  double lift_;
  int64_t weekday0_;  // weekday of day 0, Monday = 0
  DemoCatalog catalog_;
  WeightedPicker hours_;
  WeightedPicker platforms_;
  WeightedPicker cities_;
  WeightedPicker ad_audience_;
  WeightedPicker arrival_day_;
  std::vector<Person> persons_;
  std::vector<PendingEvent> pending_;  // generated, not yet released
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

}  // namespace growloop::demo
