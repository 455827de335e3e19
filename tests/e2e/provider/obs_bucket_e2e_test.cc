// End-to-end: edp_obs_bucket through the real terraform-provider-edp
// (plugin client, protocol 6) against a real otc-sim: create with every
// sub-configuration, no-drift plan, in-place updates of each setting,
// out-of-band drift, import by name, replacement by rename, force_destroy
// with object versions present, out-of-band deletion, WORM, injected
// faults, plan-time validation without API requests, and the number of
// requests per lifecycle.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "otc/obs.h"
#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kType = "edp_obs_bucket";

using Attrs = std::map<std::string, cty::Value>;

cty::Value I(int64_t v) { return cty::Value::Int(v); }
cty::Value Strs(std::vector<std::string> v) {
  std::vector<cty::Value> out;
  for (auto& s : v) out.push_back(S(s));
  return cty::Value::List(cty::Type::String(), std::move(out));
}

// The value of nested block `name` of `parent` with one element per map.
cty::Value Blk(const framework::Block& parent, const std::string& name, const std::vector<Attrs>& elems) {
  const framework::NestedBlock* nb = parent.FindBlock(name);
  EXPECT_NE(nb, nullptr) << name;
  if (nb == nullptr) return cty::Value::DynamicVal();
  std::vector<cty::Value> out;
  for (const auto& e : elems) out.push_back(edptest::ConfigOf(*nb->block, e));
  cty::Type et = nb->block->ImpliedType();
  return nb->nesting == framework::NestingMode::kSet ? cty::Value::Set(et, out) : cty::Value::List(et, out);
}

class ObsBucketE2e : public ProviderE2e {
 protected:
  const framework::Block& B() const { return Block(kType); }
  const framework::Block& Sub(const std::string& name) const { return *B().FindBlock(name)->block; }

  // An OBS client of its own (the demo user), for out-of-band calls.
  otc::Client& Oob() {
    if (!oob_) {
      provider::Credentials c;
      c.auth_url = sim_.http() + "/v3";
      c.user_name = sim_.cred("user");
      c.password = sim_.cred("password");
      c.domain_name = sim_.cred("domain");
      c.project_name = sim_.cred("project");
      c.region = sim_.ready().value("region", "eu-de");
      oob_ = otc::Client::New(c);
    }
    return *oob_;
  }
  otc::Result<otc::Response> ObsCall(const std::string& method, const std::string& bucket, const std::string& key,
                                     std::vector<std::pair<std::string, std::string>> query = {},
                                     const std::string& body = "") {
    otc::obs::Request r;
    r.method = method;
    r.bucket = bucket;
    r.key = key;
    r.query = std::move(query);
    r.body = body;
    r.content_md5 = !body.empty();
    r.what = "out-of-band " + method;
    return otc::obs::Do(framework::Context(), Oob(), r);
  }
  size_t Objects() { return Inventory("obs_object").size(); }

  std::shared_ptr<otc::Client> oob_;
};

