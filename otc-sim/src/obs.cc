// OBS (S3-compatible object storage, api.md section 5) on its own listener.
//
// Addressing: Host "<bucket>.localhost[:port]" or "<bucket>.obs.<anything>"
// is virtual-host style, anything else path style (/<bucket>/<key>).
// Signatures: OBS and AWS V2 (header and presigned query), AWS V4 (header and
// presigned query) against the user's AK/SK; anonymous requests only reach
// buckets whose canned ACL allows it.
//
// Data model: buckets ("obs_bucket", id = name), object versions
// ("obs_object", one entry per version or delete marker) and multipart
// uploads ("obs_upload") live in the Store, so /_sim/resources shows them and
// --state persists them. Object bytes are kept out of the JSON store: in
// memory, or with --state FILE in the directory FILE.obs/ (one file per
// object version or part, written before the store entry that refers to it).
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>

#include "otcsim/obs_sign.h"
#include "otcsim/signer.h"
#include "otcsim/sim.h"
#include "xml/xml.h"

namespace otcsim {
namespace {

using xml::ParseXml;
using xml::WriteXml;
using xml::XmlEscape;
using xml::XmlNode;

constexpr std::size_t kMinPartBytes = 100 * 1024;  // OBS: every part but the last >= 100 KB
constexpr int kMaxBuckets = 100;
constexpr int64_t kMaxSkewSeconds = 15 * 60;
constexpr const char* kObsNs = "http://obs.otc.t-systems.com/doc/2015-06-30/";
constexpr const char* kAwsNs = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr const char* kBucket = "obs_bucket";
constexpr const char* kObject = "obs_object";
constexpr const char* kUpload = "obs_upload";

int64_t WallSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2024-01-01T00:00:00.000Z"
std::string IsoMs(int64_t ms) {
  std::string s = IsoTime(ms);  // ...SS.ffffffZ
  return s.substr(0, 23) + "Z";
}

std::string Tag(std::string_view name, std::string_view value) {
  return "<" + std::string(name) + ">" + XmlEscape(value) + "</" + std::string(name) + ">";
}

// Object bytes, in memory or one file per blob under a directory.
class Blobs {
 public:
  explicit Blobs(std::string dir) : dir_(std::move(dir)) {
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(dir_, ec);
    }
  }

  bool Put(const std::string& id, std::string data, std::string* err) {
    if (dir_.empty()) {
      std::lock_guard<std::mutex> lock(mu_);
      mem_[id] = std::make_shared<const std::string>(std::move(data));
      return true;
    }
    std::string path = Path(id), tmp = path + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(data.data(), static_cast<std::streamsize>(data.size()));
      if (!f) {
        *err = "cannot write object data to " + tmp;
        return false;
      }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
      *err = "cannot rename " + tmp + ": " + ec.message();
      return false;
    }
    return true;
  }

  std::shared_ptr<const std::string> Get(const std::string& id) {
    if (dir_.empty()) {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = mem_.find(id);
      return it == mem_.end() ? nullptr : it->second;
    }
    std::error_code ec;
    auto size = std::filesystem::file_size(Path(id), ec);
    if (ec) return nullptr;
    std::ifstream f(Path(id), std::ios::binary);
    auto s = std::make_shared<std::string>(static_cast<std::size_t>(size), '\0');
    if (!f || !f.read(s->data(), static_cast<std::streamsize>(size))) return nullptr;
    return s;
  }

  void Remove(const std::string& id) {
    if (id.empty()) return;
    if (dir_.empty()) {
      std::lock_guard<std::mutex> lock(mu_);
      mem_.erase(id);
      return;
    }
    std::error_code ec;
    std::filesystem::remove(Path(id), ec);
  }

 private:
  std::string Path(const std::string& id) const { return dir_ + "/" + id; }
  std::string dir_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const std::string>> mem_;
};

enum class Flavor { kObs, kAws };
enum class Access { kOwner, kRead, kWrite };

struct Ctx {
  Ctx(Simulator& s, Blobs& b, const Request& r, std::string id) : sim(s), blobs(b), req(r), rid(std::move(id)) {}
  Simulator& sim;
  Blobs& blobs;
  const Request& req;
  std::string rid;
  Flavor flavor = Flavor::kObs;
  std::string bucket;    // decoded
  std::string key;       // decoded
  std::string raw_key;   // as sent
  bool has_key = false;
  const User* user = nullptr;  // null: anonymous
  std::vector<std::pair<std::string, std::string>> query;

  bool aws() const { return flavor == Flavor::kAws; }
  std::string hp() const { return aws() ? "x-amz-" : "x-obs-"; }
  const char* ns() const { return aws() ? kAwsNs : kObsNs; }
  bool Has(std::string_view k) const {
    for (const auto& [qk, qv] : query) {
      if (qk == k) return true;
    }
    return false;
  }
  std::string Q(std::string_view k) const {
    for (const auto& [qk, qv] : query) {
      if (qk == k) return qv;
    }
    return "";
  }
  // The value of x-obs-<name> or x-amz-<name> (either prefix is accepted).
  std::string H(std::string_view name) const {
    std::string_view v = req.header("x-obs-" + std::string(name));
    if (v.empty()) v = req.header("x-amz-" + std::string(name));
    return std::string(v);
  }
  std::string owner() const { return user == nullptr ? "" : user->domain_id; }
  std::string project() const { return user == nullptr || user->projects.empty() ? "" : user->projects[0].id; }
};

void Common(const Ctx& c, Response* r) {
  r->set_header(c.hp() + "request-id", c.rid);
  r->set_header(c.hp() + "id-2", Base64Encode(Sha256(c.rid)).substr(0, 40));
  r->set_header("Date", HttpDate(WallSeconds()));
  r->set_header("Server", "OBS");
}

// The OBS/S3 XML error document. `extra` adds elements after HostId.
Response Err(const Ctx& c, int status, std::string_view code, std::string_view msg,
             const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "application/xml");
  std::string b = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>" + Tag("Code", code) + Tag("Message", msg) +
                  Tag("RequestId", c.rid) + Tag("HostId", Base64Encode(Sha256(c.rid)).substr(0, 40));
  for (const auto& [k, v] : extra) b += Tag(k, v);
  b += "</Error>";
  r.body = std::move(b);
  Common(c, &r);
  return r;
}

Response NoSuchBucket(const Ctx& c) {
  return Err(c, 404, "NoSuchBucket", "The specified bucket does not exist", {{"BucketName", c.bucket}});
}

Response Xml(const Ctx& c, int status, const std::string& body) {
  Response r;
  r.status = status;
  r.set_header("Content-Type", "application/xml");
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body;
  Common(c, &r);
  return r;
}

Response Empty(const Ctx& c, int status) {
  Response r;
  r.status = status;
  Common(c, &r);
  return r;
}

std::string Open(const Ctx& c, std::string_view root) {
  return "<" + std::string(root) + " xmlns=\"" + c.ns() + "\">";
}

// ---- names, classes, ACLs ----

bool ValidBucketName(std::string_view n, std::string* why) {
  if (n.size() < 3 || n.size() > 63) {
    *why = "a bucket name must be 3 to 63 characters long";
    return false;
  }
  for (char ch : n) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')) {
      *why = "a bucket name may contain only lower-case letters, digits, '-' and '.'";
      return false;
    }
  }
  auto alnum = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  if (!alnum(n.front()) || !alnum(n.back())) {
    *why = "a bucket name must start and end with a letter or digit";
    return false;
  }
  if (n.find("..") != std::string_view::npos || n.find(".-") != std::string_view::npos ||
      n.find("-.") != std::string_view::npos) {
    *why = "a bucket name must not contain '..', '.-' or '-.'";
    return false;
  }
  int dots = 0;
  bool digits_only = true;
  for (char ch : n) {
    if (ch == '.') {
      ++dots;
    } else if (ch < '0' || ch > '9') {
      digits_only = false;
    }
  }
  if (dots == 3 && digits_only) {
    *why = "a bucket name must not look like an IP address";
    return false;
  }
  return true;
}

// Internal (OBS) storage class for an OBS or S3 name; "" when unknown.
std::string ClassIn(std::string_view s) {
  if (s == "STANDARD") return "STANDARD";
  if (s == "WARM" || s == "STANDARD_IA") return "WARM";
  if (s == "COLD" || s == "GLACIER") return "COLD";
  return "";
}

std::string ClassOut(const Ctx& c, const std::string& s) {
  if (!c.aws()) return s;
  if (s == "WARM") return "STANDARD_IA";
  if (s == "COLD") return "GLACIER";
  return s;
}

bool ValidCannedAcl(std::string_view a) {
  static const std::set<std::string, std::less<>> k = {"private", "public-read", "public-read-write",
                                                       "authenticated-read", "bucket-owner-read",
                                                       "bucket-owner-full-control", "log-delivery-write",
                                                       "public-read-delivered", "public-read-write-delivered"};
  return k.count(a) != 0;
}

std::string AclXml(const Ctx& c, const std::string& owner, const json& obj) {
  std::string acl = obj.value("acl", "private");
  if (obj.contains("_acl_xml")) {
    std::string err;
    auto n = ParseXml(obj["_acl_xml"].get<std::string>(), &err);
    if (n) return WriteXml(*n, c.ns());
  }
  auto grantee_user = [&](const std::string& id) {
    return c.aws() ? "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">" +
                         Tag("ID", id) + "</Grantee>"
                   : "<Grantee>" + Tag("ID", id) + "</Grantee>";
  };
  auto grantee_group = [&](const char* group) {
    std::string uri = std::string("http://acs.amazonaws.com/groups/") +
                      (std::string(group) == "LogDelivery" ? "s3/" : "global/") + group;
    return c.aws() ? "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">" +
                         Tag("URI", uri) + "</Grantee>"
                   : "<Grantee>" + Tag("Canned", std::string(group) == "AllUsers" ? "Everyone" : group) +
                         "</Grantee>";
  };
  auto grant = [&](const std::string& grantee, const char* perm) {
    return "<Grant>" + grantee + Tag("Permission", perm) + "</Grant>";
  };
  std::string g = grant(grantee_user(owner), "FULL_CONTROL");
  if (acl == "public-read" || acl == "public-read-delivered") g += grant(grantee_group("AllUsers"), "READ");
  if (acl == "public-read-write" || acl == "public-read-write-delivered") {
    g += grant(grantee_group("AllUsers"), "READ") + grant(grantee_group("AllUsers"), "WRITE");
  }
  if (acl == "authenticated-read") g += grant(grantee_group("AuthenticatedUsers"), "READ");
  if (acl == "log-delivery-write") {
    g += grant(grantee_group("LogDelivery"), "WRITE") + grant(grantee_group("LogDelivery"), "READ_ACP");
  }
  return Open(c, "AccessControlPolicy") + "<Owner>" + Tag("ID", owner) + "</Owner><AccessControlList>" + g +
         "</AccessControlList></AccessControlPolicy>";
}

// Applies PUT ?acl (canned header or AccessControlPolicy body) to obj.
std::optional<Response> SetAcl(const Ctx& c, json& obj) {
  std::string canned = c.H("acl");
  bool has_body = c.req.body.find_first_not_of(" \t\r\n") != std::string::npos;
  if (!canned.empty() && has_body) {
    return Err(c, 400, "InvalidRequest", "Specify either the " + c.hp() + "acl header or an ACL body, not both");
  }
  if (!canned.empty()) {
    if (!ValidCannedAcl(canned)) {
      return Err(c, 400, "InvalidArgument", "Invalid canned ACL '" + canned + "'",
                 {{"ArgumentName", c.hp() + "acl"}, {"ArgumentValue", canned}});
    }
    obj["acl"] = canned;
    obj.erase("_acl_xml");
    return std::nullopt;
  }
  if (!has_body) {
    return Err(c, 400, "MissingSecurityHeader",
               "PUT ?acl needs an " + c.hp() + "acl header or an AccessControlPolicy XML body");
  }
  std::string err;
  auto n = ParseXml(c.req.body, &err);
  if (!n || n->name != "AccessControlPolicy" || n->Child("AccessControlList") == nullptr) {
    return Err(c, 400, "MalformedACLError",
               "The XML you provided was not well-formed or did not validate against our published schema" +
                   (err.empty() ? std::string(": expected <AccessControlPolicy> with <AccessControlList>")
                                : ": " + err));
  }
  for (const XmlNode* g : n->Child("AccessControlList")->All("Grant")) {
    std::string p = g->ChildText("Permission");
    if (p != "READ" && p != "WRITE" && p != "READ_ACP" && p != "WRITE_ACP" && p != "FULL_CONTROL") {
      return Err(c, 400, "MalformedACLError", "Invalid Permission '" + p + "' in Grant");
    }
  }
  obj["acl"] = "custom";
  obj["_acl_xml"] = WriteXml(*n);
  return std::nullopt;
}

// Content-MD5 check; `required` makes it mandatory.
std::optional<Response> CheckMd5(const Ctx& c, bool required) {
  std::string_view m = c.req.header("content-md5");
  if (m.empty()) {
    if (required) return Err(c, 400, "InvalidRequest", "Missing required header for this request: Content-MD5");
    return std::nullopt;
  }
  auto raw = Base64Decode(m);
  if (!raw || raw->size() != 16) {
    return Err(c, 400, "InvalidDigest", "The Content-MD5 you specified is not valid (expected base64 of 16 bytes)");
  }
  if (*raw != Md5(c.req.body)) {
    return Err(c, 400, "BadDigest", "The Content-MD5 you specified did not match what we received",
               {{"ExpectedDigest", std::string(m)}, {"CalculatedDigest", Base64Encode(Md5(c.req.body))}});
  }
  return std::nullopt;
}

