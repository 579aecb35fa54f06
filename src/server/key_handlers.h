// Handlers of a project's API keys (docs/http-api.md, "API keys"): list, create, revoke. All
// three need what changing a project needs (read_auth.h): the project's secret key, or the
// operator's keyless access from the server's own machine. A secret key is returned whole only
// by the request that creates it; listings show its first and last characters.
#pragma once

#include "server/api_routes.h"
#include "server/http_types.h"

namespace growloop {

// GET /api/v1/keys: {"project", "keys": [{"id", "kind", "label", "created", "hint", "key"?}]},
// active keys oldest first; "key" only for write keys (they are not secret).
Status HandleListKeys(const ApiContext& context, const HttpRequest& request,
                      HttpResponse* response);
// POST /api/v1/keys with {"kind": "write"|"secret", "label"?}: 201 and the new key with its
// whole "key"; 400 naming `kind`, `label` or `body`.
Status HandleCreateKey(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response);
// DELETE /api/v1/keys/{id}: revokes the key; it opens nothing from then on. 404 when the
// project has no such active key; 409 failed_precondition for the project's last secret key.
Status HandleRevokeKey(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response);

}  // namespace growloop
