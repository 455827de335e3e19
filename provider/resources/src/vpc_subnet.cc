// edp_vpc_subnet: a subnet of a VPC (subnets v1, api.md 2.2) with v2.0
// resource tags (2.4). Same attributes and meanings as
// opentelekomcloud_vpc_subnet_v1; import ID: the subnet id (= the Neutron
// network id). name, description, DNS servers, DHCP, tags and switching
// IPv6 on update in place; cidr, gateway_ip, vpc_id, availability_zone and
// switching IPv6 off (OTC cannot) force a new subnet.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
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

// OTC's resolvers, sent when no DNS server is configured (as the official
// provider does).
constexpr const char* kDefaultDns1 = "100.125.4.25";
constexpr const char* kDefaultDns2 = "100.125.129.199";

fw::Schema SubnetSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a subnet of a VPC in Open Telekom Cloud. Creating waits until the subnet is `ACTIVE`; "
      "destroying waits until it is really gone, retrying while it is still used (ports, load "
      "balancers, CCE nodes being deleted).";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The subnet ID (also its Neutron network ID); CCE, RDS and ELB take this ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The subnet name: 1-64 letters, digits, `_`, `-` and `.`.")
                    .Validators({fw::StringLengthBetween(1, 64),
                                 fw::StringMatches("^[A-Za-z0-9_.\\-]+$",
                                                   "only letters, digits, '_', '-' and '.' are allowed")}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of the subnet (at most 255 characters).")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("cidr", fw::StringAttribute()
                    .Required()
                    .Description("The subnet's IPv4 range in CIDR notation (prefix /8 to /29), inside the "
                                 "VPC's range.")
                    .Validators({fw::IsCidr()})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("gateway_ip", fw::StringAttribute()
                          .Required()
                          .Description("The gateway address, inside `cidr` and neither its network nor its "
                                       "broadcast address.")
                          .Validators({IsIpv4Address()})
                          .PlanModifiers({fw::RequiresReplace()}));
  b.Add("vpc_id", fw::StringAttribute()
                      .Required()
                      .Description("The ID of the VPC the subnet belongs to.")
                      .Validators({fw::StringLengthAtLeast(1)})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("dhcp_enable", fw::BoolAttribute()
                           .Optional()
                           .Computed()
                           .Default(cty::Value::True())
                           .Description("Whether DHCP is enabled in the subnet."));
  b.Add("primary_dns", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Description("The primary DNS server. When none of `primary_dns`, `secondary_dns` "
                                        "and `dns_list` is set, OTC's resolvers 100.125.4.25 and "
                                        "100.125.129.199 are used.")
                           .Validators({IsIpv4Address()}));
  b.Add("secondary_dns", fw::StringAttribute()
                             .Optional()
                             .Computed()
                             .Description("The secondary DNS server.")
                             .Validators({IsIpv4Address()}));
  b.Add("dns_list", fw::ListAttribute(cty::Type::String())
                        .Optional()
                        .Computed()
                        .Description("All DNS servers of the subnet, in order (at most 5).")
                        .Validators({fw::SizeBetween(0, 5), fw::EachValue(IsIpv4Address())}));
  b.Add("availability_zone", fw::StringAttribute()
                                 .Optional()
                                 .Computed()
                                 .Description("The availability zone the subnet is bound to; empty for none.")
                                 .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("ipv6_enable", fw::BoolAttribute()
                           .Optional()
                           .Computed()
                           .Default(cty::Value::False())
                           .Description("Whether the subnet also has an IPv6 range (dual stack); OTC assigns the "
                                        "/64 (`cidr_ipv6`). Switching it on happens in place; OTC cannot switch "
                                        "it off again, so that replaces the subnet.")
                           .PlanModifiers({fw::RequiresReplaceIf(
                               [](const fw::PlanModifierRequest& r) {
                                 return r.state.IsKnown() && !r.state.IsNull() && r.state.AsBool() &&
                                        r.plan.IsKnown() && !r.plan.IsNull() && !r.plan.AsBool();
                               },
                               "it is switched from `true` to `false`")}));
  b.Add("cidr_ipv6", fw::StringAttribute().Computed().Description(
                         "The subnet's IPv6 range assigned by OTC (empty without IPv6)."));
  b.Add("gateway_ipv6", fw::StringAttribute().Computed().Description(
                            "The subnet's IPv6 gateway (empty without IPv6)."));
  b.Add("ipv6_subnet_id", fw::StringAttribute().Computed().Description(
                              "The Neutron ID of the subnet's IPv6 part (empty without IPv6)."));
  b.Add("status", fw::StringAttribute().Computed().Description(
                      "The subnet status reported by OTC (`ACTIVE` once usable)."));
  b.Add("subnet_id", fw::StringAttribute()
                         .Computed()
                         .Description("The Neutron subnet ID (used by ELB `vip_subnet_cidr_id` and ports).")
                         .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("network_id", fw::StringAttribute()
                          .Computed()
                          .Description("The Neutron network ID (the same as `id`).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Resource tags (VPC v2.0 tag API): at most 10; keys 1-36 and values up "
                                 "to 43 letters, digits, `-`, `_` (and `.` in values)."));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

cty::Value StringList(const std::vector<std::string>& v) {
  std::vector<cty::Value> out;
  for (const auto& s : v) out.push_back(cty::Value::String(s));
  return cty::Value::List(cty::Type::String(), std::move(out));
}

std::vector<std::string> ListFrom(const cty::Value& v) {
  std::vector<std::string> out;
  if (v.IsNull() || !v.IsKnown()) return out;
  for (const auto& e : v.Elements()) {
    if (e.IsKnown() && !e.IsNull()) out.push_back(e.AsString());
  }
  return out;
}

class Subnet final : public fw::Resource,
                     public fw::ResourceWithConfigure,
                     public fw::ResourceWithImportState,
                     public fw::ResourceWithValidateConfig,
                     public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_vpc_subnet";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = SubnetSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  // Everything checkable without the API: the CIDR's form and size, the
  // gateway inside it, the tags.
  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    ValidateTags(AttrOf(req.config, "tags"), cty::Path().GetAttr("tags"), resp.diagnostics);
    cty::Value cidr = AttrOf(req.config, "cidr");
    if (cidr.IsNull() || !cidr.IsKnown()) return;
    auto p = ParseIpv4Cidr(cidr.AsString());
    if (!p) return;  // IsCidr reports it
    const cty::Path cidr_path = cty::Path().GetAttr("cidr");
    if (p->address != p->Network()) {
      resp.diagnostics.AddAttributeError(cidr_path, "Invalid Subnet CIDR",
                                         "\"" + cidr.AsString() + "\" has host bits set; the network address is \"" +
                                             FormatIpv4(p->Network()) + "/" + std::to_string(p->length) +
                                             "\". Use that value.");
      return;
    }
    if (p->length < 8 || p->length > 29) {
      resp.diagnostics.AddAttributeError(cidr_path, "Invalid Subnet CIDR",
                                         "OTC subnets have a prefix length between /8 and /29; got \"" +
                                             cidr.AsString() + "\".");
      return;
    }
    cty::Value gw = AttrOf(req.config, "gateway_ip");
    if (gw.IsNull() || !gw.IsKnown()) return;
    auto g = ParseIpv4(gw.AsString());
    if (!g) return;  // IsIpv4Address reports it
    if (!p->Contains(*g) || *g == p->Network() || *g == p->Broadcast()) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("gateway_ip"), "Gateway Outside The Subnet",
          "gateway_ip \"" + gw.AsString() + "\" must be a host address inside cidr \"" + cidr.AsString() +
              "\" (between " + FormatIpv4(p->Network() + 1) + " and " + FormatIpv4(p->Broadcast() - 1) +
              "); usually the first one, " + FormatIpv4(p->Network() + 1) + ".");
    }
  }

  // Plan-time checks that need the provider: the region, and the subnet
  // CIDR inside its VPC's CIDR (one GET of the VPC, when vpc_id is known
  // and the CIDR is new).
  void ModifyPlan(const fw::Context& ctx, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    // The IPv6 values only change when IPv6 is switched on.
    if (!req.state.IsNull() && AttrOf(req.state, "ipv6_enable") == AttrOf(resp.plan, "ipv6_enable")) {
      for (const char* attr : {"cidr_ipv6", "gateway_ipv6", "ipv6_subnet_id"}) {
        if (!AttrOf(resp.plan, attr).IsKnown()) resp.plan = WithAttr(resp.plan, attr, AttrOf(req.state, attr));
      }
    }
    if (!data_) return;
    cty::Value region = AttrOf(req.plan, "region");
    if (!region.IsKnown()) {
      if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "region", cty::Value::String(data_->region));
    } else if (!region.IsNull() && region.AsString() != data_->region) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
          "region is \"" + region.AsString() + "\" but this provider manages \"" + data_->region +
              "\". Use a provider alias configured for that region.");
    }
    auto cidr = GetString(req.plan, "cidr");
    auto vpc_id = GetString(req.plan, "vpc_id");
    if (!cidr || !vpc_id) return;
    bool changed = req.state.IsNull() || GetString(req.state, "cidr") != cidr ||
                   GetString(req.state, "vpc_id") != vpc_id;
    if (!changed) return;
    auto p = ParseIpv4Cidr(*cidr);
    if (!p) return;
    auto vpc = otc::vpc::GetVpc(ctx, *data_->client, *vpc_id);
    if (!vpc.ok()) {
      if (vpc.error().IsNotFound()) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("vpc_id"), "VPC Not Found",
                                           "No VPC with ID \"" + *vpc_id +
                                               "\" exists in this project and region. Check vpc_id.");
      }
      return;  // other errors: the apply reports what the API says
    }
    auto vp = ParseIpv4Cidr(vpc->cidr);
    if (!vp || vp->Contains(*p)) return;
    // Not in the primary range: maybe in a secondary one (one more GET).
    std::string ranges = "\"" + vpc->cidr + "\"";
    auto v3 = otc::vpc::GetVpcV3(ctx, *data_->client, *vpc_id);
    if (!v3.ok()) return;  // the apply reports what the API says
    for (const auto& e : v3->extend_cidrs) {
      auto ep = ParseIpv4Cidr(e);
      if (ep && ep->Contains(*p)) return;
      ranges += " or \"" + e + "\"";
    }
    resp.diagnostics.AddAttributeError(cty::Path().GetAttr("cidr"), "Subnet Outside The VPC",
                                       "cidr \"" + *cidr + "\" is not inside the range " + ranges + " of VPC " +
                                           *vpc_id + ". Choose a range inside it (or add a secondary_cidr to the "
                                           "VPC).");
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    otc::vpc::SubnetCreate in;
    in.name = GetString(req.plan, "name").value_or("");
    in.description = GetString(req.plan, "description").value_or("");
    in.cidr = GetString(req.plan, "cidr").value_or("");
    in.gateway_ip = GetString(req.plan, "gateway_ip").value_or("");
    in.vpc_id = GetString(req.plan, "vpc_id").value_or("");
    in.availability_zone = GetString(req.config, "availability_zone").value_or("");
    in.dhcp_enable = fw::GetBool(req.plan, "dhcp_enable").value_or(true);
    in.ipv6_enable = fw::GetBool(req.plan, "ipv6_enable").value_or(false);
    in.primary_dns = GetString(req.config, "primary_dns").value_or("");
    in.secondary_dns = GetString(req.config, "secondary_dns").value_or("");
    in.dns_list = ListFrom(AttrOf(req.config, "dns_list"));
    if (in.primary_dns.empty() && in.secondary_dns.empty() && in.dns_list.empty()) {
      in.primary_dns = kDefaultDns1;
      in.secondary_dns = kDefaultDns2;
    }
    auto created = otc::vpc::CreateSubnet(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    auto waited = WaitActive(ctx, c, id, in.name);
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    auto tagged = SetTags(ctx, c, "subnets", id, {}, TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "Subnet", "Subnet " + id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    cty::Value remote;
    if (!Fetch(ctx, *id, req.state, remote, resp.diagnostics)) return;
    resp.state = remote;
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    const std::string vpc_id = GetString(req.state, "vpc_id").value_or("");
    auto differs = [&](const char* attr) {
      cty::Value after = AttrOf(req.plan, attr);
      return after.IsKnown() && AttrOf(req.state, attr) != after;
    };
    otc::vpc::SubnetUpdate up;
    up.name = GetString(req.plan, "name").value_or("");
    bool changed = differs("name");
    if (differs("description")) {
      up.description = GetString(req.plan, "description").value_or("");
      changed = true;
    }
    if (differs("primary_dns")) {
      up.primary_dns = GetString(req.plan, "primary_dns").value_or("");
      changed = true;
    }
    if (differs("secondary_dns")) {
      up.secondary_dns = GetString(req.plan, "secondary_dns").value_or("");
      changed = true;
    }
    if (differs("dns_list")) {
      up.dns_list = ListFrom(AttrOf(req.plan, "dns_list"));
      changed = true;
    }
    if (differs("dhcp_enable")) {
      up.dhcp_enable = fw::GetBool(req.plan, "dhcp_enable").value_or(true);
      changed = true;
    }
    if (differs("ipv6_enable")) {  // only ever false -> true (true -> false replaces)
      up.ipv6_enable = fw::GetBool(req.plan, "ipv6_enable").value_or(false);
      changed = true;
    }
    if (changed) {
      auto s = otc::vpc::UpdateSubnet(ctx, c, vpc_id, id, up);
      if (!s.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, s);
      }
      auto waited = WaitActive(ctx, c, id, up.name);
      if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    }
    auto tagged =
        SetTags(ctx, c, "subnets", id, TagsFrom(AttrOf(req.state, "tags")), TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "Subnet", "Subnet " + id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    auto vpc_id = GetString(req.state, "vpc_id");
    if (!id || id->empty()) return;
    std::string name = GetString(req.state, "name").value_or(*id);
    otc::WaitOptions opts;
    opts.what = "subnet \"" + name + "\" (" + *id + ") to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    // DELETE until the subnet is gone; 409 (still used by ports, load
    // balancers or CCE nodes that are being deleted) means wait.
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::vpc::GetSubnet(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      auto d = otc::vpc::DeleteSubnet(x, c, g->vpc_id.empty() ? vpc_id.value_or("") : g->vpc_id, *id);
      if (!d.ok() && !d.IsNotFound()) {
        if (d.IsConflict()) return otc::PollResult{otc::PollResult::kPending, "in use: " + d.message(), ""};
        return d;
      }
      return otc::PollResult{otc::PollResult::kPending, "deleting", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_vpc_subnet is imported by its subnet ID (the `id` shown by the VPC "
                                "console, not the Neutron subnet ID), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  otc::Status WaitActive(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& name) {
    return WaitForStatus(ctx, "subnet \"" + name + "\" (" + id + ") to become ACTIVE", "subnet", "ACTIVE",
                         {"ERROR", "DOWN"}, [&](const fw::Context& x) -> otc::Result<std::string> {
                           auto v = otc::vpc::GetSubnet(x, c, id);
                           if (!v.ok()) return v.error();
                           return v->status;
                         });
  }

  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto v = otc::vpc::GetSubnet(ctx, c, id);
    if (!v.ok()) {
      if (v.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, v.error());
      return false;
    }
    auto tags = GetTags(ctx, c, "subnets", id);
    if (!tags.ok()) {
      if (tags.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, tags.error());
      return false;
    }
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(v->id));
    s = WithAttr(s, "name", cty::Value::String(v->name));
    s = WithAttr(s, "description", OptionalString(v->description, AttrOf(base, "description")));
    s = WithAttr(s, "cidr", cty::Value::String(v->cidr));
    s = WithAttr(s, "gateway_ip", cty::Value::String(v->gateway_ip));
    s = WithAttr(s, "vpc_id", cty::Value::String(v->vpc_id));
    s = WithAttr(s, "dhcp_enable", cty::Value::Bool(v->dhcp_enable));
    s = WithAttr(s, "primary_dns", cty::Value::String(v->primary_dns));
    s = WithAttr(s, "secondary_dns", cty::Value::String(v->secondary_dns));
    s = WithAttr(s, "dns_list", StringList(v->dns_list));
    s = WithAttr(s, "availability_zone", cty::Value::String(v->availability_zone));
    s = WithAttr(s, "ipv6_enable", cty::Value::Bool(v->ipv6_enable));
    s = WithAttr(s, "cidr_ipv6", cty::Value::String(v->cidr_v6));
    s = WithAttr(s, "gateway_ipv6", cty::Value::String(v->gateway_ip_v6));
    s = WithAttr(s, "ipv6_subnet_id", cty::Value::String(v->neutron_subnet_id_v6));
    s = WithAttr(s, "status", cty::Value::String(v->status));
    s = WithAttr(s, "subnet_id", cty::Value::String(v->neutron_subnet_id));
    s = WithAttr(s, "network_id",
                 cty::Value::String(v->neutron_network_id.empty() ? v->id : v->neutron_network_id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "tags", TagsValue(tags.value(), AttrOf(base, "tags")));
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory VpcSubnetResource() {
  return [] { return std::make_unique<Subnet>(); };
}

}  // namespace resources
