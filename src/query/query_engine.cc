#include "query/query_engine.h"

#include <unistd.h>

#include <chrono>
#include <fstream>

#include "common/time_zone.h"
#include "query/ltv.h"
#include "query/paths.h"
#include "query/persons.h"
#include "query/query_data.h"
#include "query/query_exec.h"
#include "query/query_request.h"
#include "storage/segment.h"

namespace growloop {

size_t DefaultQueryCacheBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  uint64_t memory = pages > 0 && page_size > 0
                        ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size)
                        : uint64_t{4} << 30;
  // A container's limit, when lower (cgroup v2, then v1; "max" or a huge number: none).
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    uint64_t limit = 0;
    if (in >> limit && limit > 0 && limit < memory) memory = limit;
  }
  return static_cast<size_t>(memory / 4);
}

QueryEngine::QueryEngine(Catalog* catalog, const QueryEngineOptions& options)
    : catalog_(catalog), options_(options) {}

QueryEngine::~QueryEngine() = default;

Status QueryEngine::DataFor(int64_t project_id, QueryData** out) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = data_.find(project_id);
  if (it == data_.end()) {
    EventStore* store = nullptr;
    IdentityMap* identity = nullptr;
    RETURN_IF_ERROR(catalog_->GetStore(project_id, &store));
    RETURN_IF_ERROR(catalog_->GetIdentity(project_id, &identity));
    it =
        data_
            .emplace(project_id, std::make_unique<QueryData>(store, identity, options_.cache_bytes))
            .first;
  }
  *out = it->second.get();
  return Status::Ok();
}

bool IsQueryKind(std::string_view kind) {
  return kind == "trends" || kind == "funnel" || kind == "retention" || kind == "rfm" ||
         kind == "paths" || kind == "ltv" || kind == "persons";
}

// One parsed request of any kind: the member `kind` names is filled.
struct QueryEngine::Parsed {
  std::string kind;
  std::shared_ptr<const TimeZone> tz;
  TrendsRequest trends;
  FunnelRequest funnel;
  RetentionRequest retention;
  RfmRequest rfm;
  PathsRequest paths;
  LtvRequest ltv;
  PersonsRequest persons;
  const CommonRequest* common = nullptr;
};

Status QueryEngine::Parse(int64_t project_id, std::string_view kind, const nlohmann::json& request,
                          Parsed* q, std::string* error_field) const {
  error_field->clear();
  if (!IsQueryKind(kind)) {
    return NotFound("query kind \"" + std::string(kind) +
                    "\" does not exist; kinds: trends, funnel, retention, rfm, paths, ltv, "
                    "persons");
  }
  ProjectInfo project;
  RETURN_IF_ERROR(catalog_->FindProject(std::to_string(project_id), &project));
  q->kind = std::string(kind);
  q->tz = TimeZone::Utc();
  if (!project.time_zone.empty() && project.time_zone != "UTC") {
    RETURN_IF_ERROR(TimeZone::Load(project.time_zone, &q->tz));
  }
  const TimeZone& tz = *q->tz;
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  if (kind == "trends") {
    RETURN_IF_ERROR(ParseTrends(request, tz, now_us, &q->trends, error_field));
    q->common = &q->trends.common;
  } else if (kind == "funnel") {
    RETURN_IF_ERROR(ParseFunnel(request, tz, now_us, &q->funnel, error_field));
    q->common = &q->funnel.common;
  } else if (kind == "retention") {
    RETURN_IF_ERROR(ParseRetention(request, tz, now_us, &q->retention, error_field));
    q->common = &q->retention.common;
  } else if (kind == "paths") {
    RETURN_IF_ERROR(ParsePaths(request, tz, now_us, &q->paths, error_field));
    q->common = &q->paths.common;
  } else if (kind == "ltv") {
    RETURN_IF_ERROR(ParseLtv(request, tz, now_us, &q->ltv, error_field));
    q->common = &q->ltv.common;
  } else if (kind == "persons") {
    RETURN_IF_ERROR(ParsePersons(request, tz, now_us, &q->persons, error_field));
    q->common = &q->persons.common;
  } else {
    RETURN_IF_ERROR(ParseRfm(request, tz, now_us, &q->rfm, error_field));
    q->common = &q->rfm.common;
  }
  return Status::Ok();
}

// The UTC days a query reads: those of its range and, for trends, the days before it that
// wau / mau (29 days) and compare (one more range) read too.
DayWindow QueryEngine::ReadWindow(const Parsed& q) {
  int64_t from = q.common->range.from_us;
  const int64_t to = q.common->range.to_us;
  if (q.kind == "trends") {
    if (q.trends.compare) from -= to - from;
    for (const TrendSeries& s : q.trends.series) {
      if (s.math == TrendMath::kWau || s.math == TrendMath::kMau ||
          s.math == TrendMath::kStickiness) {
        // 29 local days, and one more for a day boundary away from UTC midnight.
        from -= 30 * kMicrosPerDay;
        break;
      }
    }
  }
  return {DayOfMicros(from), DayOfMicros(to - 1)};
}

