// edp_elb_monitor: the health check of a pool of a dedicated load balancer
// (ELB v3, api.md 6.5; one per pool). Same attributes and meanings as
// opentelekomcloud_lb_monitor_v3; import ID: the monitor id. pool_id forces a
// new monitor; everything else (type included) updates in place.
//
// Plan-time checks with attribute paths: timeout <= delay; url_path,
// http_method, expected_codes and domain_name only for HTTP/HTTPS checks;
// url_path starts with '/'; domain_name as the API accepts it.
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

const std::vector<Field>& MonitorFields() {
  static const std::vector<Field> f = {
      {"name", "name", Kind::kString, true},
      {"type", "type", Kind::kString},
      {"delay", "delay", Kind::kInt},
      {"timeout", "timeout", Kind::kInt},
      {"max_retries", "max_retries", Kind::kInt},
      {"max_retries_down", "max_retries_down", Kind::kInt},
      {"url_path", "url_path", Kind::kString},
      {"domain_name", "domain_name", Kind::kString},
      {"http_method", "http_method", Kind::kString},
      {"expected_codes", "expected_codes", Kind::kString},
      {"monitor_port", "monitor_port", Kind::kInt},
  };
  return f;
}

fw::Attribute OptComputed(fw::Attribute a) { return a.Optional().Computed().PlanModifiers({fw::UseStateForUnknown()}); }

fw::Schema MonitorSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages the health check of a pool of a dedicated (ELB v3) load balancer in Open Telekom Cloud (one per "
      "pool): how often and how members are probed, and when they count as down.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The health monitor ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("pool_id", fw::StringAttribute()
                       .Required()
                       .Description("The ID of the pool whose members are checked (a pool has at most one "
                                    "monitor). Changing it creates a new monitor.")
                       .Validators({fw::StringLengthAtLeast(1)})
                       .PlanModifiers({fw::RequiresReplace()}));
  b.Add("type", fw::StringAttribute()
                    .Required()
                    .Description("The probe: `TCP`, `HTTP` or `HTTPS` for TCP/HTTP/HTTPS pools, `UDP_CONNECT` or "
                                 "`PING` for UDP/QUIC pools.")
                    .Validators({fw::StringOneOf({"TCP", "UDP_CONNECT", "HTTP", "HTTPS", "PING"})}));
  b.Add("delay", fw::NumberAttribute()
                     .Required()
                     .Description("Seconds between probes, 1-50.")
                     .Validators({fw::IntBetween(1, 50)}));
  b.Add("timeout", fw::NumberAttribute()
                       .Required()
                       .Description("Seconds a probe may take, 1-50 and not more than `delay`.")
                       .Validators({fw::IntBetween(1, 50)}));
  b.Add("max_retries", fw::NumberAttribute()
                           .Required()
                           .Description("Successful probes before a member counts as healthy, 1-10.")
                           .Validators({fw::IntBetween(1, 10)}));
  b.Add("max_retries_down", OptComputed(fw::NumberAttribute()
                                            .Description("Failed probes before a member counts as unhealthy, "
                                                         "1-10 (OTC's default 3).")
                                            .Validators({fw::IntBetween(1, 10)})));
  b.Add("url_path", OptComputed(fw::StringAttribute()
                                    .Description("The path HTTP/HTTPS probes request, starting with `/` (OTC's "
                                                 "default `/`).")
                                    .Validators({fw::StringLengthBetween(1, 255),
                                                 fw::StringMatches("^/.*$", "must start with '/'")})));
  b.Add("domain_name",
        OptComputed(fw::StringAttribute()
                        .Description("The `Host` HTTP/HTTPS probes send (default: the member's address): letters, "
                                     "digits, `.` and `-`, starting with a letter or digit, at most 100.")
                        .Validators({fw::StringLengthBetween(1, 100),
                                     fw::StringMatches("^[0-9a-zA-Z][0-9a-zA-Z.-]*$",
                                                       "may contain only letters, digits, '.' and '-' and must "
                                                       "start with a letter or digit")})));
  b.Add("http_method",
        OptComputed(fw::StringAttribute()
                        .Description("The method of HTTP/HTTPS probes (OTC's default `GET`).")
                        .Validators({fw::StringOneOf(
                            {"GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH"})})));
  b.Add("expected_codes",
        OptComputed(fw::StringAttribute()
                        .Description("The healthy HTTP status codes: `200`, a list `200,202` or a range `200-204` "
                                     "(HTTP/HTTPS only; OTC's default `200`).")
                        .Validators({fw::StringLengthBetween(1, 64)})));
  b.Add("monitor_port", OptComputed(fw::NumberAttribute()
                                        .Description("The port probes go to (default: each member's port).")
                                        .Validators({fw::IntBetween(1, 65535)})));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Description("The monitor name (at most 255 characters).")
                    .Validators({fw::StringLengthBetween(1, 255)}));
  b.Add("admin_state_up", fw::BoolAttribute()
                              .Optional()
                              .Computed()
                              .Default(cty::Value::True())
                              .Description("The administrative state; OTC only supports `true`."));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

