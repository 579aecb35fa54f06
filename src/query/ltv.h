// The `ltv` query (docs/query-api.md): per acquisition channel and cohort, the persons acquired,
// their revenue, their lifetime value at 7, 30 and 90 days, the marketing spend of the channel,
// CAC, LTV / CAC and ROI; totals per channel; and a cumulative revenue curve per channel.
//
// A person is acquired at its first event in the range (identity-resolved, like every query);
// its cohort is the period of that event and its channel the value of `channel_property` on it
// (first touch), or on its first `acquisition_event` (last touch). Spend comes from the
// project's costs (MetaStore::ListCosts), which the caller reads for LtvCostDays().
//
// Thread-safety: ParseLtv and RunLtv are reentrant; RunLtv uses ctx.threads() threads, each
// owning the persons p with p % threads == t.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "meta/meta_store.h"
#include "query/query_request.h"

namespace growloop {

class QueryContext;
class TimeZone;

enum class LtvAttribution : uint8_t { kFirstTouch, kLastTouch };
enum class CacBasis : uint8_t { kPersons, kAcquisitionEvent };

struct LtvRequest {
  CommonRequest common;
  Interval period = Interval::kWeek;  // day, week or month
  std::string channel_property = "channel";
  LtvAttribution attribution = LtvAttribution::kFirstTouch;
  std::string acquisition_event = "signup";
  std::string revenue_event = "purchase";
  std::string amount_property = "amount";
  CacBasis cac_basis = CacBasis::kPersons;
  int curve_days = 90;  // points of the revenue curve: days 0 .. curve_days - 1
  size_t limit = 100;   // channels shown, the largest first; the others are summed as "$other"
  // A revenue window counts only when it ends by this instant: the range's end, or the time of
  // the query when the range ends later (the future is not observed yet).
  int64_t observed_until_us = 0;
};

// Parses and validates an `ltv` body. Errors are InvalidArgument; *field names the field.
Status ParseLtv(const nlohmann::json& body, const TimeZone& tz, int64_t now_us, LtvRequest* out,
                std::string* field);

// The local days [first, last] whose costs the query sums: the days of the range.
std::pair<int32_t, int32_t> LtvCostDays(const LtvRequest& req, const TimeZone& tz);

// Runs the query over ctx's data with `costs` (the project's costs of LtvCostDays(); others are
// ignored) and fills *answer (docs/query-api.md, "ltv"). DeadlineExceeded / Cancelled as
// QueryContext::Check; errors reading a chunk's columns are passed on.
Status RunLtv(const QueryContext& ctx, const LtvRequest& req, const std::vector<CostEntry>& costs,
              nlohmann::json* answer);

}  // namespace growloop
