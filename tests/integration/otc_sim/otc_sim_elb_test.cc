// ELB v3 dedicated load balancers (api.md section 6) against the real
// otc-sim binary: load balancers with VIP/backend subnets and EIPs,
// listeners, pools, members, health monitors, certificates (real PEM made
// with OpenSSL here), flavors, AZs, referential integrity, the `fail` fault
// and persistence across a restart.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

std::string Pem(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// A self-signed EC certificate valid for `days` and its private key (PEM).
struct CertPair {
  std::string cert;
  std::string key;
};
CertPair MakeCert(const std::string& cn, long days) {
  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), days * 86400);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, pkey, EVP_sha256());
  BIO* cb = BIO_new(BIO_s_mem());
  BIO* kb = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cb, x);
  PEM_write_bio_PrivateKey(kb, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  CertPair out{Pem(cb), Pem(kb)};
  BIO_free(cb);
  BIO_free(kb);
  X509_free(x);
  EVP_PKEY_free(pkey);
  return out;
}

void ExpectElbError(const HttpResult& r, long status, const std::string& code, const std::string& msg_part = "") {
  EXPECT_EQ(r.status, status) << r.body;
  json e = r.Json();
  ASSERT_TRUE(e.is_object()) << r.body;
  EXPECT_EQ(e.value("error_code", ""), code) << r.body;
  EXPECT_FALSE(e.value("request_id", "").empty()) << r.body;
  if (!msg_part.empty()) {
    EXPECT_NE(e.value("error_msg", "").find(msg_part), std::string::npos) << r.body;
  }
}

class Elb : public ::testing::Test {
 protected:
  explicit Elb(std::vector<std::string> args = {"--seed", "11", "--https-listen", "off"}) : sim_(std::move(args)) {}
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    token_ = ProjectToken(sim_);
    ASSERT_FALSE(token_.empty());
  }
  std::string Pid() { return sim_.cred("project_id"); }
  HttpResult Raw(const std::string& method, const std::string& path, const std::string& body) {
    return Http(method, sim_.http() + path, body, {kJson, "X-Auth-Token: " + token_});
  }
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Raw(method, path, body.is_null() ? "" : body.dump());
  }
  HttpResult E(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Call(method, "/v3/" + Pid() + "/elb" + path, body);
  }
  // A VPC 192.168.0.0/16 with subnet 192.168.<third>.0/24; returns the subnet object.
  json Subnet(const std::string& vpc_id, int third) {
    std::string net = "192.168." + std::to_string(third) + ".";
    auto s = Call("POST", "/v1/" + Pid() + "/subnets",
                  {{"subnet",
                    {{"name", "sn-" + std::to_string(third)},
                     {"cidr", net + "0/24"},
                     {"gateway_ip", net + "1"},
                     {"vpc_id", vpc_id}}}});
    EXPECT_EQ(s.status, 200) << s.body;
    return s.Json()["subnet"];
  }
  std::string Vpc() {
    auto v = Call("POST", "/v1/" + Pid() + "/vpcs", {{"vpc", {{"name", "vpc-elb"}, {"cidr", "192.168.0.0/16"}}}});
    EXPECT_EQ(v.status, 200) << v.body;
    return v.Json()["vpc"]["id"];
  }
  std::string Flavor(const std::string& type) {
    auto f = E("GET", "/flavors?type=" + type);
    EXPECT_EQ(f.status, 200) << f.body;
    return f.Json()["flavors"][0]["id"];
  }
  json Lb(const json& subnet, json extra = json::object()) {
    json lb = {{"name", "elb-1"},
               {"availability_zone_list", {"eu-de-01", "eu-de-02"}},
               {"vip_subnet_cidr_id", subnet["neutron_subnet_id"]},
               {"elb_virsubnet_ids", {subnet["id"]}}};
    for (auto& [k, v] : extra.items()) lb[k] = v;
    return lb;
  }

  SimProcess sim_;
  std::string token_;
};

