#include "otcsim/obs_sign.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <map>
#include <set>

#include "otcsim/signer.h"

namespace otcsim {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string CollapseSpaces(std::string_view v) {
  std::string out;
  bool sp = false;
  for (char c : Trim(v)) {
    if (c == ' ' || c == '\t') {
      if (!sp) out.push_back(' ');
      sp = true;
    } else {
      out.push_back(c);
      sp = false;
    }
  }
  return out;
}

// Sub-resources that are part of the V2 CanonicalizedResource (OBS SDK
// allowed list plus the S3 ones).
const std::set<std::string, std::less<>>& SubResourceNames() {
  static const std::set<std::string, std::less<>> k = {
      "acl", "append", "cors", "customdomain", "delete", "deletebucket", "encryption", "inventory",
      "length", "lifecycle", "location", "logging", "metadata", "modify", "name", "notification",
      "object-lock", "partNumber", "policy", "position", "quota", "rename", "replication", "requestPayment",
      "response-cache-control", "response-content-disposition", "response-content-encoding",
      "response-content-language", "response-content-type", "response-expires", "restore", "storageClass",
      "storagePolicy", "storageinfo", "tagging", "torrent", "truncate", "uploadId", "uploads", "versionId",
      "versioning", "versions", "website", "x-obs-security-token"};
  return k;
}

std::vector<std::pair<std::string, std::string>> RawQueryPairs(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i <= raw.size() && !raw.empty()) {
    std::size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) amp = raw.size();
    std::string_view kv = raw.substr(i, amp - i);
    if (!kv.empty()) {
      std::size_t eq = kv.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(percent_decode(kv), "");
      } else {
        out.emplace_back(percent_decode(kv.substr(0, eq)), percent_decode(kv.substr(eq + 1)));
      }
    }
    i = amp + 1;
    if (amp == raw.size()) break;
  }
  return out;
}

int Month(std::string_view m) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i) {
    if (m == kMonths[i]) return i;
  }
  return -1;
}

