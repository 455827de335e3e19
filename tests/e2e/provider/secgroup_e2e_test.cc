// End-to-end: the real terraform-provider-edp (through the plugin client,
// as OpenTofu drives it) against a real otc-sim: edp_networking_secgroup
// and edp_networking_secgroup_rule through create, no-drift plan, in-place
// update, replacement, import, out-of-band deletion and destroy; a group
// delete that waits while the group is still in use; the same under
// injected faults; bad configuration refused before any API request; the
// edp_networking_secgroup and edp_vpc_subnet data sources; and the API
// requests per lifecycle.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kSg = "edp_networking_secgroup";
constexpr const char* kRule = "edp_networking_secgroup_rule";

cty::Value I(int64_t n) { return cty::Value::Int(n); }

class SecgroupE2e : public ProviderE2e {
 protected:
  // The simulator's rules of one group.
  json RulesOf(const std::string& sg_id) {
    json out = json::array();
    for (const auto& r : Inventory("security_group_rule")) {
      if (r.value("security_group_id", "") == sg_id) out.push_back(r);
    }
    return out;
  }
  tfplugin::ReadDataSourceResponse ReadData(const std::string& type, const std::map<std::string, cty::Value>& set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = type;
    req.config = edptest::ConfigOf(local_->data_source_schemas().at(type).block, set);
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  }
  // Replacement as OpenTofu performs it (destroy, then create from a
  // fresh plan). Returns the new state.
  cty::Value Replace(const std::string& type, const cty::Value& prior, const cty::Value& config) {
    Destroy(type, prior);
    return Converge(type, Null(type), config);
  }
  // Requests in the simulator's log matching method and a target prefix,
  // with the given status.
  int CountRequests(const std::string& method, const std::string& target, int status) {
    auto r = Http("GET", sim_.http() + "/_sim/requests?limit=10000");
    int n = 0;
    const json log = r.Json();
    for (const auto& e : log["requests"]) {
      if (e.value("method", "") == method && e.value("target", "").find(target) != std::string::npos &&
          e.value("status", 0) == status) {
        ++n;
      }
    }
    return n;
  }
};