// ---- signatures ----

// CanonicalizedResource path for V2: "/bucket/key" ("/bucket/" for bucket
// operations, "/" for the service). `decoded` uses the decoded key.
std::string V2Resource(const Ctx& c, bool decoded) {
  if (c.bucket.empty()) return "/";
  return "/" + c.bucket + "/" + (decoded ? c.key : c.raw_key);
}

std::optional<Response> SignatureMismatch(const Ctx& c, const std::string& ak, const std::string& sts,
                                          const std::string& provided, const std::string& canonical = "") {
  std::vector<std::pair<std::string, std::string>> extra = {
      {c.aws() ? "AWSAccessKeyId" : "AccessKeyId", ak}, {"StringToSign", sts}, {"SignatureProvided", provided}};
  if (!canonical.empty()) extra.emplace_back("CanonicalRequest", canonical);
  return Err(c, 403, "SignatureDoesNotMatch",
             "The request signature we calculated does not match the signature you provided. Check your key and "
             "signing method.",
             extra);
}

std::optional<Response> CheckSkew(const Ctx& c, int64_t when, const std::string& shown) {
  int64_t now = WallSeconds();
  if (when - now > kMaxSkewSeconds || now - when > kMaxSkewSeconds) {
    return Err(c, 403, "RequestTimeTooSkewed",
               "The difference between the request time and the server's time is too large (more than 15 minutes); "
               "check the client clock",
               {{"RequestTime", shown}, {"ServerTime", HttpDate(now)}});
  }
  return std::nullopt;
}

// Resolves `ak` to its user and secret: a permanent key, or a temporary one
// (api.md 1.6) that must come with its security token and be unexpired.
std::optional<Response> LookupKey(const Ctx& c, const std::string& ak, const User** user, std::string* secret) {
  std::vector<std::pair<std::string, std::string>> id = {{c.aws() ? "AWSAccessKeyId" : "AccessKeyId", ak}};
  if (const User* u = c.sim.FindUserByAccessKey(ak)) {
    *user = u;
    *secret = u->secret_key;
    return std::nullopt;
  }
  Simulator::TempCredential tc = c.sim.FindTempCredential(ak);
  if (tc.user == nullptr) {
    return Err(c, 403, "InvalidAccessKeyId", "The access key Id you provided does not exist in our records.", id);
  }
  std::string token = c.H("security-token");
  if (token.empty()) token = c.Q("x-obs-security-token");
  if (token.empty()) token = c.Q("X-Amz-Security-Token");
  if (token.empty()) {
    return Err(c, 403, "InvalidAccessKeyId",
               "The temporary access key " + ak + " needs its security token in the " + c.hp() +
                   "security-token header",
               id);
  }
  if (token != tc.security_token) {
    return Err(c, 400, "InvalidToken", "The provided token is malformed or otherwise invalid.", id);
  }
  if (tc.expires <= c.sim.clock().NowMs()) {
    return Err(c, 400, "ExpiredToken",
               "The provided token has expired; obtain new credentials from /v3.0/OS-CREDENTIAL/securitytokens", id);
  }
  *user = tc.user;
  *secret = tc.secret;
  return std::nullopt;
}

std::optional<Response> AuthV2(Ctx& c, std::string_view ak, std::string_view sig, const std::string& date_line) {
  const User* u = nullptr;
  std::string secret;
  if (auto e = LookupKey(c, std::string(ak), &u, &secret)) return e;
  // Clients differ in how they spell the resource: the key as sent or
  // decoded, and "/bucket" or "/bucket/" for bucket operations.
  std::vector<std::string> resources = {V2Resource(c, false)};
  if (c.key != c.raw_key) resources.push_back(V2Resource(c, true));
  if (!c.bucket.empty() && c.raw_key.empty()) resources.push_back("/" + c.bucket);
  std::string first;
  for (const auto& res : resources) {
    std::string sts = V2StringToSign(c.req, c.hp(), res, date_line);
    if (V2Signature(secret, sts) == sig) {
      c.user = u;
      return std::nullopt;
    }
    if (first.empty()) first = sts;
  }
  return SignatureMismatch(c, std::string(ak), first, std::string(sig));
}

