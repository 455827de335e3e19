// edp_obs_bucket without an API: the OBS XML documents it sends and reads
// (obs_bucket_xml.h), the bucket name rules and the plan-time validation of
// the resource (ValidateConfig with attribute paths).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core_sim.h"
#include "framework/resource.h"
#include "obs_bucket_xml.h"
#include "resources/resources.h"

namespace {

namespace ox = resources::obsxml;
using edptest::Summaries;

xml::XmlNode Parse(const std::string& doc) {
  std::string err;
  auto n = xml::ParseXml(doc, &err);
  EXPECT_TRUE(n.has_value()) << err << "\n" << doc;
  return n.value_or(xml::XmlNode{});
}

TEST(ObsBucketNameTest, AcceptsValidNames) {
  for (const std::string& n : {std::string("abc"), std::string("my-bucket"), std::string("logs.2024"),
                               std::string("a1b"), std::string("0-9"), std::string(63, 'a')}) {
    EXPECT_EQ(ox::CheckBucketName(n), "") << n;
  }
}

TEST(ObsBucketNameTest, RejectsEachRuleWithItsReason) {
  struct Case {
    std::string name, why;
  } cases[] = {
      {"ab", "must be 3 to 63 characters long, got 2"},
      {std::string(64, 'a'), "must be 3 to 63 characters long, got 64"},
      {"My-Bucket", "may contain only lower-case letters, digits, '-' and '.', got 'M'"},
      {"under_score", "may contain only lower-case letters, digits, '-' and '.', got '_'"},
      {"-abc", "must start and end with a lower-case letter or digit"},
      {"abc.", "must start and end with a lower-case letter or digit"},
      {"a..b", "must not contain \"..\""},
      {"a-.b", "must not contain \"-.\" or \".-\""},
      {"a.-b", "must not contain \"-.\" or \".-\""},
      {"192.168.1.1", "must not look like an IP address"},
  };
  for (const auto& c : cases) EXPECT_EQ(ox::CheckBucketName(c.name), c.why) << c.name;
  EXPECT_EQ(ox::CheckBucketName("1.2.3"), "");  // three parts: not an address
}

TEST(ObsBucketXmlTest, StorageClassesNormaliseBothSpellings) {
  EXPECT_EQ(ox::NormalizeStorageClass("STANDARD_IA"), "WARM");
  EXPECT_EQ(ox::NormalizeStorageClass("GLACIER"), "COLD");
  EXPECT_EQ(ox::NormalizeStorageClass(" WARM "), "WARM");
  EXPECT_EQ(ox::S3StorageClass("COLD"), "GLACIER");
  EXPECT_EQ(ox::BuildStoragePolicy("WARM"),
            "<StoragePolicy><DefaultStorageClass>STANDARD_IA</DefaultStorageClass></StoragePolicy>");
  EXPECT_EQ(ox::ParseStorageClass(Parse("<StorageClass>COLD</StorageClass>")), "COLD");
  EXPECT_EQ(ox::ParseStorageClass(
                Parse("<StoragePolicy><DefaultStorageClass>GLACIER</DefaultStorageClass></StoragePolicy>")),
            "COLD");
}

TEST(ObsBucketXmlTest, Versioning) {
  EXPECT_EQ(ox::BuildVersioning(true), "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
  EXPECT_EQ(ox::BuildVersioning(false),
            "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>");
  EXPECT_EQ(ox::ParseVersioning(Parse("<VersioningConfiguration xmlns=\"x\"/>")), "");
  EXPECT_EQ(ox::ParseVersioning(Parse("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")),
            "Enabled");
}

TEST(ObsBucketXmlTest, CannedAclFromGrants) {
  auto policy = [](const std::string& grants) {
    return Parse("<AccessControlPolicy><Owner><ID>d1</ID></Owner><AccessControlList><Grant><Grantee><ID>d1</ID>"
                 "</Grantee><Permission>FULL_CONTROL</Permission></Grant>" +
                 grants + "</AccessControlList></AccessControlPolicy>");
  };
  const std::string all_read =
      "<Grant><Grantee><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>"
      "<Permission>READ</Permission></Grant>";
  const std::string all_write =
      "<Grant><Grantee><Canned>Everyone</Canned></Grantee><Permission>WRITE</Permission></Grant>";
  const std::string log =
      "<Grant><Grantee><URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI></Grantee>"
      "<Permission>WRITE</Permission></Grant><Grant><Grantee><Canned>LogDelivery</Canned></Grantee>"
      "<Permission>READ_ACP</Permission></Grant>";
  EXPECT_EQ(ox::CannedAclFromPolicy(policy("")), "private");
  EXPECT_EQ(ox::CannedAclFromPolicy(policy(all_read)), "public-read");
  EXPECT_EQ(ox::CannedAclFromPolicy(policy(all_read + all_write)), "public-read-write");
  EXPECT_EQ(ox::CannedAclFromPolicy(policy(log)), "log-delivery-write");
  // Another account's grant is no canned ACL.
  EXPECT_EQ(ox::CannedAclFromPolicy(policy("<Grant><Grantee><ID>other</ID></Grantee><Permission>READ</Permission>"
                                           "</Grant>")),
            "");
  EXPECT_EQ(ox::CannedAclFromPolicy(Parse("<AccessControlPolicy/>")), "");
}

TEST(ObsBucketXmlTest, LoggingOnAndOff) {
  EXPECT_EQ(ox::BuildLogging(std::nullopt), "<BucketLoggingStatus></BucketLoggingStatus>");
  std::string on = ox::BuildLogging(ox::Logging{"logs-bucket", "logs/"});
  EXPECT_EQ(on,
            "<BucketLoggingStatus><LoggingEnabled><TargetBucket>logs-bucket</TargetBucket><TargetPrefix>logs/"
            "</TargetPrefix></LoggingEnabled></BucketLoggingStatus>");
  EXPECT_EQ(ox::ParseLogging(Parse(on)), (ox::Logging{"logs-bucket", "logs/"}));
  EXPECT_EQ(ox::ParseLogging(Parse("<BucketLoggingStatus/>")), std::nullopt);
}

TEST(ObsBucketXmlTest, LifecycleRoundTrip) {
  ox::LifecycleRule a;
  a.name = "logs";
  a.prefix = "logs/";
  a.expiration_days = 365;
  a.transitions = {{30, "WARM"}, {60, "COLD"}};
  ox::LifecycleRule b;
  b.name = "old";
  b.enabled = false;
  b.noncurrent_expiration_days = 90;
  b.noncurrent_transitions = {{10, "COLD"}};
  std::string doc = ox::BuildLifecycle({a, b});
  EXPECT_NE(doc.find("<Rule><ID>logs</ID><Prefix>logs/</Prefix><Status>Enabled</Status><Transition><Days>30</Days>"
                     "<StorageClass>STANDARD_IA</StorageClass></Transition>"),
            std::string::npos)
      << doc;
  EXPECT_NE(doc.find("<NoncurrentVersionExpiration><NoncurrentDays>90</NoncurrentDays>"), std::string::npos) << doc;
  auto back = ox::ParseLifecycle(Parse(doc));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0], a);
  EXPECT_EQ(back[1], b);
  // A rule with a Filter/Prefix (S3 style) keeps its prefix.
  auto f = ox::ParseLifecycle(Parse("<LifecycleConfiguration><Rule><ID>x</ID><Filter><Prefix>p/</Prefix></Filter>"
                                    "<Status>Enabled</Status><Expiration><Days>bad</Days></Expiration></Rule>"
                                    "</LifecycleConfiguration>"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].prefix, "p/");
  EXPECT_EQ(f[0].expiration_days, std::nullopt);  // not a number: ignored, never a crash
}

