// Fuzzes DecodeBody with gzip, deflate and identity bodies under small size limits, the zip-bomb
// defence. Input: byte 0 picks the Content-Encoding, byte 1 the limit, the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "server/body_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static constexpr const char* kEncodings[] = {"gzip", "deflate", "x-gzip",  "identity",
                                               "",     "GZip",    "DEFLATE", "br"};
  const std::string_view encoding = kEncodings[data[0] % 8];
  // 0 to 16320 bytes: below, around and above zlib's and the decoder's buffer sizes.
  const size_t max_bytes = static_cast<size_t>(data[1]) * 64;
  const std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string out;
  growloop::Status s = growloop::DecodeBody(encoding, body, max_bytes, &out);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == growloop::ErrorCode::kInvalidArgument ||
               s.code() == growloop::ErrorCode::kPayloadTooLarge);
    return 0;
  }
  FUZZ_CHECK(out.size() <= max_bytes);
  if (encoding.empty() || encoding == "identity") FUZZ_CHECK(out == body);
  FUZZ_CHECK(encoding != "br");
  return 0;
}
