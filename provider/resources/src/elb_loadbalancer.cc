// edp_elb_loadbalancer: a dedicated load balancer (ELB v3, api.md 6.1) with
// its optional EIP. Same attributes and meanings as
// opentelekomcloud_lb_loadbalancer_v3; import ID: the load balancer id.
//
// In place (PUT loadbalancers/{id}): name, description, subnet_id and
// vip_address, network_ids, l4/l7 flavors, ip_target_enable (false ->
// true only: the API cannot switch cross-VPC backends off again),
// deletion_protection. The EIP: binding a different existing EIP
// (public_ip.id), binding one to a load balancer without, or unbinding it,
// goes through the VPC EIP API (PUT publicips/{id} port_id); the managed
// EIP's bandwidth name and size change through PUT bandwidths/{id} (the
// official provider replaces the load balancer; user-issues.md 23).
// Replacement: availability_zones, router_id, ipv6_network_id, a new
// managed EIP (public_ip.ip_type, bandwidth_share_type/charge_mode) and
// tags: the ELB v3 API documented in api.md has no tag update (PUT refuses
// `tags`), so a tag change replaces the load balancer and the plan says so.
//
// Waiting: ELB v3 is synchronous (the create answers ACTIVE); the create
// still polls provisioning_status (0.5 s growing to 5 s, otc/elb.h) so an
// ERROR shows with the service's status and a load balancer that is
// visible only after a moment (404 right after the create) is waited for.
// Delete waits until GET answers 404, then deletes a managed EIP and waits
// until it is gone, so a subnet/VPC delete afterwards never fails.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/elb.h"
#include "otc/vpc.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

cty::Path PipPath(const char* attr) { return cty::Path().GetAttr("public_ip").Index(int64_t{0}).GetAttr(attr); }

