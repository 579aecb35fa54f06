// The typed form of a query body (docs/query-api.md), parsed and validated: every error names the
// field at fault ("steps[2].within_seconds") and says what is wrong.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace growloop {

class TimeZone;

enum class FilterOp : uint8_t {
  kEq,
  kNeq,
  kIn,
  kNotIn,
  kContains,
  kRegex,
  kGt,
  kLt,
  kGte,
  kLte,
  kBetween,
  kIsSet,
  kIsNotSet,
};

struct Filter {
  enum class Kind : uint8_t { kAll, kAnd, kOr, kCondition };
  Kind kind = Kind::kAll;  // kAll: no condition (matches every event)
  std::vector<Filter> children;
  std::string property;
  FilterOp op = FilterOp::kEq;
  nlohmann::json value;  // scalar, or an array for in / not_in / between
  std::string path;      // the field this came from, for errors found later (a bad regex)
};

struct EventSelector {
  std::string event;  // empty: any event
  Filter filter;
};

// [from_us, to_us) in UTC, and the local days it covers.
struct TimeRange {
  int64_t from_us = 0;
  int64_t to_us = 0;
};

struct CommonRequest {
  TimeRange range;
  int64_t timeout_ms = 30'000;
  Filter filter;  // applies to every event read
};

enum class TrendMath : uint8_t {
  kTotal,
  kUniquePersons,
  kSum,
  kAvg,
  kMin,
  kMax,
  kMedian,
  kP90,
  kDau,
  kWau,
  kMau,
  kStickiness,
};
enum class Interval : uint8_t { kHour, kDay, kWeek, kMonth, kAll };

struct TrendSeries {
  EventSelector selector;
  TrendMath math = TrendMath::kTotal;
  std::string property;  // for the numeric maths
};

struct TrendsRequest {
  CommonRequest common;
  Interval interval = Interval::kDay;
  std::vector<TrendSeries> series;
  std::string breakdown;  // property; empty: none
  size_t breakdown_limit = 10;
  bool compare = false;
  std::string formula;
};

enum class FunnelOrder : uint8_t { kOrdered, kStrict, kAny };

struct FunnelStep {
  EventSelector selector;
  int64_t within_us = 0;  // 0: only the overall window
};
struct FunnelExclusion {
  EventSelector selector;
  size_t from_step = 0, to_step = 1;
};
struct FunnelRequest {
  CommonRequest common;
  std::vector<FunnelStep> steps;
  int64_t window_us = 86'400'000'000;
  FunnelOrder order = FunnelOrder::kOrdered;
  std::vector<FunnelExclusion> exclusions;
  // Breakdown: the value of `breakdown` on the event of step `attribution_step` of the person's
  // best chain (0: first touch); persons whose chain stops before that step take step 0's.
  std::string breakdown;
  size_t attribution_step = 0;
  size_t breakdown_limit = 10;
  // Conversion over time: persons entering (step 0) and converting (last step) per period of
  // their chain's start. kAll: not asked for.
  Interval conversion_interval = Interval::kAll;
  bool conversion_over_time = false;
  // The persons at a step: those who reached it, or those who reached the step before and not
  // it (dropped). persons_step < 0: not asked for.
  int persons_step = -1;
  bool persons_dropped = false;
  size_t persons_limit = 100;

  // True when only the per-step counts and times are asked for.
  bool Plain() const { return breakdown.empty() && !conversion_over_time && persons_step < 0; }
};

enum class RetentionStart : uint8_t { kFirstTime, kRecurring };
enum class RetentionMode : uint8_t { kOn, kOnOrAfter };

struct RetentionRequest {
  CommonRequest common;
  EventSelector start_event;
  EventSelector return_event;
  RetentionStart start = RetentionStart::kFirstTime;
  RetentionMode mode = RetentionMode::kOn;
  Interval period = Interval::kDay;
  int periods = 14;
  // Breakdown: cohorts split by the property's value on the person's first start event.
  std::string breakdown;
  size_t breakdown_limit = 10;
  // Revenue retention: the sum of this property over the return events instead of persons.
  std::string value_property;
  // The persons of one cell: cohort (its label, e.g. "2026-01-03"), period n; empty: none.
  std::string persons_cohort;
  int persons_period = 0;
  size_t persons_limit = 100;
};

struct RfmRequest {
  CommonRequest common;
  int32_t as_of_day = 0;  // local day number
  std::string purchase_event = "purchase";
  std::string amount_property = "amount";
  size_t limit = 100;
};

// InvalidArgument "field: ..." unless `text` takes a form `from` and `to` accept: a date, a
// relative date or an RFC 3339 timestamp.
Status CheckInstantText(const std::string& field, const std::string& text);

// Errors are InvalidArgument; *field names the field at fault.
Status ParseTrends(const nlohmann::json& body, const TimeZone& tz, int64_t now_us,
                   TrendsRequest* out, std::string* field);
Status ParseFunnel(const nlohmann::json& body, const TimeZone& tz, int64_t now_us,
                   FunnelRequest* out, std::string* field);
Status ParseRetention(const nlohmann::json& body, const TimeZone& tz, int64_t now_us,
                      RetentionRequest* out, std::string* field);
Status ParseRfm(const nlohmann::json& body, const TimeZone& tz, int64_t now_us, RfmRequest* out,
                std::string* field);

std::string_view IntervalName(Interval interval);

}  // namespace growloop
