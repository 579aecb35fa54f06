#include "event/event_batch.h"

#include <cassert>

namespace growloop {

std::string_view ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kString: return "string";
    case ValueType::kNumber: return "number";
    case ValueType::kBool: return "bool";
    case ValueType::kTimestamp: return "timestamp";
  }
  return "unknown";
}

void PropertyColumn::AppendNull() {
  valid.push_back(0);
  switch (type) {
    case ValueType::kString: strings.Append({}); break;
    case ValueType::kNumber: numbers.push_back(0); break;
    case ValueType::kBool:
    case ValueType::kTimestamp: ints.push_back(0); break;
  }
}

void PropertyColumn::Truncate(size_t n) {
  valid.resize(n);
  switch (type) {
    case ValueType::kString: strings.Truncate(n); break;
    case ValueType::kNumber: numbers.resize(n); break;
    case ValueType::kBool:
    case ValueType::kTimestamp: ints.resize(n); break;
  }
}

void EventBatch::BeginRow(std::string_view id, int64_t ts_us, int64_t received_us,
                          std::string_view distinct_id, std::string_view anonymous_id,
                          std::string_view event) {
  assert(!row_open_);
  row_open_ = true;
  ids_.Append(id);
  ts_.push_back(ts_us);
  received_.push_back(received_us);
  distinct_ids_.Append(distinct_id);
  anonymous_ids_.Append(anonymous_id);
  events_.Append(event);
}

size_t EventBatch::PropertyIndex(std::string_view name, ValueType type) {
  // Callers on hot paths cache the returned index per input column, so this lookup (which
  // builds a key string) runs once per column and batch, not once per value.
  std::pair<std::string, ValueType> key(std::string(name), type);
  auto it = prop_index_.find(key);
  if (it != prop_index_.end()) return it->second;
  size_t idx = props_.size();
  PropertyColumn col;
  col.name = key.first;
  col.type = type;
  // Rows before this one (finished rows) are null; the open row is not yet in the column.
  size_t earlier = row_open_ ? rows() - 1 : rows();
  for (size_t i = 0; i < earlier; ++i) col.AppendNull();
  props_.push_back(std::move(col));
  prop_index_.emplace(std::move(key), idx);
  return idx;
}

void EventBatch::SetString(size_t col, std::string_view v) {
  PropertyColumn& c = props_[col];
  assert(c.type == ValueType::kString && c.size() == rows() - 1);
  c.valid.push_back(1);
  c.strings.Append(v);
}

void EventBatch::SetNumber(size_t col, double v) {
  PropertyColumn& c = props_[col];
  assert(c.type == ValueType::kNumber && c.size() == rows() - 1);
  c.valid.push_back(1);
  c.numbers.push_back(v);
}

void EventBatch::SetBool(size_t col, bool v) {
  PropertyColumn& c = props_[col];
  assert(c.type == ValueType::kBool && c.size() == rows() - 1);
  c.valid.push_back(1);
  c.ints.push_back(v ? 1 : 0);
}

void EventBatch::SetTimestamp(size_t col, int64_t v) {
  PropertyColumn& c = props_[col];
  assert(c.type == ValueType::kTimestamp && c.size() == rows() - 1);
  c.valid.push_back(1);
  c.ints.push_back(v);
}

void EventBatch::EndRow() {
  assert(row_open_);
  row_open_ = false;
  size_t n = rows();
  for (PropertyColumn& c : props_) {
    if (c.size() < n) c.AppendNull();
  }
}

void EventBatch::AbortRow() {
  assert(row_open_);
  row_open_ = false;
  size_t n = rows() - 1;
  ids_.Truncate(n);
  ts_.resize(n);
  received_.resize(n);
  distinct_ids_.Truncate(n);
  anonymous_ids_.Truncate(n);
  events_.Truncate(n);
  for (PropertyColumn& c : props_) {
    if (c.size() > n) c.Truncate(n);
  }
}

