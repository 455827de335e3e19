// edp_obs_bucket_object: one object in an OBS bucket (PUT/HEAD/DELETE
// /{bucket}/{key}, api.md 5.5). Same attributes and meanings as
// opentelekomcloud_obs_bucket_object; ID = the object key. Import (which
// the official provider lacks) takes "<bucket>/<key>".
//
// Content comes from `content` or from the local file `source` (streamed,
// never read whole into memory). The plan computes `etag` (MD5 hex) and
// `size` from it, so an edited file plans an update; a refresh compares the
// object's ETag with the state, so a change behind Terraform's back shows as
// drift. An update re-uploads only when the bytes or upload headers change
// (an ACL-only change is a PUT ?acl).
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
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
using fw::AttrOf;
using fw::GetBool;
using fw::GetString;
using fw::WithAttr;

fw::Schema ObjectSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages one object in an OBS bucket, uploaded from `content` or from the local file `source`. The "
      "plan computes `etag` and `size` from the content, so editing the file plans an update; a refresh "
      "detects an object changed or deleted outside Terraform. Creating waits until the object is readable; "
      "destroying deletes every version of the key and waits until it is gone.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The object key (as the official provider).")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("bucket", fw::StringAttribute()
                      .Required()
                      .Description("The bucket holding the object. Changing it replaces the object.")
                      .Validators({fw::StringLengthBetween(3, 63)})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("key", fw::StringAttribute()
                   .Required()
                   .Description("The object key (1-1024 bytes, e.g. `config/app.json`; no leading `/`). Changing "
                                "it replaces the object.")
                   .Validators({fw::StringLengthBetween(1, 1024)})
                   .PlanModifiers({fw::RequiresReplace()}));
  b.Add("content", fw::StringAttribute()
                       .Optional()
                       .Description("The object's content as a string. Exactly one of `content` and `source` is "
                                    "required. Changing it re-uploads the object in place."));
  b.Add("source", fw::StringAttribute()
                      .Optional()
                      .Description("The path of a local file to upload (streamed). Exactly one of `content` and "
                                   "`source` is required. The file is read at plan time to compute `etag`, so an "
                                   "edited file plans an in-place re-upload."));
  b.Add("content_type", fw::StringAttribute()
                            .Optional()
                            .Description("The MIME type sent as Content-Type (e.g. `application/json`); OBS uses "
                                         "`binary/octet-stream` when unset. Changing it re-uploads the object."));
  b.Add("acl", fw::StringAttribute()
                   .Optional()
                   .Description("The canned ACL of the object: `private`, `public-read` or `public-read-write`. "
                                "Updated in place.")
                   .Validators({fw::StringOneOf({"private", "public-read", "public-read-write"})}));
  b.Add("storage_class", fw::StringAttribute()
                             .Optional()
                             .Computed()
                             .Description("The storage class: `STANDARD`, `WARM` or `COLD` (defaults to the "
                                          "bucket's). Changing it re-uploads the object.")
                             .Validators({fw::StringOneOf({"STANDARD", "WARM", "COLD"})}));
  b.Add("encryption", fw::BoolAttribute()
                          .Optional()
                          .Description("Encrypt the object on the server with KMS (SSE-KMS). Changing it "
                                       "re-uploads the object."));
  b.Add("kms_key_id", fw::StringAttribute()
                          .Optional()
                          .Description("The KMS key ID for `encryption = true`; OBS uses its default key when "
                                       "unset. Requires `encryption = true`."));
  b.Add("etag", fw::StringAttribute()
                    .Optional()
                    .Computed()
                    .Description("The MD5 of the content in hex, computed at plan time from `content` or "
                                 "`source`. When set (e.g. `filemd5(\"f\")`) it must match the content."));
  b.Add("version_id", fw::StringAttribute().Computed().Description(
                          "The version ID OBS assigned to the upload; empty when the bucket has no versioning."));
  b.Add("size", fw::NumberAttribute().Computed().Description("The object's size in bytes."));
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

bool IsMd5Hex(const std::string& s) {
  if (s.size() != 32) return false;
  for (char ch : s) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

// What a HEAD of the object reports.
struct Head {
  std::string etag, content_type, storage_class, version_id, sse, kms_key_id;
  int64_t size = 0;
};

class ObsBucketObject final : public fw::Resource,
                              public fw::ResourceWithConfigure,
                              public fw::ResourceWithImportState,
                              public fw::ResourceWithValidateConfig,
                              public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_obs_bucket_object";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = ObjectSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    cty::Value content = AttrOf(req.config, "content"), source = AttrOf(req.config, "source");
    if (!content.IsNull() && !source.IsNull()) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("source"), "Conflicting Object Content",
                                         "content and source are both set; set exactly one of them (content for "
                                         "inline data, source for a local file path).");
    } else if (content.IsNull() && source.IsNull()) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("content"), "Missing Object Content",
                                         "Set content (inline data) or source (a local file path) so there is "
                                         "something to upload.");
    }
    if (source.IsKnown() && !source.IsNull() && source.AsString().empty()) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("source"), "Invalid Source Path",
                                         "source is empty; give the path of the file to upload.");
    }
    cty::Value key = AttrOf(req.config, "key");
    if (key.IsKnown() && !key.IsNull() && !key.AsString().empty() && key.AsString().front() == '/') {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("key"), "Invalid Object Key",
                                         "key \"" + key.AsString() +
                                             "\" starts with '/'; OBS keys are relative to the bucket. Remove the "
                                             "leading '/'.");
    }
    cty::Value kms = AttrOf(req.config, "kms_key_id"), enc = AttrOf(req.config, "encryption");
    if (!kms.IsNull() && enc.IsKnown() && (enc.IsNull() || !enc.AsBool())) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("kms_key_id"), "KMS Key Without Encryption",
                                         "kms_key_id is set but encryption is not true; set encryption = true "
                                         "or remove kms_key_id.");
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    if (data_) {
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
    }
    // etag and size from the content, when it is known now.
    cty::Value content = AttrOf(req.config, "content"), source = AttrOf(req.config, "source");
    std::optional<std::string> md5;
    std::optional<int64_t> size;
    if (content.IsKnown() && !content.IsNull()) {
      md5 = otc::obs::Md5Hex(content.AsString());
      size = static_cast<int64_t>(content.AsString().size());
    } else if (source.IsKnown() && !source.IsNull() && content.IsNull()) {
      auto d = otc::obs::DigestFile(source.AsString());
      if (!d.ok()) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("source"), "Source File Not Readable",
                                           d.error().Message());
        return;
      }
      md5 = d->md5_hex;
      size = static_cast<int64_t>(d->size);
    }
    cty::Value configured_etag = AttrOf(req.config, "etag");
    if (md5) {
      if (configured_etag.IsKnown() && !configured_etag.IsNull() && configured_etag.AsString() != *md5) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("etag"), "ETag Does Not Match The Content",
                                           "etag is \"" + configured_etag.AsString() +
                                               "\" but the MD5 of the content is \"" + *md5 +
                                               "\". Remove etag (it is computed) or use filemd5() of the source.");
        return;
      }
      resp.plan = WithAttr(resp.plan, "etag", cty::Value::String(*md5));
      resp.plan = WithAttr(resp.plan, "size", cty::Value::Int(*size));
    } else {
      if (configured_etag.IsNull()) resp.plan = WithAttr(resp.plan, "etag", cty::Value::Unknown(cty::Type::String()));
      resp.plan = WithAttr(resp.plan, "size", cty::Value::Unknown(cty::Type::Number()));
    }
    if (req.state.IsNull()) return;
    // An update: the version changes only with a re-upload.
    bool reupload = NeedsUpload(req.state, resp.plan);
    resp.plan = WithAttr(resp.plan, "version_id",
                         reupload ? cty::Value::Unknown(cty::Type::String()) : AttrOf(req.state, "version_id"));
    if (!reupload && AttrOf(req.config, "storage_class").IsNull()) {
      resp.plan = WithAttr(resp.plan, "storage_class", AttrOf(req.state, "storage_class"));
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    const std::string bucket = GetString(req.plan, "bucket").value_or("");
    const std::string key = GetString(req.plan, "key").value_or("");
    auto put = Upload(ctx, req.plan);
    if (!put.ok()) {
      AddOtcError(resp.diagnostics, put.error());
      return resp.NothingCreated();
    }
    resp.state = WithAttr(req.plan, "id", cty::Value::String(key));
    resp.state = WithAttr(resp.state, "region", cty::Value::String(data_->region));
    // Usable once a HEAD sees it (OBS is eventually consistent for new keys).
    auto head = WaitVisible(ctx, bucket, key);
    if (!head.ok()) return AddOtcError(resp.diagnostics, head.error());
    resp.state = Merge(resp.state, req.plan, head.value(), put.value());
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto bucket = GetString(req.state, "bucket");
    auto key = GetString(req.state, "key");
    if (!bucket || !key || bucket->empty() || key->empty()) return resp.RemoveResource();
    auto head = HeadObject(ctx, *bucket, *key);
    if (!head.ok()) return AddOtcError(resp.diagnostics, head.error());
    if (!head.value()) return resp.RemoveResource();
    const Head& h = *head.value();
    cty::Value s = req.state;
    s = WithAttr(s, "id", cty::Value::String(*key));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    // Content drift: the stored ETag is the MD5 of the bytes (not for
    // multipart or some encrypted uploads, which are left alone).
    auto prior_etag = GetString(req.state, "etag");
    if (!prior_etag || (IsMd5Hex(h.etag) && h.etag != *prior_etag)) {
      s = WithAttr(s, "etag", cty::Value::String(h.etag));
    }
    s = WithAttr(s, "size", cty::Value::Int(h.size));
    s = WithAttr(s, "storage_class", cty::Value::String(h.storage_class));
    s = WithAttr(s, "version_id", cty::Value::String(h.version_id));
    // Optional attributes are read back when they are managed, and all of
    // them on import (no etag in the state yet).
    const bool importing = !prior_etag;
    if (importing || !AttrOf(req.state, "content_type").IsNull()) {
      s = WithAttr(s, "content_type", cty::Value::String(h.content_type));
    }
    bool encrypted = h.sse == "kms" || h.sse == "aws:kms";
    if (!AttrOf(req.state, "encryption").IsNull() || encrypted) {
      s = WithAttr(s, "encryption", cty::Value::Bool(encrypted));
    }
    if (!AttrOf(req.state, "kms_key_id").IsNull() || !h.kms_key_id.empty()) {
      s = WithAttr(s, "kms_key_id", OptionalString(h.kms_key_id, AttrOf(req.state, "kms_key_id")));
    }
    if (importing || !AttrOf(req.state, "acl").IsNull()) {
      auto acl = GetAcl(ctx, *bucket, *key);
      if (!acl.ok()) {
        if (acl.error().IsNotFound()) return resp.RemoveResource();
        return AddOtcError(resp.diagnostics, acl.error());
      }
      // A custom (non-canned) ACL shows as drift to the configured value.
      s = WithAttr(s, "acl", cty::Value::String(acl->empty() ? "custom" : acl.value()));
    }
    resp.state = s;
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    const std::string bucket = GetString(req.plan, "bucket").value_or("");
    const std::string key = GetString(req.plan, "key").value_or("");
    std::optional<otc::Response> put;
    if (NeedsUpload(req.state, req.plan)) {
      auto p = Upload(ctx, req.plan);
      if (!p.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, p.error());
      }
      put = std::move(p.value());
    } else if (AttrOf(req.state, "acl") != AttrOf(req.plan, "acl")) {
      auto acl = GetString(req.plan, "acl");
      if (acl) {
        otc::obs::Request r;
        r.method = "PUT";
        r.bucket = bucket;
        r.key = key;
        r.query = {{"acl", ""}};
        r.headers = {{"x-amz-acl", *acl}};
        r.what = "setting the ACL of OBS object \"" + key + "\" in bucket \"" + bucket + "\"";
        auto a = otc::obs::Do(ctx, *data_->client, r);
        if (!a.ok()) {
          resp.state = req.state;
          return AddOtcError(resp.diagnostics, a.error());
        }
      }
    }
    resp.state = WithAttr(req.plan, "id", cty::Value::String(key));
    resp.state = WithAttr(resp.state, "region", cty::Value::String(data_->region));
    auto head = put ? WaitVisible(ctx, bucket, key) : HeadOrGone(ctx, bucket, key);
    if (!head.ok()) return AddOtcError(resp.diagnostics, head.error());
    resp.state = Merge(resp.state, req.plan, head.value(), put ? *put : otc::Response{});
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto bucket = GetString(req.state, "bucket");
    auto key = GetString(req.state, "key");
    if (!bucket || !key || bucket->empty() || key->empty()) return;
    const std::string where = "OBS object \"" + *key + "\" in bucket \"" + *bucket + "\"";
    otc::obs::Request del;
    del.method = "DELETE";
    del.bucket = *bucket;
    del.key = *key;
    del.what = "deleting " + where;
    auto d = otc::obs::Do(ctx, c, del);
    if (!d.ok()) {
      if (d.error().code() == "NoSuchBucket") return;  // the bucket and everything in it is gone
      if (!d.error().IsNotFound()) return AddOtcError(resp.diagnostics, d.error());
    }
    // With versioning the DELETE only added a delete marker: remove every
    // version of exactly this key, as the official provider does.
    std::string key_marker, version_marker;
    for (int page = 0; page < 1000; ++page) {
      otc::obs::Request list;
      list.bucket = *bucket;
      list.query = {{"versions", ""}, {"prefix", *key}};
      if (!key_marker.empty()) list.query.emplace_back("key-marker", key_marker);
      if (!version_marker.empty()) list.query.emplace_back("version-id-marker", version_marker);
      list.what = "listing the versions of " + where;
      auto l = otc::obs::Do(ctx, c, list);
      if (!l.ok()) {
        if (l.error().IsNotFound()) return;
        return AddOtcError(resp.diagnostics, l.error());
      }
      auto doc = otc::obs::ParseBody(l.value(), list.what);
      if (!doc.ok()) return AddOtcError(resp.diagnostics, doc.error());
      obsxml::VersionPage vp = obsxml::ParseVersions(doc.value());
      for (const auto& v : vp.versions) {
        if (v.key != *key) continue;
        otc::obs::Request dv = del;
        dv.query = {{"versionId", v.version_id}};
        dv.what = "deleting version " + v.version_id + " of " + where;
        auto r = otc::obs::Do(ctx, c, dv);
        if (!r.ok() && !r.error().IsNotFound()) return AddOtcError(resp.diagnostics, r.error());
      }
      if (!vp.truncated) break;
      key_marker = vp.next_key_marker;
      version_marker = vp.next_version_id_marker;
    }
    otc::WaitOptions opts;
    opts.what = where + " to disappear";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(3);
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto h = HeadObject(x, *bucket, *key);
      if (!h.ok()) return h.error();
      if (!h.value()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      return otc::PollResult{otc::PollResult::kPending, "present", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    std::size_t slash = req.id.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= req.id.size()) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_obs_bucket_object is imported as \"<bucket>/<key>\" (e.g. "
                                "\"my-bucket/config/app.json\"), got \"" + req.id + "\".");
      return;
    }
    std::string key = req.id.substr(slash + 1);
    resp.state = WithAttr(resp.state, "id", cty::Value::String(key));
    resp.state = WithAttr(resp.state, "bucket", cty::Value::String(req.id.substr(0, slash)));
    resp.state = WithAttr(resp.state, "key", cty::Value::String(key));
  }

 private:
  // Whether going from `state` to `plan` needs the bytes uploaded again.
  static bool NeedsUpload(const cty::Value& state, const cty::Value& plan) {
    cty::Value etag = AttrOf(plan, "etag");
    if (!etag.IsKnown() || etag != AttrOf(state, "etag")) return true;
    for (const char* attr : {"content_type", "encryption", "kms_key_id"}) {
      if (AttrOf(plan, attr) != AttrOf(state, attr)) return true;
    }
    cty::Value sc = AttrOf(plan, "storage_class");
    return sc.IsKnown() && !sc.IsNull() && sc != AttrOf(state, "storage_class");
  }

  // PUT of the object with the plan's content and headers (idempotent:
  // retried on connection failures and 5xx).
  otc::Result<otc::Response> Upload(const fw::Context& ctx, const cty::Value& plan) {
    const std::string bucket = GetString(plan, "bucket").value_or("");
    const std::string key = GetString(plan, "key").value_or("");
    otc::obs::Request r;
    r.method = "PUT";
    r.bucket = bucket;
    r.key = key;
    if (auto content = GetString(plan, "content")) {
      r.body = *content;
      r.content_md5 = true;
    } else if (auto source = GetString(plan, "source")) {
      r.body_file = *source;  // Content-MD5 from a streamed digest
    }
    if (auto ct = GetString(plan, "content_type")) r.headers.emplace_back("Content-Type", *ct);
    if (auto acl = GetString(plan, "acl")) r.headers.emplace_back("x-amz-acl", *acl);
    if (auto sc = GetString(plan, "storage_class")) {
      r.headers.emplace_back("x-amz-storage-class", obsxml::S3StorageClass(*sc));
    }
    if (GetBool(plan, "encryption").value_or(false)) {
      r.headers.emplace_back("x-amz-server-side-encryption", "aws:kms");
      if (auto kms = GetString(plan, "kms_key_id")) {
        r.headers.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", *kms);
      }
    }
    r.what = "uploading OBS object \"" + key + "\" to bucket \"" + bucket + "\"";
    auto put = otc::obs::Do(ctx, *data_->client, r);
    if (!put.ok()) {
      otc::Error e = put.error();
      if (e.code() == "NoSuchBucket") {
        e.set_hint("Create the bucket first (reference edp_obs_bucket.<name>.bucket so it is created before the "
                   "object).");
      } else if (e.code() == "BadDigest" || e.code() == "InvalidDigest") {
        e.set_hint("The file changed while it was being uploaded; run apply again.");
      }
      return e;
    }
    return put;
  }

  // HEAD of the object; nullopt when it (or its bucket) does not exist.
  otc::Result<std::optional<Head>> HeadObject(const fw::Context& ctx, const std::string& bucket,
                                              const std::string& key) {
    otc::obs::Request r;
    r.method = "HEAD";
    r.bucket = bucket;
    r.key = key;
    r.what = "reading OBS object \"" + key + "\" in bucket \"" + bucket + "\"";
    auto h = otc::obs::Do(ctx, *data_->client, r);
    if (!h.ok()) {
      if (h.error().IsNotFound()) return std::optional<Head>();
      return h.error();
    }
    Head out;
    out.etag = otc::obs::UnquoteEtag(h->Header("etag"));
    out.content_type = std::string(h->Header("content-type"));
    out.storage_class = obsxml::NormalizeStorageClass(otc::obs::StorageClassFromS3(std::string(h->Header("x-amz-storage-class"))));
    std::string vid(h->Header("x-amz-version-id"));
    out.version_id = vid == "null" ? "" : vid;
    out.sse = std::string(h->Header("x-amz-server-side-encryption"));
    out.kms_key_id = std::string(h->Header("x-amz-server-side-encryption-aws-kms-key-id"));
    if (out.kms_key_id.empty()) out.kms_key_id = std::string(h->Header("x-amz-server-side-encryption-kms-key-id"));
    std::string len(h->Header("content-length"));
    out.size = len.empty() ? 0 : std::strtoll(len.c_str(), nullptr, 10);
    return std::optional<Head>(out);
  }

  // After an upload: HEAD until the object is visible.
  otc::Result<Head> WaitVisible(const fw::Context& ctx, const std::string& bucket, const std::string& key) {
    Head got;
    otc::WaitOptions opts;
    opts.what = "OBS object \"" + key + "\" in bucket \"" + bucket + "\" to become readable";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(3);
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto h = HeadObject(x, bucket, key);
      if (!h.ok()) return h.error();
      if (!h.value()) return otc::PollResult{otc::PollResult::kPending, "not found yet", ""};
      got = *h.value();
      return otc::PollResult{otc::PollResult::kDone, "readable", ""};
    });
    if (!s.ok()) return s;
    return got;
  }

  // A HEAD when nothing was uploaded; the object must still be there.
  otc::Result<Head> HeadOrGone(const fw::Context& ctx, const std::string& bucket, const std::string& key) {
    auto h = HeadObject(ctx, bucket, key);
    if (!h.ok()) return h.error();
    if (!h.value()) {
      return otc::Error(otc::ErrorKind::kHttp, "the object was deleted by someone else during the update")
          .set_http_status(404)
          .set_what("updating OBS object \"" + key + "\" in bucket \"" + bucket + "\"")
          .set_hint("Run the plan again to upload it anew.");
    }
    return *h.value();
  }

  // The state after an upload or update: planned values kept, computed ones
  // from the HEAD / PUT answer.
  cty::Value Merge(const cty::Value& state, const cty::Value& plan, const Head& h, const otc::Response& put) {
    cty::Value s = state;
    if (!AttrOf(plan, "etag").IsKnown()) s = WithAttr(s, "etag", cty::Value::String(h.etag));
    if (!AttrOf(plan, "size").IsKnown()) s = WithAttr(s, "size", cty::Value::Int(h.size));
    if (!AttrOf(plan, "storage_class").IsKnown()) {
      s = WithAttr(s, "storage_class", cty::Value::String(h.storage_class));
    }
    if (!AttrOf(plan, "version_id").IsKnown()) {
      std::string vid(put.Header("x-amz-version-id"));
      if (put.status == 0) vid = h.version_id;
      s = WithAttr(s, "version_id", cty::Value::String(vid == "null" ? "" : vid));
    }
    return s;
  }

  // The object's canned ACL ("" for a custom grant list).
  otc::Result<std::string> GetAcl(const fw::Context& ctx, const std::string& bucket, const std::string& key) {
    otc::obs::Request r;
    r.bucket = bucket;
    r.key = key;
    r.query = {{"acl", ""}};
    r.what = "reading the ACL of OBS object \"" + key + "\" in bucket \"" + bucket + "\"";
    auto g = otc::obs::Do(ctx, *data_->client, r);
    if (!g.ok()) return g.error();
    auto doc = otc::obs::ParseBody(g.value(), r.what);
    if (!doc.ok()) return doc.error();
    return obsxml::CannedAclFromPolicy(doc.value());
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ObsBucketObjectResource() {
  return [] { return std::make_unique<ObsBucketObject>(); };
}

}  // namespace resources
