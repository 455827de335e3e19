// edp_obs_bucket: an OBS bucket (api.md 5.4) with its sub-configurations:
// ACL, storage class, versioning, logging, lifecycle rules, website, CORS,
// tags, server-side encryption, WORM retention and custom domains. Same
// attributes and meanings as opentelekomcloud_obs_bucket; import ID: the
// bucket name.
//
// Every sub-configuration is its own OBS sub-resource (?versioning,
// ?lifecycle, ...): an update sends one PUT (or DELETE, when the setting is
// removed) per changed setting and reads the bucket back. A read is one HEAD
// plus one GET per sub-resource; an absent configuration (NoSuch* 404) reads
// as an empty attribute, a NoSuchBucket anywhere as "the bucket is gone".
#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "obs_bucket_xml.h"
#include "otc/obs.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
namespace ox = obsxml;
using fw::AttrOf;
using fw::GetBool;
using fw::GetInt;
using fw::GetString;
using fw::WithAttr;

// ---- schema -------------------------------------------------------------------

fw::Block LoggingBlock() {
  fw::Block b;
  b.Add("target_bucket", fw::StringAttribute().Required().Description(
                             "The bucket that receives the access logs (it must exist and belong to the same "
                             "account; its `acl` is usually `log-delivery-write`)."));
  b.Add("target_prefix", fw::StringAttribute()
                             .Optional()
                             .Computed()
                             .Default(cty::Value::String("logs/"))
                             .Description("The key prefix of the log objects. Defaults to `logs/`."));
  return b;
}

fw::Block WormBlock() {
  fw::Block b;
  b.Add("days", fw::NumberAttribute()
                    .Optional()
                    .Description("Default retention in days (1-36500). Exactly one of `days` and `years`.")
                    .Validators({fw::IntBetween(1, 36500), fw::ConflictsWith({"years"}),
                                 fw::AtLeastOneOf({"years", "days"})}));
  b.Add("years", fw::NumberAttribute()
                     .Optional()
                     .Description("Default retention in years (1-100). Exactly one of `days` and `years`.")
                     .Validators({fw::IntBetween(1, 100), fw::ConflictsWith({"days"}),
                                  fw::AtLeastOneOf({"years", "days"})}));
  return b;
}

fw::Block DaysBlock(const std::string& what) {
  fw::Block b;
  b.Add("days", fw::NumberAttribute().Required().Description(what).Validators({fw::IntAtLeast(1)}));
  return b;
}

fw::Block TransitionBlock(const std::string& what) {
  fw::Block b;
  b.Add("days", fw::NumberAttribute().Required().Description(what).Validators({fw::IntAtLeast(1)}));
  b.Add("storage_class", fw::StringAttribute()
                             .Required()
                             .Description("The class the objects move to: `WARM` or `COLD`.")
                             .Validators({fw::StringOneOf({"WARM", "COLD"})}));
  return b;
}

fw::Block LifecycleBlock() {
  fw::Block b;
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The rule's unique name (its OBS rule ID, at most 255 characters).")
                    .Validators({fw::StringLengthBetween(1, 255)}));
  b.Add("enabled", fw::BoolAttribute().Required().Description("Whether the rule is applied."));
  b.Add("prefix", fw::StringAttribute().Optional().Description(
                      "The key prefix the rule applies to; unset or empty applies it to the whole bucket."));
  b.Add("expiration", fw::SetBlock(DaysBlock("Days after creation when current object versions are deleted."))
                          .MaxItems(1));
  b.Add("transition",
        fw::ListBlock(TransitionBlock("Days after creation when current versions move to `storage_class`.")));
  b.Add("noncurrent_version_expiration",
        fw::SetBlock(DaysBlock("Days after becoming noncurrent when object versions are deleted.")).MaxItems(1));
  b.Add("noncurrent_version_transition",
        fw::ListBlock(TransitionBlock("Days after becoming noncurrent when versions move to `storage_class`.")));
  return b;
}

fw::Block WebsiteBlock() {
  fw::Block b;
  b.Add("index_document", fw::StringAttribute().Optional().Description(
                              "The suffix appended to requests for a directory (e.g. `index.html`); must not "
                              "contain `/`. Required unless `redirect_all_requests_to` is set."));
  b.Add("error_document", fw::StringAttribute().Optional().Description(
                              "The object returned for 4XX errors."));
  b.Add("redirect_all_requests_to",
        fw::StringAttribute()
            .Optional()
            .Description("A host name, optionally with `http://` or `https://`, every request is redirected to. "
                         "Conflicts with the other website settings.")
            .Validators({fw::ConflictsWith({"index_document", "error_document", "routing_rules"})}));
  b.Add("routing_rules", fw::StringAttribute().Optional().Description(
                             "A JSON array of redirect rules (`[{\"Condition\": {\"KeyPrefixEquals\": \"docs/\"}, "
                             "\"Redirect\": {\"ReplaceKeyPrefixWith\": \"documents/\"}}]`). Compared as JSON, so "
                             "formatting and key order never show as changes."));
  return b;
}

fw::Block CorsBlock() {
  fw::Block b;
  cty::Type str = cty::Type::String();
  b.Add("allowed_origins", fw::ListAttribute(str).Required().Description(
                               "Origins allowed to make cross-domain requests (`*` wildcards allowed).")
                               .Validators({fw::SizeBetween(1, 100)}));
  b.Add("allowed_methods",
        fw::ListAttribute(str)
            .Required()
            .Description("HTTP methods allowed: `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.")
            .Validators({fw::SizeBetween(1, 5),
                         fw::EachValue(fw::StringOneOf({"GET", "PUT", "POST", "DELETE", "HEAD"}))}));
  b.Add("allowed_headers", fw::ListAttribute(str).Optional().Description(
                               "Request headers allowed in preflight requests."));
  b.Add("expose_headers", fw::ListAttribute(str).Optional().Description(
                              "Response headers the browser may expose to the caller."));
  b.Add("max_age_seconds", fw::NumberAttribute()
                               .Optional()
                               .Computed()
                               .Default(cty::Value::Int(100))
                               .Description("Seconds a browser caches the preflight answer. Defaults to 100.")
                               .Validators({fw::IntAtLeast(0)}));
  return b;
}

fw::Block EncryptionBlock() {
  fw::Block b;
  b.Add("algorithm", fw::StringAttribute()
                         .Required()
                         .Description("The server-side encryption algorithm: `kms`.")
                         .Validators({fw::StringOneOf({"kms"})}));
  b.Add("kms_key_id", fw::StringAttribute().Required().Description(
                          "The ID of the KMS key that encrypts new objects."));
  return b;
}

