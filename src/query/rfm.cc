// RFM: recency, frequency and monetary value of every person with an event in the range,
// materialised as three arrays indexed by person; threads own the persons p % threads == t.
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
  const int threads = ctx.threads();
  std::vector<Status> st(threads);
  ParallelFor(static_cast<size_t>(threads), threads, [&](size_t t, int) {
    for (const Chunk* c : chunks) {
      st[t] = ctx.Check();
      ChunkFilter f;
      std::shared_ptr<const ChunkProperty> amount;
      if (st[t].ok()) st[t] = ChunkFilter::Bind(any.filter, *c, ctx.data(), &f);
      if (st[t].ok()) st[t] = ctx.data().Property(*c, req.amount_property, &amount);
      if (!st[t].ok()) return;
      const bool whole_day = c->min_ts >= range.from_us && c->max_ts < range.to_us;
      const ChunkDays days(ctx.tz(), *c);
      const double* amounts = amount && !amount->numbers.empty() ? amount->numbers.data() : nullptr;
      const RunPersons& runs = ctx.Runs(*c);
      auto mine = [&](uint32_t run, uint32_t* person) {
        *person = runs.person[run];
        return OwnsPerson(*person, t, threads);
      };
      // The state of a person some runs ahead (see kPrefetchRuns).
      auto prefetch = [&](uint32_t run, bool totals) {
        if (run + kPrefetchRuns >= c->runs()) return;
        const uint32_t ahead = runs.person[run + kPrefetchRuns];
        if (!OwnsPerson(ahead, t, threads)) return;
        __builtin_prefetch(&last_day[ahead], 1);
        if (totals) {
          __builtin_prefetch(&frequency[ahead], 1);
          __builtin_prefetch(&monetary[ahead], 1);
        }
      };
      auto in_range = [&](uint32_t row) {
        return whole_day || (c->ts[row] >= range.from_us && c->ts[row] < range.to_us);
      };
      if (f.always()) {
        // A run's rows are in time order: its last row in the range is its latest event.
        for (uint32_t run = 0; run < c->runs(); ++run) {
          prefetch(run, false);
          uint32_t person;
          if (!mine(run, &person)) continue;
          for (uint32_t row = c->run_start[run + 1]; row-- > c->run_start[run];) {
            if (!in_range(row)) continue;
            last_day[person] = std::max(last_day[person], days.DayOf(c->ts[row]));
            break;
          }
        }
        // Purchases through their postings.
        auto [b, e] =
            purchase ? c->RowsOf(purchase) : std::pair<const uint32_t*, const uint32_t*>{};
        uint32_t run = 0;
        uint32_t seen_run = ~0u;
        for (const uint32_t* p = b; p < e; ++p) {
          run = AdvanceRun(*c, run, *p);
          if (run != seen_run) {
            seen_run = run;
            prefetch(run, true);
          }
          uint32_t person;
          if (!mine(run, &person) || !in_range(*p)) continue;
          ++frequency[person];
          if (amounts && !std::isnan(amounts[*p])) monetary[person] += amounts[*p];
        }
        continue;
      }
      for (uint32_t run = 0; run < c->runs(); ++run) {
        prefetch(run, true);
        uint32_t person;
        if (!mine(run, &person)) continue;
        for (uint32_t row = c->run_start[run]; row < c->run_start[run + 1]; ++row) {
          if (!in_range(row) || !f.Match(row, run)) continue;
          last_day[person] = std::max(last_day[person], days.DayOf(c->ts[row]));
          if (purchase != 0 && c->event[row] == purchase) {
            ++frequency[person];
            if (amounts && !std::isnan(amounts[row])) monetary[person] += amounts[row];
          }
        }
      }
    }
  });
  for (const Status& s : st) RETURN_IF_ERROR(s);

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
  // The rows shown: the most valuable persons first, kept in a heap of `limit` whose front is
  // the least valuable of them.
  auto before = [&](uint32_t a, uint32_t b) {
    if (monetary[a] != monetary[b]) return monetary[a] > monetary[b];
    if (frequency[a] != frequency[b]) return frequency[a] > frequency[b];
    return a < b;
  };
  std::vector<uint32_t> listed;
  listed.reserve(std::min<size_t>(req.limit, slots) + 1);
  for (uint32_t p = 0; p < slots && req.limit > 0; ++p) {
    if (last_day[p] == kNever) continue;
    if (listed.size() < req.limit) {
      listed.push_back(p);
      std::push_heap(listed.begin(), listed.end(), before);
    } else if (before(p, listed.front())) {
      std::pop_heap(listed.begin(), listed.end(), before);
      listed.back() = p;
      std::push_heap(listed.begin(), listed.end(), before);
    }
  }
  std::sort_heap(listed.begin(), listed.end(), before);
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
