// VPC extras against the real otc-sim binary: v2.0 tags for vpcs, subnets
// and publicips (api.md 2.4), VPC v3 reads and secondary CIDRs (2.3),
// Neutron ports (2.7) and temporary AK/SK with X-Security-Token (1.6).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

#include "otcsim/http.h"
#include "otcsim/signer.h"
#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

class VpcExtra : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    token_ = ProjectToken(sim_);
    ASSERT_FALSE(token_.empty());
  }
  std::string Pid() { return sim_.cred("project_id"); }
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Http(method, sim_.http() + path, body.is_null() ? "" : body.dump(), {kJson, "X-Auth-Token: " + token_});
  }
  HttpResult RawCall(const std::string& method, const std::string& path, const std::string& body) {
    return Http(method, sim_.http() + path, body, {kJson, "X-Auth-Token: " + token_});
  }
  void Advance(double s) {
    ASSERT_EQ(Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", s}}.dump(), {kJson}).status, 200);
  }
  std::string Vpc(const std::string& cidr = "192.168.0.0/16") {
    auto v = Call("POST", "/v1/" + Pid() + "/vpcs", {{"vpc", {{"name", "v"}, {"cidr", cidr}}}});
    EXPECT_EQ(v.status, 200) << v.body;
    return v.Json()["vpc"]["id"];
  }
  json Subnet(const std::string& vpc, const std::string& net) {
    auto s = Call("POST", "/v1/" + Pid() + "/subnets",
                  {{"subnet", {{"name", "s"}, {"cidr", net + "0/24"}, {"gateway_ip", net + "1"}, {"vpc_id", vpc}}}});
    EXPECT_EQ(s.status, 200) << s.body;
    return s.Json()["subnet"];
  }
  std::string Eip() {
    auto a = Call("POST", "/v1/" + Pid() + "/publicips",
                  {{"publicip", {{"type", "5_bgp"}}},
                   {"bandwidth", {{"name", "bw"}, {"size", 5}, {"share_type", "PER"}, {"charge_mode", "traffic"}}}});
    EXPECT_EQ(a.status, 200) << a.body;
    return a.Json()["publicip"]["id"];
  }

  SimProcess sim_{{"--seed", "21", "--https-listen", "off"}};
  std::string token_;
};

void ExpectVpcError(const HttpResult& r, long status, const std::string& code, const std::string& part = "") {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Json().value("code", ""), code) << r.body;
  if (!part.empty()) {
    EXPECT_NE(r.Json().value("message", "").find(part), std::string::npos) << r.body;
  }
}

