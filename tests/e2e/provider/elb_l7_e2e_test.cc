// End-to-end: edp_elb_listener, edp_elb_pool, edp_elb_member and
// edp_elb_monitor through the real terraform-provider-edp (plugin client,
// protocol 6) against a real otc-sim. The VPC and subnet come from edp_vpc /
// edp_vpc_subnet; the load balancer and the TLS certificate are made (and
// removed) with the raw ELB API, so this test depends only on the four
// resources under test. Per resource: create, no drift, an in-place update,
// a change forcing replacement, import, out-of-band deletion, destroy with
// nothing left; the same under injected faults; bad configuration refused
// at validate with the attribute path and no request; requests per
// lifecycle.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kListener = "edp_elb_listener";
constexpr const char* kPool = "edp_elb_pool";
constexpr const char* kMember = "edp_elb_member";
constexpr const char* kMonitor = "edp_elb_monitor";

// A throwaway self-signed certificate for www.example.com (test fixture
// only; valid until 2126).
constexpr const char* kCert = R"(-----BEGIN CERTIFICATE-----
MIIBizCCATGgAwIBAgIUbrVJgYKPSm5xKa31g6enE3Mq8AkwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPd3d3LmV4YW1wbGUuY29tMCAXDTI2MTEyMTE4MjEwMFoYDzIx
MjYxMDI4MTgyMTAwWjAaMRgwFgYDVQQDDA93d3cuZXhhbXBsZS5jb20wWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAARwzQknZ93XJiSDJIJqwyKVnFi3k9zE7T7EjgEb
RJuFt5RennNVcy7rb39qR318VZ+W/Wdlvo1cLYVDIN8c9rfYo1MwUTAdBgNVHQ4E
FgQUnpVtLGKq/CQ0KXsWlqUp24EuEsgwHwYDVR0jBBgwFoAUnpVtLGKq/CQ0KXsW
lqUp24EuEsgwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBuAuj+
H4a8Gin/NRxwDsIwp/X4k7ytEePjkC/cPncBogIhAJFIQlbj2uONeCi0x2XXdCbl
dMZ3cHpr41pbPt8v9K7b
-----END CERTIFICATE-----
)";
constexpr const char* kKey = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+xQEYnGFa92oFCfF
RCgoc8totztoHpgwJlICoRfFQSihRANCAARwzQknZ93XJiSDJIJqwyKVnFi3k9zE
7T7EjgEbRJuFt5RennNVcy7rb39qR318VZ+W/Wdlvo1cLYVDIN8c9rfY
-----END PRIVATE KEY-----
)";

cty::Value I(int64_t n) { return cty::Value::Int(n); }
cty::Value B(bool b) { return cty::Value::Bool(b); }
cty::Value Tags(const std::map<std::string, std::string>& t) {
  std::map<std::string, cty::Value> m;
  for (const auto& [k, v] : t) m.emplace(k, S(v));
  return cty::Value::Map(cty::Type::String(), std::move(m));
}

class ElbL7E2e : public ProviderE2e {
 protected:
  std::string Elb(const std::string& rest) const {
    return sim_.http() + "/v3/" + sim_.cred("project_id") + "/elb" + rest;
  }

