// Handlers of project resources: the project list and project creation, event statistics, the
// schema registry, persons, groups and items, queries, marketing costs. Each checks access with the
// project's secret key (read_auth.h), calls the Catalog and renders JSON.
#pragma once

#include "server/api_routes.h"
#include "server/http_types.h"

namespace growloop {

// GET /api/v1/projects
Status HandleListProjects(const ApiContext& context, const HttpRequest& request,
                          HttpResponse* response);
// POST /api/v1/projects with {"name", "time_zone"}: 201 and the new project (its write keys
// listed); 400 naming `name`, `time_zone` or `body`; 409 when the name is taken. Only with the
// operator's access (keyless from the loopback interface, server.require_auth false): 403
// otherwise.
Status HandleCreateProject(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response);
// DELETE /api/v1/projects/{project} (a name or an id): 200 {"deleted": {...}}; 404 for an
// unknown project; 409 failed_precondition for "default". Operator access only, as creation.
Status HandleDeleteProject(const ApiContext& context, const HttpRequest& request,
                           HttpResponse* response);
// GET /api/v1/stats?project=NAME_OR_ID[&persons=false]
Status HandleStats(const ApiContext& context, const HttpRequest& request, HttpResponse* response);
// GET /api/v1/schema?project=NAME_OR_ID
Status HandleSchema(const ApiContext& context, const HttpRequest& request, HttpResponse* response);
// GET /api/v1/persons/{id}?project=NAME_OR_ID[&limit=50][&before=MICROS]
// GET /api/v1/events/tail?after=&limit=: the latest accepted events (live tail).
Status HandleEventsTail(const ApiContext& context, const HttpRequest& request,
                        HttpResponse* response);
Status HandlePerson(const ApiContext& context, const HttpRequest& request, HttpResponse* response);
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
// POST /api/v1/query/{kind}?project=NAME_OR_ID with a JSON body (docs/query-api.md). A bad
// query is a 400 whose error names the field at fault in "field".
Status HandleQuery(const ApiContext& context, const HttpRequest& request, HttpResponse* response);
// POST /api/v1/costs?project=NAME_OR_ID with {"costs": [...]} (docs/formats/costs.md): stores
// them all or none; a cost whose (date, channel, campaign) is stored replaces its spend. Needs
// the secret key (or a keyless loopback request, as reads): a write key is permission_denied.
Status HandlePutCosts(const ApiContext& context, const HttpRequest& request,
                      HttpResponse* response);
// GET /api/v1/costs?project=NAME_OR_ID[&from=YYYY-MM-DD][&to=YYYY-MM-DD][&channel=C]
Status HandleListCosts(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response);

}  // namespace growloop
