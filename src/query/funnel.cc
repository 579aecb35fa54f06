// Funnels: per person, the deepest step its best chain of events reaches.
//
// The rows that can matter (events of a step or an exclusion; every event in strict order) are
// gathered per person, in time order, by a count and a scatter over the chunks: each thread
// owns the persons p with p % threads == t, so the scatter needs no locks and keeps every
// person's events in chunk order (days ascending). Rows of one person from several runs of a
// day (two of its ids, or two segments not yet compacted) are then sorted by time.
//
// A person's chains are then followed in one pass over its events. For each step k the chains
// that reached it are kept as a small Pareto front of (start, time of step k): a chain that
// started later and reached k later is at least as good for every later step, under the
// overall window (measured from the start) and under the step's own window (from the previous
// step). Without step windows the front holds one chain, the latest start, which is
// ClickHouse's windowFunnel.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "common/huge_memory.h"
#include "query/query_exec.h"

namespace growloop {
namespace {

using json = nlohmann::json;

constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

struct Chain {
  int64_t start;
  int64_t last;
  uint32_t node;  // the chain's last step in the node pool
  uint32_t born;  // index of the event that made it (strict order)
};

struct Node {
  uint32_t index;   // of the event, in the person's events
  uint32_t parent;  // kNoNode at step 1
};
constexpr uint32_t kNoNode = ~0u;

// Follows one person's events; reusable across persons.
class FunnelMachine {
 public:
  explicit FunnelMachine(const FunnelRequest& req) : req_(req), n_(req.steps.size()) {
    front_.resize(n_);
    for (size_t k = 0; k < n_; ++k)
      within_.push_back(req.steps[k].within_us ? req.steps[k].within_us : kNoLimit);
  }

  // Events in time order. Returns the deepest step reached (-1: none) and the indexes of the
  // best chain's events in *chain: one per step reached for ordered and strict funnels; for
  // `any`, the first event of the best window alone.
  int Run(const int64_t* ts, const uint32_t* steps, const uint32_t* excl, size_t n,
          std::vector<uint32_t>* chain) {
    chain->clear();
    if (req_.order == FunnelOrder::kAny) return RunAny(ts, steps, n, chain);
    for (auto& f : front_) f.clear();
    nodes_.clear();
    int level = -1;
    uint32_t best = kNoNode;
    int64_t best_start = 0;
    for (size_t i = 0; i < n; ++i) {
      const int64_t t = ts[i];
      if (excl[i] != 0) {
        for (size_t x = 0; x < req_.exclusions.size(); ++x) {
          if (!(excl[i] >> x & 1)) continue;
          const FunnelExclusion& e = req_.exclusions[x];
          for (size_t k = e.from_step; k < e.to_step; ++k) front_[k].clear();
        }
      }
      const uint32_t mask = steps[i];
      for (size_t k = n_ - 1; k >= 1; --k) {
        if (!(mask >> k & 1)) continue;
        const Chain* from = nullptr;
        // The latest start; among equal starts the chain that got to step k - 1 first, so that
        // times to convert are measured from the first event of each step.
        for (const Chain& c : front_[k - 1]) {
          if (t - c.start <= req_.window_us && t - c.last <= within_[k] && t >= c.last &&
              (!from || c.start > from->start || (c.start == from->start && c.last < from->last))) {
            from = &c;
          }
        }
        if (!from) continue;
        const Chain grown{from->start, t, Push(static_cast<uint32_t>(i), from->node),
                          static_cast<uint32_t>(i)};
        Insert(k, grown);
        // The best chain: the deepest, and of those the latest to start (as the streaming form
        // keeps it), the first to get there among equal starts.
        if (static_cast<int>(k) > level ||
            (static_cast<int>(k) == level && grown.start > best_start)) {
          level = static_cast<int>(k);
          best = grown.node;
          best_start = grown.start;
        }
      }
      if (mask & 1) {
        const Chain c{t, t, Push(static_cast<uint32_t>(i), kNoNode), static_cast<uint32_t>(i)};
        Insert(0, c);
        if (level <= 0 && (level < 0 || t > best_start)) {
          level = 0;
          best = c.node;
          best_start = t;
        }
      }
      if (req_.order == FunnelOrder::kStrict) {
        // Any event that did not extend a chain breaks it.
        for (auto& f : front_) {
          std::erase_if(f, [&](const Chain& c) { return c.born != i; });
        }
      }
    }
    for (uint32_t node = best; node != kNoNode; node = nodes_[node].parent) {
      chain->push_back(nodes_[node].index);
    }
    std::reverse(chain->begin(), chain->end());
    return level;
  }

