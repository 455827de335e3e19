// End-to-end: edp_cce_cluster and the edp_cce_cluster /
// edp_cce_cluster_kubeconfig data sources through the real
// terraform-provider-edp (plugin client, protocol 6) against a real otc-sim
// whose clock runs 240x (a single-master cluster's 6 minutes of Creating
// take 1.5 s): create (waits through Creating -> Available), no-drift plan,
// in-place description and master EIP, a replacement, import, out-of-band
// deletion, destroy (the subnet and VPC delete right after); the same under
// injected faults; the long-operation guarantees (timeout -> tainted, not
// orphaned; StopProvider returns promptly with the partial state; a failed
// job shows the service's reason); bad configuration rejected before any
// API request; the requests one lifecycle costs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kCce = "edp_cce_cluster";
constexpr int kScale = 240;

class CceE2e : public ProviderE2e {
 protected:
  CceE2e() : ProviderE2e(kScale) {}

  struct Net {
    cty::Value vpc, subnet;
    std::string vpc_id, subnet_id;
  };
  // A VPC 192.168.0.0/16 with one subnet, through the provider.
  Net MakeNet(const std::string& name) {
    Net n;
    n.vpc = Converge("edp_vpc", Null("edp_vpc"),
                     Config("edp_vpc", {{"name", S(name)}, {"cidr", S("192.168.0.0/16")}}));
    EXPECT_FALSE(n.vpc.IsNull());
    if (n.vpc.IsNull()) return n;
    n.vpc_id = AttrOf(n.vpc, "id").AsString();
    n.subnet = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                        Config("edp_vpc_subnet", {{"name", S(name + "-sub")},
                                                  {"cidr", S("192.168.1.0/24")},
                                                  {"gateway_ip", S("192.168.1.1")},
                                                  {"vpc_id", S(n.vpc_id)}}));
    EXPECT_FALSE(n.subnet.IsNull());
    if (!n.subnet.IsNull()) n.subnet_id = AttrOf(n.subnet, "id").AsString();
    return n;
  }
  void DropNet(const Net& n) {
    if (!n.subnet.IsNull()) Destroy("edp_vpc_subnet", n.subnet);
    if (!n.vpc.IsNull()) Destroy("edp_vpc", n.vpc);
  }
  cty::Value ClusterConfig(const Net& n, std::map<std::string, cty::Value> extra = {}) {
    std::map<std::string, cty::Value> set = {{"name", S("edp-cluster")},
                                             {"flavor_id", S("cce.s1.small")},
                                             {"cluster_type", S("VirtualMachine")},
                                             {"vpc_id", S(n.vpc_id)},
                                             {"subnet_id", S(n.subnet_id)},
                                             {"container_network_type", S("overlay_l2")}};
    for (auto& [k, v] : extra) set[k] = v;
    return Config(kCce, set);
  }
  cty::Value Timeouts(const std::map<std::string, cty::Value>& t) {
    return edptest::ConfigOf(*Block(kCce).FindBlock("timeouts")->block, t);
  }
  std::string Pid() { return sim_.cred("project_id"); }
  std::string ClusterUrl(const std::string& id = "") {
    return sim_.http() + "/api/v3/projects/" + Pid() + "/clusters" + (id.empty() ? "" : "/" + id);
  }
  json FindCluster(const std::string& id) {
    for (const auto& o : Inventory("cce_cluster")) {
      if (o.value("metadata", json::object()).value("uid", "") == id || o.value("id", "") == id) return o;
    }
    return json();
  }
  void SetFaults(const std::string& spec) {
    auto f = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", spec}, {"seed", 3}}.dump(),
                  {"Content-Type: application/json"});
    ASSERT_EQ(f.status, 200) << f.body;
  }
  void ClearFaults() {
    auto f = Http("DELETE", sim_.http() + "/_sim/faults");
    ASSERT_EQ(f.status / 100, 2) << f.body;
  }
  // An EIP made behind the provider's back: {id, address}.
  std::pair<std::string, std::string> MakeEip(const std::string& bw) {
    auto r = CallAsUser("POST", sim_.http() + "/v1/" + Pid() + "/publicips",
                        json{{"publicip", {{"type", "5_bgp"}}},
                             {"bandwidth", {{"name", bw}, {"size", 1}, {"share_type", "PER"}}}}
                            .dump());
    EXPECT_EQ(r.status, 200) << r.body;
    json ip = r.Json().value("publicip", json::object());
    return {ip.value("id", ""), ip.value("public_ip_address", "")};
  }
  // The state with the per-read client certificate blanked out (CCE signs
  // a new one on every clustercert call, so two reads never share it).
  static cty::Value WithoutClientCert(const cty::Value& s) {
    cty::Value out = framework::WithAttr(s, "certificate_users", cty::Value::Null(AttrOf(s, "certificate_users").type()));
    return framework::WithAttr(out, "kube_config_raw", cty::Value::Null(cty::Type::String()));
  }
  tfplugin::ReadDataSourceResponse ReadData(const std::string& type, const std::map<std::string, cty::Value>& set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = type;
    req.config = edptest::ConfigOf(local_->data_source_schemas().at(type).block, set);
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  }
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST_F(CceE2e, ClusterFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("cce-net");
  ASSERT_FALSE(net.subnet_id.empty());

  // Create: the apply returns once the cluster is Available.
  cty::Value cfg = ClusterConfig(net, {{"description", S("first")},
                                       {"labels", cty::Value::Map(cty::Type::String(), {{"team", S("edp")}})}});
  auto plan = Plan(kCce, Null(kCce), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "") << plan.diagnostics.ToString();
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  auto created = Apply(kCce, Null(kCce), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value cl = created.new_state;
  ASSERT_TRUE(cl.IsWhollyKnown());
  const std::string id = AttrOf(cl, "id").AsString();
  EXPECT_EQ(AttrOf(cl, "status"), S("Available"));
  EXPECT_EQ(AttrOf(cl, "description"), S("first"));
  EXPECT_EQ(AttrOf(cl, "authentication_mode"), S("rbac"));
  EXPECT_EQ(AttrOf(cl, "container_network_cidr"), S("172.16.0.0/16"));
  EXPECT_EQ(AttrOf(cl, "kubernetes_svc_ip_range"), S("10.247.0.0/16"));
  EXPECT_EQ(AttrOf(cl, "kube_proxy_mode"), S("iptables"));
  EXPECT_EQ(AttrOf(cl, "cluster_version").AsString().rfind("v1.", 0), 0u);
  EXPECT_EQ(AttrOf(cl, "internal").AsString().rfind("https://192.168.1.", 0), 0u) << AttrOf(cl, "internal").AsString();
  EXPECT_EQ(AttrOf(cl, "external"), S(""));
  EXPECT_TRUE(AttrOf(cl, "eip").IsNull());
  EXPECT_NE(AttrOf(cl, "external_otc").AsString().find(id), std::string::npos);
  EXPECT_EQ(AttrOf(cl, "certificate_clusters").Elements().size(), 1u);
  ASSERT_EQ(AttrOf(cl, "certificate_users").Elements().size(), 1u);
  EXPECT_FALSE(AttrOf(AttrOf(cl, "certificate_users").Elements()[0], "client_key_data").AsString().empty());
  json kube = json::parse(AttrOf(cl, "kube_config_raw").AsString());
  EXPECT_EQ(kube.value("kind", ""), "Config");
  // The client key never reaches the provider's (debug) log.
  const std::string key = AttrOf(AttrOf(cl, "certificate_users").Elements()[0], "client_key_data").AsString();
  for (const auto& line : plugin_->log->Lines()) {
    EXPECT_EQ(line.find(key.substr(0, 40)), std::string::npos) << line;
  }
  EXPECT_EQ(AttrOf(cl, "installed_addons"),
            cty::Value::Set(cty::Type::String(), {S("coredns"), S("everest")}));
  EXPECT_FALSE(AttrOf(cl, "security_group_control").AsString().empty());
  EXPECT_FALSE(AttrOf(cl, "security_group_node").AsString().empty());
  EXPECT_EQ(AttrOf(cl, "security_group_id"), AttrOf(cl, "security_group_node"));
  json remote = FindCluster(id);
  ASSERT_TRUE(remote.is_object());
  EXPECT_EQ(remote["status"]["phase"], "Available");
  EXPECT_EQ(Inventory("cce_cluster").size(), 1u);

  // Refresh and re-plan: no drift (the client certificate is kept).
  auto read = Read(kCce, cl);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, cl);
  auto noop = Plan(kCce, cl, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, cl);
  EXPECT_TRUE(noop.requires_replace.empty());

  // In place: description and the master EIP.
  auto [eip_id, eip_addr] = MakeEip("cce-bw");
  ASSERT_FALSE(eip_addr.empty());
  cty::Value cfg2 = ClusterConfig(net, {{"description", S("second")},
                                        {"labels", cty::Value::Map(cty::Type::String(), {{"team", S("edp")}})},
                                        {"eip", S(eip_addr)}});
  auto plan2 = Plan(kCce, cl, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  auto updated = Apply(kCce, cl, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  cl = updated.new_state;
  EXPECT_EQ(AttrOf(cl, "id"), S(id));
  EXPECT_EQ(AttrOf(cl, "description"), S("second"));
  EXPECT_EQ(AttrOf(cl, "eip"), S(eip_addr));
  EXPECT_EQ(AttrOf(cl, "external"), S("https://" + eip_addr + ":5443"));
  EXPECT_EQ(AttrOf(cl, "certificate_clusters").Elements().size(), 2u);  // + externalCluster
  remote = FindCluster(id);
  EXPECT_EQ(remote["spec"]["description"], "second");
  EXPECT_EQ(remote["status"]["endpoints"]["external"], "https://" + eip_addr + ":5443");
  EXPECT_EQ(Read(kCce, cl).new_state, cl);
  // Unbinding (eip removed from the configuration) is in place too.
  cty::Value cfg3 = ClusterConfig(net, {{"description", S("second")},
                                        {"labels", cty::Value::Map(cty::Type::String(), {{"team", S("edp")}})}});
  cty::Value unbound = Converge(kCce, cl, cfg3);
  EXPECT_EQ(AttrOf(unbound, "id"), S(id));
  EXPECT_TRUE(AttrOf(unbound, "eip").IsNull());
  EXPECT_EQ(FindCluster(id)["status"]["endpoints"]["external"], "");
  cl = unbound;

  // Import by ID gives the same state (but for the per-read client
  // certificate).
  cty::Value imported = Import(kCce, id);
  EXPECT_EQ(WithoutClientCert(imported), WithoutClientCert(cl));

  // The data sources: by name; none; more than one.
  auto ds = ReadData(kCce, {{"name", S("edp-cluster")}});
  ASSERT_EQ(Summaries(ds.diagnostics), "");
  EXPECT_EQ(AttrOf(ds.state, "id"), S(id));
  EXPECT_EQ(AttrOf(ds.state, "flavor_id"), S("cce.s1.small"));
  EXPECT_EQ(AttrOf(ds.state, "internal"), AttrOf(cl, "internal"));
  EXPECT_EQ(AttrOf(ds.state, "certificate_clusters"), AttrOf(cl, "certificate_clusters"));
  auto none = ReadData(kCce, {{"name", S("nope")}});
  EXPECT_EQ(Summaries(none.diagnostics), "Error: No CCE Cluster Found");
  auto other = CallAsUser("POST", ClusterUrl(),
                          json{{"kind", "Cluster"},
                               {"apiVersion", "v3"},
                               {"metadata", {{"name", "other-cluster"}}},
                               {"spec",
                                {{"type", "VirtualMachine"},
                                 {"flavor", "cce.s1.small"},
                                 {"hostNetwork", {{"vpc", net.vpc_id}, {"subnet", net.subnet_id}}},
                                 {"containerNetwork", {{"mode", "vpc-router"}}}}}}
                              .dump());
  ASSERT_EQ(other.status, 201) << other.body;
  const std::string other_id = other.Json()["metadata"].value("uid", "");
  auto two = ReadData(kCce, {{"vpc_id", S(net.vpc_id)}});
  EXPECT_EQ(Summaries(two.diagnostics), "Error: Several CCE Clusters Found");
  auto by_status = ReadData(kCce, {{"vpc_id", S(net.vpc_id)}, {"status", S("Available")}});
  ASSERT_EQ(Summaries(by_status.diagnostics), "");
  EXPECT_EQ(AttrOf(by_status.state, "id"), S(id));
  ASSERT_EQ(CallAsUser("DELETE", ClusterUrl(other_id)).status, 200);
  auto kc = ReadData("edp_cce_cluster_kubeconfig", {{"cluster_id", S(id)}, {"duration", cty::Value::Int(30)}});
  ASSERT_EQ(Summaries(kc.diagnostics), "");
  json kcj = json::parse(AttrOf(kc.state, "kubeconfig").AsString());
  EXPECT_EQ(kcj["clusters"][0]["cluster"]["server"], AttrOf(cl, "internal").AsString());
  EXPECT_EQ(AttrOf(kc.state, "id"), S(id));

  // A new flavor replaces the cluster: destroy (waits until gone) + create.
  cty::Value cfg4 = ClusterConfig(net, {{"description", S("second")},
                                        {"labels", cty::Value::Map(cty::Type::String(), {{"team", S("edp")}})},
                                        {"flavor_id", S("cce.s1.medium")}});
  auto plan4 = Plan(kCce, cl, cfg4);
  ASSERT_EQ(Summaries(plan4.diagnostics), "");
  ASSERT_EQ(plan4.requires_replace.size(), 1u);
  EXPECT_EQ(plan4.requires_replace[0], cty::Path().GetAttr("flavor_id"));
  Destroy(kCce, cl);
  EXPECT_TRUE(FindCluster(id).is_null());
  cty::Value cl2 = Converge(kCce, Null(kCce), cfg4);
  ASSERT_FALSE(cl2.IsNull());
  const std::string id2 = AttrOf(cl2, "id").AsString();
  EXPECT_NE(id2, id);
  EXPECT_EQ(AttrOf(cl2, "flavor_id"), S("cce.s1.medium"));

  // Out-of-band deletion: Deleting while CCE tears it down, then gone
  // (null: tofu plans a re-create).
  auto del = CallAsUser("DELETE", ClusterUrl(id2));
  ASSERT_EQ(del.status, 200) << del.body;
  cty::Value seen = cl2;
  for (int i = 0; i < 50 && !seen.IsNull(); ++i) {
    auto r = Read(kCce, seen);
    ASSERT_EQ(Summaries(r.diagnostics), "");
    if (!r.new_state.IsNull()) {
      EXPECT_EQ(AttrOf(r.new_state, "status"), S("Deleting"));
    }
    seen = r.new_state;
    if (!seen.IsNull()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen.IsNull());
  Destroy(kCce, cl2);  // already gone: fine

  // Nothing left; the subnet and VPC delete right away.
  CallAsUser("DELETE", sim_.http() + "/v1/" + Pid() + "/publicips/" + eip_id);
  EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
  EXPECT_EQ(Inventory("cce_addon").size(), 0u);
  DropNet(net);
  EXPECT_EQ(Inventory("subnet").size(), 0u);
  EXPECT_EQ(Inventory("vpc").size(), 0u);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
}

// (1) A create that hits timeouts.create leaves the cluster tracked: an
// error AND a new state with the id (OpenTofu taints it); a Read finds it
// and a destroy removes it.
TEST_F(CceE2e, CreateTimeoutLeavesTheClusterTainted) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("cce-to");
  cty::Value cfg = ClusterConfig(net, {{"timeouts", Timeouts({{"create", S("1s")}})}});
  auto plan = Plan(kCce, Null(kCce), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto applied = Apply(kCce, Null(kCce), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "Error: Operation Timed Out");
  const std::string detail = applied.diagnostics[0].detail;
  EXPECT_NE(detail.find("timed out waiting for CCE cluster \"edp-cluster\""), std::string::npos) << detail;
  EXPECT_NE(detail.find("tainted"), std::string::npos) << detail;
  ASSERT_FALSE(applied.new_state.IsNull());
  const std::string id = AttrOf(applied.new_state, "id").AsString();
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(FindCluster(id).is_object());
  auto read = Read(kCce, applied.new_state);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  ASSERT_FALSE(read.new_state.IsNull());
  EXPECT_EQ(AttrOf(read.new_state, "id"), S(id));
  Destroy(kCce, read.new_state);
  EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
  DropNet(net);
}

// (2) StopProvider during the create wait: Apply returns promptly with the
// partial state and says it was interrupted.
TEST_F(CceE2e, StopProviderDuringCreateReturnsPromptlyWithPartialState) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("cce-stop");
  // An HA cluster: 9 simulated minutes of Creating (2.25 s here).
  cty::Value cfg = ClusterConfig(net, {{"flavor_id", S("cce.s2.small")}, {"multi_az", cty::Value::True()}});
  auto plan = Plan(kCce, Null(kCce), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  std::chrono::steady_clock::time_point stopped_at;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    stopped_at = std::chrono::steady_clock::now();
    p().StopProvider();
  });
  auto applied = Apply(kCce, Null(kCce), plan.planned_state, cfg, plan.planned_private);
  auto returned_at = std::chrono::steady_clock::now();
  stopper.join();
  double after_stop = std::chrono::duration<double>(returned_at - stopped_at).count();
  RecordProperty("apply_return_after_stop_ms", static_cast<int>(after_stop * 1000));
  EXPECT_LT(after_stop, 3.0);
  ASSERT_EQ(Summaries(applied.diagnostics), "Error: Operation Cancelled");
  const std::string detail = applied.diagnostics[0].detail;
  EXPECT_NE(detail.find("interrupted"), std::string::npos) << detail;
  EXPECT_NE(detail.find("tainted"), std::string::npos) << detail;
  ASSERT_FALSE(applied.new_state.IsNull());
  const std::string id = AttrOf(applied.new_state, "id").AsString();
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(FindCluster(id)["status"]["phase"], "Creating");
  // The provider keeps serving: the tainted cluster is destroyed.
  auto read = Read(kCce, applied.new_state);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  ASSERT_FALSE(read.new_state.IsNull());
  Destroy(kCce, read.new_state);
  EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
  DropNet(net);
}

// (3) A create whose job fails shows the service's reason.
TEST_F(CceE2e, FailedCreateJobShowsTheServiceReason) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("cce-fail");
  SetFaults("cce:fail:1:POST");
  cty::Value cfg = ClusterConfig(net);
  auto plan = Plan(kCce, Null(kCce), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto applied = Apply(kCce, Null(kCce), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "Error: OTC Operation Failed");
  const std::string detail = applied.diagnostics[0].detail;
  EXPECT_NE(detail.find("status Error"), std::string::npos) << detail;
  EXPECT_NE(detail.find("Create cluster edp-cluster failed: the operation was aborted by an injected fault"),
            std::string::npos)
      << detail;
  ASSERT_FALSE(applied.new_state.IsNull());
  const std::string id = AttrOf(applied.new_state, "id").AsString();
  EXPECT_EQ(FindCluster(id)["status"]["phase"], "Error");
  ClearFaults();
  Destroy(kCce, applied.new_state);
  EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
  DropNet(net);
}

TEST_F(CceE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(8)}})), "");
  Net net = MakeNet("cce-faults");
  // 503s and 429s on every CCE call, resets on the create (ambiguous: the
  // client must find the cluster by name before replaying) and 404s right
  // after the create.
  SetFaults("cce:503:0.2;cce:429=1:0.1;cce:reset:0.5:POST;cce:404-after-create=30");
  cty::Value cfg = ClusterConfig(net, {{"description", S("faulty")}});
  cty::Value cl = Converge(kCce, Null(kCce), cfg);
  ASSERT_FALSE(cl.IsNull());
  EXPECT_EQ(AttrOf(cl, "status"), S("Available"));
  EXPECT_EQ(Inventory("cce_cluster").size(), 1u);
  cty::Value cl2 = Converge(kCce, cl, ClusterConfig(net, {{"description", S("still faulty")}}));
  EXPECT_EQ(AttrOf(cl2, "id"), AttrOf(cl, "id"));
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;
  Destroy(kCce, cl2);
  EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
  ClearFaults();
  DropNet(net);
  EXPECT_EQ(Inventory("subnet").size(), 0u);
}

