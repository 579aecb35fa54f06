#include "server/read_auth.h"

namespace growloop {

Status AuthorizeRead(const HttpRequest& request, const Catalog& catalog, bool require_auth,
                     ReadAccess* access) {
  std::string wanted = request.Query("project");
  std::string authorization = request.Header("authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() ||
        authorization.compare(0, kBearer.size(), kBearer) != 0) {
      return Unauthenticated("Authorization: expected \"Bearer <secret key>\"");
    }
    std::string key = authorization.substr(kBearer.size());
    ApiKeyInfo key_info;
    RETURN_IF_ERROR(catalog.Authenticate(key, &key_info, &access->project));
    if (key_info.kind != ApiKeyKind::kSecret) {
      return {ErrorCode::kPermissionDenied,
              "a write key may only send events; reading needs the project's secret key"};
    }
    if (!wanted.empty() && wanted != access->project.name &&
        wanted != std::to_string(access->project.id)) {
      return {ErrorCode::kPermissionDenied, "project: the key belongs to project \"" +
                                                access->project.name + "\", not \"" + wanted +
                                                "\""};
    }
    access->all_projects = false;
    return Status::Ok();
  }
  if (require_auth || !request.from_loopback) {
    return Unauthenticated(
        "reading needs \"Authorization: Bearer <secret key>\" (keyless reads are allowed only "
        "from the server's own machine, and only when server.require_auth is false)");
  }
  RETURN_IF_ERROR(catalog.FindProject(wanted.empty() ? "default" : wanted, &access->project));
  access->all_projects = true;
  return Status::Ok();
}

Status AuthorizeChange(const HttpRequest& request, const Catalog& catalog, bool require_auth,
                       std::string_view what, ReadAccess* access) {
  const std::string authorization = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() &&
      authorization.compare(0, kBearer.size(), kBearer) == 0) {
    ApiKeyInfo key;
    if (catalog.Authenticate(authorization.substr(kBearer.size()), &key, nullptr).ok() &&
        key.kind != ApiKeyKind::kSecret) {
      return {ErrorCode::kPermissionDenied, "a write key may only send events; " +
                                                std::string(what) +
                                                " needs the project's secret key"};
    }
  }
  return AuthorizeRead(request, catalog, require_auth, access);
}

}  // namespace growloop
