// End-to-end: edp_elb_loadbalancer, edp_elb_certificate and the
// edp_elb_flavors data source through the real terraform-provider-edp
// (plugin client, protocol 6) against a real otc-sim: create (waits for
// ACTIVE), no-drift plan, in-place updates (name, description, flavors,
// backend networks, ip_target_enable, deletion protection, the managed
// EIP's bandwidth; an existing EIP bound, re-bound and unbound), the
// changes that replace, import, out-of-band deletion, destroy leaving
// nothing (the subnets delete right after); the same under injected
// faults; an ERROR provisioning status; bad configuration rejected before
// any API request; the requests one lifecycle costs.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kLb = "edp_elb_loadbalancer";
constexpr const char* kCert = "edp_elb_certificate";

// Self-signed EC test certificates (CN www.a.example.com, www.b.example.com,
// "EDP Test CA"), valid until 2126; generated for these tests only.
constexpr const char* kCertA = R"PEM(-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUW/FbUPq9DQSuUWZBO/w3yJ2gqycwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRd3d3LmEuZXhhbXBsZS5jb20wIBcNMjYxMTIxMTgyMDE5WhgP
MjEyNjEwMjgxODIwMTlaMBwxGjAYBgNVBAMMEXd3dy5hLmV4YW1wbGUuY29tMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7zNmQqitRrn/+HtFxL5xGc+8HyqKWqb0
BFrH8edVaB5d/iJYX40xyiCr/tpuKVgkRzDcNAgZmk4k8I+PqKu7OKNTMFEwHQYD
VR0OBBYEFPjEM/6tfeqZyEjDoq4ILaiXdzNrMB8GA1UdIwQYMBaAFPjEM/6tfeqZ
yEjDoq4ILaiXdzNrMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIg
HPBenR8ZlLtOc1O1lFl4SP0LQgIY2dM5eAekiweQ5PsCIQC8NS4VZsW6kHvRHzkY
STgK6ZRbMT6v+hMD/MrZKITSvQ==
-----END CERTIFICATE-----)PEM";
constexpr const char* kKeyA = R"PEM(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZXTQChG7msub/eWJ
qR3dmtb00lMf0rs/yKz0aIN+azqhRANCAATvM2ZCqK1Guf/4e0XEvnEZz7wfKopa
pvQEWsfx51VoHl3+IlhfjTHKIKv+2m4pWCRHMNw0CBmaTiTwj4+oq7s4
-----END PRIVATE KEY-----)PEM";
constexpr const char* kCertB = R"PEM(-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUB/G14c0+L4PurpVLMSbC1TORKHQwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRd3d3LmIuZXhhbXBsZS5jb20wIBcNMjYxMTIxMTgyMDE5WhgP
MjEyNjEwMjgxODIwMTlaMBwxGjAYBgNVBAMMEXd3dy5iLmV4YW1wbGUuY29tMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8PTOMzGufirUeQxLp3m1GjK3Gdeju2jz
lAKxEPAiFlAxBcX6h7JmyfM2u+8Zr4ieASfIGGb9BGWNxvJUEdyPlaNTMFEwHQYD
VR0OBBYEFGvE0PKDwiRJYIcpNxx7wUQ9s6vXMB8GA1UdIwQYMBaAFGvE0PKDwiRJ
YIcpNxx7wUQ9s6vXMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
AP3GisrNkhOeyKHd+POPg29Wfsydn9Llbau0EztAuhvXAiB1gkvIKls/s+TSm1r8
/oOuTGKYDs+xsXkm8Ove3qjU5Q==
-----END CERTIFICATE-----)PEM";
constexpr const char* kKeyB = R"PEM(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgw6dHEtWyFLvexM0W
EIh9bGhqFAKCXRV8DHkuDusL9OShRANCAATw9M4zMa5+KtR5DEunebUaMrcZ16O7
aPOUArEQ8CIWUDEFxfqHsmbJ8za77xmviJ4BJ8gYZv0EZY3G8lQR3I+V
-----END PRIVATE KEY-----)PEM";
constexpr const char* kCa = R"PEM(-----BEGIN CERTIFICATE-----
MIIBgjCCASmgAwIBAgIUOCc5yrzC0MeVbddmwimdc427hv0wCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLRURQIFRlc3QgQ0EwIBcNMjYxMTIxMTgyMDE5WhgPMjEyNjEw
MjgxODIwMTlaMBYxFDASBgNVBAMMC0VEUCBUZXN0IENBMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAE2l+9x+/00QqerwykYxifaAQ/ryBdJYBCxgXgAB/r7DN/VEn5
XpCiQlc+6RlmGktWEwwJ1aDRh95lGFH5+YKLjKNTMFEwHQYDVR0OBBYEFChEJ54I
yJo369DYaEBu7TxtBy42MB8GA1UdIwQYMBaAFChEJ54IyJo369DYaEBu7TxtBy42
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgMF1RnelbhhI7/XjE
VQE8EkZkqegoFwczrznfyW5kYN0CIEPZ7pEUCEnY9Teaea97AjO/iv/99BnFbUPo
+obSfO1l
-----END CERTIFICATE-----)PEM";

struct LbSpec {
  std::string name = "lb-a";
  std::string description;
  std::vector<std::string> azs = {"eu-de-01", "eu-de-02"};
  std::string subnet;  // Neutron subnet id; "" = unset
  std::string router;  // "" = unset
  std::vector<std::string> networks;
  std::string vip;
  std::string l4, l7;
  std::optional<bool> ip_target, protection, admin;
  std::map<std::string, std::string> tags;
  // public_ip: eip_id binds an existing EIP; ip_type creates one.
  bool pip = false;
  std::string eip_id, ip_type, bw_name;
  int64_t bw_size = 0;
};

struct Net {
  cty::Value vpc, sub1, sub2;
  std::string vpc_id, sub1_id, sub1_neutron, sub2_id;
};

