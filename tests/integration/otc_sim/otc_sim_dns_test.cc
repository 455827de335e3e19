// DNS v2 (api.md section 7) against the real otc-sim binary: zone and
// record set lifecycles (PENDING_* -> ACTIVE, delete 202 then 404), names
// with trailing dots, record validation, links.next pagination, private
// zones and router association, tags, the "fail" fault and --state.
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

class Dns : public ::testing::Test {
 protected:
  void SetUp() override { Init(); }
  void Init() {
    ASSERT_TRUE(sim_->ok());
    token_ = ProjectToken(*sim_);
    ASSERT_FALSE(token_.empty());
  }
  std::string pid() const { return sim_->cred("project_id"); }
  HttpResult Raw(const std::string& method, const std::string& url, const std::string& body) {
    return Http(method, url, body, {kJson, "X-Auth-Token: " + token_});
  }
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Raw(method, sim_->http() + path, body.is_null() ? "" : body.dump());
  }
  void Advance(double s) {
    ASSERT_EQ(Http("POST", sim_->http() + "/_sim/clock/advance", json{{"seconds", s}}.dump(), {kJson}).status, 200);
  }
  void ExpectError(const HttpResult& r, int status, const std::string& code, const std::string& part = "") {
    EXPECT_EQ(r.status, status) << r.body;
    json j = r.Json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j.value("code", ""), code) << r.body;
    EXPECT_NE(j.value("message", ""), "") << r.body;
    if (!part.empty()) {
      EXPECT_NE(j.value("message", "").find(part), std::string::npos) << r.body;
    }
  }
  std::string Zone(const std::string& name) {
    auto c = Call("POST", "/v2/zones", {{"name", name}, {"email", "admin@example.com"}, {"zone_type", "public"}});
    EXPECT_EQ(c.status, 202) << c.body;
    Advance(6);
    return c.Json().value("id", "");
  }
  std::string Vpc(const std::string& name, const std::string& cidr) {
    auto v = Call("POST", "/v1/" + pid() + "/vpcs", {{"vpc", {{"name", name}, {"cidr", cidr}}}});
    EXPECT_EQ(v.status, 200) << v.body;
    return v.Json()["vpc"].value("id", "");
  }
  static bool NoZone(const std::string& t) { return t.find('Z') == std::string::npos && t.size() == 23; }

  std::unique_ptr<SimProcess> sim_ = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", "9", "--https-listen", "off"});
  std::string token_;
};

