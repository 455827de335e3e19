// data "edp_vpc_subnet": looks up one subnet by any combination of id,
// name, cidr, vpc_id, status, gateway_ip, primary_dns, secondary_dns and
// availability_zone (as opentelekomcloud_vpc_subnet_v1's data source: one
// GET by id, else the subnets list, of one VPC when vpc_id is given,
// filtered client-side). Exactly one subnet must match.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/vpc.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::GetString;
using fw::WithAttr;

// The filter attributes, in the order they appear in messages.
const char* const kFilters[] = {"id",          "name",          "cidr",         "vpc_id",           "status",
                                "gateway_ip", "primary_dns", "secondary_dns", "availability_zone"};

std::string Field(const otc::vpc::Subnet& s, const std::string& f) {
  if (f == "id") return s.id;
  if (f == "name") return s.name;
  if (f == "cidr") return s.cidr;
  if (f == "vpc_id") return s.vpc_id;
  if (f == "status") return s.status;
  if (f == "gateway_ip") return s.gateway_ip;
  if (f == "primary_dns") return s.primary_dns;
  if (f == "secondary_dns") return s.secondary_dns;
  return s.availability_zone;
}

fw::Schema SubnetDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Looks up one VPC subnet by ID, name, CIDR, VPC, status, gateway, DNS servers and/or availability "
      "zone. Every given filter must match and exactly one subnet may match.";
  b.Add("id", fw::StringAttribute().Optional().Computed().Description(
                  "The subnet ID (= its Neutron network ID) to look for; set to the found subnet's ID."));
  b.Add("name", fw::StringAttribute().Optional().Computed().Description("The subnet name to look for."));
  b.Add("cidr", fw::StringAttribute()
                    .Optional()
                    .Computed()
                    .Description("The subnet CIDR to look for, e.g. `10.0.1.0/24`.")
                    .Validators({fw::IsCidr()}));
  b.Add("vpc_id", fw::StringAttribute().Optional().Computed().Description(
                      "The ID of the VPC the subnet belongs to (only that VPC's subnets are listed)."));
  b.Add("status", fw::StringAttribute().Optional().Computed().Description(
                      "The subnet status to look for (`ACTIVE`, `UNKNOWN`, `ERROR`)."));
  b.Add("gateway_ip", fw::StringAttribute()
                          .Optional()
                          .Computed()
                          .Description("The gateway address to look for.")
                          .Validators({IsIpv4Address()}));
  b.Add("primary_dns", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Description("The primary DNS server to look for.")
                           .Validators({IsIpv4Address()}));
  b.Add("secondary_dns", fw::StringAttribute()
                             .Optional()
                             .Computed()
                             .Description("The secondary DNS server to look for.")
                             .Validators({IsIpv4Address()}));
  b.Add("availability_zone", fw::StringAttribute().Optional().Computed().Description(
                                 "The availability zone to look for (empty for subnets bound to none)."));
  b.Add("description", fw::StringAttribute().Computed().Description("The subnet's description."));
  b.Add("dns_list", fw::SetAttribute(cty::Type::String()).Computed().Description("All DNS servers of the subnet."));
  b.Add("dhcp_enable", fw::BoolAttribute().Computed().Description("Whether DHCP is enabled in the subnet."));
  b.Add("subnet_id", fw::StringAttribute().Computed().Description(
                         "The Neutron subnet ID (used by ELB `vip_subnet_cidr_id` and ports)."));
  b.Add("network_id", fw::StringAttribute().Computed().Description("The Neutron network ID (the same as `id`)."));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  return s;
}

class SubnetData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_vpc_subnet";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = SubnetDataSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req, fw::DataSourceReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    if (auto region = GetString(req.config, "region"); region && *region != data_->region) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
                                         "region is \"" + *region + "\" but this provider manages \"" +
                                             data_->region + "\". Use a provider alias for that region.");
      return;
    }
    std::vector<std::pair<std::string, std::string>> filters;
    for (const char* f : kFilters) {
      if (auto v = GetString(req.config, f)) filters.emplace_back(f, *v);
    }
    auto id = GetString(req.config, "id");
    std::vector<otc::vpc::Subnet> candidates;
    if (id) {
      auto s = otc::vpc::GetSubnet(ctx, *data_->client, *id);
      if (!s.ok() && !s.error().IsNotFound()) return AddOtcError(resp.diagnostics, s.error());
      if (s.ok()) candidates.push_back(std::move(s.value()));
    } else {
      auto all = otc::vpc::ListSubnets(ctx, *data_->client, GetString(req.config, "vpc_id").value_or(""));
      if (!all.ok()) return AddOtcError(resp.diagnostics, all.error());
      candidates = std::move(all.value());
    }
    std::vector<otc::vpc::Subnet> match;
    for (auto& s : candidates) {
      bool ok = true;
      for (const auto& [f, v] : filters) ok = ok && Field(s, f) == v;
      if (ok) match.push_back(std::move(s));
    }
    std::string described;
    for (const auto& [f, v] : filters) described += (described.empty() ? "" : ", ") + f + " = \"" + v + "\"";
    described = described.empty() ? "(no filters)" : "{" + described + "}";
    if (match.empty()) {
      resp.diagnostics.AddError("No Subnet Found", "No subnet matches " + described +
                                                       " in this project. Check the filters or create the "
                                                       "subnet first.");
      return;
    }
    if (match.size() > 1) {
      std::string ids;
      for (size_t i = 0; i < match.size() && i < 5; ++i) ids += (i ? ", " : "") + match[i].id;
      if (match.size() > 5) ids += ", ...";
      resp.diagnostics.AddError("Several Subnets Found",
                                std::to_string(match.size()) + " subnets match " + described + " (" + ids +
                                    "); add filters (id, name, cidr, vpc_id) so exactly one matches.");
      return;
    }
    const auto& s = match.front();
    cty::Value st = resp.state;
    for (const char* f : kFilters) st = WithAttr(st, f, cty::Value::String(Field(s, f)));
    st = WithAttr(st, "description", cty::Value::String(s.description));
    std::vector<cty::Value> dns;
    for (const auto& d : s.dns_list) dns.push_back(cty::Value::String(d));
    st = WithAttr(st, "dns_list", cty::Value::Set(cty::Type::String(), std::move(dns)));
    st = WithAttr(st, "dhcp_enable", cty::Value::Bool(s.dhcp_enable));
    st = WithAttr(st, "subnet_id", cty::Value::String(s.neutron_subnet_id));
    st = WithAttr(st, "network_id", cty::Value::String(s.neutron_network_id.empty() ? s.id : s.neutron_network_id));
    st = WithAttr(st, "region", cty::Value::String(data_->region));
    resp.state = st;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory VpcSubnetDataSource() {
  return [] { return std::make_unique<SubnetData>(); };
}

}  // namespace resources
