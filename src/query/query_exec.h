// What every query kind's executor shares: the context of one run (its data, time zone, deadline
// and threads), filters compiled against the project's dictionaries and bound to a chunk, and a
// parallel loop over chunks.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"
#include "query/parallel.h"
#include "query/query_data.h"
#include "query/query_request.h"

namespace growloop {

// Which thread owns a person when threads split the persons: by blocks (kPersonBlockShift), so
// that the per-person arrays threads write share a cache line only at block edges (dealing
// persons out one by one made two threads fight over every line, several times slower).
inline bool OwnsPerson(uint32_t person, size_t thread, int threads) {
  return (person >> kPersonBlockShift) % static_cast<uint32_t>(threads) == thread;
}

class QueryContext {
 public:
  QueryContext(const DataView& view, std::shared_ptr<const TimeZone> tz, int threads,
               int64_t timeout_ms, const std::atomic<bool>* cancelled)
      : view_(view),
        tz_(std::move(tz)),
        threads_(threads),
        cancelled_(cancelled),
        deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)) {
    for (size_t i = 0; i < view.chunks.size(); ++i) {
      runs_.emplace(view.chunks[i].get(), view.run_persons[i].get());
    }
  }

  const DataView& view() const { return view_; }
  const QueryData& data() const { return *view_.data; }
  const TimeZone& tz() const { return *tz_; }
  int threads() const { return threads_; }
  uint32_t slots() const { return view_.person_slots(); }
  // The qid standing for the person of `slot` (for its ids and labels).
  uint32_t SlotQid(uint32_t slot) const { return (*view_.slot_qids)[slot]; }
  // The persons of the chunk's runs (see RunPersons).
  const RunPersons& Runs(const Chunk& c) const { return *runs_.at(&c); }

  // DeadlineExceeded or Cancelled once the query should stop; checked between chunks.
  Status Check() const {
    if (cancelled_ && cancelled_->load(std::memory_order_relaxed)) {
      return {ErrorCode::kCancelled, "the query was cancelled"};
    }
    if (std::chrono::steady_clock::now() > deadline_) {
      return {ErrorCode::kDeadlineExceeded, "the query ran past its timeout_ms"};
    }
    return Status::Ok();
  }

  // The chunks that may hold events of [from_us, to_us).
  std::vector<const Chunk*> ChunksIn(const TimeRange& r) const {
    std::vector<const Chunk*> out;
    for (const auto& c : view_.chunks) {
      if (c->rows > 0 && c->max_ts >= r.from_us && c->min_ts < r.to_us) out.push_back(c.get());
    }
    return out;
  }

  // Loads `properties` of `chunks` (in parallel) so that filters can be compiled and bound.
  Status LoadProperties(const std::vector<const Chunk*>& chunks,
                        const std::set<std::string>& properties) const;

  // Runs fn(chunk, thread) over `chunks` in parallel; the first error stops the others.
  Status ForChunks(const std::vector<const Chunk*>& chunks,
                   const std::function<Status(const Chunk&, int)>& fn) const;
  // Runs fn(i, thread) for i in [0, n) in parallel; the first error stops the others.
  Status ForIndexes(size_t n, const std::function<Status(size_t, int)>& fn) const;

 private:
  const DataView& view_;
  std::shared_ptr<const TimeZone> tz_;
  int threads_;
  const std::atomic<bool>* cancelled_;
  std::chrono::steady_clock::time_point deadline_;
  std::unordered_map<const Chunk*, const RunPersons*> runs_;
};

// Properties a filter reads (the fixed fields excluded).
void CollectProperties(const Filter& f, std::set<std::string>* out);

// A filter compiled against the dictionaries (after the chunks' properties are loaded): value
// codes, code sets for contains / regex, event codes.
struct CompiledFilter {
  Filter::Kind kind = Filter::Kind::kAll;
  std::vector<CompiledFilter> children;
  std::string property;
  enum class Field : uint8_t { kProperty, kEvent, kDistinctId } field = Field::kProperty;
  FilterOp op = FilterOp::kEq;
  std::vector<double> numbers;       // eq / in: numeric values; gt..between: bounds
  std::vector<uint8_t> code_match;   // string code -> matches (eq, in, contains, regex)
  std::vector<uint8_t> event_match;  // event code -> matches ($event)
  std::set<std::string> strings;     // $distinct_id values
  std::string pattern;               // $distinct_id contains / regex
  std::shared_ptr<std::regex> regex;
  bool negate = false;  // neq / not_in / is_not_set: the complement
};