TEST_F(SecgroupE2e, GroupAndRuleFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");

  // Create the group without its default egress rules.
  cty::Value gcfg = Config(kSg, {{"name", S("web")}, {"description", S("first")},
                                 {"delete_default_rules", cty::Value::True()}});
  auto gplan = Plan(kSg, Null(kSg), gcfg);
  ASSERT_EQ(Summaries(gplan.diagnostics), "");
  EXPECT_FALSE(AttrOf(gplan.planned_state, "id").IsKnown());
  EXPECT_EQ(AttrOf(gplan.planned_state, "region"), S(sim_.ready().value("region", "eu-de")));
  auto gcreated = Apply(kSg, Null(kSg), gplan.planned_state, gcfg, gplan.planned_private);
  ASSERT_EQ(Summaries(gcreated.diagnostics), "") << gcreated.diagnostics.ToString();
  cty::Value sg = gcreated.new_state;
  ASSERT_TRUE(sg.IsWhollyKnown());
  const std::string sg_id = AttrOf(sg, "id").AsString();
  EXPECT_EQ(AttrOf(sg, "tenant_id"), S(sim_.cred("project_id")));
  ASSERT_EQ(Inventory("security_group").size(), 1u);
  EXPECT_EQ(RulesOf(sg_id).size(), 0u) << "the default egress rules must be gone";

  // No drift.
  auto gread = Read(kSg, sg);
  ASSERT_EQ(Summaries(gread.diagnostics), "");
  EXPECT_EQ(gread.new_state, sg);
  auto gnoop = Plan(kSg, sg, gcfg);
  ASSERT_EQ(Summaries(gnoop.diagnostics), "");
  EXPECT_EQ(gnoop.planned_state, sg);
  EXPECT_TRUE(gnoop.requires_replace.empty());

  // In place: name and description; same ID.
  cty::Value gcfg2 = Config(kSg, {{"name", S("web2")}, {"description", S("second")},
                                  {"delete_default_rules", cty::Value::True()}});
  auto gplan2 = Plan(kSg, sg, gcfg2);
  ASSERT_EQ(Summaries(gplan2.diagnostics), "");
  EXPECT_TRUE(gplan2.requires_replace.empty());
  auto gupdated = Apply(kSg, sg, gplan2.planned_state, gcfg2, gplan2.planned_private);
  ASSERT_EQ(Summaries(gupdated.diagnostics), "") << gupdated.diagnostics.ToString();
  sg = gupdated.new_state;
  EXPECT_EQ(AttrOf(sg, "id"), S(sg_id));
  EXPECT_EQ(AttrOf(sg, "name"), S("web2"));
  json ginv = Inventory("security_group");
  ASSERT_EQ(ginv.size(), 1u);
  EXPECT_EQ(ginv[0]["name"], "web2");
  EXPECT_EQ(ginv[0]["description"], "second");
  EXPECT_EQ(Read(kSg, sg).new_state, sg);

  // A rule: SSH from a range.
  cty::Value rcfg = Config(kRule, {{"direction", S("ingress")},
                                   {"ethertype", S("IPv4")},
                                   {"protocol", S("tcp")},
                                   {"port_range_min", I(22)},
                                   {"port_range_max", I(22)},
                                   {"remote_ip_prefix", S("10.0.0.0/24")},
                                   {"security_group_id", S(sg_id)},
                                   {"description", S("ssh")}});
  cty::Value rule = Converge(kRule, Null(kRule), rcfg);
  ASSERT_FALSE(rule.IsNull());
  ASSERT_TRUE(rule.IsWhollyKnown());
  const std::string rule_id = AttrOf(rule, "id").AsString();
  EXPECT_TRUE(AttrOf(rule, "remote_group_id").IsNull());
  EXPECT_EQ(AttrOf(rule, "tenant_id"), S(sim_.cred("project_id")));
  ASSERT_EQ(RulesOf(sg_id).size(), 1u);
  EXPECT_EQ(Read(kRule, rule).new_state, rule);
  auto rnoop = Plan(kRule, rule, rcfg);
  ASSERT_EQ(Summaries(rnoop.diagnostics), "");
  EXPECT_EQ(rnoop.planned_state, rule);
  EXPECT_TRUE(rnoop.requires_replace.empty());

  // A second rule written the way people write them: upper-case protocol
  // and IPv6 range, only the lower port, a host address with a prefix.
  // Neutron normalises all of it; no diff may follow.
  cty::Value r2cfg = Config(kRule, {{"direction", S("ingress")},
                                    {"ethertype", S("IPv6")},
                                    {"protocol", S("UDP")},
                                    {"port_range_min", I(53)},
                                    {"remote_ip_prefix", S("2001:DB8::1/32")},
                                    {"security_group_id", S(sg_id)}});
  cty::Value rule2 = Converge(kRule, Null(kRule), r2cfg);
  ASSERT_FALSE(rule2.IsNull());
  EXPECT_EQ(AttrOf(rule2, "port_range_max"), I(53));
  EXPECT_EQ(AttrOf(rule2, "protocol"), S("UDP"));
  EXPECT_EQ(AttrOf(rule2, "remote_ip_prefix"), S("2001:DB8::1/32"));
  EXPECT_TRUE(AttrOf(rule2, "description").IsNull());
  auto r2read = Read(kRule, rule2);
  EXPECT_EQ(r2read.new_state, rule2);
  auto r2noop = Plan(kRule, r2read.new_state, r2cfg);
  ASSERT_EQ(Summaries(r2noop.diagnostics), "");
  EXPECT_EQ(r2noop.planned_state, rule2);
  EXPECT_TRUE(r2noop.requires_replace.empty());
  bool stored = false;
  for (const auto& r : RulesOf(sg_id)) stored = stored || r.value("remote_ip_prefix", json()) == "2001:db8::/32";
  EXPECT_TRUE(stored) << RulesOf(sg_id).dump();

  // A rule between groups: ICMP echo (type 8) from members of the group.
  cty::Value r3cfg = Config(kRule, {{"direction", S("ingress")},
                                    {"ethertype", S("IPv4")},
                                    {"protocol", S("icmp")},
                                    {"port_range_min", I(8)},
                                    {"remote_group_id", S(sg_id)},
                                    {"security_group_id", S(sg_id)}});
  cty::Value rule3 = Converge(kRule, Null(kRule), r3cfg);
  ASSERT_FALSE(rule3.IsNull());
  EXPECT_TRUE(AttrOf(rule3, "port_range_max").IsNull());
  EXPECT_TRUE(AttrOf(rule3, "remote_ip_prefix").IsNull());
  EXPECT_EQ(Read(kRule, rule3).new_state, rule3);
  EXPECT_EQ(Plan(kRule, rule3, r3cfg).planned_state, rule3);

  // Changing the port forces a new rule: the plan says so at the path.
  cty::Value rcfg2 = Config(kRule, {{"direction", S("ingress")},
                                    {"ethertype", S("IPv4")},
                                    {"protocol", S("tcp")},
                                    {"port_range_min", I(2222)},
                                    {"port_range_max", I(2222)},
                                    {"remote_ip_prefix", S("10.0.0.0/24")},
                                    {"security_group_id", S(sg_id)},
                                    {"description", S("ssh")}});
  auto rplan2 = Plan(kRule, rule, rcfg2);
  ASSERT_EQ(Summaries(rplan2.diagnostics), "");
  std::set<std::string> replaced;
  for (const auto& path : rplan2.requires_replace) replaced.insert(framework::DisplayPath(path));
  EXPECT_EQ(replaced, (std::set<std::string>{"port_range_max", "port_range_min"}));
  rule = Replace(kRule, rule, rcfg2);
  ASSERT_FALSE(rule.IsNull());
  EXPECT_NE(AttrOf(rule, "id"), S(rule_id));
  EXPECT_EQ(AttrOf(rule, "port_range_min"), I(2222));
  EXPECT_EQ(RulesOf(sg_id).size(), 3u);

  // Import by ID gives the same state (delete_default_rules only exists
  // at creation, so an imported group has it unset).
  EXPECT_EQ(Import(kRule, AttrOf(rule, "id").AsString()), rule);
  EXPECT_EQ(Import(kRule, AttrOf(rule3, "id").AsString()), rule3);
  cty::Value imported_sg = Import(kSg, sg_id);
  EXPECT_EQ(imported_sg, framework::WithAttr(sg, "delete_default_rules", cty::Value::Null(cty::Type::Bool())));
  // The configuration's delete_default_rules is then only recorded: no
  // replacement of an imported group, no API call.
  auto iplan = Plan(kSg, imported_sg, gcfg2);
  ASSERT_EQ(Summaries(iplan.diagnostics), "");
  EXPECT_TRUE(iplan.requires_replace.empty());
  size_t before_record = ApiRequests();
  auto recorded = Apply(kSg, imported_sg, iplan.planned_state, gcfg2, iplan.planned_private);
  ASSERT_EQ(Summaries(recorded.diagnostics), "") << recorded.diagnostics.ToString();
  EXPECT_EQ(recorded.new_state, sg);
  EXPECT_EQ(ApiRequests(), before_record);
  tfplugin::ImportResourceStateRequest bad_import;
  bad_import.type_name = kRule;
  bad_import.id = "sg/rule";
  tfplugin::ImportResourceStateResponse bad_import_resp;
  p().ImportResourceState(bad_import, bad_import_resp);
  EXPECT_EQ(Summaries(bad_import_resp.diagnostics), "Error: Invalid Import ID");

  // Out-of-band deletion of a rule: read returns null.
  auto del = CallAsUser("DELETE", sim_.http() + "/v2.0/security-group-rules/" + AttrOf(rule2, "id").AsString());
  ASSERT_EQ(del.status, 204) << del.body;
  auto rgone = Read(kRule, rule2);
  ASSERT_EQ(Summaries(rgone.diagnostics), "");
  EXPECT_TRUE(rgone.new_state.IsNull());
  Destroy(kRule, rule2);  // already gone: fine

  // Destroy the rules and the group: nothing left.
  Destroy(kRule, rule);
  Destroy(kRule, rule3);
  EXPECT_EQ(RulesOf(sg_id).size(), 0u);
  Destroy(kSg, sg);
  EXPECT_EQ(Inventory("security_group").size(), 0u);
  EXPECT_EQ(Inventory("security_group_rule").size(), 0u);
  auto ggone = Read(kSg, sg);
  ASSERT_EQ(Summaries(ggone.diagnostics), "");
  EXPECT_TRUE(ggone.new_state.IsNull());
}

