// edp_cce_cluster: a CCE v3 Kubernetes cluster (api.md 3.1, 3.2, 3.5).
// Same attributes and meanings as opentelekomcloud_cce_cluster_v3; import
// ID: the cluster id.
//
// Create posts the cluster and waits through its phases (Creating ->
// Available, 6-10 minutes on OTC); a create that fails, times out or is
// stopped returns the cluster id so OpenTofu taints the cluster instead of
// orphaning it. Waiting for the default add-ons (coredns, everest) is
// opt-in (`wait_for_addons`, or `no_addons` which removes them), never the
// default. In place: description (PUT) and the master EIP (`eip`,
// mastereip unbind/bind); the delete options, the ignore_* switches and
// wait_for_addons only change the state. Everything else replaces the
// cluster, as the API cannot change it. Delete passes the delete_* flags
// and waits until the cluster is gone (404), so the VPC, subnet and
// security groups it used can be deleted right after.
//
// Polling (create and delete waits): the first look at once, then 2 s,
// growing by 1.5x per unchanged phase up to 20 s (2, 3, 4.5, 6.8, 10, 15,
// 20, 20, ... s; about 3 GETs per minute once settled, against the
// official provider's fixed 5 s delay / 3 s minimum interval). Add-on
// waits use the same schedule.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cce_values.h"
#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/cce.h"
#include "otc/vpc.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {

namespace cce {

cty::Type CertClusterType() {
  return cty::Type::Object({{"name", cty::Type::String()},
                            {"server", cty::Type::String()},
                            {"certificate_authority_data", cty::Type::String()}});
}
cty::Type CertUserType() {
  return cty::Type::Object({{"name", cty::Type::String()},
                            {"client_certificate_data", cty::Type::String()},
                            {"client_key_data", cty::Type::String()}});
}
cty::Value CertClustersValue(const otc::cce::Kubeconfig& k) {
  std::vector<cty::Value> out;
  for (const auto& c : k.clusters) {
    out.push_back(cty::Value::ObjectOf(CertClusterType(),
                                       {{"name", cty::Value::String(c.name)},
                                        {"server", cty::Value::String(c.server)},
                                        {"certificate_authority_data", cty::Value::String(c.certificate_authority_data)}}));
  }
  return cty::Value::List(CertClusterType(), std::move(out));
}
cty::Value CertUsersValue(const otc::cce::Kubeconfig& k) {
  std::vector<cty::Value> out;
  for (const auto& u : k.users) {
    out.push_back(cty::Value::ObjectOf(CertUserType(),
                                       {{"name", cty::Value::String(u.name)},
                                        {"client_certificate_data", cty::Value::String(u.client_certificate_data)},
                                        {"client_key_data", cty::Value::String(u.client_key_data)}}));
  }
  return cty::Value::List(CertUserType(), std::move(out));
}
bool VersionsMatch(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto prefix = [](const std::string& s, const std::string& p) {
    return s.size() > p.size() && s.compare(0, p.size(), p) == 0 && (s[p.size()] == '.' || s[p.size()] == '-');
  };
  return !a.empty() && !b.empty() && (prefix(a, b) || prefix(b, a));
}

}  // namespace cce

namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetBool;
using fw::GetString;
using fw::WithAttr;

constexpr const char* kType = "edp_cce_cluster";
const std::vector<std::string> kFlavors = {"cce.s1.small", "cce.s1.medium", "cce.s2.small",
                                           "cce.s2.medium", "cce.s2.large", "cce.s2.xlarge"};
const std::vector<std::string> kDeleteFlags = {"delete_efs", "delete_eni", "delete_evs",
                                               "delete_net", "delete_obs", "delete_sfs"};

otc::WaitOptions LongWait(const std::string& what) {
  otc::WaitOptions o;
  o.what = what;
  o.initial = std::chrono::seconds(2);
  o.growth = 1.5;
  o.max_interval = std::chrono::seconds(20);
  return o;
}

fw::Attribute DeleteFlag(const std::string& what, bool all) {
  std::vector<std::string> conflicts = all ? std::vector<std::string>{}
                                           : std::vector<std::string>{"delete_all_storage", "delete_all_network"};
  fw::Attribute a = fw::StringAttribute().Optional().Description(
      "Whether deleting the cluster also deletes " + what +
      ": `true` (delete, fail if that fails), `try` (delete, ignore failures) or `false` (keep, the default). "
      "Only used when the cluster is destroyed; a change updates the state alone." +
      (all ? "" : " Conflicts with `delete_all_storage` / `delete_all_network`."));
  std::vector<fw::ValidatorPtr> v = {fw::StringOneOf({"true", "try", "false"})};
  if (!conflicts.empty()) v.push_back(fw::ConflictsWith(conflicts));
  a.Validators(v);
  return a;
}

