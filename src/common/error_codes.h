// The one list of Growloop's stable error codes. Numbers and names never change meaning; new
// codes are appended. Names are what API error bodies carry in their "code" field.
#pragma once

#include <string_view>

namespace growloop {

enum class ErrorCode : int {
  kOk = 0,
  kInvalidArgument = 1,    // the request or input is malformed; the message names the field
  kNotFound = 2,           // a named thing (project, file, person) does not exist
  kAlreadyExists = 3,      // a thing with that name exists already
  kCorruption = 4,         // stored data failed a checksum or a format check
  kIoError = 5,            // the operating system failed a read or write
  kNoSpace = 6,            // the disk is full; nothing was acknowledged
  kUnauthenticated = 7,    // no API key, or an unknown one
  kPermissionDenied = 8,   // the key is valid but may not do this
  kResourceExhausted = 9,  // a queue or a limit is full; retry later
  kPayloadTooLarge = 10,   // a body, batch or event exceeds a documented limit
  kUnavailable = 11,       // the server is shutting down or the store is read-only
  kInternal = 12,          // a bug: an invariant did not hold
  kCancelled = 13,         // the caller cancelled the operation
  kDeadlineExceeded = 14,  // the operation ran past its time limit
  kFailedPrecondition = 15,  // the system is not in a state where this can run
};

// Stable snake_case name, e.g. "invalid_argument".
std::string_view ErrorCodeName(ErrorCode code);

// The HTTP status an API answer carries for this code (200 for kOk).
int HttpStatusFor(ErrorCode code);

}  // namespace growloop
