// Who may read a project's data over HTTP.
//
// - With `Authorization: Bearer <key>`: the key must be a project's secret key (a write key
//   is PermissionDenied: it is embedded in apps and only sends events); the request reads that
//   key's project. A `project` parameter naming another project is PermissionDenied.
// - Without a key: allowed only when server.require_auth is false and the peer is on the
//   loopback interface (a local demo or an operator on the box); the request reads the
//   project named by `project` (a name or an id), "default" when absent. Otherwise
//   Unauthenticated.
#pragma once

#include "catalog/catalog.h"
#include "server/http_types.h"

namespace growloop {

struct ReadAccess {
  ProjectInfo project;
  bool all_projects = false;  // keyless loopback access: may list every project
};

Status AuthorizeRead(const HttpRequest& request, const Catalog& catalog, bool require_auth,
                     ReadAccess* access);

// Who may change a project's settings (costs, dashboards): as AuthorizeRead, but a write key is
// refused with a message saying that `what` ("storing costs") needs the secret key.
Status AuthorizeChange(const HttpRequest& request, const Catalog& catalog, bool require_auth,
                       std::string_view what, ReadAccess* access);

}  // namespace growloop