namespace {

void CopyRow(const EventBatch& src, size_t i, EventBatch* dst,
             const std::vector<size_t>& col_map) {
  dst->BeginRow(src.id(i), src.ts(i), src.received(i), src.distinct_id(i), src.anonymous_id(i),
                src.event(i));
  const auto& props = src.properties();
  for (size_t c = 0; c < props.size(); ++c) {
    const PropertyColumn& p = props[c];
    if (!p.valid[i]) continue;
    switch (p.type) {
      case ValueType::kString: dst->SetString(col_map[c], p.strings.Get(i)); break;
      case ValueType::kNumber: dst->SetNumber(col_map[c], p.numbers[i]); break;
      case ValueType::kBool: dst->SetBool(col_map[c], p.ints[i] != 0); break;
      case ValueType::kTimestamp: dst->SetTimestamp(col_map[c], p.ints[i]); break;
    }
  }
  dst->EndRow();
}

std::vector<size_t> MapColumns(const EventBatch& src, EventBatch* dst) {
  std::vector<size_t> map;
  map.reserve(src.properties().size());
  for (const PropertyColumn& p : src.properties()) map.push_back(dst->PropertyIndex(p.name, p.type));
  return map;
}

}  // namespace

bool EventBatch::FromColumns(StringColumn ids, std::vector<int64_t> ts,
                             std::vector<int64_t> received, StringColumn distinct_ids,
                             StringColumn anonymous_ids, StringColumn events,
                             std::vector<PropertyColumn> props, EventBatch* out) {
  size_t n = ts.size();
  if (ids.size() != n || received.size() != n || distinct_ids.size() != n ||
      anonymous_ids.size() != n || events.size() != n) {
    return false;
  }
  EventBatch b;
  for (size_t i = 0; i < props.size(); ++i) {
    const PropertyColumn& c = props[i];
    size_t values = c.type == ValueType::kString   ? c.strings.size()
                    : c.type == ValueType::kNumber ? c.numbers.size()
                                                   : c.ints.size();
    if (c.valid.size() != n || values != n) return false;
    if (!b.prop_index_.emplace(std::make_pair(c.name, c.type), i).second) return false;
  }
  b.ids_ = std::move(ids);
  b.ts_ = std::move(ts);
  b.received_ = std::move(received);
  b.distinct_ids_ = std::move(distinct_ids);
  b.anonymous_ids_ = std::move(anonymous_ids);
  b.events_ = std::move(events);
  b.props_ = std::move(props);
  *out = std::move(b);
  return true;
}

namespace {

// Copies the strings of `rows` column by column: one size pass, one reservation, then appends.
template <typename ColumnOf>
void GatherStrings(const std::vector<const EventBatch*>& batches,
                   const std::vector<EventBatch::RowRef>& rows, ColumnOf column, StringColumn* out) {
  size_t bytes = 0;
  for (const auto& r : rows) bytes += column(*batches[r.batch]).Get(r.row).size();
  out->Reserve(rows.size(), bytes);
  for (const auto& r : rows) out->Append(column(*batches[r.batch]).Get(r.row));
}

}  // namespace

