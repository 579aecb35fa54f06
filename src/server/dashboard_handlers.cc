#include "server/dashboard_handlers.h"

#include "query/dashboard.h"
#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

constexpr std::string_view kChanging = "changing dashboards";

// Parses the body into *dashboard; on a bad body fills *response with the 400 naming the field
// and sets *answered.
Status ParseBody(const ApiContext& context, const HttpRequest& request, int64_t project_id,
                 Dashboard* dashboard, HttpResponse* response, bool* answered) {
  *answered = false;
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  std::string field;
  if (body.is_discarded()) {
    *response = ErrorResponse(InvalidArgument("body: is not valid JSON"), "body");
    *answered = true;
    return Status::Ok();
  }
  Status s = ParseDashboard(*context.queries, project_id, body, dashboard, &field);
  if (!s.ok() && !field.empty()) {
    *response = ErrorResponse(s, field);
    *answered = true;
    return Status::Ok();
  }
  return s;
}

json WithProject(json body, const ProjectInfo& project) {
  body["project"] = project.name;
  return body;
}

// POST (a new dashboard, 201) and PUT (the one the path names, replaced) share everything but
// the store call; a taken name is a 409 naming `name`.
Status SaveDashboard(const ApiContext& context, const HttpRequest& request, bool replace,
                     HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kChanging, &access));
  Dashboard stored;
  if (replace) {
    RETURN_IF_ERROR(context.catalog->GetDashboard(access.project.id,
                                                  request.path_params.at("dashboard"), &stored));
  }
  Dashboard dashboard;
  bool answered = false;
  RETURN_IF_ERROR(ParseBody(context, request, access.project.id, &dashboard, response, &answered));
  if (answered) return Status::Ok();
  dashboard.id = stored.id;
  Status s = replace ? context.catalog->ReplaceDashboard(access.project.id, &dashboard)
                     : context.catalog->CreateDashboard(access.project.id, &dashboard);
  if (s.code() == ErrorCode::kAlreadyExists) {
    *response = ErrorResponse(s, "name");
    return Status::Ok();
  }
  RETURN_IF_ERROR(s);
  *response =
      JsonResponse(WithProject(DashboardJson(dashboard), access.project), replace ? 200 : 201);
  return Status::Ok();
}

}  // namespace

Status HandleListDashboards(const ApiContext& context, const HttpRequest& request,
                            HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  std::vector<Dashboard> dashboards;
  RETURN_IF_ERROR(context.catalog->ListDashboards(access.project.id, &dashboards));
  json list = json::array();
  for (const Dashboard& d : dashboards) {
    list.push_back({{"id", d.id},
                    {"name", d.name},
                    {"description", d.description},
                    {"queries", d.items.size()},
                    {"created", FormatTimestampUtc(d.created_us)},
                    {"updated", FormatTimestampUtc(d.updated_us)}});
  }
  *response = JsonResponse({{"project", access.project.name}, {"dashboards", std::move(list)}});
  return Status::Ok();
}

Status HandleCreateDashboard(const ApiContext& context, const HttpRequest& request,
                             HttpResponse* response) {
  return SaveDashboard(context, request, /*replace=*/false, response);
}

Status HandleGetDashboard(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  Dashboard dashboard;
  RETURN_IF_ERROR(context.catalog->GetDashboard(access.project.id,
                                                request.path_params.at("dashboard"), &dashboard));
  *response = JsonResponse(WithProject(DashboardJson(dashboard), access.project));
  return Status::Ok();
}

Status HandleReplaceDashboard(const ApiContext& context, const HttpRequest& request,
                              HttpResponse* response) {
  return SaveDashboard(context, request, /*replace=*/true, response);
}

Status HandleDeleteDashboard(const ApiContext& context, const HttpRequest& request,
                             HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kChanging, &access));
  Dashboard stored;
  RETURN_IF_ERROR(context.catalog->GetDashboard(access.project.id,
                                                request.path_params.at("dashboard"), &stored));
  RETURN_IF_ERROR(context.catalog->DeleteDashboard(access.project.id, stored.id));
  *response = JsonResponse(
      {{"project", access.project.name}, {"deleted", {{"id", stored.id}, {"name", stored.name}}}});
  return Status::Ok();
}

Status HandleDashboardResults(const ApiContext& context, const HttpRequest& request,
                              HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  Dashboard dashboard;
  RETURN_IF_ERROR(context.catalog->GetDashboard(access.project.id,
                                                request.path_params.at("dashboard"), &dashboard));
  DashboardRunOptions options;
  options.from = request.Query("from");
  options.to = request.Query("to");
  const std::string refresh = request.Query("refresh");
  if (!refresh.empty() && refresh != "true" && refresh != "false" && refresh != "1" &&
      refresh != "0") {
    *response = ErrorResponse(
        InvalidArgument("refresh: must be true or false, got \"" + refresh + "\""), "refresh");
    return Status::Ok();
  }
  options.use_cache = refresh != "true" && refresh != "1" &&
                      request.Header("cache-control").find("no-cache") == std::string::npos;
  options.cancelled = request.cancelled;
  json out;
  std::string field;
  Status s =
      RunDashboard(context.queries.get(), access.project.id, dashboard, options, &out, &field);
  if (!s.ok() && !field.empty()) {
    *response = ErrorResponse(s, field);
    return Status::Ok();
  }
  RETURN_IF_ERROR(s);
  *response = JsonResponse(WithProject(std::move(out), access.project));
  return Status::Ok();
}

}  // namespace growloop