TEST_F(ObsBucketE2e, FullLifecycleWithEverySetting) {
  ASSERT_EQ(Summaries(Configure()), "");
  const std::string region = sim_.ready().value("region", "eu-de");

  // A log target bucket first.
  cty::Value logs_cfg = Config(kType, {{"bucket", S("edp-logs-target")}, {"acl", S("log-delivery-write")}});
  cty::Value logs = Converge(kType, Null(kType), logs_cfg);
  ASSERT_FALSE(logs.IsNull());
  EXPECT_EQ(AttrOf(logs, "acl"), S("log-delivery-write"));

  const std::string rules_json = R"([ { "Condition": {"KeyPrefixEquals": "docs/"},
                                        "Redirect":  {"ReplaceKeyPrefixWith": "documents/"} } ])";
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"env", S("test")}, {"team", S("edp")}});
  const framework::Block& lr = Sub("lifecycle_rule");
  cty::Value lifecycle =
      Blk(B(), "lifecycle_rule",
          {{{"name", S("logs")},
            {"enabled", cty::Value::True()},
            {"prefix", S("logs/")},
            {"expiration", Blk(lr, "expiration", {{{"days", I(365)}}})},
            {"transition", Blk(lr, "transition", {{{"days", I(30)}, {"storage_class", S("WARM")}},
                                                   {{"days", I(60)}, {"storage_class", S("COLD")}}})},
            {"noncurrent_version_expiration", Blk(lr, "noncurrent_version_expiration", {{{"days", I(90)}}})}}});
  Attrs main = {
      {"bucket", S("edp-main-a")},
      {"storage_class", S("WARM")},
      {"versioning", cty::Value::True()},
      {"tags", tags},
      {"lifecycle_rule", lifecycle},
      {"cors_rule", Blk(B(), "cors_rule",
                        {{{"allowed_origins", Strs({"https://www.example.com"})},
                          {"allowed_methods", Strs({"GET", "PUT"})},
                          {"expose_headers", Strs({"ETag"})}}})},
      {"website", Blk(B(), "website", {{{"index_document", S("index.html")},
                                        {"error_document", S("error.html")},
                                        {"routing_rules", S(rules_json)}}})},
      {"logging", Blk(B(), "logging", {{{"target_bucket", S("edp-logs-target")}}})},
      {"server_side_encryption", Blk(B(), "server_side_encryption",
                                     {{{"algorithm", S("kms")}, {"kms_key_id", S("kms-key-1")}}})},
      {"user_domain_names", cty::Value::Set(cty::Type::String(), {S("www.example.com")})},
  };
  cty::Value cfg = Config(kType, main);
  auto plan = Plan(kType, Null(kType), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "") << plan.diagnostics.ToString();
  EXPECT_EQ(AttrOf(plan.planned_state, "id"), S("edp-main-a"));
  EXPECT_EQ(AttrOf(plan.planned_state, "bucket_domain_name"), S("edp-main-a.obs." + region + ".otc.t-systems.com"));
  auto created = Apply(kType, Null(kType), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value b = created.new_state;
  ASSERT_TRUE(b.IsWhollyKnown());
  EXPECT_EQ(AttrOf(b, "bucket_version"), S("3.0"));
  EXPECT_EQ(AttrOf(b, "storage_class"), S("WARM"));
  EXPECT_EQ(AttrOf(b, "acl"), S("private"));
  EXPECT_EQ(AttrOf(b, "website").Elements()[0].GetAttr("routing_rules"), S(rules_json));  // as configured
  EXPECT_EQ(AttrOf(b, "logging").Elements()[0].GetAttr("target_prefix"), S("logs/"));
  EXPECT_EQ(AttrOf(b, "cors_rule").Elements()[0].GetAttr("max_age_seconds"), I(100));
  EXPECT_EQ(Inventory("obs_bucket").size(), 2u);
  // What the service holds, read with another client.
  auto v = ObsCall("GET", "edp-main-a", "", {{"versioning", ""}});
  ASSERT_TRUE(v.ok()) << v.error().Message();
  EXPECT_NE(v->body.find("<Status>Enabled</Status>"), std::string::npos) << v->body;

  // Refresh and re-plan: no drift.
  auto read = Read(kType, b);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, b);
  auto noop = Plan(kType, b, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, b);
  EXPECT_TRUE(noop.requires_replace.empty());

  // In-place updates of every setting, each with its own call.
  cty::Value tags2 = cty::Value::Map(cty::Type::String(), {{"env", S("prod")}});
  cty::Value lifecycle2 =
      Blk(B(), "lifecycle_rule",
          {{{"name", S("logs")}, {"enabled", cty::Value::False()},
            {"expiration", Blk(lr, "expiration", {{{"days", I(30)}}})}},
           {{"name", S("tmp")}, {"enabled", cty::Value::True()}, {"prefix", S("tmp/")},
            {"noncurrent_version_transition",
             Blk(lr, "noncurrent_version_transition", {{{"days", I(10)}, {"storage_class", S("COLD")}}})}}});
  Attrs main2 = {
      {"bucket", S("edp-main-a")},
      {"storage_class", S("COLD")},
      {"acl", S("public-read")},
      {"versioning", cty::Value::False()},
      {"tags", tags2},
      {"lifecycle_rule", lifecycle2},
      {"cors_rule", Blk(B(), "cors_rule",
                        {{{"allowed_origins", Strs({"*"})},
                          {"allowed_methods", Strs({"GET"})},
                          {"allowed_headers", Strs({"*"})},
                          {"max_age_seconds", I(600)}}})},
      {"logging", Blk(B(), "logging", {{{"target_bucket", S("edp-logs-target")}, {"target_prefix", S("a/")}}})},
      {"website", Blk(B(), "website", {{{"redirect_all_requests_to", S("https://example.org")}}})},
      {"user_domain_names", cty::Value::Set(cty::Type::String(), {S("cdn.example.com")})},
  };
  cty::Value cfg2 = Config(kType, main2);
  auto plan2 = Plan(kType, b, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "") << plan2.diagnostics.ToString();
  EXPECT_TRUE(plan2.requires_replace.empty());
  auto updated = Apply(kType, b, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  b = updated.new_state;
  EXPECT_EQ(AttrOf(b, "storage_class"), S("COLD"));
  EXPECT_EQ(AttrOf(b, "acl"), S("public-read"));
  EXPECT_EQ(AttrOf(b, "versioning"), cty::Value::False());
  EXPECT_EQ(AttrOf(b, "tags"), tags2);
  EXPECT_EQ(AttrOf(b, "lifecycle_rule").LengthInt(), 2u);
  EXPECT_EQ(AttrOf(b, "server_side_encryption").LengthInt(), 0u);
  EXPECT_EQ(AttrOf(b, "user_domain_names"), cty::Value::Set(cty::Type::String(), {S("cdn.example.com")}));
  EXPECT_EQ(Read(kType, b).new_state, b);
  EXPECT_EQ(Plan(kType, b, cfg2).planned_state, b);
  auto enc = ObsCall("GET", "edp-main-a", "", {{"encryption", ""}});
  EXPECT_FALSE(enc.ok());
  EXPECT_EQ(enc.error().code(), "NoSuchEncryptionConfiguration");

  // Out-of-band changes show as drift and are put back in place.
  ASSERT_TRUE(ObsCall("DELETE", "edp-main-a", "", {{"tagging", ""}}).ok());
  ASSERT_TRUE(ObsCall("DELETE", "edp-main-a", "", {{"lifecycle", ""}}).ok());
  auto drift = Read(kType, b);
  ASSERT_EQ(Summaries(drift.diagnostics), "");
  EXPECT_EQ(AttrOf(drift.new_state, "tags").LengthInt(), 0u);  // tags gone: drift from the configured map
  EXPECT_EQ(AttrOf(drift.new_state, "lifecycle_rule").LengthInt(), 0u);
  auto fix = Plan(kType, drift.new_state, cfg2);
  ASSERT_EQ(Summaries(fix.diagnostics), "");
  EXPECT_TRUE(fix.requires_replace.empty());
  auto fixed = Apply(kType, drift.new_state, fix.planned_state, cfg2, fix.planned_private);
  ASSERT_EQ(Summaries(fixed.diagnostics), "") << fixed.diagnostics.ToString();
  EXPECT_EQ(fixed.new_state, b);

  // Import by bucket name gives the same state.
  EXPECT_EQ(Import(kType, "edp-main-a"), b);

  // Renaming replaces the bucket.
  main2["bucket"] = S("edp-main-b");
  cty::Value cfg3 = Config(kType, main2);
  auto plan3 = Plan(kType, b, cfg3);
  ASSERT_EQ(Summaries(plan3.diagnostics), "");
  ASSERT_EQ(plan3.requires_replace.size(), 1u);
  EXPECT_EQ(plan3.requires_replace[0], cty::Path().GetAttr("bucket"));
  Destroy(kType, b);
  cty::Value b2 = Converge(kType, Null(kType), cfg3);
  ASSERT_FALSE(b2.IsNull());
  EXPECT_EQ(AttrOf(b2, "id"), S("edp-main-b"));
  json inv = Inventory("obs_bucket");
  ASSERT_EQ(inv.size(), 2u);

  // Out-of-band deletion of the log bucket: read returns null.
  ASSERT_TRUE(ObsCall("DELETE", "edp-logs-target", "").ok());
  auto gone = Read(kType, logs);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
  Destroy(kType, logs);  // already gone: fine

  Destroy(kType, b2);
  EXPECT_EQ(Inventory("obs_bucket").size(), 0u);
  auto after = Read(kType, b2);
  ASSERT_EQ(Summaries(after.diagnostics), "");
  EXPECT_TRUE(after.new_state.IsNull());
}

