// Typed VPC-service calls (api.md 2): VPC v1, subnets v1, Neutron security
// groups and rules, EIPs and bandwidths v1, VPC v3 secondary CIDRs. Every call goes through Client::Do (auth,
// retries); creates pass a find-by-name callback so an ambiguous failure is
// never turned into a duplicate. 404 shows as Error::IsNotFound().
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_VPC_H_
#define EDP_PROVIDER_OTC_VPC_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::vpc {

struct Vpc {
  std::string id, name, cidr, description, status;
  bool enable_shared_snat = false;
};
struct VpcCreate {
  std::string name, cidr, description;
};
struct VpcUpdate {
  std::optional<std::string> name, cidr, description;
  std::optional<bool> enable_shared_snat;
};

Result<Vpc> CreateVpc(const framework::Context& ctx, Client& c, const VpcCreate& in);
Result<Vpc> GetVpc(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::vector<Vpc>> ListVpcs(const framework::Context& ctx, Client& c);
Result<Vpc> UpdateVpc(const framework::Context& ctx, Client& c, const std::string& id, const VpcUpdate& in);
Status DeleteVpc(const framework::Context& ctx, Client& c, const std::string& id);

struct Subnet {
  std::string id, name, description, cidr, gateway_ip, vpc_id, status, availability_zone;
  std::string primary_dns, secondary_dns, neutron_network_id, neutron_subnet_id;
  std::vector<std::string> dns_list;
  bool dhcp_enable = true;
  // IPv6 (dual stack): the /64 and gateway OTC assigns once enabled.
  bool ipv6_enable = false;
  std::string cidr_v6, gateway_ip_v6, neutron_subnet_id_v6;
};
struct SubnetCreate {
  std::string name, description, cidr, gateway_ip, vpc_id, availability_zone;
  std::string primary_dns, secondary_dns;
  std::vector<std::string> dns_list;
  bool dhcp_enable = true;
  bool ipv6_enable = false;
};
struct SubnetUpdate {
  std::string name;  // required by the API
  std::optional<std::string> description, primary_dns, secondary_dns;
  std::optional<std::vector<std::string>> dns_list;
  std::optional<bool> dhcp_enable;
  std::optional<bool> ipv6_enable;  // OTC can enable IPv6 in place, not disable it
};

Result<Subnet> CreateSubnet(const framework::Context& ctx, Client& c, const SubnetCreate& in);
Result<Subnet> GetSubnet(const framework::Context& ctx, Client& c, const std::string& id);
// All subnets, or those of one VPC.
Result<std::vector<Subnet>> ListSubnets(const framework::Context& ctx, Client& c, const std::string& vpc_id);
Status UpdateSubnet(const framework::Context& ctx, Client& c, const std::string& vpc_id, const std::string& id,
                    const SubnetUpdate& in);
Status DeleteSubnet(const framework::Context& ctx, Client& c, const std::string& vpc_id, const std::string& id);

struct SecurityGroupRule {
  std::string id, direction, ethertype, security_group_id, protocol, remote_ip_prefix, remote_group_id,
      description;
  std::optional<int> port_range_min, port_range_max;
  std::string tenant_id;  // the owning project ("" on create: the token's)
};
struct SecurityGroup {
  std::string id, name, description, project_id;
  std::vector<SecurityGroupRule> rules;
};

// tenant_id "" = the token's project.
Result<SecurityGroup> CreateSecurityGroup(const framework::Context& ctx, Client& c, const std::string& name,
                                          const std::string& description, const std::string& tenant_id = "");
Result<SecurityGroup> GetSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id);
// name == "": all groups.
Result<std::vector<SecurityGroup>> ListSecurityGroups(const framework::Context& ctx, Client& c,
                                                      const std::string& name);
Result<SecurityGroup> UpdateSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id,
                                          const std::optional<std::string>& name,
                                          const std::optional<std::string>& description);
Status DeleteSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id);
// The rules of one group (all pages).
Result<std::vector<SecurityGroupRule>> ListSecurityGroupRules(const framework::Context& ctx, Client& c,
                                                              const std::string& security_group_id);
