#include <gtest/gtest.h>

#include "otcsim/cidr.h"

namespace otcsim {
namespace {

TEST(Cidr, Parse) {
  EXPECT_TRUE(ParseCidr("192.168.0.0/16"));
  EXPECT_TRUE(ParseCidr("10.0.0.0/8"));
  EXPECT_FALSE(ParseCidr("192.168.1.0/16"));  // host bits set
  EXPECT_FALSE(ParseCidr("192.168.0.0/33"));
  EXPECT_FALSE(ParseCidr("192.168.0/16"));
  EXPECT_FALSE(ParseCidr("192.168.0.0"));
  EXPECT_FALSE(ParseCidr("192.168.00.0/16"));
  EXPECT_FALSE(ParseCidr("256.0.0.0/8"));
  EXPECT_FALSE(ParseCidr("a.b.c.d/8"));
  EXPECT_FALSE(ParseIpv4("1.2.3.4.5"));
}

TEST(Cidr, ContainsAndOverlaps) {
  auto vpc = *ParseCidr("192.168.0.0/16");
  auto a = *ParseCidr("192.168.1.0/24");
  auto b = *ParseCidr("192.168.1.128/25");
  auto c = *ParseCidr("192.168.2.0/24");
  auto out = *ParseCidr("10.0.0.0/24");
  EXPECT_TRUE(vpc.contains(a));
  EXPECT_FALSE(a.contains(vpc));
  EXPECT_FALSE(vpc.contains(out));
  EXPECT_TRUE(a.overlaps(b));
  EXPECT_TRUE(b.overlaps(a));
  EXPECT_FALSE(a.overlaps(c));
  EXPECT_EQ(a.last(), *ParseIpv4("192.168.1.255"));
}

}  // namespace
}  // namespace otcsim
