#include "meta/schema_delta.h"

#include <algorithm>
#include <vector>

namespace growloop {

void SchemaSeen::Observe(int64_t ts_us) {
  if (volume == 0) {
    first_seen_us = last_seen_us = ts_us;
  } else {
    first_seen_us = std::min(first_seen_us, ts_us);
    last_seen_us = std::max(last_seen_us, ts_us);
  }
  ++volume;
}

void SchemaSeen::Merge(const SchemaSeen& other) {
  if (other.volume == 0) return;
  if (volume == 0) {
    *this = other;
    return;
  }
  first_seen_us = std::min(first_seen_us, other.first_seen_us);
  last_seen_us = std::max(last_seen_us, other.last_seen_us);
  volume += other.volume;
}

void SchemaDelta::Merge(const SchemaDelta& other) {
  for (const auto& [name, ev] : other.events) {
    auto it = events.find(name);
    if (it == events.end()) it = events.emplace(name, SchemaEventDelta{}).first;
    it->second.seen.Merge(ev.seen);
    for (const auto& [key, seen] : ev.properties) it->second.properties[key].Merge(seen);
  }
}

void SchemaDelta::Add(const EventBatch& batch) {
  const auto& props = batch.properties();
  // Per event name, one accumulator per property column of this batch, so the per-value work
  // is an index, not a map lookup with a string key.
  struct Accumulator {
    SchemaSeen seen;
    std::vector<SchemaSeen> columns;
  };
  std::map<std::string_view, Accumulator> by_event;
  std::vector<Accumulator*> row_acc(batch.rows());
  for (size_t i = 0; i < batch.rows(); ++i) {
    Accumulator& acc = by_event[batch.event(i)];
    if (acc.columns.empty()) acc.columns.resize(props.size());
    acc.seen.Observe(batch.ts(i));
    row_acc[i] = &acc;
  }
  for (size_t c = 0; c < props.size(); ++c) {
    const PropertyColumn& col = props[c];
    size_t n = std::min(col.valid.size(), batch.rows());
    for (size_t i = 0; i < n; ++i) {
      if (col.valid[i]) row_acc[i]->columns[c].Observe(batch.ts(i));
    }
  }
  for (auto& [name, acc] : by_event) {
    auto it = events.find(name);
    if (it == events.end()) it = events.emplace(std::string(name), SchemaEventDelta{}).first;
    SchemaEventDelta& ev = it->second;
    ev.seen.Merge(acc.seen);
    for (size_t c = 0; c < props.size(); ++c) {
      if (acc.columns[c].volume == 0) continue;
      ev.properties[SchemaPropertyKey{props[c].name, props[c].type}].Merge(acc.columns[c]);
    }
  }
}

}  // namespace growloop
