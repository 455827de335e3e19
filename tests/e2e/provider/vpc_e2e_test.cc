// End-to-end: the real terraform-provider-edp (launched through the plugin
// client with AutoMTLS, driven over protocol 6 like OpenTofu) against a
// real otc-sim process: edp_vpc and edp_vpc_subnet through create, no-drift
// plan, in-place update, replacement, import, out-of-band deletion and
// destroy; the edp_vpc data source; bad configuration rejected before any
// API request.
#include <gtest/gtest.h>

#include <string>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

class VpcE2e : public ProviderE2e {};

TEST_F(VpcE2e, VpcAndSubnetFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");

  // Create the VPC: the apply returns once the VPC is OK.
  cty::Value vcfg = Config("edp_vpc", {{"name", S("net-a")}, {"cidr", S("10.10.0.0/16")},
                                       {"description", S("first")}});
  auto vplan = Plan("edp_vpc", Null("edp_vpc"), vcfg);
  ASSERT_EQ(Summaries(vplan.diagnostics), "");
  EXPECT_FALSE(AttrOf(vplan.planned_state, "id").IsKnown());
  EXPECT_EQ(AttrOf(vplan.planned_state, "region"), S(sim_.ready().value("region", "eu-de")));
  auto vcreated = Apply("edp_vpc", Null("edp_vpc"), vplan.planned_state, vcfg, vplan.planned_private);
  ASSERT_EQ(Summaries(vcreated.diagnostics), "") << vcreated.diagnostics.ToString();
  cty::Value vpc = vcreated.new_state;
  ASSERT_TRUE(vpc.IsWhollyKnown());
  EXPECT_EQ(AttrOf(vpc, "status"), S("OK"));
  EXPECT_TRUE(AttrOf(vpc, "tags").IsNull());
  const std::string vpc_id = AttrOf(vpc, "id").AsString();
  ASSERT_EQ(Inventory("vpc").size(), 1u);
  EXPECT_EQ(Inventory("vpc")[0]["status"], "OK");

  // Subnet in it: ACTIVE after the apply, default DNS servers.
  cty::Value scfg = Config("edp_vpc_subnet", {{"name", S("sub-a")},
                                              {"cidr", S("10.10.1.0/24")},
                                              {"gateway_ip", S("10.10.1.1")},
                                              {"vpc_id", S(vpc_id)}});
  cty::Value subnet = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"), scfg);
  ASSERT_FALSE(subnet.IsNull());
  ASSERT_TRUE(subnet.IsWhollyKnown());
  EXPECT_EQ(AttrOf(subnet, "status"), S("ACTIVE"));
  EXPECT_EQ(AttrOf(subnet, "primary_dns"), S("100.125.4.25"));
  EXPECT_EQ(AttrOf(subnet, "dhcp_enable"), cty::Value::True());
  EXPECT_FALSE(AttrOf(subnet, "subnet_id").AsString().empty());
  EXPECT_EQ(AttrOf(subnet, "network_id"), AttrOf(subnet, "id"));

  // Refresh and re-plan: no drift.
  auto vread = Read("edp_vpc", vpc);
  ASSERT_EQ(Summaries(vread.diagnostics), "");
  EXPECT_EQ(vread.new_state, vpc);
  auto vnoop = Plan("edp_vpc", vpc, vcfg);
  ASSERT_EQ(Summaries(vnoop.diagnostics), "");
  EXPECT_EQ(vnoop.planned_state, vpc);
  EXPECT_TRUE(vnoop.requires_replace.empty());
  auto sread = Read("edp_vpc_subnet", subnet);
  ASSERT_EQ(Summaries(sread.diagnostics), "");
  EXPECT_EQ(sread.new_state, subnet);
  auto snoop = Plan("edp_vpc_subnet", subnet, scfg);
  ASSERT_EQ(Summaries(snoop.diagnostics), "");
  EXPECT_EQ(snoop.planned_state, subnet);

  // In-place updates: VPC name, description, cidr and tags; subnet
  // description, DNS and tags. Same IDs afterwards.
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"env", S("test")}, {"team", S("edp")}});
  cty::Value vcfg2 = Config("edp_vpc", {{"name", S("net-b")}, {"cidr", S("10.10.0.0/15")},
                                        {"description", S("second")}, {"tags", tags}});
  auto vplan2 = Plan("edp_vpc", vpc, vcfg2);
  ASSERT_EQ(Summaries(vplan2.diagnostics), "");
  EXPECT_TRUE(vplan2.requires_replace.empty());
  auto vupdated = Apply("edp_vpc", vpc, vplan2.planned_state, vcfg2, vplan2.planned_private);
  ASSERT_EQ(Summaries(vupdated.diagnostics), "") << vupdated.diagnostics.ToString();
  vpc = vupdated.new_state;
  EXPECT_EQ(AttrOf(vpc, "id"), S(vpc_id));
  EXPECT_EQ(AttrOf(vpc, "name"), S("net-b"));
  EXPECT_EQ(AttrOf(vpc, "cidr"), S("10.10.0.0/15"));
  EXPECT_EQ(AttrOf(vpc, "tags"), tags);
  EXPECT_EQ(Read("edp_vpc", vpc).new_state, vpc);
  json inv = Inventory("vpc");
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0]["name"], "net-b");
  EXPECT_EQ(inv[0]["description"], "second");

  cty::Value dns = cty::Value::List(cty::Type::String(), {S("1.1.1.1"), S("8.8.8.8")});
  cty::Value scfg2 = Config("edp_vpc_subnet", {{"name", S("sub-a2")},
                                               {"description", S("updated")},
                                               {"cidr", S("10.10.1.0/24")},
                                               {"gateway_ip", S("10.10.1.1")},
                                               {"vpc_id", S(vpc_id)},
                                               {"dns_list", dns},
                                               {"tags", tags}});
  auto splan2 = Plan("edp_vpc_subnet", subnet, scfg2);
  ASSERT_EQ(Summaries(splan2.diagnostics), "");
  EXPECT_TRUE(splan2.requires_replace.empty());
  auto supdated = Apply("edp_vpc_subnet", subnet, splan2.planned_state, scfg2, splan2.planned_private);
  ASSERT_EQ(Summaries(supdated.diagnostics), "") << supdated.diagnostics.ToString();
  EXPECT_EQ(AttrOf(supdated.new_state, "id"), AttrOf(subnet, "id"));
  EXPECT_EQ(AttrOf(supdated.new_state, "dns_list"), dns);
  EXPECT_EQ(AttrOf(supdated.new_state, "description"), S("updated"));
  subnet = supdated.new_state;
  EXPECT_EQ(Read("edp_vpc_subnet", subnet).new_state, subnet);

  // A new cidr replaces the subnet: plan says so at path cidr; destroy +
  // create gives a new ID.
  cty::Value scfg3 = Config("edp_vpc_subnet", {{"name", S("sub-a2")},
                                               {"description", S("updated")},
                                               {"cidr", S("10.10.2.0/24")},
                                               {"gateway_ip", S("10.10.2.1")},
                                               {"vpc_id", S(vpc_id)},
                                               {"dns_list", dns},
                                               {"tags", tags}});
  auto splan3 = Plan("edp_vpc_subnet", subnet, scfg3);
  ASSERT_EQ(Summaries(splan3.diagnostics), "");
  ASSERT_EQ(splan3.requires_replace.size(), 2u);
  EXPECT_EQ(splan3.requires_replace[0], cty::Path().GetAttr("cidr"));
  EXPECT_EQ(splan3.requires_replace[1], cty::Path().GetAttr("gateway_ip"));
  Destroy("edp_vpc_subnet", subnet);
  cty::Value subnet2 = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"), scfg3);
  ASSERT_FALSE(subnet2.IsNull());
  EXPECT_NE(AttrOf(subnet2, "id"), AttrOf(subnet, "id"));
  EXPECT_EQ(AttrOf(subnet2, "cidr"), S("10.10.2.0/24"));
  ASSERT_EQ(Inventory("subnet").size(), 1u);

  // A cidr outside the VPC is refused at plan time, at the attribute.
  cty::Value outside = Config("edp_vpc_subnet", {{"name", S("sub-x")},
                                                 {"cidr", S("192.168.1.0/24")},
                                                 {"gateway_ip", S("192.168.1.1")},
                                                 {"vpc_id", S(vpc_id)}});
  EXPECT_EQ(Summaries(Plan("edp_vpc_subnet", Null("edp_vpc_subnet"), outside).diagnostics),
            "Error: Subnet Outside The VPC [at cidr]");

  // Import by ID gives the same state (timeouts aside, which live only in
  // the configuration).
  cty::Value imported_vpc = Import("edp_vpc", vpc_id);
  EXPECT_EQ(imported_vpc, vpc);
  cty::Value imported_subnet = Import("edp_vpc_subnet", AttrOf(subnet2, "id").AsString());
  EXPECT_EQ(imported_subnet, subnet2);

  // The data source finds the VPC by name.
  tfplugin::ReadDataSourceRequest dreq;
  dreq.type_name = "edp_vpc";
  dreq.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_vpc").block, {{"name", S("net-b")}});
  tfplugin::ReadDataSourceResponse dresp;
  p().ReadDataSource(dreq, dresp);
  ASSERT_EQ(Summaries(dresp.diagnostics), "");
  EXPECT_EQ(AttrOf(dresp.state, "id"), S(vpc_id));
  EXPECT_EQ(AttrOf(dresp.state, "cidr"), S("10.10.0.0/15"));
  EXPECT_EQ(AttrOf(dresp.state, "tags"), tags);
  dreq.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_vpc").block, {{"name", S("nope")}});
  tfplugin::ReadDataSourceResponse none;
  p().ReadDataSource(dreq, none);
  EXPECT_EQ(Summaries(none.diagnostics), "Error: No VPC Found");

  // Out-of-band deletion of the subnet: read returns null (tofu then plans
  // a re-create).
  DeleteOutOfBand("/vpcs/" + vpc_id + "/subnets/" + AttrOf(subnet2, "id").AsString());
  auto gone = Read("edp_vpc_subnet", subnet2);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());

  // Destroy the VPC; the subnet's destroy of an already gone subnet is fine.
  Destroy("edp_vpc_subnet", subnet2);
  Destroy("edp_vpc", vpc);
  EXPECT_EQ(Inventory("vpc").size(), 0u);
  EXPECT_EQ(Inventory("subnet").size(), 0u);
  auto vgone = Read("edp_vpc", vpc);
  ASSERT_EQ(Summaries(vgone.diagnostics), "");
  EXPECT_TRUE(vgone.new_state.IsNull());
}

