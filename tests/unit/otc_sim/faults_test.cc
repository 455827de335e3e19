#include "otcsim/faults.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace otcsim {
namespace {

TEST(FaultSpec, ParsesEveryKind) {
  std::string err;
  auto rules = ParseFaultSpec(
      "vpc:503:0.5; /v2.0/security-groups:latency=200 ;*:429=2:0.1:get,post;iam:reset;neutron:404-after-create=7:1;"
      "rds:500;elb:502;dns:504",
      &err);
  ASSERT_TRUE(rules) << err;
  ASSERT_EQ(rules->size(), 8u);
  EXPECT_EQ((*rules)[0].service, "vpc");
  EXPECT_EQ((*rules)[0].status, 503);
  EXPECT_DOUBLE_EQ((*rules)[0].rate, 0.5);
  EXPECT_EQ((*rules)[1].path, "/v2.0/security-groups");
  EXPECT_EQ((*rules)[1].kind, FaultKind::kLatency);
  EXPECT_EQ((*rules)[1].latency_ms, 200);
  EXPECT_EQ((*rules)[2].status, 429);
  EXPECT_EQ((*rules)[2].retry_after, 2);
  EXPECT_EQ((*rules)[2].methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ((*rules)[3].kind, FaultKind::kReset);
  EXPECT_EQ((*rules)[4].kind, FaultKind::kEventual);
  EXPECT_EQ((*rules)[4].eventual_ms, 7000);
  EXPECT_EQ((*rules)[7].status, 504);
}

TEST(FaultSpec, RejectsBadRules) {
  std::string err;
  for (const char* bad : {"vpc", "nosuch:503", "vpc:418", "vpc:503:1.5", "vpc:503:x", "vpc:latency=abc",
                          "vpc:503:1:GET:extra", "vpc:latency=-5"}) {
    err.clear();
    EXPECT_FALSE(ParseFaultSpec(bad, &err)) << bad;
    EXPECT_FALSE(err.empty()) << bad;
  }
  auto empty = ParseFaultSpec(" ; ", &err);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(FaultSpec, JsonFormRoundTrips) {
  std::string err;
  auto j = nlohmann::json::parse(
      R"({"rules":[{"service":"vpc","kind":"429","retry_after":3,"rate":0.25,"methods":["get"]},
                   {"path":"/v1/","kind":"latency","latency_ms":50},
                   {"kind":502},{"service":"neutron","kind":"404-after-create","seconds":2.5}]})");
  auto rules = ParseFaultJson(j, &err);
  ASSERT_TRUE(rules) << err;
  ASSERT_EQ(rules->size(), 4u);
  EXPECT_EQ((*rules)[0].retry_after, 3);
  EXPECT_EQ((*rules)[0].methods, std::vector<std::string>{"GET"});
  EXPECT_EQ((*rules)[1].latency_ms, 50);
  EXPECT_EQ((*rules)[2].service, "*");
  EXPECT_EQ((*rules)[2].status, 502);
  EXPECT_EQ((*rules)[3].eventual_ms, 2500);
  auto back = ParseFaultJson(nlohmann::json{{"rules", FaultRulesToJson(*rules)}}, &err);
  ASSERT_TRUE(back) << err;
  EXPECT_EQ(FaultRulesToJson(*back), FaultRulesToJson(*rules));
  EXPECT_FALSE(ParseFaultJson(nlohmann::json::parse(R"({"rules":[{"kind":"nope"}]})"), &err));
  EXPECT_FALSE(ParseFaultJson(nlohmann::json::parse(R"({"rules":[{"kind":"500","rate":2}]})"), &err));
  EXPECT_FALSE(ParseFaultJson(nlohmann::json::parse(R"({"rules":[{"path":"v1","kind":"500"}]})"), &err));
  EXPECT_FALSE(ParseFaultJson(nlohmann::json::parse(R"({"nothing":1})"), &err));
  EXPECT_TRUE(ParseFaultJson(nlohmann::json::parse(R"({"spec":"vpc:500"})"), &err));
}

TEST(FaultPaths, ServiceOfPath) {
  EXPECT_EQ(ServiceOfPath("/_sim/faults"), "admin");
  EXPECT_EQ(ServiceOfPath("/v3/auth/tokens"), "iam");
  EXPECT_EQ(ServiceOfPath("/v3.0/OS-CREDENTIAL/securitytokens"), "iam");
  EXPECT_EQ(ServiceOfPath("/v1/abc/vpcs"), "vpc");
  EXPECT_EQ(ServiceOfPath("/v2.0/abc/vpcs/x/tags"), "vpc");
  EXPECT_EQ(ServiceOfPath("/v3/abc/vpc/vpcs/x"), "vpc");
  EXPECT_EQ(ServiceOfPath("/v2.0/security-groups"), "neutron");
  EXPECT_EQ(ServiceOfPath("/v2.0/security-group-rules/x"), "neutron");
  EXPECT_EQ(ServiceOfPath("/api/v3/projects/p/clusters"), "cce");
  EXPECT_EQ(ServiceOfPath("/v3/abc/instances"), "rds");
  EXPECT_EQ(ServiceOfPath("/v3/abc/elb/loadbalancers"), "elb");
  EXPECT_EQ(ServiceOfPath("/v2/zones"), "dns");
  EXPECT_EQ(ServiceOfPath("/bucket/key"), "obs");
}

std::vector<int> Sequence(uint64_t seed, int n) {
  FaultInjector f(seed);
  std::string err;
  f.Set(*ParseFaultSpec("vpc:503:0.3;vpc:429:0.3", &err));
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    auto d = f.Decide("GET", "/v1/p/vpcs");
    out.push_back(d ? d->status : 200);
  }
  return out;
}

