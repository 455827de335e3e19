// Fault injection against the real otc-sim binary: determinism from the
// seed, every fault kind over HTTP, the admin API.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

class Faults : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    token_ = ProjectToken(sim_);
    ASSERT_FALSE(token_.empty());
  }
  HttpResult Call(const std::string& method, const std::string& path, const std::string& body = "") {
    return Http(method, sim_.http() + path, body, {kJson, "X-Auth-Token: " + token_});
  }
  HttpResult SetFaults(const json& plan) { return Http("POST", sim_.http() + "/_sim/faults", plan.dump(), {kJson}); }
  std::string Vpcs() { return "/v1/" + sim_.cred("project_id") + "/vpcs"; }

  SimProcess sim_{{"--seed", "11", "--https-listen", "off", "--workers", "1"}};
  std::string token_;
};

std::vector<long> StatusSequence(const std::string& seed) {
  SimProcess sim({"--seed", seed, "--https-listen", "off", "--faults", "vpc:503:0.4;vpc:429=3:0.2:GET"});
  EXPECT_TRUE(sim.ok());
  std::string tok = ProjectToken(sim);  // IAM is not faulted by this plan
  std::vector<long> out;
  for (int i = 0; i < 40; ++i) {
    auto r = Http("GET", sim.http() + "/v1/" + sim.cred("project_id") + "/vpcs", "", {"X-Auth-Token: " + tok});
    out.push_back(r.status);
  }
  return out;
}

TEST(FaultsProcess, SameSeedSameFaultSequence) {
  auto a = StatusSequence("99");
  auto b = StatusSequence("99");
  EXPECT_EQ(a, b);
  EXPECT_NE(std::count(a.begin(), a.end(), 200), 0);
  EXPECT_NE(std::count(a.begin(), a.end(), 503), 0);
  EXPECT_NE(std::count(a.begin(), a.end(), 429), 0);
  EXPECT_NE(a, StatusSequence("100"));
}

TEST(FaultsProcess, BadSpecRefusesToStart) {
  SimProcess sim({"--https-listen", "off", "--faults", "vpc:418"});
  EXPECT_FALSE(sim.ok());
}

TEST_F(Faults, ThrottleHasRetryAfterAndGatewayBody) {
  ASSERT_EQ(SetFaults({{"rules", {{{"service", "vpc"}, {"kind", "429"}, {"retry_after", 4}}}}}).status, 200);
  auto r = Call("GET", Vpcs());
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers["retry-after"], "4");
  EXPECT_EQ(r.Json()["error_code"], "APIGW.0308");
  EXPECT_FALSE(r.Json()["request_id"].get<std::string>().empty());
}

TEST_F(Faults, ServerErrorsUseTheServiceBody) {
  for (int status : {500, 502, 503, 504}) {
    ASSERT_EQ(SetFaults({{"spec", "vpc:" + std::to_string(status)}}).status, 200);
    auto r = Call("GET", Vpcs());
    EXPECT_EQ(r.status, status);
    EXPECT_TRUE(r.Json()["code"].is_string()) << r.body;  // VPC v1 {"code","message"}
    EXPECT_TRUE(r.Json()["message"].is_string()) << r.body;
    auto n = Call("GET", "/v2.0/security-groups");
    EXPECT_EQ(n.status, status);
    EXPECT_TRUE(n.Json()["NeutronError"]["type"].is_string()) << n.body;
  }
  // IAM faults get the Keystone body; the plan can target IAM alone.
  ASSERT_EQ(SetFaults({{"spec", "iam:503"}}).status, 200);
  EXPECT_EQ(ProjectToken(sim_), "");
  auto k = Http("POST", sim_.http() + "/v3/auth/tokens", "{}", {kJson});
  EXPECT_EQ(k.status, 503);
  EXPECT_EQ(k.Json()["error"]["code"], 503);
  EXPECT_EQ(Call("GET", Vpcs()).status, 200);
}