  // VPC + subnet (through the provider), a load balancer and a server
  // certificate (raw API).
  void MakePrerequisites() {
    vpc_ = Converge("edp_vpc", Null("edp_vpc"), Config("edp_vpc", {{"name", S("elb-net")}, {"cidr", S("10.40.0.0/16")}}));
    ASSERT_FALSE(vpc_.IsNull());
    subnet_ = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                       Config("edp_vpc_subnet", {{"name", S("elb-sub")},
                                                 {"cidr", S("10.40.1.0/24")},
                                                 {"gateway_ip", S("10.40.1.1")},
                                                 {"vpc_id", AttrOf(vpc_, "id")}}));
    ASSERT_FALSE(subnet_.IsNull());
    neutron_subnet_ = AttrOf(subnet_, "subnet_id").AsString();
    json lb = {{"loadbalancer",
                {{"name", "elb-l7"},
                 {"availability_zone_list", {"eu-de-01"}},
                 {"vip_subnet_cidr_id", neutron_subnet_},
                 {"elb_virsubnet_ids", {AttrOf(subnet_, "id").AsString()}}}}};
    auto r = CallAsUser("POST", Elb("/loadbalancers"), lb.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    lb_id_ = r.Json()["loadbalancer"]["id"];
    json cert = {{"certificate",
                  {{"name", "web"}, {"type", "server"}, {"domain", "www.example.com"}, {"certificate", kCert},
                   {"private_key", kKey}}}};
    auto c = CallAsUser("POST", Elb("/certificates"), cert.dump());
    ASSERT_EQ(c.status / 100, 2) << c.body;
    cert_id_ = c.Json()["certificate"]["id"];
  }
  void RemovePrerequisites() {
    if (!cert_id_.empty()) {
      EXPECT_EQ(CallAsUser("DELETE", Elb("/certificates/" + cert_id_)).status, 204);
    }
    if (!lb_id_.empty()) {
      EXPECT_EQ(CallAsUser("DELETE", Elb("/loadbalancers/" + lb_id_)).status, 204);
    }
    if (!subnet_.IsNull()) Destroy("edp_vpc_subnet", subnet_);
    if (!vpc_.IsNull()) Destroy("edp_vpc", vpc_);
    for (const char* kind : {"elb_listener", "elb_pool", "elb_member", "elb_healthmonitor", "elb_certificate",
                             "elb_loadbalancer", "subnet", "vpc", "port"}) {
      EXPECT_EQ(Inventory(kind).size(), 0u) << kind << " leaked: " << Inventory(kind).dump();
    }
  }

  cty::Value ListenerConfig(std::map<std::string, cty::Value> set, std::map<std::string, cty::Value> headers = {}) {
    set.emplace("loadbalancer_id", S(lb_id_));
    if (!headers.empty()) {
      const framework::Block& hb = *Block(kListener).blocks.at("insert_headers").block;
      cty::Value h = edptest::ConfigOf(hb, headers);
      set["insert_headers"] = cty::Value::List(h.type(), {h});
    }
    return Config(kListener, set);
  }
  cty::Value PoolConfig(std::map<std::string, cty::Value> set, std::map<std::string, cty::Value> sp = {}) {
    if (!sp.empty()) {
      const framework::Block& sb = *Block(kPool).blocks.at("session_persistence").block;
      cty::Value v = edptest::ConfigOf(sb, sp);
      set["session_persistence"] = cty::Value::List(v.type(), {v});
    }
    return Config(kPool, set);
  }
  // The simulator's object of `kind` with `id` (null when absent).
  json Find(const std::string& kind, const std::string& id) {
    for (const auto& o : Inventory(kind)) {
      if (o.value("id", "") == id) return o;
    }
    return json();
  }
  // Create + read-back + no-drift plan; returns the state.
  cty::Value CreateNoDrift(const std::string& type, const cty::Value& cfg) {
    cty::Value st = Converge(type, Null(type), cfg);
    EXPECT_FALSE(st.IsNull()) << type;
    if (st.IsNull()) return st;
    EXPECT_TRUE(st.IsWhollyKnown()) << type;
    auto read = Read(type, st);
    EXPECT_EQ(Summaries(read.diagnostics), "");
    EXPECT_EQ(read.new_state, st) << type;
    auto noop = Plan(type, st, cfg);
    EXPECT_EQ(Summaries(noop.diagnostics), "");
    EXPECT_EQ(noop.planned_state, st) << type;
    EXPECT_TRUE(noop.requires_replace.empty()) << type;
    return st;
  }
  // Plan of `cfg` over `state` must replace because of exactly `attr`.
  void ExpectReplaceBy(const std::string& type, const cty::Value& state, const cty::Value& cfg, const char* attr) {
    auto plan = Plan(type, state, cfg);
    ASSERT_EQ(Summaries(plan.diagnostics), "");
    ASSERT_EQ(plan.requires_replace.size(), 1u) << type;
    EXPECT_EQ(plan.requires_replace[0], cty::Path().GetAttr(attr)) << type;
  }
  // An in-place plan + apply (no replacement).
  cty::Value UpdateInPlace(const std::string& type, const cty::Value& state, const cty::Value& cfg) {
    auto plan = Plan(type, state, cfg);
    EXPECT_EQ(Summaries(plan.diagnostics), "");
    EXPECT_TRUE(plan.requires_replace.empty()) << type;
    auto applied = Apply(type, state, plan.planned_state, cfg, plan.planned_private);
    EXPECT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
    EXPECT_EQ(AttrOf(applied.new_state, "id"), AttrOf(state, "id")) << type;
    auto noop = Plan(type, applied.new_state, cfg);
    EXPECT_EQ(Summaries(noop.diagnostics), "");
    EXPECT_EQ(noop.planned_state, applied.new_state) << type;
    return applied.new_state;
  }

