// LTV per acquisition channel and cohort, in three steps over per-person arrays (threads own the
// persons p % threads == t, so the arrays need no locks):
//   1. every chunk: each person's first event in the range (the minimum over all chunks, as a
//      person's events of one day may sit in several chunks) with the channel value on it, and
//      its first acquisition event;
//   2. the revenue events' postings: each person's revenue within 7, 30 and 90 days of its first
//      event and up to the range's end, and the revenue curve of its channel (per thread);
//   3. one pass over the persons into (channel, cohort) cells, then the costs into the same cells.
#include "query/ltv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "common/huge_memory.h"
#include "common/time_zone.h"
#include "query/query_exec.h"
#include "query/request_parsing.h"

namespace growloop {
namespace {

using json = nlohmann::json;

constexpr int64_t kNever = INT64_MAX;
constexpr int kHorizonDays[3] = {7, 30, 90};
constexpr std::string_view kHorizonNames[3] = {"ltv7", "ltv30", "ltv90"};

// The figures of one (channel, cohort) cell, or of a channel over every cohort.
struct Tally {
  uint64_t persons = 0;
  uint64_t with_event = 0;  // persons with an acquisition event in the range
  double revenue = 0;       // every revenue of the persons, from their first event to the end
  uint64_t observable[3] = {};
  double window_revenue[3] = {};  // revenue within each horizon, of the observable persons
  int64_t spend_micros = 0;

  void Add(const Tally& o) {
    persons += o.persons;
    with_event += o.with_event;
    revenue += o.revenue;
    for (int h = 0; h < 3; ++h) {
      observable[h] += o.observable[h];
      window_revenue[h] += o.window_revenue[h];
    }
    spend_micros += o.spend_micros;
  }
};

// Money and ratios to a millionth: spend is stored to a millionth, and rounding hides the
// binary representation's tails (0.30000000000000004).
double Round6(double v) {
  return std::round(v * 1e6) / 1e6;
}

json NumberOrNull(bool defined, double v) {
  return defined ? json(Round6(v)) : json(nullptr);
}

// a / b rounded, or null when b is 0.
json Ratio(double a, double b) {
  return b != 0 ? json(Round6(a / b)) : json(nullptr);
}

json TallyJson(const Tally& t, CacBasis basis) {
  const double spend = static_cast<double>(t.spend_micros) / 1e6;
  const uint64_t acquired = basis == CacBasis::kPersons ? t.persons : t.with_event;
  const double cac = acquired > 0 ? spend / static_cast<double>(acquired) : 0;
  json out = {{"persons", t.persons},
              {"acquisition_event_persons", t.with_event},
              {"revenue", Round6(t.revenue)},
              {"spend", Round6(spend)},
              {"cac", Ratio(spend, static_cast<double>(acquired))},
              {"roi", Ratio(t.revenue - spend, spend)}};
  for (int h = 0; h < 3; ++h) {
    const std::string name(kHorizonNames[h]);
    const bool has_ltv = t.observable[h] > 0;
    const double ltv = has_ltv ? t.window_revenue[h] / static_cast<double>(t.observable[h]) : 0;
    out[name] = NumberOrNull(has_ltv, ltv);
    out[name + "_persons"] = t.observable[h];
    // LTV / CAC from the unrounded CAC: null without observable persons or without spend.
    out[name + "_cac"] = has_ltv ? Ratio(ltv, cac) : json(nullptr);
  }
  return out;
}

// Channels shown: the `limit` with most persons acquired (then most spend, then by name), the
// rest summed as "$other". Persons without a value of the property are "$none".
struct Channels {
  std::vector<std::string> labels;
  std::vector<int32_t> by_code;            // string code -> channel index
  std::map<std::string, int32_t> by_name;  // label -> channel index, for the costs
  int32_t other = -1;

