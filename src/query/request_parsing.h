// The pieces every query kind's body parser shares (query_request.cc uses them for trends,
// funnels, retention and RFM; paths.cc and ltv.cc for theirs), so that the common fields and the
// filters parse, and fail, the same way in every kind. The first error wins: it sets *field to
// the field at fault and the status to InvalidArgument "field: what is wrong"; the functions
// return false once an error is recorded.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"
#include "query/query_request.h"

namespace growloop {

class TimeZone;

namespace request_parsing {

// Windows (funnel steps, paths) are at most a year and a day.
inline constexpr int64_t kMaxWindowSeconds = 366 * 86'400;

struct Parser {
  std::string* field;
  Status status;

  bool Fail(const std::string& path, const std::string& what) {
    if (status.ok()) {
      *field = path;
      status = InvalidArgument(path + ": " + what);
    }
    return false;
  }
};

// "a.b" and "a[3]"; a path of "" is the body itself.
std::string Sub(const std::string& path, std::string_view key);
std::string Index(const std::string& path, size_t i);

// Fails on a member of `obj` not in `allowed`.
bool CheckKeys(Parser& p, const nlohmann::json& obj, const std::string& path,
               std::initializer_list<std::string_view> allowed);
// Optional members (absent or null leave *out alone) of the right type and range.
bool GetString(Parser& p, const nlohmann::json& obj, const std::string& path, std::string_view key,
               std::string* out, bool required = false);
bool GetInt(Parser& p, const nlohmann::json& obj, const std::string& path, std::string_view key,
            int64_t lo, int64_t hi, int64_t* out);
bool GetBool(Parser& p, const nlohmann::json& obj, const std::string& path, std::string_view key,
             bool* out);
// A date (local midnight; with `end`, the end of that day), a date relative to the local day of
// `now_us` ("today", "yesterday", "-7d", "-4w", "-3m"), or an RFC 3339 timestamp.
bool ParseInstant(Parser& p, const std::string& path, const std::string& text, const TimeZone& tz,
                  int64_t now_us, bool end, int64_t* us);
// A filter: a condition {property, op, value} or {and: [...]} / {or: [...]}, 16 levels at most.
bool ParseFilter(Parser& p, const nlohmann::json& j, const std::string& path, int depth,
                 Filter* out);
// {event, filters} plus `extra_keys`; "$all" or no event: any event.
bool ParseSelector(Parser& p, const nlohmann::json& j, const std::string& path,
                   std::initializer_list<std::string_view> extra_keys, EventSelector* out);
// from, to (defaults: the last 7 days up to now), timeout_ms and filters of the body.
bool ParseCommon(Parser& p, const nlohmann::json& body, const TimeZone& tz, int64_t now_us,
                 CommonRequest* out);
// A member naming an interval; `key` "interval" allows hour (and, with allow_all, all).
bool ParseInterval(Parser& p, const nlohmann::json& body, const std::string& key, bool allow_all,
                   Interval* out);

}  // namespace request_parsing
}  // namespace growloop