bool BlockAddedOrRemoved(const fw::PlanModifierRequest& req) {
  auto empty = [](const cty::Value& v) { return v.IsNull() || (v.IsKnown() && v.LengthInt() == 0); };
  if (!req.state.IsKnown() || !req.plan.IsKnown()) return false;
  return empty(req.state) != empty(req.plan);
}

fw::Schema BucketSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages an OBS (object storage) bucket in Open Telekom Cloud with its ACL, storage class, versioning, "
      "logging, lifecycle rules, website, CORS, tags, server-side encryption and WORM retention. Each "
      "setting is updated in place with its own OBS call; removing a setting removes it from the bucket. "
      "Destroying a bucket that still holds objects fails unless `force_destroy` is set.";
  b.Add("id", fw::StringAttribute().Computed().Description("The bucket name."));
  b.Add("bucket", fw::StringAttribute()
                      .Required()
                      .Description("The bucket name, unique across OBS: 3-63 lower-case letters, digits, `-` "
                                   "and `.`, starting and ending with a letter or digit, without `..`, `-.` or "
                                   "`.-`, and not shaped like an IP address. Changing it creates a new bucket.")
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("storage_class", fw::StringAttribute()
                             .Optional()
                             .Computed()
                             .Default(cty::Value::String("STANDARD"))
                             .Description("The default storage class of new objects: `STANDARD` (default), "
                                          "`WARM` or `COLD`.")
                             .Validators({fw::StringOneOf({"STANDARD", "WARM", "COLD"})}));
  b.Add("acl", fw::StringAttribute()
                   .Optional()
                   .Computed()
                   .Default(cty::Value::String("private"))
                   .Description("The canned ACL: `private` (default), `public-read`, `public-read-write` or "
                                "`log-delivery-write`. A bucket whose ACL was changed to custom grants reads "
                                "as `custom`.")
                   .Validators({fw::StringOneOf({"private", "public-read", "public-read-write",
                                                 "log-delivery-write"})}));
  b.Add("versioning", fw::BoolAttribute()
                          .Optional()
                          .Computed()
                          .Default(cty::Value::False())
                          .Description("Keep every version of every object. Setting it back to false "
                                       "suspends versioning (existing versions stay)."));
  b.Add("parallel_fs", fw::BoolAttribute()
                           .Optional()
                           .Description("Create the bucket as a parallel file system (no versioning). "
                                        "Changing it creates a new bucket.")
                           .PlanModifiers({fw::RequiresReplace()}));
  b.Add("force_destroy", fw::BoolAttribute()
                             .Optional()
                             .Computed()
                             .Default(cty::Value::False())
                             .Description("On destroy, delete every object version in the bucket first. "
                                          "Without it a bucket that is not empty is not deleted."));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("bucket_domain_name", fw::StringAttribute().Computed().Description(
                                  "The bucket's domain name, `{bucket}.obs.{region}.otc.t-systems.com`."));
  b.Add("bucket_version", fw::StringAttribute()
                              .Computed()
                              .Description("The OBS bucket version (`3.0`) reported by the service.")
                              .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Bucket tags: at most 10; keys of 1-36 letters, digits, `-`, `_` and `@`; "
                                 "values of at most 43 characters."));
  b.Add("user_domain_names",
        fw::SetAttribute(cty::Type::String())
            .Optional()
            .Computed()
            .Description("Custom domain names bound to the bucket. Unset keeps whatever is bound; a set value "
                         "makes the bound domains exactly these."));
  b.Add("logging", fw::SetBlock(LoggingBlock()).MaxItems(1));
  b.Add("worm_policy",
        fw::ListBlock(WormBlock())
            .MaxItems(1)
            .PlanModifiers({fw::RequiresReplaceIf(BlockAddedOrRemoved,
                                                  "the WORM policy is added or removed (its retention "
                                                  "period changes in place)")}));
  b.Add("lifecycle_rule", fw::ListBlock(LifecycleBlock()).MaxItems(1000));
  b.Add("website", fw::ListBlock(WebsiteBlock()).MaxItems(1));
  b.Add("cors_rule", fw::ListBlock(CorsBlock()).MaxItems(100));
  b.Add("server_side_encryption", fw::ListBlock(EncryptionBlock()).MaxItems(1));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(60)));
  return s;
}

// ---- values ---------------------------------------------------------------------

std::vector<cty::Value> Elems(const cty::Value& v) {
  if (v.IsNull() || !v.IsKnown()) return {};
  return v.Elements();
}

std::vector<std::string> Strings(const cty::Value& v) {
  std::vector<std::string> out;
  for (const auto& e : Elems(v)) {
    if (e.IsKnown() && !e.IsNull()) out.push_back(e.AsString());
  }
  return out;
}

std::string Str(const cty::Value& obj, std::string_view name) { return GetString(obj, name).value_or(""); }

// An object of type `t` from `attrs`; attributes not given are null.
cty::Value ObjectOf(const cty::Type& t, std::map<std::string, cty::Value> attrs) {
  for (const auto& [name, at] : t.attributes()) {
    if (!attrs.count(name)) attrs.emplace(name, cty::Value::Null(at));
  }
  return cty::Value::ObjectOf(t, std::move(attrs));
}

// The element `i` of a list value, or null of `t` when there is none.
cty::Value ElemOr(const cty::Value& list, size_t i, const cty::Type& t) {
  auto e = Elems(list);
  return i < e.size() ? e[i] : cty::Value::Null(t);
}

// A list(string) from `items`; null when empty and `prior` was null.
cty::Value StringListOrNull(const std::vector<std::string>& items, const cty::Value& prior) {
  if (items.empty() && prior.IsNull()) return cty::Value::Null(cty::Type::List(cty::Type::String()));
  std::vector<cty::Value> v;
  for (const auto& s : items) v.push_back(cty::Value::String(s));
  return cty::Value::List(cty::Type::String(), std::move(v));
}

// ---- desired configuration from a plan/state value --------------------------------

struct BucketSettings {
  std::string storage_class, acl;
  bool versioning = false;
  std::optional<ox::Logging> logging;
  std::optional<ox::Worm> worm;
  std::vector<ox::LifecycleRule> lifecycle;
  std::optional<ox::Website> website;
  std::vector<ox::CorsRule> cors;
  std::map<std::string, std::string> tags;
  std::optional<ox::Encryption> encryption;
  std::optional<std::vector<std::string>> domains;  // nullopt: not managed (unknown)
};

std::vector<ox::Transition> TransitionsOf(const cty::Value& list) {
  std::vector<ox::Transition> out;
  for (const auto& t : Elems(list)) out.push_back({GetInt(t, "days").value_or(0), Str(t, "storage_class")});
  return out;
}

