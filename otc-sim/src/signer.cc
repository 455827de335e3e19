#include "otcsim/signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace otcsim {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Collapses runs of whitespace into one space (not trimmed), as the SDK does.
std::string CollapseSpaces(std::string_view v) {
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
  return out;
}

bool CaseLess(const std::string& a, const std::string& b) { return Lower(a) < Lower(b); }

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string HexEncode(std::string_view raw) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string SdkEscape(std::string_view s, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
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

bool ParseSdkAuthorization(std::string_view header, SdkAuthorization* out) {
  constexpr std::string_view kAlgo = "SDK-HMAC-SHA256 ";
  if (header.substr(0, kAlgo.size()) != kAlgo) return false;
  header.remove_prefix(kAlgo.size());
  *out = SdkAuthorization{};
  bool have_sig = false;
  bool have_headers = false;
  bool have_key = false;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view part = TrimSpaces(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view k = part.substr(0, eq);
    std::string_view v = part.substr(eq + 1);
    if (k == "Credential") {
      std::size_t slash = v.find('/');
      if (slash == std::string_view::npos) return false;
      out->access_key.assign(v.substr(0, slash));
      out->scope.assign(v.substr(slash + 1));
      out->scoped = true;
      have_key = true;
    } else if (k == "Access") {
      out->access_key.assign(v);
      have_key = true;
    } else if (k == "SignedHeaders") {
      while (!v.empty()) {
        std::size_t semi = v.find(';');
        out->signed_headers.emplace_back(Lower(v.substr(0, semi)));
        v = semi == std::string_view::npos ? std::string_view{} : v.substr(semi + 1);
      }
      have_headers = true;
    } else if (k == "Signature") {
      out->signature.assign(v);
      have_sig = true;
    }
  }
  return have_key && have_headers && have_sig && !out->access_key.empty() && !out->signature.empty();
}

std::string SdkCanonicalRequest(const Request& req, const std::vector<std::string>& signed_headers) {
  std::string out = req.method;
  out.push_back('\n');
  // 2. canonical URI: decoded path, forced trailing '/', escaped keeping '/'.
  std::string path = percent_decode(req.path);
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  if (path.back() != '/') path.push_back('/');
  out += SdkEscape(path, true);
  out.push_back('\n');
  // 3. canonical query (empty for a body-less POST).
  bool post_no_body = req.method == "POST" && req.body.empty();
  if (!post_no_body) {
    auto pairs = parse_query(req.query);
    std::vector<std::string> keys;
    for (const auto& p : pairs) {
      if (std::find(keys.begin(), keys.end(), p.first) == keys.end()) keys.push_back(p.first);
    }
    std::stable_sort(keys.begin(), keys.end(), CaseLess);
    bool first = true;
    for (const auto& k : keys) {
      std::string v;
      for (const auto& p : pairs) {
        if (p.first == k) {
          v = p.second;
          break;
        }
      }
      if (!first) out.push_back('&');
      first = false;
      out += SdkEscape(k, false) + "=" + SdkEscape(v, false);
    }
  }
  out.push_back('\n');
  // 4. canonical headers, 5. signed headers.
  std::vector<std::string> names = signed_headers;
  std::stable_sort(names.begin(), names.end(), CaseLess);
  std::string joined;
  for (const auto& n : names) {
    out += n + ":" + CollapseSpaces(req.header(n)) + "\n";
    if (!joined.empty()) joined.push_back(';');
    joined += n;
  }
  out.push_back('\n');
  out += joined;
  out.push_back('\n');
  // 6. payload hash.
  std::string_view override_hash = req.header("x-sdk-content-sha256");
  if (!override_hash.empty()) {
    out += override_hash;
  } else if (post_no_body) {
    out += HexEncode(Sha256(req.query));
  } else {
    out += HexEncode(Sha256(req.body));
  }
  return out;
}

std::string SdkSignature(std::string_view secret_key, std::string_view sdk_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string hashed = HexEncode(Sha256(canonical_request));
  if (scope.empty()) {
    std::string sts = "SDK-HMAC-SHA256\n" + std::string(sdk_date) + "\n" + hashed;
    return HexEncode(HmacSha256(secret_key, sts));
  }
  std::string sts = "SDK-HMAC-SHA256\n" + std::string(sdk_date) + "\n" + std::string(scope) + "\n" + hashed;
  // scope = date/region/service/sdk_request
  std::vector<std::string> parts;
  std::string_view s = scope;
  while (true) {
    std::size_t slash = s.find('/');
    parts.emplace_back(s.substr(0, slash));
    if (slash == std::string_view::npos) break;
    s.remove_prefix(slash + 1);
  }
  while (parts.size() < 4) parts.emplace_back();
  std::string k = HmacSha256("SDK" + std::string(secret_key), parts[0]);
  k = HmacSha256(k, parts[1]);
  k = HmacSha256(k, parts[2]);
  k = HmacSha256(k, "sdk_request");
  return HexEncode(HmacSha256(k, sts));
}

}  // namespace otcsim
