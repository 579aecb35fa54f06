#include "query/query_exec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace growloop {

Status QueryContext::ForChunks(const std::vector<const Chunk*>& chunks,
                               const std::function<Status(const Chunk&, int)>& fn) const {
  return ForIndexes(chunks.size(), [&](size_t i, int t) { return fn(*chunks[i], t); });
}

Status QueryContext::ForIndexes(size_t n, const std::function<Status(size_t, int)>& fn) const {
  std::mutex mu;
  Status first;
  std::atomic<bool> failed{false};
  ParallelFor(n, threads_, [&](size_t i, int t) {
    if (failed.load(std::memory_order_relaxed)) return;
    Status s = Check();
    if (s.ok()) s = fn(i, t);
    if (!s.ok()) {
      std::lock_guard<std::mutex> lock(mu);
      if (first.ok()) first = s;
      failed = true;
    }
  });
  return first;
}

Status QueryContext::LoadProperties(const std::vector<const Chunk*>& chunks,
                                    const std::set<std::string>& properties) const {
  if (properties.empty()) return Status::Ok();
  return ForChunks(chunks, [&](const Chunk& c, int) {
    for (const std::string& name : properties) {
      std::shared_ptr<const ChunkProperty> p;
      RETURN_IF_ERROR(data().Property(c, name, &p));
    }
    return Status::Ok();
  });
}

PersonTiles::PersonTiles(uint32_t slots, size_t state_bytes, int threads) {
  // Half of a core's 512 KiB - 1 MiB L2: room for the rows streaming past.
  constexpr size_t kTileStateBytes = 256 * 1024;
  const uint32_t block = 1u << kPersonBlockShift;
  const uint32_t blocks = (slots + block - 1) / block;
  uint32_t per_tile = static_cast<uint32_t>(
      std::max<size_t>(1, kTileStateBytes / (std::max<size_t>(state_bytes, 1) * block)));
  // Enough tiles that every thread gets several.
  const uint32_t min_tiles = 4 * static_cast<uint32_t>(std::max(threads, 1));
  per_tile = std::max<uint32_t>(1, std::min(per_tile, blocks / min_tiles));
  blocks_per_tile_ = per_tile;
  tiles_ = (blocks + per_tile - 1) / per_tile;
}

Status PersonTiles::ForEach(const QueryContext& ctx,
                            const std::function<Status(uint32_t, uint32_t, int)>& fn) const {
  const int threads = std::max(1, std::min<int>(ctx.threads(), static_cast<int>(tiles_)));
  std::vector<Status> st(static_cast<size_t>(threads));
  std::atomic<bool> failed{false};
  ParallelFor(static_cast<size_t>(threads), threads, [&](size_t t, int) {
    for (uint32_t i = static_cast<uint32_t>(t); i < tiles_; i += static_cast<uint32_t>(threads)) {
      if (failed.load(std::memory_order_relaxed)) return;
      Status s = ctx.Check();
      if (s.ok()) {
        const auto [b0, b1] = Blocks(i);
        s = fn(b0, b1, static_cast<int>(t));
      }
      if (!s.ok()) {
        st[t] = std::move(s);
        failed = true;
        return;
      }
    }
  });
  for (const Status& s : st) RETURN_IF_ERROR(s);
  return Status::Ok();
}

Status ForStrayChunks(const QueryContext& ctx, size_t chunks,
                      const std::function<void(size_t, size_t)>& fn) {
  return ctx.ForIndexes(static_cast<size_t>(ctx.threads()), [&](size_t t, int) {
    for (size_t i = 0; i < chunks; ++i) {
      RETURN_IF_ERROR(ctx.Check());
      fn(i, t);
    }
    return Status::Ok();
  });
}

uint64_t PopCount(const std::vector<uint64_t>& bits) {
  uint64_t n = 0;
  for (uint64_t w : bits) n += static_cast<uint64_t>(__builtin_popcountll(w));
  return n;
}

void CollectProperties(const Filter& f, std::set<std::string>* out) {
  if (f.kind == Filter::Kind::kCondition) {
    if (f.property != "$event" && f.property != "$distinct_id") out->insert(f.property);
    return;
  }
  for (const Filter& c : f.children) CollectProperties(c, out);
}

