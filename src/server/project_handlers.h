// Handlers of project resources: the project list, event statistics, the schema registry.
// Each checks read access (read_auth.h), calls the Catalog and renders JSON.
#pragma once

#include "server/api_routes.h"
#include "server/http_types.h"

namespace growloop {

// GET /api/v1/projects
Status HandleListProjects(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response);
// GET /api/v1/stats?project=NAME_OR_ID[&persons=false]
Status HandleStats(const ApiContext& context, const HttpRequest& request,
                   HttpResponse* response);
// GET /api/v1/schema?project=NAME_OR_ID
Status HandleSchema(const ApiContext& context, const HttpRequest& request,
                    HttpResponse* response);
// GET /api/v1/persons/{id}?project=NAME_OR_ID[&limit=50][&before=MICROS]
Status HandlePerson(const ApiContext& context, const HttpRequest& request,
                    HttpResponse* response);

}  // namespace growloop
