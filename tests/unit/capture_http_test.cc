// The pieces of the capture endpoints that tests over HTTP cannot pin down deterministically:
// base64 as SDKs send it, and the queue bound behind 429.
#include <gtest/gtest.h>

#include "common/base64.h"
#include "server/capture_handlers.h"

namespace growloop {
namespace {

TEST(Base64, DecodesStandardAndUrlSafeWithOrWithoutPadding) {
  std::string out;
  ASSERT_TRUE(Base64Decode("eyJhIjoxfQ==", &out));
  EXPECT_EQ(out, "{\"a\":1}");
  ASSERT_TRUE(Base64Decode("eyJhIjoxfQ", &out));
  EXPECT_EQ(out, "{\"a\":1}");
  ASSERT_TRUE(Base64Decode("-_8=", &out));  // URL-safe alphabet
  EXPECT_EQ(out, "\xfb\xff");
  ASSERT_TRUE(Base64Decode("+/8=", &out));  // standard alphabet, same bytes
  EXPECT_EQ(out, "\xfb\xff");
  ASSERT_TRUE(Base64Decode("aGVs\nbG8=", &out));  // line breaks are ignored
  EXPECT_EQ(out, "hello");
  ASSERT_TRUE(Base64Decode("", &out));
  EXPECT_EQ(out, "");
}

TEST(Base64, RejectsBadBytesLengthsAndDataAfterPadding) {
  std::string out;
  EXPECT_FALSE(Base64Decode("eyJh*IjoxfQ==", &out));
  EXPECT_FALSE(Base64Decode("a", &out));        // one symbol cannot hold a byte
  EXPECT_FALSE(Base64Decode("aGVsbA=x", &out));  // data after padding
  EXPECT_FALSE(Base64Decode("aGVsbA===", &out)); // padding past the group
}

TEST(CaptureGate, RefusesWhatWouldPassTheBoundAndReleases) {
  CaptureGate gate(100);
  EXPECT_TRUE(gate.TryAdmit(60));
  EXPECT_TRUE(gate.TryAdmit(40));
  EXPECT_FALSE(gate.TryAdmit(1));
  EXPECT_EQ(gate.in_flight(), 100);
  gate.Release(60);
  EXPECT_TRUE(gate.TryAdmit(50));
  EXPECT_FALSE(gate.TryAdmit(11));
  gate.Release(90);
  // A request larger than the whole bound still goes through when nothing else is in flight,
  // rather than being refused forever.
  EXPECT_TRUE(gate.TryAdmit(500));
  EXPECT_FALSE(gate.TryAdmit(1));
  gate.Release(500);
  EXPECT_EQ(gate.in_flight(), 0);
}

}  // namespace
}  // namespace growloop