std::optional<int64_t> DaysOf(const cty::Value& set) {
  auto e = Elems(set);
  if (e.empty()) return std::nullopt;
  return GetInt(e[0], "days");
}

BucketSettings SettingsOf(const cty::Value& v) {
  BucketSettings s;
  s.storage_class = GetString(v, "storage_class").value_or("STANDARD");
  s.acl = GetString(v, "acl").value_or("private");
  s.versioning = GetBool(v, "versioning").value_or(false);
  for (const auto& l : Elems(AttrOf(v, "logging"))) {
    s.logging = ox::Logging{Str(l, "target_bucket"), GetString(l, "target_prefix").value_or("logs/")};
  }
  for (const auto& w : Elems(AttrOf(v, "worm_policy"))) {
    s.worm = ox::Worm{GetInt(w, "days").value_or(0), GetInt(w, "years").value_or(0)};
  }
  for (const auto& r : Elems(AttrOf(v, "lifecycle_rule"))) {
    ox::LifecycleRule rule;
    rule.name = Str(r, "name");
    rule.enabled = GetBool(r, "enabled").value_or(true);
    rule.prefix = Str(r, "prefix");
    rule.expiration_days = DaysOf(AttrOf(r, "expiration"));
    rule.transitions = TransitionsOf(AttrOf(r, "transition"));
    rule.noncurrent_expiration_days = DaysOf(AttrOf(r, "noncurrent_version_expiration"));
    rule.noncurrent_transitions = TransitionsOf(AttrOf(r, "noncurrent_version_transition"));
    s.lifecycle.push_back(std::move(rule));
  }
  for (const auto& w : Elems(AttrOf(v, "website"))) {
    s.website = ox::Website{Str(w, "index_document"), Str(w, "error_document"),
                            Str(w, "redirect_all_requests_to"), Str(w, "routing_rules")};
  }
  for (const auto& c : Elems(AttrOf(v, "cors_rule"))) {
    ox::CorsRule r;
    r.allowed_origins = Strings(AttrOf(c, "allowed_origins"));
    r.allowed_methods = Strings(AttrOf(c, "allowed_methods"));
    r.allowed_headers = Strings(AttrOf(c, "allowed_headers"));
    r.expose_headers = Strings(AttrOf(c, "expose_headers"));
    r.max_age_seconds = GetInt(c, "max_age_seconds").value_or(100);
    s.cors.push_back(std::move(r));
  }
  s.tags = TagsFrom(AttrOf(v, "tags"));
  for (const auto& e : Elems(AttrOf(v, "server_side_encryption"))) {
    s.encryption = ox::Encryption{Str(e, "algorithm"), Str(e, "kms_key_id")};
  }
  cty::Value d = AttrOf(v, "user_domain_names");
  if (d.IsKnown()) {
    auto names = Strings(d);
    std::sort(names.begin(), names.end());
    if (!d.IsNull()) s.domains = names;
  }
  return s;
}

// ---- plan-time validation ----------------------------------------------------------

void ValidateBucketTags(const cty::Value& tags, tfplugin::Diagnostics& diags) {
  if (tags.IsNull() || !tags.IsKnown()) return;
  const cty::Path path = cty::Path().GetAttr("tags");
  if (tags.LengthInt() > 10) {
    diags.AddAttributeError(path, "Too Many Tags",
                            "OBS accepts at most 10 tags per bucket; " + std::to_string(tags.LengthInt()) +
                                " are configured. Remove some.");
  }
  for (const auto& [k, v] : tags.MapElements()) {
    cty::Path at = path.Index(cty::Value::String(k));
    bool ok = !k.empty() && k.size() <= 36;
    for (char c : k) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '@');
    if (!ok) {
      diags.AddAttributeError(at, "Invalid Tag Key",
                              "Tag key \"" + k + "\" must be 1-36 letters, digits, '-', '_' or '@'.");
    }
    if (v.IsKnown() && !v.IsNull() && v.AsString().size() > 43) {
      diags.AddAttributeError(at, "Invalid Tag Value",
                              "The value of tag \"" + k + "\" has " + std::to_string(v.AsString().size()) +
                                  " characters; OBS accepts at most 43.");
    }
  }
}

void ValidateLifecycle(const cty::Value& rules, tfplugin::Diagnostics& diags) {
  if (rules.IsNull() || !rules.IsKnown()) return;
  std::set<std::string> names;
  size_t i = 0;
  for (const auto& r : rules.Elements()) {
    cty::Path at = cty::Path().GetAttr("lifecycle_rule").Index(cty::Value::Int(static_cast<int64_t>(i++)));
    if (!r.IsKnown() || r.IsNull()) continue;
    cty::Value name = AttrOf(r, "name");
    if (name.IsKnown() && !name.IsNull() && !names.insert(name.AsString()).second) {
      diags.AddAttributeError(at.GetAttr("name"), "Duplicate Lifecycle Rule Name",
                              "Another lifecycle_rule is already named \"" + name.AsString() +
                                  "\"; OBS needs every rule name to be unique.");
    }
    bool action = false, unknown = false;
    for (const char* b : {"expiration", "transition", "noncurrent_version_expiration",
                          "noncurrent_version_transition"}) {
      cty::Value v = AttrOf(r, b);
      if (!v.IsKnown()) unknown = true;
      if (v.IsKnown() && !v.IsNull() && v.LengthInt() > 0) action = true;
    }
    if (!action && !unknown) {
      diags.AddAttributeError(at, "Lifecycle Rule Without Action",
                              "Each lifecycle_rule needs at least one of expiration, transition, "
                              "noncurrent_version_expiration or noncurrent_version_transition; OBS rejects "
                              "a rule that does nothing.");
    }
    // Expiration must come after every transition of the same versions.
    auto check_order = [&](const char* exp_block, const char* tr_block) {
      auto exp = Elems(AttrOf(r, exp_block));
      if (exp.empty()) return;
      auto exp_days = GetInt(exp[0], "days");
      size_t j = 0;
      for (const auto& t : Elems(AttrOf(r, tr_block))) {
        auto td = GetInt(t, "days");
        if (exp_days && td && *td >= *exp_days) {
          diags.AddAttributeError(at.GetAttr(tr_block).Index(cty::Value::Int(static_cast<int64_t>(j))).GetAttr("days"),
                                  "Transition After Expiration",
                                  "The transition after " + std::to_string(*td) + " days is not before the " +
                                      exp_block + " after " + std::to_string(*exp_days) +
                                      " days; OBS requires transitions to happen before expiration.");
        }
        ++j;
      }
    };
    check_order("expiration", "transition");
    check_order("noncurrent_version_expiration", "noncurrent_version_transition");
  }
}

