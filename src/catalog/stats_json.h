// The JSON form of a project's store statistics, shared by `GET /api/v1/stats` and
// `growloop stats --json` so both always print the same document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "storage/event_store.h"

namespace growloop {

// {"project","events","per_day":{"YYYY-MM-DD":{"event":n}},"per_event","persons" (null when not
// counted),"segments","segment_bytes","wal_bytes","bytes_on_disk","memtable_rows","compactions"}
nlohmann::json StoreStatsToJson(const std::string& project, const StoreStats& stats,
                                bool persons_counted);

}  // namespace growloop
