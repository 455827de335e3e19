// CCE v3 (api.md section 3) against the real otc-sim binary: clusters with
// their lifecycle, jobs, kubeconfig, node pools, nodes and the job chain the
// provider follows, add-ons, validation, referential integrity with VPC
// subnets, the "fail" fault and persistence across a restart.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

std::string B64Decode(const std::string& in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0;
  int bits = -8;
  for (char c : in) {
    auto p = chars.find(c);
    if (p == std::string::npos) break;
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

class Cce : public ::testing::Test {
 protected:
  explicit Cce(std::vector<std::string> args = {"--seed", "11", "--https-listen", "off"}) : sim_(std::move(args)) {}
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    token_ = ProjectToken(sim_);
    ASSERT_FALSE(token_.empty());
    auto v = Raw("POST", "/v1/" + Pid() + "/vpcs", {{"vpc", {{"name", "vpc-1"}, {"cidr", "192.168.0.0/16"}}}});
    ASSERT_EQ(v.status, 200) << v.body;
    vpc_ = v.Json()["vpc"]["id"];
    subnet_ = MakeSubnet(vpc_, "192.168.0.0/24", "192.168.0.1");
  }
  std::string Pid() { return sim_.cred("project_id"); }
  HttpResult Raw(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Http(method, sim_.http() + path, body.is_null() ? "" : body.dump(), {kJson, "X-Auth-Token: " + token_});
  }
  // A call under /api/v3/projects/{pid}.
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Raw(method, "/api/v3/projects/" + Pid() + path, body);
  }
  std::string MakeSubnet(const std::string& vpc, const std::string& cidr, const std::string& gw) {
    auto s = Raw("POST", "/v1/" + Pid() + "/subnets",
                 {{"subnet", {{"name", "sn-" + cidr.substr(0, cidr.find('/'))}, {"cidr", cidr}, {"gateway_ip", gw}, {"vpc_id", vpc}}}});
    EXPECT_EQ(s.status, 200) << s.body;
    return s.Json()["subnet"].value("id", "");
  }
  void Advance(double s) {
    ASSERT_EQ(Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", s}}.dump(), {kJson}).status, 200);
  }
  void Faults(const std::string& spec) {
    auto r = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", spec}}.dump(), {kJson});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // The SDK's create request (fixture clusters/testing/requests_test.go) on our VPC.
  json ClusterBody(const std::string& name, const std::string& version = "v1.29") {
    return {{"kind", "Cluster"},
            {"apiversion", "v3"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"category", "cce"},
              {"type", "VirtualMachine"},
              {"flavor", "cce.s1.small"},
              {"version", version},
              {"hostNetwork", {{"vpc", vpc_}, {"subnet", subnet_}}},
              {"containerNetwork", {{"mode", "overlay_l2"}}},
              {"authentication", {{"mode", "rbac"}, {"authenticatingProxy", json::object()}}}}}};
  }
  // Creates a cluster and lets it become Available.
  std::string AvailableCluster(const std::string& name) {
    auto c = Call("POST", "/clusters", ClusterBody(name));
    EXPECT_EQ(c.status, 201) << c.body;
    Advance(6 * 60 + 1);
    std::string id = c.Json()["metadata"].value("uid", "");
    EXPECT_EQ(Call("GET", "/clusters/" + id).Json()["status"]["phase"], "Available");
    return id;
  }
  static json PoolBody(const std::string& name, int count) {
    return {{"kind", "NodePool"},
            {"apiversion", "v3"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"type", "vm"},
              {"initialNodeCount", count},
              {"autoscaling", {{"enable", false}}},
              {"nodeTemplate",
               {{"flavor", "s3.large.2"},
                {"az", "eu-de-01"},
                {"os", "EulerOS 2.9"},
                {"count", 1},
                {"login", {{"sshKey", "kp"}}},
                {"rootVolume", {{"size", 40}, {"volumetype", "SSD"}}},
                {"dataVolumes", json::array({{{"size", 100}, {"volumetype", "SSD"}}})},
                {"k8sTags", {{"team", "a"}}}}}}}};
  }
  static void ExpectCceError(const HttpResult& r, long status, const std::string& code, const std::string& needle) {
    EXPECT_EQ(r.status, status) << r.body;
    json j = r.Json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["kind"], "Status");
    EXPECT_EQ(j["status"], "Failure");
    EXPECT_EQ(j["code"], status);
    EXPECT_EQ(j["errorCode"], code) << r.body;
    EXPECT_TRUE(j["error_code"].is_string());
    EXPECT_TRUE(j["error_msg"].is_string());
    EXPECT_NE(j.value("message", "").find(needle), std::string::npos) << j.value("message", "");
  }
  json Resources() { return Http("GET", sim_.http() + "/_sim/resources").Json()["resources"]; }

  SimProcess sim_;
  std::string token_;
  std::string vpc_;
  std::string subnet_;
};

