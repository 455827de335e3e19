#include "otc/signer.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "crypto.h"
#include "url.h"

namespace otc {
namespace internal {

bool ParseUrl(std::string_view url, UrlParts* out) {
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  UrlParts u;
  u.scheme = std::string(url.substr(0, sep));
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (u.scheme != "http" && u.scheme != "https") return false;
  std::string_view rest = url.substr(sep + 3);
  std::size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;
  if (authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    u.host = std::string(authority.substr(1, close - 1));
    u.ipv6 = true;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      u.port = std::string(after.substr(1));
    }
  } else {
    std::size_t colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) u.port = std::string(authority.substr(colon + 1));
  }
  if (u.host.empty()) return false;
  for (char c : u.port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::size_t q = rest.find('?');
  u.path = std::string(rest.substr(0, q));
  if (q != std::string_view::npos) u.query = std::string(rest.substr(q + 1));
  if (u.path.empty()) u.path = "/";
  *out = std::move(u);
  return true;
}

std::string UrlParts::Origin() const {
  std::string h = ipv6 ? "[" + host + "]" : host;
  return scheme + "://" + h + (port.empty() ? "" : ":" + port);
}

std::string UrlParts::HostHeader() const {
  std::string h = ipv6 ? "[" + host + "]" : host;
  bool default_port = port.empty() || (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
  return default_port ? h : h + ":" + port;
}

}  // namespace internal

namespace {

using internal::HexEncode;
using internal::HmacSha256;
using internal::Sha256Hex;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::vector<std::pair<std::string, std::string>> SplitQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (kv.empty()) continue;
    std::size_t eq = kv.find('=');
    std::string k = UriDecode(kv.substr(0, eq));
    std::string v = eq == std::string_view::npos ? "" : UriDecode(kv.substr(eq + 1));
    out.emplace_back(std::move(k), std::move(v));
  }
  return out;
}

std::string CollapseSpaces(std::string_view v, bool trim) {
  std::string out;
  bool in_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!in_space) out.push_back(' ');
      in_space = true;
    } else {
      out.push_back(c);
      in_space = false;
    }
  }
  if (trim) {
    std::size_t a = out.find_first_not_of(' ');
    if (a == std::string::npos) return "";
    out = out.substr(a, out.find_last_not_of(' ') - a + 1);
  }
  return out;
}

// name (lower-case) -> first value, sorted by name.
std::map<std::string, std::string> CanonicalHeaderMap(const Headers& headers, bool trim) {
  std::map<std::string, std::string> m;
  for (const auto& [name, value] : headers) {
    m.emplace(Lower(name), CollapseSpaces(value, trim));  // emplace keeps the first
  }
  return m;
}

std::string FormatTime(std::time_t now, const char* fmt) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

void RemoveHeader(Headers& headers, std::string_view name) {
  std::string n = Lower(name);
  headers.erase(std::remove_if(headers.begin(), headers.end(), [&](const auto& h) { return Lower(h.first) == n; }),
                headers.end());
}

