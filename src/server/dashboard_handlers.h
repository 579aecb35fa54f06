// Handlers of dashboards (docs/dashboards.md): named sets of saved queries kept in meta.db, and
// the call that answers all of a dashboard's queries at once. Reading needs what reading a
// project needs (read_auth.h); creating, replacing and deleting need the secret key.
#pragma once

#include "server/api_routes.h"
#include "server/http_types.h"

namespace growloop {

// GET /api/v1/dashboards?project=NAME_OR_ID
Status HandleListDashboards(const ApiContext& context, const HttpRequest& request,
                            HttpResponse* response);
// POST /api/v1/dashboards with {"name", "description", "items": [...]}: 201 and the stored
// dashboard; 400 naming the field at fault (a saved query is checked as a query would be); 409
// when the name is taken.
Status HandleCreateDashboard(const ApiContext& context, const HttpRequest& request,
                             HttpResponse* response);
// GET /api/v1/dashboards/{dashboard}: the definition; {dashboard} is an id or a name.
Status HandleGetDashboard(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response);
// PUT /api/v1/dashboards/{dashboard}: replaces name, description and items.
Status HandleReplaceDashboard(const ApiContext& context, const HttpRequest& request,
                              HttpResponse* response);
// DELETE /api/v1/dashboards/{dashboard}
Status HandleDeleteDashboard(const ApiContext& context, const HttpRequest& request,
                             HttpResponse* response);
// GET /api/v1/dashboards/{dashboard}/results[?from=..][&to=..][&refresh=true]: every saved
// query answered in one call (RunDashboard); from/to override every query's range, and
// refresh=true (or Cache-Control: no-cache) computes every answer anew.
Status HandleDashboardResults(const ApiContext& context, const HttpRequest& request,
                              HttpResponse* response);

}  // namespace growloop