TEST_F(Cce, ClusterLifecycleKubeconfigAndDelete) {
  auto c = Call("POST", "/clusters", ClusterBody("cluster-one"));
  ASSERT_EQ(c.status, 201) << c.body;
  json cl = c.Json();
  std::string id = cl["metadata"]["uid"];
  EXPECT_EQ(cl["kind"], "Cluster");
  EXPECT_EQ(cl["apiVersion"], "v3");
  EXPECT_EQ(cl["metadata"]["name"], "cluster-one");
  std::string ts = cl["metadata"]["creationTimestamp"];
  EXPECT_NE(ts.find(" +0000 UTC"), std::string::npos) << ts;  // "2020-04-22 07:23:50.157883 +0000 UTC"
  EXPECT_EQ(ts[10], ' ');
  EXPECT_EQ(cl["spec"]["category"], "CCE");
  EXPECT_EQ(cl["spec"]["version"], "v1.29.2-r0");
  EXPECT_EQ(cl["spec"]["flavor"], "cce.s1.small");
  EXPECT_EQ(cl["spec"]["hostNetwork"]["vpc"], vpc_);
  EXPECT_EQ(cl["spec"]["hostNetwork"]["subnet"], subnet_);
  EXPECT_EQ(cl["spec"]["containerNetwork"]["cidr"], "172.16.0.0/16");
  EXPECT_EQ(cl["spec"]["kubernetesSvcIpRange"], "10.247.0.0/16");
  EXPECT_EQ(cl["spec"]["kubeProxyMode"], "iptables");
  EXPECT_EQ(cl["status"]["phase"], "Creating");
  ASSERT_TRUE(cl["status"]["endpoints"].is_object());  // the object form, always (api.md 3.1)
  std::string internal = cl["status"]["endpoints"]["internal"];
  EXPECT_EQ(internal.rfind("https://192.168.0.", 0), 0u) << internal;
  EXPECT_EQ(internal.substr(internal.size() - 5), ":5443");
  EXPECT_EQ(cl["status"]["endpoints"]["external_otc"], "https://" + id + ".cce.eu-de.otc.t-systems.com");
  EXPECT_FALSE(cl["status"].contains("conditions"));
  std::string job = cl["status"]["jobID"];

  auto j = Call("GET", "/jobs/" + job);
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.Json()["kind"], "Job");
  EXPECT_EQ(j.Json()["metadata"]["uid"], job);
  EXPECT_EQ(j.Json()["spec"]["type"], "CreateCluster");
  EXPECT_EQ(j.Json()["spec"]["clusterUID"], id);
  EXPECT_EQ(j.Json()["status"]["phase"], "Initializing");
  Advance(2);
  EXPECT_EQ(Call("GET", "/jobs/" + job).Json()["status"]["phase"], "Running");
  // Node pools and kubeconfig need an Available cluster.
  ExpectCceError(Call("POST", "/clusters/" + id + "/nodepools", PoolBody("pool-a", 1)), 403, "CCE.01403001",
                 "Creating");
  ExpectCceError(Call("GET", "/clusters/" + id + "/clustercert"), 400, "CCE.01400001", "Creating");
  // Same name twice is a conflict.
  ExpectCceError(Call("POST", "/clusters", ClusterBody("cluster-one")), 409, "CCE.01409001", "already exists");

  Advance(6 * 60);
  auto g = Call("GET", "/clusters/" + id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["status"]["phase"], "Available");
  EXPECT_EQ(g.Json()["status"]["endpoints"]["internal"], internal);
  EXPECT_EQ(Call("GET", "/jobs/" + job).Json()["status"]["phase"], "Success");
  auto list = Call("GET", "/clusters");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["kind"], "List");
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["metadata"]["uid"], id);

  // The security groups CCE made, as the provider finds them (description).
  auto sgs = Raw("GET", "/v2.0/security-groups");
  ASSERT_EQ(sgs.status, 200) << sgs.body;
  int master = 0;
  int node = 0;
  json sg_list = sgs.Json()["security_groups"];
  for (const auto& sg : sg_list) {
    std::string d = sg["description"];
    if (d.find(id) == std::string::npos) continue;
    master += d.find("master port") != std::string::npos ? 1 : 0;
    node += d.find("for the node") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(master, 1) << sgs.body;
  EXPECT_EQ(node, 1) << sgs.body;
  std::string node_sg = g.Json()["spec"]["hostNetwork"]["SecurityGroup"];
  auto sg_del = Raw("DELETE", "/v2.0/security-groups/" + node_sg);
  EXPECT_EQ(sg_del.status, 409) << sg_del.body;  // in use by the cluster
  EXPECT_EQ(sg_del.Json()["NeutronError"]["type"], "SecurityGroupInUse");

  // Add-ons appear once the cluster is Available.
  auto addons = Raw("GET", "/api/v3/addons?cluster_id=" + id);
  ASSERT_EQ(addons.status, 200) << addons.body;
  ASSERT_EQ(addons.Json()["items"].size(), 2u);
  EXPECT_EQ(addons.Json()["items"][0]["metadata"]["name"], "coredns");
  EXPECT_EQ(addons.Json()["items"][1]["spec"]["addonTemplateName"], "everest");
  EXPECT_EQ(addons.Json()["items"][0]["spec"]["clusterID"], id);

  // Update: description only.
  auto u = Call("PUT", "/clusters/" + id, {{"spec", {{"description", "new description"}}}});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Json()["spec"]["description"], "new description");
  EXPECT_EQ(Call("GET", "/clusters/" + id).Json()["spec"]["description"], "new description");

  // Kubeconfig (POST with duration, and the GET the cluster Read uses).
  auto k = Call("POST", "/clusters/" + id + "/clustercert", {{"duration", 30}});
  ASSERT_EQ(k.status, 200) << k.body;
  json kc = k.Json();
  EXPECT_EQ(kc["kind"], "Config");
  EXPECT_EQ(kc["apiVersion"], "v1");
  EXPECT_EQ(kc["current-context"], "internal");
  ASSERT_EQ(kc["clusters"].size(), 1u);
  EXPECT_EQ(kc["clusters"][0]["name"], "internalCluster");
  EXPECT_EQ(kc["clusters"][0]["cluster"]["server"], internal);
  std::string ca = B64Decode(kc["clusters"][0]["cluster"]["certificate-authority-data"]);
  EXPECT_EQ(ca.rfind("-----BEGIN CERTIFICATE-----", 0), 0u) << ca;
  EXPECT_EQ(kc["users"][0]["name"], "user");
  EXPECT_EQ(B64Decode(kc["users"][0]["user"]["client-certificate-data"]).rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(B64Decode(kc["users"][0]["user"]["client-key-data"]).rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(kc["contexts"][0]["context"]["cluster"], "internalCluster");
  auto k2 = Call("GET", "/clusters/" + id + "/clustercert");
  ASSERT_EQ(k2.status, 200);
  EXPECT_EQ(k2.Json()["clusters"][0]["cluster"]["certificate-authority-data"],
            kc["clusters"][0]["cluster"]["certificate-authority-data"]);  // one CA per cluster
  ExpectCceError(Call("POST", "/clusters/" + id + "/clustercert", {{"duration", 0}}), 400, "CCE.01400001", "duration");
  ExpectCceError(Call("POST", "/clusters/" + id + "/clustercert", {{"duration", 4000}}), 400, "CCE.01400001",
                 "duration");

  // The subnet is in use while the cluster exists.
  auto sd = Raw("DELETE", "/v1/" + Pid() + "/vpcs/" + vpc_ + "/subnets/" + subnet_);
  EXPECT_EQ(sd.status, 409);
  EXPECT_EQ(sd.Json()["code"], "VPC.0209");

  ExpectCceError(Call("DELETE", "/clusters/" + id + "?delete_evs=maybe"), 400, "CCE.01400001", "delete_evs");
  auto del = Call("DELETE", "/clusters/" + id + "?delete_efs=true&delete_evs=try&delete_net=false");
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(del.Json()["status"]["phase"], "Deleting");
  EXPECT_EQ(Call("GET", "/clusters/" + id).Json()["status"]["phase"], "Deleting");
  Advance(2 * 60 + 1);
  auto gone = Call("GET", "/clusters/" + id);
  ExpectCceError(gone, 404, "CCE.01404001", id);
  EXPECT_EQ(gone.Json()["error_code"], "CCE_CM.0003");
  EXPECT_EQ(Call("GET", "/jobs/" + job).status, 404);
  json res = Resources();
  for (const char* kind : {"cce_cluster", "cce_job", "cce_addon", "cce_node", "cce_nodepool"}) {
    EXPECT_TRUE(!res.contains(kind) || res[kind].empty()) << kind << ": " << res[kind];
  }
  json left_sgs = res.value("security_group", json::array());
  for (const auto& sg : left_sgs) {
    EXPECT_EQ(sg.value("description", "").find(id), std::string::npos) << sg;
  }
  EXPECT_EQ(Raw("DELETE", "/v1/" + Pid() + "/vpcs/" + vpc_ + "/subnets/" + subnet_).status, 204);
}

TEST_F(Cce, ClusterValidation) {
  auto bad_json = Http("POST", sim_.http() + "/api/v3/projects/" + Pid() + "/clusters", "{nope",
                       {kJson, "X-Auth-Token: " + token_});
  ExpectCceError(bad_json, 400, "CCE.01400001", "not valid JSON");
  auto with = [&](const std::function<void(json&)>& f) {
    json b = ClusterBody("cluster-v");
    f(b);
    return Call("POST", "/clusters", b);
  };
  ExpectCceError(with([](json& b) { b["metadata"]["name"] = "Bad_Name"; }), 400, "CCE.01400001", "metadata.name");
  ExpectCceError(with([](json& b) { b["metadata"]["name"] = "abc"; }), 400, "CCE.01400001", "4-128");
  ExpectCceError(with([](json& b) { b["metadata"].erase("name"); }), 400, "CCE.01400001", "metadata.name is required");
  ExpectCceError(with([](json& b) { b["spec"]["flavor"] = "cce.s9.huge"; }), 400, "CCE.01400001",
                 "spec.flavor 'cce.s9.huge' is invalid");
  ExpectCceError(with([](json& b) { b["spec"]["flavor"] = 7; }), 400, "CCE.01400001", "spec.flavor must be a string");
  ExpectCceError(with([](json& b) { b["spec"]["version"] = "v1.7.3-r10"; }), 400, "CCE.01400001", "not supported");
  ExpectCceError(with([](json& b) { b["spec"]["version"] = "1.29"; }), 400, "CCE.01400001", "vX.Y");
  ExpectCceError(with([](json& b) { b["spec"]["type"] = "Container"; }), 400, "CCE.01400001", "spec.type");
  ExpectCceError(with([](json& b) { b["spec"]["containerNetwork"]["mode"] = "flannel"; }), 400, "CCE.01400001",
                 "spec.containerNetwork.mode");
  ExpectCceError(with([](json& b) { b["spec"]["containerNetwork"]["mode"] = "eni"; }), 400, "CCE.01400001", "Turbo");
  ExpectCceError(with([](json& b) { b["spec"]["hostNetwork"].erase("vpc"); }), 400, "CCE.01400001",
                 "spec.hostNetwork.vpc is required");
  ExpectCceError(with([](json& b) { b["spec"]["hostNetwork"]["vpc"] = "00000000-0000-4000-8000-000000000000"; }), 400,
                 "CCE.01400001", "does not exist");
  ExpectCceError(with([](json& b) { b["spec"]["hostNetwork"]["subnet"] = "00000000-0000-4000-8000-000000000000"; }),
                 400, "CCE.01400002", "does not exist");
  // A subnet of another VPC.
  auto v2 = Raw("POST", "/v1/" + Pid() + "/vpcs", {{"vpc", {{"name", "vpc-2"}, {"cidr", "10.0.0.0/16"}}}});
  ASSERT_EQ(v2.status, 200);
  std::string other = MakeSubnet(v2.Json()["vpc"]["id"], "10.0.1.0/24", "10.0.1.1");
  ExpectCceError(with([&](json& b) { b["spec"]["hostNetwork"]["subnet"] = other; }), 400, "CCE.01400002",
                 "does not belong to VPC");
  ExpectCceError(with([](json& b) { b["spec"]["containerNetwork"]["cidr"] = "192.168.0.0/16"; }), 400, "CCE.01400005",
                 "conflicts with the VPC CIDR");
  ExpectCceError(with([](json& b) { b["spec"]["containerNetwork"]["cidr"] = "8.8.0.0/16"; }), 400, "CCE.01400001",
                 "private CIDR");
  ExpectCceError(with([](json& b) { b["spec"]["kubeProxyMode"] = "nftables"; }), 400, "CCE.01400001", "kubeProxyMode");
  ExpectCceError(with([](json& b) { b["spec"]["authentication"]["mode"] = "authenticating_proxy"; }), 400,
                 "CCE.01400001", "authenticatingProxy.ca is required");
  ExpectCceError(with([](json& b) { b["spec"]["extendParam"] = {{"clusterAZ", "multi_az"}}; }), 400, "CCE.01400001",
                 "HA flavor");
  ExpectCceError(with([](json& b) { b["spec"]["extendParam"] = {{"clusterExternalIP", 5}}; }), 400, "CCE.01400001",
                 "must be a string");
  ExpectCceError(with([](json& b) { b["kind"] = "NodePool"; }), 400, "CCE.01400001", "kind must be Cluster");
  ExpectCceError(with([](json& b) { b["spec"] = "x"; }), 400, "CCE.01400001", "spec must be an object");
  ExpectCceError(with([](json& b) { b["metadata"] = json::array({1, 2}); }), 400, "CCE.01400001",
                 "metadata must be an object");
  ExpectCceError(with([](json& b) { b["spec"]["hostNetwork"]["subnet"] = json::array(); }), 400, "CCE.01400001",
                 "spec.hostNetwork.subnet must be a string");
  ExpectCceError(with([](json& b) { b["spec"]["billingMode"] = "zero"; }), 400, "CCE.01400001",
                 "spec.billingMode must be an integer");
  // Nothing was created by the failures above.
  EXPECT_EQ(Call("GET", "/clusters").Json()["items"].size(), 0u);
  // Unknown ids, auth.
  ExpectCceError(Call("GET", "/clusters/00000000-0000-4000-8000-000000000000"), 404, "CCE.01404001", "not found");
  ExpectCceError(Call("GET", "/jobs/00000000-0000-4000-8000-000000000000"), 404, "CCE.01404001", "not found");
  EXPECT_EQ(Http("GET", sim_.http() + "/api/v3/projects/" + Pid() + "/clusters").status, 401);
  // A full version is kept as given; the Turbo request of the SDK fixture works on a matching subnet.
  auto full = with([](json& b) { b["spec"]["version"] = "v1.28.3-r1"; });
  ASSERT_EQ(full.status, 201) << full.body;
  EXPECT_EQ(full.Json()["spec"]["version"], "v1.28.3-r1");
  auto sn = Raw("GET", "/v1/" + Pid() + "/subnets/" + subnet_).Json()["subnet"];
  json turbo = ClusterBody("turbo-one");
  turbo["spec"]["category"] = "turbo";
  turbo["spec"]["flavor"] = "cce.s2.small";
  turbo["spec"]["containerNetwork"] = {{"mode", "eni"}};
  turbo["spec"]["eniNetwork"] = {{"eniSubnetId", sn["neutron_subnet_id"]}, {"eniSubnetCIDR", "192.168.0.0/24"}};
  auto t = Call("POST", "/clusters", turbo);
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.Json()["spec"]["category"], "Turbo");
  EXPECT_EQ(t.Json()["spec"]["eniNetwork"]["eniSubnetCIDR"], "192.168.0.0/24");
}

