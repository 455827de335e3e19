// The OBS calls (otc::obs) against the real otc-sim OBS listener: SigV4
// signatures it accepts, path-style addressing on 127.0.0.1, XML errors as
// otc::Error codes, retries under 503/reset faults without duplicates,
// temporary AK/SK obtained (and renewed) under password authentication,
// streamed file uploads, and debug logs without secrets.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

#include "otc/client.h"
#include "otc/obs.h"
#include "sim_process.h"
#include "tfplugin/log.h"

namespace otc {
namespace {

using namespace std::chrono_literals;
using otcsim_test::Http;
using otcsim_test::json;
using otcsim_test::SimProcess;

provider::Credentials PasswordCreds(const SimProcess& sim) {
  provider::Credentials c;
  c.method = provider::AuthMethod::kPassword;
  c.auth_url = sim.http() + "/v3";
  c.region = sim.ready().value("region", "eu-de");
  c.user_name = sim.cred("user");
  c.password = sim.cred("password");
  c.domain_name = sim.cred("domain");
  c.project_name = sim.cred("project");
  return c;
}

provider::Credentials AkSkCreds(const SimProcess& sim) {
  provider::Credentials c;
  c.method = provider::AuthMethod::kAkSk;
  c.auth_url = sim.http() + "/v3";
  c.region = sim.ready().value("region", "eu-de");
  c.access_key = sim.cred("access_key");
  c.secret_key = sim.cred("secret_key");
  c.project_name = sim.cred("project");
  return c;
}

ClientOptions FastRetries() {
  ClientOptions o;
  o.retry.max_retries = 10;
  o.retry.max_throttle_retries = 10;
  o.retry.base = 10ms;
  o.retry.cap = 100ms;
  o.retry.retry_after_cap = 1500ms;
  return o;
}

// The API requests otc-sim logged (admin calls left out); OBS targets are
// "obs:/bucket/key?query".
json Requests(const SimProcess& sim) {
  json out = json::array();
  const json log = Http("GET", sim.http() + "/_sim/requests?limit=10000").Json();
  for (const auto& e : log["requests"]) {
    if (e.value("target", "").rfind("/_sim/", 0) != 0) out.push_back(e);
  }
  return out;
}

int CountRequests(const SimProcess& sim, const std::string& method, const std::string& target_prefix) {
  int n = 0;
  for (const auto& e : Requests(sim)) {
    if (e.value("method", "") == method && e.value("target", "").rfind(target_prefix, 0) == 0) ++n;
  }
  return n;
}

json Kind(const SimProcess& sim, const std::string& kind) {
  json all = Http("GET", sim.http() + "/_sim/resources").Json();
  if (!all.is_object() || !all["resources"].contains(kind)) return json::array();
  return all["resources"][kind];
}

class ObsClientTest : public ::testing::Test {
 protected:
  Result<Response> PutBucket(Client& c, const std::string& bucket) {
    obs::Request r;
    r.method = "PUT";
    r.bucket = bucket;
    r.body = "<CreateBucketConfiguration><LocationConstraint>" + sim_.ready().value("region", "eu-de") +
             "</LocationConstraint></CreateBucketConfiguration>";
    r.headers = {{"x-obs-acl", "private"}};
    r.what = "creating OBS bucket \"" + bucket + "\"";
    return obs::Do(ctx_, c, r);
  }
  Result<Response> PutObject(Client& c, const std::string& bucket, const std::string& key, const std::string& body) {
    obs::Request r;
    r.method = "PUT";
    r.bucket = bucket;
    r.key = key;
    r.body = body;
    r.headers = {{"Content-Type", "text/plain"}};
    r.what = "uploading \"" + key + "\"";
    return obs::Do(ctx_, c, r);
  }

