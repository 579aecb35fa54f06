#include "storage/column_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string_view>

#include "common/coding.h"
#include "storage/string_dict.h"

namespace growloop {
namespace {

int BytesFor(uint64_t max) {
  if (max < (1ull << 8)) return 1;
  if (max < (1ull << 16)) return 2;
  if (max < (1ull << 32)) return 4;
  return 8;
}

// Writes n values of `width` bytes each as `width` planes (all first bytes, then all second
// bytes...): the planes of slowly varying values are runs that zstd and lz4 compress well.
void PutShuffled(const uint64_t* v, size_t n, int width, std::string* out) {
  size_t start = out->size();
  out->resize(start + n * static_cast<size_t>(width));
  char* p = out->data() + start;
  for (int b = 0; b < width; ++b) {
    int shift = 8 * b;
    for (size_t i = 0; i < n; ++i) *p++ = static_cast<char>(v[i] >> shift);
  }
}

bool GetShuffled(ByteReader* in, size_t n, int width, std::vector<uint64_t>* v) {
  std::string_view bytes;
  if (n > in->remaining() || !in->Bytes(n * static_cast<size_t>(width), &bytes)) return false;
  v->assign(n, 0);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (int b = 0; b < width; ++b) {
    int shift = 8 * b;
    uint64_t* dst = v->data();
    for (size_t i = 0; i < n; ++i) dst[i] |= static_cast<uint64_t>(*p++) << shift;
  }
  return true;
}

uint64_t Gcd(uint64_t a, uint64_t b) { return std::gcd(a, b); }

}  // namespace

void EncodeInts(const int64_t* values, size_t n, std::string* out) {
  if (n == 0 || std::all_of(values, values + n, [&](int64_t v) { return v == values[0]; })) {
    out->push_back(static_cast<char>(ColumnEncoding::kIntConstant));
    PutFixed64(out, n == 0 ? 0 : static_cast<uint64_t>(values[0]));
    return;
  }
  int64_t min = *std::min_element(values, values + n);
  // gcd is the slow part (a division per step); once it reaches 1 it stays 1, so stop there.
  uint64_t for_gcd = 0, for_max = 0, delta_gcd = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t off = static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(min);
    for_max = std::max(for_max, off);
    if (for_gcd != 1) for_gcd = Gcd(for_gcd, off);
  }
  for (size_t i = 1; i < n && delta_gcd != 1; ++i) {
    uint64_t d = static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1]);
    delta_gcd = Gcd(delta_gcd, static_cast<int64_t>(d) < 0 ? 0 - d : d);
  }
  if (for_gcd == 0) for_gcd = 1;
  if (delta_gcd == 0) delta_gcd = 1;
  uint64_t delta_max = 0;
  std::vector<uint64_t> tmp(n);
  if (delta_gcd == 1) {
    for (size_t i = 1; i < n; ++i) {
      uint64_t z = ZigZag(static_cast<int64_t>(static_cast<uint64_t>(values[i]) -
                                               static_cast<uint64_t>(values[i - 1])));
      tmp[i] = z;
      delta_max = std::max(delta_max, z);
    }
  } else {
    for (size_t i = 1; i < n; ++i) {
      int64_t d = static_cast<int64_t>(static_cast<uint64_t>(values[i]) -
                                       static_cast<uint64_t>(values[i - 1]));
      uint64_t z = ZigZag(d / static_cast<int64_t>(delta_gcd));
      tmp[i] = z;
      delta_max = std::max(delta_max, z);
    }
  }
  int for_width = BytesFor(for_max / for_gcd);
  int delta_width = BytesFor(delta_max);
  // Overflowing deltas (|d| near 2^63) make the zigzag form ambiguous: use frame of reference.
  bool delta_safe = delta_gcd <= static_cast<uint64_t>(INT64_MAX);
  if (delta_safe && delta_width < for_width) {
    out->push_back(static_cast<char>(ColumnEncoding::kIntDelta));
    PutFixed64(out, static_cast<uint64_t>(values[0]));
    PutVarint(out, delta_gcd);
    out->push_back(static_cast<char>(delta_width));
    PutShuffled(tmp.data() + 1, n - 1, delta_width, out);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    uint64_t off = static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(min);
    tmp[i] = for_gcd == 1 ? off : off / for_gcd;
  }
  out->push_back(static_cast<char>(ColumnEncoding::kIntFor));
  PutFixed64(out, static_cast<uint64_t>(min));
  PutVarint(out, for_gcd);
  out->push_back(static_cast<char>(for_width));
  PutShuffled(tmp.data(), n, for_width, out);
}

