// Secret redaction for request/response logging.
//
// Headers: Authorization, X-Auth-Token, X-Subject-Token, X-Security-Token,
// x-obs-security-token, x-amz-security-token, Proxy-Authorization, Cookie and
// Set-Cookie values become "(sensitive value)". Bodies: JSON values under
// keys naming a secret (password, passcode, secret, secret_key,
// securitytoken, security_token, adminPass, private_key, ...) and the id of
// an auth "token" object are replaced; a body
// that is not JSON is logged only as its length. URLs: query values of
// secret-named parameters are replaced.
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_OTC_REDACT_H_
#define EDP_PROVIDER_OTC_REDACT_H_

#include <string>
#include <string_view>

#include "otc/transport.h"

namespace otc {

bool IsSecretHeader(std::string_view name);
bool IsSecretField(std::string_view key);

// "name: value" lines, secrets redacted, joined by "\n".
std::string RedactHeaders(const Headers& headers);
// The body for a log line: redacted JSON (compact), "<N bytes, not JSON>",
// truncated to `max_bytes`.
std::string RedactBody(std::string_view body, std::size_t max_bytes = 4096);
std::string RedactUrl(std::string_view url);

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_REDACT_H_