TEST_F(SecgroupE2e, GroupDeletedOutOfBandTakesItsRulesAlong) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value gcfg = Config(kSg, {{"name", S("oob")}});
  cty::Value sg = Converge(kSg, Null(kSg), gcfg);
  ASSERT_FALSE(sg.IsNull());
  const std::string sg_id = AttrOf(sg, "id").AsString();
  EXPECT_EQ(RulesOf(sg_id).size(), 2u) << "a new group has two default egress rules";
  EXPECT_EQ(AttrOf(sg, "description"), S(""));
  EXPECT_EQ(Plan(kSg, sg, gcfg).planned_state, sg);
  cty::Value rule = Converge(kRule, Null(kRule), Config(kRule, {{"direction", S("ingress")},
                                                                {"ethertype", S("IPv4")},
                                                                {"protocol", S("tcp")},
                                                                {"port_range_min", I(443)},
                                                                {"port_range_max", I(443)},
                                                                {"remote_ip_prefix", S("0.0.0.0/0")},
                                                                {"security_group_id", S(sg_id)}}));
  ASSERT_FALSE(rule.IsNull());
  auto del = CallAsUser("DELETE", sim_.http() + "/v2.0/security-groups/" + sg_id);
  ASSERT_EQ(del.status, 204) << del.body;
  auto sread = Read(kSg, sg);
  ASSERT_EQ(Summaries(sread.diagnostics), "");
  EXPECT_TRUE(sread.new_state.IsNull());
  auto rread = Read(kRule, rule);
  ASSERT_EQ(Summaries(rread.diagnostics), "");
  EXPECT_TRUE(rread.new_state.IsNull());
  // A plan from the null state re-creates the group.
  auto plan = Plan(kSg, Null(kSg), gcfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
}

