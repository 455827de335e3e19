// Starts the real otc-sim binary and checks IAM, VPC v1, the admin API,
// persistence and protocol limits against api.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>

#include "otcsim/http.h"
#include "otcsim/signer.h"
#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

json PasswordAuth(const SimProcess& sim, const std::string& password, bool domain_scope = false) {
  json user = {{"name", sim.cred("user")}, {"password", password}, {"domain", {{"name", sim.cred("domain")}}}};
  json scope = domain_scope ? json{{"domain", {{"name", sim.cred("domain")}}}}
                            : json{{"project", {{"name", sim.cred("project")}, {"domain", {{"name", sim.cred("domain")}}}}}};
  return {{"auth", {{"identity", {{"methods", {"password"}}, {"password", {{"user", user}}}}}, {"scope", scope}}}};
}

class OtcSim : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(sim_.ok()) << "otc-sim did not print its ready line"; }

  std::string Token() {
    auto r = Http("POST", sim_.http() + "/v3/auth/tokens", PasswordAuth(sim_, sim_.cred("password")).dump(), {kJson});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.headers["x-subject-token"];
  }
  HttpResult Call(const std::string& method, const std::string& path, const std::string& body = "") {
    if (token_.empty()) token_ = Token();
    return Http(method, sim_.http() + path, body, {kJson, "X-Auth-Token: " + token_});
  }
  std::string Pid() { return sim_.cred("project_id"); }
  void Advance(double seconds) {
    auto r = Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", seconds}}.dump(), {kJson});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  SimProcess sim_{{"--seed", "7"}};
  std::string token_;
};

TEST_F(OtcSim, TokenIssueCarriesProjectUserAndCatalog) {
  auto r = Http("POST", sim_.http() + "/v3/auth/tokens", PasswordAuth(sim_, sim_.cred("password")).dump(), {kJson});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.headers["x-subject-token"].empty());
  json t = r.Json()["token"];
  EXPECT_EQ(t["project"]["id"], Pid());
  EXPECT_EQ(t["project"]["name"], sim_.cred("project"));
  EXPECT_EQ(t["project"]["domain"]["id"], sim_.cred("domain_id"));
  EXPECT_EQ(t["user"]["domain"]["id"], sim_.cred("domain_id"));
  EXPECT_TRUE(t["user"]["id"].is_string());
  EXPECT_EQ(t["methods"], json::array({"password"}));
  std::string exp = t["expires_at"];
  EXPECT_EQ(exp.back(), 'Z');
  std::set<std::string> types;
  for (const auto& e : t["catalog"]) {
    types.insert(e["type"]);
    for (const auto& ep : e["endpoints"]) {
      EXPECT_EQ(ep["interface"], "public");
      // OBS has its own listener (bucket addressing); everything else is on http.
      std::string base = e["type"] == "object" ? sim_.ready().value("obs", "") : sim_.http();
      EXPECT_EQ(ep["url"].get<std::string>().rfind(base, 0), 0u) << ep;
    }
    if (e["type"] == "vpc") {
      EXPECT_EQ(e["endpoints"][0]["url"], sim_.http() + "/v1/" + Pid());
    }
    if (e["type"] == "identity") {
      EXPECT_EQ(e["endpoints"][0]["region"], "*");
    }
  }
  for (const char* want : {"identity", "network", "vpc", "ccev2.0", "rdsv3", "elbv3", "dns", "object", "ecs"}) {
    EXPECT_TRUE(types.count(want)) << want;
  }
  // The token validates, nocatalog drops the catalog.
  std::string tok = r.headers["x-subject-token"];
  auto v = Http("GET", sim_.http() + "/v3/auth/tokens?nocatalog=1", "", {"X-Auth-Token: " + tok, "X-Subject-Token: " + tok});
  ASSERT_EQ(v.status, 200);
  EXPECT_FALSE(v.Json()["token"].contains("catalog"));
  EXPECT_EQ(v.Json()["token"]["project"]["id"], Pid());
}