  cty::Value vpc_, subnet_;
  std::string neutron_subnet_, lb_id_, cert_id_;
};

TEST_F(ElbL7E2e, ListenerPoolMemberMonitorFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakePrerequisites();
  ASSERT_FALSE(lb_id_.empty());

  // ---- Listener: HTTP with headers, timeouts and create-only tags.
  cty::Value lcfg = ListenerConfig({{"protocol", S("HTTP")},
                                    {"protocol_port", I(80)},
                                    {"name", S("web")},
                                    {"client_timeout", I(30)},
                                    {"tags", Tags({{"env", "test"}})}},
                                   {{"forwarded_port", B(true)}});
  cty::Value listener = CreateNoDrift(kListener, lcfg);
  ASSERT_FALSE(listener.IsNull());
  std::string lid = AttrOf(listener, "id").AsString();
  EXPECT_EQ(AttrOf(listener, "client_timeout"), I(30));
  EXPECT_EQ(AttrOf(listener, "member_timeout"), I(60));    // OTC's default
  EXPECT_EQ(AttrOf(listener, "keep_alive_timeout"), I(60));
  EXPECT_EQ(AttrOf(listener, "tags"), Tags({{"env", "test"}}));
  json remote = Find("elb_listener", lid);
  EXPECT_EQ(remote["insert_headers"]["X-Forwarded-Port"], true);
  EXPECT_EQ(remote["insert_headers"]["X-Forwarded-Host"], true);
  EXPECT_EQ(remote["client_timeout"], 30);

  // In place: name, timeouts, another header.
  cty::Value lcfg2 = ListenerConfig({{"protocol", S("HTTP")},
                                     {"protocol_port", I(80)},
                                     {"name", S("web-2")},
                                     {"description", S("front door")},
                                     {"client_timeout", I(45)},
                                     {"member_timeout", I(90)},
                                     {"keep_alive_timeout", I(120)},
                                     {"tags", Tags({{"env", "test"}})}},
                                    {{"forwarded_port", B(true)}, {"forward_elb_ip", B(true)}});
  listener = UpdateInPlace(kListener, listener, lcfg2);
  remote = Find("elb_listener", lid);
  EXPECT_EQ(remote["name"], "web-2");
  EXPECT_EQ(remote["description"], "front door");
  EXPECT_EQ(remote["member_timeout"], 90);
  EXPECT_EQ(remote["keepalive_timeout"], 120);
  EXPECT_EQ(remote["insert_headers"]["X-Forwarded-ELB-IP"], true);

  // Port and tags force a new listener; replace it by an HTTPS one.
  ExpectReplaceBy(kListener, listener, ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(8080)},
                                                       {"name", S("web-2")}, {"description", S("front door")},
                                                       {"client_timeout", I(45)}, {"member_timeout", I(90)},
                                                       {"keep_alive_timeout", I(120)},
                                                       {"tags", Tags({{"env", "test"}})}},
                                                      {{"forwarded_port", B(true)}, {"forward_elb_ip", B(true)}}),
                  "protocol_port");
  Destroy(kListener, listener);
  EXPECT_TRUE(Find("elb_listener", lid).is_null());
  cty::Value hcfg = ListenerConfig({{"protocol", S("HTTPS")},
                                    {"protocol_port", I(443)},
                                    {"name", S("tls")},
                                    {"default_tls_container_ref", S(cert_id_)},
                                    {"http2_enable", B(true)},
                                    {"tls_ciphers_policy", S("tls-1-2")}});
  listener = CreateNoDrift(kListener, hcfg);
  ASSERT_FALSE(listener.IsNull());
  lid = AttrOf(listener, "id").AsString();
  EXPECT_EQ(AttrOf(listener, "sni_match_algo"), S("wildcard"));
  EXPECT_EQ(Find("elb_listener", lid)["http2_enable"], true);
  EXPECT_EQ(Import(kListener, lid), listener);

  // ---- Pool: the HTTPS listener's default pool, cookie stickiness.
  cty::Value pcfg = PoolConfig({{"listener_id", S(lid)}, {"protocol", S("HTTP")}, {"lb_algorithm", S("ROUND_ROBIN")},
                                {"name", S("app")}},
                               {{"type", S("HTTP_COOKIE")}});
  cty::Value pool = CreateNoDrift(kPool, pcfg);
  ASSERT_FALSE(pool.IsNull());
  const std::string pid = AttrOf(pool, "id").AsString();
  EXPECT_EQ(AttrOf(pool, "loadbalancer_id"), S(lb_id_));
  EXPECT_EQ(AttrOf(pool, "ip_version"), S("dualstack"));
  // The listener now shows its default pool; no change planned for it.
  auto lread = Read(kListener, listener);
  ASSERT_EQ(Summaries(lread.diagnostics), "");
  EXPECT_EQ(AttrOf(lread.new_state, "default_pool_id"), S(pid));
  listener = lread.new_state;
  auto lnoop = Plan(kListener, listener, hcfg);
  ASSERT_EQ(Summaries(lnoop.diagnostics), "");
  EXPECT_EQ(lnoop.planned_state, listener);

  cty::Value pcfg2 = PoolConfig({{"listener_id", S(lid)}, {"protocol", S("HTTP")},
                                 {"lb_algorithm", S("LEAST_CONNECTIONS")}, {"name", S("app-2")},
                                 {"description", S("backends")}},
                                {{"type", S("APP_COOKIE")}, {"cookie_name", S("SESSION")}});
  pool = UpdateInPlace(kPool, pool, pcfg2);
  remote = Find("elb_pool", pid);
  EXPECT_EQ(remote["lb_algorithm"], "LEAST_CONNECTIONS");
  EXPECT_EQ(remote["session_persistence"]["type"], "APP_COOKIE");
  EXPECT_EQ(remote["session_persistence"]["cookie_name"], "SESSION");
  ExpectReplaceBy(kPool, pool,
                  PoolConfig({{"listener_id", S(lid)}, {"protocol", S("HTTPS")},
                              {"lb_algorithm", S("LEAST_CONNECTIONS")}, {"name", S("app-2")},
                              {"description", S("backends")}},
                             {{"type", S("APP_COOKIE")}, {"cookie_name", S("SESSION")}}),
                  "protocol");
  EXPECT_EQ(Import(kPool, pid), pool);

  // ---- Member.
  auto member_cfg = [&](int64_t port, int64_t weight, const char* name) {
    return Config(kMember, {{"pool_id", S(pid)}, {"address", S("10.40.1.10")}, {"protocol_port", I(port)},
                            {"subnet_id", S(neutron_subnet_)}, {"weight", I(weight)}, {"name", S(name)}});
  };
  cty::Value member = CreateNoDrift(kMember, member_cfg(8080, 5, "m1"));
  ASSERT_FALSE(member.IsNull());
  std::string mid = AttrOf(member, "member_id").AsString();
  EXPECT_EQ(AttrOf(member, "id"), S(pid + "/" + mid));
  EXPECT_EQ(AttrOf(member, "operating_status"), S("NO_MONITOR"));
  member = UpdateInPlace(kMember, member, member_cfg(8080, 10, "m1-b"));
  EXPECT_EQ(Find("elb_member", mid)["weight"], 10);
  EXPECT_EQ(Find("elb_member", mid)["name"], "m1-b");
  ExpectReplaceBy(kMember, member, member_cfg(8081, 10, "m1-b"), "protocol_port");
  Destroy(kMember, member);
  EXPECT_TRUE(Find("elb_member", mid).is_null());
  member = CreateNoDrift(kMember, member_cfg(8081, 10, "m1-b"));
  ASSERT_FALSE(member.IsNull());
  mid = AttrOf(member, "member_id").AsString();
  EXPECT_EQ(Import(kMember, pid + "/" + mid), member);

  // ---- Monitor.
  auto monitor_cfg = [&](int64_t delay, const char* path) {
    return Config(kMonitor, {{"pool_id", S(pid)}, {"type", S("HTTP")}, {"delay", I(delay)}, {"timeout", I(3)},
                             {"max_retries", I(3)}, {"url_path", S(path)}});
  };
  cty::Value monitor = CreateNoDrift(kMonitor, monitor_cfg(5, "/health"));
  ASSERT_FALSE(monitor.IsNull());
  const std::string hid = AttrOf(monitor, "id").AsString();
  EXPECT_EQ(AttrOf(monitor, "http_method"), S("GET"));
  EXPECT_EQ(AttrOf(monitor, "expected_codes"), S("200"));
  monitor = UpdateInPlace(kMonitor, monitor, monitor_cfg(10, "/healthz"));
  EXPECT_EQ(Find("elb_healthmonitor", hid)["delay"], 10);
  EXPECT_EQ(Find("elb_healthmonitor", hid)["url_path"], "/healthz");
  ExpectReplaceBy(kMonitor, monitor,
                  Config(kMonitor, {{"pool_id", S("0b11747a-0000-0000-0000-000000000000")}, {"type", S("HTTP")},
                                    {"delay", I(10)}, {"timeout", I(3)}, {"max_retries", I(3)},
                                    {"url_path", S("/healthz")}}),
                  "pool_id");
  EXPECT_EQ(Import(kMonitor, hid), monitor);
  // The member is monitored now (a refresh shows it; no change planned).
  auto mread = Read(kMember, member);
  ASSERT_EQ(Summaries(mread.diagnostics), "");
  EXPECT_EQ(AttrOf(mread.new_state, "operating_status"), S("ONLINE"));

  // ---- Destroy in reverse dependency order; each waits for the 404.
  Destroy(kMonitor, monitor);
  Destroy(kMember, mread.new_state);
  Destroy(kPool, pool);
  Destroy(kListener, listener);
  for (const char* kind : {"elb_listener", "elb_pool", "elb_member", "elb_healthmonitor"}) {
    EXPECT_EQ(Inventory(kind).size(), 0u) << kind;
  }
  EXPECT_TRUE(Read(kPool, pool).new_state.IsNull());
  RemovePrerequisites();
}