TEST_F(Dns, PublicZoneLifecycle) {
  auto c = Call("POST", "/v2/zones", {{"name", "example.com"}, {"email", "admin@example.com"}, {"ttl", 600},
                                      {"description", "d"}, {"router", nullptr}});
  ASSERT_EQ(c.status, 202) << c.body;
  json z = c.Json();
  std::string id = z["id"];
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(z["name"], "example.com.");  // trailing dot added
  EXPECT_EQ(z["status"], "PENDING_CREATE");
  EXPECT_EQ(z["zone_type"], "public");
  EXPECT_EQ(z["ttl"], 600);
  EXPECT_EQ(z["serial"], 1);
  EXPECT_EQ(z["project_id"], pid());
  EXPECT_TRUE(z["updated_at"].is_null());
  EXPECT_TRUE(NoZone(z["created_at"])) << z["created_at"];
  EXPECT_EQ(z["links"]["self"], sim_->http() + "/v2/zones/" + id);
  EXPECT_FALSE(z.contains("routers"));
  EXPECT_EQ(Call("GET", "/v2/zones/" + id).Json()["status"], "PENDING_CREATE");
  Advance(6);
  auto g = Call("GET", "/v2/zones/" + id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["status"], "ACTIVE");
  EXPECT_EQ(g.Json()["record_num"], 2);  // SOA + NS
  auto rs = Call("GET", "/v2/zones/" + id + "/recordsets").Json();
  ASSERT_EQ(rs["recordsets"].size(), 2u);
  std::set<std::string> types;
  for (const auto& r : rs["recordsets"]) {
    types.insert(r["type"]);
    EXPECT_EQ(r["default"], true);
    EXPECT_EQ(r["status"], "ACTIVE");
  }
  EXPECT_EQ(types, (std::set<std::string>{"SOA", "NS"}));
  auto ns = Call("GET", "/v2/zones/" + id + "/nameservers");
  ASSERT_EQ(ns.status, 200);
  EXPECT_EQ(ns.Json()["nameservers"][0]["hostname"], "ns1.open-telekom-cloud.com.");

  auto u = Call("PATCH", "/v2/zones/" + id, {{"ttl", 900}, {"description", "new"}});
  ASSERT_EQ(u.status, 202) << u.body;
  EXPECT_EQ(u.Json()["status"], "PENDING_UPDATE");
  EXPECT_EQ(u.Json()["ttl"], 900);
  EXPECT_TRUE(NoZone(u.Json()["updated_at"]));
  ExpectError(Call("PATCH", "/v2/zones/" + id, {{"ttl", 1000}}), 400, "DNS.0209");
  Advance(4);
  EXPECT_EQ(Call("GET", "/v2/zones/" + id).Json()["status"], "ACTIVE");
  ExpectError(Call("PATCH", "/v2/zones/" + id, {{"name", "other.com."}}), 400, "DNS.0002", "name");

  auto d = Call("DELETE", "/v2/zones/" + id);
  ASSERT_EQ(d.status, 202) << d.body;
  EXPECT_EQ(d.Json()["status"], "PENDING_DELETE");
  EXPECT_EQ(Call("GET", "/v2/zones/" + id).status, 200);
  Advance(4);
  auto gone = Call("GET", "/v2/zones/" + id);
  ExpectError(gone, 404, "DNS.0302", "This zone does not exist.");
  EXPECT_EQ(gone.Json(), (json{{"code", "DNS.0302"}, {"message", "This zone does not exist."}}));
  auto res = Http("GET", sim_->http() + "/_sim/resources").Json()["resources"];
  EXPECT_EQ(res.value("dns_zone", json::object()).size(), 0u);
  EXPECT_EQ(res.value("dns_recordset", json::object()).size(), 0u);
}

TEST_F(Dns, ZoneValidation) {
  std::string id = Zone("example.org.");
  ExpectError(Call("POST", "/v2/zones", {{"name", "example.org"}}), 400, "DNS.0208", "already exists");
  ExpectError(Call("POST", "/v2/zones", {{"name", "bad_name.com."}}), 400, "DNS.0202");
  ExpectError(Call("POST", "/v2/zones", {{"name", "-x.com."}}), 400, "DNS.0202");
  ExpectError(Call("POST", "/v2/zones", {{"name", "com."}}), 400, "DNS.0202", "two labels");
  ExpectError(Call("POST", "/v2/zones", json::object()), 400, "DNS.0202", "name");
  ExpectError(Call("POST", "/v2/zones", {{"name", 7}}), 400, "DNS.0202");
  ExpectError(Call("POST", "/v2/zones", {{"name", "a.com."}, {"ttl", 10}}), 400, "DNS.0203", "ttl");
  ExpectError(Call("POST", "/v2/zones", {{"name", "a.com."}, {"ttl", "300"}}), 400, "DNS.0203");
  ExpectError(Call("POST", "/v2/zones", {{"name", "a.com."}, {"email", "nope"}}), 400, "DNS.0201", "email");
  ExpectError(Call("POST", "/v2/zones", {{"name", "a.com."}, {"zone_type", "secret"}}), 400, "DNS.0204", "zone_type");
  ExpectError(Call("POST", "/v2/zones", {{"name", "a.com."}, {"zone_type", "private"}}), 400, "DNS.0002", "router");
  ExpectError(Call("POST", "/v2/zones", {{"name", "a.com."}, {"zone_type", "private"},
                                         {"router", {{"router_id", "no-such-vpc"}}}}),
              400, "DNS.0002", "VPC");
  ExpectError(Raw("POST", sim_->http() + "/v2/zones", "{oops"), 400, "DNS.0002", "JSON");
  ExpectError(Raw("POST", sim_->http() + "/v2/zones", std::string(3 << 20, '[')), 400, "DNS.0002", "JSON");
  ExpectError(Call("GET", "/v2/zones/nope"), 404, "DNS.0302");
  ExpectError(Call("GET", "/v2/zones?type=weird"), 400, "DNS.0204");
  EXPECT_EQ(Http("GET", sim_->http() + "/v2/zones").status, 401);
  EXPECT_EQ(Call("GET", "/v2/zones/" + id).status, 200);
}

