#include "catalog/stats_json.h"

namespace growloop {

nlohmann::json StoreStatsToJson(const std::string& project, const StoreStats& stats,
                                bool persons_counted) {
  nlohmann::json per_day = nlohmann::json::object();
  for (const auto& [day, events] : stats.per_day) per_day[day] = events;
  nlohmann::json body = {{"project", project},
                         {"events", stats.events},
                         {"per_day", std::move(per_day)},
                         {"per_event", stats.per_event},
                         {"segments", stats.segments},
                         {"segment_bytes", stats.segment_bytes},
                         {"wal_bytes", stats.wal_bytes},
                         {"bytes_on_disk", stats.segment_bytes + stats.wal_bytes},
                         {"memtable_rows", stats.memtable_rows},
                         {"compactions", stats.compactions}};
  body["persons"] = persons_counted ? nlohmann::json(stats.persons) : nlohmann::json(nullptr);
  return body;
}

}  // namespace growloop