  SimProcess sim_{{"--seed", "4"}};
  framework::Context ctx_;
};

TEST_F(ObsClientTest, AkSkSignedPathStyleRequestsAreAccepted) {
  ASSERT_TRUE(sim_.ok());
  auto c = Client::New(AkSkCreds(sim_));
  auto ep = obs::Endpoint(ctx_, *c);
  ASSERT_TRUE(ep.ok()) << ep.error().Message();
  EXPECT_EQ(ep.value(), sim_.ready().value("obs", "")) << "the catalog's \"object\" entry";

  auto made = PutBucket(*c, "edp-aksk");
  ASSERT_TRUE(made.ok()) << made.error().Message();
  EXPECT_EQ(made->status, 200);
  ASSERT_EQ(Kind(sim_, "obs_bucket").size(), 1u);

  // A key with a space, '+', '/' and non-ASCII bytes signs correctly.
  const std::string key = "dir/a b+c/\xc3\xa4.txt";
  auto put = PutObject(*c, "edp-aksk", key, "hello obs");
  ASSERT_TRUE(put.ok()) << put.error().Message();
  EXPECT_EQ(obs::UnquoteEtag(put->Header("etag")), obs::Md5Hex("hello obs"));
  // x-amz- response headers are mirrored as x-obs-.
  EXPECT_EQ(put->Header("x-obs-version-id"), put->Header("x-amz-version-id"));

  obs::Request list;
  list.bucket = "edp-aksk";
  list.query = {{"prefix", "dir/"}};
  list.what = "listing objects";
  auto l = obs::Do(ctx_, *c, list);
  ASSERT_TRUE(l.ok()) << l.error().Message();
  auto doc = obs::ParseBody(l.value(), list.what);
  ASSERT_TRUE(doc.ok()) << doc.error().Message();
  EXPECT_EQ(doc->name, "ListBucketResult");
  auto contents = doc->All("Contents");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0]->ChildText("Key"), key);
  EXPECT_EQ(contents[0]->ChildText("Size"), "9");
  EXPECT_EQ(obs::UnquoteEtag(contents[0]->ChildText("ETag")), obs::Md5Hex("hello obs"));

  // Sub-resource with Content-MD5 (tagging requires it).
  obs::Request tag;
  tag.method = "PUT";
  tag.bucket = "edp-aksk";
  tag.query = {{"tagging", ""}};
  tag.body = "<Tagging><TagSet><Tag><Key>env</Key><Value>test</Value></Tag></TagSet></Tagging>";
  tag.content_md5 = true;
  tag.what = "tagging";
  auto t = obs::Do(ctx_, *c, tag);
  ASSERT_TRUE(t.ok()) << t.error().Message();

  // Path style on an IP endpoint: /bucket/key reached the listener.
  EXPECT_EQ(CountRequests(sim_, "PUT", "obs:/edp-aksk/dir/a%20b%2Bc/"), 1);
  EXPECT_GE(CountRequests(sim_, "PUT", "obs:/edp-aksk"), 3);

  // HEAD of the object; DELETE of object and bucket (204, any 2xx is fine).
  obs::Request head;
  head.method = "HEAD";
  head.bucket = "edp-aksk";
  head.key = key;
  auto h = obs::Do(ctx_, *c, head);
  ASSERT_TRUE(h.ok()) << h.error().Message();
  EXPECT_EQ(h->Header("content-length"), "9");
  obs::Request del = head;
  del.method = "DELETE";
  ASSERT_TRUE(obs::Do(ctx_, *c, del).ok());
  del.key.clear();
  auto dbucket = obs::Do(ctx_, *c, del);
  ASSERT_TRUE(dbucket.ok()) << dbucket.error().Message();
  EXPECT_EQ(Kind(sim_, "obs_bucket").size(), 0u);
}

TEST_F(ObsClientTest, XmlErrorsBecomeOtcErrors) {
  auto c = Client::New(AkSkCreds(sim_));
  obs::Request r;
  r.bucket = "no-such-bucket-here";
  r.query = {{"acl", ""}};
  r.what = "reading the ACL of bucket \"no-such-bucket-here\"";
  auto g = obs::Do(ctx_, *c, r);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind(), ErrorKind::kHttp);
  EXPECT_EQ(g.error().http_status(), 404);
  EXPECT_TRUE(g.error().IsNotFound());
  EXPECT_EQ(g.error().code(), "NoSuchBucket");
  EXPECT_FALSE(g.error().request_id().empty());
  const std::string msg = g.error().Message();
  EXPECT_NE(msg.find("reading the ACL of bucket \"no-such-bucket-here\": GET /no-such-bucket-here: HTTP 404 "
                     "NoSuchBucket"),
            std::string::npos)
      << msg;

  // HEAD errors have no body: the status alone.
  r.method = "HEAD";
  r.query.clear();
  auto h = obs::Do(ctx_, *c, r);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().http_status(), 404);

  // A wrong secret: SignatureDoesNotMatch with a hint naming the key.
  auto creds = AkSkCreds(sim_);
  auto good = Client::New(creds);
  ASSERT_TRUE(good->Authenticate(ctx_).ok());  // catalog with the right key
  creds.endpoints["obs"] = sim_.ready().value("obs", "");
  creds.secret_key = "not-the-secret";
  auto bad = Client::New(creds);
  obs::Request svc;
  svc.what = "listing buckets";
  auto b = obs::Do(ctx_, *bad, svc);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().http_status(), 403);
  EXPECT_EQ(b.error().code(), "SignatureDoesNotMatch");
  EXPECT_NE(b.error().Message().find("Check secret_key"), std::string::npos) << b.error().Message();
  EXPECT_EQ(b.error().Message().find("not-the-secret"), std::string::npos);

  // A non-XML 2xx body is a decode error naming the call.
  Response junk;
  junk.status = 200;
  junk.body = "<ListBucketResult><Name>x</Nam";
  auto p = obs::ParseBody(junk, "listing objects of \"x\"");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind(), ErrorKind::kDecode);
  EXPECT_NE(p.error().Message().find("listing objects of \"x\""), std::string::npos);

  // Accepted codes are honoured: a 200 outside ok_codes is an error.
  obs::Request strict;
  strict.what = "listing buckets";
  strict.ok_codes = {204};
  auto s = obs::Do(ctx_, *good, strict);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().http_status(), 200);

  // An object key without a bucket is refused before any request.
  obs::Request nobucket;
  nobucket.key = "k";
  auto n = obs::Do(ctx_, *good, nobucket);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind(), ErrorKind::kConfig);
}