TEST_F(ObsBucketE2e, ForceDestroyDeletesEveryVersion) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value cfg = Config(kType, {{"bucket", S("edp-full")}, {"versioning", cty::Value::True()}});
  cty::Value b = Converge(kType, Null(kType), cfg);
  ASSERT_FALSE(b.IsNull());
  for (const char* key : {"a.txt", "dir/b.txt", "a.txt"}) {
    ASSERT_TRUE(ObsCall("PUT", "edp-full", key, {}, std::string("data of ") + key).ok());
  }
  ASSERT_TRUE(ObsCall("DELETE", "edp-full", "dir/b.txt").ok());  // a delete marker too
  EXPECT_EQ(Objects(), 4u);

  // Without force_destroy the bucket is kept and the error says what to do.
  auto plan = Plan(kType, b, Null(kType));
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto refused = Apply(kType, b, Null(kType), Null(kType), plan.planned_private);
  ASSERT_EQ(refused.diagnostics.size(), 1u) << refused.diagnostics.ToString();
  EXPECT_NE(refused.diagnostics[0].detail.find("BucketNotEmpty"), std::string::npos) << refused.diagnostics[0].detail;
  EXPECT_NE(refused.diagnostics[0].detail.find("force_destroy = true"), std::string::npos)
      << refused.diagnostics[0].detail;
  EXPECT_EQ(Inventory("obs_bucket").size(), 1u);

  // force_destroy is a state-only change (no API call but the refresh).
  cty::Value cfg2 = Config(kType, {{"bucket", S("edp-full")}, {"versioning", cty::Value::True()},
                                   {"force_destroy", cty::Value::True()}});
  b = Converge(kType, b, cfg2);
  EXPECT_EQ(AttrOf(b, "force_destroy"), cty::Value::True());
  Destroy(kType, b);
  EXPECT_EQ(Inventory("obs_bucket").size(), 0u);
  EXPECT_EQ(Objects(), 0u);
}

