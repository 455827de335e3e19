// edp_elb_pool: a backend server group of a dedicated load balancer (ELB
// v3, api.md 6.3). Same attributes and meanings as opentelekomcloud_lb_pool_v3;
// import ID: the pool id. protocol, loadbalancer_id and listener_id force a
// new pool; name, description, lb_algorithm, session_persistence,
// member_deletion_protection, vpc_id and type update in place.
//
// A pool created with listener_id becomes that listener's default pool;
// one created with loadbalancer_id alone keeps listener_id null even when a
// listener later points at it (no spurious replacement). Deleting replays
// the API's "pool still has members / a health monitor" 409 for a short
// while (the members are usually being deleted by the same apply) and then
// waits until the pool answers 404.
#include <chrono>
#include <map>
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

const std::vector<Field>& PoolFields() {
  static const std::vector<Field> f = {
      {"name", "name", Kind::kString},
      {"description", "description", Kind::kString},
      {"lb_algorithm", "lb_algorithm", Kind::kString},
      {"member_deletion_protection", "member_deletion_protection_enable", Kind::kBool},
      {"vpc_id", "vpc_id", Kind::kString},
      {"type", "type", Kind::kString},
  };
  return f;
}

fw::Attribute OptComputed(fw::Attribute a) { return a.Optional().Computed().PlanModifiers({fw::UseStateForUnknown()}); }