EventBatch EventBatch::Gather(const std::vector<const EventBatch*>& batches,
                              const std::vector<RowRef>& rows) {
  EventBatch out;
  const size_t n = rows.size();
  GatherStrings(batches, rows, [](const EventBatch& b) -> const StringColumn& { return b.ids_; },
                &out.ids_);
  GatherStrings(batches, rows,
                [](const EventBatch& b) -> const StringColumn& { return b.distinct_ids_; },
                &out.distinct_ids_);
  GatherStrings(batches, rows,
                [](const EventBatch& b) -> const StringColumn& { return b.anonymous_ids_; },
                &out.anonymous_ids_);
  GatherStrings(batches, rows,
                [](const EventBatch& b) -> const StringColumn& { return b.events_; },
                &out.events_);
  out.ts_.resize(n);
  out.received_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const EventBatch& b = *batches[rows[i].batch];
    out.ts_[i] = b.ts_[rows[i].row];
    out.received_[i] = b.received_[rows[i].row];
  }
  // Property columns: the union over the batches, each filled row by row from its source
  // column in the row's batch (null where that batch has no such column).
  std::vector<std::vector<int>> source;  // [output column][batch] -> column index or -1
  for (size_t bi = 0; bi < batches.size(); ++bi) {
    const auto& props = batches[bi]->props_;
    for (size_t c = 0; c < props.size(); ++c) {
      auto key = std::make_pair(props[c].name, props[c].type);
      auto it = out.prop_index_.find(key);
      size_t idx;
      if (it == out.prop_index_.end()) {
        idx = out.props_.size();
        PropertyColumn col;
        col.name = props[c].name;
        col.type = props[c].type;
        out.props_.push_back(std::move(col));
        out.prop_index_.emplace(std::move(key), idx);
        source.emplace_back(batches.size(), -1);
      } else {
        idx = it->second;
      }
      source[idx][bi] = static_cast<int>(c);
    }
  }
  for (size_t c = 0; c < out.props_.size(); ++c) {
    PropertyColumn& col = out.props_[c];
    const std::vector<int>& src = source[c];
    col.valid.resize(n);
    switch (col.type) {
      case ValueType::kString: {
        size_t bytes = 0;
        for (const auto& r : rows) {
          int sc = src[r.batch];
          if (sc >= 0) bytes += batches[r.batch]->props_[sc].strings.Get(r.row).size();
        }
        col.strings.Reserve(n, bytes);
        for (size_t i = 0; i < n; ++i) {
          int sc = src[rows[i].batch];
          if (sc < 0) {
            col.valid[i] = 0;
            col.strings.Append({});
            continue;
          }
          const PropertyColumn& from = batches[rows[i].batch]->props_[sc];
          col.valid[i] = from.valid[rows[i].row];
          col.strings.Append(from.strings.Get(rows[i].row));
        }
        break;
      }
      case ValueType::kNumber:
        col.numbers.resize(n);
        for (size_t i = 0; i < n; ++i) {
          int sc = src[rows[i].batch];
          if (sc < 0) continue;  // valid[i] and the value stay 0
          const PropertyColumn& from = batches[rows[i].batch]->props_[sc];
          col.valid[i] = from.valid[rows[i].row];
          col.numbers[i] = from.numbers[rows[i].row];
        }
        break;
      case ValueType::kBool:
      case ValueType::kTimestamp:
        col.ints.resize(n);
        for (size_t i = 0; i < n; ++i) {
          int sc = src[rows[i].batch];
          if (sc < 0) continue;
          const PropertyColumn& from = batches[rows[i].batch]->props_[sc];
          col.valid[i] = from.valid[rows[i].row];
          col.ints[i] = from.ints[rows[i].row];
        }
        break;
    }
  }
  return out;
}

void EventBatch::Filter(const std::vector<uint8_t>& keep) {
  assert(keep.size() == rows());
  std::vector<uint32_t> order;
  order.reserve(rows());
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) order.push_back(static_cast<uint32_t>(i));
  }
  if (order.size() == rows()) return;
  *this = Permute(order);
}

EventBatch EventBatch::Permute(const std::vector<uint32_t>& order) const {
  std::vector<RowRef> rows(order.size());
  for (size_t i = 0; i < order.size(); ++i) rows[i] = {0, order[i]};
  return Gather({this}, rows);
}

void EventBatch::AppendBatch(const EventBatch& other) {
  std::vector<size_t> map = MapColumns(other, this);
  for (size_t i = 0; i < other.rows(); ++i) CopyRow(other, i, this, map);
}

size_t EventBatch::ByteSize() const {
  size_t n = rows() * (8 * 2 + 8 * 5) + ids_.data_bytes() + distinct_ids_.data_bytes() +
             anonymous_ids_.data_bytes() + events_.data_bytes();
  for (const PropertyColumn& c : props_) {
    n += c.valid.size() + c.ints.size() * 8 + c.numbers.size() * 8 + c.strings.data_bytes() +
         (c.type == ValueType::kString ? c.size() * 8 : 0);
  }
  return n;
}

void EventBatch::Clear() { *this = EventBatch(); }

}  // namespace growloop
