// Neutron v2.0 security groups and rules (api.md 2.6) against the real
// otc-sim binary.
#include <gtest/gtest.h>

#include <set>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

class Neutron : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    token_ = ProjectToken(sim_);
    ASSERT_FALSE(token_.empty());
  }
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Http(method, sim_.http() + path, body.is_null() ? "" : body.dump(), {kJson, "X-Auth-Token: " + token_});
  }
  std::string Group(const std::string& name) {
    auto r = Call("POST", "/v2.0/security-groups", {{"security_group", {{"name", name}, {"description", "d"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json()["security_group"]["id"];
  }
  HttpResult Rule(json rule) { return Call("POST", "/v2.0/security-group-rules", {{"security_group_rule", rule}}); }
  std::string Pid() { return sim_.cred("project_id"); }

  SimProcess sim_{{"--seed", "3", "--https-listen", "off"}};
  std::string token_;
};

void ExpectNeutronError(const HttpResult& r, long status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  json e = r.Json();
  ASSERT_TRUE(e.contains("NeutronError")) << r.body;
  EXPECT_EQ(e["NeutronError"]["type"], type) << r.body;
  EXPECT_TRUE(e["NeutronError"]["message"].is_string());
  EXPECT_EQ(e["NeutronError"]["detail"], "");
}

TEST_F(Neutron, GroupCrudWithDefaultEgressRules) {
  auto c = Call("POST", "/v2.0/security-groups", {{"security_group", {{"name", "web"}, {"description", "web tier"}}}});
  ASSERT_EQ(c.status, 201) << c.body;
  json sg = c.Json()["security_group"];
  std::string id = sg["id"];
  EXPECT_EQ(sg["name"], "web");
  EXPECT_EQ(sg["description"], "web tier");
  EXPECT_EQ(sg["tenant_id"], Pid());
  EXPECT_EQ(sg["project_id"], Pid());
  ASSERT_EQ(sg["security_group_rules"].size(), 2u);
  std::set<std::string> ethertypes;
  for (const auto& r : sg["security_group_rules"]) {
    EXPECT_EQ(r["direction"], "egress");
    EXPECT_TRUE(r["protocol"].is_null());
    EXPECT_TRUE(r["port_range_min"].is_null());
    EXPECT_TRUE(r["port_range_max"].is_null());
    EXPECT_TRUE(r["remote_ip_prefix"].is_null());
    EXPECT_TRUE(r["remote_group_id"].is_null());
    EXPECT_EQ(r["security_group_id"], id);
    ethertypes.insert(r["ethertype"]);
  }
  EXPECT_EQ(ethertypes, (std::set<std::string>{"IPv4", "IPv6"}));

  auto g = Call("GET", "/v2.0/security-groups/" + id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["security_group"], sg);

  auto u = Call("PUT", "/v2.0/security-groups/" + id, {{"security_group", {{"name", "web2"}}}});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Json()["security_group"]["name"], "web2");
  EXPECT_EQ(u.Json()["security_group"]["description"], "web tier");

  Group("other");
  auto l = Call("GET", "/v2.0/security-groups?name=web2");
  ASSERT_EQ(l.status, 200);
  ASSERT_EQ(l.Json()["security_groups"].size(), 1u);
  EXPECT_EQ(l.Json()["security_groups"][0]["id"], id);
  auto page = Call("GET", "/v2.0/security-groups?limit=1");
  ASSERT_EQ(page.Json()["security_groups"].size(), 1u);
  ASSERT_TRUE(page.Json().contains("security_groups_links"));
  EXPECT_EQ(page.Json()["security_groups_links"][0]["rel"], "next");
  std::string next = page.Json()["security_groups_links"][0]["href"];
  auto page2 = Http("GET", next, "", {"X-Auth-Token: " + token_});
  ASSERT_EQ(page2.status, 200);
  ASSERT_EQ(page2.Json()["security_groups"].size(), 1u);
  EXPECT_NE(page2.Json()["security_groups"][0]["id"], page.Json()["security_groups"][0]["id"]);

  // Provider's delete_default_rules: delete every rule of the create response.
  for (const auto& r : sg["security_group_rules"]) {
    EXPECT_EQ(Call("DELETE", "/v2.0/security-group-rules/" + r["id"].get<std::string>()).status, 204);
  }
  EXPECT_EQ(Call("GET", "/v2.0/security-groups/" + id).Json()["security_group"]["security_group_rules"], json::array());

  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + id).status, 204);
  ExpectNeutronError(Call("GET", "/v2.0/security-groups/" + id), 404, "SecurityGroupNotFound");
  EXPECT_EQ(Call("GET", "/v2.0/security-groups/" + id).Json()["NeutronError"]["message"],
            "Security group " + id + " does not exist");
  ExpectNeutronError(Call("DELETE", "/v2.0/security-groups/" + id), 404, "SecurityGroupNotFound");
}

TEST_F(Neutron, GroupValidation) {
  ExpectNeutronError(Http("POST", sim_.http() + "/v2.0/security-groups", "{oops", {kJson, "X-Auth-Token: " + token_}),
                     400, "HTTPBadRequest");
  ExpectNeutronError(Call("POST", "/v2.0/security-groups", {{"security_group", {{"name", 5}}}}), 400, "HTTPBadRequest");
  ExpectNeutronError(Call("POST", "/v2.0/security-groups", {{"security_group", {{"name", "x"}, {"colour", "red"}}}}), 400,
                     "HTTPBadRequest");
  ExpectNeutronError(Call("POST", "/v2.0/security-groups", {{"nothing", 1}}), 400, "HTTPBadRequest");
  EXPECT_EQ(Http("GET", sim_.http() + "/v2.0/security-groups").status, 401);
}

TEST_F(Neutron, RuleCreateGetDelete) {
  std::string sg = Group("app");
  auto c = Rule({{"direction", "ingress"},
                 {"ethertype", "IPv4"},
                 {"security_group_id", sg},
                 {"protocol", "tcp"},
                 {"port_range_min", 22},
                 {"port_range_max", 22},
                 {"remote_ip_prefix", "10.0.0.7/24"},
                 {"description", "ssh"}});
  ASSERT_EQ(c.status, 201) << c.body;
  json r = c.Json()["security_group_rule"];
  EXPECT_EQ(r["protocol"], "tcp");
  EXPECT_EQ(r["port_range_min"], 22);
  EXPECT_EQ(r["port_range_max"], 22);
  EXPECT_EQ(r["remote_ip_prefix"], "10.0.0.0/24");  // normalised like Neutron
  EXPECT_TRUE(r["remote_group_id"].is_null());
  EXPECT_EQ(r["tenant_id"], Pid());
  EXPECT_EQ(r["project_id"], Pid());
  EXPECT_EQ(r["description"], "ssh");
  std::string rid = r["id"];
  auto g = Call("GET", "/v2.0/security-group-rules/" + rid);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["security_group_rule"], r);
  EXPECT_EQ(Call("GET", "/v2.0/security-groups/" + sg).Json()["security_group"]["security_group_rules"].size(), 3u);
  auto l = Call("GET", "/v2.0/security-group-rules?security_group_id=" + sg + "&direction=ingress");
  ASSERT_EQ(l.Json()["security_group_rules"].size(), 1u);
  // Same rule again is a conflict.
  ExpectNeutronError(Rule({{"direction", "ingress"}, {"ethertype", "IPv4"}, {"security_group_id", sg}, {"protocol", "tcp"},
                           {"port_range_min", 22}, {"port_range_max", 22}, {"remote_ip_prefix", "10.0.0.0/24"}}),
                     409, "SecurityGroupRuleExists");
  // ICMP: min=type, max=code; IPv6 prefix.
  auto icmp = Rule({{"direction", "ingress"}, {"ethertype", "IPv6"}, {"security_group_id", sg}, {"protocol", "ipv6-icmp"},
                    {"port_range_min", 128}, {"port_range_max", 0}, {"remote_ip_prefix", "2001:db8::/32"}});
  EXPECT_EQ(icmp.status, 201) << icmp.body;
  // Numeric protocol, no ports.
  EXPECT_EQ(Rule({{"direction", "egress"}, {"ethertype", "IPv4"}, {"security_group_id", sg}, {"protocol", "47"}}).status, 201);

  EXPECT_EQ(Call("DELETE", "/v2.0/security-group-rules/" + rid).status, 204);
  ExpectNeutronError(Call("GET", "/v2.0/security-group-rules/" + rid), 404, "SecurityGroupRuleNotFound");
  ExpectNeutronError(Call("DELETE", "/v2.0/security-group-rules/" + rid), 404, "SecurityGroupRuleNotFound");
}

