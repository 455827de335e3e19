// Signing known answers: AWS's published SigV4 test-suite vectors and
// SDK-HMAC-SHA256 values computed step by step from api.md 1.5 (Python
// hashlib/hmac, not this code).
#include "otc/signer.h"

#include <gtest/gtest.h>

namespace otc {
namespace {

constexpr std::time_t k20150830T123600Z = 1440938160;
constexpr std::time_t k20240102T030405Z = 1704164645;

SigV4Params SuiteParams() {
  SigV4Params p;
  p.access_key = "AKIDEXAMPLE";
  p.secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  p.region = "us-east-1";
  p.service = "service";
  return p;
}

TEST(SigV4, GetVanilla) {
  HttpRequest req{"GET", "https://example.amazonaws.com/", {}, "", ""};
  SigV4Sign(req, SuiteParams(), k20150830T123600Z);
  EXPECT_EQ(HeaderValue(req.headers, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(HeaderValue(req.headers, "Host"), "example.amazonaws.com");
  EXPECT_EQ(HeaderValue(req.headers, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, GetVanillaQueryOrderKeyCase) {
  HttpRequest req{"GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", {}, "", ""};
  SigV4Sign(req, SuiteParams(), k20150830T123600Z);
  std::string authz(HeaderValue(req.headers, "Authorization"));
  EXPECT_NE(authz.find("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
            std::string::npos)
      << authz;
}

TEST(SigV4, PostXWwwFormUrlencoded) {
  HttpRequest req{"POST", "https://example.amazonaws.com/",
                  {{"Content-Type", "application/x-www-form-urlencoded"}}, "Param1=value1", ""};
  // The canonical request the suite publishes (creq file).
  HttpRequest probe = req;
  probe.headers.emplace_back("Host", "example.amazonaws.com");
  probe.headers.emplace_back("X-Amz-Date", "20150830T123600Z");
  std::string signed_headers;
  EXPECT_EQ(SigV4CanonicalRequest(probe, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                                  &signed_headers),
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  SigV4Sign(req, SuiteParams(), k20150830T123600Z);
  EXPECT_EQ(HeaderValue(req.headers, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(SigV4, S3AddsContentSha256AndSecurityToken) {
  SigV4Params p = SuiteParams();
  p.service = "s3";
  p.region = "eu-de";
  p.unsigned_payload = true;
  p.security_token = "tok";
  HttpRequest req{"PUT", "http://127.0.0.1:9000/bucket/key", {}, "data", ""};
  SigV4Sign(req, p, k20150830T123600Z);
  EXPECT_EQ(HeaderValue(req.headers, "X-Amz-Content-Sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(HeaderValue(req.headers, "Host"), "127.0.0.1:9000");
  std::string authz(HeaderValue(req.headers, "Authorization"));
  EXPECT_NE(authz.find("Credential=AKIDEXAMPLE/20150830/eu-de/s3/aws4_request"), std::string::npos) << authz;
  EXPECT_NE(authz.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"),
            std::string::npos)
      << authz;
  // Signed payload: the body's hash.
  p.unsigned_payload = false;
  HttpRequest req2{"PUT", "http://127.0.0.1:9000/bucket/key", {}, "", ""};
  SigV4Sign(req2, p, k20150830T123600Z);
  EXPECT_EQ(HeaderValue(req2.headers, "X-Amz-Content-Sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SdkHmac, CanonicalRequestAndSignatureGet) {
  HttpRequest req{"GET",
                  "https://vpc.eu-de.otc.t-systems.com/v1/pid123/vpcs?marker=abc&limit=10",
                  {{"Accept", "application/json"}, {"Content-Type", "application/json"}, {"User-Agent", "test-agent"}},
                  "", ""};
  SdkHmacSign(req, "AKTEST", "SKSECRET", k20240102T030405Z);
  EXPECT_EQ(HeaderValue(req.headers, "X-Sdk-Date"), "20240102T030405Z");
  std::string signed_headers;
  // Step 3 with the trailing '/' on the path, sorted query, sorted headers
  // (Authorization is present now, so canonicalise a copy without it).
  HttpRequest copy = req;
  copy.headers.erase(copy.headers.end() - 1);
  EXPECT_EQ(SdkCanonicalRequest(copy, &signed_headers),
            "GET\n/v1/pid123/vpcs/\nlimit=10&marker=abc\naccept:application/json\ncontent-type:application/json\n"
            "host:vpc.eu-de.otc.t-systems.com\nuser-agent:test-agent\nx-sdk-date:20240102T030405Z\n\n"
            "accept;content-type;host;user-agent;x-sdk-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(signed_headers, "accept;content-type;host;user-agent;x-sdk-date");
  EXPECT_EQ(HeaderValue(req.headers, "Authorization"),
            "SDK-HMAC-SHA256 Credential=AKTEST/20240102///sdk_request, "
            "SignedHeaders=accept;content-type;host;user-agent;x-sdk-date, "
            "Signature=e24a6bfe08dbbb46d408947dbe17d24e5710438473a5379f8ba93a9f030a55e4");
}

TEST(SdkHmac, PostWithBodyPortAndEncodedPath) {
  HttpRequest req{"POST", "http://127.0.0.1:8443/v1/p/a%20b",
                  {{"Accept", "application/json"}, {"Content-Type", "application/json"}},
                  R"({"vpc":{"name":"a b"}})", ""};
  SdkHmacSign(req, "AKTEST", "SKSECRET", k20240102T030405Z);
  EXPECT_EQ(HeaderValue(req.headers, "Host"), "127.0.0.1:8443");
  EXPECT_EQ(HeaderValue(req.headers, "Authorization"),
            "SDK-HMAC-SHA256 Credential=AKTEST/20240102///sdk_request, "
            "SignedHeaders=accept;content-type;host;x-sdk-date, "
            "Signature=2b41cc045d5edd5ad6accc923507dd25e129523c500e81927d6d2bc11cdf3710");
}

TEST(SdkHmac, BodylessPostSignsTheQueryAsPayload) {
  HttpRequest req{"POST", "https://iam.example.com/v3/x?b=2&a=1", {}, "", ""};
  SdkHmacSign(req, "AKTEST", "SKSECRET", k20240102T030405Z);
  EXPECT_EQ(HeaderValue(req.headers, "Authorization"),
            "SDK-HMAC-SHA256 Credential=AKTEST/20240102///sdk_request, SignedHeaders=host;x-sdk-date, "
            "Signature=a6b03f36af9103d4f3018ad885f951a71ac8aa464aa6a8792950a9ad9405f178");
}

TEST(SdkHmac, ResigningReplacesDateAndAuthorization) {
  HttpRequest req{"GET", "https://h/x", {}, "", ""};
  SdkHmacSign(req, "AK", "SK", k20240102T030405Z);
  SdkHmacSign(req, "AK", "SK", k20240102T030405Z + 60);
  int authz = 0, dates = 0;
  for (const auto& [k, v] : req.headers) {
    authz += k == "Authorization";
    dates += k == "X-Sdk-Date";
  }
  EXPECT_EQ(authz, 1);
  EXPECT_EQ(dates, 1);
  EXPECT_EQ(HeaderValue(req.headers, "X-Sdk-Date"), "20240102T030505Z");
}

TEST(UriEncoding, EncodesOutsideUnreserved) {
  EXPECT_EQ(UriEncode("a b/c~d", true), "a%20b/c~d");
  EXPECT_EQ(UriEncode("a b/c", false), "a%20b%2Fc");
  EXPECT_EQ(UriDecode("a%20b%2f%zz%"), "a b/%zz%");
}

TEST(Obs, VirtualHostForNamesPathStyleForIps) {
  EXPECT_EQ(ObsObjectUrl("https://obs.eu-de.otc.t-systems.com", "bucket-1", "dir/a b.txt"),
            "https://bucket-1.obs.eu-de.otc.t-systems.com/dir/a%20b.txt");
  EXPECT_EQ(ObsObjectUrl("https://obs.eu-de.otc.t-systems.com:443", "bucket-1", "", "acl"),
            "https://bucket-1.obs.eu-de.otc.t-systems.com:443/?acl");
  EXPECT_EQ(ObsObjectUrl("http://127.0.0.1:9000", "bucket-1", "k"), "http://127.0.0.1:9000/bucket-1/k");
  EXPECT_EQ(ObsObjectUrl("http://[::1]:9000", "b", ""), "http://[::1]:9000/b");
  EXPECT_EQ(ObsObjectUrl("http://localhost:9000", "b", "k"), "http://localhost:9000/b/k");
  EXPECT_TRUE(ObsUsesPathStyle("https://obs.eu-de.otc.t-systems.com", "My_Bucket"));
  EXPECT_TRUE(ObsUsesPathStyle("https://obs.eu-de.otc.t-systems.com", "a.b"));
  EXPECT_FALSE(ObsUsesPathStyle("http://obs.local", "a.b"));
  EXPECT_EQ(ObsObjectUrl("not a url", "b", "k"), "");
}

}  // namespace
}  // namespace otc
