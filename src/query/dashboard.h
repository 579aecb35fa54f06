// Dashboards: named, ordered sets of saved queries (docs/dashboards.md). This layer turns the
// JSON a client sends into a Dashboard the metadata store keeps (checking every saved query the
// way QueryEngine::Run would), renders a stored one back, and runs all its queries in one call.
//
// Answers come from the engine's answer cache while the project's data is unchanged, so a
// dashboard opened again is answered from memory; an event, segment or identity merge landing
// since makes the next run compute its answers anew.
#pragma once

#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "meta/meta_store.h"
#include "query/query_engine.h"

namespace growloop {

// Reads {"name", "description", "items": [{"title", "kind", "query"}]} into *out (its id and
// times untouched). InvalidArgument with *error_field naming the field at fault
// ("items[2].query.steps[0].event") when the body or one of its queries is bad.
Status ParseDashboard(const QueryEngine& engine, int64_t project_id, const nlohmann::json& body,
                      Dashboard* out, std::string* error_field);

// {"id", "name", "description", "created", "updated", "items": [{"title", "kind", "query"}]}.
nlohmann::json DashboardJson(const Dashboard& dashboard);

struct DashboardRunOptions {
  // When not empty, replace the `from` / `to` of every saved query (a date, a relative date
  // such as "-30d", or a timestamp; docs/query-api.md).
  std::string from;
  std::string to;
  bool use_cache = true;
  const std::atomic<bool>* cancelled = nullptr;
};

// Runs every query of the dashboard, in order, and sets *out to
// {"dashboard": {...}, "results": [{"title", "kind", "answer"} or {"title", "kind", "error"}],
// "stats": {"queries", "cached", "failed", "elapsed_ms"}}. A query that fails (a timeout, a
// memory limit, a property no longer valid) fills its own "error" {"code", "message", "field"}
// and the others still run, as does one whose range an override empties. InvalidArgument with
// *error_field "from" or "to" when an override is malformed; Cancelled when *cancelled became
// true.
Status RunDashboard(QueryEngine* engine, int64_t project_id, const Dashboard& dashboard,
                    const DashboardRunOptions& options, nlohmann::json* out,
                    std::string* error_field);

}  // namespace growloop
