#include <gtest/gtest.h>

#include "common/status.h"

namespace growloop {
namespace {

TEST(Status, CodeNameAndHttpMappingAreStable) {
  Status s = InvalidArgument("line 3: missing event name");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "invalid_argument: line 3: missing event name");
  EXPECT_EQ(HttpStatusFor(s.code()), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kResourceExhausted), 429);
}

TEST(Status, ErrnoMapsDiskFullToNoSpace) {
  EXPECT_EQ(ErrnoStatus("write", "f", ENOSPC).code(), ErrorCode::kNoSpace);
  EXPECT_EQ(ErrnoStatus("write", "f", EIO).code(), ErrorCode::kIoError);
}

StatusOr<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd");
  return x / 2;
}

Status UseHalf(int x, int* out) {
  ASSIGN_OR_RETURN(*out, Half(x));
  return Status::Ok();
}

TEST(Status, AssignOrReturnPropagates) {
  int v = 0;
  EXPECT_TRUE(UseHalf(4, &v).ok());
  EXPECT_EQ(v, 2);
  EXPECT_EQ(UseHalf(3, &v).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace growloop