Status CompileFilter(const Filter& f, const QueryData& data, CompiledFilter* out);

// A compiled filter bound to one chunk's columns.
class ChunkFilter {
 public:
  ChunkFilter() = default;
  // Fails only when a property cannot be read.
  static Status Bind(const CompiledFilter& f, const Chunk& chunk, const QueryData& data,
                     ChunkFilter* out);
  bool always() const { return always_; }
  // `run` is the row's run (for $distinct_id).
  bool Match(uint32_t row, uint32_t run) const { return always_ || MatchNode(root_, row, run); }
  // Asks the CPU to fetch the row's values of the columns Match reads.
  void Prefetch(uint32_t row) const {
    for (const auto& [base, size] : columns_) __builtin_prefetch(base + size_t{row} * size);
  }

 private:
  struct Node {
    const CompiledFilter* f = nullptr;
    std::shared_ptr<const ChunkProperty> prop;
    std::vector<Node> children;
  };
  static Status BindNode(const CompiledFilter& f, const Chunk& chunk, const QueryData& data,
                         Node* out);
  bool MatchNode(const Node& n, uint32_t row, uint32_t run) const;

  Node root_;
  std::vector<std::pair<const char*, size_t>> columns_;  // (first value, value size)
  const Chunk* chunk_ = nullptr;
  const QueryData* data_ = nullptr;
  bool always_ = true;
};

// An event selector and the request's global filter, compiled: which event codes, and a filter.
struct CompiledSelector {
  bool any_event = true;
  std::vector<uint8_t> events;  // event code -> selected (when !any_event)
  CompiledFilter filter;        // the selector's filter AND the global one
  bool Selects(uint16_t code) const { return any_event || (code < events.size() && events[code]); }
};

Status CompileSelector(const EventSelector& s, const Filter& global, const QueryData& data,
                       CompiledSelector* out);

