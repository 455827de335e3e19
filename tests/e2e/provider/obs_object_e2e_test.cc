// End-to-end: edp_obs_bucket_object, edp_obs_bucket_policy and the
// edp_obs_bucket data source through the real provider against a real
// otc-sim (password authentication, so OBS runs on temporary AK/SK from
// IAM): create, no-drift plan, in-place update, replacement, import,
// out-of-band deletion and change, destroy; injected faults; bad
// configuration rejected before any request; requests per lifecycle.
// Buckets are made with signed OBS calls of otc::obs (independent of the
// edp_obs_bucket resource).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "otc/client.h"
#include "otc/obs.h"
#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kObj = "edp_obs_bucket_object";
constexpr const char* kPol = "edp_obs_bucket_policy";

class ObsObjectE2e : public ProviderE2e {
 protected:
  void TearDown() override {
    for (const auto& f : files_) std::remove(f.c_str());
    ProviderE2e::TearDown();
  }

  // A client with the simulator's permanent AK/SK for calls behind the
  // provider's back.
  otc::Client& Obs() {
    if (!obs_) {
      provider::Credentials c;
      c.method = provider::AuthMethod::kAkSk;
      c.auth_url = sim_.http() + "/v3";
      c.region = sim_.ready().value("region", "eu-de");
      c.access_key = sim_.cred("access_key");
      c.secret_key = sim_.cred("secret_key");
      c.project_name = sim_.cred("project");
      c.endpoints["obs"] = sim_.ready().value("obs", "");
      obs_ = otc::Client::New(c);
    }
    return *obs_;
  }
  otc::Result<otc::Response> Call(const std::string& method, const std::string& bucket, const std::string& key,
                                  std::vector<std::pair<std::string, std::string>> query = {},
                                  const std::string& body = "") {
    otc::obs::Request r;
    r.method = method;
    r.bucket = bucket;
    r.key = key;
    r.query = std::move(query);
    r.body = body;
    r.what = "test call";
    return otc::obs::Do(ctx_, Obs(), r);
  }
  void MakeBucket(const std::string& name) {
    auto r = Call("PUT", name, "");
    ASSERT_TRUE(r.ok()) << r.error().Message();
  }
  void DropBucket(const std::string& name) {
    auto r = Call("DELETE", name, "");
    ASSERT_TRUE(r.ok()) << r.error().Message();
  }
  std::string TempFile(const std::string& content) {
    char path[] = "/tmp/obs-e2e-XXXXXX";
    int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    if (fd >= 0) {
      EXPECT_EQ(write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
      close(fd);
    }
    files_.push_back(path);
    return path;
  }
  static void Rewrite(const std::string& path, const std::string& content) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << content;
  }
  int CountRequests(const std::string& method, const std::string& prefix) {
    auto r = Http("GET", sim_.http() + "/_sim/requests?limit=10000");
    int n = 0;
    const json log = r.Json();
    for (const auto& e : log["requests"]) {
      if (e.value("method", "") == method && e.value("target", "").rfind(prefix, 0) == 0) ++n;
    }
    return n;
  }
  cty::Value Obj(const std::map<std::string, cty::Value>& set) { return Config(kObj, set); }
  cty::Value Pol(const std::string& bucket, const std::string& policy) {
    return Config(kPol, {{"bucket", S(bucket)}, {"policy", S(policy)}});
  }
  static std::string Policy(const std::string& bucket, const std::string& action) {
    return R"({"Statement":[{"Sid":"s1","Effect":"Allow","Principal":{"ID":["*"]},"Action":[")" + action +
           R"("],"Resource":[")" + bucket + R"(/*"]}]})";
  }

  framework::Context ctx_;
  std::shared_ptr<otc::Client> obs_;
  std::vector<std::string> files_;
};