std::optional<Response> AuthV4(Ctx& c, V4Credential& cred, const std::string& amz_date, bool presigned) {
  if (cred.service != "s3") {
    return Err(c, 400, "AuthorizationHeaderMalformed",
               "The authorization header is malformed; the service '" + cred.service + "' is wrong; expecting 's3'");
  }
  if (cred.region != c.sim.config().region) {
    return Err(c, 400, "AuthorizationHeaderMalformed",
               "The authorization header is malformed; the region '" + cred.region + "' is wrong; expecting '" +
                   c.sim.config().region + "'",
               {{"Region", c.sim.config().region}});
  }
  if (std::find(cred.signed_headers.begin(), cred.signed_headers.end(), "host") == cred.signed_headers.end()) {
    return Err(c, 400, "AuthorizationHeaderMalformed", "The list of signed headers (SignedHeaders) must include host");
  }
  if (amz_date.substr(0, 8) != cred.date) {
    return Err(c, 400, "AuthorizationHeaderMalformed",
               "Invalid credential date '" + cred.date + "': it is not the date of X-Amz-Date (" + amz_date + ")");
  }
  std::string payload = "UNSIGNED-PAYLOAD";
  if (!presigned) {
    std::string_view h = c.req.header("x-amz-content-sha256");
    if (h.empty()) {
      return Err(c, 400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    }
    payload = std::string(h);
    if (payload.rfind("STREAMING-", 0) == 0) {
      return Err(c, 501, "NotImplemented",
                 "otc-sim does not accept aws-chunked (" + payload +
                     ") uploads; configure the client to send an unsigned or single-chunk signed payload");
    }
    if (payload != "UNSIGNED-PAYLOAD") {
      std::string actual = HexEncode(Sha256(c.req.body));
      if (payload != actual) {
        return Err(c, 400, "XAmzContentSHA256Mismatch",
                   "The provided 'x-amz-content-sha256' header does not match what was computed.",
                   {{"ClientComputedContentSHA256", payload}, {"S3ComputedContentSHA256", actual}});
      }
    }
  } else if (c.Has("X-Amz-Content-Sha256")) {
    payload = c.Q("X-Amz-Content-Sha256");
  }
  const User* u = nullptr;
  std::string secret;
  if (auto e = LookupKey(c, cred.access_key, &u, &secret)) return e;
  std::string canonical = V4CanonicalRequest(c.req, cred.signed_headers, payload);
  std::string scope = cred.date + "/" + cred.region + "/" + cred.service + "/aws4_request";
  std::string sts = V4StringToSign(amz_date, scope, canonical);
  if (V4Signature(secret, cred, sts) != cred.signature) {
    return SignatureMismatch(c, cred.access_key, sts, cred.signature, canonical);
  }
  c.user = u;
  return std::nullopt;
}

// Verifies whichever signature the request carries. No signature at all is
// an anonymous request (c.user stays null).
std::optional<Response> Authenticate(Ctx& c) {
  std::string_view authz = c.req.header("authorization");
  if (authz.substr(0, 4) == "OBS " || authz.substr(0, 4) == "AWS ") {
    c.flavor = authz[0] == 'O' ? Flavor::kObs : Flavor::kAws;
    std::string_view cred = authz.substr(4);
    std::size_t colon = cred.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == cred.size()) {
      return Err(c, 400, "InvalidArgument",
                 "Authorization header is invalid: expected '" + std::string(authz.substr(0, 3)) +
                     " <access key>:<signature>'");
    }
    std::string date_line;
    std::string_view when = c.req.header(c.hp() + "date");
    if (when.empty()) {
      when = c.req.header("date");
      date_line = std::string(when);
    }
    auto t = ParseHttpDate(when);
    if (when.empty() || !t) {
      return Err(c, 403, "AccessDenied",
                 "Authentication requires a valid Date or " + c.hp() + "date header (RFC 1123, e.g. '" +
                     HttpDate(WallSeconds()) + "')");
    }
    if (auto e = CheckSkew(c, *t, std::string(when))) return e;
    return AuthV2(c, cred.substr(0, colon), cred.substr(colon + 1), date_line);
  }
  if (authz.substr(0, 16) == "AWS4-HMAC-SHA256") {
    c.flavor = Flavor::kAws;
    V4Credential cred;
    std::string err;
    if (!ParseV4Authorization(authz, &cred, &err)) {
      return Err(c, 400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + err);
    }
    std::string amz_date(c.req.header("x-amz-date"));
    std::optional<int64_t> t;
    if (amz_date.empty()) {
      // Date may carry the time instead; V4 signs it in basic ISO form.
      if (auto d = ParseHttpDate(c.req.header("date"))) {
        t = d;
        std::time_t tt = static_cast<std::time_t>(*d);
        std::tm tm{};
        gmtime_r(&tt, &tm);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
        amz_date = buf;
      }
    } else {
      t = ParseAmzDate(amz_date);
    }
    if (!t) {
      return Err(c, 403, "AccessDenied",
                 "AWS authentication requires a valid X-Amz-Date header (YYYYMMDDTHHMMSSZ) or Date header");
    }
    if (auto e = CheckSkew(c, *t, amz_date)) return e;
    return AuthV4(c, cred, amz_date, false);
  }
  if (!authz.empty()) {
    return Err(c, 400, "InvalidArgument",
               "Unsupported Authorization type; use 'OBS AK:sig', 'AWS AK:sig' or 'AWS4-HMAC-SHA256 ...'");
  }
  if (c.Has("X-Amz-Algorithm")) {
    c.flavor = Flavor::kAws;
    if (c.Q("X-Amz-Algorithm") != "AWS4-HMAC-SHA256") {
      return Err(c, 400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    for (const char* p : {"X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
                          "X-Amz-Signature"}) {
      if (c.Q(p).empty()) {
        return Err(c, 400, "AuthorizationQueryParametersError",
                   std::string("Query-string authentication version 4 requires the X-Amz-Algorithm, "
                               "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                               "X-Amz-Expires parameters; missing ") + p);
      }
    }
    V4Credential cred;
    std::string err;
    if (!ParseV4CredentialScope(c.Q("X-Amz-Credential"), &cred, &err)) {
      return Err(c, 400, "AuthorizationQueryParametersError", err);
    }
    std::string sh = c.Q("X-Amz-SignedHeaders");
    for (std::size_t i = 0; i <= sh.size();) {
      std::size_t semi = sh.find(';', i);
      if (semi == std::string::npos) semi = sh.size();
      if (semi > i) cred.signed_headers.push_back(sh.substr(i, semi - i));
      i = semi + 1;
    }
    cred.signature = c.Q("X-Amz-Signature");
    std::string amz_date = c.Q("X-Amz-Date");
    auto t = ParseAmzDate(amz_date);
    char* end = nullptr;
    std::string exp_s = c.Q("X-Amz-Expires");
    long expires = std::strtol(exp_s.c_str(), &end, 10);
    if (!t || amz_date.size() != 16) {
      return Err(c, 400, "AuthorizationQueryParametersError", "X-Amz-Date must be in the ISO8601 Long Format");
    }
    if (*end != '\0' || expires < 1 || expires > 604800) {
      return Err(c, 400, "AuthorizationQueryParametersError",
                 "X-Amz-Expires must be a number of seconds between 1 and 604800 (7 days)");
    }
    if (WallSeconds() > *t + expires) {
      return Err(c, 403, "AccessDenied", "Request has expired",
                 {{"X-Amz-Expires", exp_s}, {"Expires", HttpDate(*t + expires)}, {"ServerTime", HttpDate(WallSeconds())}});
    }
    if (*t - WallSeconds() > kMaxSkewSeconds) {
      return Err(c, 403, "AccessDenied", "Request is not valid yet (X-Amz-Date is in the future)");
    }
    return AuthV4(c, cred, amz_date, true);
  }
  if (c.Has("Signature") && (c.Has("AWSAccessKeyId") || c.Has("AccessKeyId"))) {
    c.flavor = c.Has("AWSAccessKeyId") ? Flavor::kAws : Flavor::kObs;
    std::string ak = c.Q(c.aws() ? "AWSAccessKeyId" : "AccessKeyId");
    std::string exp = c.Q("Expires");
    char* end = nullptr;
    long long e = std::strtoll(exp.c_str(), &end, 10);
    if (exp.empty() || *end != '\0') {
      return Err(c, 403, "AccessDenied", "Query-string authentication requires the Signature, Expires and " +
                                             std::string(c.aws() ? "AWSAccessKeyId" : "AccessKeyId") + " parameters");
    }
    if (WallSeconds() > e) {
      return Err(c, 403, "AccessDenied", "Request has expired",
                 {{"Expires", HttpDate(e)}, {"ServerTime", HttpDate(WallSeconds())}});
    }
    return AuthV2(c, ak, c.Q("Signature"), exp);
  }
  return std::nullopt;
}

// ---- store helpers ----

json* FindBucket(Store::Data& d, const std::string& name) {
  auto& k = d.of(kBucket);
  auto it = k.find(name);
  return it == k.end() ? nullptr : &it->second;
}

// The bucket when the caller may use it for `need`, else nullptr + *err.
json* Bucket(const Ctx& c, Store::Data& d, Access need, Response* err) {
  json* b = FindBucket(d, c.bucket);
  if (b == nullptr) {
    *err = NoSuchBucket(c);
    return nullptr;
  }
  if (c.user != nullptr && (*b)["_domain_id"] == c.owner()) return b;
  std::string acl = b->value("acl", "private");
  bool pub_read = acl == "public-read" || acl == "public-read-write" || acl == "public-read-delivered" ||
                  acl == "public-read-write-delivered" || (acl == "authenticated-read" && c.user != nullptr);
  bool pub_write = acl == "public-read-write" || acl == "public-read-write-delivered";
  if ((need == Access::kRead && pub_read) || (need == Access::kWrite && pub_write)) return b;
  *err = Err(c, 403, "AccessDenied",
             c.user == nullptr ? "Access Denied: anonymous requests are not allowed on this bucket; sign the request"
                               : "Access Denied: the bucket belongs to another account");
  return nullptr;
}

struct Version {
  std::string id;  // store id
  json* obj;
};

// Every version of `key` in `bucket`, newest first.
std::vector<Version> VersionsOf(Store::Data& d, const std::string& bucket, const std::string& key) {
  std::vector<Version> out;
  for (auto& [id, o] : d.of(kObject)) {
    if (o["bucket"] == bucket && o["key"] == key) out.push_back({id, &o});
  }
  std::sort(out.begin(), out.end(),
            [](const Version& a, const Version& b) { return (*a.obj)["_seq"].get<int64_t>() > (*b.obj)["_seq"].get<int64_t>(); });
  return out;
}

int64_t NextSeq(json& bucket) {
  int64_t s = bucket.value("_seq", int64_t{0}) + 1;
  bucket["_seq"] = s;
  return s;
}

void RemoveVersion(Ctx& c, Store::Data& d, const std::string& id) {
  auto& k = d.of(kObject);
  auto it = k.find(id);
  if (it == k.end()) return;
  c.blobs.Remove(it->second.value("_blob", ""));
  k.erase(it);
}

std::string NewVersionId(Ctx& c) {
  std::string id = c.sim.store().NewId();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return "G001" + id.substr(0, 28);
}

// Adds a version (object or delete marker) under the bucket's versioning
// rules; returns the new store entry. Replaced "null" versions are removed.
json& AddVersion(Ctx& c, Store::Data& d, json& bucket, json obj) {
  std::string versioning = bucket.value("versioning", "");
  if (versioning != "Enabled") {
    for (auto& v : VersionsOf(d, c.bucket, c.key)) {
      if ((*v.obj)["version_id"] == "null") RemoveVersion(c, d, v.id);
    }
  }
  obj["version_id"] = versioning == "Enabled" ? NewVersionId(c) : "null";
  obj["_seq"] = NextSeq(bucket);
  std::string id = c.sim.store().NewId();
  auto& k = d.of(kObject);
  k[id] = std::move(obj);
  return k[id];
}

void SetVersionHeader(const Ctx& c, const json& bucket, const json& obj, Response* r) {
  if (bucket.value("versioning", "").empty()) return;
  r->set_header(c.hp() + "version-id", obj.value("version_id", "null"));
}

// Metadata and stored headers from a PUT/initiate request.
void CaptureHeaders(const Ctx& c, json& obj) {
  json meta = json::object();
  for (const auto& [k, v] : c.req.headers) {
    if (k.rfind("x-obs-meta-", 0) == 0 || k.rfind("x-amz-meta-", 0) == 0) meta[k.substr(11)] = v;
  }
  obj["_meta"] = meta;
  json hs = json::object();
  for (const char* h : {"content-type", "content-encoding", "content-disposition", "content-language",
                        "cache-control", "expires"}) {
    std::string_view v = c.req.header(h);
    if (!v.empty()) hs[h] = std::string(v);
  }
  if (!hs.contains("content-type")) hs["content-type"] = "binary/octet-stream";
  obj["_headers"] = hs;
  obj["content_type"] = hs["content-type"];
  std::string sse = c.H("server-side-encryption");
  if (!sse.empty()) {
    obj["_sse"] = sse;
    std::string kid = c.H("server-side-encryption-kms-key-id");
    // S3 spells it x-amz-server-side-encryption-aws-kms-key-id (as returned).
    if (kid.empty() && c.aws()) kid = std::string(c.req.header("x-amz-server-side-encryption-aws-kms-key-id"));
    if (!kid.empty()) obj["_sse_key"] = kid;
  }
}

std::optional<Response> CheckObjectHeaders(const Ctx& c, std::string* storage_class, std::string* acl) {
  std::string sc = c.H("storage-class");
  if (!sc.empty()) {
    *storage_class = ClassIn(sc);
    if (storage_class->empty()) {
      return Err(c, 400, "InvalidStorageClass", "The storage class '" + sc + "' is invalid; use STANDARD, WARM or COLD",
                 {{"StorageClassRequested", sc}});
    }
  }
  std::string a = c.H("acl");
  if (!a.empty()) {
    if (!ValidCannedAcl(a)) {
      return Err(c, 400, "InvalidArgument", "Invalid canned ACL '" + a + "'",
                 {{"ArgumentName", c.hp() + "acl"}, {"ArgumentValue", a}});
    }
    *acl = a;
  }
  std::string sse = c.H("server-side-encryption");
  if (!sse.empty() && sse != "kms" && sse != "AES256" && sse != "aws:kms") {
    return Err(c, 400, "InvalidArgument",
               "The encryption method '" + sse + "' is not supported; use kms or AES256",
               {{"ArgumentName", c.hp() + "server-side-encryption"}, {"ArgumentValue", sse}});
  }
  if (c.key.size() > 1024) {
    return Err(c, 400, "KeyTooLongError", "Your key is too long (at most 1024 bytes)");
  }
  return std::nullopt;
}

void AddObjectHeaders(const Ctx& c, const json& bucket, const json& o, Response* r) {
  r->set_header("ETag", o.value("etag", ""));
  r->set_header("Last-Modified", HttpDate(o.value("_modified_ms", int64_t{0}) / 1000));
  r->set_header("Accept-Ranges", "bytes");
  if (o.contains("_headers")) {
    for (auto& [k, v] : o["_headers"].items()) {
      std::string name = k == "content-type" ? "Content-Type" : k;
      r->set_header(name, v.get<std::string>());
    }
  }
  if (o.contains("_meta")) {
    for (auto& [k, v] : o["_meta"].items()) r->set_header(c.hp() + "meta-" + k, v.get<std::string>());
  }
  std::string sc = o.value("storage_class", "STANDARD");
  if (sc != "STANDARD") r->set_header(c.hp() + "storage-class", ClassOut(c, sc));
  if (o.contains("_sse")) {
    r->set_header(c.hp() + "server-side-encryption", o["_sse"].get<std::string>());
    if (o.contains("_sse_key")) {
      r->set_header(c.hp() + "server-side-encryption-" + (c.aws() ? "aws-kms-key-id" : "kms-key-id"),
                    o["_sse_key"].get<std::string>());
    }
  }
  SetVersionHeader(c, bucket, o, r);
  // response-* overrides of GET
  static const std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "Content-Type"},         {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},                   {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"}, {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [q, h] : kOverrides) {
    if (c.Has(q)) r->set_header(h, c.Q(q));
  }
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

// ---- bucket configuration documents ----

struct ConfigSpec {
  const char* sub;           // query sub-resource
  const char* root;          // required root element
  const char* missing_code;  // GET when absent ("" = answer `empty_doc`)
  const char* missing_msg;
  bool md5_required;
};

const ConfigSpec kConfigs[] = {
    {"lifecycle", "LifecycleConfiguration", "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist",
     true},
    {"cors", "CORSConfiguration", "NoSuchCORSConfiguration", "The CORS configuration does not exist", true},
    {"website", "WebsiteConfiguration", "NoSuchWebsiteConfiguration",
     "The specified bucket does not have a website configuration", false},
    {"tagging", "Tagging", "NoSuchTagSet", "The TagSet does not exist", true},
    {"encryption", "ServerSideEncryptionConfiguration", "NoSuchEncryptionConfiguration",
     "The server side encryption configuration was not found", false},
    {"notification", "NotificationConfiguration", "", "", false},
    {"logging", "BucketLoggingStatus", "", "", false},
    {"object-lock", "ObjectLockConfiguration", "ObjectLockConfigurationNotFoundError",
     "Object Lock configuration does not exist for this bucket", false},
};

const ConfigSpec* FindConfig(const Ctx& c) {
  for (const auto& s : kConfigs) {
    if (c.Has(s.sub)) return &s;
  }
  return nullptr;
}

bool PositiveInt(const std::string& s, int64_t max = 2147483647) {
  if (s.empty() || s.size() > 10) return false;
  int64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + (ch - '0');
  }
  return v > 0 && v <= max;
}

// Validates a configuration document; returns "" or what is wrong.
std::string ValidateConfig(const Ctx& c, Store::Data& d, const ConfigSpec& spec, const XmlNode& n) {
  std::string sub = spec.sub;
  if (sub == "lifecycle") {
    auto rules = n.All("Rule");
    if (rules.empty()) return "a LifecycleConfiguration needs at least one <Rule>";
    if (rules.size() > 1000) return "at most 1000 lifecycle rules are allowed";
    std::set<std::string> ids;
    for (const XmlNode* r : rules) {
      std::string id = r->ChildText("ID");
      if (id.size() > 255) return "a rule ID must be at most 255 characters";
      if (!id.empty() && !ids.insert(id).second) return "duplicate rule ID '" + id + "'";
      std::string st = r->ChildText("Status");
      if (st != "Enabled" && st != "Disabled") return "rule Status must be Enabled or Disabled, got '" + st + "'";
      if (r->Child("Prefix") == nullptr && r->Child("Filter") == nullptr) return "every rule needs a <Prefix>";
      bool action = false;
      if (const XmlNode* e = r->Child("Expiration")) {
        action = true;
        std::string days = e->ChildText("Days");
        if (e->Child("Date") == nullptr && !PositiveInt(days)) {
          return "Expiration needs Days as a positive integer, got '" + days + "'";
        }
      }
      for (const XmlNode* t : r->All("Transition")) {
        action = true;
        std::string days = t->ChildText("Days");
        if (t->Child("Date") == nullptr && !PositiveInt(days)) {
          return "Transition needs Days as a positive integer, got '" + days + "'";
        }
        std::string cls = ClassIn(t->ChildText("StorageClass"));
        if (cls != "WARM" && cls != "COLD") {
          return "Transition StorageClass must be WARM or COLD, got '" + t->ChildText("StorageClass") + "'";
        }
      }
      if (const XmlNode* e = r->Child("NoncurrentVersionExpiration")) {
        action = true;
        if (!PositiveInt(e->ChildText("NoncurrentDays"))) return "NoncurrentVersionExpiration needs NoncurrentDays > 0";
      }
      for (const XmlNode* t : r->All("NoncurrentVersionTransition")) {
        action = true;
        if (!PositiveInt(t->ChildText("NoncurrentDays"))) return "NoncurrentVersionTransition needs NoncurrentDays > 0";
        std::string cls = ClassIn(t->ChildText("StorageClass"));
        if (cls != "WARM" && cls != "COLD") return "NoncurrentVersionTransition StorageClass must be WARM or COLD";
      }
      if (r->Child("AbortIncompleteMultipartUpload") != nullptr) action = true;
      if (!action) return "rule '" + id + "' has no action (Expiration, Transition, NoncurrentVersion*)";
    }
  } else if (sub == "cors") {
    auto rules = n.All("CORSRule");
    if (rules.empty()) return "a CORSConfiguration needs at least one <CORSRule>";
    if (rules.size() > 100) return "at most 100 CORS rules are allowed";
    for (const XmlNode* r : rules) {
      auto methods = r->All("AllowedMethod");
      if (methods.empty()) return "every CORSRule needs at least one <AllowedMethod>";
      for (const XmlNode* m : methods) {
        std::string v = m->text;
        if (v != "GET" && v != "PUT" && v != "POST" && v != "DELETE" && v != "HEAD") {
          return "AllowedMethod must be GET, PUT, POST, DELETE or HEAD, got '" + v + "'";
        }
      }
      if (r->All("AllowedOrigin").empty()) return "every CORSRule needs at least one <AllowedOrigin>";
      if (r->Child("MaxAgeSeconds") != nullptr) {
        std::string v = r->ChildText("MaxAgeSeconds");
        if (v != "0" && !PositiveInt(v)) return "MaxAgeSeconds must be a non-negative integer, got '" + v + "'";
      }
    }
  } else if (sub == "website") {
    const XmlNode* redirect = n.Child("RedirectAllRequestsTo");
    const XmlNode* index = n.Child("IndexDocument");
    if (redirect != nullptr && (index != nullptr || n.Child("ErrorDocument") != nullptr || n.Child("RoutingRules"))) {
      return "RedirectAllRequestsTo cannot be combined with other website settings";
    }
    if (redirect != nullptr) {
      if (redirect->ChildText("HostName").empty()) return "RedirectAllRequestsTo needs a HostName";
      std::string p = redirect->ChildText("Protocol");
      if (!p.empty() && p != "http" && p != "https") return "Protocol must be http or https";
    } else {
      if (index == nullptr) return "a WebsiteConfiguration needs IndexDocument or RedirectAllRequestsTo";
      std::string suffix = index->ChildText("Suffix");
      if (suffix.empty() || suffix.find('/') != std::string::npos) {
        return "IndexDocument Suffix must be non-empty and must not contain '/'";
      }
    }
  } else if (sub == "tagging") {
    const XmlNode* set = n.Child("TagSet");
    if (set == nullptr) return "Tagging needs a <TagSet>";
    auto tags = set->All("Tag");
    if (tags.size() > 10) return "at most 10 tags are allowed";
    std::set<std::string> keys;
    for (const XmlNode* t : tags) {
      std::string k = t->ChildText("Key");
      if (k.empty() || k.size() > 36) return "InvalidTag:a tag key must be 1 to 36 characters, got '" + k + "'";
      if (t->ChildText("Value").size() > 43) return "InvalidTag:a tag value must be at most 43 characters";
      if (!keys.insert(k).second) return "InvalidTag:duplicate tag key '" + k + "'";
    }
  } else if (sub == "encryption") {
    const XmlNode* r = n.Child("Rule");
    const XmlNode* a = r == nullptr ? nullptr : r->Child("ApplyServerSideEncryptionByDefault");
    if (a == nullptr) return "expected Rule/ApplyServerSideEncryptionByDefault";
    std::string alg = a->ChildText("SSEAlgorithm");
    if (alg != "kms" && alg != "AES256" && alg != "aws:kms") {
      return "SSEAlgorithm must be kms or AES256, got '" + alg + "'";
    }
  } else if (sub == "logging") {
    if (const XmlNode* le = n.Child("LoggingEnabled")) {
      std::string target = le->ChildText("TargetBucket");
      if (target.empty()) return "LoggingEnabled needs a TargetBucket";
      json* t = FindBucket(d, target);
      if (t == nullptr || (*t)["_domain_id"] != c.owner()) {
        return "InvalidTargetBucketForLogging:The target bucket for logging '" + target +
               "' does not exist or is not owned by you";
      }
    }
  } else if (sub == "object-lock") {
    if (n.ChildText("ObjectLockEnabled") != "Enabled") return "ObjectLockEnabled must be Enabled";
    if (const XmlNode* r = n.Child("Rule")) {
      const XmlNode* dr = r->Child("DefaultRetention");
      if (dr == nullptr) return "Rule needs DefaultRetention";
      if (dr->ChildText("Mode") != "COMPLIANCE") return "DefaultRetention Mode must be COMPLIANCE";
      bool days = dr->Child("Days") != nullptr, years = dr->Child("Years") != nullptr;
      if (days == years) return "DefaultRetention needs exactly one of Days or Years";
      if (!PositiveInt(dr->ChildText(days ? "Days" : "Years"), days ? 36500 : 100)) {
        return "DefaultRetention Days/Years must be a positive integer";
      }
    }
  }
  return "";
}

Response PutConfig(Ctx& c, const ConfigSpec& spec) {
  if (auto e = CheckMd5(c, spec.md5_required)) return *e;
  std::string err;
  auto n = ParseXml(c.req.body, &err);
  if (!n) {
    return Err(c, 400, "MalformedXML",
               "The XML you provided was not well-formed or did not validate against our published schema: " + err);
  }
  if (n->name != spec.root) {
    return Err(c, 400, "MalformedXML", "The root element must be <" + std::string(spec.root) + ">, got <" + n->name + ">");
  }
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    std::string why = ValidateConfig(c, d, spec, *n);
    if (!why.empty()) {
      std::size_t colon = why.find(':');
      if (colon != std::string::npos && why.substr(0, colon).find(' ') == std::string::npos) {
        return Err(c, 400, why.substr(0, colon), why.substr(colon + 1));
      }
      return Err(c, 400, "MalformedXML", "The XML you provided did not validate: " + why);
    }
    std::string sub = spec.sub;
    bool empty_logging = sub == "logging" && n->Child("LoggingEnabled") == nullptr;
    if (empty_logging) {
      (*b)["_configs"].erase("logging");
    } else {
      (*b)["_configs"][sub] = WriteXml(*n);
    }
    if (sub == "object-lock") (*b)["object_lock"] = true;
    dirty = true;
    return Empty(c, sub == "tagging" || sub == "encryption" ? 204 : 200);
  });
}

Response GetConfig(Ctx& c, const ConfigSpec& spec) {
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    std::string sub = spec.sub;
    auto& cfgs = (*b)["_configs"];
    if (cfgs.is_object() && cfgs.contains(sub)) {
      std::string err;
      auto n = ParseXml(cfgs[sub].get<std::string>(), &err);
      if (n) return Xml(c, 200, WriteXml(*n, c.ns()));
    }
    if (sub == "object-lock" && b->value("object_lock", false)) {
      return Xml(c, 200, Open(c, "ObjectLockConfiguration") + Tag("ObjectLockEnabled", "Enabled") +
                             "</ObjectLockConfiguration>");
    }
    if (std::string(spec.missing_code).empty()) return Xml(c, 200, Open(c, spec.root) + "</" + spec.root + ">");
    return Err(c, 404, spec.missing_code, spec.missing_msg, {{"BucketName", c.bucket}});
  });
}

