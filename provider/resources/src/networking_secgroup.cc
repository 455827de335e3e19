// edp_networking_secgroup: a Neutron security group (api.md 2.6). Same
// attributes and meanings as opentelekomcloud_networking_secgroup_v2;
// import ID: the group id. name and description update in place;
// tenant_id, delete_default_rules and region force a new group. Destroy
// retries while the group is still in use (409 SecurityGroupInUse: ports,
// RDS instances or CCE nodes that are going away) until the delete timeout.
#include <chrono>
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

fw::Schema SecgroupSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a security group (Neutron v2.0) in Open Telekom Cloud. Creating waits until the group "
      "can be read back; destroying waits until it is really gone, retrying while ports, RDS "
      "instances or CCE nodes that use it are still being deleted.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The security group ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The name of the security group (1-255 characters, not `default`). Updated "
                                 "in place.")
                    .Validators({fw::StringLengthBetween(1, 255)}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Description("A description of the security group (at most 255 characters). "
                                        "Updated in place.")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("tenant_id", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The project that owns the group; defaults to the provider's project. "
                                      "Changing it creates a new group.")
                         .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("delete_default_rules", fw::BoolAttribute()
                                    .Optional()
                                    .Description("Whether to delete the two default egress rules (allow all "
                                                 "IPv4 and IPv6 traffic out) OTC adds to a new group. Only "
                                                 "applied at creation. An imported group has it unset, and "
                                                 "setting it then only records the value.")
                                    .PlanModifiers({fw::RequiresReplaceIf(
                                        [](const fw::PlanModifierRequest& r) { return !r.state.IsNull(); },
                                        "it was set before (an imported group takes the value without "
                                        "being replaced)")}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

class Secgroup final : public fw::Resource,
                       public fw::ResourceWithConfigure,
                       public fw::ResourceWithImportState,
                       public fw::ResourceWithValidateConfig,
                       public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_networking_secgroup";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = SecgroupSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto name = GetString(req.config, "name");
    if (name && *name == "default") {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("name"), "Reserved Security Group Name",
                                         "Every project already has a security group named \"default\" and "
                                         "OTC refuses a second one. Choose another name, or look the default "
                                         "group up with the edp_networking_secgroup data source.");
    }
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
    const std::string name = GetString(req.plan, "name").value_or("");
    auto created = otc::vpc::CreateSecurityGroup(ctx, c, name, GetString(req.plan, "description").value_or(""),
                                                 GetString(req.plan, "tenant_id").value_or(""));
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    // From here on the group exists: a failure returns it so it is tainted.
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    // Neutron is eventually consistent behind OTC's API gateway: wait until
    // the group can be read (404 meanwhile), so dependents find it.
    otc::vpc::SecurityGroup group;
    otc::WaitOptions opts;
    opts.what = "security group \"" + name + "\" (" + id + ") to become readable";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(5);
    opts.pending_statuses = {404};
    auto waited = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::vpc::GetSecurityGroup(x, c, id);
      if (!g.ok()) return g.error();
      group = std::move(g.value());
      return otc::PollResult{otc::PollResult::kDone, "readable", ""};
    });
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    if (fw::GetBool(req.plan, "delete_default_rules").value_or(false)) {
      // The rules OTC added at creation (the group is new: all of them).
      for (const auto& rule : created->rules.empty() ? group.rules : created->rules) {
        auto d = otc::vpc::DeleteSecurityGroupRule(ctx, c, rule.id);
        if (!d.ok() && !d.IsNotFound()) return AddOtcError(resp.diagnostics, d);
      }
    }
    resp.state = fw::UnknownsFrom(req.plan, ToState(group, resp.state));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    auto g = otc::vpc::GetSecurityGroup(ctx, *data_->client, *id);
    if (!g.ok()) {
      if (g.error().IsNotFound()) return resp.RemoveResource();
      return AddOtcError(resp.diagnostics, g.error());
    }
    resp.state = ToState(g.value(), req.state);
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    const std::string id = GetString(req.state, "id").value_or("");
    std::optional<std::string> name, description;
    cty::Value new_name = AttrOf(req.plan, "name"), new_desc = AttrOf(req.plan, "description");
    if (new_name.IsKnown() && new_name != AttrOf(req.state, "name")) name = GetString(req.plan, "name");
    if (new_desc.IsKnown() && new_desc != AttrOf(req.state, "description")) {
      description = GetString(req.plan, "description").value_or("");
    }
    if (!name && !description) {  // only delete_default_rules recorded after an import
      resp.state = fw::UnknownsFrom(req.plan, req.state);
      return;
    }
    auto g = otc::vpc::UpdateSecurityGroup(ctx, *data_->client, id, name, description);
    if (!g.ok()) {
      resp.state = req.state;
      if (g.error().IsNotFound()) {
        return AddGoneAfterWrite(resp.diagnostics, WriteStep::kUpdate, "Security Group", "Security group " + id);
      }
      return AddOtcError(resp.diagnostics, g.error());
    }
    resp.state = fw::UnknownsFrom(req.plan, ToState(g.value(), req.plan));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    std::string name = GetString(req.state, "name").value_or(*id);
    otc::WaitOptions opts;
    opts.what = "security group \"" + name + "\" (" + *id + ") to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    // DELETE until the group is gone; 409 SecurityGroupInUse (a port, an
    // RDS instance or a CCE node still being deleted, or another group's
    // rule) means wait and try again inside the delete timeout.
    std::string last_conflict;
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto d = otc::vpc::DeleteSecurityGroup(x, c, *id);
      if (!d.ok() && !d.IsNotFound()) {
        if (d.IsConflict()) {
          last_conflict = d.message();
          return otc::PollResult{otc::PollResult::kPending, "in use", ""};
        }
        return d;
      }
      auto g = otc::vpc::GetSecurityGroup(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      return otc::PollResult{otc::PollResult::kPending, "deleting", ""};
    });
    if (!s.ok()) {
      if (!last_conflict.empty()) {
        s.set_hint("The group is still in use (" + last_conflict +
                   "). Remove it from the ports, RDS instances and CCE node pools that use it, or delete "
                   "the rules of other groups that name it as remote_group_id, then destroy again; "
                   "a longer timeouts.delete helps when those are still being deleted.");
      }
      AddOtcError(resp.diagnostics, s);
    }
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_networking_secgroup is imported by its security group ID (e.g. "
                                "\"5f2d3c1a-...\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  cty::Value ToState(const otc::vpc::SecurityGroup& g, const cty::Value& base) const {
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(g.id));
    s = WithAttr(s, "name", cty::Value::String(g.name));
    s = WithAttr(s, "description", cty::Value::String(g.description));
    s = WithAttr(s, "tenant_id", cty::Value::String(g.project_id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory NetworkingSecgroupResource() {
  return [] { return std::make_unique<Secgroup>(); };
}

}  // namespace resources
