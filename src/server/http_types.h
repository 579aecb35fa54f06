// HttpRequest / HttpResponse: what a route handler sees and produces, free of the HTTP library,
// so handlers and their tests need no sockets.
#pragma once

#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"  // FormatTimestampUtc, which every handler writes instants with

namespace growloop {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded path without the query, e.g. "/api/v1/stats"
  std::multimap<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> path_params;  // from "{name}" segments of the route
  std::map<std::string, std::string> headers;      // names in lower case
  std::string body;                                // after Content-Encoding was undone
  // An upload's body (POST /api/v1/import) as the server wrote it to disk while it arrived,
  // Content-Encoding not undone (gzip is told from the file's bytes); `body` is then empty.
  // Empty for every other request.
  std::string body_file;
  bool from_loopback = false;  // the peer is 127.0.0.0/8 or ::1
  // Becomes true when the client closes or resets its connection while the handler runs (the
  // server checks every in-flight request a few times a second); long handlers pass it on as
  // their cancellation flag. Null outside the server (tests calling handlers directly).
  const std::atomic<bool>* cancelled = nullptr;

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
// {"error":{"code":"invalid_argument","message":"..."}} with HttpStatusFor(status.code()), and
// "field" naming the field at fault when `field` is not empty.
HttpResponse ErrorResponse(const Status& status, const std::string& field = {});

// The field an InvalidArgument message names by the convention "field: what is wrong" (the
// text before the first ':'), for ErrorResponse's `field`.
std::string FieldOfMessage(const Status& status);

// Reads a request body that is a JSON object of string members only, each named in `allowed`,
// into *out (by name; absent members are absent). InvalidArgument whose message names the field
// (FieldOfMessage): `body` when it is no JSON object (`shape` then says what it should be), the
// member's name when it is unknown or not a string.
Status ParseStringMembers(std::string_view body, const std::vector<std::string_view>& allowed,
                          std::string_view shape, std::map<std::string, std::string>* out);

// Splits "/p?a=1&b=x%20y" into a decoded path and decoded parameters ('+' is a space in the
// query). InvalidArgument for a malformed percent escape.
Status ParseTarget(std::string_view target, std::string* path,
                   std::multimap<std::string, std::string>* query);

}  // namespace growloop
