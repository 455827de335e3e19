// edp_elb_certificate: a certificate for dedicated load balancer listeners
// (ELB v3, api.md 6.6). Same attributes and meanings as
// opentelekomcloud_lb_certificate_v3; import ID: the certificate id.
//
// Plan-time validation (before any request): `certificate` must be one or
// more PEM "CERTIFICATE" blocks and `private_key` one unencrypted PEM
// private key block, each with valid base64 of a DER SEQUENCE; a server
// certificate needs private_key, a client (CA) certificate must not have
// one nor a domain. Errors name the attribute and the line, never the key.
//
// In place (PUT certificates/{id}): name, description, domain,
// certificate and private_key. `type` replaces. PEM values are compared
// without surrounding whitespace: the state keeps the configured text when
// the API's equals it but for surrounding whitespace (a heredoc's trailing
// newline is no drift), and an update that only changes such whitespace
// sends nothing (the official provider's SuppressStrippedNewLines).
// private_key is sensitive (the official provider does not mark it).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/elb.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

struct PemBlock {
  std::string label;
  int line = 0;  // of the BEGIN line, 1-based
  std::string der;
};

int Base64Value(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
  if (ch >= '0' && ch <= '9') return ch - '0' + 52;
  if (ch == '+') return 62;
  if (ch == '/') return 63;
  return -1;
}