TEST_F(CceE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  Net fake;
  fake.vpc_id = "vpc-1";
  fake.subnet_id = "subnet-1";
  auto v = [&](std::map<std::string, cty::Value> extra) {
    return Summaries(Validate(kCce, ClusterConfig(fake, std::move(extra))).diagnostics);
  };
  EXPECT_EQ(v({}), "");
  EXPECT_EQ(v({{"name", S("Bad_Name")}}), "Error: Invalid Attribute Value Match [at name]");
  EXPECT_EQ(v({{"name", S("ends-")}}), "Error: Invalid Attribute Value Match [at name]");
  EXPECT_EQ(v({{"flavor_id", S("cce.s9.huge")}}), "Error: Invalid Attribute Value Match [at flavor_id]");
  EXPECT_EQ(v({{"cluster_version", S("1.29")}}), "Error: Invalid Attribute Value Match [at cluster_version]");
  EXPECT_EQ(v({{"container_network_type", S("eni")}}),
            "Error: Missing ENI Subnet [at eni_subnet_id]\nError: Missing ENI Subnet [at eni_subnet_cidr]");
  EXPECT_EQ(v({{"eni_subnet_id", S("x")}, {"eni_subnet_cidr", S("192.168.2.0/24")}}),
            "Error: ENI Subnet Without ENI Network [at eni_subnet_id]\n"
            "Error: ENI Subnet Without ENI Network [at eni_subnet_cidr]");
  EXPECT_EQ(v({{"container_network_cidr", S("8.8.0.0/16")}}), "Error: Invalid CIDR For CCE [at container_network_cidr]");
  EXPECT_EQ(v({{"container_network_cidr", S("10.0.0.0/24")}}),
            "Error: Invalid CIDR For CCE [at container_network_cidr]");
  EXPECT_EQ(v({{"container_network_cidr", S("10.0.0.0/16")}, {"kubernetes_svc_ip_range", S("10.0.128.0/17")}}),
            "Error: Overlapping Cluster CIDRs [at kubernetes_svc_ip_range]");
  EXPECT_EQ(v({{"multi_az", cty::Value::True()}}), "Error: Multi-AZ Needs An HA Flavor [at multi_az]");
  EXPECT_EQ(v({{"authentication_mode", S("authenticating_proxy")}}),
            "Error: Missing Authenticating Proxy [at authenticating_proxy]");
  EXPECT_EQ(v({{"eip", S("1.2.3")}}), "Error: Invalid Attribute Value [at eip]");
  EXPECT_EQ(v({{"delete_evs", S("yes")}}), "Error: Invalid Attribute Value Match [at delete_evs]");
  EXPECT_EQ(v({{"delete_evs", S("true")}, {"delete_all_storage", S("try")}}),
            "Error: Invalid Attribute Combination [at delete_evs]");
  EXPECT_EQ(v({{"no_addons", cty::Value::True()}, {"ignore_addons", cty::Value::True()}}),
            "Error: Invalid Attribute Combination [at no_addons]");
  EXPECT_EQ(v({{"extend_param", cty::Value::Map(cty::Type::String(), {{"clusterAZ", S("eu-de")}})}}),
            "Error: Invalid Master AZ [at extend_param[\"clusterAZ\"]]");
  // Unknown values (from other resources) pass.
  EXPECT_EQ(v({{"vpc_id", cty::Value::Unknown(cty::Type::String())},
               {"container_network_cidr", cty::Value::Unknown(cty::Type::String())}}),
            "");
  tfplugin::ValidateDataResourceConfigRequest dreq;
  dreq.type_name = "edp_cce_cluster_kubeconfig";
  dreq.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_cce_cluster_kubeconfig").block,
                                  {{"cluster_id", S("not-a-uuid")}, {"duration", cty::Value::Int(5000)}});
  tfplugin::ValidateDataResourceConfigResponse dresp;
  p().ValidateDataResourceConfig(dreq, dresp);
  EXPECT_EQ(Summaries(dresp.diagnostics),
            "Error: Invalid Attribute Value Match [at cluster_id]\nError: Invalid Attribute Value [at duration]");

  // A valid plan needs no request either (the provider checks nothing remote).
  ASSERT_EQ(Summaries(Configure()), "");
  auto plan = Plan(kCce, Null(kCce), ClusterConfig(fake));
  EXPECT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_EQ(ApiRequests(), before) << "validation and planning must not call the OTC API";
}

