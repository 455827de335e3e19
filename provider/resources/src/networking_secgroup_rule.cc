// edp_networking_secgroup_rule: one rule of a Neutron security group
// (api.md 2.6). Same attributes and meanings as
// opentelekomcloud_networking_secgroup_rule_v2; import ID: the rule id.
// Neutron rules cannot be changed, so every attribute forces a new rule.
// Everything Neutron would refuse (port ranges, ICMP type/code, a
// remote_ip_prefix of the wrong family, both remotes) is refused at
// validate time with the attribute's path, before any API call.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
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

// Protocol names Neutron accepts (besides numbers 0-255).
const std::vector<std::string>& ProtocolNames() {
  static const std::vector<std::string> kNames = {
      "tcp",        "udp",       "icmp",       "ah",         "dccp",       "egp",  "esp",
      "gre",        "igmp",      "ipv6-encap", "ipv6-frag",  "ipv6-icmp",  "ipv6-nonxt",
      "ipv6-opts",  "ipv6-route", "ospf",      "pgm",        "rsvp",       "sctp", "udplite",
      "vrrp"};
  return kNames;
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool IsNumber(const std::string& s, int max) {
  if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isdigit(ch); })) {
    return false;
  }
  return std::stoi(s) <= max;
}

enum class PortKind { kNone, kPorts, kIcmp, kInvalid };

// How a protocol treats port_range_min/max: TCP-like ports, ICMP type and
// code, or no ports at all.
PortKind PortKindOf(const std::string& protocol) {
  std::string p = Lower(protocol);
  if (p == "tcp" || p == "udp" || p == "sctp" || p == "dccp" || p == "udplite" || p == "6" || p == "17" ||
      p == "132" || p == "33" || p == "136") {
    return PortKind::kPorts;
  }
  if (p == "icmp" || p == "ipv6-icmp" || p == "1" || p == "58") return PortKind::kIcmp;
  if (IsNumber(p, 255) || std::find(ProtocolNames().begin(), ProtocolNames().end(), p) != ProtocolNames().end()) {
    return PortKind::kNone;
  }
  return PortKind::kInvalid;
}

// Neutron's form of a remote_ip_prefix: lower case, host bits cleared, a
// bare address gets /32 (/128). nullopt when invalid; *v6 is the family.
std::optional<std::string> NormalizePrefix(const std::string& in, bool* v6) {
  std::string addr = in;
  int length = -1;
  if (std::size_t slash = in.find('/'); slash != std::string::npos) {
    addr = in.substr(0, slash);
    std::string len = in.substr(slash + 1);
    if (!IsNumber(len, 128)) return std::nullopt;
    length = std::stoi(len);
  }
  unsigned char buf[16] = {};
  if (inet_pton(AF_INET, addr.c_str(), buf) == 1) {
    *v6 = false;
    if (length < 0) length = 32;
    if (length > 32) return std::nullopt;
  } else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
    *v6 = true;
    if (length < 0) length = 128;
  } else {
    return std::nullopt;
  }
  const int bytes = *v6 ? 16 : 4;
  for (int i = 0; i < bytes; ++i) {
    int keep = std::clamp(length - i * 8, 0, 8);
    buf[i] &= static_cast<unsigned char>(keep == 0 ? 0 : (0xFF << (8 - keep)) & 0xFF);
  }
  char out[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(*v6 ? AF_INET6 : AF_INET, buf, out, sizeof out) == nullptr) return std::nullopt;
  return std::string(out) + "/" + std::to_string(length);
}

// The API's value for a string attribute, but the configured spelling when
// the two mean the same (so "TCP" or "10.0.0.5/24" in the configuration
// never shows a diff against Neutron's "tcp" / "10.0.0.0/24").
cty::Value Keep(const std::string& api, const cty::Value& prior, bool prefix) {
  if (api.empty()) return cty::Value::Null(cty::Type::String());
  if (prior.IsKnown() && !prior.IsNull()) {
    const std::string& p = prior.AsString();
    if (Lower(p) == Lower(api)) return prior;
    bool v6 = false;
    if (prefix) {
      auto np = NormalizePrefix(Lower(p), &v6), na = NormalizePrefix(Lower(api), &v6);
      if (np && na && *np == *na) return prior;
    }
  }
  return cty::Value::String(api);
}

