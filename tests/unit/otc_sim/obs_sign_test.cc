// OBS/S3 signatures against published vectors (AWS SigV4 test suite, the S3
// SigV4 and V2 documentation examples) and the OBS XML reader.
#include <gtest/gtest.h>

#include "otcsim/obs_sign.h"
#include "xml/xml.h"
#include "otcsim/signer.h"

namespace otcsim {
namespace {

using xml::kMaxXmlDepth;
using xml::ParseXml;
using xml::WriteXml;

Request Make(const std::string& method, const std::string& target,
             std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.method = method;
  r.target = target;
  std::size_t q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.headers = std::move(headers);
  return r;
}

const char* kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string SignV4(const Request& r, const std::string& secret, const std::string& ak, const std::string& date,
                   const std::string& region, const std::string& service, const std::vector<std::string>& signed_h,
                   const std::string& payload, std::string* canonical = nullptr) {
  V4Credential cred;
  cred.access_key = ak;
  cred.date = date.substr(0, 8);
  cred.region = region;
  cred.service = service;
  std::string c = V4CanonicalRequest(r, signed_h, payload);
  if (canonical != nullptr) *canonical = c;
  std::string scope = cred.date + "/" + region + "/" + service + "/aws4_request";
  return V4Signature(secret, cred, V4StringToSign(date, scope, c));
}

// aws-sig-v4-test-suite (service "service", region us-east-1).
const char* kSuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

TEST(ObsSignV4, TestSuiteGetVanilla) {
  Request r = Make("GET", "/", {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}});
  std::string canonical;
  std::string sig = SignV4(r, kSuiteSecret, "AKIDEXAMPLE", "20150830T123600Z", "us-east-1", "service",
                           {"host", "x-amz-date"}, kEmptySha, &canonical);
  EXPECT_EQ(canonical,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
                std::string(kEmptySha));
  EXPECT_EQ(HexEncode(Sha256(canonical)), "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(sig, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(ObsSignV4, TestSuiteQueryOrderKeyCase) {
  Request r = Make("GET", "/?Param2=value2&Param1=value1",
                   {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}});
  std::string canonical;
  std::string sig = SignV4(r, kSuiteSecret, "AKIDEXAMPLE", "20150830T123600Z", "us-east-1", "service",
                           {"host", "x-amz-date"}, kEmptySha, &canonical);
  EXPECT_NE(canonical.find("\nParam1=value1&Param2=value2\n"), std::string::npos) << canonical;
  EXPECT_EQ(sig, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(ObsSignV4, TestSuitePostVanilla) {
  Request r = Make("POST", "/", {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}});
  EXPECT_EQ(SignV4(r, kSuiteSecret, "AKIDEXAMPLE", "20150830T123600Z", "us-east-1", "service",
                   {"host", "x-amz-date"}, kEmptySha),
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

// S3 documentation examples (bucket examplebucket, 2013-05-24).
const char* kS3Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const char* kS3Key = "AKIAIOSFODNN7EXAMPLE";

TEST(ObsSignV4, S3GetObjectWithRange) {
  Request r = Make("GET", "/test.txt",
                   {{"host", "examplebucket.s3.amazonaws.com"},
                    {"range", "bytes=0-9"},
                    {"x-amz-content-sha256", kEmptySha},
                    {"x-amz-date", "20130524T000000Z"}});
  EXPECT_EQ(SignV4(r, kS3Secret, kS3Key, "20130524T000000Z", "us-east-1", "s3",
                   {"host", "range", "x-amz-content-sha256", "x-amz-date"}, kEmptySha),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(ObsSignV4, S3PutObjectEncodesPath) {
  const std::string payload = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
  EXPECT_EQ(HexEncode(Sha256("Welcome to Amazon S3.")), payload);
  Request r = Make("PUT", "/test%24file.text",
                   {{"date", "Fri, 24 May 2013 00:00:00 GMT"},
                    {"host", "examplebucket.s3.amazonaws.com"},
                    {"x-amz-content-sha256", payload},
                    {"x-amz-date", "20130524T000000Z"},
                    {"x-amz-storage-class", "REDUCED_REDUNDANCY"}});
  std::string canonical;
  std::string sig = SignV4(r, kS3Secret, kS3Key, "20130524T000000Z", "us-east-1", "s3",
                           {"date", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-storage-class"}, payload,
                           &canonical);
  EXPECT_EQ(canonical.substr(0, 22), "PUT\n/test%24file.text\n");
  EXPECT_EQ(sig, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(ObsSignV4, S3GetLifecycleEmptyQueryValue) {
  Request r = Make("GET", "/?lifecycle",
                   {{"host", "examplebucket.s3.amazonaws.com"},
                    {"x-amz-content-sha256", kEmptySha},
                    {"x-amz-date", "20130524T000000Z"}});
  std::string canonical;
  std::string sig = SignV4(r, kS3Secret, kS3Key, "20130524T000000Z", "us-east-1", "s3",
                           {"host", "x-amz-content-sha256", "x-amz-date"}, kEmptySha, &canonical);
  EXPECT_NE(canonical.find("\nlifecycle=\n"), std::string::npos);
  EXPECT_EQ(sig, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(ObsSignV4, S3ListObjects) {
  Request r = Make("GET", "/?max-keys=2&prefix=J",
                   {{"host", "examplebucket.s3.amazonaws.com"},
                    {"x-amz-content-sha256", kEmptySha},
                    {"x-amz-date", "20130524T000000Z"}});
  EXPECT_EQ(SignV4(r, kS3Secret, kS3Key, "20130524T000000Z", "us-east-1", "s3",
                   {"host", "x-amz-content-sha256", "x-amz-date"}, kEmptySha),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(ObsSignV4, S3PresignedUrlLeavesSignatureOut) {
  Request r = Make("GET",
                   "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
                   "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders="
                   "host&X-Amz-Signature=ignored",
                   {{"host", "examplebucket.s3.amazonaws.com"}});
  EXPECT_EQ(SignV4(r, kS3Secret, kS3Key, "20130524T000000Z", "us-east-1", "s3", {"host"}, "UNSIGNED-PAYLOAD"),
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(ObsSignV4, ParsesAuthorizationAndRejectsMalformed) {
  V4Credential c;
  std::string err;
  ASSERT_TRUE(ParseV4Authorization(
      "AWS4-HMAC-SHA256 Credential=AK/20130524/eu-de/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab12",
      &c, &err))
      << err;
  EXPECT_EQ(c.access_key, "AK");
  EXPECT_EQ(c.region, "eu-de");
  EXPECT_EQ(c.service, "s3");
  EXPECT_EQ(c.signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(c.signature, "ab12");
  EXPECT_FALSE(ParseV4Authorization("AWS4-HMAC-SHA256 Credential=AK/2013/eu-de/s3/aws4_request, SignedHeaders=host, "
                                    "Signature=x",
                                    &c, &err));
  EXPECT_NE(err.find("Credential"), std::string::npos);
  err.clear();
  EXPECT_FALSE(ParseV4Authorization("AWS4-HMAC-SHA256 Credential=AK/20130524/eu-de/s3/aws4_request", &c, &err));
  EXPECT_NE(err.find("missing"), std::string::npos) << err;
}

// S3 V2 documentation examples (bucket johnsmith).
TEST(ObsSignV2, S3DocumentationExamples) {
  Request get = Make("GET", "/photos/puppy.jpg", {{"date", "Tue, 27 Mar 2007 19:36:42 +0000"}});
  std::string sts = V2StringToSign(get, "x-amz-", "/johnsmith/photos/puppy.jpg", "Tue, 27 Mar 2007 19:36:42 +0000");
  EXPECT_EQ(sts, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
  EXPECT_EQ(V2Signature(kS3Secret, sts), "bWq2s1WEIj+Ydj0vQ697zp+IXMU=");

  Request put = Make("PUT", "/photos/puppy.jpg",
                     {{"content-type", "image/jpeg"}, {"date", "Tue, 27 Mar 2007 21:15:45 +0000"}});
  EXPECT_EQ(V2Signature(kS3Secret, V2StringToSign(put, "x-amz-", "/johnsmith/photos/puppy.jpg",
                                                  "Tue, 27 Mar 2007 21:15:45 +0000")),
            "MyyxeRY7whkBe+bq8fHCL/2kKUg=");

  Request list = Make("GET", "/?prefix=photos&max-keys=50&marker=puppy", {});
  EXPECT_EQ(V2Signature(kS3Secret, V2StringToSign(list, "x-amz-", "/johnsmith/", "Tue, 27 Mar 2007 19:42:41 +0000")),
            "htDYFYduRNen8P9ZfE/s9SuKy0U=");

  Request acl = Make("GET", "/?acl", {});
  std::string acl_sts = V2StringToSign(acl, "x-amz-", "/johnsmith/", "Tue, 27 Mar 2007 19:44:46 +0000");
  EXPECT_EQ(acl_sts, "GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl");
  EXPECT_EQ(V2Signature(kS3Secret, acl_sts), "c2WLPFtWHVgbEmeEG93a4cG37dM=");

  // Query-string authentication: Expires takes the Date line.
  Request pre = Make("GET", "/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=x", {});
  std::string pre_sts = V2StringToSign(pre, "x-amz-", "/johnsmith/photos/puppy.jpg", "1175139620");
  EXPECT_EQ(pre_sts, "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg");
  EXPECT_EQ(V2Signature(kS3Secret, pre_sts), "NpgCjnDzrM+WFzoENXmpNDUsSn8=");
}

TEST(ObsSignV2, CanonicalHeadersAndSubResources) {
  Request r = Make("PUT", "/b/k?uploadId=7&partNumber=2&foo=bar",
                   {{"x-obs-meta-b", " two "}, {"x-obs-acl", "private"}, {"x-amz-meta-ignored", "x"},
                    {"x-obs-meta-b", "three"}, {"content-md5", "MD5"}, {"content-type", "text/plain"}});
  std::string sts = V2StringToSign(r, "x-obs-", "/b/k", "");
  EXPECT_EQ(sts, "PUT\nMD5\ntext/plain\n\nx-obs-acl:private\nx-obs-meta-b:two,three\n/b/k?partNumber=2&uploadId=7");
}

TEST(ObsSignHelpers, Base64Md5Dates) {
  EXPECT_EQ(Base64Encode("Man"), "TWFu");
  EXPECT_EQ(Base64Encode("Ma"), "TWE=");
  EXPECT_EQ(Base64Encode("M"), "TQ==");
  EXPECT_EQ(Base64Decode("TWE="), std::optional<std::string>("Ma"));
  EXPECT_FALSE(Base64Decode("TWE"));
  EXPECT_FALSE(Base64Decode("T=E="));
  EXPECT_FALSE(Base64Decode("TW!="));
  EXPECT_EQ(HexEncode(Md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Base64Encode(HmacSha1("key", "The quick brown fox jumps over the lazy dog")),
            "3nybhbi3iqa8ino29wqQcBydtNk=");
  EXPECT_EQ(ParseHttpDate("Tue, 27 Mar 2007 19:36:42 GMT"), std::optional<int64_t>(1175024202));
  EXPECT_EQ(ParseHttpDate("Tue, 27 Mar 2007 19:36:42 +0000"), std::optional<int64_t>(1175024202));
  EXPECT_EQ(ParseAmzDate("20070327T193642Z"), std::optional<int64_t>(1175024202));
  EXPECT_EQ(HttpDate(1175024202), "Tue, 27 Mar 2007 19:36:42 GMT");
  EXPECT_FALSE(ParseHttpDate("yesterday"));
  EXPECT_FALSE(ParseHttpDate("Tue, 32 Mar 2007 19:36:42 GMT"));
  EXPECT_FALSE(ParseAmzDate("20071327T193642Z"));
}

TEST(ObsXml, ParsesNamespacesEntitiesAndCdata) {
  std::string err;
  auto n = ParseXml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->"
      "<s3:Tagging xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>a&amp;b</Key>"
      "<Value><![CDATA[<x>]]>&#65;&#x42;</Value></Tag><Tag><Key>k2</Key><Value/></Tag></TagSet></s3:Tagging>",
      &err);
  ASSERT_TRUE(n) << err;
  EXPECT_EQ(n->name, "Tagging");
  auto tags = n->Child("TagSet")->All("Tag");
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0]->ChildText("Key"), "a&b");
  EXPECT_EQ(tags[0]->ChildText("Value"), "<x>AB");
  EXPECT_EQ(tags[1]->ChildText("Value"), "");
  EXPECT_EQ(WriteXml(*n->Child("TagSet")->Child("Tag"), "ns"),
            "<Tag xmlns=\"ns\"><Key>a&amp;b</Key><Value>&lt;x&gt;AB</Value></Tag>");
}

TEST(ObsXml, RejectsMalformedInputWithMessage) {
  const char* bad[] = {"",          "<a>",          "<a></b>",         "<a>&bogus;</a>", "<a x=1></a>",
                       "<a></a><b/>", "<!DOCTYPE a><a/>", "<a>&#0;</a>", "text", "<a><![CDATA[x</a>",
                       "<a>&#x110000;</a>"};
  for (const char* doc : bad) {
    std::string err;
    EXPECT_FALSE(ParseXml(doc, &err)) << doc;
    EXPECT_FALSE(err.empty()) << doc;
  }
  std::string deep;
  for (int i = 0; i < kMaxXmlDepth + 1; ++i) deep += "<a>";
  for (int i = 0; i < kMaxXmlDepth + 1; ++i) deep += "</a>";
  std::string err;
  EXPECT_FALSE(ParseXml(deep, &err));
  EXPECT_NE(err.find("deeply"), std::string::npos) << err;
}

}  // namespace
}  // namespace otcsim