namespace {

bool ValueMatchesString(FilterOp op, const nlohmann::json& value, std::string_view s,
                        const std::regex* re) {
  switch (op) {
    case FilterOp::kEq:
    case FilterOp::kNeq: return value.is_string() && value.get<std::string_view>() == s;
    case FilterOp::kIn:
    case FilterOp::kNotIn:
      for (const auto& v : value) {
        if (v.is_string() && v.get<std::string_view>() == s) return true;
      }
      return false;
    case FilterOp::kContains:
      return s.find(value.get<std::string_view>()) != std::string_view::npos;
    case FilterOp::kRegex: return std::regex_search(s.begin(), s.end(), *re);
    default: return false;
  }
}

bool IsNegated(FilterOp op) {
  return op == FilterOp::kNeq || op == FilterOp::kNotIn || op == FilterOp::kIsNotSet;
}

}  // namespace

Status CompileFilter(const Filter& f, const QueryData& data, CompiledFilter* out) {
  out->kind = f.kind;
  if (f.kind == Filter::Kind::kAll) return Status::Ok();
  if (f.kind != Filter::Kind::kCondition) {
    out->children.resize(f.children.size());
    for (size_t i = 0; i < f.children.size(); ++i) {
      RETURN_IF_ERROR(CompileFilter(f.children[i], data, &out->children[i]));
    }
    return Status::Ok();
  }
  out->property = f.property;
  out->op = f.op;
  out->negate = IsNegated(f.op);
  if (f.op == FilterOp::kRegex) {
    try {
      out->regex = std::make_shared<std::regex>(f.value.get<std::string>(), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return InvalidArgument(f.path + ".value: is not a valid regular expression");
    }
  }
  if (f.property == "$event") {
    out->field = CompiledFilter::Field::kEvent;
    const uint32_t codes = data.EventCodes();
    out->event_match.assign(codes + 1, 0);
    for (uint32_t c = 1; c <= codes; ++c) {
      if (f.op == FilterOp::kIsSet || f.op == FilterOp::kIsNotSet) {
        out->event_match[c] = 1;
      } else {
        out->event_match[c] =
            ValueMatchesString(f.op, f.value, data.EventName(c), out->regex.get());
      }
      // The complement is taken here, so that event_match is the set of events that pass.
      if (out->negate) out->event_match[c] = !out->event_match[c];
    }
    out->negate = false;
    return Status::Ok();
  }
  if (f.property == "$distinct_id") {
    out->field = CompiledFilter::Field::kDistinctId;
    if (f.value.is_array()) {
      for (const auto& v : f.value) {
        if (v.is_string()) out->strings.insert(v.get<std::string>());
      }
    } else if (f.value.is_string()) {
      out->strings.insert(f.value.get<std::string>());
      out->pattern = f.value.get<std::string>();
    }
    return Status::Ok();
  }
  // A property: numbers for numeric values and comparisons, code sets for strings.
  switch (f.op) {
    case FilterOp::kEq:
    case FilterOp::kNeq:
      if (f.value.is_number()) out->numbers.push_back(f.value.get<double>());
      if (f.value.is_boolean()) out->numbers.push_back(f.value.get<bool>() ? 1 : 0);
      break;
    case FilterOp::kIn:
    case FilterOp::kNotIn:
      for (const auto& v : f.value) {
        if (v.is_number()) out->numbers.push_back(v.get<double>());
        if (v.is_boolean()) out->numbers.push_back(v.get<bool>() ? 1 : 0);
      }
      break;
    case FilterOp::kBetween:
      out->numbers = {f.value[0].get<double>(), f.value[1].get<double>()};
      break;
    case FilterOp::kGt:
    case FilterOp::kLt:
    case FilterOp::kGte:
    case FilterOp::kLte: out->numbers = {f.value.get<double>()}; break;
    default: break;
  }
  if (f.op == FilterOp::kEq || f.op == FilterOp::kNeq || f.op == FilterOp::kIn ||
      f.op == FilterOp::kNotIn || f.op == FilterOp::kContains || f.op == FilterOp::kRegex) {
    const std::vector<std::string> values = data.Values(f.property);
    out->code_match.assign(values.size() + 1, 0);
    for (size_t c = 0; c < values.size(); ++c) {
      out->code_match[c + 1] = ValueMatchesString(f.op, f.value, values[c], out->regex.get());
    }
  }
  return Status::Ok();
}

Status ChunkFilter::BindNode(const CompiledFilter& f, const Chunk& chunk, const QueryData& data,
                             Node* out) {
  out->f = &f;
  if (f.kind == Filter::Kind::kCondition) {
    if (f.field == CompiledFilter::Field::kProperty) {
      RETURN_IF_ERROR(data.Property(chunk, f.property, &out->prop));
    }
    return Status::Ok();
  }
  out->children.resize(f.children.size());
  for (size_t i = 0; i < f.children.size(); ++i) {
    RETURN_IF_ERROR(BindNode(f.children[i], chunk, data, &out->children[i]));
  }
  return Status::Ok();
}

Status ChunkFilter::Bind(const CompiledFilter& f, const Chunk& chunk, const QueryData& data,
                         ChunkFilter* out) {
  out->chunk_ = &chunk;
  out->data_ = &data;
  out->always_ = f.kind == Filter::Kind::kAll;
  if (out->always_) return Status::Ok();
  RETURN_IF_ERROR(BindNode(f, chunk, data, &out->root_));
  // The columns to prefetch: every property a condition reads.
  std::vector<const Node*> stack = {&out->root_};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    for (const Node& c : n->children) stack.push_back(&c);
    if (!n->prop) continue;
    if (!n->prop->numbers.empty()) {
      out->columns_.push_back({reinterpret_cast<const char*>(n->prop->numbers.data()), 8});
    }
    if (!n->prop->strings.empty()) {
      out->columns_.push_back({reinterpret_cast<const char*>(n->prop->strings.data()), 4});
    }
  }
  return Status::Ok();
}