TEST_F(Neutron, RuleValidation) {
  std::string sg = Group("v");
  json base = {{"direction", "ingress"}, {"ethertype", "IPv4"}, {"security_group_id", sg}};
  auto with = [&](json extra) {
    json r = base;
    for (auto& [k, v] : extra.items()) {
      if (v.is_null()) {
        r.erase(k);
      } else {
        r[k] = v;
      }
    }
    return Rule(r);
  };
  ExpectNeutronError(with({{"direction", "sideways"}}), 400, "HTTPBadRequest");
  ExpectNeutronError(with({{"direction", nullptr}}), 400, "HTTPBadRequest");
  ExpectNeutronError(with({{"ethertype", "IPv5"}}), 400, "SecurityGroupRuleInvalidEtherType");
  ExpectNeutronError(with({{"protocol", "carrier-pigeon"}}), 400, "SecurityGroupRuleInvalidProtocol");
  ExpectNeutronError(with({{"protocol", "256"}}), 400, "SecurityGroupRuleInvalidProtocol");
  ExpectNeutronError(with({{"port_range_min", 80}, {"port_range_max", 80}}), 400, "SecurityGroupProtocolRequiredWithPorts");
  ExpectNeutronError(with({{"protocol", "tcp"}, {"port_range_min", 90}, {"port_range_max", 80}}), 400,
                     "SecurityGroupInvalidPortRange");
  ExpectNeutronError(with({{"protocol", "udp"}, {"port_range_min", 0}, {"port_range_max", 80}}), 400,
                     "SecurityGroupInvalidPortValue");
  ExpectNeutronError(with({{"protocol", "tcp"}, {"port_range_min", 1}, {"port_range_max", 70000}}), 400,
                     "SecurityGroupInvalidPortValue");
  ExpectNeutronError(with({{"protocol", "icmp"}, {"port_range_min", 300}}), 400, "SecurityGroupInvalidIcmpValue");
  ExpectNeutronError(with({{"protocol", "icmp"}, {"port_range_max", 0}}), 400, "SecurityGroupMissingIcmpType");
  ExpectNeutronError(with({{"protocol", "gre"}, {"port_range_min", 1}, {"port_range_max", 2}}), 400,
                     "SecurityGroupInvalidProtocolForPortRange");
  ExpectNeutronError(with({{"remote_ip_prefix", "10.0.0.0/33"}}), 400, "HTTPBadRequest");
  ExpectNeutronError(with({{"remote_ip_prefix", "not-an-ip"}}), 400, "HTTPBadRequest");
  ExpectNeutronError(with({{"remote_ip_prefix", "::/0"}}), 400, "SecurityGroupRuleParameterConflict");
  ExpectNeutronError(with({{"remote_ip_prefix", "10.0.0.0/8"}, {"remote_group_id", sg}}), 400,
                     "SecurityGroupRemoteGroupAndRemoteIpPrefix");
  ExpectNeutronError(with({{"remote_group_id", "00000000-0000-4000-8000-000000000000"}}), 404, "SecurityGroupNotFound");
  ExpectNeutronError(with({{"security_group_id", "00000000-0000-4000-8000-000000000000"}}), 404, "SecurityGroupNotFound");
  ExpectNeutronError(with({{"port_range_min", "abc"}, {"protocol", "tcp"}}), 400, "HTTPBadRequest");
  ExpectNeutronError(with({{"bogus", 1}}), 400, "HTTPBadRequest");
  // Nothing above created a rule: only the two defaults remain.
  EXPECT_EQ(Call("GET", "/v2.0/security-groups/" + sg).Json()["security_group"]["security_group_rules"].size(), 2u);
}

TEST_F(Neutron, GroupReferencedByAnotherGroupsRuleIsInUse) {
  std::string a = Group("a");
  std::string b = Group("b");
  auto r = Rule({{"direction", "ingress"}, {"ethertype", "IPv4"}, {"security_group_id", b}, {"remote_group_id", a}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["security_group_rule"]["remote_group_id"], a);
  ExpectNeutronError(Call("DELETE", "/v2.0/security-groups/" + a), 409, "SecurityGroupInUse");
  // A self reference does not block deleting the group itself.
  ASSERT_EQ(Rule({{"direction", "ingress"}, {"ethertype", "IPv6"}, {"security_group_id", b}, {"remote_group_id", b}}).status,
            201);
  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + b).status, 204);
  // Its rules went with it, so a is free now.
  ExpectNeutronError(Call("GET", "/v2.0/security-group-rules/" + r.Json()["security_group_rule"]["id"].get<std::string>()),
                     404, "SecurityGroupRuleNotFound");
  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + a).status, 204);
}

}  // namespace
}  // namespace otcsim_test
