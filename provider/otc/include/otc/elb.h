// Typed ELB v3 calls (dedicated load balancers, api.md 6.1, 6.6, 6.7): load
// balancers, certificates, flavors and availability zones under the
// "elbv3" catalog endpoint (.../v3/{project_id}) + "/elb/...". Every call
// goes through Client::Do (auth, retries); creates pass a find-existing
// callback so an ambiguous failure (reset, 5xx after sending) is never
// turned into a duplicate. 404 shows as Error::IsNotFound().
//
// ELB v3 operations are synchronous on OTC (the object comes back
// ACTIVE), but the load balancer carries a provisioning_status that can be
// ERROR or PENDING_*; WaitLoadBalancerActive / WaitLoadBalancerDeleted poll
// it with short adaptive intervals (500 ms growing to 5 s: the API answers
// at once, so the first poll normally ends the wait).
//
// Listeners, pools, members and monitors live in elb_listener.h.
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_ELB_H_
#define EDP_PROVIDER_OTC_ELB_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::elb {

// ---- Load balancers (6.1) ---------------------------------------------------

struct LbPublicIp {
  std::string id, address;
  int ip_version = 4;
};

struct LoadBalancer {
  std::string id, name, description, vpc_id, vip_subnet_cidr_id, vip_address, vip_port_id;
  std::string l4_flavor_id, l7_flavor_id, provisioning_status, operating_status;
  std::string ipv6_vip_virsubnet_id, ipv6_vip_address, created_at, updated_at;
  std::vector<std::string> availability_zones, elb_virsubnet_ids;
  std::vector<std::string> listener_ids, pool_ids;
  bool admin_state_up = true, ip_target_enable = false, deletion_protection_enable = false;
  std::map<std::string, std::string> tags;
  std::vector<LbPublicIp> publicips;
};

// A new EIP the ELB service allocates with the load balancer ("publicip").
struct NewPublicIp {
  std::string network_type = "5_bgp";  // 5_bgp, 5_gray (ELB only), 5_mailbgp
  std::string bandwidth_name;
  int bandwidth_size = 0;
  std::string charge_mode = "traffic";
  std::string share_type = "PER";
  std::string bandwidth_id;  // share_type WHOLE: the shared bandwidth
};

struct LoadBalancerCreate {
  std::string name, description, vpc_id, vip_subnet_cidr_id, vip_address, ipv6_vip_virsubnet_id;
  std::string l4_flavor_id, l7_flavor_id;
  std::vector<std::string> availability_zones, elb_virsubnet_ids;
  std::optional<bool> ip_target_enable, deletion_protection_enable;
  std::map<std::string, std::string> tags;
  std::string publicip_id;                // bind this existing EIP ("" = none)
  std::optional<NewPublicIp> new_publicip;  // or let the service allocate one
};

// Only the set fields are sent. An empty string for vip_subnet_cidr_id
// sends null (removes the private IPv4 VIP).
struct LoadBalancerUpdate {
  std::optional<std::string> name, description, vip_subnet_cidr_id, vip_address, l4_flavor_id, l7_flavor_id;
  std::optional<std::vector<std::string>> elb_virsubnet_ids;
  std::optional<bool> ip_target_enable, deletion_protection_enable;
  bool empty() const {
    return !name && !description && !vip_subnet_cidr_id && !vip_address && !l4_flavor_id && !l7_flavor_id &&
           !elb_virsubnet_ids && !ip_target_enable && !deletion_protection_enable;
  }
};

// POST /elb/loadbalancers. After an ambiguous failure the load balancers
// named `in.name` are listed and one in the same VPC/subnet with the same
// availability zones is taken as the result; with an empty name there is
// no such key and the create is not replayed (the error says so).
Result<LoadBalancer> CreateLoadBalancer(const framework::Context& ctx, Client& c, const LoadBalancerCreate& in);
Result<LoadBalancer> GetLoadBalancer(const framework::Context& ctx, Client& c, const std::string& id);
// All load balancers (every page); `name` != "" filters by name.
Result<std::vector<LoadBalancer>> ListLoadBalancers(const framework::Context& ctx, Client& c,
                                                    const std::string& name);
Result<LoadBalancer> UpdateLoadBalancer(const framework::Context& ctx, Client& c, const std::string& id,
                                        const LoadBalancerUpdate& in);
// DELETE; 409 while listeners/pools are attached or deletion protection
// is on (the service's message says which).
Status DeleteLoadBalancer(const framework::Context& ctx, Client& c, const std::string& id);

// Polls GET until provisioning_status is ACTIVE (ERROR fails with the
// service's status; 404 right after the create counts as pending) and
// returns the load balancer as last read.
// `what`: "load balancer \"a\" (id) to become ACTIVE".
Result<LoadBalancer> WaitLoadBalancerActive(const framework::Context& ctx, Client& c, const std::string& id,
                                            const std::string& what);
// Polls GET until it answers 404.
Status WaitLoadBalancerDeleted(const framework::Context& ctx, Client& c, const std::string& id,
                               const std::string& what);

// ---- Certificates (6.6) -----------------------------------------------------

struct Certificate {
  std::string id, name, description, type, domain, certificate, private_key;
  std::string expire_time, created_at, updated_at;
};

struct CertificateCreate {
  std::string name, description, type = "server", domain, certificate, private_key;  // private_key: secret
};

struct CertificateUpdate {
  std::optional<std::string> name, description, domain, certificate, private_key;
  bool empty() const { return !name && !description && !domain && !certificate && !private_key; }
};

// POST /elb/certificates. After an ambiguous failure the certificates are
// listed and one with the same name, type and certificate body (compared
// without surrounding whitespace) is taken as the result.
Result<Certificate> CreateCertificate(const framework::Context& ctx, Client& c, const CertificateCreate& in);
Result<Certificate> GetCertificate(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::vector<Certificate>> ListCertificates(const framework::Context& ctx, Client& c, const std::string& name);
Result<Certificate> UpdateCertificate(const framework::Context& ctx, Client& c, const std::string& id,
                                      const CertificateUpdate& in);
Status DeleteCertificate(const framework::Context& ctx, Client& c, const std::string& id);
// Polls GET until the certificate is readable (404 right after the create
// counts as pending: eventual consistency) and returns it.
Result<Certificate> WaitCertificate(const framework::Context& ctx, Client& c, const std::string& id,
                                    const std::string& what);

// ---- Flavors and availability zones (6.7) -----------------------------------

struct Flavor {
  std::string id, name, type;
  bool shared = false, sold_out = false;
  int64_t connection = 0, cps = 0, qps = 0, https_cps = 0, lcu = 0, bandwidth = 0;
};

// GET /elb/flavors with the non-empty filters (server side), every page.
Result<std::vector<Flavor>> ListFlavors(const framework::Context& ctx, Client& c, const std::string& name,
                                        const std::string& type);
Result<Flavor> GetFlavor(const framework::Context& ctx, Client& c, const std::string& id);

struct AvailabilityZone {
  std::string code, state;
  std::vector<std::string> protocols;
};
// The AZ sets: a load balancer's availability_zone_list must lie in one.
Result<std::vector<std::vector<AvailabilityZone>>> ListAvailabilityZones(const framework::Context& ctx, Client& c);

// Surrounding whitespace removed: how PEM bodies are compared.
std::string TrimPem(const std::string& s);

}  // namespace otc::elb

#endif  // EDP_PROVIDER_OTC_ELB_H_