void ValidateWebsite(const cty::Value& website, tfplugin::Diagnostics& diags) {
  size_t i = 0;
  for (const auto& w : Elems(website)) {
    cty::Path at = cty::Path().GetAttr("website").Index(cty::Value::Int(static_cast<int64_t>(i++)));
    if (!w.IsKnown() || w.IsNull()) continue;
    cty::Value rules = AttrOf(w, "routing_rules");
    if (rules.IsKnown() && !rules.IsNull()) {
      std::string why = ox::CheckRoutingRules(rules.AsString());
      if (!why.empty()) {
        diags.AddAttributeError(at.GetAttr("routing_rules"), "Invalid Routing Rules",
                                "routing_rules " + why + ". Expected e.g. [{\"Condition\": "
                                "{\"KeyPrefixEquals\": \"docs/\"}, \"Redirect\": {\"ReplaceKeyPrefixWith\": "
                                "\"documents/\"}}].");
      }
    }
    cty::Value index = AttrOf(w, "index_document"), redirect = AttrOf(w, "redirect_all_requests_to");
    if (index.IsKnown() && redirect.IsKnown() && index.IsNull() && redirect.IsNull()) {
      diags.AddAttributeError(at, "Incomplete Website Configuration",
                              "A website needs index_document (e.g. \"index.html\") or "
                              "redirect_all_requests_to.");
    }
    if (index.IsKnown() && !index.IsNull() &&
        (index.AsString().empty() || index.AsString().find('/') != std::string::npos)) {
      diags.AddAttributeError(at.GetAttr("index_document"), "Invalid Index Document",
                              "index_document must be a non-empty suffix without '/', e.g. \"index.html\"; got \"" +
                                  index.AsString() + "\".");
    }
    if (redirect.IsKnown() && !redirect.IsNull()) {
      const std::string& r = redirect.AsString();
      size_t sep = r.find("://");
      std::string proto = sep == std::string::npos ? "" : r.substr(0, sep);
      std::string host = sep == std::string::npos ? r : r.substr(sep + 3);
      if ((sep != std::string::npos && proto != "http" && proto != "https") || host.empty() ||
          host.find('/') != std::string::npos) {
        diags.AddAttributeError(at.GetAttr("redirect_all_requests_to"), "Invalid Redirect Target",
                                "redirect_all_requests_to must be a host name, optionally prefixed with "
                                "http:// or https:// (e.g. \"https://example.com\"); got \"" + r + "\".");
      }
    }
  }
}

// ---- the resource ---------------------------------------------------------------------

// A sub-resource GET: the document, nullopt when the configuration is absent
// (a 404 other than NoSuchBucket, or one of `absent_codes`), or an error
// (NoSuchBucket included: the caller treats that as "bucket gone").
otc::Result<std::optional<xml::XmlNode>> GetSub(const fw::Context& ctx, otc::Client& c, const std::string& bucket,
                                               const std::string& sub,
                                               const std::vector<std::string>& absent_codes = {}) {
  otc::obs::Request r;
  r.method = "GET";
  r.bucket = bucket;
  r.query = {{sub, ""}};
  r.what = "reading the " + sub + " configuration of OBS bucket \"" + bucket + "\"";
  auto resp = otc::obs::Do(ctx, c, r);
  if (!resp.ok()) {
    const otc::Error& e = resp.error();
    if (e.code() == "NoSuchBucket") return e;
    bool absent = e.IsNotFound();
    for (const auto& code : absent_codes) absent = absent || e.code() == code;
    if (absent) return std::optional<xml::XmlNode>();
    return e;
  }
  auto body = otc::obs::ParseBody(resp.value(), r.what);
  if (!body.ok()) return body.error();
  return std::optional<xml::XmlNode>(std::move(body.value()));
}

bool IsBucketGone(const otc::Error& e) {
  return e.code() == "NoSuchBucket" || (e.IsNotFound() && e.code().empty());
}

// What the API reports about a bucket.
struct Remote {
  BucketSettings s;
  std::string bucket_version;
  bool parallel_fs = false;
};