TEST_F(ObsClientTest, RetriesUnder503AndResetsWithoutDuplicates) {
  auto c = Client::New(AkSkCreds(sim_), FastRetries());
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "obs:503:0.3;obs:reset:0.3"}, {"seed", 9}}.dump(), {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  auto made = PutBucket(*c, "edp-faults");
  ASSERT_TRUE(made.ok()) << made.error().Message();
  for (int i = 0; i < 10; ++i) {
    auto put = PutObject(*c, "edp-faults", "k" + std::to_string(i), "v" + std::to_string(i));
    ASSERT_TRUE(put.ok()) << put.error().Message();
  }
  obs::Request list;
  list.bucket = "edp-faults";
  auto l = obs::Do(ctx_, *c, list);
  ASSERT_TRUE(l.ok()) << l.error().Message();
  auto doc = obs::ParseBody(l.value(), "list");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->All("Contents").size(), 10u);
  EXPECT_GT(Http("GET", sim_.http() + "/_sim/faults").Json().value("fired", 0), 3);
  Http("DELETE", sim_.http() + "/_sim/faults");
  EXPECT_EQ(Kind(sim_, "obs_bucket").size(), 1u);
  EXPECT_EQ(Kind(sim_, "obs_object").size(), 10u);  // versioning off: one entry per key

  // Without retries a 503 surfaces with the retry count in the hint.
  auto f2 = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", "obs:503:1.0"}, {"seed", 9}}.dump(),
                 {"Content-Type: application/json"});
  ASSERT_EQ(f2.status, 200);
  auto failed = PutObject(*c, "edp-faults", "k-final", "x");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().http_status(), 503);
  EXPECT_NE(failed.error().Message().find("gave up after 10 retries"), std::string::npos)
      << failed.error().Message();
}

TEST_F(ObsClientTest, PasswordAuthUsesTemporaryKeysAndRenewsThem) {
  auto c = Client::New(PasswordCreds(sim_));
  auto made = PutBucket(*c, "edp-temp");
  ASSERT_TRUE(made.ok()) << made.error().Message();
  auto put = PutObject(*c, "edp-temp", "a", "1");
  ASSERT_TRUE(put.ok()) << put.error().Message();
  EXPECT_EQ(c->temporary_keys_issued(), 1);  // one key for both calls
  EXPECT_EQ(CountRequests(sim_, "POST", "/v3.0/OS-CREDENTIAL/securitytokens"), 1);
  auto keys = c->ObjectStorageKeys(ctx_);
  ASSERT_TRUE(keys.ok());
  EXPECT_TRUE(keys->temporary);
  EXPECT_FALSE(keys->security_token.empty());
  EXPECT_NE(keys->access_key, sim_.cred("access_key"));
  EXPECT_GT(keys->expires_at, std::time(nullptr) + 300);

  // The simulated clock passes the key's expiry: OBS answers ExpiredToken,
  // the client renews the key once and replays.
  auto adv = Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", 3600}}.dump(),
                  {"Content-Type: application/json"});
  ASSERT_EQ(adv.status, 200) << adv.body;
  auto again = PutObject(*c, "edp-temp", "b", "2");
  ASSERT_TRUE(again.ok()) << again.error().Message();
  EXPECT_EQ(c->temporary_keys_issued(), 2);
  auto renewed = c->ObjectStorageKeys(ctx_);
  ASSERT_TRUE(renewed.ok());
  EXPECT_NE(renewed->access_key, keys->access_key);
  EXPECT_EQ(Kind(sim_, "obs_object").size(), 2u);

  // A HEAD answer has no body, so no ExpiredToken code: a bare 400 to a HEAD
  // made with an expired temporary key also renews it once.
  adv = Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", 3600}}.dump(),
             {"Content-Type: application/json"});
  ASSERT_EQ(adv.status, 200) << adv.body;
  obs::Request head;
  head.method = "HEAD";
  head.bucket = "edp-temp";
  head.what = "reading OBS bucket \"edp-temp\"";
  auto headed = obs::Do(ctx_, *c, head);
  ASSERT_TRUE(headed.ok()) << headed.error().Message();
  EXPECT_EQ(c->temporary_keys_issued(), 3);
  // A HEAD of a missing bucket is still a plain 404, with no renewal.
  head.bucket = "edp-no-such-bucket";
  auto missing = obs::Do(ctx_, *c, head);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().http_status(), 404);
  EXPECT_EQ(c->temporary_keys_issued(), 3);

  // Configured AK/SK win over temporary keys (no IAM call).
  auto creds = PasswordCreds(sim_);
  creds.access_key = sim_.cred("access_key");
  creds.secret_key = sim_.cred("secret_key");
  auto both = Client::New(creds);
  auto k = both->ObjectStorageKeys(ctx_);
  ASSERT_TRUE(k.ok());
  EXPECT_FALSE(k->temporary);
  EXPECT_EQ(k->access_key, sim_.cred("access_key"));
  EXPECT_EQ(both->temporary_keys_issued(), 0);
}