// A group still named by another group's rule (as a port, RDS instance or
// CCE node would hold it) answers DELETE with 409; destroy keeps trying
// inside its timeout and succeeds once the user is gone, or times out with
// a message saying why.
TEST_F(SecgroupE2e, DestroyWaitsWhileTheGroupIsInUse) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value a = Converge(kSg, Null(kSg), Config(kSg, {{"name", S("used")}}));
  cty::Value b = Converge(kSg, Null(kSg), Config(kSg, {{"name", S("user")}}));
  ASSERT_FALSE(a.IsNull());
  ASSERT_FALSE(b.IsNull());
  const std::string a_id = AttrOf(a, "id").AsString();
  cty::Value rule = Converge(kRule, Null(kRule), Config(kRule, {{"direction", S("ingress")},
                                                                {"ethertype", S("IPv4")},
                                                                {"remote_group_id", S(a_id)},
                                                                {"security_group_id", AttrOf(b, "id")}}));
  ASSERT_FALSE(rule.IsNull());

  // With a short delete timeout the destroy gives up, saying why.
  const framework::Block& tb = *Block(kSg).FindBlock("timeouts")->block;
  cty::Value short_cfg = Config(kSg, {{"name", S("used")}, {"timeouts", edptest::ConfigOf(tb, {{"delete", S("2s")}})}});
  cty::Value a_short = framework::WithAttr(a, "timeouts", AttrOf(short_cfg, "timeouts"));
  auto plan = Plan(kSg, a_short, Null(kSg));
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto failed = Apply(kSg, a_short, Null(kSg), Null(kSg), plan.planned_private);
  ASSERT_EQ(failed.diagnostics.size(), 1u) << failed.diagnostics.ToString();
  EXPECT_NE(failed.diagnostics[0].detail.find("still in use"), std::string::npos) << failed.diagnostics[0].detail;
  EXPECT_FALSE(failed.new_state.IsNull()) << "a failed destroy keeps the group in the state";
  EXPECT_EQ(Inventory("security_group").size(), 2u);

  // With the default timeout it waits until the rule goes away.
  const std::string rule_path = sim_.http() + "/v2.0/security-group-rules/" + AttrOf(rule, "id").AsString();
  std::thread release([this, rule_path] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CallAsUser("DELETE", rule_path);
  });
  int conflicts_before = CountRequests("DELETE", "/v2.0/security-groups/" + a_id, 409);
  Destroy(kSg, a);
  release.join();
  EXPECT_GT(CountRequests("DELETE", "/v2.0/security-groups/" + a_id, 409), conflicts_before);
  EXPECT_EQ(Inventory("security_group").size(), 1u);
  Destroy(kSg, b);
  EXPECT_EQ(Inventory("security_group").size(), 0u);
  EXPECT_EQ(Inventory("security_group_rule").size(), 0u);
}