TEST_F(ElbL7E2e, DeletedOutOfBandReadsAsGone) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakePrerequisites();
  ASSERT_FALSE(lb_id_.empty());
  cty::Value listener = CreateNoDrift(kListener, ListenerConfig({{"protocol", S("TCP")}, {"protocol_port", I(22)}}));
  ASSERT_FALSE(listener.IsNull());
  EXPECT_EQ(AttrOf(listener, "keep_alive_timeout"), I(300));
  EXPECT_TRUE(AttrOf(listener, "client_timeout").IsNull());
  cty::Value pool = CreateNoDrift(
      kPool, PoolConfig({{"loadbalancer_id", S(lb_id_)}, {"protocol", S("TCP")}, {"lb_algorithm", S("SOURCE_IP")}},
                        {{"type", S("SOURCE_IP")}, {"persistence_timeout", I(30)}}));
  ASSERT_FALSE(pool.IsNull());
  const std::string pid = AttrOf(pool, "id").AsString();
  EXPECT_TRUE(AttrOf(pool, "listener_id").IsNull());
  cty::Value member = CreateNoDrift(kMember, Config(kMember, {{"pool_id", S(pid)}, {"address", S("10.40.1.20")},
                                                              {"protocol_port", I(22)},
                                                              {"subnet_id", S(neutron_subnet_)}}));
  ASSERT_FALSE(member.IsNull());
  EXPECT_EQ(AttrOf(member, "weight"), I(1));
  cty::Value monitor = CreateNoDrift(kMonitor, Config(kMonitor, {{"pool_id", S(pid)}, {"type", S("TCP")},
                                                                 {"delay", I(5)}, {"timeout", I(5)},
                                                                 {"max_retries", I(2)}}));
  ASSERT_FALSE(monitor.IsNull());

  struct Gone {
    const char* type;
    cty::Value state;
    std::string path;
  };
  std::vector<Gone> order = {
      {kMonitor, monitor, "/healthmonitors/" + AttrOf(monitor, "id").AsString()},
      {kMember, member, "/pools/" + pid + "/members/" + AttrOf(member, "member_id").AsString()},
      {kPool, pool, "/pools/" + pid},
      {kListener, listener, "/listeners/" + AttrOf(listener, "id").AsString()},
  };
  for (const auto& g : order) {
    auto r = CallAsUser("DELETE", Elb(g.path));
    ASSERT_EQ(r.status, 204) << g.type << ": " << r.body;
    auto read = Read(g.type, g.state);
    ASSERT_EQ(Summaries(read.diagnostics), "") << g.type;
    EXPECT_TRUE(read.new_state.IsNull()) << g.type;
    Destroy(g.type, g.state);  // already gone: fine
  }
  RemovePrerequisites();
}