bool DecodeInts(ByteReader* in, size_t n, std::vector<int64_t>* out) {
  std::string_view tag;
  if (!in->Bytes(1, &tag)) return false;
  auto enc = static_cast<ColumnEncoding>(tag[0]);
  uint64_t base, gcd;
  std::string_view wbyte;
  std::vector<uint64_t> raw;
  switch (enc) {
    case ColumnEncoding::kIntConstant:
      if (!in->Fixed64(&base)) return false;
      out->assign(n, static_cast<int64_t>(base));
      return true;
    case ColumnEncoding::kIntFor: {
      if (!in->Fixed64(&base) || !in->Varint(&gcd) || !in->Bytes(1, &wbyte)) return false;
      int w = wbyte[0];
      if (w != 1 && w != 2 && w != 4 && w != 8) return false;
      if (!GetShuffled(in, n, w, &raw)) return false;
      out->resize(n);
      for (size_t i = 0; i < n; ++i) (*out)[i] = static_cast<int64_t>(base + raw[i] * gcd);
      return true;
    }
    case ColumnEncoding::kIntDelta: {
      if (n == 0) return false;
      if (!in->Fixed64(&base) || !in->Varint(&gcd) || !in->Bytes(1, &wbyte)) return false;
      int w = wbyte[0];
      if (w != 1 && w != 2 && w != 4 && w != 8) return false;
      if (!GetShuffled(in, n - 1, w, &raw)) return false;
      out->resize(n);
      uint64_t acc = base;
      (*out)[0] = static_cast<int64_t>(acc);
      for (size_t i = 1; i < n; ++i) {
        acc += static_cast<uint64_t>(UnZigZag(raw[i - 1])) * gcd;
        (*out)[i] = static_cast<int64_t>(acc);
      }
      return true;
    }
    default: return false;
  }
}

void EncodeDoubles(const double* values, size_t n, std::string* out) {
  static constexpr double kPow10[] = {1, 10, 100, 1000, 10000};
  for (int k = 0; k <= 4; ++k) {
    std::vector<int64_t> scaled(n);
    bool exact = true;
    for (size_t i = 0; i < n && exact; ++i) {
      double s = values[i] * kPow10[k];
      if (!(std::fabs(s) < 9.0e15)) {
        exact = false;
        break;
      }
      double r = std::nearbyint(s);
      // The value must come back bit for bit; -0.0 would come back as +0.0.
      if (r / kPow10[k] != values[i] || (values[i] == 0 && std::signbit(values[i]))) {
        exact = false;
        break;
      }
      scaled[i] = static_cast<int64_t>(r);
    }
    if (exact) {
      out->push_back(static_cast<char>(ColumnEncoding::kDoubleScaled));
      out->push_back(static_cast<char>(k));
      EncodeInts(scaled.data(), n, out);
      return;
    }
  }
  out->push_back(static_cast<char>(ColumnEncoding::kDoublePlain));
  std::vector<uint64_t> bits(n);
  std::memcpy(bits.data(), values, n * 8);
  PutShuffled(bits.data(), n, 8, out);
}

bool DecodeDoubles(ByteReader* in, size_t n, std::vector<double>* out) {
  static constexpr double kPow10[] = {1, 10, 100, 1000, 10000};
  std::string_view tag;
  if (!in->Bytes(1, &tag)) return false;
  auto enc = static_cast<ColumnEncoding>(tag[0]);
  if (enc == ColumnEncoding::kDoubleScaled) {
    std::string_view kbyte;
    if (!in->Bytes(1, &kbyte) || kbyte[0] < 0 || kbyte[0] > 4) return false;
    std::vector<int64_t> ints;
    if (!DecodeInts(in, n, &ints)) return false;
    out->resize(n);
    for (size_t i = 0; i < n; ++i) (*out)[i] = static_cast<double>(ints[i]) / kPow10[static_cast<int>(kbyte[0])];
    return true;
  }
  if (enc != ColumnEncoding::kDoublePlain) return false;
  std::vector<uint64_t> bits;
  if (!GetShuffled(in, n, 8, &bits)) return false;
  out->resize(n);
  std::memcpy(out->data(), bits.data(), n * 8);
  return true;
}

namespace {

void PutDictionary(const std::vector<std::string_view>& sorted_distinct,
                   const std::vector<int64_t>& codes, std::string* out) {
  out->push_back(static_cast<char>(ColumnEncoding::kStringDict));
  PutVarint(out, sorted_distinct.size());
  for (std::string_view v : sorted_distinct) PutLengthPrefixed(out, v);
  EncodeInts(codes.data(), codes.size(), out);
}

// A column already in byte order (the distinct ids, which segments are sorted by) needs no
// hashing: its dictionary is its runs. False, with nothing written, when the column is not
// sorted or has too many distinct values for a dictionary.
bool PutSortedDictionary(const std::vector<std::string_view>& values, size_t max_dict,
                         std::string* out) {
  std::vector<std::string_view> distinct;
  std::vector<int64_t> codes(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    int c = i == 0 ? 1 : values[i].compare(values[i - 1]);
    if (c < 0) return false;
    if (c > 0) {
      if (distinct.size() == max_dict) return false;
      distinct.push_back(values[i]);
    }
    codes[i] = static_cast<int64_t>(distinct.size()) - 1;
  }
  PutDictionary(distinct, codes, out);
  return true;
}

}  // namespace

