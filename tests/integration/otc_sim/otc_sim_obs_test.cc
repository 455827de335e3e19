// OBS (api.md section 5) against the real otc-sim binary on its own OBS
// listener: buckets, sub-resources, objects, versions, multipart, the
// OBS/AWS V2/AWS V4 signatures, faults and --state persistence.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include <gtest/gtest.h>

#include "otcsim/obs_sign.h"
#include "otcsim/signer.h"
#include "sim_process.h"

namespace otcsim_test {
namespace {

enum class Sig { kObs, kAwsV2, kV4, kNone };

std::string Now() { return otcsim::HttpDate(std::time(nullptr)); }

std::string AmzNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string Md5B64(const std::string& s) { return otcsim::Base64Encode(otcsim::Md5(s)); }

class Obs : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    ASSERT_TRUE(sim_.ready().contains("obs")) << sim_.ready().dump();
    obs_ = sim_.ready()["obs"].get<std::string>();
    host_ = obs_.substr(obs_.find("//") + 2);
    ak_ = sim_.cred("access_key");
    sk_ = sim_.cred("secret_key");
  }

  // Sends a signed request. `target` is "/bucket/key?query" (path style);
  // `headers` are "Name: value" strings. A Content-Type is always sent for
  // bodies so that curl does not add its own (it is signed).
  HttpResult Call(const std::string& method, const std::string& target, const std::string& body = "",
                  std::vector<std::string> headers = {}, Sig sig = Sig::kObs, const std::string& secret = "",
                  const std::string& host = "") {
    bool has_ct = false;
    for (const auto& h : headers) has_ct = has_ct || h.rfind("Content-Type:", 0) == 0;
    if (!has_ct && (method == "PUT" || method == "POST" || !body.empty())) headers.push_back("Content-Type: application/octet-stream");
    std::string sk = secret.empty() ? sk_ : secret;
    otcsim::Request r;
    r.method = method;
    std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    std::string h = host.empty() ? host_ : host;
    if (!host.empty()) headers.push_back("Host: " + host);
    if (sig == Sig::kV4) {
      headers.push_back("x-amz-date: " + AmzNow());
      headers.push_back("x-amz-content-sha256: " + otcsim::HexEncode(otcsim::Sha256(body)));
    } else if (sig != Sig::kNone) {
      headers.push_back("Date: " + Now());
    }
    for (const auto& hd : headers) {
      std::size_t colon = hd.find(':');
      std::string name = hd.substr(0, colon), value = hd.substr(colon + 1);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers.emplace_back(name, value);
    }
    if (host.empty()) r.headers.emplace_back("host", h);
    if (sig == Sig::kObs || sig == Sig::kAwsV2) {
      std::string prefix = sig == Sig::kObs ? "x-obs-" : "x-amz-";
      // Path-style resource: the target path itself ("/bucket/key").
      std::string resource = r.path;
      if (!host.empty() && host.find(".localhost") != std::string::npos) {
        resource = "/" + host.substr(0, host.find(".localhost")) + r.path;
      } else if (std::count(resource.begin(), resource.end(), '/') == 1 && resource.size() > 1) {
        resource += "/";
      }
      std::string sts = otcsim::V2StringToSign(r, prefix, resource, std::string(r.header("date")));
      headers.push_back(std::string("Authorization: ") + (sig == Sig::kObs ? "OBS " : "AWS ") + ak_ + ":" +
                        otcsim::V2Signature(sk, sts));
    } else if (sig == Sig::kV4) {
      otcsim::V4Credential cred;
      cred.access_key = ak_;
      cred.date = AmzNow().substr(0, 8);
      cred.region = "eu-de";
      cred.service = "s3";
      std::vector<std::string> sh = {"host", "x-amz-content-sha256", "x-amz-date"};
      std::string canonical =
          otcsim::V4CanonicalRequest(r, sh, otcsim::HexEncode(otcsim::Sha256(body)));
      std::string scope = cred.date + "/eu-de/s3/aws4_request";
      std::string sig4 = otcsim::V4Signature(sk, cred, otcsim::V4StringToSign(r.header("x-amz-date"), scope, canonical));
      headers.push_back("Authorization: AWS4-HMAC-SHA256 Credential=" + ak_ + "/" + scope +
                        ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + sig4);
    }
    return Http(method, obs_ + target, body, headers);
  }

  static std::string Code(const HttpResult& r) {
    std::size_t a = r.body.find("<Code>"), b = r.body.find("</Code>");
    return a == std::string::npos || b == std::string::npos ? "" : r.body.substr(a + 6, b - a - 6);
  }
  void MakeBucket(const std::string& b, std::vector<std::string> headers = {}) {
    auto r = Call("PUT", "/" + b,
                  "<CreateBucketConfiguration><Location>eu-de</Location></CreateBucketConfiguration>",
                  std::move(headers));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  json Resources() { return Http("GET", sim_.http() + "/_sim/resources").Json()["resources"]; }

  SimProcess sim_{{"--seed", "9", "--https-listen", "off"}};
  std::string obs_, host_, ak_, sk_;
};

TEST_F(Obs, ReadyLineAndCatalogPointAtTheObsListener) {
  EXPECT_NE(obs_, sim_.http());
  std::string token = ProjectToken(sim_);
  ASSERT_FALSE(token.empty());
  auto r = Http("GET", sim_.http() + "/v3/auth/catalog", "", {"X-Auth-Token: " + token});
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  json catalog = r.Json()["catalog"];
  for (const auto& e : catalog) {
    if (e["type"] == "object") {
      found = true;
      EXPECT_EQ(e["endpoints"][0]["url"], obs_);
    }
  }
  EXPECT_TRUE(found) << r.body.substr(0, 3000);
}

TEST_F(Obs, BucketLifecycleAndValidation) {
  MakeBucket("tf-bucket-1", {"x-obs-acl: private", "x-obs-storage-class: WARM"});
  auto head = Call("HEAD", "/tf-bucket-1");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["x-obs-bucket-location"], "eu-de");
  EXPECT_EQ(head.headers["x-obs-storage-class"], "WARM");
  EXPECT_EQ(head.headers["x-obs-version"], "3.0");
  EXPECT_FALSE(head.headers["x-obs-request-id"].empty());