TEST_F(ObsClientTest, FileBodiesAreStreamedAndChecked) {
  auto c = Client::New(AkSkCreds(sim_));
  ASSERT_TRUE(PutBucket(*c, "edp-files").ok());
  char path[] = "/tmp/obs-client-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string data;
  for (int i = 0; i < 300000; ++i) data.push_back(static_cast<char>('a' + i % 26));
  ASSERT_EQ(write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  close(fd);
  auto d = obs::DigestFile(path);
  ASSERT_TRUE(d.ok()) << d.error().Message();
  EXPECT_EQ(d->size, data.size());
  EXPECT_EQ(d->md5_hex, obs::Md5Hex(data));
  EXPECT_EQ(d->md5_base64, obs::Md5Base64(data));

  obs::Request r;
  r.method = "PUT";
  r.bucket = "edp-files";
  r.key = "big.bin";
  r.body_file = path;
  r.what = "uploading big.bin";
  auto put = obs::Do(ctx_, *c, r);
  ASSERT_TRUE(put.ok()) << put.error().Message();
  EXPECT_EQ(obs::UnquoteEtag(put->Header("etag")), d->md5_hex);
  obs::Request head;
  head.method = "HEAD";
  head.bucket = "edp-files";
  head.key = "big.bin";
  auto h = obs::Do(ctx_, *c, head);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->Header("content-length"), std::to_string(data.size()));
  std::remove(path);

  // A missing file: a configuration error naming the path, nothing sent.
  auto before = Requests(sim_).size();
  auto missing = obs::Do(ctx_, *c, r);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::kConfig);
  EXPECT_NE(missing.error().Message().find(path), std::string::npos) << missing.error().Message();
  EXPECT_EQ(Requests(sim_).size(), before);
  auto nofile = obs::DigestFile("/nonexistent/file");
  ASSERT_FALSE(nofile.ok());
  EXPECT_NE(nofile.error().Message().find("/nonexistent/file"), std::string::npos);
}

TEST_F(ObsClientTest, DebugLogCarriesNoSecrets) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
  tfplugin::log::Init("provider.edp", fds[1]);
  tfplugin::log::SetLevel(tfplugin::log::Level::kDebug);
  std::string logged;
  auto drain = [&] {
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) logged.append(buf, static_cast<size_t>(n));
  };
  auto creds = PasswordCreds(sim_);
  auto c = Client::New(creds);
  auto made = PutBucket(*c, "edp-log");
  drain();
  auto ak = Client::New(AkSkCreds(sim_));
  auto put = PutObject(*ak, "edp-log", "k", "content-123");
  drain();
  tfplugin::log::SetLevel(tfplugin::log::Level::kOff);
  tfplugin::log::Init("provider.edp", 2);
  close(fds[1]);
  drain();
  close(fds[0]);
  ASSERT_TRUE(made.ok()) << made.error().Message();
  ASSERT_TRUE(put.ok()) << put.error().Message();
  auto keys = c->ObjectStorageKeys(ctx_);
  ASSERT_TRUE(keys.ok());
  EXPECT_NE(logged.find("OTC API response"), std::string::npos);
  EXPECT_NE(logged.find("securitytokens"), std::string::npos);
  EXPECT_EQ(logged.find(creds.password), std::string::npos) << "password leaked";
  EXPECT_EQ(logged.find(keys->secret_key), std::string::npos) << "temporary secret key leaked";
  EXPECT_EQ(logged.find(keys->security_token), std::string::npos) << "security token leaked";
  EXPECT_EQ(logged.find(sim_.cred("secret_key")), std::string::npos) << "secret key leaked";
  EXPECT_EQ(logged.find("Signature="), std::string::npos) << "signature leaked";
}

}  // namespace
}  // namespace otc