Response DeleteConfig(Ctx& c, const ConfigSpec& spec) {
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    if (std::string(spec.missing_code).empty() || std::string(spec.sub) == "object-lock") {
      return Err(c, 405, "MethodNotAllowed", "The specified method is not allowed against ?" + std::string(spec.sub),
                 {{"Method", "DELETE"}, {"ResourceType", spec.sub}});
    }
    if ((*b)["_configs"].is_object() && (*b)["_configs"].erase(spec.sub) > 0) dirty = true;
    return Empty(c, 204);
  });
}

std::string ValidatePolicy(const Ctx& c, const std::string& body) {
  if (body.size() > 20 * 1024) return "the policy exceeds 20 KB";
  json p = json::parse(body, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return "the policy is not a JSON object";
  if (!p.contains("Statement") || !p["Statement"].is_array() || p["Statement"].empty()) {
    return "the policy needs a non-empty \"Statement\" array";
  }
  for (const auto& st : p["Statement"]) {
    if (!st.is_object()) return "every Statement must be an object";
    std::string eff = st.contains("Effect") && st["Effect"].is_string() ? st["Effect"].get<std::string>() : "";
    if (eff != "Allow" && eff != "Deny") return "Effect must be \"Allow\" or \"Deny\"";
    if (!st.contains("Principal")) return "every Statement needs a Principal";
    if (!st.contains("Action")) return "every Statement needs an Action";
    if (!st.contains("Resource")) return "every Statement needs a Resource";
    json res = st["Resource"];
    if (res.is_string()) res = json::array({res});
    if (!res.is_array() || res.empty()) return "Resource must be a string or a non-empty array";
    for (const auto& r : res) {
      if (!r.is_string()) return "every Resource must be a string";
      std::string s = r.get<std::string>();
      if (s.rfind("arn:aws:s3:::", 0) == 0) s = s.substr(13);
      if (s != c.bucket && s.rfind(c.bucket + "/", 0) != 0) {
        return "Policy has invalid resource '" + r.get<std::string>() + "': it must name bucket '" + c.bucket + "'";
      }
    }
  }
  return "";
}

Response BucketPolicy(Ctx& c) {
  const std::string& m = c.req.method;
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    if (m == "PUT") {
      std::string why = ValidatePolicy(c, c.req.body);
      if (!why.empty()) return Err(c, 400, "MalformedPolicy", "Invalid policy: " + why);
      (*b)["_policy"] = c.req.body;
      dirty = true;
      return Empty(c, 204);
    }
    if (m == "DELETE") {
      if (b->erase("_policy") > 0) dirty = true;
      return Empty(c, 204);
    }
    if (!b->contains("_policy")) {
      return Err(c, 404, "NoSuchBucketPolicy", "The bucket policy does not exist", {{"BucketName", c.bucket}});
    }
    Response r;
    r.status = 200;
    r.set_header("Content-Type", "application/json");
    r.body = (*b)["_policy"].get<std::string>();
    Common(c, &r);
    return r;
  });
}

Response CreateBucket(Ctx& c) {
  if (c.user == nullptr) return Err(c, 403, "AccessDenied", "Access Denied: creating a bucket needs a signed request");
  std::string why;
  if (!ValidBucketName(c.bucket, &why)) {
    return Err(c, 400, "InvalidBucketName", "The specified bucket is not valid: " + why, {{"BucketName", c.bucket}});
  }
  std::string acl = c.H("acl").empty() ? "private" : c.H("acl");
  if (!ValidCannedAcl(acl)) {
    return Err(c, 400, "InvalidArgument", "Invalid canned ACL '" + acl + "'",
               {{"ArgumentName", c.hp() + "acl"}, {"ArgumentValue", acl}});
  }
  std::string sc_raw = c.H("storage-class");
  if (sc_raw.empty()) sc_raw = std::string(c.req.header("x-default-storage-class"));
  std::string sc = sc_raw.empty() ? "STANDARD" : ClassIn(sc_raw);
  if (sc.empty()) {
    return Err(c, 400, "InvalidStorageClass", "The storage class '" + sc_raw + "' is invalid; use STANDARD, WARM or COLD",
               {{"StorageClassRequested", sc_raw}});
  }
  const std::string& region = c.sim.config().region;
  std::string location = region;
  if (c.req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    std::string err;
    auto n = ParseXml(c.req.body, &err);
    if (!n || n->name != "CreateBucketConfiguration") {
      return Err(c, 400, "MalformedXML",
                 "The XML you provided was not well-formed or did not validate against our published schema: " +
                     (err.empty() ? "expected <CreateBucketConfiguration>" : err));
    }
    std::string loc = n->ChildText(n->Child("Location") != nullptr ? "Location" : "LocationConstraint");
    if (!loc.empty() && loc != region) {
      return Err(c, 400, "IllegalLocationConstraintException",
                 "The " + loc + " location constraint is incompatible for the region specific endpoint this request "
                                "was sent to (" + region + ")");
    }
  }
  std::string fs = c.H("fs-file-interface");
  std::string lock = c.H("bucket-object-lock-enabled");
  Response r = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    if (json* b = FindBucket(d, c.bucket)) {
      if ((*b)["_domain_id"] == c.owner()) {
        return Err(c, 409, "BucketAlreadyOwnedByYou",
                   "Your previous request to create the named bucket succeeded and you already own it.",
                   {{"BucketName", c.bucket}});
      }
      return Err(c, 409, "BucketAlreadyExists",
                 "The requested bucket name is not available. The bucket namespace is shared by all users of the "
                 "system. Please select a different name and try again.",
                 {{"BucketName", c.bucket}});
    }
    int owned = 0;
    for (auto& [id, b] : d.of(kBucket)) owned += b["_domain_id"] == c.owner() ? 1 : 0;
    if (owned >= kMaxBuckets) {
      return Err(c, 400, "TooManyBuckets", "You have attempted to create more buckets than allowed (100)");
    }
    json b = {{"name", c.bucket},
              {"location", region},
              {"storage_class", sc},
              {"acl", acl},
              {"created", IsoMs(c.sim.clock().NowMs())},
              {"versioning", ""},
              {"fs_file_interface", fs == "Enabled"},
              {"object_lock", lock == "true"},
              {"_domain_id", c.owner()},
              {"_project_id", c.project()},
              {"_seq", 0},
              {"_configs", json::object()}};
    d.of(kBucket)[c.bucket] = std::move(b);
    dirty = true;
    Response ok = Empty(c, 200);
    ok.set_header("Location", "/" + c.bucket);
    return ok;
  });
  if (r.status == 200) c.sim.faults().NoteCreated("PUT", "/" + c.bucket, {c.bucket}, c.sim.clock().NowMs());
  return r;
}

Response DeleteBucket(Ctx& c) {
  std::vector<std::string> blobs;
  Response r = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    for (auto& [id, o] : d.of(kObject)) {
      if (o["bucket"] == c.bucket) {
        return Err(c, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty",
                   {{"BucketName", c.bucket}});
      }
    }
    auto& ups = d.of(kUpload);
    for (auto it = ups.begin(); it != ups.end();) {
      if (it->second["bucket"] == c.bucket) {
        for (auto& [n, p] : it->second["_parts"].items()) blobs.push_back(p.value("blob", ""));
        it = ups.erase(it);
      } else {
        ++it;
      }
    }
    d.of(kBucket).erase(c.bucket);
    dirty = true;
    return Empty(c, 204);
  });
  for (const auto& id : blobs) c.blobs.Remove(id);
  return r;
}

Response HeadBucket(Ctx& c) {
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kRead, &e);
    if (b == nullptr) return e;
    Response r = Empty(c, 200);
    r.set_header(c.hp() + "bucket-location", (*b)["location"].get<std::string>());
    if (c.aws()) r.set_header("x-amz-bucket-region", (*b)["location"].get<std::string>());
    r.set_header(c.hp() + "storage-class", ClassOut(c, (*b)["storage_class"].get<std::string>()));
    r.set_header(c.hp() + "version", "3.0");
    if (b->value("fs_file_interface", false)) r.set_header(c.hp() + "fs-file-interface", "Enabled");
    return r;
  });
}

