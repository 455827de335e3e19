// edp_dns_zone: a public or private DNS zone (DNS v2, api.md 7.1) with
// DNS resource tags. Same attributes and meanings as
// opentelekomcloud_dns_zone_v2; import ID: the zone id. email, ttl,
// description, the VPC associations of a private zone (router blocks) and
// tags update in place; name, type and value_specs force a new zone.
//
// The API stores names with a trailing dot and lower-cased; the state keeps
// the name as written while it denotes the same zone, so "example.com" and
// "example.com." never show a diff.
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/dns.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

constexpr int64_t kMaxTtl = 2147483647;

fw::Schema ZoneSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a DNS zone in Open Telekom Cloud: a public zone, or a private zone resolvable from the "
      "VPCs it is associated with. Creating and updating wait until the zone (and every VPC "
      "association) is `ACTIVE`; destroying waits until the zone is really gone.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The zone ID (32 hexadecimal characters).")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("name",
        fw::StringAttribute()
            .Required()
            .Description("The zone's domain name, e.g. `example.com.`; the trailing dot is optional and "
                         "differences in it or in letter case are not a change. Changing it creates a new zone.")
            .Validators({fw::StringLengthBetween(1, 254)})
            .PlanModifiers({fw::RequiresReplaceIf(
                [](const fw::PlanModifierRequest& r) {
                  return r.state.IsNull() || r.plan.IsNull() || !r.plan.IsKnown() ||
                         otc::dns::NormalizeName(r.state.AsString()) != otc::dns::NormalizeName(r.plan.AsString());
                },
                "the new name denotes a different domain")}));
  b.Add("email", fw::StringAttribute()
                     .Optional()
                     .Computed()
                     .Description("The administrator e-mail address of the zone (its SOA record). Defaults to "
                                  "`hostmaster@<name>`.")
                     .Validators({fw::StringMatches("^[^@\\s]+@[^@\\s]+$", "must be an e-mail address")})
                     .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("type", fw::StringAttribute()
                    .Optional()
                    .Computed()
                    .Default(cty::Value::String("public"))
                    .Description("`public` (resolvable from the Internet) or `private` (resolvable from the "
                                 "associated VPCs; needs at least one `router` block). Changing it creates a "
                                 "new zone.")
                    .Validators({fw::StringOneOf({"public", "private"})})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("ttl", fw::NumberAttribute()
                   .Optional()
                   .Computed()
                   .Default(cty::Value::Int(300))
                   .Description("The zone's default record TTL (its SOA minimum) in seconds, 300-2147483647.")
                   .Validators({fw::IntBetween(300, kMaxTtl)}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of the zone (at most 255 characters).")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("masters", fw::SetAttribute(cty::Type::String())
                       .Computed()
                       .Description("The master DNS servers of the zone (empty for OTC-hosted zones).")
                       .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("status", fw::StringAttribute().Computed().Description(
                      "The zone status reported by OTC (`ACTIVE` once usable)."));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Resource tags (DNS tag API): at most 10; keys 1-36 and values up to 43 "
                                 "letters, digits, `-`, `_` (and `.` in values)."));
  b.Add("value_specs", fw::MapAttribute(cty::Type::String())
                           .Optional()
                           .Description("Extra fields sent in the create request body as they are (for API "
                                        "options this resource does not model). Changing them creates a new "
                                        "zone.")
                           .PlanModifiers({fw::RequiresReplace()}));
  fw::Block router;
  router.description = "A VPC the private zone is associated with (resolvable from).";
  router.Add("router_id", fw::StringAttribute()
                              .Required()
                              .Description("The ID of the VPC.")
                              .Validators({fw::StringLengthAtLeast(1)}));
  router.Add("router_region", fw::StringAttribute()
                                  .Optional()
                                  .Description("The region of the VPC; defaults to (and must equal) the "
                                               "provider's region."));
  b.Add("router", fw::SetBlock(router));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

struct RouterCfg {
  std::string id;
  std::optional<std::string> region;  // as configured
};

std::vector<RouterCfg> RoutersFrom(const cty::Value& v) {
  std::vector<RouterCfg> out;
  if (v.IsNull() || !v.IsKnown()) return out;
  for (const auto& e : v.Elements()) {
    if (e.IsNull() || !e.IsKnown()) continue;
    auto id = GetString(e, "router_id");
    if (!id) continue;
    out.push_back({*id, GetString(e, "router_region")});
  }
  return out;
}

std::map<std::string, std::string> StringMap(const cty::Value& v) { return TagsFrom(v); }

cty::Value StringSet(const std::vector<std::string>& v) {
  std::vector<cty::Value> out;
  for (const auto& s : v) out.push_back(cty::Value::String(s));
  return cty::Value::Set(cty::Type::String(), std::move(out));
}

class Zone final : public fw::Resource,
                   public fw::ResourceWithConfigure,
                   public fw::ResourceWithImportState,
                   public fw::ResourceWithValidateConfig,
                   public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_dns_zone";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = ZoneSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    ValidateTags(AttrOf(req.config, "tags"), cty::Path().GetAttr("tags"), resp.diagnostics);
    cty::Value name = AttrOf(req.config, "name");
    cty::Value type = AttrOf(req.config, "type");
    std::string t = type.IsNull() ? "public" : (type.IsKnown() ? type.AsString() : "");
    if (!name.IsNull() && name.IsKnown()) {
      const std::string& n = name.AsString();
      if (!otc::dns::ValidDomainName(n, false)) {
        resp.diagnostics.AddAttributeError(
            cty::Path().GetAttr("name"), "Invalid Zone Name",
            "\"" + n + "\" is not a domain name: use labels of 1-63 letters, digits and '-' (not at the start "
            "or end of a label) separated by dots, e.g. \"example.com.\".");
      } else if (t == "public" && otc::dns::NormalizeName(n).find('.') + 1 == otc::dns::NormalizeName(n).size()) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("name"), "Invalid Zone Name",
                                           "A public zone needs at least two labels (e.g. \"example.com.\"), got \"" +
                                               n + "\".");
      }
    }
    cty::Value routers = AttrOf(req.config, "router");
    if (t.empty() || !routers.IsKnown()) return;
    size_t n = routers.IsNull() ? 0 : routers.LengthInt();
    if (t == "private" && n == 0) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("router"), "Private Zone Without VPC",
                                         "A private zone must be associated with at least one VPC: add a "
                                         "router { router_id = <VPC id> } block.");
    }
    if (t == "public" && n > 0) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("router"), "Router On A Public Zone",
                                         "router blocks are only allowed when type = \"private\"; remove them "
                                         "or set type = \"private\".");
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
    for (const auto& r : RoutersFrom(AttrOf(req.plan, "router"))) {
      if (r.region && *r.region != data_->region) {
        resp.diagnostics.AddAttributeError(
            cty::Path().GetAttr("router"), "VPC In Another Region",
            "router_region of VPC " + r.id + " is \"" + *r.region + "\" but this provider manages \"" +
                data_->region + "\"; a private zone can only be associated with VPCs of its own region.");
      }
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    otc::dns::ZoneCreate in;
    in.name = GetString(req.plan, "name").value_or("");
    in.email = GetString(req.plan, "email").value_or("");
    in.description = GetString(req.plan, "description").value_or("");
    in.zone_type = GetString(req.plan, "type").value_or("public");
    if (auto ttl = fw::GetInt(req.plan, "ttl")) in.ttl = *ttl;
    in.extra = StringMap(AttrOf(req.plan, "value_specs"));
    auto routers = RoutersFrom(AttrOf(req.plan, "router"));
    if (in.zone_type == "private" && !routers.empty()) {
      in.router = otc::dns::Router{routers[0].id, routers[0].region.value_or(data_->region), ""};
    }
    auto created = otc::dns::CreateZone(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    std::set<std::string> first;
    if (in.router) first.insert(in.router->router_id);
    auto waited = WaitSettled(ctx, c, id, in.name, "become ACTIVE", in.router ? &first : nullptr);
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    if (routers.size() > 1) {
      auto s = SyncRouters(ctx, c, id, in.name, {routers[0]}, routers);
      if (!s.ok()) return AddOtcError(resp.diagnostics, s);
    }
    auto tagged = otc::dns::SetTags(ctx, c, otc::dns::TagResourceType(in.zone_type, false), id, {},
                                    TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "DNS Zone", "DNS zone " + id, resp.diagnostics)) return;
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
    const std::string name = GetString(req.plan, "name").value_or(id);
    const std::string type = GetString(req.state, "type").value_or("public");
    auto differs = [&](const char* attr) {
      cty::Value after = AttrOf(req.plan, attr);
      return after.IsKnown() && AttrOf(req.state, attr) != after;
    };
    otc::dns::ZoneUpdate up;
    bool changed = false;
    if (differs("email") && GetString(req.plan, "email")) {
      up.email = GetString(req.plan, "email");
      changed = true;
    }
    if (differs("description")) {
      up.description = GetString(req.plan, "description").value_or("");
      changed = true;
    }
    if (differs("ttl")) {
      up.ttl = fw::GetInt(req.plan, "ttl");
      changed = true;
    }
    if (changed) {
      auto r = otc::dns::UpdateZone(ctx, c, id, up);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
      auto waited = WaitSettled(ctx, c, id, name, "become ACTIVE", nullptr);
      if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    }
    if (type == "private") {
      auto s = SyncRouters(ctx, c, id, name, RoutersFrom(AttrOf(req.state, "router")),
                           RoutersFrom(AttrOf(req.plan, "router")));
      if (!s.ok()) return AddOtcError(resp.diagnostics, s);
    }
    auto tagged = otc::dns::SetTags(ctx, c, otc::dns::TagResourceType(type, false), id,
                                    TagsFrom(AttrOf(req.state, "tags")), TagsFrom(AttrOf(req.plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "DNS Zone", "DNS zone " + id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    std::string name = GetString(req.state, "name").value_or(*id);
    auto d = otc::dns::DeleteZone(ctx, c, *id);
    // 404: already gone; DNS.0209 (not in normal state): a replayed DELETE
    // of a zone that is already PENDING_DELETE, or busy: the wait decides.
    if (!d.ok() && !d.IsNotFound() && !(d.http_status() == 400 && d.code() == "DNS.0209")) {
      return AddOtcError(resp.diagnostics, d);
    }
    otc::WaitOptions opts;
    opts.what = "DNS zone \"" + name + "\" (" + *id + ") to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    bool retried = false;
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto z = otc::dns::GetZone(x, c, *id);
      if (!z.ok() && z.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!z.ok()) return z.error();
      std::string word = otc::dns::StatusWord(z->status);
      if (word == "ERROR") {
        return otc::PollResult{otc::PollResult::kFailed, z->status,
                               "the DNS service reported the zone as ERROR while deleting it"};
      }
      // A zone that is ACTIVE again (the DELETE was refused while it was
      // busy): ask once more.
      if (word == "ACTIVE" && !retried) {
        retried = true;
        auto again = otc::dns::DeleteZone(x, c, *id);
        if (!again.ok() && !again.IsNotFound()) return again;
      }
      return otc::PollResult{otc::PollResult::kPending, z->status, ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_dns_zone is imported by its zone ID (32 hexadecimal characters, e.g. "
                                "\"2c9eb155587194ec01587224c9f90149\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  // Waits until the zone is ACTIVE and, when `routers` is given, its VPC
  // associations are exactly those VPCs, all ACTIVE.
  otc::Status WaitSettled(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& name,
                          const std::string& goal, const std::set<std::string>* routers) {
    otc::WaitOptions opts;
    opts.what = "DNS zone \"" + name + "\" (" + id + ") to " + goal;
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    opts.pending_statuses = {404};  // eventual consistency right after the create
    return otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto z = otc::dns::GetZone(x, c, id);
      if (!z.ok()) return z.error();
      std::string word = otc::dns::StatusWord(z->status);
      if (word == "ERROR") {
        return otc::PollResult{otc::PollResult::kFailed, z->status,
                               "the DNS service reported the zone as ERROR; delete it (or taint it) and retry"};
      }
      if (word != "ACTIVE") return otc::PollResult{otc::PollResult::kPending, z->status, ""};
      if (routers) {
        std::set<std::string> have;
        for (const auto& r : z->routers) {
          if (otc::dns::StatusWord(r.status) == "ERROR" && routers->count(r.router_id)) {
            return otc::PollResult{otc::PollResult::kFailed, "router " + r.router_id + " " + r.status,
                                   "the DNS service could not associate VPC " + r.router_id + " with the zone"};
          }
          if (otc::dns::StatusWord(r.status) != "ACTIVE") {
            return otc::PollResult{otc::PollResult::kPending, "router " + r.router_id + " " + r.status, ""};
          }
          have.insert(r.router_id);
        }
        if (have != *routers) return otc::PollResult{otc::PollResult::kPending, "associations changing", ""};
      }
      return otc::PollResult{otc::PollResult::kDone, z->status, ""};
    });
  }

  // Associates the VPCs of `want` missing in `have`, then disassociates
  // those no longer wanted (a private zone must keep one), and waits until
  // the zone shows exactly `want`.
  otc::Status SyncRouters(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& name,
                          const std::vector<RouterCfg>& have, const std::vector<RouterCfg>& want) {
    std::set<std::string> h, w;
    for (const auto& r : have) h.insert(r.id);
    for (const auto& r : want) w.insert(r.id);
    if (h == w) return otc::Status();
    // The zone's real associations decide what to send (a replayed call
    // must not fail on "already associated").
    auto z = otc::dns::GetZone(ctx, c, id);
    if (!z.ok()) return z.error();
    std::set<std::string> real;
    for (const auto& r : z->routers) real.insert(r.router_id);
    for (const auto& r : want) {
      if (real.count(r.id)) continue;
      auto s = otc::dns::AssociateRouter(ctx, c, id, {r.id, r.region.value_or(data_->region), ""}, true);
      if (!s.ok() && !(s.http_status() == 400 && s.code() == "DNS.0212")) return s;
    }
    for (const auto& rid : real) {
      if (w.count(rid)) continue;
      auto s = otc::dns::AssociateRouter(ctx, c, id, {rid, data_->region, ""}, false);
      if (!s.ok()) {
        // Replayed after an ambiguous failure: already on its way out.
        auto again = otc::dns::GetZone(ctx, c, id);
        bool still = false;
        if (again.ok()) {
          for (const auto& r : again->routers) still = still || (r.router_id == rid && r.status != "PENDING_DELETE");
        }
        if (!again.ok() || still) return s;
      }
    }
    return WaitSettled(ctx, c, id, name, "be associated with exactly the configured VPCs", &w);
  }

  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto z = otc::dns::GetZone(ctx, c, id);
    if (!z.ok()) {
      if (z.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, z.error());
      return false;
    }
    auto tags = otc::dns::GetTags(ctx, c, otc::dns::TagResourceType(z->zone_type, false), id);
    if (!tags.ok()) {
      if (tags.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, tags.error());
      return false;
    }
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(z->id));
    // The name as written while it is the same domain (no trailing-dot diff).
    auto prior = GetString(base, "name");
    bool same = prior && otc::dns::NormalizeName(*prior) == otc::dns::NormalizeName(z->name);
    s = WithAttr(s, "name", cty::Value::String(same ? *prior : z->name));
    s = WithAttr(s, "email", cty::Value::String(z->email));
    s = WithAttr(s, "type", cty::Value::String(z->zone_type.empty() ? "public" : z->zone_type));
    s = WithAttr(s, "ttl", cty::Value::Int(z->ttl));
    s = WithAttr(s, "description", OptionalString(z->description, AttrOf(base, "description")));
    s = WithAttr(s, "masters", StringSet(z->masters));
    s = WithAttr(s, "status", cty::Value::String(z->status));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "tags", TagsValue(tags.value(), AttrOf(base, "tags")));
    // Routers: a VPC configured without router_region keeps it null.
    cty::Value prior_routers = AttrOf(base, "router");
    std::set<std::string> null_region;
    for (const auto& r : RoutersFrom(prior_routers)) {
      if (!r.region) null_region.insert(r.id);
    }
    cty::Type obj_type = cty::Type::Object({{"router_id", cty::Type::String()}, {"router_region", cty::Type::String()}});
    std::vector<cty::Value> routers;
    for (const auto& r : z->routers) {
      if (r.status == "PENDING_DELETE") continue;
      cty::Value region = null_region.count(r.router_id) ? cty::Value::Null(cty::Type::String())
                                                         : cty::Value::String(r.router_region);
      routers.push_back(cty::Value::ObjectOf(obj_type, {{"router_id", cty::Value::String(r.router_id)},
                                                        {"router_region", region}}));
    }
    s = WithAttr(s, "router", cty::Value::Set(obj_type, std::move(routers)));
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory DnsZoneResource() {
  return [] { return std::make_unique<Zone>(); };
}

}  // namespace resources