// The run holding `row`, searching forward from `run` (rows visited in ascending order):
// galloping, so a sparse posting costs O(log gap) per row instead of a walk over every run.
inline uint32_t AdvanceRun(const Chunk& c, uint32_t run, uint32_t row) {
  if (c.run_start[run + 1] > row) return run;
  const uint32_t runs = c.runs();
  uint32_t lo = run + 1, step = 1;  // run_start[lo] <= row
  while (lo + step < runs && c.run_start[lo + step] <= row) {
    lo += step;
    step <<= 1;
  }
  uint32_t hi = std::min(runs, lo + step);  // run_start[hi] > row (or hi == runs)
  while (hi - lo > 1) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (c.run_start[mid] <= row) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// Calls visit(row, run) for every row of `c` that `sel` selects and `filter` (bound to `c`)
// matches: through the postings of the selected events when they are few, else by a scan; the
// order of rows is unspecified. With need_run false, `run` is not computed (passed as 0) unless
// the filter needs it.
struct NoPrefetch {
  void operator()(uint32_t) const {}
};

// Whether a scan of `c` for `sel` reads the postings of the selected events (they hold under half
// the rows) rather than every row.
inline bool ReadsPostings(const Chunk& c, const CompiledSelector& sel) {
  if (sel.any_event) return false;
  size_t selected = 0;
  for (size_t code = 1; code < sel.events.size(); ++code) {
    if (!sel.events[code]) continue;
    auto [b, e] = c.RowsOf(static_cast<uint32_t>(code));
    selected += static_cast<size_t>(e - b);
  }
  return selected * 2 < c.rows;
}

// ForSelectedRows over the runs [r0, r1) only; `postings` is ReadsPostings(c, sel).
template <typename Visit, typename Prefetch = NoPrefetch>
void ForSelectedRowsOfRuns(const Chunk& c, const CompiledSelector& sel, const ChunkFilter& filter,
                           bool postings, uint32_t r0, uint32_t r1, Visit&& visit,
                           bool need_run = true, Prefetch prefetch = {}, bool reads_ts = true) {
  if (r0 >= r1) return;
  if (postings) {
    const bool runs = need_run || !filter.always();
    const uint32_t first_row = c.run_start[r0], end_row = c.run_start[r1];
    for (size_t code = 1; code < sel.events.size(); ++code) {
      if (!sel.events[code]) continue;
      auto [b, e] = c.RowsOf(static_cast<uint32_t>(code));
      if (first_row > 0) b = std::lower_bound(b, e, first_row);
      if (end_row < c.rows) e = std::lower_bound(b, e, end_row);
      uint32_t run = r0;
      constexpr ptrdiff_t kAhead = 16;
      for (const uint32_t* p = b; p < e; ++p) {
        if (e - p > kAhead) {
          const uint32_t ahead = p[kAhead];
          if (reads_ts) __builtin_prefetch(&c.ts[ahead]);
          filter.Prefetch(ahead);
          prefetch(ahead);
        }
        if (runs) run = AdvanceRun(c, run, *p);
        if (filter.Match(*p, run)) visit(*p, run);
      }
    }
    return;
  }
  for (uint32_t run = r0; run < r1; ++run) {
    for (uint32_t row = c.run_start[run]; row < c.run_start[run + 1]; ++row) {
      if (sel.Selects(c.event[row]) && filter.Match(row, run)) visit(row, run);
    }
  }
}

// With `prefetch`, prefetch(row) is called some rows ahead of visit(row) on the sparse path, so
// that the random reads of several rows' values overlap; reads_ts false says that visit does not
// read the rows' times (they are not fetched ahead then).
template <typename Visit, typename Prefetch = NoPrefetch>
void ForSelectedRows(const Chunk& c, const CompiledSelector& sel, const ChunkFilter& filter,
                     Visit&& visit, bool need_run = true, Prefetch prefetch = {},
                     bool reads_ts = true) {
  ForSelectedRowsOfRuns(c, sel, filter, ReadsPostings(c, sel), 0, c.runs(),
                        std::forward<Visit>(visit), need_run, prefetch, reads_ts);
}

// Persons in tiles: runs of consecutive person blocks whose per-person state fits a core's cache.
// A scan that walks every day for each tile in turn keeps rewriting cached state, where one that
// walks each day for all persons sweeps the whole per-person arrays once a day, from memory once
// they outgrow the caches. The tiles take the runs at home; a pass over the strays follows
// (ForSelectedStrayRows). Each tile is one thread's (tile i is thread i % threads', so that
// what a thread sums, and in which order, does not depend on timing).
class PersonTiles {
 public:
  // `state_bytes`: the per-person state a scan rewrites, in bytes per person.
  PersonTiles(uint32_t slots, size_t state_bytes, int threads);
  uint32_t size() const { return tiles_; }
  // The person blocks of tile i: [first, end).
  std::pair<uint32_t, uint32_t> Blocks(uint32_t i) const {
    return {i * blocks_per_tile_, (i + 1) * blocks_per_tile_};
  }
  // Runs fn(first_block, end_block, thread) for every tile on ctx's threads, checking ctx
  // between tiles; returns the first error.
  Status ForEach(const QueryContext& ctx,
                 const std::function<Status(uint32_t, uint32_t, int)>& fn) const;

 private:
  uint32_t blocks_per_tile_ = 1;
  uint32_t tiles_ = 0;
};

// Calls visit(row, run) for the rows of chunk `c` in the runs at home of person blocks [b0, b1)
// (a tile) that `sel` selects and `filter` matches; `postings` is ReadsPostings(c, sel).
template <typename Visit>
void ForSelectedRowsAtHome(const Chunk& c, const RunPersons& rp, uint32_t b0, uint32_t b1,
                           const CompiledSelector& sel, const ChunkFilter& filter, bool postings,
                           Visit&& visit) {
  const auto [r0, r1] = rp.MainRuns(b0, b1);
  ForSelectedRowsOfRuns(c, sel, filter, postings, r0, r1, [&](uint32_t row, uint32_t run) {
    if (rp.at_home[run]) visit(row, run);
  });
}

// The same for the strays of chunk `c` whose persons `thread` owns (OwnsPerson), in row order.
// The strays are few and scattered over the chunk: a pass over the chunk in order after the
// tiles reads them faster than each tile fetching its own.
template <typename Visit>
void ForSelectedStrayRows(const Chunk& c, const RunPersons& rp, size_t thread, int threads,
                          const CompiledSelector& sel, const ChunkFilter& filter, Visit&& visit) {
  for (uint32_t run = 0; run < c.runs(); ++run) {
    if (rp.at_home[run] || !OwnsPerson(rp.person[run], thread, threads)) continue;
    for (uint32_t row = c.run_start[run]; row < c.run_start[run + 1]; ++row) {
      if (sel.Selects(c.event[row]) && filter.Match(row, run)) visit(row, run);
    }
  }
}

// The pass over the strays that follows the tiles: fn(i, thread) for every chunk index i in
// [0, chunks), once for each thread in [0, ctx.threads()), the threads in parallel, checking ctx
// before each chunk; returns the first error. fn reads the strays of chunk i whose persons
// `thread` owns (ForSelectedStrayRows).
Status ForStrayChunks(const QueryContext& ctx, size_t chunks,
                      const std::function<void(size_t, size_t)>& fn);

// The first `limit` of the persons [0, slots) that `listed(p)` says are listed, in the order
// `before` sets (a strict weak order), first to last: kept in a heap of `limit` whose front is the
// last of them, so a pass over millions of persons costs little more than the pass itself.
template <typename Listed, typename Before>
std::vector<uint32_t> FirstPersons(uint32_t slots, size_t limit, Listed&& listed, Before&& before) {
  std::vector<uint32_t> heap;
  if (limit == 0) return heap;
  heap.reserve(std::min<size_t>(limit, slots) + 1);
  for (uint32_t p = 0; p < slots; ++p) {
    if (!listed(p)) continue;
    if (heap.size() < limit) {
      heap.push_back(p);
      std::push_heap(heap.begin(), heap.end(), before);
    } else if (before(p, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), before);
      heap.back() = p;
      std::push_heap(heap.begin(), heap.end(), before);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), before);
  return heap;
}

