// data "edp_cce_cluster": looks up one CCE cluster by any combination of
// id, name, cluster_type, vpc_id and status (as
// opentelekomcloud_cce_cluster_v3's data source: the list is filtered
// client-side like the SDK does), with its endpoints and certificates.
// Exactly one cluster must match.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cce_values.h"
#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/cce.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::GetString;
using fw::WithAttr;

fw::Schema CceClusterDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Looks up one CCE cluster by ID, name, type, VPC and/or status. Every given filter must match and exactly "
      "one cluster may match. Certificates are read only for an `Available` cluster.";
  b.Add("id", fw::StringAttribute().Optional().Computed().Description(
                  "The cluster ID to look for; set to the found cluster's ID."));
  b.Add("name", fw::StringAttribute().Optional().Computed().Description("The cluster name to look for."));
  b.Add("cluster_type", fw::StringAttribute().Optional().Computed().Description(
                            "The cluster type to look for: `VirtualMachine`, `BareMetal` or `ARM64`."));
  b.Add("vpc_id", fw::StringAttribute().Optional().Computed().Description("The VPC ID to look for."));
  b.Add("status", fw::StringAttribute().Optional().Computed().Description(
                      "The cluster phase to look for, e.g. `Available`."));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  auto computed = [&](const char* name, const char* d) {
    b.Add(name, fw::StringAttribute().Computed().Description(d));
  };
  computed("flavor_id", "The cluster flavor, e.g. `cce.s1.small`.");
  computed("description", "The cluster description.");
  computed("cluster_version", "The Kubernetes version, e.g. `v1.29.2-r0`.");
  b.Add("billing_mode", fw::NumberAttribute().Computed().Description("The billing mode (`0`: pay per use)."));
  computed("subnet_id", "The subnet of the masters and nodes.");
  computed("highway_subnet_id", "The high-speed network subnet (empty if none).");
  computed("container_network_type", "The container network: `overlay_l2`, `vpc-router` or `eni`.");
  computed("container_network_cidr", "The container CIDR.");
  computed("eni_subnet_id", "The ENI subnet (`eni` network only).");
  computed("eni_subnet_cidr", "The ENI subnet's CIDR (`eni` network only).");
  computed("authentication_mode", "The authentication mode: `rbac`, `x509` or `authenticating_proxy`.");
  computed("internal", "The API server URL inside the VPC.");
  computed("external", "The API server URL on the bound EIP (empty without EIP).");
  computed("external_otc", "The API server URL under the OTC domain.");
  b.Add("certificate_clusters",
        fw::ListAttribute(cce::CertClusterType()).Computed().Description(cce::kCertClustersDescription));
  b.Add("certificate_users",
        fw::ListAttribute(cce::CertUserType()).Computed().Sensitive().Description(cce::kCertUsersDescription));
  return s;
}

class CceClusterData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_cce_cluster";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = CceClusterDataSchema();
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
    otc::Client& c = *data_->client;
    auto id = GetString(req.config, "id");
    auto name = GetString(req.config, "name");
    auto type = GetString(req.config, "cluster_type");
    auto vpc = GetString(req.config, "vpc_id");
    auto status = GetString(req.config, "status");
    std::vector<otc::cce::Cluster> all;
    if (id) {
      auto g = otc::cce::GetCluster(ctx, c, *id);
      if (!g.ok() && !g.error().IsNotFound()) return AddOtcError(resp.diagnostics, g.error());
      if (g.ok()) all.push_back(g.value());
    } else {
      auto l = otc::cce::ListClusters(ctx, c);
      if (!l.ok()) return AddOtcError(resp.diagnostics, l.error());
      all = l.value();
    }
    std::vector<otc::cce::Cluster> match;
    for (auto& cl : all) {
      if ((name && cl.name != *name) || (type && cl.type != *type) || (vpc && cl.vpc_id != *vpc) ||
          (status && cl.phase != *status)) {
        continue;
      }
      match.push_back(std::move(cl));
    }
    std::string filters;
    auto add = [&](const char* k, const std::optional<std::string>& v) {
      if (v) filters += (filters.empty() ? "" : ", ") + std::string(k) + " = \"" + *v + "\"";
    };
    add("id", id);
    add("name", name);
    add("cluster_type", type);
    add("vpc_id", vpc);
    add("status", status);
    filters = filters.empty() ? "(no filters)" : "{" + filters + "}";
    if (match.empty()) {
      resp.diagnostics.AddError("No CCE Cluster Found", "No CCE cluster matches " + filters +
                                                            " in this project. Check the filters or create the "
                                                            "cluster first.");
      return;
    }
    if (match.size() > 1) {
      resp.diagnostics.AddError("Several CCE Clusters Found",
                                std::to_string(match.size()) + " CCE clusters match " + filters +
                                    "; add filters (id, name) so exactly one matches.");
      return;
    }
    const auto& cl = match.front();
    cty::Value s = resp.state;
    auto str = [&](const char* a, const std::string& v) { s = WithAttr(s, a, cty::Value::String(v)); };
    str("id", cl.id);
    str("name", cl.name);
    str("cluster_type", cl.type);
    str("vpc_id", cl.vpc_id);
    str("status", cl.phase);
    str("region", data_->region);
    str("flavor_id", cl.flavor);
    str("description", cl.description);
    str("cluster_version", cl.version);
    s = WithAttr(s, "billing_mode", cty::Value::Int(cl.billing_mode));
    str("subnet_id", cl.subnet_id);
    str("highway_subnet_id", cl.highway_subnet_id);
    str("container_network_type", cl.container_network_mode);
    str("container_network_cidr", cl.container_network_cidr);
    str("eni_subnet_id", cl.eni_subnet_id);
    str("eni_subnet_cidr", cl.eni_subnet_cidr);
    str("authentication_mode", cl.authentication_mode);
    str("internal", cl.endpoints.internal);
    str("external", cl.endpoints.external);
    str("external_otc", cl.endpoints.external_otc);
    cty::Value clusters = cty::Value::EmptyList(cce::CertClusterType());
    cty::Value users = cty::Value::EmptyList(cce::CertUserType());
    if (cl.phase == "Available") {
      auto k = otc::cce::GetClusterCert(ctx, c, cl.id);
      if (!k.ok()) return AddOtcError(resp.diagnostics, k.error());
      clusters = cce::CertClustersValue(k.value());
      users = cce::CertUsersValue(k.value());
    }
    s = WithAttr(s, "certificate_clusters", clusters);
    s = WithAttr(s, "certificate_users", users);
    resp.state = s;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory CceClusterDataSource() {
  return [] { return std::make_unique<CceClusterData>(); };
}

}  // namespace resources
