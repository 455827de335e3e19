// Crypto helpers and the OTC "SDK-HMAC-SHA256" request signature as the Go
// SDK computes it (api.md section 1.5): canonical request, scope, signing
// key and both Authorization variants (Credential=AK/scope and Access=AK).
#ifndef OTCSIM_SIGNER_H_
#define OTCSIM_SIGNER_H_

#include <string>
#include <string_view>
#include <vector>

#include "otcsim/http.h"

namespace otcsim {

std::string Sha256(std::string_view data);                        // raw 32 bytes
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string HexEncode(std::string_view raw);                       // lower-case

// Percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ (and '/' when
// keep_slash) as %XX with upper-case hex.
std::string SdkEscape(std::string_view s, bool keep_slash);

struct SdkAuthorization {
  std::string access_key;
  std::string scope;  // "YYYYMMDD/region/service/sdk_request"; empty for Access=
  bool scoped = false;
  std::vector<std::string> signed_headers;  // lower-case, as listed
  std::string signature;                    // hex
};

// Parses "SDK-HMAC-SHA256 Credential=AK/scope, SignedHeaders=a;b, Signature=hex"
// or the "Access=AK" variant. Returns false when malformed.
bool ParseSdkAuthorization(std::string_view header, SdkAuthorization* out);

// The six-line canonical request for `req` over `signed_headers`.
std::string SdkCanonicalRequest(const Request& req, const std::vector<std::string>& signed_headers);

// Hex signature for the canonical request. `scope` empty selects the
// API-gateway variant (no scope line, key = SK).
std::string SdkSignature(std::string_view secret_key, std::string_view sdk_date, std::string_view scope,
                         std::string_view canonical_request);

}  // namespace otcsim

#endif  // OTCSIM_SIGNER_H_