TEST_F(VpcE2e, VpcDeletedOutOfBandReadsAsGone) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value cfg = Config("edp_vpc", {{"name", S("oob")}, {"cidr", S("192.168.0.0/16")}});
  cty::Value vpc = Converge("edp_vpc", Null("edp_vpc"), cfg);
  ASSERT_FALSE(vpc.IsNull());
  DeleteOutOfBand("/vpcs/" + AttrOf(vpc, "id").AsString());
  auto read = Read("edp_vpc", vpc);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
  // A plan from the null state re-creates it.
  auto plan = Plan("edp_vpc", Null("edp_vpc"), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
}

TEST_F(VpcE2e, OutOfBandChangeShowsAsDriftAndIsUpdatedBack) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value cfg = Config("edp_vpc", {{"name", S("drift")}, {"cidr", S("172.16.0.0/16")}});
  cty::Value vpc = Converge("edp_vpc", Null("edp_vpc"), cfg);
  ASSERT_FALSE(vpc.IsNull());
  const std::string id = AttrOf(vpc, "id").AsString();
  // Someone renames the VPC in the console.
  std::string token = otcsim_test::ProjectToken(sim_);
  auto r = Http("PUT", sim_.http() + "/v1/" + sim_.cred("project_id") + "/vpcs/" + id,
                json{{"vpc", {{"name", "renamed"}, {"description", "by hand"}}}}.dump(),
                {"Content-Type: application/json", "X-Auth-Token: " + token});
  ASSERT_EQ(r.status, 200) << r.body;
  auto read = Read("edp_vpc", vpc);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(AttrOf(read.new_state, "name"), S("renamed"));
  EXPECT_EQ(AttrOf(read.new_state, "description"), S("by hand"));
  // The plan puts the configured values back, in place.
  auto plan = Plan("edp_vpc", read.new_state, cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_TRUE(plan.requires_replace.empty());
  EXPECT_EQ(AttrOf(plan.planned_state, "name"), S("drift"));
  auto applied = Apply("edp_vpc", read.new_state, plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
  json inv = Inventory("vpc");
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0]["name"], "drift");
  EXPECT_EQ(inv[0]["description"], "");
  Destroy("edp_vpc", applied.new_state);
  EXPECT_EQ(Inventory("vpc").size(), 0u);
}

