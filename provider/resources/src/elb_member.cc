// edp_elb_member: a backend server in a pool of a dedicated load balancer
// (ELB v3, api.md 6.4). Same attributes and meanings as
// opentelekomcloud_lb_member_v3; the ID and the import ID are
// "<pool_id>/<member_id>" (the member URL needs the pool). name and weight
// update in place; pool_id, address, protocol_port and subnet_id force a new
// member. Deleting waits until the member answers 404, so the pool's delete
// that follows never meets "pool still has members".
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "elb_l7_fields.h"
#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/elb_listener.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using elbl7::Field;
using elbl7::Kind;
using elbl7::json;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

const std::vector<Field>& MemberFields() {
  static const std::vector<Field> f = {
      {"name", "name", Kind::kString, true},
      {"weight", "weight", Kind::kInt},
  };
  return f;
}

fw::Schema MemberSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a backend server (member) of a pool of a dedicated (ELB v3) load balancer in Open Telekom Cloud. "
      "Imported as `<pool_id>/<member_id>`.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("`<pool_id>/<member_id>`.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("member_id", fw::StringAttribute()
                         .Computed()
                         .Description("The member's own ID.")
                         .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("pool_id", fw::StringAttribute()
                       .Required()
                       .Description("The ID of the pool. Changing it creates a new member.")
                       .Validators({fw::StringLengthAtLeast(1)})
                       .PlanModifiers({fw::RequiresReplace()}));
  b.Add("address", fw::StringAttribute()
                       .Required()
                       .Description("The backend's IPv4 address; inside `subnet_id` when that is set. Changing it "
                                    "creates a new member.")
                       .Validators({IsIpv4Address()})
                       .PlanModifiers({fw::RequiresReplace()}));
  b.Add("protocol_port", fw::NumberAttribute()
                             .Required()
                             .Description("The backend port (1-65535). Changing it creates a new member.")
                             .Validators({fw::IntBetween(1, 65535)})
                             .PlanModifiers({fw::RequiresReplace()}));
  b.Add("subnet_id", fw::StringAttribute()
                         .Optional()
                         .Description("The Neutron subnet ID (`subnet_id` of an edp_vpc_subnet) the address is in. "
                                      "Leave it unset for an IP-type backend (needs `ip_target_enable` on the load "
                                      "balancer). Changing it creates a new member.")
                         .Validators({fw::StringLengthAtLeast(1)})
                         .PlanModifiers({fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Description("The member name (at most 255 characters).")
                    .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("weight", fw::NumberAttribute()
                      .Optional()
                      .Computed()
                      .Description("The share of requests, 0-100 (0: none; OTC's default 1).")
                      .Validators({fw::IntBetween(0, 100)})
                      .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("operating_status", fw::StringAttribute().Computed().Description(
                                "The health as OTC sees it: `ONLINE`, `OFFLINE` or `NO_MONITOR` (the pool has no "
                                "health monitor)."));
  b.Add("ip_version", fw::StringAttribute()
                          .Computed()
                          .Description("The IP version of the address (`v4`).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

class Member final : public fw::Resource, public fw::ResourceWithConfigure, public fw::ResourceWithImportState {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_member";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = MemberSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    const std::string pool = GetString(req.plan, "pool_id").value_or("");
    json body = json::object();
    body["address"] = GetString(req.plan, "address").value_or("");
    body["protocol_port"] = fw::GetInt(req.plan, "protocol_port").value_or(0);
    if (auto sn = GetString(req.plan, "subnet_id")) body["subnet_cidr_id"] = *sn;
    elbl7::PutSet(body, req.plan, MemberFields());
    auto created = otc::elb::CreateMember(ctx, c, pool, body);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string mid = elbl7::JStr(created.value(), "id");
    resp.state = WithAttr(req.plan, "id", cty::Value::String(pool + "/" + mid));
    resp.state = WithAttr(resp.state, "member_id", cty::Value::String(mid));
    auto got = otc::elb::GetAfterWrite(ctx, "member " + mid + " of ELB pool " + pool,
                                       [&](const fw::Context& x) { return otc::elb::GetMember(x, c, pool, mid); });
    if (!got.ok()) return AddOtcError(resp.diagnostics, got.error());
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), pool, resp.state));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    std::string pool, mid;
    if (!Ids(req.state, &pool, &mid)) return resp.RemoveResource();
    auto got = otc::elb::GetMember(ctx, *data_->client, pool, mid);
    if (!got.ok()) {
      // A 404 for the member or for its pool: gone either way.
      if (got.error().IsNotFound()) return resp.RemoveResource();
      return AddOtcError(resp.diagnostics, got.error());
    }
    resp.state = ToState(got.value(), pool, req.state);
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    std::string pool, mid;
    Ids(req.state, &pool, &mid);
    json body = json::object();
    elbl7::PutChanged(body, req.plan, req.state, MemberFields());
    // weight null (unset after being set): OTC's default.
    if (body.contains("weight") && body["weight"].is_null()) body["weight"] = 1;
    if (!body.empty()) {
      auto r = otc::elb::UpdateMember(ctx, c, pool, mid, body);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
    }
    auto got = otc::elb::GetMember(ctx, c, pool, mid);
    if (!got.ok()) {
      if (got.error().IsNotFound()) {
        return AddGoneAfterWrite(resp.diagnostics, WriteStep::kUpdate, "ELB Member",
                                 "member " + mid + " of ELB pool " + pool);
      }
      return AddOtcError(resp.diagnostics, got.error());
    }
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), pool, req.plan));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    std::string pool, mid;
    if (!Ids(req.state, &pool, &mid)) return;
    auto d = otc::elb::DeleteMember(ctx, c, pool, mid);
    if (!d.ok() && !d.IsNotFound()) {
      if (d.IsConflict()) {
        d.set_hint("The pool protects its members: set member_deletion_protection = false on the edp_elb_pool "
                   "first.");
      }
      return AddOtcError(resp.diagnostics, d);
    }
    auto s = otc::elb::WaitGone(ctx, "member " + mid + " of ELB pool " + pool,
                                [&](const fw::Context& x) { return otc::elb::GetMember(x, c, pool, mid); });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    auto slash = req.id.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == req.id.size() ||
        req.id.find('/', slash + 1) != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_elb_member is imported as \"<pool_id>/<member_id>\" (e.g. "
                                "\"a1b2.../c3d4...\"), got \"" + req.id + "\".");
      return;
    }
    resp.state = WithAttr(resp.state, "id", cty::Value::String(req.id));
    resp.state = WithAttr(resp.state, "pool_id", cty::Value::String(req.id.substr(0, slash)));
    resp.state = WithAttr(resp.state, "member_id", cty::Value::String(req.id.substr(slash + 1)));
  }

 private:
  // The pool and member IDs of a state (member_id, else the id's second
  // half). False when either is missing.
  static bool Ids(const cty::Value& state, std::string* pool, std::string* mid) {
    *pool = GetString(state, "pool_id").value_or("");
    *mid = GetString(state, "member_id").value_or("");
    std::string id = GetString(state, "id").value_or("");
    auto slash = id.find('/');
    if (slash != std::string::npos) {
      if (pool->empty()) *pool = id.substr(0, slash);
      if (mid->empty()) *mid = id.substr(slash + 1);
    }
    return !pool->empty() && !mid->empty();
  }

  static cty::Value ToState(const json& m, const std::string& pool, const cty::Value& base) {
    cty::Value s = elbl7::SetFields(base, m, MemberFields());
    const std::string mid = elbl7::JStr(m, "id");
    s = WithAttr(s, "id", cty::Value::String(pool + "/" + mid));
    s = WithAttr(s, "member_id", cty::Value::String(mid));
    s = WithAttr(s, "pool_id", cty::Value::String(pool));
    s = WithAttr(s, "address", cty::Value::String(elbl7::JStr(m, "address")));
    s = WithAttr(s, "protocol_port", cty::Value::Int(m.value("protocol_port", int64_t{0})));
    std::string subnet = elbl7::JStr(m, "subnet_cidr_id");
    s = WithAttr(s, "subnet_id", subnet.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(subnet));
    s = WithAttr(s, "operating_status", cty::Value::String(elbl7::JStr(m, "operating_status")));
    s = WithAttr(s, "ip_version", cty::Value::String(elbl7::JStr(m, "ip_version")));
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ElbMemberResource() {
  return [] { return std::make_unique<Member>(); };
}

}  // namespace resources
