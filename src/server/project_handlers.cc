#include "server/project_handlers.h"

#include "catalog/stats_json.h"
#include "common/time_zone.h"
#include "ingest/cost_import.h"
#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

// An event as the timeline and the tail show it.
json EventJson(const PersonInfo::Event& e) {
  json props = json::object();
  for (const auto& [name, text] : e.properties) props[name] = json::parse(text);
  return {{"id", e.id},
          {"event", e.event},
          {"distinct_id", e.distinct_id},
          {"timestamp", FormatTimestampUtc(e.ts_us)},
          {"timestamp_us", e.ts_us},
          {"properties", std::move(props)}};
}

json ProjectJson(const Catalog& catalog, const ProjectInfo& p) {
  json out = {{"id", p.id},
              {"name", p.name},
              {"time_zone", p.time_zone},
              {"created", FormatTimestampUtc(p.created_us)}};
  // Write keys are not secret (they ship inside apps), and showing them lets a new user point
  // an SDK at the server straight away. Secret keys are never listed over HTTP.
  std::vector<ApiKeyInfo> keys;
  json write_keys = json::array();
  if (catalog.ListApiKeys(p.id, &keys).ok()) {
    for (const ApiKeyInfo& k : keys) {
      if (k.kind == ApiKeyKind::kWrite) write_keys.push_back(k.key);
    }
  }
  out["write_keys"] = std::move(write_keys);
  return out;
}

json SeenJson(const SchemaSeen& seen) {
  return {{"first_seen", FormatTimestampUtc(seen.first_seen_us)},
          {"last_seen", FormatTimestampUtc(seen.last_seen_us)},
          {"volume", seen.volume}};
}

Status ParseBool(const HttpRequest& request, std::string_view name, bool fallback, bool* out) {
  if (!request.HasQuery(name)) {
    *out = fallback;
    return Status::Ok();
  }
  std::string v = request.Query(name);
  if (v == "true" || v == "1") {
    *out = true;
  } else if (v == "false" || v == "0") {
    *out = false;
  } else {
    return InvalidArgument(std::string(name) + ": must be true or false, got \"" + v + "\"");
  }
  return Status::Ok();
}

// Operator access only: a project's secret key may read and change that project, not make or
// remove others.
Status CheckOperator(const HttpRequest& request, const ApiContext& context, std::string_view what,
                     std::string_view alternative) {
  if (!request.Header("authorization").empty() || context.require_auth || !request.from_loopback) {
    return {ErrorCode::kPermissionDenied,
            std::string(what) +
                " needs the operator's access: keyless, from the server's own machine, with "
                "server.require_auth false" +
                std::string(alternative)};
  }
  return Status::Ok();
}

}  // namespace

Status HandleListProjects(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  json projects = json::array();
  if (access.all_projects && !request.HasQuery("project")) {
    for (const ProjectInfo& p : context.catalog->ListProjects()) {
      projects.push_back(ProjectJson(*context.catalog, p));
    }
  } else {
    projects.push_back(ProjectJson(*context.catalog, access.project));
  }
  *response = JsonResponse({{"projects", std::move(projects)}});
  return Status::Ok();
}

Status HandleCreateProject(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response) {
  RETURN_IF_ERROR(
      CheckOperator(request, context, "creating projects", " (or `growloop create-project`)"));
  std::map<std::string, std::string> members;
  const Status parsed = ParseStringMembers(request.body, {"name", "time_zone"},
                                           "{\"name\", \"time_zone\"}", &members);
  if (!parsed.ok()) {
    *response = ErrorResponse(parsed, FieldOfMessage(parsed));
    return Status::Ok();
  }
  const std::string name = members["name"];
  const std::string time_zone = members.count("time_zone") ? members["time_zone"] : "UTC";
  ProjectInfo created;
  const Status s = context.catalog->CreateProject(name, time_zone, &created);
  if (s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kAlreadyExists) {
    // The message names the field first ("name: ...", "time_zone: ..."); a taken name is 409.
    *response =
        ErrorResponse(s, s.code() == ErrorCode::kAlreadyExists ? "name" : FieldOfMessage(s));
    return Status::Ok();
  }
  RETURN_IF_ERROR(s);
  *response = JsonResponse(ProjectJson(*context.catalog, created), 201);
  return Status::Ok();
}

