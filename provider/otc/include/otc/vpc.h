// Typed VPC-service calls (api.md 2): VPC v1, subnets v1, Neutron security
// groups and rules, EIPs v1. Every call goes through Client::Do (auth,
// retries); creates pass a find-by-name callback so an ambiguous failure is
// never turned into a duplicate. 404 shows as Error::IsNotFound().
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_VPC_H_
#define EDP_PROVIDER_OTC_VPC_H_

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
};
struct SubnetCreate {
  std::string name, description, cidr, gateway_ip, vpc_id, availability_zone;
  std::string primary_dns, secondary_dns;
  std::vector<std::string> dns_list;
  bool dhcp_enable = true;
};
struct SubnetUpdate {
  std::string name;  // required by the API
  std::optional<std::string> description, primary_dns, secondary_dns;
  std::optional<std::vector<std::string>> dns_list;
  std::optional<bool> dhcp_enable;
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
};
struct SecurityGroup {
  std::string id, name, description, project_id;
  std::vector<SecurityGroupRule> rules;
};

Result<SecurityGroup> CreateSecurityGroup(const framework::Context& ctx, Client& c, const std::string& name,
                                          const std::string& description);
Result<SecurityGroup> GetSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id);
// name == "": all groups.
Result<std::vector<SecurityGroup>> ListSecurityGroups(const framework::Context& ctx, Client& c,
                                                      const std::string& name);
Result<SecurityGroup> UpdateSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id,
                                          const std::optional<std::string>& name,
                                          const std::optional<std::string>& description);
Status DeleteSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id);
// Rule ids are unknown before the create, so rule creation has no
// find-existing lookup: an ambiguous failure is reported, not replayed.
Result<SecurityGroupRule> CreateSecurityGroupRule(const framework::Context& ctx, Client& c,
                                                  const SecurityGroupRule& in);
Result<SecurityGroupRule> GetSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id);
Status DeleteSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id);

struct Eip {
  std::string id, status, type, public_ip_address, private_ip_address, port_id, bandwidth_id, alias;
  std::string bandwidth_share_type, create_time;
  int bandwidth_size = 0;
  int ip_version = 4;
};
struct EipCreate {
  std::string type = "5_bgp";
  std::string alias;  // also the lookup key for the find-existing check
  std::string bandwidth_name;
  int bandwidth_size = 1;
  std::string share_type = "PER";
  std::string charge_mode = "traffic";
};

Result<Eip> CreateEip(const framework::Context& ctx, Client& c, const EipCreate& in);
Result<Eip> GetEip(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::vector<Eip>> ListEips(const framework::Context& ctx, Client& c);
// port_id "" unbinds.
Result<Eip> UpdateEipPort(const framework::Context& ctx, Client& c, const std::string& id,
                          const std::string& port_id);
Status DeleteEip(const framework::Context& ctx, Client& c, const std::string& id);

}  // namespace otc::vpc

#endif  // EDP_PROVIDER_OTC_VPC_H_
