// HugeArray: zero-filled or filled memory of any size, including past the 2 MiB huge-page mark,
// and moves that hand the mapping over.
#include "common/huge_memory.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace growloop {
namespace {

TEST(HugeArray, FillsEveryElementAtEverySize) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{262'143}, size_t{262'145},
                   size_t{3'000'001}}) {
    SCOPED_TRACE(n);
    HugeArray<int64_t> zeros(n, 0);
    HugeArray<int64_t> unset(n, std::numeric_limits<int64_t>::min());
    ASSERT_EQ(zeros.size(), n);
    for (size_t i = 0; i < n; i += 4093) {
      EXPECT_EQ(zeros[i], 0);
      EXPECT_EQ(unset[i], std::numeric_limits<int64_t>::min());
    }
    if (n > 0) {
      EXPECT_EQ(unset[n - 1], std::numeric_limits<int64_t>::min());
      zeros[n - 1] = 7;  // the whole range is writable
      EXPECT_EQ(zeros[n - 1], 7);
    }
  }
  HugeArray<double> nan(5, std::nan(""));
  EXPECT_TRUE(std::isnan(nan[4]));
}

TEST(HugeArray, MovesHandTheMemoryOver) {
  HugeArray<uint32_t> a(1'000'000, 3);
  a[999'999] = 9;
  HugeArray<uint32_t> b(std::move(a));
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(b[999'999], 9u);
  HugeArray<uint32_t> c(10, 1);
  c = std::move(b);
  EXPECT_EQ(c.size(), 1'000'000u);
  EXPECT_EQ(c[0], 3u);
}

}  // namespace
}  // namespace growloop