Status HandleDeleteProject(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response) {
  RETURN_IF_ERROR(CheckOperator(request, context, "deleting projects", ""));
  ProjectInfo project;
  RETURN_IF_ERROR(context.catalog->FindProject(request.path_params.at("project"), &project));
  ProjectInfo deleted;
  RETURN_IF_ERROR(context.catalog->DeleteProject(project.id, &deleted));
  *response = JsonResponse({{"deleted",
                             {{"id", deleted.id},
                              {"name", deleted.name},
                              {"time_zone", deleted.time_zone},
                              {"created", FormatTimestampUtc(deleted.created_us)}}}});
  return Status::Ok();
}

Status HandleStats(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  bool persons = true;
  RETURN_IF_ERROR(ParseBool(request, "persons", true, &persons));
  StoreStats stats;
  RETURN_IF_ERROR(context.catalog->Stats(access.project.id, persons, &stats));
  json body = StoreStatsToJson(access.project.name, stats, persons);
  IdentityMap* identity = nullptr;
  RETURN_IF_ERROR(context.catalog->GetIdentity(access.project.id, &identity));
  const IdentityStats is = identity->Stats();
  body["identity"] = {{"distinct_ids", is.distinct_ids},
                      {"persons", is.persons},
                      {"known_ids", is.known_ids},
                      {"merged", is.merged},
                      {"refused_two_known_users", is.refused_two_known_users},
                      {"refused_cap", is.refused_cap},
                      {"refused_blocked_value", is.refused_blocked_value},
                      {"refused_invalid_id", is.refused_invalid_id},
                      {"refused_full", is.refused_full}};
  *response = JsonResponse(body);
  return Status::Ok();
}

Status HandleSchema(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  std::vector<SchemaEventInfo> schema;
  RETURN_IF_ERROR(context.catalog->Schema(access.project.id, &schema));
  json events = json::array();
  for (const SchemaEventInfo& e : schema) {
    json ev = SeenJson(e.seen);
    ev["name"] = e.name;
    json props = json::array();
    for (const SchemaPropertyInfo& p : e.properties) {
      json pj = SeenJson(p.seen);
      pj["name"] = p.name;
      pj["type"] = std::string(ValueTypeName(p.type));
      props.push_back(std::move(pj));
    }
    ev["properties"] = std::move(props);
    events.push_back(std::move(ev));
  }
  *response = JsonResponse({{"project", access.project.name}, {"events", std::move(events)}});
  return Status::Ok();
}

namespace {

// The integer query parameter `name` in [lo, hi], or `fallback` when absent.
Status QueryInteger(const HttpRequest& request, std::string_view name, int64_t fallback, int64_t lo,
                    int64_t hi, int64_t* out) {
  if (!request.HasQuery(name)) {
    *out = fallback;
    return Status::Ok();
  }
  std::string v = request.Query(name);
  char* end = nullptr;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < lo || n > hi) {
    return InvalidArgument(std::string(name) + ": must be an integer in [" + std::to_string(lo) +
                           ", " + std::to_string(hi) + "], got \"" + v + "\"");
  }
  *out = n;
  return Status::Ok();
}

Status HandleEntity(EntityUpdate::Kind kind, const ApiContext& context, const HttpRequest& request,
                    HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  EntityInfo entity;
  RETURN_IF_ERROR(context.catalog->Entity(access.project.id, kind, request.path_params.at("type"),
                                          request.path_params.at("key"), &entity));
  *response = JsonResponse({{"project", access.project.name},
                            {"type", entity.entity.type},
                            {"key", entity.entity.key},
                            {"properties", entity.properties},
                            {"updates", entity.updates},
                            {"first_update", FormatTimestampUtc(entity.first_update_us)},
                            {"last_update", FormatTimestampUtc(entity.last_update_us)}});
  return Status::Ok();
}