TEST_F(ElbL7E2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  ASSERT_EQ(Summaries(Configure({{"max_retries", I(8)}})), "");
  MakePrerequisites();
  ASSERT_FALSE(lb_id_.empty());
  // 503s and 429s on ELB calls, resets on creates (the client must look the
  // object up before replaying) and new objects answering 404 for a while.
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "elb:503:0.15;elb:429=1:0.05;elb:reset:0.4:POST;elb:404-after-create=4"},
                     {"seed", 29}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  cty::Value listener = Converge(kListener, Null(kListener),
                                 ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(80)}, {"name", S("f")}}));
  ASSERT_FALSE(listener.IsNull());
  cty::Value pool = Converge(kPool, Null(kPool),
                             PoolConfig({{"listener_id", AttrOf(listener, "id")}, {"protocol", S("HTTP")},
                                         {"lb_algorithm", S("ROUND_ROBIN")}, {"name", S("f")}}));
  ASSERT_FALSE(pool.IsNull());
  const std::string pid = AttrOf(pool, "id").AsString();
  std::vector<cty::Value> members;
  for (int i = 0; i < 3; ++i) {
    cty::Value m = Converge(kMember, Null(kMember),
                            Config(kMember, {{"pool_id", S(pid)}, {"address", S("10.40.1." + std::to_string(30 + i))},
                                             {"protocol_port", I(80)}, {"subnet_id", S(neutron_subnet_)}}));
    ASSERT_FALSE(m.IsNull());
    members.push_back(m);
  }
  cty::Value mcfg = Config(kMonitor, {{"pool_id", S(pid)}, {"type", S("HTTP")}, {"delay", I(5)}, {"timeout", I(3)},
                                      {"max_retries", I(3)}});
  cty::Value monitor = Converge(kMonitor, Null(kMonitor), mcfg);
  ASSERT_FALSE(monitor.IsNull());
  EXPECT_EQ(Inventory("elb_listener").size(), 1u);
  EXPECT_EQ(Inventory("elb_pool").size(), 1u);
  EXPECT_EQ(Inventory("elb_member").size(), 3u);
  EXPECT_EQ(Inventory("elb_healthmonitor").size(), 1u);
  // In-place updates under the same faults.
  pool = Converge(kPool, pool, PoolConfig({{"listener_id", AttrOf(listener, "id")}, {"protocol", S("HTTP")},
                                           {"lb_algorithm", S("LEAST_CONNECTIONS")}, {"name", S("f")}}));
  EXPECT_EQ(Find("elb_pool", pid)["lb_algorithm"], "LEAST_CONNECTIONS");
  auto again = Read(kPool, pool);
  ASSERT_EQ(Summaries(again.diagnostics), "");
  EXPECT_EQ(again.new_state, pool);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;  // the faults really happened
  Destroy(kMonitor, monitor);
  for (const auto& m : members) Destroy(kMember, m);
  Destroy(kPool, pool);  // right after its members: never "still has members"
  Destroy(kListener, listener);
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status / 100, 2);
  RemovePrerequisites();
}

