// SchemaDelta: what one batch of events adds to a project's schema registry, aggregated in
// memory so that recording it costs one small transaction instead of one write per event.
//
// Not thread-safe; built by one thread, then read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "event/event_batch.h"

namespace growloop {

// Event-time range and count of one event name or one (event, property, type).
struct SchemaSeen {
  int64_t first_seen_us = 0;
  int64_t last_seen_us = 0;
  uint64_t volume = 0;

  void Observe(int64_t ts_us);
  void Merge(const SchemaSeen& other);
};

struct SchemaPropertyKey {
  std::string name;
  ValueType type = ValueType::kString;
  bool operator<(const SchemaPropertyKey& o) const {
    return name != o.name ? name < o.name : type < o.type;
  }
};

struct SchemaEventDelta {
  SchemaSeen seen;
  std::map<SchemaPropertyKey, SchemaSeen> properties;
};

struct SchemaDelta {
  std::map<std::string, SchemaEventDelta, std::less<>> events;

  bool empty() const { return events.empty(); }
  // Adds every row of `batch`: one observation of its event name at its timestamp, and one of
  // each property it carries (non-null), keyed by the row's event name.
  void Add(const EventBatch& batch);

  // Adds every observation of `other`.
  void Merge(const SchemaDelta& other);

  static SchemaDelta FromBatch(const EventBatch& batch) {
    SchemaDelta d;
    d.Add(batch);
    return d;
  }
};

}  // namespace growloop
