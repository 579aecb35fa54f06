#include "server/settings_handlers.h"

#include <charconv>

#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

constexpr std::string_view kChanging = "changing settings";

json SettingJson(const ProjectSetting& s, const ProjectInfo& project) {
  return {{"project", project.name},
          {"name", s.name},
          {"value", json::parse(s.value, nullptr, false)},
          {"updated", FormatTimestampUtc(s.updated_us)},
          {"revision", s.updated_us}};
}

// The setting's answer with its revision as the entity tag.
HttpResponse SettingResponse(const ProjectSetting& s, const ProjectInfo& project) {
  HttpResponse r = JsonResponse(SettingJson(s, project));
  r.headers.emplace_back("ETag", "\"" + std::to_string(s.updated_us) + "\"");
  return r;
}

// The 400 of a malformed name or value (its message names the field first), the 412 of a
// precondition that does not hold, or `s` itself.
Status Answer4xx(const Status& s, HttpResponse* response, bool* answered) {
  *answered = false;
  if (s.code() == ErrorCode::kFailedPrecondition) {
    *response = ErrorResponse(s);
    response->status = 412;
  } else if (s.code() == ErrorCode::kInvalidArgument) {
    *response = ErrorResponse(s, FieldOfMessage(s));
  } else {
    return s;
  }
  *answered = true;
  return Status::Ok();
}

// The precondition of If-Match (a list of entity tags, quoted or not, weak or not, or "*") or
// If-None-Match ("*" only: create, never replace). InvalidArgument naming the header when it
// is malformed.
Status ParsePrecondition(const HttpRequest& request, SettingPrecondition* pre) {
  const std::string if_match = request.Header("if-match");
  const std::string if_none_match = request.Header("if-none-match");
  if (!if_match.empty() && !if_none_match.empty()) {
    return InvalidArgument("If-Match: not together with If-None-Match");
  }
  if (!if_none_match.empty()) {
    if (if_none_match != "*") {
      return InvalidArgument("If-None-Match: only \"*\" (store only when not set) is taken");
    }
    pre->kind = SettingPrecondition::Kind::kAbsent;
    return Status::Ok();
  }
  if (if_match.empty()) return Status::Ok();
  if (if_match == "*") {
    pre->kind = SettingPrecondition::Kind::kExists;
    return Status::Ok();
  }
  pre->kind = SettingPrecondition::Kind::kRevision;
  std::string_view rest = if_match;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
      tag = tag.substr(1, tag.size() - 2);
    }
    int64_t revision = 0;
    auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), revision);
    if (tag.empty() || ec != std::errc() || end != tag.data() + tag.size()) {
      return InvalidArgument("If-Match: \"" + if_match +
                             "\" is no list of the setting's entity tags (its ETag, e.g. "
                             "\"1764777600000000\") nor \"*\"");
    }
    pre->revisions.push_back(revision);
  }
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
  RETURN_IF_ERROR(Answer4xx(
      context.catalog->GetSetting(access.project.id, request.path_params.at("name"), &setting),
      response, &answered));
  if (!answered) *response = SettingResponse(setting, access.project);
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
  SettingPrecondition pre;
  bool answered = false;
  RETURN_IF_ERROR(Answer4xx(ParsePrecondition(request, &pre), response, &answered));
  if (answered) return Status::Ok();
  ProjectSetting setting;
  setting.name = request.path_params.at("name");
  setting.value = value->dump();
  RETURN_IF_ERROR(Answer4xx(context.catalog->PutSetting(access.project.id, &setting, pre), response,
                            &answered));
  if (!answered) *response = SettingResponse(setting, access.project);
  return Status::Ok();
}

Status HandleDeleteSetting(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kChanging, &access));
  const std::string& name = request.path_params.at("name");
  SettingPrecondition pre;
  bool answered = false;
  RETURN_IF_ERROR(Answer4xx(ParsePrecondition(request, &pre), response, &answered));
  if (answered) return Status::Ok();
  RETURN_IF_ERROR(
      Answer4xx(context.catalog->DeleteSetting(access.project.id, name, pre), response, &answered));
  if (!answered) {
    *response = JsonResponse({{"project", access.project.name}, {"deleted", {{"name", name}}}});
  }
  return Status::Ok();
}

}  // namespace growloop
