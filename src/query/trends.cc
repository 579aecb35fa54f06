// Trends: per series, per breakdown group and per time bucket, a count, a number of persons or a
// statistic of a numeric property. Chunks are scanned in parallel; each thread accumulates
// into its own cells, merged at the end (person bitmaps are OR-ed, so a person active on both
// threads' chunks counts once).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "query/query_exec.h"

namespace growloop {
namespace {

using json = nlohmann::json;

// Working memory a trends query may take for person bitmaps and kept values.
constexpr uint64_t kMaxWorkBytes = uint64_t{1} << 30;

std::string_view MathName(TrendMath m) {
  static constexpr std::string_view kNames[] = {"total", "unique_persons", "sum", "avg", "min",
                                                "max",   "median",         "p90", "dau", "wau",
                                                "mau",   "stickiness"};
  return kNames[static_cast<int>(m)];
}

bool UsesBitmaps(TrendMath m) {
  return m == TrendMath::kUniquePersons;
}
bool UsesDayBitmaps(TrendMath m) {
  return m == TrendMath::kDau || m == TrendMath::kWau || m == TrendMath::kMau ||
         m == TrendMath::kStickiness;
}
bool UsesValues(TrendMath m) {
  return m == TrendMath::kMedian || m == TrendMath::kP90;
}

// A breakdown value of a row: a string code, a number, or none.
struct GroupKey {
  enum Kind : uint8_t { kNone, kString, kNumber } kind = kNone;
  uint32_t code = 0;
  double number = 0;
};

GroupKey KeyOf(const ChunkProperty* p, uint32_t row) {
  if (p == nullptr) return {};
  if (!p->strings.empty() && p->strings[row] != 0) return {GroupKey::kString, p->strings[row], 0};
  if (!p->numbers.empty() && !std::isnan(p->numbers[row])) {
    return {GroupKey::kNumber, 0, p->numbers[row]};
  }
  return {};
}

// Maps breakdown values to group indexes: the top values, then "$other".
struct Groups {
  std::vector<std::string> labels;
  std::vector<int32_t> by_code;  // string code -> group, -1: other
  std::unordered_map<double, int32_t> by_number;
  int32_t none = -1;  // group of rows without the property
  int32_t other = -1;

