// data "edp_obs_bucket": the settings of one OBS bucket by name (as
// opentelekomcloud_obs_bucket's data source: HEAD plus one GET per
// sub-configuration, api.md 5.4). A missing bucket is an error naming it;
// an absent sub-configuration (NoSuch* 404) is an empty attribute.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "obs_bucket_xml.h"
#include "otc/obs.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
namespace ox = obsxml;
using fw::GetString;
using fw::WithAttr;

fw::Attribute Str(const char* d) { return fw::StringAttribute().Computed().Description(d); }
fw::Attribute Num(const char* d) { return fw::NumberAttribute().Computed().Description(d); }
fw::Attribute StrList(const char* d) {
  return fw::ListAttribute(cty::Type::String()).Computed().Description(d);
}
std::map<std::string, fw::Attribute> Transition() {
  return {{"days", Num("Days after which the transition happens.")},
          {"storage_class", Str("The target storage class (`WARM` or `COLD`).")}};
}

// The schema with nested attributes (protocol 6 only), used to build the
// values; BucketDataSchema() is what the provider serves.
fw::Schema NestedBucketDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Reads the settings of one OBS bucket by name: storage class, versioning, logging, lifecycle rules, "
      "website, CORS, tags, server-side encryption and event notifications. Fails with a clear error when "
      "the bucket does not exist or is not visible to the credentials.";
  b.Add("id", Str("The bucket name."));
  b.Add("bucket", fw::StringAttribute()
                      .Required()
                      .Description("The name of the bucket to read.")
                      .Validators({fw::StringLengthBetween(3, 63)}));
  b.Add("region", Str("The provider's region (the bucket's region)."));
  b.Add("bucket_domain_name", Str("`{bucket}.obs.{region}.otc.t-systems.com`."));
  b.Add("storage_class", Str("The default storage class: `STANDARD`, `WARM` or `COLD`."));
  b.Add("versioning", fw::BoolAttribute().Computed().Description("Whether versioning is enabled."));
  b.Add("logging", fw::SetNestedAttribute({{"target_bucket", Str("The bucket receiving the access logs.")},
                                           {"target_prefix", Str("The prefix of the log objects.")}})
                       .Computed()
                       .Description("Access logging; empty when off."));
  b.Add("lifecycle_rule",
        fw::ListNestedAttribute(
            {{"name", Str("The rule's ID.")},
             {"enabled", fw::BoolAttribute().Computed().Description("Whether the rule is enabled.")},
             {"prefix", Str("The key prefix the rule applies to (empty: all objects).")},
             {"expiration", fw::SetNestedAttribute({{"days", Num("Days after which objects expire.")}})
                                .Computed()
                                .Description("Expiration of current versions.")},
             {"transition", fw::ListNestedAttribute(Transition())
                                .Computed()
                                .Description("Storage class transitions of current versions.")},
             {"noncurrent_version_expiration",
              fw::SetNestedAttribute({{"days", Num("Days after which noncurrent versions expire.")}})
                  .Computed()
                  .Description("Expiration of noncurrent versions.")},
             {"noncurrent_version_transition", fw::ListNestedAttribute(Transition())
                                                   .Computed()
                                                   .Description("Transitions of noncurrent versions.")}})
            .Computed()
            .Description("The lifecycle rules; empty when none."));
  b.Add("website",
        fw::ListNestedAttribute({{"index_document", Str("The index document suffix.")},
                                 {"error_document", Str("The error document key.")},
                                 {"redirect_all_requests_to", Str("Where all requests are redirected, if set.")},
                                 {"routing_rules", Str("The routing rules as JSON.")}})
            .Computed()
            .Description("Static website hosting (at most one element); empty when off."));
  b.Add("cors_rule", fw::ListNestedAttribute({{"allowed_origins", StrList("Allowed origins.")},
                                              {"allowed_methods", StrList("Allowed methods.")},
                                              {"allowed_headers", StrList("Allowed request headers.")},
                                              {"expose_headers", StrList("Headers exposed to the client.")},
                                              {"max_age_seconds", Num("Seconds a preflight answer is cached.")}})
                         .Computed()
                         .Description("The CORS rules; empty when none."));
  b.Add("tags", fw::MapAttribute(cty::Type::String()).Computed().Description("The bucket's tags."));
  b.Add("server_side_encryption",
        fw::ListNestedAttribute({{"algorithm", Str("The algorithm (`kms`).")},
                                 {"kms_key_id", Str("The KMS key ID.")}})
            .Computed()
            .Description("Default server-side encryption (at most one element); empty when off."));
  b.Add("event_notifications",
        fw::ListNestedAttribute(
            {{"id", Str("The notification's ID.")},
             {"topic", Str("The SMN topic URN notified.")},
             {"events", fw::SetAttribute(cty::Type::String()).Computed().Description("The events, e.g. "
                                                                                    "`ObjectCreated:*`.")},
             {"filter_rule", fw::SetNestedAttribute({{"name", Str("`prefix` or `suffix`.")},
                                                     {"value", Str("The prefix or suffix.")}})
                                 .Computed()
                                 .Description("Key filters.")}})
            .Computed()
            .Description("Event notifications to SMN topics; empty when none."));
  return s;
}