bool IsIpHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[' || host.find(':') != std::string_view::npos) return true;  // IPv6
  return std::all_of(host.begin(), host.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

}  // namespace

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string UriDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string HostHeaderForUrl(std::string_view url) {
  internal::UrlParts u;
  if (!internal::ParseUrl(url, &u)) return "";
  return u.HostHeader();
}

// --- SDK-HMAC-SHA256 -------------------------------------------------------

std::string SdkCanonicalRequest(const HttpRequest& req, std::string* signed_headers) {
  internal::UrlParts u;
  internal::ParseUrl(req.url, &u);
  std::string path = UriDecode(u.path);
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  if (path.back() != '/') path.push_back('/');
  std::string canonical_uri = UriEncode(path, /*keep_slash=*/true);

  std::string canonical_query;
  std::string payload = req.body;
  if (req.method == "POST" && req.body.empty()) {
    payload = u.query;  // body-less POST: the query is the payload
  } else {
    auto params = SplitQuery(u.query);
    std::stable_sort(params.begin(), params.end(),
                     [](const auto& a, const auto& b) { return Lower(a.first) < Lower(b.first); });
    std::string last_key;
    bool have_last = false;
    for (const auto& [k, v] : params) {
      if (have_last && k == last_key) continue;  // first value of repeated keys
      if (!canonical_query.empty()) canonical_query += "&";
      canonical_query += UriEncode(k, false) + "=" + UriEncode(v, false);
      last_key = k;
      have_last = true;
    }
  }

  auto hmap = CanonicalHeaderMap(req.headers, /*trim=*/false);
  std::string canonical_headers;
  std::string names;
  for (const auto& [name, value] : hmap) {
    canonical_headers += name + ":" + value + "\n";
    if (!names.empty()) names += ";";
    names += name;
  }
  std::string payload_hash;
  if (auto it = hmap.find("x-sdk-content-sha256"); it != hmap.end()) {
    payload_hash = it->second;
  } else {
    payload_hash = Sha256Hex(payload);
  }
  if (signed_headers != nullptr) *signed_headers = names;
  return req.method + "\n" + canonical_uri + "\n" + canonical_query + "\n" + canonical_headers + "\n" + names +
         "\n" + payload_hash;
}

void SdkHmacSign(HttpRequest& req, std::string_view access_key, std::string_view secret_key, std::time_t now) {
  RemoveHeader(req.headers, "Authorization");
  RemoveHeader(req.headers, "X-Sdk-Date");
  RemoveHeader(req.headers, "Host");
  std::string date = FormatTime(now, "%Y%m%dT%H%M%SZ");
  std::string day = date.substr(0, 8);
  req.headers.emplace_back("Host", HostHeaderForUrl(req.url));
  req.headers.emplace_back("X-Sdk-Date", date);
  std::string signed_headers;
  std::string canonical = SdkCanonicalRequest(req, &signed_headers);
  std::string scope = day + "///sdk_request";  // empty region and service, as the Go SDK
  std::string sts = "SDK-HMAC-SHA256\n" + date + "\n" + scope + "\n" + Sha256Hex(canonical);
  std::string k = HmacSha256("SDK" + std::string(secret_key), day);
  k = HmacSha256(k, "");
  k = HmacSha256(k, "");
  k = HmacSha256(k, "sdk_request");
  std::string signature = HexEncode(HmacSha256(k, sts));
  req.headers.emplace_back("Authorization", "SDK-HMAC-SHA256 Credential=" + std::string(access_key) + "/" + scope +
                                                ", SignedHeaders=" + signed_headers + ", Signature=" + signature);
}

// --- AWS SigV4 -------------------------------------------------------------

std::string SigV4CanonicalRequest(const HttpRequest& req, std::string_view payload_hash,
                                  std::string* signed_headers) {
  internal::UrlParts u;
  internal::ParseUrl(req.url, &u);
  std::string canonical_uri = UriEncode(UriDecode(u.path), /*keep_slash=*/true);
  auto params = SplitQuery(u.query);
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(params.size());
  for (const auto& [k, v] : params) enc.emplace_back(UriEncode(k, false), UriEncode(v, false));
  std::sort(enc.begin(), enc.end());
  std::string canonical_query;
  for (const auto& [k, v] : enc) {
    if (!canonical_query.empty()) canonical_query += "&";
    canonical_query += k + "=" + v;
  }
  auto hmap = CanonicalHeaderMap(req.headers, /*trim=*/true);
  std::string canonical_headers, names;
  for (const auto& [name, value] : hmap) {
    canonical_headers += name + ":" + value + "\n";
    if (!names.empty()) names += ";";
    names += name;
  }
  if (signed_headers != nullptr) *signed_headers = names;
  return req.method + "\n" + canonical_uri + "\n" + canonical_query + "\n" + canonical_headers + "\n" + names +
         "\n" + std::string(payload_hash);
}

void SigV4Sign(HttpRequest& req, const SigV4Params& p, std::time_t now) {
  for (const char* h : {"Authorization", "X-Amz-Date", "Host", "X-Amz-Content-Sha256", "X-Amz-Security-Token"}) {
    RemoveHeader(req.headers, h);
  }
  std::string date = FormatTime(now, "%Y%m%dT%H%M%SZ");
  std::string day = date.substr(0, 8);
  std::string payload_hash = p.unsigned_payload ? "UNSIGNED-PAYLOAD" : Sha256Hex(req.body);
  req.headers.emplace_back("Host", HostHeaderForUrl(req.url));
  req.headers.emplace_back("X-Amz-Date", date);
  if (p.service == "s3") req.headers.emplace_back("X-Amz-Content-Sha256", payload_hash);
  if (!p.security_token.empty()) req.headers.emplace_back("X-Amz-Security-Token", p.security_token);
  std::string signed_headers;
  std::string canonical = SigV4CanonicalRequest(req, payload_hash, &signed_headers);
  std::string scope = day + "/" + p.region + "/" + p.service + "/aws4_request";
  std::string sts = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + Sha256Hex(canonical);
  std::string k = HmacSha256("AWS4" + p.secret_key, day);
  k = HmacSha256(k, p.region);
  k = HmacSha256(k, p.service);
  k = HmacSha256(k, "aws4_request");
  req.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=" + p.access_key + "/" + scope +
                                                ", SignedHeaders=" + signed_headers +
                                                ", Signature=" + HexEncode(HmacSha256(k, sts)));
}

// --- OBS addressing --------------------------------------------------------

bool ObsUsesPathStyle(std::string_view endpoint, std::string_view bucket) {
  internal::UrlParts u;
  if (!internal::ParseUrl(endpoint, &u)) return true;
  if (u.ipv6 || IsIpHost(u.host) || Lower(u.host) == "localhost") return true;
  if (bucket.empty() || bucket.size() > 63) return true;
  for (char c : bucket) {
    bool ok = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '-' || c == '.';
    if (!ok) return true;
  }
  // A dotted bucket name breaks the wildcard certificate.
  if (u.scheme == "https" && bucket.find('.') != std::string_view::npos) return true;
  return bucket.front() == '-' || bucket.back() == '-';
}

std::string ObsObjectUrl(std::string_view endpoint, std::string_view bucket, std::string_view key,
                         std::string_view query) {
  internal::UrlParts u;
  if (!internal::ParseUrl(endpoint, &u)) return "";
  std::string path;
  std::string origin;
  std::string enc_key = UriEncode(key, /*keep_slash=*/true);
  if (ObsUsesPathStyle(endpoint, bucket)) {
    origin = u.Origin();
    path = "/" + UriEncode(bucket, false) + (key.empty() ? "" : "/" + enc_key);
  } else {
    origin = u.scheme + "://" + std::string(bucket) + "." + u.host + (u.port.empty() ? "" : ":" + u.port);
    path = "/" + enc_key;
  }
  std::string url = origin + path;
  if (!query.empty()) url += "?" + std::string(query);
  return url;
}

}  // namespace otc