cty::Value OptInt(const std::optional<int>& v) {
  return v ? cty::Value::Int(*v) : cty::Value::Null(cty::Type::Number());
}

// For Optional+Computed attributes that Neutron never fills in by itself
// once a rule exists: when the configuration leaves the attribute unset,
// plan the prior value (also when it is null) instead of "known after
// apply", so an unset remote_group_id does not look like a change that
// forces a new rule.
class KeepPriorWhenUnset final : public fw::PlanModifier {
 public:
  std::string Description() const override {
    return "When not configured, the value stays what the existing rule has.";
  }
  void Modify(const fw::PlanModifierRequest& req, fw::PlanModifierResponse& resp) const override {
    if (req.state_root.IsNull() || !req.config.IsNull() || req.plan.IsKnown()) return;
    resp.plan = req.state;
  }
};

fw::Schema RuleSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages one rule of a security group (Neutron v2.0) in Open Telekom Cloud. Rules cannot be "
      "changed: any change creates a new rule (and deletes the old one). Creating waits until the rule "
      "can be read back.";
  auto replace = [] { return std::vector<fw::PlanModifierPtr>{fw::RequiresReplace()}; };
  auto replace_keep = [] {
    return std::vector<fw::PlanModifierPtr>{std::make_shared<KeepPriorWhenUnset>(), fw::RequiresReplace()};
  };
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The rule ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("direction", fw::StringAttribute()
                         .Required()
                         .Description("`ingress` (traffic to the group's ports) or `egress` (from them).")
                         .Validators({fw::StringOneOf({"ingress", "egress"})})
                         .PlanModifiers(replace()));
  b.Add("ethertype", fw::StringAttribute()
                         .Required()
                         .Description("`IPv4` or `IPv6`; `remote_ip_prefix` must be of this family.")
                         .Validators({fw::StringOneOf({"IPv4", "IPv6"})})
                         .PlanModifiers(replace()));
  b.Add("protocol", fw::StringAttribute()
                        .Optional()
                        .Description("The IP protocol: `tcp`, `udp`, `icmp`, another protocol name Neutron "
                                     "knows (`ah`, `dccp`, `egp`, `esp`, `gre`, `igmp`, `ipv6-encap`, "
                                     "`ipv6-frag`, `ipv6-icmp`, `ipv6-nonxt`, `ipv6-opts`, `ipv6-route`, "
                                     "`ospf`, `pgm`, `rsvp`, `sctp`, `udplite`, `vrrp`) or a number 0-255. "
                                     "Unset matches every protocol.")
                        .PlanModifiers(replace()));
  b.Add("port_range_min", fw::NumberAttribute()
                              .Optional()
                              .Description("The lowest port (TCP, UDP and the other port-based protocols: "
                                           "1-65535) or the ICMP type (0-255). Needs `protocol`.")
                              .PlanModifiers(replace()));
  b.Add("port_range_max", fw::NumberAttribute()
                              .Optional()
                              .Computed()
                              .Description("The highest port (1-65535, at least `port_range_min`) or the "
                                           "ICMP code (0-255). Needs `port_range_min`; for port-based "
                                           "protocols it defaults to `port_range_min`.")
                              .PlanModifiers(replace_keep()));
  b.Add("remote_ip_prefix", fw::StringAttribute()
                                .Optional()
                                .Computed()
                                .Description("The remote address range in CIDR notation (`0.0.0.0/0`, "
                                             "`10.0.0.0/24`, `2001:db8::/32`) or a single address, of the "
                                             "family `ethertype` names. Conflicts with `remote_group_id`.")
                                .Validators({fw::ConflictsWith({"remote_group_id"})})
                                .PlanModifiers(replace_keep()));
  b.Add("remote_group_id", fw::StringAttribute()
                               .Optional()
                               .Computed()
                               .Description("The ID of the security group whose members are the remote "
                                            "side. Conflicts with `remote_ip_prefix`.")
                               .PlanModifiers(replace_keep()));
  b.Add("security_group_id", fw::StringAttribute()
                                 .Required()
                                 .Description("The ID of the security group the rule belongs to.")
                                 .Validators({fw::StringLengthAtLeast(1)})
                                 .PlanModifiers(replace()));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of the rule (at most 255 characters).")
                           .Validators({fw::StringLengthBetween(0, 255)})
                           .PlanModifiers(replace()));
  b.Add("tenant_id", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The project that owns the rule; defaults to the provider's project.")
                         .PlanModifiers(replace_keep()));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers(replace_keep()));
  fw::AddTimeouts(s, fw::TimeoutDefaults().Create(std::chrono::minutes(10)).Delete(std::chrono::minutes(10)));
  return s;
}

