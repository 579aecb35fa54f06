// Fuzzes Base64Decode: any text is decoded or refused without over-reading, and any bytes,
// encoded in either alphabet with or without padding, decode back to themselves.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base64.h"
#include "fuzz_check.h"

namespace {

// RFC 4648 encoding, written independently of the decoder under test.
std::string Encode(std::string_view bytes, bool url_safe, bool pad) {
  const char* alphabet = url_safe
                             ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16 |
                 static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string out;
  if (growloop::Base64Decode(input, &out)) FUZZ_CHECK(out.size() <= size / 4 * 3 + 2);

  // Round trips, with line breaks as MIME writers put them (whitespace is ignored).
  const bool url_safe = size % 2 == 1;
  for (bool pad : {false, true}) {
    std::string text = Encode(input, url_safe, pad);
    if (size % 3 == 0 && text.size() > 76) text.insert(76, "\r\n");
    std::string back;
    FUZZ_CHECK(growloop::Base64Decode(text, &back));
    FUZZ_CHECK(back == input);
  }
  return 0;
}