  auto again = Call("PUT", "/tf-bucket-1");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Code(again), "BucketAlreadyOwnedByYou");
  EXPECT_NE(again.body.find("<RequestId>"), std::string::npos);
  EXPECT_NE(again.body.find("<HostId>"), std::string::npos);
  EXPECT_EQ(again.headers["content-type"], "application/xml");

  auto loc = Call("PUT", "/tf-bucket-2", "<CreateBucketConfiguration><Location>eu-nl</Location></CreateBucketConfiguration>");
  EXPECT_EQ(loc.status, 400);
  EXPECT_EQ(Code(loc), "IllegalLocationConstraintException");
  auto name = Call("PUT", "/Bad_Name");
  EXPECT_EQ(name.status, 400);
  EXPECT_EQ(Code(name), "InvalidBucketName");
  EXPECT_EQ(Code(Call("PUT", "/192.168.1.1")), "InvalidBucketName");
  auto cls = Call("PUT", "/tf-bucket-3", "", {"x-obs-storage-class: FROZEN"});
  EXPECT_EQ(Code(cls), "InvalidStorageClass");
  auto xml = Call("PUT", "/tf-bucket-3", "<CreateBucketConfiguration><Location>eu-de");
  EXPECT_EQ(xml.status, 400);
  EXPECT_EQ(Code(xml), "MalformedXML");

  auto list = Call("GET", "/");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("<Name>tf-bucket-1</Name>"), std::string::npos);
  EXPECT_EQ(list.body.find("tf-bucket-2"), std::string::npos);

  // Read sub-resources the provider needs (api.md 5.4).
  auto sc = Call("GET", "/tf-bucket-1?storageClass");
  EXPECT_EQ(sc.status, 200);
  EXPECT_NE(sc.body.find(">WARM</StorageClass>"), std::string::npos) << sc.body;
  auto sp = Call("GET", "/tf-bucket-1?storagePolicy", "", {}, Sig::kAwsV2);
  EXPECT_NE(sp.body.find("<DefaultStorageClass>STANDARD_IA</DefaultStorageClass>"), std::string::npos) << sp.body;
  auto notif = Call("GET", "/tf-bucket-1?notification");
  EXPECT_EQ(notif.status, 200);
  EXPECT_NE(notif.body.find("<NotificationConfiguration"), std::string::npos);
  EXPECT_EQ(Call("GET", "/tf-bucket-1?customdomain").status, 200);
  auto logging = Call("GET", "/tf-bucket-1?logging");
  EXPECT_EQ(logging.status, 200);
  EXPECT_NE(logging.body.find("<BucketLoggingStatus"), std::string::npos);
  auto ver = Call("GET", "/tf-bucket-1?versioning");
  EXPECT_EQ(ver.status, 200);
  EXPECT_EQ(ver.body.find("<Status>"), std::string::npos);
  for (auto [sub, code] : std::vector<std::pair<std::string, std::string>>{
           {"lifecycle", "NoSuchLifecycleConfiguration"}, {"website", "NoSuchWebsiteConfiguration"},
           {"cors", "NoSuchCORSConfiguration"}, {"tagging", "NoSuchTagSet"},
           {"encryption", "NoSuchEncryptionConfiguration"}, {"policy", "NoSuchBucketPolicy"}}) {
    auto r = Call("GET", "/tf-bucket-1?" + sub);
    EXPECT_EQ(r.status, 404) << sub;
    EXPECT_EQ(Code(r), code) << sub;
  }
  auto acl = Call("GET", "/tf-bucket-1?acl");
  EXPECT_EQ(acl.status, 200);
  EXPECT_NE(acl.body.find("<Permission>FULL_CONTROL</Permission>"), std::string::npos);
  EXPECT_EQ(Call("PUT", "/tf-bucket-1?acl", "", {"x-obs-acl: public-read"}).status, 200);
  EXPECT_NE(Call("GET", "/tf-bucket-1?acl").body.find("<Canned>Everyone</Canned>"), std::string::npos);
  EXPECT_EQ(Code(Call("PUT", "/tf-bucket-1?acl", "", {"x-obs-acl: everybody"})), "InvalidArgument");

  // Not empty -> 409; after the object is gone the bucket deletes and
  // nothing is left in the simulator's inventory.
  ASSERT_EQ(Call("PUT", "/tf-bucket-1/a.txt", "hello").status, 200);
  auto busy = Call("DELETE", "/tf-bucket-1");
  EXPECT_EQ(busy.status, 409);
  EXPECT_EQ(Code(busy), "BucketNotEmpty");
  EXPECT_EQ(Call("DELETE", "/tf-bucket-1/a.txt").status, 204);
  EXPECT_EQ(Call("DELETE", "/tf-bucket-1").status, 204);
  auto gone = Call("HEAD", "/tf-bucket-1");
  EXPECT_EQ(gone.status, 404);
  EXPECT_TRUE(gone.body.empty());
  EXPECT_EQ(Code(Call("GET", "/tf-bucket-1?acl")), "NoSuchBucket");
  json res = Resources();
  for (const char* k : {"obs_bucket", "obs_object", "obs_upload"}) {
    EXPECT_TRUE(!res.contains(k) || res[k].empty()) << k << ": " << res.dump();
  }
}