Status HandleEntityList(EntityUpdate::Kind kind, const ApiContext& context,
                        const HttpRequest& request, HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  int64_t limit = 0;
  RETURN_IF_ERROR(QueryInteger(request, "limit", 100, 1, 1000, &limit));
  // The cursor is "<type>/<key>" of the last entry of the previous page, as next_after gives it.
  GroupRef after;
  if (request.HasQuery("after")) {
    std::string v = request.Query("after");
    size_t slash = v.find('/');
    if (slash == std::string::npos) {
      return InvalidArgument("after: must be \"<type>/<key>\" from next_after, got \"" + v + "\"");
    }
    after = GroupRef{v.substr(0, slash), v.substr(slash + 1)};
  }
  std::vector<MetaStore::EntitySummary> list;
  RETURN_IF_ERROR(context.catalog->ListEntities(access.project.id, kind, request.Query("type"),
                                                after, static_cast<size_t>(limit) + 1, &list));
  const bool more = list.size() > static_cast<size_t>(limit);
  if (more) list.resize(static_cast<size_t>(limit));
  json entries = json::array();
  for (const MetaStore::EntitySummary& e : list) {
    entries.push_back({{"type", e.entity.type},
                       {"key", e.entity.key},
                       {"updates", e.updates},
                       {"first_update", FormatTimestampUtc(e.first_update_us)},
                       {"last_update", FormatTimestampUtc(e.last_update_us)}});
  }
  const std::string_view list_name = kind == EntityUpdate::Kind::kItem ? "items" : "groups";
  *response = JsonResponse(
      {{"project", access.project.name},
       {std::string(list_name), std::move(entries)},
       {"next_after",
        more ? json(list.back().entity.type + "/" + list.back().entity.key) : json(nullptr)}});
  return Status::Ok();
}

}  // namespace

Status HandleGroup(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  return HandleEntity(EntityUpdate::Kind::kGroup, context, request, response);
}
Status HandleItem(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  return HandleEntity(EntityUpdate::Kind::kItem, context, request, response);
}
Status HandleListGroups(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response) {
  return HandleEntityList(EntityUpdate::Kind::kGroup, context, request, response);
}
Status HandleListItems(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response) {
  return HandleEntityList(EntityUpdate::Kind::kItem, context, request, response);
}

Status HandleEventsTail(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  int64_t limit = 0, after = 0;
  RETURN_IF_ERROR(
      QueryInteger(request, "limit", 100, 1, static_cast<int64_t>(Catalog::kRecentEvents), &limit));
  RETURN_IF_ERROR(QueryInteger(request, "after", 0, 0, INT64_MAX, &after));
  RecentEvents recent;
  RETURN_IF_ERROR(context.catalog->Recent(access.project.id, static_cast<uint64_t>(after),
                                          static_cast<size_t>(limit), &recent));
  json events = json::array();
  for (const RecentEvents::Entry& e : recent.events) {
    json j = EventJson(e.event);
    j["seq"] = e.seq;
    events.push_back(std::move(j));
  }
  *response = JsonResponse({{"project", access.project.name},
                            {"events", std::move(events)},
                            {"last_seq", recent.last_seq},
                            {"stream", recent.stream}});
  return Status::Ok();
}

Status HandlePerson(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  const std::string id = request.path_params.at("id");
  int64_t limit = 0;
  RETURN_IF_ERROR(QueryInteger(request, "limit", 50, 1, 1000, &limit));
  // The cursor is "<µs>:<event id>", as next_before gives it.
  TimelineCursor cursor;
  if (request.HasQuery("before")) {
    std::string v = request.Query("before");
    size_t colon = v.find(':');
    char* end = nullptr;
    long long ts = colon == std::string::npos ? 0 : std::strtoll(v.c_str(), &end, 10);
    if (colon == std::string::npos || end != v.c_str() + colon || ts <= 0) {
      return InvalidArgument(
          "before: must be a cursor \"<microseconds>:<event id>\" from next_before, got \"" + v +
          "\"");
    }
    cursor.ts_us = ts;
    cursor.id = v.substr(colon + 1);
  }
  PersonInfo person;
  RETURN_IF_ERROR(
      context.catalog->Person(access.project.id, id, static_cast<size_t>(limit), cursor, &person));
  json timeline = json::array();
  for (const PersonInfo::Event& e : person.timeline) timeline.push_back(EventJson(e));
  json out = {{"project", access.project.name},
              {"distinct_id", person.requested_id},
              {"person_id", person.person == kNoPerson ? json(nullptr) : json(person.person)},
              {"distinct_ids", person.distinct_ids},
              {"known_id", person.known_id.empty() ? json(nullptr) : json(person.known_id)},
              {"events", person.events},
              {"first_seen", FormatTimestampUtc(person.first_seen_us)},
              {"last_seen", FormatTimestampUtc(person.last_seen_us)},
              {"event_counts", person.event_counts},
              {"properties", person.properties},
              {"properties_updated", person.properties_updated_us == 0
                                         ? json(nullptr)
                                         : json(FormatTimestampUtc(person.properties_updated_us))},
              {"groups", person.groups},
              {"timeline", std::move(timeline)},
              {"next_before", person.more && !person.timeline.empty()
                                  ? json(std::to_string(person.timeline.back().ts_us) + ":" +
                                         person.timeline.back().id)
                                  : json(nullptr)}};
  *response = JsonResponse(out);
  return Status::Ok();
}

