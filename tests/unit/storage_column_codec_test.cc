#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "common/coding.h"
#include "storage/column_codec.h"

namespace growloop {
namespace {

std::vector<int64_t> RoundTripInts(const std::vector<int64_t>& v) {
  std::string buf;
  EncodeInts(v.data(), v.size(), &buf);
  ByteReader in(buf);
  std::vector<int64_t> out;
  EXPECT_TRUE(DecodeInts(&in, v.size(), &out));
  EXPECT_EQ(in.remaining(), 0u);
  return out;
}

TEST(ColumnCodec, IntsRoundTripAcrossShapes) {
  std::mt19937_64 rng(7);
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  std::vector<std::vector<int64_t>> cases = {
      {}, {42}, {5, 5, 5}, {kMin, kMax}, {kMax, kMin, 0, -1, 1}, {-3, -2, -1}};
  for (int t = 0; t < 200; ++t) {
    std::vector<int64_t> v(rng() % 300);
    int shape = t % 4;
    int64_t acc = static_cast<int64_t>(rng() % 1'000'000'000'000);
    for (auto& x : v) {
      switch (shape) {
        case 0: x = static_cast<int64_t>(rng()); break;                       // full range
        case 1: acc += static_cast<int64_t>(rng() % 5000) * 1000; x = acc; break;  // sorted ms
        case 2: x = static_cast<int64_t>(rng() % 7) - 3; break;                 // small
        case 3: x = rng() % 2 ? kMin + static_cast<int64_t>(rng() % 3) : kMax - static_cast<int64_t>(rng() % 3); break;
      }
    }
    cases.push_back(v);
  }
  for (const auto& v : cases) EXPECT_EQ(RoundTripInts(v), v);
}

TEST(ColumnCodec, SortedMillisecondTimestampsTakeAboutOneBytePerValue) {
  std::vector<int64_t> v;
  int64_t t = 1'767'225'600'000'000;
  for (int i = 0; i < 10000; ++i) v.push_back(t += 1000 * (1 + i % 100));
  std::string buf;
  EncodeInts(v.data(), v.size(), &buf);
  EXPECT_LT(buf.size(), v.size() * 2);  // delta / gcd brings 8-byte values to one byte
  EXPECT_EQ(RoundTripInts(v), v);
}

TEST(ColumnCodec, DoublesRoundTripBitForBit) {
  std::vector<double> v = {0.0, -0.0, 1.5, 129.9, -2.25, 1e300, 5e-324,
                           std::numeric_limits<double>::infinity(), 0.1 + 0.2};
  std::mt19937_64 rng(3);
  for (int i = 0; i < 500; ++i) v.push_back(std::ldexp(static_cast<double>(rng() % 100000), static_cast<int>(rng() % 40) - 20));
  for (size_t n : {size_t{0}, size_t{1}, size_t{3}, v.size()}) {
    std::vector<double> in(v.begin(), v.begin() + static_cast<long>(n));
    std::string buf;
    EncodeDoubles(in.data(), in.size(), &buf);
    ByteReader r(buf);
    std::vector<double> out;
    ASSERT_TRUE(DecodeDoubles(&r, in.size(), &out));
    ASSERT_EQ(out.size(), in.size());
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(std::memcmp(&out[i], &in[i], 8), 0) << "value " << in[i];
    }
  }
}

TEST(ColumnCodec, PricesUseTheDecimalForm) {
  std::vector<double> prices = {129.9, 39.0, 1999.99, 0.5};
  std::string buf;
  EncodeDoubles(prices.data(), prices.size(), &buf);
  EXPECT_EQ(static_cast<ColumnEncoding>(buf[0]), ColumnEncoding::kDoubleScaled);
}

TEST(ColumnCodec, StringsRoundTripDictionaryAndPlain) {
  for (int distinct : {1, 5, 100000}) {
    StringColumn col;
    for (int i = 0; i < 2000; ++i) col.Append(i % 11 == 0 ? "" : "s" + std::to_string(i % distinct) + "城市");
    std::vector<std::string_view> views;
    for (size_t i = 0; i < col.size(); ++i) views.push_back(col.Get(i));
    std::string buf;
    EncodeStrings(views, &buf);
    ByteReader r(buf);
    StringColumn out;
    ASSERT_TRUE(DecodeStrings(&r, col.size(), &out));
    ASSERT_EQ(out.size(), col.size());
    for (size_t i = 0; i < col.size(); ++i) EXPECT_EQ(out.Get(i), col.Get(i));
    EXPECT_EQ(static_cast<ColumnEncoding>(buf[0]),
              distinct == 100000 ? ColumnEncoding::kStringPlain : ColumnEncoding::kStringDict);
  }
}

TEST(ColumnCodec, SortedStringsRoundTripThroughTheirRuns) {
  // Sorted columns take the dictionary-of-runs path; too many distinct values fall back to plain.
  for (int distinct : {1, 300, 2000}) {
    std::vector<std::string> owned;
    for (int i = 0; i < 2000; ++i) owned.push_back("u" + std::to_string(100000 + i * distinct / 2000));
    std::sort(owned.begin(), owned.end());
    std::vector<std::string_view> views(owned.begin(), owned.end());
    std::string buf;
    EncodeStrings(views, &buf);
    ByteReader r(buf);
    StringColumn out;
    ASSERT_TRUE(DecodeStrings(&r, views.size(), &out));
    ASSERT_EQ(out.size(), views.size());
    for (size_t i = 0; i < views.size(); ++i) ASSERT_EQ(out.Get(i), views[i]);
    EXPECT_EQ(static_cast<ColumnEncoding>(buf[0]),
              distinct == 2000 ? ColumnEncoding::kStringPlain : ColumnEncoding::kStringDict);
  }
}

TEST(ColumnCodec, TruncatedInputIsRejectedNotOverRead) {
  std::vector<int64_t> v(100);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>(i * i * 977);
  std::string buf;
  EncodeInts(v.data(), v.size(), &buf);
  for (size_t cut = 0; cut < buf.size(); ++cut) {
    ByteReader r(std::string_view(buf.data(), cut));
    std::vector<int64_t> out;
    EXPECT_FALSE(DecodeInts(&r, v.size(), &out)) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace growloop