TEST_F(Obs, ConfigurationDocuments) {
  MakeBucket("cfg-bucket");
  std::string lc =
      "<LifecycleConfiguration><Rule><ID>r1</ID><Prefix>logs/</Prefix><Status>Enabled</Status>"
      "<Expiration><Days>30</Days></Expiration><Transition><Days>10</Days><StorageClass>COLD</StorageClass>"
      "</Transition></Rule></LifecycleConfiguration>";
  auto no_md5 = Call("PUT", "/cfg-bucket?lifecycle", lc);
  EXPECT_EQ(no_md5.status, 400);
  EXPECT_EQ(Code(no_md5), "InvalidRequest");
  EXPECT_NE(no_md5.body.find("Content-MD5"), std::string::npos);
  auto bad_md5 = Call("PUT", "/cfg-bucket?lifecycle", lc, {"Content-MD5: " + Md5B64("other")});
  EXPECT_EQ(Code(bad_md5), "BadDigest");
  EXPECT_EQ(Call("PUT", "/cfg-bucket?lifecycle", lc, {"Content-MD5: " + Md5B64(lc)}).status, 200);
  auto got = Call("GET", "/cfg-bucket?lifecycle");
  EXPECT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("<ID>r1</ID>"), std::string::npos) << got.body;
  EXPECT_NE(got.body.find("<StorageClass>COLD</StorageClass>"), std::string::npos);
  std::string bad = "<LifecycleConfiguration><Rule><ID>r1</ID><Prefix/><Status>On</Status></Rule></LifecycleConfiguration>";
  auto invalid = Call("PUT", "/cfg-bucket?lifecycle", bad, {"Content-MD5: " + Md5B64(bad)});
  EXPECT_EQ(Code(invalid), "MalformedXML");
  EXPECT_NE(invalid.body.find("Enabled or Disabled"), std::string::npos) << invalid.body;
  EXPECT_EQ(Call("DELETE", "/cfg-bucket?lifecycle").status, 204);
  EXPECT_EQ(Call("GET", "/cfg-bucket?lifecycle").status, 404);

  std::string tags = "<Tagging><TagSet><Tag><Key>env</Key><Value>test</Value></Tag></TagSet></Tagging>";
  EXPECT_EQ(Call("PUT", "/cfg-bucket?tagging", tags, {"Content-MD5: " + Md5B64(tags)}).status, 204);
  EXPECT_NE(Call("GET", "/cfg-bucket?tagging").body.find("<Key>env</Key>"), std::string::npos);
  std::string dup = "<Tagging><TagSet><Tag><Key>a</Key><Value/></Tag><Tag><Key>a</Key><Value/></Tag></TagSet></Tagging>";
  EXPECT_EQ(Code(Call("PUT", "/cfg-bucket?tagging", dup, {"Content-MD5: " + Md5B64(dup)})), "InvalidTag");

  std::string web = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>";
  EXPECT_EQ(Call("PUT", "/cfg-bucket?website", web).status, 200);
  EXPECT_NE(Call("GET", "/cfg-bucket?website").body.find("<Suffix>index.html</Suffix>"), std::string::npos);
  std::string cors = "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin>"
                     "</CORSRule></CORSConfiguration>";
  EXPECT_EQ(Call("PUT", "/cfg-bucket?cors", cors, {"Content-MD5: " + Md5B64(cors)}).status, 200);
  std::string badcors = "<CORSConfiguration><CORSRule><AllowedMethod>PATCH</AllowedMethod><AllowedOrigin>*</AllowedOrigin>"
                        "</CORSRule></CORSConfiguration>";
  EXPECT_EQ(Code(Call("PUT", "/cfg-bucket?cors", badcors, {"Content-MD5: " + Md5B64(badcors)})), "MalformedXML");
  std::string enc = "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>kms"
                    "</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>";
  EXPECT_EQ(Call("PUT", "/cfg-bucket?encryption", enc).status, 204);
  EXPECT_EQ(Call("GET", "/cfg-bucket?encryption").status, 200);
  std::string logging = "<BucketLoggingStatus><Agency>a</Agency><LoggingEnabled><TargetBucket>nope-bucket</TargetBucket>"
                        "<TargetPrefix>l/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>";
  EXPECT_EQ(Code(Call("PUT", "/cfg-bucket?logging", logging)), "InvalidTargetBucketForLogging");

  auto malformed_policy = Call("PUT", "/cfg-bucket?policy", "{\"Statement\": [", {"Content-Type: application/json"});
  EXPECT_EQ(malformed_policy.status, 400);
  EXPECT_EQ(Code(malformed_policy), "MalformedPolicy");
  std::string other = R"({"Statement":[{"Sid":"1","Effect":"Allow","Principal":{"ID":["*"]},"Action":["GetObject"],"Resource":["other/*"]}]})";
  EXPECT_EQ(Code(Call("PUT", "/cfg-bucket?policy", other, {"Content-Type: application/json"})), "MalformedPolicy");
  std::string policy = R"({"Statement":[{"Sid":"1","Effect":"Allow","Principal":{"ID":["domain/x:user/*"]},"Action":["GetObject"],"Resource":["cfg-bucket/*"]}]})";
  EXPECT_EQ(Call("PUT", "/cfg-bucket?policy", policy, {"Content-Type: application/json"}).status, 204);
  auto gp = Call("GET", "/cfg-bucket?policy");
  EXPECT_EQ(gp.status, 200);
  EXPECT_EQ(gp.Json()["Statement"][0]["Sid"], "1");
  EXPECT_EQ(Call("DELETE", "/cfg-bucket?policy").status, 204);
  EXPECT_EQ(Code(Call("GET", "/cfg-bucket?policy")), "NoSuchBucketPolicy");
}

TEST_F(Obs, ObjectsRangesAndListing) {
  MakeBucket("obj-bucket");
  std::string data = "0123456789abcdef";
  auto put = Call("PUT", "/obj-bucket/dir/a.txt", data, {"Content-Type: text/plain", "x-obs-meta-owner: me",
                                                           "Content-MD5: " + Md5B64(data)});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.headers["etag"], "\"" + otcsim::HexEncode(otcsim::Md5(data)) + "\"");
  EXPECT_EQ(put.headers.count("x-obs-version-id"), 0u);
  auto bad = Call("PUT", "/obj-bucket/x", "abc", {"Content-MD5: " + Md5B64("abd")});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Code(bad), "BadDigest");
  EXPECT_EQ(Code(Call("PUT", "/obj-bucket/x", "abc", {"Content-MD5: nope"})), "InvalidDigest");
  EXPECT_EQ(Code(Call("PUT", "/no-such-bucket/x", "abc")), "NoSuchBucket");

  auto get = Call("GET", "/obj-bucket/dir/a.txt");
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, data);
  EXPECT_EQ(get.headers["content-type"], "text/plain");
  EXPECT_EQ(get.headers["x-obs-meta-owner"], "me");
  auto range = Call("GET", "/obj-bucket/dir/a.txt", "", {"Range: bytes=2-5"});
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, "2345");
  EXPECT_EQ(range.headers["content-range"], "bytes 2-5/16");
  EXPECT_EQ(Call("GET", "/obj-bucket/dir/a.txt", "", {"Range: bytes=-3"}).body, "def");
  auto unsat = Call("GET", "/obj-bucket/dir/a.txt", "", {"Range: bytes=100-"});
  EXPECT_EQ(unsat.status, 416);
  EXPECT_EQ(Code(unsat), "InvalidRange");
  auto head = Call("HEAD", "/obj-bucket/dir/a.txt");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], "16");
  EXPECT_EQ(Call("GET", "/obj-bucket/dir/a.txt", "", {"If-None-Match: " + put.headers["etag"]}).status, 304);
  EXPECT_EQ(Call("GET", "/obj-bucket/dir/a.txt", "", {"If-Match: \"abc\""}).status, 412);
  auto missing = Call("GET", "/obj-bucket/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Code(missing), "NoSuchKey");

  for (std::string k : {"dir/b.txt", "dir/sub/c.txt", "top.txt", "z.txt"}) {
    ASSERT_EQ(Call("PUT", "/obj-bucket/" + k, k).status, 200);
  }
  auto l1 = Call("GET", "/obj-bucket?prefix=dir/&delimiter=/");
  EXPECT_EQ(l1.status, 200);
  EXPECT_NE(l1.body.find("<Key>dir/a.txt</Key>"), std::string::npos) << l1.body;
  EXPECT_NE(l1.body.find("<Key>dir/b.txt</Key>"), std::string::npos);
  EXPECT_NE(l1.body.find("<CommonPrefixes><Prefix>dir/sub/</Prefix></CommonPrefixes>"), std::string::npos);
  EXPECT_EQ(l1.body.find("top.txt"), std::string::npos);
  EXPECT_NE(l1.body.find("<ETag>&quot;"), std::string::npos);
  auto page = Call("GET", "/obj-bucket?max-keys=2");
  EXPECT_NE(page.body.find("<IsTruncated>true</IsTruncated>"), std::string::npos);
  EXPECT_NE(page.body.find("<NextMarker>dir/b.txt</NextMarker>"), std::string::npos) << page.body;
  auto page2 = Call("GET", "/obj-bucket?max-keys=2&marker=dir/b.txt");
  EXPECT_NE(page2.body.find("<Key>dir/sub/c.txt</Key><"), std::string::npos) << page2.body;
  EXPECT_NE(page2.body.find("<Key>top.txt</Key>"), std::string::npos);
  EXPECT_EQ(Code(Call("GET", "/obj-bucket?max-keys=-1")), "InvalidArgument");

  // v2 with continuation tokens walks every key exactly once.
  std::vector<std::string> seen;
  std::string token;
  for (int i = 0; i < 10; ++i) {
    std::string q = "/obj-bucket?list-type=2&max-keys=2";
    if (!token.empty()) q += "&continuation-token=" + otcsim::UriEncode(token, false);
    auto r = Call("GET", q);
    ASSERT_EQ(r.status, 200) << r.body;
    for (std::size_t p = r.body.find("<Key>"); p != std::string::npos; p = r.body.find("<Key>", p + 1)) {
      seen.push_back(r.body.substr(p + 5, r.body.find("</Key>", p) - p - 5));
    }
    std::size_t t = r.body.find("<NextContinuationToken>");
    if (t == std::string::npos) break;
    token = r.body.substr(t + 23, r.body.find("</NextContinuationToken>") - t - 23);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"dir/a.txt", "dir/b.txt", "dir/sub/c.txt", "top.txt", "z.txt"}));
  EXPECT_EQ(Code(Call("GET", "/obj-bucket?list-type=2&continuation-token=garbage")), "InvalidArgument");

  auto copy = Call("PUT", "/obj-bucket/copy.txt", "", {"x-obs-copy-source: /obj-bucket/dir/a.txt"});
  EXPECT_EQ(copy.status, 200) << copy.body;
  EXPECT_NE(copy.body.find("<CopyObjectResult"), std::string::npos);
  EXPECT_EQ(Call("GET", "/obj-bucket/copy.txt").body, data);
  EXPECT_EQ(Code(Call("PUT", "/obj-bucket/copy2", "", {"x-obs-copy-source: /obj-bucket/none"})), "NoSuchKey");
}

TEST_F(Obs, VersioningDeleteMarkersAndMultiDelete) {
  MakeBucket("ver-bucket");
  std::string vc = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
  ASSERT_EQ(Call("PUT", "/ver-bucket?versioning", vc).status, 200);
  EXPECT_EQ(Code(Call("PUT", "/ver-bucket?versioning", "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>")),
            "MalformedXML");
  auto v1 = Call("PUT", "/ver-bucket/k", "one");
  auto v2 = Call("PUT", "/ver-bucket/k", "two");
  ASSERT_FALSE(v1.headers["x-obs-version-id"].empty());
  ASSERT_NE(v1.headers["x-obs-version-id"], v2.headers["x-obs-version-id"]);
  EXPECT_EQ(Call("GET", "/ver-bucket/k").body, "two");
  EXPECT_EQ(Call("GET", "/ver-bucket/k?versionId=" + v1.headers["x-obs-version-id"]).body, "one");
  auto del = Call("DELETE", "/ver-bucket/k");
  EXPECT_EQ(del.status, 204);
  EXPECT_EQ(del.headers["x-obs-delete-marker"], "true");
  auto after = Call("GET", "/ver-bucket/k");
  EXPECT_EQ(after.status, 404);
  EXPECT_EQ(after.headers["x-obs-delete-marker"], "true");
  auto versions = Call("GET", "/ver-bucket?versions");
  EXPECT_EQ(versions.status, 200);
  EXPECT_NE(versions.body.find("<DeleteMarker><Key>k</Key>"), std::string::npos) << versions.body;
  EXPECT_NE(versions.body.find("<VersionId>" + v1.headers["x-obs-version-id"] + "</VersionId>"), std::string::npos);
  auto page = Call("GET", "/ver-bucket?versions&max-keys=1");
  EXPECT_NE(page.body.find("<NextKeyMarker>k</NextKeyMarker>"), std::string::npos) << page.body;
  EXPECT_EQ(Code(Call("DELETE", "/ver-bucket")), "BucketNotEmpty");

  // force_destroy path: delete every version with POST ?delete.
  std::string body = "<Delete><Quiet>true</Quiet>";
  for (std::size_t p = versions.body.find("<VersionId>"); p != std::string::npos;
       p = versions.body.find("<VersionId>", p + 1)) {
    body += "<Object><Key>k</Key><VersionId>" +
            versions.body.substr(p + 11, versions.body.find("</VersionId>", p) - p - 11) + "</VersionId></Object>";
  }
  body += "</Delete>";
  EXPECT_EQ(Code(Call("POST", "/ver-bucket?delete", body)), "InvalidRequest");  // Content-MD5 required
  auto md = Call("POST", "/ver-bucket?delete", body, {"Content-MD5: " + Md5B64(body)});
  EXPECT_EQ(md.status, 200) << md.body;
  EXPECT_NE(md.body.find("<DeleteResult"), std::string::npos);
  EXPECT_EQ(md.body.find("<Error>"), std::string::npos) << md.body;
  EXPECT_EQ(Call("DELETE", "/ver-bucket").status, 204);
}

TEST_F(Obs, MultipartUpload) {
  MakeBucket("mp-bucket");
  auto init = Call("POST", "/mp-bucket/big.bin?uploads");
  ASSERT_EQ(init.status, 200) << init.body;
  std::size_t a = init.body.find("<UploadId>"), b = init.body.find("</UploadId>");
  ASSERT_NE(a, std::string::npos);
  std::string id = init.body.substr(a + 10, b - a - 10);
  std::string p1(100 * 1024, 'a'), p2 = "tail";
  auto u1 = Call("PUT", "/mp-bucket/big.bin?partNumber=1&uploadId=" + id, p1);
  auto u2 = Call("PUT", "/mp-bucket/big.bin?partNumber=2&uploadId=" + id, p2);
  ASSERT_EQ(u1.status, 200) << u1.body;
  ASSERT_EQ(u2.status, 200);
  EXPECT_EQ(Code(Call("PUT", "/mp-bucket/big.bin?partNumber=0&uploadId=" + id, "x")), "InvalidArgument");
  EXPECT_EQ(Code(Call("PUT", "/mp-bucket/big.bin?partNumber=1&uploadId=nope", "x")), "NoSuchUpload");
  auto parts = Call("GET", "/mp-bucket/big.bin?uploadId=" + id);
  EXPECT_NE(parts.body.find("<PartNumber>2</PartNumber>"), std::string::npos) << parts.body;
  EXPECT_NE(Call("GET", "/mp-bucket?uploads").body.find("<UploadId>" + id + "</UploadId>"), std::string::npos);
  auto part = [](int n, const std::string& etag) {
    return "<Part><PartNumber>" + std::to_string(n) + "</PartNumber><ETag>" + etag + "</ETag></Part>";
  };
  std::string e1 = u1.headers["etag"], e2 = u2.headers["etag"];
  auto order = Call("POST", "/mp-bucket/big.bin?uploadId=" + id,
                    "<CompleteMultipartUpload>" + part(2, e2) + part(1, e1) + "</CompleteMultipartUpload>");
  EXPECT_EQ(Code(order), "InvalidPartOrder");
  auto wrong = Call("POST", "/mp-bucket/big.bin?uploadId=" + id,
                    "<CompleteMultipartUpload>" + part(1, e2) + part(2, e2) + "</CompleteMultipartUpload>");
  EXPECT_EQ(Code(wrong), "InvalidPart");
  auto small = Call("POST", "/mp-bucket/big.bin?uploadId=" + id,
                    "<CompleteMultipartUpload>" + part(2, e2) + "</CompleteMultipartUpload>");
  EXPECT_EQ(small.status, 200);  // a single (last) part may be small

  // The first upload is complete now; start another for the fail fault.
  auto init2 = Call("POST", "/mp-bucket/two.bin?uploads");
  std::size_t s2 = init2.body.find("<UploadId>");
  ASSERT_NE(s2, std::string::npos) << init2.body;
  std::string id2 = init2.body.substr(s2 + 10, init2.body.find("</UploadId>") - s2 - 10);
  auto w1 = Call("PUT", "/mp-bucket/two.bin?partNumber=1&uploadId=" + id2, p1);
  auto w2 = Call("PUT", "/mp-bucket/two.bin?partNumber=2&uploadId=" + id2, p2);
  std::string done = "<CompleteMultipartUpload>" + part(1, w1.headers["etag"]) + part(2, w2.headers["etag"]) +
                     "</CompleteMultipartUpload>";
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/faults", R"({"spec":"obs:fail"})", {"Content-Type: application/json"}).status,
            200);
  auto failed = Call("POST", "/mp-bucket/two.bin?uploadId=" + id2, done);
  EXPECT_EQ(failed.status, 200);
  EXPECT_EQ(Code(failed), "InternalError");
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status, 204);
  auto ok = Call("POST", "/mp-bucket/two.bin?uploadId=" + id2, done);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("-2&quot;</ETag>"), std::string::npos) << ok.body;
  auto got = Call("GET", "/mp-bucket/two.bin");
  EXPECT_EQ(got.body.size(), p1.size() + p2.size());
  EXPECT_EQ(got.body.substr(p1.size()), "tail");
  EXPECT_EQ(Code(Call("DELETE", "/mp-bucket/two.bin?uploadId=" + id2)), "NoSuchUpload");
}

TEST_F(Obs, SignaturesAndAddressing) {
  MakeBucket("sig-bucket");
  ASSERT_EQ(Call("PUT", "/sig-bucket/k", "data").status, 200);
  // AWS V2 (path style, as the OBS SDK does for IP endpoints).
  auto v2 = Call("GET", "/sig-bucket/k", "", {}, Sig::kAwsV2);
  EXPECT_EQ(v2.status, 200);
  EXPECT_EQ(v2.body, "data");
  EXPECT_FALSE(v2.headers["x-amz-request-id"].empty());
  // AWS V4 header with a signed payload.
  auto v4 = Call("PUT", "/sig-bucket/v4", "payload", {}, Sig::kV4);
  EXPECT_EQ(v4.status, 200) << v4.body;
  EXPECT_EQ(Call("GET", "/sig-bucket/v4", "", {}, Sig::kV4).body, "payload");
  // Wrong secret / unknown key.
  auto wrong = Call("GET", "/sig-bucket/k", "", {}, Sig::kObs, "not-the-secret");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(Code(wrong), "SignatureDoesNotMatch");
  EXPECT_NE(wrong.body.find("<StringToSign>GET"), std::string::npos);
  EXPECT_EQ(wrong.body.find(sk_), std::string::npos);
  auto wrong4 = Call("GET", "/sig-bucket/k", "", {}, Sig::kV4, "not-the-secret");
  EXPECT_EQ(Code(wrong4), "SignatureDoesNotMatch");
  auto unknown = Http("GET", obs_ + "/sig-bucket/k", "", {"Date: " + Now(), "Authorization: OBS NOBODY:abc="});
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(Code(unknown), "InvalidAccessKeyId");
  auto skew = Http("GET", obs_ + "/sig-bucket/k", "",
                   {"Date: Tue, 27 Mar 2007 19:36:42 GMT", "Authorization: OBS " + ak_ + ":abc="});
  EXPECT_EQ(Code(skew), "RequestTimeTooSkewed");
  // V4 payload hash mismatch.
  auto mismatch = Http("PUT", obs_ + "/sig-bucket/m", "body",
                       {"Content-Type: text/plain", "x-amz-date: " + AmzNow(),
                        "x-amz-content-sha256: " + otcsim::HexEncode(otcsim::Sha256("other")),
                        "Authorization: AWS4-HMAC-SHA256 Credential=" + ak_ + "/" + AmzNow().substr(0, 8) +
                            "/eu-de/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"});
  EXPECT_EQ(Code(mismatch), "XAmzContentSHA256Mismatch");
  auto region = Http("GET", obs_ + "/sig-bucket/k", "",
                     {"x-amz-date: " + AmzNow(), "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                      "Authorization: AWS4-HMAC-SHA256 Credential=" + ak_ + "/" + AmzNow().substr(0, 8) +
                          "/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"});
  EXPECT_EQ(region.status, 400);
  EXPECT_EQ(Code(region), "AuthorizationHeaderMalformed");
  EXPECT_NE(region.body.find("expecting 'eu-de'"), std::string::npos);

  // Presigned V2 (OBS and AWS query forms).
  long expires = static_cast<long>(std::time(nullptr)) + 300;
  otcsim::Request r;
  r.method = "GET";
  r.path = "/sig-bucket/k";
  std::string sts = otcsim::V2StringToSign(r, "x-amz-", "/sig-bucket/k", std::to_string(expires));
  auto pre = Http("GET", obs_ + "/sig-bucket/k?AWSAccessKeyId=" + ak_ + "&Expires=" + std::to_string(expires) +
                             "&Signature=" + otcsim::UriEncode(otcsim::V2Signature(sk_, sts), false));
  EXPECT_EQ(pre.status, 200) << pre.body;
  EXPECT_EQ(pre.body, "data");
  auto expired = Http("GET", obs_ + "/sig-bucket/k?AccessKeyId=" + ak_ + "&Expires=1000&Signature=x");
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("Request has expired"), std::string::npos);
  // Presigned V4.
  std::string date = AmzNow();
  std::string q = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + ak_ + "%2F" + date.substr(0, 8) +
                  "%2Feu-de%2Fs3%2Faws4_request&X-Amz-Date=" + date + "&X-Amz-Expires=300&X-Amz-SignedHeaders=host";
  otcsim::Request r4;
  r4.method = "GET";
  r4.path = "/sig-bucket/k";
  r4.query = q;
  r4.headers = {{"host", host_}};
  otcsim::V4Credential cred;
  cred.access_key = ak_;
  cred.date = date.substr(0, 8);
  cred.region = "eu-de";
  cred.service = "s3";
  std::string canonical = otcsim::V4CanonicalRequest(r4, {"host"}, "UNSIGNED-PAYLOAD");
  std::string sig = otcsim::V4Signature(
      sk_, cred, otcsim::V4StringToSign(date, cred.date + "/eu-de/s3/aws4_request", canonical));
  auto pre4 = Http("GET", obs_ + "/sig-bucket/k?" + q + "&X-Amz-Signature=" + sig);
  EXPECT_EQ(pre4.status, 200) << pre4.body;
  EXPECT_EQ(Code(Http("GET", obs_ + "/sig-bucket/k?" + q + "&X-Amz-Signature=00")), "SignatureDoesNotMatch");

  // Anonymous: private bucket denied, public-read allowed.
  auto anon = Http("GET", obs_ + "/sig-bucket/k");
  EXPECT_EQ(anon.status, 403);
  EXPECT_EQ(Code(anon), "AccessDenied");
  ASSERT_EQ(Call("PUT", "/sig-bucket?acl", "", {"x-obs-acl: public-read"}).status, 200);
  EXPECT_EQ(Http("GET", obs_ + "/sig-bucket/k").body, "data");
  EXPECT_EQ(Http("PUT", obs_ + "/sig-bucket/anon", "x", {"Content-Type: text/plain"}).status, 403);

  // Virtual-host style: Host "<bucket>.localhost:port", OBS signature over /bucket/key.
  std::string port = host_.substr(host_.rfind(':') + 1);
  auto vh = Call("GET", "/k", "", {}, Sig::kObs, "", "sig-bucket.localhost:" + port);
  EXPECT_EQ(vh.status, 200) << vh.body;
  EXPECT_EQ(vh.body, "data");
  auto vh2 = Http("GET", obs_ + "/?acl", "", {"Host: sig-bucket.obs.eu-de.example.com"});
  EXPECT_EQ(vh2.status, 403);  // anonymous ACL read, but routed to the bucket (not NoSuchBucket)
  EXPECT_EQ(Code(vh2), "AccessDenied");
}

TEST_F(Obs, BadInputNeverCrashes) {
  MakeBucket("bad-bucket");
  for (const std::string& doc : {std::string("<"), std::string("<a><b></a>"), std::string("\x01\x02\xff"),
                                 std::string(100000, '<')}) {
    auto r = Call("PUT", "/bad-bucket?website", doc);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Code(r), "MalformedXML");
  }
  EXPECT_EQ(Call("PATCH", "/bad-bucket/k", "x").status, 405);
  EXPECT_EQ(Code(Call("GET", "/bad-bucket?replication")), "NotImplemented");
  EXPECT_EQ(Code(Call("GET", "/bad-bucket/" + std::string(1100, 'k'))), "NoSuchKey");
  EXPECT_EQ(Code(Call("PUT", "/bad-bucket/" + std::string(1100, 'k'), "x")), "KeyTooLongError");

  // A body above the limit is refused from its Content-Length.
  std::string hostport = host_;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::stoi(hostport.substr(hostport.rfind(':') + 1))));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string req = "PUT /bad-bucket/huge HTTP/1.1\r\nHost: " + hostport + "\r\nContent-Length: " +
                    std::to_string(70 * 1024 * 1024) + "\r\n\r\n";
  ASSERT_EQ(send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
  std::string resp;
  char buf[4096];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    resp.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 400") << resp;
  EXPECT_NE(resp.find("<Code>EntityTooLarge</Code>"), std::string::npos) << resp;

  // Injected 503 answers with the OBS XML error.
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/faults", R"({"spec":"obs:503"})", {"Content-Type: application/json"}).status,
            200);
  auto f = Call("GET", "/bad-bucket?acl");
  EXPECT_EQ(f.status, 503);
  EXPECT_EQ(Code(f), "ServiceUnavailable");
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status, 204);
  EXPECT_EQ(Call("GET", "/bad-bucket?acl").status, 200);
}

TEST_F(Obs, NotFoundAfterCreateFault) {
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/faults", R"({"spec":"obs:404-after-create=10"})",
                 {"Content-Type: application/json"})
                .status,
            200);
  MakeBucket("late-bucket");
  auto hidden = Call("HEAD", "/late-bucket");
  EXPECT_EQ(hidden.status, 404);
  auto get = Call("GET", "/late-bucket?acl");
  EXPECT_EQ(get.status, 404);
  EXPECT_EQ(Code(get), "NoSuchBucket");
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/clock/advance", R"({"seconds":11})", {"Content-Type: application/json"})
                .status,
            200);
  EXPECT_EQ(Call("HEAD", "/late-bucket").status, 200);
}

TEST_F(Obs, TemporaryCredentialsNeedTheirSecurityToken) {
  MakeBucket("tmp-bucket");
  std::string token = ProjectToken(sim_);
  ASSERT_FALSE(token.empty());
  auto st = Http("POST", sim_.http() + "/v3.0/OS-CREDENTIAL/securitytokens",
                 R"({"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":900}}}})",
                 {"Content-Type: application/json", "X-Auth-Token: " + token});
  ASSERT_EQ(st.status, 201) << st.body;
  json cred = st.Json()["credential"];
  std::string tak = cred["access"], tsk = cred["secret"], tst = cred["securitytoken"];
  auto signed_call = [&](const std::string& sec_token) {
    otcsim::Request r;
    r.method = "GET";
    r.path = "/tmp-bucket";
    std::string date = Now();
    r.headers = {{"date", date}};
    std::vector<std::string> hs = {"Date: " + date};
    if (!sec_token.empty()) {
      r.headers.emplace_back("x-obs-security-token", sec_token);
      hs.push_back("x-obs-security-token: " + sec_token);
    }
    hs.push_back("Authorization: OBS " + tak + ":" +
                 otcsim::V2Signature(tsk, otcsim::V2StringToSign(r, "x-obs-", "/tmp-bucket/", date)));
    return Http("GET", obs_ + "/tmp-bucket", "", hs);
  };
  auto ok = signed_call(tst);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("<ListBucketResult"), std::string::npos);
  auto missing = signed_call("");
  EXPECT_EQ(missing.status, 403);
  EXPECT_NE(missing.body.find("security token"), std::string::npos) << missing.body;
  auto bad = signed_call("not-the-token");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Code(bad), "InvalidToken");
  ASSERT_EQ(Http("POST", sim_.http() + "/_sim/clock/advance", R"({"seconds":1000})", {"Content-Type: application/json"})
                .status,
            200);
  EXPECT_EQ(Code(signed_call(tst)), "ExpiredToken");
}

TEST(ObsState, ObjectsSurviveRestart) {
  std::string dir = std::filesystem::temp_directory_path() / ("otc-sim-obs-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string state = dir + "/state.json";
  std::string etag;
  for (int round = 0; round < 2; ++round) {
    SimProcess sim({"--state", state, "--https-listen", "off"});
    ASSERT_TRUE(sim.ok());
    std::string obs = sim.ready()["obs"].get<std::string>();
    std::string ak = sim.cred("access_key"), sk = sim.cred("secret_key");
    auto call = [&](const std::string& method, const std::string& path, const std::string& body) {
      otcsim::Request r;
      r.method = method;
      r.path = path;
      std::string date = Now();
      r.headers = {{"date", date}, {"content-type", "text/plain"}};
      std::string resource = path == "/keep-bucket" ? "/keep-bucket/" : path;
      std::string sig = otcsim::V2Signature(sk, otcsim::V2StringToSign(r, "x-obs-", resource, date));
      return Http(method, obs + path, body, {"Date: " + date, "Content-Type: text/plain", "Authorization: OBS " + ak + ":" + sig});
    };
    if (round == 0) {
      ASSERT_EQ(call("PUT", "/keep-bucket", "").status, 200);
      auto p = call("PUT", "/keep-bucket/file.txt", "persisted bytes");
      ASSERT_EQ(p.status, 200);
      etag = p.headers["etag"];
    } else {
      auto g = call("GET", "/keep-bucket/file.txt", "");
      EXPECT_EQ(g.status, 200) << g.body;
      EXPECT_EQ(g.body, "persisted bytes");
      EXPECT_EQ(g.headers["etag"], etag);
    }
    EXPECT_EQ(sim.Stop(), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace otcsim_test
