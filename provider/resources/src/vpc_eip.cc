// edp_vpc_eip: an elastic IP with its bandwidth (VPC v1 publicips and
// bandwidths, api.md 2.5) and v2.0 resource tags (2.4). Same attributes and
// meanings as opentelekomcloud_vpc_eip_v1; import ID: the EIP id.
//
// In place: bandwidth name and size (PUT bandwidths/{id}), publicip.name
// (the alias), publicip.port_id (bind / unbind), tags. A new type,
// ip_address, ip_version, share_type, charge_mode, shared bandwidth id or
// value_specs replaces the EIP: the API cannot change them.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
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

fw::Schema EipSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages an elastic IP (EIP) with its bandwidth in Open Telekom Cloud. Creating waits until the EIP "
      "is allocated (`DOWN`, or `ACTIVE` once bound to `publicip.port_id`); destroying unbinds it first and "
      "waits until it is really gone. Bandwidth name and size, the EIP's name, its port binding and tags "
      "change in place.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The EIP ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));

  fw::Block ip;
  ip.description = "The public IP itself (exactly one block).";
  ip.Add("type", fw::StringAttribute()
                     .Required()
                     .Description("The EIP type: `5_bgp` (dynamic BGP) or `5_mailbgp` (mail BGP). `5_gray` is "
                                  "only for dedicated load balancers and refused by the EIP API.")
                     .Validators({fw::StringOneOf({"5_bgp", "5_mailbgp"})})
                     .PlanModifiers({fw::RequiresReplace()}));
  ip.Add("ip_address", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Description("The public address; a free one is allocated when not set.")
                           .Validators({IsIpv4Address()})
                           .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  ip.Add("ip_version", fw::NumberAttribute()
                           .Optional()
                           .Computed()
                           .Description("The IP version, `4` (default) or `6`.")
                           .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  ip.Add("port_id", fw::StringAttribute()
                        .Optional()
                        .Computed()
                        .Description("The ID of the port (an ECS NIC or a load balancer VIP) the EIP is bound "
                                     "to. Binding, re-binding and unbinding happen in place. Left unset, a "
                                     "binding made elsewhere is kept (see `unbind_port`).")
                        .Validators({fw::StringLengthAtLeast(1)})
                        .PlanModifiers({fw::UseStateForUnknown()}));
  ip.Add("name", fw::StringAttribute()
                     .Optional()
                     .Computed()
                     .Description("The EIP's name (alias), at most 64 characters. Renamed in place.")
                     .Validators({fw::StringLengthBetween(1, 64)})
                     .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("publicip", fw::ListBlock(ip).MinItems(1).MaxItems(1));

  fw::Block bw;
  bw.description = "The EIP's bandwidth (exactly one block).";
  bw.Add("name", fw::StringAttribute()
                     .Optional()
                     .Computed()
                     .Description("The bandwidth name: 1-64 letters, digits, `_`, `-` and `.`. Required for a "
                                  "dedicated (`PER`) bandwidth. Changed in place.")
                     .Validators({fw::StringLengthBetween(1, 64),
                                  fw::StringMatches("^[A-Za-z0-9_.\\-]+$",
                                                    "only letters, digits, '_', '-' and '.' are allowed")})
                     .PlanModifiers({fw::UseStateForUnknown()}));
  bw.Add("size", fw::NumberAttribute()
                     .Optional()
                     .Computed()
                     .Description("The bandwidth in Mbit/s (1-1000). Required for a dedicated (`PER`) "
                                  "bandwidth. Resized in place.")
                     .Validators({fw::IntBetween(1, 1000)})
                     .PlanModifiers({fw::UseStateForUnknown()}));
  bw.Add("share_type", fw::StringAttribute()
                           .Required()
                           .Description("`PER` for a bandwidth of this EIP alone (created and deleted with it), "
                                        "`WHOLE` to use the existing shared bandwidth `id`.")
                           .Validators({fw::StringOneOf({"PER", "WHOLE"})})
                           .PlanModifiers({fw::RequiresReplace()}));
  bw.Add("charge_mode", fw::StringAttribute()
                            .Optional()
                            .Computed()
                            .Description("How the bandwidth is billed: `traffic` or `bandwidth`. The API cannot "
                                         "change it, so a new value replaces the EIP.")
                            .Validators({fw::StringOneOf({"traffic", "bandwidth"})})
                            .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  bw.Add("id", fw::StringAttribute()
                   .Optional()
                   .Computed()
                   .Description("The bandwidth ID: for `WHOLE`, the shared bandwidth to use (required); for "
                                "`PER`, the EIP's own bandwidth (computed, do not set).")
                   .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("bandwidth", fw::ListBlock(bw).MinItems(1).MaxItems(1));

  b.Add("value_specs", fw::MapAttribute(cty::Type::String())
                           .Optional()
                           .Description("Extra top-level members of the create request (as the official "
                                        "provider's `value_specs`), e.g. `enterprise_project_id`. Only used "
                                        "when creating, so a change replaces the EIP.")
                           .PlanModifiers({fw::RequiresReplace()}));
  b.Add("unbind_port", fw::BoolAttribute()
                           .Optional()
                           .Description("When `true` and `publicip.port_id` is not set, the EIP is kept unbound: "
                                        "a binding made elsewhere is removed on the next apply."));
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

// The only element of a MaxItems(1) list block; null (of the element
// type) when absent, null or unknown.
cty::Value First(const cty::Value& obj, const char* block) {
  cty::Value l = AttrOf(obj, block);
  const cty::Type& et = l.type().element();
  if (!l.IsKnown() || l.IsNull() || l.Elements().empty()) return cty::Value::Null(et);
  return l.Elements()[0];
}

cty::Value StrOrNull(const std::string& s) {
  return s.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(s);
}

cty::Path IpPath(const char* attr) { return cty::Path().GetAttr("publicip").Index(int64_t{0}).GetAttr(attr); }
cty::Path BwPath(const char* attr) { return cty::Path().GetAttr("bandwidth").Index(int64_t{0}).GetAttr(attr); }

// Waits until the EIP's status is `ready`, or, with `ready` empty, until
// it is usable: allocated (DOWN) or bound (ACTIVE).
otc::Status WaitEip(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& ready,
                    const std::string& what) {
  otc::WaitOptions opts;
  opts.what = what;
  opts.initial = std::chrono::milliseconds(300);
  opts.max_interval = std::chrono::seconds(5);
  opts.pending_statuses = {404};  // eventual consistency right after the apply
  return otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
    auto e = otc::vpc::GetEip(x, c, id);
    if (!e.ok()) return e.error();
    const std::string& st = e->status;
    bool done = ready.empty() ? (st == "DOWN" || st == "ACTIVE") : st == ready;
    if (done) return otc::PollResult{otc::PollResult::kDone, st, ""};
    if (st == "ERROR" || st == "BIND_ERROR" || st == "FREEZED") {
      return otc::PollResult{otc::PollResult::kFailed, st, "the VPC service reported the EIP as " + st};
    }
    return otc::PollResult{otc::PollResult::kPending, st, ""};
  });
}

class Eip final : public fw::Resource,
                  public fw::ResourceWithConfigure,
                  public fw::ResourceWithImportState,
                  public fw::ResourceWithValidateConfig,
                  public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_vpc_eip";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = EipSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  // The rules the schema cannot express: what each share type needs, the
  // IP version, port_id vs unbind_port, value_specs keys, tags.
  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto& diags = resp.diagnostics;
    ValidateTags(AttrOf(req.config, "tags"), cty::Path().GetAttr("tags"), diags);
    cty::Value specs = AttrOf(req.config, "value_specs");
    if (specs.IsKnown() && !specs.IsNull()) {
      for (const auto& [k, v] : specs.MapElements()) {
        if (k == "publicip" || k == "bandwidth") {
          diags.AddAttributeError(cty::Path().GetAttr("value_specs").Index(k), "Invalid value_specs Key",
                                  "value_specs cannot override \"" + k + "\"; set it through the `" + k +
                                      "` block instead.");
        }
      }
    }
    cty::Value ip = First(req.config, "publicip");
    if (ip.IsKnown() && !ip.IsNull()) {
      cty::Value ver = ip.GetAttr("ip_version");
      if (ver.IsKnown() && !ver.IsNull()) {
        auto v = fw::GetInt(ip, "ip_version");
        if (!v || (*v != 4 && *v != 6)) {
          diags.AddAttributeError(IpPath("ip_version"), "Invalid IP Version",
                                  "publicip.ip_version must be 4 or 6, got " + fw::DisplayValue(ver) + ".");
        }
      }
      cty::Value port = ip.GetAttr("port_id");
      cty::Value unbind = AttrOf(req.config, "unbind_port");
      if (port.IsKnown() && !port.IsNull() && unbind.IsKnown() && !unbind.IsNull() && unbind.AsBool()) {
        diags.AddAttributeError(cty::Path().GetAttr("unbind_port"), "Conflicting Port Settings",
                                "unbind_port = true keeps the EIP unbound, but publicip.port_id binds it to \"" +
                                    port.AsString() + "\". Remove one of the two.");
      }
    }
    cty::Value bw = First(req.config, "bandwidth");
    if (!bw.IsKnown() || bw.IsNull()) return;
    cty::Value share = bw.GetAttr("share_type");
    if (!share.IsKnown() || share.IsNull()) return;
    auto given = [&](const char* a) {
      cty::Value v = bw.GetAttr(a);
      return !v.IsKnown() || !v.IsNull();  // unknown counts as given
    };
    if (share.AsString() == "PER") {
      if (!given("name")) {
        diags.AddAttributeError(BwPath("name"), "Missing Bandwidth Name",
                                "A dedicated (PER) bandwidth needs bandwidth.name; set it (1-64 letters, digits, "
                                "'_', '-', '.').");
      }
      if (!given("size")) {
        diags.AddAttributeError(BwPath("size"), "Missing Bandwidth Size",
                                "A dedicated (PER) bandwidth needs bandwidth.size in Mbit/s (1-1000).");
      }
      if (!bw.GetAttr("id").IsNull()) {
        diags.AddAttributeError(BwPath("id"), "Bandwidth ID Not Allowed",
                                "bandwidth.id selects a shared bandwidth and is only allowed with share_type = "
                                "\"WHOLE\"; a PER bandwidth is created with the EIP. Remove bandwidth.id or use "
                                "WHOLE.");
      }
    } else if (share.AsString() == "WHOLE" && !given("id")) {
      diags.AddAttributeError(BwPath("id"), "Missing Shared Bandwidth ID",
                              "share_type = \"WHOLE\" adds the EIP to an existing shared bandwidth; set "
                              "bandwidth.id to that bandwidth's ID.");
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    // unbind_port: the planned binding is "none" unless port_id is configured.
    auto unbind = fw::GetBool(req.config, "unbind_port");
    cty::Value cfg_ip = First(req.config, "publicip");
    cty::Value plan_ip = First(resp.plan, "publicip");
    if (unbind && *unbind && cfg_ip.IsKnown() && !cfg_ip.IsNull() && cfg_ip.GetAttr("port_id").IsNull() &&
        plan_ip.IsKnown() && !plan_ip.IsNull() && !plan_ip.GetAttr("port_id").IsNull()) {
      plan_ip = WithAttr(plan_ip, "port_id", cty::Value::Null(cty::Type::String()));
      cty::Value l = AttrOf(resp.plan, "publicip");
      resp.plan = WithAttr(resp.plan, "publicip", cty::Value::List(l.type().element(), {plan_ip}));
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
    cty::Value ip = First(req.plan, "publicip");
    cty::Value bw = First(req.plan, "bandwidth");
    otc::vpc::EipCreate in;
    in.type = GetString(ip, "type").value_or("5_bgp");
    in.alias = GetString(ip, "name").value_or("");
    in.ip_address = GetString(ip, "ip_address").value_or("");
    in.ip_version = static_cast<int>(fw::GetInt(ip, "ip_version").value_or(0));
    in.share_type = GetString(bw, "share_type").value_or("PER");
    in.bandwidth_name = GetString(bw, "name").value_or("");
    in.bandwidth_size = static_cast<int>(fw::GetInt(bw, "size").value_or(0));
    in.charge_mode = GetString(bw, "charge_mode").value_or("");
    if (in.share_type == "WHOLE") in.bandwidth_id = GetString(bw, "id").value_or("");
    in.extra = TagsFrom(AttrOf(req.plan, "value_specs"));
    auto created = otc::vpc::CreateEip(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    // From here on the EIP exists: a failure returns it so it is tainted.
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    const std::string label = Label(in.alias.empty() ? in.bandwidth_name : in.alias, id);
    auto waited = WaitEip(ctx, c, id, "", label + " to be allocated");
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    if (auto port = GetString(ip, "port_id"); port && !port->empty()) {
      auto bound = Bind(ctx, c, id, label, "", *port);
      if (!bound.ok()) return AddOtcError(resp.diagnostics, bound);
    }
    auto tagged = SetTags(ctx, c, "publicips", id, {}, TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "EIP", "EIP " + id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
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
    cty::Value old_ip = First(req.state, "publicip"), new_ip = First(req.plan, "publicip");
    cty::Value old_bw = First(req.state, "bandwidth"), new_bw = First(req.plan, "bandwidth");
    const std::string label = Label(GetString(old_ip, "name").value_or(""), id);
    auto changed = [](const cty::Value& before, const cty::Value& after, const char* attr) {
      cty::Value a = after.IsNull() ? after : after.GetAttr(attr);
      cty::Value b = before.IsNull() ? before : before.GetAttr(attr);
      return a.IsKnown() && !a.IsNull() && a != b;
    };
    // From here on a failure leaves the state as it was before the step.
    resp.state = req.state;

    std::optional<std::string> bw_name;
    std::optional<int> bw_size;
    if (changed(old_bw, new_bw, "name")) bw_name = GetString(new_bw, "name");
    if (changed(old_bw, new_bw, "size")) bw_size = static_cast<int>(fw::GetInt(new_bw, "size").value_or(0));
    if (bw_name || bw_size) {
      auto r = otc::vpc::UpdateBandwidth(ctx, c, GetString(old_bw, "id").value_or(""), bw_name, bw_size);
      if (!r.ok()) return AddOtcError(resp.diagnostics, r.error());
    }
    if (changed(old_ip, new_ip, "name")) {
      auto r = otc::vpc::UpdateEipAlias(ctx, c, id, GetString(new_ip, "name").value_or(""));
      if (!r.ok()) return AddOtcError(resp.diagnostics, r.error());
    }
    cty::Value old_port = old_ip.IsNull() ? old_ip : old_ip.GetAttr("port_id");
    cty::Value new_port = new_ip.IsNull() ? new_ip : new_ip.GetAttr("port_id");
    if (new_port.IsKnown() && new_port != old_port) {
      std::string from = old_port.IsKnown() && !old_port.IsNull() ? old_port.AsString() : "";
      std::string to = new_port.IsNull() ? "" : new_port.AsString();
      auto bound = Bind(ctx, c, id, label, from, to);
      if (!bound.ok()) return AddOtcError(resp.diagnostics, bound);
    }
    auto tagged =
        SetTags(ctx, c, "publicips", id, TagsFrom(AttrOf(req.state, "tags")), TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "EIP", "EIP " + id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    const std::string label = Label(GetString(First(req.state, "publicip"), "name").value_or(""), *id);
    otc::WaitOptions opts;
    opts.what = label + " to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    // Unbind, DELETE, then GET until 404. 409 (the EIP busy: still being
    // created, bound or unbound) means wait and try again.
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::vpc::GetEip(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      if (!g->port_id.empty()) {
        auto u = otc::vpc::UpdateEipPort(x, c, *id, "");
        if (!u.ok() && !u.error().IsNotFound() && !u.error().IsConflict()) return u.error();
        return otc::PollResult{otc::PollResult::kPending, "unbinding", ""};
      }
      auto d = otc::vpc::DeleteEip(x, c, *id);
      if (!d.ok() && !d.IsNotFound()) {
        if (d.IsConflict()) return otc::PollResult{otc::PollResult::kPending, "busy: " + d.message(), ""};
        return d;
      }
      return otc::PollResult{otc::PollResult::kPending, "deleting", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_vpc_eip is imported by its EIP ID (e.g. \"3b2c1d4e-...\", not the public "
                                "address), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  static std::string Label(const std::string& name, const std::string& id) {
    return name.empty() ? "EIP " + id : "EIP \"" + name + "\" (" + id + ")";
  }

  // Moves the binding from port `from` ("" = unbound) to `to` ("" =
  // unbind) and waits for the resulting status. OTC refuses to re-bind a
  // bound EIP, so a change of port unbinds first.
  otc::Status Bind(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& label,
                   const std::string& from, const std::string& to) {
    if (!from.empty()) {
      auto r = otc::vpc::UpdateEipPort(ctx, c, id, "");
      if (!r.ok()) return r.error();
      auto w = WaitEip(ctx, c, id, "DOWN", label + " to be unbound from port " + from);
      if (!w.ok()) return w;
    }
    if (to.empty()) return otc::Status();
    auto r = otc::vpc::UpdateEipPort(ctx, c, id, to);
    if (!r.ok()) return r.error();
    return WaitEip(ctx, c, id, "ACTIVE", label + " to be bound to port " + to);
  }

  // The remote object as a state value built on `base` (null when gone).
  // Returns false with a diagnostic on an API error.
  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto gone = [&] {
      out = cty::Value::Null(base.type());
      return true;
    };
    auto e = otc::vpc::GetEip(ctx, c, id);
    if (!e.ok()) {
      if (e.error().IsNotFound()) return gone();
      AddOtcError(diags, e.error());
      return false;
    }
    auto bw = otc::vpc::GetBandwidth(ctx, c, e->bandwidth_id);
    if (!bw.ok()) {
      // A PER bandwidth goes with its EIP: deleted between the two calls.
      if (bw.error().IsNotFound()) return gone();
      AddOtcError(diags, bw.error());
      return false;
    }
    auto tags = GetTags(ctx, c, "publicips", id);
    if (!tags.ok()) {
      if (tags.error().IsNotFound()) return gone();
      AddOtcError(diags, tags.error());
      return false;
    }
    const cty::Type ip_type = AttrOf(base, "publicip").type().element();
    const cty::Type bw_type = AttrOf(base, "bandwidth").type().element();
    cty::Value ip = cty::Value::ObjectOf(
        ip_type, {{"type", cty::Value::String(e->type)},
                  {"ip_address", cty::Value::String(e->public_ip_address)},
                  {"ip_version", cty::Value::Int(e->ip_version)},
                  {"port_id", StrOrNull(e->port_id)},
                  {"name", cty::Value::String(e->alias)}});
    cty::Value b = cty::Value::ObjectOf(
        bw_type, {{"name", cty::Value::String(bw->name)},
                  {"size", cty::Value::Int(bw->size)},
                  {"share_type", cty::Value::String(bw->share_type)},
                  {"charge_mode", cty::Value::String(bw->charge_mode)},
                  {"id", cty::Value::String(bw->id)}});
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(e->id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "publicip", cty::Value::List(ip_type, {ip}));
    s = WithAttr(s, "bandwidth", cty::Value::List(bw_type, {b}));
    s = WithAttr(s, "tags", TagsValue(tags.value(), AttrOf(base, "tags")));
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory VpcEipResource() {
  return [] { return std::make_unique<Eip>(); };
}

}  // namespace resources
