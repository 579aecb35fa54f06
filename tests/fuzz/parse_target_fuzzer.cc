// Fuzzes ParseTarget on request targets ("/path?query"): any text is split and percent-decoded
// or refused as InvalidArgument.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "server/http_types.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  std::string path;
  std::multimap<std::string, std::string> query;
  growloop::Status s = growloop::ParseTarget(target, &path, &query);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == growloop::ErrorCode::kInvalidArgument);
    return 0;
  }
  // Decoding only shrinks: "%41" is one byte, '+' stays one byte.
  const size_t q = target.find('?');
  FUZZ_CHECK(path.size() <= std::min(q, size));
  size_t decoded = 0;
  for (const auto& [name, value] : query) decoded += name.size() + value.size();
  FUZZ_CHECK(q != std::string_view::npos || query.empty());
  FUZZ_CHECK(q == std::string_view::npos || decoded <= size - q - 1);
  return 0;
}
