// edp_obs_bucket_policy: the bucket policy of an OBS bucket (PUT/GET/DELETE
// /?policy, api.md 5.5). Same attributes and meanings as
// opentelekomcloud_obs_bucket_policy; ID = bucket name, import by bucket
// name. The policy JSON is checked at plan time with the rules OBS applies
// (MalformedPolicy) and compared semantically: key order, whitespace and a
// single value versus a one-element list do not show as a change.
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "obs_policy.h"
#include "otc/obs.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {

namespace {

using json = nlohmann::json;

// Sorted keys (nlohmann's default object), one-element arrays as their
// element, arrays of equal-rank elements sorted: the AWS/OBS policy
// equivalence (Action "a" == ["a"], order of actions and resources free).
json Normalise(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = Normalise(v);
    return out;
  }
  if (j.is_array()) {
    std::vector<json> items;
    for (const auto& v : j) items.push_back(Normalise(v));
    if (items.size() == 1) return items[0];
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return a.dump() < b.dump(); });
    return json(items);
  }
  return j;
}

}  // namespace

bool PoliciesEquivalent(std::string_view a, std::string_view b) {
  json ja = json::parse(a, nullptr, false), jb = json::parse(b, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return a == b;
  return Normalise(ja) == Normalise(jb);
}

std::string CheckBucketPolicy(std::string_view policy, std::string_view bucket) {
  if (policy.size() > 20 * 1024) return "the policy is larger than 20 KB (" + std::to_string(policy.size()) + " bytes)";
  json p = json::parse(policy, nullptr, false);
  if (p.is_discarded()) return "it is not valid JSON";
  if (!p.is_object()) return "it must be a JSON object ({\"Statement\": [...]})";
  if (!p.contains("Statement") || !p["Statement"].is_array() || p["Statement"].empty()) {
    return "it needs a non-empty \"Statement\" array";
  }
  int i = 0;
  for (const auto& st : p["Statement"]) {
    const std::string at = "Statement[" + std::to_string(i++) + "]";
    if (!st.is_object()) return at + " must be an object";
    std::string effect = st.contains("Effect") && st["Effect"].is_string() ? st["Effect"].get<std::string>() : "";
    if (effect != "Allow" && effect != "Deny") return at + ".Effect must be \"Allow\" or \"Deny\"";
    for (const char* k : {"Principal", "Action", "Resource"}) {
      if (!st.contains(k)) return at + " needs \"" + std::string(k) + "\"";
    }
    json res = st["Resource"];
    if (res.is_string()) res = json::array({res});
    if (!res.is_array() || res.empty()) return at + ".Resource must be a string or a non-empty list of strings";
    for (const auto& r : res) {
      if (!r.is_string()) return at + ".Resource must contain only strings";
      if (bucket.empty()) continue;
      std::string s = r.get<std::string>();
      if (s.rfind("arn:aws:s3:::", 0) == 0) s = s.substr(13);
      if (s != bucket && s.rfind(std::string(bucket) + "/", 0) != 0) {
        return at + ".Resource \"" + r.get<std::string>() + "\" does not name bucket \"" + std::string(bucket) +
               "\" (use \"" + std::string(bucket) + "\" or \"" + std::string(bucket) + "/<key pattern>\")";
      }
    }
  }
  return "";
}

namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

fw::Schema PolicySchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages the bucket policy of an OBS bucket (one policy per bucket). The policy is checked at plan "
      "time with the rules OBS applies and compared semantically, so reformatting it plans no change. "
      "Destroying removes the policy, not the bucket.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The bucket name (the policy has no ID of its own).")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("bucket", fw::StringAttribute()
                      .Required()
                      .Description("The name of the bucket the policy applies to. Changing it moves the policy "
                                   "to another bucket (replacement).")
                      .Validators({fw::StringLengthBetween(3, 63)})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("policy", fw::StringAttribute()
                      .Required()
                      .Description(
                          "The policy document as JSON (e.g. from `jsonencode`): an object with a non-empty "
                          "`Statement` list whose entries have `Effect` (`Allow`/`Deny`), `Principal`, "
                          "`Action` and `Resource` (the bucket name or `bucket/<key pattern>`); at most 20 KB. "
                          "Updated in place."));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(5))
                         .Update(std::chrono::minutes(5))
                         .Delete(std::chrono::minutes(5)));
  return s;
}

