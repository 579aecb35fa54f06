// Retention: per person, a bitmap of the periods with a start event and one of the periods with
// a return event (periods of the range, in the project's time zone); cohorts and their returns
// are then counted person by person. The scans go tile by tile of persons (PersonTiles), each
// tile one thread's, so the per-person arrays need no locks. Revenue retention sums a property over
// the return events into cells directly, once every person's cohorts are known.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "common/huge_memory.h"
#include "query/query_exec.h"

namespace growloop {
namespace {

using json = nlohmann::json;

// Periods of the range a retention query may have (bitmaps of 2 x this many bits per person).
constexpr size_t kMaxRangePeriods = 512;

}  // namespace

Status RunRetention(const QueryContext& ctx, const RetentionRequest& req, json* answer) {
  const auto started = std::chrono::steady_clock::now();
  const TimeRange range = req.common.range;
  const Bucketer periods(ctx.tz(), req.period, range);
  const size_t np = periods.size();
  if (np > kMaxRangePeriods) {
    return {ErrorCode::kInvalidArgument,
            fmt::format("period: the range holds {} periods, more than {}; choose a longer period "
                        "or a shorter range",
                        np, kMaxRangePeriods)};
  }
  const std::vector<const Chunk*> chunks = ctx.ChunksIn(range);
  std::set<std::string> props;
  CollectProperties(req.common.filter, &props);
  CollectProperties(req.start_event.filter, &props);
  CollectProperties(req.return_event.filter, &props);
  if (!req.breakdown.empty()) props.insert(req.breakdown);
  if (!req.value_property.empty()) props.insert(req.value_property);
  RETURN_IF_ERROR(ctx.LoadProperties(chunks, props));
  CompiledSelector start, ret;
  RETURN_IF_ERROR(CompileSelector(req.start_event, req.common.filter, ctx.data(), &start));
  RETURN_IF_ERROR(CompileSelector(req.return_event, req.common.filter, ctx.data(), &ret));

  const uint32_t slots = ctx.slots();
  const size_t words = (np + 63) / 64;
  const bool revenue = !req.value_property.empty();
  const bool by_value = !req.breakdown.empty();
  // Per person, its start periods then its return periods (when counting persons), side by
  // side: one miss per person, not two, once the persons outgrow the caches.
  const size_t stride = revenue ? words : 2 * words;
  HugeArray<uint64_t> bits(static_cast<size_t>(slots) * stride, 0);
  auto started_in = [&](uint32_t p) { return &bits[static_cast<size_t>(p) * stride]; };
  auto returned_in = [&](uint32_t p) { return &bits[static_cast<size_t>(p) * stride + words]; };
  // Breakdown: the value on each person's first start event (its time, then the value).
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  HugeArray<int64_t> first_ts(by_value ? slots : 0, kNever);
  HugeArray<uint32_t> first_key(by_value ? slots : 0, 0);  // string code; 0: none
  // The filters and breakdown values of every chunk, bound once for all tiles.
  struct Bound {
    ChunkFilter start, ret;
    bool start_postings = false, ret_postings = false;
    std::shared_ptr<const ChunkProperty> breakdown, value;
  };
  std::vector<Bound> bound(chunks.size());
  RETURN_IF_ERROR(ctx.ForIndexes(chunks.size(), [&](size_t i, int) {
    const Chunk& c = *chunks[i];
    Bound& b = bound[i];
    RETURN_IF_ERROR(ChunkFilter::Bind(start.filter, c, ctx.data(), &b.start));
    RETURN_IF_ERROR(ChunkFilter::Bind(ret.filter, c, ctx.data(), &b.ret));
    b.start_postings = ReadsPostings(c, start);
    b.ret_postings = ReadsPostings(c, ret);
    if (by_value) RETURN_IF_ERROR(ctx.data().Property(c, req.breakdown, &b.breakdown));
    if (revenue) RETURN_IF_ERROR(ctx.data().Property(c, req.value_property, &b.value));
    return Status::Ok();
  }));
  const PersonTiles tiles(slots, stride * sizeof(uint64_t) + (by_value ? 12 : 0), ctx.threads());

  // Pass 1: start periods (and return periods when counting persons): the runs at home tile by
  // tile, then the strays.
  // `offset`: 0 for the start periods, `words` for the returns. Ties of time between a person's
  // first start events keep the first one met.
  auto mark = [&](const Chunk& c, const Bound& cb, const ChunkDays& days, size_t offset,
                  bool first) {
    return [&, offset, first, &runs = ctx.Runs(c)](uint32_t row, uint32_t run) {
      const uint32_t person = runs.person[run];
      const int64_t ts = c.ts[row];
      if (ts < range.from_us || ts >= range.to_us) return;
      const int b = periods.BucketOfDay(days.DayOf(ts));
      if (b < 0) return;
      bits[static_cast<size_t>(person) * stride + offset + static_cast<size_t>(b) / 64] |=
          uint64_t{1} << (b % 64);
      if (first && ts < first_ts[person]) {
        first_ts[person] = ts;
        first_key[person] =
            cb.breakdown && !cb.breakdown->strings.empty() ? cb.breakdown->strings[row] : 0;
      }
    };
  };
  RETURN_IF_ERROR(tiles.ForEach(ctx, [&](uint32_t b0, uint32_t b1, int) {
    for (size_t i = 0; i < chunks.size(); ++i) {
      const Chunk& c = *chunks[i];
      const Bound& cb = bound[i];
      const RunPersons& runs = ctx.Runs(c);
      const ChunkDays days(ctx.tz(), c);
      ForSelectedRowsAtHome(c, runs, b0, b1, start, cb.start, cb.start_postings,
                            mark(c, cb, days, 0, by_value));
      if (!revenue) {
        ForSelectedRowsAtHome(c, runs, b0, b1, ret, cb.ret, cb.ret_postings,
                              mark(c, cb, days, words, false));
      }
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ForStrayChunks(ctx, chunks.size(), [&](size_t i, size_t t) {
    const Chunk& c = *chunks[i];
    const Bound& cb = bound[i];
    const RunPersons& runs = ctx.Runs(c);
    const ChunkDays days(ctx.tz(), c);
    ForSelectedStrayRows(c, runs, t, ctx.threads(), start, cb.start,
                         mark(c, cb, days, 0, by_value));
    if (!revenue) {
      ForSelectedStrayRows(c, runs, t, ctx.threads(), ret, cb.ret, mark(c, cb, days, words, false));
    }
  }));

  // Groups: the breakdown values with most persons, then "$other".
  std::vector<std::string> labels = {""};
  std::vector<int32_t> group_of_code;
  if (by_value) {
    const std::vector<std::string> values = ctx.data().Values(req.breakdown);
    std::vector<uint64_t> persons(values.size() + 1, 0);
    for (uint32_t p = 0; p < slots; ++p) {
      if (first_ts[p] != kNever) ++persons[first_key[p]];
    }
    std::vector<uint32_t> codes;
    for (uint32_t c = 0; c <= values.size(); ++c) {
      if (persons[c] > 0) codes.push_back(c);
    }
    auto label = [&](uint32_t c) { return c == 0 ? std::string("$none") : values[c - 1]; };
    std::sort(codes.begin(), codes.end(), [&](uint32_t a, uint32_t b) {
      return persons[a] != persons[b] ? persons[a] > persons[b] : label(a) < label(b);
    });
    labels.clear();
    group_of_code.assign(values.size() + 1, -1);
    for (size_t i = 0; i < codes.size(); ++i) {
      if (i < req.breakdown_limit) {
        group_of_code[codes[i]] = static_cast<int32_t>(labels.size());
        labels.push_back(label(codes[i]));
      }
    }
    if (codes.size() > req.breakdown_limit) {
      const int32_t other = static_cast<int32_t>(labels.size());
      labels.push_back("$other");
      for (auto& g : group_of_code) {
        if (g < 0) g = other;
      }
    }
  }
  const size_t ng = labels.size();
  auto group_of = [&](uint32_t person) -> size_t {
    return by_value ? static_cast<size_t>(group_of_code[first_key[person]]) : 0;
  };

  // The persons of one cell, when asked for.
  int persons_cohort = -1;
  if (!req.persons_cohort.empty()) {
    const auto& l = periods.labels();
    auto it = std::find(l.begin(), l.end(), req.persons_cohort);
    if (it == l.end()) {
      return InvalidArgument("persons.cohort: \"" + req.persons_cohort +
                             "\" is not a cohort of the range (cohorts are labelled like " +
                             (l.empty() ? std::string("2026-01-05") : l.front()) + ")");
    }
    persons_cohort = static_cast<int>(it - l.begin());
  }
  std::vector<uint32_t> cell_persons;
  uint64_t cell_count = 0;

  // cells[g][c][n]: members of cohort c returning in period c + n (or later, in on_or_after).
  const size_t width = static_cast<size_t>(req.periods) + 1;
  std::vector<std::vector<uint64_t>> size(ng, std::vector<uint64_t>(np, 0));
  std::vector<std::vector<std::vector<double>>> cells(
      ng, std::vector<std::vector<double>>(np, std::vector<double>(width, 0)));
  const size_t width64 = std::min<size_t>(width, 64);
  for (uint32_t p = 0; p < slots; ++p) {
    const uint64_t* st_bits = started_in(p);
    bool done = false;
    for (size_t w = 0; w < words && !done; ++w) {
      for (uint64_t m = st_bits[w]; m != 0 && !done; m &= m - 1) {
        const size_t c = w * 64 + static_cast<size_t>(__builtin_ctzll(m));
        const size_t g = group_of(p);
        ++size[g][c];
        done = req.start == RetentionStart::kFirstTime;
        if (revenue) continue;  // cells come from the second pass
        const uint64_t* rt_bits = returned_in(p);
        std::vector<double>& row = cells[g][c];
        if (req.mode == RetentionMode::kOn && np <= 64) {
          // One word holds every period: the returns from c on, shifted to n = 0.
          uint64_t r = rt_bits[0] >> c;
          if (width64 < 64) r &= (uint64_t{1} << width64) - 1;
          if (static_cast<int>(c) == persons_cohort && ((r >> req.persons_period) & 1)) {
            if (cell_persons.size() < req.persons_limit) cell_persons.push_back(p);
            ++cell_count;
          }
          for (; r != 0; r &= r - 1) row[static_cast<size_t>(__builtin_ctzll(r))] += 1;
          continue;
        }
        // on_or_after: returned in period c + n or any later one.
        size_t latest = 0;
        bool returned_ever = false;
        for (size_t b = np; b-- > c;) {
          if ((rt_bits[b / 64] >> (b % 64)) & 1) {
            latest = b;
            returned_ever = true;
            break;
          }
        }
        for (size_t n = 0; n < width && c + n < np; ++n) {
          const size_t b = c + n;
          const bool hit = req.mode == RetentionMode::kOn ? ((rt_bits[b / 64] >> (b % 64)) & 1) != 0
                                                          : returned_ever && latest >= b;
          if (!hit) continue;
          row[n] += 1;
          if (static_cast<int>(c) == persons_cohort && static_cast<int>(n) == req.persons_period) {
            if (cell_persons.size() < req.persons_limit) cell_persons.push_back(p);
            ++cell_count;
          }
        }
      }
    }
  }

  if (revenue) {
    // Pass 2: the value of every return event goes to the cells of its person's cohorts:
    // cohort c gets it in column (its period) - c; on_or_after also in every column before.
    std::vector<std::vector<std::vector<std::vector<double>>>> acc(ctx.threads());
    for (auto& a : acc) {
      a.assign(ng, std::vector<std::vector<double>>(np, std::vector<double>(width, 0)));
    }
    auto add = [&](std::vector<std::vector<std::vector<double>>>& a, const Chunk& c,
                   const Bound& cb, const ChunkDays& days) {
      return [&, &runs = ctx.Runs(c)](uint32_t row, uint32_t run) {
        const double v = cb.value->numbers[row];
        if (std::isnan(v)) return;
        const uint32_t person = runs.person[run];
        const int64_t ts = c.ts[row];
        if (ts < range.from_us || ts >= range.to_us) return;
        const int b = periods.BucketOfDay(days.DayOf(ts));
        if (b < 0) return;
        const uint64_t* st_bits = started_in(person);
        const size_t g = group_of(person);
        for (size_t cohort = 0; cohort <= static_cast<size_t>(b); ++cohort) {
          if (!((st_bits[cohort / 64] >> (cohort % 64)) & 1)) continue;
          const size_t n = static_cast<size_t>(b) - cohort;
          if (req.mode == RetentionMode::kOn) {
            if (n < width) a[g][cohort][n] += v;
          } else {
            for (size_t k = 0; k <= std::min(n, width - 1); ++k) a[g][cohort][k] += v;
          }
          if (req.start == RetentionStart::kFirstTime) break;
        }
      };
    };
    RETURN_IF_ERROR(tiles.ForEach(ctx, [&](uint32_t b0, uint32_t b1, int t) {
      for (size_t i = 0; i < chunks.size(); ++i) {
        const Chunk& c = *chunks[i];
        const Bound& cb = bound[i];
        if (!cb.value || cb.value->numbers.empty()) continue;
        const ChunkDays days(ctx.tz(), c);
        ForSelectedRowsAtHome(c, ctx.Runs(c), b0, b1, ret, cb.ret, cb.ret_postings,
                              add(acc[static_cast<size_t>(t)], c, cb, days));
      }
      return Status::Ok();
    }));
    RETURN_IF_ERROR(ForStrayChunks(ctx, chunks.size(), [&](size_t i, size_t t) {
      const Chunk& c = *chunks[i];
      const Bound& cb = bound[i];
      if (!cb.value || cb.value->numbers.empty()) return;
      const ChunkDays days(ctx.tz(), c);
      ForSelectedStrayRows(c, ctx.Runs(c), t, ctx.threads(), ret, cb.ret, add(acc[t], c, cb, days));
    }));
    for (const auto& a : acc) {
      if (a.empty()) continue;
      for (size_t g = 0; g < ng; ++g) {
        for (size_t c = 0; c < np; ++c) {
          for (size_t n = 0; n < width; ++n) cells[g][c][n] += a[g][c][n];
        }
      }
    }
  }

  auto cohorts_json = [&](size_t g) {
    json cohorts = json::array();
    for (size_t c = 0; c < np; ++c) {
      json values = json::array();
      for (size_t n = 0; n < width; ++n) {
        if (c + n >= np) {
          values.push_back(nullptr);  // not observable yet: past the range's end
        } else if (revenue) {
          values.push_back(std::round(cells[g][c][n] * 100) / 100);
        } else {
          values.push_back(static_cast<uint64_t>(cells[g][c][n]));
        }
      }
      cohorts.push_back(
          {{"date", periods.labels()[c]}, {"persons", size[g][c]}, {"values", std::move(values)}});
    }
    return cohorts;
  };
  json out = {{"kind", "retention"},
              {"period", IntervalName(req.period)},
              {"start", req.start == RetentionStart::kFirstTime ? "first_time" : "recurring"},
              {"mode", req.mode == RetentionMode::kOn ? "on" : "on_or_after"},
              {"value", revenue ? json{{"math", "sum"}, {"property", req.value_property}}
                                : json("persons")}};
  if (by_value) {
    json groups = json::array();
    for (size_t g = 0; g < ng; ++g) {
      groups.push_back({{"breakdown_value", labels[g]}, {"cohorts", cohorts_json(g)}});
    }
    out["breakdown"] = {{"property", req.breakdown}, {"groups", std::move(groups)}};
    // The cohorts of all groups together.
    for (size_t g = 1; g < ng; ++g) {
      for (size_t c = 0; c < np; ++c) {
        size[0][c] += size[g][c];
        for (size_t n = 0; n < width; ++n) cells[0][c][n] += cells[g][c][n];
      }
    }
  }
  out["cohorts"] = cohorts_json(0);
  if (persons_cohort >= 0) {
    std::vector<std::string> labels;
    for (uint32_t p : cell_persons) labels.push_back(ctx.data().PersonLabel(ctx.SlotQid(p)));
    std::sort(labels.begin(), labels.end());
    json ids = labels;
    out["persons"] = {{"cohort", req.persons_cohort},
                      {"period", req.persons_period},
                      {"count", revenue ? json(nullptr) : json(cell_count)},
                      {"distinct_ids", std::move(ids)},
                      {"more", cell_count > cell_persons.size()}};
  }
  out["stats"] = {{"elapsed_ms", ElapsedMs(started)}};
  *answer = std::move(out);
  return Status::Ok();
}

}  // namespace growloop
