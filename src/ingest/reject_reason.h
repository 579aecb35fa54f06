// Stable reason codes of rejected import rows. Names never change meaning; new reasons are
// appended. docs/formats/import.md lists each with the check that produces it.
#pragma once

#include <cstddef>
#include <string_view>

namespace growloop {

enum class RejectReason : int {
  kMalformedJson = 0,
  kMalformedCsv,
  kMissingEvent,
  kMissingDistinctId,
  kBadTimestamp,
  kTimestampOutOfRange,
  kWrongType,
  kOversizeEvent,
  kOversizeProperty,
  kInvalidUtf8,
  kTooManyProperties,
};

inline constexpr size_t kNumRejectReasons = 11;

// snake_case code, e.g. "bad_timestamp".
std::string_view RejectReasonName(RejectReason reason);

}  // namespace growloop
