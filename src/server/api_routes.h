// The standard route table of Growloop's HTTP API (docs/http-api.md, docs/openapi.json).
// Every route of the API is listed in StandardRoutes(); the OpenAPI document must describe
// exactly these routes (a unit test compares the two).
#pragma once

#include <memory>

#include "capture/capture_decoder.h"
#include "catalog/catalog.h"
#include "query/query_engine.h"
#include "server/capture_handlers.h"
#include "server/route_table.h"

namespace growloop {

// What handlers need, passed in instead of reached through globals.
struct ApiContext {
  Catalog* catalog = nullptr;  // not owned; outlives the server
  // false: reads without a key are accepted from loopback peers (see read_auth.h).
  bool require_auth = false;
  struct Capture {
    CaptureLimits limits;
    size_t max_request_bytes = 20u << 20;  // after gzip and base64 are undone
  } capture;
  // Shared by every capture route; never null once StandardRoutes() has run.
  std::shared_ptr<CaptureGate> capture_gate = std::make_shared<CaptureGate>(200'000);
  // The query engine over `catalog`; created by StandardRoutes() when null.
  std::shared_ptr<QueryEngine> queries;
};

RouteTable StandardRoutes(const ApiContext& context);

}  // namespace growloop
