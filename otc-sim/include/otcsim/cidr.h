// IPv4 addresses and CIDR blocks for VPC/subnet validation.
#ifndef OTCSIM_CIDR_H_
#define OTCSIM_CIDR_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace otcsim {

struct Cidr {
  uint32_t network = 0;  // host byte order, host bits zero
  int prefix = 0;
  uint32_t mask() const { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }
  uint32_t last() const { return network | ~mask(); }
  bool contains(uint32_t ip) const { return (ip & mask()) == network; }
  bool contains(const Cidr& o) const { return o.prefix >= prefix && contains(o.network); }
  bool overlaps(const Cidr& o) const { return contains(o.network) || o.contains(network); }
};

// Dotted quad, strict (no leading zeros beyond "0", four parts).
std::optional<uint32_t> ParseIpv4(std::string_view s);
// "a.b.c.d/n" with 0 <= n <= 32 and no host bits set.
std::optional<Cidr> ParseCidr(std::string_view s);

}  // namespace otcsim

#endif  // OTCSIM_CIDR_H_