// Rule ids are unknown before the create, but Neutron refuses two rules
// with the same direction, ethertype, protocol, ports and remote in one
// group (409 SecurityGroupRuleExists), so that tuple identifies a rule: after
// an ambiguous failure the group's rules are listed and a rule equal to `in`
// (protocol compared case-insensitively; send remote_ip_prefix normalised,
// "10.0.0.0/24", as Neutron stores it) is taken as the create's result.
Result<SecurityGroupRule> CreateSecurityGroupRule(const framework::Context& ctx, Client& c,
                                                  const SecurityGroupRule& in);
Result<SecurityGroupRule> GetSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id);
Status DeleteSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id);

struct Eip {
  std::string id, status, type, public_ip_address, private_ip_address, port_id, bandwidth_id, alias;
  std::string bandwidth_share_type, bandwidth_name, create_time;
  int bandwidth_size = 0;
  int ip_version = 4;
};
struct EipCreate {
  std::string type = "5_bgp";
  std::string alias;       // publicip.alias ("" = none)
  std::string ip_address;  // "" = any free address
  int ip_version = 0;      // 0 = not sent (the API's default, 4)
  std::string bandwidth_name;
  int bandwidth_size = 1;
  std::string share_type = "PER";
  std::string charge_mode;   // "" = not sent (the API's default)
  std::string bandwidth_id;  // share_type WHOLE: the shared bandwidth
  // Extra top-level members of the apply body (the official provider's
  // value_specs); "publicip" and "bandwidth" are never overridden.
  std::map<std::string, std::string> extra;
};

// POST /v1/{pid}/publicips. After an ambiguous failure the EIPs are listed
// and one with the same type, alias and bandwidth (name for PER, id for
// WHOLE) is taken as the result; a WHOLE EIP without alias has no such key,
// so its apply is not replayed.
Result<Eip> CreateEip(const framework::Context& ctx, Client& c, const EipCreate& in);
Result<Eip> GetEip(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::vector<Eip>> ListEips(const framework::Context& ctx, Client& c);
// port_id "" unbinds.
Result<Eip> UpdateEipPort(const framework::Context& ctx, Client& c, const std::string& id,
                          const std::string& port_id);
// Renames the EIP (publicip.alias).
Result<Eip> UpdateEipAlias(const framework::Context& ctx, Client& c, const std::string& id,
                           const std::string& alias);
Status DeleteEip(const framework::Context& ctx, Client& c, const std::string& id);

// --- Bandwidths (VPC v1, api.md 2.5) ------------------------------------

struct Bandwidth {
  std::string id, name, share_type, charge_mode, bandwidth_type, status;
  int size = 0;
  std::vector<std::string> publicip_ids;  // publicip_info[].publicip_id
};

Result<Bandwidth> GetBandwidth(const framework::Context& ctx, Client& c, const std::string& id);
// PUT /v1/{pid}/bandwidths/{id}: only the given fields change.
Result<Bandwidth> UpdateBandwidth(const framework::Context& ctx, Client& c, const std::string& id,
                                  const std::optional<std::string>& name, const std::optional<int>& size);

// --- VPC v3: secondary CIDRs (api.md 2.3) -------------------------------
//
// The base URL is the catalog's "vpc" endpoint (".../v1/{pid}") with its
// first "v1" turned into "v3" (as the SDK does); without a "vpc" entry, the
// "network" endpoint + "/v3/{pid}".

struct VpcV3 {
  std::string id, name, cidr, status;
  std::vector<std::string> extend_cidrs;
};

Result<VpcV3> GetVpcV3(const framework::Context& ctx, Client& c, const std::string& id);
// PUT .../vpc/vpcs/{id}/add-extend-cidr or remove-extend-cidr.
Result<VpcV3> AddSecondaryCidrs(const framework::Context& ctx, Client& c, const std::string& id,
                                const std::vector<std::string>& cidrs);
Result<VpcV3> RemoveSecondaryCidrs(const framework::Context& ctx, Client& c, const std::string& id,
                                   const std::vector<std::string>& cidrs);

}  // namespace otc::vpc

#endif  // EDP_PROVIDER_OTC_VPC_H_
