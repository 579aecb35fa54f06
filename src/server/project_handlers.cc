#include "server/project_handlers.h"

#include "catalog/stats_json.h"
#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

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

Status HandleStats(const ApiContext& context, const HttpRequest& request,
                   HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  bool persons = true;
  RETURN_IF_ERROR(ParseBool(request, "persons", true, &persons));
  StoreStats stats;
  RETURN_IF_ERROR(context.catalog->Stats(access.project.id, persons, &stats));
  json body = StoreStatsToJson(access.project.name, stats, persons);
  *response = JsonResponse(body);
  return Status::Ok();
}

Status HandleSchema(const ApiContext& context, const HttpRequest& request,
                    HttpResponse* response) {
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

}  // namespace growloop
