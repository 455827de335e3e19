// edp_elb_listener: a listener of a dedicated load balancer (ELB v3,
// api.md 6.2). Same attributes and meanings as opentelekomcloud_lb_listener_v3;
// import ID: the listener id. loadbalancer_id, protocol, protocol_port,
// advanced_forwarding and tags (create-only in the API) force a new
// listener; everything else updates in place.
//
// Protocol rules are checked at plan time, with the attribute's path, so a
// configuration OTC would refuse never reaches the API (user-issues 24):
// HTTPS needs default_tls_container_ref; certificates, SNI, TLS policies
// and http2_enable are HTTPS-only; client_timeout, member_timeout,
// member_retry_enable and insert_headers are HTTP/HTTPS-only (and are not
// sent for TCP/UDP); keep_alive_timeout is 10-4000 s for TCP/UDP and
// 0-4000 s for HTTP/HTTPS.
//
// The API is synchronous; writes replay "load balancer busy" 409s inside
// the timeout (otc/elb_listener.h), and a delete waits until the listener
// answers 404.
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

const std::vector<std::string> kCipherPolicies = {"tls-1-0",        "tls-1-1",    "tls-1-0-inherit",
                                                  "tls-1-2",        "tls-1-2-strict", "tls-1-2-fs",
                                                  "tls-1-0-with-1-3", "tls-1-2-fs-with-1-3"};

// Top-level attributes that map 1:1 to listener fields.
const std::vector<Field>& ListenerFields() {
  static const std::vector<Field> f = {
      {"name", "name", Kind::kString, true},
      {"description", "description", Kind::kString, true},
      {"default_pool_id", "default_pool_id", Kind::kString},
      {"default_tls_container_ref", "default_tls_container_ref", Kind::kString},
      {"client_ca_tls_container_ref", "client_ca_tls_container_ref", Kind::kString},
      {"sni_container_refs", "sni_container_refs", Kind::kStringSet},
      {"sni_match_algo", "sni_match_algo", Kind::kString},
      {"tls_ciphers_policy", "tls_ciphers_policy", Kind::kString},
      {"security_policy_id", "security_policy_id", Kind::kString},
      {"http2_enable", "http2_enable", Kind::kBool},
      {"member_retry_enable", "enable_member_retry", Kind::kBool},
      {"keep_alive_timeout", "keepalive_timeout", Kind::kInt},
      {"client_timeout", "client_timeout", Kind::kInt},
      {"member_timeout", "member_timeout", Kind::kInt},
  };
  return f;
}

// insert_headers attribute -> API header name.
const std::map<std::string, std::string>& HeaderNames() {
  static const std::map<std::string, std::string> m = {{"forward_elb_ip", "X-Forwarded-ELB-IP"},
                                                       {"forwarded_port", "X-Forwarded-Port"},
                                                       {"forwarded_for_port", "X-Forwarded-For-Port"},
                                                       {"forwarded_host", "X-Forwarded-Host"}};
  return m;
}

fw::Attribute OptComputed(fw::Attribute a) { return a.Optional().Computed().PlanModifiers({fw::UseStateForUnknown()}); }