  int32_t OfCost(const std::string& name) const {
    auto it = by_name.find(name);
    return it != by_name.end() ? it->second : other;
  }
};

Channels RankChannels(const std::vector<std::string>& values,
                      const std::vector<uint64_t>& persons_by_code,
                      const std::map<std::string, int64_t>& spend_by_name, size_t limit) {
  struct Candidate {
    std::string label;
    uint64_t persons = 0;
    int64_t spend = 0;
    std::vector<uint32_t> codes;
  };
  std::map<std::string, Candidate> all;
  for (uint32_t code = 0; code < persons_by_code.size(); ++code) {
    if (persons_by_code[code] == 0) continue;
    const std::string label = code == 0 ? "$none" : values[code - 1];
    Candidate& c = all[label];
    c.label = label;
    c.persons += persons_by_code[code];
    c.codes.push_back(code);
  }
  for (const auto& [name, spend] : spend_by_name) {
    Candidate& c = all[name];
    c.label = name;
    c.spend += spend;
  }
  std::vector<const Candidate*> ranked;
  for (const auto& [label, c] : all) ranked.push_back(&c);
  std::stable_sort(ranked.begin(), ranked.end(), [](const Candidate* a, const Candidate* b) {
    if (a->persons != b->persons) return a->persons > b->persons;
    return a->spend > b->spend;  // labels are in name order already
  });
  Channels out;
  out.by_code.assign(persons_by_code.size(), -1);
  for (size_t i = 0; i < ranked.size() && i < limit; ++i) {
    const int32_t g = static_cast<int32_t>(out.labels.size());
    out.labels.push_back(ranked[i]->label);
    out.by_name[ranked[i]->label] = g;
    for (uint32_t code : ranked[i]->codes) out.by_code[code] = g;
  }
  if (ranked.size() > limit) {
    out.other = static_cast<int32_t>(out.labels.size());
    out.labels.push_back("$other");
    for (int32_t& g : out.by_code) {
      if (g < 0) g = out.other;
    }
  }
  return out;
}

}  // namespace

Status ParseLtv(const json& body, const TimeZone& tz, int64_t now_us, LtvRequest* out,
                std::string* field) {
  using namespace request_parsing;
  field->clear();
  Parser p{field, {}};
  std::string period, attribution, cac_basis;
  int64_t curve_days = out->curve_days, limit = static_cast<int64_t>(out->limit);
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "period", "channel_property",
                  "attribution", "acquisition_event", "revenue_event", "amount_property",
                  "cac_basis", "curve_days", "limit"}) ||
      !GetString(p, body, "", "period", &period) ||
      !GetString(p, body, "", "channel_property", &out->channel_property) ||
      !GetString(p, body, "", "attribution", &attribution) ||
      !GetString(p, body, "", "acquisition_event", &out->acquisition_event) ||
      !GetString(p, body, "", "revenue_event", &out->revenue_event) ||
      !GetString(p, body, "", "amount_property", &out->amount_property) ||
      !GetString(p, body, "", "cac_basis", &cac_basis) ||
      !GetInt(p, body, "", "curve_days", 1, 366, &curve_days) ||
      !GetInt(p, body, "", "limit", 1, 1000, &limit)) {
    return p.status;
  }
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"channel_property", &out->channel_property},
        {"acquisition_event", &out->acquisition_event},
        {"revenue_event", &out->revenue_event},
        {"amount_property", &out->amount_property}}) {
    if (value->empty()) {
      p.Fail(key, "must not be empty");
      return p.status;
    }
  }
  out->observed_until_us = std::min(out->common.range.to_us, now_us);
  out->curve_days = static_cast<int>(curve_days);
  out->limit = static_cast<size_t>(limit);
  if (period == "day") {
    out->period = Interval::kDay;
  } else if (period.empty() || period == "week") {
    out->period = Interval::kWeek;
  } else if (period == "month") {
    out->period = Interval::kMonth;
  } else {
    p.Fail("period", "must be day, week or month; not \"" + period + "\"");
  }
  if (attribution.empty() || attribution == "first_touch") {
    out->attribution = LtvAttribution::kFirstTouch;
  } else if (attribution == "last_touch") {
    out->attribution = LtvAttribution::kLastTouch;
  } else {
    p.Fail("attribution", "must be first_touch or last_touch; not \"" + attribution + "\"");
  }
  if (cac_basis.empty() || cac_basis == "persons") {
    out->cac_basis = CacBasis::kPersons;
  } else if (cac_basis == "acquisition_event") {
    out->cac_basis = CacBasis::kAcquisitionEvent;
  } else {
    p.Fail("cac_basis", "must be persons or acquisition_event; not \"" + cac_basis + "\"");
  }
  return p.status;
}

