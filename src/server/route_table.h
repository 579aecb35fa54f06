// RouteTable: the one list of Growloop's HTTP routes. Each route has a method, a path pattern
// ("/api/v1/projects/{project}" — a "{name}" segment matches one path segment), help text, a
// mutates-state flag (what the OpenAPI document and future audit log key on) and a handler.
//
// Handlers parse the request, call a service, and render; they return a Status on failure and
// the server turns it into the JSON error body.
//
// Built once before the server starts, then read-only: Match may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "metrics/metrics.h"
#include "server/http_types.h"

namespace growloop {

using RouteHandler = std::function<Status(const HttpRequest&, HttpResponse*)>;

struct Route {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // "/api/v1/stats"
  std::string help;
  bool mutates_state = false;
  RouteHandler handler;
};

class RouteTable {
 public:
  // Adds a route. Adding the same method and pattern twice is a bug (asserted).
  void Add(Route route);

  // The route for (method, path), filling *params with its "{name}" segments. When the path
  // matches only with other methods: InvalidArgument (400) whose message lists them. When
  // nothing matches: NotFound.
  Status Match(std::string_view method, std::string_view path, const Route** route,
               std::map<std::string, std::string>* params) const;

  // Latency histogram of the route (labelled "METHOD pattern"), for the server's metrics.
  Histogram* LatencyOf(const Route* route) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<Histogram*> latency_;  // parallel to routes_
};

// True when `path` matches `pattern`; fills *params when given.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params);

}  // namespace growloop