class ElbE2e : public ProviderE2e {
 protected:
  static cty::Value Strs(const std::vector<std::string>& v) {
    std::vector<cty::Value> els;
    for (const auto& s : v) els.push_back(S(s));
    return cty::Value::Set(cty::Type::String(), els);
  }
  static cty::Value Tags(const std::map<std::string, std::string>& t) {
    std::map<std::string, cty::Value> m;
    for (const auto& [k, v] : t) m.emplace(k, S(v));
    return cty::Value::Map(cty::Type::String(), std::move(m));
  }
  cty::Value LbConfig(const LbSpec& l) {
    std::map<std::string, cty::Value> top = {{"availability_zones", Strs(l.azs)},
                                             {"network_ids", Strs(l.networks)}};
    if (!l.name.empty()) top["name"] = S(l.name);
    if (!l.description.empty()) top["description"] = S(l.description);
    if (!l.subnet.empty()) top["subnet_id"] = S(l.subnet);
    if (!l.router.empty()) top["router_id"] = S(l.router);
    if (!l.vip.empty()) top["vip_address"] = S(l.vip);
    if (!l.l4.empty()) top["l4_flavor"] = S(l.l4);
    if (!l.l7.empty()) top["l7_flavor"] = S(l.l7);
    if (l.ip_target) top["ip_target_enable"] = cty::Value::Bool(*l.ip_target);
    if (l.protection) top["deletion_protection"] = cty::Value::Bool(*l.protection);
    if (l.admin) top["admin_state_up"] = cty::Value::Bool(*l.admin);
    if (!l.tags.empty()) top["tags"] = Tags(l.tags);
    if (l.pip) {
      std::map<std::string, cty::Value> ip;
      if (!l.eip_id.empty()) ip["id"] = S(l.eip_id);
      if (!l.ip_type.empty()) ip["ip_type"] = S(l.ip_type);
      if (!l.bw_name.empty()) ip["bandwidth_name"] = S(l.bw_name);
      if (l.bw_size != 0) ip["bandwidth_size"] = cty::Value::Int(l.bw_size);
      cty::Value v = edptest::ConfigOf(*Block(kLb).blocks.at("public_ip").block, ip);
      top["public_ip"] = cty::Value::List(v.type(), {v});
    }
    return Config(kLb, top);
  }
  cty::Value CertConfig(const std::map<std::string, cty::Value>& set) { return Config(kCert, set); }
  static cty::Value Pip(const cty::Value& state, const char* attr) {
    return AttrOf(AttrOf(state, "public_ip").Elements().at(0), attr);
  }
  json Find(const std::string& kind, const std::string& id) {
    for (const auto& o : Inventory(kind)) {
      if (o.value("id", "") == id) return o;
    }
    return json();
  }
  // A VPC with two subnets, made through the provider.
  Net MakeNet(const std::string& prefix) {
    Net n;
    n.vpc = Converge("edp_vpc", Null("edp_vpc"),
                     Config("edp_vpc", {{"name", S(prefix + "-vpc")}, {"cidr", S("10.40.0.0/16")}}));
    EXPECT_FALSE(n.vpc.IsNull());
    if (n.vpc.IsNull()) return n;
    n.vpc_id = AttrOf(n.vpc, "id").AsString();
    auto sub = [&](const std::string& name, const std::string& third) {
      return Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                      Config("edp_vpc_subnet", {{"name", S(name)},
                                                {"cidr", S("10.40." + third + ".0/24")},
                                                {"gateway_ip", S("10.40." + third + ".1")},
                                                {"vpc_id", S(n.vpc_id)}}));
    };
    n.sub1 = sub(prefix + "-s1", "1");
    n.sub2 = sub(prefix + "-s2", "2");
    EXPECT_FALSE(n.sub1.IsNull());
    EXPECT_FALSE(n.sub2.IsNull());
    if (n.sub1.IsNull() || n.sub2.IsNull()) return n;
    n.sub1_id = AttrOf(n.sub1, "id").AsString();
    n.sub1_neutron = AttrOf(n.sub1, "subnet_id").AsString();
    n.sub2_id = AttrOf(n.sub2, "id").AsString();
    return n;
  }
  // Subnets and VPC go right after the load balancer: nothing of it stays.
  void DropNet(const Net& n) {
    if (!n.sub1.IsNull()) Destroy("edp_vpc_subnet", n.sub1);
    if (!n.sub2.IsNull()) Destroy("edp_vpc_subnet", n.sub2);
    if (!n.vpc.IsNull()) Destroy("edp_vpc", n.vpc);
    EXPECT_EQ(Inventory("subnet").size(), 0u);
    EXPECT_EQ(Inventory("port").size(), 0u);
  }
  tfplugin::ReadDataSourceResponse ReadFlavors(const std::map<std::string, cty::Value>& set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = "edp_elb_flavors";
    req.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_elb_flavors").block, set);
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  }
  std::string FlavorId(const std::string& name) {
    auto r = ReadFlavors({{"name", S(name)}});
    EXPECT_EQ(Summaries(r.diagnostics), "") << r.diagnostics.ToString();
    if (r.state.IsNull() || AttrOf(r.state, "ids").Elements().size() != 1) return "";
    return AttrOf(r.state, "ids").Elements()[0].AsString();
  }
  void ExpectNoElbLeft() {
    EXPECT_EQ(Inventory("elb_loadbalancer").size(), 0u);
    EXPECT_EQ(Inventory("elb_certificate").size(), 0u);
    EXPECT_EQ(Inventory("publicip").size(), 0u);
    EXPECT_EQ(Inventory("bandwidth").size(), 0u);
  }
  // A state with public_ip[0]._managed replaced (what import yields).
  static cty::Value WithManaged(const cty::Value& state, bool managed) {
    cty::Value l = AttrOf(state, "public_ip");
    cty::Value ip = framework::WithAttr(l.Elements().at(0), "_managed", cty::Value::Bool(managed));
    return framework::WithAttr(state, "public_ip", cty::Value::List(l.type().element(), {ip}));
  }
};