// Requests per lifecycle and per minute of waiting, recorded in the test
// XML and bounded so a polling regression shows up.
TEST_F(CceE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  Net net = MakeNet("cce-count");
  cty::Value cfg = ClusterConfig(net);
  size_t start = ApiRequests();
  auto t0 = std::chrono::steady_clock::now();
  cty::Value cl = Converge(kCce, Null(kCce), cfg);
  double create_s = Seconds(t0);
  ASSERT_FALSE(cl.IsNull());
  size_t after_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kCce, cl).diagnostics), "");
  size_t after_read = ApiRequests();
  auto t1 = std::chrono::steady_clock::now();
  Destroy(kCce, cl);
  double destroy_s = Seconds(t1);
  size_t after_destroy = ApiRequests();
  // Create: POST + status GETs + the final read (GET, clustercert, add-ons,
  // security groups); the status GETs are the wait's cost.
  size_t create = after_create - start;
  size_t waits = create - 1 - 4;
  double sim_minutes = create_s * kScale / 60.0;
  RecordProperty("create_requests", static_cast<int>(create));
  RecordProperty("refresh_requests", static_cast<int>(after_read - after_create));
  RecordProperty("destroy_requests", static_cast<int>(after_destroy - after_read));
  RecordProperty("create_wall_ms", static_cast<int>(create_s * 1000));
  RecordProperty("destroy_wall_ms", static_cast<int>(destroy_s * 1000));
  RecordProperty("create_wait_polls", static_cast<int>(waits));
  RecordProperty("create_wait_sim_minutes_x100", static_cast<int>(sim_minutes * 100));
  RecordProperty("polls_per_sim_minute_x100", static_cast<int>(waits / sim_minutes * 100));
  std::printf("cce: create %zu requests (%zu status polls over %.1f s = %.1f simulated min: %.2f polls/sim-min), "
              "refresh %zu, destroy %zu (%.1f s)\n",
              create, waits, create_s, sim_minutes, waits / sim_minutes, after_read - after_create,
              after_destroy - after_read, destroy_s);
  EXPECT_LE(create, 10u);
  EXPECT_EQ(after_read - after_create, 4u);  // GET, clustercert, add-ons, security groups
  EXPECT_LE(after_destroy - after_read, 6u);
  EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
  DropNet(net);
}

}  // namespace
