// Internal: minimal absolute-URL splitting for signing and pagination.
#ifndef EDP_PROVIDER_OTC_SRC_URL_H_
#define EDP_PROVIDER_OTC_SRC_URL_H_

#include <string>
#include <string_view>

namespace otc::internal {

struct UrlParts {
  std::string scheme;  // lower-case "http"/"https"
  std::string host;    // without brackets for IPv6
  std::string port;    // "" when not given
  std::string path;    // "/..." (at least "/")
  std::string query;   // without '?'
  bool ipv6 = false;
  // "scheme://host[:port]" as written (origin comparison).
  std::string Origin() const;
  // Host header value: host (bracketed for IPv6) + ":port" unless default.
  std::string HostHeader() const;
};

bool ParseUrl(std::string_view url, UrlParts* out);

}  // namespace otc::internal

#endif  // EDP_PROVIDER_OTC_SRC_URL_H_