void EncodeStrings(const std::vector<std::string_view>& values, std::string* out) {
  const size_t n = values.size();
  size_t max_dict = std::max<size_t>(16, n / 2);
  if (n > 1 && values[0] <= values[1] && PutSortedDictionary(values, max_dict, out)) return;
  // A column of mostly distinct values (event ids) is seen in its first rows: skip the
  // dictionary rather than hash half the column before giving up.
  bool use_dict = true;
  if (n >= 4096) {
    StringDict sample(2048);
    for (size_t i = 0; i < 1024; ++i) sample.Insert(values[i * (n / 1024)]);
    use_dict = sample.values().size() <= 900;
  }
  StringDict dict(use_dict ? std::min<size_t>(n, 1024) : 16);
  std::vector<uint32_t> first_codes(use_dict ? n : 0);
  for (size_t i = 0; use_dict && i < n; ++i) {
    // Rows are sorted by person, so a value often repeats the row before: no hash needed.
    if (i > 0 && values[i] == values[i - 1]) {
      first_codes[i] = first_codes[i - 1];
      continue;
    }
    first_codes[i] = dict.Insert(values[i]);
    if (dict.values().size() > max_dict) use_dict = false;
  }
  if (use_dict) {
    // Codes follow the byte order of the values, so sorted columns get non-decreasing codes.
    const std::vector<std::string_view>& distinct = dict.values();
    std::vector<uint32_t> order(distinct.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
    std::vector<int64_t> rank(distinct.size());
    for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
    std::vector<std::string_view> sorted_distinct(distinct.size());
    for (uint32_t r = 0; r < order.size(); ++r) sorted_distinct[r] = distinct[order[r]];
    std::vector<int64_t> codes(n);
    for (size_t i = 0; i < n; ++i) codes[i] = rank[first_codes[i]];
    PutDictionary(sorted_distinct, codes, out);
    return;
  }
  out->push_back(static_cast<char>(ColumnEncoding::kStringPlain));
  std::vector<int64_t> lengths(n);
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    lengths[i] = static_cast<int64_t>(values[i].size());
    total += values[i].size();
  }
  EncodeInts(lengths.data(), n, out);
  size_t start = out->size();
  out->resize(start + total);
  char* p = out->data() + start;
  for (std::string_view v : values) {
    std::memcpy(p, v.data(), v.size());
    p += v.size();
  }
}

bool DecodeStrings(ByteReader* in, size_t n, StringColumn* out) {
  *out = StringColumn();
  std::string_view tag;
  if (!in->Bytes(1, &tag)) return false;
  auto enc = static_cast<ColumnEncoding>(tag[0]);
  if (enc == ColumnEncoding::kStringDict) {
    uint64_t size;
    if (!in->Varint(&size) || size > in->remaining()) return false;
    std::vector<std::string_view> dict(size);
    for (auto& s : dict) {
      if (!in->LengthPrefixed(&s)) return false;
    }
    std::vector<int64_t> codes;
    if (!DecodeInts(in, n, &codes)) return false;
    size_t bytes = 0;
    for (int64_t c : codes) {
      if (c < 0 || static_cast<uint64_t>(c) >= size) return false;
      bytes += dict[static_cast<size_t>(c)].size();
    }
    out->Reserve(n, bytes);
    for (int64_t c : codes) out->Append(dict[static_cast<size_t>(c)]);
    return true;
  }
  if (enc != ColumnEncoding::kStringPlain) return false;
  std::vector<int64_t> lengths;
  if (!DecodeInts(in, n, &lengths)) return false;
  uint64_t total = 0;
  for (int64_t l : lengths) {
    if (l < 0) return false;
    total += static_cast<uint64_t>(l);
  }
  std::string_view bytes;
  if (!in->Bytes(total, &bytes)) return false;
  out->Reserve(n, total);
  size_t pos = 0;
  for (int64_t l : lengths) {
    out->Append(bytes.substr(pos, static_cast<size_t>(l)));
    pos += static_cast<size_t>(l);
  }
  return true;
}

void EncodeBitmap(const std::vector<uint8_t>& valid, std::string* out) {
  size_t start = out->size();
  out->resize(start + (valid.size() + 7) / 8, 0);
  char* p = out->data() + start;
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid[i]) p[i / 8] = static_cast<char>(p[i / 8] | (1 << (i % 8)));
  }
}

bool DecodeBitmap(ByteReader* in, size_t n, std::vector<uint8_t>* out) {
  std::string_view bytes;
  if (!in->Bytes((n + 7) / 8, &bytes)) return false;
  out->resize(n);
  for (size_t i = 0; i < n; ++i) (*out)[i] = (bytes[i / 8] >> (i % 8)) & 1;
  return true;
}

}  // namespace growloop