TEST_F(ElbE2e, LoadBalancerFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("lc");
  ASSERT_FALSE(net.sub2_id.empty());
  const std::string l4 = FlavorId("L4_flavor.elb.s1.small");
  const std::string l7 = FlavorId("L7_flavor.elb.s1.small");
  ASSERT_FALSE(l4.empty());
  ASSERT_FALSE(l7.empty());

  // Create with a managed EIP: ACTIVE, VIP in the subnet, EIP bound to it.
  LbSpec spec;
  spec.description = "edge";
  spec.subnet = net.sub1_neutron;
  spec.networks = {net.sub1_id};
  spec.l4 = l4;
  spec.tags = {{"env", "test"}};
  spec.pip = true;
  spec.ip_type = "5_bgp";
  spec.bw_name = "bw-lb";
  spec.bw_size = 10;
  cty::Value cfg = LbConfig(spec);
  auto plan = Plan(kLb, Null(kLb), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  auto created = Apply(kLb, Null(kLb), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value lb = created.new_state;
  ASSERT_TRUE(lb.IsWhollyKnown());
  const std::string id = AttrOf(lb, "id").AsString();
  json remote = Find("elb_loadbalancer", id);
  EXPECT_EQ(remote["provisioning_status"], "ACTIVE");
  EXPECT_EQ(AttrOf(lb, "router_id"), S(net.vpc_id));
  EXPECT_EQ(AttrOf(lb, "vip_address").AsString().rfind("10.40.1.", 0), 0u) << AttrOf(lb, "vip_address").AsString();
  EXPECT_EQ(AttrOf(lb, "vip_port_id"), S(remote["vip_port_id"].get<std::string>()));
  EXPECT_EQ(AttrOf(lb, "l4_flavor"), S(l4));
  EXPECT_TRUE(AttrOf(lb, "l7_flavor").IsNull());
  EXPECT_EQ(AttrOf(lb, "ip_target_enable"), cty::Value::False());
  EXPECT_EQ(AttrOf(lb, "deletion_protection"), cty::Value::False());
  EXPECT_EQ(AttrOf(lb, "admin_state_up"), cty::Value::True());
  EXPECT_EQ(AttrOf(lb, "tags"), Tags({{"env", "test"}}));
  EXPECT_EQ(Pip(lb, "_managed"), cty::Value::True());
  EXPECT_EQ(Pip(lb, "ip_type"), S("5_bgp"));
  EXPECT_EQ(Pip(lb, "bandwidth_size"), cty::Value::Int(10));
  EXPECT_EQ(Pip(lb, "bandwidth_charge_mode"), S("traffic"));
  EXPECT_EQ(Pip(lb, "bandwidth_share_type"), S("PER"));
  EXPECT_EQ(Pip(lb, "address").AsString().rfind("80.158.", 0), 0u);
  const std::string eip_id = Pip(lb, "id").AsString();
  EXPECT_EQ(Find("publicip", eip_id)["port_id"], remote["vip_port_id"]);
  ASSERT_EQ(Inventory("elb_loadbalancer").size(), 1u);
  ASSERT_EQ(Inventory("bandwidth").size(), 1u);

  // Refresh and re-plan: no drift.
  auto read = Read(kLb, lb);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, lb);
  auto noop = Plan(kLb, lb, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, lb);
  EXPECT_TRUE(noop.requires_replace.empty());

  // In place: name, description, L7 flavor, a second backend network,
  // cross-VPC backends, deletion protection, the EIP's bandwidth.
  spec.name = "lb-b";
  spec.description = "edge, resized";
  spec.l7 = l7;
  spec.networks = {net.sub1_id, net.sub2_id};
  spec.ip_target = true;
  spec.protection = true;
  spec.bw_name = "bw-lb2";
  spec.bw_size = 20;
  cty::Value cfg2 = LbConfig(spec);
  auto plan2 = Plan(kLb, lb, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  auto updated = Apply(kLb, lb, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  lb = updated.new_state;
  EXPECT_EQ(AttrOf(lb, "id"), S(id));
  remote = Find("elb_loadbalancer", id);
  EXPECT_EQ(remote["name"], "lb-b");
  EXPECT_EQ(remote["l7_flavor_id"], l7);
  EXPECT_EQ(remote["elb_virsubnet_ids"].size(), 2u);
  EXPECT_EQ(remote["ip_target_enable"], true);
  EXPECT_EQ(remote["deletion_protection_enable"], true);
  EXPECT_EQ(Pip(lb, "id"), S(eip_id));
  EXPECT_EQ(Pip(lb, "bandwidth_size"), cty::Value::Int(20));
  EXPECT_EQ(Inventory("bandwidth").at(0)["size"], 20);
  EXPECT_EQ(Inventory("bandwidth").at(0)["name"], "bw-lb2");
  EXPECT_EQ(Read(kLb, lb).new_state, lb);

  // ip_target_enable cannot be switched off; tags and zones cannot change:
  // each plan names the attribute that forces the replacement.
  LbSpec off = spec;
  off.ip_target = false;
  auto plan3 = Plan(kLb, lb, LbConfig(off));
  ASSERT_EQ(Summaries(plan3.diagnostics), "");
  ASSERT_EQ(plan3.requires_replace.size(), 1u);
  EXPECT_EQ(plan3.requires_replace[0], cty::Path().GetAttr("ip_target_enable"));
  LbSpec retag = spec;
  retag.tags = {{"env", "prod"}};
  auto plan4 = Plan(kLb, lb, LbConfig(retag));
  ASSERT_EQ(plan4.requires_replace.size(), 1u);
  EXPECT_EQ(plan4.requires_replace[0], cty::Path().GetAttr("tags"));
  LbSpec one_az = spec;
  one_az.azs = {"eu-de-03"};
  auto plan5 = Plan(kLb, lb, LbConfig(one_az));
  ASSERT_EQ(plan5.requires_replace.size(), 1u);
  EXPECT_EQ(plan5.requires_replace[0], cty::Path().GetAttr("availability_zones"));

  // Import by ID gives the same state, the EIP counting as not managed;
  // a configuration describing a new EIP of the same type adopts it in
  // place (no replacement).
  cty::Value imported = Import(kLb, id);
  EXPECT_EQ(imported, WithManaged(lb, false));
  auto adopt = Plan(kLb, imported, LbConfig(spec));
  ASSERT_EQ(Summaries(adopt.diagnostics), "");
  EXPECT_TRUE(adopt.requires_replace.empty());
  EXPECT_EQ(adopt.planned_state, lb);

  // Deletion protection: destroying fails with the service's reason and
  // the load balancer stays; switched off in place, destroy succeeds.
  auto dplan = Plan(kLb, lb, Null(kLb));
  ASSERT_EQ(Summaries(dplan.diagnostics), "");
  auto refused = Apply(kLb, lb, Null(kLb), Null(kLb), dplan.planned_private);
  ASSERT_FALSE(refused.diagnostics.ToString().empty());
  EXPECT_NE(refused.diagnostics.ToString().find("deletion protection"), std::string::npos)
      << refused.diagnostics.ToString();
  EXPECT_NE(refused.diagnostics.ToString().find("ELB.1029"), std::string::npos);
  EXPECT_EQ(Inventory("elb_loadbalancer").size(), 1u);
  spec.protection = false;
  lb = Converge(kLb, lb, LbConfig(spec));
  ASSERT_FALSE(lb.IsNull());

  // Destroy: the load balancer, its managed EIP and bandwidth are gone, and
  // the subnets delete right after (no ports left).
  Destroy(kLb, lb);
  ExpectNoElbLeft();
  auto gone = Read(kLb, lb);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
  DropNet(net);
}

TEST_F(ElbE2e, ExistingEipIsBoundReboundAndUnboundInPlace) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("eip");
  ASSERT_FALSE(net.sub1_id.empty());
  auto make_eip = [&](const std::string& bw) {
    const framework::Block& b = Block("edp_vpc_eip");
    cty::Value ip = edptest::ConfigOf(*b.blocks.at("publicip").block, {{"type", S("5_bgp")}});
    cty::Value w = edptest::ConfigOf(*b.blocks.at("bandwidth").block,
                                     {{"share_type", S("PER")}, {"name", S(bw)}, {"size", cty::Value::Int(5)}});
    return Converge("edp_vpc_eip", Null("edp_vpc_eip"),
                    Config("edp_vpc_eip", {{"publicip", cty::Value::List(ip.type(), {ip})},
                                           {"bandwidth", cty::Value::List(w.type(), {w})}}));
  };
  cty::Value eip1 = make_eip("bw-1"), eip2 = make_eip("bw-2");
  ASSERT_FALSE(eip1.IsNull());
  ASSERT_FALSE(eip2.IsNull());
  const std::string e1 = AttrOf(eip1, "id").AsString(), e2 = AttrOf(eip2, "id").AsString();

  LbSpec spec;
  spec.name = "lb-eip";
  spec.subnet = net.sub1_neutron;
  spec.networks = {net.sub1_id};
  spec.pip = true;
  spec.eip_id = e1;
  cty::Value lb = Converge(kLb, Null(kLb), LbConfig(spec));
  ASSERT_FALSE(lb.IsNull());
  const std::string id = AttrOf(lb, "id").AsString();
  const std::string port = AttrOf(lb, "vip_port_id").AsString();
  EXPECT_EQ(Pip(lb, "_managed"), cty::Value::False());
  EXPECT_EQ(Pip(lb, "bandwidth_name"), S("bw-1"));
  EXPECT_EQ(Find("publicip", e1)["port_id"], port);
  auto noop = Plan(kLb, lb, LbConfig(spec));
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, lb);
  // Import: the same state (an existing EIP is never managed).
  EXPECT_EQ(Import(kLb, id), lb);

  // Another existing EIP: re-bound in place.
  spec.eip_id = e2;
  auto plan = Plan(kLb, lb, LbConfig(spec));
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_TRUE(plan.requires_replace.empty());
  auto applied = Apply(kLb, lb, plan.planned_state, LbConfig(spec), plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
  lb = applied.new_state;
  EXPECT_EQ(AttrOf(lb, "id"), S(id));
  EXPECT_EQ(Pip(lb, "id"), S(e2));
  EXPECT_EQ(Pip(lb, "bandwidth_name"), S("bw-2"));
  EXPECT_TRUE(Find("publicip", e1)["port_id"].is_null());
  EXPECT_EQ(Find("publicip", e2)["port_id"], port);

  // A new managed EIP cannot be added to an existing load balancer (the
  // plan names the first attribute that differs from the bound EIP).
  LbSpec managed = spec;
  managed.eip_id.clear();
  managed.ip_type = "5_bgp";
  managed.bw_name = "bw-x";
  managed.bw_size = 5;
  auto plan2 = Plan(kLb, lb, LbConfig(managed));
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  ASSERT_EQ(plan2.requires_replace.size(), 1u);
  EXPECT_EQ(plan2.requires_replace[0],
            cty::Path().GetAttr("public_ip").Index(int64_t{0}).GetAttr("bandwidth_name"));

  // No public_ip block: unbound in place.
  spec.pip = false;
  lb = Converge(kLb, lb, LbConfig(spec));
  ASSERT_FALSE(lb.IsNull());
  EXPECT_EQ(AttrOf(lb, "public_ip").Elements().size(), 0u);
  EXPECT_TRUE(Find("publicip", e2)["port_id"].is_null());

  // Destroy keeps both EIPs (not managed).
  Destroy(kLb, lb);
  EXPECT_EQ(Inventory("elb_loadbalancer").size(), 0u);
  EXPECT_EQ(Inventory("publicip").size(), 2u);
  Destroy("edp_vpc_eip", eip1);
  Destroy("edp_vpc_eip", eip2);
  ExpectNoElbLeft();
  DropNet(net);
}

TEST_F(ElbE2e, DeletedOutOfBandReadsAsGone) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("oob");
  ASSERT_FALSE(net.sub1_id.empty());
  LbSpec spec;
  spec.name.clear();  // unnamed: name stays null, no "" diff
  spec.router = net.vpc_id;
  spec.networks = {net.sub1_id};
  cty::Value cfg = LbConfig(spec);
  cty::Value lb = Converge(kLb, Null(kLb), cfg);
  ASSERT_FALSE(lb.IsNull());
  EXPECT_TRUE(AttrOf(lb, "name").IsNull());
  EXPECT_TRUE(AttrOf(lb, "vip_address").IsNull());
  EXPECT_EQ(Plan(kLb, lb, cfg).planned_state, lb);
  auto r = CallAsUser("DELETE", sim_.http() + "/v3/" + sim_.cred("project_id") + "/elb/loadbalancers/" +
                                    AttrOf(lb, "id").AsString());
  ASSERT_EQ(r.status, 204) << r.body;
  auto read = Read(kLb, lb);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
  auto plan = Plan(kLb, Null(kLb), cfg);  // tofu plans a re-create
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  Destroy(kLb, lb);  // already gone: fine
  ExpectNoElbLeft();
  DropNet(net);
}

TEST_F(ElbE2e, OutOfBandRenameShowsAsDriftAndIsRenamedBack) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("drift");
  ASSERT_FALSE(net.sub1_id.empty());
  LbSpec spec;
  spec.name = "lb-drift";
  spec.subnet = net.sub1_neutron;
  spec.networks = {net.sub1_id};
  cty::Value cfg = LbConfig(spec);
  cty::Value lb = Converge(kLb, Null(kLb), cfg);
  ASSERT_FALSE(lb.IsNull());
  const std::string id = AttrOf(lb, "id").AsString();
  auto r = CallAsUser("PUT", sim_.http() + "/v3/" + sim_.cred("project_id") + "/elb/loadbalancers/" + id,
                      json{{"loadbalancer", {{"name", "renamed"}}}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto read = Read(kLb, lb);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(AttrOf(read.new_state, "name"), S("renamed"));
  auto plan = Plan(kLb, read.new_state, cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_TRUE(plan.requires_replace.empty());
  auto applied = Apply(kLb, read.new_state, plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
  EXPECT_EQ(Find("elb_loadbalancer", id)["name"], "lb-drift");
  Destroy(kLb, applied.new_state);
  ExpectNoElbLeft();
  DropNet(net);
}

TEST_F(ElbE2e, ErrorStatusShowsReasonAndKeepsTheLoadBalancerTracked) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("fail");
  ASSERT_FALSE(net.sub1_id.empty());
  auto f = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", "elb:fail:1:POST"}, {"seed", 3}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  LbSpec spec;
  spec.name = "lb-fail";
  spec.subnet = net.sub1_neutron;
  spec.networks = {net.sub1_id};
  spec.pip = true;
  spec.ip_type = "5_bgp";
  spec.bw_name = "bw-fail";
  spec.bw_size = 5;
  cty::Value cfg = LbConfig(spec);
  auto plan = Plan(kLb, Null(kLb), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto applied = Apply(kLb, Null(kLb), plan.planned_state, cfg, plan.planned_private);
  const std::string diags = applied.diagnostics.ToString();
  EXPECT_NE(diags.find("provisioning_status ERROR"), std::string::npos) << diags;
  EXPECT_NE(diags.find("lb-fail"), std::string::npos) << diags;
  // The partial state names the load balancer and its managed EIP, so
  // OpenTofu taints it and destroying it cleans everything up.
  ASSERT_FALSE(applied.new_state.IsNull());
  ASSERT_TRUE(AttrOf(applied.new_state, "id").IsKnown());
  EXPECT_EQ(AttrOf(applied.new_state, "id"), S(Inventory("elb_loadbalancer").at(0)["id"].get<std::string>()));
  EXPECT_EQ(Pip(applied.new_state, "_managed"), cty::Value::True());
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status / 100, 2);
  Destroy(kLb, applied.new_state);
  ExpectNoElbLeft();
  DropNet(net);
}

TEST_F(ElbE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(8)}})), "");
  Net net = MakeNet("faulty");
  ASSERT_FALSE(net.sub1_id.empty());
  // 503s and 429s on ELB calls, resets on creates (the client must look the
  // object up before replaying) and new objects answering 404 for a while.
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "elb:503:0.15;elb:429=1:0.05;elb:reset:0.4:POST;elb:404-after-create=4;"
                              "vpc:503:0.1"},
                     {"seed", 29}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  LbSpec spec;
  spec.name = "lb-faulty";
  spec.subnet = net.sub1_neutron;
  spec.networks = {net.sub1_id};
  spec.pip = true;
  spec.ip_type = "5_gray";
  spec.bw_name = "bw-faulty";
  spec.bw_size = 5;
  cty::Value lb = Converge(kLb, Null(kLb), LbConfig(spec));
  ASSERT_FALSE(lb.IsNull());
  const std::string id = AttrOf(lb, "id").AsString();
  EXPECT_EQ(Inventory("elb_loadbalancer").size(), 1u);
  EXPECT_EQ(Inventory("publicip").size(), 1u);
  EXPECT_EQ(Pip(lb, "ip_type"), S("5_gray"));
  cty::Value cert = Converge(kCert, Null(kCert),
                             CertConfig({{"name", S("cert-faulty")}, {"certificate", S(kCertA)},
                                         {"private_key", S(kKeyA)}}));
  ASSERT_FALSE(cert.IsNull());
  EXPECT_EQ(Inventory("elb_certificate").size(), 1u);
  // In-place updates under the same faults.
  spec.description = "resized";
  spec.bw_size = 15;
  cty::Value lb2 = Converge(kLb, lb, LbConfig(spec));
  ASSERT_FALSE(lb2.IsNull());
  EXPECT_EQ(AttrOf(lb2, "id"), S(id));
  EXPECT_EQ(Inventory("bandwidth").at(0)["size"], 15);
  cty::Value cert2 = Converge(kCert, cert,
                              CertConfig({{"name", S("cert-faulty2")}, {"certificate", S(kCertA)},
                                          {"private_key", S(kKeyA)}}));
  ASSERT_FALSE(cert2.IsNull());
  auto again = Read(kLb, lb2);
  ASSERT_EQ(Summaries(again.diagnostics), "");
  EXPECT_EQ(again.new_state, lb2);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;  // the faults really happened
  Destroy(kCert, cert2);
  Destroy(kLb, lb2);
  ExpectNoElbLeft();
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status / 100, 2);
  DropNet(net);
}