TEST_F(VpcExtra, TagsOnVpcsSubnetsAndPublicips) {
  std::string vpc = Vpc();
  std::string subnet = Subnet(vpc, "192.168.1.")["id"];
  std::string eip = Eip();
  struct Case {
    std::string kind, id, nf_code;
  };
  for (const Case& c :
       {Case{"vpcs", vpc, "VPC.0101"}, Case{"subnets", subnet, "VPC.0202"}, Case{"publicips", eip, "VPC.0504"}}) {
    SCOPED_TRACE(c.kind);
    std::string base = "/v2.0/" + Pid() + "/" + c.kind + "/" + c.id + "/tags";
    EXPECT_EQ(Call("GET", base).Json(), (json{{"tags", json::array()}}));
    EXPECT_EQ(Call("POST", base, {{"tag", {{"key", "env"}, {"value", "dev"}}}}).status, 204);
    EXPECT_EQ(Call("POST", base, {{"tag", {{"key", "env"}, {"value", "prod"}}}}).status, 204);  // overwrite
    auto batch = Call(
        "POST", base + "/action",
        {{"action", "create"}, {"tags", {{{"key", "team"}, {"value", "a"}}, {{"key", "cost"}, {"value", "1.5"}}}}});
    EXPECT_EQ(batch.status, 204) << batch.body;
    json tags = Call("GET", base).Json()["tags"];
    ASSERT_EQ(tags.size(), 3u) << tags.dump();
    EXPECT_EQ(tags[0], (json{{"key", "env"}, {"value", "prod"}}));
    auto proj = Call("GET", "/v2.0/" + Pid() + "/" + c.kind + "/tags");
    ASSERT_EQ(proj.status, 200) << proj.body;
    EXPECT_EQ(proj.Json()["tags"][1], (json{{"key", "env"}, {"values", {"prod"}}})) << proj.body;
    EXPECT_EQ(Call("DELETE", base + "/team").status, 204);
    ExpectVpcError(Call("DELETE", base + "/team"), 404, "VPC.0802", "team");
    // Batch delete ignores keys that are not there.
    EXPECT_EQ(Call("POST", base + "/action", {{"action", "delete"}, {"tags", {{{"key", "cost"}}, {{"key", "ghost"}}}}})
                  .status,
              204);
    EXPECT_EQ(Call("GET", base).Json()["tags"], (json::array({{{"key", "env"}, {"value", "prod"}}})));
    // Validation.
    ExpectVpcError(Call("POST", base + "/action", {{"action", "upsert"}, {"tags", {{{"key", "k"}, {"value", "v"}}}}}),
                   400, "VPC.0801", "action");
    ExpectVpcError(Call("POST", base, {{"tag", {{"key", "bad key!"}, {"value", "v"}}}}), 400, "VPC.0801", "bad key!");
    ExpectVpcError(Call("POST", base, {{"tag", {{"key", "k"}, {"value", std::string(44, 'v')}}}}), 400, "VPC.0801");
    ExpectVpcError(Call("POST", base, {{"tag", {{"key", "k"}}}}), 400, "VPC.0801", "required");
    ExpectVpcError(
        Call("POST", base + "/action",
             {{"action", "create"}, {"tags", {{{"key", "d"}, {"value", "1"}}, {{"key", "d"}, {"value", "2"}}}}}),
        400, "VPC.0801", "twice");
    ExpectVpcError(RawCall("POST", base, "{oops"), 400, "VPC.0801", "JSON");
    json many = json::array();
    for (int i = 0; i < 10; ++i) many.push_back({{"key", "k" + std::to_string(i)}, {"value", "v"}});
    ExpectVpcError(Call("POST", base + "/action", {{"action", "create"}, {"tags", many}}), 400, "VPC.0801",
                   "at most 10");
    EXPECT_EQ(Call("GET", base).Json()["tags"].size(), 1u);  // unchanged after the refused batch
    // Unknown resource.
    auto nf = Call("POST", "/v2.0/" + Pid() + "/" + c.kind + "/nope/tags", {{"tag", {{"key", "a"}, {"value", "b"}}}});
    EXPECT_EQ(nf.status, 404);
    EXPECT_EQ(nf.Json().value("code", ""), c.nf_code);
  }
  // No token: API gateway 401.
  EXPECT_EQ(Http("POST", sim_.http() + "/v2.0/" + Pid() + "/vpcs/" + vpc + "/tags", "{}", {kJson}).status, 401);
}