QueryData::CacheStats QueryEngine::cache_stats(int64_t project_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = data_.find(project_id);
  return it == data_.end() ? QueryData::CacheStats{} : it->second->cache_stats();
}

Status QueryEngine::Check(int64_t project_id, std::string_view kind, const nlohmann::json& request,
                          std::string* error_field) const {
  Parsed q;
  return Parse(project_id, kind, request, &q, error_field);
}

Status QueryEngine::Run(int64_t project_id, std::string_view kind, const nlohmann::json& request,
                        nlohmann::json* answer, std::string* error_field,
                        const std::atomic<bool>* cancelled, bool use_cache) {
  Parsed q;
  RETURN_IF_ERROR(Parse(project_id, kind, request, &q, error_field));
  std::vector<CostEntry> costs;
  if (kind == "ltv") {
    const auto [first_day, last_day] = LtvCostDays(q.ltv, *q.tz);
    RETURN_IF_ERROR(catalog_->ListCosts(project_id, CostQuery{first_day, last_day, ""}, &costs));
  }
  QueryData* data = nullptr;
  RETURN_IF_ERROR(DataFor(project_id, &data));
  DataView view;
  RETURN_IF_ERROR(data->Acquire(options_.threads, ReadWindow(q), &view));
  // The same question over the same data has the same answer. The range is part of the key
  // because a body without `to` (or with a relative date) depends on the day it is asked.
  std::string key = std::to_string(project_id) + '\n' + std::string(kind) + '\n' + q.tz->name() +
                    '\n' + std::to_string(q.common->range.from_us) + '\n' +
                    std::to_string(q.common->range.to_us) + '\n' + request.dump();
  if (kind == "ltv") {
    // Its answer also depends on the costs.
    for (const CostEntry& c : costs) {
      key += '\n' + std::to_string(c.day) + ' ' + c.channel + ' ' + c.campaign + ' ' +
             std::to_string(c.spend_micros) + ' ' + c.currency;
    }
  }
  if (use_cache && CachedAnswer(key, view.signature, answer)) return Status::Ok();
  QueryContext ctx(view, q.tz, options_.threads, q.common->timeout_ms, cancelled);
  Status s;
  if (kind == "trends") {
    s = RunTrends(ctx, q.trends, answer);
  } else if (kind == "funnel") {
    s = RunFunnel(ctx, q.funnel, answer);
  } else if (kind == "retention") {
    s = RunRetention(ctx, q.retention, answer);
  } else if (kind == "paths") {
    s = RunPaths(ctx, q.paths, answer);
  } else if (kind == "ltv") {
    s = RunLtv(ctx, q.ltv, costs, answer);
  } else if (kind == "persons") {
    s = RunPersonsQuery(ctx, q.persons, answer);
  } else {
    s = RunRfm(ctx, q.rfm, answer);
  }
  if (!s.ok()) return s;
  // The instants the range resolved to: what a relative or defaulted range meant when asked.
  (*answer)["range"] = {{"from", FormatTimestampUtc(q.common->range.from_us)},
                        {"to", FormatTimestampUtc(q.common->range.to_us)},
                        {"time_zone", q.tz->name()}};
  const DecodedCacheStats& cache = view.cache;
  (*answer)["stats"]["decoded_cache"] = {{"segments", cache.segments},
                                         {"bytes", cache.bytes},
                                         {"evicted", cache.evicted},
                                         {"memory_groups", cache.memory_groups},
                                         {"memory_rows_sorted", cache.memory_sorted}};
  KeepAnswer(key, view.signature, *answer);
  return Status::Ok();
}

bool QueryEngine::CachedAnswer(const std::string& key, uint64_t signature, nlohmann::json* answer) {
  std::lock_guard<std::mutex> lock(cache_mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return false;
  if (it->second->signature != signature) {
    // New events, segments or merges since: the answer is stale.
    lru_.erase(it->second);
    cache_.erase(it);
    return false;
  }
  lru_.splice(lru_.end(), lru_, it->second);
  *answer = it->second->answer;
  (*answer)["stats"]["cached"] = true;
  return true;
}

void QueryEngine::KeepAnswer(const std::string& key, uint64_t signature,
                             const nlohmann::json& answer) {
  if (options_.cached_answers == 0 || answer.dump().size() > (4u << 20)) return;
  std::lock_guard<std::mutex> lock(cache_mu_);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    lru_.erase(it->second);
    cache_.erase(it);
  }
  lru_.push_back({key, signature, answer});
  cache_[key] = std::prev(lru_.end());
  while (lru_.size() > options_.cached_answers) {
    cache_.erase(lru_.front().key);
    lru_.pop_front();
  }
}

}  // namespace growloop