TEST_F(Cce, NodePoolScaleAndDelete) {
  std::string cid = AvailableCluster("pool-cluster");
  std::string np = "/clusters/" + cid + "/nodepools";
  json bad = PoolBody("pool-a", 2);
  bad["spec"].erase("type");
  ExpectCceError(Call("POST", np, bad), 400, "CCE.01400001", "invalid nodepool type: , should be vm");
  json bad_vol = PoolBody("pool-a", 2);
  bad_vol["spec"]["nodeTemplate"]["rootVolume"]["size"] = 20;
  ExpectCceError(Call("POST", np, bad_vol), 400, "CCE.01400001", "spec.nodeTemplate.rootVolume.size");
  json bad_login = PoolBody("pool-a", 2);
  bad_login["spec"]["nodeTemplate"]["login"] = json::object();
  ExpectCceError(Call("POST", np, bad_login), 400, "CCE.01400001", "sshKey or userPassword");
  json bad_az = PoolBody("pool-a", 2);
  bad_az["spec"]["nodeTemplate"]["az"] = "eu-nl-01";
  ExpectCceError(Call("POST", np, bad_az), 400, "CCE.01400001", "spec.nodeTemplate.az");
  ExpectCceError(Call("POST", "/clusters/00000000-0000-4000-8000-000000000000/nodepools", PoolBody("pool-a", 1)), 404,
                 "CCE.01404001", "cluster");

  auto c = Call("POST", np, PoolBody("pool-a", 2));
  ASSERT_EQ(c.status, 201) << c.body;
  json pool = c.Json();
  std::string id = pool["metadata"]["uid"];
  EXPECT_EQ(pool["kind"], "NodePool");
  EXPECT_EQ(pool["apiVersion"], "v3");
  EXPECT_EQ(pool["spec"]["type"], "vm");
  EXPECT_EQ(pool["spec"]["initialNodeCount"], 2);
  EXPECT_EQ(pool["spec"]["nodeTemplate"]["flavor"], "s3.large.2");
  EXPECT_EQ(pool["spec"]["nodeTemplate"]["k8sTags"]["team"], "a");
  EXPECT_EQ(pool["spec"]["nodeTemplate"]["runtime"]["name"], "containerd");
  EXPECT_EQ(pool["spec"]["nodeTemplate"]["nodeNicSpec"]["primaryNic"]["subnetId"], subnet_);
  EXPECT_EQ(pool["status"]["phase"], "Synchronizing");
  EXPECT_EQ(pool["status"]["currentNode"], 2);
  ExpectCceError(Call("POST", np, PoolBody("pool-a", 1)), 409, "CCE.01409001", "already exists");

  auto nodes = Call("GET", "/clusters/" + cid + "/nodes");
  ASSERT_EQ(nodes.status, 200);
  ASSERT_EQ(nodes.Json()["items"].size(), 2u);
  json node_list = nodes.Json()["items"];
  for (const auto& n : node_list) {
    EXPECT_EQ(n["metadata"]["annotations"]["kubernetes.io/node-pool.id"], id);
    EXPECT_EQ(n["status"]["phase"], "Build");
    EXPECT_EQ(n["status"]["privateIP"].get<std::string>().rfind("192.168.0.", 0), 0u);
  }
  EXPECT_NE(nodes.Json()["items"][0]["status"]["privateIP"], nodes.Json()["items"][1]["status"]["privateIP"]);

  Advance(5 * 60 + 1);
  auto g = Call("GET", np + "/" + id);
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.Json()["status"]["phase"], "");  // "" = ready (api.md 3.3)
  EXPECT_EQ(g.Json()["status"]["currentNode"], 2);
  json active = Call("GET", "/clusters/" + cid + "/nodes").Json()["items"];
  for (const auto& n : active) EXPECT_EQ(n["status"]["phase"], "Active");
  auto l = Call("GET", np);
  EXPECT_EQ(l.Json()["kind"], "List");
  EXPECT_EQ(l.Json()["items"].size(), 1u);

  // Scale up (type is required on update too, issue #1067).
  json up = {{"kind", "NodePool"}, {"apiversion", "v3"}, {"metadata", {{"name", "pool-a"}}},
             {"spec", {{"initialNodeCount", 3}, {"autoscaling", {{"enable", false}}}}}};
  ExpectCceError(Call("PUT", np + "/" + id, up), 400, "CCE.01400001", "invalid nodepool type");
  up["spec"]["type"] = "vm";
  auto u = Call("PUT", np + "/" + id, up);
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Json()["spec"]["initialNodeCount"], 3);
  EXPECT_EQ(u.Json()["status"]["phase"], "Synchronizing");
  EXPECT_EQ(Call("GET", "/clusters/" + cid + "/nodes").Json()["items"].size(), 3u);
  Advance(5 * 60 + 1);
  EXPECT_EQ(Call("GET", np + "/" + id).Json()["status"]["phase"], "");
  EXPECT_EQ(Call("GET", np + "/" + id).Json()["status"]["currentNode"], 3);
  // Scale down to one: two nodes go Deleting, then vanish.
  up["spec"]["initialNodeCount"] = 1;
  auto d = Call("PUT", np + "/" + id, up);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.Json()["status"]["phase"], "Synchronizing");
  int deleting = 0;
  json after_down = Call("GET", "/clusters/" + cid + "/nodes").Json()["items"];
  for (const auto& n : after_down) {
    deleting += n["status"]["phase"] == "Deleting" ? 1 : 0;
  }
  EXPECT_EQ(deleting, 2);
  Advance(2 * 60 + 1);
  EXPECT_EQ(Call("GET", "/clusters/" + cid + "/nodes").Json()["items"].size(), 1u);
  EXPECT_EQ(Call("GET", np + "/" + id).Json()["status"]["phase"], "");
  EXPECT_EQ(Call("GET", np + "/" + id).Json()["status"]["currentNode"], 1);

  auto del = Call("DELETE", np + "/" + id);
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(del.Json()["status"]["phase"], "Deleting");  // at once (api.md 3.3)
  EXPECT_EQ(Call("GET", np + "/" + id).Json()["status"]["phase"], "Deleting");
  Advance(3 * 60 + 1);
  ExpectCceError(Call("GET", np + "/" + id), 404, "CCE.01404001", id);
  EXPECT_EQ(Call("GET", "/clusters/" + cid + "/nodes").Json()["items"].size(), 0u);
  EXPECT_TRUE(Resources().value("cce_node", json::object()).empty());
}

