// Paths: what persons do after (or before) a chosen event, as the nodes and edges of a Sankey
// chart (docs/query-api.md, "paths"): the request, its parser and its executor.
//
// A path starts at an anchor (a person's first occurrence of the event in the range, or every
// occurrence) and follows the person's next events (or previous ones) in time order, up to
// `steps` of them, until a gap between two consecutive events exceeds the window. Events of the
// `exclude` list are removed first: they are never on a path and never bridge a gap.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "query/query_request.h"

namespace growloop {

class QueryContext;
class TimeZone;

enum class PathDirection : uint8_t { kAfter, kBefore };
// kPerson: one path per person, from its first anchor in the range; kOccurrence: one per anchor.
enum class PathCounting : uint8_t { kPerson, kOccurrence };

struct PathsRequest {
  CommonRequest common;
  EventSelector anchor;  // always names one event; filter: the anchor's own (`event_filters`)
  PathDirection direction = PathDirection::kAfter;
  int steps = 3;      // events after (before) the anchor, 1..10
  size_t limit = 10;  // events shown per step, 1..100; the rest are "$other"
  std::vector<std::string> exclude;
  int64_t window_us = 1800 * int64_t{1'000'000};  // largest gap between consecutive events
  PathCounting per = PathCounting::kPerson;
};

// Parses a paths query body. Errors are InvalidArgument "field: what is wrong", with *field
// naming the field at fault; unknown fields are errors. `now_us` defaults the range (the last 7
// days of the project's time zone `tz`).
Status ParsePaths(const nlohmann::json& body, const TimeZone& tz, int64_t now_us, PathsRequest* out,
                  std::string* field);

// Runs the query on the context's data with its threads, filling *answer (docs/query-api.md).
// Errors: DeadlineExceeded / Cancelled as QueryContext::Check says (checked between chunks and
// between blocks of persons); ResourceExhausted when the events to gather exceed the engine's
// working memory; an error reading a property column.
Status RunPaths(const QueryContext& ctx, const PathsRequest& req, nlohmann::json* answer);

}  // namespace growloop