class ObsBucketPolicy final : public fw::Resource,
                              public fw::ResourceWithConfigure,
                              public fw::ResourceWithImportState,
                              public fw::ResourceWithValidateConfig,
                              public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_obs_bucket_policy";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = PolicySchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    cty::Value policy = AttrOf(req.config, "policy");
    if (policy.IsNull() || !policy.IsKnown()) return;
    cty::Value bucket = AttrOf(req.config, "bucket");
    std::string b = bucket.IsKnown() && !bucket.IsNull() ? bucket.AsString() : "";
    std::string why = CheckBucketPolicy(policy.AsString(), b);
    if (!why.empty()) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("policy"), "Invalid Bucket Policy",
                                         "OBS would refuse this policy (MalformedPolicy): " + why + ".");
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull() || !data_) return;
    cty::Value region = AttrOf(resp.plan, "region");
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
    const std::string bucket = GetString(req.plan, "bucket").value_or("");
    const std::string policy = GetString(req.plan, "policy").value_or("");
    auto s = Put(ctx, bucket, policy);
    if (!s.ok()) {
      AddOtcError(resp.diagnostics, s);
      return resp.NothingCreated();
    }
    resp.state = WithAttr(req.plan, "id", cty::Value::String(bucket));
    resp.state = WithAttr(resp.state, "region", cty::Value::String(data_->region));
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto bucket = GetString(req.state, "bucket");
    if (!bucket || bucket->empty()) bucket = GetString(req.state, "id");
    if (!bucket || bucket->empty()) return resp.RemoveResource();
    auto remote = Get(ctx, *bucket);
    if (!remote.ok()) return AddOtcError(resp.diagnostics, remote.error());
    if (!remote.value()) return resp.RemoveResource();
    cty::Value s = req.state;
    auto prior = GetString(req.state, "policy");
    // Keep the configured spelling while the remote policy means the same.
    if (!prior || !PoliciesEquivalent(*prior, *remote.value())) {
      s = WithAttr(s, "policy", cty::Value::String(*remote.value()));
    }
    s = WithAttr(s, "id", cty::Value::String(*bucket));
    s = WithAttr(s, "bucket", cty::Value::String(*bucket));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    resp.state = s;
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    const std::string bucket = GetString(req.plan, "bucket").value_or("");
    const std::string policy = GetString(req.plan, "policy").value_or("");
    const std::string before = GetString(req.state, "policy").value_or("");
    if (!PoliciesEquivalent(before, policy)) {
      auto s = Put(ctx, bucket, policy);
      if (!s.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, s);
      }
    }
    resp.state = WithAttr(req.plan, "id", cty::Value::String(bucket));
    resp.state = WithAttr(resp.state, "region", cty::Value::String(data_->region));
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto bucket = GetString(req.state, "bucket");
    if (!bucket || bucket->empty()) return;
    otc::obs::Request r;
    r.method = "DELETE";
    r.bucket = *bucket;
    r.query = {{"policy", ""}};
    r.what = "deleting the policy of OBS bucket \"" + *bucket + "\"";
    auto d = otc::obs::Do(ctx, c, r);
    if (!d.ok() && !d.error().IsNotFound()) return AddOtcError(resp.diagnostics, d.error());
    if (!d.ok()) return;  // bucket (or policy) already gone
    // Gone for real: the next GET answers NoSuchBucketPolicy.
    otc::WaitOptions opts;
    opts.what = "the policy of OBS bucket \"" + *bucket + "\" to disappear";
    opts.initial = std::chrono::milliseconds(200);
    opts.max_interval = std::chrono::seconds(3);
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto g = Get(x, *bucket);
      if (!g.ok()) return g.error();
      if (!g.value()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      return otc::PollResult{otc::PollResult::kPending, "present", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_obs_bucket_policy is imported by the bucket name (e.g. \"my-bucket\"), "
                                "got \"" + req.id + "\".");
      return;
    }
    resp.state = WithAttr(resp.state, "id", cty::Value::String(req.id));
    resp.state = WithAttr(resp.state, "bucket", cty::Value::String(req.id));
  }

 private:
  // The bucket's policy; nullopt when the bucket or its policy is gone.
  otc::Result<std::optional<std::string>> Get(const fw::Context& ctx, const std::string& bucket) {
    otc::obs::Request r;
    r.method = "GET";
    r.bucket = bucket;
    r.query = {{"policy", ""}};
    r.ok_codes = {200};
    r.what = "reading the policy of OBS bucket \"" + bucket + "\"";
    auto g = otc::obs::Do(ctx, *data_->client, r);
    if (!g.ok()) {
      if (g.error().IsNotFound()) return std::optional<std::string>();
      return g.error();
    }
    return std::optional<std::string>(g->body);
  }

  // PUT ?policy (idempotent: retried by the client on 5xx and resets).
  otc::Status Put(const fw::Context& ctx, const std::string& bucket, const std::string& policy) {
    otc::obs::Request r;
    r.method = "PUT";
    r.bucket = bucket;
    r.query = {{"policy", ""}};
    r.body = policy;
    r.headers = {{"Content-Type", "application/json"}};
    r.what = "setting the policy of OBS bucket \"" + bucket + "\"";
    auto p = otc::obs::Do(ctx, *data_->client, r);
    if (p.ok()) return otc::Status();
    otc::Error s = p.error();
    if (s.code() == "MalformedPolicy") {
      s.set_hint("Check Principal (\"domain/<domain id>:user/<user id>\" or \"*\"), Action and Resource; if the "
                 "principal was created in this apply, run apply again.");
    } else if (s.code() == "NoSuchBucket") {
      s.set_hint("Create the bucket first (reference edp_obs_bucket.<name>.bucket so it is created before the "
                 "policy).");
    }
    return s;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory ObsBucketPolicyResource() {
  return [] { return std::make_unique<ObsBucketPolicy>(); };
}

}  // namespace resources