TEST_F(Cce, NodeJobChainAndEcsTags) {
  std::string cid = AvailableCluster("node-cluster");
  std::string base = "/clusters/" + cid + "/nodes";
  json body = {{"kind", "Node"},
               {"apiVersion", "v3"},
               {"metadata", {{"name", "worker-1"}}},
               {"spec",
                {{"flavor", "s3.large.2"},
                 {"az", "eu-de-02"},
                 {"login", {{"sshKey", "kp"}}},
                 {"rootVolume", {{"size", 40}, {"volumetype", "SATA"}}},
                 {"dataVolumes", json::array({{{"size", 100}, {"volumetype", "SATA"}}})},
                 {"count", 1},
                 {"nodeNicSpec", {{"primaryNic", {{"subnetId", subnet_}, {"fixedIps", {"192.168.0.50"}}}}}}}}};
  json bad = body;
  bad["spec"]["nodeNicSpec"]["primaryNic"]["fixedIps"] = {"10.9.9.9"};
  ExpectCceError(Call("POST", base, bad), 400, "CCE.01400001", "invalid primary fixedIp");
  auto c = Call("POST", base, body);
  ASSERT_EQ(c.status, 201) << c.body;
  std::string job = c.Json()["status"]["jobID"];
  ASSERT_FALSE(job.empty());
  ExpectCceError(Call("POST", base, body), 400, "CCE.01400001", "already in use");  // same fixed IP

  // The provider's chain (api.md 3.4): job -> subJobs[0] (CreateNode, Running) -> CreateNodeVM.resourceID.
  Advance(2);
  auto j = Call("GET", "/jobs/" + job);
  ASSERT_EQ(j.status, 200) << j.body;
  ASSERT_EQ(j.Json()["spec"]["subJobs"].size(), 1u);
  EXPECT_EQ(j.Json()["spec"]["subJobs"][0]["spec"]["type"], "CreateNode");
  std::string sub = j.Json()["spec"]["subJobs"][0]["metadata"]["uid"];
  auto s = Call("GET", "/jobs/" + sub);
  ASSERT_EQ(s.status, 200);
  EXPECT_EQ(s.Json()["status"]["phase"], "Running");
  std::string node_id;
  json subs = s.Json()["spec"]["subJobs"];
  for (const auto& sj : subs) {
    if (sj["spec"]["type"] == "CreateNodeVM") node_id = sj["spec"]["resourceID"];
  }
  ASSERT_FALSE(node_id.empty()) << s.body;
  EXPECT_EQ(node_id, c.Json()["metadata"]["uid"]);
  auto n = Call("GET", base + "/" + node_id);
  ASSERT_EQ(n.status, 200);
  EXPECT_EQ(n.Json()["kind"], "Node");
  EXPECT_EQ(n.Json()["status"]["phase"], "Build");
  EXPECT_EQ(n.Json()["status"]["privateIP"], "192.168.0.50");
  EXPECT_EQ(n.Json()["spec"]["login"]["sshKey"], "kp");
  std::string server = n.Json()["status"]["serverId"];
  Advance(3 * 60);
  EXPECT_EQ(Call("GET", base + "/" + node_id).Json()["status"]["phase"], "Installing");
  Advance(2 * 60);
  EXPECT_EQ(Call("GET", base + "/" + node_id).Json()["status"]["phase"], "Active");
  EXPECT_EQ(Call("GET", "/jobs/" + sub).Json()["status"]["phase"], "Success");

  auto tags = Raw("GET", "/v1/" + Pid() + "/cloudservers/" + server + "/tags");
  ASSERT_EQ(tags.status, 200) << tags.body;
  EXPECT_EQ(tags.Json()["tags"][0]["key"], "CCE-Cluster-ID");
  EXPECT_EQ(tags.Json()["tags"][0]["value"], cid);

  auto u = Call("PUT", base + "/" + node_id, {{"metadata", {{"name", "worker-renamed"}}}});
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.Json()["metadata"]["name"], "worker-renamed");
  ExpectCceError(Call("PUT", base + "/" + node_id, {{"metadata", {{"name", "UPPER"}}}}), 400, "CCE.01400001",
                 "metadata.name");

  auto del = Call("DELETE", base + "/" + node_id);
  ASSERT_EQ(del.status, 200);
  EXPECT_EQ(del.Json()["status"]["phase"], "Deleting");
  Advance(2 * 60 + 1);
  ExpectCceError(Call("GET", base + "/" + node_id), 404, "CCE.01404001", node_id);
  EXPECT_EQ(Raw("GET", "/v1/" + Pid() + "/cloudservers/" + server + "/tags").status, 404);
}