Response ListBuckets(Ctx& c) {
  if (c.user == nullptr) return Err(c, 403, "AccessDenied", "Access Denied: listing buckets needs a signed request");
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    std::string out = Open(c, "ListAllMyBucketsResult") + "<Owner>" + Tag("ID", c.owner()) +
                      Tag("DisplayName", c.user->domain_name) + "</Owner><Buckets>";
    for (auto& [name, b] : d.of(kBucket)) {
      if (b["_domain_id"] != c.owner()) continue;
      out += "<Bucket>" + Tag("Name", name) + Tag("CreationDate", b["created"].get<std::string>()) +
             Tag("Location", b["location"].get<std::string>()) +
             Tag("BucketType", b.value("fs_file_interface", false) ? "POSIX" : "OBJECT") + "</Bucket>";
    }
    out += "</Buckets></ListAllMyBucketsResult>";
    return Xml(c, 200, out);
  });
}

Response BucketVersioning(Ctx& c) {
  std::optional<XmlNode> n;
  if (c.req.method == "PUT") {
    std::string err;
    n = ParseXml(c.req.body, &err);
    if (!n || n->name != "VersioningConfiguration") {
      return Err(c, 400, "MalformedXML", "Expected <VersioningConfiguration><Status>Enabled|Suspended</Status>" +
                                             (err.empty() ? std::string() : ": " + err));
    }
    std::string st = n->ChildText("Status");
    if (st != "Enabled" && st != "Suspended") {
      return Err(c, 400, "MalformedXML", "Versioning Status must be Enabled or Suspended, got '" + st + "'");
    }
  }
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    if (n) {
      if (b->value("fs_file_interface", false)) {
        return Err(c, 400, "FsNotSupport", "Parallel file system buckets do not support versioning");
      }
      (*b)["versioning"] = n->ChildText("Status");
      dirty = true;
      return Empty(c, 200);
    }
    std::string st = (*b)["versioning"].get<std::string>();
    return Xml(c, 200, Open(c, "VersioningConfiguration") + (st.empty() ? "" : Tag("Status", st)) +
                           "</VersioningConfiguration>");
  });
}

Response BucketStorageClass(Ctx& c, bool policy_form) {
  std::string want;
  if (c.req.method == "PUT") {
    std::string err;
    auto n = ParseXml(c.req.body, &err);
    std::string raw;
    if (n && !policy_form && n->name == "StorageClass") raw = std::string(n->text);
    if (n && policy_form && n->name == "StoragePolicy") raw = n->ChildText("DefaultStorageClass");
    raw.erase(0, raw.find_first_not_of(" \t\r\n"));
    raw.erase(raw.find_last_not_of(" \t\r\n") + 1);
    if (!n) return Err(c, 400, "MalformedXML", "The XML you provided was not well-formed: " + err);
    want = ClassIn(raw);
    if (want.empty()) {
      return Err(c, 400, "InvalidStorageClass", "The storage class '" + raw + "' is invalid; use STANDARD, WARM or COLD",
                 {{"StorageClassRequested", raw}});
    }
  }
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    if (!want.empty()) {
      (*b)["storage_class"] = want;
      dirty = true;
      return Empty(c, 200);
    }
    std::string sc = ClassOut(c, (*b)["storage_class"].get<std::string>());
    if (policy_form) {
      return Xml(c, 200, Open(c, "StoragePolicy") + Tag("DefaultStorageClass", sc) + "</StoragePolicy>");
    }
    return Xml(c, 200, Open(c, "StorageClass") + XmlEscape(sc) +
                           "</StorageClass>");
  });
}

Response BucketAcl(Ctx& c) {
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    if (c.req.method == "PUT") {
      if (auto err = SetAcl(c, *b)) return *err;
      dirty = true;
      return Empty(c, 200);
    }
    return Xml(c, 200, AclXml(c, (*b)["_domain_id"].get<std::string>(), *b));
  });
}

Response BucketSimpleGet(Ctx& c, const std::string& sub) {
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    if (sub == "location") {
      std::string loc = (*b)["location"].get<std::string>();
      return Xml(c, 200, c.aws() ? Open(c, "LocationConstraint") + XmlEscape(loc) + "</LocationConstraint>"
                                 : Open(c, "Location") + XmlEscape(loc) + "</Location>");
    }
    if (sub == "storageinfo") {
      int64_t size = 0, count = 0;
      for (auto& [id, o] : d.of(kObject)) {
        if (o["bucket"] != c.bucket || o.value("delete_marker", false)) continue;
        size += o.value("size", int64_t{0});
        ++count;
      }
      return Xml(c, 200, Open(c, "GetBucketStorageInfoResult") + Tag("Size", std::to_string(size)) +
                             Tag("ObjectNumber", std::to_string(count)) + "</GetBucketStorageInfoResult>");
    }
    // customdomain
    std::string out = Open(c, "ListBucketCustomDomainsResult");
    if ((*b)["_configs"].contains("_domains")) {
      for (auto& [dom, when] : (*b)["_configs"]["_domains"].items()) {
        out += "<Domains>" + Tag("DomainName", dom) + Tag("CreateTime", when.get<std::string>()) + "</Domains>";
      }
    }
    return Xml(c, 200, out + "</ListBucketCustomDomainsResult>");
  });
}

Response BucketCustomDomain(Ctx& c) {
  std::string dom = c.Q("customdomain");
  if (dom.empty() || dom.size() > 253 || dom.find('/') != std::string::npos) {
    return Err(c, 400, "InvalidArgument", "customdomain must name a domain, e.g. ?customdomain=www.example.com",
               {{"ArgumentName", "customdomain"}, {"ArgumentValue", dom}});
  }
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    auto& doms = (*b)["_configs"]["_domains"];
    if (!doms.is_object()) doms = json::object();
    if (c.req.method == "PUT") {
      doms[dom] = IsoMs(c.sim.clock().NowMs());
      dirty = true;
      return Empty(c, 200);
    }
    if (doms.erase(dom) > 0) dirty = true;
    return Empty(c, 204);
  });
}

// ---- listing ----

std::optional<Response> ParseMaxKeys(const Ctx& c, const char* name, int* out) {
  *out = 1000;
  if (!c.Has(name)) return std::nullopt;
  std::string v = c.Q(name);
  if (v != "0" && !PositiveInt(v)) {
    return Err(c, 400, "InvalidArgument", std::string(name) + " must be an integer between 0 and 2147483647",
               {{"ArgumentName", name}, {"ArgumentValue", v}});
  }
  *out = static_cast<int>(std::min<int64_t>(1000, std::stoll(v)));
  return std::nullopt;
}

struct Entry {
  std::string key;
  json* obj = nullptr;  // null for a common prefix
};

// Applies prefix/delimiter/marker to sorted keys; `after` skips keys <= it.
// Returns the page and sets *truncated.
template <typename T>
std::vector<T> Page(const std::vector<T>& sorted, const std::string& prefix, const std::string& delim,
                    const std::string& after, int max, bool* truncated, std::vector<T>* cps_out) {
  std::vector<T> page;
  *truncated = false;
  std::string last_cp;
  int n = 0;
  for (const T& e : sorted) {
    const std::string& key = e.key;
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    if (!after.empty() && key <= after) continue;
    std::string cp;
    if (!delim.empty()) {
      std::size_t p = key.find(delim, prefix.size());
      if (p != std::string::npos) cp = key.substr(0, p + delim.size());
    }
    if (!cp.empty()) {
      if (cp == last_cp || (!after.empty() && cp <= after)) continue;
      if (n >= max) {
        *truncated = true;
        break;
      }
      last_cp = cp;
      T c = e;
      c.key = cp;
      c.obj = nullptr;
      cps_out->push_back(c);
      page.push_back(c);
      ++n;
      continue;
    }
    if (n >= max) {
      *truncated = true;
      break;
    }
    page.push_back(e);
    ++n;
  }
  return page;
}

std::string Enc(const Ctx& c, const std::string& s) {
  return c.Q("encoding-type") == "url" ? UriEncode(s, true) : s;
}

std::string ContentsXml(const Ctx& c, const json& o, const std::string& owner, bool with_owner) {
  return "<Contents>" + Tag("Key", Enc(c, o["key"].get<std::string>())) +
         Tag("LastModified", IsoMs(o.value("_modified_ms", int64_t{0}))) + Tag("ETag", o["etag"].get<std::string>()) +
         Tag("Size", std::to_string(o.value("size", int64_t{0}))) +
         (with_owner ? "<Owner>" + Tag("ID", owner) + "</Owner>" : std::string()) +
         Tag("StorageClass", ClassOut(c, o.value("storage_class", "STANDARD"))) + "</Contents>";
}

Response ListObjects(Ctx& c) {
  bool v2 = c.Q("list-type") == "2";
  if (c.Has("list-type") && !v2) {
    return Err(c, 400, "InvalidArgument", "list-type must be 2", {{"ArgumentName", "list-type"}});
  }
  if (c.Has("encoding-type") && c.Q("encoding-type") != "url") {
    return Err(c, 400, "InvalidArgument", "Invalid Encoding Method specified in Request (only 'url')",
               {{"ArgumentName", "encoding-type"}, {"ArgumentValue", c.Q("encoding-type")}});
  }
  int max = 1000;
  if (auto e = ParseMaxKeys(c, "max-keys", &max)) return *e;
  std::string prefix = c.Q("prefix"), delim = c.Q("delimiter");
  std::string after;
  if (v2) {
    if (c.Has("continuation-token")) {
      auto tok = Base64Decode(c.Q("continuation-token"));
      if (!tok || tok->rfind("k:", 0) != 0) {
        return Err(c, 400, "InvalidArgument", "The continuation token provided is incorrect",
                   {{"ArgumentName", "continuation-token"}});
      }
      after = tok->substr(2);
    } else {
      after = c.Q("start-after");
    }
  } else {
    after = c.Q("marker");
  }
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kRead, &e);
    if (b == nullptr) return e;
    std::map<std::string, std::pair<int64_t, json*>> latest;
    for (auto& [id, o] : d.of(kObject)) {
      if (o["bucket"] != c.bucket) continue;
      std::string k = o["key"].get<std::string>();
      int64_t seq = o["_seq"].get<int64_t>();
      auto it = latest.find(k);
      if (it == latest.end() || it->second.first < seq) latest[k] = {seq, &o};
    }
    std::vector<Entry> sorted;
    for (auto& [k, v] : latest) {
      if (!v.second->value("delete_marker", false)) sorted.push_back({k, v.second});
    }
    bool truncated = false;
    std::vector<Entry> cps;
    auto page = Page<Entry>(sorted, prefix, delim, after, max, &truncated, &cps);
    std::string owner = (*b)["_domain_id"].get<std::string>();
    std::string out = Open(c, "ListBucketResult") + Tag("Name", c.bucket) + Tag("Prefix", Enc(c, prefix));
    if (v2) {
      if (c.Has("start-after")) out += Tag("StartAfter", Enc(c, c.Q("start-after")));
      if (c.Has("continuation-token")) out += Tag("ContinuationToken", c.Q("continuation-token"));
      out += Tag("KeyCount", std::to_string(page.size()));
    } else {
      out += Tag("Marker", Enc(c, after));
    }
    out += Tag("MaxKeys", std::to_string(max));
    if (!delim.empty()) out += Tag("Delimiter", Enc(c, delim));
    if (c.Has("encoding-type")) out += Tag("EncodingType", "url");
    out += Tag("IsTruncated", truncated ? "true" : "false");
    if (truncated && !page.empty()) {
      if (v2) {
        out += Tag("NextContinuationToken", Base64Encode("k:" + page.back().key));
      } else {
        out += Tag("NextMarker", Enc(c, page.back().key));
      }
    }
    bool fetch_owner = !v2 || c.Q("fetch-owner") == "true";
    for (const auto& en : page) {
      if (en.obj != nullptr) out += ContentsXml(c, *en.obj, owner, fetch_owner);
    }
    for (const auto& cp : cps) out += "<CommonPrefixes>" + Tag("Prefix", Enc(c, cp.key)) + "</CommonPrefixes>";
    out += "</ListBucketResult>";
    return Xml(c, 200, out);
  });
}

struct VEntry {
  std::string key;
  json* obj = nullptr;
  bool latest = false;
};

