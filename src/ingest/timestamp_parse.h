// Event-time parsing for imports: ISO-8601 text and Unix epoch numbers, to µs UTC.
// The accepted forms are listed in docs/formats/import.md ("Timestamps").
// Hand-written because it runs once per event on the import hot path; no allocation, no locale.
#pragma once

#include <cstdint>
#include <string_view>

namespace growloop {

// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (negative before 1970).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

// "YYYY-MM-DD", optionally followed by 'T' (or 't' or one space) and "hh:mm[:ss[.fraction]]",
// optionally followed by 'Z', 'z', or an offset "±hh:mm", "±hhmm" or "±hh". No zone means UTC.
// Fraction digits beyond microseconds are truncated. Returns false when `s` is not of this form
// or names an impossible date or time.
bool ParseIso8601(std::string_view s, int64_t* us);

// Epoch number to µs: |v| < 1e11 is seconds, < 1e14 milliseconds, otherwise microseconds.
// Returns false for NaN/infinite values or results outside int64.
bool EpochNumberToMicros(double v, int64_t* us);

// Text form of an event time: ISO-8601 as above, or a decimal epoch number ("1767225606",
// "1767225606807", "1767225606.807") read with the rule of EpochNumberToMicros.
bool ParseTimestampText(std::string_view s, int64_t* us);

}  // namespace growloop