fw::Schema ListenerSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a listener of a dedicated (ELB v3) load balancer in Open Telekom Cloud: the protocol and port "
      "clients connect to, TLS certificates and policies for HTTPS, timeouts and forwarded headers. Protocol "
      "rules are checked when planning.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The listener ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("loadbalancer_id", fw::StringAttribute()
                               .Required()
                               .Description("The ID of the load balancer the listener belongs to. Changing it "
                                            "creates a new listener.")
                               .Validators({fw::StringLengthAtLeast(1)})
                               .PlanModifiers({fw::RequiresReplace()}));
  b.Add("protocol", fw::StringAttribute()
                        .Required()
                        .Description("`TCP`, `UDP`, `HTTP` or `HTTPS`. Changing it creates a new listener.")
                        .Validators({fw::StringOneOf({"TCP", "UDP", "HTTP", "HTTPS"})})
                        .PlanModifiers({fw::RequiresReplace()}));
  b.Add("protocol_port", fw::NumberAttribute()
                             .Required()
                             .Description("The port clients connect to (1-65535); unique per load balancer among "
                                          "TCP/HTTP/HTTPS listeners and among UDP listeners. Changing it creates a "
                                          "new listener.")
                             .Validators({fw::IntBetween(1, 65535)})
                             .PlanModifiers({fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Description("The listener name (at most 255 characters).")
                    .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description (at most 255 characters).")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("admin_state_up", fw::BoolAttribute()
                              .Optional()
                              .Computed()
                              .Default(cty::Value::True())
                              .Description("The administrative state; OTC only supports `true`."));
  b.Add("default_pool_id", OptComputed(fw::StringAttribute().Description(
                               "The ID of the pool requests go to by default. A pool created with this "
                               "listener's `listener_id` becomes its default pool (shown here).")));
  b.Add("default_tls_container_ref",
        fw::StringAttribute()
            .Optional()
            .Description("The ID of the server certificate (HTTPS only; required for HTTPS).")
            .Validators({fw::StringLengthAtLeast(1)}));
  b.Add("client_ca_tls_container_ref",
        fw::StringAttribute()
            .Optional()
            .Description("The ID of the CA certificate clients are verified against (HTTPS only; mutual TLS).")
            .Validators({fw::StringLengthAtLeast(1)}));
  b.Add("sni_container_refs", fw::SetAttribute(cty::Type::String())
                                  .Optional()
                                  .Description("IDs of server certificates chosen by SNI (HTTPS only; each "
                                               "certificate needs a domain; at most 30)."));
  b.Add("sni_match_algo", OptComputed(fw::StringAttribute().Description(
                              "How SNI domains are matched (HTTPS only; OTC's default `wildcard`).")));
  b.Add("tls_ciphers_policy",
        OptComputed(fw::StringAttribute()
                        .Description("The TLS security policy (HTTPS only): `tls-1-0` (OTC's default), "
                                     "`tls-1-1`, `tls-1-0-inherit`, `tls-1-2`, `tls-1-2-strict`, `tls-1-2-fs`, "
                                     "`tls-1-0-with-1-3` or `tls-1-2-fs-with-1-3`.")
                        .Validators({fw::StringOneOf(kCipherPolicies)})));
  b.Add("security_policy_id", OptComputed(fw::StringAttribute().Description(
                                  "The ID of a custom security policy (HTTPS only; wins over "
                                  "`tls_ciphers_policy`).")));
  b.Add("http2_enable", OptComputed(fw::BoolAttribute().Description(
                            "Whether HTTP/2 is used towards clients (HTTPS only; OTC's default `false`).")));
  b.Add("member_retry_enable", OptComputed(fw::BoolAttribute().Description(
                                   "Whether a failed request is retried on another backend (HTTP/HTTPS only; "
                                   "OTC's default `true`).")));
  b.Add("keep_alive_timeout",
        OptComputed(fw::NumberAttribute()
                        .Description("Idle connection timeout in seconds: 10-4000 for TCP/UDP (OTC's default "
                                     "300), 0-4000 for HTTP/HTTPS (default 60).")
                        .Validators({fw::IntBetween(0, 4000)})));
  b.Add("client_timeout", OptComputed(fw::NumberAttribute()
                                          .Description("Seconds to wait for a client request, 1-300 "
                                                       "(HTTP/HTTPS only; OTC's default 60).")
                                          .Validators({fw::IntBetween(1, 300)})));
  b.Add("member_timeout", OptComputed(fw::NumberAttribute()
                                          .Description("Seconds to wait for a backend response, 1-300 "
                                                       "(HTTP/HTTPS only; OTC's default 60).")
                                          .Validators({fw::IntBetween(1, 300)})));
  b.Add("advanced_forwarding",
        fw::BoolAttribute()
            .Optional()
            .Computed()
            .Description("Whether advanced forwarding (enhanced L7 policies) is enabled. Changing it creates a "
                         "new listener.")
            .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Tags set when the listener is created (the API cannot change them: a change "
                                 "creates a new listener). At most 10; keys 1-36 and values up to 43 letters, "
                                 "digits, `-`, `_` (and `.` in values).")
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("created_at", fw::StringAttribute()
                          .Computed()
                          .Description("When the listener was created (UTC).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("updated_at", fw::StringAttribute().Computed().Description("When the listener was last changed (UTC)."));

  fw::Block headers;
  headers.description =
      "Headers the load balancer adds to requests (HTTP/HTTPS only). Unset flags keep OTC's values (for HTTP "
      "`X-Forwarded-Host` is on by default).";
  headers.Add("forward_elb_ip", OptComputed(fw::BoolAttribute().Description(
                                    "Add `X-Forwarded-ELB-IP` (the load balancer's public IP).")));
  headers.Add("forwarded_port", OptComputed(fw::BoolAttribute().Description(
                                    "Add `X-Forwarded-Port` (the listener port).")));
  headers.Add("forwarded_for_port", OptComputed(fw::BoolAttribute().Description(
                                        "Add `X-Forwarded-For-Port` (the client's source port).")));
  headers.Add("forwarded_host", OptComputed(fw::BoolAttribute().Description(
                                    "Keep the client's `Host` in `X-Forwarded-Host`.")));
  b.Add("insert_headers", fw::ListBlock(headers).MaxItems(1));

  fw::Block ipg;
  ipg.description = "Access control by an ELB IP address group.";
  ipg.Add("id", fw::StringAttribute()
                    .Required()
                    .Description("The ID of the IP address group.")
                    .Validators({fw::StringLengthAtLeast(1)}));
  ipg.Add("enable", OptComputed(fw::BoolAttribute().Description(
                        "Whether access control is enforced (OTC's default `true`).")));
  ipg.Add("type", OptComputed(fw::StringAttribute()
                                  .Description("`white` (only the group may connect, OTC's default) or `black` "
                                               "(the group may not).")
                                  .Validators({fw::StringOneOf({"white", "black"})})));
  b.Add("ip_group", fw::ListBlock(ipg).MaxItems(1));

  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

bool IsHttp(const std::string& p) { return p == "HTTP" || p == "HTTPS"; }

bool Set(const cty::Value& config, const char* attr) {
  cty::Value v = AttrOf(config, attr);
  return !v.IsKnown() || !v.IsNull();
}

class Listener final : public fw::Resource,
                       public fw::ResourceWithConfigure,
                       public fw::ResourceWithImportState,
                       public fw::ResourceWithValidateConfig {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_listener";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = ListenerSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    const cty::Value& cfg = req.config;
    auto& diags = resp.diagnostics;
    ValidateTags(AttrOf(cfg, "tags"), cty::Path().GetAttr("tags"), diags);
    if (auto up = fw::GetBool(cfg, "admin_state_up"); up && !*up) {
      diags.AddAttributeError(cty::Path().GetAttr("admin_state_up"), "Unsupported Administrative State",
                              "OTC dedicated load balancer listeners cannot be disabled: remove admin_state_up "
                              "or set it to true.");
    }
    auto proto = GetString(cfg, "protocol");
    if (!proto) return;  // unknown or missing (the schema reports missing)
    const std::string& p = *proto;
    if (p == "HTTPS" && AttrOf(cfg, "default_tls_container_ref").IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("default_tls_container_ref"), "Missing Server Certificate",
                              "An HTTPS listener needs a server certificate: set default_tls_container_ref to the "
                              "ID of an edp_elb_certificate of type \"server\".");
    }
    if (p != "HTTPS") {
      for (const char* attr : {"default_tls_container_ref", "client_ca_tls_container_ref", "sni_container_refs",
                               "sni_match_algo", "tls_ciphers_policy", "security_policy_id"}) {
        if (!Set(cfg, attr)) continue;
        diags.AddAttributeError(cty::Path().GetAttr(attr), "Attribute Only For HTTPS",
                                std::string(attr) + " only applies to HTTPS listeners, but protocol is \"" + p +
                                    "\": remove it or use protocol = \"HTTPS\".");
      }
      if (auto h2 = fw::GetBool(cfg, "http2_enable"); h2 && *h2) {
        diags.AddAttributeError(cty::Path().GetAttr("http2_enable"), "Attribute Only For HTTPS",
                                "http2_enable = true only applies to HTTPS listeners, but protocol is \"" + p +
                                    "\": remove it or use protocol = \"HTTPS\".");
      }
    }
    if (!IsHttp(p)) {
      for (const char* attr : {"client_timeout", "member_timeout", "member_retry_enable"}) {
        if (!Set(cfg, attr)) continue;
        diags.AddAttributeError(cty::Path().GetAttr(attr), "Attribute Only For HTTP And HTTPS",
                                std::string(attr) + " only applies to HTTP and HTTPS listeners (OTC answers "
                                                    "ELB.8901 for " + p + "): remove it.");
      }
      cty::Value headers = AttrOf(cfg, "insert_headers");
      if (!headers.IsKnown() || (!headers.IsNull() && headers.LengthInt() > 0)) {
        diags.AddAttributeError(cty::Path().GetAttr("insert_headers"), "Block Only For HTTP And HTTPS",
                                "insert_headers only applies to HTTP and HTTPS listeners, but protocol is \"" + p +
                                    "\": remove the block.");
      }
      if (auto ka = fw::GetInt(cfg, "keep_alive_timeout"); ka && *ka < 10) {
        diags.AddAttributeError(cty::Path().GetAttr("keep_alive_timeout"), "Invalid Keep-Alive Timeout",
                                "keep_alive_timeout of a " + p + " listener must be 10-4000 seconds, got " +
                                    std::to_string(*ka) + ".");
      }
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    json body = json::object();
    body["loadbalancer_id"] = GetString(req.plan, "loadbalancer_id").value_or("");
    body["protocol"] = GetString(req.plan, "protocol").value_or("");
    body["protocol_port"] = fw::GetInt(req.plan, "protocol_port").value_or(0);
    elbl7::PutSet(body, req.plan, ListenerFields());
    if (auto adv = fw::GetBool(req.plan, "advanced_forwarding")) body["enhance_l7policy_enable"] = *adv;
    json headers = HeadersBody(req.plan);
    if (!headers.empty()) body["insert_headers"] = headers;
    if (json g = IpGroupBody(req.plan); !g.is_null()) body["ipgroup"] = g;
    json tags = elbl7::TagList(AttrOf(req.plan, "tags"));
    if (!tags.empty()) body["tags"] = tags;
    auto created = otc::elb::CreateListener(ctx, c, body);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = elbl7::JStr(created.value(), "id");
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    auto got = otc::elb::GetAfterWrite(ctx, "ELB listener " + id,
                                       [&](const fw::Context& x) { return otc::elb::GetListener(x, c, id); });
    if (!got.ok()) return AddOtcError(resp.diagnostics, got.error());
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), resp.state));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    auto got = otc::elb::GetListener(ctx, *data_->client, *id);
    if (!got.ok()) {
      if (got.error().IsNotFound()) return resp.RemoveResource();
      return AddOtcError(resp.diagnostics, got.error());
    }
    resp.state = ToState(got.value(), req.state);
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    json body = json::object();
    elbl7::PutChanged(body, req.plan, req.state, ListenerFields());
    // default_pool_id: sent only when configured (a pool attached through
    // its listener_id must not be detached by an unset attribute).
    if (body.contains("default_pool_id") && body["default_pool_id"].is_null()) body.erase("default_pool_id");
    cty::Value ph = elbl7::FirstOf(req.plan, "insert_headers");
    if (!ph.IsNull() && ph != elbl7::FirstOf(req.state, "insert_headers")) {
      json headers = HeadersBody(req.plan);
      if (!headers.empty()) body["insert_headers"] = headers;
    }
    cty::Value pg = AttrOf(req.plan, "ip_group");
    if (pg.IsWhollyKnown() && elbl7::FirstOf(req.plan, "ip_group") != elbl7::FirstOf(req.state, "ip_group")) {
      body["ipgroup"] = IpGroupBody(req.plan);
    }
    if (!body.empty()) {
      auto r = otc::elb::UpdateListener(ctx, c, id, body);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
    }
    auto got = otc::elb::GetListener(ctx, c, id);
    if (!got.ok()) {
      if (got.error().IsNotFound()) {
        return AddGoneAfterWrite(resp.diagnostics, WriteStep::kUpdate, "ELB Listener", "ELB listener " + id);
      }
      return AddOtcError(resp.diagnostics, got.error());
    }
    // Without a configured block, the plan's (absent) block stays.
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), req.plan));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    auto d = otc::elb::DeleteListener(ctx, c, *id);
    if (!d.ok() && !d.IsNotFound()) {
      if (d.IsConflict()) {
        d.set_hint("Delete the listener's pools (edp_elb_pool with this listener_id) or L7 policies first, or set "
                   "default_pool_id to another listener's pool.");
      }
      return AddOtcError(resp.diagnostics, d);
    }
    auto s = otc::elb::WaitGone(ctx, "ELB listener " + *id,
                                [&](const fw::Context& x) { return otc::elb::GetListener(x, c, *id); });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_elb_listener is imported by its listener ID (a UUID such as "
                                "\"0b11747a-b139-492f-9692-2df0b1c87193\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  static json HeadersBody(const cty::Value& plan) {
    json h = json::object();
    cty::Value blk = elbl7::FirstOf(plan, "insert_headers");
    if (blk.IsNull()) return h;
    for (const auto& [attr, header] : HeaderNames()) {
      if (auto v = fw::GetBool(blk, attr)) h[header] = *v;
    }
    return h;
  }

  static json IpGroupBody(const cty::Value& plan) {
    cty::Value g = elbl7::FirstOf(plan, "ip_group");
    if (g.IsNull()) return nullptr;
    json out = {{"ipgroup_id", GetString(g, "id").value_or("")}};
    if (auto e = fw::GetBool(g, "enable")) out["enable_ipgroup"] = *e;
    if (auto t = GetString(g, "type")) out["type"] = *t;
    return out;
  }

  // The state for API object `l`; `base` supplies the prior values (and,
  // on import, nulls everywhere).
  cty::Value ToState(const json& l, const cty::Value& base) const {
    cty::Value s = elbl7::SetFields(base, l, ListenerFields());
    const bool imported = AttrOf(base, "protocol").IsNull();
    s = WithAttr(s, "id", cty::Value::String(elbl7::JStr(l, "id")));
    std::string lb = elbl7::FirstId(l, "loadbalancers");
    s = WithAttr(s, "loadbalancer_id", cty::Value::String(lb.empty() ? elbl7::JStr(l, "loadbalancer_id") : lb));
    s = WithAttr(s, "protocol", cty::Value::String(elbl7::JStr(l, "protocol")));
    s = WithAttr(s, "protocol_port", cty::Value::Int(l.value("protocol_port", int64_t{0})));
    s = WithAttr(s, "admin_state_up", cty::Value::Bool(l.value("admin_state_up", true)));
    s = WithAttr(s, "advanced_forwarding", cty::Value::Bool(l.value("enhance_l7policy_enable", false)));
    s = WithAttr(s, "created_at", cty::Value::String(elbl7::JStr(l, "created_at")));
    s = WithAttr(s, "updated_at", cty::Value::String(elbl7::JStr(l, "updated_at")));
    s = WithAttr(s, "tags", TagsValue(elbl7::TagMap(l), AttrOf(base, "tags")));

    // insert_headers: kept as a block only when configured (or on import
    // when a header other than OTC's default is on), so OTC's defaults never
    // show as a diff.
    cty::Value hdr_list = AttrOf(base, "insert_headers");
    const cty::Type hdr_type = hdr_list.type().element();
    json api_headers = l.value("insert_headers", json::object());
    if (!api_headers.is_object()) api_headers = json::object();
    bool keep = hdr_list.IsKnown() && !hdr_list.IsNull() && hdr_list.LengthInt() > 0;
    if (imported) {
      for (const auto& [attr, header] : HeaderNames()) {
        bool on = api_headers.value(header, false);
        bool default_on = header == "X-Forwarded-Host" && IsHttp(elbl7::JStr(l, "protocol"));
        keep = keep || (on && !default_on);
      }
    }
    if (keep) {
      std::map<std::string, cty::Value> attrs;
      for (const auto& [attr, header] : HeaderNames()) attrs[attr] = cty::Value::Bool(api_headers.value(header, false));
      s = WithAttr(s, "insert_headers", cty::Value::List(hdr_type, {cty::Value::ObjectOf(hdr_type, attrs)}));
    } else {
      s = WithAttr(s, "insert_headers", cty::Value::EmptyList(hdr_type));
    }

    cty::Value g_list = AttrOf(base, "ip_group");
    const cty::Type g_type = g_list.type().element();
    auto gi = l.find("ipgroup");
    if (gi != l.end() && gi->is_object() && !elbl7::JStr(*gi, "ipgroup_id").empty()) {
      std::map<std::string, cty::Value> attrs = {
          {"id", cty::Value::String(elbl7::JStr(*gi, "ipgroup_id"))},
          {"enable", cty::Value::Bool(gi->value("enable_ipgroup", true))},
          {"type", cty::Value::String(elbl7::JStr(*gi, "type").empty() ? "white" : elbl7::JStr(*gi, "type"))}};
      s = WithAttr(s, "ip_group", cty::Value::List(g_type, {cty::Value::ObjectOf(g_type, attrs)}));
    } else {
      s = WithAttr(s, "ip_group", cty::Value::EmptyList(g_type));
    }
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ElbListenerResource() {
  return [] { return std::make_unique<Listener>(); };
}

}  // namespace resources