 private:
  uint32_t Push(uint32_t index, uint32_t parent) {
    nodes_.push_back({index, parent});
    return static_cast<uint32_t>(nodes_.size() - 1);
  }
  // Adds a chain to step k's front, dropping the chains it dominates (started earlier; it
  // reached k no earlier, since events come in time order) and those too old to grow. Of the
  // chains with the same start, two are kept: the first to reach k (for times to convert) and
  // the last (the most room under a step's own window).
  void Insert(size_t k, const Chain& c) {
    auto& f = front_[k];
    int64_t first_last = kNoLimit;  // when the first chain with c's start reached k
    for (const Chain& o : f) {
      if (o.start == c.start) first_last = std::min(first_last, o.last);
    }
    std::erase_if(f, [&](const Chain& o) {
      return c.last - o.start > req_.window_us || o.start < c.start ||
             (o.start == c.start && o.last > first_last);
    });
    f.push_back(c);
  }

  // Steps in any order: the most distinct steps within one window, over the windows that start
  // at an event of step 1.
  int RunAny(const int64_t* ts, const uint32_t* steps, size_t n, std::vector<uint32_t>* chain) {
    int best = -1;
    std::vector<uint32_t> count(n_, 0);
    size_t hi = 0;
    int distinct = 0;
    for (size_t lo = 0; lo < n; ++lo) {
      while (hi < n && ts[hi] - ts[lo] <= req_.window_us) {
        for (size_t k = 0; k < n_; ++k) {
          if ((steps[hi] >> k & 1) && count[k]++ == 0) ++distinct;
        }
        ++hi;
      }
      // A chain starts at an event of step 1.
      if ((steps[lo] & 1) && distinct - 1 > best) {
        best = distinct - 1;
        chain->assign(1, static_cast<uint32_t>(lo));
      }
      for (size_t k = 0; k < n_; ++k) {
        if ((steps[lo] >> k & 1) && --count[k] == 0) --distinct;
      }
    }
    return best;
  }

  const FunnelRequest& req_;
  const size_t n_;
  std::vector<int64_t> within_;
  std::vector<std::vector<Chain>> front_;
  std::vector<Node> nodes_;
};

// Seconds to convert: upper bounds of the distribution's buckets.
constexpr int64_t kBucketSeconds[] = {60,       300,       900,   3600,      3 * 3600,
                                      6 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400};

// The times to convert into one step, in whole seconds: counted by value below kExactSeconds
// (every window up to twelve days), kept one by one past it. Millions of persons then cost a
// counter each instead of a vector entry each, whose growth faults fresh pages in every query.
class ConvertTimes {
 public:
  static constexpr int64_t kExactSeconds = int64_t{1} << 20;

  void Add(int64_t seconds) {
    ++count_;
    sum_ += seconds;
    if (seconds < 0 || seconds >= kExactSeconds) {
      rest_.push_back(seconds);
      return;
    }
    const size_t i = static_cast<size_t>(seconds);
    if (i >= counts_.size()) counts_.resize(std::max(i + 1, counts_.size() * 2), 0);
    ++counts_[i];
  }
  void Merge(const ConvertTimes& o) {
    count_ += o.count_;
    sum_ += o.sum_;
    if (o.counts_.size() > counts_.size()) counts_.resize(o.counts_.size(), 0);
    for (size_t i = 0; i < o.counts_.size(); ++i) counts_[i] += o.counts_[i];
    rest_.insert(rest_.end(), o.rest_.begin(), o.rest_.end());
  }
  uint64_t count() const { return count_; }
  double Average() const { return static_cast<double>(sum_) / static_cast<double>(count_); }
  // The i-th smallest (from 0) and the number at most `edge`, once Sort() has run.
  void Sort() { std::sort(rest_.begin(), rest_.end()); }
  int64_t Nth(uint64_t i) const {
    const auto negative = static_cast<uint64_t>(
        std::lower_bound(rest_.begin(), rest_.end(), int64_t{0}) - rest_.begin());
    if (i < negative) return rest_[i];
    i -= negative;
    for (size_t v = 0; v < counts_.size(); ++v) {
      if (i < counts_[v]) return static_cast<int64_t>(v);
      i -= counts_[v];
    }
    return rest_[negative + i];
  }
  uint64_t AtMost(int64_t edge) const {
    uint64_t n =
        static_cast<uint64_t>(std::upper_bound(rest_.begin(), rest_.end(), edge) - rest_.begin());
    for (size_t v = 0; v < counts_.size() && static_cast<int64_t>(v) <= edge; ++v) n += counts_[v];
    return n;
  }