Status HandleQuery(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return InvalidArgument("body: is not valid JSON");
  json answer;
  std::string field;
  // "Cache-Control: no-cache" asks for an answer computed now (benchmarks, debugging).
  const bool use_cache = request.Header("cache-control").find("no-cache") == std::string::npos;
  Status s = context.queries->Run(access.project.id, request.path_params.at("kind"), body, &answer,
                                  &field, request.cancelled, use_cache);
  if (!s.ok()) {
    if (field.empty()) return s;
    *response = ErrorResponse(s, field);
    return Status::Ok();
  }
  answer["project"] = access.project.name;
  *response = JsonResponse(answer);
  return Status::Ok();
}

namespace {

// The most rows GET /api/v1/costs answers with: years of daily costs of hundreds of campaigns.
constexpr size_t kMaxListedCosts = 100'000;

json CostJson(const CostEntry& c) {
  return {{"date", FormatCivilDate(c.day)},
          {"channel", c.channel},
          {"campaign", c.campaign},
          {"spend", static_cast<double>(c.spend_micros) / 1e6},
          {"currency", c.currency}};
}

// The date parameter `name` as a day number, or `fallback` when absent.
Status QueryDate(const HttpRequest& request, std::string_view name, int32_t fallback,
                 int32_t* out) {
  if (!request.HasQuery(name)) {
    *out = fallback;
    return Status::Ok();
  }
  const std::string v = request.Query(name);
  if (!ParseCivilDate(v, out).ok()) {
    return InvalidArgument(std::string(name) + ": must be a date YYYY-MM-DD, got \"" + v + "\"");
  }
  return Status::Ok();
}

}  // namespace

Status HandlePutCosts(const ApiContext& context, const HttpRequest& request,
                      HttpResponse* response) {
  // Costs change every ROI the project reports, so a write key (public, inside every app) may
  // not store them.
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, "storing costs", &access));
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return InvalidArgument("body: is not valid JSON");
  std::vector<CostEntry> costs;
  RETURN_IF_ERROR(ParseCostsJson(body, &costs));
  CostWriteResult result;
  RETURN_IF_ERROR(context.catalog->PutCosts(access.project.id, costs, &result));
  *response = JsonResponse({{"project", access.project.name},
                            {"rows", costs.size()},
                            {"added", result.added},
                            {"replaced", result.replaced}});
  return Status::Ok();
}

Status HandleListCosts(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  CostQuery query;
  RETURN_IF_ERROR(QueryDate(request, "from", INT32_MIN, &query.from_day));
  RETURN_IF_ERROR(QueryDate(request, "to", INT32_MAX, &query.to_day));
  if (query.from_day > query.to_day) return InvalidArgument("to: must not be before from");
  query.channel = request.Query("channel");
  query.limit = kMaxListedCosts + 1;
  std::vector<CostEntry> costs;
  RETURN_IF_ERROR(context.catalog->ListCosts(access.project.id, query, &costs));
  if (costs.size() > kMaxListedCosts) {
    return InvalidArgument("from: the range holds more than " + std::to_string(kMaxListedCosts) +
                           " cost rows; narrow from/to or name a channel");
  }
  json rows = json::array();
  int64_t total = 0;
  for (const CostEntry& c : costs) {
    rows.push_back(CostJson(c));
    total += c.spend_micros;
  }
  *response = JsonResponse({{"project", access.project.name},
                            {"costs", std::move(rows)},
                            {"total_spend", static_cast<double>(total) / 1e6}});
  return Status::Ok();
}

}  // namespace growloop