TEST_F(SecgroupE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  // 503s, 429s and 500s (the ambiguous kind for a POST), connection resets
  // on creates, and new objects answering 404 for a while.
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec",
                      "neutron:503:0.15;neutron:429=1:0.1;neutron:500:0.2:POST;neutron:reset:0.3:POST;"
                      "neutron:404-after-create=20"},
                     {"seed", 13}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(10)}})), "");
  cty::Value sg = Converge(kSg, Null(kSg), Config(kSg, {{"name", S("faulty")},
                                                        {"delete_default_rules", cty::Value::True()}}));
  ASSERT_FALSE(sg.IsNull());
  const std::string sg_id = AttrOf(sg, "id").AsString();
  EXPECT_EQ(RulesOf(sg_id).size(), 0u);
  std::vector<cty::Value> rules;
  for (int port : {80, 443, 8080}) {
    cty::Value r = Converge(kRule, Null(kRule), Config(kRule, {{"direction", S("ingress")},
                                                               {"ethertype", S("IPv4")},
                                                               {"protocol", S("tcp")},
                                                               {"port_range_min", I(port)},
                                                               {"port_range_max", I(port)},
                                                               {"remote_ip_prefix", S("0.0.0.0/0")},
                                                               {"security_group_id", S(sg_id)}}));
    ASSERT_FALSE(r.IsNull());
    rules.push_back(r);
  }
  EXPECT_EQ(Inventory("security_group").size(), 1u);
  EXPECT_EQ(RulesOf(sg_id).size(), 3u);
  for (const auto& r : rules) {
    auto read = Read(kRule, r);
    ASSERT_EQ(Summaries(read.diagnostics), "");
    EXPECT_EQ(read.new_state, r);
  }
  // Update and replacement under faults.
  cty::Value gcfg2 = Config(kSg, {{"name", S("faulty2")}, {"delete_default_rules", cty::Value::True()}});
  sg = Converge(kSg, sg, gcfg2);
  EXPECT_EQ(AttrOf(sg, "id"), S(sg_id));
  rules[0] = Replace(kRule, rules[0], Config(kRule, {{"direction", S("ingress")},
                                                     {"ethertype", S("IPv4")},
                                                     {"protocol", S("tcp")},
                                                     {"port_range_min", I(81)},
                                                     {"port_range_max", I(81)},
                                                     {"remote_ip_prefix", S("0.0.0.0/0")},
                                                     {"security_group_id", S(sg_id)}}));
  ASSERT_FALSE(rules[0].IsNull());
  EXPECT_EQ(RulesOf(sg_id).size(), 3u);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 3) << faults.body;  // the faults really happened
  for (const auto& r : rules) Destroy(kRule, r);
  Destroy(kSg, sg);
  EXPECT_EQ(Inventory("security_group").size(), 0u);
  EXPECT_EQ(Inventory("security_group_rule").size(), 0u);
}

// Requests per lifecycle, recorded in the test XML, printed, and bounded so
// a polling regression shows up.
TEST_F(SecgroupE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  // Authenticate outside the measurement.
  ASSERT_EQ(Summaries(ReadData(kSg, {{"name", S("nothing")}}).diagnostics), "Error: No Security Group Found");
  size_t start = ApiRequests();
  cty::Value sg = Converge(kSg, Null(kSg), Config(kSg, {{"name", S("count")},
                                                        {"delete_default_rules", cty::Value::True()}}));
  ASSERT_FALSE(sg.IsNull());
  size_t after_sg = ApiRequests();
  cty::Value rule = Converge(kRule, Null(kRule), Config(kRule, {{"direction", S("egress")},
                                                                {"ethertype", S("IPv4")},
                                                                {"protocol", S("tcp")},
                                                                {"port_range_min", I(443)},
                                                                {"port_range_max", I(443)},
                                                                {"remote_ip_prefix", S("0.0.0.0/0")},
                                                                {"security_group_id", AttrOf(sg, "id")}}));
  ASSERT_FALSE(rule.IsNull());
  size_t after_rule = ApiRequests();
  ASSERT_EQ(Summaries(Read(kSg, sg).diagnostics), "");
  ASSERT_EQ(Summaries(Read(kRule, rule).diagnostics), "");
  size_t after_read = ApiRequests();
  sg = Converge(kSg, sg, Config(kSg, {{"name", S("count2")}, {"delete_default_rules", cty::Value::True()}}));
  size_t after_update = ApiRequests();
  Destroy(kRule, rule);
  size_t after_rule_destroy = ApiRequests();
  Destroy(kSg, sg);
  size_t after_sg_destroy = ApiRequests();
  const int sg_create = static_cast<int>(after_sg - start), rule_create = static_cast<int>(after_rule - after_sg);
  const int refresh = static_cast<int>(after_read - after_rule), update = static_cast<int>(after_update - after_read);
  const int rule_destroy = static_cast<int>(after_rule_destroy - after_update);
  const int sg_destroy = static_cast<int>(after_sg_destroy - after_rule_destroy);
  RecordProperty("secgroup_create_requests", sg_create);
  RecordProperty("secgroup_rule_create_requests", rule_create);
  RecordProperty("refresh_requests_group_and_rule", refresh);
  RecordProperty("secgroup_update_requests", update);
  RecordProperty("secgroup_rule_destroy_requests", rule_destroy);
  RecordProperty("secgroup_destroy_requests", sg_destroy);
  std::printf("requests: secgroup create %d (with 2 default-rule deletes), rule create %d, refresh group+rule %d, "
              "group update %d, rule destroy %d, group destroy %d\n",
              sg_create, rule_create, refresh, update, rule_destroy, sg_destroy);
  EXPECT_LE(sg_create, 4);    // POST + GET + 2 rule DELETEs
  EXPECT_LE(rule_create, 2);  // POST + GET
  EXPECT_EQ(refresh, 2);      // one GET each
  EXPECT_EQ(update, 1);       // PUT
  EXPECT_LE(rule_destroy, 2); // DELETE + GET
  EXPECT_LE(sg_destroy, 2);   // DELETE + GET
}