  int32_t Of(const GroupKey& k) const {
    switch (k.kind) {
      case GroupKey::kNone: return none >= 0 ? none : other;
      case GroupKey::kString:
        return k.code < by_code.size() && by_code[k.code] >= 0 ? by_code[k.code] : other;
      case GroupKey::kNumber: {
        auto it = by_number.find(k.number);
        return it != by_number.end() ? it->second : other;
      }
    }
    return other;
  }
};

// The accumulators of one series for one thread: cells indexed group * buckets + bucket.
struct Cells {
  std::vector<uint64_t> count;
  std::vector<double> sum, min, max;
  // Sums of the chunk being scanned, and the cells it touched: each chunk's sums are kept apart
  // and added up in chunk order at the end, so a sum does not depend on which thread scanned
  // which chunk (floating-point addition is not associative).
  std::vector<double> chunk_sum;
  std::vector<uint8_t> is_touched;
  std::vector<uint32_t> touched;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<uint64_t>> bitmaps;  // per cell, or per group * days for wau/mau
};

double Quantile(std::vector<double>& v, double q) {
  if (v.empty()) return std::nan("");
  // Linear interpolation between closest ranks (the "type 7" of R and NumPy's default).
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

json NumberOrNull(double v) {
  return std::isnan(v) || std::isinf(v) ? json(nullptr) : json(v);
}

// Formula evaluation over the series letters.
struct FormulaEval {
  std::string_view s;
  size_t i = 0;
  const std::vector<double>* vars;

  void Skip() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  double Primary() {
    Skip();
    if (i < s.size() && s[i] == '(') {
      ++i;
      double v = Sum();
      Skip();
      if (i < s.size() && s[i] == ')') ++i;
      return v;
    }
    if (i < s.size() && s[i] == '-') {
      ++i;
      return -Primary();
    }
    if (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') return (*vars)[s[i++] - 'A'];
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    return start == i ? std::nan("")
                      : std::strtod(std::string(s.substr(start, i - start)).c_str(), nullptr);
  }
  double Product() {
    double v = Primary();
    for (;;) {
      Skip();
      if (i < s.size() && (s[i] == '*' || s[i] == '/')) {
        const char op = s[i++];
        const double r = Primary();
        v = op == '*' ? v * r : (r == 0 ? std::nan("") : v / r);
      } else {
        return v;
      }
    }
  }
  double Sum() {
    double v = Product();
    for (;;) {
      Skip();
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        const char op = s[i++];
        const double r = Product();
        v = op == '+' ? v + r : v - r;
      } else {
        return v;
      }
    }
  }
};

struct SeriesResult {
  std::vector<std::vector<double>> values;  // per group, per bucket
  std::vector<double> totals;               // per group
};

class TrendsRun {
 public:
  TrendsRun(const QueryContext& ctx, const TrendsRequest& req, const TimeRange& range)
      : ctx_(ctx), req_(req), range_(range), buckets_(ctx.tz(), req.interval, range) {}

  Status Run(std::vector<SeriesResult>* results, Groups* groups, json* stats);

 private:
  // Picks the breakdown's groups; with first_counts, also answers the first series (which must
  // count events) from the same pass.
  Status ChooseGroups(const CompiledSelector& first, Groups* groups, SeriesResult* first_counts);
  int BucketOf(int64_t ts, const ChunkDays& days) const;
  Status RunSeries(size_t index, const CompiledSelector& sel, const Groups& groups,
                   SeriesResult* out);

  const QueryContext& ctx_;
  const TrendsRequest& req_;
  TimeRange range_;
  Bucketer buckets_;
  std::vector<const Chunk*> chunks_;
  std::atomic<uint64_t> rows_{0};
};

int TrendsRun::BucketOf(int64_t ts, const ChunkDays& days) const {
  switch (req_.interval) {
    case Interval::kAll: return 0;
    case Interval::kHour: return buckets_.BucketOf(ts);
    default: return buckets_.BucketOfDay(days.DayOf(ts));
  }
}

Status TrendsRun::ChooseGroups(const CompiledSelector& first, Groups* groups,
                               SeriesResult* first_counts) {
  if (req_.breakdown.empty()) {
    groups->labels = {""};
    groups->other = 0;
    return Status::Ok();
  }
  // Events per value and bucket: they rank the values, and when the first series counts
  // events they are its answer too, folded into the groups (no second pass).
  const int threads = ctx_.threads();
  const size_t nb = buckets_.size();
  const uint32_t codes = static_cast<uint32_t>(ctx_.data().Values(req_.breakdown).size());
  std::vector<std::vector<uint64_t>> by_code(threads, std::vector<uint64_t>((codes + 1) * nb, 0));
  std::vector<std::unordered_map<double, std::vector<uint64_t>>> by_number(threads);
  std::vector<std::vector<uint64_t>> none(threads, std::vector<uint64_t>(nb, 0));
  RETURN_IF_ERROR(ctx_.ForChunks(chunks_, [&](const Chunk& c, int t) {
    ChunkFilter filter;
    RETURN_IF_ERROR(ChunkFilter::Bind(first.filter, c, ctx_.data(), &filter));
    std::shared_ptr<const ChunkProperty> prop;
    RETURN_IF_ERROR(ctx_.data().Property(c, req_.breakdown, &prop));
    const ChunkDays days(ctx_.tz(), c);
    const uint32_t* strs = prop && !prop->strings.empty() ? prop->strings.data() : nullptr;
    // The bucket of every row when the chunk lies inside the range and inside one bucket (a
    // day's chunk with interval all, or day and longer in a zone that keeps the day whole): the
    // rows' times are then not read at all.
    int fixed = -2;
    if (c.min_ts >= range_.from_us && c.max_ts < range_.to_us) {
      if (req_.interval == Interval::kAll) {
        fixed = 0;
      } else if (req_.interval != Interval::kHour && days.DayOf(c.min_ts) == days.DayOf(c.max_ts)) {
        fixed = buckets_.BucketOfDay(days.DayOf(c.min_ts));
      }
    }
    ForSelectedRows(
        c, first, filter,
        [&](uint32_t row, uint32_t) {
          int b = fixed;
          if (fixed == -2) {
            const int64_t ts = c.ts[row];
            if (ts < range_.from_us || ts >= range_.to_us) return;
            b = BucketOf(ts, days);
          }
          if (b < 0) return;
          const GroupKey k = KeyOf(prop.get(), row);
          if (k.kind == GroupKey::kString) {
            ++by_code[t][k.code * nb + static_cast<size_t>(b)];
          } else if (k.kind == GroupKey::kNumber) {
            auto& v = by_number[t][k.number];
            if (v.empty()) v.assign(nb, 0);
            ++v[static_cast<size_t>(b)];
          } else {
            ++none[t][static_cast<size_t>(b)];
          }
        },
        /*need_run=*/false,
        [&](uint32_t row) {
          if (strs) __builtin_prefetch(strs + row);
        },
        /*reads_ts=*/fixed == -2);
    return Status::Ok();
  }));
  for (int t = 1; t < threads; ++t) {
    for (size_t i = 0; i < by_code[0].size(); ++i) by_code[0][i] += by_code[t][i];
    for (size_t b = 0; b < nb; ++b) none[0][b] += none[t][b];
    for (auto& [v, counts] : by_number[t]) {
      auto& to = by_number[0][v];
      if (to.empty()) to.assign(nb, 0);
      for (size_t b = 0; b < nb; ++b) to[b] += counts[b];
    }
  }
  auto sum = [](const uint64_t* v, size_t n) {
    uint64_t s = 0;
    for (size_t i = 0; i < n; ++i) s += v[i];
    return s;
  };
  std::map<double, std::vector<uint64_t>> numbers(by_number[0].begin(), by_number[0].end());
  struct Candidate {
    uint64_t count;
    GroupKey key;
    std::string label;
  };
  std::vector<Candidate> all;
  const std::vector<std::string> values = ctx_.data().Values(req_.breakdown);
  for (uint32_t c = 1; c <= codes; ++c) {
    const uint64_t n = sum(&by_code[0][c * nb], nb);
    if (n > 0) all.push_back({n, {GroupKey::kString, c, 0}, values[c - 1]});
  }
  for (const auto& [v, counts] : numbers) {
    all.push_back({sum(counts.data(), nb), {GroupKey::kNumber, 0, v}, NumberLabel(v)});
  }
  const uint64_t none_total = sum(none[0].data(), nb);
  if (none_total > 0) all.push_back({none_total, {}, "$none"});
  std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  groups->by_code.assign(codes + 1, -1);
  for (size_t i = 0; i < all.size() && i < req_.breakdown_limit; ++i) {
    const int32_t g = static_cast<int32_t>(groups->labels.size());
    groups->labels.push_back(all[i].label);
    switch (all[i].key.kind) {
      case GroupKey::kString: groups->by_code[all[i].key.code] = g; break;
      case GroupKey::kNumber: groups->by_number[all[i].key.number] = g; break;
      case GroupKey::kNone: groups->none = g; break;
    }
  }
  // Other series may have values the first one has not: they need "$other" too.
  if (all.size() > req_.breakdown_limit || groups->labels.empty() || req_.series.size() > 1) {
    groups->other = static_cast<int32_t>(groups->labels.size());
    groups->labels.push_back("$other");
  }
  if (first_counts != nullptr) {
    const size_t ng = groups->labels.size();
    first_counts->values.assign(ng, std::vector<double>(nb, 0));
    first_counts->totals.assign(ng, 0);
    auto add = [&](int32_t g, const uint64_t* counts) {
      if (g < 0) return;  // a value without events, when every value has its own group
      for (size_t b = 0; b < nb; ++b) {
        first_counts->values[g][b] += static_cast<double>(counts[b]);
        first_counts->totals[g] += static_cast<double>(counts[b]);
      }
    };
    for (uint32_t c = 1; c <= codes; ++c)
      add(groups->Of({GroupKey::kString, c, 0}), &by_code[0][c * nb]);
    for (const auto& [v, counts] : numbers)
      add(groups->Of({GroupKey::kNumber, 0, v}), counts.data());
    add(groups->Of({}), none[0].data());
  }
  return Status::Ok();
}

Status TrendsRun::RunSeries(size_t index, const CompiledSelector& sel, const Groups& groups,
                            SeriesResult* out) {
  const TrendSeries& series = req_.series[index];
  const TrendMath math = series.math;
  const size_t nb = buckets_.size(), ng = groups.labels.size(), cells = nb * ng;
  const int threads = ctx_.threads();
  const size_t words = (ctx_.slots() + 63) / 64;
  // Days covered by wau/mau windows: the range's days and 29 before.
  const int32_t first_day = ctx_.tz().LocalDay(range_.from_us);
  const int32_t last_day = ctx_.tz().LocalDay(range_.to_us - 1);
  const int32_t window = math == TrendMath::kDau ? 1 : math == TrendMath::kWau ? 7 : 30;
  const int32_t day0 = first_day - (UsesDayBitmaps(math) ? window - 1 : 0);
  const size_t ndays = static_cast<size_t>(last_day - day0 + 1);

  uint64_t bitmap_cells = 0;
  if (UsesBitmaps(math)) bitmap_cells = cells;
  if (UsesDayBitmaps(math)) bitmap_cells = ng * ndays;
  const uint64_t work = bitmap_cells * words * 8 * static_cast<uint64_t>(threads);
  if (work > kMaxWorkBytes) {
    return {ErrorCode::kResourceExhausted,
            fmt::format("series[{}]: counting persons needs {} MiB of bitmaps (the limit is {} "
                        "MiB); choose a shorter range, a longer interval or a smaller breakdown",
                        index, work >> 20, kMaxWorkBytes >> 20)};
  }
  std::vector<Cells> acc(threads);
  for (Cells& a : acc) {
    a.count.assign(cells, 0);
    if (math != TrendMath::kTotal) {
      a.sum.assign(cells, 0);
      a.chunk_sum.assign(cells, 0);
      a.is_touched.assign(cells, 0);
      a.min.assign(cells, std::numeric_limits<double>::infinity());
      a.max.assign(cells, -std::numeric_limits<double>::infinity());
    }
    if (UsesValues(math)) a.values.resize(cells);
    if (bitmap_cells > 0) a.bitmaps.resize(bitmap_cells);
  }
  // The scan range: wau/mau read the days before the range too.
  TimeRange scan = range_;
  if (UsesDayBitmaps(math)) scan.from_us = ctx_.tz().DayStartUtc(day0);
  std::vector<const Chunk*> chunks = ctx_.ChunksIn(scan);
  std::unordered_map<const Chunk*, size_t> chunk_index;
  for (size_t i = 0; i < chunks.size(); ++i) chunk_index[chunks[i]] = i;
  // Per chunk: (cell, sum of the chunk's values in the cell).
  std::vector<std::vector<std::pair<uint32_t, double>>> chunk_sums(chunks.size());
  RETURN_IF_ERROR(ctx_.ForChunks(chunks, [&](const Chunk& c, int t) {
    ChunkFilter filter;
    RETURN_IF_ERROR(ChunkFilter::Bind(sel.filter, c, ctx_.data(), &filter));
    std::shared_ptr<const ChunkProperty> value_prop, group_prop;
    if (!series.property.empty()) {
      RETURN_IF_ERROR(ctx_.data().Property(c, series.property, &value_prop));
    }
    if (!req_.breakdown.empty()) {
      RETURN_IF_ERROR(ctx_.data().Property(c, req_.breakdown, &group_prop));
    }
    const ChunkDays days(ctx_.tz(), c);
    const RunPersons& rp = ctx_.Runs(c);
    Cells& a = acc[t];
    uint64_t seen = 0;
    ForSelectedRows(
        c, sel, filter,
        [&](uint32_t row, uint32_t run) {
          const int64_t ts = c.ts[row];
          if (ts < scan.from_us || ts >= scan.to_us) return;
          ++seen;
          const int32_t g = ng == 1 ? 0 : groups.Of(KeyOf(group_prop.get(), row));
          if (UsesDayBitmaps(math)) {
            auto& bits = a.bitmaps[static_cast<size_t>(g) * ndays + (days.DayOf(ts) - day0)];
            if (bits.empty()) bits.assign(words, 0);
            SetBit(bits, rp.person[run]);
            return;
          }
          int b;
          if (req_.interval == Interval::kAll) {
            b = 0;
          } else if (req_.interval == Interval::kHour) {
            b = buckets_.BucketOf(ts);
          } else {
            b = buckets_.BucketOfDay(days.DayOf(ts));
          }
          if (b < 0) return;
          const size_t cell = static_cast<size_t>(g) * nb + static_cast<size_t>(b);
          if (math == TrendMath::kTotal) {
            ++a.count[cell];
            return;
          }
          if (UsesBitmaps(math)) {
            auto& bits = a.bitmaps[cell];
            if (bits.empty()) bits.assign(words, 0);
            SetBit(bits, rp.person[run]);
            return;
          }
          const double v =
              value_prop && !value_prop->numbers.empty() ? value_prop->numbers[row] : std::nan("");
          if (std::isnan(v)) return;
          ++a.count[cell];
          if (!a.is_touched[cell]) {
            a.is_touched[cell] = 1;
            a.touched.push_back(static_cast<uint32_t>(cell));
          }
          a.chunk_sum[cell] += v;
          a.min[cell] = std::min(a.min[cell], v);
          a.max[cell] = std::max(a.max[cell], v);
          if (UsesValues(math)) a.values[cell].push_back(v);
        },
        /*need_run=*/UsesBitmaps(math) || UsesDayBitmaps(math));
    if (!a.touched.empty()) {
      auto& sums = chunk_sums[chunk_index.at(&c)];
      for (uint32_t cell : a.touched) {
        sums.emplace_back(cell, a.chunk_sum[cell]);
        a.chunk_sum[cell] = 0;
        a.is_touched[cell] = 0;
      }
      a.touched.clear();
    }
    rows_.fetch_add(seen, std::memory_order_relaxed);
    return Status::Ok();
  }));

  // Merge the threads into acc[0]; the sums chunk by chunk, in chunk order.
  Cells& m = acc[0];
  for (const auto& sums : chunk_sums) {
    for (const auto& [cell, sum] : sums) m.sum[cell] += sum;
  }
  for (int t = 1; t < threads; ++t) {
    for (size_t i = 0; i < cells; ++i) {
      m.count[i] += acc[t].count[i];
      if (!m.sum.empty()) {
        m.min[i] = std::min(m.min[i], acc[t].min[i]);
        m.max[i] = std::max(m.max[i], acc[t].max[i]);
      }
      if (!m.values.empty()) {
        m.values[i].insert(m.values[i].end(), acc[t].values[i].begin(), acc[t].values[i].end());
      }
    }
    for (size_t i = 0; i < bitmap_cells; ++i) {
      auto& from = acc[t].bitmaps[i];
      if (from.empty()) continue;
      auto& to = m.bitmaps[i];
      if (to.empty()) {
        to = std::move(from);
      } else {
        for (size_t w = 0; w < words; ++w) to[w] |= from[w];
      }
    }
  }

  out->values.assign(ng, std::vector<double>(nb, 0));
  out->totals.assign(ng, 0);
  std::vector<uint64_t> window_bits(words);
  for (size_t g = 0; g < ng; ++g) {
    std::vector<uint64_t> all_bits;  // union over the buckets, for unique totals
    double total_sum = 0, total_min = INFINITY, total_max = -INFINITY;
    uint64_t total_count = 0;
    std::vector<double> total_values;
    for (size_t b = 0; b < nb; ++b) {
      const size_t cell = g * nb + b;
      double v = 0;
      switch (math) {
        case TrendMath::kTotal:
          v = static_cast<double>(m.count[cell]);
          total_count += m.count[cell];
          break;
        case TrendMath::kUniquePersons:
          if (!m.bitmaps[cell].empty()) {
            v = static_cast<double>(PopCount(m.bitmaps[cell]));
            if (all_bits.empty()) all_bits.assign(words, 0);
            for (size_t w = 0; w < words; ++w) all_bits[w] |= m.bitmaps[cell][w];
          }
          break;
        case TrendMath::kSum:
          v = m.sum[cell];
          total_sum += v;
          break;
        case TrendMath::kAvg:
          v = m.count[cell] ? m.sum[cell] / static_cast<double>(m.count[cell]) : std::nan("");
          total_sum += m.sum[cell];
          total_count += m.count[cell];
          break;
        case TrendMath::kMin:
          v = m.count[cell] ? m.min[cell] : std::nan("");
          total_min = std::min(total_min, m.min[cell]);
          break;
        case TrendMath::kMax:
          v = m.count[cell] ? m.max[cell] : std::nan("");
          total_max = std::max(total_max, m.max[cell]);
          break;
        case TrendMath::kMedian:
        case TrendMath::kP90:
          total_values.insert(total_values.end(), m.values[cell].begin(), m.values[cell].end());
          v = Quantile(m.values[cell], math == TrendMath::kMedian ? 0.5 : 0.9);
          break;
        case TrendMath::kDau:
        case TrendMath::kWau:
        case TrendMath::kMau:
        case TrendMath::kStickiness: {
          // For each day of the bucket, persons active in the window ending that day; the
          // bucket shows its last day's value (wau/mau), the mean of its days' (dau) or the
          // mean of dau/mau (stickiness).
          auto [d0, d1] = buckets_.DaysOf(b);
          double acc_ratio = 0, acc_active = 0;
          int ndays_in = 0;
          const bool all_days = math == TrendMath::kStickiness || math == TrendMath::kDau;
          for (int32_t d = (all_days ? d0 : d1); d <= d1; ++d) {
            std::fill(window_bits.begin(), window_bits.end(), 0);
            for (int32_t k = d - window + 1; k <= d; ++k) {
              if (k < day0) continue;
              const auto& bits = m.bitmaps[g * ndays + static_cast<size_t>(k - day0)];
              if (bits.empty()) continue;
              for (size_t w = 0; w < words; ++w) window_bits[w] |= bits[w];
            }
            const double active = static_cast<double>(PopCount(window_bits));
            if (math == TrendMath::kStickiness) {
              const auto& today = m.bitmaps[g * ndays + static_cast<size_t>(d - day0)];
              const double dau = today.empty() ? 0 : static_cast<double>(PopCount(today));
              if (active > 0) acc_ratio += dau / active;
              ++ndays_in;
            } else if (math == TrendMath::kDau) {
              acc_active += active;
              ++ndays_in;
            } else {
              v = active;
            }
          }
          if (math == TrendMath::kStickiness) v = ndays_in ? acc_ratio / ndays_in : 0;
          if (math == TrendMath::kDau) v = ndays_in ? acc_active / ndays_in : 0;
          break;
        }
      }
      out->values[g][b] = v;
    }
    switch (math) {
      case TrendMath::kTotal: out->totals[g] = static_cast<double>(total_count); break;
      case TrendMath::kUniquePersons:
        out->totals[g] = all_bits.empty() ? 0 : static_cast<double>(PopCount(all_bits));
        break;
      case TrendMath::kSum: out->totals[g] = total_sum; break;
      case TrendMath::kAvg:
        out->totals[g] = total_count ? total_sum / static_cast<double>(total_count) : std::nan("");
        break;
      case TrendMath::kMin:
        out->totals[g] = std::isinf(total_min) ? std::nan("") : total_min;
        break;
      case TrendMath::kMax:
        out->totals[g] = std::isinf(total_max) ? std::nan("") : total_max;
        break;
      case TrendMath::kMedian:
      case TrendMath::kP90:
        out->totals[g] = Quantile(total_values, math == TrendMath::kMedian ? 0.5 : 0.9);
        break;
      case TrendMath::kDau:
      case TrendMath::kWau:
      case TrendMath::kMau:
      case TrendMath::kStickiness: {
        double s = 0;
        for (double v : out->values[g]) s += v;
        out->totals[g] = nb ? s / static_cast<double>(nb) : 0;
        break;
      }
    }
  }
  return Status::Ok();
}

Status TrendsRun::Run(std::vector<SeriesResult>* results, Groups* groups, json* stats) {
  chunks_ = ctx_.ChunksIn(range_);
  std::set<std::string> props;
  CollectProperties(req_.common.filter, &props);
  for (const TrendSeries& s : req_.series) {
    CollectProperties(s.selector.filter, &props);
    if (!s.property.empty()) props.insert(s.property);
  }
  if (!req_.breakdown.empty()) props.insert(req_.breakdown);
  // wau/mau also read the 29 days before the range.
  TimeRange wide = range_;
  wide.from_us = ctx_.tz().DayStartUtc(ctx_.tz().LocalDay(range_.from_us) - 29);
  RETURN_IF_ERROR(ctx_.LoadProperties(ctx_.ChunksIn(wide), props));
  std::vector<CompiledSelector> sels(req_.series.size());
  for (size_t i = 0; i < req_.series.size(); ++i) {
    RETURN_IF_ERROR(
        CompileSelector(req_.series[i].selector, req_.common.filter, ctx_.data(), &sels[i]));
  }
  results->resize(req_.series.size());
  const bool counted = !req_.breakdown.empty() && req_.series[0].math == TrendMath::kTotal;
  RETURN_IF_ERROR(ChooseGroups(sels[0], groups, counted ? &(*results)[0] : nullptr));
  if (counted) {
    for (double v : (*results)[0].totals) rows_ += static_cast<uint64_t>(v);
  }
  for (size_t i = counted ? 1 : 0; i < req_.series.size(); ++i) {
    RETURN_IF_ERROR(RunSeries(i, sels[i], *groups, &(*results)[i]));
  }
  (*stats)["rows_matched"] = rows_.load();
  return Status::Ok();
}

}  // namespace

Status RunTrends(const QueryContext& ctx, const TrendsRequest& req, json* answer) {
  const auto start = std::chrono::steady_clock::now();
  json stats = json::object();
  auto run_period = [&](const TimeRange& range, const char* label, json* series_out,
                        std::vector<std::string>* labels) -> Status {
    TrendsRun run(ctx, req, range);
    std::vector<SeriesResult> results;
    Groups groups;
    RETURN_IF_ERROR(run.Run(&results, &groups, &stats));
    Bucketer buckets(ctx.tz(), req.interval, range);
    *labels = buckets.labels();
    for (size_t g = 0; g < groups.labels.size(); ++g) {
      for (size_t i = 0; i < req.series.size(); ++i) {
        json s = {
            {"name", std::string(1, static_cast<char>('A' + i))},
            {"event", req.series[i].selector.event.empty() ? "$all" : req.series[i].selector.event},
            {"math", MathName(req.series[i].math)}};
        if (!req.series[i].property.empty()) s["property"] = req.series[i].property;
        if (!req.breakdown.empty()) s["breakdown_value"] = groups.labels[g];
        if (label) s["compare"] = label;
        json values = json::array();
        for (double v : results[i].values[g]) values.push_back(NumberOrNull(v));
        s["values"] = std::move(values);
        s["total"] = NumberOrNull(results[i].totals[g]);
        series_out->push_back(std::move(s));
      }
      if (!req.formula.empty()) {
        const size_t nb = results[0].values[g].size();
        json values = json::array();
        std::vector<double> vars(req.series.size());
        for (size_t b = 0; b < nb; ++b) {
          for (size_t i = 0; i < vars.size(); ++i) vars[i] = results[i].values[g][b];
          FormulaEval e{req.formula, 0, &vars};
          values.push_back(NumberOrNull(e.Sum()));
        }
        for (size_t i = 0; i < vars.size(); ++i) vars[i] = results[i].totals[g];
        FormulaEval e{req.formula, 0, &vars};
        json s = {{"name", "formula"},
                  {"formula", req.formula},
                  {"values", std::move(values)},
                  {"total", NumberOrNull(e.Sum())}};
        if (!req.breakdown.empty()) s["breakdown_value"] = groups.labels[g];
        if (label) s["compare"] = label;
        series_out->push_back(std::move(s));
      }
    }
    return Status::Ok();
  };
  json series = json::array();
  std::vector<std::string> labels, previous_labels;
  RETURN_IF_ERROR(run_period(req.common.range, nullptr, &series, &labels));
  json answer_obj = {
      {"kind", "trends"}, {"interval", IntervalName(req.interval)}, {"buckets", labels}};
  if (req.compare) {
    const int64_t len = req.common.range.to_us - req.common.range.from_us;
    TimeRange prev{req.common.range.from_us - len, req.common.range.from_us};
    RETURN_IF_ERROR(run_period(prev, "previous", &series, &previous_labels));
    answer_obj["previous_buckets"] = previous_labels;
  }
  answer_obj["series"] = std::move(series);
  stats["elapsed_ms"] = ElapsedMs(start);
  answer_obj["stats"] = std::move(stats);
  *answer = std::move(answer_obj);
  return Status::Ok();
}

}  // namespace growloop