TEST_F(Dns, RecordSets) {
  std::string zid = Zone("example.net");
  std::string base = "/v2/zones/" + zid + "/recordsets";
  auto c = Call("POST", base, {{"name", "www.example.net"}, {"type", "A"}, {"records", {"192.168.0.1", "192.168.0.2"}}});
  ASSERT_EQ(c.status, 202) << c.body;
  json r = c.Json();
  std::string rid = r["id"];
  EXPECT_EQ(rid.size(), 32u);
  EXPECT_EQ(r["name"], "www.example.net.");
  EXPECT_EQ(r["zone_name"], "example.net.");
  EXPECT_EQ(r["zone_id"], zid);
  EXPECT_EQ(r["status"], "PENDING_CREATE");
  EXPECT_EQ(r["action"], "CREATE");
  EXPECT_EQ(r["ttl"], 300);
  EXPECT_EQ(r["version"], 1);
  EXPECT_EQ(r["default"], false);
  EXPECT_TRUE(NoZone(r["created_at"])) << r["created_at"];
  EXPECT_TRUE(r["updated_at"].is_null());
  EXPECT_EQ(r["links"]["self"], sim_->http() + base + "/" + rid);
  Advance(4);
  auto g = Call("GET", base + "/" + rid);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["status"], "ACTIVE");
  EXPECT_EQ(g.Json()["action"], "NONE");

  // Validation.
  ExpectError(Call("POST", base, {{"name", "www.other.net."}, {"type", "A"}, {"records", {"1.2.3.4"}}}), 400,
              "DNS.0304", "not within zone");
  ExpectError(Call("POST", base, {{"name", "xexample.net."}, {"type", "A"}, {"records", {"1.2.3.4"}}}), 400,
              "DNS.0304");
  ExpectError(Call("POST", base, {{"name", "www.example.net."}, {"type", "A"}, {"records", {"10.0.0.1"}}}), 400,
              "DNS.0312", "already exists");
  ExpectError(Call("POST", base, {{"name", "www.example.net."}, {"type", "CNAME"}, {"records", {"x.example.com."}}}),
              400, "DNS.0312", "CNAME");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "A"}, {"records", {"300.1.1.1"}}}), 400,
              "DNS.0308", "IPv4");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "AAAA"}, {"records", {"1.2.3.4"}}}), 400,
              "DNS.0308", "IPv6");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "MX"}, {"records", {"mail.example.net."}}}), 400,
              "DNS.0308", "preference");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "TXT"}, {"records", {"v=spf1 -all"}}}), 400,
              "DNS.0308", "quoted");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "TXT"}, {"records", {"\"open"}}}), 400,
              "DNS.0308");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "SOA"}, {"records", {"x"}}}), 400, "DNS.0307",
              "type");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "A"}, {"records", json::array()}}), 400,
              "DNS.0308", "records");
  ExpectError(Call("POST", base, {{"name", "a.example.net."}, {"type", "A"}, {"records", {"1.2.3.4"}}, {"ttl", 0}}),
              400, "DNS.0303");
  ExpectError(Call("POST", base, {{"name", "example.net."}, {"type", "CNAME"}, {"records", {"x.example.com."}}}), 400,
              "DNS.0304", "apex");
  ExpectError(Call("POST", "/v2/zones/nope/recordsets", {{"name", "a.b.c."}, {"type", "A"}, {"records", {"1.2.3.4"}}}),
              404, "DNS.0302");
  ExpectError(Raw("POST", sim_->http() + base, "nope"), 400, "DNS.0002", "JSON");

  // Every type that is valid.
  json ok = json::array({json{{"name", "v6.example.net."}, {"type", "AAAA"}, {"records", {"2001:db8::1"}}},
                         json{{"name", "alias.example.net"}, {"type", "cname"}, {"records", {"www.example.net."}}},
                         json{{"name", "example.net."}, {"type", "MX"}, {"records", {"10 mail.example.net."}}},
                         json{{"name", "example.net."}, {"type", "TXT"}, {"records", {"\"v=spf1 -all\"", "\"a\" \"b\""}}},
                         json{{"name", "_sip._tcp.example.net."}, {"type", "SRV"}, {"records", {"10 60 5060 sip.example.net."}}},
                         json{{"name", "example.net."}, {"type", "CAA"}, {"records", {"0 issue \"letsencrypt.org\""}}},
                         json{{"name", "sub.example.net."}, {"type", "NS"}, {"records", {"ns1.example.org."}}},
                         json{{"name", "*.example.net."}, {"type", "A"}, {"records", {"1.1.1.1"}}},
                         json{{"name", "4.3.2.1.example.net."}, {"type", "PTR"}, {"records", {"host.example.net."}}}});
  for (const auto& b : ok) {
    auto x = Call("POST", base, b);
    EXPECT_EQ(x.status, 202) << b.dump() << " -> " << x.body;
  }
  auto txt = Call("GET", base + "?type=TXT").Json()["recordsets"];
  ASSERT_EQ(txt.size(), 1u);
  EXPECT_EQ(txt[0]["records"][0], "\"v=spf1 -all\"");  // stored as sent, quotes kept
  EXPECT_EQ(Call("GET", base + "?type=CNAME").Json()["recordsets"][0]["type"], "CNAME");

  // Update and delete.
  auto u = Call("PUT", base + "/" + rid, {{"records", {"192.168.0.9"}}, {"ttl", 600}});
  ASSERT_EQ(u.status, 202) << u.body;
  EXPECT_EQ(u.Json()["status"], "PENDING_UPDATE");
  EXPECT_EQ(u.Json()["action"], "UPDATE");
  EXPECT_EQ(u.Json()["version"], 2);
  EXPECT_EQ(u.Json()["records"], (json{"192.168.0.9"}));
  EXPECT_TRUE(NoZone(u.Json()["updated_at"]));
  ExpectError(Call("PUT", base + "/" + rid, {{"records", {"1.1.1.1"}}}), 400, "DNS.0314", "PENDING_UPDATE");
  Advance(4);
  ExpectError(Call("PUT", base + "/" + rid, {{"records", {"bad"}}}), 400, "DNS.0308");
  auto d = Call("DELETE", base + "/" + rid);
  ASSERT_EQ(d.status, 202);
  EXPECT_EQ(d.Json()["status"], "PENDING_DELETE");
  Advance(4);
  ExpectError(Call("GET", base + "/" + rid), 404, "DNS.0313", "This record set does not exist.");
  ExpectError(Call("DELETE", base + "/" + rid), 404, "DNS.0313");
  // Default SOA/NS cannot be removed.
  json soa = Call("GET", base + "?type=SOA").Json()["recordsets"];
  ASSERT_EQ(soa.size(), 1u);
  for (const auto& x : soa) {
    ExpectError(Call("DELETE", base + "/" + x["id"].get<std::string>()), 400, "DNS.0317");
  }
  // Across zones.
  EXPECT_GE(Call("GET", "/v2/recordsets?name=example.net").Json()["metadata"]["total_count"], 10);
}

