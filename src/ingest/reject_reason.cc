#include "ingest/reject_reason.h"

namespace growloop {

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kMalformedJson: return "malformed_json";
    case RejectReason::kMalformedCsv: return "malformed_csv";
    case RejectReason::kMissingEvent: return "missing_event";
    case RejectReason::kMissingDistinctId: return "missing_distinct_id";
    case RejectReason::kBadTimestamp: return "bad_timestamp";
    case RejectReason::kTimestampOutOfRange: return "timestamp_out_of_range";
    case RejectReason::kWrongType: return "wrong_type";
    case RejectReason::kOversizeEvent: return "oversize_event";
    case RejectReason::kOversizeProperty: return "oversize_property";
    case RejectReason::kInvalidUtf8: return "invalid_utf8";
    case RejectReason::kTooManyProperties: return "too_many_properties";
  }
  return "unknown";
}

}  // namespace growloop