TEST_F(OtcSim, DomainScopedTokenHasDomainNotProject) {
  auto r = Http("POST", sim_.http() + "/v3/auth/tokens", PasswordAuth(sim_, sim_.cred("password"), true).dump(), {kJson});
  ASSERT_EQ(r.status, 201) << r.body;
  json t = r.Json()["token"];
  EXPECT_EQ(t["domain"]["id"], sim_.cred("domain_id"));
  EXPECT_FALSE(t.contains("project"));
}

TEST_F(OtcSim, WrongPasswordIsKeystone401) {
  auto r = Http("POST", sim_.http() + "/v3/auth/tokens", PasswordAuth(sim_, "nope").dump(), {kJson});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["error"]["code"], 401);
  EXPECT_TRUE(r.Json()["error"]["message"].is_string());
  EXPECT_TRUE(r.headers.find("x-subject-token") == r.headers.end());
}

TEST_F(OtcSim, ServiceWithoutOrWithBadTokenIsGateway401) {
  auto r = Http("GET", sim_.http() + "/v1/" + Pid() + "/vpcs");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["error_code"], "APIGW.0301");
  EXPECT_FALSE(r.Json()["request_id"].get<std::string>().empty());
  r = Http("GET", sim_.http() + "/v1/" + Pid() + "/vpcs", "", {"X-Auth-Token: MIIbogus"});
  EXPECT_EQ(r.status, 401);
  // Another project's URL with a valid token is refused.
  EXPECT_EQ(Call("GET", "/v1/0123456789abcdef0123456789abcdef/vpcs").status, 403);
}

TEST_F(OtcSim, UnknownPathIsApigw0101) {
  auto r = Call("GET", "/v9/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Json()["error_code"], "APIGW.0101");
}

std::string SdkDateNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

HttpResult SignedGet(const SimProcess& sim, const std::string& path, const std::string& sk, bool scoped) {
  std::string host = sim.http().substr(7);
  std::string date = SdkDateNow();
  otcsim::Request req;
  req.method = "GET";
  req.path = path;
  req.query = "limit=10";
  req.headers = {{"content-type", "application/json"}, {"host", host}, {"x-sdk-date", date}};
  std::vector<std::string> signed_headers = {"content-type", "host", "x-sdk-date"};
  std::string scope = scoped ? date.substr(0, 8) + "///sdk_request" : "";
  std::string sig = otcsim::SdkSignature(sk, date, scope, otcsim::SdkCanonicalRequest(req, signed_headers));
  std::string authz = scoped ? "SDK-HMAC-SHA256 Credential=" + sim.cred("access_key") + "/" + scope
                             : "SDK-HMAC-SHA256 Access=" + sim.cred("access_key");
  authz += ", SignedHeaders=content-type;host;x-sdk-date, Signature=" + sig;
  return Http("GET", sim.http() + path + "?limit=10", "",
              {kJson, "X-Sdk-Date: " + date, "Authorization: " + authz, "X-Project-Id: " + sim.cred("project_id")});
}

TEST_F(OtcSim, AkSkSignatureGoodAndBad) {
  std::string path = "/v1/" + Pid() + "/vpcs";
  auto good = SignedGet(sim_, path, sim_.cred("secret_key"), true);
  EXPECT_EQ(good.status, 200) << good.body;
  auto gateway = SignedGet(sim_, path, sim_.cred("secret_key"), false);
  EXPECT_EQ(gateway.status, 200) << gateway.body;
  auto bad = SignedGet(sim_, path, "wrong-secret", true);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.Json()["error_code"], "APIGW.0301");
  // AK/SK bootstrap: projects by name.
  auto projects = SignedGet(sim_, "/v3/projects", sim_.cred("secret_key"), true);
  ASSERT_EQ(projects.status, 200) << projects.body;
  EXPECT_EQ(projects.Json()["projects"][0]["id"], Pid());
}

