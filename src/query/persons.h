// Persons: who did something (docs/query-api.md, "persons"): the persons with at least one event
// in the range that the selector picks and the filters match, with how many such events each
// had and when the first and the last were; the request, its parser and its executor.
//
// It is how the console searches persons by a property (an event property, a `$set` person
// property as stored on its events, an id that contains a text) and how a segment's size is
// previewed: the count is exact, the rows are the `limit` persons first by the chosen order.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "query/query_request.h"

namespace growloop {

class QueryContext;
class TimeZone;

enum class PersonsOrder : uint8_t {
  kLastSeen,  // the latest matching event first
  kEvents,    // the most matching events first
};

struct PersonsRequest {
  CommonRequest common;
  EventSelector event;  // the events that count; any event when empty
  PersonsOrder order = PersonsOrder::kLastSeen;
  size_t limit = 100;  // rows shown, 0..10000
};

// Parses a persons query body. Errors are InvalidArgument "field: what is wrong", with *field
// naming the field at fault; unknown fields are errors. `now_us` defaults the range (the last 7
// days of the project's time zone `tz`).
Status ParsePersons(const nlohmann::json& body, const TimeZone& tz, int64_t now_us,
                    PersonsRequest* out, std::string* field);

// Runs the query on the context's data with its threads, filling *answer (docs/query-api.md).
// Errors: DeadlineExceeded / Cancelled as QueryContext::Check says; an error reading a property
// column.
Status RunPersonsQuery(const QueryContext& ctx, const PersonsRequest& req, nlohmann::json* answer);

}  // namespace growloop
