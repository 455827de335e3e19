#include "otc/retry.h"

#include <gtest/gtest.h>

namespace otc {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, CeilingDoublesUpToTheCap) {
  RetryPolicy p;
  p.base = milliseconds(500);
  p.cap = milliseconds(5000);
  EXPECT_EQ(BackoffCeiling(p, 0), milliseconds(500));
  EXPECT_EQ(BackoffCeiling(p, 1), milliseconds(1000));
  EXPECT_EQ(BackoffCeiling(p, 3), milliseconds(4000));
  EXPECT_EQ(BackoffCeiling(p, 4), milliseconds(5000));
  EXPECT_EQ(BackoffCeiling(p, 1000), milliseconds(5000));  // no overflow
  EXPECT_EQ(BackoffCeiling(p, -3), milliseconds(500));
}

TEST(Backoff, FullJitterStaysWithinBounds) {
  RetryPolicy p;
  p.base = milliseconds(100);
  p.cap = milliseconds(3000);
  EXPECT_EQ(BackoffDelay(p, 2, 0.0), milliseconds(0));
  EXPECT_EQ(BackoffDelay(p, 2, 0.5), milliseconds(200));
  EXPECT_LE(BackoffDelay(p, 2, 0.999999), milliseconds(400));
  EXPECT_EQ(BackoffDelay(p, 2, 7.0), milliseconds(400));  // clamped unit
  bool saw_low = false, saw_high = false;
  for (int i = 0; i < 2000; ++i) {
    double u = JitterUnit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    auto d = BackoffDelay(p, 10, u);
    ASSERT_GE(d, milliseconds(0));
    ASSERT_LE(d, milliseconds(3000));
    saw_low |= d < milliseconds(300);
    saw_high |= d > milliseconds(2700);
  }
  EXPECT_TRUE(saw_low && saw_high) << "jitter should spread over the whole range";
}

TEST(RetryAfter, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("2", 0), milliseconds(2000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", 0), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("120", 0), milliseconds(120000));
}

TEST(RetryAfter, HttpDate) {
  // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 30), milliseconds(30000));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 30), milliseconds(0));
}

TEST(RetryAfter, RejectsGarbage) {
  EXPECT_FALSE(ParseRetryAfter("", 0));
  EXPECT_FALSE(ParseRetryAfter("-1", 0));
  EXPECT_FALSE(ParseRetryAfter("1.5", 0));
  EXPECT_FALSE(ParseRetryAfter("soon", 0));
  EXPECT_FALSE(ParseRetryAfter("Wed, 21 Foo 2015 07:28:00 GMT", 0));
  EXPECT_FALSE(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 CET", 0));
  // Huge values do not overflow; the caller caps them.
  auto big = ParseRetryAfter("99999999999999999999999", 0);
  ASSERT_TRUE(big);
  EXPECT_GT(*big, milliseconds(0));
}

}  // namespace
}  // namespace otc
