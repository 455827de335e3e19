#include "otcsim/cidr.h"

#include <charconv>

namespace otcsim {

std::optional<uint32_t> ParseIpv4(std::string_view s) {
  uint32_t ip = 0;
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = s.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    std::string_view part = s.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
    unsigned v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc{} || p != part.data() + part.size() || v > 255) return std::nullopt;
    ip = (ip << 8) | v;
    if (i < 3) s.remove_prefix(dot + 1);
  }
  return ip;
}

std::optional<Cidr> ParseCidr(std::string_view s) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = ParseIpv4(s.substr(0, slash));
  std::string_view ps = s.substr(slash + 1);
  int prefix = 0;
  auto [p, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), prefix);
  if (!ip || ps.empty() || ec != std::errc{} || p != ps.data() + ps.size() || prefix < 0 || prefix > 32) {
    return std::nullopt;
  }
  Cidr c;
  c.prefix = prefix;
  if ((*ip & c.mask()) != *ip) return std::nullopt;
  c.network = *ip;
  return c;
}

}  // namespace otcsim
