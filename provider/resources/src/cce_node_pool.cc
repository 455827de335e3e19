// edp_cce_node_pool: a node pool of a CCE cluster (CCE v3 node pools,
// api.md 3.3, and the pool's nodes, 3.4). Same attributes and meanings as
// opentelekomcloud_cce_node_pool_v3; import ID "<cluster_id>/<pool_id>".
//
// In place (PUT): name, initial_node_count (scaling), the autoscaling
// settings, k8s_tags and taints. Everything else forces a new pool.
//
// Waiting: create and scale return once the pool's phase is normal (the
// API's empty phase) and exactly initial_node_count nodes of the pool are
// Active; delete returns once the pool answers 404 and none of its nodes is
// left, so deleting the subnet or security group afterwards does not fail.
// Polling is adaptive: the first poll at once, then 2 s growing by 1.5x per
// unchanged status up to 15 s, back to 2 s when the status changes (the
// official provider waits a fixed 120 s before its first poll, then every
// 20 s). All waits end at the resource's `timeouts` or on StopProvider; a
// create that ends early returns the pool (id set) so OpenTofu taints it.
// A pool or node that ends in Error/SoldOut/Abnormal fails the wait with
// the service's reason.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/cce_node_pool.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
namespace np = otc::cce_node_pool;
using fw::AttrOf;
using fw::GetBool;
using fw::GetInt;
using fw::GetString;
using fw::WithAttr;

constexpr std::chrono::milliseconds kPollInitial{2000};
constexpr std::chrono::milliseconds kPollMax{15000};
constexpr double kPollGrowth = 1.5;

const std::vector<std::string> kVolumeTypes = {"SATA", "SAS", "SSD", "ESSD", "GPSSD", "co-p1", "uh-l1"};