std::pair<int32_t, int32_t> LtvCostDays(const LtvRequest& req, const TimeZone& tz) {
  return {tz.LocalDay(req.common.range.from_us), tz.LocalDay(req.common.range.to_us - 1)};
}

Status RunLtv(const QueryContext& ctx, const LtvRequest& req, const std::vector<CostEntry>& costs,
              json* answer) {
  const auto started = std::chrono::steady_clock::now();
  const TimeRange range = req.common.range;
  const Bucketer periods(ctx.tz(), req.period, range);
  const size_t np = periods.size();
  const std::vector<const Chunk*> chunks = ctx.ChunksIn(range);
  std::set<std::string> props;
  CollectProperties(req.common.filter, &props);
  props.insert(req.channel_property);
  props.insert(req.amount_property);
  RETURN_IF_ERROR(ctx.LoadProperties(chunks, props));
  CompiledSelector any, acquisition, revenue;
  RETURN_IF_ERROR(CompileSelector({}, req.common.filter, ctx.data(), &any));
  RETURN_IF_ERROR(
      CompileSelector({req.acquisition_event, {}}, req.common.filter, ctx.data(), &acquisition));
  RETURN_IF_ERROR(
      CompileSelector({req.revenue_event, {}}, req.common.filter, ctx.data(), &revenue));

  const uint32_t slots = ctx.slots();
  const int threads = ctx.threads();
  const uint32_t nthreads = static_cast<uint32_t>(threads);
  // Step 1. A person's first event is the least (time, chunk, row): chunks are visited in view
  // order and rows of a run in time order, so ties resolve the same way on every run.
  HugeArray<int64_t> first_ts(slots, kNever), acq_ts(slots, kNever);
  HugeArray<uint64_t> first_at(slots, 0), acq_at(slots, 0);
  HugeArray<uint32_t> first_code(slots, 0), acq_code(slots, 0);
  auto earlier = [](int64_t ts, uint64_t at, int64_t best_ts, uint64_t best_at) {
    return ts < best_ts || (ts == best_ts && at < best_at);
  };
  std::vector<Status> st(static_cast<size_t>(threads));
  ParallelFor(static_cast<size_t>(threads), threads, [&](size_t t, int) {
    for (size_t ci = 0; ci < chunks.size(); ++ci) {
      const Chunk* c = chunks[ci];
      st[t] = ctx.Check();
      ChunkFilter af, qf;
      std::shared_ptr<const ChunkProperty> channel;
      if (st[t].ok()) st[t] = ChunkFilter::Bind(any.filter, *c, ctx.data(), &af);
      if (st[t].ok()) st[t] = ChunkFilter::Bind(acquisition.filter, *c, ctx.data(), &qf);
      if (st[t].ok()) st[t] = ctx.data().Property(*c, req.channel_property, &channel);
      if (!st[t].ok()) return;
      const uint32_t* codes =
          channel && !channel->strings.empty() ? channel->strings.data() : nullptr;
      const bool whole_day = c->min_ts >= range.from_us && c->max_ts < range.to_us;
      auto in_range = [&](uint32_t row) {
        return whole_day || (c->ts[row] >= range.from_us && c->ts[row] < range.to_us);
      };
      const uint64_t chunk_at = static_cast<uint64_t>(ci) << 32;
      for (uint32_t run = 0; run < c->runs(); ++run) {
        const uint32_t person = ctx.Runs(*c).person[run];
        if (person % nthreads != t) continue;
        for (uint32_t row = c->run_start[run]; row < c->run_start[run + 1]; ++row) {
          if (!in_range(row) || !any.Selects(c->event[row]) || !af.Match(row, run)) continue;
          if (earlier(c->ts[row], chunk_at | row, first_ts[person], first_at[person])) {
            first_ts[person] = c->ts[row];
            first_at[person] = chunk_at | row;
            first_code[person] = codes ? codes[row] : 0;
          }
          break;  // the run's first matching row is its earliest
        }
      }
      ForSelectedRows(*c, acquisition, qf, [&](uint32_t row, uint32_t run) {
        const uint32_t person = ctx.Runs(*c).person[run];
        if (person % nthreads != t || !in_range(row)) return;
        if (earlier(c->ts[row], chunk_at | row, acq_ts[person], acq_at[person])) {
          acq_ts[person] = c->ts[row];
          acq_at[person] = chunk_at | row;
          acq_code[person] = codes ? codes[row] : 0;
        }
      });
    }
  });
  for (const Status& s : st) RETURN_IF_ERROR(s);

  // The channel of every person, and the channels shown.
  const std::vector<std::string> values = ctx.data().Values(req.channel_property);
  std::vector<uint64_t> persons_by_code(values.size() + 1, 0);
  for (uint32_t p = 0; p < slots; ++p) {
    if (first_ts[p] == kNever) continue;
    if (req.attribution == LtvAttribution::kLastTouch && acq_ts[p] != kNever && acq_code[p] != 0) {
      first_code[p] = acq_code[p];
    }
    ++persons_by_code[first_code[p]];
  }
  const auto [first_day, last_day] = LtvCostDays(req, ctx.tz());
  std::map<std::string, int64_t> spend_by_name;
  std::set<std::string> currencies;
  for (const CostEntry& cost : costs) {
    if (cost.day < first_day || cost.day > last_day) continue;
    spend_by_name[cost.channel] += cost.spend_micros;
    if (!cost.currency.empty()) currencies.insert(cost.currency);
  }
  const Channels channels = RankChannels(values, persons_by_code, spend_by_name, req.limit);
  const size_t ng = channels.labels.size();

  // Step 2. Revenue. Curve point n is the revenue of days 0..n (24-hour days from the first
  // event) per person observable through day n, i.e. with first event + (n + 1) days by
  // observed_until_us. A revenue of day k thus counts at points k .. observable_days - 1: it is
  // added at k and taken off at observable_days in a difference array per channel.
  const size_t width = static_cast<size_t>(req.curve_days) + 1;
  auto observable_days = [&](uint32_t p) {
    const int64_t span = req.observed_until_us - first_ts[p];
    return span <= 0 ? size_t{0} : std::min(static_cast<size_t>(span / kMicrosPerDay), width - 1);
  };
  HugeArray<double> revenue_all(slots, 0);
  std::vector<double> revenue_within[3] = {
      std::vector<double>(slots, 0), std::vector<double>(slots, 0), std::vector<double>(slots, 0)};
  std::vector<std::vector<double>> curve_diff(static_cast<size_t>(threads),
                                              std::vector<double>(ng * width, 0));
  ParallelFor(static_cast<size_t>(threads), threads, [&](size_t t, int) {
    std::vector<double>& diff = curve_diff[t];
    for (const Chunk* c : chunks) {
      st[t] = ctx.Check();
      ChunkFilter rf;
      std::shared_ptr<const ChunkProperty> amount;
      if (st[t].ok()) st[t] = ChunkFilter::Bind(revenue.filter, *c, ctx.data(), &rf);
      if (st[t].ok()) st[t] = ctx.data().Property(*c, req.amount_property, &amount);
      if (!st[t].ok()) return;
      if (!amount || amount->numbers.empty()) continue;
      const double* amounts = amount->numbers.data();
      ForSelectedRows(*c, revenue, rf, [&](uint32_t row, uint32_t run) {
        const uint32_t person = ctx.Runs(*c).person[run];
        if (person % nthreads != t || std::isnan(amounts[row])) return;
        const int64_t ts = c->ts[row];
        // A revenue event in the range passed the filter, so step 1 saw it: first_ts <= ts.
        if (ts < range.from_us || ts >= range.to_us || first_ts[person] > ts) return;
        const double a = amounts[row];
        const int64_t since = ts - first_ts[person];
        revenue_all[person] += a;
        for (int h = 0; h < 3; ++h) {
          if (since < kHorizonDays[h] * kMicrosPerDay) revenue_within[h][person] += a;
        }
        const size_t day = static_cast<size_t>(since / kMicrosPerDay);
        const size_t observable = observable_days(person);
        if (day < observable) {
          double* curve = &diff[static_cast<size_t>(channels.by_code[first_code[person]]) * width];
          curve[day] += a;
          curve[observable] -= a;
        }
      });
    }
  });
  for (const Status& s : st) RETURN_IF_ERROR(s);

  // Step 3. Cells, keyed channel * periods + period, and the curve's persons.
  std::unordered_map<size_t, Tally> cells;
  std::vector<uint64_t> ends(ng * width, 0);  // persons by observable days, per channel
  for (uint32_t p = 0; p < slots; ++p) {
    if (first_ts[p] == kNever) continue;
    const size_t g = static_cast<size_t>(channels.by_code[first_code[p]]);
    const int b = periods.BucketOf(first_ts[p]);
    if (b < 0) continue;  // cannot happen: the first event lies in the range
    Tally& cell = cells[g * np + static_cast<size_t>(b)];
    ++cell.persons;
    cell.with_event += acq_ts[p] != kNever ? 1 : 0;
    cell.revenue += revenue_all[p];
    for (int h = 0; h < 3; ++h) {
      if (first_ts[p] <= req.observed_until_us - kHorizonDays[h] * kMicrosPerDay) {
        ++cell.observable[h];
        cell.window_revenue[h] += revenue_within[h][p];
      }
    }
    ++ends[g * width + observable_days(p)];
  }
  for (const CostEntry& cost : costs) {
    const int b = periods.BucketOfDay(cost.day);
    const int32_t g = channels.OfCost(cost.channel);
    if (b < 0 || g < 0 || cost.day < first_day || cost.day > last_day) continue;
    cells[static_cast<size_t>(g) * np + static_cast<size_t>(b)].spend_micros += cost.spend_micros;
  }

  json list = json::array();
  for (size_t g = 0; g < ng; ++g) {
    Tally total;
    json cohorts = json::array();
    for (size_t b = 0; b < np; ++b) {
      auto it = cells.find(g * np + b);
      if (it == cells.end()) continue;
      total.Add(it->second);
      json row = TallyJson(it->second, req.cac_basis);
      row["cohort"] = periods.labels()[b];
      cohorts.push_back(std::move(row));
    }
    // Curve: running sums of the difference array; persons observable through day n are those
    // whose observable days exceed n.
    json persons = json::array(), per_person = json::array();
    double running = 0;
    uint64_t observable = 0;
    for (size_t e = 0; e < width; ++e) observable += ends[g * width + e];
    for (size_t n = 0; n + 1 < width; ++n) {
      for (size_t t = 0; t < curve_diff.size(); ++t) running += curve_diff[t][g * width + n];
      observable -= ends[g * width + n];
      persons.push_back(observable);
      per_person.push_back(Ratio(running, static_cast<double>(observable)));
    }
    json channel = TallyJson(total, req.cac_basis);
    channel["channel"] = channels.labels[g];
    channel["cohorts"] = std::move(cohorts);
    channel["curve"] = {{"persons", std::move(persons)},
                        {"revenue_per_person", std::move(per_person)}};
    list.push_back(std::move(channel));
  }
  json warnings = json::array();
  if (currencies.size() > 1) {
    std::string names;
    for (const std::string& c : currencies) names += (names.empty() ? "" : ", ") + c;
    warnings.push_back("the costs mix currencies (" + names +
                       "); spend is summed as written, without conversion");
  }
  *answer = {{"kind", "ltv"},
             {"period", IntervalName(req.period)},
             {"attribution",
              req.attribution == LtvAttribution::kFirstTouch ? "first_touch" : "last_touch"},
             {"channel_property", req.channel_property},
             {"acquisition_event", req.acquisition_event},
             {"revenue_event", req.revenue_event},
             {"amount_property", req.amount_property},
             {"cac_basis", req.cac_basis == CacBasis::kPersons ? "persons" : "acquisition_event"},
             {"observed_until", FormatTimestampUtc(req.observed_until_us)},
             {"currencies", json(std::vector<std::string>(currencies.begin(), currencies.end()))},
             {"warnings", std::move(warnings)},
             {"channels", std::move(list)},
             {"stats", {{"elapsed_ms", ElapsedMs(started)}}}};
  return Status::Ok();
}

}  // namespace growloop