TEST_F(ObsBucketE2e, WormRetentionChangesInPlaceAndRemovalReplaces) {
  ASSERT_EQ(Summaries(Configure()), "");
  Attrs a = {{"bucket", S("edp-worm")},
             {"versioning", cty::Value::True()},
             {"worm_policy", Blk(B(), "worm_policy", {{{"days", I(1)}}})}};
  cty::Value b = Converge(kType, Null(kType), Config(kType, a));
  ASSERT_FALSE(b.IsNull());
  EXPECT_EQ(AttrOf(b, "worm_policy").Elements()[0].GetAttr("days"), I(1));
  EXPECT_EQ(Read(kType, b).new_state, b);
  EXPECT_EQ(Import(kType, "edp-worm"), b);

  a["worm_policy"] = Blk(B(), "worm_policy", {{{"years", I(2)}}});
  auto plan = Plan(kType, b, Config(kType, a));
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_TRUE(plan.requires_replace.empty());
  auto applied = Apply(kType, b, plan.planned_state, Config(kType, a), plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
  b = applied.new_state;
  EXPECT_EQ(AttrOf(b, "worm_policy").Elements()[0].GetAttr("years"), I(2));

  a.erase("worm_policy");
  auto removal = Plan(kType, b, Config(kType, a));
  ASSERT_EQ(Summaries(removal.diagnostics), "");
  ASSERT_EQ(removal.requires_replace.size(), 1u);
  EXPECT_EQ(removal.requires_replace[0], cty::Path().GetAttr("worm_policy"));
  Destroy(kType, b);
  EXPECT_EQ(Inventory("obs_bucket").size(), 0u);
}

TEST_F(ObsBucketE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  // 503s and throttling on every OBS call, connection resets on PUTs (the
  // bucket create is looked up before a replay), and new buckets invisible
  // for a while (404 after create).
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "obs:503:0.15;obs:429=1:0.1:GET;obs:reset:0.2:PUT;obs:404-after-create=20"},
                     {"seed", 17}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(8)}})), "");
  const framework::Block& lr = Sub("lifecycle_rule");
  Attrs a = {{"bucket", S("edp-faulty")},
             {"versioning", cty::Value::True()},
             {"force_destroy", cty::Value::True()},
             {"tags", cty::Value::Map(cty::Type::String(), {{"k", S("v")}})},
             {"lifecycle_rule", Blk(B(), "lifecycle_rule",
                                    {{{"name", S("r")}, {"enabled", cty::Value::True()},
                                      {"expiration", Blk(lr, "expiration", {{{"days", I(7)}}})}}})}};
  cty::Value b = Converge(kType, Null(kType), Config(kType, a));
  ASSERT_FALSE(b.IsNull());
  EXPECT_EQ(Inventory("obs_bucket").size(), 1u);
  a["tags"] = cty::Value::Map(cty::Type::String(), {{"k", S("w")}});
  a["acl"] = S("public-read");
  b = Converge(kType, b, Config(kType, a));
  EXPECT_EQ(AttrOf(b, "acl"), S("public-read"));
  for (int i = 0; i < 3; ++i) {
    auto put = ObsCall("PUT", "edp-faulty", "o" + std::to_string(i), {}, "x");
    (void)put;  // the out-of-band client retries too; a failed PUT only means fewer objects
  }
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;
  Destroy(kType, b);
  EXPECT_EQ(Inventory("obs_bucket").size(), 0u);
  EXPECT_EQ(Objects(), 0u);
}