 private:
  uint64_t count_ = 0;
  int64_t sum_ = 0;
  std::vector<uint64_t> counts_;  // by value, below kExactSeconds
  std::vector<int64_t> rest_;     // the others
};

json FunnelAnswer(const FunnelRequest& req, const std::vector<uint64_t>& reached,
                  std::vector<ConvertTimes>& seconds, uint64_t total,
                  std::chrono::steady_clock::time_point started) {
  const size_t n = req.steps.size();
  json out_steps = json::array();
  for (size_t k = 0; k < n; ++k) {
    json s = {
        {"step", k},
        {"event", req.steps[k].selector.event.empty() ? "$all" : req.steps[k].selector.event},
        {"persons", reached[k]},
        {"conversion_from_first",
         reached[0] ? static_cast<double>(reached[k]) / static_cast<double>(reached[0]) : 0.0},
        {"conversion_from_previous",
         k == 0 ? 1.0
                : (reached[k - 1]
                       ? static_cast<double>(reached[k]) / static_cast<double>(reached[k - 1])
                       : 0.0)}};
    ConvertTimes& v = seconds[k];
    if (k == 0 || v.count() == 0) {
      s["median_seconds_to_convert"] = nullptr;
      s["average_seconds_to_convert"] = nullptr;
    } else {
      v.Sort();
      const uint64_t c = v.count();
      s["median_seconds_to_convert"] =
          c % 2 ? static_cast<double>(v.Nth(c / 2)) : (v.Nth(c / 2 - 1) + v.Nth(c / 2)) / 2.0;
      s["average_seconds_to_convert"] = v.Average();
      json dist = json::array();
      uint64_t from = 0;
      for (int64_t edge : kBucketSeconds) {
        const uint64_t to = v.AtMost(edge);
        dist.push_back({{"up_to_seconds", edge}, {"persons", to - from}});
        from = to;
      }
      dist.push_back({{"up_to_seconds", nullptr}, {"persons", c - from}});
      s["time_to_convert"] = std::move(dist);
    }
    out_steps.push_back(std::move(s));
  }
  return {{"kind", "funnel"},
          {"order", req.order == FunnelOrder::kOrdered  ? "ordered"
                    : req.order == FunnelOrder::kStrict ? "strict"
                                                        : "any"},
          {"window_seconds", req.window_us / 1'000'000},
          {"steps", std::move(out_steps)},
          {"stats", {{"events_read", total}, {"elapsed_ms", ElapsedMs(started)}}}};
}

// The streaming form of an ordered funnel without step windows or exclusions, for at most
// kMaxStreamSteps steps: no gather. Chunks are read day by day with a state per person: for each
// step k, the times of the steps of the latest-starting chain that reached k (ClickHouse's
// windowFunnel keeps the start alone; the other times give the time to convert). A person's rows
// of a day are one run, in time order, except for the persons with several runs that day (two
// ids, or segments not yet compacted): their rows are gathered and sorted at the day's end. The
// persons go in cache-sized tiles (PersonTiles), each read through every day before the next.
constexpr size_t kMaxStreamSteps = 6;

bool CanStream(const FunnelRequest& req) {
  if (req.order != FunnelOrder::kOrdered || !req.exclusions.empty()) return false;
  if (req.steps.size() > kMaxStreamSteps) return false;
  for (const FunnelStep& s : req.steps) {
    if (s.within_us != 0) return false;
  }
  return true;
}

Status RunFunnelStreaming(const QueryContext& ctx, const FunnelRequest& req,
                          const std::vector<const Chunk*>& chunks,
                          const std::vector<CompiledSelector>& steps, json* answer,
                          std::chrono::steady_clock::time_point started) {
  constexpr int64_t kUnset = std::numeric_limits<int64_t>::min();
  const size_t n = req.steps.size();
  const TimeRange range = req.common.range;
  const uint32_t slots = ctx.slots();
  // at[p * stride + Tri(k) + j]: time of step j of the chain held at step k (j <= k).
  const size_t stride = n * (n + 1) / 2;
  auto tri = [](size_t k) { return k * (k + 1) / 2; };
  const uint32_t codes = ctx.data().EventCodes();
  std::vector<uint32_t> step_of(codes + 1, 0);
  bool filtered = false;
  for (uint32_t c = 0; c <= codes; ++c) {
    for (size_t k = 0; k < n; ++k) {
      if (steps[k].Selects(static_cast<uint16_t>(c))) step_of[c] |= 1u << k;
    }
  }
  for (const auto& s : steps) filtered = filtered || s.filter.kind != Filter::Kind::kAll;

  // Groups of chunks of one day.
  std::vector<std::pair<size_t, size_t>> days;
  for (size_t i = 0; i < chunks.size(); ++i) {
    if (days.empty() || chunks[days.back().first]->day != chunks[i]->day) days.push_back({i, i});
    days.back().second = i + 1;
  }
  // The steps' filters, bound to every chunk once for all tiles.
  std::vector<std::vector<ChunkFilter>> sf(filtered ? chunks.size() : 0);
  if (filtered) {
    for (auto& f : sf) f.resize(n);
    RETURN_IF_ERROR(ctx.ForIndexes(chunks.size(), [&](size_t i, int) {
      std::vector<ChunkFilter>& f = sf[i];
      for (size_t k = 0; k < n; ++k) {
        RETURN_IF_ERROR(ChunkFilter::Bind(steps[k].filter, *chunks[i], ctx.data(), &f[k]));
      }
      return Status::Ok();
    }));
  }
  // The step mask of a row in the range; 0 when it is no step.
  auto mask_of = [&](const Chunk& c, const std::vector<ChunkFilter>* f, uint32_t row, uint32_t run,
                     bool whole) -> uint32_t {
    const uint16_t code = c.event[row];
    uint32_t mask = code <= codes ? step_of[code] : 0;
    if (mask == 0) return 0;
    const int64_t ts = c.ts[row];
    if (!whole && (ts < range.from_us || ts >= range.to_us)) return 0;
    if (f != nullptr) {
      for (size_t k = 0; k < n; ++k) {
        if ((mask >> k & 1) && !(*f)[k].Match(row, run)) mask &= ~(1u << k);
      }
    }
    return mask;
  };
  // A person's state in its tile's array `at` (index: person - the tile's first person).
  auto apply = [&](int64_t* at, uint32_t i, int64_t ts, uint32_t mask) {
    int64_t* s = &at[static_cast<size_t>(i) * stride];
    for (size_t k = n - 1; k >= 1; --k) {
      if (!(mask >> k & 1)) continue;
      const int64_t* prev = s + tri(k - 1);
      if (prev[0] == kUnset || ts - prev[0] > req.window_us || ts < prev[k - 1]) continue;
      int64_t* cur = s + tri(k);
      if (cur[0] != kUnset && cur[0] >= prev[0]) continue;  // holds a later start already
      std::copy(prev, prev + k, cur);
      cur[k] = ts;
    }
    if (mask & 1) s[0] = ts;
  };
  // Tile by tile of persons (PersonTiles), day after day: the rows of the tile's runs in order,
  // straight into the state; then those of its persons with several runs that day (or a run
  // away from their slot), through the day's rows sorted by person and time.
  // Each tile's states live only while the tile is read; then the persons' levels and times
  // to convert go to their thread's totals.
  std::atomic<uint64_t> events_read{0};
  const PersonTiles tiles(slots, stride * sizeof(int64_t), ctx.threads());
  struct Totals {
    std::vector<int64_t> at;  // the tile's states
    std::vector<uint64_t> reached;
    std::vector<ConvertTimes> seconds;
  };
  std::vector<Totals> totals(static_cast<size_t>(ctx.threads()));
  RETURN_IF_ERROR(tiles.ForEach(ctx, [&](uint32_t b0, uint32_t b1, int t) {
    uint64_t read = 0;
    const uint64_t first_person = uint64_t{b0} << kPersonBlockShift;
    const uint64_t end_person = std::min<uint64_t>(uint64_t{b1} << kPersonBlockShift, slots);
    const uint32_t first = static_cast<uint32_t>(first_person);
    Totals& tt = totals[static_cast<size_t>(t)];
    tt.at.assign(static_cast<size_t>(end_person - first_person) * stride, kUnset);
    int64_t* at = tt.at.data();
    for (const auto& [day_first, day_end] : days) {
      for (size_t ci = day_first; ci < day_end; ++ci) {
        const Chunk& c = *chunks[ci];
        const RunPersons& rp = ctx.Runs(c);
        const std::vector<ChunkFilter>* f = filtered ? &sf[ci] : nullptr;
        const bool whole = c.min_ts >= range.from_us && c.max_ts < range.to_us;
        const auto [r0, r1] = rp.MainRuns(b0, b1);
        for (uint32_t run = r0; run < r1; ++run) {
          if (rp.multi[run]) continue;  // strays are multi too
          const uint32_t p = rp.person[run];
          for (uint32_t row = c.run_start[run]; row < c.run_start[run + 1]; ++row) {
            const uint32_t mask = mask_of(c, f, row, run, whole);
            if (mask == 0) continue;
            ++read;
            apply(at, p - first, c.ts[row], mask);
          }
        }
      }
      const auto& day_rows = ctx.Runs(*chunks[day_first]).day_rows;
      if (!day_rows) continue;
      auto by_person = [](const RunPersons::Row& r, uint64_t p) { return r.person < p; };
      auto it = std::lower_bound(day_rows->begin(), day_rows->end(), first_person, by_person);
      const auto end = std::lower_bound(it, day_rows->end(), end_person, by_person);
      const Chunk* bound = nullptr;
      const std::vector<ChunkFilter>* f = nullptr;
      for (; it != end; ++it) {
        if (filtered && it->chunk != bound) {
          // The day's rows come from every chunk of the day, a handful. One outside the range is
          // not among `chunks` and has no filters bound; mask_of drops its rows by their times.
          bound = it->chunk;
          const auto day_begin = chunks.begin() + static_cast<ptrdiff_t>(day_first);
          const auto day_stop = chunks.begin() + static_cast<ptrdiff_t>(day_end);
          const auto found = std::find(day_begin, day_stop, bound);
          f = found == day_stop ? nullptr : &sf[static_cast<size_t>(found - chunks.begin())];
        }
        const uint32_t mask = mask_of(*it->chunk, f, it->row, it->run, false);
        if (mask == 0) continue;
        ++read;
        apply(at, it->person - first, it->chunk->ts[it->row], mask);
      }
    }
    events_read.fetch_add(read);
    tt.reached.resize(n, 0);
    tt.seconds.resize(n);
    for (uint32_t i = 0; i < end_person - first_person; ++i) {
      const int64_t* s = &at[static_cast<size_t>(i) * stride];
      if (s[0] == kUnset) continue;
      size_t level = 0;
      for (size_t k = n; k-- > 0;) {
        if (s[tri(k)] != kUnset) {
          level = k;
          break;
        }
      }
      for (size_t k = 0; k <= level; ++k) ++tt.reached[k];
      const int64_t* chain = s + tri(level);
      for (size_t k = 1; k <= level; ++k) {
        tt.seconds[k].Add((chain[k] - chain[k - 1]) / 1'000'000);
      }
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ctx.Check());

  std::vector<uint64_t> reached(n, 0);
  std::vector<ConvertTimes> seconds(n);
  for (const Totals& tt : totals) {
    if (tt.reached.empty()) continue;
    for (size_t k = 0; k < n; ++k) {
      reached[k] += tt.reached[k];
      seconds[k].Merge(tt.seconds[k]);
    }
  }
  *answer = FunnelAnswer(req, reached, seconds, events_read.load(), started);
  return Status::Ok();
}

}  // namespace

Status RunFunnel(const QueryContext& ctx, const FunnelRequest& req, json* answer) {
  const auto started = std::chrono::steady_clock::now();
  const TimeRange range = req.common.range;
  const std::vector<const Chunk*> chunks = ctx.ChunksIn(range);
  const size_t n = req.steps.size();
  std::set<std::string> props;
  CollectProperties(req.common.filter, &props);
  for (const auto& s : req.steps) CollectProperties(s.selector.filter, &props);
  for (const auto& x : req.exclusions) CollectProperties(x.selector.filter, &props);
  if (!req.breakdown.empty()) props.insert(req.breakdown);
  RETURN_IF_ERROR(ctx.LoadProperties(chunks, props));

  std::vector<CompiledSelector> steps(n), excl(req.exclusions.size());
  for (size_t k = 0; k < n; ++k) {
    RETURN_IF_ERROR(
        CompileSelector(req.steps[k].selector, req.common.filter, ctx.data(), &steps[k]));
  }
  for (size_t x = 0; x < excl.size(); ++x) {
    RETURN_IF_ERROR(
        CompileSelector(req.exclusions[x].selector, req.common.filter, ctx.data(), &excl[x]));
  }
  if (CanStream(req) && req.Plain())
    return RunFunnelStreaming(ctx, req, chunks, steps, answer, started);
  CompiledSelector any;  // strict order: every event of the person
  RETURN_IF_ERROR(CompileSelector({}, req.common.filter, ctx.data(), &any));
  const bool strict = req.order == FunnelOrder::kStrict;
  // Event code -> the steps / exclusions that select it.
  const uint32_t codes = ctx.data().EventCodes();
  std::vector<uint32_t> step_of(codes + 1, 0), excl_of(codes + 1, 0);
  for (uint32_t c = 0; c <= codes; ++c) {
    for (size_t k = 0; k < n; ++k)
      step_of[c] |= steps[k].Selects(static_cast<uint16_t>(c)) ? 1u << k : 0;
    for (size_t x = 0; x < excl.size(); ++x)
      excl_of[c] |= excl[x].Selects(static_cast<uint16_t>(c)) ? 1u << x : 0;
  }

  const uint32_t slots = ctx.slots();
  const int threads = ctx.threads();
  std::vector<uint64_t> offsets(static_cast<size_t>(slots) + 1, 0);
  std::vector<int64_t> ev_ts;
  std::vector<uint32_t> ev_step, ev_excl;
  // Breakdown values of the rows: 0 none, a string code, or kNumberKey + index in `numbers`.
  constexpr uint64_t kNumberKey = uint64_t{1} << 40;
  std::vector<uint64_t> ev_key;
  std::mutex numbers_mu;
  std::unordered_map<double, uint64_t> number_index;
  std::vector<double> numbers;

  // Visits the rows of chunk c that matter, with their step and exclusion masks, for the
  // persons of thread t.
  auto visit_rows = [&](const Chunk& c, int t, auto&& fn) -> Status {
    std::vector<ChunkFilter> sf(n), xf(excl.size());
    for (size_t k = 0; k < n; ++k)
      RETURN_IF_ERROR(ChunkFilter::Bind(steps[k].filter, c, ctx.data(), &sf[k]));
    for (size_t x = 0; x < excl.size(); ++x)
      RETURN_IF_ERROR(ChunkFilter::Bind(excl[x].filter, c, ctx.data(), &xf[x]));
    ChunkFilter global;
    RETURN_IF_ERROR(ChunkFilter::Bind(any.filter, c, ctx.data(), &global));
    std::shared_ptr<const ChunkProperty> bprop;
    if (!req.breakdown.empty()) RETURN_IF_ERROR(ctx.data().Property(c, req.breakdown, &bprop));
    auto key_of = [&](uint32_t row) -> uint64_t {
      if (!bprop) return 0;
      if (!bprop->strings.empty() && bprop->strings[row] != 0) return bprop->strings[row];
      if (!bprop->numbers.empty() && !std::isnan(bprop->numbers[row])) {
        std::lock_guard<std::mutex> lock(numbers_mu);
        auto [it, added] = number_index.try_emplace(bprop->numbers[row], numbers.size());
        if (added) numbers.push_back(bprop->numbers[row]);
        return kNumberKey + it->second;
      }
      return 0;
    };
    for (uint32_t run = 0; run < c.runs(); ++run) {
      const uint32_t person = ctx.Runs(c).person[run];
      if (!OwnsPerson(person, static_cast<size_t>(t), threads)) continue;
      for (uint32_t row = c.run_start[run]; row < c.run_start[run + 1]; ++row) {
        const int64_t ts = c.ts[row];
        if (ts < range.from_us || ts >= range.to_us) continue;
        const uint16_t code = c.event[row];
        uint32_t sm = code <= codes ? step_of[code] : 0;
        uint32_t xm = code <= codes ? excl_of[code] : 0;
        if (sm == 0 && xm == 0 && !strict) continue;
        for (size_t k = 0; k < n; ++k) {
          if ((sm >> k & 1) && !sf[k].Match(row, run)) sm &= ~(1u << k);
        }
        for (size_t x = 0; x < excl.size(); ++x) {
          if ((xm >> x & 1) && !xf[x].Match(row, run)) xm &= ~(1u << x);
        }
        if (strict) {
          if (!global.Match(row, run)) continue;
        } else if (sm == 0 && xm == 0) {
          continue;
        }
        fn(person, ts, sm, xm, row, key_of);
      }
    }
    return Status::Ok();
  };

  // 1. Count per person; 2. offsets; 3. scatter. Each thread walks every chunk in order.
  auto per_thread = [&](auto&& body) -> Status {
    std::vector<Status> st(threads);
    ParallelFor(static_cast<size_t>(threads), threads, [&](size_t t, int) {
      for (const Chunk* c : chunks) {
        st[t] = ctx.Check();
        if (st[t].ok()) st[t] = body(*c, static_cast<int>(t));
        if (!st[t].ok()) return;
      }
    });
    for (const Status& s : st) RETURN_IF_ERROR(s);
    return Status::Ok();
  };
  RETURN_IF_ERROR(per_thread([&](const Chunk& c, int t) {
    return visit_rows(
        c, t, [&](uint32_t p, int64_t, uint32_t, uint32_t, uint32_t, auto&&) { ++offsets[p + 1]; });
  }));
  for (size_t p = 1; p <= slots; ++p) offsets[p] += offsets[p - 1];
  const uint64_t total = offsets[slots];
  if (total * 16 > (uint64_t{3} << 30)) {
    return {ErrorCode::kResourceExhausted,
            fmt::format("the funnel reads {} events, more than the engine keeps at once; choose a "
                        "shorter range",
                        total)};
  }
  ev_ts.resize(total);
  ev_step.resize(total);
  ev_excl.resize(total);
  if (!req.breakdown.empty()) ev_key.resize(total);
  {
    std::vector<uint64_t> pos(offsets.begin(), offsets.end() - 1);
    RETURN_IF_ERROR(per_thread([&](const Chunk& c, int t) {
      return visit_rows(
          c, t, [&](uint32_t p, int64_t ts, uint32_t sm, uint32_t xm, uint32_t row, auto&& key_of) {
            const uint64_t i = pos[p]++;
            ev_ts[i] = ts;
            ev_step[i] = sm;
            ev_excl[i] = xm;
            if (!ev_key.empty()) ev_key[i] = key_of(row);
          });
    }));
  }

  // Per person: sort when needed, then follow the chains.
  struct Outcome {
    uint32_t person;
    int32_t level;
    uint64_t key;
    int64_t start;
  };
  struct Acc {
    std::vector<uint64_t> reached;
    std::vector<ConvertTimes> seconds;  // per step k >= 1, time from step k - 1
    std::vector<Outcome> outcomes;      // when breakdown, conversion or persons asked
  };
  const bool keep_outcomes = !req.Plain();
  std::vector<Acc> acc(threads);
  constexpr size_t kBlock = 1 << 14;
  const size_t blocks = (slots + kBlock - 1) / kBlock;
  ParallelFor(blocks, threads, [&](size_t b, int t) {
    Acc& a = acc[t];
    if (a.reached.empty()) {
      a.reached.assign(n, 0);
      a.seconds.resize(n);
    }
    FunnelMachine machine(req);
    std::vector<uint32_t> chain, order;
    std::vector<int64_t> sts;
    std::vector<uint32_t> sstep, sexcl;
    std::vector<uint64_t> skey;
    const uint32_t end = static_cast<uint32_t>(std::min<size_t>(slots, (b + 1) * kBlock));
    for (uint32_t p = static_cast<uint32_t>(b * kBlock); p < end; ++p) {
      const uint64_t lo = offsets[p], hi = offsets[p + 1];
      if (lo == hi) continue;
      const int64_t* ts = &ev_ts[lo];
      const uint32_t* sm = &ev_step[lo];
      const uint32_t* xm = &ev_excl[lo];
      const uint64_t* keys = ev_key.empty() ? nullptr : &ev_key[lo];
      const size_t m = hi - lo;
      if (!std::is_sorted(ts, ts + m)) {
        order.resize(m);
        for (uint32_t i = 0; i < m; ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t x, uint32_t y) { return ts[x] < ts[y]; });
        sts.resize(m);
        sstep.resize(m);
        sexcl.resize(m);
        if (keys) skey.resize(m);
        for (size_t i = 0; i < m; ++i) {
          sts[i] = ts[order[i]];
          sstep[i] = sm[order[i]];
          sexcl[i] = xm[order[i]];
          if (keys) skey[i] = keys[order[i]];
        }
        ts = sts.data();
        sm = sstep.data();
        xm = sexcl.data();
        if (keys) keys = skey.data();
      }
      const int level = machine.Run(ts, sm, xm, m, &chain);
      for (int k = 0; k <= level; ++k) ++a.reached[k];
      if (req.order != FunnelOrder::kAny) {
        for (size_t k = 1; k < chain.size(); ++k) {
          a.seconds[k].Add((ts[chain[k]] - ts[chain[k - 1]]) / 1'000'000);
        }
      }
      if (keep_outcomes && level >= 0) {
        uint64_t key = 0;
        if (keys) {
          const size_t at = req.attribution_step < chain.size() ? req.attribution_step : 0;
          key = keys[chain[at]];
        }
        a.outcomes.push_back({p, level, key, ts[chain[0]]});
      }
    }
  });
  RETURN_IF_ERROR(ctx.Check());

  std::vector<uint64_t> reached(n, 0);
  std::vector<ConvertTimes> seconds(n);
  std::vector<Outcome> outcomes;
  for (Acc& a : acc) {
    if (a.reached.empty()) continue;
    for (size_t k = 0; k < n; ++k) {
      reached[k] += a.reached[k];
      seconds[k].Merge(a.seconds[k]);
    }
    outcomes.insert(outcomes.end(), a.outcomes.begin(), a.outcomes.end());
  }
  std::sort(outcomes.begin(), outcomes.end(),
            [](const Outcome& x, const Outcome& y) { return x.person < y.person; });
  *answer = FunnelAnswer(req, reached, seconds, total, started);

  if (!req.breakdown.empty()) {
    // Groups: the values most persons entered the funnel with, then "$other".
    std::unordered_map<uint64_t, uint64_t> entered;
    for (const Outcome& o : outcomes) ++entered[o.key];
    const std::vector<std::string> values = ctx.data().Values(req.breakdown);
    auto label = [&](uint64_t key) -> std::string {
      if (key == 0) return "$none";
      if (key >= kNumberKey) {
        return NumberLabel(numbers[key - kNumberKey]);
      }
      return key <= values.size() ? values[key - 1] : std::string("$unknown");
    };
    std::vector<std::pair<std::string, uint64_t>> ranked;  // label, key
    for (const auto& [key, count] : entered) ranked.push_back({label(key), key});
    std::sort(ranked.begin(), ranked.end(), [&](const auto& x, const auto& y) {
      const uint64_t cx = entered[x.second], cy = entered[y.second];
      return cx != cy ? cx > cy : x.first < y.first;
    });
    std::unordered_map<uint64_t, size_t> group_of;
    std::vector<std::string> labels;
    for (size_t g = 0; g < ranked.size() && g < req.breakdown_limit; ++g) {
      group_of[ranked[g].second] = g;
      labels.push_back(ranked[g].first);
    }
    if (ranked.size() > req.breakdown_limit) labels.push_back("$other");
    std::vector<std::vector<uint64_t>> by_group(labels.size(), std::vector<uint64_t>(n, 0));
    for (const Outcome& o : outcomes) {
      auto it = group_of.find(o.key);
      const size_t g = it == group_of.end() ? labels.size() - 1 : it->second;
      for (int k = 0; k <= o.level; ++k) ++by_group[g][static_cast<size_t>(k)];
    }
    json groups = json::array();
    for (size_t g = 0; g < labels.size(); ++g) {
      json persons = json::array();
      for (size_t k = 0; k < n; ++k) persons.push_back(by_group[g][k]);
      const double first = static_cast<double>(by_group[g][0]);
      groups.push_back(
          {{"breakdown_value", labels[g]},
           {"persons", std::move(persons)},
           {"conversion", first > 0 ? static_cast<double>(by_group[g][n - 1]) / first : 0.0}});
    }
    (*answer)["breakdown"] = {{"property", req.breakdown},
                              {"attribution", req.attribution_step == 0 ? "first_touch" : "step"},
                              {"step", req.attribution_step},
                              {"groups", std::move(groups)}};
  }
  if (req.conversion_over_time) {
    const Bucketer periods(ctx.tz(), req.conversion_interval, range);
    std::vector<uint64_t> in(periods.size(), 0), out(periods.size(), 0);
    for (const Outcome& o : outcomes) {
      const int b = periods.BucketOf(o.start);
      if (b < 0) continue;
      ++in[static_cast<size_t>(b)];
      if (o.level == static_cast<int32_t>(n) - 1) ++out[static_cast<size_t>(b)];
    }
    json rows = json::array();
    for (size_t b = 0; b < periods.size(); ++b) {
      rows.push_back(
          {{"period", periods.labels()[b]},
           {"entered", in[b]},
           {"converted", out[b]},
           {"conversion", in[b] ? static_cast<double>(out[b]) / static_cast<double>(in[b]) : 0.0}});
    }
    (*answer)["conversion_over_time"] = {{"interval", IntervalName(req.conversion_interval)},
                                         {"periods", std::move(rows)}};
  }
  if (req.persons_step >= 0) {
    const int k = req.persons_step;
    uint64_t count = 0;
    json ids = json::array();
    for (const Outcome& o : outcomes) {
      const bool hit = req.persons_dropped ? o.level == k - 1 : o.level >= k;
      if (!hit) continue;
      if (ids.size() < req.persons_limit)
        ids.push_back(ctx.data().PersonLabel(ctx.SlotQid(o.person)));
      ++count;
    }
    std::sort(ids.begin(), ids.end());
    (*answer)["persons"] = {{"step", k},
                            {"status", req.persons_dropped ? "dropped" : "reached"},
                            {"count", count},
                            {"distinct_ids", std::move(ids)},
                            {"more", count > req.persons_limit}};
  }
  return Status::Ok();
}

}  // namespace growloop