TEST_F(VpcE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  // 503s on every VPC-service call and connection resets on creates (the
  // ambiguous case: the client must look the VPC/subnet up by name before
  // replaying).
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "vpc:503:0.15;vpc:reset:0.3:POST"}, {"seed", 11}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(8)}})), "");
  cty::Value vpc = Converge("edp_vpc", Null("edp_vpc"),
                            Config("edp_vpc", {{"name", S("faulty")}, {"cidr", S("10.20.0.0/16")}}));
  ASSERT_FALSE(vpc.IsNull());
  const std::string vpc_id = AttrOf(vpc, "id").AsString();
  cty::Value scfg = Config("edp_vpc_subnet", {{"name", S("faulty-sub")},
                                              {"cidr", S("10.20.1.0/24")},
                                              {"gateway_ip", S("10.20.1.1")},
                                              {"vpc_id", S(vpc_id)}});
  cty::Value subnet = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"), scfg);
  ASSERT_FALSE(subnet.IsNull());
  EXPECT_EQ(Inventory("vpc").size(), 1u);
  EXPECT_EQ(Inventory("subnet").size(), 1u);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;  // the faults really happened
  Destroy("edp_vpc_subnet", subnet);
  Destroy("edp_vpc", vpc);
  EXPECT_EQ(Inventory("vpc").size(), 0u);
  EXPECT_EQ(Inventory("subnet").size(), 0u);
}