TEST(ObsBucketXmlTest, CorsRoundTrip) {
  ox::CorsRule r;
  r.allowed_origins = {"https://a.example", "*"};
  r.allowed_methods = {"GET", "PUT"};
  r.allowed_headers = {"*"};
  r.expose_headers = {"ETag"};
  r.max_age_seconds = 300;
  std::string doc = ox::BuildCors({r});
  auto back = ox::ParseCors(Parse(doc));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0], r);
}

TEST(ObsBucketXmlTest, WebsiteWithRoutingRules) {
  ox::Website w;
  w.index_document = "index.html";
  w.error_document = "error.html";
  w.routing_rules = R"([ {"Condition": {"KeyPrefixEquals": "docs/"},
                          "Redirect": {"ReplaceKeyPrefixWith": "documents/", "HttpRedirectCode": 301}} ])";
  std::string err;
  auto doc = ox::BuildWebsite(w, &err);
  ASSERT_TRUE(doc) << err;
  EXPECT_NE(doc->find("<RoutingRules><RoutingRule><Condition><KeyPrefixEquals>docs/</KeyPrefixEquals></Condition>"
                      "<Redirect><HttpRedirectCode>301</HttpRedirectCode>"),
            std::string::npos)
      << *doc;
  ox::Website back = ox::ParseWebsite(Parse(*doc));
  EXPECT_EQ(back.index_document, "index.html");
  EXPECT_EQ(back.error_document, "error.html");
  // Read back as strings and compact, yet equivalent to what was written.
  EXPECT_NE(back.routing_rules, w.routing_rules);
  EXPECT_TRUE(ox::RoutingRulesEquivalent(back.routing_rules, w.routing_rules)) << back.routing_rules;
  EXPECT_FALSE(ox::RoutingRulesEquivalent(back.routing_rules, "[]"));
}

