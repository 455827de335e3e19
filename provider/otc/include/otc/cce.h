// Typed CCE v3 cluster calls (api.md 3.1, 3.2, 3.5): clusters (create,
// get, list, update, delete), jobs, the cluster certificate (kubeconfig),
// the master EIP and the add-on list. Paths hang off the catalog's
// "ccev2.0" endpoint: /api/v3/projects/{pid}/... . Every call goes through
// Client::Do (auth, retries); CreateCluster passes a find-by-name lookup (a
// cluster name is unique per project) so an ambiguous failure never makes a
// second cluster. 404 shows as Error::IsNotFound().
//
// Node pools and nodes live in cce_node_pool.h.
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_CCE_H_
#define EDP_PROVIDER_OTC_CCE_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "otc/client.h"

namespace otc::cce {

struct Endpoints {
  std::string internal, external, external_otc;  // "https://host:5443" ("" when absent)
};

struct Cluster {
  std::string id, name;  // id = metadata.uid
  std::map<std::string, std::string> labels, annotations;
  std::string category, type, flavor, version, description;
  int billing_mode = 0;
  std::string vpc_id, subnet_id, highway_subnet_id, security_group_id;
  std::string container_network_mode, container_network_cidr;
  std::string eni_subnet_id, eni_subnet_cidr;
  std::string authentication_mode, authenticating_proxy_ca;
  std::string kubernetes_svc_ip_range, kube_proxy_mode;
  std::map<std::string, std::string> extend_param;  // string values only
  bool enable_master_volume_encryption = false;
  // status
  std::string phase, job_id, reason, message;
  Endpoints endpoints;
};

struct ClusterCreate {
  std::string name;
  std::map<std::string, std::string> labels, annotations;
  std::string category;  // "" = not sent (CCE)
  std::string type = "VirtualMachine";
  std::string flavor, version, description;
  std::optional<int> billing_mode;
  std::string vpc_id, subnet_id, highway_subnet_id, security_group_id;
  std::string container_network_mode, container_network_cidr;
  std::string eni_subnet_id, eni_subnet_cidr;
  std::string authentication_mode;  // "" = not sent (the API's default, rbac)
  // authenticating_proxy: ca, cert and private key, base64 (secrets: never logged).
  std::string proxy_ca, proxy_cert, proxy_private_key;
  std::string kubernetes_svc_ip_range, kube_proxy_mode;
  std::map<std::string, std::string> extend_param;  // clusterAZ, clusterExternalIP, ...
  std::optional<bool> enable_master_volume_encryption;
};

// POST .../clusters (201). After an ambiguous failure the clusters are
// listed and the one with this name is taken as the create's result.
Result<Cluster> CreateCluster(const framework::Context& ctx, Client& c, const ClusterCreate& in);
Result<Cluster> GetCluster(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::vector<Cluster>> ListClusters(const framework::Context& ctx, Client& c);
// PUT .../clusters/{id} {"spec":{"description":...}}.
Result<Cluster> UpdateClusterDescription(const framework::Context& ctx, Client& c, const std::string& id,
                                         const std::string& description);
// DELETE .../clusters/{id}?delete_efs=...; `flags` are the query flags
// (delete_efs|eni|evs|net|obs|sfs -> true|try|false). The cluster then
// shows phase Deleting until it is gone (404).
Status DeleteCluster(const framework::Context& ctx, Client& c, const std::string& id,
                     const std::vector<std::pair<std::string, std::string>>& flags);

struct Job {
  std::string id, type, cluster_id, resource_id, resource_name;
  std::string phase, reason, message;  // phase: Initializing|Running|Success|Failed
  std::vector<Job> sub_jobs;
};
Result<Job> GetJob(const framework::Context& ctx, Client& c, const std::string& id);
// The first non-empty reason/message of a failed job or any failed sub-job.
std::string FailureReason(const Job& job);

struct CertCluster {
  std::string name, server, certificate_authority_data;
};
struct CertUser {
  std::string name, client_certificate_data, client_key_data;  // client_key_data: secret
};
struct Kubeconfig {
  std::vector<CertCluster> clusters;
  std::vector<CertUser> users;
  json raw;  // the whole answer (a kubeconfig in JSON); contains secrets
};
// GET .../clustercert (what the cluster resource reads).
Result<Kubeconfig> GetClusterCert(const framework::Context& ctx, Client& c, const std::string& id);
// POST .../clustercert {"duration": days} (1-1825, -1 = the maximum).
Result<Kubeconfig> CreateClusterCert(const framework::Context& ctx, Client& c, const std::string& id,
                                     int duration_days);

// PUT .../clusters/{id}/mastereip: bind the EIP (id + address) or unbind.
Status BindMasterEip(const framework::Context& ctx, Client& c, const std::string& id, const std::string& eip_id,
                     const std::string& address);
Status UnbindMasterEip(const framework::Context& ctx, Client& c, const std::string& id);

struct Addon {
  std::string id, name, template_name, version, status;  // status: installing|running|abnormal|...
};
// GET /api/v3/addons?cluster_id= on the cluster's add-on host (AddonBaseUrl).
Result<std::vector<Addon>> ListAddons(const framework::Context& ctx, Client& c, const std::string& cluster_id);
Status DeleteAddon(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                   const std::string& addon_id);

// The add-on API's base URL for a cluster from the CCE endpoint (as the
// SDK does): "https://cce.eu-de.otc.t-systems.com" ->
// "https://{cluster_id}.cce.eu-de.otc.t-systems.com". An endpoint whose host
// is an IP address or "localhost" (a simulator) is used unchanged.
std::string AddonBaseUrl(const std::string& cce_endpoint, const std::string& cluster_id);

// "https://80.158.1.2:5443" -> "80.158.1.2"; "" for "".
std::string EndpointHost(const std::string& url);

}  // namespace otc::cce

#endif  // EDP_PROVIDER_OTC_CCE_H_