TEST_F(ObsBucketE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  auto one = [&](const Attrs& a) { return Summaries(Validate(kType, Config(kType, a)).diagnostics); };
  EXPECT_EQ(one({{"bucket", S("UPPER")}}), "Error: Invalid Bucket Name [at bucket]");
  EXPECT_EQ(one({{"bucket", S("ab")}}), "Error: Invalid Bucket Name [at bucket]");
  EXPECT_EQ(one({{"bucket", S("a..b")}}), "Error: Invalid Bucket Name [at bucket]");
  EXPECT_EQ(one({{"bucket", S("192.168.0.1")}}), "Error: Invalid Bucket Name [at bucket]");
  auto detail = Validate(kType, Config(kType, {{"bucket", S("-bad")}}));
  ASSERT_EQ(detail.diagnostics.size(), 1u);
  EXPECT_NE(detail.diagnostics[0].detail.find("must start and end with a lower-case letter or digit"),
            std::string::npos)
      << detail.diagnostics[0].detail;
  EXPECT_EQ(one({{"bucket", S("ok-bucket")}, {"storage_class", S("GOLD")}}),
            "Error: Invalid Attribute Value Match [at storage_class]");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")}, {"worm_policy", Blk(B(), "worm_policy", {{{"days", I(1)}}})}}),
            "Error: WORM Needs Versioning [at worm_policy]");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")},
                 {"versioning", cty::Value::True()},
                 {"worm_policy", Blk(B(), "worm_policy", {{{"days", I(1)}, {"years", I(1)}}})}}),
            "Error: Invalid Attribute Combination [at worm_policy[0].days]\n"
            "Error: Invalid Attribute Combination [at worm_policy[0].years]");
  const framework::Block& lr = Sub("lifecycle_rule");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")},
                 {"lifecycle_rule",
                  Blk(B(), "lifecycle_rule",
                      {{{"name", S("r")}, {"enabled", cty::Value::True()},
                        {"transition", Blk(lr, "transition", {{{"days", I(30)}, {"storage_class", S("HOT")}}})}}})}}),
            "Error: Invalid Attribute Value Match [at lifecycle_rule[0].transition[0].storage_class]");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")},
                 {"cors_rule", Blk(B(), "cors_rule",
                                   {{{"allowed_origins", Strs({"*"})}, {"allowed_methods", Strs({"GET", "PATCH"})}}})}}),
            "Error: Invalid Attribute Value Match [at cors_rule[0].allowed_methods[1]]");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")},
                 {"website", Blk(B(), "website", {{{"index_document", S("i.html")},
                                                   {"redirect_all_requests_to", S("example.com")}}})}}),
            "Error: Invalid Attribute Combination [at website[0].redirect_all_requests_to]");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")},
                 {"website", Blk(B(), "website", {{{"index_document", S("i.html")}, {"routing_rules", S("[{}]")}}})}}),
            "Error: Invalid Routing Rules [at website[0].routing_rules]");
  EXPECT_EQ(one({{"bucket", S("ok-bucket")},
                 {"server_side_encryption", Blk(B(), "server_side_encryption",
                                                {{{"algorithm", S("AES256")}, {"kms_key_id", S("k")}}})}}),
            "Error: Invalid Attribute Value Match [at server_side_encryption[0].algorithm]");
  // Unknown values (from other resources) pass validation.
  EXPECT_EQ(one({{"bucket", cty::Value::Unknown(cty::Type::String())}}), "");
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";

  // Planning a create calls nothing either (OpenTofu validates first).
  ASSERT_EQ(Summaries(Configure()), "");
  auto plan = Plan(kType, Null(kType), Config(kType, {{"bucket", S("fine-bucket")}}));
  EXPECT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_EQ(ApiRequests(), before);
  EXPECT_EQ(Inventory("obs_bucket").size(), 0u);
}