TEST_F(Faults, ConnectionResetGetsNoResponse) {
  ASSERT_EQ(SetFaults({{"spec", "/v1/:reset"}}).status, 200);
  auto r = Call("GET", Vpcs());
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
  // The request never reached the service: no VPC is created by a reset POST.
  Call("POST", Vpcs(), R"({"vpc":{"name":"x","cidr":"10.0.0.0/16"}})");
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status, 204);
  auto l = Call("GET", Vpcs());
  ASSERT_EQ(l.status, 200);
  EXPECT_EQ(l.Json()["vpcs"].size(), 0u);
}

TEST_F(Faults, LatencyDelaysWithoutBlockingTheWorker) {
  ASSERT_EQ(SetFaults({{"spec", "vpc:latency=1500"}}).status, 200);
  auto t0 = std::chrono::steady_clock::now();
  auto slow = std::async(std::launch::async, [&] { return Call("GET", Vpcs()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // The only worker still answers other connections meanwhile.
  auto t1 = std::chrono::steady_clock::now();
  auto health = Http("GET", sim_.http() + "/_sim/health");
  auto fast_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t1).count();
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(fast_ms, 700);
  auto r = slow.get();
  auto slow_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_GE(slow_ms, 1450);
  EXPECT_LT(slow_ms, 5000);
}

TEST_F(Faults, NotFoundForAWhileAfterCreate) {
  ASSERT_EQ(SetFaults({{"rules", {{{"service", "vpc"}, {"kind", "404-after-create"}, {"seconds", 30}}}}}).status, 200);
  auto c = Call("POST", Vpcs(), R"({"vpc":{"name":"ec","cidr":"10.0.0.0/16"}})");
  ASSERT_EQ(c.status, 200) << c.body;
  std::string id = c.Json()["vpc"]["id"];
  auto g = Call("GET", Vpcs() + "/" + id);
  EXPECT_EQ(g.status, 404);
  EXPECT_EQ(g.Json()["code"], "VPC.0101");
  // Neutron creates answer the Neutron 404.
  auto sg = Call("POST", "/v2.0/security-groups", R"({"security_group":{"name":"ec"}})");
  ASSERT_EQ(sg.status, 201) << sg.body;
  auto gs = Call("GET", "/v2.0/security-groups/" + sg.Json()["security_group"]["id"].get<std::string>());
  EXPECT_EQ(gs.status, 404);
  EXPECT_TRUE(gs.Json()["NeutronError"].is_object());
  auto adv = Http("POST", sim_.http() + "/_sim/clock/advance", R"({"seconds":31})", {kJson});
  ASSERT_EQ(adv.status, 200);
  EXPECT_EQ(Call("GET", Vpcs() + "/" + id).status, 200);
}

TEST_F(Faults, AdminSetShowAndClear) {
  auto bad = SetFaults({{"rules", {{{"kind", "teapot"}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.Json()["error"].is_string());
  EXPECT_EQ(Http("POST", sim_.http() + "/_sim/faults", "not json", {kJson}).status, 400);
  auto set = SetFaults({{"seed", 5}, {"rules", {{{"path", "/v1/"}, {"kind", "500"}, {"rate", 1}, {"methods", {"GET"}}}}}});
  ASSERT_EQ(set.status, 200) << set.body;
  auto shown = Http("GET", sim_.http() + "/_sim/faults").Json();
  EXPECT_EQ(shown["seed"], 5);
  ASSERT_EQ(shown["rules"].size(), 1u);
  EXPECT_EQ(shown["rules"][0]["path"], "/v1/");
  EXPECT_EQ(shown["rules"][0]["kind"], "500");
  EXPECT_EQ(Call("GET", Vpcs()).status, 500);
  EXPECT_EQ(Call("POST", Vpcs(), R"({"vpc":{"name":"m","cidr":"10.0.0.0/16"}})").status, 200);  // method filter
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/health").status, 200);  // admin is never faulted
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/faults").Json()["fired"], 1);
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status, 204);
  EXPECT_EQ(Call("GET", Vpcs()).status, 200);
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/faults").Json()["rules"], json::array());
}

}  // namespace
}  // namespace otcsim_test
