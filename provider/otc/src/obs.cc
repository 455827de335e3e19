#include "otc/obs.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <memory>

#include "otc/signer.h"
#include "tfplugin/log.h"

namespace otc::obs {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Hex(const unsigned char* p, unsigned int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::string Base64(const unsigned char* p, unsigned int n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), p, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(std::max(len, 0)));
  return out;
}

std::string RawMd5(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out, &n, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<char*>(out), n);
}

// Every 2xx: OBS answers 200 for most writes, 204 for deletes.
std::vector<int> Any2xx() { return {200, 201, 202, 203, 204, 205, 206}; }

// `method` is the request's: an answer to HEAD has no body and so no error
// code, and OBS answers a HEAD signed with an expired temporary key with a
// bare 400 or 403. Such an answer is treated as a rejected key (renewed
// once; a real permission error then comes back unchanged).
bool IsRejectedTemporaryKey(const Error& e, const std::string& method) {
  if (e.kind() != ErrorKind::kHttp) return false;
  if (e.code() == "ExpiredToken" || e.code() == "InvalidToken" || e.code() == "InvalidAccessKeyId") return true;
  return method == "HEAD" && e.code().empty() && (e.http_status() == 400 || e.http_status() == 403);
}

struct EvpCtx {
  EVP_MD_CTX* p = EVP_MD_CTX_new();
  ~EvpCtx() { EVP_MD_CTX_free(p); }
  EvpCtx() = default;
  EvpCtx(const EvpCtx&) = delete;
  EvpCtx& operator=(const EvpCtx&) = delete;
};

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};

}  // namespace

std::string BucketDomainName(const std::string& bucket, const std::string& region) {
  return bucket + ".obs." + region + ".otc.t-systems.com";
}

std::string StorageClassFromS3(const std::string& s3_class) {
  if (s3_class.empty()) return "STANDARD";
  if (s3_class == "STANDARD_IA") return "WARM";
  if (s3_class == "GLACIER") return "COLD";
  return s3_class;
}

std::string Md5Hex(std::string_view data) {
  std::string raw = RawMd5(data);
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), static_cast<unsigned int>(raw.size()));
}

std::string Md5Base64(std::string_view data) {
  std::string raw = RawMd5(data);
  return Base64(reinterpret_cast<const unsigned char*>(raw.data()), static_cast<unsigned int>(raw.size()));
}

