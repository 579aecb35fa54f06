// Handlers of project settings (docs/http-api.md, "Settings"): named JSON objects kept in meta.db
// for the clients of a project, such as the console's KPI definitions and thresholds, so that
// everyone on the project sees the same ones. Reading needs what reading a project needs
// (read_auth.h); storing and deleting need the secret key.
#pragma once

#include "server/api_routes.h"
#include "server/http_types.h"

namespace growloop {

// GET /api/v1/settings: every setting of the project with its value, by name.
Status HandleListSettings(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response);
// GET /api/v1/settings/{name}: 404 not_found when it is not set.
Status HandleGetSetting(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response);
// PUT /api/v1/settings/{name} with {"value": {...}}: stores it (replacing the one before); 400
// naming `name`, `value` or `body` when one is malformed.
Status HandlePutSetting(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response);
// DELETE /api/v1/settings/{name}: 404 not_found when it is not set.
Status HandleDeleteSetting(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response);

}  // namespace growloop