TEST_F(Dns, RecordSetOnPendingZoneRefused) {
  auto c = Call("POST", "/v2/zones", {{"name", "pending.com."}});
  ASSERT_EQ(c.status, 202);
  std::string zid = c.Json()["id"];
  ExpectError(Call("POST", "/v2/zones/" + zid + "/recordsets",
                   {{"name", "a.pending.com."}, {"type", "A"}, {"records", {"1.2.3.4"}}}),
              400, "DNS.0209", "PENDING_CREATE");
}

TEST_F(Dns, Pagination) {
  std::string zid = Zone("page.com.");
  std::string base = "/v2/zones/" + zid + "/recordsets";
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Call("POST", base, {{"name", "h" + std::to_string(i) + ".page.com."}, {"type", "A"}, {"records", {"10.0.0.1"}}})
                  .status,
              202);
  }
  std::set<std::string> seen;
  std::string url = sim_->http() + base + "?limit=2";
  int pages = 0;
  while (!url.empty() && pages < 10) {
    auto r = Raw("GET", url, "");
    ASSERT_EQ(r.status, 200) << r.body;
    json j = r.Json();
    EXPECT_EQ(j["metadata"]["total_count"], 7);
    EXPECT_LE(j["recordsets"].size(), 2u);
    for (const auto& x : j["recordsets"]) seen.insert(x["id"]);
    EXPECT_EQ(j["links"]["self"], url);
    url = j["links"].value("next", "");
    ++pages;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen.size(), 7u);
  // Filters are carried into links.next.
  auto f = Call("GET", base + "?type=A&limit=3").Json();
  EXPECT_EQ(f["metadata"]["total_count"], 5);
  std::string next = f["links"]["next"];
  EXPECT_NE(next.find("type=A"), std::string::npos);
  EXPECT_NE(next.find("marker="), std::string::npos);
  EXPECT_EQ(Raw("GET", next, "").Json()["recordsets"].size(), 2u);
  EXPECT_FALSE(Call("GET", base + "?limit=500").Json()["links"].contains("next"));
  ExpectError(Call("GET", base + "?limit=501"), 400, "DNS.0006", "limit");
  ExpectError(Call("GET", base + "?marker=nope"), 400, "DNS.0007", "marker");
  // Zone list: fuzzy name filter, public by default.
  Zone("other-page.org.");
  auto zl = Call("GET", "/v2/zones?name=page&limit=1").Json();
  EXPECT_EQ(zl["metadata"]["total_count"], 2);
  EXPECT_EQ(zl["zones"].size(), 1u);
  EXPECT_TRUE(zl["links"].contains("next"));
}

