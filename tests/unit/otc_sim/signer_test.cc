// SDK-HMAC-SHA256 against the steps of api.md 1.5. The expected signatures
// were computed by an independent script following those steps (Python
// hashlib/hmac), not by this implementation.
#include <gtest/gtest.h>

#include "otcsim/signer.h"

namespace otcsim {
namespace {

Request SampleGet() {
  Request r;
  r.method = "GET";
  r.path = "/v1/p1/vpcs";
  r.query = "marker=a%20b&Limit=10&limit=5";
  r.headers = {{"accept", "application/json"},
               {"content-type", "application/json"},
               {"host", "127.0.0.1:8080"},
               {"user-agent", "golangsdk/2.0.0"},
               {"x-sdk-date", "20240101T100000Z"},
               {"x-project-id", "p1"}};
  return r;
}

const std::vector<std::string> kSigned = {"accept", "content-type", "host", "user-agent", "x-sdk-date"};

TEST(SdkSigner, CanonicalRequest) {
  EXPECT_EQ(SdkCanonicalRequest(SampleGet(), kSigned),
            "GET\n/v1/p1/vpcs/\nLimit=10&limit=5&marker=a%20b\n"
            "accept:application/json\ncontent-type:application/json\nhost:127.0.0.1:8080\n"
            "user-agent:golangsdk/2.0.0\nx-sdk-date:20240101T100000Z\n\n"
            "accept;content-type;host;user-agent;x-sdk-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SdkSigner, ScopedAndGatewayVariants) {
  std::string cr = SdkCanonicalRequest(SampleGet(), kSigned);
  EXPECT_EQ(SdkSignature("SK", "20240101T100000Z", "20240101///sdk_request", cr),
            "5a684a2611b6c7aa645a4efdc52bd48004d7a76e5ba7785375e6d27b1122cc9e");
  EXPECT_EQ(SdkSignature("SK", "20240101T100000Z", "", cr),
            "86820aaebdd9eaf99f971f5f90bc5dabe7f561700a804c1f162fc6ae68f9a836");
}

TEST(SdkSigner, PostWithBody) {
  Request r = SampleGet();
  r.method = "POST";
  r.query.clear();
  r.body = R"({"vpc":{"name":"a"}})";
  EXPECT_EQ(SdkSignature("SK", "20240101T100000Z", "20240101///sdk_request", SdkCanonicalRequest(r, kSigned)),
            "e8a74055d9d5b92167d9eca2461ead27ee8dc2b332387e3450316e75134e0202");
}

TEST(SdkSigner, BodylessPostHashesQueryAndEmptiesQueryLine) {
  Request r = SampleGet();
  r.method = "POST";
  r.query = "a=1";
  std::string cr = SdkCanonicalRequest(r, {"host"});
  EXPECT_EQ(cr, "POST\n/v1/p1/vpcs/\n\nhost:127.0.0.1:8080\n\nhost\n" + HexEncode(Sha256("a=1")));
}

TEST(SdkSigner, EscapingAndHeaderWhitespace) {
  EXPECT_EQ(SdkEscape("a b/c~*", true), "a%20b/c~%2A");
  EXPECT_EQ(SdkEscape("a/b", false), "a%2Fb");
  Request r;
  r.method = "GET";
  r.path = "/x%20y";
  r.headers = {{"x-a", "one   two\t three"}};
  EXPECT_EQ(SdkCanonicalRequest(r, {"x-a"}),
            "GET\n/x%20y/\n\nx-a:one two three\n\nx-a\n" + HexEncode(Sha256("")));
}

TEST(SdkSigner, ParseAuthorization) {
  SdkAuthorization a;
  ASSERT_TRUE(ParseSdkAuthorization(
      "SDK-HMAC-SHA256 Credential=AK1/20240101///sdk_request, SignedHeaders=host;x-sdk-date, Signature=ab12", &a));
  EXPECT_EQ(a.access_key, "AK1");
  EXPECT_EQ(a.scope, "20240101///sdk_request");
  EXPECT_TRUE(a.scoped);
  EXPECT_EQ(a.signed_headers, (std::vector<std::string>{"host", "x-sdk-date"}));
  EXPECT_EQ(a.signature, "ab12");
  ASSERT_TRUE(ParseSdkAuthorization("SDK-HMAC-SHA256 Access=AK2, SignedHeaders=host, Signature=ff", &a));
  EXPECT_FALSE(a.scoped);
  EXPECT_EQ(a.access_key, "AK2");
  EXPECT_FALSE(ParseSdkAuthorization("AWS4-HMAC-SHA256 Credential=x", &a));
  EXPECT_FALSE(ParseSdkAuthorization("SDK-HMAC-SHA256 Access=AK2, Signature=ff", &a));
}

}  // namespace
}  // namespace otcsim