class Monitor final : public fw::Resource,
                      public fw::ResourceWithConfigure,
                      public fw::ResourceWithImportState,
                      public fw::ResourceWithValidateConfig {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_monitor";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = MonitorSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    const cty::Value& cfg = req.config;
    auto& diags = resp.diagnostics;
    auto delay = fw::GetInt(cfg, "delay");
    auto timeout = fw::GetInt(cfg, "timeout");
    if (delay && timeout && *timeout > *delay) {
      diags.AddAttributeError(cty::Path().GetAttr("timeout"), "Timeout Longer Than Delay",
                              "timeout (" + std::to_string(*timeout) + " s) must not be greater than delay (" +
                                  std::to_string(*delay) + " s): a probe must finish before the next one starts.");
    }
    if (auto up = fw::GetBool(cfg, "admin_state_up"); up && !*up) {
      diags.AddAttributeError(cty::Path().GetAttr("admin_state_up"), "Unsupported Administrative State",
                              "OTC health monitors cannot be disabled: remove admin_state_up or set it to true.");
    }
    auto type = GetString(cfg, "type");
    if (!type || *type == "HTTP" || *type == "HTTPS") return;
    for (const char* attr : {"url_path", "http_method", "expected_codes", "domain_name"}) {
      cty::Value v = AttrOf(cfg, attr);
      if (v.IsKnown() && v.IsNull()) continue;
      diags.AddAttributeError(cty::Path().GetAttr(attr), "Attribute Only For HTTP Checks",
                              std::string(attr) + " only applies to HTTP and HTTPS health checks, but type is \"" +
                                  *type + "\": remove it or use type = \"HTTP\".");
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    json body = json::object();
    body["pool_id"] = GetString(req.plan, "pool_id").value_or("");
    elbl7::PutSet(body, req.plan, MonitorFields());
    auto created = otc::elb::CreateMonitor(ctx, c, body);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = elbl7::JStr(created.value(), "id");
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    auto got = otc::elb::GetAfterWrite(ctx, "ELB health monitor " + id,
                                       [&](const fw::Context& x) { return otc::elb::GetMonitor(x, c, id); });
    if (!got.ok()) return AddOtcError(resp.diagnostics, got.error());
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), resp.state));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    auto got = otc::elb::GetMonitor(ctx, *data_->client, *id);
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
    elbl7::PutChanged(body, req.plan, req.state, MonitorFields());
    if (!body.empty()) {
      auto r = otc::elb::UpdateMonitor(ctx, c, id, body);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
    }
    auto got = otc::elb::GetMonitor(ctx, c, id);
    if (!got.ok()) {
      if (got.error().IsNotFound()) {
        return AddGoneAfterWrite(resp.diagnostics, WriteStep::kUpdate, "ELB Health Monitor",
                                 "ELB health monitor " + id);
      }
      return AddOtcError(resp.diagnostics, got.error());
    }
    resp.state = fw::UnknownsFrom(req.plan, ToState(got.value(), req.plan));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    auto d = otc::elb::DeleteMonitor(ctx, c, *id);
    if (!d.ok() && !d.IsNotFound()) return AddOtcError(resp.diagnostics, d);
    auto s = otc::elb::WaitGone(ctx, "ELB health monitor " + *id,
                                [&](const fw::Context& x) { return otc::elb::GetMonitor(x, c, *id); });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_elb_monitor is imported by its health monitor ID (a UUID such as "
                                "\"0b11747a-b139-492f-9692-2df0b1c87193\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  static cty::Value ToState(const json& m, const cty::Value& base) {
    cty::Value s = elbl7::SetFields(base, m, MonitorFields());
    s = WithAttr(s, "id", cty::Value::String(elbl7::JStr(m, "id")));
    std::string pool = elbl7::FirstId(m, "pools");
    s = WithAttr(s, "pool_id", cty::Value::String(pool.empty() ? elbl7::JStr(m, "pool_id") : pool));
    s = WithAttr(s, "admin_state_up", cty::Value::Bool(m.value("admin_state_up", true)));
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ElbMonitorResource() {
  return [] { return std::make_unique<Monitor>(); };
}

}  // namespace resources
