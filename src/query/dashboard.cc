#include "query/dashboard.h"

#include <chrono>

#include "common/error_codes.h"
#include "common/time_zone.h"
#include "query/query_exec.h"
#include "query/query_request.h"

namespace growloop {

namespace {

using nlohmann::json;

Status Bad(std::string* field, const std::string& at, const std::string& what) {
  *field = at;
  return InvalidArgument(at + ": " + what);
}

// The member `key` of `obj` as a string into *out; absent or null leaves *out alone.
Status OptionalString(const json& obj, const std::string& key, const std::string& at,
                      std::string* out, std::string* field) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Bad(field, at, "must be a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

// The field a ValidateDashboard message names: the text before its first ": ".
std::string FieldOf(const Status& s) {
  const size_t colon = s.message().find(": ");
  return colon == std::string::npos ? std::string() : s.message().substr(0, colon);
}

}  // namespace

Status ParseDashboard(const QueryEngine& engine, int64_t project_id, const json& body,
                      Dashboard* out, std::string* error_field) {
  error_field->clear();
  if (!body.is_object()) return Bad(error_field, "body", "must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "name" && key != "description" && key != "items") {
      return Bad(error_field, key, "unknown field");
    }
  }
  auto name = body.find("name");
  if (name == body.end() || name->is_null()) return Bad(error_field, "name", "is required");
  RETURN_IF_ERROR(OptionalString(body, "name", "name", &out->name, error_field));
  out->description.clear();
  RETURN_IF_ERROR(
      OptionalString(body, "description", "description", &out->description, error_field));
  out->items.clear();
  auto items = body.find("items");
  if (items != body.end() && !items->is_null()) {
    if (!items->is_array()) return Bad(error_field, "items", "must be an array");
    if (items->size() > kMaxDashboardItems) {
      return Bad(error_field, "items",
                 "a dashboard holds at most " + std::to_string(kMaxDashboardItems) +
                     " queries, got " + std::to_string(items->size()));
    }
    for (size_t i = 0; i < items->size(); ++i) {
      const json& item = (*items)[i];
      const std::string at = "items[" + std::to_string(i) + "]";
      if (!item.is_object()) return Bad(error_field, at, "must be an object");
      for (const auto& [key, value] : item.items()) {
        if (key != "title" && key != "kind" && key != "query") {
          return Bad(error_field, at + "." + key, "unknown field");
        }
      }
      DashboardItem saved;
      for (const char* key : {"title", "kind"}) {
        auto it = item.find(key);
        if (it == item.end() || it->is_null()) {
          return Bad(error_field, at + "." + key, "is required");
        }
      }
      RETURN_IF_ERROR(OptionalString(item, "title", at + ".title", &saved.title, error_field));
      RETURN_IF_ERROR(OptionalString(item, "kind", at + ".kind", &saved.kind, error_field));
      if (!IsQueryKind(saved.kind)) {
        return Bad(error_field, at + ".kind",
                   "must be trends, funnel, retention, rfm, paths, ltv or persons, not \"" +
                       saved.kind + "\"");
      }
      auto query = item.find("query");
      const json q = query == item.end() || query->is_null() ? json::object() : *query;
      if (!q.is_object()) return Bad(error_field, at + ".query", "must be a JSON object");
      std::string inner;
      Status s = engine.Check(project_id, saved.kind, q, &inner);
      if (!s.ok()) {
        if (s.code() != ErrorCode::kInvalidArgument) return s;
        *error_field = at + ".query" + (inner.empty() || inner == "body" ? "" : "." + inner);
        return InvalidArgument(at + ".query." + s.message());
      }
      saved.query = q.dump();
      out->items.push_back(std::move(saved));
    }
  }
  Status valid = ValidateDashboard(*out);
  if (!valid.ok()) *error_field = FieldOf(valid);
  return valid;
}

json DashboardJson(const Dashboard& dashboard) {
  json items = json::array();
  for (const DashboardItem& item : dashboard.items) {
    json query = json::parse(item.query, nullptr, /*allow_exceptions=*/false);
    items.push_back({{"title", item.title},
                     {"kind", item.kind},
                     {"query", query.is_discarded() ? json::object() : query}});
  }
  return {{"id", dashboard.id},
          {"name", dashboard.name},
          {"description", dashboard.description},
          {"created", FormatTimestampUtc(dashboard.created_us)},
          {"updated", FormatTimestampUtc(dashboard.updated_us)},
          {"items", std::move(items)}};
}

Status RunDashboard(QueryEngine* engine, int64_t project_id, const Dashboard& dashboard,
                    const DashboardRunOptions& options, json* out, std::string* error_field) {
  error_field->clear();
  const auto start = std::chrono::steady_clock::now();
  // A malformed override fails the call; one that only empties a query's range (an overriding
  // `to` before a saved `from`) fails that query alone, below.
  for (const auto& [field, text] :
       {std::pair<std::string, const std::string&>("from", options.from),
        std::pair<std::string, const std::string&>("to", options.to)}) {
    if (text.empty()) continue;
    if (Status s = CheckInstantText(field, text); !s.ok()) {
      *error_field = field;
      return s;
    }
  }
  json results = json::array();
  size_t cached = 0, failed = 0;
  for (size_t i = 0; i < dashboard.items.size(); ++i) {
    const DashboardItem& item = dashboard.items[i];
    if (options.cancelled != nullptr && options.cancelled->load(std::memory_order_relaxed)) {
      return Status(ErrorCode::kCancelled, "the dashboard run was cancelled");
    }
    json query = json::parse(item.query, nullptr, /*allow_exceptions=*/false);
    if (query.is_discarded() || !query.is_object()) {
      return Corruption("meta.db: dashboard " + std::to_string(dashboard.id) + " item " +
                        std::to_string(i) + " holds a query that is not a JSON object");
    }
    if (!options.from.empty()) query["from"] = options.from;
    if (!options.to.empty()) query["to"] = options.to;
    json result = {{"title", item.title}, {"kind", item.kind}};
    json answer;
    std::string field;
    Status s = engine->Run(project_id, item.kind, query, &answer, &field, options.cancelled,
                           options.use_cache);
    if (s.ok()) {
      auto stats = answer.find("stats");
      if (stats != answer.end() && stats->is_object() && stats->value("cached", false)) ++cached;
      result["answer"] = std::move(answer);
    } else if (s.code() == ErrorCode::kCancelled) {
      return s;
    } else {
      ++failed;
      json error = {{"code", std::string(ErrorCodeName(s.code()))}, {"message", s.message()}};
      if (!field.empty()) error["field"] = field;
      result["error"] = std::move(error);
    }
    results.push_back(std::move(result));
  }
  *out = {{"dashboard",
           {{"id", dashboard.id},
            {"name", dashboard.name},
            {"description", dashboard.description},
            {"updated", FormatTimestampUtc(dashboard.updated_us)}}},
          {"results", std::move(results)},
          {"stats",
           {{"queries", dashboard.items.size()},
            {"cached", cached},
            {"failed", failed},
            {"elapsed_ms", ElapsedMs(start)}}}};
  return Status::Ok();
}

}  // namespace growloop
