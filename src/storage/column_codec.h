// Encodings of one column of a segment (docs/formats/segment.md, "column chunks"). Each encoder
// picks the smallest of its encodings for the values at hand; every decoder validates its input
// and returns false on anything malformed instead of reading past it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_batch.h"

namespace growloop {

enum class ColumnEncoding : uint8_t {
  kIntConstant = 1,   // every value equal
  kIntFor = 2,        // frame of reference: (v - min) / gcd in the fewest bytes, byte-shuffled
  kIntDelta = 3,      // zigzag(v[i] - v[i-1]) / gcd in the fewest bytes, byte-shuffled
  kDoubleScaled = 4,  // decimals: v * 10^k are integers, stored with the integer encodings
  kDoublePlain = 5,   // IEEE doubles, byte-shuffled
  kStringDict = 6,    // sorted dictionary + integer-encoded codes
  kStringPlain = 7,   // lengths (integer-encoded) + bytes
};

void EncodeInts(const int64_t* values, size_t n, std::string* out);
bool DecodeInts(class ByteReader* in, size_t n, std::vector<int64_t>* out);

void EncodeDoubles(const double* values, size_t n, std::string* out);
bool DecodeDoubles(class ByteReader* in, size_t n, std::vector<double>* out);

// Encodes the strings `values` point to (which need not share one buffer).
void EncodeStrings(const std::vector<std::string_view>& values, std::string* out);
bool DecodeStrings(class ByteReader* in, size_t n, StringColumn* out);

// Validity bitmaps, one bit per row.
void EncodeBitmap(const std::vector<uint8_t>& valid, std::string* out);
bool DecodeBitmap(class ByteReader* in, size_t n, std::vector<uint8_t>* out);

}  // namespace growloop
