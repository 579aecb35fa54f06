#include "server/settings_handlers.h"

#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

constexpr std::string_view kChanging = "changing settings";

json SettingJson(const ProjectSetting& s, const ProjectInfo& project) {
  return {{"project", project.name},
          {"name", s.name},
          {"value", json::parse(s.value, nullptr, false)},
          {"updated", FormatTimestampUtc(s.updated_us)}};
}

// The 400 of a malformed name or value (its message names the field first), or `s` itself.
Status Answer400(const Status& s, HttpResponse* response, bool* answered) {
  *answered = false;
  if (s.code() != ErrorCode::kInvalidArgument) return s;
  *response = ErrorResponse(s, FieldOfMessage(s));
  *answered = true;
  return Status::Ok();
}

}  // namespace

Status HandleListSettings(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  std::vector<ProjectSetting> settings;
  RETURN_IF_ERROR(context.catalog->ListSettings(access.project.id, &settings));
  json list = json::array();
  for (const ProjectSetting& s : settings) {
    json one = SettingJson(s, access.project);
    one.erase("project");
    list.push_back(std::move(one));
  }
  *response = JsonResponse({{"project", access.project.name}, {"settings", std::move(list)}});
  return Status::Ok();
}

Status HandleGetSetting(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeRead(request, *context.catalog, context.require_auth, &access));
  ProjectSetting setting;
  bool answered = false;
  RETURN_IF_ERROR(Answer400(
      context.catalog->GetSetting(access.project.id, request.path_params.at("name"), &setting),
      response, &answered));
  if (!answered) *response = JsonResponse(SettingJson(setting, access.project));
  return Status::Ok();
}

Status HandlePutSetting(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kChanging, &access));
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    *response =
        ErrorResponse(InvalidArgument("body: must be a JSON object {\"value\": {...}}"), "body");
    return Status::Ok();
  }
  for (const auto& [key, v] : body.items()) {
    if (key != "value") {
      *response = ErrorResponse(InvalidArgument(key + ": unknown field (the body is {\"value\": "
                                                      "{...}})"),
                                key);
      return Status::Ok();
    }
  }
  auto value = body.find("value");
  if (value == body.end()) {
    *response = ErrorResponse(InvalidArgument("value: is required"), "value");
    return Status::Ok();
  }
  ProjectSetting setting;
  setting.name = request.path_params.at("name");
  setting.value = value->dump();
  bool answered = false;
  RETURN_IF_ERROR(
      Answer400(context.catalog->PutSetting(access.project.id, &setting), response, &answered));
  if (!answered) *response = JsonResponse(SettingJson(setting, access.project));
  return Status::Ok();
}

Status HandleDeleteSetting(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kChanging, &access));
  const std::string& name = request.path_params.at("name");
  bool answered = false;
  RETURN_IF_ERROR(
      Answer400(context.catalog->DeleteSetting(access.project.id, name), response, &answered));
  if (!answered) {
    *response = JsonResponse({{"project", access.project.name}, {"deleted", {{"name", name}}}});
  }
  return Status::Ok();
}

}  // namespace growloop