TEST_F(Elb, FlavorsAndAvailabilityZones) {
  auto all = E("GET", "/flavors");
  ASSERT_EQ(all.status, 200) << all.body;
  json fl = all.Json();
  ASSERT_GE(fl["flavors"].size(), 4u);
  EXPECT_FALSE(fl.value("request_id", "").empty());
  EXPECT_EQ(fl["page_info"]["current_count"], fl["flavors"].size());
  auto l7 = E("GET", "/flavors?type=L7");
  json l7_flavors = l7.Json()["flavors"];
  ASSERT_EQ(l7_flavors.size(), 4u);
  for (const auto& f : l7_flavors) {
    EXPECT_EQ(f["type"], "L7");
    EXPECT_EQ(f["name"].get<std::string>().rfind("L7_flavor.elb.", 0), 0u);
    EXPECT_TRUE(f["info"].contains("qps"));
  }
  auto by_name = E("GET", "/flavors?name=L4_flavor.elb.s1.small");
  ASSERT_EQ(by_name.Json()["flavors"].size(), 1u);
  std::string id = by_name.Json()["flavors"][0]["id"];
  auto one = E("GET", "/flavors/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Json()["flavor"]["name"], "L4_flavor.elb.s1.small");
  ExpectElbError(E("GET", "/flavors/nope"), 404, "ELB.8904", "Flavor nope could not be found");
  // Pagination over flavors: limit=3 gives next_marker until the end.
  auto p1 = E("GET", "/flavors?limit=3");
  ASSERT_EQ(p1.Json()["flavors"].size(), 3u);
  std::string next = p1.Json()["page_info"]["next_marker"];
  auto p2 = E("GET", "/flavors?limit=100&marker=" + next);
  EXPECT_EQ(p2.Json()["flavors"].size(), fl["flavors"].size() - 3);
  EXPECT_FALSE(p2.Json()["page_info"].contains("next_marker"));
  ExpectElbError(E("GET", "/flavors?limit=abc"), 400, "ELB.8902", "limit");

  auto az = E("GET", "/availability-zones");
  ASSERT_EQ(az.status, 200);
  json sets = az.Json()["availability_zones"];
  ASSERT_EQ(sets.size(), 1u);
  ASSERT_EQ(sets[0].size(), 3u);
  EXPECT_EQ(sets[0][0]["code"], "eu-de-01");
  EXPECT_EQ(sets[0][0]["state"], "ACTIVE");
  EXPECT_EQ(sets[0][0]["protocol"], (json{"L4", "L7"}));
}

TEST_F(Elb, LoadBalancerWithManagedEipAndPorts) {
  std::string vpc = Vpc();
  json sn = Subnet(vpc, 1);
  json body = {
      {"loadbalancer",
       Lb(sn,
          {{"l4_flavor_id", Flavor("L4")},
           {"l7_flavor_id", Flavor("L7")},
           {"tags", {{{"key", "env"}, {"value", "test"}}}},
           {"publicip",
            {{"network_type", "5_gray"},
             {"bandwidth", {{"name", "bw-elb"}, {"size", 10}, {"charge_mode", "traffic"}, {"share_type", "PER"}}}}}})}};
  auto c = E("POST", "/loadbalancers", body);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_FALSE(c.Json().value("request_id", "").empty());
  json lb = c.Json()["loadbalancer"];
  std::string id = lb["id"];
  EXPECT_EQ(lb["provisioning_status"], "ACTIVE");
  EXPECT_EQ(lb["operating_status"], "ONLINE");
  EXPECT_EQ(lb["provider"], "vlb");
  EXPECT_EQ(lb["vpc_id"], vpc);
  EXPECT_EQ(lb["project_id"], Pid());
  EXPECT_EQ(lb["vip_address"], "192.168.1.2");
  EXPECT_EQ(lb["vip_subnet_cidr_id"], sn["neutron_subnet_id"]);
  EXPECT_EQ(lb["elb_virsubnet_ids"], json::array({sn["id"]}));
  EXPECT_EQ(lb["availability_zone_list"], (json{"eu-de-01", "eu-de-02"}));
  EXPECT_EQ(lb["tags"][0]["key"], "env");
  EXPECT_EQ(lb["listeners"], json::array());
  EXPECT_EQ(lb["deletion_protection_enable"], false);
  std::string created = lb["created_at"];
  ASSERT_EQ(created.size(), 20u);  // 2021-07-26T02:46:31Z
  EXPECT_EQ(created.back(), 'Z');
  std::string vip_port = lb["vip_port_id"];
  ASSERT_EQ(lb["publicips"].size(), 1u);
  ASSERT_EQ(lb["eips"].size(), 1u);
  std::string eip = lb["publicips"][0]["publicip_id"];
  EXPECT_EQ(lb["eips"][0]["eip_id"], eip);
  EXPECT_EQ(lb["publicips"][0]["ip_version"], 4);

  // The EIP and its bandwidth live in the VPC service (provider Read uses both).
  auto e = Call("GET", "/v1/" + Pid() + "/publicips/" + eip);
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.Json()["publicip"]["status"], "ACTIVE");
  EXPECT_EQ(e.Json()["publicip"]["type"], "5_gray");
  EXPECT_EQ(e.Json()["publicip"]["port_id"], vip_port);
  EXPECT_EQ(e.Json()["publicip"]["private_ip_address"], "192.168.1.2");
  EXPECT_EQ(e.Json()["publicip"]["bandwidth_size"], 10);
  std::string bw = e.Json()["publicip"]["bandwidth_id"];
  auto b = Call("GET", "/v1/" + Pid() + "/bandwidths/" + bw);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.Json()["bandwidth"]["name"], "bw-elb");

  // The VIP port and one backend port are Neutron ports in the subnet.
  auto ports = Call("GET", "/v2.0/ports?device_id=" + id);
  ASSERT_EQ(ports.status, 200) << ports.body;
  ASSERT_EQ(ports.Json()["ports"].size(), 2u) << ports.body;
  auto vp = Call("GET", "/v2.0/ports/" + vip_port);
  ASSERT_EQ(vp.status, 200) << vp.body;
  EXPECT_EQ(vp.Json()["port"]["network_id"], sn["id"]);
  EXPECT_EQ(vp.Json()["port"]["fixed_ips"][0]["subnet_id"], sn["neutron_subnet_id"]);
  EXPECT_EQ(vp.Json()["port"]["fixed_ips"][0]["ip_address"], "192.168.1.2");
  EXPECT_EQ(vp.Json()["port"]["device_owner"], "neutron:LOADBALANCERV3");

  // The subnet is in use.
  auto sd = Call("DELETE", "/v1/" + Pid() + "/vpcs/" + vpc + "/subnets/" + sn["id"].get<std::string>());
  EXPECT_EQ(sd.status, 409) << sd.body;
  EXPECT_EQ(sd.Json().value("code", ""), "VPC.0209") << sd.body;

  // A fixed VIP already taken is a conflict; one outside the subnet is invalid.
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"vip_address", "192.168.1.2"}})}}), 409,
                 "ELB.8907", "already in use");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"vip_address", "10.0.0.5"}})}}), 400,
                 "ELB.8902", "vip_address");

  // Get, list with filters and pagination, update, status tree.
  auto g = E("GET", "/loadbalancers/" + id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["loadbalancer"]["name"], "elb-1");
  auto c2 = E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"name", "elb-2"}})}});
  ASSERT_EQ(c2.status, 201) << c2.body;
  EXPECT_EQ(c2.Json()["loadbalancer"]["vip_address"], "192.168.1.4");  // .3 is elb-1's backend port
  auto l1 = E("GET", "/loadbalancers?limit=1");
  ASSERT_EQ(l1.status, 200);
  ASSERT_EQ(l1.Json()["loadbalancers"].size(), 1u);
  std::string next = l1.Json()["page_info"]["next_marker"];
  auto l2 = E("GET", "/loadbalancers?limit=1&marker=" + next);
  ASSERT_EQ(l2.Json()["loadbalancers"].size(), 1u);
  EXPECT_EQ(l2.Json()["loadbalancers"][0]["name"], "elb-2");
  EXPECT_FALSE(l2.Json()["page_info"].contains("next_marker"));
  EXPECT_EQ(E("GET", "/loadbalancers?name=elb-2").Json()["loadbalancers"].size(), 1u);
  EXPECT_EQ(E("GET", "/loadbalancers?vpc_id=nope").Json()["loadbalancers"].size(), 0u);
  auto u = E("PUT", "/loadbalancers/" + id,
             {{"loadbalancer", {{"name", "elb-renamed"}, {"deletion_protection_enable", true}}}});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Json()["loadbalancer"]["name"], "elb-renamed");
  ExpectElbError(E("PUT", "/loadbalancers/" + id, {{"loadbalancer", {{"availability_zone_list", {"eu-de-03"}}}}}), 400,
                 "ELB.8902", "cannot be updated");
  auto st = E("GET", "/loadbalancers/" + id + "/statuses");
  ASSERT_EQ(st.status, 200) << st.body;
  EXPECT_EQ(st.Json()["statuses"]["loadbalancer"]["provisioning_status"], "ACTIVE");

  // Deletion protection, then delete: EIP stays (provider deletes it), unbound.
  ExpectElbError(E("DELETE", "/loadbalancers/" + id), 409, "ELB.1029", "deletion protection");
  ASSERT_EQ(E("PUT", "/loadbalancers/" + id, {{"loadbalancer", {{"deletion_protection_enable", false}}}}).status, 200);
  EXPECT_EQ(E("DELETE", "/loadbalancers/" + id).status, 204);
  ExpectElbError(E("GET", "/loadbalancers/" + id), 404, "ELB.8904", id);
  EXPECT_EQ(E("DELETE", "/loadbalancers/" + id).status, 404);
  auto e2 = Call("GET", "/v1/" + Pid() + "/publicips/" + eip);
  EXPECT_EQ(e2.Json()["publicip"]["status"], "DOWN");
  EXPECT_TRUE(e2.Json()["publicip"]["port_id"].is_null());
  EXPECT_EQ(Call("GET", "/v2.0/ports/" + vip_port).status, 404);
  EXPECT_EQ(E("DELETE", "/loadbalancers/" + c2.Json()["loadbalancer"]["id"].get<std::string>()).status, 204);
  EXPECT_EQ(Call("DELETE", "/v1/" + Pid() + "/publicips/" + eip).status, 204);
  EXPECT_EQ(Call("DELETE", "/v1/" + Pid() + "/vpcs/" + vpc + "/subnets/" + sn["id"].get<std::string>()).status, 204);
  // Nothing of the ELB service is left behind.
  json res = Http("GET", sim_.http() + "/_sim/resources").Json()["resources"];
  for (const char* kind : {"elb_loadbalancer", "port", "publicip", "bandwidth"}) {
    EXPECT_TRUE(!res.contains(kind) || res[kind].empty()) << kind << " left: " << res.value(kind, json()).size();
  }
}