TEST_F(VpcExtra, VpcV3ReadAndSecondaryCidrs) {
  std::string vpc = Vpc();
  std::string base = "/v3/" + Pid() + "/vpc/vpcs/" + vpc;
  auto g = Call("GET", base);
  ASSERT_EQ(g.status, 200) << g.body;
  json v = g.Json()["vpc"];
  EXPECT_EQ(v["id"], vpc);
  EXPECT_EQ(v["cidr"], "192.168.0.0/16");
  EXPECT_EQ(v["extend_cidrs"], json::array());
  EXPECT_EQ(v["project_id"], Pid());
  EXPECT_FALSE(g.Json().value("request_id", "").empty());
  // dry_run validates without changing anything.
  auto dry = Call("PUT", base + "/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"23.9.0.0/16"}}}}, {"dry_run", true}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(Call("GET", base).Json()["vpc"]["extend_cidrs"], json::array());
  auto add = Call("PUT", base + "/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"23.9.0.0/16"}}}}, {"dry_run", false}});
  ASSERT_EQ(add.status, 200) << add.body;
  EXPECT_EQ(add.Json()["vpc"]["extend_cidrs"], (json{"23.9.0.0/16"}));
  EXPECT_EQ(Call("GET", base).Json()["vpc"]["extend_cidrs"], (json{"23.9.0.0/16"}));
  auto dup = Call("PUT", base + "/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"23.9.0.0/16"}}}}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.Json()["error_code"], "VPC.0610");
  auto overlap = Call("PUT", base + "/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"192.168.128.0/17"}}}}});
  EXPECT_EQ(overlap.status, 400);
  EXPECT_NE(overlap.Json()["error_msg"].get<std::string>().find("overlaps the VPC CIDR"), std::string::npos);
  auto reserved = Call("PUT", base + "/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"100.64.0.0/16"}}}}});
  EXPECT_EQ(reserved.status, 400);
  auto bad = Call("PUT", base + "/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"23.9.0.1/33"}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error_code"], "VPC.0002");
  auto missing = Call("PUT", base + "/remove-extend-cidr", {{"vpc", {{"extend_cidrs", {"24.0.0.0/16"}}}}});
  EXPECT_EQ(missing.status, 404);
  auto rm = Call("PUT", base + "/remove-extend-cidr", {{"vpc", {{"extend_cidrs", {"23.9.0.0/16"}}}}});
  ASSERT_EQ(rm.status, 200) << rm.body;
  EXPECT_EQ(rm.Json()["vpc"]["extend_cidrs"], json::array());
  auto nf = Call("GET", "/v3/" + Pid() + "/vpc/vpcs/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.Json()["error_code"], "VPC.0602");
  auto nf2 =
      Call("PUT", "/v3/" + Pid() + "/vpc/vpcs/nope/add-extend-cidr", {{"vpc", {{"extend_cidrs", {"23.9.0.0/16"}}}}});
  EXPECT_EQ(nf2.status, 404);
  EXPECT_EQ(nf2.Json()["error_code"], "VPC.0602");
}

TEST_F(VpcExtra, NeutronPorts) {
  auto empty = Call("GET", "/v2.0/ports");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Json()["ports"], json::array());
  auto nf = Call("GET", "/v2.0/ports/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.Json()["NeutronError"]["type"], "PortNotFound");
  EXPECT_EQ(Http("GET", sim_.http() + "/v2.0/ports").status, 401);
  // Ports appear when an ELB takes addresses in two subnets.
  std::string vpc = Vpc();
  json a = Subnet(vpc, "192.168.10.");
  json b = Subnet(vpc, "192.168.11.");
  auto lb = Call("POST", "/v3/" + Pid() + "/elb/loadbalancers",
                 {{"loadbalancer",
                   {{"availability_zone_list", {"eu-de-01"}},
                    {"vip_subnet_cidr_id", a["neutron_subnet_id"]},
                    {"vip_address", "192.168.10.50"},
                    {"elb_virsubnet_ids", {b["id"]}}}}});
  ASSERT_EQ(lb.status, 201) << lb.body;
  std::string lb_id = lb.Json()["loadbalancer"]["id"];
  auto all = Call("GET", "/v2.0/ports");
  ASSERT_EQ(all.Json()["ports"].size(), 2u) << all.body;
  auto by_ip = Call("GET", "/v2.0/ports?fixed_ips=ip_address%3D192.168.10.50");
  ASSERT_EQ(by_ip.Json()["ports"].size(), 1u) << by_ip.body;
  json port = by_ip.Json()["ports"][0];
  EXPECT_EQ(port["id"], lb.Json()["loadbalancer"]["vip_port_id"]);
  EXPECT_EQ(port["network_id"], a["id"]);
  EXPECT_EQ(port["device_id"], lb_id);
  EXPECT_EQ(port["status"], "ACTIVE");
  EXPECT_EQ(port["security_groups"], json::array());
  EXPECT_EQ(Call("GET", "/v2.0/ports?fixed_ips=subnet_id=" + b["neutron_subnet_id"].get<std::string>())
                .Json()["ports"]
                .size(),
            1u);
  EXPECT_EQ(Call("GET", "/v2.0/ports?network_id=" + b["id"].get<std::string>()).Json()["ports"].size(), 1u);
  EXPECT_EQ(Call("GET", "/v2.0/ports?device_owner=compute:nova").Json()["ports"].size(), 0u);
  EXPECT_EQ(Call("GET", "/v2.0/ports?fixed_ips=nonsense").status, 400);
  auto page = Call("GET", "/v2.0/ports?limit=1");
  ASSERT_EQ(page.Json()["ports"].size(), 1u);
  ASSERT_TRUE(page.Json().contains("ports_links")) << page.body;
  std::string href = page.Json()["ports_links"][0]["href"];
  auto next = Http("GET", href, "", {"X-Auth-Token: " + token_});
  ASSERT_EQ(next.Json()["ports"].size(), 1u) << next.body;
  EXPECT_NE(next.Json()["ports"][0]["id"], page.Json()["ports"][0]["id"]);
  // Both subnets are in use until the load balancer is gone.
  ExpectVpcError(Call("DELETE", "/v1/" + Pid() + "/vpcs/" + vpc + "/subnets/" + b["id"].get<std::string>()), 409,
                 "VPC.0209");
  EXPECT_EQ(Call("DELETE", "/v3/" + Pid() + "/elb/loadbalancers/" + lb_id).status, 204);
  EXPECT_EQ(Call("GET", "/v2.0/ports").Json()["ports"], json::array());
  EXPECT_EQ(Call("DELETE", "/v1/" + Pid() + "/vpcs/" + vpc + "/subnets/" + b["id"].get<std::string>()).status, 204);
}

std::string SdkDateNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// A GET signed like the Go SDK; X-Security-Token is added after signing.
HttpResult SignedGet(const SimProcess& sim, const std::string& path, const std::string& ak, const std::string& sk,
                     const std::string& security_token) {
  std::string host = sim.http().substr(7);
  std::string date = SdkDateNow();
  otcsim::Request req;
  req.method = "GET";
  req.path = path;
  req.headers = {{"content-type", "application/json"}, {"host", host}, {"x-sdk-date", date}};
  std::vector<std::string> signed_headers = {"content-type", "host", "x-sdk-date"};
  std::string scope = date.substr(0, 8) + "///sdk_request";
  std::string sig = otcsim::SdkSignature(sk, date, scope, otcsim::SdkCanonicalRequest(req, signed_headers));
  std::string authz = "SDK-HMAC-SHA256 Credential=" + ak + "/" + scope +
                      ", SignedHeaders=content-type;host;x-sdk-date, Signature=" + sig;
  std::vector<std::string> headers = {kJson, "X-Sdk-Date: " + date, "Authorization: " + authz,
                                      "X-Project-Id: " + sim.cred("project_id")};
  if (!security_token.empty()) headers.push_back("X-Security-Token: " + security_token);
  return Http("GET", sim.http() + path, "", headers);
}

TEST_F(VpcExtra, TemporaryAkSkWithSecurityToken) {
  std::string url = sim_.http() + "/v3.0/OS-CREDENTIAL/securitytokens";
  json req = {{"auth", {{"identity", {{"methods", {"token"}}, {"token", {{"duration_seconds", 900}}}}}}}};
  EXPECT_EQ(Http("POST", url, req.dump(), {kJson}).status, 401);
  json too_short = {{"auth", {{"identity", {{"methods", {"token"}}, {"token", {{"duration_seconds", 60}}}}}}}};
  EXPECT_EQ(Http("POST", url, too_short.dump(), {kJson, "X-Auth-Token: " + token_}).status, 400);
  EXPECT_EQ(Http("POST", url, "{bad", {kJson, "X-Auth-Token: " + token_}).status, 400);
  json agency = {
      {"auth",
       {{"identity", {{"methods", {"assume_role"}}, {"assume_role", {{"agency_name", "a"}, {"domain_name", "d"}}}}}}}};
  EXPECT_EQ(Http("POST", url, agency.dump(), {kJson, "X-Auth-Token: " + token_}).status, 404);
  auto issued = Http("POST", url, req.dump(), {kJson, "X-Auth-Token: " + token_});
  ASSERT_EQ(issued.status, 201) << issued.body;
  json cred = issued.Json()["credential"];
  std::string ak = cred["access"];
  std::string sk = cred["secret"];
  std::string st = cred["securitytoken"];
  EXPECT_EQ(ak.size(), 20u);
  EXPECT_EQ(sk.size(), 40u);
  EXPECT_GT(st.size(), 100u);
  std::string expires = cred["expires_at"];
  EXPECT_EQ(expires.back(), 'Z');

  std::string path = "/v1/" + Pid() + "/vpcs";
  auto ok = SignedGet(sim_, path, ak, sk, st);
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto no_token = SignedGet(sim_, path, ak, sk, "");
  EXPECT_EQ(no_token.status, 401);
  EXPECT_NE(no_token.Json()["error_msg"].get<std::string>().find("X-Security-Token"), std::string::npos);
  auto wrong_token = SignedGet(sim_, path, ak, sk, st + "x");
  EXPECT_EQ(wrong_token.status, 401);
  auto wrong_secret = SignedGet(sim_, path, ak, sk + "x", st);
  EXPECT_EQ(wrong_secret.status, 401);
  // The permanent AK/SK keeps working without a security token.
  EXPECT_EQ(SignedGet(sim_, path, sim_.cred("access_key"), sim_.cred("secret_key"), "").status, 200);
  // Expiry on the simulated clock.
  Advance(901);
  auto expired = SignedGet(sim_, path, ak, sk, st);
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(expired.Json()["error_msg"].get<std::string>().find("expired"), std::string::npos) << expired.body;
}

TEST(VpcExtraPersistence, TagsAndSecondaryCidrsSurviveRestart) {
  char tmpl[] = "/tmp/otc-sim-vpcx-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string state = std::string(tmpl) + "/state.json";
  std::string vpc;
  std::string pid;
  {
    SimProcess sim({"--seed", "22", "--https-listen", "off", "--state", state});
    ASSERT_TRUE(sim.ok());
    std::string tok = ProjectToken(sim);
    pid = sim.cred("project_id");
    vpc = Http("POST", sim.http() + "/v1/" + pid + "/vpcs",
               json{{"vpc", {{"name", "v"}, {"cidr", "10.0.0.0/16"}}}}.dump(), {kJson, "X-Auth-Token: " + tok})
              .Json()["vpc"]["id"];
    EXPECT_EQ(Http("POST", sim.http() + "/v2.0/" + pid + "/vpcs/" + vpc + "/tags",
                   json{{"tag", {{"key", "keep"}, {"value", "me"}}}}.dump(), {kJson, "X-Auth-Token: " + tok})
                  .status,
              204);
    EXPECT_EQ(Http("PUT", sim.http() + "/v3/" + pid + "/vpc/vpcs/" + vpc + "/add-extend-cidr",
                   json{{"vpc", {{"extend_cidrs", {"172.16.0.0/16"}}}}}.dump(), {kJson, "X-Auth-Token: " + tok})
                  .status,
              200);
    EXPECT_EQ(sim.Stop(), 0);
  }
  SimProcess sim({"--seed", "22", "--https-listen", "off", "--state", state});
  ASSERT_TRUE(sim.ok());
  std::string tok = ProjectToken(sim);
  auto tags = Http("GET", sim.http() + "/v2.0/" + pid + "/vpcs/" + vpc + "/tags", "", {"X-Auth-Token: " + tok});
  EXPECT_EQ(tags.Json(), (json{{"tags", {{{"key", "keep"}, {"value", "me"}}}}}));
  auto v3 = Http("GET", sim.http() + "/v3/" + pid + "/vpc/vpcs/" + vpc, "", {"X-Auth-Token: " + tok});
  EXPECT_EQ(v3.Json()["vpc"]["extend_cidrs"], (json{"172.16.0.0/16"}));
  sim.Stop();
  std::remove(state.c_str());
  rmdir(tmpl);
}

}  // namespace
}  // namespace otcsim_test
