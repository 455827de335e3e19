// edp_vpc: a VPC (VPC v1, api.md 2.1) with v2.0 resource tags (2.4) and a
// secondary CIDR (VPC v3, 2.3). Same attributes and meanings as
// opentelekomcloud_vpc_v1; import ID: the VPC id. name, description, cidr,
// secondary_cidr and tags update in place.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

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

constexpr const char* kNamePattern = "^[A-Za-z0-9_.\\-]+$";

fw::Schema VpcSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a VPC (virtual private cloud) in Open Telekom Cloud. Creating waits until the VPC is "
      "`OK`; destroying waits until it is really gone, retrying while subnets are still being "
      "deleted.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The VPC ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The VPC name: 1-64 letters, digits, `_`, `-` and `.`.")
                    .Validators({fw::StringLengthBetween(1, 64),
                                 fw::StringMatches(kNamePattern,
                                                   "only letters, digits, '_', '-' and '.' are allowed")}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of the VPC (at most 255 characters).")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("cidr", fw::StringAttribute()
                    .Required()
                    .Description(
                        "The VPC's IPv4 range in CIDR notation, inside 10.0.0.0/8, 172.16.0.0/12 or "
                        "192.168.0.0/16 with a prefix length of at most 24. Updated in place; every "
                        "subnet must stay inside the new range.")
                    .Validators({fw::IsCidr()}));
  b.Add("secondary_cidr", fw::StringAttribute()
                              .Optional()
                              .Description(
                                  "An additional IPv4 range of the VPC (VPC v3 secondary CIDR) for subnets "
                                  "that do not fit into `cidr`: prefix /10 to /28, not overlapping `cidr` and "
                                  "outside the ranges OTC reserves (100.64.0.0/10, 169.254.0.0/16, "
                                  "198.18.0.0/15, 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/3). Added, changed and "
                                  "removed in place; removing waits while subnets in the range are still being "
                                  "deleted.")
                              .Validators({fw::IsCidr()}));
  b.Add("status", fw::StringAttribute().Computed().Description(
                      "The VPC status reported by OTC (`OK` once usable)."));
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