TEST_F(Elb, LoadBalancerValidation) {
  std::string vpc = Vpc();
  json sn = Subnet(vpc, 2);
  ExpectElbError(Raw("POST", "/v3/" + Pid() + "/elb/loadbalancers", "{not json"), 400, "ELB.8902", "not valid JSON");
  ExpectElbError(E("POST", "/loadbalancers", {{"lb", json::object()}}), 400, "ELB.8902", "loadbalancer");
  json no_az = Lb(sn);
  no_az.erase("availability_zone_list");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", no_az}}), 400, "ELB.8902", "availability_zone_list");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"availability_zone_list", {"eu-nl-01"}}})}}),
                 400, "ELB.8902", "eu-nl-01");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"name", 5}})}}), 400, "ELB.8902", "name");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"admin_state_up", false}})}}), 400, "ELB.8902",
                 "Only true");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"l4_flavor_id", Flavor("L7")}})}}), 400,
                 "ELB.8902", "not an L4 flavor");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"vip_subnet_cidr_id", sn["id"]}})}}), 400,
                 "ELB.8902", "neutron_subnet_id");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"elb_virsubnet_ids", {"nope"}}})}}), 400,
                 "ELB.8902", "nope");
  ExpectElbError(
      E("POST", "/loadbalancers", {{"loadbalancer", {{"availability_zone_list", {"eu-de-01"}}, {"name", "x"}}}}), 400,
      "ELB.8902", "vpc_id");
  ExpectElbError(E("POST", "/loadbalancers",
                   {{"loadbalancer", Lb(sn, {{"publicip_ids", {"a"}}, {"publicip", {{"network_type", "5_bgp"}}}})}}),
                 400, "ELB.8902", "cannot be given together");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"publicip", {{"network_type", "6_bgp"}}}})}}),
                 400, "ELB.8902", "network_type");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"ipv6_vip_virsubnet_id", sn["id"]}})}}), 400,
                 "ELB.8902", "IPv6");
  // A subnet of another VPC cannot be mixed in.
  auto v2 = Call("POST", "/v1/" + Pid() + "/vpcs", {{"vpc", {{"name", "other"}, {"cidr", "10.0.0.0/16"}}}});
  std::string vpc2 = v2.Json()["vpc"]["id"];
  auto s2 = Call("POST", "/v1/" + Pid() + "/subnets",
                 {{"subnet", {{"name", "o"}, {"cidr", "10.0.1.0/24"}, {"gateway_ip", "10.0.1.1"}, {"vpc_id", vpc2}}}});
  ExpectElbError(
      E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"elb_virsubnet_ids", {s2.Json()["subnet"]["id"]}}})}}),
      400, "ELB.8902", "one VPC");
  // Big or oddly typed input gets the ELB error body, never a crash.
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"name", std::string(1 << 20, 'n')}})}}), 400,
                 "ELB.8902", "longer than 255");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"elb_virsubnet_ids", "not-a-list"}})}}), 400,
                 "ELB.8902", "elb_virsubnet_ids");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"tags", {{{"key", 1}}}}})}}), 400, "ELB.8902",
                 "tags");
  ExpectElbError(Raw("POST", "/v3/" + Pid() + "/elb/loadbalancers", "[1,2,3]"), 400, "ELB.8902", "not valid JSON");
  EXPECT_EQ(Http("GET", sim_.http() + "/_sim/health").status, 200);
  // No token: API gateway 401.
  EXPECT_EQ(Http("GET", sim_.http() + "/v3/" + Pid() + "/elb/loadbalancers").status, 401);
}