// Local days of a chunk's rows: one add and one division per row when the zone's offset is the
// same over the whole chunk (nearly always: a chunk is one UTC day), a lookup otherwise.
class ChunkDays {
 public:
  ChunkDays(const TimeZone& tz, const Chunk& c) : tz_(tz) {
    const OffsetSpan span = tz.SpanAt(c.min_ts);
    constant_ = span.Contains(c.max_ts);
    offset_us_ = int64_t{span.offset_seconds} * kMicrosPerSecond;
  }
  int32_t DayOf(int64_t ts) const {
    if (!constant_) return tz_.LocalDay(ts);
    const int64_t local = ts + offset_us_;
    int64_t d = local / kMicrosPerDay;
    if (local % kMicrosPerDay < 0) --d;
    return static_cast<int32_t>(d);
  }

 private:
  const TimeZone& tz_;
  bool constant_ = false;
  int64_t offset_us_ = 0;
};

// Local-time bucketing of instants for one interval, over the request's range.
class Bucketer {
 public:
  Bucketer(const TimeZone& tz, Interval interval, const TimeRange& range);
  size_t size() const { return labels_.size(); }
  const std::vector<std::string>& labels() const { return labels_; }
  // Bucket of a local day (kHour excluded); -1 outside the range.
  int BucketOfDay(int32_t local_day) const;
  // Bucket of an instant; -1 outside the range.
  int BucketOf(int64_t utc_us) const;
  // The local days of bucket b: [first, last].
  std::pair<int32_t, int32_t> DaysOf(size_t b) const { return days_[b]; }

 private:
  const TimeZone& tz_;
  Interval interval_;
  TimeRange range_;
  int32_t first_day_ = 0;
  int64_t first_hour_ = 0;
  std::vector<std::string> labels_;
  std::vector<std::pair<int32_t, int32_t>> days_;
  std::vector<int32_t> bucket_of_day_;  // local day - first_day_ -> bucket (not kHour)
};

// The executors. Each fills *answer (JSON, docs/query-api.md).
Status RunTrends(const QueryContext& ctx, const TrendsRequest& req, nlohmann::json* answer);
Status RunFunnel(const QueryContext& ctx, const FunnelRequest& req, nlohmann::json* answer);
Status RunRetention(const QueryContext& ctx, const RetentionRequest& req, nlohmann::json* answer);
Status RunRfm(const QueryContext& ctx, const RfmRequest& req, nlohmann::json* answer);

// Milliseconds since `start`, for an answer's stats.
inline double ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// A number as a breakdown label: integers without a decimal point ("3", not "3.0").
std::string NumberLabel(double v);

// Bitmaps of persons (slots).
inline void SetBit(std::vector<uint64_t>& bits, uint32_t i) {
  bits[i >> 6] |= uint64_t{1} << (i & 63);
}
inline bool GetBit(const std::vector<uint64_t>& bits, uint32_t i) {
  return (bits[i >> 6] >> (i & 63)) & 1;
}
uint64_t PopCount(const std::vector<uint64_t>& bits);

}  // namespace growloop