// Requests per lifecycle (create + its read, one refresh, one in-place
// update, destroy with its wait), recorded in the test XML and bounded so a
// regression shows up.
TEST_F(ObsBucketE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  size_t start = ApiRequests();
  cty::Value cfg = Config(kType, {{"bucket", S("edp-count")}});
  cty::Value b = Converge(kType, Null(kType), cfg);
  ASSERT_FALSE(b.IsNull());
  size_t after_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kType, b).diagnostics), "");
  size_t after_read = ApiRequests();
  cty::Value cfg2 = Config(kType, {{"bucket", S("edp-count")},
                                   {"tags", cty::Value::Map(cty::Type::String(), {{"a", S("b")}})}});
  b = Converge(kType, b, cfg2);
  size_t after_update = ApiRequests();
  Destroy(kType, b);
  size_t after_destroy = ApiRequests();
  int create = static_cast<int>(after_create - start), read = static_cast<int>(after_read - after_create),
      update = static_cast<int>(after_update - after_read), destroy = static_cast<int>(after_destroy - after_update);
  RecordProperty("obs_bucket_create_requests", create);
  RecordProperty("obs_bucket_refresh_requests", read);
  RecordProperty("obs_bucket_update_requests", update);
  RecordProperty("obs_bucket_destroy_requests", destroy);
  std::cout << "edp_obs_bucket requests: create " << create << ", refresh " << read << ", update (tags) "
            << update << ", destroy " << destroy << "\n";
  // Create: (IAM auth + temporary AK/SK +) PUT + HEAD + a 11-request read.
  EXPECT_LE(create, 16);
  EXPECT_EQ(read, 10);      // HEAD + 9 sub-resource GETs (no WORM configured)
  EXPECT_LE(update, 11);    // PUT ?tagging + the read
  EXPECT_LE(destroy, 2);    // DELETE + HEAD
}

}  // namespace