TEST_F(OtcSim, VpcAndSubnetLifecycle) {
  std::string base = "/v1/" + Pid();
  auto c = Call("POST", base + "/vpcs", R"({"vpc":{"name":"vpc-1","cidr":"192.168.0.0/16","description":"d"}})");
  ASSERT_EQ(c.status, 200) << c.body;
  json vpc = c.Json()["vpc"];
  std::string vpc_id = vpc["id"];
  EXPECT_EQ(vpc_id.size(), 36u);
  EXPECT_EQ(vpc["status"], "CREATING");
  EXPECT_EQ(vpc["cidr"], "192.168.0.0/16");
  EXPECT_EQ(vpc["routes"], json::array());
  EXPECT_EQ(vpc["enable_shared_snat"], false);
  EXPECT_FALSE(vpc.contains("_project_id"));
  // Deleting while CREATING is refused.
  EXPECT_EQ(Call("DELETE", base + "/vpcs/" + vpc_id).status, 409);
  Advance(5);
  auto g = Call("GET", base + "/vpcs/" + vpc_id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["vpc"]["status"], "OK");
  EXPECT_EQ(Call("GET", "/v2.0/" + Pid() + "/vpcs/" + vpc_id + "/tags").Json(), (json{{"tags", json::array()}}));
  auto v3 = Call("GET", "/v3/" + Pid() + "/vpc/vpcs/" + vpc_id);
  ASSERT_EQ(v3.status, 200) << v3.body;
  EXPECT_EQ(v3.Json()["vpc"]["status"], "ACTIVE");
  EXPECT_EQ(v3.Json()["vpc"]["extend_cidrs"], json::array());
  EXPECT_FALSE(v3.Json()["request_id"].get<std::string>().empty());

  auto u = Call("PUT", base + "/vpcs/" + vpc_id, R"({"vpc":{"name":"vpc-2"}})");
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Json()["vpc"]["name"], "vpc-2");

  auto s = Call("POST", base + "/subnets",
                json{{"subnet",
                      {{"name", "sn-1"}, {"cidr", "192.168.1.0/24"}, {"gateway_ip", "192.168.1.1"}, {"vpc_id", vpc_id}}}}
                    .dump());
  ASSERT_EQ(s.status, 200) << s.body;
  json subnet = s.Json()["subnet"];
  std::string sid = subnet["id"];
  EXPECT_EQ(subnet["status"], "UNKNOWN");
  EXPECT_EQ(subnet["neutron_network_id"], sid);
  EXPECT_NE(subnet["neutron_subnet_id"], sid);
  EXPECT_EQ(subnet["dhcp_enable"], true);
  EXPECT_EQ(subnet["primary_dns"], "100.125.4.25");
  EXPECT_EQ(subnet["vpc_id"], vpc_id);
  Advance(5);
  EXPECT_EQ(Call("GET", base + "/subnets/" + sid).Json()["subnet"]["status"], "ACTIVE");
  auto list = Call("GET", base + "/subnets?vpc_id=" + vpc_id);
  ASSERT_EQ(list.Json()["subnets"].size(), 1u);

  auto del_vpc = Call("DELETE", base + "/vpcs/" + vpc_id);
  EXPECT_EQ(del_vpc.status, 409);
  EXPECT_EQ(del_vpc.Json()["code"], "VPC.0104");

  auto su = Call("PUT", base + "/vpcs/" + vpc_id + "/subnets/" + sid, R"({"subnet":{"name":"sn-2"}})");
  ASSERT_EQ(su.status, 200) << su.body;
  EXPECT_EQ(su.Json(), (json{{"subnet", {{"id", sid}, {"status", "ACTIVE"}}}}));

  EXPECT_EQ(Call("DELETE", base + "/vpcs/" + vpc_id + "/subnets/" + sid).status, 204);
  EXPECT_EQ(Call("DELETE", base + "/vpcs/" + vpc_id).status, 204);
  auto gone = Call("GET", base + "/vpcs/" + vpc_id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.Json()["code"], "VPC.0101");
}