TEST_F(Dns, PrivateZoneRouters) {
  std::string v1 = Vpc("vpc-a", "192.168.0.0/16"), v2 = Vpc("vpc-b", "10.0.0.0/16");
  auto c = Call("POST", "/v2/zones", {{"name", "internal.local"}, {"zone_type", "private"},
                                      {"router", {{"router_id", v1}, {"router_region", "eu-de"}}}});
  ASSERT_EQ(c.status, 202) << c.body;
  std::string zid = c.Json()["id"];
  EXPECT_EQ(c.Json()["name"], "internal.local.");
  ASSERT_EQ(c.Json()["routers"].size(), 1u);
  EXPECT_EQ(c.Json()["routers"][0], (json{{"router_id", v1}, {"router_region", "eu-de"}, {"status", "PENDING_CREATE"}}));
  // Associating before the zone is ACTIVE is refused.
  ExpectError(Call("POST", "/v2/zones/" + zid + "/associaterouter", {{"router", {{"router_id", v2}}}}), 400, "DNS.0209");
  Advance(6);
  auto g = Call("GET", "/v2/zones/" + zid).Json();
  EXPECT_EQ(g["status"], "ACTIVE");
  EXPECT_EQ(g["routers"][0]["status"], "ACTIVE");
  // Listed only with type=private.
  EXPECT_EQ(Call("GET", "/v2/zones").Json()["zones"].size(), 0u);
  EXPECT_EQ(Call("GET", "/v2/zones?type=private").Json()["zones"].size(), 1u);
  // Same name in the same VPC is a duplicate; another VPC is fine.
  ExpectError(Call("POST", "/v2/zones", {{"name", "internal.local."}, {"zone_type", "private"}, {"router", {{"router_id", v1}}}}),
              400, "DNS.0208");
  auto a = Call("POST", "/v2/zones/" + zid + "/associaterouter", {{"router", {{"router_id", v2}, {"router_region", "eu-de"}}}});
  ASSERT_EQ(a.status, 202) << a.body;
  EXPECT_EQ(a.Json(), (json{{"router_id", v2}, {"router_region", "eu-de"}, {"status", "PENDING_CREATE"}}));
  ExpectError(Call("POST", "/v2/zones/" + zid + "/associaterouter", {{"router", {{"router_id", v2}}}}), 400, "DNS.0212",
              "already associated");
  ExpectError(Call("POST", "/v2/zones/" + zid + "/associaterouter", {{"router", {{"router_id", "nope"}}}}), 400,
              "DNS.0002", "VPC");
  Advance(6);
  auto routers = Call("GET", "/v2/zones/" + zid).Json()["routers"];
  ASSERT_EQ(routers.size(), 2u);
  EXPECT_EQ(routers[1]["status"], "ACTIVE");
  auto dis = Call("POST", "/v2/zones/" + zid + "/disassociaterouter", {{"router", {{"router_id", v2}}}});
  ASSERT_EQ(dis.status, 202) << dis.body;
  EXPECT_EQ(dis.Json()["status"], "PENDING_DELETE");
  EXPECT_EQ(Call("GET", "/v2/zones/" + zid).Json()["routers"][1]["status"], "PENDING_DELETE");
  Advance(6);
  routers = Call("GET", "/v2/zones/" + zid).Json()["routers"];
  ASSERT_EQ(routers.size(), 1u);
  EXPECT_EQ(routers[0]["router_id"], v1);
  ExpectError(Call("POST", "/v2/zones/" + zid + "/disassociaterouter", {{"router", {{"router_id", v1}}}}), 400,
              "DNS.0002", "at least one");
  auto ns = Call("GET", "/v2/zones/" + zid + "/nameservers").Json()["nameservers"];
  EXPECT_EQ(ns[0]["address"], "100.125.4.25");
  // Public zones cannot take routers.
  std::string pub = Zone("pub.com.");
  ExpectError(Call("POST", "/v2/zones/" + pub + "/associaterouter", {{"router", {{"router_id", v1}}}}), 400, "DNS.0002",
              "private");
  // Tags.
  std::string tpath = "/v2/" + pid() + "/DNS-private_zone/" + zid + "/tags";
  EXPECT_EQ(Call("GET", tpath).Json(), (json{{"tags", json::array()}}));
  EXPECT_EQ(Call("POST", tpath + "/action", {{"action", "create"}, {"tags", {{{"key", "env"}, {"value", "dev"}}}}}).status,
            204);
  EXPECT_EQ(Call("GET", tpath).Json()["tags"], (json{{{"key", "env"}, {"value", "dev"}}}));
  EXPECT_EQ(Call("GET", "/v2/zones?type=private&tags=env,dev").Json()["zones"].size(), 1u);
  EXPECT_EQ(Call("GET", "/v2/zones?type=private&tags=env,prod").Json()["zones"].size(), 0u);
  ExpectError(Call("GET", "/v2/" + pid() + "/DNS-public_zone/" + zid + "/tags"), 404, "DNS.0302");
  ExpectError(Call("GET", "/v2/" + pid() + "/DNS-bogus/" + zid + "/tags"), 400, "DNS.0002");
}