TEST(ObsBucketXmlTest, WebsiteRedirectAll) {
  std::string err;
  auto doc = ox::BuildWebsite(ox::Website{"", "", "https://example.com", ""}, &err);
  ASSERT_TRUE(doc);
  EXPECT_EQ(*doc,
            "<WebsiteConfiguration><RedirectAllRequestsTo><HostName>example.com</HostName><Protocol>https</Protocol>"
            "</RedirectAllRequestsTo></WebsiteConfiguration>");
  EXPECT_EQ(ox::ParseWebsite(Parse(*doc)).redirect_all_requests_to, "https://example.com");
  auto plain = ox::BuildWebsite(ox::Website{"", "", "example.com", ""}, &err);
  EXPECT_EQ(ox::ParseWebsite(Parse(*plain)).redirect_all_requests_to, "example.com");
}

TEST(ObsBucketXmlTest, RoutingRulesAreChecked) {
  EXPECT_EQ(ox::CheckRoutingRules("[]"), "");
  EXPECT_EQ(ox::CheckRoutingRules("{"), "is not valid JSON");
  EXPECT_EQ(ox::CheckRoutingRules("{}"), "must be a JSON array of routing rules");
  EXPECT_EQ(ox::CheckRoutingRules("[1]"), "rule 0: must be an object with \"Condition\" and \"Redirect\"");
  EXPECT_EQ(ox::CheckRoutingRules(R"([{"Condition": {}}])"), "rule 0: needs a \"Redirect\" object");
  EXPECT_EQ(ox::CheckRoutingRules(R"([{"Redirect": {"Host": "x"}}])"),
            "rule 0: unknown Redirect field \"Host\" (allowed: HostName, HttpRedirectCode, Protocol, "
            "ReplaceKeyPrefixWith, ReplaceKeyWith)");
  EXPECT_EQ(ox::CheckRoutingRules(R"([{"Redirect": {"HostName": ["x"]}}])"),
            "rule 0: Redirect.HostName must be a string");
  std::string err;
  EXPECT_FALSE(ox::BuildWebsite(ox::Website{"index.html", "", "", "[1]"}, &err));
  EXPECT_EQ(err, "routing_rules rule 0: must be an object with \"Condition\" and \"Redirect\"");
}