TEST_F(ElbE2e, CertificateFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  // A trailing newline (a heredoc) is no diff against the API's text.
  cty::Value cfg = CertConfig({{"name", S("cert-a")},
                               {"description", S("www")},
                               {"domain", S("www.a.example.com")},
                               {"certificate", S(std::string(kCertA) + "\n")},
                               {"private_key", S(std::string(kKeyA) + "\n")}});
  auto plan = Plan(kCert, Null(kCert), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto created = Apply(kCert, Null(kCert), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value cert = created.new_state;
  ASSERT_TRUE(cert.IsWhollyKnown());
  const std::string id = AttrOf(cert, "id").AsString();
  EXPECT_EQ(AttrOf(cert, "type"), S("server"));
  EXPECT_EQ(AttrOf(cert, "expire_time").AsString().rfind("2126-", 0), 0u) << AttrOf(cert, "expire_time").AsString();
  EXPECT_EQ(Find("elb_certificate", id)["domain"], "www.a.example.com");
  auto read = Read(kCert, cert);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, cert);
  auto noop = Plan(kCert, cert, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, cert);
  // Dropping the newline is a text change only: applied without a request
  // to the certificate API (just the read-back) and without replacement.
  cty::Value trimmed_cfg = CertConfig({{"name", S("cert-a")}, {"description", S("www")},
                                       {"domain", S("www.a.example.com")}, {"certificate", S(kCertA)},
                                       {"private_key", S(kKeyA)}});
  auto trimmed = Plan(kCert, cert, trimmed_cfg);
  ASSERT_EQ(Summaries(trimmed.diagnostics), "");
  EXPECT_TRUE(trimmed.requires_replace.empty());
  EXPECT_EQ(AttrOf(trimmed.planned_state, "expire_time"), AttrOf(cert, "expire_time"));
  size_t before_trim = ApiRequests();
  auto trim_applied = Apply(kCert, cert, trimmed.planned_state, trimmed_cfg, trimmed.planned_private);
  ASSERT_EQ(Summaries(trim_applied.diagnostics), "") << trim_applied.diagnostics.ToString();
  EXPECT_EQ(ApiRequests() - before_trim, 1u);  // the GET
  cert = trim_applied.new_state;
  EXPECT_EQ(AttrOf(cert, "certificate"), S(kCertA));

  // In place: name, domain, a renewed certificate with its key.
  cty::Value cfg2 = CertConfig({{"name", S("cert-b")},
                                {"description", S("www")},
                                {"domain", S("www.b.example.com")},
                                {"certificate", S(kCertB)},
                                {"private_key", S(kKeyB)}});
  auto plan2 = Plan(kCert, cert, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  EXPECT_FALSE(AttrOf(plan2.planned_state, "expire_time").IsKnown());
  auto updated = Apply(kCert, cert, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  cert = updated.new_state;
  EXPECT_EQ(AttrOf(cert, "id"), S(id));
  json remote = Find("elb_certificate", id);
  EXPECT_EQ(remote["name"], "cert-b");
  EXPECT_EQ(remote["certificate"], kCertB);
  EXPECT_EQ(Read(kCert, cert).new_state, cert);

  // A new type replaces.
  cty::Value client = CertConfig({{"name", S("ca")}, {"type", S("client")}, {"certificate", S(kCa)}});
  auto plan3 = Plan(kCert, cert, client);
  ASSERT_EQ(Summaries(plan3.diagnostics), "");
  ASSERT_EQ(plan3.requires_replace.size(), 1u);
  EXPECT_EQ(plan3.requires_replace[0], cty::Path().GetAttr("type"));

  // Import by ID gives the same state.
  EXPECT_EQ(Import(kCert, id), cert);

  Destroy(kCert, cert);
  EXPECT_EQ(Inventory("elb_certificate").size(), 0u);

  // A client CA certificate; deleted out of band it reads as gone.
  cty::Value ca = Converge(kCert, Null(kCert), client);
  ASSERT_FALSE(ca.IsNull());
  EXPECT_TRUE(AttrOf(ca, "private_key").IsNull());
  EXPECT_TRUE(AttrOf(ca, "domain").IsNull());
  EXPECT_EQ(Plan(kCert, ca, client).planned_state, ca);
  auto del = CallAsUser("DELETE", sim_.http() + "/v3/" + sim_.cred("project_id") + "/elb/certificates/" +
                                      AttrOf(ca, "id").AsString());
  ASSERT_EQ(del.status, 204) << del.body;
  auto gone = Read(kCert, ca);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
  Destroy(kCert, ca);
  ExpectNoElbLeft();

  // The private key never reaches the provider's log.
  const std::string key_line = std::string(kKeyA).substr(28, 40);
  for (const auto& line : plugin_->log->Lines()) EXPECT_EQ(line.find(key_line), std::string::npos) << line;
}

TEST_F(ElbE2e, FlavorsDataSource) {
  ASSERT_EQ(Summaries(Configure()), "");
  auto l7 = ReadFlavors({{"type", S("L7")}});
  ASSERT_EQ(Summaries(l7.diagnostics), "") << l7.diagnostics.ToString();
  const auto& flavors = AttrOf(l7.state, "flavors").Elements();
  ASSERT_EQ(flavors.size(), 4u);
  EXPECT_EQ(AttrOf(l7.state, "ids").Elements().size(), 4u);
  for (const auto& f : flavors) EXPECT_EQ(AttrOf(f, "type"), S("L7"));
  auto one = ReadFlavors({{"name", S("L4_flavor.elb.s2.medium")}});
  ASSERT_EQ(Summaries(one.diagnostics), "");
  ASSERT_EQ(AttrOf(one.state, "flavors").Elements().size(), 1u);
  const cty::Value f = AttrOf(one.state, "flavors").Elements()[0];
  EXPECT_EQ(AttrOf(f, "type"), S("L4"));
  EXPECT_EQ(AttrOf(f, "max_connections"), cty::Value::Int(4000000));
  auto by_id = ReadFlavors({{"flavor_id", AttrOf(f, "id")}});
  ASSERT_EQ(Summaries(by_id.diagnostics), "");
  EXPECT_EQ(AttrOf(by_id.state, "ids"), AttrOf(one.state, "ids"));
  auto none = ReadFlavors({{"name", S("L4_flavor.elb.s9.huge")}, {"type", S("L4")}});
  EXPECT_EQ(Summaries(none.diagnostics), "Error: No ELB Flavor Found");
  EXPECT_NE(none.diagnostics.ToString().find("name = \"L4_flavor.elb.s9.huge\""), std::string::npos);
  auto mismatch = ReadFlavors({{"name", S("L4_flavor.elb.s1.small")}, {"type", S("L7")}});
  EXPECT_EQ(Summaries(mismatch.diagnostics), "Error: No ELB Flavor Found");
}

// Requests per lifecycle (create with its wait, one refresh, an in-place
// update, destroy with its wait), recorded in the test XML and bounded so
// a polling regression shows up.
TEST_F(ElbE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("count");
  ASSERT_FALSE(net.sub1_id.empty());
  size_t start = ApiRequests();
  LbSpec spec;
  spec.name = "lb-count";
  spec.subnet = net.sub1_neutron;
  spec.networks = {net.sub1_id};
  spec.pip = true;
  spec.ip_type = "5_bgp";
  spec.bw_name = "bw-count";
  spec.bw_size = 5;
  cty::Value lb = Converge(kLb, Null(kLb), LbConfig(spec));
  ASSERT_FALSE(lb.IsNull());
  size_t after_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kLb, lb).diagnostics), "");
  size_t after_read = ApiRequests();
  spec.description = "counted";
  lb = Converge(kLb, lb, LbConfig(spec));
  ASSERT_FALSE(lb.IsNull());
  size_t after_update = ApiRequests();
  Destroy(kLb, lb);
  size_t after_destroy = ApiRequests();
  cty::Value cert = Converge(kCert, Null(kCert),
                             CertConfig({{"name", S("c")}, {"certificate", S(kCertA)}, {"private_key", S(kKeyA)}}));
  ASSERT_FALSE(cert.IsNull());
  size_t after_cert_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kCert, cert).diagnostics), "");
  size_t after_cert_read = ApiRequests();
  Destroy(kCert, cert);
  size_t after_cert_destroy = ApiRequests();
  RecordProperty("elb_lb_create_requests", static_cast<int>(after_create - start));
  RecordProperty("elb_lb_refresh_requests", static_cast<int>(after_read - after_create));
  RecordProperty("elb_lb_update_requests", static_cast<int>(after_update - after_read));
  RecordProperty("elb_lb_destroy_requests", static_cast<int>(after_destroy - after_update));
  RecordProperty("elb_cert_create_requests", static_cast<int>(after_cert_create - after_destroy));
  RecordProperty("elb_cert_refresh_requests", static_cast<int>(after_cert_read - after_cert_create));
  RecordProperty("elb_cert_destroy_requests", static_cast<int>(after_cert_destroy - after_cert_read));
  std::printf("[ requests ] edp_elb_loadbalancer (managed EIP) create=%zu refresh=%zu update=%zu destroy=%zu\n",
              after_create - start, after_read - after_create, after_update - after_read,
              after_destroy - after_update);
  std::printf("[ requests ] edp_elb_certificate create=%zu refresh=%zu destroy=%zu\n",
              after_cert_create - after_destroy, after_cert_read - after_cert_create,
              after_cert_destroy - after_cert_read);
  // Create: POST + one ACTIVE poll + LB, EIP and bandwidth GETs.
  EXPECT_LE(after_create - start, 6u);
  EXPECT_EQ(after_read - after_create, 3u);  // LB, EIP, bandwidth
  EXPECT_LE(after_update - after_read, 5u);  // PUT + ACTIVE poll + the 3 GETs
  // DELETE + a GET until 404, then the EIP: GET, DELETE, GET until 404.
  EXPECT_LE(after_destroy - after_update, 8u);
  EXPECT_LE(after_cert_create - after_destroy, 2u);  // POST + GET
  EXPECT_EQ(after_cert_read - after_cert_create, 1u);
  EXPECT_LE(after_cert_destroy - after_cert_read, 3u);
  ExpectNoElbLeft();
  DropNet(net);
}

