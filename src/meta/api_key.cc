#include "meta/api_key.h"

#include <exception>
#include <random>

namespace growloop {

namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr size_t kRandomChars = 32;
constexpr size_t kPrefixLength = 4;

}  // namespace

std::string_view ApiKeyKindName(ApiKeyKind kind) {
  return kind == ApiKeyKind::kWrite ? "write" : "secret";
}

Status GenerateApiKey(ApiKeyKind kind, std::string* key) {
  std::string out = kind == ApiKeyKind::kWrite ? "glw_" : "gls_";
  try {
    // Naming the device makes libstdc++ read the kernel's CSPRNG rather than RDRAND.
    std::random_device device("/dev/urandom");
    // Rejection sampling keeps every character uniform over the 62-letter alphabet.
    while (out.size() < kPrefixLength + kRandomChars) {
      uint32_t word = device();
      for (int b = 0; b < 4 && out.size() < kPrefixLength + kRandomChars; ++b) {
        uint32_t v = (word >> (8 * b)) & 0xff;
        if (v < 248) out.push_back(kAlphabet[v % 62]);
      }
    }
  } catch (const std::exception& e) {
    return Unavailable(std::string("api key: cannot read /dev/urandom: ") + e.what());
  }
  *key = std::move(out);
  return Status::Ok();
}

bool LooksLikeApiKey(std::string_view key) {
  if (key.size() != kPrefixLength + kRandomChars) return false;
  if (key.substr(0, kPrefixLength) != "glw_" && key.substr(0, kPrefixLength) != "gls_") {
    return false;
  }
  for (char c : key.substr(kPrefixLength)) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace growloop
