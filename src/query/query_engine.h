// QueryEngine: runs the questions of docs/query-api.md (trends, funnels, retention, RFM, paths,
// LTV/CAC) over a project's events, with identity resolution applied: the one entry point of the
// HTTP API and the `growloop query` command.
//
// Each project's decoded events stay cached between queries (QueryData); a query reads one
// consistent snapshot of the store and of the identity map. Every query is bounded: a range
// (defaulted to the last 7 days), a timeout, a working-memory limit, and cancellation.
//
// Thread-safety: Run may be called from any thread, concurrently.
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/catalog.h"
#include "common/status.h"
#include "query/query_data.h"

namespace growloop {

// True for the query kinds Run knows: trends, funnel, retention, rfm, paths, ltv, persons.
bool IsQueryKind(std::string_view kind);

// A quarter of the machine's physical memory: the decoded-event cache's default budget.
size_t DefaultQueryCacheBytes();

struct QueryEngineOptions {
  int threads = 2;  // threads one query scans with
  // Answers kept for repeated questions (dashboards): at most this many, each at most 4 MiB of
  // JSON. An answer is reused only while the data it read is unchanged (DataView::signature).
  size_t cached_answers = 256;
  // Decoded events kept between queries, per project, at most (QueryData); 0: keep none.
  size_t cache_bytes = DefaultQueryCacheBytes();
};

class QueryEngine {
 public:
  QueryEngine(Catalog* catalog, const QueryEngineOptions& options);
  ~QueryEngine();

  // Runs the query `kind` ("trends", "funnel", "retention", "rfm", "paths", "ltv") with the JSON
  // body `request`
  // on the project. Errors: NotFound for an unknown kind or project; InvalidArgument for a bad
  // query, with *error_field naming the field at fault; DeadlineExceeded past timeout_ms;
  // Cancelled when *cancelled became true; ResourceExhausted past a working-memory limit.
  // With use_cache false the answer is computed even when a cached one is still valid (and
  // then kept for later calls).
  Status Run(int64_t project_id, std::string_view kind, const nlohmann::json& request,
             nlohmann::json* answer, std::string* error_field,
             const std::atomic<bool>* cancelled = nullptr, bool use_cache = true);

  // The checks of Run without running: Ok when Run would accept the query (dashboards check
  // their saved queries with it before storing them).
  Status Check(int64_t project_id, std::string_view kind, const nlohmann::json& request,
               std::string* error_field) const;

  // What the project's decoded-event cache holds (zeros before its first query).
  QueryData::CacheStats cache_stats(int64_t project_id);

 private:
  struct Parsed;
  Status Parse(int64_t project_id, std::string_view kind, const nlohmann::json& request, Parsed* q,
               std::string* error_field) const;
  static DayWindow ReadWindow(const Parsed& q);
  Status DataFor(int64_t project_id, QueryData** out);
  bool CachedAnswer(const std::string& key, uint64_t signature, nlohmann::json* answer);
  void KeepAnswer(const std::string& key, uint64_t signature, const nlohmann::json& answer);

  Catalog* const catalog_;
  const QueryEngineOptions options_;
  std::mutex mu_;
  std::unordered_map<int64_t, std::unique_ptr<QueryData>> data_;

  // Answers by (project, kind, time zone, resolved range, body), least recently used first.
  struct Cached {
    std::string key;
    uint64_t signature;
    nlohmann::json answer;
  };
  std::mutex cache_mu_;
  std::list<Cached> lru_;
  std::unordered_map<std::string, std::list<Cached>::iterator> cache_;
};

}  // namespace growloop