TEST_F(SecgroupE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  auto rule = [&](std::map<std::string, cty::Value> set) {
    set.emplace("direction", S("ingress"));
    set.emplace("ethertype", S("IPv4"));
    set.emplace("security_group_id", S("sg"));
    return Validate(kRule, Config(kRule, set)).diagnostics;
  };
  auto swapped = rule({{"protocol", S("tcp")}, {"port_range_min", I(90)}, {"port_range_max", I(80)}});
  EXPECT_EQ(Summaries(swapped), "Error: Invalid Port Range [at port_range_max]");
  ASSERT_EQ(swapped.size(), 1u);
  EXPECT_NE(swapped[0].detail.find("lower than port_range_min (90)"), std::string::npos) << swapped[0].detail;
  EXPECT_EQ(Summaries(rule({{"protocol", S("udp")}, {"port_range_min", I(0)}, {"port_range_max", I(70000)}})),
            "Error: Invalid Port [at port_range_min]\nError: Invalid Port [at port_range_max]");
  EXPECT_EQ(Summaries(rule({{"port_range_min", I(22)}, {"port_range_max", I(22)}})),
            "Error: Port Range Needs A Protocol [at port_range_min]");
  EXPECT_EQ(Summaries(rule({{"protocol", S("gre")}, {"port_range_min", I(22)}})),
            "Error: Port Range Not Allowed For Protocol [at port_range_min]");
  EXPECT_EQ(Summaries(rule({{"protocol", S("tcp")}, {"port_range_max", I(22)}})),
            "Error: Missing port_range_min [at port_range_max]");
  EXPECT_EQ(Summaries(rule({{"protocol", S("icmp")}, {"port_range_min", I(300)}, {"port_range_max", I(0)}})),
            "Error: Invalid ICMP Type Or Code [at port_range_min]");
  EXPECT_EQ(Summaries(rule({{"protocol", S("carrier-pigeon")}})), "Error: Invalid Protocol [at protocol]");
  EXPECT_EQ(Summaries(rule({{"protocol", S("256")}})), "Error: Invalid Protocol [at protocol]");
  EXPECT_EQ(Summaries(rule({{"protocol", S("47")}})), "");
  EXPECT_EQ(Summaries(rule({{"remote_ip_prefix", S("10.0.0.0/33")}})),
            "Error: Invalid Remote IP Prefix [at remote_ip_prefix]");
  EXPECT_EQ(Summaries(rule({{"remote_ip_prefix", S("::/0")}})),
            "Error: Remote IP Prefix Does Not Match Ethertype [at remote_ip_prefix]");
  auto both = rule({{"remote_ip_prefix", S("10.0.0.0/8")}, {"remote_group_id", S("other")}});
  ASSERT_EQ(both.size(), 1u) << both.ToString();
  EXPECT_NE(Summaries(both).find("[at remote_ip_prefix]"), std::string::npos) << Summaries(both);
  EXPECT_EQ(Summaries(Validate(kRule, Config(kRule, {{"direction", S("inbound")},
                                                     {"ethertype", S("IPv4")},
                                                     {"security_group_id", S("sg")}}))
                          .diagnostics),
            "Error: Invalid Attribute Value Match [at direction]");
  // Unknown values (from other resources) pass.
  EXPECT_EQ(Summaries(rule({{"protocol", cty::Value::Unknown(cty::Type::String())},
                            {"port_range_min", I(22)},
                            {"remote_ip_prefix", cty::Value::Unknown(cty::Type::String())}})),
            "");
  EXPECT_EQ(Summaries(Validate(kSg, Config(kSg, {{"name", S("default")}})).diagnostics),
            "Error: Reserved Security Group Name [at name]");
  EXPECT_EQ(Summaries(Validate(kSg, Config(kSg, {{"name", S("")}})).diagnostics),
            "Error: Invalid Attribute Value Length [at name]");
  tfplugin::ValidateDataResourceConfigRequest dreq;
  dreq.type_name = kSg;
  dreq.config = edptest::ConfigOf(local_->data_source_schemas().at(kSg).block, {{"name_regex", S("web-(")}});
  tfplugin::ValidateDataResourceConfigResponse dresp;
  p().ValidateDataResourceConfig(dreq, dresp);
  EXPECT_EQ(Summaries(dresp.diagnostics), "Error: Invalid Regular Expression [at name_regex]");

  // Plan-time checks of a configured provider call no API either.
  ASSERT_EQ(Summaries(Configure()), "");
  auto region = Plan(kSg, Null(kSg), Config(kSg, {{"name", S("x")}, {"region", S("eu-nl-nowhere")}}));
  EXPECT_EQ(Summaries(region.diagnostics), "Error: Region Not Managed By This Provider [at region]");

  EXPECT_EQ(ApiRequests(), before) << "validation and plan must not call the OTC API";
}

