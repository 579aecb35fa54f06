// Paths: per anchor, the next `steps` events (or the previous ones), counted as Sankey nodes
// (step, event) and edges between consecutive steps.
//
// Three passes over the chunks, each thread owning the persons p with p % threads == t, so that
// no pass needs a lock and every person's events stay in chunk order: (1) the anchors, which give
// each person the span of time its paths can reach (steps × window from its anchors); (2) a count
// of each person's events in that span; (3) their scatter into one array per person. Only
// persons with an anchor and only events in their span are gathered. Each person's events are
// then put in time order (its rows of a day can come from several runs: two of its ids, or
// segments not yet compacted) and walked.
//
// Edges are counted with raw event codes by (distance from the anchor, event, next event), per
// thread in a small open-addressing table; a node's count is the sum of the edges into it. The
// top `limit` events of each step are chosen from those counts and the others relabelled
// "$other" afterwards: nodes are (step, event) pairs, not prefixes, so relabelling the counted
// edges gives the same answer as relabelling every path.
#include "query/paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/huge_memory.h"
#include "common/time_zone.h"
#include "ingest/timestamp_parse.h"
#include "query/query_exec.h"
#include "query/request_parsing.h"

namespace growloop {
namespace {

using json = nlohmann::json;
using namespace request_parsing;

constexpr int kMaxSteps = 10;
constexpr int64_t kMaxLimit = 100;

// Edge counts by key (distance << 40 | from code << 20 | to code): open addressing with linear
// probing. Keys are never 0 (distances start at 1), so 0 marks a free slot. A query has few
// distinct edges (thousands) and many increments, so the table stays in cache.
class EdgeCounts {
 public:
  EdgeCounts() { Rehash(10); }

  void Add(uint64_t key, uint64_t n) {
    size_t i = Find(key);
    if (keys_[i] == 0) {
      if ((used_ + 1) * 2 > keys_.size()) {
        Rehash(bits_ + 1);
        i = Find(key);
      }
      keys_[i] = key;
      ++used_;
    }
    counts_[i] += n;
  }

  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != 0) fn(keys_[i], counts_[i]);
    }
  }

 private:
  // The slot holding `key`, or the free slot where it belongs.
  size_t Find(uint64_t key) const {
    size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    return i;
  }
  void Rehash(int bits) {
    std::vector<uint64_t> keys = std::move(keys_), counts = std::move(counts_);
    bits_ = bits;
    keys_.assign(size_t{1} << bits, 0);
    counts_.assign(size_t{1} << bits, 0);
    mask_ = keys_.size() - 1;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == 0) continue;
      const size_t j = Find(keys[i]);
      keys_[j] = keys[i];
      counts_[j] = counts[i];
    }
  }

  std::vector<uint64_t> keys_, counts_;
  size_t mask_ = 0;
  size_t used_ = 0;
  int bits_ = 0;
};

constexpr uint32_t kEnd = 0;               // the path ended before this step (codes are 1-based)
constexpr uint32_t kOther = 1u << 20;      // label of the events past a step's top `limit`
constexpr uint32_t kAnchorBit = 1u << 16;  // in a gathered event: it is an anchor
constexpr uint32_t kCodeMask = kAnchorBit - 1;

uint64_t EdgeKey(uint32_t distance, uint32_t from, uint32_t to) {
  return uint64_t{distance} << 40 | uint64_t{from} << 20 | to;
}

// Walks one person's events (time order) from its anchors, adding each path's edges to *out.
// Returns the number of paths.
uint64_t WalkPerson(const PathsRequest& req, const int64_t* ts, const uint32_t* ev, size_t m,
                    EdgeCounts* out) {
  const bool after = req.direction == PathDirection::kAfter;
  uint64_t paths = 0;
  for (size_t a = 0; a < m; ++a) {
    if (!(ev[a] & kAnchorBit)) continue;
    ++paths;
    uint32_t prev = ev[a] & kCodeMask;
    size_t j = a;
    for (uint32_t d = 1; d <= static_cast<uint32_t>(req.steps); ++d) {
      bool next;
      if (after) {
        next = j + 1 < m && ts[j + 1] - ts[j] <= req.window_us;
        if (next) ++j;
      } else {
        next = j > 0 && ts[j] - ts[j - 1] <= req.window_us;
        if (next) --j;
      }
      if (!next) {
        out->Add(EdgeKey(d, prev, kEnd), 1);
        break;
      }
      const uint32_t code = ev[j] & kCodeMask;
      out->Add(EdgeKey(d, prev, code), 1);
      prev = code;
    }
    if (req.per == PathCounting::kPerson) break;
  }
  return paths;
}