// The VPC CIDR rule of the VPC service, as a diagnostic at `path`.
void CheckVpcCidr(const cty::Value& v, const cty::Path& path, tfplugin::Diagnostics& diags) {
  if (v.IsNull() || !v.IsKnown()) return;
  auto p = ParseIpv4Cidr(v.AsString());
  if (!p) return;  // the IsCidr validator reports it
  if (p->address != p->Network()) {
    diags.AddAttributeError(path, "Invalid VPC CIDR",
                            "\"" + v.AsString() + "\" has host bits set; the network address is \"" +
                                FormatIpv4(p->Network()) + "/" + std::to_string(p->length) +
                                "\". Use that value.");
    return;
  }
  static const Ipv4Prefix kPrivate[] = {{0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};
  bool inside = false;
  for (const auto& r : kPrivate) inside = inside || r.Contains(*p);
  if (!inside || p->length > 24) {
    diags.AddAttributeError(path, "Invalid VPC CIDR",
                            "OTC accepts VPC ranges inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 "
                            "with a prefix length between the range's own and /24; got \"" +
                                v.AsString() + "\".");
  }
}

// The secondary CIDR rules of VPC v3 (prefix, reserved ranges, overlap
// with the primary CIDR `primary`), as diagnostics at `path`.
void CheckSecondaryCidr(const cty::Value& v, const cty::Value& primary, const cty::Path& path,
                        tfplugin::Diagnostics& diags) {
  if (v.IsNull() || !v.IsKnown()) return;
  auto p = ParseIpv4Cidr(v.AsString());
  if (!p) return;  // the IsCidr validator reports it
  const std::string& s = v.AsString();
  if (p->address != p->Network()) {
    diags.AddAttributeError(path, "Invalid Secondary CIDR",
                            "\"" + s + "\" has host bits set; the network address is \"" + FormatIpv4(p->Network()) +
                                "/" + std::to_string(p->length) + "\". Use that value.");
    return;
  }
  if (p->length < 10 || p->length > 28) {
    diags.AddAttributeError(path, "Invalid Secondary CIDR",
                            "OTC accepts secondary CIDRs with a prefix length between /10 and /28; got \"" + s +
                                "\".");
    return;
  }
  static const struct {
    Ipv4Prefix range;
    const char* text;
  } kReserved[] = {{{0x64400000u, 10}, "100.64.0.0/10"}, {{0xA9FE0000u, 16}, "169.254.0.0/16"},
                   {{0xC6120000u, 15}, "198.18.0.0/15"}, {{0x00000000u, 8}, "0.0.0.0/8"},
                   {{0x7F000000u, 8}, "127.0.0.0/8"},    {{0xE0000000u, 3}, "224.0.0.0/3"}};
  for (const auto& r : kReserved) {
    if (r.range.Contains(*p) || p->Contains(r.range)) {
      diags.AddAttributeError(path, "Reserved Secondary CIDR",
                              "\"" + s + "\" overlaps " + r.text +
                                  ", which OTC reserves for its own services. Choose another range.");
      return;
    }
  }
  if (primary.IsNull() || !primary.IsKnown()) return;
  auto q = ParseIpv4Cidr(primary.AsString());
  if (q && (q->Contains(*p) || p->Contains(*q))) {
    diags.AddAttributeError(path, "Secondary CIDR Overlaps The VPC CIDR",
                            "secondary_cidr \"" + s + "\" overlaps cidr \"" + primary.AsString() +
                                "\"; a secondary range must be disjoint from the primary one.");
  }
}

class Vpc final : public fw::Resource,
                  public fw::ResourceWithConfigure,
                  public fw::ResourceWithImportState,
                  public fw::ResourceWithValidateConfig,
                  public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_vpc";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = VpcSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    CheckVpcCidr(AttrOf(req.config, "cidr"), cty::Path().GetAttr("cidr"), resp.diagnostics);
    CheckSecondaryCidr(AttrOf(req.config, "secondary_cidr"), AttrOf(req.config, "cidr"),
                       cty::Path().GetAttr("secondary_cidr"), resp.diagnostics);
    ValidateTags(AttrOf(req.config, "tags"), cty::Path().GetAttr("tags"), resp.diagnostics);
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull() || !data_) return;
    cty::Value region = AttrOf(req.plan, "region");
    if (!region.IsKnown()) {
      if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "region", cty::Value::String(data_->region));
      return;
    }
    if (!region.IsNull() && region.AsString() != data_->region) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
          "region is \"" + region.AsString() + "\" but this provider manages \"" + data_->region +
              "\". Use a provider alias configured for that region.");
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    otc::vpc::VpcCreate in;
    in.name = GetString(req.plan, "name").value_or("");
    in.cidr = GetString(req.plan, "cidr").value_or("");
    in.description = GetString(req.plan, "description").value_or("");
    auto created = otc::vpc::CreateVpc(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    // From here on the VPC exists: a failure returns it so it is tainted.
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    auto waited = WaitReady(ctx, c, id, in.name);
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    if (auto second = GetString(req.plan, "secondary_cidr")) {
      auto added = otc::vpc::AddSecondaryCidrs(ctx, c, id, {*second});
      if (!added.ok()) return AddOtcError(resp.diagnostics, added.error());
    }
    auto tagged = SetTags(ctx, c, "vpcs", id, {}, TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, remote, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote.IsNull() ? resp.state : remote);
    resp.state = WithAttr(resp.state, "id", cty::Value::String(id));
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
    otc::vpc::VpcUpdate up;
    bool changed = false;
    for (const char* attr : {"name", "cidr", "description"}) {
      cty::Value before = AttrOf(req.state, attr), after = AttrOf(req.plan, attr);
      if (before == after) continue;
      std::string v = GetString(req.plan, attr).value_or("");
      if (std::string(attr) == "name") up.name = v;
      if (std::string(attr) == "cidr") up.cidr = v;
      if (std::string(attr) == "description") up.description = v;
      changed = true;
    }
    if (changed) {
      auto r = otc::vpc::UpdateVpc(ctx, c, id, up);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
    }
    auto old_second = GetString(req.state, "secondary_cidr");
    auto new_second = GetString(req.plan, "secondary_cidr");
    if (old_second != new_second) {
      auto s = ChangeSecondary(ctx, c, id, old_second, new_second);
      if (!s.ok()) {
        // The next refresh reads what the VPC really has.
        resp.state = WithAttr(req.plan, "secondary_cidr", AttrOf(req.state, "secondary_cidr"));
        return AddOtcError(resp.diagnostics, s);
      }
    }
    auto tagged =
        SetTags(ctx, c, "vpcs", id, TagsFrom(AttrOf(req.state, "tags")), TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "VPC", "VPC " + id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    std::string name = GetString(req.state, "name").value_or(*id);
    otc::WaitOptions opts;
    opts.what = "VPC \"" + name + "\" (" + *id + ") to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    // DELETE until the VPC is gone; 409 (subnets still being deleted, or
    // the VPC busy) means wait and try again.
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto d = otc::vpc::DeleteVpc(x, c, *id);
      if (!d.ok() && !d.IsNotFound()) {
        if (d.IsConflict()) return otc::PollResult{otc::PollResult::kPending, "in use: " + d.message(), ""};
        return d;
      }
      auto g = otc::vpc::GetVpc(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      return otc::PollResult{otc::PollResult::kPending, g->status, ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_vpc is imported by its VPC ID (e.g. "
                                "\"3b2c1d4e-...\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  // Replaces secondary CIDR `from` by `to` (either may be absent). Removing
  // a range still used by a subnet (409) is retried for up to 2 minutes:
  // subnets destroyed in the same apply release it asynchronously.
  otc::Status ChangeSecondary(const fw::Context& ctx, otc::Client& c, const std::string& id,
                              const std::optional<std::string>& from, const std::optional<std::string>& to) {
    if (from) {
      otc::WaitOptions opts;
      opts.what = "secondary CIDR " + *from + " of VPC " + id + " to be released by its subnets";
      opts.initial = std::chrono::milliseconds(500);
      opts.max_interval = std::chrono::seconds(5);
      opts.timeout = std::chrono::minutes(2);
      auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
        auto r = otc::vpc::RemoveSecondaryCidrs(x, c, id, {*from});
        if (r.ok()) return otc::PollResult{otc::PollResult::kDone, "removed", ""};
        if (r.error().IsConflict()) return otc::PollResult{otc::PollResult::kPending, "in use: " + r.error().message(), ""};
        // Already gone (removed out of band): nothing to do.
        if (r.error().IsNotFound()) {
          auto v = otc::vpc::GetVpcV3(x, c, id);
          if (v.ok() && std::find(v->extend_cidrs.begin(), v->extend_cidrs.end(), *from) == v->extend_cidrs.end()) {
            return otc::PollResult{otc::PollResult::kDone, "absent", ""};
          }
        }
        return r.error();
      });
      if (!s.ok()) return s;
    }
    if (to) {
      auto r = otc::vpc::AddSecondaryCidrs(ctx, c, id, {*to});
      if (!r.ok()) return r.error();
    }
    return otc::Status();
  }

  otc::Status WaitReady(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& name) {
    return WaitForStatus(ctx, "VPC \"" + name + "\" (" + id + ") to become OK", "VPC", "OK",
                         {"DOWN", "ERROR"}, [&](const fw::Context& x) -> otc::Result<std::string> {
                           auto v = otc::vpc::GetVpc(x, c, id);
                           if (!v.ok()) return v.error();
                           return v->status;
                         });
  }

  // The remote object as a state value built on `base` (null when gone).
  // Returns false with a diagnostic on an API error.
  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto v = otc::vpc::GetVpc(ctx, c, id);
    if (!v.ok()) {
      if (v.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, v.error());
      return false;
    }
    auto tags = GetTags(ctx, c, "vpcs", id);
    if (!tags.ok()) {
      if (tags.error().IsNotFound()) {  // deleted between the two calls
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, tags.error());
      return false;
    }
    auto v3 = otc::vpc::GetVpcV3(ctx, c, id);
    if (!v3.ok()) {
      if (v3.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, v3.error());
      return false;
    }
    // One secondary CIDR is managed; with several (added elsewhere) the
    // one in the state wins, else the first.
    cty::Value second = cty::Value::Null(cty::Type::String());
    auto prior = GetString(base, "secondary_cidr");
    for (const auto& e : v3->extend_cidrs) {
      if (second.IsNull() || (prior && e == *prior)) second = cty::Value::String(e);
    }
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(v->id));
    s = WithAttr(s, "name", cty::Value::String(v->name));
    s = WithAttr(s, "cidr", cty::Value::String(v->cidr));
    s = WithAttr(s, "description", OptionalString(v->description, AttrOf(base, "description")));
    s = WithAttr(s, "status", cty::Value::String(v->status));
    s = WithAttr(s, "secondary_cidr", second);
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "tags", TagsValue(tags.value(), AttrOf(base, "tags")));
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory VpcResource() {
  return [] { return std::make_unique<Vpc>(); };
}

}  // namespace resources