// Requests per lifecycle (create with its wait, one refresh, destroy with
// its wait), recorded in the test XML and bounded so a polling regression
// shows up.
TEST_F(VpcE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  size_t start = ApiRequests();
  cty::Value vcfg = Config("edp_vpc", {{"name", S("count")}, {"cidr", S("10.30.0.0/16")}});
  cty::Value vpc = Converge("edp_vpc", Null("edp_vpc"), vcfg);
  ASSERT_FALSE(vpc.IsNull());
  size_t after_vpc_create = ApiRequests();
  cty::Value scfg = Config("edp_vpc_subnet", {{"name", S("count-sub")},
                                              {"cidr", S("10.30.1.0/24")},
                                              {"gateway_ip", S("10.30.1.1")},
                                              {"vpc_id", AttrOf(vpc, "id")}});
  cty::Value subnet = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"), scfg);
  ASSERT_FALSE(subnet.IsNull());
  size_t after_subnet_create = ApiRequests();
  ASSERT_EQ(Summaries(Read("edp_vpc", vpc).diagnostics), "");
  ASSERT_EQ(Summaries(Read("edp_vpc_subnet", subnet).diagnostics), "");
  size_t after_read = ApiRequests();
  Destroy("edp_vpc_subnet", subnet);
  Destroy("edp_vpc", vpc);
  size_t after_destroy = ApiRequests();
  RecordProperty("vpc_create_requests", static_cast<int>(after_vpc_create - start));
  RecordProperty("subnet_create_requests", static_cast<int>(after_subnet_create - after_vpc_create));
  RecordProperty("refresh_requests", static_cast<int>(after_read - after_subnet_create));
  RecordProperty("destroy_requests", static_cast<int>(after_destroy - after_read));
  // Create: (auth +) POST + a few status polls + tags GET + final GET.
  EXPECT_LE(after_vpc_create - start, 12u);
  EXPECT_LE(after_subnet_create - after_vpc_create, 14u);
  // VPC: GET + tags GET + v3 GET (secondary CIDR); subnet: GET + tags GET.
  EXPECT_EQ(after_read - after_subnet_create, 5u);
  EXPECT_LE(after_destroy - after_read, 10u);
}