// Builds the answer from the edge counts: per step, the top `limit` events by paths reaching
// them, the others as "$other"; nodes and edges in the answer's order (docs/query-api.md).
json PathsAnswer(const QueryContext& ctx, const PathsRequest& req, const EdgeCounts& counts,
                 uint64_t paths, uint64_t persons, uint64_t events_read,
                 std::chrono::steady_clock::time_point started) {
  const bool after = req.direction == PathDirection::kAfter;
  const size_t steps = static_cast<size_t>(req.steps);
  const uint32_t anchor = ctx.data().EventCode(req.anchor.event);
  // reach[d][code]: paths whose event at distance d is `code`.
  std::vector<std::map<uint32_t, uint64_t>> reach(steps + 1);
  counts.ForEach([&](uint64_t key, uint64_t n) {
    const uint32_t to = static_cast<uint32_t>(key & 0xFFFFF);
    if (to != kEnd) reach[key >> 40][to] += n;
  });
  std::vector<std::vector<uint32_t>> top(steps + 1);
  for (size_t d = 1; d <= steps; ++d) {
    struct Ranked {
      uint64_t paths;
      std::string name;
      uint32_t code;
    };
    std::vector<Ranked> ranked;
    for (const auto& [code, n] : reach[d]) ranked.push_back({n, ctx.data().EventName(code), code});
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
      return x.paths != y.paths ? x.paths > y.paths : x.name < y.name;
    });
    for (size_t i = 0; i < ranked.size() && i < req.limit; ++i) top[d].push_back(ranked[i].code);
  }
  auto label = [&](size_t d, uint32_t code) {
    if (d == 0 || code == kEnd) return code;
    return std::find(top[d].begin(), top[d].end(), code) != top[d].end() ? code : kOther;
  };
  std::map<std::pair<size_t, uint32_t>, uint64_t> nodes;
  std::map<std::tuple<size_t, uint32_t, uint32_t>, uint64_t> edges;
  if (paths > 0) nodes[{0, anchor}] = paths;
  counts.ForEach([&](uint64_t key, uint64_t n) {
    const size_t d = key >> 40;
    const uint32_t from = label(d - 1, static_cast<uint32_t>(key >> 20 & 0xFFFFF));
    const uint32_t to = label(d, static_cast<uint32_t>(key & 0xFFFFF));
    nodes[{d, to}] += n;
    edges[{d, from, to}] += n;
  });

  auto name = [&](uint32_t l) -> std::string {
    if (l == kEnd) return after ? "$end" : "$start";
    if (l == kOther) return "$other";
    return ctx.data().EventName(l);
  };
  // Steps as the answer numbers them: after, the distance; before, minus the distance.
  auto step = [&](size_t d) { return after ? static_cast<int64_t>(d) : -static_cast<int64_t>(d); };
  auto kind_rank = [](uint32_t l) { return l == kEnd ? 2 : l == kOther ? 1 : 0; };

  struct Node {
    int64_t step;
    uint32_t label;
    std::string event;
    uint64_t count;
  };
  std::vector<Node> node_list;
  for (const auto& [k, n] : nodes) {
    node_list.push_back({step(k.first), k.second, name(k.second), n});
  }
  // Per step: the events by count (largest first, then by name), then "$other", then the end.
  std::sort(node_list.begin(), node_list.end(), [&](const Node& x, const Node& y) {
    if (x.step != y.step) return x.step < y.step;
    if (kind_rank(x.label) != kind_rank(y.label)) return kind_rank(x.label) < kind_rank(y.label);
    if (x.count != y.count) return x.count > y.count;
    return x.event < y.event;
  });
  json out_nodes = json::array();
  for (const Node& n : node_list) {
    out_nodes.push_back({{"step", n.step}, {"event", n.event}, {"count", n.count}});
  }

  // Edges go forward in time: after, from distance d - 1 to d; before, from -d to -(d - 1).
  struct Edge {
    int64_t from_step, to_step;
    uint32_t from_label, to_label;
    std::string from, to;
    uint64_t count;
  };
  std::vector<Edge> edge_list;
  for (const auto& [k, n] : edges) {
    const auto& [d, near, far] = k;
    if (after) {
      edge_list.push_back({step(d - 1), step(d), near, far, name(near), name(far), n});
    } else {
      edge_list.push_back({step(d), step(d - 1), far, near, name(far), name(near), n});
    }
  }
  // By step, then count (largest first), then source and target as nodes are ordered.
  std::sort(edge_list.begin(), edge_list.end(), [&](const Edge& x, const Edge& y) {
    if (x.from_step != y.from_step) return x.from_step < y.from_step;
    if (x.count != y.count) return x.count > y.count;
    const int xf = kind_rank(x.from_label), xt = kind_rank(x.to_label);
    const int yf = kind_rank(y.from_label), yt = kind_rank(y.to_label);
    return std::tie(xf, x.from, xt, x.to) < std::tie(yf, y.from, yt, y.to);
  });
  json out_edges = json::array();
  for (const Edge& e : edge_list) {
    out_edges.push_back({{"from_step", e.from_step},
                         {"from", e.from},
                         {"to_step", e.to_step},
                         {"to", e.to},
                         {"count", e.count}});
  }
  const double elapsed_ms = ElapsedMs(started);
  return {{"kind", "paths"},
          {"direction", after ? "after" : "before"},
          {"anchor", req.anchor.event},
          {"per", req.per == PathCounting::kPerson ? "person" : "occurrence"},
          {"steps", req.steps},
          {"window_seconds", req.window_us / kMicrosPerSecond},
          {"paths_total", paths},
          {"persons", persons},
          {"nodes", std::move(out_nodes)},
          {"edges", std::move(out_edges)},
          {"stats", {{"events_read", events_read}, {"elapsed_ms", elapsed_ms}}}};
}

}  // namespace