TEST_F(ObsObjectE2e, ObjectFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakeBucket("edp-objects");
  MakeBucket("edp-objects-2");

  // Create from content: etag and size are known at plan time.
  cty::Value cfg = Obj({{"bucket", S("edp-objects")}, {"key", S("conf/app.txt")}, {"content", S("hello")},
                        {"content_type", S("text/plain")}, {"acl", S("private")}});
  auto plan = Plan(kObj, Null(kObj), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_EQ(AttrOf(plan.planned_state, "etag"), S(otc::obs::Md5Hex("hello")));
  EXPECT_EQ(AttrOf(plan.planned_state, "size"), cty::Value::Int(5));
  auto created = Apply(kObj, Null(kObj), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value obj = created.new_state;
  ASSERT_TRUE(obj.IsWhollyKnown());
  EXPECT_EQ(AttrOf(obj, "id"), S("conf/app.txt"));
  EXPECT_EQ(AttrOf(obj, "storage_class"), S("STANDARD"));
  EXPECT_EQ(AttrOf(obj, "version_id"), S(""));
  ASSERT_EQ(Inventory("obs_object").size(), 1u);

  // Refresh and re-plan: no drift.
  auto read = Read(kObj, obj);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, obj);
  auto noop = Plan(kObj, obj, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, obj);

  // New content: in place, re-uploaded.
  cty::Value cfg2 = framework::WithAttr(cfg, "content", S("hello world"));
  auto plan2 = Plan(kObj, obj, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  EXPECT_EQ(AttrOf(plan2.planned_state, "etag"), S(otc::obs::Md5Hex("hello world")));
  auto up = Apply(kObj, obj, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(up.diagnostics), "") << up.diagnostics.ToString();
  obj = up.new_state;
  EXPECT_EQ(AttrOf(obj, "size"), cty::Value::Int(11));
  EXPECT_EQ(Read(kObj, obj).new_state, obj);

  // From a file; editing the file plans an update (etag from the file).
  std::string file = TempFile("file content v1");
  cty::Value fcfg = Obj({{"bucket", S("edp-objects")}, {"key", S("conf/app.txt")}, {"source", S(file)},
                         {"content_type", S("text/plain")}, {"acl", S("private")}});
  obj = Converge(kObj, obj, fcfg);
  EXPECT_EQ(AttrOf(obj, "etag"), S(otc::obs::Md5Hex("file content v1")));
  auto fnoop = Plan(kObj, obj, fcfg);
  EXPECT_EQ(fnoop.planned_state, obj);
  Rewrite(file, "file content v2, longer");
  auto fplan = Plan(kObj, obj, fcfg);
  ASSERT_EQ(Summaries(fplan.diagnostics), "");
  EXPECT_EQ(AttrOf(fplan.planned_state, "etag"), S(otc::obs::Md5Hex("file content v2, longer")));
  EXPECT_TRUE(fplan.requires_replace.empty());
  auto fup = Apply(kObj, obj, fplan.planned_state, fcfg, fplan.planned_private);
  ASSERT_EQ(Summaries(fup.diagnostics), "") << fup.diagnostics.ToString();
  obj = fup.new_state;
  auto head = Call("HEAD", "edp-objects", "conf/app.txt");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(otc::obs::UnquoteEtag(head->Header("etag")), otc::obs::Md5Hex("file content v2, longer"));

  // ACL only: a PUT ?acl, no re-upload.
  int puts = CountRequests("PUT", "obs:/edp-objects/conf/app.txt");
  cty::Value acfg = framework::WithAttr(fcfg, "acl", S("public-read"));
  obj = Converge(kObj, obj, acfg);
  EXPECT_EQ(AttrOf(obj, "acl"), S("public-read"));
  EXPECT_EQ(CountRequests("PUT", "obs:/edp-objects/conf/app.txt"), puts + 1);
  EXPECT_EQ(Read(kObj, obj).new_state, obj);

  // Changed behind Terraform's back: the refresh sees another ETag and the
  // plan puts the file back in place.
  ASSERT_TRUE(Call("PUT", "edp-objects", "conf/app.txt", {}, "tampered").ok());
  auto drift = Read(kObj, obj);
  ASSERT_EQ(Summaries(drift.diagnostics), "");
  EXPECT_EQ(AttrOf(drift.new_state, "etag"), S(otc::obs::Md5Hex("tampered")));
  auto back = Plan(kObj, drift.new_state, acfg);
  ASSERT_EQ(Summaries(back.diagnostics), "");
  EXPECT_EQ(AttrOf(back.planned_state, "etag"), AttrOf(obj, "etag"));
  obj = Converge(kObj, drift.new_state, acfg);
  EXPECT_EQ(AttrOf(obj, "size"), cty::Value::Int(23));

  // Import as "<bucket>/<key>": the same object (content/source live only
  // in the configuration); applying the configuration then uploads nothing.
  cty::Value imported = Import(kObj, "edp-objects/conf/app.txt");
  ASSERT_FALSE(imported.IsNull());
  for (const char* a : {"id", "bucket", "key", "etag", "size", "storage_class", "version_id", "region"}) {
    EXPECT_EQ(AttrOf(imported, a), AttrOf(obj, a)) << a;
  }
  EXPECT_EQ(AttrOf(imported, "content_type"), S("text/plain"));
  EXPECT_EQ(AttrOf(imported, "acl"), S("public-read"));
  puts = CountRequests("PUT", "obs:/edp-objects/conf/app.txt");
  cty::Value after_import = Converge(kObj, imported, acfg);
  EXPECT_EQ(after_import, obj);
  EXPECT_EQ(CountRequests("PUT", "obs:/edp-objects/conf/app.txt"), puts);
  tfplugin::ImportResourceStateRequest ireq;
  ireq.type_name = kObj;
  ireq.id = "no-slash";
  tfplugin::ImportResourceStateResponse iresp;
  p().ImportResourceState(ireq, iresp);
  EXPECT_EQ(Summaries(iresp.diagnostics), "Error: Invalid Import ID");

  // A new key (or bucket) replaces the object.
  cty::Value kcfg = framework::WithAttr(acfg, "key", S("conf/other.txt"));
  auto kplan = Plan(kObj, obj, kcfg);
  ASSERT_EQ(Summaries(kplan.diagnostics), "");
  ASSERT_EQ(kplan.requires_replace.size(), 1u);
  EXPECT_EQ(kplan.requires_replace[0], cty::Path().GetAttr("key"));
  auto bplan = Plan(kObj, obj, framework::WithAttr(acfg, "bucket", S("edp-objects-2")));
  ASSERT_EQ(bplan.requires_replace.size(), 1u);
  EXPECT_EQ(bplan.requires_replace[0], cty::Path().GetAttr("bucket"));
  Destroy(kObj, obj);
  cty::Value obj2 = Converge(kObj, Null(kObj), kcfg);
  ASSERT_FALSE(obj2.IsNull());
  EXPECT_EQ(AttrOf(obj2, "id"), S("conf/other.txt"));
  ASSERT_EQ(Inventory("obs_object").size(), 1u);

  // Deleted out of band: the refresh returns null; destroying it then is fine.
  ASSERT_TRUE(Call("DELETE", "edp-objects", "conf/other.txt").ok());
  auto gone = Read(kObj, obj2);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
  Destroy(kObj, obj2);
  EXPECT_EQ(Inventory("obs_object").size(), 0u);
  DropBucket("edp-objects");
  DropBucket("edp-objects-2");
}

TEST_F(ObsObjectE2e, VersionedObjectDestroyRemovesEveryVersion) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakeBucket("edp-versioned");
  ASSERT_TRUE(Call("PUT", "edp-versioned", "", {{"versioning", ""}},
                   "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")
                  .ok());
  cty::Value cfg = Obj({{"bucket", S("edp-versioned")}, {"key", S("v.txt")}, {"content", S("one")},
                        {"storage_class", S("WARM")}});
  cty::Value obj = Converge(kObj, Null(kObj), cfg);
  ASSERT_FALSE(obj.IsNull());
  const std::string v1 = AttrOf(obj, "version_id").AsString();
  EXPECT_FALSE(v1.empty());
  EXPECT_EQ(AttrOf(obj, "storage_class"), S("WARM"));
  EXPECT_EQ(Read(kObj, obj).new_state, obj);
  cty::Value obj2 = Converge(kObj, obj, framework::WithAttr(cfg, "content", S("two")));
  EXPECT_NE(AttrOf(obj2, "version_id").AsString(), v1);
  EXPECT_EQ(Inventory("obs_object").size(), 2u);
  Destroy(kObj, obj2);
  EXPECT_EQ(Inventory("obs_object").size(), 0u) << Inventory("obs_object").dump();
  DropBucket("edp-versioned");
}

TEST_F(ObsObjectE2e, PolicyFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakeBucket("edp-pol");
  MakeBucket("edp-pol-2");
  const std::string p1 = Policy("edp-pol", "GetObject");
  cty::Value cfg = Pol("edp-pol", p1);
  cty::Value pol = Converge(kPol, Null(kPol), cfg);
  ASSERT_FALSE(pol.IsNull());
  ASSERT_TRUE(pol.IsWhollyKnown());
  EXPECT_EQ(AttrOf(pol, "id"), S("edp-pol"));
  auto got = Call("GET", "edp-pol", "", {{"policy", ""}});
  ASSERT_TRUE(got.ok()) << got.error().Message();
  EXPECT_EQ(json::parse(got->body), json::parse(p1));

  EXPECT_EQ(Read(kPol, pol).new_state, pol);
  auto noop = Plan(kPol, pol, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, pol);

  // The same policy spelled differently (key order, whitespace, a single
  // action instead of a list): the apply sends nothing.
  const std::string same =
      R"({ "Statement" : [ { "Resource": "edp-pol/*", "Action": "GetObject", "Principal": {"ID": "*"},
           "Effect": "Allow", "Sid": "s1" } ] })";
  int puts = CountRequests("PUT", "obs:/edp-pol?policy");
  cty::Value pol_same = Converge(kPol, pol, Pol("edp-pol", same));
  EXPECT_EQ(CountRequests("PUT", "obs:/edp-pol?policy"), puts);
  EXPECT_EQ(Read(kPol, pol_same).new_state, pol_same);

  // A different policy: in place.
  const std::string p2 = Policy("edp-pol", "PutObject");
  auto plan2 = Plan(kPol, pol_same, Pol("edp-pol", p2));
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  pol = Converge(kPol, pol_same, Pol("edp-pol", p2));
  got = Call("GET", "edp-pol", "", {{"policy", ""}});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(json::parse(got->body), json::parse(p2));

  // Changed out of band: drift, put back by the next apply.
  ASSERT_TRUE(Call("PUT", "edp-pol", "", {{"policy", ""}}, p1).ok());
  auto drift = Read(kPol, pol);
  EXPECT_EQ(AttrOf(drift.new_state, "policy"), S(p1));
  pol = Converge(kPol, drift.new_state, Pol("edp-pol", p2));
  EXPECT_EQ(AttrOf(pol, "policy"), S(p2));

  // Import by bucket name gives the same state.
  EXPECT_EQ(Import(kPol, "edp-pol"), pol);

  // Another bucket: replacement.
  auto bplan = Plan(kPol, pol, Pol("edp-pol-2", Policy("edp-pol-2", "PutObject")));
  ASSERT_EQ(Summaries(bplan.diagnostics), "");
  ASSERT_EQ(bplan.requires_replace.size(), 1u);
  EXPECT_EQ(bplan.requires_replace[0], cty::Path().GetAttr("bucket"));

  // Deleted out of band: null on refresh.
  ASSERT_TRUE(Call("DELETE", "edp-pol", "", {{"policy", ""}}).ok());
  auto gone = Read(kPol, pol);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());

  // Re-create, destroy: the policy is gone, the bucket stays.
  pol = Converge(kPol, Null(kPol), Pol("edp-pol", p2));
  Destroy(kPol, pol);
  auto after = Call("GET", "edp-pol", "", {{"policy", ""}});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code(), "NoSuchBucketPolicy");
  EXPECT_EQ(Inventory("obs_bucket").size(), 2u);

  // A policy for a bucket that does not exist: a clear apply error.
  cty::Value nob = Pol("edp-missing", Policy("edp-missing", "GetObject"));
  auto nplan = Plan(kPol, Null(kPol), nob);
  ASSERT_EQ(Summaries(nplan.diagnostics), "");
  auto napply = Apply(kPol, Null(kPol), nplan.planned_state, nob, nplan.planned_private);
  EXPECT_EQ(Summaries(napply.diagnostics), "Error: OTC API Error");
  ASSERT_EQ(napply.diagnostics.size(), 1u);
  EXPECT_NE(napply.diagnostics[0].detail.find("NoSuchBucket"), std::string::npos) << napply.diagnostics[0].detail;
  EXPECT_NE(napply.diagnostics[0].detail.find("Create the bucket first"), std::string::npos);
  EXPECT_TRUE(napply.new_state.IsNull());
  DropBucket("edp-pol");
  DropBucket("edp-pol-2");
}

TEST_F(ObsObjectE2e, DataSourceReadsBucketSettings) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakeBucket("edp-ds");
  ASSERT_TRUE(Call("PUT", "edp-ds", "", {{"versioning", ""}},
                   "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")
                  .ok());
  otc::obs::Request tag;
  tag.method = "PUT";
  tag.bucket = "edp-ds";
  tag.query = {{"tagging", ""}};
  tag.body = "<Tagging><TagSet><Tag><Key>env</Key><Value>test</Value></Tag></TagSet></Tagging>";
  tag.content_md5 = true;
  ASSERT_TRUE(otc::obs::Do(ctx_, Obs(), tag).ok());

  auto read = [&](const std::string& bucket) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = "edp_obs_bucket";
    req.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_obs_bucket").block, {{"bucket", S(bucket)}});
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  };
  auto ds = read("edp-ds");
  ASSERT_EQ(Summaries(ds.diagnostics), "") << ds.diagnostics.ToString();
  EXPECT_EQ(AttrOf(ds.state, "id"), S("edp-ds"));
  EXPECT_EQ(AttrOf(ds.state, "versioning"), cty::Value::True());
  EXPECT_EQ(AttrOf(ds.state, "storage_class"), S("STANDARD"));
  EXPECT_EQ(AttrOf(ds.state, "tags"), cty::Value::Map(cty::Type::String(), {{"env", S("test")}}));
  EXPECT_EQ(AttrOf(ds.state, "bucket_domain_name"),
            S("edp-ds.obs." + sim_.ready().value("region", "eu-de") + ".otc.t-systems.com"));
  EXPECT_EQ(AttrOf(ds.state, "lifecycle_rule").LengthInt(), 0u);
  EXPECT_EQ(AttrOf(ds.state, "website").LengthInt(), 0u);
  EXPECT_TRUE(ds.state.IsWhollyKnown());

  auto none = read("edp-no-such-bucket");
  EXPECT_EQ(Summaries(none.diagnostics), "Error: No OBS Bucket Found [at bucket]");
  ASSERT_EQ(none.diagnostics.size(), 1u);
  EXPECT_NE(none.diagnostics[0].detail.find("edp-no-such-bucket"), std::string::npos);
  DropBucket("edp-ds");
}

TEST_F(ObsObjectE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  MakeBucket("edp-faulty");
  // 503s, throttling and resets on every OBS call, and new buckets answering
  // 404 for a while.
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "obs:503:0.15;obs:429=1:0.1;obs:reset:0.2;obs:404-after-create=5"}, {"seed", 13}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(10)}})), "");
  cty::Value cfg = Obj({{"bucket", S("edp-faulty")}, {"key", S("a.txt")}, {"content", S("faulty")}});
  cty::Value obj = Converge(kObj, Null(kObj), cfg);
  ASSERT_FALSE(obj.IsNull());
  obj = Converge(kObj, obj, framework::WithAttr(cfg, "content", S("faulty 2")));
  EXPECT_EQ(AttrOf(obj, "etag"), S(otc::obs::Md5Hex("faulty 2")));
  cty::Value pol = Converge(kPol, Null(kPol), Pol("edp-faulty", Policy("edp-faulty", "GetObject")));
  ASSERT_FALSE(pol.IsNull());
  EXPECT_EQ(Inventory("obs_object").size(), 1u);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;
  Destroy(kPol, pol);
  Destroy(kObj, obj);
  EXPECT_EQ(Inventory("obs_object").size(), 0u);
  Http("DELETE", sim_.http() + "/_sim/faults");
  auto after = Call("GET", "edp-faulty", "", {{"policy", ""}});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code(), "NoSuchBucketPolicy");
  DropBucket("edp-faulty");
}

TEST_F(ObsObjectE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  auto v = [&](const std::map<std::string, cty::Value>& set) { return Summaries(Validate(kObj, Obj(set)).diagnostics); };
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("k")}, {"content", S("x")}, {"source", S("/etc/hostname")}}),
            "Error: Conflicting Object Content [at source]");
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("k")}}), "Error: Missing Object Content [at content]");
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("/k")}, {"content", S("x")}}), "Error: Invalid Object Key [at key]");
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("k")}, {"content", S("x")}, {"acl", S("everyone")}}),
            "Error: Invalid Attribute Value Match [at acl]");
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("k")}, {"content", S("x")}, {"storage_class", S("HOT")}}),
            "Error: Invalid Attribute Value Match [at storage_class]");
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("k")}, {"content", S("x")}, {"kms_key_id", S("key")}}),
            "Error: KMS Key Without Encryption [at kms_key_id]");
  EXPECT_EQ(v({{"bucket", S("b-1")}, {"key", S("k")}, {"content", cty::Value::Unknown(cty::Type::String())}}), "");

  auto pv = [&](const std::string& policy) { return Validate(kPol, Pol("edp-b", policy)).diagnostics; };
  EXPECT_EQ(Summaries(pv("{not json")), "Error: Invalid Bucket Policy [at policy]");
  EXPECT_EQ(Summaries(pv(R"({"Statement":[]})")), "Error: Invalid Bucket Policy [at policy]");
  auto effect = pv(R"({"Statement":[{"Effect":"Maybe","Principal":"*","Action":"GetObject","Resource":"edp-b/*"}]})");
  EXPECT_EQ(Summaries(effect), "Error: Invalid Bucket Policy [at policy]");
  ASSERT_EQ(effect.size(), 1u);
  EXPECT_NE(effect[0].detail.find("Statement[0].Effect"), std::string::npos) << effect[0].detail;
  auto other = pv(Policy("other-bucket", "GetObject"));
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].detail.find("does not name bucket \"edp-b\""), std::string::npos) << other[0].detail;
  EXPECT_EQ(Summaries(pv(Policy("edp-b", "GetObject"))), "");

  // A source file that does not exist fails the plan at the attribute.
  ASSERT_EQ(Summaries(Configure()), "");
  auto plan = Plan(kObj, Null(kObj), Obj({{"bucket", S("b-1")}, {"key", S("k")}, {"source", S("/nonexistent/f.txt")}}));
  EXPECT_EQ(Summaries(plan.diagnostics), "Error: Source File Not Readable [at source]");
  ASSERT_EQ(plan.diagnostics.size(), 1u);
  EXPECT_NE(plan.diagnostics[0].detail.find("/nonexistent/f.txt"), std::string::npos);
  // A configured etag that does not match the content.
  auto etag = Plan(kObj, Null(kObj), Obj({{"bucket", S("b-1")}, {"key", S("k")}, {"content", S("x")},
                                          {"etag", S("00000000000000000000000000000000")}}));
  EXPECT_EQ(Summaries(etag.diagnostics), "Error: ETag Does Not Match The Content [at etag]");
  EXPECT_EQ(ApiRequests(), before) << "validation and planning must not call the OTC API";
}

// Requests per lifecycle (create with its wait, one refresh, destroy with
// its wait), recorded in the test XML and bounded.
TEST_F(ObsObjectE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  MakeBucket("edp-count");
  size_t start = ApiRequests();
  cty::Value obj = Converge(kObj, Null(kObj), Obj({{"bucket", S("edp-count")}, {"key", S("k")}, {"content", S("x")}}));
  ASSERT_FALSE(obj.IsNull());
  size_t after_obj_create = ApiRequests();
  cty::Value pol = Converge(kPol, Null(kPol), Pol("edp-count", Policy("edp-count", "GetObject")));
  ASSERT_FALSE(pol.IsNull());
  size_t after_pol_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kObj, obj).diagnostics), "");
  size_t after_obj_read = ApiRequests();
  ASSERT_EQ(Summaries(Read(kPol, pol).diagnostics), "");
  size_t after_pol_read = ApiRequests();
  Destroy(kObj, obj);
  size_t after_obj_destroy = ApiRequests();
  Destroy(kPol, pol);
  size_t after_pol_destroy = ApiRequests();
  const int obj_create = static_cast<int>(after_obj_create - start);
  const int pol_create = static_cast<int>(after_pol_create - after_obj_create);
  const int obj_read = static_cast<int>(after_obj_read - after_pol_create);
  const int pol_read = static_cast<int>(after_pol_read - after_obj_read);
  const int obj_destroy = static_cast<int>(after_obj_destroy - after_pol_read);
  const int pol_destroy = static_cast<int>(after_pol_destroy - after_obj_destroy);
  RecordProperty("object_create_requests", obj_create);
  RecordProperty("policy_create_requests", pol_create);
  RecordProperty("object_refresh_requests", obj_read);
  RecordProperty("policy_refresh_requests", pol_read);
  RecordProperty("object_destroy_requests", obj_destroy);
  RecordProperty("policy_destroy_requests", pol_destroy);
  std::printf("OBS requests per lifecycle: object create %d, refresh %d, destroy %d; policy create %d, "
              "refresh %d, destroy %d\n",
              obj_create, obj_read, obj_destroy, pol_create, pol_read, pol_destroy);
  // Object: (token + temporary keys +) PUT + HEAD; refresh HEAD; destroy
  // DELETE + versions GET + HEAD.
  EXPECT_LE(obj_create, 4);
  EXPECT_EQ(obj_read, 1);
  EXPECT_LE(obj_destroy, 3);
  // Policy: PUT; refresh GET; destroy DELETE + GET.
  EXPECT_LE(pol_create, 1);
  EXPECT_EQ(pol_read, 1);
  EXPECT_LE(pol_destroy, 2);
  DropBucket("edp-count");
}

}  // namespace
