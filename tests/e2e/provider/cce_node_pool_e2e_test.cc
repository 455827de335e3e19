// End-to-end: edp_cce_node_pool through the real terraform-provider-edp
// (plugin client, protocol 6) against a real otc-sim at 200x simulated time
// (a pool's 5 minutes of node creation take 1.5 s): create (waits until
// every node is Active), no-drift plan, in-place scale up/down, rename,
// labels, taints and autoscaling, a replacement, import by
// "<cluster_id>/<pool_id>", out-of-band deletion, destroy (waits until the
// pool and its nodes are gone); the same under injected faults; a failing
// pool shows CCE's reason and stays tracked; a create that times out stays
// tracked; bad configuration rejected before any API request; the requests
// one lifecycle costs.
//
// The VPC and subnet come from edp_vpc / edp_vpc_subnet; the CCE cluster is
// made and removed with raw API calls (the cluster resource is not part of
// this test).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kPool = "edp_cce_node_pool";

struct PoolSpec {
  std::string name = "pool-a";
  std::string flavor = "s3.large.2";
  std::string key_pair = "kp-edp";
  std::string password;
  int64_t count = 2;
  int64_t root_size = 40;
  int64_t data_size = 100;
  std::map<std::string, std::string> k8s_tags;
  std::vector<std::vector<std::string>> taints;  // {key, value, effect}
  std::optional<bool> scale_enable;
  std::optional<int64_t> min_nodes, max_nodes;
  std::string postinstall;
  std::string storage;
  std::string timeout_create;
  std::optional<int64_t> max_pods;
  std::string kms_id;
};

cty::Value StrMap(const std::map<std::string, std::string>& m) {
  std::map<std::string, cty::Value> out;
  for (const auto& [k, v] : m) out.emplace(k, S(v));
  return cty::Value::Map(cty::Type::String(), std::move(out));
}

class NodePoolE2e : public ProviderE2e {
 protected:
  NodePoolE2e() : ProviderE2e(200) {}

  std::string Cce() { return sim_.http() + "/api/v3/projects/" + sim_.cred("project_id"); }