// Requests per lifecycle of each resource (create with its read-back, one
// refresh, an in-place update, destroy with its wait), recorded in the
// test XML and bounded so a polling regression shows up.
TEST_F(ElbL7E2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakePrerequisites();
  ASSERT_FALSE(lb_id_.empty());
  cty::Value l1 = ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(80)}});
  cty::Value l2 = ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(80)}, {"name", S("n")}});
  // One full lifecycle per type, measured (the provider is authenticated
  // already: the prerequisites went through it).
  auto measure = [&](const char* type, const cty::Value& c1, const cty::Value& c2, cty::Value* keep) {
    size_t t0 = ApiRequests();
    cty::Value st = Converge(type, Null(type), c1);
    size_t t1 = ApiRequests();
    EXPECT_EQ(Summaries(Read(type, st).diagnostics), "");
    size_t t2 = ApiRequests();
    st = Converge(type, st, c2);
    size_t t3 = ApiRequests();
    *keep = st;
    std::printf("[ requests ] %s create=%zu refresh=%zu update=%zu\n", type, t1 - t0, t2 - t1, t3 - t2);
    RecordProperty(std::string(type) + "_create_requests", static_cast<int>(t1 - t0));
    RecordProperty(std::string(type) + "_refresh_requests", static_cast<int>(t2 - t1));
    RecordProperty(std::string(type) + "_update_requests", static_cast<int>(t3 - t2));
    // Create: POST + GET read-back; refresh: one GET; update: PUT + GET.
    EXPECT_LE(t1 - t0, 2u) << type;
    EXPECT_EQ(t2 - t1, 1u) << type;
    EXPECT_LE(t3 - t2, 2u) << type;
  };
  auto destroy = [&](const char* type, const cty::Value& st) {
    size_t t0 = ApiRequests();
    Destroy(type, st);
    size_t t1 = ApiRequests();
    std::printf("[ requests ] %s destroy=%zu\n", type, t1 - t0);
    RecordProperty(std::string(type) + "_destroy_requests", static_cast<int>(t1 - t0));
    EXPECT_LE(t1 - t0, 2u) << type;  // DELETE + one GET answering 404
  };
  cty::Value listener2, pool, member, monitor;
  measure(kListener, l1, l2, &listener2);
  const std::string lid2 = AttrOf(listener2, "id").AsString();
  measure(kPool, PoolConfig({{"listener_id", S(lid2)}, {"protocol", S("HTTP")}, {"lb_algorithm", S("ROUND_ROBIN")}}),
          PoolConfig({{"listener_id", S(lid2)}, {"protocol", S("HTTP")}, {"lb_algorithm", S("SOURCE_IP")}}), &pool);
  const std::string pid = AttrOf(pool, "id").AsString();
  measure(kMember,
          Config(kMember, {{"pool_id", S(pid)}, {"address", S("10.40.1.40")}, {"protocol_port", I(80)},
                           {"subnet_id", S(neutron_subnet_)}}),
          Config(kMember, {{"pool_id", S(pid)}, {"address", S("10.40.1.40")}, {"protocol_port", I(80)},
                           {"subnet_id", S(neutron_subnet_)}, {"weight", I(50)}}),
          &member);
  measure(kMonitor,
          Config(kMonitor, {{"pool_id", S(pid)}, {"type", S("TCP")}, {"delay", I(5)}, {"timeout", I(3)},
                            {"max_retries", I(3)}}),
          Config(kMonitor, {{"pool_id", S(pid)}, {"type", S("TCP")}, {"delay", I(7)}, {"timeout", I(3)},
                            {"max_retries", I(3)}}),
          &monitor);
  destroy(kMonitor, monitor);
  destroy(kMember, member);
  destroy(kPool, pool);
  destroy(kListener, listener2);
  RemovePrerequisites();
}

