// Options, the event stream and the summary of the demo data generator (demo_data.h).
#include "demo/demo_data.h"

#include <cmath>
#include <string>
#include <vector>

#include "demo/demo_simulator.h"
#include "demo/demo_tables.h"

namespace growloop {

namespace {

using demo::DemoSimulator;
using demo::PendingEvent;

bool ParseDate(std::string_view s, int64_t* y, unsigned* m, unsigned* d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto num = [&](size_t pos, size_t len) {
    int64_t v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  *y = num(0, 4);
  *m = static_cast<unsigned>(num(5, 2));
  *d = static_cast<unsigned>(num(8, 2));
  if (*m < 1 || *m > 12 || *d < 1 || *d > 31) return false;
  // Round-tripping through a day number rejects dates such as 2026-02-30.
  int64_t y2;
  unsigned m2, d2;
  demo::CivilFromDays(demo::DaysFromCivil(*y, *m, *d), &y2, &m2, &d2);
  return y2 == *y && m2 == *m && d2 == *d;
}

void Hex(uint64_t v, int digits, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i, v >>= 4) out[i] = kHex[v & 15];
}

void Digits(uint64_t v, int digits, char* out) {
  for (int i = digits - 1; i >= 0; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
}

// The UUIDv7 layout: 48 bits of ms, version 7, 12 bits, variant 0b10, 62 bits. The 74 free bits
// hold the 64 unique id bits (top 12 bits in rand_a, low 62 in rand_b), so two events never share
// an id and sorting ids as strings sorts by (ts, id_bits).
void FormatEventId(int64_t ts_ms, uint64_t id_bits, char out[36]) {
  uint64_t ts = static_cast<uint64_t>(ts_ms);
  uint64_t rand_a = id_bits >> 52;
  uint64_t rand_b = id_bits & ((uint64_t{1} << 62) - 1);
  Hex(ts >> 16, 8, out);
  out[8] = '-';
  Hex(ts & 0xffff, 4, out + 9);
  out[13] = '-';
  out[14] = '7';
  Hex(rand_a, 3, out + 15);
  out[18] = '-';
  Hex(0x8000 | (rand_b >> 48), 4, out + 19);
  out[23] = '-';
  Hex(rand_b & 0xffffffffffffULL, 12, out + 24);
}

}  // namespace

uint64_t DemoSummary::EventsNamed(std::string_view name) const {
  const auto& names = DemoEventNames();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return events_by_name[i];
  }
  return 0;
}

const std::array<std::string_view, kDemoEventNameCount>& DemoEventNames() {
  static_assert(demo::kEventNameCount == kDemoEventNameCount);
  return demo::kEventNames;
}

Status ValidateDemoOptions(const DemoOptions& o) {
  if (o.users < 1 || o.users > 10000000) {
    return InvalidArgument("demo data: users must be between 1 and 10000000, got " +
                           std::to_string(o.users));
  }
  if (o.days < 1 || o.days > 1830) {
    return InvalidArgument("demo data: days must be between 1 and 1830, got " +
                           std::to_string(o.days));
  }
  int64_t y;
  unsigned m, d;
  if (!ParseDate(o.start, &y, &m, &d) || y < 1970 || y > 9990) {
    return InvalidArgument(
        "demo data: start must be a date YYYY-MM-DD between 1970 and 9990, got '" + o.start + "'");
  }
  if (o.items < 16 || o.items > 1000000) {
    return InvalidArgument("demo data: items must be between 16 and 1000000, got " +
                           std::to_string(o.items));
  }
  if (!(o.experiment_lift >= -0.5 && o.experiment_lift <= 1.0)) {
    return InvalidArgument("demo data: experiment_lift must be between -0.5 and 1, got " +
                           std::to_string(o.experiment_lift));
  }
  if (o.experiment_start_day < -1 || o.experiment_start_day > o.days) {
    return InvalidArgument(
        "demo data: experiment_start_day must be -1 or between 0 and days, got " +
        std::to_string(o.experiment_start_day));
  }
  return Status::Ok();
}

Status GenerateDemoEvents(const DemoOptions& options,
                          const std::function<Status(const DemoEvent&)>& sink,
                          DemoSummary* summary) {
  RETURN_IF_ERROR(ValidateDemoOptions(options));
  DemoSimulator sim(options);
  DemoSummary sum;
  std::vector<uint8_t> seen(options.users, 0);  // bit 0: has a row; bit 1: has a user id
  std::vector<PendingEvent> ready;

  char event_id[36], ts[24], user_id[10], anonymous_id[16], item_id[8];
  DemoEvent ev;
  ev.event_id = std::string_view(event_id, sizeof(event_id));
  ev.ts = std::string_view(ts, sizeof(ts));
  ev.anonymous_id = std::string_view(anonymous_id, sizeof(anonymous_id));
  ts[10] = 'T';
  ts[13] = ':';
  ts[16] = ':';
  ts[19] = '.';
  ts[23] = 'Z';
  item_id[0] = 'i';

  for (int d = 0; d < sim.days(); ++d) {
    sim.SimulateDay(d, &ready);
    int64_t day_start = sim.DayStartMs(d);
    int64_t y;
    unsigned mo, da;
    demo::CivilFromDays(day_start / DemoSimulator::kDayMs, &y, &mo, &da);
    Digits(static_cast<uint64_t>(y), 4, ts);
    ts[4] = '-';
    Digits(mo, 2, ts + 5);
    ts[7] = '-';
    Digits(da, 2, ts + 8);

    for (const PendingEvent& e : ready) {
      FormatEventId(e.ts_ms, e.id_bits, event_id);
      ev.ts_ms = e.ts_ms;
      int64_t ms = e.ts_ms - day_start;
      Digits(static_cast<uint64_t>(ms / 3600000), 2, ts + 11);
      Digits(static_cast<uint64_t>(ms / 60000 % 60), 2, ts + 14);
      Digits(static_cast<uint64_t>(ms / 1000 % 60), 2, ts + 17);
      Digits(static_cast<uint64_t>(ms % 1000), 3, ts + 20);
      if (e.has_user_id) {
        sim.UserId(e.person, user_id);
        ev.user_id = std::string_view(user_id, sizeof(user_id));
      } else {
        ev.user_id = {};
      }
      sim.AnonymousId(e.person, anonymous_id);
      ev.event = demo::kEventNames[e.name];
      ev.channel = demo::kChannelNames[e.channel];
      ev.campaign = demo::kCampaignNames[e.campaign];
      // Platform and city are fixed per person; the simulator keeps them as table indices.
      ev.platform = demo::kPlatforms[sim.platform(e.person)].name;
      ev.city = demo::kCities[sim.city(e.person)].name;
      if (e.item != demo::kNoItem) {
        Digits(e.item, 6, item_id + 1);
        ev.item_id = std::string_view(item_id, 7);
      } else {
        ev.item_id = {};
      }
      ev.category = e.category == demo::kNoCategory ? std::string_view()
                                                    : demo::kCategories[e.category].name;
      ev.has_amount = e.name == demo::kPurchase;
      ev.amount_fen = ev.has_amount ? e.amount_fen : 0;
      ev.experiment = e.variant != 0 ? demo::kExperimentName : std::string_view();
      ev.variant = demo::kVariantNames[e.variant];
      RETURN_IF_ERROR(sink(ev));

      if (sum.events == 0) sum.first_ts_ms = e.ts_ms;
      sum.last_ts_ms = e.ts_ms;
      ++sum.events;
      ++sum.events_by_name[e.name];
      uint8_t& s = seen[e.person];
      if (!(s & 1)) ++sum.persons;
      if (e.has_user_id && !(s & 2)) ++sum.signed_up_persons;
      s |= static_cast<uint8_t>(1 | (e.has_user_id ? 2 : 0));
    }
  }
  if (summary != nullptr) *summary = sum;
  return Status::Ok();
}

}  // namespace growloop
