#include "server/api_routes.h"

#include "server/admin_handlers.h"
#include "server/dashboard_handlers.h"
#include "server/import_handlers.h"
#include "server/key_handlers.h"
#include "server/project_handlers.h"
#include "server/settings_handlers.h"

namespace growloop {

RouteTable StandardRoutes(const ApiContext& given) {
  ApiContext context = given;
  if (!context.queries && context.catalog) {
    context.queries = std::make_shared<QueryEngine>(context.catalog, QueryEngineOptions{});
  }
  RouteTable t;
  auto with_context = [context](Status (*fn)(const ApiContext&, const HttpRequest&,
                                             HttpResponse*)) -> RouteHandler {
    return [context, fn](const HttpRequest& req, HttpResponse* resp) {
      return fn(context, req, resp);
    };
  };
  t.Add({"GET", "/healthz", "Liveness: 200 {\"status\":\"ok\"} while the server answers.", false,
         HandleHealthz});
  t.Add({"GET", "/metrics", "Prometheus metrics of the process.", false, HandleMetrics});
  t.Add({"GET", "/api/v1/openapi.json", "This API described as an OpenAPI 3 document.", false,
         HandleOpenApi});
  t.Add({"POST", "/api/v1/projects",
         "Creates a project with its keys (operator access: keyless from the server's machine).",
         true, with_context(HandleCreateProject)});
  t.Add({"DELETE", "/api/v1/projects/{project}",
         "Deletes a project, its keys and its data (operator only; not the default project).", true,
         with_context(HandleDeleteProject)});
  t.Add({"GET", "/api/v1/projects", "Projects readable with the caller's credentials.", false,
         with_context(HandleListProjects)});
  t.Add({"GET", "/api/v1/stats", "Event counts per day and per event, persons, storage sizes.",
         false, with_context(HandleStats)});
  t.Add({"GET", "/api/v1/schema",
         "Event names and properties seen, with first/last seen and volumes.", false,
         with_context(HandleSchema)});
  t.Add({"GET", "/api/v1/events/tail",
         "The latest events the project accepted since the server started, after a sequence "
         "number (a live tail).",
         false, with_context(HandleEventsTail)});
  t.Add({"GET", "/api/v1/persons/{id}",
         "A person: properties, groups, all its distinct ids, event counts, first/last seen, the "
         "recent timeline.",
         false, with_context(HandlePerson)});
  t.Add({"GET", "/api/v1/groups", "Groups (companies, accounts) with their update counts, paged.",
         false, with_context(HandleListGroups)});
  t.Add({"GET", "/api/v1/groups/{type}/{key}", "A group's properties, folded from its updates.",
         false, with_context(HandleGroup)});
  t.Add({"GET", "/api/v1/items", "Items (Sensors item_set) with their update counts, paged.", false,
         with_context(HandleListItems)});
  t.Add({"GET", "/api/v1/items/{type}/{key}", "An item's properties, folded from its updates.",
         false, with_context(HandleItem)});
  t.Add({"POST", "/api/v1/query/{kind}",
         "Runs a query of the kind the path names (docs/query-api.md), described by the JSON body.",
         false, with_context(HandleQuery)});
  t.Add({"GET", "/api/v1/costs",
         "Marketing costs per date, channel and campaign; from, to and channel narrow the list.",
         false, with_context(HandleListCosts)});
  t.Add({"POST", "/api/v1/costs",
         "Stores marketing costs, all or none; a cost stored before gets the new spend.", true,
         with_context(HandlePutCosts)});
  t.Add({"GET", "/api/v1/dashboards", "Dashboards of the project: names and query counts.", false,
         with_context(HandleListDashboards)});
  t.Add({"POST", "/api/v1/dashboards",
         "Saves a dashboard: a name and an ordered list of queries, each checked before storing.",
         true, with_context(HandleCreateDashboard)});
  t.Add({"GET", "/api/v1/dashboards/{dashboard}",
         "A dashboard's definition; {dashboard} is its id or its name.", false,
         with_context(HandleGetDashboard)});
  t.Add({"PUT", "/api/v1/dashboards/{dashboard}",
         "Replaces a dashboard's name, description and queries.", true,
         with_context(HandleReplaceDashboard)});
  t.Add({"DELETE", "/api/v1/dashboards/{dashboard}", "Deletes a dashboard.", true,
         with_context(HandleDeleteDashboard)});
  t.Add({"GET", "/api/v1/dashboards/{dashboard}/results",
         "Answers every query of a dashboard in one call; from and to override their ranges.",
         false, with_context(HandleDashboardResults)});
  t.Add({"GET", "/api/v1/settings",
         "The project's settings (named JSON objects) with their values.", false,
         with_context(HandleListSettings)});
  t.Add({"GET", "/api/v1/settings/{name}", "One setting of the project.", false,
         with_context(HandleGetSetting)});
  t.Add({"PUT", "/api/v1/settings/{name}",
         "Stores a setting: a JSON object shared by everyone on the project.", true,
         with_context(HandlePutSetting)});
  t.Add({"DELETE", "/api/v1/settings/{name}", "Deletes a setting.", true,
         with_context(HandleDeleteSetting)});
  t.Add({"GET", "/api/v1/keys",
         "The project's active API keys; write keys whole, secret keys by a hint only.", false,
         with_context(HandleListKeys)});
  t.Add({"POST", "/api/v1/keys",
         "Creates a write or secret key; the answer is the only one that holds a secret key whole.",
         true, with_context(HandleCreateKey)});
  t.Add({"DELETE", "/api/v1/keys/{id}",
         "Revokes a key: from then on it opens nothing. A project keeps one secret key at least.",
         true, with_context(HandleRevokeKey)});
  t.Add({"POST", "/api/v1/import",
         "Imports a JSON Lines or CSV file sent whole as the body, as growloop import does.", true,
         with_context(HandleImport)});
  AddCaptureRoutes(context, &t);
  return t;
}

}  // namespace growloop