TEST_F(Cce, FailFaultEndsInErrorWithReason) {
  Faults("cce:fail:1:POST");
  auto c = Call("POST", "/clusters", ClusterBody("doomed"));
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = c.Json()["metadata"]["uid"];
  std::string job = c.Json()["status"]["jobID"];
  EXPECT_EQ(c.Json()["status"]["phase"], "Creating");
  Advance(3 * 60 + 1);
  auto g = Call("GET", "/clusters/" + id);
  EXPECT_EQ(g.Json()["status"]["phase"], "Error");
  EXPECT_NE(g.Json()["status"]["reason"].get<std::string>().find("injected fault"), std::string::npos);
  auto j = Call("GET", "/jobs/" + job);
  EXPECT_EQ(j.Json()["status"]["phase"], "Failed");
  EXPECT_FALSE(j.Json()["status"]["reason"].get<std::string>().empty());
  // No add-ons for a failed cluster; it can still be deleted.
  EXPECT_EQ(Raw("GET", "/api/v3/addons?cluster_id=" + id).Json()["items"].size(), 0u);
  ASSERT_EQ(Call("DELETE", "/clusters/" + id).status, 200);

  // A node pool on a healthy cluster fails the same way.
  Http("DELETE", sim_.http() + "/_sim/faults");
  std::string cid = AvailableCluster("healthy");
  Faults("cce:fail:1:POST");
  auto p = Call("POST", "/clusters/" + cid + "/nodepools", PoolBody("pool-f", 1));
  ASSERT_EQ(p.status, 201) << p.body;
  std::string pool_job = p.Json()["status"]["jobId"];
  Advance(2 * 60 + 1);
  auto pg = Call("GET", "/clusters/" + cid + "/nodepools/" + p.Json()["metadata"]["uid"].get<std::string>());
  EXPECT_EQ(pg.Json()["status"]["phase"], "Error");
  EXPECT_NE(pg.Json()["status"]["message"].get<std::string>().find("injected fault"), std::string::npos);
  EXPECT_EQ(Call("GET", "/jobs/" + pool_job).Json()["status"]["phase"], "Failed");
}