TEST_F(Elb, BindExistingEip) {
  std::string vpc = Vpc();
  json sn = Subnet(vpc, 3);
  auto a = Call("POST", "/v1/" + Pid() + "/publicips",
                {{"publicip", {{"type", "5_bgp"}}},
                 {"bandwidth", {{"name", "bw"}, {"size", 5}, {"share_type", "PER"}, {"charge_mode", "traffic"}}}});
  ASSERT_EQ(a.status, 200) << a.body;
  std::string eip = a.Json()["publicip"]["id"];
  // Still PENDING_CREATE: busy.
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"publicip_ids", {eip}}})}}), 409, "ELB.8907",
                 "still being created");
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", 5}}.dump(), {kJson}).status, 200);
  auto c = E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"publicip_ids", {eip}}})}});
  ASSERT_EQ(c.status, 201) << c.body;
  json lb = c.Json()["loadbalancer"];
  EXPECT_EQ(lb["publicips"][0]["publicip_id"], eip);
  auto e = Call("GET", "/v1/" + Pid() + "/publicips/" + eip);
  EXPECT_EQ(e.Json()["publicip"]["status"], "ACTIVE");
  EXPECT_EQ(e.Json()["publicip"]["port_id"], lb["vip_port_id"]);
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"publicip_ids", {eip}}})}}), 409, "ELB.8907",
                 "already bound");
  ExpectElbError(E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn, {{"publicip_ids", {"missing"}}})}}), 400,
                 "ELB.8902", "missing");
}