bool Digits(std::string_view s, int* out) {
  if (s.empty() || s.size() > 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool ParseClock(std::string_view s, std::tm* tm) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return false;
  return Digits(s.substr(0, 2), &tm->tm_hour) && Digits(s.substr(3, 2), &tm->tm_min) &&
         Digits(s.substr(6, 2), &tm->tm_sec) && tm->tm_hour < 24 && tm->tm_min < 60 && tm->tm_sec < 61;
}

std::vector<std::string_view> Fields(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Md5(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Base64Encode(std::string_view raw) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    out.push_back(k[(v >> 18) & 63]);
    out.push_back(k[(v >> 12) & 63]);
    out.push_back(k[(v >> 6) & 63]);
    out.push_back(k[v & 63]);
  }
  if (i < raw.size()) {
    uint32_t v = static_cast<unsigned char>(raw[i]) << 16;
    if (i + 1 < raw.size()) v |= static_cast<unsigned char>(raw[i + 1]) << 8;
    out.push_back(k[(v >> 18) & 63]);
    out.push_back(k[(v >> 12) & 63]);
    out.push_back(i + 1 < raw.size() ? k[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view b64) {
  if (b64.size() % 4 != 0) return std::nullopt;
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = b64[i + j];
      if (c == '=' && i + 4 == b64.size() && j >= 2) {
        v[j] = 0;
        ++pad;
      } else {
        if (pad > 0) return std::nullopt;
        v[j] = val(c);
        if (v[j] < 0) return std::nullopt;
      }
    }
    uint32_t n = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                 (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out.push_back(static_cast<char>((n >> 16) & 0xFF));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

std::string UriEncode(std::string_view s, bool keep_slash) { return SdkEscape(s, keep_slash); }

std::string V2SubResources(const Request& req) {
  std::map<std::string, std::string> subs;
  for (auto& [k, v] : RawQueryPairs(req.query)) {
    if (SubResourceNames().count(k) != 0 && subs.count(k) == 0) subs[k] = v;
  }
  std::string out;
  for (const auto& [k, v] : subs) {
    out.push_back(out.empty() ? '?' : '&');
    out.append(k);
    if (!v.empty()) out.append("=").append(v);
  }
  return out;
}

std::string V2StringToSign(const Request& req, std::string_view prefix, std::string_view resource,
                           std::string_view date) {
  std::map<std::string, std::string> amz;
  for (const auto& [k, v] : req.headers) {
    if (k.size() < prefix.size() || Lower(k.substr(0, prefix.size())) != prefix) continue;
    std::string name = Lower(k);
    std::string val(Trim(v));
    auto it = amz.find(name);
    if (it == amz.end()) {
      amz[name] = val;
    } else {
      it->second += "," + val;
    }
  }
  std::string s = req.method + "\n";
  s.append(req.header("content-md5")).append("\n");
  s.append(req.header("content-type")).append("\n");
  s.append(date).append("\n");
  for (const auto& [k, v] : amz) s.append(k).append(":").append(v).append("\n");
  s.append(resource);
  s.append(V2SubResources(req));
  return s;
}

std::string V2Signature(std::string_view secret_key, std::string_view string_to_sign) {
  return Base64Encode(HmacSha1(secret_key, string_to_sign));
}

bool ParseV4CredentialScope(std::string_view cred, V4Credential* out, std::string* err) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (true) {
    std::size_t slash = cred.find('/', i);
    parts.emplace_back(cred.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  if (parts.size() != 5 || parts[0].empty() || parts[1].size() != 8 || parts[4] != "aws4_request") {
    *err = "the Credential must be <access key>/<YYYYMMDD>/<region>/s3/aws4_request, got '" + std::string(cred) + "'";
    return false;
  }
  out->access_key = parts[0];
  out->date = parts[1];
  out->region = parts[2];
  out->service = parts[3];
  return true;
}

bool ParseV4Authorization(std::string_view header, V4Credential* out, std::string* err) {
  constexpr std::string_view kAlg = "AWS4-HMAC-SHA256";
  if (header.substr(0, kAlg.size()) != kAlg) {
    *err = "the authorization header must start with AWS4-HMAC-SHA256";
    return false;
  }
  std::string_view rest = header.substr(kAlg.size());
  bool have_cred = false, have_sh = false, have_sig = false;
  std::size_t i = 0;
  while (i < rest.size()) {
    std::size_t comma = rest.find(',', i);
    if (comma == std::string_view::npos) comma = rest.size();
    std::string_view part = Trim(rest.substr(i, comma - i));
    i = comma + 1;
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      *err = "malformed authorization component '" + std::string(part) + "'";
      return false;
    }
    std::string_view k = part.substr(0, eq), v = part.substr(eq + 1);
    if (k == "Credential") {
      if (!ParseV4CredentialScope(v, out, err)) return false;
      have_cred = true;
    } else if (k == "SignedHeaders") {
      out->signed_headers.clear();
      std::size_t j = 0;
      while (j <= v.size()) {
        std::size_t semi = v.find(';', j);
        if (semi == std::string_view::npos) semi = v.size();
        if (semi > j) out->signed_headers.push_back(Lower(v.substr(j, semi - j)));
        j = semi + 1;
      }
      have_sh = !out->signed_headers.empty();
    } else if (k == "Signature") {
      out->signature = std::string(v);
      have_sig = !v.empty();
    }
  }
  if (!have_cred || !have_sh || !have_sig) {
    *err = std::string("the authorization header is missing ") +
           (!have_cred ? "Credential" : !have_sh ? "SignedHeaders" : "Signature");
    return false;
  }
  return true;
}

std::string V4CanonicalRequest(const Request& req, const std::vector<std::string>& signed_headers,
                               std::string_view payload_hash) {
  std::string path = req.path.empty() ? "/" : UriEncode(percent_decode(req.path), true);
  std::vector<std::pair<std::string, std::string>> q;
  for (auto& [k, v] : RawQueryPairs(req.query)) {
    if (k == "X-Amz-Signature") continue;
    q.emplace_back(UriEncode(k, false), UriEncode(v, false));
  }
  std::sort(q.begin(), q.end());
  std::string query;
  for (const auto& [k, v] : q) {
    if (!query.empty()) query.push_back('&');
    query.append(k).append("=").append(v);
  }
  std::string headers;
  for (const auto& name : signed_headers) {
    std::string val;
    bool first = true;
    for (const auto& [k, v] : req.headers) {
      if (Lower(k) != name) continue;
      if (!first) val.push_back(',');
      val.append(CollapseSpaces(v));
      first = false;
    }
    headers.append(name).append(":").append(val).append("\n");
  }
  std::string sh;
  for (const auto& h : signed_headers) {
    if (!sh.empty()) sh.push_back(';');
    sh.append(h);
  }
  return req.method + "\n" + path + "\n" + query + "\n" + headers + "\n" + sh + "\n" + std::string(payload_hash);
}

std::string V4StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request) {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + std::string(scope) + "\n" +
         HexEncode(Sha256(canonical_request));
}

std::string V4Signature(std::string_view secret_key, const V4Credential& cred, std::string_view string_to_sign) {
  std::string k = HmacSha256("AWS4" + std::string(secret_key), cred.date);
  k = HmacSha256(k, cred.region);
  k = HmacSha256(k, cred.service);
  k = HmacSha256(k, "aws4_request");
  return HexEncode(HmacSha256(k, string_to_sign));
}

std::optional<int64_t> ParseHttpDate(std::string_view s) {
  auto f = Fields(s);
  std::tm tm{};
  int year = 0, day = 0;
  if (f.size() == 6 && f[0].size() == 4 && f[0][3] == ',') {
    // Tue, 27 Mar 2007 19:36:42 GMT|+0000
    if (!Digits(f[1], &day) || (tm.tm_mon = Month(f[2])) < 0 || !Digits(f[3], &year) || !ParseClock(f[4], &tm)) {
      return std::nullopt;
    }
    if (f[5] != "GMT" && f[5] != "+0000" && f[5] != "UTC" && f[5] != "Z") return std::nullopt;
  } else if (f.size() == 4 && f[0].back() == ',' && f[1].size() == 9 && f[3] == "GMT") {
    // Tuesday, 27-Mar-07 19:36:42 GMT
    if (!Digits(f[1].substr(0, 2), &day) || (tm.tm_mon = Month(f[1].substr(3, 3))) < 0 ||
        !Digits(f[1].substr(7, 2), &year) || !ParseClock(f[2], &tm)) {
      return std::nullopt;
    }
    year += year < 70 ? 2000 : 1900;
  } else if (f.size() == 5) {
    // Tue Mar 27 19:36:42 2007
    if ((tm.tm_mon = Month(f[1])) < 0 || !Digits(f[2], &day) || !ParseClock(f[3], &tm) || !Digits(f[4], &year)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (day < 1 || day > 31 || year < 1970) return std::nullopt;
  tm.tm_mday = day;
  tm.tm_year = year - 1900;
  return static_cast<int64_t>(timegm(&tm));
}

std::optional<int64_t> ParseAmzDate(std::string_view d) {
  if (d.size() != 16 || d[8] != 'T' || d[15] != 'Z') return ParseHttpDate(d);
  std::tm tm{};
  int y, mo, da, h, mi, se;
  if (!Digits(d.substr(0, 4), &y) || !Digits(d.substr(4, 2), &mo) || !Digits(d.substr(6, 2), &da) ||
      !Digits(d.substr(9, 2), &h) || !Digits(d.substr(11, 2), &mi) || !Digits(d.substr(13, 2), &se)) {
    return std::nullopt;
  }
  if (y < 1970 || mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = da;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  return static_cast<int64_t>(timegm(&tm));
}

std::string HttpDate(int64_t epoch_s) {
  std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace otcsim