Response ListVersions(Ctx& c) {
  int max = 1000;
  if (auto e = ParseMaxKeys(c, "max-keys", &max)) return *e;
  std::string prefix = c.Q("prefix"), delim = c.Q("delimiter"), key_marker = c.Q("key-marker"),
              vid_marker = c.Q("version-id-marker");
  if (!vid_marker.empty() && key_marker.empty()) {
    return Err(c, 400, "InvalidArgument", "A version-id marker cannot be specified without a key marker.",
               {{"ArgumentName", "version-id-marker"}});
  }
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    std::vector<VEntry> all;
    for (auto& [id, o] : d.of(kObject)) {
      if (o["bucket"] == c.bucket) all.push_back({o["key"].get<std::string>(), &o, false});
    }
    std::sort(all.begin(), all.end(), [](const VEntry& a, const VEntry& x) {
      if (a.key != x.key) return a.key < x.key;
      return (*a.obj)["_seq"].get<int64_t>() > (*x.obj)["_seq"].get<int64_t>();
    });
    for (std::size_t i = 0; i < all.size(); ++i) all[i].latest = i == 0 || all[i - 1].key != all[i].key;
    // Skip everything up to and including the (key, version) marker.
    std::vector<VEntry> rest;
    bool passed = key_marker.empty();
    for (const auto& v : all) {
      if (!passed) {
        if (v.key < key_marker) continue;
        if (v.key == key_marker) {
          if (vid_marker.empty()) continue;
          if ((*v.obj)["version_id"] == vid_marker) {
            passed = true;
            continue;
          }
          if (!passed) continue;
        }
        passed = true;
      }
      rest.push_back(v);
    }
    std::string out = Open(c, "ListVersionsResult") + Tag("Name", c.bucket) + Tag("Prefix", prefix) +
                      Tag("KeyMarker", key_marker) + Tag("VersionIdMarker", vid_marker);
    std::string body, cps;
    int n = 0;
    bool truncated = false;
    std::string last_cp;
    const VEntry* last = nullptr;
    for (const auto& v : rest) {
      if (v.key.compare(0, prefix.size(), prefix) != 0) continue;
      std::string cp;
      if (!delim.empty()) {
        std::size_t p = v.key.find(delim, prefix.size());
        if (p != std::string::npos) cp = v.key.substr(0, p + delim.size());
      }
      if (!cp.empty() && (cp == last_cp || (!key_marker.empty() && cp <= key_marker))) continue;
      if (n >= max) {
        truncated = true;
        break;
      }
      ++n;
      last = &v;
      if (!cp.empty()) {
        last_cp = cp;
        cps += "<CommonPrefixes>" + Tag("Prefix", cp) + "</CommonPrefixes>";
        continue;
      }
      const json& o = *v.obj;
      std::string common = Tag("Key", v.key) + Tag("VersionId", o["version_id"].get<std::string>()) +
                           Tag("IsLatest", v.latest ? "true" : "false") +
                           Tag("LastModified", IsoMs(o.value("_modified_ms", int64_t{0})));
      std::string owner = "<Owner>" + Tag("ID", (*b)["_domain_id"].get<std::string>()) + "</Owner>";
      if (o.value("delete_marker", false)) {
        body += "<DeleteMarker>" + common + owner + "</DeleteMarker>";
      } else {
        body += "<Version>" + common + Tag("ETag", o["etag"].get<std::string>()) +
                Tag("Size", std::to_string(o.value("size", int64_t{0}))) + owner +
                Tag("StorageClass", ClassOut(c, o.value("storage_class", "STANDARD"))) + "</Version>";
      }
    }
    if (truncated && last != nullptr) {
      out += Tag("NextKeyMarker", last_cp.empty() || last->key.rfind(last_cp, 0) != 0 ? last->key : last_cp);
      out += Tag("NextVersionIdMarker", (*last->obj)["version_id"].get<std::string>());
    }
    out += Tag("MaxKeys", std::to_string(max));
    if (!delim.empty()) out += Tag("Delimiter", delim);
    out += Tag("IsTruncated", truncated ? "true" : "false") + body + cps + "</ListVersionsResult>";
    return Xml(c, 200, out);
  });
}

// ---- objects ----

Response PutObject(Ctx& c) {
  std::string sc = "", acl = "private";
  if (auto e = CheckObjectHeaders(c, &sc, &acl)) return *e;
  if (auto e = CheckMd5(c, false)) return *e;
  std::string etag = "\"" + HexEncode(Md5(c.req.body)) + "\"";
  std::string blob = c.sim.store().NewId();
  std::string err;
  if (!c.blobs.Put(blob, c.req.body, &err)) return Err(c, 500, "InternalError", "We encountered an internal error: " + err);
  Response r = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kWrite, &e);
    if (b == nullptr) return e;
    json o = {{"bucket", c.bucket},
              {"key", c.key},
              {"size", c.req.body.size()},
              {"etag", etag},
              {"last_modified", IsoMs(c.sim.clock().NowMs())},
              {"storage_class", sc.empty() ? (*b)["storage_class"].get<std::string>() : sc},
              {"acl", acl},
              {"delete_marker", false},
              {"_modified_ms", c.sim.clock().NowMs()},
              {"_blob", blob}};
    CaptureHeaders(c, o);
    json& stored = AddVersion(c, d, *b, std::move(o));
    dirty = true;
    Response ok = Empty(c, 200);
    ok.set_header("ETag", etag);
    if (stored.contains("_sse")) ok.set_header(c.hp() + "server-side-encryption", stored["_sse"].get<std::string>());
    if (!stored.value("storage_class", "STANDARD").empty() && sc != "" && sc != "STANDARD") {
      ok.set_header(c.hp() + "storage-class", ClassOut(c, sc));
    }
    SetVersionHeader(c, *b, stored, &ok);
    return ok;
  });
  if (r.status != 200) c.blobs.Remove(blob);
  return r;
}

// Finds the version a GET/HEAD/DELETE addresses; null + *err when absent.
json* FindVersion(const Ctx& c, Store::Data& d, Response* err, std::string* store_id = nullptr) {
  auto vs = VersionsOf(d, c.bucket, c.key);
  if (c.Has("versionId")) {
    std::string vid = c.Q("versionId");
    for (auto& v : vs) {
      if ((*v.obj)["version_id"] == vid) {
        if (store_id != nullptr) *store_id = v.id;
        return v.obj;
      }
    }
    *err = Err(c, 404, "NoSuchVersion", "The specified version does not exist.",
               {{"Key", c.key}, {"VersionId", vid}});
    return nullptr;
  }
  if (vs.empty() || (*vs[0].obj).value("delete_marker", false)) {
    *err = Err(c, 404, "NoSuchKey", "The specified key does not exist.", {{"Key", c.key}});
    if (!vs.empty()) {
      err->set_header(c.hp() + "delete-marker", "true");
      err->set_header(c.hp() + "version-id", (*vs[0].obj)["version_id"].get<std::string>());
    }
    return nullptr;
  }
  if (store_id != nullptr) *store_id = vs[0].id;
  return vs[0].obj;
}

bool EtagListMatches(std::string_view list, const std::string& etag) {
  std::size_t i = 0;
  while (i <= list.size()) {
    std::size_t comma = list.find(',', i);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view t = list.substr(i, comma - i);
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t == "*" || Unquote(std::string(t)) == Unquote(etag)) return true;
    i = comma + 1;
  }
  return false;
}

Response GetObject(Ctx& c, bool head) {
  json obj, bucket;
  Response r = c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kRead, &e);
    if (b == nullptr) return e;
    json* o = FindVersion(c, d, &e);
    if (o == nullptr) return e;
    if (o->value("delete_marker", false)) {
      Response m = Err(c, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
                       {{"Method", c.req.method}, {"ResourceType", "DeleteMarker"}});
      m.set_header(c.hp() + "delete-marker", "true");
      return m;
    }
    obj = *o;
    bucket = *b;
    return Empty(c, 200);
  });
  if (r.status != 200) return r;
  std::string etag = obj["etag"].get<std::string>();
  int64_t modified = obj.value("_modified_ms", int64_t{0}) / 1000;
  std::string_view im = c.req.header("if-match"), inm = c.req.header("if-none-match");
  if (!im.empty() && !EtagListMatches(im, etag)) {
    return Err(c, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
               {{"Condition", "If-Match"}});
  }
  if (im.empty()) {
    if (auto t = ParseHttpDate(c.req.header("if-unmodified-since")); t && modified > *t) {
      return Err(c, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                 {{"Condition", "If-Unmodified-Since"}});
    }
  }
  if (!inm.empty() && EtagListMatches(inm, etag)) {
    Response nm = Empty(c, 304);
    nm.set_header("ETag", etag);
    return nm;
  }
  if (inm.empty()) {
    if (auto t = ParseHttpDate(c.req.header("if-modified-since")); t && modified <= *t) {
      Response nm = Empty(c, 304);
      nm.set_header("ETag", etag);
      return nm;
    }
  }
  auto data = c.blobs.Get(obj.value("_blob", ""));
  if (data == nullptr) {
    return Err(c, 500, "InternalError", "The object data is missing from the simulator's blob store (" +
                                            obj.value("_blob", "") + "); re-upload the object");
  }
  Response out = Empty(c, 200);
  AddObjectHeaders(c, bucket, obj, &out);
  std::string_view range = c.req.header("range");
  std::size_t size = data->size();
  if (!range.empty() && range.substr(0, 6) == "bytes=" && range.find(',') == std::string_view::npos) {
    std::string_view spec = range.substr(6);
    std::size_t dash = spec.find('-');
    bool ok = dash != std::string_view::npos;
    std::string a(ok ? spec.substr(0, dash) : ""), z(ok ? spec.substr(dash + 1) : "");
    auto num = [](const std::string& s, uint64_t* v) {
      if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) return false;
      *v = std::stoull(s);
      return true;
    };
    uint64_t first = 0, last = 0;
    bool valid = false;
    if (ok && a.empty() && num(z, &last)) {  // suffix: last N bytes
      if (last > 0 && size > 0) {
        first = last >= size ? 0 : size - last;
        last = size - 1;
        valid = true;
      } else {
        valid = false;
        ok = last == 0 ? false : ok;
      }
    } else if (ok && num(a, &first)) {
      if (z.empty()) {
        last = size == 0 ? 0 : size - 1;
      } else if (!num(z, &last) || last < first) {
        ok = false;  // syntactically invalid: ignored, whole object
      }
      if (ok) {
        if (first >= size) {
          valid = false;
        } else {
          last = std::min<uint64_t>(last, size - 1);
          valid = true;
        }
      }
    } else {
      ok = false;
    }
    if (ok && !valid) {
      Response bad = Err(c, 416, "InvalidRange", "The requested range is not satisfiable",
                         {{"RangeRequested", std::string(range)}, {"ActualObjectSize", std::to_string(size)}});
      bad.set_header("Content-Range", "bytes */" + std::to_string(size));
      return bad;
    }
    if (ok) {
      out.status = 206;
      out.set_header("Content-Range",
                     "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
      out.body = data->substr(first, last - first + 1);
      return out;
    }
  }
  out.body = *data;  // HEAD: the server sends only the headers (Content-Length kept)
  (void)head;
  return out;
}

Response DeleteObject(Ctx& c) {
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kWrite, &e);
    if (b == nullptr) return e;
    Response ok = Empty(c, 204);
    if (c.Has("versionId")) {
      std::string id;
      json* o = FindVersion(c, d, &e, &id);
      if (o == nullptr) return e.status == 404 && e.body.find("NoSuchVersion") != std::string::npos ? ok : e;
      ok.set_header(c.hp() + "version-id", (*o)["version_id"].get<std::string>());
      if (o->value("delete_marker", false)) ok.set_header(c.hp() + "delete-marker", "true");
      RemoveVersion(c, d, id);
      dirty = true;
      return ok;
    }
    std::string versioning = (*b)["versioning"].get<std::string>();
    if (versioning.empty()) {
      for (auto& v : VersionsOf(d, c.bucket, c.key)) RemoveVersion(c, d, v.id);
      dirty = true;
      return ok;
    }
    json marker = {{"bucket", c.bucket},
                   {"key", c.key},
                   {"size", 0},
                   {"etag", ""},
                   {"delete_marker", true},
                   {"last_modified", IsoMs(c.sim.clock().NowMs())},
                   {"_modified_ms", c.sim.clock().NowMs()}};
    json& m = AddVersion(c, d, *b, std::move(marker));
    dirty = true;
    ok.set_header(c.hp() + "delete-marker", "true");
    ok.set_header(c.hp() + "version-id", m["version_id"].get<std::string>());
    return ok;
  });
}