bool ChunkFilter::MatchNode(const Node& n, uint32_t row, uint32_t run) const {
  const CompiledFilter& f = *n.f;
  switch (f.kind) {
    case Filter::Kind::kAll: return true;
    case Filter::Kind::kAnd:
      for (const Node& c : n.children) {
        if (!MatchNode(c, row, run)) return false;
      }
      return true;
    case Filter::Kind::kOr:
      for (const Node& c : n.children) {
        if (MatchNode(c, row, run)) return true;
      }
      return false;
    case Filter::Kind::kCondition: break;
  }
  bool hit = false;
  if (f.field == CompiledFilter::Field::kEvent) {
    const uint16_t e = chunk_->event[row];
    hit = e < f.event_match.size() && f.event_match[e];
  } else if (f.field == CompiledFilter::Field::kDistinctId) {
    const std::string id = data_->DistinctId(chunk_->run_qid[run]);
    switch (f.op) {
      case FilterOp::kContains: hit = id.find(f.pattern) != std::string::npos; break;
      case FilterOp::kRegex: hit = std::regex_search(id, *f.regex); break;
      case FilterOp::kIsSet:
      case FilterOp::kIsNotSet: hit = !id.empty(); break;
      default: hit = f.strings.count(id) > 0; break;
    }
  } else {
    const ChunkProperty* p = n.prop.get();
    const double num = p && !p->numbers.empty() ? p->numbers[row] : std::nan("");
    const uint32_t code = p && !p->strings.empty() ? p->strings[row] : 0;
    switch (f.op) {
      case FilterOp::kIsSet:
      case FilterOp::kIsNotSet: hit = !std::isnan(num) || code != 0; break;
      case FilterOp::kEq:
      case FilterOp::kNeq:
      case FilterOp::kIn:
      case FilterOp::kNotIn:
        if (code != 0 && code < f.code_match.size() && f.code_match[code]) {
          hit = true;
        } else if (!std::isnan(num)) {
          for (double v : f.numbers) hit = hit || v == num;
        }
        break;
      case FilterOp::kContains:
      case FilterOp::kRegex:
        hit = code != 0 && code < f.code_match.size() && f.code_match[code];
        break;
      case FilterOp::kGt: hit = num > f.numbers[0]; break;
      case FilterOp::kLt: hit = num < f.numbers[0]; break;
      case FilterOp::kGte: hit = num >= f.numbers[0]; break;
      case FilterOp::kLte: hit = num <= f.numbers[0]; break;
      case FilterOp::kBetween: hit = num >= f.numbers[0] && num <= f.numbers[1]; break;
    }
  }
  return f.negate ? !hit : hit;
}