// What the provider serves: every computed-only nested attribute as a plain
// attribute of the same type (list/set of objects), as the official SDKv2
// provider's computed lists appear, so the schema also works over
// protocol 5.
fw::Schema BucketDataSchema() {
  fw::Schema s = NestedBucketDataSchema();
  for (auto& [name, a] : s.block.attributes) {
    if (!a.nested || !a.computed || a.optional || a.required) continue;
    cty::Type elem = a.nested->ObjectType();
    fw::Attribute flat = a.nested->nesting == fw::NestingMode::kSet ? fw::SetAttribute(elem) : fw::ListAttribute(elem);
    a = flat.Computed().Description(a.description);
  }
  return s;
}

// The element object type of nested attribute `name` (of `parent`'s
// attributes).
cty::Type ElemType(const std::map<std::string, fw::Attribute>& attrs, const std::string& name) {
  return attrs.at(name).nested->ObjectType();
}
const std::map<std::string, fw::Attribute>& Inner(const std::map<std::string, fw::Attribute>& attrs,
                                                  const std::string& name) {
  return attrs.at(name).nested->attributes;
}

cty::Value Strings(const std::vector<std::string>& v) {
  std::vector<cty::Value> out;
  for (const auto& s : v) out.push_back(cty::Value::String(s));
  return cty::Value::List(cty::Type::String(), std::move(out));
}

cty::Value Transitions(const cty::Type& t, const std::vector<ox::Transition>& v) {
  std::vector<cty::Value> out;
  for (const auto& tr : v) {
    out.push_back(cty::Value::ObjectOf(
        t, {{"days", cty::Value::Int(tr.days)}, {"storage_class", cty::Value::String(tr.storage_class)}}));
  }
  return cty::Value::List(t, std::move(out));
}

cty::Value Days(const cty::Type& t, const std::optional<int64_t>& days) {
  std::vector<cty::Value> out;
  if (days) out.push_back(cty::Value::ObjectOf(t, {{"days", cty::Value::Int(*days)}}));
  return cty::Value::Set(t, std::move(out));
}

struct Notification {
  std::string id, topic;
  std::vector<std::string> events;
  std::vector<std::pair<std::string, std::string>> filters;
};

std::vector<Notification> ParseNotifications(const xml::XmlNode& n) {
  std::vector<Notification> out;
  for (const auto* tc : n.All("TopicConfiguration")) {
    Notification x;
    x.id = tc->ChildText("Id");
    x.topic = tc->ChildText("Topic");
    for (const auto* e : tc->All("Event")) x.events.push_back(e->text);
    if (const auto* f = tc->Child("Filter")) {
      const xml::XmlNode* key = f->Child("Object");
      if (key == nullptr) key = f->Child("S3Key");
      if (key != nullptr) {
        for (const auto* r : key->All("FilterRule")) x.filters.emplace_back(r->ChildText("Name"), r->ChildText("Value"));
      }
    }
    out.push_back(std::move(x));
  }
  return out;
}