TEST_F(Cce, MasterEipAndAddons) {
  std::string cid = AvailableCluster("eip-cluster");
  auto e = Raw("POST", "/v1/" + Pid() + "/publicips",
               {{"publicip", {{"type", "5_bgp"}}},
                {"bandwidth", {{"name", "bw"}, {"size", 10}, {"share_type", "PER"}, {"charge_mode", "traffic"}}}});
  ASSERT_EQ(e.status, 200) << e.body;
  std::string eip = e.Json()["publicip"]["id"];
  std::string addr = e.Json()["publicip"]["public_ip_address"];
  std::string path = "/clusters/" + cid + "/mastereip";
  ExpectCceError(Call("PUT", path, {{"spec", {{"action", "bind"}, {"spec", {{"id", "nope"}}}}}}), 400, "CCE.01400001",
                 "does not exist");
  ExpectCceError(Call("PUT", path, {{"spec", {{"action", "attach"}}}}), 400, "CCE.01400001", "spec.action");
  auto b = Call("PUT", path, {{"spec", {{"action", "bind"}, {"spec", {{"id", eip}}}, {"elasticIp", addr}}}});
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(Call("GET", "/clusters/" + cid).Json()["status"]["endpoints"]["external"], "https://" + addr + ":5443");
  json kc = Call("GET", "/clusters/" + cid + "/clustercert").Json();
  ASSERT_EQ(kc["clusters"].size(), 2u);
  EXPECT_EQ(kc["clusters"][1]["name"], "externalCluster");
  EXPECT_EQ(kc["clusters"][1]["cluster"]["server"], "https://" + addr + ":5443");
  EXPECT_EQ(kc["contexts"][1]["name"], "external");
  ASSERT_EQ(Call("PUT", path, {{"spec", {{"action", "unbind"}, {"spec", {{"id", ""}}}, {"elasticIp", ""}}}}).status, 200);
  EXPECT_EQ(Call("GET", "/clusters/" + cid).Json()["status"]["endpoints"]["external"], "");

  // Add-ons: list, get, delete, install.
  ExpectCceError(Raw("GET", "/api/v3/addons"), 400, "CCE.01400001", "cluster_id");
  json items = Raw("GET", "/api/v3/addons?cluster_id=" + cid).Json()["items"];
  ASSERT_EQ(items.size(), 2u);
  std::string coredns = items[0]["metadata"]["uid"];
  Advance(2 * 60 + 1);
  auto one = Raw("GET", "/api/v3/addons/" + coredns + "?cluster_id=" + cid);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Json()["status"]["status"], "running");
  auto del = Raw("DELETE", "/api/v3/addons/" + coredns + "?cluster_id=" + cid);
  ASSERT_EQ(del.status, 200);
  EXPECT_EQ(del.Json()["status"]["status"], "deleting");
  Advance(31);
  ExpectCceError(Raw("GET", "/api/v3/addons/" + coredns + "?cluster_id=" + cid), 404, "CCE.01404001", coredns);
  json add = {{"kind", "Addon"},
              {"apiVersion", "v3"},
              {"spec", {{"clusterID", cid}, {"version", "1.28.4"}, {"addonTemplateName", "coredns"}, {"values", {{"basic", json::object()}}}}}};
  auto ins = Raw("POST", "/api/v3/addons", add);
  ASSERT_EQ(ins.status, 201) << ins.body;
  EXPECT_EQ(ins.Json()["status"]["status"], "installing");
  ExpectCceError(Raw("POST", "/api/v3/addons", add), 409, "CCE.03409001", "already installed");
  EXPECT_EQ(Raw("GET", "/api/v3/addons?cluster_id=" + cid).Json()["items"].size(), 2u);
}