fw::Schema PoolSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a backend server group (pool) of a dedicated (ELB v3) load balancer in Open Telekom Cloud: the "
      "protocol and algorithm used to forward to its members, and session stickiness.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The pool ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("loadbalancer_id",
        fw::StringAttribute()
            .Optional()
            .Computed()
            .Description("The ID of the load balancer the pool belongs to (at least one of `loadbalancer_id` and "
                         "`listener_id` is required; with `listener_id` alone it is the listener's load "
                         "balancer). Changing it creates a new pool.")
            .Validators({fw::StringLengthAtLeast(1)})
            .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("listener_id",
        fw::StringAttribute()
            .Optional()
            .Computed()
            .Description("The ID of a listener whose default pool this becomes (it must not have one yet). "
                         "Changing it creates a new pool.")
            .Validators({fw::StringLengthAtLeast(1)})
            .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("protocol", fw::StringAttribute()
                        .Required()
                        .Description("The backend protocol: `TCP`, `UDP`, `HTTP`, `HTTPS` or `QUIC`. A TCP "
                                     "listener forwards to TCP pools, UDP to UDP/QUIC, HTTP to HTTP, HTTPS to "
                                     "HTTP/HTTPS. Changing it creates a new pool.")
                        .Validators({fw::StringOneOf({"TCP", "UDP", "HTTP", "HTTPS", "QUIC"})})
                        .PlanModifiers({fw::RequiresReplace()}));
  b.Add("lb_algorithm", fw::StringAttribute()
                            .Required()
                            .Description("How requests are spread over the members: `ROUND_ROBIN`, "
                                         "`LEAST_CONNECTIONS`, `SOURCE_IP` or `QUIC_CID` (QUIC pools only).")
                            .Validators({fw::StringOneOf({"ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP",
                                                          "QUIC_CID"})}));
  b.Add("name", OptComputed(fw::StringAttribute()
                                .Description("The pool name (at most 255 characters).")
                                .Validators({fw::StringLengthBetween(0, 255)})));
  b.Add("description", OptComputed(fw::StringAttribute()
                                       .Description("A description (at most 255 characters).")
                                       .Validators({fw::StringLengthBetween(0, 255)})));
  b.Add("ip_version", fw::StringAttribute()
                          .Computed()
                          .Description("The IP version of the pool's members: `dualstack` or `v4` (UDP/QUIC).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("member_deletion_protection",
        OptComputed(fw::BoolAttribute().Description(
            "Whether members are protected from removal (removing a member fails while it is `true`).")));
  b.Add("vpc_id", OptComputed(fw::StringAttribute().Description(
                      "The VPC whose addresses members may use (IP-type pools).")));
  b.Add("type", OptComputed(fw::StringAttribute()
                                .Description("The pool type: `instance` (ECS members), `ip` (IP addresses) or "
                                             "empty (any).")
                                .Validators({fw::StringOneOf({"instance", "ip", ""})})));
  fw::Block sp;
  sp.description = "Session stickiness: requests of one client go to the same member.";
  sp.Add("type", fw::StringAttribute()
                     .Required()
                     .Description("`SOURCE_IP` (TCP/UDP/QUIC pools), `HTTP_COOKIE` or `APP_COOKIE` (HTTP/HTTPS "
                                  "pools).")
                     .Validators({fw::StringOneOf({"SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"})}));
  sp.Add("cookie_name", OptComputed(fw::StringAttribute()
                                        .Description("The application cookie (required for `APP_COOKIE`): "
                                                     "letters, digits, `_`, `-` and `.`, at most 1024.")
                                        .Validators({fw::StringLengthBetween(1, 1024),
                                                     fw::StringMatches("^[A-Za-z0-9_.\\-]+$",
                                                                       "only letters, digits, '_', '-' and '.' are "
                                                                       "allowed")})));
  sp.Add("persistence_timeout",
         OptComputed(fw::NumberAttribute()
                         .Description("Stickiness timeout in minutes: 1-60 for `SOURCE_IP` (OTC's default 1), "
                                      "1-1440 for the cookie types (default 1440).")
                         .Validators({fw::IntBetween(1, 1440)})));
  b.Add("session_persistence", fw::ListBlock(sp).MaxItems(1));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

bool IsHttp(const std::string& p) { return p == "HTTP" || p == "HTTPS"; }

class Pool final : public fw::Resource,
                   public fw::ResourceWithConfigure,
                   public fw::ResourceWithImportState,
                   public fw::ResourceWithValidateConfig {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_pool";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = PoolSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    const cty::Value& cfg = req.config;
    auto& diags = resp.diagnostics;
    cty::Value lb = AttrOf(cfg, "loadbalancer_id");
    cty::Value listener = AttrOf(cfg, "listener_id");
    if (lb.IsKnown() && lb.IsNull() && listener.IsKnown() && listener.IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("loadbalancer_id"), "Missing Load Balancer Or Listener",
                              "A pool belongs to a load balancer: set loadbalancer_id, or listener_id to make it "
                              "a listener's default pool.");
    }
    auto proto = GetString(cfg, "protocol");
    if (!proto) return;
    const std::string& p = *proto;
    if (GetString(cfg, "lb_algorithm") == std::optional<std::string>("QUIC_CID") && p != "QUIC") {
      diags.AddAttributeError(cty::Path().GetAttr("lb_algorithm"), "Algorithm Only For QUIC",
                              "lb_algorithm QUIC_CID only applies to QUIC pools, but protocol is \"" + p +
                                  "\": use ROUND_ROBIN, LEAST_CONNECTIONS or SOURCE_IP.");
    }
    cty::Value spv = elbl7::FirstOf(cfg, "session_persistence");
    if (spv.IsNull()) return;
    auto type = GetString(spv, "type");
    if (!type) return;
    auto sp_path = [](const char* attr) {
      return cty::Path().GetAttr("session_persistence").Index(int64_t{0}).GetAttr(attr);
    };
    if (IsHttp(p) && *type == "SOURCE_IP") {
      diags.AddAttributeError(sp_path("type"), "Invalid Session Persistence",
                              "HTTP and HTTPS pools support HTTP_COOKIE and APP_COOKIE stickiness, not SOURCE_IP.");
    } else if (!IsHttp(p) && *type != "SOURCE_IP") {
      diags.AddAttributeError(sp_path("type"), "Invalid Session Persistence",
                              p + " pools support SOURCE_IP stickiness only, not " + *type + ".");
    }
    cty::Value cookie = AttrOf(spv, "cookie_name");
    if (*type == "APP_COOKIE" && cookie.IsKnown() && cookie.IsNull()) {
      diags.AddAttributeError(sp_path("cookie_name"), "Missing Cookie Name",
                              "APP_COOKIE stickiness needs the application's cookie: set cookie_name.");
    }
    if (*type != "APP_COOKIE" && (!cookie.IsKnown() || !cookie.IsNull())) {
      diags.AddAttributeError(sp_path("cookie_name"), "Cookie Name Not Allowed",
                              "cookie_name only applies to APP_COOKIE stickiness; remove it for " + *type + ".");
    }
    if (auto t = fw::GetInt(spv, "persistence_timeout"); t && *type == "SOURCE_IP" && *t > 60) {
      diags.AddAttributeError(sp_path("persistence_timeout"), "Invalid Persistence Timeout",
                              "SOURCE_IP stickiness lasts 1-60 minutes, got " + std::to_string(*t) + ".");
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    json body = json::object();
    body["protocol"] = GetString(req.plan, "protocol").value_or("");
    if (auto lb = GetString(req.plan, "loadbalancer_id")) body["loadbalancer_id"] = *lb;
    if (auto l = GetString(req.plan, "listener_id")) body["listener_id"] = *l;
    elbl7::PutSet(body, req.plan, PoolFields());
    if (json sp = PersistenceBody(req.plan); !sp.is_null()) body["session_persistence"] = sp;
    auto created = otc::elb::CreatePool(ctx, c, body);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = elbl7::JStr(created.value(), "id");
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    auto got = otc::elb::GetAfterWrite(ctx, "ELB pool " + id,
                                       [&](const fw::Context& x) { return otc::elb::GetPool(x, c, id); });
    if (!got.ok()) return AddOtcError(resp.diagnostics, got.error());
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), resp.state, false));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    auto got = otc::elb::GetPool(ctx, *data_->client, *id);
    if (!got.ok()) {
      if (got.error().IsNotFound()) return resp.RemoveResource();
      return AddOtcError(resp.diagnostics, got.error());
    }
    resp.state = ToState(got.value(), req.state, AttrOf(req.state, "protocol").IsNull());
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    json body = json::object();
    elbl7::PutChanged(body, req.plan, req.state, PoolFields());
    cty::Value sp_plan = AttrOf(req.plan, "session_persistence");
    if (sp_plan.IsKnown() &&
        elbl7::FirstOf(req.plan, "session_persistence") != elbl7::FirstOf(req.state, "session_persistence")) {
      body["session_persistence"] = PersistenceBody(req.plan);
    }
    if (!body.empty()) {
      auto r = otc::elb::UpdatePool(ctx, c, id, body);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
    }
    auto got = otc::elb::GetPool(ctx, c, id);
    if (!got.ok()) {
      if (got.error().IsNotFound()) {
        return AddGoneAfterWrite(resp.diagnostics, WriteStep::kUpdate, "ELB Pool", "ELB pool " + id);
      }
      return AddOtcError(resp.diagnostics, got.error());
    }
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), req.plan, false));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    auto d = otc::elb::DeletePool(ctx, c, *id);
    if (!d.ok() && !d.IsNotFound()) {
      if (d.IsConflict()) {
        d.set_hint("Remove the pool's members (edp_elb_member) and health monitor (edp_elb_monitor) first, or "
                   "turn member_deletion_protection off.");
      }
      return AddOtcError(resp.diagnostics, d);
    }
    auto s = otc::elb::WaitGone(ctx, "ELB pool " + *id,
                                [&](const fw::Context& x) { return otc::elb::GetPool(x, c, *id); });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_elb_pool is imported by its pool ID (a UUID such as "
                                "\"0b11747a-b139-492f-9692-2df0b1c87193\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  static json PersistenceBody(const cty::Value& plan) {
    cty::Value sp = elbl7::FirstOf(plan, "session_persistence");
    if (sp.IsNull()) return nullptr;
    json out = {{"type", GetString(sp, "type").value_or("")}};
    if (auto n = GetString(sp, "cookie_name")) out["cookie_name"] = *n;
    if (auto t = fw::GetInt(sp, "persistence_timeout")) out["persistence_timeout"] = *t;
    return out;
  }

  // `imported`: the prior state is an import's (listener_id is taken from
  // the API then; otherwise a null listener_id stays null).
  static cty::Value ToState(const json& p, const cty::Value& base, bool imported) {
    cty::Value s = elbl7::SetFields(base, p, PoolFields());
    s = WithAttr(s, "id", cty::Value::String(elbl7::JStr(p, "id")));
    s = WithAttr(s, "protocol", cty::Value::String(elbl7::JStr(p, "protocol")));
    s = WithAttr(s, "ip_version", cty::Value::String(elbl7::JStr(p, "ip_version")));
    s = WithAttr(s, "name", cty::Value::String(elbl7::JStr(p, "name")));
    s = WithAttr(s, "description", cty::Value::String(elbl7::JStr(p, "description")));
    s = WithAttr(s, "vpc_id", cty::Value::String(elbl7::JStr(p, "vpc_id")));
    s = WithAttr(s, "type", cty::Value::String(elbl7::JStr(p, "type")));
    std::string lb = elbl7::FirstId(p, "loadbalancers");
    s = WithAttr(s, "loadbalancer_id", lb.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(lb));
    cty::Value prior_listener = AttrOf(base, "listener_id");
    std::string listener = elbl7::FirstId(p, "listeners");
    if (imported || !prior_listener.IsKnown() || !prior_listener.IsNull()) {
      s = WithAttr(s, "listener_id",
                   listener.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(listener));
    }
    cty::Value sp_list = AttrOf(base, "session_persistence");
    const cty::Type sp_type = sp_list.type().element();
    auto it = p.find("session_persistence");
    if (it != p.end() && it->is_object() && !elbl7::JStr(*it, "type").empty()) {
      std::string cookie = elbl7::JStr(*it, "cookie_name");
      auto timeout = it->find("persistence_timeout");
      std::map<std::string, cty::Value> attrs = {
          {"type", cty::Value::String(elbl7::JStr(*it, "type"))},
          {"cookie_name", cookie.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(cookie)},
          {"persistence_timeout", timeout != it->end() && timeout->is_number_integer()
                                      ? cty::Value::Int(timeout->get<int64_t>())
                                      : cty::Value::Null(cty::Type::Number())}};
      s = WithAttr(s, "session_persistence", cty::Value::List(sp_type, {cty::Value::ObjectOf(sp_type, attrs)}));
    } else {
      s = WithAttr(s, "session_persistence", cty::Value::EmptyList(sp_type));
    }
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ElbPoolResource() {
  return [] { return std::make_unique<Pool>(); };
}

}  // namespace resources