Status ParsePaths(const json& body, const TimeZone& tz, int64_t now_us, PathsRequest* out,
                  std::string* field) {
  Parser p{field, {}};
  std::string direction, per;
  int64_t steps = out->steps, limit = static_cast<int64_t>(out->limit);
  int64_t window_s = out->window_us / kMicrosPerSecond;
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "event", "event_filters",
                  "direction", "steps", "limit", "exclude", "window_seconds", "per"}) ||
      !GetString(p, body, "", "event", &out->anchor.event, true) ||
      !GetString(p, body, "", "direction", &direction) ||
      !GetInt(p, body, "", "steps", 1, kMaxSteps, &steps) ||
      !GetInt(p, body, "", "limit", 1, kMaxLimit, &limit) ||
      !GetInt(p, body, "", "window_seconds", 1, kMaxWindowSeconds, &window_s) ||
      !GetString(p, body, "", "per", &per)) {
    return p.status;
  }
  if (out->anchor.event.empty() || out->anchor.event == "$all") {
    p.Fail("event", "must name one event (paths start from a chosen event)");
    return p.status;
  }
  auto ef = body.find("event_filters");
  if (ef != body.end() && !ef->is_null() &&
      !ParseFilter(p, *ef, "event_filters", 0, &out->anchor.filter)) {
    return p.status;
  }
  if (direction.empty() || direction == "after") {
    out->direction = PathDirection::kAfter;
  } else if (direction == "before") {
    out->direction = PathDirection::kBefore;
  } else {
    p.Fail("direction", "must be after or before; not \"" + direction + "\"");
    return p.status;
  }
  if (per.empty() || per == "person") {
    out->per = PathCounting::kPerson;
  } else if (per == "occurrence") {
    out->per = PathCounting::kOccurrence;
  } else {
    p.Fail("per", "must be person or occurrence; not \"" + per + "\"");
    return p.status;
  }
  out->steps = static_cast<int>(steps);
  out->limit = static_cast<size_t>(limit);
  out->window_us = window_s * kMicrosPerSecond;
  auto x = body.find("exclude");
  if (x != body.end() && !x->is_null()) {
    if (!x->is_array()) {
      p.Fail("exclude", "must be an array of event names");
      return p.status;
    }
    for (size_t i = 0; i < x->size(); ++i) {
      const json& e = (*x)[i];
      if (!e.is_string() || e.get<std::string_view>().empty()) {
        p.Fail(Index("exclude", i), "must be an event name, a non-empty string");
        return p.status;
      }
      if (e.get<std::string_view>() == out->anchor.event) {
        p.Fail(Index("exclude", i), "must not be the anchor event");
        return p.status;
      }
      out->exclude.push_back(e.get<std::string>());
    }
  }
  return p.status;
}

