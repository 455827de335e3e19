// Request signatures accepted by OBS (api.md 5.2), as pure functions so they
// can be checked against published vectors:
//  * V2 ("AWS AK:sig" / "OBS AK:sig" and the query forms AWSAccessKeyId= /
//    AccessKeyId= + Expires + Signature): base64(HMAC-SHA1(SK, StringToSign)).
//  * AWS Signature V4 (header "AWS4-HMAC-SHA256 Credential=..." and the
//    X-Amz-* presigned query), with S3 rules: the canonical URI is the
//    decoded path URI-encoded once, '/' kept.
#ifndef OTCSIM_OBS_SIGN_H_
#define OTCSIM_OBS_SIGN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "otcsim/http.h"

namespace otcsim {

std::string HmacSha1(std::string_view key, std::string_view data);  // raw 20 bytes
std::string Md5(std::string_view data);                             // raw 16 bytes
std::string Base64Encode(std::string_view raw);
// Strict standard base64 (padding required); nullopt when malformed.
std::optional<std::string> Base64Decode(std::string_view b64);

// S3 URI encoding: every byte outside A-Z a-z 0-9 - _ . ~ as %XX (upper-case);
// '/' kept when keep_slash.
std::string UriEncode(std::string_view s, bool keep_slash);

// ---- V2 (AWS and OBS flavour) ----

// `prefix` is "x-amz-" or "x-obs-". `resource` is the CanonicalizedResource
// path part ("/bucket/key", "/bucket/" or "/"); the sub-resources of the
// query are appended here. `date` is the Date line: the Date header, or ""
// when an x-amz-date/x-obs-date header is present, or Expires for presigned
// URLs (the caller decides).
std::string V2StringToSign(const Request& req, std::string_view prefix, std::string_view resource,
                           std::string_view date);
// The sub-resource suffix ("?acl&uploadId=1") of `req`'s query, sorted.
std::string V2SubResources(const Request& req);
std::string V2Signature(std::string_view secret_key, std::string_view string_to_sign);

// ---- V4 ----

struct V4Credential {
  std::string access_key;
  std::string date;     // YYYYMMDD
  std::string region;
  std::string service;  // "s3"
  std::vector<std::string> signed_headers;
  std::string signature;  // hex
};

// Parses "AWS4-HMAC-SHA256 Credential=AK/d/r/s/aws4_request, SignedHeaders=a;b,
// Signature=hex". False with *err explaining what is wrong.
bool ParseV4Authorization(std::string_view header, V4Credential* out, std::string* err);
// Parses "AK/d/r/s/aws4_request" into out (access_key, date, region, service).
bool ParseV4CredentialScope(std::string_view cred, V4Credential* out, std::string* err);

// Canonical request. Query parameter `X-Amz-Signature` is left out.
std::string V4CanonicalRequest(const Request& req, const std::vector<std::string>& signed_headers,
                               std::string_view payload_hash);
std::string V4StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request);
// Hex signature; scope parts from `cred`.
std::string V4Signature(std::string_view secret_key, const V4Credential& cred, std::string_view string_to_sign);

// RFC 1123 / RFC 850 / asctime HTTP dates and ISO-8601 basic
// ("20130524T000000Z") to epoch seconds; nullopt when unparseable.
std::optional<int64_t> ParseHttpDate(std::string_view s);
std::optional<int64_t> ParseAmzDate(std::string_view s);
// Epoch seconds as "Tue, 27 Mar 2007 19:36:42 GMT".
std::string HttpDate(int64_t epoch_s);

}  // namespace otcsim

#endif  // OTCSIM_OBS_SIGN_H_