// Strict standard base64 (padding only at the end); nullopt when invalid.
std::optional<std::string> DecodeBase64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char ch = s[i + static_cast<size_t>(k)];
      if (ch == '=') {
        if (i + 4 != s.size() || k < 2) return std::nullopt;
        ++pad;
        v[k] = 0;
        continue;
      }
      if (pad > 0) return std::nullopt;  // data after padding
      v[k] = Base64Value(ch);
      if (v[k] < 0) return std::nullopt;
    }
    uint32_t n = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                 (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out.push_back(static_cast<char>((n >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return out;
}

// Splits PEM text into its blocks. Returns an error message ("" = ok) that
// names lines, never content.
std::string ParsePem(const std::string& text, std::vector<PemBlock>* out) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  const std::string kBegin = "-----BEGIN ", kEnd = "-----END ", kDashes = "-----";
  PemBlock cur;
  bool in = false;
  std::string b64;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string l = trim(lines[i]);
    int lineno = static_cast<int>(i) + 1;
    if (!in) {
      if (l.empty()) continue;
      if (l.rfind(kBegin, 0) != 0 || l.size() <= kBegin.size() + kDashes.size() ||
          l.compare(l.size() - kDashes.size(), kDashes.size(), kDashes) != 0) {
        return "line " + std::to_string(lineno) + " is outside any \"-----BEGIN ...-----\" / \"-----END ...-----\" "
               "block";
      }
      cur = PemBlock();
      cur.label = l.substr(kBegin.size(), l.size() - kBegin.size() - kDashes.size());
      cur.line = lineno;
      b64.clear();
      in = true;
      continue;
    }
    if (l.rfind(kEnd, 0) == 0) {
      std::string label = l.size() > kEnd.size() + kDashes.size()
                              ? l.substr(kEnd.size(), l.size() - kEnd.size() - kDashes.size())
                              : "";
      if (label != cur.label) {
        return "the \"-----END " + label + "-----\" on line " + std::to_string(lineno) + " does not close the \"" +
               cur.label + "\" block begun on line " + std::to_string(cur.line);
      }
      auto der = DecodeBase64(b64);
      if (!der) {
        return "the \"" + cur.label + "\" block begun on line " + std::to_string(cur.line) +
               " is not valid base64 (or is empty)";
      }
      if (der->empty() || static_cast<unsigned char>((*der)[0]) != 0x30) {
        return "the \"" + cur.label + "\" block begun on line " + std::to_string(cur.line) +
               " does not hold DER data (an ASN.1 SEQUENCE)";
      }
      cur.der = std::move(*der);
      out->push_back(std::move(cur));
      in = false;
      continue;
    }
    if (l.find(':') != std::string::npos) {
      return "the \"" + cur.label + "\" block begun on line " + std::to_string(cur.line) +
             " has headers (line " + std::to_string(lineno) + "): an encrypted legacy key is not supported";
    }
    for (char ch : l) {
      if (ch == ' ' || ch == '\t') continue;
      if (Base64Value(ch) < 0 && ch != '=') {
        return "line " + std::to_string(lineno) + " of the \"" + cur.label + "\" block has a character that is not "
               "base64";
      }
      b64.push_back(ch);
    }
  }
  if (in) return "the \"" + cur.label + "\" block begun on line " + std::to_string(cur.line) + " has no END line";
  if (out->empty()) return "no \"-----BEGIN ...-----\" block found";
  return "";
}

// "" when `text` is a PEM certificate chain, else what is wrong.
std::string CheckCertificatePem(const std::string& text) {
  std::vector<PemBlock> blocks;
  std::string err = ParsePem(text, &blocks);
  if (!err.empty()) return err;
  for (const auto& b : blocks) {
    if (b.label != "CERTIFICATE") {
      return "the block begun on line " + std::to_string(b.line) + " is a \"" + b.label +
             "\", expected \"CERTIFICATE\" (put the private key into private_key)";
    }
  }
  return "";
}

// "" when `text` is one unencrypted PEM private key, else what is wrong.
std::string CheckPrivateKeyPem(const std::string& text) {
  std::vector<PemBlock> blocks;
  std::string err = ParsePem(text, &blocks);
  if (!err.empty()) return err;
  if (blocks.size() != 1) return "expected exactly one private key block, found " + std::to_string(blocks.size());
  const std::string& l = blocks[0].label;
  if (l == "ENCRYPTED PRIVATE KEY") {
    return "the private key is encrypted; ELB needs it unencrypted (e.g. `openssl pkey -in key.pem -out plain.pem`)";
  }
  if (l != "PRIVATE KEY" && l != "RSA PRIVATE KEY" && l != "EC PRIVATE KEY") {
    return "the block is a \"" + l + "\", expected \"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\"";
  }
  return "";
}

fw::Schema CertSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a certificate for dedicated load balancer (ELB v3) listeners in Open Telekom Cloud: a server "
      "certificate with its private key (HTTPS listeners, SNI) or a client CA certificate (mutual TLS). The PEM "
      "text is checked at plan time. Name, description, domain, certificate and private key change in place.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The certificate ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Description("The certificate name, at most 255 characters. Renamed in place.")
                    .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of at most 255 characters. Changed in place.")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("type", fw::StringAttribute()
                    .Optional()
                    .Computed()
                    .Default(cty::Value::String("server"))
                    .Description("`server` (default: a certificate with its private key, for HTTPS listeners) "
                                 "or `client` (a CA certificate listeners verify clients with). A new type "
                                 "replaces the certificate.")
                    .Validators({fw::StringOneOf({"server", "client"})})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("domain", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description("The domain names the server certificate is used for with SNI, comma "
                                   "separated (e.g. `www.example.com,*.example.com`). Not allowed for `client`. "
                                   "Changed in place.")
                      .Validators({fw::StringLengthBetween(1, 10000)})
                      .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("certificate", fw::StringAttribute()
                           .Required()
                           .Description("The PEM encoded certificate (a chain: leaf first). Checked at plan time; "
                                        "surrounding whitespace is ignored. Replaced in place.")
                           .Validators({fw::StringLengthBetween(1, 65536)}));
  b.Add("private_key", fw::StringAttribute()
                           .Optional()
                           .Sensitive()
                           .Description("The PEM encoded, unencrypted private key of a `server` certificate "
                                        "(required there, not allowed for `client`). Sensitive: never shown in "
                                        "plans or logs. Replaced in place.")
                           .Validators({fw::StringLengthBetween(1, 8192)}));
  b.Add("expire_time", fw::StringAttribute()
                           .Computed()
                           .Description("When the certificate expires (UTC), from its notAfter.")
                           .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("created_at", fw::StringAttribute()
                          .Computed()
                          .Description("When the certificate was uploaded (UTC).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("updated_at", fw::StringAttribute().Computed().Description("When the certificate was last changed (UTC)."));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(5))
                         .Update(std::chrono::minutes(5))
                         .Delete(std::chrono::minutes(5)));
  return s;
}

bool Known(const cty::Value& v) { return v.IsKnown() && !v.IsNull(); }

// The PEM value for the state: the prior text when it equals the API's
// modulo surrounding whitespace (no diff for a trailing newline).
cty::Value PemValue(const std::string& api, const cty::Value& prior) {
  if (Known(prior) && otc::elb::TrimPem(prior.AsString()) == otc::elb::TrimPem(api)) return prior;
  if (api.empty()) return cty::Value::Null(cty::Type::String());
  return cty::Value::String(api);
}

// True when `after` is a known PEM text that differs from `before` by
// more than surrounding whitespace.
bool PemChanged(const cty::Value& before, const cty::Value& after) {
  if (!Known(after)) return !after.IsKnown();
  if (!Known(before)) return true;
  return otc::elb::TrimPem(before.AsString()) != otc::elb::TrimPem(after.AsString());
}

std::string Label(const std::string& name, const std::string& id) {
  return name.empty() ? "certificate " + id : "certificate \"" + name + "\" (" + id + ")";
}

class Certificate final : public fw::Resource,
                          public fw::ResourceWithConfigure,
                          public fw::ResourceWithImportState,
                          public fw::ResourceWithValidateConfig,
                          public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_certificate";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = CertSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto& diags = resp.diagnostics;
    cty::Value cert = AttrOf(req.config, "certificate");
    if (Known(cert)) {
      std::string err = CheckCertificatePem(cert.AsString());
      if (!err.empty()) {
        diags.AddAttributeError(cty::Path().GetAttr("certificate"), "Invalid PEM Certificate",
                                "certificate is not a PEM encoded certificate: " + err +
                                    ". Paste the whole \"-----BEGIN CERTIFICATE-----\" ... \"-----END "
                                    "CERTIFICATE-----\" text (e.g. with file(\"cert.pem\")).");
      }
    }
    cty::Value key = AttrOf(req.config, "private_key");
    if (Known(key)) {
      std::string err = CheckPrivateKeyPem(key.AsString());
      if (!err.empty()) {
        diags.AddAttributeError(cty::Path().GetAttr("private_key"), "Invalid PEM Private Key",
                                "private_key is not a usable PEM private key: " + err + ".");
      }
    }
    cty::Value type = AttrOf(req.config, "type");
    if (!type.IsKnown()) return;
    const std::string t = type.IsNull() ? "server" : type.AsString();
    if (t == "server" && key.IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("private_key"), "Missing Private Key",
                              "A server certificate needs its private key: set private_key (PEM), or set type = "
                              "\"client\" for a CA certificate.");
    }
    if (t == "client" && !key.IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("private_key"), "Private Key Not Allowed",
                              "A client (CA) certificate carries no private key; remove private_key or use type = "
                              "\"server\".");
    }
    if (t == "client" && !AttrOf(req.config, "domain").IsNull()) {
      diags.AddAttributeError(cty::Path().GetAttr("domain"), "Domain Not Allowed",
                              "A client (CA) certificate takes no domain; remove domain or use type = \"server\".");
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    if (!req.state.IsNull() && PemChanged(AttrOf(req.state, "certificate"), AttrOf(resp.plan, "certificate"))) {
      resp.plan = WithAttr(resp.plan, "expire_time", cty::Value::Unknown(cty::Type::String()));
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
    otc::elb::CertificateCreate in;
    in.name = GetString(req.plan, "name").value_or("");
    in.description = GetString(req.plan, "description").value_or("");
    in.type = GetString(req.plan, "type").value_or("server");
    in.domain = GetString(req.plan, "domain").value_or("");
    in.certificate = GetString(req.plan, "certificate").value_or("");
    in.private_key = GetString(req.plan, "private_key").value_or("");
    auto created = otc::elb::CreateCertificate(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->id;
    resp.state = WithAttr(req.plan, "id", cty::Value::String(id));
    // Read back (404 for a moment right after the create is waited out).
    auto got = otc::elb::WaitCertificate(ctx, c, id, Label(in.name, id) + " to be readable");
    if (!got.ok()) return AddOtcError(resp.diagnostics, got.error());
    resp.state = fw::UnknownsFrom(req.plan, Build(got.value(), resp.state));
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
    resp.state = req.state;
    auto changed = [&](const char* a) {
      cty::Value p = AttrOf(req.plan, a);
      return p.IsKnown() && p != AttrOf(req.state, a);
    };
    otc::elb::CertificateUpdate u;
    if (changed("name")) u.name = GetString(req.plan, "name").value_or("");
    if (changed("description")) u.description = GetString(req.plan, "description").value_or("");
    if (changed("domain") && !AttrOf(req.plan, "domain").IsNull()) u.domain = GetString(req.plan, "domain");
    // A PEM that differs only in surrounding whitespace is not sent again.
    cty::Value cert = AttrOf(req.plan, "certificate"), key = AttrOf(req.plan, "private_key");
    if (PemChanged(AttrOf(req.state, "certificate"), cert)) u.certificate = cert.AsString();
    if (Known(key) && PemChanged(AttrOf(req.state, "private_key"), key)) u.private_key = key.AsString();
    if (!u.empty()) {
      auto r = otc::elb::UpdateCertificate(ctx, c, id, u);
      if (!r.ok()) return AddOtcError(resp.diagnostics, r.error());
    }
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, remote, resp.diagnostics)) return;
    const std::string label = Label(GetString(req.plan, "name").value_or(""), id);
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "Certificate", label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    const std::string label = Label(GetString(req.state, "name").value_or(""), *id);
    auto d = otc::elb::DeleteCertificate(ctx, c, *id);
    if (!d.ok() && !d.IsNotFound()) {
      if (d.IsConflict()) {
        d.set_hint("A listener still uses the certificate: point the listener at another certificate or delete "
                   "it first.");
      }
      return AddOtcError(resp.diagnostics, d);
    }
    otc::WaitOptions opts;
    opts.what = label + " to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = otc::elb::GetCertificate(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      return otc::PollResult{otc::PollResult::kPending, "present", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_elb_certificate is imported by its certificate ID (e.g. \"3b2c1d4e-...\"), "
                                "got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    auto ce = otc::elb::GetCertificate(ctx, *data_->client, id);
    if (!ce.ok()) {
      if (ce.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, ce.error());
      return false;
    }
    out = Build(ce.value(), base);
    return true;
  }

  cty::Value Build(const otc::elb::Certificate& api, const cty::Value& base) const {
    const otc::elb::Certificate* ce = &api;
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(ce->id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "name", OptionalString(ce->name, AttrOf(base, "name")));
    s = WithAttr(s, "description", OptionalString(ce->description, AttrOf(base, "description")));
    s = WithAttr(s, "type", cty::Value::String(ce->type.empty() ? "server" : ce->type));
    s = WithAttr(s, "domain",
                 ce->domain.empty() ? cty::Value::Null(cty::Type::String()) : cty::Value::String(ce->domain));
    s = WithAttr(s, "certificate", PemValue(ce->certificate, AttrOf(base, "certificate")));
    // Some regions do not return the key: then the state keeps its own.
    cty::Value prior_key = AttrOf(base, "private_key");
    s = WithAttr(s, "private_key",
                 ce->private_key.empty() && prior_key.IsKnown() ? prior_key : PemValue(ce->private_key, prior_key));
    s = WithAttr(s, "expire_time", cty::Value::String(ce->expire_time));
    s = WithAttr(s, "created_at", cty::Value::String(ce->created_at));
    s = WithAttr(s, "updated_at", cty::Value::String(ce->updated_at));
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ElbCertificateResource() {
  return [] { return std::make_unique<Certificate>(); };
}

}  // namespace resources