TEST_F(Elb, ListenersPoolsMembersMonitorsAndCertificates) {
  std::string vpc = Vpc();
  json sn = Subnet(vpc, 4);
  auto c = E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn)}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string lb = c.Json()["loadbalancer"]["id"];

  // Listeners: issue #1676 message, defaults, port conflicts.
  ExpectElbError(
      E("POST", "/listeners",
        {{"listener", {{"loadbalancer_id", lb}, {"protocol", "TCP"}, {"protocol_port", 80}, {"client_timeout", 30}}}}),
      400, "ELB.8901",
      "Only [ HTTP, HTTPS ] listeners support 'client_timeout', 'member_timeout' and 'enable_member_retry'");
  ExpectElbError(
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "SCTP"}, {"protocol_port", 80}}}}),
      400, "ELB.8902", "protocol");
  ExpectElbError(
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "TCP"}, {"protocol_port", 70000}}}}),
      400, "ELB.8902", "protocol_port");
  ExpectElbError(E("POST", "/listeners",
                   {{"listener", {{"loadbalancer_id", "nope"}, {"protocol", "TCP"}, {"protocol_port", 80}}}}),
                 404, "ELB.8904", "Loadbalancer nope");
  auto tcp =
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "TCP"}, {"protocol_port", 80}}}});
  ASSERT_EQ(tcp.status, 201) << tcp.body;
  json tl = tcp.Json()["listener"];
  EXPECT_EQ(tl["loadbalancers"], (json::array({{{"id", lb}}})));
  EXPECT_EQ(tl["keepalive_timeout"], 300);
  EXPECT_TRUE(tl["client_timeout"].is_null());
  EXPECT_TRUE(tl["default_pool_id"].is_null());
  EXPECT_EQ(tl["connection_limit"], -1);
  ExpectElbError(
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "HTTP"}, {"protocol_port", 80}}}}),
      409, "ELB.8907", "Port 80 is already used");
  auto udp =
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "UDP"}, {"protocol_port", 80}}}});
  EXPECT_EQ(udp.status, 201) << udp.body;
  ExpectElbError(
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "HTTPS"}, {"protocol_port", 443}}}}),
      400, "ELB.8902", "default_tls_container_ref");
  auto http = E("POST", "/listeners",
                {{"listener",
                  {{"loadbalancer_id", lb},
                   {"protocol", "HTTP"},
                   {"protocol_port", 8080},
                   {"client_timeout", 30},
                   {"insert_headers", {{"X-Forwarded-ELB-IP", true}}}}}});
  ASSERT_EQ(http.status, 201) << http.body;
  EXPECT_EQ(http.Json()["listener"]["client_timeout"], 30);
  EXPECT_EQ(http.Json()["listener"]["member_timeout"], 60);
  EXPECT_EQ(http.Json()["listener"]["insert_headers"],
            (json{{"X-Forwarded-ELB-IP", true}, {"X-Forwarded-Host", true}}));
  ExpectElbError(E("PUT", "/listeners/" + http.Json()["listener"]["id"].get<std::string>(),
                   {{"listener", {{"insert_headers", {{"X-Evil", true}}}}}}),
                 400, "ELB.8902", "X-Evil");

  // Certificates: real PEM parsing, key match, expiry.
  CertPair good = MakeCert("www.example.com", 365);
  CertPair other = MakeCert("other", 10);
  ExpectElbError(
      E("POST", "/certificates",
        {{"certificate", {{"certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n"}, {"private_key", good.key}}}}),
      400, "ELB.1011", "X.509");
  ExpectElbError(
      E("POST", "/certificates", {{"certificate", {{"certificate", good.cert}, {"private_key", other.key}}}}), 400,
      "ELB.1011", "does not match");
  ExpectElbError(
      E("POST", "/certificates", {{"certificate", {{"certificate", good.cert}, {"private_key", "garbage"}}}}), 400,
      "ELB.1011", "private key");
  ExpectElbError(E("POST", "/certificates", {{"certificate", {{"certificate", good.cert}}}}), 400, "ELB.8902",
                 "private_key");
  ExpectElbError(E("POST", "/certificates",
                   {{"certificate", {{"certificate", good.cert}, {"type", "client"}, {"private_key", good.key}}}}),
                 400, "ELB.8902", "must not carry");
  auto cert =
      E("POST", "/certificates",
        {{"certificate",
          {{"name", "c1"}, {"certificate", good.cert}, {"private_key", good.key}, {"domain", "www.example.com"}}}});
  ASSERT_EQ(cert.status, 201) << cert.body;
  json cj = cert.Json()["certificate"];
  std::string cert_id = cj["id"];
  EXPECT_EQ(cj["type"], "server");
  EXPECT_EQ(cj["admin_state_up"], true);
  std::string expire = cj["expire_time"];
  ASSERT_EQ(expire.size(), 20u) << expire;
  auto ca = E("POST", "/certificates", {{"certificate", {{"certificate", other.cert}, {"type", "client"}}}});
  ASSERT_EQ(ca.status, 201) << ca.body;
  std::string ca_id = ca.Json()["certificate"]["id"];
  ExpectElbError(E("POST", "/listeners",
                   {{"listener",
                     {{"loadbalancer_id", lb},
                      {"protocol", "HTTPS"},
                      {"protocol_port", 443},
                      {"default_tls_container_ref", ca_id}}}}),
                 400, "ELB.8902", "not a server certificate");
  auto https = E("POST", "/listeners",
                 {{"listener",
                   {{"loadbalancer_id", lb},
                    {"protocol", "HTTPS"},
                    {"protocol_port", 443},
                    {"default_tls_container_ref", cert_id},
                    {"client_ca_tls_container_ref", ca_id},
                    {"sni_container_refs", {cert_id}},
                    {"http2_enable", true},
                    {"tls_ciphers_policy", "tls-1-2"}}}});
  ASSERT_EQ(https.status, 201) << https.body;
  std::string https_id = https.Json()["listener"]["id"];
  EXPECT_EQ(https.Json()["listener"]["http2_enable"], true);
  ExpectElbError(E("DELETE", "/certificates/" + cert_id), 409, "ELB.8907", https_id);
  auto cu = E("PUT", "/certificates/" + cert_id, {{"certificate", {{"name", "c1-renamed"}}}});
  ASSERT_EQ(cu.status, 200) << cu.body;
  EXPECT_EQ(cu.Json()["certificate"]["name"], "c1-renamed");
  ExpectElbError(E("PUT", "/certificates/" + cert_id, {{"certificate", {{"private_key", other.key}}}}), 400, "ELB.1011",
                 "does not match");

  // Pools.
  std::string tcp_id = tl["id"];
  ExpectElbError(
      E("POST", "/pools", {{"pool", {{"lb_algorithm", "ROUND_ROBIN"}, {"protocol", "HTTP"}, {"listener_id", tcp_id}}}}),
      400, "ELB.8902", "cannot forward");
  ExpectElbError(E("POST", "/pools", {{"pool", {{"lb_algorithm", "ROUND_ROBIN"}, {"protocol", "TCP"}}}}), 400,
                 "ELB.8902", "loadbalancer_id");
  ExpectElbError(E("POST", "/pools",
                   {{"pool",
                     {{"lb_algorithm", "ROUND_ROBIN"},
                      {"protocol", "TCP"},
                      {"listener_id", tcp_id},
                      {"session_persistence", {{"type", "HTTP_COOKIE"}}}}}}),
                 400, "ELB.8902", "SOURCE_IP");
  auto pool = E("POST", "/pools",
                {{"pool",
                  {{"lb_algorithm", "ROUND_ROBIN"},
                   {"protocol", "TCP"},
                   {"listener_id", tcp_id},
                   {"session_persistence", {{"type", "SOURCE_IP"}}}}}});
  ASSERT_EQ(pool.status, 201) << pool.body;
  json pj = pool.Json()["pool"];
  std::string pool_id = pj["id"];
  EXPECT_EQ(pj["listeners"], (json::array({{{"id", tcp_id}}})));
  EXPECT_EQ(pj["loadbalancers"], (json::array({{{"id", lb}}})));
  EXPECT_EQ(pj["healthmonitor_id"], "");
  EXPECT_EQ(pj["session_persistence"]["persistence_timeout"], 1);
  EXPECT_EQ(E("GET", "/listeners/" + tcp_id).Json()["listener"]["default_pool_id"], pool_id);
  ExpectElbError(
      E("POST", "/pools", {{"pool", {{"lb_algorithm", "ROUND_ROBIN"}, {"protocol", "TCP"}, {"listener_id", tcp_id}}}}),
      409, "ELB.8907", "already has default pool");

  // Members: address inside the subnet, unique address:port.
  std::string nsub = sn["neutron_subnet_id"];
  ExpectElbError(E("POST", "/pools/" + pool_id + "/members",
                   {{"member", {{"address", "10.9.9.9"}, {"protocol_port", 80}, {"subnet_cidr_id", nsub}}}}),
                 400, "ELB.8902", "not inside subnet");
  ExpectElbError(
      E("POST", "/pools/" + pool_id + "/members", {{"member", {{"address", "192.168.4.10"}, {"protocol_port", 80}}}}),
      400, "ELB.8902", "ip_target_enable");
  ExpectElbError(
      E("POST", "/pools/" + pool_id + "/members",
        {{"member", {{"address", "192.168.4.10"}, {"protocol_port", 80}, {"subnet_cidr_id", nsub}, {"weight", 101}}}}),
      400, "ELB.8902", "weight");
  auto m = E("POST", "/pools/" + pool_id + "/members",
             {{"member", {{"address", "192.168.4.10"}, {"protocol_port", 80}, {"subnet_cidr_id", nsub}}}});
  ASSERT_EQ(m.status, 201) << m.body;
  std::string member_id = m.Json()["member"]["id"];
  EXPECT_EQ(m.Json()["member"]["operating_status"], "NO_MONITOR");
  EXPECT_EQ(m.Json()["member"]["weight"], 1);
  ExpectElbError(E("POST", "/pools/" + pool_id + "/members",
                   {{"member", {{"address", "192.168.4.10"}, {"protocol_port", 80}, {"subnet_cidr_id", nsub}}}}),
                 409, "ELB.8907", "already exists");
  EXPECT_EQ(E("GET", "/pools/" + pool_id + "/members").Json()["members"].size(), 1u);
  ExpectElbError(E("GET", "/pools/" + pool_id + "/members/nope"), 404, "ELB.8904", "Member nope");

  // Health monitors.
  ExpectElbError(E("POST", "/healthmonitors",
                   {{"healthmonitor",
                     {{"pool_id", pool_id}, {"type", "TCP"}, {"delay", 5}, {"timeout", 10}, {"max_retries", 3}}}}),
                 400, "ELB.8902", "timeout");
  ExpectElbError(E("POST", "/healthmonitors",
                   {{"healthmonitor",
                     {{"pool_id", pool_id},
                      {"type", "HTTP"},
                      {"delay", 5},
                      {"timeout", 3},
                      {"max_retries", 3},
                      {"url_path", "health"}}}}),
                 400, "ELB.8902", "url_path");
  auto hm =
      E("POST", "/healthmonitors",
        {{"healthmonitor", {{"pool_id", pool_id}, {"type", "TCP"}, {"delay", 5}, {"timeout", 3}, {"max_retries", 3}}}});
  ASSERT_EQ(hm.status, 201) << hm.body;
  std::string hm_id = hm.Json()["healthmonitor"]["id"];
  EXPECT_EQ(hm.Json()["healthmonitor"]["pools"], (json::array({{{"id", pool_id}}})));
  EXPECT_EQ(hm.Json()["healthmonitor"]["max_retries_down"], 3);
  ExpectElbError(
      E("POST", "/healthmonitors",
        {{"healthmonitor", {{"pool_id", pool_id}, {"type", "TCP"}, {"delay", 5}, {"timeout", 3}, {"max_retries", 3}}}}),
      409, "ELB.8907", "already has health monitor");
  EXPECT_EQ(E("GET", "/pools/" + pool_id + "/members/" + member_id).Json()["member"]["operating_status"], "ONLINE");
  EXPECT_EQ(E("GET", "/pools/" + pool_id).Json()["pool"]["healthmonitor_id"], hm_id);
  auto hu = E("PUT", "/healthmonitors/" + hm_id, {{"healthmonitor", {{"delay", 10}, {"timeout", 8}}}});
  ASSERT_EQ(hu.status, 200) << hu.body;
  EXPECT_EQ(hu.Json()["healthmonitor"]["delay"], 10);

  auto tree = E("GET", "/loadbalancers/" + lb + "/statuses").Json()["statuses"]["loadbalancer"];
  ASSERT_EQ(tree["listeners"].size(), 4u) << tree.dump();

  // Referential integrity, then tear down in the provider's order.
  ExpectElbError(E("DELETE", "/loadbalancers/" + lb), 409, "ELB.1008", "listener");
  ExpectElbError(E("DELETE", "/listeners/" + tcp_id), 409, "ELB.8907", pool_id);
  ExpectElbError(E("DELETE", "/pools/" + pool_id), 409, "ELB.8907", "member");
  EXPECT_EQ(E("DELETE", "/pools/" + pool_id + "/members/" + member_id).status, 204);
  ExpectElbError(E("DELETE", "/pools/" + pool_id), 409, "ELB.8907", "health monitor");
  EXPECT_EQ(E("DELETE", "/healthmonitors/" + hm_id).status, 204);
  EXPECT_EQ(E("DELETE", "/pools/" + pool_id).status, 204);
  EXPECT_TRUE(E("GET", "/listeners/" + tcp_id).Json()["listener"]["default_pool_id"].is_null());
  json listeners = E("GET", "/listeners?loadbalancer_id=" + lb).Json()["listeners"];
  ASSERT_EQ(listeners.size(), 4u);
  for (const auto& l : listeners) {
    EXPECT_EQ(E("DELETE", "/listeners/" + l["id"].get<std::string>()).status, 204);
  }
  EXPECT_EQ(E("DELETE", "/certificates/" + cert_id).status, 204);
  EXPECT_EQ(E("DELETE", "/certificates/" + ca_id).status, 204);
  EXPECT_EQ(E("DELETE", "/loadbalancers/" + lb).status, 204);
  json res = Http("GET", sim_.http() + "/_sim/resources").Json()["resources"];
  for (const char* kind :
       {"elb_loadbalancer", "elb_listener", "elb_pool", "elb_member", "elb_healthmonitor", "elb_certificate", "port"}) {
    EXPECT_TRUE(!res.contains(kind) || res[kind].empty()) << kind << " left: " << res.value(kind, json()).size();
  }
}