TEST_F(OtcSim, CidrValidation) {
  std::string base = "/v1/" + Pid();
  for (const char* bad : {"300.1.0.0/16", "192.168.1.0/16", "8.8.0.0/16", "10.0.0.0/28", "nonsense"}) {
    auto r = Call("POST", base + "/vpcs", json{{"vpc", {{"name", "v"}, {"cidr", bad}}}}.dump());
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Json()["code"], "VPC.0101") << bad;
  }
  auto c = Call("POST", base + "/vpcs", R"({"vpc":{"name":"v","cidr":"10.0.0.0/16"}})");
  std::string vpc_id = c.Json()["vpc"]["id"];
  auto subnet = [&](const char* cidr, const char* gw) {
    return Call("POST", base + "/subnets",
                json{{"subnet", {{"name", "s"}, {"cidr", cidr}, {"gateway_ip", gw}, {"vpc_id", vpc_id}}}}.dump());
  };
  EXPECT_EQ(subnet("10.1.0.0/24", "10.1.0.1").status, 400);   // outside the VPC
  EXPECT_EQ(subnet("10.0.1.0/24", "10.0.2.1").status, 400);   // gateway outside the subnet
  EXPECT_EQ(subnet("10.0.1.0/24", "10.0.1.0").status, 400);   // gateway is the network address
  EXPECT_EQ(subnet("10.0.1.0/24", "10.0.1.1").status, 200);
  auto overlap = subnet("10.0.1.128/25", "10.0.1.129");
  EXPECT_EQ(overlap.status, 400);
  EXPECT_TRUE(overlap.Json()["code"].is_string());
  auto missing = Call("POST", base + "/subnets", R"({"subnet":{"name":"s","cidr":"10.0.2.0/24"}})");
  EXPECT_EQ(missing.status, 400);
}

TEST_F(OtcSim, MalformedBodiesGetServiceErrorsNotCrashes) {
  std::string base = "/v1/" + Pid();
  for (const char* body : {"{", "[]", R"({"vpc":"x"})", R"({"vpc":{"name":5}})", R"({"vpc":{"cidr":[1]}})", "\xff\xfe"}) {
    auto r = Call("POST", base + "/vpcs", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_TRUE(r.Json().contains("code")) << r.body;
  }
  auto k = Http("POST", sim_.http() + "/v3/auth/tokens", "{not json", {kJson});
  EXPECT_EQ(k.status, 400);
  EXPECT_EQ(k.Json()["error"]["code"], 400);
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/health").status, 200);
}

TEST_F(OtcSim, BodyAndHeaderLimits) {
  auto big = Call("POST", "/v1/" + Pid() + "/vpcs", std::string(17 * 1024 * 1024, 'a'));
  EXPECT_EQ(big.status, 413);
  auto hdr = Http("GET", sim_.http() + "/v3", "", {"X-Huge: " + std::string(40 * 1024, 'h')});
  EXPECT_EQ(hdr.status, 431);
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/health").status, 200);
}

TEST_F(OtcSim, ChunkedRequestBody) {
  if (token_.empty()) token_ = Token();
  auto r = Http("POST", sim_.http() + "/v1/" + Pid() + "/vpcs", R"({"vpc":{"name":"chunky","cidr":"172.16.0.0/16"}})",
                {kJson, "X-Auth-Token: " + token_, "Transfer-Encoding: chunked"});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(OtcSim, HttpsWithGeneratedCa) {
  ASSERT_FALSE(sim_.https().empty());
  auto r = Http("GET", sim_.https() + "/v3", "", {}, sim_.ready()["ca_file"]);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["version"]["id"], "v3.6");
}

TEST_F(OtcSim, AdminListsResetsAndLogs) {
  Call("POST", "/v1/" + Pid() + "/vpcs", R"({"vpc":{"name":"a","cidr":"192.168.0.0/16"}})");
  auto res = Http("GET", sim_.http() + "/_sim/resources").Json();
  ASSERT_EQ(res["resources"]["vpc"].size(), 1u);
  EXPECT_EQ(res["resources"]["vpc"][0]["_project_id"], Pid());
  auto log = Http("GET", sim_.http() + "/_sim/requests").Json()["requests"];
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[log.size() - 2]["status"], 200);
  EXPECT_EQ(Http("POST", sim_.http() + "/_sim/reset").status, 204);
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/resources").Json()["resources"]["vpc"].size(), 0u);
}