TEST(ObsBucketXmlTest, TagsEncryptionWormDomains) {
  std::map<std::string, std::string> tags = {{"env", "test"}, {"team", "a&b"}};
  std::string t = ox::BuildTagging(tags);
  EXPECT_NE(t.find("<Value>a&amp;b</Value>"), std::string::npos) << t;
  EXPECT_EQ(ox::ParseTagging(Parse(t)), tags);
  EXPECT_TRUE(ox::ParseTagging(Parse("<Tagging/>")).empty());

  ox::Encryption e{"kms", "key-1"};
  EXPECT_EQ(ox::ParseEncryption(Parse(ox::BuildEncryption(e))), e);
  EXPECT_EQ(ox::ParseEncryption(Parse("<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
                                      "<SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
                                      "</Rule></ServerSideEncryptionConfiguration>")),
            (ox::Encryption{"kms", ""}));
  EXPECT_EQ(ox::ParseEncryption(Parse("<ServerSideEncryptionConfiguration/>")), std::nullopt);

  EXPECT_EQ(ox::ParseObjectLock(Parse(ox::BuildObjectLock({0, 2}))), (ox::Worm{0, 2}));
  EXPECT_EQ(ox::ParseObjectLock(Parse(ox::BuildObjectLock({30, 0}))), (ox::Worm{30, 0}));
  EXPECT_EQ(ox::ParseObjectLock(Parse("<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                                      "</ObjectLockConfiguration>")),
            std::nullopt);

  EXPECT_EQ(ox::ParseCustomDomains(Parse("<ListBucketCustomDomainsResult><Domains><DomainName>b.example</DomainName>"
                                         "</Domains><Domains><DomainName>a.example</DomainName></Domains>"
                                         "</ListBucketCustomDomainsResult>")),
            (std::vector<std::string>{"a.example", "b.example"}));
}

TEST(ObsBucketXmlTest, VersionsAndMultiDelete) {
  auto page = ox::ParseVersions(Parse(
      "<ListVersionsResult><Name>b</Name><IsTruncated>true</IsTruncated><NextKeyMarker>k2</NextKeyMarker>"
      "<NextVersionIdMarker>v2</NextVersionIdMarker><Version><Key>k1</Key><VersionId>v1</VersionId></Version>"
      "<DeleteMarker><Key>k2</Key><VersionId>v2</VersionId></DeleteMarker></ListVersionsResult>"));
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_key_marker, "k2");
  ASSERT_EQ(page.versions.size(), 2u);
  EXPECT_EQ(page.versions[1], (ox::ObjectVersion{"k2", "v2"}));
  EXPECT_EQ(ox::BuildDelete({{"a<b", "null"}, {"c", ""}}),
            "<Delete><Quiet>true</Quiet><Object><Key>a&lt;b</Key><VersionId>null</VersionId></Object><Object>"
            "<Key>c</Key></Object></Delete>");
  auto errors = ox::ParseDeleteErrors(Parse("<DeleteResult><Error><Key>k</Key><VersionId>v</VersionId>"
                                            "<Code>AccessDenied</Code><Message>locked</Message></Error>"
                                            "</DeleteResult>"));
  EXPECT_EQ(errors, (std::vector<std::string>{"k (version v): AccessDenied: locked"}));
}

// ---- ValidateConfig of the resource -------------------------------------------

class ObsBucketValidateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto& f : resources::AllResources()) {
      if (!f) continue;
      auto r = f();
      framework::ResourceMetadataResponse m;
      r->Metadata(ctx_, {"edp"}, m);
      if (m.type_name != "edp_obs_bucket") continue;
      framework::ResourceSchemaResponse s;
      r->Schema(ctx_, {}, s);
      block_ = s.schema.block;
      resource_ = std::move(r);
    }
    ASSERT_TRUE(resource_) << "edp_obs_bucket is not registered";
  }
  std::string Validate(const std::map<std::string, cty::Value>& set) {
    auto* v = dynamic_cast<framework::ResourceWithValidateConfig*>(resource_.get());
    EXPECT_NE(v, nullptr);
    if (v == nullptr) return "";
    framework::ValidateConfigRequest req;
    req.config = edptest::ConfigOf(block_, set);
    framework::ValidateConfigResponse resp;
    v->ValidateConfig(ctx_, req, resp);
    last_ = resp.diagnostics;
    return Summaries(resp.diagnostics);
  }
  cty::Value Block(const std::string& name, std::vector<std::map<std::string, cty::Value>> elems) {
    const framework::NestedBlock* nb = block_.FindBlock(name);
    EXPECT_NE(nb, nullptr) << name;
    std::vector<cty::Value> out;
    for (const auto& e : elems) out.push_back(edptest::ConfigOf(*nb->block, e));
    cty::Type et = nb->block->ImpliedType();
    return nb->nesting == framework::NestingMode::kSet ? cty::Value::Set(et, out) : cty::Value::List(et, out);
  }
  static cty::Value S(const std::string& s) { return cty::Value::String(s); }

  framework::Context ctx_;
  framework::Block block_;
  std::unique_ptr<framework::Resource> resource_;
  tfplugin::Diagnostics last_;
};

TEST_F(ObsBucketValidateTest, GoodConfigurationPasses) {
  EXPECT_EQ(Validate({{"bucket", S("good-bucket")},
                      {"versioning", cty::Value::True()},
                      {"worm_policy", Block("worm_policy", {{{"days", cty::Value::Int(1)}}})}}),
            "");
  // Unknown values (from other resources) are not judged yet.
  EXPECT_EQ(Validate({{"bucket", cty::Value::Unknown(cty::Type::String())}}), "");
}

