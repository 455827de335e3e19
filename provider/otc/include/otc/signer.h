// Request signing: OTC's SDK-HMAC-SHA256 (api.md 1.5, as the Go SDK does it)
// and AWS Signature V4 (OBS/S3, api.md 5.2), plus OBS bucket addressing.
//
// Both signers take the request's headers as they will be sent, add the
// date header, Host and Authorization, and leave the body alone. Times are
// UTC seconds since the epoch (injected so tests are deterministic).
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_OTC_SIGNER_H_
#define EDP_PROVIDER_OTC_SIGNER_H_

#include <ctime>
#include <string>
#include <string_view>

#include "otc/transport.h"

namespace otc {

// Percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ (and '/' when
// keep_slash) as %XX with upper-case hex.
std::string UriEncode(std::string_view s, bool keep_slash);
std::string UriDecode(std::string_view s);

// Host header value for a URL: host, plus ":port" when it is not the
// scheme's default. Empty for a malformed URL.
std::string HostHeaderForUrl(std::string_view url);

// --- SDK-HMAC-SHA256 -------------------------------------------------------

// The canonical request of api.md 1.5 step 3 over the headers present in
// `req` (all of them are signed). `*signed_headers` gets the list.
std::string SdkCanonicalRequest(const HttpRequest& req, std::string* signed_headers);

// Signs `req` in place: adds X-Sdk-Date and Host, signs all headers present,
// adds Authorization "SDK-HMAC-SHA256 Credential=AK/YYYYMMDD///sdk_request,
// SignedHeaders=..., Signature=...". Headers added afterwards (X-Project-Id,
// X-Security-Token) are not signed, as in the Go SDK. An existing
// Authorization/X-Sdk-Date is replaced (re-signing a retry).
void SdkHmacSign(HttpRequest& req, std::string_view access_key, std::string_view secret_key,
                 std::time_t now);

// --- AWS Signature V4 ------------------------------------------------------

struct SigV4Params {
  std::string access_key, secret_key, security_token;  // token optional
  std::string region;             // "eu-de"
  std::string service = "s3";
  bool unsigned_payload = false;  // x-amz-content-sha256: UNSIGNED-PAYLOAD
};

// The SigV4 canonical request over all headers present in `req` (callers
// add only headers they mean to sign). The path is decoded and encoded once
// (S3 style; equal to the test suite's form for normalised paths).
std::string SigV4CanonicalRequest(const HttpRequest& req, std::string_view payload_hash,
                                  std::string* signed_headers);

// Signs `req` in place: adds Host, X-Amz-Date, X-Amz-Content-Sha256 (for
// service "s3") and X-Amz-Security-Token when set, then Authorization.
void SigV4Sign(HttpRequest& req, const SigV4Params& p, std::time_t now);

// --- OBS addressing --------------------------------------------------------

// The URL of `key` (may be empty) in `bucket` on the OBS `endpoint`
// ("https://obs.eu-de.otc.t-systems.com"): virtual-host style
// (https://bucket.obs.../key) unless the endpoint host is an IP address or
// "localhost" or the bucket name is not usable as a DNS label (upper case,
// '_', or '.' with https), then path style (https://host/bucket/key).
// `query` ("acl", "versioning", "" ...) is appended.
std::string ObsObjectUrl(std::string_view endpoint, std::string_view bucket, std::string_view key,
                         std::string_view query = "");
bool ObsUsesPathStyle(std::string_view endpoint, std::string_view bucket);

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_SIGNER_H_