fw::Schema ClusterSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a CCE (Cloud Container Engine) Kubernetes cluster in Open Telekom Cloud. Creating waits until the "
      "cluster is `Available` (6-10 minutes on OTC); a create that fails, times out or is interrupted leaves the "
      "cluster in the state as tainted, never orphaned. The description and the master EIP change in place; "
      "every other setting replaces the cluster. Destroying waits until the cluster is really gone.";
  b.Add("id", fw::StringAttribute().Computed().Description("The cluster ID (`metadata.uid`).").PlanModifiers(
                  {fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The cluster name: 4-128 lower-case letters, digits and `-`, starting with a letter "
                                 "and not ending with `-`. Unique in the project.")
                    .Validators({fw::StringMatches("^[a-z][a-z0-9-]{2,126}[a-z0-9]$",
                                                   "use 4-128 lower-case letters, digits and '-', starting with a "
                                                   "letter and not ending with '-'")})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("labels", fw::MapAttribute(cty::Type::String())
                      .Optional()
                      .Description("Kubernetes labels of the cluster object (`metadata.labels`).")
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("annotations", fw::MapAttribute(cty::Type::String())
                           .Optional()
                           .Description("Kubernetes annotations of the cluster object (`metadata.annotations`).")
                           .PlanModifiers({fw::RequiresReplace()}));
  b.Add("flavor_id", fw::StringAttribute()
                         .Required()
                         .Description("The cluster flavor: `cce.s1.small` / `cce.s1.medium` (one master, up to 50 / "
                                      "200 nodes) or `cce.s2.small|medium|large|xlarge` (three masters, up to 50 / "
                                      "200 / 1000 / 2000 nodes). The API cannot change it: a new value replaces "
                                      "the cluster.")
                         .Validators({fw::StringOneOf(kFlavors)})
                         .PlanModifiers({fw::RequiresReplace()}));
  b.Add("cluster_version",
        fw::StringAttribute()
            .Optional()
            .Computed()
            .Description("The Kubernetes version, `vX.Y` or `vX.Y.Z[-rN]`; the newest when not set. A short version "
                         "matches the patch CCE resolves it to (`v1.29` = `v1.29.2-r0`), so it never shows a diff.")
            .Validators({fw::StringMatches("^v[0-9]+\\.[0-9]+(\\.[0-9]+(-r[0-9]+)?)?$",
                                           "use vX.Y or vX.Y.Z[-rN], e.g. v1.29")})
            .PlanModifiers({fw::UseStateForUnknown(),
                            fw::RequiresReplaceIf(
                                [](const fw::PlanModifierRequest& r) {
                                  if (!r.state.IsKnown() || r.state.IsNull() || !r.plan.IsKnown() || r.plan.IsNull())
                                    return true;
                                  return !cce::VersionsMatch(r.state.AsString(), r.plan.AsString());
                                },
                                "the new version is not the same minor version as the current one")}));
  b.Add("cluster_type", fw::StringAttribute()
                            .Required()
                            .Description("The node type of the cluster: `VirtualMachine`, `BareMetal` or `ARM64`.")
                            .Validators({fw::StringOneOf({"VirtualMachine", "BareMetal", "ARM64"})})
                            .PlanModifiers({fw::RequiresReplace()}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Description("The cluster description, at most 200 characters. Changed in place.")
                           .Validators({fw::StringLengthBetween(0, 200)})
                           .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("billing_mode", fw::NumberAttribute()
                            .Optional()
                            .Computed()
                            .Description("The billing mode: `0` (pay per use, the only mode CCE clusters have).")
                            .Validators({fw::IntBetween(0, 0)})
                            .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("vpc_id", fw::StringAttribute()
                      .Required()
                      .Description("The ID of the VPC the cluster's masters and nodes live in.")
                      .Validators({fw::StringLengthAtLeast(1)})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("subnet_id", fw::StringAttribute()
                         .Required()
                         .Description("The ID (VPC v1 subnet id, `edp_vpc_subnet.id`) of the subnet of the masters "
                                      "and nodes; it must belong to `vpc_id`.")
                         .Validators({fw::StringLengthAtLeast(1)})
                         .PlanModifiers({fw::RequiresReplace()}));
  b.Add("highway_subnet_id", fw::StringAttribute()
                                 .Optional()
                                 .Computed()
                                 .Description("The ID of the high-speed network subnet (BareMetal clusters).")
                                 .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("security_group_id", fw::StringAttribute()
                                 .Optional()
                                 .Computed()
                                 .Description("The security group of the cluster's nodes; CCE creates one "
                                              "(`<name>-cce-node-...`) when not set.")
                                 .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("extend_param", fw::MapAttribute(cty::Type::String())
                            .Optional()
                            .Description("Extra `spec.extendParam` entries sent verbatim, e.g. `clusterAZ` "
                                         "(`eu-de-01`..`03`: the AZ of the masters). `multi_az` and `eip` add "
                                         "`clusterAZ` / `clusterExternalIP` themselves.")
                            .PlanModifiers({fw::RequiresReplace()}));
  b.Add("enable_volume_encryption", fw::BoolAttribute()
                                        .Optional()
                                        .Computed()
                                        .Description("Whether the masters' system and data disks are encrypted.")
                                        .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("container_network_type",
        fw::StringAttribute()
            .Required()
            .Description("The container network: `overlay_l2` (container tunnel), `vpc-router` (VPC routes) or "
                         "`eni` (Cloud Native Network 2.0, CCE Turbo: needs `eni_subnet_id` and `eni_subnet_cidr`).")
            .Validators({fw::StringOneOf({"overlay_l2", "vpc-router", "eni"})})
            .PlanModifiers({fw::RequiresReplace()}));
  b.Add("container_network_cidr", fw::StringAttribute()
                                      .Optional()
                                      .Computed()
                                      .Description("The container CIDR (private, /19 or larger, not overlapping the "
                                                   "VPC or the service range); `172.16.0.0/16` when not set.")
                                      .Validators({fw::IsCidr()})
                                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("eni_subnet_id", fw::StringAttribute()
                             .Optional()
                             .Computed()
                             .Description("For `eni`: the IPv4 subnet ID (`edp_vpc_subnet.subnet_id`, the Neutron "
                                          "subnet) the containers' ENIs use.")
                             .Validators({fw::RequiredWith({"eni_subnet_cidr"})})
                             .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("eni_subnet_cidr", fw::StringAttribute()
                               .Optional()
                               .Computed()
                               .Description("For `eni`: the CIDR of `eni_subnet_id`.")
                               .Validators({fw::IsCidr(), fw::RequiredWith({"eni_subnet_id"})})
                               .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("authentication_mode",
        fw::StringAttribute()
            .Optional()
            .Computed()
            .Description("How the API server authenticates: `rbac` (the API's default), `x509` or "
                         "`authenticating_proxy` (needs the `authenticating_proxy` block). Unlike the official "
                         "provider there is no `x509` default that differs from the API's.")
            .Validators({fw::StringOneOf({"rbac", "x509", "authenticating_proxy"})})
            .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  fw::Block proxy;
  proxy.description =
      "The authenticating proxy of `authentication_mode = \"authenticating_proxy\"` (at most one block). The API "
      "never returns the certificate and key, so they are kept as configured.";
  proxy.Add("ca", fw::StringAttribute().Required().Description("The proxy's CA certificate (base64 PEM)."));
  proxy.Add("cert", fw::StringAttribute()
                        .Required()
                        .Sensitive()
                        .Description("The client certificate the proxy presents (base64 PEM)."));
  proxy.Add("private_key", fw::StringAttribute()
                               .Required()
                               .Sensitive()
                               .Description("The private key of `cert` (base64 PEM). Sensitive."));
  b.Add("authenticating_proxy",
        fw::ListBlock(proxy).MaxItems(1).PlanModifiers({fw::RequiresReplaceIf(
            [](const fw::PlanModifierRequest& r) {
              // After an import the state has no block (the API hides the
              // key): adding the configured one is not a change.
              return r.state.IsKnown() && !r.state.IsNull() && !r.state.Elements().empty();
            },
            "the cluster already had an authenticating proxy")}));
  b.Add("kubernetes_svc_ip_range", fw::StringAttribute()
                                       .Optional()
                                       .Computed()
                                       .Description("The service CIDR (private, /12-/24); `10.247.0.0/16` when not "
                                                    "set.")
                                       .Validators({fw::IsCidr()})
                                       .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("kube_proxy_mode", fw::StringAttribute()
                               .Optional()
                               .Computed()
                               .Description("The kube-proxy mode: `iptables` (the default) or `ipvs`.")
                               .Validators({fw::StringOneOf({"iptables", "ipvs"})})
                               .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("multi_az", fw::BoolAttribute()
                        .Optional()
                        .Description("Spread the three masters over the region's AZs (`clusterAZ = multi_az`); needs "
                                     "an HA flavor (`cce.s2.*`). Conflicts with `extend_param.clusterAZ`.")
                        .PlanModifiers({fw::RequiresReplace()}));
  b.Add("eip", fw::StringAttribute()
                   .Optional()
                   .Description("The address of an existing EIP to bind to the API server (the `external` "
                                "endpoint). Bound, re-bound and unbound in place.")
                   .Validators({IsIpv4Address()}));
  b.Add("status", fw::StringAttribute().Computed().Description(
                      "The cluster phase: `Available`, `Creating`, `Unavailable`, `Error`, `Deleting`, ..."));
  b.Add("internal", fw::StringAttribute()
                        .Computed()
                        .Description("The API server URL inside the VPC, `https://<ip>:5443`.")
                        .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("external", fw::StringAttribute().Computed().Description(
                        "The API server URL on the bound EIP, `https://<eip>:5443` (empty without EIP)."));
  b.Add("external_otc", fw::StringAttribute()
                            .Computed()
                            .Description("The API server URL under the OTC domain, `https://<id>.cce.<region>...`.")
                            .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("ignore_certificate_clusters_data",
        fw::BoolAttribute().Optional().Description("When `true`, `certificate_clusters` is not read (left empty)."));
  b.Add("ignore_certificate_users_data",
        fw::BoolAttribute().Optional().Description(
            "When `true`, `certificate_users` and `kube_config_raw` are not read (left empty): no client key in "
            "the state."));
  b.Add("certificate_clusters",
        fw::ListAttribute(cce::CertClusterType()).Computed().Description(cce::kCertClustersDescription));
  b.Add("certificate_users",
        fw::ListAttribute(cce::CertUserType()).Computed().Sensitive().Description(cce::kCertUsersDescription));
  b.Add("kube_config_raw",
        fw::StringAttribute().Computed().Sensitive().Description(
            "The cluster's kubeconfig (JSON, usable as a kubeconfig file), with the client certificate and key. "
            "Sensitive. Kept stable across refreshes: CCE issues a new client certificate on every read."));
  b.Add("no_addons", fw::BoolAttribute()
                         .Optional()
                         .Description("Remove the add-ons CCE installs by default (coredns, everest) once they "
                                      "appear after the create. Conflicts with `ignore_addons`.")
                         .Validators({fw::ConflictsWith({"ignore_addons"})})
                         .PlanModifiers({fw::RequiresReplace()}));
  b.Add("ignore_addons", fw::BoolAttribute().Optional().Description(
                             "When `true`, the add-ons are neither waited for nor read (`installed_addons` stays "
                             "empty), e.g. when the add-on endpoint `<cluster id>.cce.<region>...` is not reachable."));
  b.Add("wait_for_addons", fw::BoolAttribute().Optional().Description(
                               "When `true`, the create also waits until the default add-ons are installed and "
                               "`running` (a few more minutes). Off by default: the cluster is usable before."));
  b.Add("installed_addons", fw::SetAttribute(cty::Type::String())
                                .Computed()
                                .Description("The template names of the add-ons installed in the cluster."));
  b.Add("security_group_control", fw::StringAttribute()
                                      .Computed()
                                      .Description("The security group CCE created for the master port.")
                                      .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("security_group_node", fw::StringAttribute()
                                   .Computed()
                                   .Description("The security group CCE created for the nodes (empty when "
                                                "`security_group_id` was given).")
                                   .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("delete_efs", DeleteFlag("the SFS Turbo file systems the cluster's volumes used", false));
  b.Add("delete_eni", DeleteFlag("the ENIs created for the containers", false));
  b.Add("delete_evs", DeleteFlag("the EVS disks of the cluster's volumes", false));
  b.Add("delete_net", DeleteFlag("the network resources (load balancers) of the cluster's services", false));
  b.Add("delete_obs", DeleteFlag("the OBS buckets of the cluster's volumes", false));
  b.Add("delete_sfs", DeleteFlag("the SFS file systems of the cluster's volumes", false));
  b.Add("delete_all_storage", DeleteFlag("all storage: sets delete_efs, delete_evs, delete_obs and delete_sfs", true));
  b.Add("delete_all_network", DeleteFlag("all network resources: sets delete_eni and delete_net", true));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(30))
                         .Update(std::chrono::minutes(30))
                         .Delete(std::chrono::minutes(30)));
  return s;
}

bool Known(const cty::Value& v) { return v.IsKnown() && !v.IsNull(); }
std::map<std::string, std::string> StrMapOf(const cty::Value& v) { return TagsFrom(v); }
bool True(const cty::Value& obj, const char* attr) { return GetBool(obj, attr).value_or(false); }

std::string Label(const std::string& name, const std::string& id) {
  if (name.empty()) return "CCE cluster " + id;
  return "CCE cluster \"" + name + "\"" + (id.empty() ? "" : " (" + id + ")");
}

// The failure reason of a cluster in phase Error: its own status, else its
// job's.
std::string ClusterFailure(const fw::Context& ctx, otc::Client& c, const otc::cce::Cluster& cl) {
  std::string reason = !cl.message.empty() ? cl.message : cl.reason;
  if (reason.empty() && !cl.job_id.empty()) {
    auto job = otc::cce::GetJob(ctx, c, cl.job_id);
    if (job.ok()) reason = otc::cce::FailureReason(job.value());
  }
  return reason.empty() ? "the CCE service gave no reason; see the cluster's events in the console" : reason;
}

class Cluster final : public fw::Resource,
                      public fw::ResourceWithConfigure,
                      public fw::ResourceWithImportState,
                      public fw::ResourceWithValidateConfig,
                      public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_cce_cluster";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = ClusterSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  // What the schema cannot say: the network mode's needs, CIDR rules,
  // authentication proxy, multi-AZ, delete flags, add-on switches.
  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto& diags = resp.diagnostics;
    const cty::Value& cfg = req.config;
    auto at = [](const char* a) { return cty::Path().GetAttr(a); };
    cty::Value mode = AttrOf(cfg, "container_network_type");
    if (Known(mode)) {
      bool eni = mode.AsString() == "eni";
      for (const char* a : {"eni_subnet_id", "eni_subnet_cidr"}) {
        cty::Value v = AttrOf(cfg, a);
        if (eni && v.IsKnown() && v.IsNull()) {
          diags.AddAttributeError(at(a), "Missing ENI Subnet",
                                  std::string("container_network_type = \"eni\" (CCE Turbo) needs ") + a +
                                      "; set eni_subnet_id (the subnet's IPv4 subnet id) and eni_subnet_cidr.");
        }
        if (!eni && Known(v)) {
          diags.AddAttributeError(at(a), "ENI Subnet Without ENI Network",
                                  std::string(a) + " is only used with container_network_type = \"eni\", not \"" +
                                      mode.AsString() + "\". Remove it or switch the network type.");
        }
      }
      if (eni && Known(AttrOf(cfg, "container_network_cidr"))) {
        diags.AddAttributeError(at("container_network_cidr"), "Container CIDR Not Used With ENI",
                                "With container_network_type = \"eni\" the containers get addresses of "
                                "eni_subnet_id; remove container_network_cidr.");
      }
    }
    auto cidr = [&](const char* a, int min_len, int max_len, const char* rule) -> std::optional<Ipv4Prefix> {
      cty::Value v = AttrOf(cfg, a);
      if (!Known(v)) return std::nullopt;
      auto p = ParseIpv4Cidr(v.AsString());
      if (!p) return std::nullopt;  // IsCidr reports it
      bool priv = Ipv4Prefix{*ParseIpv4("10.0.0.0"), 8}.Contains(*p) ||
                  Ipv4Prefix{*ParseIpv4("172.16.0.0"), 12}.Contains(*p) ||
                  Ipv4Prefix{*ParseIpv4("192.168.0.0"), 16}.Contains(*p);
      if (!priv || p->length < min_len || p->length > max_len || p->address != p->Network()) {
        diags.AddAttributeError(at(a), "Invalid CIDR For CCE",
                                std::string(a) + " \"" + v.AsString() + "\" is not usable: " + rule +
                                    " (network address " + FormatIpv4(p->Network()) + ").");
        return std::nullopt;
      }
      return p;
    };
    auto ccidr = cidr("container_network_cidr", 0, 19,
                      "use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) of /19 or larger");
    auto svc = cidr("kubernetes_svc_ip_range", 12, 24, "use a private range with a mask between /12 and /24");
    if (ccidr && svc && (ccidr->Contains(*svc) || svc->Contains(*ccidr))) {
      diags.AddAttributeError(at("kubernetes_svc_ip_range"), "Overlapping Cluster CIDRs",
                              "kubernetes_svc_ip_range overlaps container_network_cidr; choose disjoint ranges "
                              "(the defaults are 10.247.0.0/16 and 172.16.0.0/16).");
    }
    cty::Value amode = AttrOf(cfg, "authentication_mode");
    cty::Value proxy = AttrOf(cfg, "authenticating_proxy");
    bool has_proxy = proxy.IsKnown() && !proxy.IsNull() && !proxy.Elements().empty();
    if (Known(amode) && amode.AsString() == "authenticating_proxy" && proxy.IsKnown() && !has_proxy) {
      diags.AddAttributeError(at("authenticating_proxy"), "Missing Authenticating Proxy",
                              "authentication_mode = \"authenticating_proxy\" needs an authenticating_proxy block "
                              "with ca, cert and private_key.");
    }
    if (has_proxy && Known(amode) && amode.AsString() != "authenticating_proxy") {
      diags.AddAttributeError(at("authenticating_proxy"), "Authenticating Proxy Not Used",
                              "The authenticating_proxy block is only used with authentication_mode = "
                              "\"authenticating_proxy\", not \"" + amode.AsString() + "\".");
    }
    if (has_proxy && !Known(amode) && AttrOf(cfg, "authentication_mode").IsKnown()) {
      diags.AddAttributeError(at("authentication_mode"), "Missing Authentication Mode",
                              "An authenticating_proxy block needs authentication_mode = \"authenticating_proxy\".");
    }
    cty::Value ext = AttrOf(cfg, "extend_param");
    if (True(cfg, "multi_az")) {
      cty::Value flavor = AttrOf(cfg, "flavor_id");
      if (Known(flavor) && flavor.AsString().rfind("cce.s2.", 0) != 0) {
        diags.AddAttributeError(at("multi_az"), "Multi-AZ Needs An HA Flavor",
                                "multi_az spreads three masters over the AZs, but flavor_id \"" + flavor.AsString() +
                                    "\" has one master; use a cce.s2.* flavor or remove multi_az.");
      }
      if (Known(ext) && ext.MapElements().count("clusterAZ") > 0) {
        diags.AddAttributeError(cty::Path().GetAttr("extend_param").Index(std::string("clusterAZ")), "Conflicting Master AZ",
                                "multi_az = true sets clusterAZ = multi_az; remove extend_param.clusterAZ.");
      }
    }
    if (Known(ext)) {
      for (const auto& [k, v] : ext.MapElements()) {
        if (k == "clusterExternalIP") {
          diags.AddAttributeError(cty::Path().GetAttr("extend_param").Index(k), "Use The eip Attribute",
                                  "Set the API server's EIP with `eip` (it can then change in place), not "
                                  "extend_param.clusterExternalIP.");
        }
        if (k == "clusterAZ" && Known(v) && v.AsString() != "multi_az") {
          const std::string& az = v.AsString();
          bool ok = az.size() > 3 && az.compare(az.size() - 3, 2, "-0") == 0 && az.back() >= '1' && az.back() <= '3';
          if (!ok) {
            diags.AddAttributeError(cty::Path().GetAttr("extend_param").Index(k), "Invalid Master AZ",
                                    "extend_param.clusterAZ \"" + az +
                                        "\" is not an AZ: use <region>-01, -02 or -03 (e.g. eu-de-01), or "
                                        "multi_az = true.");
          }
        }
      }
    }
    if (True(cfg, "no_addons") && True(cfg, "wait_for_addons")) {
      diags.AddAttributeError(at("wait_for_addons"), "Conflicting Add-on Settings",
                              "no_addons removes the default add-ons, so there is nothing to wait for; remove "
                              "wait_for_addons.");
    }
    if (True(cfg, "ignore_addons") && True(cfg, "wait_for_addons")) {
      diags.AddAttributeError(at("wait_for_addons"), "Conflicting Add-on Settings",
                              "ignore_addons = true skips the add-ons; it cannot be combined with wait_for_addons.");
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull() || !data_) return;
    cty::Value region = AttrOf(resp.plan, "region");
    if (!region.IsKnown()) {
      if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "region", cty::Value::String(data_->region));
    } else if (!region.IsNull() && region.AsString() != data_->region) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
          "region is \"" + region.AsString() + "\" but this provider manages \"" + data_->region +
              "\". Use a provider alias configured for that region.");
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    const cty::Value& p = req.plan;
    otc::cce::ClusterCreate in;
    in.name = GetString(p, "name").value_or("");
    in.labels = StrMapOf(AttrOf(p, "labels"));
    in.annotations = StrMapOf(AttrOf(p, "annotations"));
    in.flavor = GetString(p, "flavor_id").value_or("");
    in.version = GetString(p, "cluster_version").value_or("");
    in.type = GetString(p, "cluster_type").value_or("VirtualMachine");
    in.description = GetString(p, "description").value_or("");
    if (auto bm = fw::GetInt(p, "billing_mode")) in.billing_mode = static_cast<int>(*bm);
    in.vpc_id = GetString(p, "vpc_id").value_or("");
    in.subnet_id = GetString(p, "subnet_id").value_or("");
    in.highway_subnet_id = GetString(p, "highway_subnet_id").value_or("");
    in.security_group_id = GetString(p, "security_group_id").value_or("");
    in.container_network_mode = GetString(p, "container_network_type").value_or("");
    in.container_network_cidr = GetString(p, "container_network_cidr").value_or("");
    if (in.container_network_mode == "eni") in.category = "Turbo";
    in.eni_subnet_id = GetString(p, "eni_subnet_id").value_or("");
    in.eni_subnet_cidr = GetString(p, "eni_subnet_cidr").value_or("");
    in.authentication_mode = GetString(p, "authentication_mode").value_or("");
    cty::Value proxy = AttrOf(p, "authenticating_proxy");
    if (Known(proxy) && !proxy.Elements().empty()) {
      const cty::Value& px = proxy.Elements()[0];
      in.proxy_ca = GetString(px, "ca").value_or("");
      in.proxy_cert = GetString(px, "cert").value_or("");
      in.proxy_private_key = GetString(px, "private_key").value_or("");
      if (in.authentication_mode.empty()) in.authentication_mode = "authenticating_proxy";
    }
    in.kubernetes_svc_ip_range = GetString(p, "kubernetes_svc_ip_range").value_or("");
    in.kube_proxy_mode = GetString(p, "kube_proxy_mode").value_or("");
    in.extend_param = StrMapOf(AttrOf(p, "extend_param"));
    if (True(p, "multi_az")) in.extend_param["clusterAZ"] = "multi_az";
    std::string eip = GetString(p, "eip").value_or("");
    if (!eip.empty()) in.extend_param["clusterExternalIP"] = eip;
    if (auto enc = GetBool(p, "enable_volume_encryption")) in.enable_master_volume_encryption = *enc;

    auto created = otc::cce::CreateCluster(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    // From here on the cluster exists: every failure returns it (tainted).
    resp.state = WithAttr(p, "id", cty::Value::String(id));
    const std::string label = Label(in.name, id);
    auto waited = WaitAvailable(ctx, c, id, label);
    if (!waited.ok()) return AddPartial(resp.diagnostics, waited, label);
    if (!True(p, "ignore_addons") && (True(p, "wait_for_addons") || True(p, "no_addons"))) {
      auto addons = WaitAddons(ctx, c, id, label, True(p, "no_addons"));
      if (!addons.ok()) return AddPartial(resp.diagnostics, addons, label);
    }
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "CCE Cluster", label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(p, remote);
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    cty::Value remote;
    if (!Fetch(ctx, *id, req.state, remote, resp.diagnostics)) return;
    resp.state = remote;  // null when gone
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    const std::string label = Label(GetString(req.state, "name").value_or(""), id);
    resp.state = req.state;
    cty::Value old_desc = AttrOf(req.state, "description"), new_desc = AttrOf(req.plan, "description");
    if (Known(new_desc) && new_desc != old_desc) {
      auto r = otc::cce::UpdateClusterDescription(ctx, c, id, new_desc.AsString());
      if (!r.ok()) return AddOtcError(resp.diagnostics, r.error());
    }
    cty::Value old_eip = AttrOf(req.state, "eip"), new_eip = AttrOf(req.plan, "eip");
    if (new_eip.IsKnown() && new_eip != old_eip) {
      std::string from = Known(old_eip) ? old_eip.AsString() : "";
      std::string to = Known(new_eip) ? new_eip.AsString() : "";
      auto s = MoveEip(ctx, c, id, label, from, to);
      if (!s.ok()) return AddOtcError(resp.diagnostics, s);
    }
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "CCE Cluster", label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    const std::string label = Label(GetString(req.state, "name").value_or(""), *id);
    std::map<std::string, std::string> flags;
    auto flag = [&](const char* attr, std::initializer_list<const char*> targets) {
      auto v = GetString(req.state, attr);
      if (!v) return;
      for (const char* t : targets) flags[t] = *v;
    };
    flag("delete_all_storage", {"delete_efs", "delete_evs", "delete_obs", "delete_sfs"});
    flag("delete_all_network", {"delete_eni", "delete_net"});
    for (const auto& f : kDeleteFlags) flag(f.c_str(), {f.c_str()});
    std::vector<std::pair<std::string, std::string>> query(flags.begin(), flags.end());

    // GET; DELETE unless it is already Deleting; then GET until 404. A
    // cluster that turns to Error after our DELETE failed to delete.
    bool issued = false;
    auto s = otc::WaitUntil(ctx, LongWait(label + " to be deleted"),
                            [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
                              auto g = otc::cce::GetCluster(x, c, *id);
                              if (!g.ok() && g.error().IsNotFound()) {
                                return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
                              }
                              if (!g.ok()) return g.error();
                              if (g->phase == "Deleting") return otc::PollResult{otc::PollResult::kPending, "Deleting", ""};
                              if (issued && g->phase == "Error") {
                                return otc::PollResult{otc::PollResult::kFailed, "Error", ClusterFailure(x, c, g.value())};
                              }
                              auto d = otc::cce::DeleteCluster(x, c, *id, query);
                              if (!d.ok() && !d.IsNotFound()) {
                                // 403/409: busy (another operation runs); try again.
                                if (d.http_status() == 403 || d.IsConflict()) {
                                  return otc::PollResult{otc::PollResult::kPending, "busy: " + d.message(), ""};
                                }
                                return d;
                              }
                              issued = true;
                              return otc::PollResult{otc::PollResult::kPending, "delete requested (" + g->phase + ")", ""};
                            });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_cce_cluster is imported by its cluster ID (metadata.uid, e.g. "
                                "\"4d1ecb2c-...\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  // A create step failed after the cluster exists: the error, plus what
  // happens to the cluster now.
  static void AddPartial(tfplugin::Diagnostics& diags, const otc::Status& e, const std::string& label) {
    std::string what;
    switch (e.kind()) {
      case otc::ErrorKind::kCancelled:
        what = "The create was interrupted (StopProvider); ";
        break;
      case otc::ErrorKind::kTimeout:
        what = "The create hit its timeout (timeouts.create); ";
        break;
      default:
        what = "";
        break;
    }
    diags.AddError(e.Summary(), e.Message() + (e.hint().empty() ? "" : " " + e.hint()) + "\n\n" + what + label +
                                    " exists and is saved in the state as tainted: the next apply replaces it (or "
                                    "`tofu untaint` keeps it once it is Available); `tofu destroy` deletes it.");
  }

  otc::Status WaitAvailable(const fw::Context& ctx, otc::Client& c, const std::string& id,
                            const std::string& label) {
    otc::WaitOptions o = LongWait(label + " to become Available");
    o.pending_statuses = {404};  // eventual consistency right after the POST
    return otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::cce::GetCluster(x, c, id);
      if (!g.ok()) return g.error();
      const std::string& ph = g->phase;
      if (ph == "Available") return otc::PollResult{otc::PollResult::kDone, ph, ""};
      if (ph == "Error" || ph == "Unavailable" || ph == "Deleting") {
        std::string reason = ph == "Deleting" ? "the cluster is being deleted (by someone else?)"
                                               : ClusterFailure(x, c, g.value());
        return otc::PollResult{otc::PollResult::kFailed, ph, reason};
      }
      return otc::PollResult{otc::PollResult::kPending, ph.empty() ? "(no phase)" : ph, ""};
    });
  }

  // Waits until the default add-ons are listed (and, unless `remove`, all
  // running); with `remove` deletes them and waits until none is left.
  otc::Status WaitAddons(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& label,
                         bool remove) {
    otc::WaitOptions o = LongWait("the default add-ons of " + label + (remove ? " to appear" : " to be running"));
    auto s = otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto l = otc::cce::ListAddons(x, c, id);
      if (!l.ok()) return l.error();
      if (l->empty()) return otc::PollResult{otc::PollResult::kPending, "no add-ons yet", ""};
      if (remove) return otc::PollResult{otc::PollResult::kDone, "listed", ""};
      std::string waiting;
      for (const auto& a : l.value()) {
        if (a.status == "abnormal") {
          return otc::PollResult{otc::PollResult::kFailed, a.template_name + " abnormal",
                                 "add-on " + a.template_name + " is abnormal"};
        }
        if (a.status != "running" && a.status != "available") waiting += (waiting.empty() ? "" : ", ") + a.template_name + " " + a.status;
      }
      if (waiting.empty()) return otc::PollResult{otc::PollResult::kDone, "running", ""};
      return otc::PollResult{otc::PollResult::kPending, waiting, ""};
    });
    if (!s.ok() || !remove) return s;
    o.what = "the default add-ons of " + label + " to be removed";
    return otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto l = otc::cce::ListAddons(x, c, id);
      if (!l.ok()) return l.error();
      if (l->empty()) return otc::PollResult{otc::PollResult::kDone, "none left", ""};
      std::string left;
      for (const auto& a : l.value()) {
        left += (left.empty() ? "" : ", ") + a.template_name;
        if (a.status != "deleting") {
          auto d = otc::cce::DeleteAddon(x, c, id, a.id);
          if (!d.ok() && !d.IsNotFound()) return d;
        }
      }
      return otc::PollResult{otc::PollResult::kPending, "removing " + left, ""};
    });
  }

  // Moves the master EIP from address `from` to `to` ("" = none).
  otc::Status MoveEip(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& label,
                      const std::string& from, const std::string& to) {
    if (!from.empty()) {
      auto s = otc::cce::UnbindMasterEip(ctx, c, id);
      if (!s.ok() && !s.IsNotFound()) return s;
    }
    if (to.empty()) return otc::Status();
    auto eips = otc::vpc::ListEips(ctx, c);
    if (!eips.ok()) return eips.error();
    for (const auto& e : eips.value()) {
      if (e.public_ip_address == to) return otc::cce::BindMasterEip(ctx, c, id, e.id, to);
    }
    return otc::Error(otc::ErrorKind::kConfig, "no EIP with address " + to + " exists in this project")
        .set_what("binding an EIP to " + label)
        .set_hint("Create the EIP first (edp_vpc_eip) and use its publicip.ip_address as eip.");
  }

  // The remote cluster as a state value built on `base` (null when gone).
  // Returns false with a diagnostic on an API error.
  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto g = otc::cce::GetCluster(ctx, c, id);
    if (!g.ok()) {
      if (g.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, g.error());
      return false;
    }
    const otc::cce::Cluster& cl = g.value();
    const bool available = cl.phase == "Available";
    cty::Value s = base;
    auto str = [&](const char* attr, const std::string& v) { s = WithAttr(s, attr, cty::Value::String(v)); };
    str("id", cl.id.empty() ? id : cl.id);
    str("region", data_->region);
    str("name", cl.name);
    s = WithAttr(s, "labels", TagsValue(cl.labels, AttrOf(base, "labels")));
    s = WithAttr(s, "annotations", TagsValue(cl.annotations, AttrOf(base, "annotations")));
    str("flavor_id", cl.flavor);
    cty::Value prior_version = AttrOf(base, "cluster_version");
    if (Known(prior_version) && cce::VersionsMatch(prior_version.AsString(), cl.version)) {
      s = WithAttr(s, "cluster_version", prior_version);
    } else {
      str("cluster_version", cl.version);
    }
    str("cluster_type", cl.type);
    str("description", cl.description);
    s = WithAttr(s, "billing_mode", cty::Value::Int(cl.billing_mode));
    str("vpc_id", cl.vpc_id);
    str("subnet_id", cl.subnet_id);
    str("highway_subnet_id", cl.highway_subnet_id);
    str("security_group_id", cl.security_group_id);
    s = WithAttr(s, "enable_volume_encryption", cty::Value::Bool(cl.enable_master_volume_encryption));
    str("container_network_type", cl.container_network_mode);
    str("container_network_cidr", cl.container_network_cidr);
    str("eni_subnet_id", cl.eni_subnet_id);
    str("eni_subnet_cidr", cl.eni_subnet_cidr);
    str("authentication_mode", cl.authentication_mode);
    str("kubernetes_svc_ip_range", cl.kubernetes_svc_ip_range);
    str("kube_proxy_mode", cl.kube_proxy_mode);
    // extend_param: the keys the configuration has (a removed or changed
    // one shows as drift); after an import, what the API has minus the
    // entries multi_az and eip stand for.
    std::map<std::string, std::string> ext = cl.extend_param;
    cty::Value prior_ext = AttrOf(base, "extend_param");
    bool multi = ext.count("clusterAZ") > 0 && ext["clusterAZ"] == "multi_az";
    std::map<std::string, cty::Value> keep;
    if (Known(prior_ext)) {
      for (const auto& [k, v] : prior_ext.MapElements()) {
        if (auto it = ext.find(k); it != ext.end()) keep.emplace(k, cty::Value::String(it->second));
      }
      s = WithAttr(s, "extend_param", cty::Value::Map(cty::Type::String(), std::move(keep)));
    } else {
      for (const auto& [k, v] : ext) {
        if (k == "clusterExternalIP" || (k == "clusterAZ" && multi)) continue;
        keep.emplace(k, cty::Value::String(v));
      }
      s = WithAttr(s, "extend_param", keep.empty() ? cty::Value::Null(cty::Type::Map(cty::Type::String()))
                                                   : cty::Value::Map(cty::Type::String(), std::move(keep)));
    }
    cty::Value prior_multi = AttrOf(base, "multi_az");
    if (multi) {
      s = WithAttr(s, "multi_az", cty::Value::True());
    } else if (Known(prior_multi)) {
      s = WithAttr(s, "multi_az", cty::Value::False());
    }
    s = WithAttr(s, "eip", OptionalString(otc::cce::EndpointHost(cl.endpoints.external), AttrOf(base, "eip")));
    str("status", cl.phase);
    str("internal", cl.endpoints.internal);
    str("external", cl.endpoints.external);
    str("external_otc", cl.endpoints.external_otc);

    // Certificates: only an Available cluster has them. CCE signs a new
    // client certificate on every call, so a state that already holds one
    // for the same user keeps it (no churn on every refresh).
    const bool skip_clusters = True(base, "ignore_certificate_clusters_data");
    const bool skip_users = True(base, "ignore_certificate_users_data");
    cty::Value clusters = cty::Value::EmptyList(cce::CertClusterType());
    cty::Value users = cty::Value::EmptyList(cce::CertUserType());
    cty::Value raw = cty::Value::String("");
    if (available && !(skip_clusters && skip_users)) {
      auto k = otc::cce::GetClusterCert(ctx, c, id);
      if (!k.ok()) {
        if (k.error().IsNotFound()) {
          out = cty::Value::Null(base.type());
          return true;
        }
        AddOtcError(diags, k.error());
        return false;
      }
      otc::cce::Kubeconfig kc = k.value();
      if (!skip_clusters) clusters = cce::CertClustersValue(kc);
      if (!skip_users) {
        cty::Value prior_users = AttrOf(base, "certificate_users");
        if (Known(prior_users) && prior_users.Elements().size() == kc.users.size() && !kc.users.empty()) {
          bool same = true;
          for (size_t i = 0; i < kc.users.size() && same; ++i) {
            same = GetString(prior_users.Elements()[i], "name").value_or("") == kc.users[i].name;
          }
          if (same) {
            for (size_t i = 0; i < kc.users.size(); ++i) {
              const cty::Value& u = prior_users.Elements()[i];
              kc.users[i].client_certificate_data = GetString(u, "client_certificate_data").value_or("");
              kc.users[i].client_key_data = GetString(u, "client_key_data").value_or("");
            }
          }
        }
        users = cce::CertUsersValue(kc);
        otc::json rawj = kc.raw;
        if (rawj.contains("users") && rawj["users"].is_array()) {
          for (size_t i = 0; i < rawj["users"].size() && i < kc.users.size(); ++i) {
            rawj["users"][i]["user"]["client-certificate-data"] = kc.users[i].client_certificate_data;
            rawj["users"][i]["user"]["client-key-data"] = kc.users[i].client_key_data;
          }
        }
        raw = cty::Value::String(rawj.dump());
      }
    }
    s = WithAttr(s, "certificate_clusters", clusters);
    s = WithAttr(s, "certificate_users", users);
    s = WithAttr(s, "kube_config_raw", raw);

    std::vector<cty::Value> addons;
    if (available && !True(base, "ignore_addons")) {
      auto l = otc::cce::ListAddons(ctx, c, id);
      if (!l.ok() && !l.error().IsNotFound()) {
        AddOtcError(diags, l.error());
        return false;
      }
      if (l.ok()) {
        for (const auto& a : l.value()) addons.push_back(cty::Value::String(a.template_name));
      }
    }
    s = WithAttr(s, "installed_addons", cty::Value::Set(cty::Type::String(), std::move(addons)));

    // The security groups CCE made: their description names the cluster id.
    std::string control, node;
    auto sgs = otc::vpc::ListSecurityGroups(ctx, c, "");
    if (!sgs.ok()) {
      AddOtcError(diags, sgs.error());
      return false;
    }
    for (const auto& g2 : sgs.value()) {
      if (g2.description.find(id) == std::string::npos) continue;
      if (g2.description.find("master port") != std::string::npos) control = g2.id;
      else if (g2.description.find("node") != std::string::npos) node = g2.id;
    }
    str("security_group_control", control);
    str("security_group_node", node);
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory CceClusterResource() {
  return [] { return std::make_unique<Cluster>(); };
}

}  // namespace resources