Status RunPaths(const QueryContext& ctx, const PathsRequest& req, json* answer) {
  const auto started = std::chrono::steady_clock::now();
  const TimeRange range = req.common.range;
  const std::vector<const Chunk*> chunks = ctx.ChunksIn(range);
  std::set<std::string> props;
  CollectProperties(req.common.filter, &props);
  CollectProperties(req.anchor.filter, &props);
  RETURN_IF_ERROR(ctx.LoadProperties(chunks, props));
  CompiledSelector anchor, any;
  RETURN_IF_ERROR(CompileSelector(req.anchor, req.common.filter, ctx.data(), &anchor));
  RETURN_IF_ERROR(CompileSelector({}, req.common.filter, ctx.data(), &any));
  // on_path[code]: events of the code can be on a path (the global filter may still drop a row).
  const uint32_t codes = ctx.data().EventCodes();
  std::vector<uint8_t> on_path(codes + 1, 0);
  for (uint32_t c = 1; c <= codes; ++c) on_path[c] = any.Selects(static_cast<uint16_t>(c));
  for (const std::string& name : req.exclude) {
    const uint32_t code = ctx.data().EventCode(name);
    if (code <= codes) on_path[code] = 0;  // a name first seen after `codes` is on no chunk here
  }

  const uint32_t slots = ctx.slots();
  const int threads = ctx.threads();
  const uint32_t nthreads = static_cast<uint32_t>(threads);
  // own[i * threads + t]: the runs of chunk i that thread t owns, with their persons. Pass 1
  // finds them, so that passes 2 and 3 neither resolve persons again nor step over the other
  // threads' runs; pass 2 keeps only the runs of persons with an anchor.
  struct OwnRun {
    uint32_t run;
    uint32_t person;
  };
  std::vector<std::vector<OwnRun>> own(chunks.size() * static_cast<size_t>(threads));
  auto per_thread = [&](auto&& body) -> Status {
    std::vector<Status> st(threads);
    ParallelFor(static_cast<size_t>(threads), threads, [&](size_t t, int) {
      for (size_t i = 0; i < chunks.size(); ++i) {
        st[t] = ctx.Check();
        if (st[t].ok()) st[t] = body(*chunks[i], own[i * nthreads + t], static_cast<uint32_t>(t));
        if (!st[t].ok()) return;
      }
    });
    for (const Status& s : st) RETURN_IF_ERROR(s);
    return Status::Ok();
  };

  // 1. Each person's first and last anchor in the range, then the span its paths can reach.
  constexpr int64_t kNoAnchor = std::numeric_limits<int64_t>::max();
  HugeArray<int64_t> lo(slots, kNoAnchor), hi(slots, std::numeric_limits<int64_t>::min());
  const bool one_per_person = req.per == PathCounting::kPerson;
  RETURN_IF_ERROR(per_thread([&](const Chunk& c, std::vector<OwnRun>& mine, uint32_t t) -> Status {
    ChunkFilter f;
    RETURN_IF_ERROR(ChunkFilter::Bind(anchor.filter, c, ctx.data(), &f));
    const bool whole = c.min_ts >= range.from_us && c.max_ts < range.to_us;
    auto is_anchor = [&](uint32_t row, uint32_t run) {
      const int64_t ts = c.ts[row];
      return (whole || (ts >= range.from_us && ts < range.to_us)) && anchor.Selects(c.event[row]) &&
             f.Match(row, run);
    };
    for (uint32_t run = 0; run < c.runs(); ++run) {
      const uint32_t p = ctx.Runs(c).person[run];
      if (p % nthreads != t) continue;
      mine.push_back({run, p});
      // A run's rows are in time order: its first anchor is its earliest, its last the latest.
      const uint32_t begin = c.run_start[run], end = c.run_start[run + 1];
      uint32_t first = begin;
      while (first < end && !is_anchor(first, run)) ++first;
      if (first == end) continue;
      lo[p] = std::min(lo[p], c.ts[first]);
      if (one_per_person) continue;  // only the first anchor starts a path
      uint32_t last = end - 1;
      while (last > first && !is_anchor(last, run)) --last;
      hi[p] = std::max(hi[p], c.ts[last]);
    }
    return Status::Ok();
  }));
  const bool after = req.direction == PathDirection::kAfter;
  const int64_t reach = req.window_us * req.steps;
  uint64_t persons = 0;
  for (uint32_t p = 0; p < slots; ++p) {
    if (lo[p] == kNoAnchor) continue;
    ++persons;
    if (one_per_person) hi[p] = lo[p];
    if (after) {
      hi[p] = std::min(hi[p] + reach, range.to_us - 1);
    } else {
      lo[p] = std::max(lo[p] - reach, range.from_us);
    }
  }

  // 2. and 3. Count, then scatter, the events of each person's span that can be on a path.
  auto visit_rows = [&](const Chunk& c, const std::vector<OwnRun>& mine, auto&& fn) -> Status {
    ChunkFilter global, af;
    RETURN_IF_ERROR(ChunkFilter::Bind(any.filter, c, ctx.data(), &global));
    RETURN_IF_ERROR(ChunkFilter::Bind(anchor.filter, c, ctx.data(), &af));
    for (const auto [run, p] : mine) {
      // A run's rows are in time order: start at the span's first row, stop past its end.
      const int64_t* begin = c.ts.data() + c.run_start[run];
      const int64_t* end = c.ts.data() + c.run_start[run + 1];
      const int64_t last = hi[p];
      for (const int64_t* it = std::lower_bound(begin, end, lo[p]); it < end && *it <= last; ++it) {
        const uint32_t row = static_cast<uint32_t>(it - c.ts.data());
        const uint16_t code = c.event[row];
        if (code > codes || !on_path[code] || !global.Match(row, run)) continue;
        const bool is_anchor = anchor.Selects(code) && af.Match(row, run);
        fn(p, *it, code | (is_anchor ? kAnchorBit : 0));
      }
    }
    return Status::Ok();
  };
  std::vector<uint64_t> offsets(static_cast<size_t>(slots) + 1, 0);
  RETURN_IF_ERROR(per_thread([&](const Chunk& c, std::vector<OwnRun>& mine, uint32_t) {
    std::erase_if(mine, [&](const OwnRun& r) { return lo[r.person] == kNoAnchor; });
    return visit_rows(c, mine, [&](uint32_t p, int64_t, uint32_t) { ++offsets[p + 1]; });
  }));
  for (size_t p = 1; p <= slots; ++p) offsets[p] += offsets[p - 1];
  const uint64_t total = offsets[slots];
  if (total * 12 > (uint64_t{3} << 30)) {
    return {ErrorCode::kResourceExhausted,
            fmt::format("the paths read {} events, more than the engine keeps at once; choose a "
                        "shorter range, fewer steps or a shorter window_seconds",
                        total)};
  }
  std::vector<int64_t> ev_ts(total);
  std::vector<uint32_t> ev_code(total);
  {
    std::vector<uint64_t> pos(offsets.begin(), offsets.end() - 1);
    RETURN_IF_ERROR(per_thread([&](const Chunk& c, std::vector<OwnRun>& mine, uint32_t) {
      return visit_rows(c, mine, [&](uint32_t p, int64_t ts, uint32_t code) {
        const uint64_t i = pos[p]++;
        ev_ts[i] = ts;
        ev_code[i] = code;
      });
    }));
  }
  own = {};

  // 4. Per person: time order, then the walk. Blocks of persons are handed out to the threads.
  std::vector<EdgeCounts> counts(threads);
  std::vector<uint64_t> paths(threads, 0);
  std::vector<Status> st(threads);
  constexpr size_t kBlock = 1 << 14;
  const size_t blocks = (slots + kBlock - 1) / kBlock;
  ParallelFor(blocks, threads, [&](size_t b, int t) {
    if (!st[t].ok()) return;
    st[t] = ctx.Check();
    if (!st[t].ok()) return;
    std::vector<uint32_t> order;
    std::vector<int64_t> sts;
    std::vector<uint32_t> scode;
    const uint32_t end = static_cast<uint32_t>(std::min<size_t>(slots, (b + 1) * kBlock));
    for (uint32_t p = static_cast<uint32_t>(b * kBlock); p < end; ++p) {
      const uint64_t first = offsets[p], m = offsets[p + 1] - first;
      if (m == 0) continue;
      const int64_t* ts = &ev_ts[first];
      const uint32_t* ev = &ev_code[first];
      if (!std::is_sorted(ts, ts + m)) {
        order.resize(m);
        for (uint32_t i = 0; i < m; ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t x, uint32_t y) { return ts[x] < ts[y]; });
        sts.resize(m);
        scode.resize(m);
        for (size_t i = 0; i < m; ++i) {
          sts[i] = ts[order[i]];
          scode[i] = ev[order[i]];
        }
        ts = sts.data();
        ev = scode.data();
      }
      paths[t] += WalkPerson(req, ts, ev, m, &counts[t]);
    }
  });
  for (const Status& s : st) RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(ctx.Check());

  uint64_t paths_total = 0;
  for (int t = 1; t < threads; ++t) {
    counts[t].ForEach([&](uint64_t key, uint64_t n) { counts[0].Add(key, n); });
  }
  for (uint64_t n : paths) paths_total += n;
  *answer = PathsAnswer(ctx, req, counts[0], paths_total, persons, total, started);
  return Status::Ok();
}

}  // namespace growloop