TEST_F(Cce, NotFoundRightAfterCreateFault) {
  Faults("cce:404-after-create=10");
  auto c = Call("POST", "/clusters", ClusterBody("eventual"));
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = c.Json()["metadata"]["uid"];
  ExpectCceError(Call("GET", "/clusters/" + id), 404, "CCE.01404001", "could not be found");
  Advance(11);
  EXPECT_EQ(Call("GET", "/clusters/" + id).status, 200);
}

class CceState : public Cce {
 protected:
  static std::string StateFile() {
    static std::string path = (std::filesystem::temp_directory_path() / ("otc-sim-cce-" + std::to_string(getpid()) + ".json")).string();
    return path;
  }
  CceState() : Cce({"--seed", "12", "--https-listen", "off", "--state", StateFile()}) {}
  void TearDown() override { std::filesystem::remove(StateFile()); }
};

TEST_F(CceState, ClusterSurvivesRestart) {
  auto c = Call("POST", "/clusters", ClusterBody("durable"));
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = c.Json()["metadata"]["uid"];
  sim_.Stop();
  SimProcess again({"--seed", "12", "--https-listen", "off", "--state", StateFile()});
  ASSERT_TRUE(again.ok());
  std::string tok = ProjectToken(again);
  auto get = [&]() {
    return Http("GET", again.http() + "/api/v3/projects/" + again.cred("project_id") + "/clusters/" + id, "",
                {"X-Auth-Token: " + tok});
  };
  auto g = get();
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.Json()["metadata"]["name"], "durable");
  EXPECT_EQ(g.Json()["status"]["endpoints"]["internal"], c.Json()["status"]["endpoints"]["internal"]);
  ASSERT_EQ(Http("POST", again.http() + "/_sim/clock/advance", json{{"seconds", 400}}.dump(), {kJson}).status, 200);
  EXPECT_EQ(get().Json()["status"]["phase"], "Available");  // the lifecycle survives too
}

}  // namespace
}  // namespace otcsim_test