TEST_F(SecgroupE2e, DataSourcesFindExactlyOne) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value sg1 = Converge(kSg, Null(kSg), Config(kSg, {{"name", S("app-web")}, {"description", S("web tier")}}));
  cty::Value sg2 = Converge(kSg, Null(kSg), Config(kSg, {{"name", S("app-db")}}));
  ASSERT_FALSE(sg1.IsNull());
  ASSERT_FALSE(sg2.IsNull());

  auto by_name = ReadData(kSg, {{"name", S("app-web")}});
  ASSERT_EQ(Summaries(by_name.diagnostics), "");
  EXPECT_EQ(AttrOf(by_name.state, "id"), AttrOf(sg1, "id"));
  EXPECT_EQ(AttrOf(by_name.state, "description"), S("web tier"));
  EXPECT_EQ(AttrOf(by_name.state, "tenant_id"), S(sim_.cred("project_id")));
  auto by_id = ReadData(kSg, {{"secgroup_id", AttrOf(sg2, "id")}});
  ASSERT_EQ(Summaries(by_id.diagnostics), "");
  EXPECT_EQ(AttrOf(by_id.state, "id"), AttrOf(sg2, "id"));
  auto by_regex = ReadData(kSg, {{"name_regex", S("-db$")}});
  ASSERT_EQ(Summaries(by_regex.diagnostics), "");
  EXPECT_EQ(AttrOf(by_regex.state, "id"), AttrOf(sg2, "id"));
  auto several = ReadData(kSg, {{"name_regex", S("^app-")}});
  EXPECT_EQ(Summaries(several.diagnostics), "Error: Several Security Groups Found");
  auto none = ReadData(kSg, {{"name", S("app-cache")}});
  EXPECT_EQ(Summaries(none.diagnostics), "Error: No Security Group Found");
  ASSERT_EQ(none.diagnostics.size(), 1u);
  EXPECT_NE(none.diagnostics[0].detail.find("name = \"app-cache\""), std::string::npos) << none.diagnostics[0].detail;
  auto wrong_id = ReadData(kSg, {{"secgroup_id", S("00000000-0000-0000-0000-000000000000")}});
  EXPECT_EQ(Summaries(wrong_id.diagnostics), "Error: No Security Group Found");

  // Subnets: two in one VPC, one in another.
  cty::Value vpc = Converge("edp_vpc", Null("edp_vpc"),
                            Config("edp_vpc", {{"name", S("ds-net")}, {"cidr", S("10.40.0.0/16")}}));
  cty::Value vpc2 = Converge("edp_vpc", Null("edp_vpc"),
                             Config("edp_vpc", {{"name", S("ds-net2")}, {"cidr", S("10.41.0.0/16")}}));
  ASSERT_FALSE(vpc.IsNull());
  ASSERT_FALSE(vpc2.IsNull());
  auto subnet = [&](const cty::Value& v, const std::string& name, const std::string& third) {
    return Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                    Config("edp_vpc_subnet", {{"name", S(name)},
                                              {"cidr", S("10." + third + ".1.0/24")},
                                              {"gateway_ip", S("10." + third + ".1.1")},
                                              {"vpc_id", AttrOf(v, "id")}}));
  };
  cty::Value s1 = subnet(vpc, "ds-a", "40");
  cty::Value s2 = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                           Config("edp_vpc_subnet", {{"name", S("ds-b")},
                                                     {"cidr", S("10.40.2.0/24")},
                                                     {"gateway_ip", S("10.40.2.1")},
                                                     {"vpc_id", AttrOf(vpc, "id")},
                                                     {"primary_dns", S("1.1.1.1")}}));
  cty::Value s3 = subnet(vpc2, "ds-a", "41");
  ASSERT_FALSE(s1.IsNull());
  ASSERT_FALSE(s2.IsNull());
  ASSERT_FALSE(s3.IsNull());

  auto sub_by_id = ReadData("edp_vpc_subnet", {{"id", AttrOf(s2, "id")}});
  ASSERT_EQ(Summaries(sub_by_id.diagnostics), "");
  EXPECT_EQ(AttrOf(sub_by_id.state, "name"), S("ds-b"));
  EXPECT_EQ(AttrOf(sub_by_id.state, "cidr"), S("10.40.2.0/24"));
  EXPECT_EQ(AttrOf(sub_by_id.state, "vpc_id"), AttrOf(vpc, "id"));
  EXPECT_EQ(AttrOf(sub_by_id.state, "subnet_id"), AttrOf(s2, "subnet_id"));
  EXPECT_EQ(AttrOf(sub_by_id.state, "status"), S("ACTIVE"));
  EXPECT_EQ(AttrOf(sub_by_id.state, "dhcp_enable"), cty::Value::True());
  auto sub_by_name_vpc = ReadData("edp_vpc_subnet", {{"name", S("ds-a")}, {"vpc_id", AttrOf(vpc2, "id")}});
  ASSERT_EQ(Summaries(sub_by_name_vpc.diagnostics), "");
  EXPECT_EQ(AttrOf(sub_by_name_vpc.state, "id"), AttrOf(s3, "id"));
  auto sub_by_dns = ReadData("edp_vpc_subnet", {{"primary_dns", S("1.1.1.1")}});
  ASSERT_EQ(Summaries(sub_by_dns.diagnostics), "");
  EXPECT_EQ(AttrOf(sub_by_dns.state, "id"), AttrOf(s2, "id"));
  auto sub_by_cidr = ReadData("edp_vpc_subnet", {{"cidr", S("10.41.1.0/24")}, {"gateway_ip", S("10.41.1.1")}});
  ASSERT_EQ(Summaries(sub_by_cidr.diagnostics), "");
  EXPECT_EQ(AttrOf(sub_by_cidr.state, "id"), AttrOf(s3, "id"));
  auto sub_several = ReadData("edp_vpc_subnet", {{"name", S("ds-a")}});
  EXPECT_EQ(Summaries(sub_several.diagnostics), "Error: Several Subnets Found");
  auto sub_none = ReadData("edp_vpc_subnet", {{"name", S("ds-b")}, {"vpc_id", AttrOf(vpc2, "id")}});
  EXPECT_EQ(Summaries(sub_none.diagnostics), "Error: No Subnet Found");
  auto sub_bad_region = ReadData("edp_vpc_subnet", {{"name", S("ds-a")}, {"region", S("eu-nowhere")}});
  EXPECT_EQ(Summaries(sub_bad_region.diagnostics), "Error: Region Not Managed By This Provider [at region]");

  for (const auto& s : {s1, s2, s3}) Destroy("edp_vpc_subnet", s);
  Destroy("edp_vpc", vpc);
  Destroy("edp_vpc", vpc2);
  Destroy(kSg, sg1);
  Destroy(kSg, sg2);
  EXPECT_EQ(Inventory("security_group").size(), 0u);
  EXPECT_EQ(Inventory("subnet").size(), 0u);
}

}  // namespace