class ObsBucket final : public fw::Resource,
                        public fw::ResourceWithConfigure,
                        public fw::ResourceWithImportState,
                        public fw::ResourceWithValidateConfig,
                        public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_obs_bucket";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = BucketSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    const cty::Value& cfg = req.config;
    cty::Value bucket = AttrOf(cfg, "bucket");
    if (bucket.IsKnown() && !bucket.IsNull()) {
      std::string why = ox::CheckBucketName(bucket.AsString());
      if (!why.empty()) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("bucket"), "Invalid Bucket Name",
                                           "The bucket name \"" + bucket.AsString() + "\" " + why +
                                               ". OBS bucket names are 3-63 lower-case letters, digits, '-' "
                                               "and '.', e.g. \"my-logs.2024\".");
      }
    }
    for (const auto& l : Elems(AttrOf(cfg, "logging"))) {
      cty::Value target = AttrOf(l, "target_bucket");
      if (target.IsKnown() && !target.IsNull()) {
        std::string why = ox::CheckBucketName(target.AsString());
        if (!why.empty()) {
          // Set elements share the set's path.
          resp.diagnostics.AddAttributeError(cty::Path().GetAttr("logging"), "Invalid Logging Target Bucket",
                                             "logging target_bucket \"" + target.AsString() + "\" " + why + ".");
        }
      }
    }
    cty::Value versioning = AttrOf(cfg, "versioning");
    cty::Value worm = AttrOf(cfg, "worm_policy");
    if (worm.IsKnown() && !worm.IsNull() && worm.LengthInt() > 0 && versioning.IsKnown() &&
        (versioning.IsNull() || !versioning.AsBool())) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("worm_policy"), "WORM Needs Versioning",
                                         "worm_policy protects object versions, so the bucket needs "
                                         "versioning = true. Add it to the configuration.");
    }
    cty::Value pfs = AttrOf(cfg, "parallel_fs");
    if (pfs.IsKnown() && !pfs.IsNull() && pfs.AsBool() && versioning.IsKnown() &&
        !versioning.IsNull() && versioning.AsBool()) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("versioning"), "Versioning Not Supported",
                                         "A parallel file system bucket (parallel_fs = true) cannot keep "
                                         "versions; remove versioning or parallel_fs.");
    }
    ValidateLifecycle(AttrOf(cfg, "lifecycle_rule"), resp.diagnostics);
    ValidateWebsite(AttrOf(cfg, "website"), resp.diagnostics);
    ValidateBucketTags(AttrOf(cfg, "tags"), resp.diagnostics);
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull() || !data_) return;
    cty::Value region = AttrOf(resp.plan, "region");
    if (!region.IsKnown()) {
      if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "region", cty::Value::String(data_->region));
    } else if (!region.IsNull() && region.AsString() != data_->region) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
          "region is \"" + region.AsString() + "\" but this provider manages \"" + data_->region +
              "\". Use a provider alias configured for that region.");
      return;
    }
    cty::Value bucket = AttrOf(resp.plan, "bucket");
    if (!bucket.IsKnown() || bucket.IsNull()) return;
    resp.plan = WithAttr(resp.plan, "id", bucket);
    resp.plan = WithAttr(resp.plan, "bucket_domain_name",
                         cty::Value::String(otc::obs::BucketDomainName(bucket.AsString(), data_->region)));
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    const std::string bucket = Str(req.plan, "bucket");
    BucketSettings want = SettingsOf(req.plan);
    bool pfs = GetBool(req.plan, "parallel_fs").value_or(false);
    auto created = CreateBucket(ctx, c, bucket, want, pfs);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created);
      return resp.NothingCreated();
    }
    // From here on the bucket exists: a failure returns it so it is tainted.
    resp.state = fw::UnknownsFrom(WithAttr(req.plan, "id", cty::Value::String(bucket)), req.plan);
    auto ready = WaitVisible(ctx, c, bucket);
    if (!ready.ok()) return AddOtcError(resp.diagnostics, ready);
    BucketSettings initial;  // what a new bucket has
    initial.storage_class = want.storage_class;
    initial.acl = want.acl;
    if (want.worm) initial.worm = ox::Worm{};  // lock enabled at creation, rule set below
    if (!want.domains) want.domains = std::vector<std::string>{};
    auto applied = Apply(ctx, c, bucket, initial, want);
    if (!applied.ok()) return AddOtcError(resp.diagnostics, applied);
    cty::Value remote;
    if (!Fetch(ctx, bucket, resp.state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "OBS Bucket", "OBS bucket \"" + bucket + "\"", resp.diagnostics)) return;
    resp.state = remote;
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    std::string bucket = GetString(req.state, "bucket").value_or(GetString(req.state, "id").value_or(""));
    if (bucket.empty()) return resp.RemoveResource();
    cty::Value remote;
    if (!Fetch(ctx, bucket, req.state, remote, resp.diagnostics)) return;
    resp.state = remote;  // null when gone
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string bucket = Str(req.state, "bucket");
    BucketSettings have = SettingsOf(req.state), want = SettingsOf(req.plan);
    auto applied = Apply(ctx, c, bucket, have, want);
    if (!applied.ok()) {
      AddOtcError(resp.diagnostics, applied);
      cty::Value partial;
      tfplugin::Diagnostics ignored;
      if (Fetch(ctx, bucket, req.plan, partial, ignored) && !partial.IsNull()) resp.state = partial;
      return;
    }
    cty::Value remote;
    if (!Fetch(ctx, bucket, req.plan, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "OBS Bucket", "OBS bucket \"" + bucket + "\"", resp.diagnostics)) return;
    resp.state = remote;
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string bucket = Str(req.state, "bucket");
    if (bucket.empty()) return;
    bool force = GetBool(req.state, "force_destroy").value_or(false);
    auto s = DeleteBucket(ctx, c, bucket, force);
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    std::string why = ox::CheckBucketName(req.id);
    if (!why.empty()) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_obs_bucket is imported by its bucket name (e.g. \"my-bucket\"); \"" + req.id +
                                    "\" " + why + ".");
      return;
    }
    resp.state = WithAttr(resp.state, "id", cty::Value::String(req.id));
    resp.state = WithAttr(resp.state, "bucket", cty::Value::String(req.id));
  }

 private:
  static otc::obs::Request Sub(const std::string& bucket, const std::string& method, const std::string& sub,
                               const std::string& what) {
    otc::obs::Request r;
    r.method = method;
    r.bucket = bucket;
    r.query = {{sub, ""}};
    r.what = what + " of OBS bucket \"" + bucket + "\"";
    return r;
  }

  static otc::Status Send(const fw::Context& ctx, otc::Client& c, const otc::obs::Request& r) {
    auto resp = otc::obs::Do(ctx, c, r);
    if (!resp.ok()) return resp.error();
    return otc::Status();
  }

  // PUT / with the creation headers. An ambiguous failure is settled by a
  // HEAD (the bucket exists: it was ours); a bucket that already exists in
  // the account but not in the state is refused with an import hint.
  otc::Status CreateBucket(const fw::Context& ctx, otc::Client& c, const std::string& bucket,
                           const BucketSettings& want, bool parallel_fs) {
    otc::obs::Request r;
    r.method = "PUT";
    r.bucket = bucket;
    r.headers.emplace_back("x-amz-acl", want.acl);
    r.headers.emplace_back("x-amz-storage-class", ox::S3StorageClass(want.storage_class));
    if (parallel_fs) r.headers.emplace_back("x-obs-fs-file-interface", "Enabled");
    if (want.worm) r.headers.emplace_back("x-amz-bucket-object-lock-enabled", "true");
    xml::XmlNode cfg{"CreateBucketConfiguration", "", {xml::XmlNode{"LocationConstraint", data_->region, {}}}};
    r.body = xml::WriteXml(cfg);
    r.headers.emplace_back("Content-Type", "application/xml");
    r.idempotent = false;
    r.what = "creating OBS bucket \"" + bucket + "\"";
    r.find_existing = [&c, bucket](const fw::Context& x) -> otc::Result<std::optional<otc::Response>> {
      otc::obs::Request head;
      head.method = "HEAD";
      head.bucket = bucket;
      head.what = "looking up OBS bucket \"" + bucket + "\" after an interrupted create";
      auto h = otc::obs::Do(x, c, head);
      if (h.ok()) return std::optional<otc::Response>(h.value());
      if (h.error().IsNotFound()) return std::optional<otc::Response>();
      return h.error();
    };
    auto resp = otc::obs::Do(ctx, c, r);
    if (resp.ok()) return otc::Status();
    otc::Error e = resp.error();
    if (e.code() == "BucketAlreadyOwnedByYou") {
      e.set_hint("The bucket already exists in your account but not in this state. Import it with "
                 "`tofu import <address> " + bucket + "` or choose another name.");
    } else if (e.code() == "BucketAlreadyExists") {
      e.set_hint("Bucket names are global across all OBS accounts and this one is taken. Choose another name.");
    }
    return e;
  }

  // Polls HEAD until the new bucket answers (eventual consistency).
  otc::Status WaitVisible(const fw::Context& ctx, otc::Client& c, const std::string& bucket) {
    otc::WaitOptions opts;
    opts.what = "OBS bucket \"" + bucket + "\" to become available";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(5);
    opts.pending_statuses = {404};
    return otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      otc::obs::Request head;
      head.method = "HEAD";
      head.bucket = bucket;
      head.what = "checking OBS bucket \"" + bucket + "\"";
      auto h = otc::obs::Do(x, c, head);
      if (!h.ok()) return h.error();
      return otc::PollResult{otc::PollResult::kDone, "available", ""};
    });
  }

  // Sends one PUT/DELETE per setting that differs between `have` and `want`.
  otc::Status Apply(const fw::Context& ctx, otc::Client& c, const std::string& bucket, const BucketSettings& have,
                    const BucketSettings& want) {
    if (want.acl != have.acl) {
      auto r = Sub(bucket, "PUT", "acl", "setting the ACL");
      r.headers.emplace_back("x-amz-acl", want.acl);
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.storage_class != have.storage_class) {
      auto r = Sub(bucket, "PUT", "storagePolicy", "setting the storage class");
      r.body = ox::BuildStoragePolicy(want.storage_class);
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.versioning != have.versioning) {
      auto r = Sub(bucket, "PUT", "versioning", "setting versioning");
      r.body = ox::BuildVersioning(want.versioning);
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.worm && want.worm != have.worm) {
      auto r = Sub(bucket, "PUT", "object-lock", "setting the WORM policy");
      r.body = ox::BuildObjectLock(*want.worm);
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.logging != have.logging) {
      auto r = Sub(bucket, "PUT", "logging", want.logging ? "setting logging" : "turning off logging");
      r.body = ox::BuildLogging(want.logging);
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.lifecycle != have.lifecycle) {
      auto r = Sub(bucket, want.lifecycle.empty() ? "DELETE" : "PUT", "lifecycle",
                   want.lifecycle.empty() ? "removing the lifecycle rules" : "setting the lifecycle rules");
      if (!want.lifecycle.empty()) {
        r.body = ox::BuildLifecycle(want.lifecycle);
        r.content_md5 = true;
      }
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.website != have.website) {
      auto r = Sub(bucket, want.website ? "PUT" : "DELETE", "website",
                   want.website ? "setting the website configuration" : "removing the website configuration");
      if (want.website) {
        std::string err;
        auto body = ox::BuildWebsite(*want.website, &err);
        if (!body) return otc::Error(otc::ErrorKind::kConfig, "website: " + err);
        r.body = *body;
      }
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.cors != have.cors) {
      auto r = Sub(bucket, want.cors.empty() ? "DELETE" : "PUT", "cors",
                   want.cors.empty() ? "removing the CORS rules" : "setting the CORS rules");
      if (!want.cors.empty()) {
        r.body = ox::BuildCors(want.cors);
        r.content_md5 = true;
      }
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.tags != have.tags) {
      auto r = Sub(bucket, want.tags.empty() ? "DELETE" : "PUT", "tagging",
                   want.tags.empty() ? "removing the tags" : "setting the tags");
      if (!want.tags.empty()) {
        r.body = ox::BuildTagging(want.tags);
        r.content_md5 = true;
      }
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.encryption != have.encryption) {
      auto r = Sub(bucket, want.encryption ? "PUT" : "DELETE", "encryption",
                   want.encryption ? "setting server-side encryption" : "removing server-side encryption");
      if (want.encryption) r.body = ox::BuildEncryption(*want.encryption);
      if (auto s = Send(ctx, c, r); !s.ok()) return s;
    }
    if (want.domains && have.domains != want.domains) {
      std::set<std::string> before;
      if (have.domains) before.insert(have.domains->begin(), have.domains->end());
      std::set<std::string> after(want.domains->begin(), want.domains->end());
      for (const auto& d : before) {
        if (after.count(d)) continue;
        otc::obs::Request r = Sub(bucket, "DELETE", "customdomain", "unbinding domain \"" + d + "\"");
        r.query = {{"customdomain", d}};
        if (auto s = Send(ctx, c, r); !s.ok()) return s;
      }
      for (const auto& d : after) {
        if (before.count(d)) continue;
        otc::obs::Request r = Sub(bucket, "PUT", "customdomain", "binding domain \"" + d + "\"");
        r.query = {{"customdomain", d}};
        if (auto s = Send(ctx, c, r); !s.ok()) return s;
      }
    }
    return otc::Status();
  }

  // Reads every setting; `gone` when the bucket does not exist.
  otc::Status ReadRemote(const fw::Context& ctx, otc::Client& c, const std::string& bucket, bool read_worm,
                         Remote& out, bool& gone) {
    gone = false;
    otc::obs::Request head;
    head.method = "HEAD";
    head.bucket = bucket;
    head.what = "reading OBS bucket \"" + bucket + "\"";
    auto h = otc::obs::Do(ctx, c, head);
    if (!h.ok()) {
      if (h.error().IsNotFound()) {
        gone = true;
        return otc::Status();
      }
      return h.error();
    }
    auto header = [&](const char* name) {
      std::string v(h->Header(std::string("x-obs-") + name));
      if (v.empty()) v = std::string(h->Header(std::string("x-amz-") + name));
      return v;
    };
    out.s.storage_class = ox::NormalizeStorageClass(header("storage-class"));
    if (out.s.storage_class.empty()) out.s.storage_class = "STANDARD";
    out.bucket_version = header("version");
    out.parallel_fs = header("fs-file-interface") == "Enabled";

    // Each GET below may find the bucket deleted meanwhile.
    auto get = [&](const std::string& sub, std::optional<xml::XmlNode>& doc,
                   const std::vector<std::string>& absent = {}) -> otc::Status {
      auto r = GetSub(ctx, c, bucket, sub, absent);
      if (!r.ok()) {
        if (IsBucketGone(r.error())) gone = true;
        return gone ? otc::Status() : r.error();
      }
      doc = std::move(r.value());
      return otc::Status();
    };
    std::optional<xml::XmlNode> doc;
    if (auto s = get("acl", doc); !s.ok() || gone) return s;
    out.s.acl = doc ? ox::CannedAclFromPolicy(*doc) : "private";
    if (out.s.acl.empty()) out.s.acl = "custom";
    if (auto s = get("versioning", doc); !s.ok() || gone) return s;
    out.s.versioning = doc && ox::ParseVersioning(*doc) == "Enabled";
    if (auto s = get("logging", doc); !s.ok() || gone) return s;
    out.s.logging = doc ? ox::ParseLogging(*doc) : std::nullopt;
    if (auto s = get("lifecycle", doc); !s.ok() || gone) return s;
    if (doc) out.s.lifecycle = ox::ParseLifecycle(*doc);
    if (auto s = get("website", doc); !s.ok() || gone) return s;
    if (doc) out.s.website = ox::ParseWebsite(*doc);
    if (auto s = get("cors", doc); !s.ok() || gone) return s;
    if (doc) out.s.cors = ox::ParseCors(*doc);
    if (auto s = get("tagging", doc); !s.ok() || gone) return s;
    if (doc) out.s.tags = ox::ParseTagging(*doc);
    if (auto s = get("encryption", doc, {"FsNotSupport"}); !s.ok() || gone) return s;
    if (doc) out.s.encryption = ox::ParseEncryption(*doc);
    if (read_worm) {
      if (auto s = get("object-lock", doc); !s.ok() || gone) return s;
      if (doc) out.s.worm = ox::ParseObjectLock(*doc);
    }
    if (auto s = get("customdomain", doc); !s.ok() || gone) return s;
    out.s.domains = doc ? ox::ParseCustomDomains(*doc) : std::vector<std::string>{};
    return otc::Status();
  }

  // The remote bucket as a state value built on `base` (null when gone).
  // Returns false with a diagnostic on an API error.
  bool Fetch(const fw::Context& ctx, const std::string& bucket, const cty::Value& base, cty::Value& out,
             tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    // WORM is read when configured, and on import (force_destroy is still
    // null there), so an import sees it too.
    bool importing = AttrOf(base, "force_destroy").IsNull();
    bool read_worm = importing || !Elems(AttrOf(base, "worm_policy")).empty();
    Remote r;
    bool gone = false;
    auto s = ReadRemote(ctx, c, bucket, read_worm, r, gone);
    if (!s.ok()) {
      AddOtcError(diags, s);
      return false;
    }
    if (gone) {
      out = cty::Value::Null(base.type());
      return true;
    }
    out = ToState(bucket, r, base);
    return true;
  }

  cty::Value ToState(const std::string& bucket, const Remote& r, const cty::Value& base) {
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(bucket));
    s = WithAttr(s, "bucket", cty::Value::String(bucket));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "bucket_domain_name",
                 cty::Value::String(otc::obs::BucketDomainName(bucket, data_->region)));
    s = WithAttr(s, "bucket_version", cty::Value::String(r.bucket_version));
    s = WithAttr(s, "storage_class", cty::Value::String(r.s.storage_class));
    s = WithAttr(s, "acl", cty::Value::String(r.s.acl));
    s = WithAttr(s, "versioning", cty::Value::Bool(r.s.versioning));
    cty::Value pfs = AttrOf(base, "parallel_fs");
    s = WithAttr(s, "parallel_fs",
                 r.parallel_fs || (pfs.IsKnown() && !pfs.IsNull()) ? cty::Value::Bool(r.parallel_fs)
                                                                    : cty::Value::Null(cty::Type::Bool()));
    cty::Value fd = AttrOf(base, "force_destroy");
    if (!fd.IsKnown() || fd.IsNull()) s = WithAttr(s, "force_destroy", cty::Value::False());
    s = WithAttr(s, "tags", TagsValue(r.s.tags, AttrOf(base, "tags")));
    std::vector<cty::Value> domains;
    for (const auto& d : r.s.domains.value_or(std::vector<std::string>{})) domains.push_back(cty::Value::String(d));
    s = WithAttr(s, "user_domain_names", cty::Value::Set(cty::Type::String(), std::move(domains)));
    s = WithAttr(s, "logging", LoggingValue(r.s.logging, AttrOf(base, "logging")));
    s = WithAttr(s, "worm_policy", WormValue(r.s.worm, AttrOf(base, "worm_policy")));
    s = WithAttr(s, "lifecycle_rule", LifecycleValue(r.s.lifecycle, AttrOf(base, "lifecycle_rule")));
    s = WithAttr(s, "website", WebsiteValue(r.s.website, AttrOf(base, "website")));
    s = WithAttr(s, "cors_rule", CorsValue(r.s.cors, AttrOf(base, "cors_rule")));
    s = WithAttr(s, "server_side_encryption", EncryptionValue(r.s.encryption, AttrOf(base, "server_side_encryption")));
    return s;
  }

  static cty::Value LoggingValue(const std::optional<ox::Logging>& l, const cty::Value& prior) {
    const cty::Type& t = prior.type().element();
    if (!l) return cty::Value::EmptySet(t);
    return cty::Value::Set(t, {ObjectOf(t, {{"target_bucket", cty::Value::String(l->target_bucket)},
                                            {"target_prefix", cty::Value::String(l->target_prefix)}})});
  }

  static cty::Value WormValue(const std::optional<ox::Worm>& w, const cty::Value& prior) {
    const cty::Type& t = prior.type().element();
    if (!w) return cty::Value::EmptyList(t);  // no lock, or no default retention rule
    auto num = [](int64_t v) { return v > 0 ? cty::Value::Int(v) : cty::Value::Null(cty::Type::Number()); };
    return cty::Value::List(t, {ObjectOf(t, {{"days", num(w->days)}, {"years", num(w->years)}})});
  }

  static cty::Value TransitionsValue(const std::vector<ox::Transition>& ts, const cty::Type& list_type) {
    const cty::Type& t = list_type.element();
    std::vector<cty::Value> out;
    for (const auto& x : ts) {
      out.push_back(ObjectOf(t, {{"days", cty::Value::Int(x.days)},
                                 {"storage_class", cty::Value::String(x.storage_class)}}));
    }
    return cty::Value::List(t, std::move(out));
  }

  static cty::Value DaysSet(const std::optional<int64_t>& days, const cty::Type& set_type) {
    const cty::Type& t = set_type.element();
    if (!days) return cty::Value::EmptySet(t);
    return cty::Value::Set(t, {ObjectOf(t, {{"days", cty::Value::Int(*days)}})});
  }

  static cty::Value LifecycleValue(const std::vector<ox::LifecycleRule>& rules, const cty::Value& prior) {
    const cty::Type& t = prior.type().element();
    const auto& at = t.attributes();
    std::vector<cty::Value> out;
    for (size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      cty::Value p = ElemOr(prior, i, t);
      out.push_back(ObjectOf(
          t, {{"name", cty::Value::String(r.name)},
              {"enabled", cty::Value::Bool(r.enabled)},
              {"prefix", OptionalString(r.prefix, AttrOf(p, "prefix"))},
              {"expiration", DaysSet(r.expiration_days, at.at("expiration"))},
              {"transition", TransitionsValue(r.transitions, at.at("transition"))},
              {"noncurrent_version_expiration",
               DaysSet(r.noncurrent_expiration_days, at.at("noncurrent_version_expiration"))},
              {"noncurrent_version_transition",
               TransitionsValue(r.noncurrent_transitions, at.at("noncurrent_version_transition"))}}));
    }
    return cty::Value::List(t, std::move(out));
  }

  static cty::Value WebsiteValue(const std::optional<ox::Website>& w, const cty::Value& prior) {
    const cty::Type& t = prior.type().element();
    if (!w) return cty::Value::EmptyList(t);
    cty::Value p = ElemOr(prior, 0, t);
    // routing_rules: keep the configured text while it means the same.
    std::string rules = w->routing_rules;
    cty::Value prior_rules = AttrOf(p, "routing_rules");
    if (prior_rules.IsKnown() && !prior_rules.IsNull() && !rules.empty() &&
        ox::RoutingRulesEquivalent(prior_rules.AsString(), rules)) {
      rules = prior_rules.AsString();
    }
    return cty::Value::List(
        t, {ObjectOf(t, {{"index_document", OptionalString(w->index_document, AttrOf(p, "index_document"))},
                         {"error_document", OptionalString(w->error_document, AttrOf(p, "error_document"))},
                         {"redirect_all_requests_to",
                          OptionalString(w->redirect_all_requests_to, AttrOf(p, "redirect_all_requests_to"))},
                         {"routing_rules", OptionalString(rules, prior_rules)}})});
  }

  static cty::Value CorsValue(const std::vector<ox::CorsRule>& rules, const cty::Value& prior) {
    const cty::Type& t = prior.type().element();
    std::vector<cty::Value> out;
    for (size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      cty::Value p = ElemOr(prior, i, t);
      out.push_back(ObjectOf(t, {{"allowed_origins", StringListOrNull(r.allowed_origins, cty::Value::EmptyList(
                                                                                             cty::Type::String()))},
                                 {"allowed_methods", StringListOrNull(r.allowed_methods, cty::Value::EmptyList(
                                                                                             cty::Type::String()))},
                                 {"allowed_headers", StringListOrNull(r.allowed_headers, AttrOf(p, "allowed_headers"))},
                                 {"expose_headers", StringListOrNull(r.expose_headers, AttrOf(p, "expose_headers"))},
                                 {"max_age_seconds", cty::Value::Int(r.max_age_seconds)}}));
    }
    return cty::Value::List(t, std::move(out));
  }

  static cty::Value EncryptionValue(const std::optional<ox::Encryption>& e, const cty::Value& prior) {
    const cty::Type& t = prior.type().element();
    if (!e) return cty::Value::EmptyList(t);
    return cty::Value::List(t, {ObjectOf(t, {{"algorithm", cty::Value::String(e->algorithm)},
                                             {"kms_key_id", cty::Value::String(e->kms_key_id)}})});
  }

  // DELETE /; with force_destroy every object version is deleted first.
  // Returns once HEAD answers 404.
  otc::Status DeleteBucket(const fw::Context& ctx, otc::Client& c, const std::string& bucket, bool force) {
    otc::obs::Request del;
    del.method = "DELETE";
    del.bucket = bucket;
    del.what = "deleting OBS bucket \"" + bucket + "\"";
    for (int attempt = 0;; ++attempt) {
      auto d = otc::obs::Do(ctx, c, del);
      if (d.ok() || d.error().IsNotFound()) break;
      otc::Error e = d.error();
      if (e.code() != "BucketNotEmpty") return e;
      if (!force) {
        e.set_hint("The bucket still contains objects. Set force_destroy = true on the resource (and apply) to "
                   "delete them with the bucket, or empty the bucket first.");
        return e;
      }
      if (attempt >= 5) {
        e.set_hint("Objects kept appearing while the bucket was being emptied; stop whatever writes to it and "
                   "destroy again.");
        return e;
      }
      if (auto s = EmptyBucket(ctx, c, bucket); !s.ok()) return s;
    }
    otc::WaitOptions opts;
    opts.what = "OBS bucket \"" + bucket + "\" to be deleted";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(5);
    return otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      otc::obs::Request head;
      head.method = "HEAD";
      head.bucket = bucket;
      head.what = "checking whether OBS bucket \"" + bucket + "\" is gone";
      auto h = otc::obs::Do(x, c, head);
      if (!h.ok() && h.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!h.ok()) return h.error();
      return otc::PollResult{otc::PollResult::kPending, "still exists", ""};
    });
  }

  // Deletes every object version and delete marker (ListVersions pages of
  // up to 1000, one multi-object delete per page).
  otc::Status EmptyBucket(const fw::Context& ctx, otc::Client& c, const std::string& bucket) {
    for (int page = 0; page < 100000; ++page) {
      otc::obs::Request list;
      list.method = "GET";
      list.bucket = bucket;
      list.query = {{"versions", ""}, {"max-keys", "1000"}};
      list.what = "listing the objects of OBS bucket \"" + bucket + "\" to delete them (force_destroy)";
      auto l = otc::obs::Do(ctx, c, list);
      if (!l.ok()) return l.error();
      auto doc = otc::obs::ParseBody(l.value(), list.what);
      if (!doc.ok()) return doc.error();
      ox::VersionPage p = ox::ParseVersions(doc.value());
      if (p.versions.empty()) return otc::Status();
      otc::obs::Request del;
      del.method = "POST";
      del.bucket = bucket;
      del.query = {{"delete", ""}};
      del.body = ox::BuildDelete(p.versions);
      del.content_md5 = true;
      del.idempotent = true;  // deleting a deleted version is a no-op
      del.headers.emplace_back("Content-Type", "application/xml");
      del.what = "deleting " + std::to_string(p.versions.size()) + " object versions of OBS bucket \"" + bucket +
                 "\" (force_destroy)";
      auto d = otc::obs::Do(ctx, c, del);
      if (!d.ok()) return d.error();
      auto result = otc::obs::ParseBody(d.value(), del.what);
      if (!result.ok()) return result.error();
      auto errors = ox::ParseDeleteErrors(result.value());
      if (!errors.empty()) {
        std::string detail = errors[0];
        if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
        return otc::Error(otc::ErrorKind::kFailed, del.what + ": " + detail)
            .set_hint("Objects under WORM retention cannot be deleted before the retention ends.");
      }
    }
    return otc::Status();
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ObsBucketResource() {
  return [] { return std::make_unique<ObsBucket>(); };
}

}  // namespace resources
