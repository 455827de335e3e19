// Typed CCE v3 node-pool calls (api.md 3.3) and the node list of a pool
// (3.4), under https://cce.{region}.../api/v3/projects/{pid}/clusters/{cid}/
// (catalog type "ccev2.0"). Every call goes through Client::Do (auth,
// retries); the create passes a find-by-name lookup (pool names are unique
// per cluster) so an ambiguous failure never makes a second pool. 404 shows
// as Error::IsNotFound().
//
// Secrets: the login password is sent once (create) and never returned or
// logged; the install scripts travel base64-encoded as the API wants.
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_CCE_NODE_POOL_H_
#define EDP_PROVIDER_OTC_CCE_NODE_POOL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::cce_node_pool {

struct Volume {
  int64_t size = 0;
  std::string volumetype;
  std::string kms_id;                                 // metadata.__system__cmkid ("" = not encrypted)
  std::map<std::string, std::string> extend_params;  // extendParam (string values)
};

struct Taint {
  std::string key, value, effect;
};

struct Autoscaling {
  bool enable = false;
  int64_t min_node_count = 0, max_node_count = 0, scale_down_cooldown_time = 0, priority = 0;
};

// Everything a pool is created with (and, as far as the API returns it,
// read back as).
struct NodePoolSpec {
  std::string name, flavor, availability_zone = "random", os;
  std::string key_pair;
  std::string password;  // secret; never returned by the API
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::string storage;  // JSON object text ("" = none)
  int64_t initial_node_count = 0;
  Autoscaling autoscaling;
  std::map<std::string, std::string> k8s_tags, user_tags;
  std::vector<Taint> taints;
  std::string runtime;  // "docker" | "containerd" | "" (the cluster's default)
  std::string subnet_id;
  std::vector<std::string> security_group_ids;
  std::string server_group_reference;
  std::string preinstall, postinstall;  // as sent (base64), see EncodeScript
  int64_t max_pods = 0;                 // 0 = the API's default
  std::string agency_name;
  int64_t docker_base_size = 0;  // 0 = not sent
  std::string docker_lvm_config_override;
};

struct NodePool {
  std::string id, cluster_id;
  NodePoolSpec spec;        // password always empty
  std::string phase;        // "" = normal, Synchronizing, Synchronized, SoldOut, Deleting, Error
  std::string message;      // status.message / status.reason (why a phase is Error)
  int64_t current_node = 0;  // status.currentNode
};

// One node of a pool (GET .../nodes filtered by the annotation
// kubernetes.io/node-pool.id).
struct PoolNode {
  std::string id, name, phase, private_ip, reason;  // phase: Build, Installing, Active, Abnormal, Deleting, Error
};

// The fields a PUT changes (api.md 3.3 Update): name, the node count, the
// autoscaling settings, k8s labels and taints.
struct NodePoolUpdate {
  std::string name;
  int64_t initial_node_count = 0;
  Autoscaling autoscaling;
  std::map<std::string, std::string> k8s_tags;
  std::vector<Taint> taints;
};

Result<NodePool> CreateNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                const NodePoolSpec& in);
Result<NodePool> GetNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                             const std::string& id);
Result<std::vector<NodePool>> ListNodePools(const framework::Context& ctx, Client& c,
                                            const std::string& cluster_id);
Result<NodePool> UpdateNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                const std::string& id, const NodePoolUpdate& in);
// DELETE; the pool then reports phase Deleting until it (and its nodes) are
// gone. A pool that is already gone is not an error.
Status DeleteNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                      const std::string& id);
// The nodes of pool `pool_id` (one GET of the cluster's node list).
Result<std::vector<PoolNode>> ListPoolNodes(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                            const std::string& pool_id);
// The cluster's status.phase ("Available", "Creating", ...): node pools can
// only be created or scaled while it is Available (403 otherwise).
Result<std::string> GetClusterPhase(const framework::Context& ctx, Client& c, const std::string& cluster_id);

// The install-script encoding of the official provider: a value that is
// already valid base64 is sent as is, anything else is base64-encoded.
std::string EncodeScript(const std::string& script);
// Standard base64 decoding; nullopt for text that is not valid base64.
std::optional<std::string> DecodeBase64(const std::string& text);

}  // namespace otc::cce_node_pool

#endif  // EDP_PROVIDER_OTC_CCE_NODE_POOL_H_
