// HttpRequest / HttpResponse: what a route handler sees and produces, free of the HTTP library,
// so handlers and their tests need no sockets.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace growloop {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded path without the query, e.g. "/api/v1/stats"
  std::multimap<std::string, std::string> query;      // decoded query parameters
  std::map<std::string, std::string> path_params;     // from "{name}" segments of the route
  std::map<std::string, std::string> headers;         // names in lower case
  std::string body;                                   // after Content-Encoding was undone
  bool from_loopback = false;                         // the peer is 127.0.0.0/8 or ::1

  // The first value of query parameter `name`, or `fallback` when absent.
  std::string Query(std::string_view name, std::string_view fallback = {}) const;
  bool HasQuery(std::string_view name) const;
  // Header `name` (lower case), or empty.
  std::string Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// 200 (or `status`) with `body` rendered as compact JSON.
HttpResponse JsonResponse(const nlohmann::json& body, int status = 200);

// The error body every failed request gets:
// {"error":{"code":"invalid_argument","message":"..."}} with HttpStatusFor(status.code()).
HttpResponse ErrorResponse(const Status& status);

// Splits "/p?a=1&b=x%20y" into a decoded path and decoded parameters ('+' is a space in the
// query). InvalidArgument for a malformed percent escape.
Status ParseTarget(std::string_view target, std::string* path,
                   std::multimap<std::string, std::string>* query);

// "2024-05-01T12:00:00.000000Z" for µs since the Unix epoch (UTC).
std::string FormatTimestampUtc(int64_t micros);

}  // namespace growloop