class ObsBucketData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_obs_bucket";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = BucketDataSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req, fw::DataSourceReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string bucket = GetString(req.config, "bucket").value_or("");
    otc::obs::Request head;
    head.method = "HEAD";
    head.bucket = bucket;
    head.what = "reading OBS bucket \"" + bucket + "\"";
    auto h = otc::obs::Do(ctx, c, head);
    if (!h.ok()) {
      if (h.error().IsNotFound()) {
        resp.diagnostics.AddAttributeError(
            cty::Path().GetAttr("bucket"), "No OBS Bucket Found",
            "No bucket named \"" + bucket + "\" exists in region " + data_->region +
                " (or it belongs to another account). Check the name or create the bucket first.");
        return;
      }
      if (h.error().http_status() == 403) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("bucket"), "OBS Bucket Not Accessible",
                                           "Bucket \"" + bucket + "\" exists but these credentials may not read it "
                                           "(HTTP 403). It may belong to another account; check its policy or "
                                           "the credentials.");
        return;
      }
      return AddOtcError(resp.diagnostics, h.error());
    }
    std::string storage_class(h->Header("x-obs-storage-class"));
    storage_class = ox::NormalizeStorageClass(storage_class);
    if (storage_class.empty()) storage_class = "STANDARD";

    bool gone = false;
    otc::Error failed;
    auto get = [&](const std::string& sub, const std::vector<std::string>& absent = {}) -> std::optional<xml::XmlNode> {
      if (gone || !failed.ok()) return std::nullopt;
      otc::obs::Request r;
      r.bucket = bucket;
      r.query = {{sub, ""}};
      r.what = "reading the " + sub + " configuration of OBS bucket \"" + bucket + "\"";
      auto g = otc::obs::Do(ctx, c, r);
      if (!g.ok()) {
        const otc::Error& e = g.error();
        bool is_absent = e.IsNotFound() && e.code() != "NoSuchBucket";
        for (const auto& code : absent) is_absent = is_absent || e.code() == code;
        if (is_absent) return std::nullopt;
        if (e.code() == "NoSuchBucket") {
          gone = true;
        } else {
          failed = e;
        }
        return std::nullopt;
      }
      auto doc = otc::obs::ParseBody(g.value(), r.what);
      if (!doc.ok()) {
        failed = doc.error();
        return std::nullopt;
      }
      return std::move(doc.value());
    };
    auto versioning = get("versioning");
    auto logging = get("logging");
    auto lifecycle = get("lifecycle");
    auto website = get("website");
    auto cors = get("cors");
    auto tagging = get("tagging");
    auto encryption = get("encryption", {"FsNotSupport"});
    auto notification = get("notification");
    if (gone) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("bucket"), "No OBS Bucket Found",
                                         "Bucket \"" + bucket + "\" was deleted while it was being read.");
      return;
    }
    if (!failed.ok()) return AddOtcError(resp.diagnostics, failed);

    const fw::Schema schema = NestedBucketDataSchema();
    const auto& attrs = schema.block.attributes;
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(bucket));
    s = WithAttr(s, "bucket", cty::Value::String(bucket));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "bucket_domain_name", cty::Value::String(otc::obs::BucketDomainName(bucket, data_->region)));
    s = WithAttr(s, "storage_class", cty::Value::String(storage_class));
    s = WithAttr(s, "versioning", cty::Value::Bool(versioning && ox::ParseVersioning(*versioning) == "Enabled"));

    const cty::Type log_t = ElemType(attrs, "logging");
    std::vector<cty::Value> logs;
    if (logging) {
      if (auto l = ox::ParseLogging(*logging)) {
        logs.push_back(cty::Value::ObjectOf(log_t, {{"target_bucket", cty::Value::String(l->target_bucket)},
                                                    {"target_prefix", cty::Value::String(l->target_prefix)}}));
      }
    }
    s = WithAttr(s, "logging", cty::Value::Set(log_t, std::move(logs)));

    const cty::Type rule_t = ElemType(attrs, "lifecycle_rule");
    const auto& rule_attrs = Inner(attrs, "lifecycle_rule");
    std::vector<cty::Value> rules;
    if (lifecycle) {
      for (const auto& r : ox::ParseLifecycle(*lifecycle)) {
        rules.push_back(cty::Value::ObjectOf(
            rule_t,
            {{"name", cty::Value::String(r.name)},
             {"enabled", cty::Value::Bool(r.enabled)},
             {"prefix", cty::Value::String(r.prefix)},
             {"expiration", Days(ElemType(rule_attrs, "expiration"), r.expiration_days)},
             {"transition", Transitions(ElemType(rule_attrs, "transition"), r.transitions)},
             {"noncurrent_version_expiration",
              Days(ElemType(rule_attrs, "noncurrent_version_expiration"), r.noncurrent_expiration_days)},
             {"noncurrent_version_transition",
              Transitions(ElemType(rule_attrs, "noncurrent_version_transition"), r.noncurrent_transitions)}}));
      }
    }
    s = WithAttr(s, "lifecycle_rule", cty::Value::List(rule_t, std::move(rules)));

    const cty::Type web_t = ElemType(attrs, "website");
    std::vector<cty::Value> webs;
    if (website) {
      ox::Website w = ox::ParseWebsite(*website);
      webs.push_back(cty::Value::ObjectOf(web_t, {{"index_document", cty::Value::String(w.index_document)},
                                                  {"error_document", cty::Value::String(w.error_document)},
                                                  {"redirect_all_requests_to",
                                                   cty::Value::String(w.redirect_all_requests_to)},
                                                  {"routing_rules", cty::Value::String(w.routing_rules)}}));
    }
    s = WithAttr(s, "website", cty::Value::List(web_t, std::move(webs)));

    const cty::Type cors_t = ElemType(attrs, "cors_rule");
    std::vector<cty::Value> corss;
    if (cors) {
      for (const auto& r : ox::ParseCors(*cors)) {
        corss.push_back(cty::Value::ObjectOf(cors_t, {{"allowed_origins", Strings(r.allowed_origins)},
                                                      {"allowed_methods", Strings(r.allowed_methods)},
                                                      {"allowed_headers", Strings(r.allowed_headers)},
                                                      {"expose_headers", Strings(r.expose_headers)},
                                                      {"max_age_seconds", cty::Value::Int(r.max_age_seconds)}}));
      }
    }
    s = WithAttr(s, "cors_rule", cty::Value::List(cors_t, std::move(corss)));

    std::map<std::string, cty::Value> tags;
    if (tagging) {
      for (const auto& [k, v] : ox::ParseTagging(*tagging)) tags.emplace(k, cty::Value::String(v));
    }
    s = WithAttr(s, "tags", cty::Value::Map(cty::Type::String(), std::move(tags)));

    const cty::Type enc_t = ElemType(attrs, "server_side_encryption");
    std::vector<cty::Value> encs;
    if (encryption) {
      if (auto e = ox::ParseEncryption(*encryption)) {
        encs.push_back(cty::Value::ObjectOf(enc_t, {{"algorithm", cty::Value::String(e->algorithm)},
                                                    {"kms_key_id", cty::Value::String(e->kms_key_id)}}));
      }
    }
    s = WithAttr(s, "server_side_encryption", cty::Value::List(enc_t, std::move(encs)));

    const cty::Type note_t = ElemType(attrs, "event_notifications");
    const cty::Type filter_t = ElemType(Inner(attrs, "event_notifications"), "filter_rule");
    std::vector<cty::Value> notes;
    if (notification) {
      for (const auto& n : ParseNotifications(*notification)) {
        std::vector<cty::Value> events, filters;
        for (const auto& e : n.events) events.push_back(cty::Value::String(e));
        for (const auto& [name, value] : n.filters) {
          filters.push_back(cty::Value::ObjectOf(
              filter_t, {{"name", cty::Value::String(name)}, {"value", cty::Value::String(value)}}));
        }
        notes.push_back(cty::Value::ObjectOf(
            note_t, {{"id", cty::Value::String(n.id)},
                     {"topic", cty::Value::String(n.topic)},
                     {"events", cty::Value::Set(cty::Type::String(), std::move(events))},
                     {"filter_rule", cty::Value::Set(filter_t, std::move(filters))}}));
      }
    }
    s = WithAttr(s, "event_notifications", cty::Value::List(note_t, std::move(notes)));
    resp.state = s;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory ObsBucketDataSource() {
  return [] { return std::make_unique<ObsBucketData>(); };
}

}  // namespace resources