// secondary_cidr (VPC v3) added, changed and removed in place; a subnet in
// the secondary range; IPv6 switched on in place, off only by replacement.
TEST_F(VpcE2e, SecondaryCidrAndIpv6Lifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  const std::string v3 = sim_.http() + "/v3/" + sim_.cred("project_id") + "/vpc/vpcs/";
  auto extend_cidrs = [&](const std::string& id) {
    auto r = CallAsUser("GET", v3 + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["vpc"]["extend_cidrs"];
  };
  cty::Value vcfg = Config("edp_vpc", {{"name", S("dual")}, {"cidr", S("10.40.0.0/16")},
                                       {"secondary_cidr", S("172.20.0.0/16")}});
  cty::Value vpc = Converge("edp_vpc", Null("edp_vpc"), vcfg);
  ASSERT_FALSE(vpc.IsNull());
  const std::string vpc_id = AttrOf(vpc, "id").AsString();
  EXPECT_EQ(AttrOf(vpc, "secondary_cidr"), S("172.20.0.0/16"));
  EXPECT_EQ(extend_cidrs(vpc_id), json::array({"172.20.0.0/16"}));
  EXPECT_EQ(Read("edp_vpc", vpc).new_state, vpc);
  auto vnoop = Plan("edp_vpc", vpc, vcfg);
  ASSERT_EQ(Summaries(vnoop.diagnostics), "");
  EXPECT_EQ(vnoop.planned_state, vpc);

  // A subnet in the secondary range passes the plan-time range check.
  cty::Value scfg = Config("edp_vpc_subnet", {{"name", S("in-second")},
                                              {"cidr", S("172.20.1.0/24")},
                                              {"gateway_ip", S("172.20.1.1")},
                                              {"vpc_id", S(vpc_id)}});
  cty::Value subnet = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"), scfg);
  ASSERT_FALSE(subnet.IsNull());
  EXPECT_EQ(AttrOf(subnet, "ipv6_enable"), cty::Value::False());
  EXPECT_EQ(AttrOf(subnet, "cidr_ipv6"), S(""));

  // IPv6 on: in place, OTC assigns a /64 and gateway.
  cty::Value scfg6 = Config("edp_vpc_subnet", {{"name", S("in-second")},
                                               {"cidr", S("172.20.1.0/24")},
                                               {"gateway_ip", S("172.20.1.1")},
                                               {"vpc_id", S(vpc_id)},
                                               {"ipv6_enable", cty::Value::True()}});
  auto splan = Plan("edp_vpc_subnet", subnet, scfg6);
  ASSERT_EQ(Summaries(splan.diagnostics), "");
  EXPECT_TRUE(splan.requires_replace.empty());
  EXPECT_FALSE(AttrOf(splan.planned_state, "cidr_ipv6").IsKnown());
  auto sapplied = Apply("edp_vpc_subnet", subnet, splan.planned_state, scfg6, splan.planned_private);
  ASSERT_EQ(Summaries(sapplied.diagnostics), "") << sapplied.diagnostics.ToString();
  cty::Value subnet6 = sapplied.new_state;
  EXPECT_EQ(AttrOf(subnet6, "id"), AttrOf(subnet, "id"));
  EXPECT_EQ(AttrOf(subnet6, "ipv6_enable"), cty::Value::True());
  const std::string v6 = AttrOf(subnet6, "cidr_ipv6").AsString();
  ASSERT_GT(v6.size(), 3u);
  EXPECT_EQ(v6.substr(v6.size() - 3), "/64") << v6;
  EXPECT_FALSE(AttrOf(subnet6, "gateway_ipv6").AsString().empty());
  EXPECT_FALSE(AttrOf(subnet6, "ipv6_subnet_id").AsString().empty());
  EXPECT_EQ(Read("edp_vpc_subnet", subnet6).new_state, subnet6);
  // Another in-place change keeps the IPv6 values known in the plan.
  cty::Value scfg6b = framework::WithAttr(scfg6, "description", S("dual stack"));
  auto splan2 = Plan("edp_vpc_subnet", subnet6, scfg6b);
  ASSERT_EQ(Summaries(splan2.diagnostics), "");
  EXPECT_EQ(AttrOf(splan2.planned_state, "cidr_ipv6"), S(v6));
  // IPv6 off again: OTC cannot, so the subnet is replaced.
  auto off = Plan("edp_vpc_subnet", subnet6, scfg);
  ASSERT_EQ(Summaries(off.diagnostics), "");
  ASSERT_EQ(off.requires_replace.size(), 1u);
  EXPECT_EQ(off.requires_replace[0], cty::Path().GetAttr("ipv6_enable"));
  EXPECT_EQ(Import("edp_vpc_subnet", AttrOf(subnet6, "id").AsString()), subnet6);

  // A subnet created with IPv6 on.
  cty::Value s2cfg = Config("edp_vpc_subnet", {{"name", S("v6-from-start")},
                                               {"cidr", S("10.40.2.0/24")},
                                               {"gateway_ip", S("10.40.2.1")},
                                               {"vpc_id", S(vpc_id)},
                                               {"ipv6_enable", cty::Value::True()}});
  cty::Value subnet2 = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"), s2cfg);
  ASSERT_FALSE(subnet2.IsNull());
  EXPECT_NE(AttrOf(subnet2, "cidr_ipv6"), S(v6));
  EXPECT_FALSE(AttrOf(subnet2, "cidr_ipv6").AsString().empty());
  Destroy("edp_vpc_subnet", subnet2);
  Destroy("edp_vpc_subnet", subnet6);

  // Change the secondary CIDR in place (remove old, add new), then import.
  cty::Value vcfg2 = Config("edp_vpc", {{"name", S("dual")}, {"cidr", S("10.40.0.0/16")},
                                        {"secondary_cidr", S("172.21.0.0/16")}});
  auto vplan = Plan("edp_vpc", vpc, vcfg2);
  ASSERT_EQ(Summaries(vplan.diagnostics), "");
  EXPECT_TRUE(vplan.requires_replace.empty());
  auto vapplied = Apply("edp_vpc", vpc, vplan.planned_state, vcfg2, vplan.planned_private);
  ASSERT_EQ(Summaries(vapplied.diagnostics), "") << vapplied.diagnostics.ToString();
  vpc = vapplied.new_state;
  EXPECT_EQ(AttrOf(vpc, "id"), S(vpc_id));
  EXPECT_EQ(extend_cidrs(vpc_id), json::array({"172.21.0.0/16"}));
  EXPECT_EQ(Import("edp_vpc", vpc_id), vpc);

  // Remove it.
  cty::Value vcfg3 = Config("edp_vpc", {{"name", S("dual")}, {"cidr", S("10.40.0.0/16")}});
  cty::Value vpc3 = Converge("edp_vpc", vpc, vcfg3);
  EXPECT_TRUE(AttrOf(vpc3, "secondary_cidr").IsNull());
  EXPECT_EQ(extend_cidrs(vpc_id), json::array());

  // A secondary CIDR added out of band shows as drift and is removed.
  auto added = CallAsUser("PUT", v3 + vpc_id + "/add-extend-cidr",
                          json{{"vpc", {{"extend_cidrs", {"172.22.0.0/16"}}}}, {"dry_run", false}}.dump());
  ASSERT_EQ(added.status, 200) << added.body;
  auto drift = Read("edp_vpc", vpc3);
  ASSERT_EQ(Summaries(drift.diagnostics), "");
  EXPECT_EQ(AttrOf(drift.new_state, "secondary_cidr"), S("172.22.0.0/16"));
  cty::Value vpc4 = Converge("edp_vpc", drift.new_state, vcfg3);
  EXPECT_TRUE(AttrOf(vpc4, "secondary_cidr").IsNull());
  EXPECT_EQ(extend_cidrs(vpc_id), json::array());

  // Bad secondary CIDRs: refused at validation, at the attribute, without
  // any request.
  size_t before = ApiRequests();
  auto bad = [&](const char* cidr) {
    return Summaries(Validate("edp_vpc", Config("edp_vpc", {{"name", S("x")}, {"cidr", S("10.40.0.0/16")},
                                                            {"secondary_cidr", S(cidr)}}))
                         .diagnostics);
  };
  EXPECT_EQ(bad("10.40.128.0/17"), "Error: Secondary CIDR Overlaps The VPC CIDR [at secondary_cidr]");
  EXPECT_EQ(bad("100.64.0.0/16"), "Error: Reserved Secondary CIDR [at secondary_cidr]");
  EXPECT_EQ(bad("172.16.0.0/8"), "Error: Invalid Secondary CIDR [at secondary_cidr]");
  EXPECT_EQ(bad("172.20.0.1/16"), "Error: Invalid Secondary CIDR [at secondary_cidr]");
  EXPECT_EQ(bad("172.20.0.0/29"), "Error: Invalid Secondary CIDR [at secondary_cidr]");
  EXPECT_EQ(bad("172.20.0.0"), "Error: Invalid Attribute Value [at secondary_cidr]");
  EXPECT_EQ(ApiRequests(), before);

  Destroy("edp_vpc", vpc4);
  EXPECT_EQ(Inventory("vpc").size(), 0u);
  EXPECT_EQ(Inventory("subnet").size(), 0u);
}

TEST_F(VpcE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  // Validation needs no configured provider and never calls the API.
  auto bad_cidr = Validate("edp_vpc", Config("edp_vpc", {{"name", S("x")}, {"cidr", S("10.0.0.0/33")}}));
  EXPECT_EQ(Summaries(bad_cidr.diagnostics), "Error: Invalid Attribute Value [at cidr]");
  ASSERT_EQ(bad_cidr.diagnostics.size(), 1u);
  EXPECT_NE(bad_cidr.diagnostics[0].detail.find("10.0.0.0/33"), std::string::npos)
      << bad_cidr.diagnostics[0].detail;

  auto public_range = Validate("edp_vpc", Config("edp_vpc", {{"name", S("x")}, {"cidr", S("8.8.0.0/16")}}));
  EXPECT_EQ(Summaries(public_range.diagnostics), "Error: Invalid VPC CIDR [at cidr]");
  auto host_bits = Validate("edp_vpc", Config("edp_vpc", {{"name", S("x")}, {"cidr", S("10.0.0.1/16")}}));
  EXPECT_EQ(Summaries(host_bits.diagnostics), "Error: Invalid VPC CIDR [at cidr]");
  EXPECT_NE(host_bits.diagnostics[0].detail.find("10.0.0.0/16"), std::string::npos);
  auto bad_name = Validate("edp_vpc", Config("edp_vpc", {{"name", S("bad name!")}, {"cidr", S("10.0.0.0/16")}}));
  EXPECT_EQ(Summaries(bad_name.diagnostics), "Error: Invalid Attribute Value Match [at name]");

  auto gw = Validate("edp_vpc_subnet", Config("edp_vpc_subnet", {{"name", S("s")},
                                                                 {"cidr", S("10.0.1.0/24")},
                                                                 {"gateway_ip", S("10.0.2.1")},
                                                                 {"vpc_id", S("v")}}));
  EXPECT_EQ(Summaries(gw.diagnostics), "Error: Gateway Outside The Subnet [at gateway_ip]");
  auto net_gw = Validate("edp_vpc_subnet", Config("edp_vpc_subnet", {{"name", S("s")},
                                                                     {"cidr", S("10.0.1.0/24")},
                                                                     {"gateway_ip", S("10.0.1.0")},
                                                                     {"vpc_id", S("v")}}));
  EXPECT_EQ(Summaries(net_gw.diagnostics), "Error: Gateway Outside The Subnet [at gateway_ip]");
  auto bad_ip = Validate("edp_vpc_subnet",
                         Config("edp_vpc_subnet", {{"name", S("s")},
                                                   {"cidr", S("10.0.1.0/24")},
                                                   {"gateway_ip", S("10.0.1.300")},
                                                   {"vpc_id", S("v")},
                                                   {"dns_list", cty::Value::List(cty::Type::String(),
                                                                                 {S("1.1.1.1"), S("dns")})}}));
  EXPECT_EQ(Summaries(bad_ip.diagnostics),
            "Error: Invalid Attribute Value [at dns_list[1]]\n"
            "Error: Invalid Attribute Value [at gateway_ip]");
  auto small = Validate("edp_vpc_subnet", Config("edp_vpc_subnet", {{"name", S("s")},
                                                                    {"cidr", S("10.0.1.0/30")},
                                                                    {"gateway_ip", S("10.0.1.1")},
                                                                    {"vpc_id", S("v")}}));
  EXPECT_EQ(Summaries(small.diagnostics), "Error: Invalid Subnet CIDR [at cidr]");
  cty::Value bad_tags = cty::Value::Map(cty::Type::String(), {{"bad key", S("v")}});
  auto tags = Validate("edp_vpc", Config("edp_vpc", {{"name", S("x")}, {"cidr", S("10.0.0.0/16")},
                                                     {"tags", bad_tags}}));
  EXPECT_EQ(Summaries(tags.diagnostics), "Error: Invalid Tag Key [at tags[\"bad key\"]]");
  // Unknown values (from other resources) pass validation.
  auto unknown = Validate("edp_vpc_subnet", Config("edp_vpc_subnet",
                                                   {{"name", S("s")},
                                                    {"cidr", cty::Value::Unknown(cty::Type::String())},
                                                    {"gateway_ip", S("10.0.1.1")},
                                                    {"vpc_id", cty::Value::Unknown(cty::Type::String())}}));
  EXPECT_EQ(Summaries(unknown.diagnostics), "");

  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";
  EXPECT_EQ(Inventory("vpc").size(), 0u);
}

TEST_F(VpcE2e, WrongPasswordIsReportedWithoutLeakingIt) {
  tfplugin::ConfigureProviderRequest req;
  req.config = edptest::ConfigOf(local_->provider_schema().block,
                                 {{"auth_url", S(sim_.http() + "/v3")},
                                  {"user_name", S(sim_.cred("user"))},
                                  {"password", S("wrong-secret-77")},
                                  {"domain_name", S(sim_.cred("domain"))},
                                  {"tenant_name", S(sim_.cred("project"))},
                                  {"region", S(sim_.ready().value("region", "eu-de"))}});
  tfplugin::ConfigureProviderResponse cresp;
  p().ConfigureProvider(req, cresp);
  ASSERT_EQ(Summaries(cresp.diagnostics), "");  // no network during configure
  cty::Value cfg = Config("edp_vpc", {{"name", S("n")}, {"cidr", S("10.0.0.0/16")}});
  auto plan = Plan("edp_vpc", Null("edp_vpc"), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto applied = Apply("edp_vpc", Null("edp_vpc"), plan.planned_state, cfg, plan.planned_private);
  // The OTC client reports the IAM answer as an API error (HTTP 401).
  EXPECT_EQ(Summaries(applied.diagnostics), "Error: OTC API Error");
  ASSERT_EQ(applied.diagnostics.size(), 1u);
  EXPECT_NE(applied.diagnostics[0].detail.find("401"), std::string::npos) << applied.diagnostics[0].detail;
  EXPECT_TRUE(applied.new_state.IsNull());
  for (const auto& d : applied.diagnostics) {
    EXPECT_EQ(d.detail.find("wrong-secret-77"), std::string::npos) << d.detail;
  }
  for (const auto& line : plugin_->log->Lines()) {
    EXPECT_EQ(line.find("wrong-secret-77"), std::string::npos) << line;
  }
  EXPECT_EQ(Inventory("vpc").size(), 0u);
}

}  // namespace
