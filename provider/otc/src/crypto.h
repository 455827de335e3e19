// Internal: SHA-256 / HMAC-SHA256 / hex helpers over OpenSSL EVP.
#ifndef EDP_PROVIDER_OTC_SRC_CRYPTO_H_
#define EDP_PROVIDER_OTC_SRC_CRYPTO_H_

#include <string>
#include <string_view>

namespace otc::internal {

std::string Sha256(std::string_view data);                         // raw 32 bytes
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string HexEncode(std::string_view raw);                       // lower-case
inline std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

}  // namespace otc::internal

#endif  // EDP_PROVIDER_OTC_SRC_CRYPTO_H_