TEST_F(Dns, FailFaultGivesError) {
  ASSERT_EQ(Http("POST", sim_->http() + "/_sim/faults", json{{"spec", "dns:fail:1:POST"}}.dump(), {kJson}).status, 200);
  auto c = Call("POST", "/v2/zones", {{"name", "broken.com."}});
  ASSERT_EQ(c.status, 202) << c.body;
  EXPECT_EQ(c.Json()["status"], "PENDING_CREATE");
  Advance(6);
  EXPECT_EQ(Call("GET", "/v2/zones/" + c.Json()["id"].get<std::string>()).Json()["status"], "ERROR");
  ASSERT_EQ(Http("DELETE", sim_->http() + "/_sim/faults").status, 204);
  // An ERROR zone can still be deleted.
  std::string id = c.Json()["id"];
  ASSERT_EQ(Call("DELETE", "/v2/zones/" + id).status, 202);
  Advance(4);
  EXPECT_EQ(Call("GET", "/v2/zones/" + id).status, 404);
}

TEST_F(Dns, PersistsAcrossRestart) {
  char tmpl[] = "/tmp/otcsim-dns-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string state = std::string(tmpl) + "/state.json";
  sim_ = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", "10", "--https-listen", "off", "--state", state});
  Init();
  std::string zid = Zone("keep.com.");
  auto r = Call("POST", "/v2/zones/" + zid + "/recordsets", {{"name", "a.keep.com."}, {"type", "A"}, {"records", {"1.2.3.4"}}});
  ASSERT_EQ(r.status, 202);
  std::string rid = r.Json()["id"];
  sim_.reset();
  sim_ = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", "10", "--https-listen", "off", "--state", state});
  Init();
  auto g = Call("GET", "/v2/zones/" + zid);
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.Json()["name"], "keep.com.");
  EXPECT_EQ(Call("GET", "/v2/zones/" + zid + "/recordsets/" + rid).Json()["records"], (json{"1.2.3.4"}));
  sim_.reset();
  std::remove(state.c_str());
  rmdir(tmpl);
}

}  // namespace
}  // namespace otcsim_test