fw::Block VolumeBlock(bool root) {
  fw::Block b;
  b.Description(root ? "The system disk of every node (exactly one)."
                     : "The data disks of every node (at least one; the first holds the container runtime's "
                       "storage).");
  b.Add("size", fw::NumberAttribute()
                    .Required()
                    .Description(root ? "The root volume size in GB (40-1024, what CCE accepts)."
                                      : "The data volume size in GB (100-32768).")
                    .Validators({root ? fw::IntBetween(40, 1024) : fw::IntBetween(100, 32768)})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("volumetype", fw::StringAttribute()
                          .Required()
                          .Description("The EVS disk type: `SATA`, `SAS`, `SSD`, `ESSD`, `GPSSD`, `co-p1` or `uh-l1`.")
                          .Validators({fw::StringOneOf(kVolumeTypes)})
                          .PlanModifiers({fw::RequiresReplace()}));
  b.Add("kms_id", fw::StringAttribute()
                      .Optional()
                      .Description("The KMS key ID that encrypts the volume; unset for an unencrypted volume.")
                      .Validators({fw::StringLengthAtLeast(1)})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("extend_params", fw::MapAttribute(cty::Type::String())
                             .Optional()
                             .Description(root ? "Extra volume parameters of the API's `extendParam` (string values)."
                                               : "Extra volume parameters of the API's `extendParam`, e.g. "
                                                 "`useType = \"docker\"`.")
                             .PlanModifiers({fw::RequiresReplace()}));
  return b;
}

fw::Block TaintBlock() {
  fw::Block b;
  b.Description("Kubernetes taints of the nodes. Updated in place.");
  b.Add("key", fw::StringAttribute()
                   .Required()
                   .Description("The taint key: a Kubernetes label key (optional DNS prefix and `/`, then 1-63 "
                                "letters, digits, `-`, `_`, `.`, starting and ending alphanumeric)."));
  b.Add("value", fw::StringAttribute()
                     .Required()
                     .Description("The taint value: up to 63 letters, digits, `-`, `_`, `.` (may be empty)."));
  b.Add("effect", fw::StringAttribute()
                      .Required()
                      .Description("The taint effect: `NoSchedule`, `PreferNoSchedule` or `NoExecute`.")
                      .Validators({fw::StringOneOf({"NoSchedule", "PreferNoSchedule", "NoExecute"})}));
  return b;
}

fw::Schema PoolSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a node pool of a CCE (Cloud Container Engine) cluster in Open Telekom Cloud. Creating and scaling "
      "wait until the pool is normal and all its nodes are `Active`; destroying waits until the pool and its "
      "nodes are gone. Import with `<cluster_id>/<pool_id>`.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The node pool ID (its `metadata.uid`).")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("cluster_id", fw::StringAttribute()
                          .Required()
                          .Description("The ID of the CCE cluster the pool belongs to; it must be `Available`.")
                          .Validators({fw::StringLengthAtLeast(1)})
                          .PlanModifiers({fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The pool name: 1-50 lower-case letters, digits and `-`, starting with a letter "
                                 "and not ending with `-`. Renaming happens in place.")
                    .Validators({fw::StringMatches("^[a-z]([a-z0-9-]{0,48}[a-z0-9])?$",
                                                   "use 1-50 lower-case letters, digits and '-', starting with a "
                                                   "letter and not ending with '-'")}));
  b.Add("flavor", fw::StringAttribute()
                      .Required()
                      .Description("The ECS flavor of the nodes, e.g. `s3.large.2`.")
                      .Validators({fw::StringMatches("^[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+$",
                                                     "an ECS flavor looks like s3.large.2")})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("availability_zone", fw::StringAttribute()
                                 .Optional()
                                 .Computed()
                                 .Default(cty::Value::String("random"))
                                 .Description("The availability zone of the nodes (e.g. `eu-de-01`), or `random` "
                                              "(the default) to let CCE choose.")
                                 .Validators({fw::StringMatches("^(random|[a-z]+-[a-z0-9]+-[0-9]{2})$",
                                                                "use random or a zone such as eu-de-01")})
                                 .PlanModifiers({fw::RequiresReplace()}));
  b.Add("os", fw::StringAttribute()
                  .Optional()
                  .Computed()
                  .Description("The node operating system, e.g. `EulerOS 2.9` or `HCE OS 2.0`; CCE's default for "
                               "the cluster version when unset.")
                  .Validators({fw::StringLengthAtLeast(1)})
                  .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("key_pair", fw::StringAttribute()
                        .Optional()
                        .Description("The SSH key pair name for logging in to the nodes. Exactly one of "
                                     "`key_pair` and `password`.")
                        .Validators({fw::StringLengthAtLeast(1)})
                        .PlanModifiers({fw::RequiresReplace()}));
  b.Add("password", fw::StringAttribute()
                        .Optional()
                        .Sensitive()
                        .Description("The `root` password of the nodes (sent once at creation, never read back). "
                                     "Exactly one of `key_pair` and `password`.")
                        .Validators({fw::StringLengthAtLeast(1)})
                        .PlanModifiers({fw::RequiresReplace()}));
  b.Add("root_volume", fw::ListBlock(VolumeBlock(true))
                           .MinItems(1)
                           .MaxItems(1)
                           .PlanModifiers({fw::RequiresReplace()}));
  b.Add("data_volumes", fw::ListBlock(VolumeBlock(false)).MinItems(1).PlanModifiers({fw::RequiresReplace()}));
  b.Add("storage", fw::StringAttribute()
                       .Optional()
                       .Description("Advanced disk layout: the API's `storage` object (`storageSelectors`, "
                                    "`storageGroups`) as JSON text. Formatting differences are not a change.")
                       .PlanModifiers({fw::RequiresReplace()}));
  b.Add("initial_node_count", fw::NumberAttribute()
                                  .Required()
                                  .Description("The number of nodes (0-2000). Changing it scales the pool in "
                                               "place and waits until the nodes are `Active` (or gone).")
                                  .Validators({fw::IntBetween(0, 2000)}));
  b.Add("scale_enable", fw::BoolAttribute()
                            .Optional()
                            .Computed()
                            .Default(cty::Value::False())
                            .Description("Whether the cluster autoscaler may scale the pool between "
                                         "`min_node_count` and `max_node_count`."));
  b.Add("min_node_count", fw::NumberAttribute()
                              .Optional()
                              .Computed()
                              .Default(cty::Value::Int(0))
                              .Description("The autoscaler's lower bound (0-2000).")
                              .Validators({fw::IntBetween(0, 2000)}));
  b.Add("max_node_count", fw::NumberAttribute()
                              .Optional()
                              .Computed()
                              .Default(cty::Value::Int(0))
                              .Description("The autoscaler's upper bound (0-2000; at least 1 and at least "
                                           "`min_node_count` when `scale_enable` is true).")
                              .Validators({fw::IntBetween(0, 2000)}));
  b.Add("scale_down_cooldown_time", fw::NumberAttribute()
                                        .Optional()
                                        .Computed()
                                        .Default(cty::Value::Int(0))
                                        .Description("Minutes the autoscaler waits after a scale-up before it may "
                                                     "scale down.")
                                        .Validators({fw::IntBetween(0, 2147483647)}));
  b.Add("priority", fw::NumberAttribute()
                        .Optional()
                        .Computed()
                        .Default(cty::Value::Int(0))
                        .Description("The pool's scale-up priority for the autoscaler (higher first).")
                        .Validators({fw::IntBetween(0, 2147483647)}));
  b.Add("k8s_tags", fw::MapAttribute(cty::Type::String())
                        .Optional()
                        .Computed()
                        .Description("Kubernetes labels of the nodes (CCE's own `cce.cloud.com` labels are not "
                                     "shown). Updated in place.")
                        .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("user_tags", fw::MapAttribute(cty::Type::String())
                         .Optional()
                         .Description("Resource tags of the node servers (ECS tags).")
                         .PlanModifiers({fw::RequiresReplace()}));
  b.Add("taints", fw::ListBlock(TaintBlock()));
  b.Add("runtime", fw::StringAttribute()
                       .Optional()
                       .Computed()
                       .Description("The container runtime: `docker` or `containerd`; CCE's default for the "
                                    "cluster version when unset.")
                       .Validators({fw::StringOneOf({"docker", "containerd"})})
                       .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("subnet_id", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The subnet (VPC subnet ID) of the nodes' primary NIC; the cluster's subnet "
                                      "when unset.")
                         .Validators({fw::StringLengthAtLeast(1)})
                         .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("security_group_ids", fw::ListAttribute(cty::Type::String())
                                  .Optional()
                                  .Computed()
                                  .Description("Security groups of the nodes instead of the cluster's default node "
                                               "group.")
                                  .Validators({fw::EachValue(fw::StringLengthAtLeast(1))})
                                  .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("server_group_reference", fw::StringAttribute()
                                      .Optional()
                                      .Description("The ECS server group (anti-affinity) the nodes are placed in.")
                                      .Validators({fw::StringLengthAtLeast(1)})
                                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("preinstall", fw::StringAttribute()
                          .Optional()
                          .Description("A script run before Kubernetes is installed on a node. Plain text or "
                                       "base64; plain text is base64-encoded for the API (as the official "
                                       "provider does) and the state keeps the value as written.")
                          .PlanModifiers({fw::RequiresReplace()}));
  b.Add("postinstall", fw::StringAttribute()
                           .Optional()
                           .Description("A script run after Kubernetes is installed on a node; encoded like "
                                        "`preinstall`.")
                           .PlanModifiers({fw::RequiresReplace()}));
  b.Add("max_pods", fw::NumberAttribute()
                        .Optional()
                        .Computed()
                        .Description("The maximum number of pods per node (16-256; CCE's default 110 when unset).")
                        .Validators({fw::IntBetween(16, 256)})
                        .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("agency_name", fw::StringAttribute()
                           .Optional()
                           .Description("The IAM agency the nodes act with.")
                           .Validators({fw::StringLengthAtLeast(1)})
                           .PlanModifiers({fw::RequiresReplace()}));
  b.Add("docker_base_size", fw::NumberAttribute()
                                .Optional()
                                .Description("The container base size in GB (Device Mapper storage).")
                                .Validators({fw::IntBetween(1, 32768)})
                                .PlanModifiers({fw::RequiresReplace()}));
  b.Add("docker_lvm_config_override", fw::StringAttribute()
                                          .Optional()
                                          .Description("The LVM configuration of the container storage disk "
                                                       "(the API's `DockerLVMConfigOverride`).")
                                          .Validators({fw::StringLengthAtLeast(1)})
                                          .PlanModifiers({fw::RequiresReplace()}));
  b.Add("status", fw::StringAttribute().Computed().Description(
                      "The pool phase reported by CCE: empty while the pool is normal, otherwise "
                      "`Synchronizing`, `Synchronized`, `SoldOut`, `Deleting` or `Error`."));
  b.Add("node_ids", fw::ListAttribute(cty::Type::String())
                        .Computed()
                        .Description("The IDs of the pool's nodes (sorted)."));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(30))
                         .Update(std::chrono::minutes(30))
                         .Delete(std::chrono::minutes(30)));
  return s;
}

// ---- values -----------------------------------------------------------------

std::vector<cty::Value> Elems(const cty::Value& v) {
  if (v.IsNull() || !v.IsKnown()) return {};
  return v.Elements();
}

cty::Value ObjectOf(const cty::Type& t, std::map<std::string, cty::Value> attrs) {
  for (const auto& [name, at] : t.attributes()) {
    if (!attrs.count(name)) attrs.emplace(name, cty::Value::Null(at));
  }
  return cty::Value::ObjectOf(t, std::move(attrs));
}

// A string map: null when empty and `prior` is null or unknown.
cty::Value MapOrNull(const std::map<std::string, std::string>& m, const cty::Value& prior) {
  if (m.empty() && (prior.IsNull() || !prior.IsKnown())) return cty::Value::Null(cty::Type::Map(cty::Type::String()));
  std::map<std::string, cty::Value> out;
  for (const auto& [k, v] : m) out.emplace(k, cty::Value::String(v));
  return cty::Value::Map(cty::Type::String(), std::move(out));
}

cty::Value StringList(const std::vector<std::string>& v) {
  std::vector<cty::Value> out;
  for (const auto& s : v) out.push_back(cty::Value::String(s));
  return cty::Value::List(cty::Type::String(), std::move(out));
}

// A number that is 0 when unset: null when 0 and `prior` is null.
cty::Value OptionalInt(int64_t api, const cty::Value& prior) {
  if (api == 0 && (prior.IsNull() || !prior.IsKnown())) return cty::Value::Null(cty::Type::Number());
  return cty::Value::Int(api);
}

std::vector<std::string> Strings(const cty::Value& v) {
  std::vector<std::string> out;
  for (const auto& e : Elems(v)) {
    if (e.IsKnown() && !e.IsNull()) out.push_back(e.AsString());
  }
  return out;
}

np::Volume VolumeFrom(const cty::Value& v) {
  np::Volume out;
  out.size = GetInt(v, "size").value_or(0);
  out.volumetype = GetString(v, "volumetype").value_or("");
  out.kms_id = GetString(v, "kms_id").value_or("");
  out.extend_params = TagsFrom(AttrOf(v, "extend_params"));
  return out;
}

cty::Value VolumeValue(const np::Volume& v, const cty::Type& t, const cty::Value& prior) {
  return ObjectOf(t, {{"size", cty::Value::Int(v.size)},
                      {"volumetype", cty::Value::String(v.volumetype)},
                      {"kms_id", OptionalString(v.kms_id, AttrOf(prior, "kms_id"))},
                      {"extend_params", MapOrNull(v.extend_params, AttrOf(prior, "extend_params"))}});
}

std::vector<np::Taint> TaintsFrom(const cty::Value& v) {
  std::vector<np::Taint> out;
  for (const auto& e : Elems(v)) {
    out.push_back({GetString(e, "key").value_or(""), GetString(e, "value").value_or(""),
                   GetString(e, "effect").value_or("")});
  }
  return out;
}

np::Autoscaling AutoscalingFrom(const cty::Value& plan) {
  np::Autoscaling a;
  a.enable = GetBool(plan, "scale_enable").value_or(false);
  a.min_node_count = GetInt(plan, "min_node_count").value_or(0);
  a.max_node_count = GetInt(plan, "max_node_count").value_or(0);
  a.scale_down_cooldown_time = GetInt(plan, "scale_down_cooldown_time").value_or(0);
  a.priority = GetInt(plan, "priority").value_or(0);
  return a;
}

// The script attribute from the API value: the prior value while it still
// encodes to what the API holds (no diff between plain text and base64),
// else the decoded script (drift, import).
cty::Value ScriptValue(const std::string& api, const cty::Value& prior) {
  if (prior.IsKnown() && !prior.IsNull() && np::EncodeScript(prior.AsString()) == api) return prior;
  if (api.empty()) return OptionalString("", prior);
  auto decoded = np::DecodeBase64(api);
  return cty::Value::String(decoded ? *decoded : api);
}

// The storage JSON: the prior text while it means the same JSON.
cty::Value StorageValue(const std::string& api, const cty::Value& prior) {
  if (api.empty()) return OptionalString("", prior);
  if (prior.IsKnown() && !prior.IsNull()) {
    auto a = nlohmann::json::parse(api, nullptr, false);
    auto p = nlohmann::json::parse(prior.AsString(), nullptr, false);
    if (!a.is_discarded() && a == p) return prior;
  }
  return cty::Value::String(api);
}

// Kubernetes label keys ([prefix/]name) and values.
bool ValidLabelName(const std::string& s) {
  static const std::regex re("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$");
  return std::regex_match(s, re);
}
bool ValidLabelKey(const std::string& key) {
  auto slash = key.find('/');
  if (slash == std::string::npos) return ValidLabelName(key);
  std::string prefix = key.substr(0, slash);
  static const std::regex dns("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$");
  return std::regex_match(prefix, dns) && ValidLabelName(key.substr(slash + 1));
}
bool ValidLabelValue(const std::string& v) { return v.empty() || ValidLabelName(v); }

// The API's string, or (when the API left it out) the known prior value,
// else null.
cty::Value KeepIfMissing(const std::string& api, const cty::Value& prior) {
  if (!api.empty()) return cty::Value::String(api);
  if (prior.IsKnown() && !prior.IsNull()) return prior;
  return cty::Value::Null(cty::Type::String());
}

bool Known(const cty::Value& v) { return v.IsKnown() && !v.IsNull(); }

class NodePool final : public fw::Resource,
                       public fw::ResourceWithConfigure,
                       public fw::ResourceWithImportState,
                       public fw::ResourceWithValidateConfig,
                       public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_cce_node_pool";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = PoolSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  // Everything checkable without the API: the login, the autoscaling range,
  // the storage JSON, label and taint syntax.
  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    const cty::Value& c = req.config;
    auto& d = resp.diagnostics;
    cty::Value kp = AttrOf(c, "key_pair");
    cty::Value pw = AttrOf(c, "password");
    if (kp.IsKnown() && pw.IsKnown()) {
      if (kp.IsNull() && pw.IsNull()) {
        d.AddAttributeError(cty::Path().GetAttr("key_pair"), "Missing Node Login",
                            "Set exactly one of key_pair (an SSH key pair name) and password (the root password) "
                            "so the nodes can be logged in to.");
      } else if (!kp.IsNull() && !pw.IsNull()) {
        d.AddAttributeError(cty::Path().GetAttr("password"), "Conflicting Node Login",
                            "key_pair and password are both set; CCE takes one login method. Remove one of them.");
      }
    }
    cty::Value en = AttrOf(c, "scale_enable");
    if (Known(en) && en.AsBool()) {
      auto mn = GetInt(c, "min_node_count");
      auto mx = GetInt(c, "max_node_count");
      auto init = GetInt(c, "initial_node_count");
      bool mn_known = AttrOf(c, "min_node_count").IsKnown();
      bool mx_known = AttrOf(c, "max_node_count").IsKnown();
      int64_t lo = mn.value_or(0), hi = mx.value_or(0);
      if (mx_known && hi < 1) {
        d.AddAttributeError(cty::Path().GetAttr("max_node_count"), "Invalid Autoscaling Range",
                            "scale_enable is true, so max_node_count must be at least 1 (got " +
                                std::to_string(hi) + ").");
      } else if (mn_known && mx_known && lo > hi) {
        d.AddAttributeError(cty::Path().GetAttr("min_node_count"), "Invalid Autoscaling Range",
                            "min_node_count (" + std::to_string(lo) + ") is larger than max_node_count (" +
                                std::to_string(hi) + ").");
      } else if (mn_known && mx_known && init && (*init < lo || *init > hi)) {
        d.AddAttributeError(cty::Path().GetAttr("initial_node_count"), "Node Count Outside Autoscaling Range",
                            "initial_node_count " + std::to_string(*init) + " must lie between min_node_count " +
                                std::to_string(lo) + " and max_node_count " + std::to_string(hi) +
                                " while scale_enable is true.");
      }
    }
    if (auto st = GetString(c, "storage")) {
      auto j = nlohmann::json::parse(*st, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        d.AddAttributeError(cty::Path().GetAttr("storage"), "Invalid Storage JSON",
                            "storage must be a JSON object such as {\"storageSelectors\": [...], "
                            "\"storageGroups\": [...]}; the value is not valid JSON object text.");
      }
    }
    cty::Value tags = AttrOf(c, "k8s_tags");
    if (Known(tags)) {
      for (const auto& [k, v] : tags.MapElements()) {
        cty::Path p = cty::Path().GetAttr("k8s_tags").Index(k);
        if (!ValidLabelKey(k)) {
          d.AddAttributeError(p, "Invalid Kubernetes Label Key",
                              "\"" + k + "\" is not a Kubernetes label key: use an optional DNS prefix and '/', "
                              "then 1-63 letters, digits, '-', '_' or '.', starting and ending alphanumeric.");
        } else if (Known(v) && !ValidLabelValue(v.AsString())) {
          d.AddAttributeError(p, "Invalid Kubernetes Label Value",
                              "\"" + v.AsString() + "\" is not a Kubernetes label value: up to 63 letters, "
                              "digits, '-', '_' or '.', starting and ending alphanumeric.");
        }
      }
    }
    auto taints = Elems(AttrOf(c, "taints"));
    for (size_t i = 0; i < taints.size(); ++i) {
      cty::Path p = cty::Path().GetAttr("taints").Index(static_cast<int64_t>(i));
      cty::Value key = AttrOf(taints[i], "key");
      cty::Value val = AttrOf(taints[i], "value");
      if (Known(key) && !ValidLabelKey(key.AsString())) {
        d.AddAttributeError(p.GetAttr("key"), "Invalid Taint Key",
                            "\"" + key.AsString() + "\" is not a Kubernetes taint key: use an optional DNS "
                            "prefix and '/', then 1-63 letters, digits, '-', '_' or '.'.");
      }
      if (Known(val) && !ValidLabelValue(val.AsString())) {
        d.AddAttributeError(p.GetAttr("value"), "Invalid Taint Value",
                            "\"" + val.AsString() + "\" is not a Kubernetes taint value: up to 63 letters, "
                            "digits, '-', '_' or '.', starting and ending alphanumeric.");
      }
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull() || !data_) return;
    cty::Value region = AttrOf(req.plan, "region");
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
    const std::string cid = GetString(p, "cluster_id").value_or("");
    np::NodePoolSpec in;
    in.name = GetString(p, "name").value_or("");
    in.flavor = GetString(p, "flavor").value_or("");
    in.availability_zone = GetString(p, "availability_zone").value_or("random");
    in.os = GetString(req.config, "os").value_or("");
    in.key_pair = GetString(p, "key_pair").value_or("");
    in.password = GetString(p, "password").value_or("");
    auto roots = Elems(AttrOf(p, "root_volume"));
    if (!roots.empty()) in.root_volume = VolumeFrom(roots[0]);
    for (const auto& v : Elems(AttrOf(p, "data_volumes"))) in.data_volumes.push_back(VolumeFrom(v));
    in.storage = GetString(p, "storage").value_or("");
    in.initial_node_count = GetInt(p, "initial_node_count").value_or(0);
    in.autoscaling = AutoscalingFrom(p);
    in.k8s_tags = TagsFrom(AttrOf(req.config, "k8s_tags"));
    in.user_tags = TagsFrom(AttrOf(p, "user_tags"));
    in.taints = TaintsFrom(AttrOf(p, "taints"));
    in.runtime = GetString(req.config, "runtime").value_or("");
    in.subnet_id = GetString(req.config, "subnet_id").value_or("");
    in.security_group_ids = Strings(AttrOf(req.config, "security_group_ids"));
    in.server_group_reference = GetString(p, "server_group_reference").value_or("");
    in.preinstall = np::EncodeScript(GetString(p, "preinstall").value_or(""));
    in.postinstall = np::EncodeScript(GetString(p, "postinstall").value_or(""));
    in.max_pods = GetInt(req.config, "max_pods").value_or(0);
    in.agency_name = GetString(p, "agency_name").value_or("");
    in.docker_base_size = GetInt(p, "docker_base_size").value_or(0);
    in.docker_lvm_config_override = GetString(p, "docker_lvm_config_override").value_or("");

    auto created = np::CreateNodePool(ctx, c, cid, in);
    if (!created.ok() && created.error().kind() == otc::ErrorKind::kHttp && created.error().http_status() == 403) {
      // The cluster is busy (not Available, api.md 3.4): wait for it and
      // try once more, as the official provider does.
      auto ready = WaitClusterAvailable(ctx, c, cid);
      if (!ready.ok()) {
        AddOtcError(resp.diagnostics, created.error());
        AddOtcError(resp.diagnostics, ready);
        return resp.NothingCreated();
      }
      created = np::CreateNodePool(ctx, c, cid, in);
    }
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    resp.state = WithAttr(p, "id", cty::Value::String(id));
    np::NodePool pool;
    std::vector<np::PoolNode> nodes;
    auto waited = WaitReady(ctx, c, cid, id, in.name, in.initial_node_count, true, &pool, &nodes);
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    cty::Value remote = StateFrom(pool, nodes, resp.state);
    resp.state = fw::UnknownsFrom(p, remote);
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    auto cid = GetString(req.state, "cluster_id");
    if (!id || id->empty() || !cid || cid->empty()) return resp.RemoveResource();
    otc::Client& c = *data_->client;
    auto pool = np::GetNodePool(ctx, c, *cid, *id);
    if (!pool.ok()) {
      if (pool.error().IsNotFound()) return resp.RemoveResource();  // the pool or its cluster is gone
      return AddOtcError(resp.diagnostics, pool.error());
    }
    auto nodes = np::ListPoolNodes(ctx, c, *cid, *id);
    if (!nodes.ok()) {
      if (nodes.error().IsNotFound()) return resp.RemoveResource();
      return AddOtcError(resp.diagnostics, nodes.error());
    }
    resp.state = StateFrom(pool.value(), nodes.value(), req.state);
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    const std::string cid = GetString(req.state, "cluster_id").value_or("");
    np::NodePoolUpdate up;
    up.name = GetString(req.plan, "name").value_or("");
    up.initial_node_count = GetInt(req.plan, "initial_node_count").value_or(0);
    up.autoscaling = AutoscalingFrom(req.plan);
    up.k8s_tags = TagsFrom(AttrOf(req.plan, "k8s_tags"));
    up.taints = TaintsFrom(AttrOf(req.plan, "taints"));
    auto put = np::UpdateNodePool(ctx, c, cid, id, up);
    if (!put.ok()) {
      resp.state = req.state;
      if (put.error().IsNotFound()) {
        AddGoneAfterWrite(resp.diagnostics, WriteStep::kUpdate, "CCE Node Pool", "CCE node pool " + id);
        return;
      }
      return AddOtcError(resp.diagnostics, put.error());
    }
    np::NodePool pool;
    std::vector<np::PoolNode> nodes;
    auto waited = WaitReady(ctx, c, cid, id, up.name, up.initial_node_count, false, &pool, &nodes);
    if (!waited.ok()) {
      // The PUT was applied: keep the planned values, unknowns from before.
      resp.state = fw::UnknownsFrom(req.plan, req.state);
      return AddOtcError(resp.diagnostics, waited);
    }
    resp.state = fw::UnknownsFrom(req.plan, StateFrom(pool, nodes, req.plan));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    auto cid = GetString(req.state, "cluster_id");
    if (!id || id->empty() || !cid || cid->empty()) return;
    std::string name = GetString(req.state, "name").value_or(*id);
    auto del = np::DeleteNodePool(ctx, c, *cid, *id);
    if (!del.ok()) return AddOtcError(resp.diagnostics, del);
    otc::WaitOptions opts = PollOptions("CCE node pool \"" + name + "\" (" + *id + ") and its nodes to be deleted");
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = np::GetNodePool(x, c, *cid, *id);
      if (g.ok()) {
        if (g->phase == "Error") {
          return otc::PollResult{otc::PollResult::kFailed, g->phase, g->message};
        }
        if (g->phase != "Deleting") {
          // Still there and not deleting (the DELETE was lost): ask again.
          auto again = np::DeleteNodePool(x, c, *cid, *id);
          if (!again.ok()) return again;
        }
        return otc::PollResult{otc::PollResult::kPending, g->phase.empty() ? "present" : g->phase, ""};
      }
      if (!g.error().IsNotFound()) return g.error();
      auto nodes = np::ListPoolNodes(x, c, *cid, *id);
      if (!nodes.ok()) {
        if (nodes.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
        return nodes.error();
      }
      if (nodes->empty()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      return otc::PollResult{otc::PollResult::kPending,
                             "pool gone, " + std::to_string(nodes->size()) + " node(s) still deleting", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    auto slash = req.id.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == req.id.size() ||
        req.id.find('/', slash + 1) != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_cce_node_pool is imported as \"<cluster_id>/<node_pool_id>\" (as the official "
                                "provider), got \"" + req.id + "\".");
      return;
    }
    resp.state = WithAttr(resp.state, "cluster_id", cty::Value::String(req.id.substr(0, slash)));
    resp.state = WithAttr(resp.state, "id", cty::Value::String(req.id.substr(slash + 1)));
  }

 private:
  static otc::WaitOptions PollOptions(std::string what) {
    otc::WaitOptions o;
    o.what = std::move(what);
    o.initial = kPollInitial;
    o.max_interval = kPollMax;
    o.growth = kPollGrowth;
    return o;
  }

  otc::Status WaitClusterAvailable(const fw::Context& ctx, otc::Client& c, const std::string& cid) {
    return otc::WaitUntil(ctx, PollOptions("CCE cluster " + cid + " to become Available"),
                          [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
                            auto ph = np::GetClusterPhase(x, c, cid);
                            if (!ph.ok()) return ph.error();
                            if (ph.value() == "Available") return otc::PollResult{otc::PollResult::kDone, "Available", ""};
                            if (ph.value() == "Error" || ph.value() == "Deleting") {
                              return otc::PollResult{otc::PollResult::kFailed, ph.value(),
                                                     "the cluster cannot take node pools"};
                            }
                            return otc::PollResult{otc::PollResult::kPending, ph.value(), ""};
                          });
  }

  // Waits until the pool is normal with `count` Active nodes; on success
  // *pool and *nodes hold the last answers (so no extra read is needed).
  otc::Status WaitReady(const fw::Context& ctx, otc::Client& c, const std::string& cid, const std::string& id,
                        const std::string& name, int64_t count, bool after_create, np::NodePool* pool,
                        std::vector<np::PoolNode>* nodes) {
    otc::WaitOptions opts = PollOptions("CCE node pool \"" + name + "\" (" + id + ") to become ready with " +
                                        std::to_string(count) + " Active node(s)");
    if (after_create) opts.pending_statuses = {404};  // eventual consistency right after the POST
    return otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = np::GetNodePool(x, c, cid, id);
      if (!g.ok()) return g.error();
      *pool = g.value();
      const std::string& ph = pool->phase;
      if (ph == "Error" || ph == "SoldOut" || ph == "Deleting") {
        return otc::PollResult{otc::PollResult::kFailed, ph,
                               pool->message.empty() ? "CCE gave no reason" : pool->message};
      }
      if (!ph.empty()) return otc::PollResult{otc::PollResult::kPending, ph, ""};
      auto n = np::ListPoolNodes(x, c, cid, id);
      if (!n.ok()) return n.error();
      *nodes = n.value();
      int64_t active = 0, other = 0;
      for (const auto& node : *nodes) {
        if (node.phase == "Error" || node.phase == "Abnormal") {
          return otc::PollResult{otc::PollResult::kFailed, "node " + node.name + " " + node.phase,
                                 node.reason.empty() ? "CCE gave no reason" : node.reason};
        }
        if (node.phase == "Active") {
          ++active;
        } else {
          ++other;
        }
      }
      std::string st = std::to_string(active) + "/" + std::to_string(count) + " nodes Active";
      if (active == count && other == 0) return otc::PollResult{otc::PollResult::kDone, st, ""};
      return otc::PollResult{otc::PollResult::kPending, st, ""};
    });
  }

  // The state from the API's answers; `base` gives the types, the values
  // the API never returns (password, timeouts) and the priors that decide
  // null vs. empty.
  cty::Value StateFrom(const np::NodePool& pool, const std::vector<np::PoolNode>& nodes, const cty::Value& base) {
    const np::NodePoolSpec& s = pool.spec;
    cty::Value v = base;
    v = WithAttr(v, "id", cty::Value::String(pool.id));
    v = WithAttr(v, "cluster_id", cty::Value::String(pool.cluster_id));
    v = WithAttr(v, "name", cty::Value::String(s.name));
    // A pool edited in the console may lack template fields (user-issues
    // #40): a missing value keeps what the state knew instead of
    // planning a replacement.
    v = WithAttr(v, "flavor", KeepIfMissing(s.flavor, AttrOf(base, "flavor")));
    v = WithAttr(v, "availability_zone", KeepIfMissing(s.availability_zone, AttrOf(base, "availability_zone")));
    v = WithAttr(v, "os", KeepIfMissing(s.os, AttrOf(base, "os")));
    v = WithAttr(v, "key_pair", OptionalString(s.key_pair, AttrOf(base, "key_pair")));
    {
      cty::Value prior = AttrOf(base, "root_volume");
      const cty::Type& t = prior.type().element();
      auto pe = Elems(prior);
      v = WithAttr(v, "root_volume",
                   cty::Value::List(t, {VolumeValue(s.root_volume, t, pe.empty() ? cty::Value::Null(t) : pe[0])}));
    }
    {
      cty::Value prior = AttrOf(base, "data_volumes");
      const cty::Type& t = prior.type().element();
      auto pe = Elems(prior);
      std::vector<cty::Value> out;
      for (size_t i = 0; i < s.data_volumes.size(); ++i) {
        out.push_back(VolumeValue(s.data_volumes[i], t, i < pe.size() ? pe[i] : cty::Value::Null(t)));
      }
      v = WithAttr(v, "data_volumes", cty::Value::List(t, std::move(out)));
    }
    v = WithAttr(v, "storage", StorageValue(s.storage, AttrOf(base, "storage")));
    v = WithAttr(v, "initial_node_count", cty::Value::Int(s.initial_node_count));
    v = WithAttr(v, "scale_enable", cty::Value::Bool(s.autoscaling.enable));
    v = WithAttr(v, "min_node_count", cty::Value::Int(s.autoscaling.min_node_count));
    v = WithAttr(v, "max_node_count", cty::Value::Int(s.autoscaling.max_node_count));
    v = WithAttr(v, "scale_down_cooldown_time", cty::Value::Int(s.autoscaling.scale_down_cooldown_time));
    v = WithAttr(v, "priority", cty::Value::Int(s.autoscaling.priority));
    std::map<std::string, std::string> labels;
    for (const auto& [k, val] : s.k8s_tags) {
      if (k.find("cce.cloud.com") == std::string::npos) labels[k] = val;  // CCE's own labels
    }
    v = WithAttr(v, "k8s_tags", MapOrNull(labels, AttrOf(base, "k8s_tags")));
    v = WithAttr(v, "user_tags", MapOrNull(s.user_tags, AttrOf(base, "user_tags")));
    {
      const cty::Type& t = AttrOf(base, "taints").type().element();
      std::vector<cty::Value> out;
      for (const auto& x : s.taints) {
        out.push_back(ObjectOf(t, {{"key", cty::Value::String(x.key)},
                                   {"value", cty::Value::String(x.value)},
                                   {"effect", cty::Value::String(x.effect)}}));
      }
      v = WithAttr(v, "taints", cty::Value::List(t, std::move(out)));
    }
    v = WithAttr(v, "runtime", cty::Value::String(s.runtime.empty() ? "docker" : s.runtime));
    v = WithAttr(v, "subnet_id", KeepIfMissing(s.subnet_id, AttrOf(base, "subnet_id")));
    v = WithAttr(v, "security_group_ids", StringList(s.security_group_ids));
    v = WithAttr(v, "server_group_reference",
                 OptionalString(s.server_group_reference, AttrOf(base, "server_group_reference")));
    v = WithAttr(v, "preinstall", ScriptValue(s.preinstall, AttrOf(base, "preinstall")));
    v = WithAttr(v, "postinstall", ScriptValue(s.postinstall, AttrOf(base, "postinstall")));
    v = WithAttr(v, "max_pods", OptionalInt(s.max_pods, AttrOf(base, "max_pods")));
    v = WithAttr(v, "agency_name", OptionalString(s.agency_name, AttrOf(base, "agency_name")));
    v = WithAttr(v, "docker_base_size", OptionalInt(s.docker_base_size, AttrOf(base, "docker_base_size")));
    v = WithAttr(v, "docker_lvm_config_override",
                 OptionalString(s.docker_lvm_config_override, AttrOf(base, "docker_lvm_config_override")));
    v = WithAttr(v, "status", cty::Value::String(pool.phase));
    std::vector<std::string> ids;
    for (const auto& n : nodes) {
      if (n.phase != "Deleting") ids.push_back(n.id);
    }
    std::sort(ids.begin(), ids.end());
    v = WithAttr(v, "node_ids", StringList(ids));
    v = WithAttr(v, "region", cty::Value::String(data_->region));
    return v;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory CceNodePoolResource() {
  return [] { return std::make_unique<NodePool>(); };
}

}  // namespace resources
