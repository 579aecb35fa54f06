// Handlers of project resources: the project list, event statistics, the schema registry,
// persons, groups and items.
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
// GET /api/v1/groups?project=NAME_OR_ID[&type=T][&limit=100][&after=TYPE/KEY]
Status HandleListGroups(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response);
// GET /api/v1/groups/{type}/{key}?project=NAME_OR_ID
Status HandleGroup(const ApiContext& context, const HttpRequest& request, HttpResponse* response);
// GET /api/v1/items?project=NAME_OR_ID[&type=T][&limit=100][&after=TYPE/ID]
Status HandleListItems(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response);
// GET /api/v1/items/{type}/{key}?project=NAME_OR_ID
Status HandleItem(const ApiContext& context, const HttpRequest& request, HttpResponse* response);

}  // namespace growloop