Status CompileSelector(const EventSelector& s, const Filter& global, const QueryData& data,
                       CompiledSelector* out) {
  out->any_event = s.event.empty();
  if (!out->any_event) {
    out->events.assign(data.EventCodes() + 1, 0);
    const uint32_t code = data.EventCode(s.event);
    if (code != 0) out->events[code] = 1;
  }
  Filter both;
  if (s.filter.kind == Filter::Kind::kAll) {
    both = global;
  } else if (global.kind == Filter::Kind::kAll) {
    both = s.filter;
  } else {
    both.kind = Filter::Kind::kAnd;
    both.children = {s.filter, global};
  }
  RETURN_IF_ERROR(CompileFilter(both, data, &out->filter));
  // A condition on the event name (alone, or one term of a top-level AND) narrows the event set
  // instead of being tested row by row, so the scan can read only those events' rows.
  auto fold = [&](const CompiledFilter& f) {
    if (f.kind != Filter::Kind::kCondition || f.field != CompiledFilter::Field::kEvent) {
      return false;
    }
    if (out->any_event) {
      out->events = f.event_match;
      out->any_event = false;
    } else {
      for (size_t c = 0; c < out->events.size(); ++c) {
        out->events[c] = out->events[c] && c < f.event_match.size() && f.event_match[c];
      }
    }
    return true;
  };
  if (fold(out->filter)) {
    out->filter = CompiledFilter();
  } else if (out->filter.kind == Filter::Kind::kAnd) {
    auto& kids = out->filter.children;
    kids.erase(std::remove_if(kids.begin(), kids.end(), fold), kids.end());
    if (kids.empty()) out->filter = CompiledFilter();
  }
  return Status::Ok();
}

std::string NumberLabel(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

Bucketer::Bucketer(const TimeZone& tz, Interval interval, const TimeRange& range)
    : tz_(tz), interval_(interval), range_(range) {
  first_day_ = tz.LocalDay(range.from_us);
  const int32_t last_day = tz.LocalDay(range.to_us - 1);
  if (interval == Interval::kHour) {
    const int64_t first_local = tz.UtcToLocal(range.from_us) / kMicrosPerHour;
    const int64_t last_local = tz.UtcToLocal(range.to_us - 1) / kMicrosPerHour;
    first_hour_ = first_local;
    for (int64_t h = first_local; h <= last_local; ++h) {
      const int32_t day = static_cast<int32_t>(h >= 0 ? h / 24 : (h - 23) / 24);
      const int64_t hour = h - int64_t{day} * 24;
      char buf[8];
      std::snprintf(buf, sizeof buf, "T%02d:00", static_cast<int>(hour));
      labels_.push_back(FormatCivilDate(day) + buf);
      days_.push_back({day, day});
    }
    return;
  }
  bucket_of_day_.assign(static_cast<size_t>(last_day - first_day_ + 1), -1);
  for (int32_t d = first_day_; d <= last_day; ++d) {
    int32_t start = d;
    std::string label;
    switch (interval) {
      case Interval::kDay: label = FormatCivilDate(d); break;
      case Interval::kWeek:
        start = d - Weekday(d);
        label = FormatCivilDate(start);
        break;
      case Interval::kMonth:
        start = MonthIndexStartDay(MonthIndexOfDay(d));
        label = FormatCivilDate(start).substr(0, 7);
        break;
      case Interval::kAll:
        start = first_day_;
        label = "all";
        break;
      case Interval::kHour: break;
    }
    if (labels_.empty() || labels_.back() != label) {
      labels_.push_back(label);
      days_.push_back({d, d});
    }
    days_.back().second = d;
    bucket_of_day_[d - first_day_] = static_cast<int32_t>(labels_.size() - 1);
  }
}

int Bucketer::BucketOfDay(int32_t day) const {
  const int64_t i = int64_t{day} - first_day_;
  if (i < 0 || i >= static_cast<int64_t>(bucket_of_day_.size())) return -1;
  return bucket_of_day_[i];
}

int Bucketer::BucketOf(int64_t utc_us) const {
  if (utc_us < range_.from_us || utc_us >= range_.to_us) return -1;
  if (interval_ == Interval::kHour) {
    const int64_t h = tz_.UtcToLocal(utc_us) / kMicrosPerHour - first_hour_;
    return h < 0 || h >= static_cast<int64_t>(labels_.size()) ? -1 : static_cast<int>(h);
  }
  return BucketOfDay(tz_.LocalDay(utc_us));
}

}  // namespace growloop
