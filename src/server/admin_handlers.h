// Handlers of the service's own resources: liveness, metrics, the API description.
#pragma once

#include "server/http_types.h"

namespace growloop {

// GET /healthz: 200 {"status":"ok"} while the server is answering.
Status HandleHealthz(const HttpRequest& request, HttpResponse* response);
// GET /metrics: every metric of MetricsRegistry::Global() in the Prometheus text format.
Status HandleMetrics(const HttpRequest& request, HttpResponse* response);
// GET /api/v1/openapi.json: the OpenAPI 3 document of the API (openapi_document.h).
Status HandleOpenApi(const HttpRequest& request, HttpResponse* response);

}  // namespace growloop