// A known, non-null number attribute as an int (nullopt otherwise or when
// it is not a whole number in int range).
std::optional<int64_t> KnownInt(const cty::Value& obj, const char* name) {
  cty::Value v = AttrOf(obj, name);
  if (v.IsNull() || !v.IsKnown()) return std::nullopt;
  return fw::GetInt(obj, name);
}

class Rule final : public fw::Resource,
                   public fw::ResourceWithConfigure,
                   public fw::ResourceWithImportState,
                   public fw::ResourceWithValidateConfig,
                   public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_networking_secgroup_rule";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = RuleSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto& diags = resp.diagnostics;
    const cty::Value& cfg = req.config;
    const cty::Path min_path = cty::Path().GetAttr("port_range_min");
    const cty::Path max_path = cty::Path().GetAttr("port_range_max");
    cty::Value proto = AttrOf(cfg, "protocol");
    cty::Value vmin = AttrOf(cfg, "port_range_min"), vmax = AttrOf(cfg, "port_range_max");
    auto pmin = KnownInt(cfg, "port_range_min"), pmax = KnownInt(cfg, "port_range_max");

    PortKind kind = PortKind::kNone;
    if (proto.IsKnown() && !proto.IsNull()) {
      kind = PortKindOf(proto.AsString());
      if (kind == PortKind::kInvalid || Lower(proto.AsString()) == "any") {
        diags.AddAttributeError(cty::Path().GetAttr("protocol"), "Invalid Protocol",
                                "protocol \"" + proto.AsString() +
                                    "\" is not one Neutron accepts. Use tcp, udp, icmp, another protocol "
                                    "name (ah, dccp, egp, esp, gre, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, "
                                    "ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, rsvp, sctp, udplite, "
                                    "vrrp), a number 0-255, or leave it unset for every protocol.");
        kind = PortKind::kInvalid;
      }
    }
    if (!vmax.IsNull() && vmin.IsNull()) {
      diags.AddAttributeError(max_path, "Missing port_range_min",
                              "port_range_max is set but port_range_min is not. Set port_range_min too (the "
                              "lowest port, or the ICMP type).");
    }
    bool ports_set = !vmin.IsNull() || !vmax.IsNull();
    if (ports_set && proto.IsNull()) {
      diags.AddAttributeError(vmin.IsNull() ? max_path : min_path, "Port Range Needs A Protocol",
                              "A port range only applies to a protocol: set protocol = \"tcp\" or \"udp\" "
                              "(ports 1-65535), or \"icmp\" (ICMP type and code 0-255).");
    } else if (ports_set && proto.IsKnown() && kind == PortKind::kNone) {
      diags.AddAttributeError(vmin.IsNull() ? max_path : min_path, "Port Range Not Allowed For Protocol",
                              "protocol \"" + proto.AsString() +
                                  "\" has no ports; port ranges are for tcp, udp, udplite, sctp and dccp, "
                                  "ICMP type/code for icmp and ipv6-icmp. Remove port_range_min/max or "
                                  "change the protocol.");
    } else if (kind == PortKind::kPorts) {
      for (auto [v, path, name] : {std::tuple{pmin, min_path, "port_range_min"},
                                   std::tuple{pmax, max_path, "port_range_max"}}) {
        if (v && (*v < 1 || *v > 65535)) {
          diags.AddAttributeError(path, "Invalid Port",
                                  std::string(name) + " is " + std::to_string(*v) + "; ports of protocol \"" +
                                      proto.AsString() + "\" are between 1 and 65535.");
        }
      }
      if (pmin && pmax && *pmin >= 1 && *pmax <= 65535 && *pmin > *pmax) {
        diags.AddAttributeError(max_path, "Invalid Port Range",
                                "port_range_max (" + std::to_string(*pmax) + ") is lower than port_range_min (" +
                                    std::to_string(*pmin) + "). Swap them, or set both to the same port.");
      }
    } else if (kind == PortKind::kIcmp) {
      for (auto [v, path, what] : {std::tuple{pmin, min_path, "ICMP type (port_range_min)"},
                                   std::tuple{pmax, max_path, "ICMP code (port_range_max)"}}) {
        if (v && (*v < 0 || *v > 255)) {
          diags.AddAttributeError(path, "Invalid ICMP Type Or Code",
                                  std::string(what) + " is " + std::to_string(*v) + "; it must be 0-255.");
        }
      }
    }

    cty::Value prefix = AttrOf(cfg, "remote_ip_prefix");
    cty::Value ether = AttrOf(cfg, "ethertype");
    if (prefix.IsKnown() && !prefix.IsNull()) {
      bool v6 = false;
      auto norm = NormalizePrefix(Lower(prefix.AsString()), &v6);
      const cty::Path path = cty::Path().GetAttr("remote_ip_prefix");
      if (!norm) {
        diags.AddAttributeError(path, "Invalid Remote IP Prefix",
                                "remote_ip_prefix \"" + prefix.AsString() +
                                    "\" is neither an IP address nor a CIDR range. Use e.g. \"0.0.0.0/0\", "
                                    "\"10.0.0.0/24\" or \"2001:db8::/32\".");
      } else if (ether.IsKnown() && !ether.IsNull() && (ether.AsString() == "IPv6") != v6 &&
                 (ether.AsString() == "IPv4" || ether.AsString() == "IPv6")) {
        diags.AddAttributeError(path, "Remote IP Prefix Does Not Match Ethertype",
                                "remote_ip_prefix \"" + prefix.AsString() + "\" is an " +
                                    (v6 ? "IPv6" : "IPv4") + " range but ethertype is \"" + ether.AsString() +
                                    "\". Set ethertype = \"" + (v6 ? "IPv6" : "IPv4") +
                                    "\" or use a range of that family.");
      }
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
    otc::vpc::SecurityGroupRule in;
    in.direction = GetString(req.plan, "direction").value_or("");
    in.ethertype = GetString(req.plan, "ethertype").value_or("");
    in.security_group_id = GetString(req.plan, "security_group_id").value_or("");
    in.protocol = Lower(GetString(req.plan, "protocol").value_or(""));
    if (auto v = KnownInt(req.plan, "port_range_min")) in.port_range_min = static_cast<int>(*v);
    if (auto v = KnownInt(req.plan, "port_range_max")) in.port_range_max = static_cast<int>(*v);
    // Neutron fills a missing upper port with the lower one; sending it
    // makes the request the rule as stored (the find-existing key).
    if (in.port_range_min && !in.port_range_max && PortKindOf(in.protocol) == PortKind::kPorts) {
      in.port_range_max = in.port_range_min;
    }
    if (auto p = GetString(req.plan, "remote_ip_prefix")) {
      bool v6 = false;
      in.remote_ip_prefix = NormalizePrefix(Lower(*p), &v6).value_or(*p);
    }
    in.remote_group_id = GetString(req.plan, "remote_group_id").value_or("");
    in.description = GetString(req.plan, "description").value_or("");
    in.tenant_id = GetString(req.plan, "tenant_id").value_or("");
    auto created = otc::vpc::CreateSecurityGroupRule(ctx, c, in);
    if (!created.ok()) {
      otc::Error e = created.error();
      if (e.code() == "SecurityGroupRuleExists") {
        e.set_hint("Security group " + in.security_group_id +
                   " already has a rule with the same direction, ethertype, protocol, ports and remote "
                   "(a group's two default egress rules allow all IPv4/IPv6 traffic out). Remove this "
                   "rule from the configuration, import the existing one, or set delete_default_rules on "
                   "the group.");
      } else if (e.IsNotFound()) {
        e.set_hint("Check security_group_id (and remote_group_id): the group must exist in this project "
                   "and region.");
      }
      AddOtcError(resp.diagnostics, e);
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    otc::vpc::SecurityGroupRule rule = created.value();
    otc::WaitOptions opts;
    opts.what = "security group rule " + id + " to become readable";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(5);
    opts.pending_statuses = {404};
    auto waited = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::vpc::GetSecurityGroupRule(x, c, id);
      if (!g.ok()) return g.error();
      rule = std::move(g.value());
      return otc::PollResult{otc::PollResult::kDone, "readable", ""};
    });
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    resp.state = fw::UnknownsFrom(req.plan, ToState(rule, resp.state));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    auto r = otc::vpc::GetSecurityGroupRule(ctx, *data_->client, *id);
    if (!r.ok()) {
      // Gone, also when its group was deleted (Neutron deletes the rules).
      if (r.error().IsNotFound()) return resp.RemoveResource();
      return AddOtcError(resp.diagnostics, r.error());
    }
    resp.state = ToState(r.value(), req.state);
  }

  // Every attribute forces replacement and a change of `timeouts` alone
  // never reaches Update, so nothing remote ever changes here.
  void Update(const fw::Context&, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    resp.state = fw::UnknownsFrom(req.plan, req.state);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    otc::WaitOptions opts;
    opts.what = "security group rule " + *id + " to be deleted";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(5);
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto d = otc::vpc::DeleteSecurityGroupRule(x, c, *id);
      if (!d.ok() && !d.IsNotFound()) {
        if (d.IsConflict()) return otc::PollResult{otc::PollResult::kPending, "in use: " + d.message(), ""};
        return d;
      }
      auto g = otc::vpc::GetSecurityGroupRule(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      return otc::PollResult{otc::PollResult::kPending, "deleting", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_networking_secgroup_rule is imported by its rule ID (e.g. "
                                "\"7a1b2c3d-...\"), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  cty::Value ToState(const otc::vpc::SecurityGroupRule& r, const cty::Value& base) const {
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(r.id));
    s = WithAttr(s, "direction", cty::Value::String(r.direction));
    s = WithAttr(s, "ethertype", cty::Value::String(r.ethertype));
    s = WithAttr(s, "protocol", Keep(r.protocol, AttrOf(base, "protocol"), false));
    s = WithAttr(s, "port_range_min", OptInt(r.port_range_min));
    s = WithAttr(s, "port_range_max", OptInt(r.port_range_max));
    s = WithAttr(s, "remote_ip_prefix", Keep(r.remote_ip_prefix, AttrOf(base, "remote_ip_prefix"), true));
    s = WithAttr(s, "remote_group_id", r.remote_group_id.empty() ? cty::Value::Null(cty::Type::String())
                                                                  : cty::Value::String(r.remote_group_id));
    s = WithAttr(s, "security_group_id", cty::Value::String(r.security_group_id));
    s = WithAttr(s, "description", OptionalString(r.description, AttrOf(base, "description")));
    s = WithAttr(s, "tenant_id", cty::Value::String(r.tenant_id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory NetworkingSecgroupRuleResource() {
  return [] { return std::make_unique<Rule>(); };
}

}  // namespace resources