TEST_F(Elb, ForceDeleteCascades) {
  std::string vpc = Vpc();
  json sn = Subnet(vpc, 5);
  std::string lb = E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn)}}).Json()["loadbalancer"]["id"];
  auto l =
      E("POST", "/listeners", {{"listener", {{"loadbalancer_id", lb}, {"protocol", "TCP"}, {"protocol_port", 22}}}});
  std::string lid = l.Json()["listener"]["id"];
  auto p = E("POST", "/pools", {{"pool", {{"lb_algorithm", "SOURCE_IP"}, {"protocol", "TCP"}, {"listener_id", lid}}}});
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(E("DELETE", "/loadbalancers/" + lb + "/force-elb").status, 204);
  EXPECT_EQ(E("GET", "/listeners/" + lid).status, 404);
  EXPECT_EQ(E("GET", "/pools/" + p.Json()["pool"]["id"].get<std::string>()).status, 404);
}

TEST_F(Elb, FailFaultGivesProvisioningError) {
  std::string vpc = Vpc();
  json sn = Subnet(vpc, 6);
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/faults", json{{"spec", "elb:fail"}}.dump(), {kJson}).status, 200);
  auto c = E("POST", "/loadbalancers", {{"loadbalancer", Lb(sn)}});
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.Json()["loadbalancer"]["provisioning_status"], "ERROR");
  std::string id = c.Json()["loadbalancer"]["id"];
  EXPECT_EQ(E("GET", "/loadbalancers/" + id).Json()["loadbalancer"]["provisioning_status"], "ERROR");
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status, 204);
  EXPECT_EQ(E("DELETE", "/loadbalancers/" + id).status, 204);
}