TEST_F(ObsBucketValidateTest, BucketNameRulesAtTheAttribute) {
  EXPECT_EQ(Validate({{"bucket", S("Bad_Name")}}), "Error: Invalid Bucket Name [at bucket]");
  ASSERT_EQ(last_.size(), 1u);
  EXPECT_NE(last_[0].detail.find("\"Bad_Name\" may contain only lower-case letters"), std::string::npos)
      << last_[0].detail;
  EXPECT_EQ(Validate({{"bucket", S("10.0.0.1")}}), "Error: Invalid Bucket Name [at bucket]");
}

TEST_F(ObsBucketValidateTest, WormNeedsVersioning) {
  EXPECT_EQ(Validate({{"bucket", S("worm-bucket")},
                      {"worm_policy", Block("worm_policy", {{{"years", cty::Value::Int(1)}}})}}),
            "Error: WORM Needs Versioning [at worm_policy]");
}

TEST_F(ObsBucketValidateTest, LifecycleRules) {
  const framework::NestedBlock* lr = block_.FindBlock("lifecycle_rule");
  ASSERT_NE(lr, nullptr);
  auto sub = [&](const std::string& name, std::vector<std::map<std::string, cty::Value>> elems) {
    const framework::NestedBlock* nb = lr->block->FindBlock(name);
    std::vector<cty::Value> out;
    for (const auto& e : elems) out.push_back(edptest::ConfigOf(*nb->block, e));
    cty::Type et = nb->block->ImpliedType();
    return nb->nesting == framework::NestingMode::kSet ? cty::Value::Set(et, out) : cty::Value::List(et, out);
  };
  cty::Value no_action = Block("lifecycle_rule", {{{"name", S("a")}, {"enabled", cty::Value::True()}}});
  EXPECT_EQ(Validate({{"bucket", S("lc-bucket")}, {"lifecycle_rule", no_action}}),
            "Error: Lifecycle Rule Without Action [at lifecycle_rule[0]]");
  cty::Value dup = Block("lifecycle_rule",
                         {{{"name", S("a")}, {"enabled", cty::Value::True()},
                           {"expiration", sub("expiration", {{{"days", cty::Value::Int(5)}}})}},
                          {{"name", S("a")}, {"enabled", cty::Value::True()},
                           {"expiration", sub("expiration", {{{"days", cty::Value::Int(5)}}})}}});
  EXPECT_EQ(Validate({{"bucket", S("lc-bucket")}, {"lifecycle_rule", dup}}),
            "Error: Duplicate Lifecycle Rule Name [at lifecycle_rule[1].name]");
  cty::Value late = Block(
      "lifecycle_rule",
      {{{"name", S("a")}, {"enabled", cty::Value::True()},
        {"expiration", sub("expiration", {{{"days", cty::Value::Int(30)}}})},
        {"transition", sub("transition", {{{"days", cty::Value::Int(40)}, {"storage_class", S("COLD")}}})}}});
  EXPECT_EQ(Validate({{"bucket", S("lc-bucket")}, {"lifecycle_rule", late}}),
            "Error: Transition After Expiration [at lifecycle_rule[0].transition[0].days]");
}

TEST_F(ObsBucketValidateTest, WebsiteAndTags) {
  EXPECT_EQ(Validate({{"bucket", S("web-bucket")},
                      {"website", Block("website", {{{"index_document", S("index.html")},
                                                      {"routing_rules", S("{not json")}}})}}),
            "Error: Invalid Routing Rules [at website[0].routing_rules]");
  EXPECT_EQ(Validate({{"bucket", S("web-bucket")}, {"website", Block("website", {{{"error_document", S("e.html")}}})}}),
            "Error: Incomplete Website Configuration [at website[0]]");
  EXPECT_EQ(Validate({{"bucket", S("web-bucket")},
                      {"website", Block("website", {{{"redirect_all_requests_to", S("ftp://x")}}})}}),
            "Error: Invalid Redirect Target [at website[0].redirect_all_requests_to]");
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"bad key", S("v")}, {"ok", S(std::string(44, 'v'))}});
  EXPECT_EQ(Validate({{"bucket", S("tag-bucket")}, {"tags", tags}}),
            "Error: Invalid Tag Key [at tags[\"bad key\"]]\nError: Invalid Tag Value [at tags[\"ok\"]]");
}

}  // namespace