TEST_F(ElbE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  LbSpec base;
  base.subnet = "n1";
  base.networks = {"s1"};
  auto lb_err = [&](const LbSpec& l) { return Summaries(Validate(kLb, LbConfig(l)).diagnostics); };
  EXPECT_EQ(lb_err(base), "");
  LbSpec admin = base;
  admin.admin = false;
  EXPECT_EQ(lb_err(admin), "Error: Unsupported Administrative State [at admin_state_up]");
  LbSpec no_net = base;
  no_net.subnet.clear();
  EXPECT_EQ(lb_err(no_net), "Error: Missing Network [at subnet_id]");
  LbSpec vip = no_net;
  vip.router = "vpc-1";
  vip.vip = "10.0.0.5";
  EXPECT_EQ(lb_err(vip), "Error: VIP Address Needs A Subnet [at vip_address]");
  LbSpec bad_vip = base;
  bad_vip.vip = "10.0.0.256";
  EXPECT_EQ(lb_err(bad_vip), "Error: Invalid Attribute Value [at vip_address]");
  LbSpec both = base;
  both.pip = true;
  both.eip_id = "e1";
  both.ip_type = "5_bgp";
  EXPECT_EQ(lb_err(both), "Error: Conflicting EIP Settings [at public_ip[0].ip_type]");
  LbSpec neither = base;
  neither.pip = true;
  EXPECT_EQ(lb_err(neither), "Error: Missing EIP Settings [at public_ip[0].ip_type]");
  LbSpec no_bw = base;
  no_bw.pip = true;
  no_bw.ip_type = "5_bgp";
  EXPECT_EQ(lb_err(no_bw),
            "Error: Missing Bandwidth Name [at public_ip[0].bandwidth_name]\n"
            "Error: Missing Bandwidth Size [at public_ip[0].bandwidth_size]");
  LbSpec existing_bw = base;
  existing_bw.pip = true;
  existing_bw.eip_id = "e1";
  existing_bw.bw_size = 5;
  EXPECT_EQ(lb_err(existing_bw), "Error: Not Allowed With An Existing EIP [at public_ip[0].bandwidth_size]");
  LbSpec bad_type = base;
  bad_type.pip = true;
  bad_type.ip_type = "6_bgp";
  bad_type.bw_name = "b";
  bad_type.bw_size = 5;
  EXPECT_EQ(lb_err(bad_type), "Error: Invalid Attribute Value Match [at public_ip[0].ip_type]");
  LbSpec no_subnet_eip = no_net;
  no_subnet_eip.router = "vpc-1";
  no_subnet_eip.pip = true;
  no_subnet_eip.eip_id = "e1";
  EXPECT_EQ(lb_err(no_subnet_eip), "Error: EIP Needs A VIP Subnet [at public_ip]");
  LbSpec no_az = base;
  no_az.azs.clear();
  EXPECT_NE(lb_err(no_az).find("[at availability_zones]"), std::string::npos) << lb_err(no_az);
  LbSpec long_tag = base;
  long_tag.tags = {{std::string(37, 'k'), "v"}};
  EXPECT_EQ(lb_err(long_tag), "Error: Invalid Tag Key [at tags[\"" + std::string(37, 'k') + "\"]]");

  auto cert_err = [&](const std::map<std::string, cty::Value>& set) {
    return Validate(kCert, CertConfig(set)).diagnostics;
  };
  EXPECT_EQ(Summaries(cert_err({{"certificate", S(kCertA)}, {"private_key", S(kKeyA)}})), "");
  EXPECT_EQ(Summaries(cert_err({{"certificate", S(kCertA)}})), "Error: Missing Private Key [at private_key]");
  EXPECT_EQ(Summaries(cert_err({{"certificate", S(kCa)}, {"type", S("client")}, {"private_key", S(kKeyA)}})),
            "Error: Private Key Not Allowed [at private_key]");
  EXPECT_EQ(Summaries(cert_err({{"certificate", S(kCa)}, {"type", S("client")}, {"domain", S("x.com")}})),
            "Error: Domain Not Allowed [at domain]");
  auto no_pem = cert_err({{"certificate", S("hello")}, {"private_key", S(kKeyA)}});
  EXPECT_EQ(Summaries(no_pem), "Error: Invalid PEM Certificate [at certificate]");
  EXPECT_NE(no_pem.ToString().find("line 1 is outside"), std::string::npos) << no_pem.ToString();
  std::string broken = kCertA;
  broken[100] = '*';
  auto bad_b64 = cert_err({{"certificate", S(broken)}, {"private_key", S(kKeyA)}});
  EXPECT_EQ(Summaries(bad_b64), "Error: Invalid PEM Certificate [at certificate]");
  EXPECT_NE(bad_b64.ToString().find("not base64"), std::string::npos) << bad_b64.ToString();
  std::string unclosed = std::string(kCertA).substr(0, std::string(kCertA).find("-----END"));
  EXPECT_NE(cert_err({{"certificate", S(unclosed)}, {"private_key", S(kKeyA)}}).ToString().find("has no END line"),
            std::string::npos);
  auto swapped = cert_err({{"certificate", S(kKeyA)}, {"private_key", S(kCertA)}});
  EXPECT_EQ(Summaries(swapped),
            "Error: Invalid PEM Certificate [at certificate]\nError: Invalid PEM Private Key [at private_key]");
  std::string enc = std::string(kKeyA);
  for (auto pos = enc.find("PRIVATE KEY"); pos != std::string::npos; pos = enc.find("PRIVATE KEY", pos + 20)) {
    enc.replace(pos, 11, "ENCRYPTED PRIVATE KEY");
  }
  auto encrypted = cert_err({{"certificate", S(kCertA)}, {"private_key", S(enc)}});
  EXPECT_EQ(Summaries(encrypted), "Error: Invalid PEM Private Key [at private_key]");
  EXPECT_NE(encrypted.ToString().find("encrypted"), std::string::npos);
  // The key's content never appears in a diagnostic.
  std::string bad_key = std::string(kKeyA);
  bad_key[60] = '!';
  auto leaked = cert_err({{"certificate", S(kCertA)}, {"private_key", S(bad_key)}});
  EXPECT_EQ(Summaries(leaked), "Error: Invalid PEM Private Key [at private_key]");
  EXPECT_EQ(leaked.ToString().find(std::string(kKeyA).substr(28, 20)), std::string::npos) << leaked.ToString();
  EXPECT_EQ(Summaries(cert_err({{"certificate", S(kCertA)}, {"private_key", S(kKeyA)}, {"type", S("ca")}})),
            "Error: Invalid Attribute Value Match [at type]");
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";

  // An import ID that is not an ID.
  tfplugin::ImportResourceStateRequest ireq;
  ireq.type_name = kLb;
  ireq.id = "lb/1";
  tfplugin::ImportResourceStateResponse iresp;
  p().ImportResourceState(ireq, iresp);
  EXPECT_EQ(Summaries(iresp.diagnostics), "Error: Invalid Import ID");
  EXPECT_EQ(ApiRequests(), before);
}

}  // namespace
