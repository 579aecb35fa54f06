// RFM: recency, frequency and monetary value of every person with an event in the range,
// materialised as three arrays indexed by person, filled tile by tile of persons (PersonTiles).
#include <algorithm>
#include <cmath>

#include "common/huge_memory.h"
#include "query/query_exec.h"

namespace growloop {

using json = nlohmann::json;

Status RunRfm(const QueryContext& ctx, const RfmRequest& req, json* answer) {
  const auto started = std::chrono::steady_clock::now();
  const TimeRange range = req.common.range;
  const std::vector<const Chunk*> chunks = ctx.ChunksIn(range);
  std::set<std::string> props;
  CollectProperties(req.common.filter, &props);
  props.insert(req.amount_property);
  RETURN_IF_ERROR(ctx.LoadProperties(chunks, props));
  CompiledSelector any;
  RETURN_IF_ERROR(CompileSelector({}, req.common.filter, ctx.data(), &any));
  const uint32_t purchase = ctx.data().EventCode(req.purchase_event);

  const uint32_t slots = ctx.slots();
  constexpr int32_t kNever = INT32_MIN;
  HugeArray<int32_t> last_day(slots, kNever);
  HugeArray<uint32_t> frequency(slots, 0);
  HugeArray<double> monetary(slots, 0);
  // The filter and the amounts of every chunk, bound once for all tiles.
  std::vector<ChunkFilter> filters(chunks.size());
  std::vector<std::shared_ptr<const ChunkProperty>> amounts(chunks.size());
  RETURN_IF_ERROR(ctx.ForIndexes(chunks.size(), [&](size_t i, int) {
    RETURN_IF_ERROR(ChunkFilter::Bind(any.filter, *chunks[i], ctx.data(), &filters[i]));
    return ctx.data().Property(*chunks[i], req.amount_property, &amounts[i]);
  }));
  auto in_range = [&](const Chunk& c, uint32_t row) {
    return (c.min_ts >= range.from_us && c.max_ts < range.to_us) ||
           (c.ts[row] >= range.from_us && c.ts[row] < range.to_us);
  };
  auto add_purchase = [&](size_t i, uint32_t person, uint32_t row) {
    ++frequency[person];
    const ChunkProperty* amount = amounts[i].get();
    if (amount && !amount->numbers.empty() && !std::isnan(amount->numbers[row])) {
      monetary[person] += amount->numbers[row];
    }
  };
  // Every row of a run, filtered.
  auto whole_run = [&](size_t i, const RunPersons& runs, const ChunkDays& days, uint32_t run) {
    const Chunk& c = *chunks[i];
    const uint32_t person = runs.person[run];
    for (uint32_t row = c.run_start[run]; row < c.run_start[run + 1]; ++row) {
      if (!in_range(c, row) || !filters[i].Match(row, run)) continue;
      last_day[person] = std::max(last_day[person], days.DayOf(c.ts[row]));
      if (purchase != 0 && c.event[row] == purchase) add_purchase(i, person, row);
    }
  };
  const PersonTiles tiles(slots, sizeof(int32_t) + sizeof(uint32_t) + sizeof(double),
                          ctx.threads());
  RETURN_IF_ERROR(tiles.ForEach(ctx, [&](uint32_t b0, uint32_t b1, int) {
    for (size_t i = 0; i < chunks.size(); ++i) {
      const Chunk& c = *chunks[i];
      const RunPersons& runs = ctx.Runs(c);
      const auto [r0, r1] = runs.MainRuns(b0, b1);
      if (r0 == r1) continue;
      const ChunkDays days(ctx.tz(), c);
      if (!filters[i].always()) {
        for (uint32_t run = r0; run < r1; ++run) {
          if (runs.at_home[run]) whole_run(i, runs, days, run);
        }
        continue;
      }
      // A run's rows are in time order: its last row in the range is its latest event.
      for (uint32_t run = r0; run < r1; ++run) {
        if (!runs.at_home[run]) continue;
        for (uint32_t row = c.run_start[run + 1]; row-- > c.run_start[run];) {
          if (!in_range(c, row)) continue;
          last_day[runs.person[run]] = std::max(last_day[runs.person[run]], days.DayOf(c.ts[row]));
          break;
        }
      }
      // Purchases through their postings: those of the runs [r0, r1).
      if (purchase == 0) continue;
      auto [b, e] = c.RowsOf(purchase);
      b = std::lower_bound(b, e, c.run_start[r0]);
      e = std::lower_bound(b, e, c.run_start[r1]);
      uint32_t run = r0;
      for (const uint32_t* p = b; p < e; ++p) {
        run = AdvanceRun(c, run, *p);
        if (runs.at_home[run] && in_range(c, *p)) add_purchase(i, runs.person[run], *p);
      }
    }
    return Status::Ok();
  }));
  // Then the strays, chunk by chunk in run order, each thread its persons.
  RETURN_IF_ERROR(ForStrayChunks(ctx, chunks.size(), [&](size_t i, size_t t) {
    const Chunk& c = *chunks[i];
    const RunPersons& runs = ctx.Runs(c);
    const ChunkDays days(ctx.tz(), c);
    for (uint32_t run = 0; run < c.runs(); ++run) {
      if (!runs.at_home[run] && OwnsPerson(runs.person[run], t, ctx.threads())) {
        whole_run(i, runs, days, run);
      }
    }
  }));

  uint64_t persons = 0, sum_frequency = 0;
  int64_t sum_recency = 0;
  long double sum_monetary = 0;
  // The totals, in one pass without calls (the sums stay in registers).
  for (uint32_t p = 0; p < slots; ++p) {
    if (last_day[p] == kNever) continue;
    ++persons;
    sum_recency += req.as_of_day - last_day[p];
    sum_frequency += frequency[p];
    sum_monetary += monetary[p];
  }
  // The rows shown: the most valuable persons first.
  auto before = [&](uint32_t a, uint32_t b) {
    if (monetary[a] != monetary[b]) return monetary[a] > monetary[b];
    if (frequency[a] != frequency[b]) return frequency[a] > frequency[b];
    return a < b;
  };
  const std::vector<uint32_t> listed = FirstPersons(
      slots, req.limit, [&](uint32_t p) { return last_day[p] != kNever; }, before);
  const size_t shown = listed.size();
  json rows = json::array();
  for (size_t i = 0; i < shown; ++i) {
    const uint32_t p = listed[i];
    rows.push_back({{"person", ctx.data().PersonLabel(ctx.SlotQid(p))},
                    {"recency", req.as_of_day - last_day[p]},
                    {"frequency", frequency[p]},
                    {"monetary", std::round(monetary[p] * 100) / 100}});
  }
  *answer = {{"kind", "rfm"},
             {"as_of", FormatCivilDate(req.as_of_day)},
             {"persons", persons},
             {"sum_recency", sum_recency},
             {"sum_frequency", sum_frequency},
             {"sum_monetary", std::round(static_cast<double>(sum_monetary) * 100) / 100},
             {"rows", std::move(rows)},
             {"stats", {{"elapsed_ms", ElapsedMs(started)}}}};
  return Status::Ok();
}

}  // namespace growloop
