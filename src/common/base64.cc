#include "common/base64.h"

#include <array>
#include <cstdint>

namespace growloop {
namespace {

constexpr std::array<int8_t, 256> MakeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  const char* std_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(std_alphabet[i])] = static_cast<int8_t>(i);
  t[static_cast<unsigned char>('-')] = 62;  // URL-safe alphabet
  t[static_cast<unsigned char>('_')] = 63;
  return t;
}

constexpr std::array<int8_t, 256> kTable = MakeTable();

}  // namespace

bool Base64Decode(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size() / 4 * 3 + 3);
  uint32_t acc = 0;
  int bits = 0;
  size_t symbols = 0, padding = 0;
  for (char c : in) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false;  // data after padding
    int8_t v = kTable[static_cast<unsigned char>(c)];
    if (v < 0) return false;
    ++symbols;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // A final group of one symbol cannot hold a byte; padding, when present, completes the group.
  if (symbols % 4 == 1) return false;
  if (padding > 0 && (symbols + padding) % 4 != 0) return false;
  return true;
}

}  // namespace growloop