TEST(FaultInjector, SameSeedSameSequence) {
  auto a = Sequence(42, 200);
  EXPECT_EQ(a, Sequence(42, 200));
  EXPECT_NE(a, Sequence(43, 200));
  int n503 = static_cast<int>(std::count(a.begin(), a.end(), 503));
  int n429 = static_cast<int>(std::count(a.begin(), a.end(), 429));
  // ~30% 503 and ~70%*30% 429 (the first rule that fires wins).
  EXPECT_GT(n503, 35);
  EXPECT_LT(n503, 85);
  EXPECT_GT(n429, 20);
  EXPECT_LT(n429, 65);
}

TEST(FaultInjector, RateBoundsAndMatching) {
  FaultInjector f(1);
  std::string err;
  f.Set(*ParseFaultSpec("vpc:500:0;neutron:502:1:DELETE", &err));
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(f.Decide("GET", "/v1/p/vpcs"));
  EXPECT_FALSE(f.Decide("GET", "/v2.0/security-groups"));
  auto d = f.Decide("DELETE", "/v2.0/security-groups/x");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 502);
  EXPECT_EQ(d->rule, 1);
  f.Set(*ParseFaultSpec("*:503", &err));
  EXPECT_FALSE(f.Decide("POST", "/_sim/faults"));  // admin never faults
  EXPECT_TRUE(f.Decide("GET", "/v3/auth/tokens"));
  f.Clear();
  EXPECT_FALSE(f.Decide("GET", "/v1/p/vpcs"));
}

TEST(FaultInjector, HiddenAfterCreateUntilExpiry) {
  FaultInjector f(5);
  std::string err;
  f.Set(*ParseFaultSpec("vpc:404-after-create=10", &err));
  EXPECT_FALSE(f.Decide("POST", "/v1/p/vpcs"));  // eventual rules are not request faults
  f.NoteCreated("POST", "/v1/p/vpcs", {"abc"}, 1000);
  EXPECT_TRUE(f.Hidden("GET", "/v1/p/vpcs/abc", 1000));
  EXPECT_TRUE(f.Hidden("GET", "/v2.0/p/vpcs/abc/tags", 10999));
  EXPECT_FALSE(f.Hidden("PUT", "/v1/p/vpcs/abc", 2000));
  EXPECT_FALSE(f.Hidden("GET", "/v1/p/vpcs/other", 2000));
  EXPECT_FALSE(f.Hidden("GET", "/v1/p/vpcs/abc", 11000));
  // Creates on other services are not hidden.
  f.NoteCreated("POST", "/api/v3/projects/p/clusters", {"sg"}, 1000);
  EXPECT_FALSE(f.Hidden("GET", "/api/v3/projects/p/clusters/sg", 1000));
}

}  // namespace
}  // namespace otcsim