TEST(ElbPersistence, LoadBalancerSurvivesRestart) {
  char tmpl[] = "/tmp/otc-sim-elb-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string state = std::string(tmpl) + "/state.json";
  std::string lb_id;
  std::string listener_id;
  {
    SimProcess sim({"--seed", "12", "--https-listen", "off", "--state", state});
    ASSERT_TRUE(sim.ok());
    std::string tok = ProjectToken(sim);
    std::string pid = sim.cred("project_id");
    auto call = [&](const std::string& m, const std::string& path, const json& b) {
      return Http(m, sim.http() + path, b.is_null() ? "" : b.dump(), {kJson, "X-Auth-Token: " + tok});
    };
    std::string vpc = call("POST", "/v1/" + pid + "/vpcs", {{"vpc", {{"name", "v"}, {"cidr", "192.168.0.0/16"}}}})
                          .Json()["vpc"]["id"];
    json sn =
        call("POST", "/v1/" + pid + "/subnets",
             {{"subnet", {{"name", "s"}, {"cidr", "192.168.7.0/24"}, {"gateway_ip", "192.168.7.1"}, {"vpc_id", vpc}}}})
            .Json()["subnet"];
    auto c = call("POST", "/v3/" + pid + "/elb/loadbalancers",
                  {{"loadbalancer",
                    {{"name", "persist"},
                     {"availability_zone_list", {"eu-de-01"}},
                     {"vip_subnet_cidr_id", sn["neutron_subnet_id"]}}}});
    ASSERT_EQ(c.status, 201) << c.body;
    lb_id = c.Json()["loadbalancer"]["id"];
    auto l = call("POST", "/v3/" + pid + "/elb/listeners",
                  {{"listener", {{"loadbalancer_id", lb_id}, {"protocol", "TCP"}, {"protocol_port", 443}}}});
    ASSERT_EQ(l.status, 201) << l.body;
    listener_id = l.Json()["listener"]["id"];
    EXPECT_EQ(sim.Stop(), 0);
  }
  SimProcess sim({"--seed", "12", "--https-listen", "off", "--state", state});
  ASSERT_TRUE(sim.ok());
  std::string tok = ProjectToken(sim);
  std::string pid = sim.cred("project_id");
  auto g = Http("GET", sim.http() + "/v3/" + pid + "/elb/loadbalancers/" + lb_id, "", {"X-Auth-Token: " + tok});
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.Json()["loadbalancer"]["name"], "persist");
  EXPECT_EQ(g.Json()["loadbalancer"]["listeners"], (json::array({{{"id", listener_id}}})));
  sim.Stop();
  std::remove(state.c_str());
  rmdir(tmpl);
}

}  // namespace
}  // namespace otcsim_test