  // VPC + subnet through the provider, then an Available cluster through
  // the raw API.
  void Network(const std::map<std::string, cty::Value>& provider_extra = {}) {
    ASSERT_EQ(Summaries(Configure(provider_extra)), "");
    vpc_ = Converge("edp_vpc", Null("edp_vpc"), Config("edp_vpc", {{"name", S("np-vpc")}, {"cidr", S("10.40.0.0/16")}}));
    ASSERT_FALSE(vpc_.IsNull());
    subnet_ = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                       Config("edp_vpc_subnet", {{"name", S("np-sub")},
                                                 {"cidr", S("10.40.1.0/24")},
                                                 {"gateway_ip", S("10.40.1.1")},
                                                 {"vpc_id", AttrOf(vpc_, "id")}}));
    ASSERT_FALSE(subnet_.IsNull());
    json body = {{"kind", "Cluster"},
                 {"apiversion", "v3"},
                 {"metadata", {{"name", "np-cluster"}}},
                 {"spec",
                  {{"type", "VirtualMachine"},
                   {"flavor", "cce.s1.small"},
                   {"version", "v1.29"},
                   {"hostNetwork", {{"vpc", AttrOf(vpc_, "id").AsString()}, {"subnet", AttrOf(subnet_, "id").AsString()}}},
                   {"containerNetwork", {{"mode", "overlay_l2"}, {"cidr", "172.16.0.0/16"}}}}}};
    auto r = CallAsUser("POST", Cce() + "/clusters", body.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    cluster_id_ = r.Json()["metadata"].value("uid", "");
    ASSERT_FALSE(cluster_id_.empty());
    Advance(600);  // the cluster's ~6 minutes of Creating
    std::string phase;
    for (int i = 0; i < 100 && phase != "Available"; ++i) {
      auto g = CallAsUser("GET", Cce() + "/clusters/" + cluster_id_);
      ASSERT_EQ(g.status, 200) << g.body;
      phase = g.Json()["status"].value("phase", "");
      if (phase != "Available") std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(phase, "Available");
  }

  // Deletes the cluster (raw API), then the subnet and VPC; nothing left.
  void TearDownNetwork() {
    Http("DELETE", sim_.http() + "/_sim/faults");
    if (!cluster_id_.empty()) {
      auto r = CallAsUser("DELETE", Cce() + "/clusters/" + cluster_id_);
      EXPECT_EQ(r.status, 200) << r.body;
      Advance(600);
      int status = 200;
      for (int i = 0; i < 100 && status != 404; ++i) {
        status = CallAsUser("GET", Cce() + "/clusters/" + cluster_id_).status;
        if (status != 404) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      EXPECT_EQ(status, 404);
    }
    if (!subnet_.IsNull()) Destroy("edp_vpc_subnet", subnet_);
    if (!vpc_.IsNull()) Destroy("edp_vpc", vpc_);
    EXPECT_EQ(Inventory("cce_cluster").size(), 0u);
    EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
    EXPECT_EQ(Inventory("cce_node").size(), 0u);
    EXPECT_EQ(Inventory("subnet").size(), 0u);
    EXPECT_EQ(Inventory("vpc").size(), 0u);
  }

  void Advance(int seconds) {
    auto r = Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", seconds}}.dump(),
                  {"Content-Type: application/json"});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  cty::Value PoolConfig(const PoolSpec& p) {
    const framework::Block& b = Block(kPool);
    std::map<std::string, cty::Value> root = {{"size", cty::Value::Int(p.root_size)}, {"volumetype", S("SSD")}};
    if (!p.kms_id.empty()) root["kms_id"] = S(p.kms_id);
    cty::Value rootv = edptest::ConfigOf(*b.blocks.at("root_volume").block, root);
    cty::Value datav = edptest::ConfigOf(*b.blocks.at("data_volumes").block,
                                         {{"size", cty::Value::Int(p.data_size)},
                                          {"volumetype", S("SATA")},
                                          {"extend_params", StrMap({{"useType", "docker"}})}});
    std::map<std::string, cty::Value> top = {{"cluster_id", S(cluster_id_)},
                                             {"name", S(p.name)},
                                             {"flavor", S(p.flavor)},
                                             {"initial_node_count", cty::Value::Int(p.count)},
                                             {"root_volume", cty::Value::List(rootv.type(), {rootv})},
                                             {"data_volumes", cty::Value::List(datav.type(), {datav})}};
    if (!p.key_pair.empty()) top["key_pair"] = S(p.key_pair);
    if (!p.password.empty()) top["password"] = S(p.password);
    if (!p.k8s_tags.empty()) top["k8s_tags"] = StrMap(p.k8s_tags);
    if (!p.taints.empty()) {
      const framework::Block& tb = *b.blocks.at("taints").block;
      std::vector<cty::Value> ts;
      for (const auto& t : p.taints) {
        ts.push_back(edptest::ConfigOf(tb, {{"key", S(t[0])}, {"value", S(t[1])}, {"effect", S(t[2])}}));
      }
      top["taints"] = cty::Value::List(ts[0].type(), ts);
    }
    if (p.scale_enable) top["scale_enable"] = cty::Value::Bool(*p.scale_enable);
    if (p.min_nodes) top["min_node_count"] = cty::Value::Int(*p.min_nodes);
    if (p.max_nodes) top["max_node_count"] = cty::Value::Int(*p.max_nodes);
    if (!p.postinstall.empty()) top["postinstall"] = S(p.postinstall);
    if (!p.storage.empty()) top["storage"] = S(p.storage);
    if (p.max_pods) top["max_pods"] = cty::Value::Int(*p.max_pods);
    if (!p.timeout_create.empty()) {
      top["timeouts"] = edptest::ConfigOf(*b.FindBlock("timeouts")->block, {{"create", S(p.timeout_create)}});
    }
    return Config(kPool, top);
  }

  // The simulator's pool / nodes of pool `id`.
  json FindPool(const std::string& id) {
    for (const auto& o : Inventory("cce_nodepool")) {
      if (o["metadata"].value("uid", "") == id) return o;
    }
    return json();
  }
  std::vector<json> PoolNodes(const std::string& id) {
    std::vector<json> out;
    for (const auto& o : Inventory("cce_node")) {
      if (o["metadata"]["annotations"].value("kubernetes.io/node-pool.id", "") == id) out.push_back(o);
    }
    return out;
  }

  cty::Value vpc_ = cty::Value::Null(cty::Type::Object({}));
  cty::Value subnet_ = cty::Value::Null(cty::Type::Object({}));
  std::string cluster_id_;
};

TEST_F(NodePoolE2e, FullLifecycle) {
  ASSERT_NO_FATAL_FAILURE(Network());
  PoolSpec spec;
  spec.k8s_tags = {{"team", "edp"}};
  spec.taints = {{"dedicated", "edp", "NoSchedule"}};
  spec.postinstall = "#!/bin/sh\necho ready > /tmp/ready\n";
  spec.storage = R"({"storageSelectors": [], "storageGroups": []})";
  cty::Value cfg = PoolConfig(spec);
  auto plan = Plan(kPool, Null(kPool), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  auto t0 = std::chrono::steady_clock::now();
  auto created = Apply(kPool, Null(kPool), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  std::printf("[ timing   ] create wait %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  cty::Value pool = created.new_state;
  ASSERT_TRUE(pool.IsWhollyKnown());
  const std::string id = AttrOf(pool, "id").AsString();
  EXPECT_EQ(AttrOf(pool, "status"), S(""));
  EXPECT_EQ(AttrOf(pool, "node_ids").LengthInt(), 2u);
  EXPECT_EQ(AttrOf(pool, "runtime"), S("containerd"));  // CCE's default for v1.29
  EXPECT_EQ(AttrOf(pool, "os"), S("EulerOS 2.9"));
  EXPECT_EQ(AttrOf(pool, "subnet_id"), AttrOf(subnet_, "id"));
  EXPECT_EQ(AttrOf(pool, "max_pods"), cty::Value::Int(110));
  EXPECT_EQ(AttrOf(pool, "k8s_tags"), StrMap({{"team", "edp"}}));  // without CCE's own labels
  EXPECT_EQ(AttrOf(pool, "postinstall"), S(spec.postinstall));   // as written, not base64
  EXPECT_EQ(AttrOf(pool, "storage"), S(spec.storage));
  EXPECT_EQ(AttrOf(pool, "region"), S("eu-de"));
  json remote = FindPool(id);
  ASSERT_TRUE(remote.is_object());
  EXPECT_EQ(remote["status"].value("phase", "x"), "");
  EXPECT_EQ(remote["spec"]["nodeTemplate"]["extendParam"].value("alpha.cce/postInstall", ""),
            "IyEvYmluL3NoCmVjaG8gcmVhZHkgPiAvdG1wL3JlYWR5Cg==");  // base64 for the API
  auto nodes = PoolNodes(id);
  ASSERT_EQ(nodes.size(), 2u);
  for (const auto& n : nodes) EXPECT_EQ(n["status"].value("phase", ""), "Active");

  // Refresh and re-plan: no drift.
  auto read = Read(kPool, pool);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, pool);
  auto noop = Plan(kPool, pool, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, pool);
  EXPECT_TRUE(noop.requires_replace.empty());

  // In place: scale up, rename, labels, taints, autoscaling.
  spec.name = "pool-b";
  spec.count = 3;
  spec.k8s_tags = {{"team", "edp"}, {"tier", "web"}};
  spec.taints = {{"dedicated", "web", "PreferNoSchedule"}, {"gpu", "", "NoExecute"}};
  spec.scale_enable = true;
  spec.min_nodes = 1;
  spec.max_nodes = 5;
  cty::Value cfg2 = PoolConfig(spec);
  auto plan2 = Plan(kPool, pool, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  EXPECT_FALSE(AttrOf(plan2.planned_state, "node_ids").IsKnown());
  auto updated = Apply(kPool, pool, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  pool = updated.new_state;
  EXPECT_EQ(AttrOf(pool, "id"), S(id));
  EXPECT_EQ(AttrOf(pool, "name"), S("pool-b"));
  EXPECT_EQ(AttrOf(pool, "node_ids").LengthInt(), 3u);
  EXPECT_EQ(AttrOf(pool, "max_node_count"), cty::Value::Int(5));
  EXPECT_EQ(AttrOf(pool, "taints").LengthInt(), 2u);
  remote = FindPool(id);
  EXPECT_EQ(remote["metadata"].value("name", ""), "pool-b");
  EXPECT_EQ(remote["spec"]["autoscaling"].value("enable", false), true);
  EXPECT_EQ(remote["spec"]["nodeTemplate"]["k8sTags"].value("tier", ""), "web");
  EXPECT_EQ(remote["spec"]["nodeTemplate"]["taints"].size(), 2u);
  nodes = PoolNodes(id);
  ASSERT_EQ(nodes.size(), 3u);
  for (const auto& n : nodes) EXPECT_EQ(n["status"].value("phase", ""), "Active");
  EXPECT_EQ(Read(kPool, pool).new_state, pool);
  auto noop2 = Plan(kPool, pool, cfg2);
  ASSERT_EQ(Summaries(noop2.diagnostics), "");
  EXPECT_EQ(noop2.planned_state, pool);

  // Scale down: returns once the removed node is gone.
  spec.count = 1;
  cty::Value cfg3 = PoolConfig(spec);
  pool = Converge(kPool, pool, cfg3);
  ASSERT_FALSE(pool.IsNull());
  EXPECT_EQ(AttrOf(pool, "node_ids").LengthInt(), 1u);
  EXPECT_EQ(PoolNodes(id).size(), 1u);

  // A new flavor cannot be changed in place; destroy + create gives a new pool.
  spec.flavor = "s3.xlarge.2";
  cty::Value cfg4 = PoolConfig(spec);
  auto plan4 = Plan(kPool, pool, cfg4);
  ASSERT_EQ(Summaries(plan4.diagnostics), "");
  ASSERT_EQ(plan4.requires_replace.size(), 1u);
  EXPECT_EQ(plan4.requires_replace[0], cty::Path().GetAttr("flavor"));
  // So does a root volume change (at its path).
  PoolSpec bigger = spec;
  bigger.root_size = 80;
  auto plan5 = Plan(kPool, pool, PoolConfig(bigger));
  ASSERT_EQ(Summaries(plan5.diagnostics), "");
  ASSERT_FALSE(plan5.requires_replace.empty());
  Destroy(kPool, pool);
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  EXPECT_EQ(Inventory("cce_node").size(), 0u);
  // (An import reads storage back in the API's formatting; written that
  // way, the imported state equals the created one.)
  spec.storage = R"({"storageGroups":[],"storageSelectors":[]})";
  cfg4 = PoolConfig(spec);
  cty::Value pool2 = Converge(kPool, Null(kPool), cfg4);
  ASSERT_FALSE(pool2.IsNull());
  const std::string id2 = AttrOf(pool2, "id").AsString();
  EXPECT_NE(id2, id);
  EXPECT_EQ(AttrOf(pool2, "flavor"), S("s3.xlarge.2"));
  EXPECT_EQ(PoolNodes(id2).size(), 1u);

  // Import by "<cluster_id>/<pool_id>" gives the same state.
  EXPECT_EQ(Import(kPool, cluster_id_ + "/" + id2), pool2);

  // Destroy waits until the pool and its nodes are gone.
  Destroy(kPool, pool2);
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  EXPECT_EQ(Inventory("cce_node").size(), 0u);
  auto gone = Read(kPool, pool2);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
  TearDownNetwork();
}

TEST_F(NodePoolE2e, DeletedOutOfBandReadsAsGone) {
  ASSERT_NO_FATAL_FAILURE(Network());
  PoolSpec spec;
  spec.count = 1;
  spec.password = "S3cret-Node-Pw!";
  spec.key_pair.clear();
  cty::Value cfg = PoolConfig(spec);
  cty::Value pool = Converge(kPool, Null(kPool), cfg);
  ASSERT_FALSE(pool.IsNull());
  EXPECT_EQ(AttrOf(pool, "password"), S("S3cret-Node-Pw!"));  // kept from the configuration
  EXPECT_EQ(Read(kPool, pool).new_state, pool);
  const std::string id = AttrOf(pool, "id").AsString();
  auto r = CallAsUser("DELETE", Cce() + "/clusters/" + cluster_id_ + "/nodepools/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  Advance(400);
  auto read = Read(kPool, pool);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
  auto plan = Plan(kPool, Null(kPool), cfg);  // tofu plans a re-create
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  Destroy(kPool, pool);  // already gone: fine
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  // The node password never reaches the provider's log.
  for (const auto& line : plugin_->log->Lines()) EXPECT_EQ(line.find("S3cret-Node-Pw!"), std::string::npos) << line;
  TearDownNetwork();
}

TEST_F(NodePoolE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  ASSERT_NO_FATAL_FAILURE(Network({{"max_retries", cty::Value::Int(8)}}));
  // 503s and 429s on CCE calls, resets on creates (the client must look
  // the pool up by name before replaying) and a new pool answering 404 for
  // a while (eventual consistency).
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "cce:503:0.15;cce:429=1:0.05;cce:reset:0.5:POST;cce:404-after-create=4"},
                     {"seed", 29}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  PoolSpec spec;
  spec.name = "faulty";
  cty::Value pool = Converge(kPool, Null(kPool), PoolConfig(spec));
  ASSERT_FALSE(pool.IsNull());
  const std::string id = AttrOf(pool, "id").AsString();
  EXPECT_EQ(Inventory("cce_nodepool").size(), 1u);
  EXPECT_EQ(PoolNodes(id).size(), 2u);
  spec.count = 3;
  spec.k8s_tags = {{"k", "v"}};
  cty::Value pool2 = Converge(kPool, pool, PoolConfig(spec));
  ASSERT_FALSE(pool2.IsNull());
  EXPECT_EQ(AttrOf(pool2, "id"), S(id));
  EXPECT_EQ(PoolNodes(id).size(), 3u);
  auto again = Read(kPool, pool2);
  ASSERT_EQ(Summaries(again.diagnostics), "");
  EXPECT_EQ(again.new_state, pool2);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;  // the faults really happened
  Destroy(kPool, pool2);
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  EXPECT_EQ(Inventory("cce_node").size(), 0u);
  TearDownNetwork();
}

TEST_F(NodePoolE2e, FailedPoolShowsTheReasonAndStaysTracked) {
  ASSERT_NO_FATAL_FAILURE(Network());
  auto f = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", "cce:fail:1:POST"}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  PoolSpec spec;
  spec.name = "doomed";
  cty::Value cfg = PoolConfig(spec);
  auto plan = Plan(kPool, Null(kPool), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto applied = Apply(kPool, Null(kPool), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "Error: OTC Operation Failed");
  std::string all = applied.diagnostics.ToString();
  EXPECT_NE(all.find("aborted by an injected fault"), std::string::npos) << all;  // CCE's reason
  EXPECT_NE(all.find("doomed"), std::string::npos) << all;
  // The pool is returned (tainted by OpenTofu), not orphaned.
  ASSERT_FALSE(applied.new_state.IsNull());
  const std::string id = AttrOf(applied.new_state, "id").AsString();
  EXPECT_TRUE(FindPool(id).is_object());
  Http("DELETE", sim_.http() + "/_sim/faults");
  Destroy(kPool, applied.new_state);
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  TearDownNetwork();
}

TEST_F(NodePoolE2e, CreateTimeoutLeavesThePoolTracked) {
  ASSERT_NO_FATAL_FAILURE(Network());
  PoolSpec spec;
  spec.name = "slow";
  spec.count = 1;
  spec.timeout_create = "1s";  // the nodes need 1.5 s at 200x
  cty::Value cfg = PoolConfig(spec);
  auto plan = Plan(kPool, Null(kPool), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto t0 = std::chrono::steady_clock::now();
  auto applied = Apply(kPool, Null(kPool), plan.planned_state, cfg, plan.planned_private);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 5.0);
  ASSERT_EQ(Summaries(applied.diagnostics), "Error: Operation Timed Out");
  std::string all = applied.diagnostics.ToString();
  EXPECT_NE(all.find("timed out waiting for CCE node pool \"slow\""), std::string::npos) << all;
  ASSERT_FALSE(applied.new_state.IsNull());
  const std::string id = AttrOf(applied.new_state, "id").AsString();
  EXPECT_TRUE(FindPool(id).is_object());
  Destroy(kPool, applied.new_state);
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  EXPECT_EQ(Inventory("cce_node").size(), 0u);
  TearDownNetwork();
}

TEST_F(NodePoolE2e, StopProviderDuringCreateReturnsPromptlyWithPartialState) {
  ASSERT_NO_FATAL_FAILURE(Network());
  PoolSpec spec;
  spec.name = "stopped";
  cty::Value cfg = PoolConfig(spec);
  auto plan = Plan(kPool, Null(kPool), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  std::chrono::steady_clock::time_point stopped_at;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    stopped_at = std::chrono::steady_clock::now();
    p().StopProvider();
  });
  auto applied = Apply(kPool, Null(kPool), plan.planned_state, cfg, plan.planned_private);
  auto returned_at = std::chrono::steady_clock::now();
  stopper.join();
  double after_stop = std::chrono::duration<double>(returned_at - stopped_at).count();
  RecordProperty("apply_return_after_stop_ms", static_cast<int>(after_stop * 1000));
  EXPECT_LT(after_stop, 1.0);
  ASSERT_EQ(Summaries(applied.diagnostics), "Error: Operation Cancelled");
  ASSERT_FALSE(applied.new_state.IsNull());
  const std::string id = AttrOf(applied.new_state, "id").AsString();
  EXPECT_TRUE(FindPool(id).is_object());
  // The provider keeps serving: the tainted pool is destroyed.
  Destroy(kPool, applied.new_state);
  EXPECT_EQ(Inventory("cce_nodepool").size(), 0u);
  EXPECT_EQ(Inventory("cce_node").size(), 0u);
  TearDownNetwork();
}

// Requests per lifecycle (create with its wait, one refresh, a scale-up
// with its wait, destroy with its wait), bounded so a polling regression
// shows up.
TEST_F(NodePoolE2e, RequestsPerLifecycleStayFew) {
  ASSERT_NO_FATAL_FAILURE(Network());
  size_t start = ApiRequests();
  PoolSpec spec;
  spec.count = 1;
  cty::Value pool = Converge(kPool, Null(kPool), PoolConfig(spec));
  ASSERT_FALSE(pool.IsNull());
  size_t after_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kPool, pool).diagnostics), "");
  size_t after_read = ApiRequests();
  spec.count = 2;
  pool = Converge(kPool, pool, PoolConfig(spec));
  ASSERT_FALSE(pool.IsNull());
  size_t after_scale = ApiRequests();
  Destroy(kPool, pool);
  size_t after_destroy = ApiRequests();
  RecordProperty("cce_node_pool_create_requests", static_cast<int>(after_create - start));
  RecordProperty("cce_node_pool_refresh_requests", static_cast<int>(after_read - after_create));
  RecordProperty("cce_node_pool_scale_requests", static_cast<int>(after_scale - after_read));
  RecordProperty("cce_node_pool_destroy_requests", static_cast<int>(after_destroy - after_scale));
  std::printf("[ requests ] edp_cce_node_pool create=%zu refresh=%zu scale=%zu destroy=%zu total=%zu\n",
              after_create - start, after_read - after_create, after_scale - after_read,
              after_destroy - after_scale, after_destroy - start);
  // Create: POST + a few polls (pool GET, node list once the pool is normal).
  EXPECT_LE(after_create - start, 10u);
  EXPECT_EQ(after_read - after_create, 2u);  // pool + node list
  EXPECT_LE(after_scale - after_read, 10u);
  EXPECT_LE(after_destroy - after_scale, 10u);
  TearDownNetwork();
}

TEST_F(NodePoolE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  cluster_id_ = "c0ffee00-0000-4000-8000-000000000001";
  auto check = [&](const PoolSpec& s, const std::string& want) {
    EXPECT_EQ(Summaries(Validate(kPool, PoolConfig(s)).diagnostics), want);
  };
  PoolSpec ok;
  check(ok, "");
  PoolSpec no_login = ok;
  no_login.key_pair.clear();
  check(no_login, "Error: Missing Node Login [at key_pair]");
  PoolSpec both = ok;
  both.password = "pw-1234567";
  check(both, "Error: Conflicting Node Login [at password]");
  PoolSpec range = ok;
  range.scale_enable = true;
  range.min_nodes = 4;
  range.max_nodes = 2;
  check(range, "Error: Invalid Autoscaling Range [at min_node_count]");
  PoolSpec outside = ok;
  outside.scale_enable = true;
  outside.min_nodes = 3;
  outside.max_nodes = 5;
  check(outside, "Error: Node Count Outside Autoscaling Range [at initial_node_count]");
  PoolSpec effect = ok;
  effect.taints = {{"k", "v", "NoWay"}};
  check(effect, "Error: Invalid Attribute Value Match [at taints[0].effect]");
  PoolSpec taint_key = ok;
  taint_key.taints = {{"bad key", "v", "NoSchedule"}};
  check(taint_key, "Error: Invalid Taint Key [at taints[0].key]");
  PoolSpec label = ok;
  label.k8s_tags = {{"-bad", "v"}};
  check(label, "Error: Invalid Kubernetes Label Key [at k8s_tags[\"-bad\"]]");
  PoolSpec storage = ok;
  storage.storage = "{not json";
  check(storage, "Error: Invalid Storage JSON [at storage]");
  PoolSpec root = ok;
  root.root_size = 20;
  check(root, "Error: Invalid Attribute Value [at root_volume[0].size]");
  PoolSpec data = ok;
  data.data_size = 50;
  check(data, "Error: Invalid Attribute Value [at data_volumes[0].size]");
  PoolSpec name = ok;
  name.name = "Pool_A";
  check(name, "Error: Invalid Attribute Value Match [at name]");
  PoolSpec flavor = ok;
  flavor.flavor = "large";
  check(flavor, "Error: Invalid Attribute Value Match [at flavor]");
  PoolSpec pods = ok;
  pods.max_pods = 1000;
  check(pods, "Error: Invalid Attribute Value [at max_pods]");
  PoolSpec count = ok;
  count.count = -1;
  check(count, "Error: Invalid Attribute Value [at initial_node_count]");
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";

  // Import IDs that are not "<cluster_id>/<pool_id>".
  for (const char* bad : {"pool-only", "/p", "c/", "a/b/c"}) {
    tfplugin::ImportResourceStateRequest ireq;
    ireq.type_name = kPool;
    ireq.id = bad;
    tfplugin::ImportResourceStateResponse iresp;
    p().ImportResourceState(ireq, iresp);
    EXPECT_EQ(Summaries(iresp.diagnostics), "Error: Invalid Import ID") << bad;
  }
  EXPECT_EQ(ApiRequests(), before);
}

}  // namespace