TEST(OtcSimProcess, StatePersistsAcrossRestart) {
  auto dir = std::filesystem::temp_directory_path() / ("otcsim-it-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string state = (dir / "state.json").string();
  std::string vpc_id;
  std::string pid;
  {
    SimProcess sim({"--state", state, "--https-listen", "off"});
    ASSERT_TRUE(sim.ok());
    pid = sim.cred("project_id");
    auto t = Http("POST", sim.http() + "/v3/auth/tokens", PasswordAuth(sim, sim.cred("password")).dump(), {kJson});
    auto c = Http("POST", sim.http() + "/v1/" + pid + "/vpcs", R"({"vpc":{"name":"keep","cidr":"10.0.0.0/8"}})",
                  {kJson, "X-Auth-Token: " + t.headers["x-subject-token"]});
    ASSERT_EQ(c.status, 200);
    vpc_id = c.Json()["vpc"]["id"];
    EXPECT_EQ(sim.Stop(), 0);
  }
  ASSERT_TRUE(std::filesystem::exists(state));
  {
    SimProcess sim({"--state", state, "--https-listen", "off"});
    ASSERT_TRUE(sim.ok());
    EXPECT_EQ(sim.cred("project_id"), pid);  // identities are stable
    auto t = Http("POST", sim.http() + "/v3/auth/tokens", PasswordAuth(sim, sim.cred("password")).dump(), {kJson});
    auto g = Http("GET", sim.http() + "/v1/" + pid + "/vpcs/" + vpc_id, "",
                  {"X-Auth-Token: " + t.headers["x-subject-token"]});
    EXPECT_EQ(g.status, 200) << g.body;
    EXPECT_EQ(g.Json()["vpc"]["name"], "keep");
  }
  std::filesystem::remove_all(dir);
}

TEST(OtcSimProcess, ConfigFileSetsOptionsAndFlagsWin) {
  auto dir = std::filesystem::temp_directory_path() / ("otcsim-cfg-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string cfg = (dir / "otc-sim.toml").string();
  {
    std::FILE* f = std::fopen(cfg.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("# otc-sim options\nregion = \"eu-nl\"\nhttps-listen = \"off\"\nuser = \"alice\"\n"
               "project = \"eu-nl_edp\"\n",
               f);
    std::fclose(f);
  }
  SimProcess sim({"--config", cfg, "--user", "bob"});
  ASSERT_TRUE(sim.ok());
  EXPECT_EQ(sim.ready()["region"], "eu-nl");
  EXPECT_TRUE(sim.ready()["https"].is_null());
  EXPECT_EQ(sim.cred("project"), "eu-nl_edp");
  EXPECT_EQ(sim.cred("user"), "bob");  // the command line wins over the file
  EXPECT_EQ(sim.Stop(), 0);

  // A config naming an unknown option is refused at start-up.
  std::string bad = (dir / "bad.toml").string();
  {
    std::FILE* f = std::fopen(bad.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("no-such-option = 1\n", f);
    std::fclose(f);
  }
  SimProcess refused({"--config", bad});
  EXPECT_FALSE(refused.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace otcsim_test