fw::Schema LbSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a dedicated load balancer (ELB v3) in Open Telekom Cloud, optionally with an EIP: an existing "
      "one bound by `public_ip.id`, or a new one the ELB service allocates (`public_ip.ip_type`, owned by this "
      "resource and deleted with it). Creating waits until the load balancer is `ACTIVE`; destroying waits "
      "until it and its managed EIP are really gone. Name, description, VIP subnet and address, backend "
      "networks, flavors, `ip_target_enable`, deletion protection, the bound EIP and the managed EIP's "
      "bandwidth change in place.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The load balancer ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Description("The load balancer name, at most 255 characters. Renamed in place. A unique "
                                 "name also lets an interrupted create be recognised instead of duplicated.")
                    .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of at most 255 characters. Changed in place.")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("availability_zones",
        fw::SetAttribute(cty::Type::String())
            .Required()
            .Description("The availability zones the load balancer runs in, e.g. `[\"eu-de-01\", \"eu-de-02\"]`. "
                         "They must form one AZ set of the region (GET .../elb/availability-zones). The API "
                         "cannot change them: a new value replaces the load balancer.")
            .Validators({fw::SizeBetween(1, 10)})
            .PlanModifiers({fw::RequiresReplace()}));
  b.Add("router_id", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The VPC ID (the official provider's name). Derived from `subnet_id` or "
                                      "`network_ids` when not set. A new VPC replaces the load balancer.")
                         .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("subnet_id", fw::StringAttribute()
                         .Optional()
                         .Description("The IPv4 subnet of the private VIP: the subnet's **Neutron subnet ID** "
                                      "(`neutron_subnet_id` of `edp_vpc_subnet`). Needed for `vip_address` and "
                                      "for an EIP. Changed in place (the VIP moves).")
                         .Validators({fw::StringLengthBetween(1, 64)}));
  b.Add("network_ids", fw::SetAttribute(cty::Type::String())
                           .Required()
                           .Description("The backend subnets (VPC subnet IDs, `id` of `edp_vpc_subnet`) the load "
                                        "balancer reaches members through. Changed in place.")
                           .Validators({fw::SizeBetween(1, 64)}));
  b.Add("vip_address", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Description("The private IPv4 VIP in `subnet_id`; a free address is picked when not "
                                        "set. Changed in place.")
                           .Validators({IsIpv4Address()})
                           .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("vip_port_id", fw::StringAttribute()
                           .Computed()
                           .Description("The ID of the port that holds the private VIP (what an EIP binds to).")
                           .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("ipv6_network_id", fw::StringAttribute()
                               .Optional()
                               .Description("The dual-stack subnet (VPC subnet ID with IPv6 enabled) of the IPv6 "
                                            "VIP. A change replaces the load balancer.")
                               .PlanModifiers({fw::RequiresReplace()}));
  b.Add("ipv6_address", fw::StringAttribute()
                            .Computed()
                            .Description("The IPv6 VIP (null without `ipv6_network_id`).")
                            .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("ip_target_enable",
        fw::BoolAttribute()
            .Optional()
            .Computed()
            .Description("Whether backends outside the VPC (IP members without subnet) are allowed. Turned on in "
                         "place; the API cannot turn it off again, so `true` -> `false` replaces the load balancer.")
            .PlanModifiers({fw::UseStateForUnknown(),
                            fw::RequiresReplaceIf(
                                [](const fw::PlanModifierRequest& r) {
                                  return r.state.IsKnown() && !r.state.IsNull() && r.state.AsBool() &&
                                         r.plan.IsKnown() && !r.plan.IsNull() && !r.plan.AsBool();
                                },
                                "it changes from `true` to `false` (the API cannot disable it)")}));
  b.Add("l4_flavor", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The ID of the L4 (TCP/UDP) flavor, e.g. from `edp_elb_flavors` with "
                                      "`type = \"L4\"`. Changed in place.")
                         .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("l7_flavor", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The ID of the L7 (HTTP/HTTPS) flavor, e.g. from `edp_elb_flavors` with "
                                      "`type = \"L7\"`. Changed in place.")
                         .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("admin_state_up", fw::BoolAttribute()
                              .Optional()
                              .Computed()
                              .Default(cty::Value::True())
                              .Description("The administrative state; only `true` is supported by ELB v3."));
  b.Add("deletion_protection",
        fw::BoolAttribute()
            .Optional()
            .Computed()
            .Description("Whether the load balancer is protected from deletion. While `true`, destroying it "
                         "fails with the service's message: set it to `false` and apply first. Changed in place.")
            .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Tags set at creation: at most 20, keys of 1-36 and values of up to 43 "
                                 "characters. The ELB v3 API cannot change them, so a change replaces the load "
                                 "balancer.")
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("created_at", fw::StringAttribute()
                          .Computed()
                          .Description("When the load balancer was created (UTC, RFC 3339).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("updated_at", fw::StringAttribute().Computed().Description(
                          "When the load balancer was last changed (UTC, RFC 3339)."));

  fw::Block ip;
  ip.description =
      "The load balancer's EIP (at most one block): either `id` of an existing EIP to bind (not deleted with "
      "the load balancer), or `ip_type` with `bandwidth_name` and `bandwidth_size` for a new EIP the ELB "
      "service allocates, owned by this resource and deleted with it. Needs `subnet_id`.";
  ip.Add("id", fw::StringAttribute()
                   .Optional()
                   .Computed()
                   .Description("The ID of an existing EIP to bind (re-bound or unbound in place); computed for "
                                "a managed EIP.")
                   .PlanModifiers({fw::UseStateForUnknown()}));
  ip.Add("_managed", fw::BoolAttribute()
                         .Computed()
                         .Description("`true` when the EIP was created with the load balancer and is deleted "
                                      "with it. An imported load balancer's EIP counts as not managed.")
                         .PlanModifiers({fw::UseStateForUnknown()}));
  ip.Add("address", fw::StringAttribute()
                        .Computed()
                        .Description("The public IPv4 address.")
                        .PlanModifiers({fw::UseStateForUnknown()}));
  ip.Add("ip_type", fw::StringAttribute()
                        .Optional()
                        .Computed()
                        .Description("The type of a new EIP: `5_bgp`, `5_mailbgp` or `5_gray` (the last one "
                                     "only exists for dedicated load balancers). A new type replaces the load "
                                     "balancer.")
                        .Validators({fw::StringOneOf({"5_bgp", "5_mailbgp", "5_gray"})})
                        .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  ip.Add("bandwidth_name", fw::StringAttribute()
                               .Optional()
                               .Computed()
                               .Description("The new EIP's bandwidth name (1-64 letters, digits, `_`, `-`, `.`). "
                                            "Renamed in place.")
                               .Validators({fw::StringLengthBetween(1, 64),
                                            fw::StringMatches("^[A-Za-z0-9_.\\-]+$",
                                                              "only letters, digits, '_', '-' and '.' are allowed")})
                               .PlanModifiers({fw::UseStateForUnknown()}));
  ip.Add("bandwidth_size", fw::NumberAttribute()
                               .Optional()
                               .Computed()
                               .Description("The new EIP's bandwidth in Mbit/s (1-2000). Resized in place.")
                               .Validators({fw::IntBetween(1, 2000)})
                               .PlanModifiers({fw::UseStateForUnknown()}));
  ip.Add("bandwidth_charge_mode", fw::StringAttribute()
                                      .Optional()
                                      .Computed()
                                      .Description("How the new EIP's bandwidth is billed: `traffic` (default) "
                                                   "or `bandwidth`. A new value replaces the load balancer.")
                                      .Validators({fw::StringOneOf({"traffic", "bandwidth"})})
                                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  ip.Add("bandwidth_share_type", fw::StringAttribute()
                                     .Optional()
                                     .Computed()
                                     .Description("`PER` (default: a bandwidth of this EIP alone). Shows "
                                                  "`WHOLE` for a bound EIP in a shared bandwidth. A new value "
                                                  "replaces the load balancer.")
                                     .Validators({fw::StringOneOf({"PER", "WHOLE"})})
                                     .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("public_ip", fw::ListBlock(ip).MaxItems(1));

  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

cty::Value First(const cty::Value& obj, const char* block) {
  cty::Value l = AttrOf(obj, block);
  const cty::Type& et = l.type().element();
  if (!l.IsKnown() || l.IsNull() || l.Elements().empty()) return cty::Value::Null(et);
  return l.Elements()[0];
}

std::vector<std::string> StringsOf(const cty::Value& v) {
  std::vector<std::string> out;
  if (!v.IsKnown() || v.IsNull()) return out;
  for (const auto& e : v.Elements()) {
    if (e.IsKnown() && !e.IsNull()) out.push_back(e.AsString());
  }
  return out;
}

cty::Value StringSet(const std::vector<std::string>& v) {
  std::vector<cty::Value> els;
  for (const auto& s : v) els.push_back(cty::Value::String(s));
  return cty::Value::Set(cty::Type::String(), std::move(els));
}

cty::Value StrOrNull(const std::string& s) {
  return s.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(s);
}

bool Set(const cty::Value& v) { return v.IsKnown() && !v.IsNull(); }

std::string Label(const std::string& name, const std::string& id) {
  return name.empty() ? "load balancer " + id : "load balancer \"" + name + "\" (" + id + ")";
}

class LoadBalancer final : public fw::Resource,
                           public fw::ResourceWithConfigure,
                           public fw::ResourceWithImportState,
                           public fw::ResourceWithValidateConfig,
                           public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_loadbalancer";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = LbSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto& diags = resp.diagnostics;
    const cty::Value& cfg = req.config;
    cty::Value admin = AttrOf(cfg, "admin_state_up");
    if (Set(admin) && !admin.AsBool()) {
      diags.AddAttributeError(cty::Path().GetAttr("admin_state_up"), "Unsupported Administrative State",
                              "ELB v3 load balancers only support admin_state_up = true; remove the attribute "
                              "or set it to true.");
    }
    cty::Value router = AttrOf(cfg, "router_id"), subnet = AttrOf(cfg, "subnet_id");
    if (router.IsNull() && subnet.IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("subnet_id"), "Missing Network",
                              "Set subnet_id (the Neutron subnet ID of the VIP subnet) or router_id (the VPC ID) "
                              "so the load balancer can be placed in a VPC.");
    }
    if (!AttrOf(cfg, "vip_address").IsNull() && subnet.IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("vip_address"), "VIP Address Needs A Subnet",
                              "vip_address is an address of subnet_id; set subnet_id (the Neutron subnet ID) too.");
    }
    cty::Value tags = AttrOf(cfg, "tags");
    if (Set(tags)) {
      if (tags.MapElements().size() > 20) {
        diags.AddAttributeError(cty::Path().GetAttr("tags"), "Too Many Tags",
                                "A load balancer takes at most 20 tags, got " +
                                    std::to_string(tags.MapElements().size()) + ".");
      }
      for (const auto& [k, v] : tags.MapElements()) {
        if (k.empty() || k.size() > 36) {
          diags.AddAttributeError(cty::Path().GetAttr("tags").Index(k), "Invalid Tag Key",
                                  "Tag keys must be 1-36 characters long, got \"" + k + "\".");
        }
        if (v.IsKnown() && !v.IsNull() && v.AsString().size() > 43) {
          diags.AddAttributeError(cty::Path().GetAttr("tags").Index(k), "Invalid Tag Value",
                                  "Tag values must be at most 43 characters long (key \"" + k + "\").");
        }
      }
    }
    cty::Value ip = First(cfg, "public_ip");
    if (!Set(ip)) return;
    if (subnet.IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("public_ip"), "EIP Needs A VIP Subnet",
                              "An EIP is bound to the private IPv4 VIP: set subnet_id (the Neutron subnet ID) "
                              "when public_ip is given.");
    }
    cty::Value id = ip.GetAttr("id"), type = ip.GetAttr("ip_type");
    if (id.IsNull() && type.IsNull()) {
      diags.AddAttributeError(PipPath("ip_type"), "Missing EIP Settings",
                              "public_ip needs either id (an existing EIP to bind) or ip_type with bandwidth_name "
                              "and bandwidth_size (a new EIP).");
      return;
    }
    if (!id.IsNull() && !type.IsNull()) {
      diags.AddAttributeError(PipPath("ip_type"), "Conflicting EIP Settings",
                              "public_ip.id binds an existing EIP and public_ip.ip_type creates a new one; set only "
                              "one of them.");
      return;
    }
    const char* new_only[] = {"bandwidth_name", "bandwidth_size", "bandwidth_charge_mode", "bandwidth_share_type"};
    if (!id.IsNull()) {
      for (const char* a : new_only) {
        if (!ip.GetAttr(a).IsNull()) {
          diags.AddAttributeError(PipPath(a), "Not Allowed With An Existing EIP",
                                  std::string("public_ip.") + a +
                                      " describes a new EIP; with public_ip.id the bound EIP keeps its own "
                                      "bandwidth. Remove it (it is read from the EIP).");
        }
      }
      return;
    }
    if (ip.GetAttr("bandwidth_name").IsNull()) {
      diags.AddAttributeError(PipPath("bandwidth_name"), "Missing Bandwidth Name",
                              "A new EIP (public_ip.ip_type) needs public_ip.bandwidth_name (1-64 letters, "
                              "digits, '_', '-', '.').");
    }
    if (ip.GetAttr("bandwidth_size").IsNull()) {
      diags.AddAttributeError(PipPath("bandwidth_size"), "Missing Bandwidth Size",
                              "A new EIP (public_ip.ip_type) needs public_ip.bandwidth_size in Mbit/s (1-2000).");
    }
    cty::Value share = ip.GetAttr("bandwidth_share_type");
    if (Set(share) && share.AsString() == "WHOLE") {
      diags.AddAttributeError(PipPath("bandwidth_share_type"), "Shared Bandwidth Not Supported Here",
                              "A new EIP gets its own (PER) bandwidth. To use a shared bandwidth, create the EIP "
                              "with edp_vpc_eip (share_type WHOLE) and bind it with public_ip.id.");
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    if (!req.state.IsNull()) {
      // The VIP moves with its subnet unless an address is configured.
      if (AttrOf(req.state, "subnet_id") != AttrOf(resp.plan, "subnet_id")) {
        if (AttrOf(req.config, "vip_address").IsNull()) {
          resp.plan = WithAttr(resp.plan, "vip_address", cty::Value::Unknown(cty::Type::String()));
        }
        resp.plan = WithAttr(resp.plan, "vip_port_id", cty::Value::Unknown(cty::Type::String()));
      }
      // EIP ownership: a managed EIP cannot be swapped or dropped in place,
      // nor can a new one be allocated for an existing load balancer.
      cty::Value old_ip = First(req.state, "public_ip"), cfg_ip = First(req.config, "public_ip");
      bool old_managed = Set(old_ip) && Set(old_ip.GetAttr("_managed")) && old_ip.GetAttr("_managed").AsBool();
      if (old_managed && !Set(cfg_ip) && AttrOf(req.config, "public_ip").IsKnown()) {
        resp.requires_replace.push_back(cty::Path().GetAttr("public_ip"));
      } else if (old_managed && Set(cfg_ip) && !cfg_ip.GetAttr("id").IsNull() &&
                 cfg_ip.GetAttr("id") != old_ip.GetAttr("id")) {
        resp.requires_replace.push_back(PipPath("id"));
      } else if (!old_managed && Set(cfg_ip) && !cfg_ip.GetAttr("ip_type").IsNull()) {
        if (Set(old_ip) && cfg_ip.GetAttr("ip_type") == old_ip.GetAttr("ip_type") &&
            cfg_ip.GetAttr("bandwidth_name") == old_ip.GetAttr("bandwidth_name")) {
          // An imported load balancer whose EIP (same type and bandwidth
          // name) the configuration describes as its own: adopt it (deleted
          // with the load balancer from now on).
          cty::Value pip = WithAttr(First(resp.plan, "public_ip"), "_managed", cty::Value::True());
          cty::Value l = AttrOf(resp.plan, "public_ip");
          resp.plan = WithAttr(resp.plan, "public_ip", cty::Value::List(l.type().element(), {pip}));
        } else {
          // The path must be one whose value changes to count.
          bool type_changed = !Set(old_ip) || cfg_ip.GetAttr("ip_type") != old_ip.GetAttr("ip_type");
          resp.requires_replace.push_back(PipPath(type_changed ? "ip_type" : "bandwidth_name"));
        }
      } else if (!old_managed && Set(cfg_ip) && Set(old_ip) && cfg_ip.GetAttr("id") != old_ip.GetAttr("id")) {
        // Another existing EIP: its address and bandwidth are read after binding.
        cty::Value pip = First(resp.plan, "public_ip");
        for (const char* a : {"address", "ip_type", "bandwidth_name", "bandwidth_charge_mode",
                              "bandwidth_share_type"}) {
          pip = WithAttr(pip, a, cty::Value::Unknown(cty::Type::String()));
        }
        pip = WithAttr(pip, "bandwidth_size", cty::Value::Unknown(cty::Type::Number()));
        cty::Value l = AttrOf(resp.plan, "public_ip");
        resp.plan = WithAttr(resp.plan, "public_ip", cty::Value::List(l.type().element(), {pip}));
      }
    }
    if (!data_) return;
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
    const cty::Value& plan = req.plan;
    otc::elb::LoadBalancerCreate in;
    in.name = GetString(plan, "name").value_or("");
    in.description = GetString(plan, "description").value_or("");
    in.vpc_id = GetString(plan, "router_id").value_or("");
    in.vip_subnet_cidr_id = GetString(plan, "subnet_id").value_or("");
    in.vip_address = GetString(plan, "vip_address").value_or("");
    in.ipv6_vip_virsubnet_id = GetString(plan, "ipv6_network_id").value_or("");
    in.l4_flavor_id = GetString(plan, "l4_flavor").value_or("");
    in.l7_flavor_id = GetString(plan, "l7_flavor").value_or("");
    in.availability_zones = StringsOf(AttrOf(plan, "availability_zones"));
    in.elb_virsubnet_ids = StringsOf(AttrOf(plan, "network_ids"));
    in.ip_target_enable = fw::GetBool(plan, "ip_target_enable");
    in.deletion_protection_enable = fw::GetBool(plan, "deletion_protection");
    in.tags = TagsFrom(AttrOf(plan, "tags"));
    cty::Value ip = First(plan, "public_ip");
    if (Set(ip)) {
      if (auto eid = GetString(ip, "id"); eid && !eid->empty()) {
        in.publicip_id = *eid;
      } else {
        otc::elb::NewPublicIp n;
        n.network_type = GetString(ip, "ip_type").value_or("5_bgp");
        n.bandwidth_name = GetString(ip, "bandwidth_name").value_or("");
        n.bandwidth_size = static_cast<int>(fw::GetInt(ip, "bandwidth_size").value_or(0));
        n.charge_mode = GetString(ip, "bandwidth_charge_mode").value_or("traffic");
        n.share_type = GetString(ip, "bandwidth_share_type").value_or("PER");
        in.new_publicip = n;
      }
    }
    auto created = otc::elb::CreateLoadBalancer(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    // From here on the load balancer exists: a failure returns it (and the
    // managed EIP's id, so destroying the tainted object deletes it too).
    resp.state = WithAttr(plan, "id", cty::Value::String(id));
    if (in.new_publicip && !created->publicips.empty() && Set(ip)) {
      cty::Value pip = WithAttr(ip, "id", cty::Value::String(created->publicips[0].id));
      pip = WithAttr(pip, "_managed", cty::Value::True());
      cty::Value l = AttrOf(plan, "public_ip");
      resp.state = WithAttr(resp.state, "public_ip", cty::Value::List(l.type().element(), {pip}));
    }
    const std::string label = Label(in.name, id);
    auto waited = otc::elb::WaitLoadBalancerActive(ctx, c, id, label + " to become ACTIVE");
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited.error());
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, in.new_publicip ? "*" : "", remote, resp.diagnostics, &waited.value())) {
      return;
    }
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "Load Balancer", label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(plan, remote);
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    cty::Value remote;
    if (!Fetch(ctx, *id, req.state, ManagedEip(req.state), remote, resp.diagnostics)) return;
    resp.state = remote;  // null when gone
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    const std::string label = Label(GetString(req.state, "name").value_or(""), id);
    const cty::Value &st = req.state, &plan = req.plan;
    resp.state = req.state;  // a failure leaves the state as before the step
    auto changed = [&](const char* a) {
      cty::Value p = AttrOf(plan, a);
      return p.IsKnown() && p != AttrOf(st, a);
    };
    otc::elb::LoadBalancerUpdate u;
    if (changed("name")) u.name = GetString(plan, "name").value_or("");
    if (changed("description")) u.description = GetString(plan, "description").value_or("");
    if (changed("subnet_id")) u.vip_subnet_cidr_id = GetString(plan, "subnet_id").value_or("");
    if (changed("vip_address") && !AttrOf(plan, "vip_address").IsNull()) {
      u.vip_address = GetString(plan, "vip_address");
      if (!u.vip_subnet_cidr_id) u.vip_subnet_cidr_id = GetString(plan, "subnet_id").value_or("");
    }
    if (changed("l4_flavor") && !AttrOf(plan, "l4_flavor").IsNull()) u.l4_flavor_id = GetString(plan, "l4_flavor");
    if (changed("l7_flavor") && !AttrOf(plan, "l7_flavor").IsNull()) u.l7_flavor_id = GetString(plan, "l7_flavor");
    if (changed("network_ids")) u.elb_virsubnet_ids = StringsOf(AttrOf(plan, "network_ids"));
    if (changed("ip_target_enable") && !AttrOf(plan, "ip_target_enable").IsNull()) {
      u.ip_target_enable = fw::GetBool(plan, "ip_target_enable");
    }
    if (changed("deletion_protection") && !AttrOf(plan, "deletion_protection").IsNull()) {
      u.deletion_protection_enable = fw::GetBool(plan, "deletion_protection");
    }
    std::string vip_port = GetString(st, "vip_port_id").value_or("");
    if (!u.empty()) {
      auto r = otc::elb::UpdateLoadBalancer(ctx, c, id, u);
      if (!r.ok()) return AddOtcError(resp.diagnostics, r.error());
      vip_port = r->vip_port_id;
      if (r->provisioning_status != "ACTIVE") {
        auto w = otc::elb::WaitLoadBalancerActive(ctx, c, id, label + " to become ACTIVE after the update");
        if (!w.ok()) return AddOtcError(resp.diagnostics, w.error());
      }
    }

    // The EIP.
    cty::Value old_ip = First(st, "public_ip"), new_ip = First(plan, "public_ip");
    const std::string old_eip = Set(old_ip) ? GetString(old_ip, "id").value_or("") : "";
    const bool managed = (Set(old_ip) && fw::GetBool(old_ip, "_managed").value_or(false)) || !ManagedEip(plan).empty();
    cty::Value new_id = Set(new_ip) ? new_ip.GetAttr("id") : cty::Value::Null(cty::Type::String());
    if (!managed && new_id.IsKnown()) {
      const std::string want = new_id.IsNull() ? "" : new_id.AsString();
      if (want != old_eip) {
        auto s = Rebind(ctx, c, old_eip, want, vip_port);
        if (!s.ok()) return AddOtcError(resp.diagnostics, s);
      }
    }
    if (managed && Set(new_ip) && !old_eip.empty()) {
      auto new_name = new_ip.GetAttr("bandwidth_name");
      auto new_size = new_ip.GetAttr("bandwidth_size");
      std::optional<std::string> bw_name;
      std::optional<int> bw_size;
      if (Set(new_name) && new_name != old_ip.GetAttr("bandwidth_name")) bw_name = new_name.AsString();
      if (Set(new_size) && new_size != old_ip.GetAttr("bandwidth_size")) {
        bw_size = static_cast<int>(fw::GetInt(new_ip, "bandwidth_size").value_or(0));
      }
      if (bw_name || bw_size) {
        auto e = otc::vpc::GetEip(ctx, c, old_eip);
        if (!e.ok()) return AddOtcError(resp.diagnostics, e.error());
        auto r = otc::vpc::UpdateBandwidth(ctx, c, e->bandwidth_id, bw_name, bw_size);
        if (!r.ok()) return AddOtcError(resp.diagnostics, r.error());
      }
    }
    cty::Value remote;
    if (!Fetch(ctx, id, plan, ManagedEip(plan), remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "Load Balancer", label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    const std::string label = Label(GetString(req.state, "name").value_or(""), *id);
    auto d = otc::elb::DeleteLoadBalancer(ctx, c, *id);
    if (!d.ok() && !d.IsNotFound()) {
      if (d.IsConflict()) {
        d.set_hint("Delete the load balancer's listeners and pools first; with deletion_protection = true, set "
                   "it to false and apply before destroying.");
      }
      return AddOtcError(resp.diagnostics, d);
    }
    auto w = otc::elb::WaitLoadBalancerDeleted(ctx, c, *id, label + " to be deleted");
    if (!w.ok()) return AddOtcError(resp.diagnostics, w);
    const std::string eip = ManagedEip(req.state);
    if (eip.empty() || eip == "*") return;
    // The EIP the ELB service allocated for this load balancer: delete it
    // and wait until it (and its PER bandwidth) are gone.
    otc::WaitOptions opts;
    opts.what = "EIP " + eip + " of " + label + " to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::vpc::GetEip(x, c, eip);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      auto del = otc::vpc::DeleteEip(x, c, eip);
      if (!del.ok() && !del.IsNotFound()) {
        if (del.IsConflict()) return otc::PollResult{otc::PollResult::kPending, "busy: " + del.message(), ""};
        return del;
      }
      return otc::PollResult{otc::PollResult::kPending, "deleting", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_elb_loadbalancer is imported by its load balancer ID (e.g. "
                                "\"3b2c1d4e-...\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  // The id of the EIP `state` owns ("" when none is managed).
  static std::string ManagedEip(const cty::Value& state) {
    cty::Value ip = First(state, "public_ip");
    if (!Set(ip) || !fw::GetBool(ip, "_managed").value_or(false)) return "";
    return GetString(ip, "id").value_or("");
  }

  // Moves an existing (unmanaged) EIP binding from `from` to `to` on the
  // VIP port ("" = none), through the VPC EIP API.
  otc::Status Rebind(const fw::Context& ctx, otc::Client& c, const std::string& from, const std::string& to,
                     const std::string& vip_port) {
    if (!from.empty()) {
      auto r = otc::vpc::UpdateEipPort(ctx, c, from, "");
      if (!r.ok() && !r.error().IsNotFound()) return r.error();
    }
    if (to.empty()) return otc::Status();
    if (vip_port.empty()) {
      return otc::Error(otc::ErrorKind::kConfig, "the load balancer has no private IPv4 VIP port to bind EIP " + to +
                                                     " to")
          .set_hint("Set subnet_id so the load balancer gets a VIP.");
    }
    auto r = otc::vpc::UpdateEipPort(ctx, c, to, vip_port);
    if (!r.ok()) return r.error();
    return otc::Status();
  }

  // The remote object as a state value built on `base` (null when gone).
  // `managed_eip`: the EIP id the state owns, "*" when any EIP found is
  // the one just allocated by the create, "" for none.
  // `known`: the load balancer as just read (saves the GET).
  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, const std::string& managed_eip,
             cty::Value& out, tfplugin::Diagnostics& diags, const otc::elb::LoadBalancer* known = nullptr) {
    otc::Client& c = *data_->client;
    otc::Result<otc::elb::LoadBalancer> lb =
        known != nullptr ? otc::Result<otc::elb::LoadBalancer>(*known) : otc::elb::GetLoadBalancer(ctx, c, id);
    if (!lb.ok()) {
      if (lb.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, lb.error());
      return false;
    }
    const cty::Type ip_type = AttrOf(base, "public_ip").type().element();
    std::vector<cty::Value> ips;
    if (!lb->publicips.empty()) {
      const otc::elb::LbPublicIp& p = lb->publicips.front();
      std::map<std::string, cty::Value> a = {
          {"id", cty::Value::String(p.id)},
          {"_managed", cty::Value::Bool(managed_eip == "*" || managed_eip == p.id)},
          {"address", cty::Value::String(p.address)},
          {"ip_type", cty::Value::Null(cty::Type::String())},
          {"bandwidth_name", cty::Value::Null(cty::Type::String())},
          {"bandwidth_size", cty::Value::Null(cty::Type::Number())},
          {"bandwidth_charge_mode", cty::Value::Null(cty::Type::String())},
          {"bandwidth_share_type", cty::Value::Null(cty::Type::String())}};
      auto e = otc::vpc::GetEip(ctx, c, p.id);
      if (!e.ok() && !e.error().IsNotFound()) {
        AddOtcError(diags, e.error());
        return false;
      }
      if (e.ok()) {
        a["ip_type"] = cty::Value::String(e->type);
        if (!e->bandwidth_id.empty()) {
          auto bw = otc::vpc::GetBandwidth(ctx, c, e->bandwidth_id);
          if (!bw.ok() && !bw.error().IsNotFound()) {
            AddOtcError(diags, bw.error());
            return false;
          }
          if (bw.ok()) {
            a["bandwidth_name"] = cty::Value::String(bw->name);
            a["bandwidth_size"] = cty::Value::Int(bw->size);
            a["bandwidth_charge_mode"] = cty::Value::String(bw->charge_mode);
            a["bandwidth_share_type"] = cty::Value::String(bw->share_type);
          }
        }
      }
      ips.push_back(cty::Value::ObjectOf(ip_type, std::move(a)));
    }
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(lb->id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "name", OptionalString(lb->name, AttrOf(base, "name")));
    s = WithAttr(s, "description", OptionalString(lb->description, AttrOf(base, "description")));
    s = WithAttr(s, "availability_zones", StringSet(lb->availability_zones));
    s = WithAttr(s, "router_id", cty::Value::String(lb->vpc_id));
    s = WithAttr(s, "subnet_id", StrOrNull(lb->vip_subnet_cidr_id));
    s = WithAttr(s, "network_ids", StringSet(lb->elb_virsubnet_ids));
    s = WithAttr(s, "vip_address", StrOrNull(lb->vip_address));
    s = WithAttr(s, "vip_port_id", StrOrNull(lb->vip_port_id));
    s = WithAttr(s, "ipv6_network_id", StrOrNull(lb->ipv6_vip_virsubnet_id));
    s = WithAttr(s, "ipv6_address", StrOrNull(lb->ipv6_vip_address));
    s = WithAttr(s, "ip_target_enable", cty::Value::Bool(lb->ip_target_enable));
    s = WithAttr(s, "l4_flavor", StrOrNull(lb->l4_flavor_id));
    s = WithAttr(s, "l7_flavor", StrOrNull(lb->l7_flavor_id));
    s = WithAttr(s, "admin_state_up", cty::Value::Bool(lb->admin_state_up));
    s = WithAttr(s, "deletion_protection", cty::Value::Bool(lb->deletion_protection_enable));
    s = WithAttr(s, "tags", TagsValue(lb->tags, AttrOf(base, "tags")));
    s = WithAttr(s, "created_at", cty::Value::String(lb->created_at));
    s = WithAttr(s, "updated_at", cty::Value::String(lb->updated_at));
    s = WithAttr(s, "public_ip", cty::Value::List(ip_type, std::move(ips)));
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ElbLoadbalancerResource() {
  return [] { return std::make_unique<LoadBalancer>(); };
}

}  // namespace resources