Response CopyObject(Ctx& c, std::string src) {
  std::string sc = "", acl = "private";
  if (auto e = CheckObjectHeaders(c, &sc, &acl)) return *e;
  std::string src_version;
  std::size_t q = src.find("?versionId=");
  if (q != std::string::npos) {
    src_version = src.substr(q + 11);
    src = src.substr(0, q);
  }
  src = percent_decode(src);
  if (!src.empty() && src.front() == '/') src.erase(0, 1);
  std::size_t slash = src.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == src.size()) {
    return Err(c, 400, "InvalidArgument", "Copy Source must be /<bucket>/<key>[?versionId=<id>]",
               {{"ArgumentName", c.hp() + "copy-source"}, {"ArgumentValue", src}});
  }
  std::string directive = c.H("metadata-directive");
  if (!directive.empty() && directive != "COPY" && directive != "REPLACE") {
    return Err(c, 400, "InvalidArgument", "Unknown metadata directive '" + directive + "'; use COPY or REPLACE");
  }
  Ctx sctx = c;
  sctx.bucket = src.substr(0, slash);
  sctx.key = src.substr(slash + 1);
  sctx.query.clear();
  if (!src_version.empty()) sctx.query.emplace_back("versionId", src_version);
  if (sctx.bucket == c.bucket && sctx.key == c.key && directive != "REPLACE" && sc.empty()) {
    return Err(c, 400, "InvalidRequest",
               "This copy request is illegal because it is trying to copy an object to itself without changing the "
               "object's metadata, storage class or encryption attributes.");
  }
  json src_obj;
  Response r = c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    if (Bucket(sctx, d, Access::kRead, &e) == nullptr) return e;
    json* o = FindVersion(sctx, d, &e);
    if (o == nullptr) return e;
    src_obj = *o;
    return Empty(c, 200);
  });
  if (r.status != 200) return r;
  auto data = c.blobs.Get(src_obj.value("_blob", ""));
  if (data == nullptr) return Err(c, 500, "InternalError", "The source object's data is missing from the simulator");
  std::string blob = c.sim.store().NewId();
  std::string err;
  if (!c.blobs.Put(blob, *data, &err)) return Err(c, 500, "InternalError", "We encountered an internal error: " + err);
  Response out = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kWrite, &e);
    if (b == nullptr) return e;
    json o = src_obj;
    o["bucket"] = c.bucket;
    o["key"] = c.key;
    o["acl"] = acl;
    o["_blob"] = blob;
    o["_modified_ms"] = c.sim.clock().NowMs();
    o["last_modified"] = IsoMs(c.sim.clock().NowMs());
    if (!sc.empty()) o["storage_class"] = sc;
    if (directive == "REPLACE") CaptureHeaders(c, o);
    json& stored = AddVersion(c, d, *b, std::move(o));
    dirty = true;
    Response ok = Xml(c, 200, Open(c, "CopyObjectResult") + Tag("LastModified", stored["last_modified"].get<std::string>()) +
                                  Tag("ETag", stored["etag"].get<std::string>()) + "</CopyObjectResult>");
    SetVersionHeader(c, *b, stored, &ok);
    if (!src_version.empty()) ok.set_header(c.hp() + "copy-source-version-id", src_version);
    return ok;
  });
  if (out.status != 200) c.blobs.Remove(blob);
  return out;
}

Response ObjectAcl(Ctx& c) {
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kOwner, &e);
    if (b == nullptr) return e;
    json* o = FindVersion(c, d, &e);
    if (o == nullptr) return e;
    if (c.req.method == "PUT") {
      if (auto err = SetAcl(c, *o)) return *err;
      dirty = true;
      return Empty(c, 200);
    }
    return Xml(c, 200, AclXml(c, (*b)["_domain_id"].get<std::string>(), *o));
  });
}

Response MultiDelete(Ctx& c) {
  if (auto e = CheckMd5(c, true)) return *e;
  std::string err;
  auto n = ParseXml(c.req.body, &err);
  if (!n || n->name != "Delete") {
    return Err(c, 400, "MalformedXML", "Expected <Delete><Object><Key>..</Key></Object>..</Delete>" +
                                           (err.empty() ? std::string() : ": " + err));
  }
  auto objs = n->All("Object");
  if (objs.empty() || objs.size() > 1000) {
    return Err(c, 400, "MalformedXML", "A multi-object delete names 1 to 1000 <Object> elements");
  }
  bool quiet = n->ChildText("Quiet") == "true";
  std::string out = Open(c, "DeleteResult");
  for (const XmlNode* o : objs) {
    Ctx one = c;
    one.key = o->ChildText("Key");
    one.query.clear();
    std::string vid = o->ChildText("VersionId");
    if (!vid.empty()) one.query.emplace_back("versionId", vid);
    if (one.key.empty()) {
      out += "<Error>" + Tag("Key", "") + Tag("Code", "InvalidArgument") + Tag("Message", "Key is empty") + "</Error>";
      continue;
    }
    Response r = DeleteObject(one);
    if (r.status == 204) {
      if (quiet) continue;
      out += "<Deleted>" + Tag("Key", one.key) + (vid.empty() ? "" : Tag("VersionId", vid));
      bool marker = false;
      std::string marker_vid;
      for (const auto& [k, v] : r.headers) {
        if (k == c.hp() + "delete-marker") marker = true;
        if (k == c.hp() + "version-id") marker_vid = v;
      }
      if (marker) out += Tag("DeleteMarker", "true") + Tag("DeleteMarkerVersionId", marker_vid);
      out += "</Deleted>";
    } else {
      auto en = ParseXml(r.body, &err);
      out += "<Error>" + Tag("Key", one.key) + (vid.empty() ? "" : Tag("VersionId", vid)) +
             Tag("Code", en ? en->ChildText("Code") : "InternalError") +
             Tag("Message", en ? en->ChildText("Message") : "") + "</Error>";
    }
  }
  return Xml(c, 200, out + "</DeleteResult>");
}

// ---- multipart ----

json* FindUpload(const Ctx& c, Store::Data& d, Response* err) {
  std::string id = c.Q("uploadId");
  auto& ups = d.of(kUpload);
  auto it = ups.find(id);
  if (it == ups.end() || it->second["bucket"] != c.bucket || it->second["key"] != c.key) {
    *err = Err(c, 404, "NoSuchUpload",
               "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
               "aborted or completed.",
               {{"UploadId", id}});
    return nullptr;
  }
  return &it->second;
}

Response InitiateUpload(Ctx& c) {
  std::string sc = "", acl = "private";
  if (auto e = CheckObjectHeaders(c, &sc, &acl)) return *e;
  return c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kWrite, &e);
    if (b == nullptr) return e;
    std::string id = NewVersionId(c);
    id = "000001" + id.substr(4);
    json u = {{"bucket", c.bucket},
              {"key", c.key},
              {"upload_id", id},
              {"initiated", IsoMs(c.sim.clock().NowMs())},
              {"storage_class", sc.empty() ? (*b)["storage_class"].get<std::string>() : sc},
              {"acl", acl},
              {"_parts", json::object()}};
    CaptureHeaders(c, u);
    d.of(kUpload)[id] = std::move(u);
    dirty = true;
    return Xml(c, 200, Open(c, "InitiateMultipartUploadResult") + Tag("Bucket", c.bucket) + Tag("Key", c.key) +
                           Tag("UploadId", id) + "</InitiateMultipartUploadResult>");
  });
}

Response UploadPart(Ctx& c) {
  std::string pn = c.Q("partNumber");
  if (!PositiveInt(pn, 10000)) {
    return Err(c, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive",
               {{"ArgumentName", "partNumber"}, {"ArgumentValue", pn}});
  }
  if (!c.H("copy-source").empty()) {
    return Err(c, 501, "NotImplemented", "otc-sim does not implement Upload Part - Copy; upload the part's bytes");
  }
  if (auto e = CheckMd5(c, false)) return *e;
  std::string etag = "\"" + HexEncode(Md5(c.req.body)) + "\"";
  std::string blob = c.Q("uploadId") + "." + std::to_string(std::stoi(pn)) + "." + c.sim.store().NewId().substr(0, 8);
  if (blob.find('/') != std::string::npos || blob.find("..") != std::string::npos) {
    return Err(c, 404, "NoSuchUpload", "The specified upload does not exist.", {{"UploadId", c.Q("uploadId")}});
  }
  std::string err;
  std::string old_blob;
  Response r = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    if (Bucket(c, d, Access::kWrite, &e) == nullptr) return e;
    json* u = FindUpload(c, d, &e);
    if (u == nullptr) return e;
    if (!c.blobs.Put(blob, c.req.body, &err)) return Err(c, 500, "InternalError", "We encountered an internal error: " + err);
    std::string key = std::to_string(std::stoi(pn));
    if ((*u)["_parts"].contains(key)) old_blob = (*u)["_parts"][key].value("blob", "");
    (*u)["_parts"][key] = {{"etag", etag},
                           {"size", c.req.body.size()},
                           {"blob", blob},
                           {"last_modified", IsoMs(c.sim.clock().NowMs())}};
    dirty = true;
    Response ok = Empty(c, 200);
    ok.set_header("ETag", etag);
    return ok;
  });
  if (!old_blob.empty()) c.blobs.Remove(old_blob);
  return r;
}

Response ListParts(Ctx& c) {
  int max = 1000;
  if (auto e = ParseMaxKeys(c, "max-parts", &max)) return *e;
  int marker = 0;
  if (c.Has("part-number-marker")) {
    std::string m = c.Q("part-number-marker");
    if (m != "0" && !PositiveInt(m)) {
      return Err(c, 400, "InvalidArgument", "part-number-marker must be a non-negative integer");
    }
    marker = static_cast<int>(std::stoll(m));
  }
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    if (Bucket(c, d, Access::kWrite, &e) == nullptr) return e;
    json* u = FindUpload(c, d, &e);
    if (u == nullptr) return e;
    std::map<int, json> parts;
    for (auto& [k, p] : (*u)["_parts"].items()) parts[std::stoi(k)] = p;
    std::string body;
    int n = 0, last = 0;
    bool truncated = false;
    for (auto& [num, p] : parts) {
      if (num <= marker) continue;
      if (n >= max) {
        truncated = true;
        break;
      }
      ++n;
      last = num;
      body += "<Part>" + Tag("PartNumber", std::to_string(num)) + Tag("LastModified", p["last_modified"].get<std::string>()) +
              Tag("ETag", p["etag"].get<std::string>()) + Tag("Size", std::to_string(p["size"].get<int64_t>())) +
              "</Part>";
    }
    std::string owner = "<ID>" + XmlEscape(c.owner()) + "</ID>";
    return Xml(c, 200, Open(c, "ListPartsResult") + Tag("Bucket", c.bucket) + Tag("Key", c.key) +
                           Tag("UploadId", c.Q("uploadId")) + "<Initiator>" + owner + "</Initiator><Owner>" + owner +
                           "</Owner>" + Tag("StorageClass", ClassOut(c, (*u)["storage_class"].get<std::string>())) +
                           Tag("PartNumberMarker", std::to_string(marker)) +
                           Tag("NextPartNumberMarker", std::to_string(last)) + Tag("MaxParts", std::to_string(max)) +
                           Tag("IsTruncated", truncated ? "true" : "false") + body + "</ListPartsResult>");
  });
}

Response AbortUpload(Ctx& c) {
  std::vector<std::string> blobs;
  Response r = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    if (Bucket(c, d, Access::kWrite, &e) == nullptr) return e;
    json* u = FindUpload(c, d, &e);
    if (u == nullptr) return e;
    for (auto& [k, p] : (*u)["_parts"].items()) blobs.push_back(p.value("blob", ""));
    d.of(kUpload).erase(c.Q("uploadId"));
    dirty = true;
    return Empty(c, 204);
  });
  for (const auto& b : blobs) c.blobs.Remove(b);
  return r;
}

Response CompleteUpload(Ctx& c) {
  std::string err;
  auto n = ParseXml(c.req.body, &err);
  if (!n || n->name != "CompleteMultipartUpload" || n->All("Part").empty()) {
    return Err(c, 400, "MalformedXML",
               "Expected <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>..</ETag></Part>..."
               "</CompleteMultipartUpload>" + (err.empty() ? std::string() : ": " + err));
  }
  std::vector<std::pair<int, std::string>> want;
  for (const XmlNode* p : n->All("Part")) {
    std::string num = p->ChildText("PartNumber");
    if (!PositiveInt(num, 10000)) return Err(c, 400, "MalformedXML", "PartNumber must be 1..10000, got '" + num + "'");
    want.emplace_back(std::stoi(num), Unquote(p->ChildText("ETag")));
  }
  for (std::size_t i = 1; i < want.size(); ++i) {
    if (want[i].first <= want[i - 1].first) {
      return Err(c, 400, "InvalidPartOrder",
                 "The list of parts was not in ascending order. The parts list must be specified in order by part "
                 "number.");
    }
  }
  bool fail = c.sim.faults().FailOperation("POST", "/" + c.bucket + "/" + c.key);
  std::vector<std::string> drop;
  Response r = c.sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Response e;
    json* b = Bucket(c, d, Access::kWrite, &e);
    if (b == nullptr) return e;
    json* u = FindUpload(c, d, &e);
    if (u == nullptr) return e;
    auto& parts = (*u)["_parts"];
    std::string md5s, data;
    for (std::size_t i = 0; i < want.size(); ++i) {
      std::string k = std::to_string(want[i].first);
      if (!parts.contains(k) || Unquote(parts[k]["etag"].get<std::string>()) != want[i].second) {
        return Err(c, 400, "InvalidPart",
                   "One or more of the specified parts could not be found. The part may not have been uploaded, or "
                   "the specified entity tag may not match the part's entity tag.",
                   {{"UploadId", c.Q("uploadId")}, {"PartNumber", k}, {"ETag", want[i].second}});
      }
      int64_t size = parts[k]["size"].get<int64_t>();
      if (i + 1 < want.size() && static_cast<std::size_t>(size) < kMinPartBytes) {
        return Err(c, 400, "EntityTooSmall",
                   "Your proposed upload is smaller than the minimum allowed object size: every part but the last "
                   "must be at least 100 KB",
                   {{"PartNumber", k}, {"ProposedSize", std::to_string(size)}, {"MinSizeAllowed", "102400"}});
      }
      auto blob = c.blobs.Get(parts[k]["blob"].get<std::string>());
      if (blob == nullptr) return Err(c, 500, "InternalError", "Part " + k + " data is missing from the simulator");
      if (data.size() + blob->size() > kObsMaxObjectBytes) {
        return Err(c, 400, "EntityTooLarge", "The assembled object would exceed otc-sim's limit of " +
                                                 std::to_string(kObsMaxObjectBytes / (1024 * 1024)) + " MiB");
      }
      data += *blob;
      std::string hex = Unquote(parts[k]["etag"].get<std::string>());
      std::string bin;
      for (std::size_t j = 0; j + 1 < hex.size(); j += 2) bin.push_back(static_cast<char>(std::stoi(hex.substr(j, 2), nullptr, 16)));
      md5s += bin;
    }
    if (fail) {
      // S3/OBS report a failed completion as 200 with an error document;
      // the upload stays so that the client can retry.
      Response f = Err(c, 500, "InternalError",
                       "We encountered an internal error while completing the multipart upload (injected fault). "
                       "Please try again.");
      f.status = 200;
      return f;
    }
    std::string blob = c.sim.store().NewId();
    if (!c.blobs.Put(blob, data, &err)) return Err(c, 500, "InternalError", "We encountered an internal error: " + err);
    std::string etag = "\"" + HexEncode(Md5(md5s)) + "-" + std::to_string(want.size()) + "\"";
    json o = {{"bucket", c.bucket},
              {"key", c.key},
              {"size", data.size()},
              {"etag", etag},
              {"last_modified", IsoMs(c.sim.clock().NowMs())},
              {"storage_class", (*u)["storage_class"]},
              {"acl", (*u)["acl"]},
              {"delete_marker", false},
              {"_modified_ms", c.sim.clock().NowMs()},
              {"_blob", blob},
              {"_meta", (*u)["_meta"]},
              {"_headers", (*u)["_headers"]},
              {"content_type", (*u)["content_type"]}};
    if (u->contains("_sse")) o["_sse"] = (*u)["_sse"];
    for (auto& [k, p] : parts.items()) drop.push_back(p.value("blob", ""));
    d.of(kUpload).erase(c.Q("uploadId"));
    json& stored = AddVersion(c, d, *b, std::move(o));
    dirty = true;
    std::string base = c.req.base_url.empty() ? "" : c.req.base_url;
    Response ok = Xml(c, 200, Open(c, "CompleteMultipartUploadResult") +
                                  Tag("Location", base + "/" + c.bucket + "/" + UriEncode(c.key, true)) +
                                  Tag("Bucket", c.bucket) + Tag("Key", c.key) + Tag("ETag", etag) +
                                  "</CompleteMultipartUploadResult>");
    SetVersionHeader(c, *b, stored, &ok);
    return ok;
  });
  for (const auto& id : drop) c.blobs.Remove(id);
  return r;
}

