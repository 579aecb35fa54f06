// The standard route table of Growloop's HTTP API (docs/http-api.md, docs/openapi.json).
// Every route of the API is listed in StandardRoutes(); the OpenAPI document must describe
// exactly these routes (a unit test compares the two).
#pragma once

#include "catalog/catalog.h"
#include "server/route_table.h"

namespace growloop {

// What handlers need, passed in instead of reached through globals.
struct ApiContext {
  Catalog* catalog = nullptr;  // not owned; outlives the server
  // false: reads without a key are accepted from loopback peers (see read_auth.h).
  bool require_auth = false;
};

RouteTable StandardRoutes(const ApiContext& context);

}  // namespace growloop