TEST_F(ElbL7E2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  lb_id_ = "0b11747a-b139-492f-9692-2df0b1c87193";
  size_t before = ApiRequests();
  auto check = [&](const char* type, const cty::Value& cfg, const std::string& want) {
    EXPECT_EQ(Summaries(Validate(type, cfg).diagnostics), want) << type;
  };
  // Listener protocol rules (user-issues 24).
  check(kListener, ListenerConfig({{"protocol", S("HTTPS")}, {"protocol_port", I(443)}}),
        "Error: Missing Server Certificate [at default_tls_container_ref]");
  check(kListener, ListenerConfig({{"protocol", S("TCP")}, {"protocol_port", I(80)}, {"client_timeout", I(30)}}),
        "Error: Attribute Only For HTTP And HTTPS [at client_timeout]");
  check(kListener, ListenerConfig({{"protocol", S("UDP")}, {"protocol_port", I(53)}, {"member_timeout", I(30)}}),
        "Error: Attribute Only For HTTP And HTTPS [at member_timeout]");
  check(kListener, ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(80)}, {"http2_enable", B(true)}}),
        "Error: Attribute Only For HTTPS [at http2_enable]");
  check(kListener,
        ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(80)}, {"default_tls_container_ref", S("c")}}),
        "Error: Attribute Only For HTTPS [at default_tls_container_ref]");
  check(kListener, ListenerConfig({{"protocol", S("TCP")}, {"protocol_port", I(80)}}, {{"forwarded_port", B(true)}}),
        "Error: Block Only For HTTP And HTTPS [at insert_headers]");
  check(kListener, ListenerConfig({{"protocol", S("TCP")}, {"protocol_port", I(80)}, {"keep_alive_timeout", I(5)}}),
        "Error: Invalid Keep-Alive Timeout [at keep_alive_timeout]");
  check(kListener, ListenerConfig({{"protocol", S("HTTP")}, {"protocol_port", I(80)}, {"client_timeout", I(301)}}),
        "Error: Invalid Attribute Value [at client_timeout]");
  check(kListener, ListenerConfig({{"protocol", S("SCTP")}, {"protocol_port", I(80)}}),
        "Error: Invalid Attribute Value Match [at protocol]");
  check(kListener, ListenerConfig({{"protocol", S("TCP")}, {"protocol_port", I(70000)}}),
        "Error: Invalid Attribute Value [at protocol_port]");
  check(kListener, ListenerConfig({{"protocol", S("TCP")}, {"protocol_port", I(80)}, {"admin_state_up", B(false)}}),
        "Error: Unsupported Administrative State [at admin_state_up]");
  // Unknown protocol (from another resource): the protocol checks wait.
  check(kListener,
        ListenerConfig({{"protocol", cty::Value::Unknown(cty::Type::String())}, {"protocol_port", I(80)},
                        {"client_timeout", I(30)}}),
        "");
  // Pool.
  check(kPool, PoolConfig({{"protocol", S("HTTP")}, {"lb_algorithm", S("ROUND_ROBIN")}}),
        "Error: Missing Load Balancer Or Listener [at loadbalancer_id]");
  check(kPool, PoolConfig({{"loadbalancer_id", S(lb_id_)}, {"protocol", S("TCP")}, {"lb_algorithm", S("QUIC_CID")}}),
        "Error: Algorithm Only For QUIC [at lb_algorithm]");
  check(kPool,
        PoolConfig({{"loadbalancer_id", S(lb_id_)}, {"protocol", S("HTTP")}, {"lb_algorithm", S("ROUND_ROBIN")}},
                   {{"type", S("SOURCE_IP")}}),
        "Error: Invalid Session Persistence [at session_persistence[0].type]");
  check(kPool,
        PoolConfig({{"loadbalancer_id", S(lb_id_)}, {"protocol", S("HTTP")}, {"lb_algorithm", S("ROUND_ROBIN")}},
                   {{"type", S("APP_COOKIE")}}),
        "Error: Missing Cookie Name [at session_persistence[0].cookie_name]");
  check(kPool,
        PoolConfig({{"loadbalancer_id", S(lb_id_)}, {"protocol", S("TCP")}, {"lb_algorithm", S("ROUND_ROBIN")}},
                   {{"type", S("SOURCE_IP")}, {"persistence_timeout", I(90)}}),
        "Error: Invalid Persistence Timeout [at session_persistence[0].persistence_timeout]");
  // Member.
  check(kMember, Config(kMember, {{"pool_id", S("p")}, {"address", S("10.0.0.300")}, {"protocol_port", I(80)}}),
        "Error: Invalid Attribute Value [at address]");
  check(kMember,
        Config(kMember, {{"pool_id", S("p")}, {"address", S("10.0.0.3")}, {"protocol_port", I(80)}, {"weight", I(101)}}),
        "Error: Invalid Attribute Value [at weight]");
  // Monitor.
  auto mon = [&](std::map<std::string, cty::Value> extra) {
    std::map<std::string, cty::Value> set = {{"pool_id", S("p")}, {"type", S("HTTP")}, {"delay", I(5)},
                                             {"timeout", I(3)}, {"max_retries", I(3)}};
    for (auto& [k, v] : extra) set[k] = v;
    return Config(kMonitor, set);
  };
  check(kMonitor, mon({{"timeout", I(10)}}), "Error: Timeout Longer Than Delay [at timeout]");
  check(kMonitor, mon({{"type", S("TCP")}, {"url_path", S("/x")}}), "Error: Attribute Only For HTTP Checks [at url_path]");
  check(kMonitor, mon({{"url_path", S("health")}}), "Error: Invalid Attribute Value Match [at url_path]");
  check(kMonitor, mon({{"domain_name", S("-bad")}}), "Error: Invalid Attribute Value Match [at domain_name]");
  check(kMonitor, mon({{"max_retries", I(11)}}), "Error: Invalid Attribute Value [at max_retries]");
  check(kMonitor, mon({{"http_method", S("FETCH")}}), "Error: Invalid Attribute Value Match [at http_method]");
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";

  // Import IDs.
  auto import_summary = [&](const char* type, const std::string& id) {
    tfplugin::ImportResourceStateRequest ireq;
    ireq.type_name = type;
    ireq.id = id;
    tfplugin::ImportResourceStateResponse iresp;
    p().ImportResourceState(ireq, iresp);
    return Summaries(iresp.diagnostics);
  };
  EXPECT_EQ(import_summary(kMember, "only-a-member-id"), "Error: Invalid Import ID");
  EXPECT_EQ(import_summary(kMember, "pool/"), "Error: Invalid Import ID");
  EXPECT_EQ(import_summary(kListener, "a/b"), "Error: Invalid Import ID");
  EXPECT_EQ(ApiRequests(), before);
}

}  // namespace