Response ListUploads(Ctx& c) {
  int max = 1000;
  if (auto e = ParseMaxKeys(c, "max-uploads", &max)) return *e;
  std::string prefix = c.Q("prefix"), key_marker = c.Q("key-marker"), id_marker = c.Q("upload-id-marker");
  return c.sim.store().With([&](Store::Data& d, bool&) -> Response {
    Response e;
    if (Bucket(c, d, Access::kOwner, &e) == nullptr) return e;
    std::vector<std::tuple<std::string, std::string, json*>> ups;
    for (auto& [id, u] : d.of(kUpload)) {
      if (u["bucket"] != c.bucket) continue;
      std::string k = u["key"].get<std::string>();
      if (k.compare(0, prefix.size(), prefix) != 0) continue;
      if (!key_marker.empty() && (k < key_marker || (k == key_marker && (id_marker.empty() || id <= id_marker)))) {
        continue;
      }
      ups.emplace_back(k, id, &u);
    }
    std::sort(ups.begin(), ups.end());
    std::string body, next_key, next_id;
    bool truncated = static_cast<int>(ups.size()) > max;
    std::string owner = "<ID>" + XmlEscape(c.owner()) + "</ID>";
    for (int i = 0; i < static_cast<int>(ups.size()) && i < max; ++i) {
      auto& [k, id, u] = ups[static_cast<std::size_t>(i)];
      next_key = k;
      next_id = id;
      body += "<Upload>" + Tag("Key", k) + Tag("UploadId", id) + "<Initiator>" + owner + "</Initiator><Owner>" +
              owner + "</Owner>" + Tag("StorageClass", ClassOut(c, (*u)["storage_class"].get<std::string>())) +
              Tag("Initiated", (*u)["initiated"].get<std::string>()) + "</Upload>";
    }
    return Xml(c, 200, Open(c, "ListMultipartUploadsResult") + Tag("Bucket", c.bucket) + Tag("KeyMarker", key_marker) +
                           Tag("UploadIdMarker", id_marker) + (truncated ? Tag("NextKeyMarker", next_key) +
                                                                               Tag("NextUploadIdMarker", next_id)
                                                                         : std::string()) +
                           Tag("Prefix", prefix) + Tag("MaxUploads", std::to_string(max)) +
                           Tag("IsTruncated", truncated ? "true" : "false") + body + "</ListMultipartUploadsResult>");
  });
}

// ---- dispatch ----

Response NotAllowed(const Ctx& c, const char* type) {
  return Err(c, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
             {{"Method", c.req.method}, {"ResourceType", type}});
}

Response BucketOp(Ctx& c) {
  const std::string& m = c.req.method;
  if (const ConfigSpec* spec = FindConfig(c)) {
    if (m == "PUT") return PutConfig(c, *spec);
    if (m == "GET") return GetConfig(c, *spec);
    if (m == "DELETE") return DeleteConfig(c, *spec);
    return NotAllowed(c, spec->sub);
  }
  if (c.Has("policy")) {
    if (m == "PUT" || m == "GET" || m == "DELETE") return BucketPolicy(c);
    return NotAllowed(c, "policy");
  }
  if (c.Has("acl")) return m == "PUT" || m == "GET" ? BucketAcl(c) : NotAllowed(c, "acl");
  if (c.Has("versioning")) return m == "PUT" || m == "GET" ? BucketVersioning(c) : NotAllowed(c, "versioning");
  if (c.Has("storageClass")) return m == "PUT" || m == "GET" ? BucketStorageClass(c, false) : NotAllowed(c, "storageClass");
  if (c.Has("storagePolicy")) {
    return m == "PUT" || m == "GET" ? BucketStorageClass(c, true) : NotAllowed(c, "storagePolicy");
  }
  if (c.Has("customdomain")) {
    if (m == "GET") return BucketSimpleGet(c, "customdomain");
    if (m == "PUT" || m == "DELETE") return BucketCustomDomain(c);
    return NotAllowed(c, "customdomain");
  }
  for (const char* sub : {"location", "storageinfo"}) {
    if (c.Has(sub)) return m == "GET" ? BucketSimpleGet(c, sub) : NotAllowed(c, sub);
  }
  if (c.Has("versions")) return m == "GET" ? ListVersions(c) : NotAllowed(c, "versions");
  if (c.Has("uploads")) return m == "GET" ? ListUploads(c) : NotAllowed(c, "uploads");
  if (c.Has("delete")) return m == "POST" ? MultiDelete(c) : NotAllowed(c, "delete");
  for (const char* sub : {"quota", "replication", "inventory", "requestPayment", "metadata", "deletebucket",
                          "restore", "torrent", "mirrorBackToSource", "directcoldaccess"}) {
    if (c.Has(sub)) {
      return Err(c, 501, "NotImplemented",
                 std::string("otc-sim does not implement the ?") + sub + " bucket sub-resource of OBS");
    }
  }
  if (m == "PUT") return CreateBucket(c);
  if (m == "HEAD") return HeadBucket(c);
  if (m == "GET") return ListObjects(c);
  if (m == "DELETE") return DeleteBucket(c);
  if (m == "POST") {
    return Err(c, 501, "NotImplemented", "otc-sim does not implement browser-form (POST) uploads; use PUT");
  }
  return NotAllowed(c, "Bucket");
}

Response ObjectOp(Ctx& c) {
  const std::string& m = c.req.method;
  if (c.Has("acl")) return m == "PUT" || m == "GET" ? ObjectAcl(c) : NotAllowed(c, "acl");
  if (c.Has("uploads")) return m == "POST" ? InitiateUpload(c) : NotAllowed(c, "uploads");
  if (c.Has("uploadId")) {
    if (m == "PUT" && c.Has("partNumber")) return UploadPart(c);
    if (m == "GET") return ListParts(c);
    if (m == "POST") return CompleteUpload(c);
    if (m == "DELETE") return AbortUpload(c);
    return NotAllowed(c, "Upload");
  }
  for (const char* sub : {"tagging", "restore", "append", "metadata", "torrent", "rename", "truncate", "modify"}) {
    if (c.Has(sub)) {
      return Err(c, 501, "NotImplemented",
                 std::string("otc-sim does not implement the ?") + sub + " object sub-resource of OBS");
    }
  }
  if (m == "PUT") {
    std::string src = c.H("copy-source");
    return src.empty() ? PutObject(c) : CopyObject(c, src);
  }
  if (m == "GET") return GetObject(c, false);
  if (m == "HEAD") return GetObject(c, true);
  if (m == "DELETE") return DeleteObject(c);
  return NotAllowed(c, "Object");
}

// "<bucket>.localhost[:port]" or "<bucket>.obs.<anything>" -> bucket.
std::string VirtualHostBucket(std::string_view host) {
  std::string h(host);
  if (!h.empty() && h.front() != '[') {
    std::size_t colon = h.rfind(':');
    if (colon != std::string::npos) h = h.substr(0, colon);
  }
  for (char& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string lh = ".localhost";
  if (h.size() > lh.size() && h.compare(h.size() - lh.size(), lh.size(), lh) == 0) {
    return h.substr(0, h.size() - lh.size());
  }
  std::size_t p = h.find(".obs.");
  if (p != std::string::npos && p > 0) return h.substr(0, p);
  return "";
}

Response Handle(Simulator& sim, Blobs& blobs, Request& req, const std::string& rid) {
  Ctx c{sim, blobs, req, rid};
  c.query = parse_query(req.query);
  std::string vbucket = VirtualHostBucket(req.header("host"));
  std::string_view path = req.path.empty() ? std::string_view("/") : std::string_view(req.path);
  if (path.front() != '/') return Err(c, 400, "InvalidURI", "Couldn't parse the specified URI.");
  if (!vbucket.empty()) {
    c.bucket = vbucket;
    c.raw_key = std::string(path.substr(1));
  } else {
    std::string_view rest = path.substr(1);
    std::size_t slash = rest.find('/');
    c.bucket = percent_decode(rest.substr(0, slash));
    c.raw_key = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  }
  c.key = percent_decode(c.raw_key);
  c.has_key = !c.key.empty();
  std::string fault_path = "/" + c.bucket + (c.has_key ? "/" + c.key : "");
  int64_t delay = 0;
  if (auto f = sim.faults().Decide(req.method, fault_path)) {
    if (f->kind == FaultKind::kLatency) {
      delay = f->latency_ms;
    } else if (f->kind == FaultKind::kReset) {
      Response r;
      r.status = 0;
      r.abort = true;
      return r;
    } else if (f->status == 429) {
      Response r = Err(c, 503, "SlowDown", "Please reduce your request rate (injected fault).");
      r.set_header("Retry-After", std::to_string(f->retry_after));
      return r;
    } else {
      const char* code = f->status == 503 ? "ServiceUnavailable" : "InternalError";
      return Err(c, f->status, code,
                 f->status == 503 ? "Please reduce your request rate (injected fault)."
                                  : "We encountered an internal error. Please try again (injected fault).");
    }
  }
  Response r;
  if (auto e = Authenticate(c)) {
    r = *e;
  } else if (!c.bucket.empty() && sim.faults().Hidden(req.method, fault_path, sim.clock().NowMs())) {
    r = NoSuchBucket(c);
  } else if (c.bucket.empty()) {
    r = req.method == "GET" ? ListBuckets(c) : NotAllowed(c, "Service");
  } else if (!c.has_key) {
    r = BucketOp(c);
  } else {
    r = ObjectOp(c);
  }
  r.delay_ms = delay;
  return r;
}

}  // namespace

Response ObsProtocolError(int status) {
  std::string code = status == 413 ? "EntityTooLarge" : status == 431 ? "RequestHeaderSectionTooLarge" : "BadRequest";
  std::string msg = status == 413 ? "Your proposed upload exceeds the maximum allowed object size (" +
                                        std::to_string(kObsMaxObjectBytes / (1024 * 1024)) +
                                        " MiB in otc-sim); use a multipart upload with smaller parts"
                    : status == 431 ? "Your request header section exceeds the maximum allowed size"
                    : status == 501 ? "A header you provided implies functionality that is not implemented"
                                    : "The request could not be parsed as HTTP/1.1";
  int out = status == 413 ? 400 : status;
  Response r;
  r.status = out;
  r.close = true;
  r.set_header("Content-Type", "application/xml");
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>" + Tag("Code", code) + Tag("Message", msg) +
           "<RequestId></RequestId><HostId></HostId></Error>";
  return r;
}

void RegisterObs(Simulator& sim) {
  std::string dir = sim.config().state_file.empty() ? "" : sim.config().state_file + ".obs";
  auto blobs = std::make_shared<Blobs>(dir);
  sim.SetObsHandler([&sim, blobs](Request& req, const std::string& rid) { return Handle(sim, *blobs, req, rid); });
}

}  // namespace otcsim
