#include "query/query_engine.h"

#include <chrono>

#include "common/time_zone.h"
#include "query/ltv.h"
#include "query/paths.h"
#include "query/query_data.h"
#include "query/query_exec.h"
#include "query/query_request.h"

namespace growloop {

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
    it = data_.emplace(project_id, std::make_unique<QueryData>(store, identity)).first;
  }
  *out = it->second.get();
  return Status::Ok();
}

Status QueryEngine::Run(int64_t project_id, std::string_view kind, const nlohmann::json& request,
                        nlohmann::json* answer, std::string* error_field,
                        const std::atomic<bool>* cancelled, bool use_cache) {
  error_field->clear();
  if (kind != "trends" && kind != "funnel" && kind != "retention" && kind != "rfm" &&
      kind != "paths" && kind != "ltv") {
    return NotFound("query kind \"" + std::string(kind) +
                    "\" does not exist; kinds: trends, funnel, retention, rfm, paths, ltv");
  }
  ProjectInfo project;
  RETURN_IF_ERROR(catalog_->FindProject(std::to_string(project_id), &project));
  std::shared_ptr<const TimeZone> tz = TimeZone::Utc();
  if (!project.time_zone.empty() && project.time_zone != "UTC") {
    RETURN_IF_ERROR(TimeZone::Load(project.time_zone, &tz));
  }
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  TrendsRequest trends;
  FunnelRequest funnel;
  RetentionRequest retention;
  RfmRequest rfm;
  PathsRequest paths;
  LtvRequest ltv;
  std::vector<CostEntry> costs;
  const CommonRequest* common = nullptr;
  if (kind == "trends") {
    RETURN_IF_ERROR(ParseTrends(request, *tz, now_us, &trends, error_field));
    common = &trends.common;
  } else if (kind == "funnel") {
    RETURN_IF_ERROR(ParseFunnel(request, *tz, now_us, &funnel, error_field));
    common = &funnel.common;
  } else if (kind == "retention") {
    RETURN_IF_ERROR(ParseRetention(request, *tz, now_us, &retention, error_field));
    common = &retention.common;
  } else if (kind == "paths") {
    RETURN_IF_ERROR(ParsePaths(request, *tz, now_us, &paths, error_field));
    common = &paths.common;
  } else if (kind == "ltv") {
    RETURN_IF_ERROR(ParseLtv(request, *tz, now_us, &ltv, error_field));
    const auto [first_day, last_day] = LtvCostDays(ltv, *tz);
    RETURN_IF_ERROR(catalog_->ListCosts(project_id, CostQuery{first_day, last_day, ""}, &costs));
    common = &ltv.common;
  } else {
    RETURN_IF_ERROR(ParseRfm(request, *tz, now_us, &rfm, error_field));
    common = &rfm.common;
  }
  QueryData* data = nullptr;
  RETURN_IF_ERROR(DataFor(project_id, &data));
  DataView view;
  RETURN_IF_ERROR(data->Acquire(options_.threads, &view));
  // The same question over the same data has the same answer. The range is part of the key
  // because a body without `to` means "up to now".
  std::string key = std::to_string(project_id) + '\n' + std::string(kind) + '\n' + tz->name() +
                    '\n' + std::to_string(common->range.from_us) + '\n' +
                    std::to_string(common->range.to_us) + '\n' + request.dump();
  if (kind == "ltv") {
    // Its answer also depends on the costs.
    for (const CostEntry& c : costs) {
      key += '\n' + std::to_string(c.day) + ' ' + c.channel + ' ' + c.campaign + ' ' +
             std::to_string(c.spend_micros) + ' ' + c.currency;
    }
  }
  if (use_cache && CachedAnswer(key, view.signature, answer)) return Status::Ok();
  QueryContext ctx(view, tz, options_.threads, common->timeout_ms, cancelled);
  Status s;
  if (kind == "trends") {
    s = RunTrends(ctx, trends, answer);
  } else if (kind == "funnel") {
    s = RunFunnel(ctx, funnel, answer);
  } else if (kind == "retention") {
    s = RunRetention(ctx, retention, answer);
  } else if (kind == "paths") {
    s = RunPaths(ctx, paths, answer);
  } else if (kind == "ltv") {
    s = RunLtv(ctx, ltv, costs, answer);
  } else {
    s = RunRfm(ctx, rfm, answer);
  }
  if (s.ok()) KeepAnswer(key, view.signature, *answer);
  return s;
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