std::string UnquoteEtag(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

Result<FileDigest> DigestFile(const std::string& path) {
  auto fail = [&](const std::string& why) {
    return Error(ErrorKind::kConfig, "cannot read \"" + path + "\": " + why)
        .set_hint("Check that the file exists and is readable by the user running tofu/terraform.");
  };
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (f == nullptr) return fail("it does not exist or is not readable");
  EvpCtx md5, sha;
  if (md5.p == nullptr || sha.p == nullptr || EVP_DigestInit_ex(md5.p, EVP_md5(), nullptr) != 1 ||
      EVP_DigestInit_ex(sha.p, EVP_sha256(), nullptr) != 1) {
    return Error(ErrorKind::kConfig, "cannot initialise MD5/SHA-256 (OpenSSL)");
  }
  FileDigest d;
  std::vector<char> buf(1 << 16);
  for (;;) {
    std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n > 0) {
      EVP_DigestUpdate(md5.p, buf.data(), n);
      EVP_DigestUpdate(sha.p, buf.data(), n);
      d.size += n;
    }
    if (n < buf.size()) {
      if (std::ferror(f.get())) return fail("a read error occurred (is it a directory?)");
      break;
    }
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(md5.p, out, &n);
  d.md5_hex = Hex(out, n);
  d.md5_base64 = Base64(out, n);
  EVP_DigestFinal_ex(sha.p, out, &n);
  d.sha256_hex = Hex(out, n);
  return d;
}

Result<std::string> Endpoint(const framework::Context& ctx, Client& c) {
  const auto& eps = c.credentials().endpoints;
  if (auto it = eps.find("obs"); it != eps.end() && !it->second.empty()) {
    std::string url = it->second;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  return c.Endpoint(ctx, "object");
}

Result<xml::XmlNode> ParseBody(const Response& resp, const std::string& what) {
  std::string err;
  auto node = xml::ParseXml(resp.body, &err);
  if (!node) {
    return Error(ErrorKind::kDecode, "the OBS answer is not well-formed XML (" + err + ")")
        .set_what(what)
        .set_hint("This is unexpected from OBS; retry, and report it if it persists.");
  }
  return std::move(*node);
}

Result<Response> Do(const framework::Context& ctx, Client& c, const Request& req) {
  if (req.bucket.empty() && !req.key.empty()) {
    return Error(ErrorKind::kConfig, "an object key was given without a bucket")
        .set_what(req.what)
        .set_hint("This is a bug in the provider; please report it.");
  }
  auto ep = Endpoint(ctx, c);
  if (!ep.ok()) return Error(ep.error()).set_what(req.what);
  std::string url = ObsObjectUrl(ep.value(), req.bucket, req.key);
  if (url.empty()) {
    return Error(ErrorKind::kConfig, "the OBS endpoint \"" + ep.value() + "\" is not an http(s) URL")
        .set_what(req.what)
        .set_hint("Check endpoints = { obs = ... } (or the catalog's \"object\" entry).");
  }

  otc::Request r;
  r.method = req.method;
  r.path = url;
  r.query = req.query;
  for (const auto& [name, value] : req.headers) {
    std::string n = Lower(name);
    if (n.rfind("x-obs-", 0) == 0) n = "x-amz-" + n.substr(6);
    SetHeader(r.headers, n, value);
  }
  bool unsigned_payload = false;
  if (!req.body_file.empty()) {
    r.body_file = req.body_file;
    unsigned_payload = true;  // streamed: Content-MD5 protects it instead
    auto d = DigestFile(req.body_file);
    if (!d.ok()) return Error(d.error()).set_what(req.what);
    SetHeader(r.headers, "Content-MD5", d->md5_base64);
  } else {
    r.raw_body = req.body;
    if (req.content_md5) SetHeader(r.headers, "Content-MD5", Md5Base64(req.body));
  }
  r.ok_codes = req.ok_codes.empty() ? Any2xx() : req.ok_codes;
  r.idempotent = req.idempotent;
  r.find_existing = req.find_existing;
  r.what = req.what;

  AccessKeys used;
  std::string stale;
  const std::string region = c.credentials().region;
  r.sign = [&](const framework::Context& sctx, HttpRequest& hr) -> Status {
    auto keys = c.ObjectStorageKeys(sctx, stale);
    stale.clear();
    if (!keys.ok()) return keys.error();
    used = keys.value();
    SigV4Params p;
    p.access_key = used.access_key;
    p.secret_key = used.secret_key;
    p.security_token = used.security_token;
    p.region = region;
    p.service = "s3";
    p.unsigned_payload = unsigned_payload;
    SigV4Sign(hr, p, std::time(nullptr));
    return Status();
  };

  auto resp = c.Do(ctx, r);
  if (!resp.ok() && used.temporary && IsRejectedTemporaryKey(resp.error(), r.method)) {
    // The temporary key expired (or was revoked) earlier than announced:
    // renew it once and replay.
    tfplugin::log::Info("OBS rejected the temporary access key, renewing it",
                        {{"code", resp.error().code()}, {"access_key", used.access_key}});
    stale = used.access_key;
    resp = c.Do(ctx, r);
  }
  if (!resp.ok()) {
    Error e = resp.error();
    if (e.kind() == ErrorKind::kHttp && e.http_status() == 403 && e.code() == "SignatureDoesNotMatch") {
      e.set_hint("Check secret_key (OS_SECRET_KEY) for access key " + used.access_key + ".");
    } else if (e.kind() == ErrorKind::kHttp && e.http_status() == 403 && e.code() == "InvalidAccessKeyId") {
      e.set_hint("Check access_key (OS_ACCESS_KEY); temporary keys also need security_token.");
    }
    return e;
  }
  // Mirror x-amz- response headers under their x-obs- names.
  Headers extra;
  for (const auto& [name, value] : resp->headers) {
    std::string n = Lower(name);
    if (n.rfind("x-amz-", 0) == 0 && HeaderValue(resp->headers, "x-obs-" + n.substr(6)).empty()) {
      extra.emplace_back("x-obs-" + n.substr(6), value);
    }
  }
  resp->headers.insert(resp->headers.end(), extra.begin(), extra.end());
  return resp;
}

}  // namespace otc::obs
